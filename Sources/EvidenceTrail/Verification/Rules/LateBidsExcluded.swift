import TenderDocuments
import TenderModel

/// `late-bids-excluded`: every receipt's late flag agrees with its time, the deadline of the sealed
/// plan and its place in the trail (a receipt recorded after the opening is late whatever its time);
/// no late bid was scored; and every late bid is excluded in the results.
///
/// Source: Directive 2014/24/EU Art. 47 (time limits for receipt of tenders) and Art. 22(3);
/// eForms irregularity type `nc-timl`.
struct LateBidsExcluded: TrailCheck {
    let id = "late-bids-excluded"
    let statement = "Every bid received after the deadline was recorded as late, never scored, and excluded"
    let source = "Dir. 2014/24/EU Art. 47; nc-timl"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        for entry in context.state.receipts {
            guard let receipt = entry.receipt else { continue }
            let location = context.entryPath(entry.sequence)
            if let plan = context.plan(atOrBefore: entry.sequence), let deadline = plan.submissionDeadline,
                receipt.deadline != deadline
            {
                findings.append(
                    Finding(
                        location: location,
                        message:
                            "records the deadline as \(receipt.deadline), but the sealed plan's deadline is \(deadline)"
                    ))
            }
            if entry.time > receipt.deadline, !receipt.isLate {
                findings.append(
                    Finding(
                        location: location,
                        message: "\(receipt.bid) was received at \(entry.time), after the deadline \(receipt.deadline),"
                            + " but the receipt says late=\"false\""))
            } else if entry.time <= receipt.deadline, receipt.isLate {
                findings.append(
                    Finding(
                        location: location,
                        message:
                            "\(receipt.bid) was received at \(entry.time), before the deadline \(receipt.deadline),"
                            + " but the receipt says late=\"true\""))
            }
            if let opening = context.state.opening, entry.sequence > opening.sequence, !receipt.isLate {
                findings.append(
                    Finding(
                        location: location,
                        message: "\(receipt.bid) was received after the bids were opened (entry \(opening.sequence)),"
                            + " but the receipt says late=\"false\""))
            }
        }
        let late = context.state.lateBids
        for (path, recording) in context.state.latestRecordings(of: [.scoreSheetSubmitted]).sorted(by: {
            $0.key < $1.key
        }) {
            guard let bid = context.documents.sheets[path]?.bid ?? Self.bid(fromSheetPath: path),
                let receipt = late[bid]
            else { continue }
            findings.append(
                Finding(
                    location: context.entryPath(recording.sequence),
                    message: "\(path) scores \(bid), which was received late (entry \(receipt.sequence)); a late bid"
                        + " is never evaluated"))
        }
        for (lot, standings) in context.recordedResults.sorted(by: { $0.key < $1.key }) {
            for (bid, standing) in standings.sorted(by: { $0.key < $1.key }) where late[bid] != nil {
                if standing.status != "excluded" || standing.stage != "late-submission" {
                    findings.append(
                        Finding(
                            location: context.display(Trail.resultsPath),
                            message: "\(bid) was received late (entry \(late[bid]?.sequence ?? 0)) but is"
                                + " \(standing.status)" + (standing.rank.map { " at rank \($0)" } ?? "")
                                + " in lot \(lot)"))
                }
            }
        }
        return findings.isEmpty
            ? .passed(
                notes: late.isEmpty
                    ? [] : ["late and excluded: " + late.keys.map(\.rawValue).sorted().joined(separator: ", ")])
            : .failed(findings)
    }

    /// The bid a score sheet path names (`scores/EV-1/BID-007.xml` → `BID-007`), for a sheet that no
    /// longer reads.
    private static func bid(fromSheetPath path: String) -> BidID? {
        guard let name = path.split(separator: "/").last, name.hasSuffix(".xml") else { return nil }
        return BidID(String(name.dropLast(4)))
    }
}
