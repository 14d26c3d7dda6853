import TenderDocuments
import TenderModel
/// `late-bids-excluded`: every receipt's late flag agrees with its time and the deadline of the
/// sealed plan, and every bid received after the deadline is excluded in the results.
///
/// Source: Directive 2014/24/EU Art. 47 (time limits for receipt of tenders); eForms irregularity
/// type `nc-timl`.
struct LateBidsExcluded: TrailCheck {
    let id = "late-bids-excluded"
    let statement = "Every bid received after the deadline was recorded as late and excluded"
    let source = "Dir. 2014/24/EU Art. 47; nc-timl"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        var late: Set<String> = []
        for entry in context.state.receipts {
            guard let receipt = entry.receipt else { continue }
            let location = context.entryPath(entry.sequence)
            if let plan = context.plan(atOrBefore: entry.sequence), let deadline = plan.submissionDeadline,
                receipt.deadline != deadline
            {
                findings.append(
                    Finding(
                        location: location,
                        message: "records the deadline as \(receipt.deadline), but the sealed plan's deadline is \(deadline)"))
            }
            let isLate = entry.time > receipt.deadline
            if isLate != receipt.isLate {
                findings.append(
                    Finding(
                        location: location,
                        message: "\(receipt.bid) was received at \(entry.time), \(isLate ? "after" : "before") the deadline"
                            + " \(receipt.deadline), but the receipt says late=\"\(receipt.isLate)\""))
            }
            if isLate { late.insert(receipt.bid.rawValue) } else { late.remove(receipt.bid.rawValue) }
        }
        for (lot, standings) in context.recordedResults.sorted(by: { $0.key < $1.key }) {
            for (bid, standing) in standings.sorted(by: { $0.key < $1.key }) where late.contains(bid.rawValue) {
                if standing.status != "excluded" || standing.stage != "late-submission" {
                    findings.append(
                        Finding(
                            location: context.display(Trail.resultsPath),
                            message: "\(bid) was received after the deadline but is \(standing.status)"
                                + (standing.rank.map { " at rank \($0)" } ?? "") + " in lot \(lot)"))
                }
            }
        }
        return findings.isEmpty
            ? .passed(notes: late.isEmpty ? [] : ["late and excluded: " + late.sorted().joined(separator: ", ")]) : .failed(findings)
    }
}
