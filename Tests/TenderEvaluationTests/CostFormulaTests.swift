import Foundation
import TenderEvaluation
import TenderModel
import Testing

// Life-cycle cost criteria, price per quality point, relative-to-average, and zero and negative
// prices (docs/0006-price-and-cost-formulas.md). Every expected value is worked by hand in the
// comments, exactly (fractions, not decimals).

/// The cost model used below: acquisition (start), energy (operating, yearly), maintenance
/// (yearly), disposal (end of life, at the end of year `years`).
private func model(years: Int = 5, rate: String?) -> LifeCycleCostModel {
    LifeCycleCostModel(
        years: years, discountRatePercent: rate.map(dec),
        components: [
            CostComponent(id: "buy", kind: .acquisition, timing: .start, name: "Purchase and installation"),
            CostComponent(id: "energy", kind: .operating, timing: .yearly, name: "Electricity"),
            CostComponent(id: "service", kind: .maintenance, timing: .yearly, name: nil),
            CostComponent(id: "disposal", kind: .endOfLife, timing: .end, name: nil),
        ], location: at("tender.xml", 30))
}

/// Quality Q (60 %, scale 0–4) and a life-cycle cost criterion C (40 %, lowest-price-ratio).
private func costLot(rate: String?, formula: PriceFormula = .lowestPriceRatio) -> Lot {
    var cost = Build.priced("C", weight: "40", formula: formula, line: 22)
    cost.type = "cost"
    cost.lifeCycleCost = model(rate: rate)
    return Build.lot(Build.level(.percent, [Build.scored("Q", weight: "60", line: 21), cost], line: 20))
}

/// A bid whose lot bid gives life-cycle cost figures (buy, energy, service, disposal) on lines 12–15.
private func costBid(_ id: BidID, _ figures: [String]) -> Bid {
    var bid = Build.bid(id, price: nil)
    let file = "bids/\(id).xml"
    let components = ["buy", "energy", "service", "disposal"]
    bid.lotBids[0].lifeCycleCosts = [
        LifeCycleCostQuote(
            criterion: nil,
            figures: zip(components, figures).enumerated().compactMap { index, entry in
                Money(text: entry.1, currency: "EUR").map {
                    LifeCycleCostQuote.Figure(component: entry.0, amount: $0, location: at(file, 12 + index))
                }
            },
            location: at(file, 11))
    ]
    return bid
}

/// The life-cycle cost detail of criterion `criterion` for `bid`.
private func costDetail(_ bid: BidEvaluation, _ criterion: CriterionID = "C") -> LifeCycleCostDetail? {
    for evaluation in bid.criteria where evaluation.criterion == criterion {
        if case let .lifeCycleCost(detail) = evaluation.detail { return detail }
    }
    return nil
}

/// The points of criterion `criterion` for `bid`.
private func points(_ bid: BidEvaluation, _ criterion: CriterionID) -> Rational? {
    bid.criteria.first { $0.criterion == criterion }?.points.used
}

@Suite("Life-cycle cost criteria")
struct LifeCycleCostTests {
    // Bid A: buy 100000, energy 5000 a year, service 2000 a year, disposal 3000.
    // Bid B: buy 90000, energy 8000 a year, service 2500 a year, disposal −1000 (a residual value).
    static let bids = [
        costBid("A", ["100000", "5000", "2000", "3000"]), costBid("B", ["90000", "8000", "2500", "-1000"]),
    ]
    static let sheets = Build.sheets("A", q: ["4", "4", "4"]) + Build.sheets("B", q: ["3", "3", "3"])

    @Test("Discount factors at 3.5 % are (200/207)^t, year 0 undiscounted")
    func discountFactors() {
        // 1 + 3.5/100 = 207/200, so the factor of year t is 200^t ÷ 207^t.
        #expect(LifeCycleCosting.discountFactor(year: 0, ratePercent: dec("3.5")) == q(1))
        #expect(LifeCycleCosting.discountFactor(year: 1, ratePercent: dec("3.5")) == q(200, 207))
        #expect(LifeCycleCosting.discountFactor(year: 2, ratePercent: dec("3.5")) == q(40000, 42849))
        #expect(LifeCycleCosting.discountFactor(year: 7, ratePercent: nil) == q(1))
    }

    @Test("Discounted over 5 years at 3.5 %: exact present values, lowest-price ratio on the life-cycle cost")
    func discounted() throws {
        let input = Build.input(Build.plan([costLot(rate: "3.5")]), bids: Self.bids, sheets: Self.sheets)
        let lot = try evaluateLot(input)
        let a = try lot.bid("A")
        let b = try lot.bid("B")
        // 1.035^5 = 207^5 ÷ 200^5 = 380059617807 ÷ 320000000000, so the year-5 factor is
        // d5 = 320000000000/380059617807 (D = 380059617807 below).
        // The yearly annuity Σ_{t=1..5} (200/207)^t = (200/207)(1 − d5) ÷ (1 − 200/207)
        //   = (200/7)(1 − d5) = (200/7) × 60059617807/D = 12011923561400/(7 D) = 1715989080200/D.
        // A: 100000 + (5000 + 2000) × 1715989080200/D + 3000 × 320000000000/D
        //    = (38005961780700000 + 12011923561400000 + 960000000000000)/D = 50977885342100000/D
        //    (≈ 134131.29).
        // B: 90000 + (8000 + 2500) × 1715989080200/D − 1000 × 320000000000/D
        //    = (34205365602630000 + 18017885342100000 − 320000000000000)/D = 51903250944730000/D
        //    (≈ 136566.08).
        let denominator = Rational(380_059_617_807)
        let costA = Rational(50_977_885_342_100_000) / denominator
        let costB = Rational(51_903_250_944_730_000) / denominator
        #expect(costDetail(a)?.total == costA)
        #expect(costDetail(b)?.total == costB)
        // A's energy line: 5000 × 1715989080200/D = 8579945401000000/D; its purchase is undiscounted.
        #expect(
            costDetail(a)?.lines.map(\.presentValue) == [
                q(100000), Rational(8_579_945_401_000_000) / denominator,
                Rational(3_431_978_160_400_000) / denominator, Rational(960_000_000_000_000) / denominator,
            ])
        // A is the lowest: 40 points. B: 40 × costA ÷ costB = 40 × 5097788534210/5190325094473
        //   = 203911541368400/5190325094473 (≈ 39.29).
        #expect(points(a, "C") == q(40))
        #expect(points(b, "C") == Rational(203_911_541_368_400) / Rational(5_190_325_094_473))
        // Quality: A 60 × 4/4 = 60, B 60 × 3/4 = 45; totals A 100, B 45 + 39.29… .
        #expect(a.totalPoints?.used == q(100))
        #expect(b.totalPoints?.used == q(45) + Rational(203_911_541_368_400) / Rational(5_190_325_094_473))
        #expect(lot.benchmarks.first?.lowestCost == costA)
        #expect(lot.benchmarks.first?.lowestBids == ["A"])
        #expect(lot.benchmarks.first?.lowest == nil)
    }

    @Test("Undiscounted: yearly costs count N times, nothing is discounted")
    func undiscounted() throws {
        let input = Build.input(Build.plan([costLot(rate: nil)]), bids: Self.bids, sheets: Self.sheets)
        let lot = try evaluateLot(input)
        // A: 100000 + 5 × (5000 + 2000) + 3000 = 138000; B: 90000 + 5 × 10500 − 1000 = 141500.
        // B's points: 40 × 138000 ÷ 141500 = 11040/283 (≈ 39.01).
        #expect(costDetail(try lot.bid("A"))?.total == q(138000))
        #expect(costDetail(try lot.bid("B"))?.total == q(141500))
        #expect(points(try lot.bid("B"), "C") == q(11040, 283))
    }

    @Test("Discounting can change the winner: a cheaper purchase with dearer running costs")
    func discountingChangesOrder() throws {
        // Price only (C 100 %), 10 years. X: buy 100000, energy 10000 a year; Y: buy 120000, energy
        // 7800 a year; service 0 and disposal 0 for both.
        // Undiscounted: X 100000 + 10 × 10000 = 200000; Y 120000 + 10 × 7800 = 198000: Y is lower.
        // At 10 %: annuity Σ_{t=1..10} 1.1^−t = (1 − 1.1^−10) ÷ 0.1 ≈ 6.1446; X ≈ 161445.67,
        // Y ≈ 167927.62: X is lower. (Exact values are compared, not these approximations.)
        func lot(rate: String?) -> Lot {
            var cost = Build.priced("C", weight: "100", line: 22)
            cost.lifeCycleCost = LifeCycleCostModel(
                years: 10, discountRatePercent: rate.map(dec), components: model(rate: nil).components,
                location: at("tender.xml", 30))
            return Build.lot(Build.level(.percent, [cost], line: 20))
        }
        let bids = [costBid("X", ["100000", "10000", "0", "0"]), costBid("Y", ["120000", "7800", "0", "0"])]
        var plan = Build.plan([lot(rate: nil)])
        #expect(try evaluateLot(Build.input(plan, bids: bids)).leaders.map(\.bid) == ["Y"])
        plan = Build.plan([lot(rate: "10")])
        let discounted = try evaluateLot(Build.input(plan, bids: bids))
        #expect(discounted.leaders.map(\.bid) == ["X"])
        // X exactly: 100000 + 10000 × (1 − (10/11)^10) × 10 = 100000 + 100000 × (1 − 10^10/11^10).
        let factor = Rational(10_000_000_000) / Rational(25_937_424_601)
        #expect(costDetail(try discounted.bid("X"))?.total == q(100000) + q(100000) * (q(1) - factor))
    }

    @Test("Figures are checked: a missing, unknown or negative non-end-of-life figure is an error with its line")
    func figureErrors() {
        var bid = costBid("A", ["-100000", "5000", "2000", "3000"])
        bid.lotBids[0].lifeCycleCosts[0].figures.removeLast()
        bid.lotBids[0].lifeCycleCosts[0].figures.append(
            LifeCycleCostQuote.Figure(component: "fuel", amount: eur("1"), location: at("bids/A.xml", 16)))
        let error = evaluationError(
            Build.input(Build.plan([costLot(rate: "3.5")]), bids: [bid], sheets: Build.sheets("A", q: ["4"])))
        #expect(
            error?.description.split(separator: "\n").map(String.init) == [
                "bids/A.xml:11: error: no cost for component disposal (end-of-life) of criterion C; give <Cost"
                    + " component=\"disposal\" currency=\"…\">",
                "bids/A.xml:12: error: cost of component buy must not be negative; found -100000 (only an end-of-life"
                    + " cost may be negative: a residual or resale value)",
                "bids/A.xml:16: error: cost for component fuel, which the cost model of criterion C does not have (its"
                    + " components: buy, energy, service, disposal)",
            ])
    }

    @Test("A <Price> for a life-cycle cost criterion is refused; its figures are required")
    func priceForCostCriterion() {
        let bid = Build.bid("A", price: "1000")
        let error = evaluationError(
            Build.input(Build.plan([costLot(rate: nil)]), bids: [bid], sheets: Build.sheets("A", q: ["4"])))
        #expect(
            error?.description.split(separator: "\n").map(String.init) == [
                "bids/A.xml:10: error: bid A gives no life-cycle cost figures (<LifeCycleCost>) for criterion C of lot"
                    + " LOT-1",
                "bids/A.xml:11: error: criterion C is a life-cycle cost criterion: give the figures of its cost model in"
                    + " <LifeCycleCost criterion=\"C\">, not a <Price>",
            ])
    }

    @Test("A life-cycle cost model without a price formula, or a rate of 100 % or more, is not ready")
    func readiness() {
        var lot = costLot(rate: "100")
        var plan = Build.plan([lot])
        #expect(
            plan.readinessProblems().map(\.message) == [
                "the discount rate of criterion C is 100 %; state the annual rate in percent (3.5 for 3.5 %), below 100"
            ])
        lot.criteria.criteria[0].lifeCycleCost = model(rate: nil)
        plan = Build.plan([lot])
        #expect(
            plan.readinessProblems().map(\.message).first
                == "criterion Q has a life-cycle cost model but no <PriceFormula>; give it one (the life-cycle cost is"
                + " scored like a price)")
    }
}

@Suite("Price per quality point and relative-to-average")
struct RelativeFormulaTests {
    @Test("Price per quality point: lowest price ÷ quality points earns the weight")
    func pricePerQualityPoint() throws {
        // Q 60 % (scale 0–4), P 40 % price per quality point. Quality points = 60 × score ÷ 4.
        // A: 100000, score 4 → 60 points → 100000/60 = 5000/3 per point (the lowest).
        // B: 80000, score 3 → 45 points → 80000/45 = 16000/9.
        // C: 60000, score 2 → 30 points → 2000.
        // D: 50000, score 0 → no quality points: no points on P.
        // P points: A 40; B 40 × (5000/3) ÷ (16000/9) = 40 × 15/16 = 75/2; C 40 × (5000/3) ÷ 2000 = 100/3.
        // Totals: A 100; B 45 + 37.5 = 165/2; C 30 + 100/3 = 190/3; D 0.
        let plan = Build.plan([Build.standardLot(formula: .pricePerQualityPoint)])
        let bids = [
            Build.bid("A", price: "100000"), Build.bid("B", price: "80000"), Build.bid("C", price: "60000"),
            Build.bid("D", price: "50000"),
        ]
        let sheets =
            Build.sheets("A", q: ["4"]) + Build.sheets("B", q: ["3"]) + Build.sheets("C", q: ["2"])
            + Build.sheets("D", q: ["0"])
        let lot = try evaluateLot(Build.input(plan, bids: bids, sheets: sheets))
        #expect(try [q(40), q(75, 2), q(100, 3), q(0)] == ["A", "B", "C", "D"].map { points(try lot.bid($0), "P") })
        #expect(try lot.bid("B").totalPoints?.used == q(165, 2))
        #expect(try lot.bid("C").totalPoints?.used == q(190, 3))
        #expect(lot.order == ["A", "B", "C", "D"])
        #expect(lot.benchmarks.first?.lowestPricePerQualityPoint == q(5000, 3))
        #expect(lot.benchmarks.first?.lowestBids == ["A"])
    }

    @Test("Price per quality point needs quality criteria in the lot")
    func pricePerQualityPointNeedsQuality() {
        let plan = Build.plan([
            Build.lot(
                Build.level(
                    .percent, [Build.priced("P", weight: "100", formula: .pricePerQualityPoint, line: 22)], line: 20))
        ])
        #expect(
            plan.readinessProblems().map(\.message) == [
                "criterion P uses price-per-quality-point, but lot LOT-1 has no criteria scored by evaluators to give"
                    + " quality points"
            ])
    }

    @Test(
        "Relative to average: half the weight at the mean, one hundredth per percent, bounded to 0…weight",
        arguments: [
            // Prices 80000, 100000, 120000: mean 100000. A 40 × (3/2 − 4/5) = 28; B 40 × 1/2 = 20;
            // C 40 × (3/2 − 6/5) = 12.
            (["80000", "100000", "120000"], [q(28), q(20), q(12)]),
            // Prices 40000 and 160000: mean 100000. A 40 × (3/2 − 2/5) = 44 → bounded to 40;
            // B 40 × (3/2 − 8/5) = −4 → bounded to 0.
            (["40000", "160000"], [q(40), q(0)]),
            // Prices 70000, 80000: mean 75000. A 40 × (3/2 − 14/15) = 68/3; B 40 × (3/2 − 16/15) = 52/3.
            (["70000", "80000"], [q(68, 3), q(52, 3)]),
        ])
    func relativeToAverage(prices: [String], expected: [Rational]) throws {
        let plan = Build.plan([Build.standardLot(formula: .relativeToAverage)])
        let ids: [BidID] = ["A", "B", "C"]
        let bids = zip(ids, prices).map { Build.bid($0.0, price: $0.1) }
        let sheets = bids.flatMap { Build.sheets($0.id, q: ["2"]) }
        let lot = try evaluateLot(Build.input(plan, bids: bids, sheets: sheets))
        #expect(try bids.map { points(try lot.bid($0.id), "P") } == expected)
    }

    /// X: 100, score 4 (60 quality points); Y: 60, score 3 (45); Z: 200, score 0.
    static func reversalInput(_ formula: PriceFormula) -> EvaluationInput {
        let plan = Build.plan([Build.standardLot(formula: formula)])
        let bids = [Build.bid("X", price: "100"), Build.bid("Y", price: "60"), Build.bid("Z", price: "200")]
        let sheets = Build.sheets("X", q: ["4"]) + Build.sheets("Y", q: ["3"]) + Build.sheets("Z", q: ["0"])
        return Build.input(plan, bids: bids, sheets: sheets)
    }

    @Test("Relative to average reverses the ranking when a non-winner leaves; the analysis finds it")
    func relativeToAverageRankReversal() throws {
        // With Z: mean (100 + 60 + 200)/3 = 120. X 60 + 40 × (3/2 − 5/6) = 260/3 ≈ 86.67;
        // Y 45 + 40 × (3/2 − 1/2) = 85; Z 0 + max(0, 40 × (3/2 − 5/3)) = 0. X wins.
        // Without Z: mean 80. X 60 + 40 × (3/2 − 5/4) = 70; Y 45 + 40 × (3/2 − 3/4) = 75. Y wins.
        let input = Self.reversalInput(.relativeToAverage)
        let lot = try evaluateLot(input)
        #expect(try lot.bid("X").totalPoints?.used == q(260, 3))
        #expect(try lot.bid("Y").totalPoints?.used == q(85))
        #expect(lot.order == ["X", "Y", "Z"])
        let analysis = try #require(
            try DecisionAnalysis.analyse(input, result: try evaluateOK(input)).lots.first)
        #expect(analysis.removalsChecked == ["Y", "Z"])
        let reversal = try #require(analysis.rankReversals.first { $0.removed == "Z" })
        #expect(reversal.winnerChanges)
        #expect(reversal.leadersAfter == ["Y"])
        #expect(try reversal.evaluationAfter.bid("Y").totalPoints?.used == q(75))
        #expect(try reversal.evaluationAfter.bid("X").totalPoints?.used == q(70))
    }

    @Test(
        "Relative formulas are flagged for the rank-reversal warning and check; absolute ones are not",
        arguments: [
            (PriceFormula.relativeToAverage, true), (.pricePerQualityPoint, true), (.lowestPriceRatio, true),
            (.linearLowestToHighest, true),
            (.linearBetweenBounds(fullPointsAt: eur("50"), zeroPointsAt: eur("250")), false),
        ])
    func warning(formula: PriceFormula, warned: Bool) throws {
        let input = Self.reversalInput(formula)
        let result = try evaluateOK(input)
        // `tender evaluate` and the award report print the warning when `isRelative` (the CLI tests
        // check the printed line).
        #expect(formula.isRelative == warned)
        // The decision analysis removes non-winners only for relative formulas.
        let analysis = try #require(try DecisionAnalysis.analyse(input, result: result).lots.first)
        #expect(analysis.removalsChecked.isEmpty == !warned)
    }
}

@Suite("Zero and negative prices")
struct RebateTests {
    static func plan(_ formula: PriceFormula, zero: Bool, negative: Bool) -> TenderPlan {
        var lot = Build.standardLot(formula: formula)
        lot.criteria.criteria[1].acceptedPrices = AcceptedPrices(zero: zero, negative: negative)
        return Build.plan([lot])
    }

    static let bids = [Build.bid("A", price: "-1000"), Build.bid("B", price: "0"), Build.bid("C", price: "3000")]
    static let sheets = ["A", "B", "C"].flatMap { Build.sheets(BidID($0), q: ["2"]) }

    @Test("Refused by default: a zero or negative price is an error with its line")
    func refusedByDefault() {
        let error = evaluationError(
            Build.input(
                Self.plan(.linearLowestToHighest, zero: false, negative: false), bids: Self.bids, sheets: Self.sheets))
        #expect(
            error?.description.split(separator: "\n").map(String.init) == [
                "bids/A.xml:11: error: price must be greater than zero; found -1000",
                "bids/B.xml:11: error: price must be greater than zero; found 0",
            ])
    }

    @Test("Accepting rebates but not zero refuses the zero price only, naming the attribute")
    func zeroStillRefused() {
        let error = evaluationError(
            Build.input(
                Self.plan(.linearLowestToHighest, zero: false, negative: true), bids: Self.bids, sheets: Self.sheets))
        #expect(
            error?.description.split(separator: "\n").map(String.init) == [
                "bids/B.xml:11: error: price must not be zero for criterion P (the plan accepts negative prices but not"
                    + " zero: add allowZero=\"true\" to its <PriceFormula> to accept it); found 0"
            ])
    }

    @Test("Allowed with linear lowest-to-highest: the rebate is the lowest price and earns the weight")
    func allowedLinear() throws {
        // Lowest −1000, highest 3000, range 4000. A 40; B 40 × (3000 − 0)/4000 = 30; C 0.
        let lot = try evaluateLot(
            Build.input(
                Self.plan(.linearLowestToHighest, zero: true, negative: true), bids: Self.bids, sheets: Self.sheets))
        #expect(try ["A", "B", "C"].map { points(try lot.bid(BidID($0)), "P") } == [q(40), q(30), q(0)])
        #expect(lot.benchmarks.first?.lowest == eur("-1000"))
    }

    @Test("Allowed with linear between bounds: a rebate below fullPointsAt earns the weight")
    func allowedBounds() throws {
        // Full points at 0 or less, none at 4000: A (−1000) 40; B (0) 40; C 40 × (4000 − 3000)/4000 = 10.
        let plan = Self.plan(
            .linearBetweenBounds(fullPointsAt: eur("0"), zeroPointsAt: eur("4000")), zero: true, negative: true)
        let lot = try evaluateLot(Build.input(plan, bids: Self.bids, sheets: Self.sheets))
        #expect(try ["A", "B", "C"].map { points(try lot.bid(BidID($0)), "P") } == [q(40), q(40), q(10)])
    }

    @Test(
        "Formulas that divide by prices cannot accept zero or negative prices: the plan is not ready",
        arguments: [PriceFormula.lowestPriceRatio, .pricePerQualityPoint, .relativeToAverage])
    func dividingFormulasRefused(formula: PriceFormula) {
        let problems = Self.plan(formula, zero: false, negative: true).readinessProblems().map(\.message)
        #expect(
            problems == [
                "criterion P accepts negative prices, but its \(formula.name) formula divides by a price (or by the mean"
                    + " of the prices) and is undefined for them; use linear-lowest-to-highest or linear-between-bounds,"
                    + " or remove allowZero and allowNegative"
            ])
        #expect(Self.plan(formula, zero: true, negative: false).readinessProblems().count == 1)
        #expect(Self.plan(formula, zero: false, negative: false).readinessProblems().isEmpty)
    }

    @Test("The price functions refuse what the criterion does not accept")
    func scoringFunctions() throws {
        #expect(throws: PriceScoringError.priceNotPositive(q(-1))) {
            try PriceScoring.linearLowestToHighest(price: q(-1), lowest: q(-1), highest: q(5), available: q(10))
        }
        #expect(
            try PriceScoring.linearLowestToHighest(
                price: q(-1), lowest: q(-1), highest: q(5), available: q(10),
                accepted: AcceptedPrices(zero: false, negative: true)) == q(10))
        #expect(throws: PriceScoringError.priceNotPositive(q(0))) {
            try PriceScoring.relativeToAverage(price: q(0), mean: q(5), available: q(10))
        }
        #expect(throws: PriceScoringError.priceNotPositive(q(0))) {
            try PriceScoring.pricePerQualityPoint(price: q(0), quality: q(5), lowestRatio: q(1), available: q(10))
        }
    }
}

@Suite("Weight sensitivity with price per quality point")
struct PricePerQualityPointSensitivityTests {
    @Test("A quality weighting is not extrapolated; the ratio criterion's own weighting is")
    func sensitivity() throws {
        // The lot of "Price per quality point: …" above (A 100000 / 4, B 80000 / 3, C 60000 / 2,
        // D 50000 / 0). Moving P to x scales Q to 100 − x, so every bid's quality points, and so every
        // price per quality point, scale by the same factor: P's normalised values stay as evaluated.
        // A: n_P = 40/40 = 1, r = 60/60 = 1 → total 100 for every x. B: n_P = (75/2)/40 = 15/16,
        // r = 45/60 = 3/4 → 75 + 3x/16 ≤ 93.75 < 100. C: n_P = 5/6, r = 1/2 → 50 + x/3 < 100.
        // D: 0. So A stays the winner both ways. Moving Q changes the quality points unevenly (B's
        // and C's ratios move against A's), so Q's weighting is not extrapolated.
        let plan = Build.plan([Build.standardLot(formula: .pricePerQualityPoint)])
        let bids = [
            Build.bid("A", price: "100000"), Build.bid("B", price: "80000"), Build.bid("C", price: "60000"),
            Build.bid("D", price: "50000"),
        ]
        let sheets =
            Build.sheets("A", q: ["4"]) + Build.sheets("B", q: ["3"]) + Build.sheets("C", q: ["2"])
            + Build.sheets("D", q: ["0"])
        let input = Build.input(plan, bids: bids, sheets: sheets)
        let analysis = try #require(try DecisionAnalysis.analyse(input, result: try evaluateOK(input)).lots.first)
        let quality = try #require(analysis.weightSensitivities.first { $0.criterion == "Q" })
        let reason =
            "criterion P scores price per quality point, which depends on the quality weightings, so the totals are"
            + " not linear in Q's weighting"
        #expect(quality.increase == .notAnalysed(reason))
        #expect(quality.decrease == .notAnalysed(reason))
        let price = try #require(analysis.weightSensitivities.first { $0.criterion == "P" })
        #expect(price.increase == .noChange)
        #expect(price.decrease == .noChange)
    }
}
