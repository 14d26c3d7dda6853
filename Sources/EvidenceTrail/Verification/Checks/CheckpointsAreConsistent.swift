import Foundation
import TenderDocuments
import TenderModel

/// `checkpoints-are-consistent`: every checkpoint records the hash of the entry at its size, and the
/// latest covers the whole trail. Removing entries from the end, or adding entries without a
/// checkpoint (an interrupted command), fails here.
struct CheckpointsAreConsistent: TrailCheck {
    let id = "checkpoints-are-consistent"
    let statement = "Every checkpoint matches the trail it covers, and the latest covers the whole trail"
    let source = "ins-audit"
    let prerequisites = ["trail-is-present"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        let entries = context.trail.entries
        let hashes = Dictionary(entries.map { ($0.fileSequence, $0.hash) }, uniquingKeysWith: { first, _ in first })
        for stored in context.trail.checkpoints {
            let location = context.display(stored.path)
            guard let checkpoint = stored.checkpoint else {
                findings.append(
                    Finding(
                        location: location,
                        message: EntriesAreWellFormed.strip(stored.problem ?? "unreadable", path: stored.path)))
                continue
            }
            if checkpoint.size != stored.fileSize {
                findings.append(
                    Finding(
                        location: location,
                        message: "covers \(checkpoint.size) entries but its file name says \(stored.fileSize)"))
                continue
            }
            guard let hash = hashes[checkpoint.size] else {
                findings.append(
                    Finding(
                        location: location,
                        message:
                            "covers \(checkpoint.size) entries but entry \(checkpoint.size) is missing: entries were removed"
                    ))
                continue
            }
            if hash != checkpoint.head {
                findings.append(
                    Finding(
                        location: location,
                        message:
                            "records head \(checkpoint.head.short)… for entry \(checkpoint.size), which now hashes to"
                            + " \(hash?.short ?? "nothing")…: entry \(checkpoint.size) or an earlier one was changed"))
            }
        }
        if let latest = context.trail.checkpoints.last?.checkpoint, latest.size != entries.count {
            let present = Set(entries.map(\.fileSequence))
            if entries.count < latest.size {
                let missing = (1...latest.size).filter { !present.contains($0) }
                findings.append(
                    Finding(
                        location: context.display(Trail.checkpointPath(size: latest.size)),
                        message:
                            "the latest checkpoint covers \(latest.size) entries but the trail has \(entries.count): "
                            + (missing.count == 1 ? "entry \(missing[0]) was" : "entries \(Self.ranges(missing)) were")
                            + " removed"))
            } else {
                let added = entries.map(\.fileSequence).filter { $0 > latest.size }
                findings.append(
                    Finding(
                        location: context.display(Trail.checkpointPath(size: latest.size)),
                        message:
                            "the latest checkpoint covers \(latest.size) entries but the trail has \(entries.count): "
                            + (added.count == 1 ? "entry \(added[0]) was" : "entries \(Self.ranges(added)) were")
                            + " added without a checkpoint (an incomplete step: an interrupted command?)"))
            }
        }
        for pending in context.trail.pendingSignatures {
            findings.append(
                Finding(
                    location: context.display(pending),
                    message:
                        "a signature without the file it signs, written by a command that did not finish (an incomplete"
                        + " step: an interrupted command?); the next command sets it aside"))
        }
        guard findings.isEmpty else { return .failed(findings) }
        let latest = context.trail.checkpoints.last?.checkpoint
        var notes = [
            "\(context.trail.checkpoints.count) checkpoints; the latest: size \(latest?.size ?? 0), head \(latest?.head.short ?? "")…"
        ]
        let interrupted = context.folder.url(for: InterruptedStep.folder).path
        if let steps = try? FileManager.default.contentsOfDirectory(atPath: interrupted), !steps.isEmpty {
            notes.append(
                "\(InterruptedStep.folder)/ holds the files of \(steps.count) interrupted step(s), set aside by a later"
                    + " command; they are not part of the trail")
        }
        return .passed(notes: notes)
    }

    /// `3, 7–9, 12` for a sorted list of numbers.
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
            parts.append(end == index ? "\(numbers[index])" : "\(numbers[index])–\(numbers[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
