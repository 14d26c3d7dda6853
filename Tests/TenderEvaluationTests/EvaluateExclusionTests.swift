import TenderEvaluation
import TenderModel
import Testing

/// Gates, minimum scores and quality thresholds: who leaves the evaluation, when, and what that
/// does to the price benchmark.
@Suite("Evaluate: gates and thresholds")
struct EvaluateExclusionTests {
    static let gates = [
        Gate(id: "G-EXC", kind: .exclusion, name: "Exclusion grounds", requirement: "no grounds of Art. 57 apply"),
        Gate(id: "G-INS", kind: .selection, name: "Insurance", requirement: "EUR 1m liability cover"),
    ]

    @Test("A bid failing or not declaring a gate is excluded and its price does not set the benchmark")
    func gateExclusionAndBenchmark() throws {
        // B1 (50000) fails G-EXC; B2 (60000) does not declare G-INS. Both are cheaper than B3 (80000),
        // which must be the benchmark: B4 (95000) gets 40 × 80000/95000 = 640/19, not 40 × 50000/95000.
        // Excluded bids need no score sheets.
        let input = Build.input(
            Build.plan([Build.standardLot()], gates: Self.gates),
            bids: [
                Build.bid("B1", price: "50000", gates: [("G-EXC", false), ("G-INS", true)]),
                Build.bid("B2", price: "60000", gates: [("G-EXC", true)]),
                Build.bid("B3", price: "80000", gates: [("G-EXC", true), ("G-INS", true)]),
                Build.bid("B4", price: "95000", gates: [("G-INS", true), ("G-EXC", true)]),
            ],
            sheets: [Build.sheet("EV-1", "B3", [("Q", "2")]), Build.sheet("EV-1", "B4", [("Q", "4")])])
        let lot = try evaluateLot(input)
        #expect(
            lot.benchmarks == [
                PriceBenchmark(
                    criterion: "P", formula: .lowestPriceRatio, lowest: eur("80000"), lowestBids: ["B3"], highest: nil,
                    admissibleBids: 2)
            ])
        #expect(try lot.bid("B4").pricePoints == PointsValue(exact: q(640, 19)))
        #expect(try lot.bid("B4").totalPoints == PointsValue(exact: q(60) + q(640, 19)))
        #expect(try lot.bid("B3").totalPoints == PointsValue(exact: q(70)))
        #expect(lot.order == ["B4", "B3", "B1", "B2"])
        #expect(lot.ranks == [1, 2, nil, nil])

        let b1 = try lot.bid("B1")
        #expect(
            b1.status
                == .excluded(
                    Exclusion(
                        stage: .gate, reason: "the tenderer declares it does not meet gate G-EXC (Exclusion grounds)")))
        #expect(
            b1.gates == [GateOutcome(gate: "G-EXC", outcome: .failed), GateOutcome(gate: "G-INS", outcome: .passed)])
        #expect(b1.criteria.isEmpty)
        #expect(b1.qualityPoints == nil)
        #expect(b1.totalPoints == nil)
        let b2 = try lot.bid("B2")
        #expect(
            b2.status
                == .excluded(
                    Exclusion(
                        stage: .gate, reason: "the tenderer makes no declaration for gate G-INS (Insurance)")))
        #expect(
            b2.gates == [
                GateOutcome(gate: "G-EXC", outcome: .passed), GateOutcome(gate: "G-INS", outcome: .notDeclared),
            ])
        #expect(
            try lot.bid("B4").gates == [
                GateOutcome(gate: "G-EXC", outcome: .passed), GateOutcome(gate: "G-INS", outcome: .passed),
            ])
    }

    @Test("A bid failing several gates gives every reason in plan order")
    func severalGateReasons() throws {
        let input = Build.input(
            Build.plan([Build.standardLot()], gates: Self.gates),
            bids: [Build.bid("B1", price: "50000", gates: [("G-INS", false)])])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(
            b1.status
                == .excluded(
                    Exclusion(
                        stage: .gate,
                        reason:
                            "the tenderer makes no declaration for gate G-EXC (Exclusion grounds); declares it does not meet gate"
                            + " G-INS (Insurance)")))
    }

    @Test("A bid below the quality threshold is excluded before price scoring and does not set the benchmark")
    func qualityThresholdBenchmark() throws {
        // Threshold 30 quality points. B1 (50000) scores 1 → 15 points: out. B2 (80000) scores 2 → 30: in
        // (equal to the threshold is enough). B3 (100000) scores 4 → 60; P = 40 × 80000/100000 = 32.
        let input = Build.input(
            Build.plan([Build.standardLot(qualityThreshold: "30")]),
            bids: [Build.bid("B1", price: "50000"), Build.bid("B2", price: "80000"), Build.bid("B3", price: "100000")],
            moderations: [Build.moderation([("B1", "Q", "1"), ("B2", "Q", "2"), ("B3", "Q", "4")])])
        let lot = try evaluateLot(input)
        #expect(lot.benchmarks.first?.lowest == eur("80000"))
        #expect(lot.benchmarks.first?.lowestBids == ["B2"])
        #expect(lot.benchmarks.first?.admissibleBids == 2)
        #expect(try lot.bid("B3").totalPoints == PointsValue(exact: q(92)))
        #expect(try lot.bid("B2").totalPoints == PointsValue(exact: q(70)))
        let b1 = try lot.bid("B1")
        #expect(
            b1.status
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold,
                        reason: "the bid has 15 quality points, below the lot's threshold of 30")))
        #expect(b1.qualityPoints == PointsValue(exact: q(15)))
        #expect(b1.pricePoints == nil)
        #expect(b1.totalPoints == nil)
        #expect(b1.criteria.map(\.criterion) == ["Q"])
        #expect(lot.order == ["B3", "B2", "B1"])
    }

    @Test("The quality threshold is compared on the exact value even when the rounded value reaches it")
    func thresholdUnroundedFails() throws {
        // B2's exact quality is 70/3 = 23.333…; rounded up to 2 places it is 23.34, the threshold.
        let input = EvaluateTotalsTests.roundingInput(
            Rounding(places: 2, mode: .up, stage: .criterionPoints), qualityThreshold: "23.34")
        let lot = try evaluateLot(input)
        let b2 = try lot.bid("B2")
        #expect(b2.qualityPoints == PointsValue(used: q(2334, 100), unrounded: q(70, 3)))
        #expect(
            b2.status
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold,
                        reason: "the bid has 70/3 quality points, below the lot's threshold of 23.34")))
        #expect(try lot.bid("B1").rank == 1)
    }

    @Test("The quality threshold is compared on the exact value even when the rounded value falls below it")
    func thresholdUnroundedPasses() throws {
        // Exact 23.333… ≥ 23.333, although the rounded-down 23.33 is below it.
        let input = EvaluateTotalsTests.roundingInput(
            Rounding(places: 2, mode: .down, stage: .criterionPoints), qualityThreshold: "23.333")
        let lot = try evaluateLot(input)
        let b2 = try lot.bid("B2")
        #expect(b2.qualityPoints == PointsValue(used: q(2333, 100), unrounded: q(70, 3)))
        #expect(b2.rank == 2)
    }

    @Test(
        "A minimum score is compared on the exact aggregate, never a rounded one",
        arguments: [
            // The mean of 2, 3, 3 is 8/3 = 2.666…: below 2.67 (which it would round to), above 2.666.
            ("2.67", false),
            ("2.666", true),
            ("2.6667", false),
            ("2.6666", true),
            ("3", false),
        ])
    func minimumScoreUnrounded(minimum: String, passes: Bool) throws {
        let rules = EvaluationRules(aggregation: Aggregation(method: .mean, maximumSpread: nil))
        let input = Build.input(
            Build.plan([Build.standardLot(minimumScore: minimum)], rules: rules),
            bids: [Build.bid("B1", price: "80000"), Build.bid("B2", price: "50000")],
            sheets: Build.sheets("B1", q: ["2", "3", "3"]) + Build.sheets("B2", q: ["4", "4", "4"]))
        let lot = try evaluateLot(input)
        let b1 = try lot.bid("B1")
        if passes {
            #expect(b1.rank == 2)
            // Q = 60 × (8/3)/4 = 40; P = 40 × 50000/80000 = 25.
            #expect(b1.totalPoints == PointsValue(exact: q(65)))
        } else {
            #expect(
                b1.status
                    == .excluded(
                        Exclusion(
                            stage: .qualityThreshold,
                            reason: "the bid scores 8/3 on criterion Q, below its minimum of \(minimum)")))
        }
    }

    @Test("A bid below a minimum score does not set the benchmark")
    func minimumScoreBenchmark() throws {
        let input = Build.input(
            Build.plan([Build.standardLot(minimumScore: "2")]),
            bids: [Build.bid("B1", price: "50000"), Build.bid("B2", price: "80000"), Build.bid("B3", price: "95000")],
            moderations: [Build.moderation([("B1", "Q", "1"), ("B2", "Q", "2"), ("B3", "Q", "4")])])
        let lot = try evaluateLot(input)
        #expect(lot.benchmarks.first?.lowest == eur("80000"))
        #expect(try lot.bid("B3").pricePoints?.used == q(640, 19))
        #expect(
            try lot.bid("B1").status
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold, reason: "the bid scores 1 on criterion Q, below its minimum of 2")))
    }

    @Test("Missing a minimum score and the threshold gives both reasons")
    func bothReasons() throws {
        let input = Build.input(
            Build.plan([Build.standardLot(minimumScore: "2", qualityThreshold: "30")]),
            bids: [Build.bid("B1", price: "50000")],
            moderations: [Build.moderation([("B1", "Q", "1")])])
        #expect(
            try evaluateLot(input).bid("B1").status
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold,
                        reason:
                            "the bid scores 1 on criterion Q, below its minimum of 2; has 15 quality points, below the lot's"
                            + " threshold of 30")))
    }
}
