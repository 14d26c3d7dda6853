import PropertyBased
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

// Every expected value below is worked out by hand in the comments, exactly (fractions, not
// decimals), from the documented semantics: a scored criterion earns weight × score ÷ 4 (scale
// 0–4), lowest-price ratio earns weight × Pmin ÷ P, and when criterion k's weighting moves to x the
// others become w_i × (100 − x) ÷ (100 − w_k). A bid's total is then linear in x:
// total(x) = x × n_k + (100 − x) × r, with n_k its normalised value on k and r the weighted mean of
// its normalised values on the others.

/// The lot's decision analysis for a hand-built single-lot input.
private func analyseLot(
    _ input: EvaluationInput, sourceLocation: SourceLocation = #_sourceLocation
) throws -> LotDecisionAnalysis {
    let result = try evaluateOK(input, sourceLocation: sourceLocation)
    let analysis = try DecisionAnalysis.analyse(input, result: result)
    return try #require(analysis.lots.first, sourceLocation: sourceLocation)
}

extension LotDecisionAnalysis {
    /// The sensitivity of `criterion`; records an issue when it is missing.
    fileprivate func sensitivity(
        _ criterion: CriterionID, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> WeightSensitivity {
        try #require(
            weightSensitivities.first { $0.criterion == criterion }, "no sensitivity for \(criterion)",
            sourceLocation: sourceLocation)
    }
}

extension WeightSensitivity.Outcome {
    /// The threshold, when the winner changes.
    fileprivate var threshold: WeightThreshold? {
        if case let .winnerChanges(threshold) = self { return threshold }
        return nil
    }
}

/// Re-weighting and re-evaluating with the real evaluation, for checking thresholds.
enum Reweighting {
    /// `input` with lot `lot`'s top-level weighting replaced by `weights` (exact, summing to the
    /// level's total). Rational weights such as 140/3 have no decimal form, so the level is stated
    /// in points: every weight × the least common denominator D, which keeps every proportion
    /// exactly (totals come out of 100 × D instead of 100; ``normalisedTotals(_:)`` scales back).
    /// The lot's quality threshold, in points, is scaled by D with them. Published parameters are
    /// dropped: the point of the exercise is a weighting that differs from the published one.
    static func input(_ input: EvaluationInput, lot: LotID = Build.lotID, weights: [CriterionWeight]) -> EvaluationInput
    {
        var scale = Rational.one
        for weight in weights {
            let scaled = weight.weight * scale
            scale = scale * Rational(scaled.denominator, Rational.one.denominator)
        }
        var copy = input
        for index in copy.plan.lots.indices where copy.plan.lots[index].id == lot {
            let level = copy.plan.lots[index].criteria
            let criteria = level.criteria.map { criterion -> Criterion in
                var changed = criterion
                let weight = weights.first { $0.criterion == criterion.id }?.weight ?? .zero
                changed.weight = DecimalText.decimal((weight * scale).exactText)
                changed.published = []
                return changed
            }
            copy.plan.lots[index].criteria = CriteriaSet(
                weighting: .points, criteria: criteria, location: level.location)
            if let threshold = copy.plan.lots[index].qualityThreshold,
                let scaled = DecimalText.decimal((Rational(threshold.value) * scale).exactText)
            {
                copy.plan.lots[index].qualityThreshold = Located(scaled, at: threshold.location)
            }
        }
        return copy
    }

    /// The weighting with `criterion` at `weight` and the others re-normalised in proportion:
    /// w_i′ = w_i × (T − x) ÷ (T − w_k).
    static func renormalised(_ lot: Lot, moving criterion: CriterionID, to weight: Rational) -> [CriterionWeight] {
        let total = Rational(lot.criteria.total)
        let stated = lot.criteria.criteria.first { $0.id == criterion }?.weight.map { Rational($0) } ?? .zero
        return lot.criteria.criteria.map { other in
            let own = other.weight.map { Rational($0) } ?? .zero
            return CriterionWeight(
                criterion: other.id, weight: other.id == criterion ? weight : own * (total - weight) / (total - stated))
        }
    }

    /// Each ranked bid's exact total, scaled back to the original level total (100 for percent).
    static func normalisedTotals(_ lot: LotEvaluation, levelTotal: Rational = Rational(100)) -> [BidID: Rational] {
        var totals: [BidID: Rational] = [:]
        for bid in lot.bids {
            if let total = bid.totalPoints, bid.rank != nil {
                totals[bid.bid] = total.unrounded * levelTotal / lot.pointsAvailable
            }
        }
        return totals
    }

    /// The lot re-evaluated with `weights`.
    static func evaluateLot(
        _ input: EvaluationInput, lot: LotID = Build.lotID, weights: [CriterionWeight],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> LotEvaluation {
        let result = try evaluateOK(Self.input(input, lot: lot, weights: weights), sourceLocation: sourceLocation)
        return try #require(result.lots.first { $0.lot == lot }, sourceLocation: sourceLocation)
    }
}

@Suite("Decision analysis: worked examples")
struct DecisionAnalysisTests {
    // MARK: - Weight sensitivity

    /// Quality Q 40 % (scale 0–4) and price P 60 % (lowest-price ratio); A scores 2 at EUR 90 000,
    /// B scores 4 at EUR 160 000.
    static func fortySixtyInput(qualityThreshold: String? = nil, withC: Bool = false) -> EvaluationInput {
        var bids = [Build.bid("A", price: "90000"), Build.bid("B", price: "160000")]
        var sheets = Build.sheets("A", q: ["2"]) + Build.sheets("B", q: ["4"])
        if withC {
            bids.append(Build.bid("C", price: "80000"))
            sheets += Build.sheets("C", q: ["1"])
        }
        return Build.input(
            Build.plan([Build.standardLot(quality: "40", price: "60", qualityThreshold: qualityThreshold)]),
            bids: bids, sheets: sheets)
    }

    @Test("Quality 40 / price 60: the winner flips when quality reaches exactly 46 2/3 %")
    func fortySixtyThreshold() throws {
        // A: Q 40 × 2/4 = 20, P 60 × 90000/90000 = 60, total 80.
        // B: Q 40 × 4/4 = 40, P 60 × 90000/160000 = 33.75, total 73.75. A wins.
        // Normalised: A n_Q = 1/2, n_P = 1; B n_Q = 1, n_P = 9/16.
        // Moving Q to x (P becomes 100 − x): A(x) = x/2 + (100 − x) = 100 − x/2;
        // B(x) = x + (100 − x) × 9/16 = 56.25 + 7x/16.
        // Equal when 100 − x/2 = 56.25 + 7x/16, i.e. 43.75 = 15x/16, x = 700/15 = 140/3 = 46 2/3.
        // Both totals are then 100 − 70/3 = 230/3. Going down, A's lead only grows (its slope −1/2 is
        // below B's 7/16): no change down to 0.
        let lot = try analyseLot(Self.fortySixtyInput())
        #expect(lot.status == .winner("A"))
        let quality = try lot.sensitivity("Q")
        #expect(quality.weight == q(40))
        #expect(quality.levelTotal == q(100))
        let up = try #require(quality.increase.threshold)
        #expect(up.direction == .up)
        #expect(up.weight == q(140, 3))
        #expect(up.weight.exactText == "140/3")
        #expect(up.change == q(20, 3))
        #expect(up.totalAtThreshold == q(230, 3))
        #expect(up.tiedBids == ["B"])
        #expect(up.winnersBeyond == ["B"])
        #expect(
            up.weights == [
                CriterionWeight(criterion: "Q", weight: q(140, 3)), .init(criterion: "P", weight: q(160, 3)),
            ])
        #expect(quality.decrease == .noChange)
        #expect(quality.nearest == up)

        // The same tipping point seen from price: P at x, Q at 100 − x:
        // A(x) = (100 − x)/2 + x = 50 + x/2; B(x) = (100 − x) + 9x/16 = 100 − 7x/16;
        // equal at 15x/16 = 50, x = 160/3 = 53 1/3: a fall of 20/3 from 60. No change upwards.
        let price = try lot.sensitivity("P")
        let down = try #require(price.decrease.threshold)
        #expect(down.direction == .down)
        #expect(down.weight == q(160, 3))
        #expect(down.change == q(20, 3))
        #expect(down.winnersBeyond == ["B"])
        #expect(price.increase == .noChange)
        #expect(price.nearest == down)
    }

    @Test("At 46 2/3 % the real evaluation ties A and B exactly; at 46.67 % B wins, at 46.66 % A still does")
    func fortySixtyReevaluated() throws {
        let input = Self.fortySixtyInput()
        // Q 140/3 and P 160/3 are stated as 140 and 160 points (of 300): A = 140 × 2/4 + 160 = 230,
        // B = 140 + 160 × 9/16 = 230. Out of 100: 230/3 each.
        let at = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(140, 3)), .init(criterion: "P", weight: q(160, 3))])
        #expect(at.pointsAvailable == q(300))
        #expect(try at.bid("A").totalPoints?.unrounded == q(230))
        #expect(try at.bid("B").totalPoints?.unrounded == q(230))
        #expect(at.leaders.map(\.bid) == ["A", "B"])
        // 46.67: A = 100 − 23.335 = 76.665, B = 56.25 + 7 × 46.67/16 = 76.668125: B ahead.
        let beyond = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(4667, 100)), .init(criterion: "P", weight: q(5333, 100))])
        #expect(beyond.leaders.map(\.bid) == ["B"])
        #expect(Reweighting.normalisedTotals(beyond)["B"] == q(76_668_125, 1_000_000))
        // 46.66: A = 76.67, B = 76.66375: A ahead.
        let before = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(4666, 100)), .init(criterion: "P", weight: q(5334, 100))])
        #expect(before.leaders.map(\.bid) == ["A"])
    }

    /// Q1 30 %, Q2 10 %, P 60 % (lowest-price ratio).
    static let threeCriteriaLot = Build.lot(
        Build.level(
            .percent,
            [
                Build.scored("Q1", weight: "30", line: 21), Build.scored("Q2", weight: "10", line: 22),
                Build.priced("P", weight: "60", line: 23),
            ], line: 20))

    @Test("A winner ahead on the other criteria combined does not change within 0–100 on Q1 or P")
    func noChangeWithinRange() throws {
        // A: Q1 4, Q2 1, EUR 80 000 → 30 + 2.5 + 60 = 92.5. B: Q1 2, Q2 4, EUR 100 000 →
        // 15 + 10 + 60 × 0.8 = 73.
        // Q1 at x (Q2 and P share 100 − x as 10 : 60): A(x) = x + (100 − x)(2.5 + 60)/70,
        // B(x) = x/2 + (100 − x)(10 + 48)/70. At x = 0: A 625/7 > B 580/7; at x = 100: A 100 > B 50.
        // A leads at both ends, so everywhere between (the lines would cross at x = −900/61).
        // P at x (Q1 and Q2 share 100 − x as 30 : 10): at x = 0 A 325/4 > B 125/2; at x = 100 A 100 >
        // B 80: no change either (the lines would cross at x = −1500).
        // Q2 at x (Q1 and P share 100 − x as 30 : 60): A(x) = x/4 + (100 − x) = 100 − 3x/4;
        // B(x) = x + (100 − x)(15 + 48)/90 = 70 + 3x/10. Equal at 30 = 21x/20, x = 200/7 = 28 4/7,
        // total 100 − 150/7 = 550/7. Q1 becomes 30 × (100 − 200/7)/90 = 500/21 and P 1000/21.
        let input = Build.input(
            Build.plan([Self.threeCriteriaLot]),
            bids: [Build.bid("A", price: "80000"), Build.bid("B", price: "100000")],
            sheets: [
                Build.sheet("EV-1", "A", [("Q1", "4"), ("Q2", "1")]),
                Build.sheet("EV-1", "B", [("Q1", "2"), ("Q2", "4")]),
            ])
        let lot = try analyseLot(input)
        #expect(lot.status == .winner("A"))
        for criterion: CriterionID in ["Q1", "P"] {
            let sensitivity = try lot.sensitivity(criterion)
            #expect(sensitivity.increase == .noChange, "\(criterion)")
            #expect(sensitivity.decrease == .noChange, "\(criterion)")
            #expect(sensitivity.nearest == nil, "\(criterion)")
        }
        let q2 = try lot.sensitivity("Q2")
        let up = try #require(q2.increase.threshold)
        #expect(up.weight == q(200, 7))
        #expect(up.totalAtThreshold == q(550, 7))
        #expect(up.winnersBeyond == ["B"])
        #expect(
            up.weights == [
                .init(criterion: "Q1", weight: q(500, 21)), .init(criterion: "Q2", weight: q(200, 7)),
                .init(criterion: "P", weight: q(1000, 21)),
            ])
        #expect(q2.decrease == .noChange)

        // The extremes, through the real evaluation: Q1 alone (A 100, B 50) and P alone (A 100, B 80).
        for criterion: CriterionID in ["Q1", "P"] {
            let alone = try Reweighting.evaluateLot(
                input, weights: Reweighting.renormalised(Self.threeCriteriaLot, moving: criterion, to: q(100)))
            #expect(alone.leaders.map(\.bid) == ["A"], "\(criterion) alone")
        }
    }

    @Test("A quality threshold in points stops the analysis where a bid would cross it")
    func qualityThresholdStopsTheAnalysis() throws {
        // As the 40/60 example, with a lot quality threshold of 15 points and a third bid C scoring 1
        // (40 × 1/4 = 10 points < 15: excluded before price, so its EUR 80 000 sets no benchmark).
        // Quality points at Q weight x: A x/2, B x, C x/4.
        // Q up: the flip at 140/3 (as before) comes before C would reach 15 (x = 60): winner changes.
        // Q down: A's x/2 falls to 15 at x = 30 (B's x only at 15); below 30 A would be excluded, so the
        // analysis stops at 30, before any flip (there is none downwards anyway).
        // P at x (Q at 100 − x): A's quality (100 − x)/2 ≥ 15 until x = 70; C's (100 − x)/4 reaches 15
        // at x = 40. P down: the flip at 160/3 comes before C enters at 40. P up: no flip, and A
        // leaves beyond 70.
        let input = Self.fortySixtyInput(qualityThreshold: "15", withC: true)
        let evaluated = try evaluateLot(input)
        #expect(evaluated.ranks == [1, 2, nil])
        let lot = try analyseLot(input)
        #expect(lot.status == .winner("A"))
        let quality = try lot.sensitivity("Q")
        #expect(quality.increase.threshold?.weight == q(140, 3))
        #expect(quality.decrease == .admissibleSetChanges(at: q(30), bids: ["A"]))
        let price = try lot.sensitivity("P")
        #expect(price.decrease.threshold?.weight == q(160, 3))
        #expect(price.increase == .admissibleSetChanges(at: q(70), bids: ["A"]))

        // The real evaluation agrees: at Q 30 A has exactly 15 and stays; at Q 29.9 it is excluded.
        let atThirty = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(30)), .init(criterion: "P", weight: q(70))])
        #expect(try atThirty.bid("A").rank == 1)
        let below = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(299, 10)), .init(criterion: "P", weight: q(701, 10))])
        #expect(try below.bid("A").rank == nil)
    }

    @Test("A bid excluded only by the quality threshold comes back where its points reach it, unless rejected")
    func qualityThresholdReadmits() throws {
        // A (score 2, EUR 90 000) alone in the ranking; C (score 1, EUR 80 000) has 40 × 1/4 = 10 quality
        // points, below the threshold of 15. No rival, so no flip; but C's quality x/4 reaches 15 at
        // Q = 60 (P = 40), and from there C is admissible and its cheaper price becomes the benchmark.
        var input = Self.fortySixtyInput(qualityThreshold: "15", withC: true)
        input.bids.removeAll { $0.id == "B" }
        input.scoreSheets.removeAll { $0.bid == "B" }
        let lot = try analyseLot(input)
        #expect(try lot.sensitivity("Q").increase == .admissibleSetChanges(at: q(60), bids: ["C"]))
        #expect(try lot.sensitivity("P").decrease == .admissibleSetChanges(at: q(40), bids: ["C"]))
        let atSixty = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(60)), .init(criterion: "P", weight: q(40))])
        #expect(try atSixty.bid("C").rank != nil)

        // Had the authority rejected C as abnormally low, no weighting would bring it back.
        input.process.abnormallyLowDecisions["C"] = AbnormallyLowDecision(isAccepted: false, reason: "unexplained")
        let rejected = try analyseLot(input)
        #expect(try rejected.sensitivity("Q").increase == .noChange)
        let stillOut = try Reweighting.evaluateLot(
            input, weights: [.init(criterion: "Q", weight: q(60)), .init(criterion: "P", weight: q(40))])
        #expect(try stillOut.bid("C").rank == nil)
    }

    @Test("A criterion weighted 0, a lone criterion and an unresolved tie are reported, not extrapolated")
    func degenerateCases() throws {
        // Q1 weighted 0: nothing to extrapolate from upwards, nowhere to go downwards.
        let zeroLot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q1", weight: "0", line: 21), Build.scored("Q2", weight: "40", line: 22),
                    Build.priced("P", weight: "60", line: 23),
                ], line: 20))
        let zero = try analyseLot(
            Build.input(
                Build.plan([zeroLot]), bids: [Build.bid("A", price: "100"), Build.bid("B", price: "200")],
                sheets: [
                    Build.sheet("EV-1", "A", [("Q1", "0"), ("Q2", "2")]),
                    Build.sheet("EV-1", "B", [("Q1", "4"), ("Q2", "2")]),
                ]))
        let q1 = try zero.sensitivity("Q1")
        guard case .notAnalysed = q1.increase else {
            Issue.record("expected notAnalysed, got \(q1.increase)")
            return
        }
        #expect(q1.decrease == .noChange)

        // Price alone (100 %): the other criteria carry no weight, nothing to re-normalise.
        let priceOnly = Build.lot(Build.level(.percent, [Build.priced("P", weight: "100", line: 21)], line: 20))
        let alone = try analyseLot(
            Build.input(Build.plan([priceOnly]), bids: [Build.bid("A", price: "100"), Build.bid("B", price: "200")]))
        let p = try alone.sensitivity("P")
        guard case .notAnalysed = p.increase, case .notAnalysed = p.decrease else {
            Issue.record("expected notAnalysed both ways, got \(p)")
            return
        }

        // Equal bids, no tie-break: they share rank 1, so there is no single winner to analyse.
        let tied = try analyseLot(
            Build.input(
                Build.plan([Build.standardLot()]), bids: [Build.bid("A", price: "100"), Build.bid("B", price: "100")],
                sheets: Build.sheets("A", q: ["3"]) + Build.sheets("B", q: ["3"])))
        #expect(tied.status == .sharedFirstRank(["A", "B"]))
        #expect(tied.weightSensitivities.isEmpty && tied.scoreMargins.isEmpty)
        #expect(tied.removalsChecked.isEmpty)
    }

    @Test("A result that is not the input's evaluation is refused")
    func staleResult() throws {
        let input = Self.fortySixtyInput()
        var stale = try evaluateOK(input)
        stale.lots[0].bids.reverse()
        #expect(throws: EvaluationError.self) { try DecisionAnalysis.analyse(input, result: stale) }
    }

    // MARK: - Rank reversal

    @Test("Three bids, lowest-price ratio: removing the cheapest non-winner reverses the other two")
    func rankReversal() throws {
        // Q 40 % / P 60 %. W: Q 4, EUR 100 000. Y: Q 3, EUR 80 000. C: Q 0, EUR 50 000.
        // With C (Pmin 50 000): W 40 + 60 × 1/2 = 70; Y 30 + 60 × 5/8 = 67.5; C 0 + 60 = 60.
        // Without C (Pmin 80 000): W 40 + 60 × 4/5 = 88; Y 30 + 60 = 90. Y overtakes W: C, which was
        // never going to win, decided between them.
        // Without Y the benchmark stays 50 000: W 70 and C 60 keep their order.
        let input = Build.input(
            Build.plan([Build.standardLot(quality: "40", price: "60")]),
            bids: [Build.bid("W", price: "100000"), Build.bid("Y", price: "80000"), Build.bid("C", price: "50000")],
            sheets: Build.sheets("W", q: ["4"]) + Build.sheets("Y", q: ["3"]) + Build.sheets("C", q: ["0"]))
        let lot = try analyseLot(input)
        #expect(lot.status == .winner("W"))
        #expect(lot.removalsChecked == ["Y", "C"])
        #expect(lot.rankReversals.count == 1)
        let reversal = try #require(lot.rankReversals.first)
        #expect(reversal.removed == "C")
        #expect(reversal.reorderings == [PairReordering(bid: "W", other: "Y", before: .ahead, after: .behind)])
        #expect(reversal.reorderings.allSatisfy { $0.isSwap })
        #expect(reversal.leadersBefore == ["W"])
        #expect(reversal.leadersAfter == ["Y"])
        #expect(reversal.winnerChanges)
        #expect(try reversal.evaluationAfter.bid("W").totalPoints?.unrounded == q(88))
        #expect(try reversal.evaluationAfter.bid("Y").totalPoints?.unrounded == q(90))

        // The same check through the public single-removal function, and removing Y changes nothing.
        #expect(try RankReversal.check(removing: "C", fromLot: Build.lotID, in: input) == reversal)
        #expect(try RankReversal.check(removing: "Y", fromLot: Build.lotID, in: input) == nil)
        #expect(throws: EvaluationError.self) { try RankReversal.check(removing: "Z", fromLot: Build.lotID, in: input) }
    }

    @Test("An absolute price formula needs no rank-reversal check")
    func absoluteFormulaNotChecked() throws {
        let input = Build.input(
            Build.plan([
                Build.standardLot(
                    formula: .linearBetweenBounds(fullPointsAt: eur("40000"), zeroPointsAt: eur("120000")),
                    quality: "40", price: "60")
            ]),
            bids: [Build.bid("W", price: "100000"), Build.bid("Y", price: "80000"), Build.bid("C", price: "50000")],
            sheets: Build.sheets("W", q: ["4"]) + Build.sheets("Y", q: ["3"]) + Build.sheets("C", q: ["0"]))
        let lot = try analyseLot(input)
        #expect(lot.removalsChecked.isEmpty)
        #expect(lot.rankReversals.isEmpty)
    }

    // MARK: - Score margin

    @Test("Runner-up: one step on Q1 overtakes; no score on Q2 can")
    func scoreMargins() throws {
        // Q1 30 %, Q2 10 %, P 60 %. A: Q1 3, Q2 2, EUR 100 000 → 22.5 + 5 + 60 = 87.5.
        // B: Q1 3, Q2 3, EUR 110 000 → 22.5 + 7.5 + 60 × 100/110 = 30 + 600/11 = 930/11 ≈ 84.55.
        // Gap 87.5 − 930/11 = (1925 − 1860)/22 = 65/22 ≈ 2.95.
        // Q1: 30/4 = 7.5 points a step; 3 → 4 gains 7.5 > 65/22: one step. Tie at a rise of
        //     (65/22) ÷ 7.5 = 13/33.
        // Q2: 10/4 = 2.5 points a step; 3 → 4 gains 2.5 < 65/22: not reachable. Tie would need a rise
        //     of (65/22) ÷ 2.5 = 13/11 > 1.
        let sheetA = Build.sheet("EV-1", "A", [("Q1", "3"), ("Q2", "2")])
        let input = Build.input(
            Build.plan([Self.threeCriteriaLot]),
            bids: [Build.bid("A", price: "100000"), Build.bid("B", price: "110000")],
            sheets: [sheetA, Build.sheet("EV-1", "B", [("Q1", "3"), ("Q2", "3")])])
        let lot = try analyseLot(input)
        #expect(lot.status == .winner("A"))
        #expect(lot.scoreMargins.map(\.criterion) == ["Q1", "Q2"])
        let q1 = lot.scoreMargins[0]
        #expect(q1.bid == "B" && q1.winner == "A")
        #expect(q1.score == q(3))
        #expect(q1.worth == q(30))
        #expect(q1.gap == q(65, 22))
        #expect(q1.scoreRiseToTie == q(13, 33))
        #expect(q1.outcome == .reachable(score: dec("4"), steps: 1, scoreRise: q(1), pointsGained: q(15, 2)))
        let q2 = lot.scoreMargins[1]
        #expect(q2.worth == q(10))
        #expect(q2.scoreRiseToTie == q(13, 11))
        #expect(q2.outcome == .notReachable(maximumGain: q(5, 2)))

        // The real evaluation agrees: B with Q1 4 wins (37.5 + 600/11 ≈ 92.05); with Q2 4 it does not
        // (32.5 + 600/11 ≈ 87.05 < 87.5).
        let q1Raised = Build.input(
            input.plan, bids: input.bids, sheets: [sheetA, Build.sheet("EV-1", "B", [("Q1", "4"), ("Q2", "3")])])
        #expect(try evaluateLot(q1Raised).leaders.map(\.bid) == ["B"])
        let q2Raised = Build.input(
            input.plan, bids: input.bids, sheets: [sheetA, Build.sheet("EV-1", "B", [("Q1", "3"), ("Q2", "4")])])
        #expect(try evaluateLot(q2Raised).leaders.map(\.bid) == ["A"])
    }

    // MARK: - The shipped case

    /// The shipped case's inputs with the process facts of its trail: BID-007 late, and BID-004's
    /// explanation rejected (entry 33) unless `beforeRejection`.
    static func shippedInput(beforeRejection: Bool = false) throws -> EvaluationInput {
        let loaded = try CaseFolder(url: ShippedCaseStory.folder, displayPath: "renfrewshire-electrical-testing").load()
        var decisions: [BidID: AbnormallyLowDecision] = [:]
        if !beforeRejection {
            decisions["BID-004"] = AbnormallyLowDecision(isAccepted: false, reason: "below the National Minimum Wage")
        }
        return EvaluationInput(
            plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations,
            process: ProcessFacts(
                lateBids: ["BID-007": "received at 12:07:31, after the 12:00 deadline"],
                abnormallyLowDecisions: decisions))
    }

    static let shippedLot: LotID = "LOT-0000"

    @Test("Renfrewshire: 75 % price would need to rise to 76.41 % for BID-002 to win; AC-1 down to 13.57 %")
    func shippedCaseWeights() throws {
        // After BID-004's rejection: BID-001, BID-002, BID-006 are ranked (README: 88.33, 87.50, 87.27).
        // Quality (weight × score ÷ 4): BID-001 15 + 5 + 2.25 + 1.5 = 23.75; BID-002 7.5 + 2.5 + 1.5 + 1 =
        // 12.5; BID-006 11.25 + 3.75 + 2.25 + 1 = 18.25. Price (Pmin 386 400): BID-001 75 × 386400/448750
        // = 23184/359; BID-002 75; BID-006 75 × 386400/419900 = 289800/4199.
        // Exact totals: BID-001 23.75 + 23184/359 = 126841/1436 ≈ 88.3294; BID-002 175/2;
        // BID-006 18.25 + 289800/4199 = 1465727/16796 ≈ 87.2664. Gap to BID-002: 1191/1436.
        let input = try Self.shippedInput()
        let result = try evaluateOK(input)
        let evaluated = try #require(result.lots.first)
        #expect(evaluated.order.prefix(3) == ["BID-001", "BID-002", "BID-006"])
        #expect(try evaluated.bid("BID-001").totalPoints?.used == q(8833, 100))
        #expect(try evaluated.bid("BID-001").totalPoints?.unrounded == q(126_841, 1436))
        #expect(try evaluated.bid("BID-002").totalPoints?.used == q(8750, 100))
        #expect(try evaluated.bid("BID-006").totalPoints?.used == q(8727, 100))
        #expect(try evaluated.bid("BID-006").totalPoints?.unrounded == q(1_465_727, 16796))

        let analysis = try DecisionAnalysis.analyse(input, result: result)
        let lot = try #require(analysis.lots.first)
        #expect(lot.status == .winner("BID-001"))
        #expect(lot.weightSensitivities.map(\.criterion) == ["AC-1", "AC-2", "AC-3", "AC-4", "AC-5"])

        // AC-5 (price, 75): n = price points ÷ 75, r = quality ÷ 25.
        // BID-001: n = 7728/8975, r = 23.75/25 = 19/20, slope n − r = −3193/35900.
        // BID-002: n = 1, r = 12.5/25 = 1/2, slope 1/2. The gap 1191/1436 closes at 1/2 + 3193/35900 =
        // 21143/35900 a point: x = 75 + (1191/1436) ÷ (21143/35900) = 75 + 29775/21143 = 1615500/21143
        // ≈ 76.41. (BID-006, slope 73/100 − … crosses later, at ≈ 78.81.) Downwards BID-001 only gains.
        // At the threshold the others scale by (100 − x)/25 = 19952/21143: AC-1 299280/21143, AC-2
        // 99760/21143, AC-3 59856/21143, AC-4 39904/21143; both totals 1864900/21143 ≈ 88.20.
        let price = try lot.sensitivity("AC-5")
        let up = try #require(price.increase.threshold)
        #expect(up.weight == q(1_615_500, 21143))
        #expect(up.weight.approximateText(places: 2) == "76.41")
        #expect(up.change == q(29775, 21143))
        #expect(up.tiedBids == ["BID-002"])
        #expect(up.winnersBeyond == ["BID-002"])
        #expect(up.totalAtThreshold == q(1_864_900, 21143))
        #expect(
            up.weights.map(\.weight) == [
                q(299_280, 21143), q(99760, 21143), q(59856, 21143), q(39904, 21143), q(1_615_500, 21143),
            ])
        #expect(price.decrease == .noChange)

        // AC-1 (15): n = score ÷ 4, r = (total − AC-1 points) ÷ 85.
        // BID-001: n = 1, r = (126841/1436 − 15)/85 = 105301/122060. BID-002: n = 1/2, r = 80/85 = 16/17.
        // Slope difference (1 − r₁) − (1/2 − 16/17) = 49/34 − 105301/122060 = 70609/122060; downwards
        // the gap closes at x = 15 − (1191/1436) ÷ (70609/122060) = 15 − 101235/70609 = 957900/70609
        // ≈ 13.57 (BID-006 crosses later, at ≈ 11.23). Upwards BID-001 (4 of 4) only gains.
        let ac1 = try lot.sensitivity("AC-1")
        #expect(ac1.increase == .noChange)
        let ac1Down = try #require(ac1.decrease.threshold)
        #expect(ac1Down.weight == q(957_900, 70609))
        #expect(ac1Down.change == q(101_235, 70609))
        #expect(ac1Down.winnersBeyond == ["BID-002"])
        #expect(ac1.nearest == ac1Down)

        // AC-2 (5): the same way with r's over 95: BID-001 r = (126841/1436 − 5)/95 = 119661/136420,
        // BID-002 r = 85/95 = 17/19; slope difference 53/38 − 119661/136420 = 70609/136420;
        // x = 5 − (1191/1436) × 136420/70609 = 5 − 113145/70609 = 239900/70609 ≈ 3.40.
        let ac2 = try lot.sensitivity("AC-2")
        #expect(ac2.decrease.threshold?.weight == q(239_900, 70609))
        #expect(ac2.decrease.threshold?.winnersBeyond == ["BID-002"])
        #expect(ac2.increase == .noChange)

        // AC-3 (3): BID-001 and BID-006 both score 3 of 4, so at AC-3 = 100 both total exactly 75: no
        // change within the range, but a tie at its very end, which the tie-break decides (highest
        // quality points: 75 each; then lowest price: BID-006, 419 900 < 448 750). BID-002's line would
        // cross below 0 (at −11400/34709). AC-4 (2): every crossing is below 0. No change either way.
        let ac3 = try lot.sensitivity("AC-3")
        #expect(ac3.increase == .tiesAtEnd(at: q(100), bids: ["BID-006"], total: q(75)))
        #expect(ac3.decrease == .noChange)
        #expect(ac3.nearest == nil)
        let ac4 = try lot.sensitivity("AC-4")
        #expect(ac4.increase == .noChange)
        #expect(ac4.decrease == .noChange)

        // Relative formula, so each non-winner is removed: without BID-002 the benchmark becomes
        // 419 900 (BID-001 23.75 + 75 × 419900/448750 ≈ 93.93, BID-006 18.25 + 75 = 93.25); without
        // BID-006 nothing moves. BID-001 stays ahead of the other either way: no rank reversal.
        #expect(lot.removalsChecked == ["BID-002", "BID-006"])
        #expect(lot.rankReversals.isEmpty)

        // Runner-up BID-002, gap 1191/1436 ≈ 0.83 points, scores 2 on every quality criterion.
        // AC-1 3.75 a step, AC-2 1.25: one step (to 3) overtakes. AC-3 0.75, AC-4 0.5 a step: one step
        // is not enough, two (to 4: +1.5, +1.0) are. Ties at rises of gap × 4 ÷ weight:
        // 397/1795, 1191/1795, 397/359, 1191/718.
        #expect(lot.scoreMargins.map(\.bid) == Array(repeating: "BID-002", count: 4))
        #expect(
            lot.scoreMargins.map(\.outcome) == [
                .reachable(score: dec("3"), steps: 1, scoreRise: q(1), pointsGained: q(15, 4)),
                .reachable(score: dec("3"), steps: 1, scoreRise: q(1), pointsGained: q(5, 4)),
                .reachable(score: dec("4"), steps: 2, scoreRise: q(2), pointsGained: q(3, 2)),
                .reachable(score: dec("4"), steps: 2, scoreRise: q(2), pointsGained: q(1)),
            ])
        #expect(lot.scoreMargins.map(\.scoreRiseToTie) == [q(397, 1795), q(1191, 1795), q(397, 359), q(1191, 718)])
        #expect(lot.scoreMargins.allSatisfy { $0.gap == q(1191, 1436) })
    }

    @Test("Renfrewshire at the AC-5 threshold: the real evaluation ties BID-001 and BID-002; at 76.5 % BID-002 wins")
    func shippedCaseThresholdReevaluated() throws {
        let input = try Self.shippedInput()
        let lot = try #require(try DecisionAnalysis.analyse(input, result: try evaluateOK(input)).lots.first)
        let threshold = try #require(try lot.sensitivity("AC-5").increase.threshold)
        let at = try Reweighting.evaluateLot(input, lot: Self.shippedLot, weights: threshold.weights)
        let totals = Reweighting.normalisedTotals(at)
        #expect(totals["BID-001"] == threshold.totalAtThreshold)
        #expect(totals["BID-002"] == threshold.totalAtThreshold)
        // 76.5 % price: the others × 23.5/25 = 0.94 (AC-1 14.1, AC-2 4.7, AC-3 2.82, AC-4 1.88), all
        // decimals, so the plan can state it in percent as published and round as it declares:
        // BID-002 12.5 × 0.94 + 76.5 = 88.25; BID-001 23.75 × 0.94 + 76.5 × 7728/8975 ≈ 22.33 + 65.87.
        let beyond = Reweighting.renormalised(input.plan.lots[0], moving: "AC-5", to: q(765, 10))
        #expect(beyond.map(\.weight) == [q(141, 10), q(47, 10), q(282, 100), q(188, 100), q(765, 10)])
        let after = try Reweighting.evaluateLot(input, lot: Self.shippedLot, weights: beyond)
        #expect(after.leaders.map(\.bid) == ["BID-002"])
    }

    @Test("Renfrewshire before the rejection: removing BID-004 puts BID-002 above BID-006 (README regression)")
    func shippedCaseRankReversalBeforeRejection() throws {
        // First evaluation (entry 31), BID-004 admissible and cheapest (Pmin 258 600):
        // BID-004 10 + 75 = 85.00; BID-001 23.75 + 75 × 258600/448750 = 66.97; BID-006 18.25 + 46.19 =
        // 64.44; BID-002 12.5 + 75 × 258600/386400 = 12.5 + 50.19 = 62.69.
        // Without BID-004 (Pmin 386 400): BID-001 88.33, BID-002 87.50, BID-006 87.27: BID-006 and
        // BID-002 swap, BID-001 stays first among the rest.
        let input = try Self.shippedInput(beforeRejection: true)
        let before = try #require(try evaluateOK(input).lots.first)
        #expect(before.order.prefix(4) == ["BID-004", "BID-001", "BID-006", "BID-002"])
        #expect(try before.bid("BID-006").totalPoints?.used == q(6444, 100))
        #expect(try before.bid("BID-002").totalPoints?.used == q(6269, 100))

        let reversal = try #require(try RankReversal.check(removing: "BID-004", fromLot: Self.shippedLot, in: input))
        #expect(
            reversal.reorderings == [PairReordering(bid: "BID-006", other: "BID-002", before: .ahead, after: .behind)])
        #expect(reversal.leadersBefore == ["BID-001"])
        #expect(reversal.leadersAfter == ["BID-001"])
        #expect(!reversal.winnerChanges)
        let after = reversal.evaluationAfter
        #expect(after.order.prefix(3) == ["BID-001", "BID-002", "BID-006"])
        #expect(try after.bid("BID-001").totalPoints?.used == q(8833, 100))
        #expect(try after.bid("BID-002").totalPoints?.used == q(8750, 100))
        #expect(try after.bid("BID-006").totalPoints?.used == q(8727, 100))

        // BID-004 wins that evaluation, so the analysis itself removes only the non-winners; none of
        // them is the cheapest, the benchmark never moves, and nothing is reordered.
        let analysis = try DecisionAnalysis.analyse(input, result: try evaluateOK(input))
        let lot = try #require(analysis.lots.first)
        #expect(lot.status == .winner("BID-004"))
        #expect(lot.removalsChecked == ["BID-001", "BID-006", "BID-002"])
        #expect(lot.rankReversals.isEmpty)
    }
}

// MARK: - Property

@Suite("Decision analysis: properties")
struct DecisionAnalysisPropertyTests {
    /// A generated lot: Q1 and Q2 (scale 0–4) and P, integer percentages ≥ 1 summing to 100,
    /// lowest-price ratio or linear lowest-to-highest, 2–4 bids at EUR 1 000–20 000 (whole
    /// thousands, so the thresholds' denominators stay small enough to step past exactly), one
    /// evaluator. No rounding and no tie-break: rank 1 is exactly the highest total.
    struct GeneratedCase: CustomTestStringConvertible, Sendable {
        var cuts: (Int, Int)
        var linear: Bool
        var prices: [Int]
        var scores: [[Int]]

        var testDescription: String { "cuts \(cuts), linear \(linear), prices \(prices), scores \(scores)" }

        var weights: [Int] { [cuts.0, cuts.1 - cuts.0, 100 - cuts.1] }

        var lot: Lot {
            Build.lot(
                Build.level(
                    .percent,
                    [
                        Build.scored("Q1", weight: "\(weights[0])", line: 21),
                        Build.scored("Q2", weight: "\(weights[1])", line: 22),
                        Build.priced(
                            "P", weight: "\(weights[2])", formula: linear ? .linearLowestToHighest : .lowestPriceRatio,
                            line: 23),
                    ], line: 20))
        }

        var input: EvaluationInput {
            let bids = prices.indices.map { Build.bid(BidID("B\($0 + 1)"), price: "\(prices[$0] * 1000)") }
            let sheets = bids.indices.map { index in
                Build.sheet("EV-1", bids[index].id, [("Q1", "\(scores[index][0])"), ("Q2", "\(scores[index][1])")])
            }
            return Build.input(
                Build.plan(
                    [lot], rules: EvaluationRules(aggregation: Aggregation(method: .median, maximumSpread: nil))),
                bids: bids, sheets: sheets)
        }
    }

    static let generatedCase = zip(
        Gen<Int>.int(in: 1...98), Gen<Int>.int(in: 1...98), Gen.bool, Gen<Int>.int(in: 1...20).array(of: 2...4),
        Gen<Int>.int(in: 0...4).array(of: 2).array(of: 4)
    ).map { first, second, linear, prices, scores in
        GeneratedCase(
            cuts: (min(first, second), max(first, second) + 1), linear: linear, prices: prices, scores: scores)
    }

    /// The leaders after re-evaluating with `criterion` at `weight`.
    static func leaders(_ generated: GeneratedCase, _ criterion: CriterionID, at weight: Rational) throws -> [BidID] {
        let weights = Reweighting.renormalised(generated.lot, moving: criterion, to: weight)
        return try Reweighting.evaluateLot(generated.input, weights: weights).leaders.map(\.bid)
    }

    @Test("At a reported threshold the real evaluation ties the winner exactly; just beyond it the winner changes")
    func thresholdsTieAndFlip() async {
        // "Just beyond" is 10⁻¹² of a percentage point: far less than the distance between two different
        // crossings of these lines (whose denominators stay below 10⁶ with these prices and scores).
        let epsilon = Rational.one / Rational(1_000_000_000_000)
        await propertyCheck(count: 60, input: Self.generatedCase) { generated in
            let input = generated.input
            let lot = try #require(try DecisionAnalysis.analyse(input, result: try evaluate(input)).lots.first)
            guard case let .winner(winner) = lot.status else { return }
            for sensitivity in lot.weightSensitivities {
                let criterion = sensitivity.criterion
                for (outcome, sign) in [(sensitivity.increase, Rational.one), (sensitivity.decrease, -Rational.one)] {
                    switch outcome {
                    case let .winnerChanges(threshold):
                        #expect(
                            threshold.weights
                                == Reweighting.renormalised(generated.lot, moving: criterion, to: threshold.weight))
                        let at = try Reweighting.evaluateLot(input, weights: threshold.weights)
                        let totals = Reweighting.normalisedTotals(at)
                        #expect(totals[winner] == threshold.totalAtThreshold, "\(criterion) at \(threshold.weight)")
                        for bid in threshold.tiedBids {
                            #expect(totals[bid] == threshold.totalAtThreshold, "\(bid) ties at \(threshold.weight)")
                        }
                        #expect(totals.values.allSatisfy { $0 <= threshold.totalAtThreshold })
                        let beyond = try Self.leaders(generated, criterion, at: threshold.weight + sign * epsilon)
                        #expect(beyond == threshold.winnersBeyond, "\(criterion) beyond \(threshold.weight)")
                        #expect(!beyond.contains(winner))
                        if threshold.change > .zero {
                            let midway = sensitivity.weight + sign * threshold.change / Rational(2)
                            #expect(
                                try Self.leaders(generated, criterion, at: midway) == [winner], "\(criterion) midway")
                        }
                    case let .tiesAtEnd(at, bids, total):
                        #expect(at == (sign == .one ? sensitivity.levelTotal : .zero))
                        let weights = Reweighting.renormalised(generated.lot, moving: criterion, to: at)
                        let totals = Reweighting.normalisedTotals(try Reweighting.evaluateLot(input, weights: weights))
                        #expect(totals[winner] == total, "\(criterion) at \(at)")
                        for bid in bids { #expect(totals[bid] == total, "\(bid) ties at \(at)") }
                        let before = at - sign * epsilon
                        #expect(
                            try Self.leaders(generated, criterion, at: before) == [winner], "\(criterion) before \(at)")
                    case .noChange:
                        let end = sign == .one ? sensitivity.levelTotal : .zero
                        #expect(
                            try Self.leaders(generated, criterion, at: end).contains(winner), "\(criterion) at \(end)")
                    case .admissibleSetChanges, .notAnalysed:
                        Issue.record("unexpected \(outcome) for \(criterion): no quality threshold, no zero weight")
                    }
                }
            }
        }
    }
}
