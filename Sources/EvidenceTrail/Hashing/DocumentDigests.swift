import Crypto
import Foundation

/// A SHA-256 digest, written as 64 lowercase hex digits. Equality is constant-time.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The SHA-256 of `data`. Wraps swift-crypto's `SHA256.hash(data:)`.
    public init(of data: [UInt8]) { bytes = Array(SHA256.hash(data: data)) }

    /// The digest a running SHA-256 finished with.
    init(_ digest: SHA256.Digest) { bytes = Array(digest) }

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
        self.bytes = bytes
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

    /// Constant-time comparison (no early exit on the first differing byte).
    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.bytes.indices { difference |= lhs.bytes[index] ^ rhs.bytes[index] }
        return difference == 0
    }

    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
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
