import TenderDocuments
import TenderModel

/// `results-match-record`: `evidence/results.xml` is the document the last evaluation recorded
/// (same exclusive canonical form).
struct ResultsMatchRecord: TrailCheck {
    let id = "results-match-record"
    let statement = "The results file is the document the evaluation recorded"
    let source = "ins-audit"
    let prerequisites = ["evaluation-is-current"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let location = context.display(Trail.resultsPath)
        guard let evaluation = context.trail.lastEvaluation,
            let recorded = evaluation.subjects.first(where: { $0.role == "results" })
        else { return .skipped(because: "no recorded results") }
        guard let now = context.currentResults else {
            return .failed([Finding(location: location, message: "missing; entry \(evaluation.sequence) recorded it")])
        }
        guard now.identity == recorded.digests.identity else {
            return .failed([
                Finding(
                    location: location,
                    message: "differs from what entry \(evaluation.sequence) recorded: canonical sha256"
                        + " \(recorded.digests.identity.short)… recorded, "
                        + (now.canonicalDigest == nil
                            ? "and it is not well-formed XML now (sha256 of its bytes \(now.bytesDigest.short)…)"
                            : "\(now.identity.short)… now"))
            ])
        }
        if now.bytesDigest != recorded.digests.bytes {
            return .passed(notes: [
                "reformatted since entry \(evaluation.sequence) (exclusive canonical form identical)"
            ])
        }
        return .passed(notes: [])
    }
}
