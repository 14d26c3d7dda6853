import TenderDocuments
import TenderEvaluation
import TenderModel

/// `tie-break-applied`: in the recorded results, bids with equal totals are ordered by the plan's
/// declared tie-break and only by it; without one (or where it does not separate them) they share
/// a rank. Input order never decides.
///
/// Source: the plan's `<TieBreak>`; eForms irregularity type `eva-diff-crit`.
struct TieBreakApplied: TrailCheck {
    let id = "tie-break-applied"
    let statement = "Tied totals were ordered by the declared tie-break, and only by it"
    let source = "eva-diff-crit"
    let prerequisites = ["inputs-are-valid"]
    let readsRecordedStandings = true

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard case let .success(evaluation) = context.evaluation else { return .skipped(because: "inputs-are-valid") }
        var findings: [Finding] = []
        var ties = 0
        var resolved = 0
        for lot in evaluation.result.lots {
            let recorded = context.recordedResults[lot.lot] ?? [:]
            for tie in lot.ties {
                ties += 1
                if tie.resolved { resolved += 1 }
                let expected = lot.bids.filter { tie.bids.contains($0.bid) }.map { ($0.bid, $0.rank) }
                for (bid, rank) in expected where recorded[bid]?.rank != rank {
                    findings.append(
                        Finding(
                            location: context.display(Trail.resultsPath),
                            message: "\(bid) ties at \(tie.rank) in lot \(lot.lot); the declared tie-break gives rank"
                                + " \(rank.map(String.init) ?? "none") but the results give \(recorded[bid]?.rank.map(String.init) ?? "none")"
                        ))
                }
            }
        }
        guard findings.isEmpty else { return .failed(findings) }
        var notes: [String] = []
        if resolved > 0 { notes.append("\(resolved) tie(s) broken by the declared tie-break") }
        if ties > resolved {
            notes.append(
                "\(ties - resolved) tie(s) the declared tie-break does not separate: the bids share the rank, as declared"
            )
        }
        return .passed(notes: notes)
    }
}
