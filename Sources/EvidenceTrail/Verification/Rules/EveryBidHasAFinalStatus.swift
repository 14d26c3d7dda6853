import TenderDocuments
import TenderModel

/// `every-bid-has-a-final-status`: every bid received appears in the results (ranked or excluded,
/// in every lot it bids for), and no bid appears that was not received.
///
/// Source: eForms irregularity type `ins-audit` (insufficient audit trail); `unj-excl`.
struct EveryBidHasAFinalStatus: TrailCheck {
    let id = "every-bid-has-a-final-status"
    let statement = "Every received bid is ranked or excluded in the results, and only received bids are"
    let source = "ins-audit; unj-excl"
    let prerequisites = ["evaluation-is-current"]
    let readsRecordedStandings = true

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        let received = Set(context.state.latestReceipts.keys)
        var inResults: Set<BidID> = []
        for standings in context.recordedResults.values { inResults.formUnion(standings.keys) }
        for bid in received.subtracting(inResults).sorted() {
            findings.append(
                Finding(
                    location: context.display(Trail.resultsPath),
                    message:
                        "\(bid) was received (entry \(context.state.latestReceipts[bid]?.sequence ?? 0)) but has no status in the results"
                ))
        }
        for bid in inResults.subtracting(received).sorted() {
            findings.append(
                Finding(
                    location: context.display(Trail.resultsPath),
                    message: "\(bid) is in the results but was never received"))
        }
        return findings.isEmpty ? .passed(notes: ["\(received.count) bids received"]) : .failed(findings)
    }
}
