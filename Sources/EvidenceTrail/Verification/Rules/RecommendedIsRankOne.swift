import TenderDocuments
import TenderModel
/// `recommended-is-rank-one`: every award recommendation names the bid ranked first (alone) in its
/// lot in the results current when it was made.
///
/// Source: Directive 2014/24/EU Art. 67(1) (award to the most economically advantageous tender);
/// eForms irregularity type `eva-diff-crit`.
struct RecommendedIsRankOne: TrailCheck {
    let id = "recommended-is-rank-one"
    let statement = "The recommended tender is the one ranked first"
    let source = "Dir. 2014/24/EU Art. 67(1); eva-diff-crit"
    let prerequisites = ["evaluation-is-current"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let awards = context.state.entries.filter { $0.kind == .awardRecommended }
        guard !awards.isEmpty else { return .passed(notes: ["no award recommended yet"]) }
        var findings: [Finding] = []
        var notes: [String] = []
        for entry in awards {
            guard let recommendation = entry.recommendation else { continue }
            let standings = context.recordedResults[recommendation.lot] ?? [:]
            let leaders = standings.filter { $0.value.rank == 1 }.map(\.key).sorted()
            if leaders != [recommendation.bid] {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "recommends \(recommendation.bid) for lot \(recommendation.lot), but the results rank "
                            + (leaders.isEmpty ? "no bid" : leaders.map(\.rawValue).joined(separator: ", ")) + " first"))
            } else {
                notes.append("lot \(recommendation.lot): \(recommendation.bid), entry \(entry.sequence)")
            }
        }
        return findings.isEmpty ? .passed(notes: notes) : .failed(findings)
    }
}
