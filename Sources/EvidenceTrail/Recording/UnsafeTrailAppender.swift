import Foundation
public import TenderDocuments
import TenderModel

/// Appends any signed entry to a case's trail **without the lifecycle's guards**: no check of
/// order, roles, deadlines, declarations or file contents. It exists to build teaching examples of
/// unsound processes (and tests of the rule catalogue) whose trails are validly signed by the
/// people who did the wrong thing; `tender` never uses it. Everything it writes is still checked by
/// `tender verify`, which is the point; like every step, it refuses an entry that is not valid under
/// the trail schema (``LifecycleError/unverifiableEvidence(_:)``), which no process could make sound.
public struct UnsafeTrailAppender: Sendable {
    /// The case.
    public let folder: CaseFolder

    /// Creates an appender for the case in `folder`.
    public init(folder: CaseFolder) { self.folder = folder }

    /// Appends `entry` (its sequence and previous hash are assigned) signed by `signer`, and a
    /// checkpoint at the entry's time; for `plan-sealed`/`plan-amended` entries, also keeps the
    /// current `tender.xml` as the sealed version.
    ///
    /// - Returns: The sequence number appended.
    @discardableResult
    public func append(_ entry: TrailEntry, signer: Signer) throws(LifecycleError) -> Int {
        let lock = try CaseLock(folder: folder)
        defer { lock.release() }
        let trail: Trail
        do { trail = try Trail.load(caseURL: folder.url) } catch { throw .unreadable(error) }
        let writer = TrailWriter(folder: folder, trail: trail)
        let sequence = trail.entries.count + 1
        var copies: [(path: String, bytes: [UInt8])] = []
        if entry.kind == .planSealed || entry.kind == .planAmended,
            let bytes = FileManager.default.contents(atPath: folder.url(for: "tender.xml").path)
        {
            copies.append((Trail.sealedPlanPath(sequence: sequence), [UInt8](bytes)))
        }
        _ = try writer.append([entry], signer: signer, time: entry.time, copies: copies)
        return sequence
    }

    /// The subject for a file of the case as it is now: its path, role and digests.
    public func subject(_ relativePath: String, role: String) throws(LifecycleError) -> TrailEntry.Subject {
        guard let data = FileManager.default.contents(atPath: folder.url(for: relativePath).path) else {
            throw .invalidDocuments(
                .several([DocumentProblem(location: FileLocation(path: relativePath), message: "no such file")]))
        }
        return TrailEntry.Subject(role: role, path: relativePath, digests: Lifecycle.digests([UInt8](data)))
    }

    /// Writes `bytes` to a case file atomically (e.g. results computed some other way).
    public func write(_ bytes: [UInt8], to relativePath: String) throws(LifecycleError) {
        try TrailWriter(folder: folder, trail: Trail()).write(bytes, to: relativePath)
    }
}
