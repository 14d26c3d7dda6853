import PropertyBased
import TenderEvaluation
import TenderModel
import Testing

/// Properties of the scoring engine over generated cases: price points never rise as the price
/// rises (all three formulas, alone and through `evaluate`), totals stay within the points
/// available and are never negative, and the evaluation ignores the order of its files.
///
/// ``FileOrderTests`` shuffles one rich, hand-built case; here the cases themselves are generated.
@Suite("Properties of the evaluation")
struct EvaluationPropertyTests {
    // MARK: - Price formulas

    /// An amount in cents, from 0.01 to 10 000 000.00.
    static let cents = Gen<Int>.int(in: 1...1_000_000_000)

    static func money(_ cents: Int) -> Rational { Rational(cents) / Rational(100) }

    /// Points available for price, e.g. 40 of 100 (whole or with two decimals).
    static let available = Gen<Int>.int(in: 1...10_000).map { Rational($0) / Rational(100) }

    @Test("lowest-price-ratio: points never rise as the price rises, and stay in 0…available")
    func lowestPriceRatio() async {
        await propertyCheck(count: 300, input: Self.cents.array(of: 3), Self.available) { prices, available in
            let sorted = prices.sorted().map(Self.money)
            let lowest = sorted[0]
            let points = try sorted.map {
                try PriceScoring.lowestPriceRatio(price: $0, lowest: lowest, available: available)
            }
            #expect(zip(points, points.dropFirst()).allSatisfy { $0 >= $1 }, "\(sorted) → \(points)")
            #expect(points.allSatisfy { $0 >= .zero && $0 <= available })
            #expect(points[0] == available)
        }
    }

    @Test("linear-lowest-to-highest: points never rise as the price rises, and stay in 0…available")
    func linearLowestToHighest() async {
        await propertyCheck(count: 300, input: Self.cents.array(of: 4), Self.available) { prices, available in
            let sorted = prices.sorted().map(Self.money)
            let (lowest, highest) = (sorted[0], sorted[3])
            let points = try sorted.map {
                try PriceScoring.linearLowestToHighest(
                    price: $0, lowest: lowest, highest: highest, available: available)
            }
            #expect(zip(points, points.dropFirst()).allSatisfy { $0 >= $1 }, "\(sorted) → \(points)")
            #expect(points.allSatisfy { $0 >= .zero && $0 <= available })
            #expect(points[0] == available)
            #expect(lowest == highest || points[3] == .zero)
        }
    }

    @Test("linear-between-bounds: points never rise as the price rises, and stay in 0…available")
    func linearBetweenBounds() async {
        await propertyCheck(count: 300, input: Self.cents.array(of: 5), Self.available) { values, available in
            let bounds = values.prefix(2).sorted().map(Self.money)
            guard bounds[0] < bounds[1] else { return }
            let prices = values.dropFirst(2).sorted().map(Self.money)
            let points = try prices.map {
                try PriceScoring.linearBetweenBounds(
                    price: $0, fullPointsAt: bounds[0], zeroPointsAt: bounds[1], available: available)
            }
            #expect(zip(points, points.dropFirst()).allSatisfy { $0 >= $1 }, "\(bounds) \(prices) → \(points)")
            #expect(points.allSatisfy { $0 >= .zero && $0 <= available })
        }
    }

    // MARK: - Generated cases

    /// A generated one-lot case: quality Q (scale 0–4) and price P in percent weightings summing to
    /// exactly 100 (with two decimals), one of the three formulas, 1–7 bids, 1–3 evaluators scoring
    /// every bid, a rounding rule, and median or mean aggregation.
    struct GeneratedCase: CustomTestStringConvertible, Sendable {
        var qualityHundredths: Int
        var formula: Int
        var prices: [Int]
        var scores: [[Int]]
        var rounding: Int
        var mean: Bool

        var testDescription: String {
            "Q \(qualityHundredths)/100ths, formula \(formula), prices \(prices), scores \(scores), rounding \(rounding), mean \(mean)"
        }

        var qualityWeight: String { EvaluationPropertyTests.decimalText(qualityHundredths) }
        var priceWeight: String { EvaluationPropertyTests.decimalText(10_000 - qualityHundredths) }

        var input: EvaluationInput {
            let priceFormula: PriceFormula =
                switch formula {
                case 0: .lowestPriceRatio
                case 1: .linearLowestToHighest
                default: .linearBetweenBounds(fullPointsAt: eur("1000.00"), zeroPointsAt: eur("90000.00"))
                }
            let stage: Rounding.Stage = rounding == 1 ? .criterionPoints : .total
            let rules = EvaluationRules(
                rounding: rounding == 0
                    ? nil : Rounding(places: 2, mode: rounding == 3 ? .halfEven : .halfUp, stage: stage),
                aggregation: Aggregation(method: mean ? .mean : .median, maximumSpread: nil))
            let plan = Build.plan(
                [Build.standardLot(formula: priceFormula, quality: qualityWeight, price: priceWeight)], rules: rules)
            let bids = prices.indices.map {
                Build.bid(
                    BidID("B\($0 + 1)"), price: EvaluationPropertyTests.decimalText($0 < prices.count ? prices[$0] : 1))
            }
            var sheets: [ScoreSheet] = []
            for (bid, evaluatorScores) in zip(bids, scores) {
                sheets += Build.sheets(bid.id, q: evaluatorScores.map(String.init))
            }
            return Build.input(plan, bids: bids, sheets: sheets)
        }
    }

    /// `12345` hundredths as `"123.45"`.
    static func decimalText(_ hundredths: Int) -> String {
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    static let generatedCase = zip(
        Gen<Int>.int(in: 1...9_999), Gen<Int>.int(in: 0...2), Gen<Int>.int(in: 100...10_000_000).array(of: 1...7),
        Gen<Int>.int(in: 0...4).array(of: 1...3).array(of: 7), Gen<Int>.int(in: 0...3), Gen.bool
    ).map { quality, formula, prices, scores, rounding, mean in
        // Every bid is scored by the same evaluators.
        let evaluators = scores[0].count
        return GeneratedCase(
            qualityHundredths: quality, formula: formula, prices: prices,
            scores: scores.prefix(prices.count).map { Array(($0 + $0 + $0).prefix(evaluators)) }, rounding: rounding,
            mean: mean)
    }

    @Test("Totals never exceed 100 for percent weightings and are never negative; each part stays within its weight")
    func totalsWithinPoints() async {
        await propertyCheck(count: 150, input: Self.generatedCase) { generated in
            let lot = try #require(try evaluate(generated.input).lots.first)
            let hundred = Rational(100)
            let quality = Rational(generated.qualityHundredths) / Rational(100)
            let price = hundred - quality
            for bid in lot.bids {
                let total = try #require(bid.totalPoints, "\(bid.bid) has no total")
                for value in [total.used, total.unrounded] {
                    #expect(value >= .zero && value <= hundred, "\(bid.bid): total \(value)")
                }
                if let points = bid.qualityPoints?.unrounded { #expect(points >= .zero && points <= quality) }
                if let points = bid.pricePoints?.unrounded { #expect(points >= .zero && points <= price) }
            }
        }
    }

    @Test("Through evaluate, a bid with a higher price never earns more price points")
    func pricePointsFallThroughEvaluate() async {
        await propertyCheck(count: 150, input: Self.generatedCase) { generated in
            let lot = try #require(try evaluate(generated.input).lots.first)
            let byBid = Dictionary(
                uniqueKeysWithValues: generated.prices.enumerated().map { (BidID("B\($0.offset + 1)"), $0.element) })
            let scored = lot.bids.compactMap { bid in bid.pricePoints.map { (byBid[bid.bid] ?? 0, $0.unrounded) } }
            for (cheaper, dearer) in scored.sorted(by: { $0.0 < $1.0 }).adjacentPairs() {
                #expect(cheaper.1 >= dearer.1, "price \(cheaper.0) → \(cheaper.1), price \(dearer.0) → \(dearer.1)")
            }
        }
    }

    @Test("The evaluation ignores the order of bids, lots, sheets and scores")
    func fileOrderIgnored() async {
        await propertyCheck(count: 100, input: Self.generatedCase, Gen<UInt64>.value(in: 0...UInt64.max)) {
            generated, seed in
            let input = generated.input
            let expected = try evaluate(input)
            var generator = Shuffler(seed: seed)
            var shuffled = input
            shuffled.bids.shuffle(using: &generator)
            shuffled.scoreSheets.shuffle(using: &generator)
            for index in shuffled.scoreSheets.indices { shuffled.scoreSheets[index].scores.shuffle(using: &generator) }
            #expect(try evaluate(shuffled) == expected)
        }
    }
}

/// A seeded shuffle (SplitMix64), so that a failing order replays from the generated seed.
private struct Shuffler: RandomNumberGenerator {
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

extension Sequence {
    /// Consecutive pairs: `[a, b, c]` → `(a, b), (b, c)`.
    fileprivate func adjacentPairs() -> [(Element, Element)] {
        let items = Array(self)
        return Array(zip(items, items.dropFirst()))
    }
}
