import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderXML
import Testing

/// `tender import-notice --all-lots`: one plan with every lot and group of lots of a notice.
@Suite("Importing every lot of a notice")
struct EFormsAllLotsImportTests {
    static let hundredLots = "eforms-sdk/notices/cn_24_maximal_100_lots.xml"

    @Test("The 100-lot notice imports as one plan of 100 lots, each cost 60 and quality 40, as published")
    func hundredLots() throws {
        let notice = try EFormsFixtures.notice(Self.hundredLots)
        let plan = try notice.importAllLots(noticeFile: "notice.xml", noticeSHA256: nil)
        // BT-701 at line 304 of the notice; the procedure's BT-21 and BT-27 at lines 414 and 422.
        #expect(plan.id == "7dac8d90-0883-49f2-87de-519c5992d0bc")
        #expect(plan.title == "Procurement Title ---")
        #expect(plan.currency == "EUR")
        #expect(plan.estimatedValue == Money(text: "9999999.99", currency: "EUR"))
        #expect(plan.source?.lot == nil && plan.source?.lotScheme == nil)
        #expect(
            plan.lots.map(\.id.rawValue)
                == (1...100).map { "LOT-" + String(repeating: "0", count: 4 - String($0).count) + String($0) })
        for lot in plan.lots {
            #expect(lot.kind == .lot && lot.members.isEmpty)
            #expect(lot.criteria.weighting == .percent)
            #expect(lot.criteria.criteria.map(\.id) == ["AC-1", "AC-2"])
            #expect(lot.criteria.criteria.map(\.type) == ["cost", "quality"])
            #expect(lot.criteria.criteria.map(\.weight) == [Decimal(60), Decimal(40)])
            #expect(lot.estimatedValue == Money(text: "9999999.99", currency: "EUR"))
        }
        // A restricted procedure: the lots give a time limit for requests to participate, not for
        // tenders (no cac:TenderSubmissionDeadlinePeriod anywhere), so the plan has no deadline.
        #expect(plan.submissionDeadline == nil)
        #expect(plan.noteCodes == ["no-deadline"])
        // What the authority must still state: the deadline, and a method for each of the 200 criteria.
        let readiness = plan.readinessProblems()
        #expect(readiness.count == 1 + 200)
        #expect(readiness.filter { $0.message.hasPrefix("criterion AC-1 (cost) of lot LOT-0") }.count == 100)
        // The plan is valid in our schema, reads back the same, and conforms to the notice.
        let bytes = try plan.xmlDocument.serialized()
        let reread = try TenderPlan.parse(bytes, path: "tender.xml")
        #expect(reread.lots.count == 100 && reread.source?.lot == nil)
        #expect(reread.conformanceProblems(to: notice).isEmpty)
    }

    @Test("The 100-lot plan, completed, evaluates every lot with exact totals")
    func hundredLotsEvaluate() throws {
        let notice = try EFormsFixtures.notice(Self.hundredLots)
        var plan = try notice.importAllLots(noticeFile: "notice.xml", noticeSHA256: nil)
        // The authority completes it: a deadline, AC-1 (cost 60) by the lowest-price ratio, AC-2
        // (quality 40) on a 0–4 scale, the median, one evaluator.
        plan.submissionDeadline = Timestamp("2023-06-30T12:00:00+02:00")
        plan.rules = EvaluationRules(aggregation: Aggregation(method: .median, maximumSpread: nil))
        let location = FileLocation(path: "tender.xml", line: 1)
        plan.scales = [
            "S04": ScoringScale(
                id: "S04", points: (0...4).map { ScoringScale.Point(value: Decimal($0), descriptor: "level \($0)") },
                location: location)
        ]
        plan.panel = [PanelMember(id: "EV-1", name: "Ann", roles: [.qualityEvaluator])]
        for index in plan.lots.indices {
            plan.lots[index].criteria.criteria[0].method = .price(.lowestPriceRatio)
            plan.lots[index].criteria.criteria[1].method = .scale("S04")
        }
        #expect(plan.readinessProblems().isEmpty)
        // Two tenderers bid for every lot. In lot i, X asks 1000 × i and scores 2; Y asks 2000 × i in
        // odd lots and 1200 × i in even lots, and scores 4.
        //   odd i:  X 60 + 40 × 2/4 = 80; Y 60 × 1000/2000 = 30 + 40 = 70 → X first.
        //   even i: X 80; Y 60 × 1000/1200 = 50 + 40 = 90 → Y first.
        func bid(_ id: BidID, price: (Int) -> Int) -> Bid {
            Bid(
                id: id, tenderer: Tenderer(id: TendererID("T-\(id)"), name: "Tenderer \(id)", country: nil),
                submittedAt: nil, gateDeclarations: [],
                lotBids: plan.lots.enumerated().map { index, lot in
                    LotBid(
                        lot: lot.id,
                        prices: [
                            PriceQuote(
                                amount: Money(text: "\(price(index + 1))", currency: "EUR")!, criterion: nil,
                                location: location)
                        ], responses: [:], location: location)
                }, location: location)
        }
        let bids = [bid("X") { 1000 * $0 }, bid("Y") { $0 % 2 == 1 ? 2000 * $0 : 1200 * $0 }]
        let sheets = plan.lots.flatMap { lot in
            [("X", "2"), ("Y", "4")].map { bid, score in
                ScoreSheet(
                    evaluator: "EV-1", bid: BidID(bid), lot: lot.id, completedAt: nil,
                    scores: [
                        CriterionScore(
                            criterion: "AC-2", value: Decimal(string: score)!, justification: "As the response shows.",
                            location: location)
                    ], location: location)
            }
        }
        let result = try evaluate(EvaluationInput(plan: plan, bids: bids, scoreSheets: sheets, moderations: []))
        #expect(result.lots.count == 100)
        for (index, lot) in result.lots.enumerated() {
            let odd = (index + 1) % 2 == 1
            let ranking = lot.bids.map { "\($0.bid) \($0.totalPoints?.used.exactText ?? "—")" }
            #expect(ranking == (odd ? ["X 80", "Y 70"] : ["Y 90", "X 80"]), "lot \(lot.lot)")
        }
    }

    @Test("A changed weighting in one of the 100 lots is named by lot and criterion")
    func hundredLotsConformance() throws {
        let notice = try EFormsFixtures.notice(Self.hundredLots)
        var plan = try notice.importAllLots(noticeFile: "notice.xml", noticeSHA256: nil)
        let index = try #require(plan.lots.firstIndex { $0.id == "LOT-0057" })
        plan.lots[index].criteria.criteria[0].published = [
            PublishedParameter(list: "number-weight", code: "per-exa", number: "70")
        ]
        plan.lots.remove(at: try #require(plan.lots.firstIndex { $0.id == "LOT-0100" }))
        let problems = plan.conformanceProblems(to: notice).map(\.message)
        // LOT-0057's first criterion starts at line 22125 of the notice; LOT-0100 at line 38465.
        let notice100 = "eforms-sdk/notices/cn_24_maximal_100_lots.xml"
        #expect(
            problems == [
                "criterion AC-1 of lot LOT-0057 records <Published list=\"number-weight\" code=\"per-exa\" number=\"70\"/>,"
                    + " but \(notice100):22125 published <Published list=\"number-weight\" code=\"per-exa\" number=\"60\"/>;"
                    + " write the <Published> elements as the notice published them: a published weighting cannot change"
                    + " after publication (Directive 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis)",
                "the plan has no lot LOT-0100, which \(notice100):38465 published and the plan's <Source> imports (every"
                    + " lot); restore <Lot id=\"LOT-0100\"> with the criteria the notice published",
            ])
    }

    @Test("A notice with a group of lots imports the group with its own criteria and its members")
    func groupOfLots() throws {
        let notice = try EFormsFixtures.notice("eforms-sdk/notices/cn_24_maximal.xml")
        let plan = try notice.importAllLots(noticeFile: "notice.xml", noticeSHA256: nil)
        #expect(plan.lots.map(\.id) == ["GLO-0001", "LOT-0001", "LOT-0002"])
        #expect(plan.lots.map(\.kind) == [.group, .lot, .lot])
        #expect(plan.lots[0].members == ["LOT-0001", "LOT-0002"])
        #expect(plan.lots.allSatisfy { $0.criteria.criteria.map(\.type) == ["cost", "quality"] })
        // The plan's group names lots the plan has: no group readiness problem.
        #expect(!plan.readinessProblems().contains { $0.message.contains("group of lots GLO-0001") })
        // Changing the group's members is a conformance problem.
        var changed = plan
        changed.lots[0].members = ["LOT-0001"]
        // GLO-0001 starts at line 628 of the notice.
        #expect(
            changed.conformanceProblems(to: notice).map(\.message) == [
                "lot GLO-0001 is a group of lots combining LOT-0001 in the plan, but"
                    + " eforms-sdk/notices/cn_24_maximal.xml:628 published a group of lots combining LOT-0001 and"
                    + " LOT-0002 (BT-330, BT-1375); state it as published: the lots that may be combined are those the"
                    + " notice indicated (Directive 2014/24/EU Art. 46(3))"
            ])
    }

    @Test("A notice without lots cannot be imported whole")
    func noLots() {
        let notice = ContractNotice(
            path: "empty.xml", rootElement: "ContractNotice", lots: [],
            location: FileLocation(path: "empty.xml", line: 1))
        #expect(throws: NoticeImportError.noLots) {
            try notice.importAllLots(noticeFile: "notice.xml", noticeSHA256: nil)
        }
    }
}
