import Crypto
public import Foundation

/// Why a key could not be read, written or used.
public enum KeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not a PEM document of the expected kind.
    case notAKey(path: String, expected: String)
    /// The key bytes are not a valid Ed25519 key.
    case invalidKey(path: String)
    /// The private key file can be read by other users (mode shown in octal).
    case privateKeyExposed(path: String, mode: String)
    /// A public key file was given where a private key is needed (to sign).
    case publicKeyGiven(path: String)
    /// The file could not be read or written.
    case io(path: String, reason: String)
    /// Signing failed in swift-crypto.
    case signingFailed(String)

    /// `path: error: …`.
    public var description: String {
        switch self {
        case let .notAKey(path, expected):
            "\(path): error: not \(expected) (expected a PEM file such as `tender key generate` writes)"
        case let .invalidKey(path):
            "\(path): error: the PEM file does not hold a valid Ed25519 key"
        case let .privateKeyExposed(path, mode):
            "\(path): error: the private key file has mode \(mode): other users can read it; restrict it with chmod 600"
        case let .publicKeyGiven(path):
            "\(path): error: this is a public key (-----BEGIN PUBLIC KEY-----), and signing needs your private key:"
                + " give the NAME.key file that `tender key generate` wrote beside NAME.pub (mode 600, outside the case)"
        case let .io(path, reason):
            "\(path): error: \(reason)"
        case let .signingFailed(reason):
            "error: signing failed: \(reason)"
        }
    }
}

/// An Ed25519 public key (RFC 8032), as the plan's panel lists it.
///
/// Its ID is the SHA-256 of the 32-byte raw key in lowercase hex; its text form is the base64 of
/// the DER SubjectPublicKeyInfo (RFC 8410 §4), i.e. the body of a `-----BEGIN PUBLIC KEY-----` PEM
/// file that `openssl pkeyutl -verify -pubin -inkey` reads.
public struct PublicSigningKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32-byte raw public key.
    public let raw: [UInt8]

    /// DER prefix of an Ed25519 SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID 1.3.101.112 },
    /// BIT STRING (0 unused bits) … } (RFC 8410 §4 and its §10.1 example).
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// A key from its 32 raw bytes; `nil` if swift-crypto does not accept them.
    public init?(raw: [UInt8]) {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else { return nil }
        self.raw = raw
    }

    /// A key from the base64 of its SubjectPublicKeyInfo DER (the plan's `<PublicKey>` text, or a
    /// PEM body); whitespace is ignored. `nil` for anything else.
    public init?(spkiBase64: String) {
        let compact = spkiBase64.filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: compact).map(Array.init), der.count == 44,
            Array(der.prefix(12)) == Self.spkiPrefix
        else { return nil }
        self.init(raw: Array(der.suffix(32)))
    }

    /// The DER SubjectPublicKeyInfo.
    public var spkiDER: [UInt8] { Self.spkiPrefix + raw }

    /// Base64 of the DER SubjectPublicKeyInfo (44 bytes → 60 characters).
    public var spkiBase64: String { Data(spkiDER).base64EncodedString() }

    /// The PEM document (`-----BEGIN PUBLIC KEY-----`).
    public var pem: String { "-----BEGIN PUBLIC KEY-----\n\(spkiBase64)\n-----END PUBLIC KEY-----\n" }

    /// The key ID: SHA-256 of the raw key.
    public var keyID: Digest { Digest(of: raw) }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }

    /// The key ID in hex.
    public var description: String { keyID.hex }
}

/// An Ed25519 private key, read from a file outside the case folder.
///
/// Written as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, RFC 8410 §7), which openssl reads.
/// Signatures are deterministic (RFC 8032 §5.1.6), but verify them, never compare them.
public struct PrivateSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// DER prefix of an Ed25519 OneAsymmetricKey: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 },
    /// OCTET STRING { OCTET STRING (32 bytes) } } (RFC 8410 §7 and its §10.3 example).
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// A new random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// The key with this 32-byte seed (RFC 8032 §5.1.5). Used for the example case's fictional
    /// panel, whose seeds are public; never derive a real key from a known seed.
    public init?(seed: [UInt8]) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            return nil
        }
        self.key = key
    }

    /// The public half.
    public var publicKey: PublicSigningKey {
        // swift-crypto always gives 32 valid bytes here.
        PublicSigningKey(unchecked: Array(key.publicKey.rawRepresentation))
    }

    /// Signs `message` (RFC 8032 Ed25519, pure, no context). Returns the 64-byte signature.
    public func sign(_ message: [UInt8]) throws(KeyError) -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw .signingFailed("\(error)")
        }
    }

    /// The PKCS#8 PEM document.
    public var pem: String {
        let der = Self.pkcs8Prefix + Array(key.rawRepresentation)
        return "-----BEGIN PRIVATE KEY-----\n\(Data(der).base64EncodedString())\n-----END PRIVATE KEY-----\n"
    }

    /// Reads a private key file, refusing one that other users can read.
    ///
    /// - Throws: ``KeyError/publicKeyGiven(path:)`` for a public key PEM file (recognised by its
    ///   first line alone when the file is readable by others, so that nothing more of an exposed
    ///   file is read); ``KeyError/privateKeyExposed(path:mode:)`` if the file's mode grants group
    ///   or other any access; ``KeyError/notAKey(path:expected:)`` or ``KeyError/invalidKey(path:)``
    ///   for anything but an Ed25519 PKCS#8 PEM; ``KeyError/io(path:reason:)`` if unreadable.
    public static func read(contentsOf url: URL, displayPath: String) throws(KeyError) -> PrivateSigningKey {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            throw .io(path: displayPath, reason: "cannot read the key: no such file")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            // A public key is meant to be readable by all: say what it is rather than that its
            // mode is wrong. Only the armour's first line is read, never the key material.
            if PEM.firstLine(of: url) == "-----BEGIN PUBLIC KEY-----" { throw .publicKeyGiven(path: displayPath) }
            throw .privateKeyExposed(path: displayPath, mode: String(mode & 0o777, radix: 8))
        }
        if PEM.firstLine(of: url) == "-----BEGIN PUBLIC KEY-----" { throw .publicKeyGiven(path: displayPath) }
        let der = try PEM.decode(
            url: url, displayPath: displayPath, label: "PRIVATE KEY", expected: "an Ed25519 private key")
        guard der.count == 48, Array(der.prefix(16)) == pkcs8Prefix,
            let key = PrivateSigningKey(seed: Array(der.suffix(32)))
        else { throw .invalidKey(path: displayPath) }
        return key
    }

    /// Reads a public key PEM file.
    public static func readPublic(contentsOf url: URL, displayPath: String) throws(KeyError) -> PublicSigningKey {
        let der = try PEM.decode(
            url: url, displayPath: displayPath, label: "PUBLIC KEY", expected: "an Ed25519 public key")
        guard let key = PublicSigningKey(spkiBase64: Data(der).base64EncodedString()) else {
            throw .invalidKey(path: displayPath)
        }
        return key
    }
}

extension PublicSigningKey {
    fileprivate init(unchecked raw: [UInt8]) { self.raw = raw }
}

/// PEM armour (RFC 7468): a label line, base64 lines, an end line.
enum PEM {
    /// The file's first line (at most its first 64 bytes, without surrounding whitespace), read
    /// without reading the rest; `nil` if the file cannot be opened.
    static func firstLine(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64) else { return nil }
        let line = head.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    static func decode(url: URL, displayPath: String, label: String, expected: String) throws(KeyError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .io(path: displayPath, reason: "cannot read the key")
        }
        let text = String(decoding: data, as: UTF8.self)
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end), start.upperBound <= stop.lowerBound
        else {
            throw .notAKey(path: displayPath, expected: expected)
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else { throw .notAKey(path: displayPath, expected: expected) }
        return Array(der)
    }
}
