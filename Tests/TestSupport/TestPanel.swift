public import EvidenceTrail
public import Foundation
import Synchronization
public import TenderModel

/// A panel whose Ed25519 keys are derived from public seeds (SHA-256 of `"<prefix> <member>"`):
/// deterministic, so that trails built in tests are reproducible byte for byte. Never for real keys.
public struct TestPanel: Sendable {
    /// The member IDs, as the plan's panel names them.
    public let members: [String]
    /// The seed prefix: a member's key is derived from `"<seedPrefix> <member>"`.
    public let seedPrefix: String

    /// A panel of `members`, whose keys derive from `seedPrefix`.
    public init(members: [String], seedPrefix: String) {
        self.members = members
        self.seedPrefix = seedPrefix
    }

    /// The member's private key.
    public func key(_ member: String) -> PrivateSigningKey {
        guard let key = PrivateSigningKey(seed: Digest(of: Array("\(seedPrefix) \(member)".utf8)).bytes) else {
            fatalError("a 32-byte seed always makes a key")
        }
        return key
    }

    /// `<PublicKey algorithm="ed25519">…</PublicKey>` for the member.
    public func publicKeyElement(_ member: String) -> String {
        "<PublicKey algorithm=\"ed25519\">\(key(member).publicKey.spkiBase64)</PublicKey>"
    }

    /// Writes the member's private key as a PEM file (mode 0600) in `folder` and returns its URL.
    public func writeKey(_ member: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("\(member).key")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard
            FileManager.default.createFile(
                atPath: url.path, contents: Data(key(member).pem.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return url
    }
}

/// A clock the test sets: each lifecycle step reads the time it was set to.
public final class TestClock: Sendable {
    private let current: Mutex<Timestamp>

    /// A clock at `text` (ISO 8601 with offset).
    public init(_ text: String) {
        current = Mutex(Timestamp(text) ?? Timestamp(secondsSince1970: 0, offsetMinutes: 0))
    }

    /// Sets the time.
    public func set(_ text: String) {
        guard let time = Timestamp(text) else { fatalError("bad test time \(text)") }
        current.withLock { $0 = time }
    }

    /// The clock for ``Lifecycle``.
    public var now: @Sendable () -> Timestamp {
        { [self] in self.current.withLock { $0 } }
    }
}
