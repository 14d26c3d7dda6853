public import EvidenceTrail
public import Foundation
import TenderDocuments
import TenderModel

/// The evaluation lifecycle of the shipped multi-lot case `tenders/luxembourg-site-security`: two
/// lots and a group of lots combining them, a bid for two lots, combined bids, a gate failure,
/// moderation in a lot and in the group, an abnormally low tender required to explain its price and
/// accepted, and the award of the two lots separately (the combination costs more). Step by step at the times of its story (summer 2023), by its fictional panel
/// whose keys come from public seeds (`"luxembourg example <member>"`). Running it on the case's
/// inputs reproduces the committed evidence byte for byte.
public enum LuxembourgCaseStory {
    /// The shipped case in the repository.
    public static let folder = TestSupport.packageRoot.appendingPathComponent("tenders/luxembourg-site-security")

    /// The fictional panel.
    public static let panel = TestPanel(
        members: ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"], seedPrefix: "luxembourg example")

    /// The tenderer's explanation of BID-003's price, which arrives after the first evaluation.
    public static let explanation = "explanations/BID-003.txt"

    /// The ESPD request's corruption exclusion ground (ESPD-EDM v4.1.0 criterion `corruption`).
    public static let corruptionCriterion = "c27b7c4e-c837-4529-b867-ed55ce639db5"

    /// Why the authority accepts BID-004's self-cleaning under the corruption ground.
    public static let selfCleaningReason =
        "The conviction of 12 March 2019 concerns a former sales manager who acted alone and was dismissed in January"
        + " 2018. The tenderer has paid full compensation for the damage (settlement of 4 June 2018), has clarified"
        + " the facts with the investigating authorities, and has taken concrete organisational measures: an"
        + " anti-corruption management system certified to ISO 37001 since November 2019, an external whistleblowing"
        + " line and yearly training of every sales and management employee. These measures are sufficient to"
        + " demonstrate its reliability (Directive 2014/24/EU Art. 57(6)); the ground does not exclude it."

    /// What the authority asks BID-003's tenderer to explain (Directive 2014/24/EU Art. 69(1) and (2)).
    public static let explanationRequest =
        "Your life-cycle cost for LOT-0002, EUR 1 061 929.47 over five years at 3 % a year, is 25 % below the mean of"
        + " the admissible tenders for the lot (EUR 1 416 220.47) and below the 80 % our screen sets. Please explain,"
        + " with figures, by 24 July 2023 at 12:00: (1) the staff hours your yearly service charge of EUR 221 780.00"
        + " prices for Site B and the hourly rates, with employer charges, and how they comply with the collective"
        + " agreement for the private security sector; (2) how the archive reading room is covered without a second"
        + " guard; (3) the equipment you price, and whether the existing cameras are kept; (4) any other cost advantage"
        + " your figures rest on (Directive 2014/24/EU Art. 69(2))."

    /// The reason the authority accepts the explanation.
    public static let decisionReason =
        "The explanation of 24 July 2023 accounts for the life-cycle cost: the yearly service charge prices one guard"
        + " around the clock at the collective agreement's rate (category A2, EUR 18.62 an hour plus 14.8 % employer"
        + " charges, as the payslips in Annex 1 show), one twelfth of an operator in a monitoring centre 400 m from"
        + " Site B that is already staffed for other clients, and overheads and margin of 8.9 %; the reading room is"
        + " covered by camera as the lot specification allows, and the existing cameras are kept. The low cost comes"
        + " from the economics of the service and exceptionally favourable conditions available to the tenderer, not"
        + " from a breach of labour or social law (Directive 2014/24/EU Art. 69(2)(a) and (c), 69(3)); the tender stays"
        + " in the evaluation."

    /// The combined award is not made (why both lot awards say so).
    static let notCombined =
        "The procurement documents reserved the award of both sites in combination (group of lots GLO-0001,"
        + " Directive 2014/24/EU Art. 46(3)) only where the combined tender ranked first has a lower life-cycle cost"
        + " than the tenders ranked first in the two lots together. It does not: BID-005's EUR 4 187 319.14 is"
        + " EUR 341 505.61 more than the lot winners' EUR 3 845 813.54, so the lots are awarded separately."

    /// The justification of the award recommendation for LOT-0001.
    public static let awardJustificationLot1 =
        notCombined
        + " BID-001 (Moselle Guarding SARL) is ranked first in LOT-0001 with 96.24 points, with the strongest security"
        + " plan for Site A (4 of 4). Recommended for award of LOT-0001, subject to the standstill period."

    /// The justification of the award recommendation for LOT-0002.
    public static let awardJustificationLot2 =
        notCombined
        + " BID-003 (Alzette Protection Services SA) is ranked first in LOT-0002 with 80.00 points; its abnormally low"
        + " life-cycle cost was explained in answer to the request of entry 39 and the explanation accepted (entry"
        + " 40). Recommended for award of LOT-0002, subject to the standstill period."

    /// A copy of the case's inputs (no evidence, no explanation yet) in a fresh temporary folder.
    public static func freshInputs() throws -> URL {
        let copy = try TestSupport.copyOfFolder(folder, name: "luxembourg")
        for generated in ["evidence", "explanations", "reports"] {
            try? FileManager.default.removeItem(at: copy.appendingPathComponent(generated))
        }
        return copy
    }

    /// Runs the whole story on `caseURL` (a copy made by ``freshInputs()``).
    public static func run(on caseURL: URL) throws {
        let clock = TestClock("2023-06-12T09:30:00+02:00")
        let lifecycle = Lifecycle(folder: CaseFolder(path: caseURL.path), clock: clock.now)
        let lead = panel.key("PROC-1")

        _ = try lifecycle.seal(key: lead)

        // Each bid is received at the time the e-procurement portal gives it.
        var receipts: [(bid: String, time: String)] = []
        let bids = caseURL.appendingPathComponent("bids")
        for name in try FileManager.default.contentsOfDirectory(atPath: bids.path).sorted() where name.hasSuffix(".xml")
        {
            let bid = try Bid.read(contentsOf: bids.appendingPathComponent(name), displayPath: "bids/\(name)")
            receipts.append((bid.id.rawValue, bid.submittedAt?.text ?? "2023-07-03T11:00:00+02:00"))
        }
        for receipt in receipts.sorted(by: { ($0.time, $0.bid) < ($1.time, $1.bid) }) {
            clock.set(receipt.time)
            _ = try lifecycle.receive(bidFile: bids.appendingPathComponent("\(receipt.bid).xml"), key: lead)
        }

        clock.set("2023-07-03T14:00:00+02:00")
        _ = try lifecycle.open(key: lead)

        for (index, member) in ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"].enumerated() {
            clock.set("2023-07-04T09:\(index)0:00+02:00")
            _ = try lifecycle.declare(key: panel.key(member))
        }

        // Grand-Duché Integrated Security's ESPD declares a corruption conviction of a former manager and
        // claims self-cleaning (Art. 57(6)); the lead assesses the measures before any evaluation.
        clock.set("2023-07-07T10:00:00+02:00")
        _ = try lifecycle.decideSelfCleaning(
            bid: "BID-004", criterion: corruptionCriterion, accepted: true, reason: selfCleaningReason, key: lead)

        var sheets: [(time: String, path: String, member: String)] = []
        for member in ["EV-1", "EV-2", "EV-3"] {
            let root = caseURL.appendingPathComponent("scores/\(member)")
            guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".xml") {
                let path = "scores/\(member)/\(relative)"
                let sheet = try ScoreSheet.read(contentsOf: caseURL.appendingPathComponent(path), displayPath: path)
                sheets.append((sheet.completedAt?.text ?? "2023-07-12T12:00:00+02:00", path, member))
            }
        }
        for sheet in sheets.sorted(by: { ($0.time, $0.path) < ($1.time, $1.path) }) {
            clock.set(sheet.time)
            _ = try lifecycle.score(sheet: sheet.path, key: panel.key(sheet.member))
        }

        clock.set("2023-07-14T12:00:00+02:00")
        _ = try lifecycle.moderate(lot: "LOT-0002", key: lead)
        clock.set("2023-07-14T16:00:00+02:00")
        _ = try lifecycle.moderate(lot: "GLO-0001", key: lead)

        // Prices are opened: BID-003 is flagged as abnormally low in LOT-0002.
        clock.set("2023-07-17T10:00:00+02:00")
        _ = try lifecycle.evaluate(key: panel.key("FIN-1"))

        // The authority requires the tenderer to explain its price (Art. 69(1)), with a response deadline.
        clock.set("2023-07-17T15:00:00+02:00")
        _ = try lifecycle.requestAbnormallyLowExplanation(
            bid: "BID-003", questions: explanationRequest, questionsFile: nil,
            respondBy: Timestamp("2023-07-24T12:00:00+02:00")!, key: lead)

        clock.set("2023-07-26T15:00:00+02:00")
        _ = try lifecycle.decideAbnormallyLow(
            bid: "BID-003", explanation: folder.appendingPathComponent(explanation), accepted: true,
            reason: decisionReason, key: lead)

        clock.set("2023-07-27T10:00:00+02:00")
        _ = try lifecycle.evaluate(key: panel.key("FIN-1"))

        clock.set("2023-07-28T11:00:00+02:00")
        _ = try lifecycle.award(lot: "LOT-0001", bid: "BID-001", justification: awardJustificationLot1, key: lead)
        clock.set("2023-07-28T11:05:00+02:00")
        _ = try lifecycle.award(lot: "LOT-0002", bid: "BID-003", justification: awardJustificationLot2, key: lead)
    }
}
