import TenderEvaluation
import TenderModel
import Testing

/// The moderated (consensus) score is authoritative; without one the plan's aggregation applies,
/// and a spread above the plan's tolerance demands moderation.
@Suite("Evaluate: moderation")
struct ModerationTests {
    static let spreadRules = EvaluationRules(aggregation: Aggregation(method: .median, maximumSpread: dec("1")))

    @Test("A consensus score overrides the evaluators' scores")
    func consensusOverrides() throws {
        // Individual 4, 4, 4 (median 4 → 60) but consensus 2 → 60 × 2/4 = 30; P 40; total 70.
        let input = Build.input(
            Build.plan([Build.standardLot()]), bids: [Build.bid("B1", price: "80000")],
            sheets: Build.sheets("B1", q: ["4", "4", "4"]), moderations: [Build.moderation([("B1", "Q", "2")])])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(30)))
        #expect(b1.totalPoints == PointsValue(exact: q(70)))
        guard case let .score(detail) = b1.criteria.first?.detail else {
            Issue.record("no score detail")
            return
        }
        #expect(detail.value == q(2))
        #expect(detail.basis == .moderated)
        #expect(detail.individual.map(\.value) == [dec("4"), dec("4"), dec("4")])
        #expect(detail.spread == dec("0"))
    }

    @Test("A spread above the maximum is fine once moderation records a consensus score")
    func spreadWithConsensus() throws {
        // Individual 1, 3, 2: spread 2 > 1. Consensus 3 → 45; P 40; total 85.
        let input = Build.input(
            Build.plan([Build.standardLot()], rules: Self.spreadRules), bids: [Build.bid("B1", price: "80000")],
            sheets: Build.sheets("B1", q: ["1", "3", "2"]), moderations: [Build.moderation([("B1", "Q", "3")])])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.totalPoints == PointsValue(exact: q(85)))
        #expect(
            b1.criteria.first?.detail
                == .score(
                    ScoreDetail(
                        value: q(3), basis: .moderated, scaleMaximum: dec("4"),
                        individual: [
                            IndividualScore(evaluator: "EV-1", value: dec("1")),
                            IndividualScore(evaluator: "EV-2", value: dec("3")),
                            IndividualScore(evaluator: "EV-3", value: dec("2")),
                        ],
                        spread: dec("2"))))
    }

    @Test("A spread equal to the maximum needs no moderation")
    func spreadAtMaximum() throws {
        // Individual 2, 3: spread 1, median 5/2 → 60 × (5/2)/4 = 75/2; P 40; total 155/2.
        let input = Build.input(
            Build.plan([Build.standardLot()], rules: Self.spreadRules), bids: [Build.bid("B1", price: "80000")],
            sheets: Build.sheets("B1", q: ["2", "3"]))
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(75, 2)))
        #expect(b1.totalPoints == PointsValue(exact: q(155, 2)))
    }

    @Test("Only the criteria moderation settles use the consensus; the others use the aggregate")
    func partialModeration() throws {
        // Q1 30 %, Q2 30 %, P 40 %. Q1 individual 1 and 3 (median 2 → 15) but consensus 4 → 30.
        // Q2 individual 2 and 3, not moderated: median 5/2 → 30 × (5/2)/4 = 75/4. Total 30 + 75/4 + 40 = 355/4.
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q1", weight: "30", line: 21), Build.scored("Q2", weight: "30", line: 22),
                    Build.priced("P", weight: "40", line: 23),
                ], line: 20))
        let input = Build.input(
            Build.plan([lot]), bids: [Build.bid("B1", price: "80000")],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "1"), ("Q2", "2")]),
                Build.sheet("EV-2", "B1", [("Q2", "3"), ("Q1", "3")]),
            ],
            moderations: [Build.moderation([("B1", "Q1", "4")])])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.criteria.map(\.points.used) == [q(30), q(75, 4), q(40)])
        #expect(b1.totalPoints == PointsValue(exact: q(355, 4)))
    }
}
