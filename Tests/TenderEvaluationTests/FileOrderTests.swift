import TenderEvaluation
import TenderModel
import Testing

/// A seeded generator (SplitMix64), so that every run shuffles the same way and a failure replays.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `evaluate` is a pure function of the documents, not of the order they were read in.
@Suite("Evaluate: file order")
struct FileOrderTests {
    /// Two lots, gates, three evaluators, moderation in both lots, an unresolved tie, a flag, and
    /// a threshold exclusion: enough that any order dependence would show.
    static func caseInput() -> EvaluationInput {
        let gate = Gate(id: "G-EXC", kind: .exclusion, name: "Exclusion grounds", requirement: "none apply")
        let children = Build.level(
            .points,
            [
                Build.scored("Q1", weight: "2", line: 52), Build.scored("Q2", weight: "1", line: 53),
            ], line: 51)
        let lot2 = Build.lot(
            Build.level(
                .percent,
                [
                    Build.parent("Q", weight: "55.5", children: children, line: 50),
                    Build.priced("P", weight: "44.5", formula: .linearLowestToHighest, line: 54),
                ], line: 49),
            id: "LOT-2", qualityThreshold: "10", line: 48)
        let rules = EvaluationRules(
            rounding: Rounding(places: 2, mode: .halfEven, stage: .total),
            aggregation: Aggregation(method: .mean, maximumSpread: dec("2")), tieBreak: [],
            abnormallyLowScreen: AbnormallyLowScreen(basis: .median, belowPercent: dec("80")))
        let plan = Build.plan([Build.standardLot(), lot2], rules: rules, gates: [gate])
        let ok: [(GateID, Bool)] = [("G-EXC", true)]
        let bids = [
            Build.bid("B1", lots: [("LOT-1", "80000"), ("LOT-2", "30000")], gates: ok),
            Build.bid("B2", lots: [("LOT-1", "128000"), ("LOT-2", "41000.50")], gates: ok),
            Build.bid("B3", lots: [("LOT-1", "50000")], gates: [("G-EXC", false)]),
            Build.bid("B4", lots: [("LOT-1", "60000"), ("LOT-2", "22000")], gates: ok),
            Build.bid("B5", lots: [("LOT-2", "35000")], gates: ok),
            Build.bid("B10", lots: [("LOT-1", "99999.99")], gates: ok),
            Build.bid("B6", lots: [("LOT-1", "80000.00")], gates: ok),
        ]
        var sheets: [ScoreSheet] = []
        let lot1Scores: [BidID: [String]] = [
            "B1": ["3", "3", "3"], "B2": ["4", "4", "4"], "B4": ["1", "2", "2"], "B10": ["2", "4", "3"],
            "B6": ["3", "3", "3"],
        ]
        for (bid, scores) in lot1Scores {
            for (index, score) in scores.enumerated() {
                sheets.append(Build.sheet(EvaluatorID("EV-\(index + 1)"), bid, lot: "LOT-1", [("Q", score)]))
            }
        }
        let lot2Scores: [BidID: [(String, String)]] = [
            "B1": [("4", "1"), ("3", "2"), ("4", "0")], "B2": [("2", "2"), ("2", "3"), ("3", "2")],
            "B4": [("0", "0"), ("1", "0"), ("0", "1")], "B5": [("3", "3"), ("4", "3"), ("2", "4")],
        ]
        for (bid, scores) in lot2Scores {
            for (index, score) in scores.enumerated() {
                sheets.append(
                    Build.sheet(EvaluatorID("EV-\(index + 1)"), bid, lot: "LOT-2", [("Q1", score.0), ("Q2", score.1)]))
            }
        }
        let moderations = [
            Build.moderation(lot: "LOT-1", [("B10", "Q", "3"), ("B4", "Q", "2")]),
            Build.moderation(lot: "LOT-2", [("B5", "Q2", "4"), ("B1", "Q1", "4")]),
        ]
        return Build.input(plan, bids: bids, sheets: sheets, moderations: moderations)
    }

    static func shuffled(_ input: EvaluationInput, using generator: inout SeededGenerator) -> EvaluationInput {
        var copy = input
        copy.bids.shuffle(using: &generator)
        for index in copy.bids.indices { copy.bids[index].lotBids.shuffle(using: &generator) }
        copy.scoreSheets.shuffle(using: &generator)
        for index in copy.scoreSheets.indices { copy.scoreSheets[index].scores.shuffle(using: &generator) }
        copy.moderations.shuffle(using: &generator)
        for index in copy.moderations.indices { copy.moderations[index].consensus.shuffle(using: &generator) }
        return copy
    }

    @Test("The case is not trivial: a tie, a flag, rounding and exclusions at both stages occur")
    func caseIsRich() throws {
        let result = try evaluateOK(Self.caseInput())
        #expect(result.lots.count == 2)
        let lot1 = result.lots[0]
        // LOT-1 (Q 60, P 40, lowest admissible 60000; B3 excluded at the gate):
        // B1 and B6: 3 → 45; 40 × 60000/80000 = 30; 75.   B2: 4 → 60; 40 × 60000/128000 = 75/4; 315/4 = 78.75.
        // B4: consensus 2 → 30; 40; 70.            B10: consensus 3 → 45; 40 × 60000/99999.99 = 240000000/9999999; …
        #expect(try lot1.bid("B1").totalPoints == PointsValue(exact: q(75)))
        #expect(try lot1.bid("B2").totalPoints == PointsValue(exact: q(315, 4)))
        #expect(try lot1.bid("B3").rank == nil)
        #expect(try lot1.bid("B10").pricePoints?.unrounded == q(240_000_000, 9_999_999))
        // 45 + 24.0000024… = 69.0000024…, rounded half-even to 2 places: 69.
        #expect(try lot1.bid("B10").totalPoints?.used == q(69))
        #expect(lot1.order == ["B2", "B1", "B6", "B4", "B10", "B3"])
        #expect(lot1.ranks == [1, 2, 2, 4, 5, nil])
        #expect(lot1.ties.map(\.bids) == [["B1", "B6"]])
        // Median of 60000, 80000, 80000, 99999.99, 128000 is 80000; 80 % is 64000: B4 is flagged.
        #expect(lot1.abnormallyLowScreens.first?.flagged == ["B4"])
        #expect(lot1.abnormallyLowScreens.first?.threshold == q(64000))
        // LOT-2: Q1 is worth 55.5 × 2/3 = 37, Q2 18.5. B4's means are 1/3 and 1/3:
        // 37/12 + 37/24 = 37/8 = 4.625 quality points, below the threshold of 10.
        let lot2 = result.lots[1]
        let b4 = try lot2.bid("B4").status
        #expect(
            b4
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold,
                        reason: "the bid has 4.625 quality points, below the lot's threshold of 10")))
        // B5: Q1 mean 3 → 111/4; Q2 consensus 4 → 37/2; quality 185/4.
        #expect(try lot2.bid("B5").qualityPoints == PointsValue(exact: q(185, 4)))
        // Benchmark 30000…41000.50 (B4's 22000 is excluded): B1 earns 44.5, B2 0.
        #expect(lot2.benchmarks.first?.lowest == eur("30000"))
        #expect(lot2.benchmarks.first?.highest == eur("41000.50"))
    }

    @Test("Shuffling bids, lots within bids, sheets, scores and moderation records never changes the result")
    func shuffledInputsEvaluateEqually() throws {
        let input = Self.caseInput()
        let expected = try evaluateOK(input)
        var generator = SeededGenerator(seed: 0x7E4D_E27A_11)
        for round in 0..<60 {
            let result = try evaluateOK(Self.shuffled(input, using: &generator))
            #expect(result == expected, "round \(round)")
            if result != expected { break }
        }
    }

    @Test("Shuffling never changes the errors reported or their order")
    func shuffledErrorsAreEqual() {
        var input = Self.caseInput()
        input.bids[0].lotBids[0].prices[0].amount = eur("0")
        var again = Build.bid("B1", lots: [("LOT-1", "70000")])
        again.location = at("bids/Z-B1.xml", 1)
        input.bids.append(again)
        input.scoreSheets.append(Build.sheet("EV-7", "B2", lot: "LOT-1", [("Q", "9")]))
        let expected = evaluationError(input)
        #expect(
            expected?.description
                == [
                    "bids/B1.xml:11: error: price must be greater than zero; found 0",
                    "bids/Z-B1.xml:1: error: bid ID B1 is already used by bids/B1.xml; every bid needs its own ID",
                    "scores/EV-7/B2.xml:1: error: evaluator EV-7 is not on the plan's panel",
                    "scores/EV-7/B2.xml:10: error: score 9 is not on scale Q04; expected one of 0, 1, 2, 3, 4",
                ].joined(separator: "\n"))
        var generator = SeededGenerator(seed: 42)
        for round in 0..<40 {
            let error = #expect(throws: EvaluationError.self) { try evaluate(Self.shuffled(input, using: &generator)) }
            #expect(error == expected, "round \(round)")
            if error != expected { break }
        }
    }

    /// Each bid's scores and points are computed on one of the workers (``ParallelWork``); the
    /// result, and the problems the scoring finds (missing scores, spreads above the plan's
    /// maximum, in several bids of both lots), are the ones one thread gives.
    @Test("Scoring the bids on 1, 2 or 3 threads gives the same result and the same problems")
    func threadsDoNotChangeTheResult() throws {
        let input = Self.caseInput()
        let expected = try evaluate(input, workers: 1)
        #expect(try evaluate(input, workers: 2) == expected)
        #expect(try evaluate(input, workers: 3) == expected)

        var broken = input
        broken.moderations = []
        // Problems in bids scored by different workers: B2 has no score in LOT-2, B6 none in LOT-1,
        // and B10's scores in LOT-1 range from 0 to 4, above the plan's maximum spread of 2.
        broken.scoreSheets.removeAll { ($0.bid == "B2" && $0.lot == "LOT-2") || $0.bid == "B6" }
        if let index = broken.scoreSheets.firstIndex(where: { $0.bid == "B10" && $0.evaluator == "EV-1" }) {
            broken.scoreSheets[index].scores[0].value = dec("0")
        }
        let problems = evaluationError(broken)
        #expect(
            problems?.description.split(separator: "\n").map { $0.prefix(while: { $0 != ":" }) }
                == ["bids/B2.xml", "bids/B2.xml", "bids/B6.xml", "scores/EV-2/B10.xml"])
        for workers in [1, 2, 3] {
            let error = #expect(throws: EvaluationError.self) { try evaluate(broken, workers: workers) }
            #expect(error == problems, "\(workers) workers")
        }
    }
}
