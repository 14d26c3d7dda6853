import Foundation
import TenderEvaluation
import TenderModel
import Testing

/// Evaluator consistency: spreads against the plan's tolerance, each evaluator's bias against the
/// score used, and the flat-scorer flag, with values worked by hand.
@Suite("Panel consistency")
struct PanelConsistencyTests {
    /// Q1 30 %, Q2 30 % (both 0–4), P 40 %; median, maximum spread 1. Three bids, three evaluators:
    ///
    /// | bid | criterion | EV-1 | EV-2 | EV-3 | spread | used |
    /// |---|---|---|---|---|---|---|
    /// | A | Q1 | 3 | 2 | 2 | 1 | 2 (median) |
    /// | A | Q2 | 2 | 2 | 2 | 0 | 2 (median) |
    /// | B | Q1 | 4 | 3 | 2 | 2 | 3 (moderated: above the tolerance) |
    /// | B | Q2 | 3 | 3 | 2 | 1 | 3 (median) |
    /// | C | Q1 | 2 | 2 | 2 | 0 | 2 (median) |
    /// | C | Q2 | 1 | 2 | 2 | 1 | 2 (median) |
    static func input(maximumSpread: String? = "1") -> EvaluationInput {
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q1", weight: "30", line: 21), Build.scored("Q2", weight: "30", line: 22),
                    Build.priced("P", weight: "40", line: 23),
                ], line: 20))
        let rules = EvaluationRules(
            aggregation: Aggregation(method: .median, maximumSpread: maximumSpread.map(dec)))
        let scores: [(EvaluatorID, BidID, String, String)] = [
            ("EV-1", "A", "3", "2"), ("EV-1", "B", "4", "3"), ("EV-1", "C", "2", "1"),
            ("EV-2", "A", "2", "2"), ("EV-2", "B", "3", "3"), ("EV-2", "C", "2", "2"),
            ("EV-3", "A", "2", "2"), ("EV-3", "B", "2", "2"), ("EV-3", "C", "2", "2"),
        ]
        return Build.input(
            Build.plan([lot], rules: rules),
            bids: ["A", "B", "C"].map { Build.bid(BidID($0), price: "1000") },
            sheets: scores.map { Build.sheet($0.0, $0.1, [("Q1", $0.2), ("Q2", $0.3)]) },
            moderations: [Build.moderation([("B", "Q1", "3")])])
    }

    @Test("Spreads, biases and the flat scorer of a three-evaluator panel")
    func threeEvaluators() throws {
        let input = Self.input()
        let lot = try evaluateLot(input)
        let consistency = PanelConsistency.compute(lot, aggregation: input.plan.rules.aggregation)
        #expect(consistency.tolerance == dec("1"))
        // Rows in the evaluation's order (same prices: B first on quality, 45 points; A and C share
        // rank 2 with 30, by ID), criteria in plan order.
        #expect(
            consistency.spreads.map { "\($0.bid) \($0.criterion) \($0.spread)" } == [
                "B Q1 2", "B Q2 1", "A Q1 1", "A Q2 0", "C Q1 0", "C Q2 1",
            ])
        #expect(consistency.spreadsAboveTolerance.map { "\($0.bid) \($0.criterion)" } == ["B Q1"])
        #expect(consistency.spreadsAboveTolerance.first?.basis == .moderated)
        #expect(consistency.spreadsAboveTolerance.first?.scoreUsed == q(3))
        #expect(consistency.spreadsAboveTolerance.first?.lowest == dec("2"))
        #expect(consistency.spreadsAboveTolerance.first?.highest == dec("4"))
        // EV-1: +1 (A Q1), 0, +1 (B Q1: 4 − 3), 0, 0, −1 (C Q2: 1 − 2) → 1/6.
        // EV-2: every score equals the score used → 0.
        // EV-3: 0, 0, −1 (B Q1: 2 − 3), −1 (B Q2: 2 − 3), 0, 0 → −2/6 = −1/3; six 2s over 3 bids and 2
        // criteria: a flat scorer.
        #expect(
            consistency.evaluators == [
                EvaluatorConsistency(
                    evaluator: "EV-1", scores: 6, bids: 3, criteria: 2, bias: q(1, 6), scaleMaximum: dec("4"),
                    flatScore: nil),
                EvaluatorConsistency(
                    evaluator: "EV-2", scores: 6, bids: 3, criteria: 2, bias: q(0), scaleMaximum: dec("4"),
                    flatScore: nil),
                EvaluatorConsistency(
                    evaluator: "EV-3", scores: 6, bids: 3, criteria: 2, bias: q(-1, 3), scaleMaximum: dec("4"),
                    flatScore: dec("2")),
            ])
        #expect(consistency.flatScorers.map(\.evaluator) == ["EV-3"])
    }

    @Test("Without a tolerance no spread is above it, and the biases are the same")
    func noTolerance() throws {
        let input = Self.input(maximumSpread: nil)
        let consistency = PanelConsistency.compute(try evaluateLot(input), aggregation: input.plan.rules.aggregation)
        #expect(consistency.tolerance == nil)
        #expect(consistency.spreadsAboveTolerance.isEmpty)
        #expect(consistency.evaluators.map(\.bias) == [q(1, 6), q(0), q(-1, 3)])
    }

    @Test("One score for fewer than two criteria is not flagged as flat, however many bids")
    func flatNeedsTwoCriteria() throws {
        // Six bids, one criterion Q, EV-1 gives 2 to all six; EV-2 gives 1, 2, 3, 2, 2, 2.
        let bids: [BidID] = ["B1", "B2", "B3", "B4", "B5", "B6"]
        let second = ["1", "2", "3", "2", "2", "2"]
        let input = Build.input(
            Build.plan([Build.standardLot()]),
            bids: bids.map { Build.bid($0, price: "1000") },
            sheets: bids.map { Build.sheet("EV-1", $0, [("Q", "2")]) }
                + zip(bids, second).map { Build.sheet("EV-2", $0.0, [("Q", $0.1)]) })
        let consistency = PanelConsistency.compute(try evaluateLot(input), aggregation: input.plan.rules.aggregation)
        // Medians of two scores are their means: 1.5, 2, 2.5, 2, 2, 2. EV-1: +1/2, 0, −1/2, 0, 0, 0 → 0.
        #expect(consistency.evaluators.map(\.bias) == [q(0), q(0)])
        #expect(consistency.evaluators.first?.scores == 6)
        #expect(consistency.flatScorers.isEmpty)
    }

    @Test("The kept count, largest spread and rows above the tolerance agree with the rows, on 1 or 3 threads")
    func summaryAndThreads() throws {
        let input = Self.input()
        let lot = try evaluateLot(input)
        let one = PanelConsistency.compute(lot, aggregation: input.plan.rules.aggregation, workers: 1)
        let three = PanelConsistency.compute(lot, aggregation: input.plan.rules.aggregation, workers: 3)
        #expect(one == three)
        #expect(one.evaluators.map(\.bias) == three.evaluators.map(\.bias))
        #expect(one.spreadCount == 6 && one.spreadCount == one.spreads.count)
        #expect(one.largestSpread == dec("2") && one.largestSpread == one.spreads.map(\.spread).max())
        #expect(one.spreadsAboveTolerance == one.spreads.filter(\.isAboveTolerance))
        // EV-1's deviations +1, 0, +1, 0, 0, −1 over six scores, however the bids are split.
        #expect(one.evaluators.first?.bias == q(1, 6))
    }

    @Test("Scales with different maxima: each deviation is a share of its scale")
    func mixedScales() throws {
        // Q1 on 0–4, Q2 on 0–10; two evaluators, so each median is the mean of the two scores.
        // A: Q1 4 and 2 (used 3), Q2 10 and 6 (used 8); B: Q1 2 and 2 (used 2), Q2 5 and 5 (used 5).
        // EV-1: (4 − 3)/4 + (10 − 8)/10 + 0 + 0 = 1/4 + 1/5 = 9/20, over 4 scores → 9/80; EV-2: −9/80.
        var plan = Build.plan([
            Build.lot(
                Build.level(
                    .percent,
                    [
                        Build.scored("Q1", weight: "30", line: 21),
                        Build.scored("Q2", weight: "30", scale: "Q10", line: 22),
                        Build.priced("P", weight: "40", line: 23),
                    ], line: 20))
        ])
        plan.scales["Q10"] = ScoringScale(
            id: "Q10",
            points: (0...10).map { ScoringScale.Point(value: Decimal($0), descriptor: "level \($0)") },
            location: at("tender.xml", 5))
        let input = Build.input(
            plan, bids: [Build.bid("A", price: "1000"), Build.bid("B", price: "1000")],
            sheets: [
                Build.sheet("EV-1", "A", [("Q1", "4"), ("Q2", "10")]), Build.sheet("EV-1", "B", [("Q1", "2"), ("Q2", "5")]),
                Build.sheet("EV-2", "A", [("Q1", "2"), ("Q2", "6")]), Build.sheet("EV-2", "B", [("Q1", "2"), ("Q2", "5")]),
            ])
        let consistency = PanelConsistency.compute(try evaluateLot(input), aggregation: input.plan.rules.aggregation)
        #expect(consistency.evaluators.map(\.bias) == [q(9, 80), q(-9, 80)])
        #expect(consistency.evaluators.allSatisfy { $0.scaleMaximum == nil })
        #expect(consistency.spreads.map(\.spread) == [dec("2"), dec("4"), dec("0"), dec("0")])
    }

    @Test("A lot nobody scored has no rows")
    func priceOnly() throws {
        let input = AbnormallyLowTests.input(AbnormallyLowScreen(basis: .mean, belowPercent: dec("70")))
        let consistency = PanelConsistency.compute(try evaluateLot(input), aggregation: nil)
        #expect(consistency.spreads.isEmpty && consistency.evaluators.isEmpty)
    }
}
