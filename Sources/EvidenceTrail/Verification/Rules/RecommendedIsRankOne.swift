import TenderDocuments
import TenderModel

/// `recommended-is-rank-one`: the last award recommendation of each lot was made on the results
/// recorded by the evaluation before it, which are still the results of the last evaluation (the
/// results digest it signed is theirs), and names the bid those results rank first, alone. An award made before a re-evaluation that changed the results
/// is stale until it is recorded again; an earlier award superseded by a later one for its lot is
/// noted, not judged.
///
/// Source: Directive 2014/24/EU Art. 67(1) (award to the most economically advantageous tender);
/// eForms irregularity type `eva-diff-crit`.
struct RecommendedIsRankOne: TrailCheck {
    let id = "recommended-is-rank-one"
    let statement = "The recommended tender is the one ranked first in the results current when it was made"
    let source = "Dir. 2014/24/EU Art. 67(1); eva-diff-crit"
    let prerequisites = ["evaluation-is-current"]
    let readsRecordedStandings = true

    func check(_ context: VerificationContext) -> CheckOutcome {
        let awards = context.state.entries.filter { $0.kind == .awardRecommended && $0.recommendation != nil }
        guard !awards.isEmpty else { return .passed(notes: ["no award recommended yet"]) }
        let evaluation = context.state.evaluations.last
        let currentResults = evaluation?.subjects.first { $0.role == "results" }?.digests.identity
        var lastAward: [LotID: TrailEntry] = [:]
        for entry in awards { if let lot = entry.recommendation?.lot { lastAward[lot] = entry } }
        var findings: [Finding] = []
        var notes: [String] = []
        for entry in awards {
            guard let recommendation = entry.recommendation else { continue }
            if let last = lastAward[recommendation.lot], last.sequence != entry.sequence {
                notes.append(
                    "lot \(recommendation.lot): entry \(entry.sequence) (\(recommendation.bid)) superseded by entry"
                        + " \(last.sequence)")
                continue
            }
            let madeOn = entry.subjects.first { $0.role == "results" }?.digests.identity
            let before = context.state.evaluations.last { $0.sequence < entry.sequence }
            if let before, madeOn != before.subjects.first(where: { $0.role == "results" })?.digests.identity {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "recommends \(recommendation.bid) for lot \(recommendation.lot) on results that no"
                            + " evaluation had recorded: the last evaluation before it (entry \(before.sequence)) recorded"
                            + " different results"))
                continue
            }
            if let evaluation, madeOn != currentResults {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "recommends \(recommendation.bid) for lot \(recommendation.lot) on results that are no"
                            + " longer current: the evaluation in entry \(evaluation.sequence) recorded different results;"
                            + " record the award again on them"))
                continue
            }
            let standings = context.recordedResults[recommendation.lot] ?? [:]
            let leaders = standings.filter { $0.value.rank == 1 }.map(\.key).sorted()
            if leaders != [recommendation.bid] {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "recommends \(recommendation.bid) for lot \(recommendation.lot), but the results rank "
                            + (leaders.isEmpty ? "no bid" : leaders.map(\.rawValue).joined(separator: ", ")) + " first")
                )
            } else {
                notes.append("lot \(recommendation.lot): \(recommendation.bid), entry \(entry.sequence)")
            }
        }
        return findings.isEmpty ? .passed(notes: notes) : .failed(findings)
    }
}
