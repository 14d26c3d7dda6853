import TenderEvaluation
import TenderModel
import Testing

/// Ranking and ties: never by input order; shared ranks are competition ranks (1, 1, 3).
@Suite("Evaluate: ranking and ties")
struct EvaluateRankingTests {
    /// Q 60 % on 0–4, P 40 % lowest-price ratio (lowest 80000).
    /// B1: 3 → 45 + 40 = 85. B2: 4 → 60 + 40 × 80000/128000 = 60 + 25 = 85. B3: 2 → 30 + 32 = 62.
    static func tiedInput(tieBreak: [TieBreakRule]) -> EvaluationInput {
        Build.input(
            Build.plan(
                [Build.standardLot()],
                rules: EvaluationRules(
                    aggregation: Aggregation(method: .median, maximumSpread: nil), tieBreak: tieBreak)),
            bids: [
                Build.bid("B2", price: "128000"), Build.bid("B3", price: "100000"), Build.bid("B1", price: "80000"),
            ],
            moderations: [Build.moderation([("B1", "Q", "3"), ("B2", "Q", "4"), ("B3", "Q", "2")])])
    }

    @Test("Without a declared tie-break, equal totals share a rank and the tie is reported unresolved")
    func unresolvedTie() throws {
        let lot = try evaluateLot(Self.tiedInput(tieBreak: []))
        #expect(lot.bids.map(\.totalPoints?.used) == [q(85), q(85), q(62)])
        #expect(lot.order == ["B1", "B2", "B3"])
        #expect(lot.ranks == [1, 1, 3])
        #expect(lot.leaders.map(\.bid) == ["B1", "B2"])
        #expect(
            lot.ties == [
                Tie(
                    rank: 1, bids: ["B1", "B2"], resolved: false,
                    explanation: "equal totals of 85; the plan declares no tie-break, so they share rank 1")
            ])
    }

    @Test("Highest quality points, then lowest price, resolves the tie")
    func qualityTieBreak() throws {
        let lot = try evaluateLot(Self.tiedInput(tieBreak: [.highestQualityPoints, .lowestPrice]))
        #expect(lot.order == ["B2", "B1", "B3"])
        #expect(lot.ranks == [1, 2, 3])
        #expect(lot.leaders.map(\.bid) == ["B2"])
        #expect(
            lot.ties == [
                Tie(
                    rank: 1, bids: ["B1", "B2"], resolved: true,
                    explanation:
                        "equal totals of 85, separated by the plan's tie-break (highest-quality-points, lowest-price)")
            ])
    }

    @Test("Lowest price alone puts the cheaper of two equal totals first")
    func lowestPriceTieBreak() throws {
        let lot = try evaluateLot(Self.tiedInput(tieBreak: [.lowestPrice]))
        #expect(lot.order == ["B1", "B2", "B3"])
        #expect(lot.ranks == [1, 2, 3])
        #expect(lot.ties.map(\.resolved) == [true])
    }

    /// Linear between bounds 80000–160000 for P 40: every price at or below 80000 earns 40.
    static let bounds = PriceFormula.linearBetweenBounds(fullPointsAt: eur("80000"), zeroPointsAt: eur("160000"))

    @Test("When quality points are equal too, the next rule (lowest price) decides")
    func secondRuleDecides() throws {
        // B1 and B2 both score 3 (45) and both earn 40 price points (70000 and 75000 are below the
        // bound): totals 85, quality 45 each; B1 is cheaper. B3: 45 + 40 × 40000/80000 = 65.
        let input = Build.input(
            Build.plan(
                [Build.standardLot(formula: Self.bounds)],
                rules: EvaluationRules(
                    aggregation: Aggregation(method: .median, maximumSpread: nil),
                    tieBreak: [.highestQualityPoints, .lowestPrice])),
            bids: [Build.bid("B2", price: "70000"), Build.bid("B1", price: "75000"), Build.bid("B3", price: "120000")],
            moderations: [Build.moderation([("B1", "Q", "3"), ("B2", "Q", "3"), ("B3", "Q", "3")])])
        let lot = try evaluateLot(input)
        #expect(lot.order == ["B2", "B1", "B3"])
        #expect(lot.ranks == [1, 2, 3])
        #expect(lot.bids.map(\.totalPoints?.used) == [q(85), q(85), q(65)])
        #expect(lot.ties.map(\.resolved) == [true])
    }

    @Test("A tie the declared rules cannot separate is shared below a leader: ranks 1, 2, 2, 4")
    func unresolvedWithRules() throws {
        // B4: 4 at 70000 → 100. B1, B2: 3 at 75000 → 85 each. B3: 3 at 120000 → 65.
        let input = Build.input(
            Build.plan(
                [Build.standardLot(formula: Self.bounds)],
                rules: EvaluationRules(
                    aggregation: Aggregation(method: .median, maximumSpread: nil),
                    tieBreak: [.highestQualityPoints, .lowestPrice])),
            bids: [
                Build.bid("B1", price: "75000"), Build.bid("B2", price: "75000.00"), Build.bid("B3", price: "120000"),
                Build.bid("B4", price: "70000"),
            ],
            moderations: [Build.moderation([("B1", "Q", "3"), ("B2", "Q", "3"), ("B3", "Q", "3"), ("B4", "Q", "4")])])
        let lot = try evaluateLot(input)
        #expect(lot.order == ["B4", "B1", "B2", "B3"])
        #expect(lot.ranks == [1, 2, 2, 4])
        #expect(
            lot.ties == [
                Tie(
                    rank: 2, bids: ["B1", "B2"], resolved: false,
                    explanation: "equal totals of 85, not separated by the plan's tie-break (highest-quality-points,"
                        + " lowest-price); the bids still equal share a rank")
            ])
    }

    @Test("A three-way tie split only partly is reported unresolved with the rest sharing a rank")
    func partlyResolved() throws {
        // B1: 4 → 60 at 110000 → 40 × 50000/80000 = 25: 85. B2: 3 at 70000 → 85. B3: 3 at 75000 → 85.
        // Highest quality puts B1 first; B2 and B3 stay level at rank 2.
        let input = Build.input(
            Build.plan(
                [Build.standardLot(formula: Self.bounds)],
                rules: EvaluationRules(
                    aggregation: Aggregation(method: .median, maximumSpread: nil), tieBreak: [.highestQualityPoints])),
            bids: [Build.bid("B3", price: "75000"), Build.bid("B2", price: "70000"), Build.bid("B1", price: "110000")],
            moderations: [Build.moderation([("B1", "Q", "4"), ("B2", "Q", "3"), ("B3", "Q", "3")])])
        let lot = try evaluateLot(input)
        #expect(lot.order == ["B1", "B2", "B3"])
        #expect(lot.ranks == [1, 2, 2])
        #expect(
            lot.ties == [
                Tie(
                    rank: 1, bids: ["B1", "B2", "B3"], resolved: false,
                    explanation:
                        "equal totals of 85, not separated by the plan's tie-break (highest-quality-points); the"
                        + " bids still equal share a rank")
            ])
    }

    @Test("Highest points on a named criterion decides between equal totals")
    func criterionTieBreak() throws {
        // Q1 30 %, Q2 30 %, P 40 %, equal prices. B1: Q1 4, Q2 2 → 30 + 15 = 45; B2: Q1 2, Q2 4 → 45.
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q1", weight: "30", line: 21), Build.scored("Q2", weight: "30", line: 22),
                    Build.priced("P", weight: "40", line: 23),
                ], line: 20))
        let input = Build.input(
            Build.plan(
                [lot],
                rules: EvaluationRules(
                    aggregation: Aggregation(method: .median, maximumSpread: nil),
                    tieBreak: [.highestCriterionPoints("Q2")])),
            bids: [Build.bid("B1", price: "90000"), Build.bid("B2", price: "90000")],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "4"), ("Q2", "2")]),
                Build.sheet("EV-1", "B2", [("Q1", "2"), ("Q2", "4")]),
            ])
        let result = try evaluateLot(input)
        #expect(result.order == ["B2", "B1"])
        #expect(result.ranks == [1, 2])
        #expect(result.bids.map(\.totalPoints?.used) == [q(85), q(85)])
        #expect(
            result.ties.first?.explanation
                == "equal totals of 85, separated by the plan's tie-break (highest-criterion-points(Q2))")
    }

    @Test("Ranking never follows input order: the bid with more points ranks first whatever its ID")
    func rankByPoints() throws {
        // "B10" sorts before "B9"; B9 has more points and must rank first.
        let input = Build.input(
            Build.plan([Build.standardLot()]),
            bids: [Build.bid("B10", price: "80000"), Build.bid("B9", price: "80000")],
            moderations: [Build.moderation([("B10", "Q", "1"), ("B9", "Q", "2")])])
        let lot = try evaluateLot(input)
        #expect(lot.order == ["B9", "B10"])
        #expect(lot.ranks == [1, 2])
    }
}
