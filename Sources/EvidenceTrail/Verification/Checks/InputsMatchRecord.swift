import TenderDocuments
import TenderModel

/// `inputs-match-record`: every input file of the case now is the document the last evaluation
/// recorded: same canonical digest (a file that was only reformatted passes with a note), none
/// missing, none added.
struct InputsMatchRecord: TrailCheck {
    let id = "inputs-match-record"
    let statement = "Every input file is the document the evaluation recorded, and none was added or removed"
    let source = "ins-audit"
    let prerequisites = ["evaluation-is-current"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let evaluation = context.trail.lastEvaluation else { return .skipped(because: "no evaluation") }
        var findings: [Finding] = context.discoveryProblems.map {
            Finding(location: $0.location.description, message: $0.message)
        }
        var notes: [String] = []
        let recorded = Dictionary(
            evaluation.subjects.filter { $0.role != "results" }.map { ($0.path, $0) },
            uniquingKeysWith: { first, _ in first })
        let current = Dictionary(
            context.currentInputs.map { ($0.key.relativePath, $0.value) }, uniquingKeysWith: { first, _ in first })
        let entry = "entry \(evaluation.sequence)"
        for path in recorded.keys.sorted() {
            guard let subject = recorded[path] else { continue }
            guard let now = current[path] else {
                findings.append(
                    Finding(location: context.display(path), message: "recorded by \(entry) but missing now"))
                continue
            }
            if now.identity != subject.digests.identity {
                findings.append(
                    Finding(
                        location: context.display(path),
                        message:
                            "content differs from what \(entry) recorded: sha256 \(subject.digests.identity.short)…"
                            + " recorded, \(now.identity.short)… now"))
            } else if now.bytesDigest != subject.digests.bytes {
                notes.append("\(path): reformatted since \(entry) (bytes differ, exclusive canonical form identical)")
            }
        }
        for path in current.keys.sorted() where recorded[path] == nil {
            findings.append(
                Finding(
                    location: context.display(path), message: "not recorded by \(entry): added after the evaluation"))
        }
        return findings.isEmpty ? .passed(notes: notes) : .failed(findings)
    }
}
