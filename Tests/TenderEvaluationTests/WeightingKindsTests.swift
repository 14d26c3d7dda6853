import TenderEvaluation
import TenderModel
import Testing

/// Every eForms weighting kind, evaluated once the contracting authority has stated what the
/// notice left open: decimal and points weights exactly as published, ranges and orders of
/// importance checked against the publication, fixed prices as a gate, min-score and max-pass
/// thresholds as published. Every total is worked by hand in the comment above it.
@Suite("eForms weighting kinds")
struct WeightingKindsTests {
    // MARK: - Builders

    /// `criterion` with one published `number-weight` parameter.
    static func published(_ criterion: Criterion, _ code: String, _ number: String, spread: String? = nil) -> Criterion
    {
        var criterion = criterion
        criterion.published = [
            PublishedParameter(list: "number-weight", code: code, number: number, spread: spread.map(dec))
        ]
        return criterion
    }

    /// Quality Q (scale 0–4) and price P (lowest-price ratio) at `weighting`, each with its
    /// published weight code and number.
    static func lot(
        _ weighting: WeightingKind, q: (weight: String, code: String, number: String, spread: String?),
        p: (weight: String, code: String, number: String, spread: String?)
    ) -> Lot {
        Build.lot(
            Build.level(
                weighting,
                [
                    published(Build.scored("Q", weight: q.weight, line: 21), q.code, q.number, spread: q.spread),
                    published(Build.priced("P", weight: p.weight, line: 22), p.code, p.number, spread: p.spread),
                ], line: 20))
    }

    /// B1 scores 4 at 100 EUR; B2 scores 2 at 80 EUR (the lowest price).
    static func twoBids(_ lot: Lot) -> EvaluationInput {
        Build.input(
            Build.plan([lot]), bids: [Build.bid("B1", price: "100"), Build.bid("B2", price: "80")],
            sheets: [Build.sheet("EV-1", "B1", [("Q", "4")]), Build.sheet("EV-1", "B2", [("Q", "2")])])
    }

    // MARK: - Decimal (dec-exa)

    @Test("dec-exa 0.6 / 0.4 evaluate as decimals out of 1, without conversion")
    func decimalWeights() throws {
        let lot = Self.lot(.decimal, q: ("0.6", "dec-exa", "0.6", nil), p: ("0.4", "dec-exa", "0.4", nil))
        let result = try evaluateLot(Self.twoBids(lot))
        // B1: Q 0.6 × 4/4 = 0.6; P 0.4 × 80/100 = 0.32; total 0.92.
        // B2: Q 0.6 × 2/4 = 0.3; P 0.4 × 80/80 = 0.4; total 0.7.
        #expect(result.pointsAvailable == q(1))
        let b1 = try result.bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(6, 10)))
        #expect(b1.pricePoints == PointsValue(exact: q(32, 100)))
        #expect(b1.totalPoints == PointsValue(exact: q(92, 100)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(7, 10)))
        #expect(result.ranks == [1, 2])
        #expect(result.weightingChecks.isEmpty)
    }

    @Test("Decimal weightings must sum to exactly 1")
    func decimalSum() {
        let lot = Self.lot(.decimal, q: ("0.6", "dec-exa", "0.6", nil), p: ("0.3", "dec-exa", "0.3", nil))
        let plan = Build.plan([lot])
        #expect(
            plan.readinessProblems() == [
                ReadinessProblem(
                    location: at("tender.xml", 20),
                    message: "the decimal weightings of criteria Q, P in lot LOT-1 sum to 0.9, not exactly 1")
            ])
    }

    @Test("A dec-exa weight stated as a percentage (× 100, exact) is still consistent")
    func decimalAsPercent() throws {
        let lot = Self.lot(.percent, q: ("60", "dec-exa", "0.6", nil), p: ("40", "dec-exa", "0.4", nil))
        let result = try evaluateLot(Self.twoBids(lot))
        // The same bids out of 100: B1 60 + 32 = 92; B2 30 + 40 = 70.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(92)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(70)))
        let wrong = Self.lot(.percent, q: ("0.6", "dec-exa", "0.6", nil), p: ("0.4", "dec-exa", "0.4", nil))
        #expect(
            Build.plan([wrong]).readinessProblems().first?.message
                == "criterion Q has weight 0.6 but the notice published dec-exa = 0.6; a published weighting cannot be"
                + " changed after publication (ECJ C-532/06 Lianakis): state weight=\"60\"")
    }

    // MARK: - Points (poi-exa)

    @Test("poi-exa 40 and 70 stay 40/110 and 70/110: no conversion rounds them")
    func pointsWeights() throws {
        let lot = Self.lot(.points, q: ("40", "poi-exa", "40", nil), p: ("70", "poi-exa", "70", nil))
        let input = Build.input(
            Build.plan([lot]), bids: [Build.bid("B1", price: "90"), Build.bid("B2", price: "80")],
            sheets: [Build.sheet("EV-1", "B1", [("Q", "3")]), Build.sheet("EV-1", "B2", [("Q", "2")])])
        let result = try evaluateLot(input)
        // Out of 110. B1: Q 40 × 3/4 = 30; P 70 × 80/90 = 560/9; total 30 + 560/9 = 830/9 (≈ 92.22).
        // B2: Q 40 × 2/4 = 20; P 70 × 80/80 = 70; total 90.
        #expect(result.pointsAvailable == q(110))
        let b1 = try result.bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(30)))
        #expect(b1.pricePoints == PointsValue(exact: q(560, 9)))
        #expect(b1.totalPoints == PointsValue(exact: q(830, 9)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(90)))
        #expect(result.order == ["B1", "B2"])
    }

    // MARK: - Ranges (per-mid, dec-mid, poi-mid)

    @Test("Weights stated within published ranges evaluate, and the check is reported")
    func rangeInside() throws {
        let lot = Self.lot(.percent, q: ("62", "per-mid", "60", "10"), p: ("38", "per-mid", "40", "10"))
        let result = try evaluateLot(Self.twoBids(lot))
        // Ranges 55 … 65 and 35 … 45. B1: Q 62 × 4/4 = 62; P 38 × 80/100 = 30.4; total 92.4.
        // B2: Q 62 × 2/4 = 31; P 38; total 69.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(924, 10)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(69)))
        #expect(result.weightingChecks.map(\.criterion) == ["Q", "P"])
        #expect(result.weightingChecks.allSatisfy { $0.kind == .range && $0.isConsistent })
        #expect(
            result.weightingChecks.first?.explanation
                == "criterion Q has weight 62, within the published range 55 … 65 (per-mid = 60, spread 10)")
    }

    @Test("Weights stated outside published ranges stop the evaluation, naming the range")
    func rangeOutside() {
        let lot = Self.lot(.percent, q: ("67", "per-mid", "60", "10"), p: ("33", "per-mid", "40", "10"))
        let suffix =
            "; a weighting published as a range must be fixed within it (Directive 2014/24/EU Art. 67(5))"
        #expect(
            evaluationError(Self.twoBids(lot))
                == .planNotReady([
                    ReadinessProblem(
                        location: at("tender.xml", 21),
                        message: "criterion Q has weight 67, outside the published range 55 … 65 (per-mid = 60,"
                            + " spread 10)" + suffix),
                    ReadinessProblem(
                        location: at("tender.xml", 22),
                        message: "criterion P has weight 33, outside the published range 35 … 45 (per-mid = 40,"
                            + " spread 10)" + suffix),
                ]))
    }

    @Test("dec-mid ranges in decimals include their bounds")
    func decimalRangeBounds() throws {
        let lot = Self.lot(.decimal, q: ("0.65", "dec-mid", "0.6", "0.1"), p: ("0.35", "dec-mid", "0.4", "0.1"))
        let result = try evaluateLot(Self.twoBids(lot))
        // Ranges 0.55 … 0.65 and 0.35 … 0.45, both weights on a bound.
        // B1: Q 0.65; P 0.35 × 80/100 = 0.28; total 0.93. B2: Q 0.65 × 2/4 = 0.325; P 0.35; total 0.675.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(93, 100)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(675, 1000)))
        #expect(result.weightingChecks.count == 2 && result.weightingChecks.allSatisfy(\.isConsistent))
    }

    @Test("poi-mid ranges are in points; a range without its spread accepts only its middle")
    func pointsRangeAndMissingSpread() throws {
        let points = Self.lot(.points, q: ("45", "poi-mid", "40", "12"), p: ("70", "poi-mid", "70", nil))
        // Q: 34 … 46 holds 45; P: no spread, weight 70 is the middle. Out of 115.
        // B1: Q 45; P 70 × 80/100 = 56; total 101. B2: Q 22.5; P 70; total 92.5.
        let result = try evaluateLot(Self.twoBids(points))
        #expect(result.pointsAvailable == q(115))
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(101)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(925, 10)))
        #expect(
            result.weightingChecks.last?.explanation
                == "criterion P has weight 70, the middle of the range the notice published (poi-mid = 70)")

        let unchecked = Self.lot(.percent, q: ("62", "per-mid", "60", nil), p: ("38", "per-mid", "40", "10"))
        let problems = Build.plan([unchecked]).readinessProblems()
        #expect(problems.count == 1)
        #expect(
            problems.first?.message
                == "criterion Q has weight 62 but the notice published only the middle of a range (per-mid = 60);"
                + " eForms does not carry the range's spread: state it from the procurement documents"
                + " (<Published … spread=\"…\"/>) so that the weight can be checked against the range (Directive"
                + " 2014/24/EU Art. 67(5))")
    }

    // MARK: - Order of importance (ord-imp)

    @Test("Weights in the published order of importance evaluate, and the check is reported")
    func orderRespected() throws {
        let lot = Self.lot(.percent, q: ("70", "ord-imp", "1", nil), p: ("30", "ord-imp", "2", nil))
        let result = try evaluateLot(Self.twoBids(lot))
        // B1: Q 70; P 30 × 80/100 = 24; total 94. B2: Q 70 × 2/4 = 35; P 30; total 65.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(94)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(65)))
        #expect(
            result.weightingChecks.map(\.explanation) == [
                "criterion Q has weight 70, which respects the published order of importance (rank 1): above P (rank 2,"
                    + " weight 30)",
                "criterion P has weight 30, which respects the published order of importance (rank 2): below Q (rank 1,"
                    + " weight 70)",
            ])
        #expect(result.weightingChecks.allSatisfy { $0.kind == .orderOfImportance })
    }

    @Test("Weights against the published order, or tied across different ranks, stop the evaluation")
    func orderViolated() {
        let lot = Self.lot(.percent, q: ("40", "ord-imp", "1", nil), p: ("60", "ord-imp", "2", nil))
        let suffix = " (Directive 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis)"
        #expect(
            Build.plan([lot]).readinessProblems().map(\.message) == [
                "criterion Q has weight 40, which contradicts the published order of importance: ranked 1, its weight"
                    + " must be strictly above P (rank 2, weight 60)" + suffix,
                "criterion P has weight 60, which contradicts the published order of importance: ranked 2, its weight"
                    + " must be strictly below Q (rank 1, weight 40)" + suffix,
            ])
        let tied = Self.lot(.percent, q: ("50", "ord-imp", "1", nil), p: ("50", "ord-imp", "2", nil))
        #expect(Build.plan([tied]).readinessProblems().count == 2)
    }

    @Test("Criteria of equal published rank may have any weights, but stay above those ranked after them")
    func orderEqualRanks() throws {
        func lot(_ q1: String, _ q2: String, _ p: String) -> Lot {
            Build.lot(
                Build.level(
                    .percent,
                    [
                        Self.published(Build.scored("Q1", weight: q1, line: 21), "ord-imp", "1"),
                        Self.published(Build.scored("Q2", weight: q2, line: 22), "ord-imp", "1"),
                        Self.published(Build.priced("P", weight: p, line: 23), "ord-imp", "2"),
                    ], line: 20))
        }
        let input = Build.input(
            Build.plan([lot("30", "45", "25")]), bids: [Build.bid("B1", price: "100"), Build.bid("B2", price: "80")],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "4"), ("Q2", "2")]),
                Build.sheet("EV-1", "B2", [("Q1", "2"), ("Q2", "4")]),
            ])
        let result = try evaluateLot(input)
        // B1: Q1 30; Q2 45 × 2/4 = 22.5; P 25 × 80/100 = 20; total 72.5.
        // B2: Q1 15; Q2 45; P 25; total 85.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(725, 10)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(85)))
        #expect(result.weightingChecks.count == 3 && result.weightingChecks.allSatisfy(\.isConsistent))
        #expect(
            result.weightingChecks.first?.explanation
                == "criterion Q1 has weight 30, which respects the published order of importance (rank 1): above P"
                + " (rank 2, weight 25); of equal rank with Q2 (rank 1, weight 45), in any order")
        // P (rank 2) at 40 is above Q1 and Q2 (rank 1) at 30: three contradictions.
        #expect(Build.plan([lot("30", "30", "40")]).readinessProblems().count == 3)
    }

    // MARK: - Fixed price (fix-tot, fix-unit)

    static func fixedLot(
        _ basis: FixedPrice.Basis, amount: String, published: String? = nil, weight: String? = nil
    )
        -> Lot
    {
        var fixed = Criterion(
            id: "F", type: "price", names: ["ENG": "Price"], descriptions: [:], weight: weight.map(dec),
            method: .fixedPrice(FixedPrice(basis: basis, amount: eur(amount))), minimumScore: nil, published: [],
            location: at("tender.xml", 23))
        if let published {
            fixed.published = [
                PublishedParameter(
                    list: "number-fixed", code: basis == .total ? "fix-tot" : "fix-unit", number: published)
            ]
        }
        return Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q1", weight: "60", line: 21), Build.scored("Q2", weight: "40", line: 22), fixed,
                ], line: 20))
    }

    @Test("fix-tot: quality alone decides, and a different price fails the price gate")
    func fixedTotal() throws {
        let input = Build.input(
            Build.plan([Self.fixedLot(.total, amount: "1000.00", published: "1000")]),
            bids: [
                Build.bid("B1", price: "1000.00"), Build.bid("B2", price: "1000"), Build.bid("B3", price: "990.00"),
            ],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "4"), ("Q2", "2")]),
                Build.sheet("EV-1", "B2", [("Q1", "3"), ("Q2", "4")]),
            ])
        let result = try evaluateLot(input)
        // B1: Q1 60 × 4/4 = 60; Q2 40 × 2/4 = 20; total 80 (quality alone; the price earns nothing).
        // B2: Q1 60 × 3/4 = 45; Q2 40; total 85. B3 quotes 990.00, not the fixed 1000.00.
        #expect(result.order == ["B2", "B1", "B3"])
        #expect(result.ranks == [1, 2, nil])
        let b2 = try result.bid("B2")
        #expect(b2.totalPoints == PointsValue(exact: q(85)))
        #expect(b2.qualityPoints == PointsValue(exact: q(85)))
        #expect(b2.pricePoints == nil)
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(80)))
        #expect(result.benchmarks.isEmpty)
        #expect(
            try result.bid("B3").status
                == .excluded(
                    Exclusion(
                        stage: .gate,
                        reason:
                            "the bid's price 990.00 EUR for criterion F differs from the fixed total price 1000.00 EUR"
                            + " (fix-tot); the price is fixed, so tenderers compete on quality alone and a bid must"
                            + " quote exactly the fixed price")))
    }

    @Test("fix-unit: the quoted unit price must equal the fixed one exactly")
    func fixedUnit() throws {
        let input = Build.input(
            Build.plan([Self.fixedLot(.unit, amount: "12.50")]),
            bids: [Build.bid("B1", price: "12.5"), Build.bid("B2", price: "12.49")],
            sheets: [Build.sheet("EV-1", "B1", [("Q1", "1"), ("Q2", "1")])])
        let result = try evaluateLot(input)
        // B1: Q1 60 × 1/4 = 15; Q2 40 × 1/4 = 10; total 25.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(25)))
        guard case let .excluded(exclusion) = try result.bid("B2").status else {
            Issue.record("B2 should be excluded")
            return
        }
        #expect(
            exclusion.reason.hasPrefix("the bid's price 12.49 EUR for criterion F differs from the fixed unit price"))
    }

    @Test("A fixed price carries no weight and must be the published one")
    func fixedReadiness() {
        #expect(
            Build.plan([Self.fixedLot(.total, amount: "900", published: "1000")]).readinessProblems().map(\.message)
                == [
                    "criterion F states the fixed price 900 but the notice published fix-tot = 1000; a published fixed"
                        + " price cannot be changed: state amount=\"1000\""
                ])
        #expect(
            Build.plan([Self.fixedLot(.total, amount: "1000", weight: "10")]).readinessProblems().map(\.message)
                == [
                    "criterion F has a fixed price, so it earns no points; remove its weight (10): the tenders are"
                        + " evaluated on quality alone",
                    "the percentage weightings of criteria Q1, Q2, F in lot LOT-1 sum to 110, not exactly 100",
                ])
    }

    // MARK: - Thresholds (max-pass, min-score)

    static func thresholdLot(
        maximumPassing: Int? = nil, minimumPoints: String? = nil, published: [PublishedParameter]
    )
        -> Lot
    {
        var quality = Build.scored("Q", weight: "60", line: 21)
        quality.maximumPassing = maximumPassing
        quality.minimumPoints = minimumPoints.map(dec)
        quality.published = published
        return Build.lot(Build.level(.percent, [quality, Build.priced("P", weight: "40", line: 22)], line: 20))
    }

    static func fourBids(_ lot: Lot, scores: [String]) -> EvaluationInput {
        let prices = ["100", "80", "50", "40"]
        return Build.input(
            Build.plan([lot]), bids: (1...4).map { Build.bid(BidID("B\($0)"), price: prices[$0 - 1]) },
            sheets: (1...4).map { Build.sheet("EV-1", BidID("B\($0)"), [("Q", scores[$0 - 1])]) })
    }

    @Test("max-pass 2: only the two best on quality reach price scoring, and the benchmark is theirs")
    func maximumPassing() throws {
        let maxPass = [PublishedParameter(list: "number-threshold", code: "max-pass", number: "2")]
        let lot = Self.thresholdLot(maximumPassing: 2, published: maxPass)
        let result = try evaluateLot(Self.fourBids(lot, scores: ["4", "3", "2", "1"]))
        // Quality: B1 60, B2 45, B3 30, B4 15; B3 and B4 leave. Lowest admissible price: B2's 80.
        // B1: 60 + 40 × 80/100 = 92. B2: 45 + 40 = 85.
        #expect(result.order == ["B1", "B2", "B3", "B4"])
        #expect(result.ranks == [1, 2, nil, nil])
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(92)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(85)))
        #expect(result.benchmarks.first?.lowest == eur("80") && result.benchmarks.first?.admissibleBids == 2)
        #expect(
            try result.bid("B3").status
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold,
                        reason: "the bid earns 30 points on criterion Q, position 3 of 4; only the 2 bid(s) with the"
                            + " most points on it pass to price scoring (max-pass 2; the last passing bid earns 45)")))
        // Published but not applied: not ready.
        #expect(
            Build.plan([Self.thresholdLot(published: maxPass)]).readinessProblems().map(\.message) == [
                "criterion Q of lot LOT-1: the notice published max-pass = 2 (only that many tenders pass, BT-5423);"
                    + " apply it as published: maximumPassing=\"2\""
            ])
    }

    @Test("max-pass: bids tied with the last passing one all pass, flagged")
    func maximumPassingTie() throws {
        let lot = Self.thresholdLot(maximumPassing: 2, published: [])
        let result = try evaluateLot(Self.fourBids(lot, scores: ["4", "3", "3", "1"]))
        // Quality: B1 60, B2 45, B3 45, B4 15: B2 and B3 tie at the limit, both pass; B4 leaves.
        // Lowest admissible price: B3's 50. B1: 60 + 40 × 50/100 = 80; B2: 45 + 40 × 50/80 = 70;
        // B3: 45 + 40 = 85.
        #expect(result.order == ["B3", "B1", "B2", "B4"])
        #expect(try result.bid("B3").totalPoints == PointsValue(exact: q(85)))
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(80)))
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(70)))
        #expect(try result.bid("B2").flags.map(\.code) == ["max-pass-tie"])
        #expect(try result.bid("B1").flags.isEmpty)
    }

    @Test("min-score applied in points excludes a bid below it; on the scale it is minimumScore")
    func minimumPoints() throws {
        let minScore = [PublishedParameter(list: "number-threshold", code: "min-score", number: "30")]
        let lot = Self.thresholdLot(minimumPoints: "30", published: minScore)
        let input = Build.input(
            Build.plan([lot]), bids: [Build.bid("B1", price: "100"), Build.bid("B2", price: "80")],
            sheets: [Build.sheet("EV-1", "B1", [("Q", "4")]), Build.sheet("EV-1", "B2", [("Q", "1")])])
        let result = try evaluateLot(input)
        // B2: Q 60 × 1/4 = 15 < 30, excluded before the benchmark. B1 alone: 60 + 40 = 100.
        #expect(try result.bid("B1").totalPoints == PointsValue(exact: q(100)))
        #expect(
            try result.bid("B2").status
                == .excluded(
                    Exclusion(
                        stage: .qualityThreshold,
                        reason: "the bid earns 15 points on criterion Q, below its minimum of 30 points")))
        // Published min-score not applied: not ready.
        let unapplied = Self.thresholdLot(published: minScore)
        #expect(
            Build.plan([unapplied]).readinessProblems().map(\.message) == [
                "criterion Q of lot LOT-1: the notice published min-score = 30 (a minimum score, BT-5423); apply it as"
                    + " published: minimumScore=\"30\" (on the criterion's scale) or minimumPoints=\"30\" (on its"
                    + " weighted points)"
            ])
    }

    // MARK: - Decision analysis

    @Test("The weighting sensitivity analysis does not extrapolate past max-pass or a fixed price")
    func analysisNotExtrapolated() throws {
        let maxPass = Self.fourBids(Self.thresholdLot(maximumPassing: 2, published: []), scores: ["4", "3", "2", "1"])
        let result = try evaluateOK(maxPass)
        let analysis = try #require(try DecisionAnalysis.analyse(maxPass, result: result).lots.first)
        #expect(analysis.weightSensitivities.count == 2)
        for sensitivity in analysis.weightSensitivities {
            guard case let .notAnalysed(reason) = sensitivity.increase, case .notAnalysed = sensitivity.decrease
            else {
                Issue.record("expected notAnalysed both ways, got \(sensitivity)")
                continue
            }
            #expect(reason.hasPrefix("lot LOT-1 applies a minimum in points or a maximum number of passing bids"))
        }

        let fixed = Build.input(
            Build.plan([Self.fixedLot(.total, amount: "1000")]),
            bids: [Build.bid("B1", price: "1000"), Build.bid("B2", price: "1000")],
            sheets: [
                Build.sheet("EV-1", "B1", [("Q1", "4"), ("Q2", "2")]),
                Build.sheet("EV-1", "B2", [("Q1", "3"), ("Q2", "4")]),
            ])
        let fixedAnalysis = try #require(
            try DecisionAnalysis.analyse(fixed, result: try evaluateOK(fixed)).lots.first)
        let price = try #require(fixedAnalysis.weightSensitivities.first { $0.criterion == "F" })
        #expect(
            price.increase
                == .notAnalysed("criterion F is a fixed price: a gate that carries no weighting"))
    }
}
