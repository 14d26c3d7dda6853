public import EvidenceTrail
public import Foundation
import TenderDocuments
import TenderModel

/// The evaluation lifecycle of the shipped case `tenders/renfrewshire-electrical-testing`, step by
/// step at the times of its story (spring 2020), by its fictional panel whose keys come from public
/// seeds (`"renfrewshire example <member>"`). Running it on the case's inputs reproduces the
/// committed evidence byte for byte: Ed25519 signatures are deterministic (RFC 8032).
public enum ShippedCaseStory {
    /// The shipped case in the repository.
    public static let folder = TestSupport.packageRoot.appendingPathComponent("tenders/renfrewshire-electrical-testing")

    /// The fictional panel.
    public static let panel = TestPanel(
        members: ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"], seedPrefix: "renfrewshire example")

    /// The tenderer's explanation of BID-004's price, which arrives after the first evaluation.
    public static let explanation = "explanations/BID-004.txt"

    /// The Council's request that BID-004's tenderer explain its price, after the first evaluation flags it.
    public static let explanationRequest =
        "Your price of EUR 258 600.00 is below 70 % of the mean of the admissible tenders (EUR 378 412.50), the"
        + " threshold of our abnormally-low screen. Please explain, with figures, by 1 May 2020 at 17:00: (1) the"
        + " number of items a tester inspects and tests a day that your price assumes, on mixed school and care-home"
        + " sites; (2) how your testers are engaged and paid, and how their pay complies with the National Minimum"
        + " Wage for the hours worked, including travel and re-visits; (3) your margin, and whether any other"
        + " contract supports this price (regulation 69 of the Public Contracts (Scotland) Regulations 2015;"
        + " Directive 2014/24/EU Art. 69(2))."

    /// The justification of the award recommendation.
    public static let awardJustification =
        "BID-001 (Gryffe Valley Electrical Testing Ltd) is the most economically advantageous tender among the compliant"
        + " bids: it is ranked first with 88.33 points after BID-004 was rejected as abnormally low (entry 33), has the"
        + " strongest methodology (4 of 4), and its price is 10.3 % below the estimated value. No abnormally-low flag"
        + " remains undecided. Recommended to the Head of Property Services for award, subject to the standstill period."

    /// A copy of the case's inputs (no evidence, no explanation yet) in a fresh temporary folder.
    public static func freshInputs() throws -> URL {
        let copy = try TestSupport.copyOfFolder(folder, name: "renfrewshire")
        for generated in ["evidence", "explanations"] {
            try? FileManager.default.removeItem(at: copy.appendingPathComponent(generated))
        }
        return copy
    }

    /// Runs the whole story on `case` (a copy made by ``freshInputs()``).
    public static func run(on caseURL: URL) throws {
        let clock = TestClock("2020-03-02T10:15:00+00:00")
        let lifecycle = Lifecycle(folder: CaseFolder(path: caseURL.path), clock: clock.now)
        let lead = panel.key("PROC-1")

        clock.set("2020-03-02T10:15:00+00:00")
        _ = try lifecycle.seal(key: lead)

        let receipts = [
            ("BID-004", "2020-04-01T09:03:18+01:00"), ("BID-001", "2020-04-02T15:41:07+01:00"),
            ("BID-006", "2020-04-02T17:20:44+01:00"), ("BID-002", "2020-04-03T10:12:55+01:00"),
            ("BID-003", "2020-04-03T11:26:40+01:00"), ("BID-005", "2020-04-03T11:58:02+01:00"),
            ("BID-007", "2020-04-03T12:07:31+01:00"),
        ]
        for (bid, time) in receipts {
            clock.set(time)
            _ = try lifecycle.receive(bidFile: caseURL.appendingPathComponent("bids/\(bid).xml"), key: lead)
        }

        clock.set("2020-04-03T14:00:00+01:00")
        _ = try lifecycle.open(key: lead)

        for (index, member) in ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"].enumerated() {
            clock.set("2020-04-06T09:\(index)0:00+01:00")
            _ = try lifecycle.declare(key: panel.key(member))
        }

        var sheets: [(time: String, path: String, member: String)] = []
        for member in ["EV-1", "EV-2", "EV-3"] {
            let folder = caseURL.appendingPathComponent("scores/\(member)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".xml") {
                let path = "scores/\(member)/\(name)"
                let sheet = try ScoreSheet.read(contentsOf: caseURL.appendingPathComponent(path), displayPath: path)
                sheets.append((sheet.completedAt?.text ?? "2020-04-16T12:00:00+01:00", path, member))
            }
        }
        for sheet in sheets.sorted(by: { ($0.time, $0.path) < ($1.time, $1.path) }) {
            clock.set(sheet.time)
            _ = try lifecycle.score(sheet: sheet.path, key: panel.key(sheet.member))
        }

        clock.set("2020-04-22T12:30:00+01:00")
        _ = try lifecycle.moderate(lot: "LOT-0000", key: lead)

        clock.set("2020-04-23T10:00:00+01:00")
        _ = try lifecycle.evaluate(key: panel.key("FIN-1"))

        // The Council requires Linwood Moss to explain its price (regulation 69(1)), with a response deadline.
        clock.set("2020-04-24T11:00:00+01:00")
        _ = try lifecycle.requestAbnormallyLowExplanation(
            bid: "BID-004", questions: explanationRequest, questionsFile: nil,
            respondBy: Timestamp("2020-05-01T17:00:00+01:00")!, key: lead)

        clock.set("2020-05-05T15:00:00+01:00")
        _ = try lifecycle.decideAbnormallyLow(
            bid: "BID-004", explanation: folder.appendingPathComponent(explanation), accepted: false,
            reason:
                "The explanation of 1 May 2020 shows the price rests on paying testers GBP 0.42 an item at 250 items a"
                + " day; at the 120 items a day observed on mixed school and care-home sites that is below the National"
                + " Minimum Wage, so the price does not comply with obligations under labour law and the tender must be"
                + " rejected (regulation 69(5) of the Public Contracts (Scotland) Regulations 2015; Directive 2014/24/EU"
                + " Art. 69(3)).",
            key: lead)

        clock.set("2020-05-06T10:00:00+01:00")
        _ = try lifecycle.evaluate(key: panel.key("FIN-1"))

        clock.set("2020-05-07T11:00:00+01:00")
        _ = try lifecycle.award(lot: "LOT-0000", bid: "BID-001", justification: awardJustification, key: lead)
    }
}
