import TenderEvaluation
import TenderModel
import Testing

/// Weighted totals on small hand-built cases; every expected value is worked out in the comments.
@Suite("Evaluate: weighted totals")
struct EvaluateTotalsTests {
    @Test("Quality and lowest-price-ratio points add up to exact totals out of 100")
    func percentTotals() throws {
        // Q 60 % on 0–4, P 40 % lowest-price ratio; median of three evaluators.
        // B1: median(3, 3, 4) = 3 → Q = 60 × 3/4 = 45; 80000 is lowest → P = 40; total 85.
        // B2: median(4, 4, 4) = 4 → Q = 60; P = 40 × 80000/95000 = 640/19; total 1780/19.
        let input = Build.input(
            Build.plan([Build.standardLot()]),
            bids: [Build.bid("B1", price: "80000.00"), Build.bid("B2", price: "95000.00")],
            sheets: Build.sheets("B1", q: ["3", "3", "4"]) + Build.sheets("B2", q: ["4", "4", "4"]))
        let lot = try evaluateLot(input)
        #expect(lot.pointsAvailable == q(100))
        #expect(lot.order == ["B2", "B1"])
        #expect(lot.ranks == [1, 2])
        #expect(lot.ties.isEmpty)

        let b1 = try lot.bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(45)))
        #expect(b1.pricePoints == PointsValue(exact: q(40)))
        #expect(b1.totalPoints == PointsValue(exact: q(85)))
        let b2 = try lot.bid("B2")
        #expect(b2.qualityPoints == PointsValue(exact: q(60)))
        #expect(b2.pricePoints == PointsValue(exact: q(640, 19)))
        #expect(b2.totalPoints == PointsValue(exact: q(1780, 19)))
        #expect(b2.totalPoints?.used.exactText == "1780/19")

        #expect(
            lot.benchmarks == [
                PriceBenchmark(
                    criterion: "P", formula: .lowestPriceRatio, lowest: eur("80000.00"), lowestBids: ["B1"],
                    highest: nil,
                    admissibleBids: 2)
            ])
        let quality = try #require(b1.criteria.first)
        #expect(quality.criterion == "Q")
        #expect(quality.points == PointsValue(exact: q(45)))
        #expect(
            quality.detail
                == .score(
                    ScoreDetail(
                        value: q(3), basis: .median, scaleMaximum: dec("4"),
                        individual: [
                            IndividualScore(evaluator: "EV-1", value: dec("3")),
                            IndividualScore(evaluator: "EV-2", value: dec("3")),
                            IndividualScore(evaluator: "EV-3", value: dec("4")),
                        ],
                        spread: dec("1"))))
        #expect(
            b1.criteria.last
                == CriterionEvaluation(
                    criterion: "P", points: PointsValue(exact: q(40)), detail: .price(eur("80000.00")), children: []))
    }

    @Test("The mean of 2, 3 and 3 gives exactly 60 × (8/3) ÷ 4 = 40 quality points")
    func meanAggregation() throws {
        let rules = EvaluationRules(aggregation: Aggregation(method: .mean, maximumSpread: nil))
        let input = Build.input(
            Build.plan([Build.standardLot()], rules: rules),
            bids: [Build.bid("B1", price: "80000")],
            sheets: Build.sheets("B1", q: ["2", "3", "3"]))
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(40)))
        #expect(b1.totalPoints == PointsValue(exact: q(80)))
        guard case let .score(detail) = b1.criteria.first?.detail else {
            Issue.record("no score detail")
            return
        }
        #expect(detail.value == q(8, 3))
        #expect(detail.basis == .mean)
    }

    @Test("Sub-criteria are shares of their parent: 60 split 50/50 gives 30 and 30")
    func subCriteriaPercent() throws {
        // Q (60 %) = Q1 (50 %) + Q2 (50 %); P 40 %.
        // B1: Q1 4 → 30 × 4/4 = 30; Q2 1 → 30 × 1/4 = 15/2; Q = 75/2; P = 40; total 155/2.
        // B2: Q1 2 → 15; Q2 3 → 45/2; Q = 75/2; P = 40 × 80000/100000 = 32; total 139/2.
        let children = Build.level(
            .percent,
            [
                Build.scored("Q1", weight: "50", line: 32), Build.scored("Q2", weight: "50", line: 33),
            ], line: 31)
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.parent("Q", weight: "60", children: children, line: 30),
                    Build.priced("P", weight: "40", line: 34),
                ], line: 20))
        let input = Build.input(
            Build.plan([lot]),
            bids: [Build.bid("B1", price: "80000"), Build.bid("B2", price: "100000")],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "4"), ("Q2", "1")]),
                Build.sheet("EV-1", "B2", [("Q1", "2"), ("Q2", "3")]),
            ])
        let result = try evaluateLot(input)
        let b1 = try result.bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(75, 2)))
        #expect(b1.totalPoints == PointsValue(exact: q(155, 2)))
        let parent = try #require(b1.criteria.first)
        #expect(parent.criterion == "Q")
        #expect(parent.detail == .subCriteria)
        #expect(parent.points == PointsValue(exact: q(75, 2)))
        #expect(parent.children.map(\.criterion) == ["Q1", "Q2"])
        #expect(parent.children.map(\.points.used) == [q(30), q(15, 2)])
        let b2 = try result.bid("B2")
        #expect(b2.criteria.first?.children.map(\.points.used) == [q(15), q(45, 2)])
        #expect(b2.totalPoints == PointsValue(exact: q(139, 2)))
        #expect(result.order == ["B1", "B2"])
    }

    @Test("Points sub-weightings inside a percentage parent: 1 and 2 points of 60 are 20 and 40")
    func subCriteriaPoints() throws {
        // Q (60 %) = Q1 (1 point) + Q2 (2 points): shares 60 × 1/3 = 20 and 60 × 2/3 = 40.
        // B1: Q1 4 → 20; Q2 1 → 40 × 1/4 = 10; Q = 30; P = 40; total 70.
        let children = Build.level(
            .points,
            [
                Build.scored("Q1", weight: "1", line: 32), Build.scored("Q2", weight: "2", line: 33),
            ], line: 31)
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.parent("Q", weight: "60", children: children, line: 30),
                    Build.priced("P", weight: "40", line: 34),
                ], line: 20))
        let input = Build.input(
            Build.plan([lot]), bids: [Build.bid("B1", price: "80000")],
            sheets: [Build.sheet("EV-1", "B1", [("Q1", "4"), ("Q2", "1")])])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.criteria.first?.children.map(\.points.used) == [q(20), q(10)])
        #expect(b1.qualityPoints == PointsValue(exact: q(30)))
        #expect(b1.totalPoints == PointsValue(exact: q(70)))
    }

    @Test("Points weightings of 40 and 70 give totals out of 110, not percentages")
    func pointsWeighting() throws {
        // Q 40 points, P 70 points: out of 110.
        // B1: score 3 → 40 × 3/4 = 30; lowest price → 70; total 100 (not 90.909…%).
        // B2: score 4 → 40; 70 × 80000/95000 = 1120/19; total 1880/19.
        let lot = Build.lot(
            Build.level(
                .points,
                [
                    Build.scored("Q", weight: "40", line: 21), Build.priced("P", weight: "70", line: 22),
                ], line: 20))
        let input = Build.input(
            Build.plan([lot]),
            bids: [Build.bid("B1", price: "80000"), Build.bid("B2", price: "95000")],
            sheets: [Build.sheet("EV-1", "B1", [("Q", "3")]), Build.sheet("EV-1", "B2", [("Q", "4")])])
        let result = try evaluateLot(input)
        #expect(result.pointsAvailable == q(110))
        let b1 = try result.bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(30)))
        #expect(b1.pricePoints == PointsValue(exact: q(70)))
        #expect(b1.totalPoints == PointsValue(exact: q(100)))
        let b2 = try result.bid("B2")
        #expect(b2.pricePoints == PointsValue(exact: q(1120, 19)))
        #expect(b2.totalPoints == PointsValue(exact: q(1880, 19)))
        #expect(result.order == ["B1", "B2"])
    }

    @Test("Linear lowest-to-highest uses the lowest and highest admissible prices")
    func linearLowestToHighestEndToEnd() throws {
        // Prices 80000, 95000, 120000; P 40: 40, 40 × 25000/40000 = 25, 0. All score 2 → Q 30.
        let input = Build.input(
            Build.plan([Build.standardLot(formula: .linearLowestToHighest)]),
            bids: [Build.bid("B1", price: "80000"), Build.bid("B2", price: "95000"), Build.bid("B3", price: "120000")],
            moderations: [Build.moderation([("B1", "Q", "2"), ("B2", "Q", "2"), ("B3", "Q", "2")])])
        let result = try evaluateLot(input)
        #expect(result.bids.map(\.pricePoints?.used) == [q(40), q(25), q(0)])
        #expect(result.bids.map(\.totalPoints?.used) == [q(70), q(55), q(30)])
        #expect(result.benchmarks.first?.lowest == eur("80000"))
        #expect(result.benchmarks.first?.highest == eur("120000"))
        #expect(result.benchmarks.first?.admissibleBids == 3)
    }

    @Test("Linear lowest-to-highest gives all equal prices the full weight")
    func linearLowestToHighestAllEqualEndToEnd() throws {
        let input = Build.input(
            Build.plan([Build.standardLot(formula: .linearLowestToHighest)]),
            bids: [Build.bid("B1", price: "95000"), Build.bid("B2", price: "95000.00")],
            moderations: [Build.moderation([("B1", "Q", "3"), ("B2", "Q", "1")])])
        let result = try evaluateLot(input)
        #expect(result.bids.map(\.pricePoints?.used) == [q(40), q(40)])
        #expect(result.bids.map(\.totalPoints?.used) == [q(85), q(55)])
        #expect(result.benchmarks.first?.lowestBids == ["B1", "B2"])
    }

    @Test("Linear between bounds clamps at both bounds and ignores other bids")
    func linearBetweenBoundsEndToEnd() throws {
        // Bounds 80000 (full) to 160000 (zero), P 40: 70000 → 40; 100000 → 30; 170000 → 0.
        let formula = PriceFormula.linearBetweenBounds(fullPointsAt: eur("80000"), zeroPointsAt: eur("160000"))
        let input = Build.input(
            Build.plan([Build.standardLot(formula: formula)]),
            bids: [
                Build.bid("B1", price: "70000"), Build.bid("B2", price: "100000"), Build.bid("B3", price: "170000"),
            ],
            moderations: [Build.moderation([("B1", "Q", "0"), ("B2", "Q", "0"), ("B3", "Q", "0")])])
        let result = try evaluateLot(input)
        #expect(try result.bid("B1").pricePoints?.used == q(40))
        #expect(try result.bid("B2").pricePoints?.used == q(30))
        #expect(try result.bid("B3").pricePoints?.used == q(0))
        #expect(
            result.benchmarks == [
                PriceBenchmark(
                    criterion: "P", formula: formula, lowest: nil, lowestBids: [], highest: nil, admissibleBids: 3)
            ])
    }

    // MARK: - Rounding

    /// B1 scores 4, 4, 4 at 80000; B2 scores 1, 1, 2 (mean 4/3) at 95000; Q 70 %, P 30 %.
    /// B2: Q = 70 × (4/3)/4 = 70/3 = 23.333…; P = 30 × 80000/95000 = 480/19 = 25.263…;
    /// total = 70/3 + 480/19 = 2770/57 = 48.596…
    static func roundingInput(_ rounding: Rounding?, qualityThreshold: String? = nil) -> EvaluationInput {
        let rules = EvaluationRules(rounding: rounding, aggregation: Aggregation(method: .mean, maximumSpread: nil))
        return Build.input(
            Build.plan(
                [Build.standardLot(quality: "70", price: "30", qualityThreshold: qualityThreshold)], rules: rules),
            bids: [Build.bid("B1", price: "80000"), Build.bid("B2", price: "95000")],
            sheets: Build.sheets("B1", q: ["4", "4", "4"]) + Build.sheets("B2", q: ["1", "1", "2"]))
    }

    @Test("Without rounding every value stays exact")
    func noRounding() throws {
        let b2 = try evaluateLot(Self.roundingInput(nil)).bid("B2")
        #expect(b2.qualityPoints == PointsValue(exact: q(70, 3)))
        #expect(b2.pricePoints == PointsValue(exact: q(480, 19)))
        #expect(b2.totalPoints == PointsValue(exact: q(2770, 57)))
    }

    @Test(
        "Rounding changes the total exactly as the plan declares its stage, places and mode",
        arguments: [
            // criterion points: Q and P rounded, then added.
            (Rounding(places: 2, mode: .halfUp, stage: .criterionPoints), q(4859, 100)),  // 23.33 + 25.26
            (Rounding(places: 2, mode: .up, stage: .criterionPoints), q(4861, 100)),  // 23.34 + 25.27
            (Rounding(places: 0, mode: .halfUp, stage: .criterionPoints), q(48)),  // 23 + 25
            // total: the exact 48.596… rounded once.
            (Rounding(places: 2, mode: .halfUp, stage: .total), q(486, 10)),
            (Rounding(places: 2, mode: .down, stage: .total), q(4859, 100)),
            (Rounding(places: 1, mode: .halfEven, stage: .total), q(486, 10)),
            (Rounding(places: 0, mode: .halfUp, stage: .total), q(49)),
        ])
    func roundingStages(rounding: Rounding, expectedTotal: Rational) throws {
        let b2 = try evaluateLot(Self.roundingInput(rounding)).bid("B2")
        #expect(b2.totalPoints == PointsValue(used: expectedTotal, unrounded: q(2770, 57)))
    }

    @Test("Criterion-points rounding rounds each criterion and sums the rounded values")
    func criterionPointsRoundingDetail() throws {
        let b2 = try evaluateLot(Self.roundingInput(Rounding(places: 2, mode: .halfUp, stage: .criterionPoints))).bid(
            "B2")
        #expect(
            b2.criteria.map(\.points) == [
                PointsValue(used: q(2333, 100), unrounded: q(70, 3)),
                PointsValue(used: q(2526, 100), unrounded: q(480, 19)),
            ])
        #expect(b2.qualityPoints == PointsValue(used: q(2333, 100), unrounded: q(70, 3)))
        #expect(b2.pricePoints == PointsValue(used: q(2526, 100), unrounded: q(480, 19)))
    }

    @Test("Criterion-points rounding rounds sub-criteria (the leaves); a parent is the sum of its rounded leaves")
    func criterionPointsRoundingWithSubCriteria() throws {
        // Q (60 %) = Q1 (1 point) + Q2 (2 points): worth 20 and 40. Means: Q1 (1, 1, 2) = 4/3 → 20/3 = 6.666…;
        // Q2 (1, 2, 2) = 5/3 → 50/3 = 16.666…. Rounded half-up to 2 places: 6.67 + 16.67 = 23.34, whereas
        // rounding the parent's exact 70/3 would give 23.33. (Rounding.Stage's doc says "each top-level
        // criterion"; the engine and CriterionEvaluation's doc round leaves. This pins the engine.)
        let children = Build.level(
            .points,
            [
                Build.scored("Q1", weight: "1", line: 32), Build.scored("Q2", weight: "2", line: 33),
            ], line: 31)
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.parent("Q", weight: "60", children: children, line: 30),
                    Build.priced("P", weight: "40", line: 34),
                ], line: 20))
        let rules = EvaluationRules(
            rounding: Rounding(places: 2, mode: .halfUp, stage: .criterionPoints),
            aggregation: Aggregation(method: .mean, maximumSpread: nil))
        let input = Build.input(
            Build.plan([lot], rules: rules), bids: [Build.bid("B1", price: "80000")],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "1"), ("Q2", "1")]),
                Build.sheet("EV-2", "B1", [("Q1", "1"), ("Q2", "2")]),
                Build.sheet("EV-3", "B1", [("Q1", "2"), ("Q2", "2")]),
            ])
        let b1 = try evaluateLot(input).bid("B1")
        let parent = try #require(b1.criteria.first)
        #expect(
            parent.children.map(\.points) == [
                PointsValue(used: q(667, 100), unrounded: q(20, 3)),
                PointsValue(used: q(1667, 100), unrounded: q(50, 3)),
            ])
        #expect(parent.points == PointsValue(used: q(2334, 100), unrounded: q(70, 3)))
        #expect(b1.totalPoints == PointsValue(used: q(6334, 100), unrounded: q(190, 3)))
    }

    @Test("Total rounding leaves criterion, quality and price points exact")
    func totalRoundingDetail() throws {
        let b2 = try evaluateLot(Self.roundingInput(Rounding(places: 2, mode: .halfUp, stage: .total))).bid("B2")
        #expect(b2.criteria.map(\.points) == [PointsValue(exact: q(70, 3)), PointsValue(exact: q(480, 19))])
        #expect(b2.qualityPoints == PointsValue(exact: q(70, 3)))
        #expect(b2.pricePoints == PointsValue(exact: q(480, 19)))
    }
}
