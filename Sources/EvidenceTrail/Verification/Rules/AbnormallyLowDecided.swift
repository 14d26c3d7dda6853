import TenderDocuments
import TenderModel

/// `abnormally-low-decided`: every bid the results flag as abnormally low has a recorded
/// explanation and decision, and every decision concerns a flagged bid.
///
/// Source: Directive 2014/24/EU Art. 69 (the authority must require an explanation before
/// rejecting); eForms irregularity type `ab-low`.
struct AbnormallyLowDecided: TrailCheck {
    let id = "abnormally-low-decided"
    let statement = "Every abnormally-low flag has a recorded explanation and decision"
    let source = "Dir. 2014/24/EU Art. 69; ab-low"
    let prerequisites = ["evaluation-is-current"]
    let readsRecordedStandings = true

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        var flagged: Set<String> = []
        for (lot, standings) in context.recordedResults.sorted(by: { $0.key < $1.key }) {
            for (bid, standing) in standings.sorted(by: { $0.key < $1.key })
            where standing.flags.contains("abnormally-low") {
                flagged.insert(bid.rawValue)
                if context.state.decisions[bid] == nil {
                    findings.append(
                        Finding(
                            location: context.display(Trail.resultsPath),
                            message:
                                "\(bid) is flagged as abnormally low in lot \(lot) but no explanation and decision is recorded"
                        ))
                }
            }
        }
        for (bid, entry) in context.state.decisions.sorted(by: { $0.key < $1.key }) {
            let standing = context.recordedResults.values.compactMap { $0[bid] }.first
            let rejectedAndExcluded =
                entry.decision?.isAccepted == false && standing?.stage == "abnormally-low-rejected"
            if !flagged.contains(bid.rawValue) && !rejectedAndExcluded {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "decides on \(bid), which is not flagged as abnormally low"))
            }
        }
        return findings.isEmpty
            ? .passed(
                notes: context.state.decisions.isEmpty ? [] : ["\(context.state.decisions.count) decision(s) recorded"])
            : .failed(findings)
    }
}
