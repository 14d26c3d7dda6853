import TenderDocuments
import TenderModel

/// `bids-opened-after-deadline`: the bids were opened after the submission deadline of the plan in
/// force at the opening, and every bid the results rank was received before the opening.
///
/// A bid whose only receipt comes after the opening was not among the tenders opened together; it
/// reached the panel by another route, however its receipt is dated.
///
/// Source: Directive 2014/24/EU Art. 22(3) (the content of tenders is examined only after the time
/// limit for submitting them has expired); eForms irregularity types `nc-timl` and `ins-audit`.
struct BidsOpenedAfterDeadline: TrailCheck {
    let id = "bids-opened-after-deadline"
    let statement = "Bids were opened after the deadline, and only bids received before the opening were ranked"
    let source = "Dir. 2014/24/EU Art. 22(3); nc-timl; ins-audit"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let opening = context.state.opening else { return .passed(notes: ["the bids have not been opened"]) }
        var findings: [Finding] = []
        if let deadline = context.plan(atOrBefore: opening.sequence)?.submissionDeadline, opening.time <= deadline {
            findings.append(
                Finding(
                    location: context.entryPath(opening.sequence),
                    message: "the bids were opened at \(opening.time), before the submission deadline \(deadline)"
                        + " had passed"))
        }
        let receivedBeforeOpening = Set(
            context.state.receipts.filter { $0.sequence < opening.sequence }.compactMap { $0.receipt?.bid })
        for (lot, standings) in context.recordedResults.sorted(by: { $0.key < $1.key }) {
            for (bid, standing) in standings.sorted(by: { $0.key < $1.key })
            where standing.status == "ranked" && !receivedBeforeOpening.contains(bid) {
                let receipt = context.state.latestReceipts[bid]
                findings.append(
                    Finding(
                        location: context.display(Trail.resultsPath),
                        message: "\(bid) is ranked in lot \(lot) but was not received before the bids were opened"
                            + " (entry \(opening.sequence))"
                            + (receipt.map { "; its receipt is entry \($0.sequence)" } ?? "; it has no receipt")))
            }
        }
        return findings.isEmpty
            ? .passed(notes: ["opened in entry \(opening.sequence) at \(opening.time)"]) : .failed(findings)
    }
}
