import Crypto
import Foundation

/// A SHA-256 digest, written as 64 lowercase hex digits. Equality is constant-time.
///
/// The 32 bytes are held inline as four big-endian words, not in an array: a case of ten thousand
/// bids holds some three hundred thousand digests (its inputs' and its trail's), and an array would
/// be a heap allocation and a reference count for each.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The digest's bytes 0–7, 8–15, 16–23 and 24–31, each word's most significant byte first.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 digest bytes.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return bytes
    }

    /// The digest of exactly 32 bytes.
    private init(digestBytes: some Sequence<UInt8>) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        for (offset, byte) in digestBytes.enumerated() {
            count += 1
            switch offset / 8 {
            case 0: words.0 = words.0 << 8 | UInt64(byte)
            case 1: words.1 = words.1 << 8 | UInt64(byte)
            case 2: words.2 = words.2 << 8 | UInt64(byte)
            default: words.3 = words.3 << 8 | UInt64(byte)
            }
        }
        precondition(count == 32, "a SHA-256 digest has 32 bytes")
        self.words = words
    }

    /// The SHA-256 of `data`. Wraps swift-crypto's `SHA256.hash(data:)`.
    public init(of data: [UInt8]) { self.init(SHA256.hash(data: data)) }

    /// The digest a running SHA-256 finished with.
    init(_ digest: SHA256.Digest) { self.init(digestBytes: digest) }

    /// The SHA-256 of the file at `url`, read in chunks of 1 MiB (a results file of ten thousand
    /// bids is not held in memory); `nil` when it cannot be read.
    static func ofFile(at url: URL) -> Digest? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        } catch {
            return nil
        }
        return Digest(hash.finalize())
    }

    /// Parses 64 lowercase hex digits; `nil` for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(utf8[index]), let low = Self.nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(digestBytes: bytes)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The value as text, for people and diagnostics.
    public var description: String { hex }

    /// The first 12 hex digits, for people.
    public var short: String { String(hex.prefix(12)) }

    /// Constant-time comparison (no early exit on the first differing word).
    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        let difference =
            (lhs.words.0 ^ rhs.words.0) | (lhs.words.1 ^ rhs.words.1) | (lhs.words.2 ^ rhs.words.2)
            | (lhs.words.3 ^ rhs.words.3)
        return difference == 0
    }

    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// The two digests TenderTrail records for every file: of its exact bytes, and of its exclusive
/// canonical form (Exclusive XML Canonicalization 1.0 without comments), so that reformatting is
/// recognised as the same document and any change of content is not.
public struct DocumentDigests: Hashable, Sendable {
    /// SHA-256 of the file's exact bytes (`sha256sum FILE`).
    public var bytes: Digest
    /// SHA-256 of its exclusive canonical form without comments (`xmllint --exc-c14n FILE | sha256sum`
    /// for a file without comments: xmllint keeps them); `nil` for a
    /// file that is not XML (an explanation in another format), which is identified by its bytes.
    public var canonical: Digest?

    /// Creates a pair of digests.
    public init(bytes: Digest, canonical: Digest?) {
        self.bytes = bytes
        self.canonical = canonical
    }

    /// Hashes a file's bytes and, for XML, its canonical form.
    public init(bytes data: [UInt8], canonicalForm: [UInt8]?) {
        self.bytes = Digest(of: data)
        self.canonical = canonicalForm.map { Digest(of: $0) }
    }

    /// The digest that identifies the document: the canonical one for XML, else the bytes'.
    public var identity: Digest { canonical ?? bytes }
}
