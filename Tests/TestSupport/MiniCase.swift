public import EvidenceTrail
public import Foundation
import TenderDocuments

/// A small, complete case folder written from inline XML: one lot with two quality criteria
/// (60 and 10, scale 0–4) and price (30, lowest-price ratio), three bids, two evaluators, a
/// moderation record. Independent of `tenders/`, so tests can tamper with it freely.
///
/// Hand-computed outcome (rounding 2 places half-up per criterion):
/// - BID-A: Q1 median(3,3)=3 → 60×3/4 = 45; Q2 moderated 2 → 10×2/4 = 5; price 100000 → 30×90000/100000 = 27; total 77.00
/// - BID-B: Q1 (4,4) → 60; Q2 (3,3) → 7.5 → 7.50; price 120000 → 30×90000/120000 = 22.5; total 90.00
/// - BID-C: Q1 (2,2) → 30; Q2 (2,2) → 5; price 90000 → 30; total 65.00
public enum MiniCase {
    /// The panel: a lead who also moderates, two quality evaluators, a price evaluator. Their keys
    /// come from public seeds (test fixtures only).
    public static let panel = TestPanel(members: ["LEAD", "EV-1", "EV-2", "FIN"], seedPrefix: "minicase")

    /// The plan, with the panel's public keys.
    public static var plan: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <TenderPlan xmlns="urn:tendertrail:tender:1" id="MINI-1">
          <Title>Mini case</Title>
          <ContractingAuthority>Example Council</ContractingAuthority>
          <Currency>EUR</Currency>
          <SubmissionDeadline>2025-03-14T12:00:00+00:00</SubmissionDeadline>
          <Rules>
            <Rounding places="2" mode="half-up" stage="criterion-points"/>
            <Aggregation method="median" maximumSpread="1"/>
            <TieBreak><Rule>highest-quality-points</Rule></TieBreak>
          </Rules>
          <Scales>
            <Scale id="S04">
              <Point value="0">Unacceptable</Point>
              <Point value="1">Poor</Point>
              <Point value="2">Acceptable</Point>
              <Point value="3">Good</Point>
              <Point value="4">Excellent</Point>
            </Scale>
          </Scales>
          <Panel>
            <Evaluator id="LEAD"><Name>Lea Example</Name><Role>lead</Role><Role>moderator</Role>\(panel.publicKeyElement("LEAD"))</Evaluator>
            <Evaluator id="EV-1"><Name>Ann Example</Name><Role>quality-evaluator</Role>\(panel.publicKeyElement("EV-1"))</Evaluator>
            <Evaluator id="EV-2"><Name>Bob Example</Name><Role>quality-evaluator</Role>\(panel.publicKeyElement("EV-2"))</Evaluator>
            <Evaluator id="FIN"><Name>Fay Example</Name><Role>price-evaluator</Role>\(panel.publicKeyElement("FIN"))</Evaluator>
          </Panel>
          <Gates>
            <Gate id="G-1" kind="selection"><Name>Insurance</Name><Requirement>EUR 5m public liability</Requirement></Gate>
          </Gates>
          <Lot id="LOT-1">
            <Title>Everything</Title>
            <AwardCriteria weighting="percent">
              <Criterion id="Q1" type="quality" weight="60" scale="S04"><Name languageID="ENG">Method</Name></Criterion>
              <Criterion id="Q2" type="quality" weight="10" scale="S04"><Name languageID="ENG">Social value</Name></Criterion>
              <Criterion id="P" type="price" weight="30"><Name languageID="ENG">Price</Name><PriceFormula kind="lowest-price-ratio"/></Criterion>
            </AwardCriteria>
          </Lot>
        </TenderPlan>

        """
    }

    /// A bid for lot LOT-1 by tenderer `T-<id>`, at `price` (EUR), declaring gate G-1 met or not.
    public static func bid(_ id: String, tenderer: String, price: String, meets: Bool = true) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Bid xmlns="urn:tendertrail:bid:1" id="\(id)">
          <Tenderer id="T-\(id)"><Name>\(tenderer)</Name></Tenderer>
          <GateDeclaration gate="G-1" meets="\(meets)">Certificate attached.</GateDeclaration>
          <LotBid lot="LOT-1">
            <Price currency="EUR">\(price)</Price>
            <Response criterion="Q1">Our method.</Response>
            <Response criterion="Q2">Our social value offer.</Response>
          </LotBid>
        </Bid>

        """
    }

    /// One evaluator's score sheet for `bid`: scores for Q1 and Q2 with a justification each.
    public static func sheet(evaluator: String, bid: String, q1: String, q2: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ScoreSheet xmlns="urn:tendertrail:score-sheet:1" evaluator="\(evaluator)" bid="\(bid)" lot="LOT-1">
          <Score criterion="Q1" value="\(q1)"><Justification>Method for \(bid) as evidenced in section 2 of the response.</Justification></Score>
          <Score criterion="Q2" value="\(q2)"><Justification>Social value for \(bid) as evidenced in section 3 of the response.</Justification></Score>
        </ScoreSheet>

        """
    }

    /// `member`'s conflict-of-interest declaration over the three tenderers, declaring a conflict with
    /// each tenderer in `conflicts`.
    public static func declaration(_ member: String, conflictWith conflicts: Set<String> = []) -> String {
        let lines = ["T-BID-A", "T-BID-B", "T-BID-C"].map { tenderer in
            conflicts.contains(tenderer)
                ? "  <Tenderer id=\"\(tenderer)\" conflict=\"true\">My sibling works for \(tenderer).</Tenderer>"
                : "  <Tenderer id=\"\(tenderer)\" conflict=\"false\">No relationship with \(tenderer).</Tenderer>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConflictDeclaration xmlns="urn:tendertrail:declaration:1" member="\(member)">
            \(lines.joined(separator: "\n"))
            </ConflictDeclaration>

            """
    }

    /// The moderation record for LOT-1: both quality evaluators attend and agree a consensus on BID-A, Q2.
    public static let moderation = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Moderation xmlns="urn:tendertrail:moderation:1" lot="LOT-1">
          <HeldAt>2025-03-20T10:00:00+00:00</HeldAt>
          <Attendee evaluator="EV-1"/>
          <Attendee evaluator="EV-2"/>
          <Consensus bid="BID-A" criterion="Q2" score="2">
            <Reason>EV-1 scored 1 and EV-2 scored 3; the panel agreed the apprenticeship offer is credible but unquantified.</Reason>
          </Consensus>
        </Moderation>

        """

    /// Dates the consensus meeting of `moderation/LOT-1.xml` in `folder` at `time` (ISO 8601 with an
    /// offset; default: now, in UTC). The case's own date, 20 March 2025, suits runs on the story's
    /// clock; a run whose bids are opened by the real clock needs a meeting held after that.
    public static func dateModeration(in folder: URL, at time: String? = nil) throws {
        let held = time ?? ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: "Z", with: "+00:00")
        let text = try TestSupport.read("moderation/LOT-1.xml", in: folder)
        try TestSupport.write(
            text.replacing(#/<HeldAt>[^<]*</HeldAt>/#, with: "<HeldAt>\(held)</HeldAt>"), to: "moderation/LOT-1.xml",
            in: folder)
    }

    /// Writes the case into a new temporary folder and returns it.
    public static func write() throws -> URL {
        let folder = try TestSupport.temporaryFolder("minicase").appendingPathComponent("mini", isDirectory: true)
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        try TestSupport.write(bid("BID-A", tenderer: "Alpha Ltd", price: "100000.00"), to: "bids/BID-A.xml", in: folder)
        try TestSupport.write(bid("BID-B", tenderer: "Beta Ltd", price: "120000.00"), to: "bids/BID-B.xml", in: folder)
        try TestSupport.write(bid("BID-C", tenderer: "Gamma Ltd", price: "90000.00"), to: "bids/BID-C.xml", in: folder)
        try TestSupport.write(
            sheet(evaluator: "EV-1", bid: "BID-A", q1: "3", q2: "1"), to: "scores/EV-1/BID-A.xml", in: folder)
        try TestSupport.write(
            sheet(evaluator: "EV-2", bid: "BID-A", q1: "3", q2: "3"), to: "scores/EV-2/BID-A.xml", in: folder)
        try TestSupport.write(
            sheet(evaluator: "EV-1", bid: "BID-B", q1: "4", q2: "3"), to: "scores/EV-1/BID-B.xml", in: folder)
        try TestSupport.write(
            sheet(evaluator: "EV-2", bid: "BID-B", q1: "4", q2: "3"), to: "scores/EV-2/BID-B.xml", in: folder)
        try TestSupport.write(
            sheet(evaluator: "EV-1", bid: "BID-C", q1: "2", q2: "2"), to: "scores/EV-1/BID-C.xml", in: folder)
        try TestSupport.write(
            sheet(evaluator: "EV-2", bid: "BID-C", q1: "2", q2: "2"), to: "scores/EV-2/BID-C.xml", in: folder)
        try TestSupport.write(moderation, to: "moderation/LOT-1.xml", in: folder)
        for member in ["EV-1", "EV-2"] {
            try TestSupport.write(declaration(member), to: "declarations/\(member).xml", in: folder)
        }
        return folder
    }

    /// The story's clock: each step at its own time, before and after the deadline.
    public static let times = (
        seal: "2025-03-01T09:00:00+00:00", receive: "2025-03-10T10:00:00+00:00", open: "2025-03-14T13:00:00+00:00",
        declare: "2025-03-15T09:00:00+00:00", score: "2025-03-16T09:00:00+00:00", moderate: "2025-03-20T10:00:00+00:00",
        evaluate: "2025-03-21T09:00:00+00:00"
    )

    /// Writes the case and runs the whole lifecycle on it: seal, receive, open, declare, score,
    /// moderate, evaluate. Returns the folder and the clock (for further steps).
    @discardableResult
    public static func writeAndRun(through last: Step = .evaluate) throws -> (folder: URL, clock: TestClock) {
        let folder = try write()
        let clock = TestClock(times.seal)
        try run(folder, clock: clock, through: last)
        return (folder, clock)
    }

    /// The lifecycle steps, in order.
    public enum Step: Int, Comparable, Sendable {
        case seal, receive, open, declare, score, moderate, evaluate
        /// Steps are ordered as the lifecycle runs them.
        public static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Runs the lifecycle on a written mini case up to and including `last`.
    public static func run(_ folder: URL, clock: TestClock, through last: Step = .evaluate) throws {
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        clock.set(times.seal)
        _ = try lifecycle.seal(key: panel.key("LEAD"))
        guard last > .seal else { return }
        clock.set(times.receive)
        for bid in ["BID-A", "BID-B", "BID-C"] {
            _ = try lifecycle.receive(bidFile: folder.appendingPathComponent("bids/\(bid).xml"), key: panel.key("LEAD"))
        }
        guard last > .receive else { return }
        clock.set(times.open)
        _ = try lifecycle.open(key: panel.key("LEAD"))
        guard last > .open else { return }
        clock.set(times.declare)
        for member in ["EV-1", "EV-2"] { _ = try lifecycle.declare(key: panel.key(member)) }
        guard last > .declare else { return }
        clock.set(times.score)
        for member in ["EV-1", "EV-2"] {
            for bid in ["BID-A", "BID-B", "BID-C"] {
                _ = try lifecycle.score(sheet: "scores/\(member)/\(bid).xml", key: panel.key(member))
            }
        }
        guard last > .score else { return }
        clock.set(times.moderate)
        _ = try lifecycle.moderate(lot: "LOT-1", key: panel.key("LEAD"))
        guard last > .moderate else { return }
        clock.set(times.evaluate)
        _ = try lifecycle.evaluate(key: panel.key("FIN"))
    }
}
