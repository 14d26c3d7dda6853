import Foundation
import TenderDocuments
import TenderModel

/// `entries-are-well-formed`: every file in `evidence/trail/` is a schema-valid entry whose sequence
/// number matches its file name, numbered 1, 2, 3… without gaps; nothing else is there.
struct EntriesAreWellFormed: TrailCheck {
    let id = "entries-are-well-formed"
    let statement = "Every trail entry is a valid entry, numbered 1, 2, 3… by its file name"
    let source = "ins-audit"
    let prerequisites = ["trail-is-present"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        for stored in context.trail.entries {
            if let problem = stored.problem {
                findings.append(
                    Finding(location: context.display(stored.path), message: Self.strip(problem, path: stored.path)))
            } else if let entry = stored.entry, entry.sequence != stored.fileSequence {
                findings.append(
                    Finding(
                        location: context.display(stored.path),
                        message:
                            "the entry says sequence \(entry.sequence) but its file name says \(stored.fileSequence)"))
            }
        }
        for (index, stored) in context.trail.entries.enumerated() where stored.fileSequence != index + 1 {
            findings.append(
                Finding(
                    location: context.display(stored.path),
                    message:
                        "expected entry \(index + 1) here: entry \(index + 1) is missing or the entries were renumbered"
                ))
            break
        }
        for stray in context.trail.strayFiles {
            findings.append(
                Finding(
                    location: context.display(stray),
                    message:
                        "not a trail entry, checkpoint or signature (evidence/trail/ and evidence/checkpoints/ hold"
                        + " only 00000001.xml, 00000001.sig, …)"))
        }
        return findings.isEmpty ? .passed(notes: ["\(context.trail.entries.count) entries"]) : .failed(findings)
    }

    /// Diagnostics already start with the path; keep the message after `error: `.
    static func strip(_ problem: String, path: String) -> String {
        problem.split(separator: "\n").map { line -> String in
            if let range = line.range(of: ": error: ") {
                let location = line[..<range.lowerBound]
                let suffix = location.hasPrefix(path) ? String(location.dropFirst(path.count)) : ""
                return (suffix.isEmpty ? "" : "line \(suffix.dropFirst()): ") + line[range.upperBound...]
            }
            return String(line)
        }.joined(separator: "; ")
    }
}
