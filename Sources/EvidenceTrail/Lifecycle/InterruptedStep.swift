import Foundation
import TenderDocuments

/// What a command killed part-way (power cut, `kill -9`) leaves in the trail, and how the next
/// command clears it.
///
/// Every command records one entry and then a checkpoint, each file signed before it is written and
/// written atomically (``TrailWriter``), so the checkpoint is the commit point: a command that did
/// not finish leaves at most its entry (and its signature), or a signature alone, beyond the latest
/// checkpoint. `tender verify` reports that as an incomplete step. The next command that records
/// moves those files into `evidence/interrupted/after-<checkpoint size>/` (kept for inspection,
/// never part of the trail) and goes on; running the interrupted step again records it afresh.
///
/// Only that shape is cleared: the latest checkpoint must be valid, signed and match the entry it
/// names, and at most one entry may lie beyond it. Anything else is damage, and the command refuses
/// to record, as before.
enum InterruptedStep {
    /// Where interrupted steps' files are kept, relative to the case folder.
    static let folder = "evidence/interrupted"

    /// The files of an interrupted step in `trail` (case-relative paths), with the size of the
    /// checkpoint they follow; empty when there is none or the trail does not have the shape an
    /// interrupted command leaves.
    static func files(in trail: Trail) -> (committed: Int, files: [String]) {
        var committed = 0
        if let latest = trail.latestCheckpoint {
            guard let checkpoint = latest.checkpoint, latest.problem == nil, latest.signature != nil,
                checkpoint.size == latest.fileSize, checkpoint.size >= 1, checkpoint.size <= trail.entries.count,
                trail.entries[checkpoint.size - 1].fileSequence == checkpoint.size,
                trail.entries[checkpoint.size - 1].hash == checkpoint.head
            else { return (0, []) }
            committed = checkpoint.size
        }
        let beyond = trail.entries.filter { $0.fileSequence > committed }
        guard beyond.count <= 1, beyond.allSatisfy({ $0.fileSequence == committed + 1 }) else { return (0, []) }
        var files: [String] = []
        for stored in beyond {
            files.append(stored.path)
            if stored.signature != nil { files.append(String(stored.path.dropLast(4)) + ".sig") }
        }
        files += trail.pendingSignatures
        return (committed, files)
    }

    /// Moves `files` into a new folder under ``folder`` and returns a message saying so.
    ///
    /// - Throws: ``LifecycleError/write(_:)`` if a file cannot be moved (nothing else is recorded then).
    static func setAside(
        _ files: [String], after committed: Int, in caseFolder: CaseFolder
    ) throws(LifecycleError)
        -> String
    {
        let manager = FileManager.default
        var name = "after-" + Trail.paddedSequence(committed)
        var suffix = 1
        while manager.fileExists(atPath: caseFolder.url(for: folder + "/" + name).path) {
            suffix += 1
            name = "after-" + Trail.paddedSequence(committed) + "-\(suffix)"
        }
        let destination = folder + "/" + name
        for file in files {
            let target = caseFolder.url(for: destination + "/" + String(file.dropFirst("evidence/".count)))
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw .write(AtomicFile.WriteError(path: target.path, reason: error.localizedDescription))
            }
            guard rename(caseFolder.url(for: file).path, target.path) == 0 else {
                throw .write(AtomicFile.WriteError(path: target.path, reason: String(cString: strerror(errno))))
            }
        }
        for changed in [Trail.folder, Trail.checkpointFolder] {
            let descriptor = open(caseFolder.url(for: changed).path, O_RDONLY)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
        return "set aside an interrupted step (a command that did not finish after checkpoint \(committed)):"
            + " moved \(files.joined(separator: ", ")) to \(destination)/; they are not part of the trail"
    }
}
