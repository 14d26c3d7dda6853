import Foundation
import TenderEvaluation
import TenderModel
import Testing

/// The assessment summaries derived from the shipped case (tenders/renfrewshire-electrical-testing),
/// with figures hand-checked against its README's expected ranking.
@Suite("Assessment summaries: derivation")
struct AssessmentSummaryTests {
    static func shippedSummaries(recommended: [LotID: BidID] = ["LOT-0000": "BID-001"]) throws -> [AssessmentSummary] {
        let input = try DecisionAnalysisTests.shippedInput()
        return try AssessmentSummary.derive(
            plan: input.plan, result: try evaluateOK(input), moderations: input.moderations, recommended: recommended)
    }

    static func summary(_ bid: BidID) throws -> AssessmentSummary {
        try #require(try shippedSummaries().first { $0.tender.bid == bid })
    }

    @Test("One summary per bid of the awarded lot, ranked bids by rank then excluded bids by ID")
    func onePerBid() throws {
        let summaries = try Self.shippedSummaries()
        #expect(
            summaries.map(\.tender.bid)
                == ["BID-001", "BID-002", "BID-006", "BID-003", "BID-004", "BID-005", "BID-007"])
        #expect(summaries.allSatisfy { $0.lot == "LOT-0000" })
        #expect(summaries.filter(\.isForWinner).map(\.tender.bid) == ["BID-001"])
        #expect(summaries.compactMap(\.winner?.bid).allSatisfy { $0 == "BID-001" })
    }

    @Test("The criteria carry their published weightings and the points each is worth")
    func criteria() throws {
        let summary = try Self.summary("BID-002")
        #expect(summary.criteria.map(\.id) == ["AC-1", "AC-2", "AC-3", "AC-4", "AC-5"])
        #expect(summary.criteria.map(\.weight) == [15, 5, 3, 2, 75].map { Decimal($0) })
        #expect(summary.criteria.map(\.maximumPoints) == [15, 5, 3, 2, 75].map { Rational($0) })
        #expect(summary.criteria.first?.minimumScore == 2)
        #expect(summary.criteria.last?.assessment == .price(.lowestPriceRatio))
        #expect(summary.pointsAvailable == Rational(100))
    }

    @Test("BID-002's summary: its own scores with the consensus reasons, and the winner's, exactly")
    func runnerUp() throws {
        let summary = try Self.summary("BID-002")
        // README: BID-002 2 median, 2 median, 2 moderated, 2 moderated; 7.50 + 2.50 + 1.50 + 1.00 = 12.50;
        // price 75.00 (the lowest admissible price); total 87.50; rank 2.
        #expect(
            summary.figures(of: "BID-002") == [
                "AC-1 score 2", "AC-1 points 7.5", "AC-2 score 2", "AC-2 points 2.5", "AC-3 score 2", "AC-3 points 1.5",
                "AC-4 score 2", "AC-4 points 1", "AC-5 points 75", "AC-5 price 386400.00", "quality-points 12.5",
                "price-points 75", "total-points 87.5", "rank 2",
            ])
        // BID-001 (README): 4, 4, 3, 3 (moderated) → 15 + 5 + 2.25 + 1.50 = 23.75; price 75 × 386400 ÷ 448750
        // rounded to 64.58; total 88.33; its price is not disclosed to BID-002.
        #expect(
            summary.figures(of: "BID-001") == [
                "AC-1 score 4", "AC-1 points 15", "AC-2 score 4", "AC-2 points 5", "AC-3 score 3", "AC-3 points 2.25",
                "AC-4 score 3", "AC-4 points 1.5", "AC-5 points 64.58", "quality-points 23.75",
                "price-points 64.58", "total-points 88.33", "rank 1",
            ])
        let ac3 = try #require(summary.tender.criteria.first { $0.criterion == "AC-3" })
        guard case let .consensus(reason) = ac3.explanation else {
            Issue.record("AC-3 of BID-002 was moderated")
            return
        }
        #expect(reason.hasPrefix("Individual scores 1 (EV-1), 3 (EV-2), 2 (EV-3): spread 2"))
        let ac1 = try #require(summary.tender.criteria.first { $0.criterion == "AC-1" })
        #expect(ac1.explanation == .aggregate(.median, evaluators: 3))
    }

    @Test("Points are shown with the plan's two decimals; exact values stay in the figures")
    func display() throws {
        let summary = try Self.summary("BID-002")
        let shown = summary.figures.map { "\($0.key) \(summary.displayText($0))" }
        #expect(shown.contains("BID-001 total-points 88.33"))
        #expect(shown.contains("BID-002 AC-1 points 7.50"))
        #expect(shown.contains("BID-002 AC-1 score 2"))
        #expect(shown.contains("BID-002 AC-5 price 386400.00"))
    }

    @Test("An excluded bid's summary gives the exclusion and only what was assessed, and no rank")
    func excluded() throws {
        let gate = try Self.summary("BID-003")
        guard case let .excluded(exclusion) = gate.tender.outcome else {
            Issue.record("BID-003 is excluded at a gate")
            return
        }
        #expect(exclusion.stage == .gate)
        #expect(gate.tender.criteria.isEmpty)
        #expect(gate.figures(of: "BID-003") == [])

        let threshold = try Self.summary("BID-005")
        // README: BID-005 1 (moderated), 2, 2, 2 → 3.75 + 2.50 + 1.50 + 1.00 = 8.75, excluded before price.
        #expect(
            threshold.figures(of: "BID-005") == [
                "AC-1 score 1", "AC-1 points 3.75", "AC-2 score 2", "AC-2 points 2.5", "AC-3 score 2",
                "AC-3 points 1.5",
                "AC-4 score 2", "AC-4 points 1", "quality-points 8.75",
            ])
        let rejected = try Self.summary("BID-004")
        guard case let .excluded(why) = rejected.tender.outcome else {
            Issue.record("BID-004 is excluded")
            return
        }
        #expect(why.stage == .abnormallyLowRejected)
        #expect(rejected.tender.totalPoints == nil)
    }

    @Test("No summary holds a figure of a tender other than its own and the winner's")
    func noOtherTenderer() throws {
        for summary in try Self.shippedSummaries() {
            let bids = Set(summary.figures.map(\.bid))
            #expect(bids.isSubset(of: [summary.tender.bid, "BID-001"]))
        }
    }

    @Test("A recommendation for a bid not ranked first alone, or for a lot not evaluated, is refused")
    func refusals() throws {
        #expect(throws: AssessmentSummaryError.recommendedNotRankedFirst(lot: "LOT-0000", bid: "BID-002")) {
            try Self.shippedSummaries(recommended: ["LOT-0000": "BID-002"])
        }
        #expect(throws: AssessmentSummaryError.lotNotEvaluated("LOT-9")) {
            try Self.shippedSummaries(recommended: ["LOT-9": "BID-001"])
        }
        #expect(try Self.shippedSummaries(recommended: [:]).isEmpty)
    }

    @Test("Sub-criteria in points: their share of the parent, exact figures, and approximate display without rounding")
    func subCriteriaInPoints() throws {
        // Q (70 points) = Q1 (40) + Q2 (20) at a points level; P 40 points: the lot is out of 110.
        let children = Build.level(
            .points, [Build.scored("Q1", weight: "40", line: 31), Build.scored("Q2", weight: "20", line: 32)], line: 30)
        let lot = Build.lot(
            Build.level(
                .points,
                [
                    Build.parent("Q", weight: "70", children: children, line: 29),
                    Build.priced("P", weight: "40", line: 33),
                ],
                line: 28))
        let sheets = ["EV-1", "EV-2"].flatMap { evaluator in
            [
                Build.sheet(EvaluatorID(evaluator), "B1", [("Q1", "4"), ("Q2", "2")]),
                Build.sheet(EvaluatorID(evaluator), "B2", [("Q1", "2"), ("Q2", "4")]),
            ]
        }
        let input = Build.input(
            Build.plan([lot]), bids: [Build.bid("B1", price: "100000"), Build.bid("B2", price: "80000")], sheets: sheets
        )
        let summaries = try AssessmentSummary.derive(
            plan: input.plan, result: try evaluateOK(input), moderations: [], recommended: [Build.lotID: "B1"])
        let summary = try #require(summaries.first { $0.tender.bid == "B2" })
        #expect(summary.pointsAvailable == Rational(110))
        // Q1 is worth 70 × 40/60 = 140/3 points, Q2 70 × 20/60 = 70/3.
        #expect(summary.criteria.map(\.id) == ["Q", "Q1", "Q2", "P"])
        #expect(summary.criteria.map(\.depth) == [0, 1, 1, 0])
        #expect(summary.criteria.map(\.parent) == [nil, "Q", "Q", nil])
        #expect(
            summary.criteria.map(\.maximumPoints.exactText) == ["70", "140/3", "70/3", "40"])
        // B2: Q1 140/3 × 2/4 = 70/3, Q2 70/3 × 4/4 = 70/3, Q 140/3; P 40 × 80000/80000 = 40; total 260/3.
        // B1: Q1 140/3, Q2 35/3, Q 175/3; P 40 × 80000/100000 = 32; total 271/3, ranked first.
        #expect(
            summary.figures(of: "B2") == [
                "Q points 140/3", "Q1 score 2", "Q1 points 70/3", "Q2 score 4", "Q2 points 70/3", "P points 40",
                "P price 80000", "quality-points 140/3", "price-points 40", "total-points 260/3", "rank 2",
            ])
        #expect(summary.figures(of: "B1").contains("total-points 271/3"))
        #expect(!summary.figures(of: "B1").contains { $0.hasPrefix("P price") })
        let shown = summary.figures.map { "\($0.key) \(summary.displayText($0))" }
        #expect(shown.contains("B2 total-points ≈86.67"))
        #expect(shown.contains("B2 P points 40"))
        let q1 = try #require(summary.tender.criteria.first { $0.criterion == "Q1" })
        #expect(q1.explanation == .aggregate(.median, evaluators: 2))
        #expect(summary.tender.criteria.first?.explanation == .sumOfSubCriteria)
    }
}

extension AssessmentSummary {
    /// The figures of one bid as `criterion kind value` (or `kind value` for totals).
    fileprivate func figures(of bid: BidID) -> [String] {
        figures.filter { $0.bid == bid }.map { [$0.criterion?.rawValue, $0.kind.rawValue, $0.value].compactMap { $0 } }
            .map { $0.joined(separator: " ") }
    }
}
