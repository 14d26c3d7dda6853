public import EvidenceTrail
public import Foundation
import TenderDocuments

/// A small case with two lots and a group of lots combining them, written from inline XML.
///
/// - LOT-1 (cleaning, north): Q1 quality 60 (scale 0–4), P price 40 (lowest-price ratio).
/// - LOT-2 (cleaning, south): Q1 quality 30, P price 70.
/// - GLO-1, a group of LOT-1 and LOT-2 with criteria of its own: QG integrated management 50, P price 50.
///
/// Bids: BID-A bids for LOT-1 at 100 000 and LOT-2 at 80 000 (two lots, two prices); BID-B for
/// LOT-1 at 90 000; BID-C for LOT-2 at 60 000 and a combined bid for GLO-1 at 150 000; BID-D a
/// combined bid for GLO-1 at 156 250. Two evaluators score each bid in each lot it bids for, the
/// same score each (so the median is that score); sheets for bids in several lots sit in
/// `scores/<evaluator>/<lot>/<bid>.xml`, the others in `scores/<evaluator>/<bid>.xml`.
///
/// Hand-computed outcome (no rounding; points = weight × score ÷ 4, price = weight × lowest ÷ price):
/// - LOT-1: BID-A 60×4/4 = 60 + 40×90000/100000 = 36 → 96 (rank 1); BID-B 60×2/4 = 30 + 40 → 70 (rank 2).
/// - LOT-2: BID-C 30×2/4 = 15 + 70 → 85 (rank 1); BID-A 30×3/4 = 22.5 + 70×60000/80000 = 52.5 → 75 (rank 2).
/// - GLO-1: BID-D 50×4/4 = 50 + 50×150000/156250 = 48 → 98 (rank 1); BID-C 50×3/4 = 37.5 + 50 → 87.5 (rank 2).
/// - Combined award: the group winner's 156 250 against the lot winners' 100 000 + 60 000 = 160 000:
///   3 750.00 EUR less.
public enum MultiLotCase {
    /// The panel: lead and moderator, two quality evaluators, a price evaluator (public seeds; tests only).
    public static let panel = TestPanel(members: ["LEAD", "EV-1", "EV-2", "FIN"], seedPrefix: "multilot")

    /// The bids, with the lots each bids for: (bid, tenderer, [(lot, price, covers)]).
    public static let bids: [(id: String, tenderer: String, lots: [(lot: String, price: String, covers: [String])])] = [
        ("BID-A", "Alpha Cleaning Ltd", [("LOT-1", "100000.00", []), ("LOT-2", "80000.00", [])]),
        ("BID-B", "Beta Services Ltd", [("LOT-1", "90000.00", [])]),
        ("BID-C", "Gamma Facilities Ltd", [("LOT-2", "60000.00", []), ("GLO-1", "150000.00", ["LOT-1", "LOT-2"])]),
        ("BID-D", "Delta Integrated FM Ltd", [("GLO-1", "156250.00", ["LOT-1", "LOT-2"])]),
    ]

    /// Each evaluator's score per (lot, bid), on the lot's only quality criterion.
    public static let scores: [(lot: String, bid: String, criterion: String, score: String)] = [
        ("LOT-1", "BID-A", "Q1", "4"), ("LOT-1", "BID-B", "Q1", "2"),
        ("LOT-2", "BID-A", "Q1", "3"), ("LOT-2", "BID-C", "Q1", "2"),
        ("GLO-1", "BID-C", "QG", "3"), ("GLO-1", "BID-D", "QG", "4"),
    ]

    /// The plan, with the panel's public keys.
    public static var plan: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <TenderPlan xmlns="urn:tendertrail:tender:1" id="MULTI-1">
          <Title>Cleaning services, two lots and their combination</Title>
          <ContractingAuthority>Example Council</ContractingAuthority>
          <Currency>EUR</Currency>
          <SubmissionDeadline>2025-03-14T12:00:00+00:00</SubmissionDeadline>
          <Rules>
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
            <Title>Cleaning, north</Title>
            <AwardCriteria weighting="percent">
              <Criterion id="Q1" type="quality" weight="60" scale="S04"><Name languageID="ENG">Method</Name></Criterion>
              <Criterion id="P" type="price" weight="40"><Name languageID="ENG">Price</Name><PriceFormula kind="lowest-price-ratio"/></Criterion>
            </AwardCriteria>
          </Lot>
          <Lot id="LOT-2">
            <Title>Cleaning, south</Title>
            <AwardCriteria weighting="percent">
              <Criterion id="Q1" type="quality" weight="30" scale="S04"><Name languageID="ENG">Method</Name></Criterion>
              <Criterion id="P" type="price" weight="70"><Name languageID="ENG">Price</Name><PriceFormula kind="lowest-price-ratio"/></Criterion>
            </AwardCriteria>
          </Lot>
          <Lot id="GLO-1" kind="group">
            <Title>Cleaning, north and south combined</Title>
            <Member lot="LOT-1"/>
            <Member lot="LOT-2"/>
            <AwardCriteria weighting="percent">
              <Criterion id="QG" type="quality" weight="50" scale="S04"><Name languageID="ENG">Integrated management</Name></Criterion>
              <Criterion id="P" type="price" weight="50"><Name languageID="ENG">Combined price</Name><PriceFormula kind="lowest-price-ratio"/></Criterion>
            </AwardCriteria>
          </Lot>
        </TenderPlan>

        """
    }

    /// A bid document.
    public static func bid(_ id: String) -> String {
        guard let bid = bids.first(where: { $0.id == id }) else { return "" }
        let lots = bid.lots.map { part in
            let covers = part.covers.map { "    <Covers lot=\"\($0)\"/>\n" }.joined()
            let criterion = part.lot == "GLO-1" ? "QG" : "Q1"
            return """
                  <LotBid lot="\(part.lot)">
                \(covers)    <Price currency="EUR">\(part.price)</Price>
                    <Response criterion="\(criterion)">Our approach for \(part.lot).</Response>
                  </LotBid>

                """
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Bid xmlns="urn:tendertrail:bid:1" id="\(id)">
              <Tenderer id="T-\(id)"><Name>\(bid.tenderer)</Name></Tenderer>
              <GateDeclaration gate="G-1" meets="true">Certificate attached.</GateDeclaration>
            \(lots)</Bid>

            """
    }

    /// The path of `evaluator`'s sheet for `bid` in `lot`: in a lot folder when the bid is for several lots.
    public static func sheetPath(evaluator: String, lot: String, bid: String) -> String {
        let several = (bids.first { $0.id == bid }?.lots.count ?? 1) > 1
        return several ? "scores/\(evaluator)/\(lot)/\(bid).xml" : "scores/\(evaluator)/\(bid).xml"
    }

    /// One evaluator's score sheet for `bid` in `lot`.
    public static func sheet(evaluator: String, lot: String, bid: String, criterion: String, score: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ScoreSheet xmlns="urn:tendertrail:score-sheet:1" evaluator="\(evaluator)" bid="\(bid)" lot="\(lot)">
          <Score criterion="\(criterion)" value="\(score)"><Justification>The response for \(bid) in \(lot) sets out staffing, supervision and audit frequencies in section 2.</Justification></Score>
        </ScoreSheet>

        """
    }

    /// `member`'s declaration: no conflict with any tenderer.
    public static func declaration(_ member: String) -> String {
        let lines = bids.map {
            "  <Tenderer id=\"T-\($0.id)\" conflict=\"false\">No relationship with T-\($0.id).</Tenderer>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConflictDeclaration xmlns="urn:tendertrail:declaration:1" member="\(member)">
            \(lines.joined(separator: "\n"))
            </ConflictDeclaration>

            """
    }

    /// Writes the case into a new temporary folder and returns it.
    public static func write() throws -> URL {
        let folder = try TestSupport.temporaryFolder("multilot").appendingPathComponent("multi", isDirectory: true)
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        for bid in bids { try TestSupport.write(self.bid(bid.id), to: "bids/\(bid.id).xml", in: folder) }
        for evaluator in ["EV-1", "EV-2"] {
            for item in scores {
                try TestSupport.write(
                    sheet(
                        evaluator: evaluator, lot: item.lot, bid: item.bid, criterion: item.criterion, score: item.score
                    ),
                    to: sheetPath(evaluator: evaluator, lot: item.lot, bid: item.bid), in: folder)
            }
            try TestSupport.write(declaration(evaluator), to: "declarations/\(evaluator).xml", in: folder)
        }
        return folder
    }

    /// Writes the case and runs seal, receive, open, declare, score and evaluate on the story's clock.
    public static func writeAndRun() throws -> (folder: URL, clock: TestClock) {
        let folder = try write()
        let clock = TestClock("2025-03-01T09:00:00+00:00")
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        _ = try lifecycle.seal(key: panel.key("LEAD"))
        clock.set("2025-03-10T10:00:00+00:00")
        for bid in bids {
            _ = try lifecycle.receive(
                bidFile: folder.appendingPathComponent("bids/\(bid.id).xml"), key: panel.key("LEAD"))
        }
        clock.set("2025-03-14T13:00:00+00:00")
        _ = try lifecycle.open(key: panel.key("LEAD"))
        clock.set("2025-03-15T09:00:00+00:00")
        for member in ["EV-1", "EV-2"] { _ = try lifecycle.declare(key: panel.key(member)) }
        clock.set("2025-03-16T09:00:00+00:00")
        for member in ["EV-1", "EV-2"] {
            for item in scores {
                _ = try lifecycle.score(
                    sheet: sheetPath(evaluator: member, lot: item.lot, bid: item.bid), key: panel.key(member))
            }
        }
        clock.set("2025-03-21T09:00:00+00:00")
        _ = try lifecycle.evaluate(key: panel.key("FIN"))
        return (folder, clock)
    }
}
