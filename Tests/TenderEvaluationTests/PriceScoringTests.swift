import TenderEvaluation
import TenderModel
import Testing

@Suite("Price formulas")
struct PriceScoringTests {
    // MARK: lowest-price ratio: available × lowest ÷ price

    @Test(
        "The lowest-price ratio of 80000 over 95000 for 40 points is exactly 640/19",
        arguments: [
            // (price, lowest, available, expected)
            (q(95000), q(80000), q(40), q(640, 19)),
            (q(80000), q(80000), q(40), q(40)),
            (q(100000), q(80000), q(40), q(32)),
            (q(160000), q(80000), q(40), q(20)),
            (q(300), q(100), q(30), q(10)),
            (q(7), q(3), q(1), q(3, 7)),
            // Decimal prices: 40 × 999.99 ÷ 1000.01 = 39999.6 ÷ 1000.01 = 3999960/100001
            (q(100001, 100), q(99999, 100), q(40), q(3_999_960, 100_001)),
        ])
    func lowestPriceRatio(price: Rational, lowest: Rational, available: Rational, expected: Rational) throws {
        #expect(try PriceScoring.lowestPriceRatio(price: price, lowest: lowest, available: available) == expected)
    }

    @Test(
        "The lowest-price ratio refuses a zero or negative price or benchmark",
        arguments: [
            (q(0), q(80000), PriceScoringError.priceNotPositive(q(0))),
            (q(-95000), q(80000), .priceNotPositive(q(-95000))),
            (q(95000), q(0), .priceNotPositive(q(0))),
            (q(95000), q(-1, 100), .priceNotPositive(q(-1, 100))),
        ])
    func lowestPriceRatioRefusesNonPositive(price: Rational, lowest: Rational, expected: PriceScoringError) {
        let error = #expect(throws: PriceScoringError.self) {
            try PriceScoring.lowestPriceRatio(price: price, lowest: lowest, available: q(40))
        }
        #expect(error == expected)
    }

    @Test("The lowest-price ratio refuses a benchmark above the price")
    func lowestPriceRatioRefusesBenchmarkAbovePrice() {
        let error = #expect(throws: PriceScoringError.self) {
            try PriceScoring.lowestPriceRatio(price: q(90), lowest: q(100), available: q(40))
        }
        #expect(error == .benchmarkInconsistent("lowest 100 exceeds price 90"))
    }

    // MARK: linear between lowest and highest: available × (highest − price) ÷ (highest − lowest)

    @Test(
        "Linear lowest-to-highest gives full points at the lowest, none at the highest, exact between",
        arguments: [
            // (price, lowest, highest, available, expected)
            (q(80000), q(80000), q(120000), q(40), q(40)),
            (q(120000), q(80000), q(120000), q(40), q(0)),
            (q(95000), q(80000), q(120000), q(40), q(25)),
            (q(100000), q(80000), q(120000), q(40), q(20)),
            (q(200), q(100), q(400), q(10), q(20, 3)),
            (q(250), q(100), q(400), q(10), q(5)),
        ])
    func linearLowestToHighest(
        price: Rational, lowest: Rational, highest: Rational, available: Rational, expected: Rational
    )
        throws
    {
        #expect(
            try PriceScoring.linearLowestToHighest(price: price, lowest: lowest, highest: highest, available: available)
                == expected)
    }

    @Test("Linear lowest-to-highest gives every bid full points when all prices are equal")
    func linearLowestToHighestAllEqual() throws {
        #expect(
            try PriceScoring.linearLowestToHighest(
                price: q(95000), lowest: q(95000), highest: q(95000), available: q(40))
                == q(40))
        #expect(
            try PriceScoring.linearLowestToHighest(
                price: q(1, 10), lowest: q(1, 10), highest: q(1, 10), available: q(35))
                == q(35))
    }

    @Test(
        "Linear lowest-to-highest refuses non-positive prices and prices outside the benchmark",
        arguments: [
            // (price, lowest, highest, expected)
            (q(0), q(100), q(400), PriceScoringError.priceNotPositive(q(0))),
            (q(-5), q(100), q(400), .priceNotPositive(q(-5))),
            (q(200), q(0), q(400), .priceNotPositive(q(0))),
            (q(500), q(100), q(400), .benchmarkInconsistent("price 500 outside 100…400")),
            (q(50), q(100), q(400), .benchmarkInconsistent("price 50 outside 100…400")),
        ])
    func linearLowestToHighestErrors(price: Rational, lowest: Rational, highest: Rational, expected: PriceScoringError)
    {
        let error = #expect(throws: PriceScoringError.self) {
            try PriceScoring.linearLowestToHighest(price: price, lowest: lowest, highest: highest, available: q(40))
        }
        #expect(error == expected)
    }

    // MARK: linear between bounds fixed in the plan

    @Test(
        "Linear between bounds is exact inside the bounds and clamped at both",
        arguments: [
            // (price, expected) for fullPointsAt 80000, zeroPointsAt 160000, 40 points
            (q(1), q(40)),
            (q(70000), q(40)),
            (q(80000), q(40)),
            (q(80001), q(79999, 2000)),  // 40 × 79999 ÷ 80000
            (q(90000), q(35)),
            (q(100000), q(30)),
            (q(150000), q(5)),
            (q(160000), q(0)),
            (q(160001), q(0)),
            (q(1_000_000), q(0)),
        ])
    func linearBetweenBounds(price: Rational, expected: Rational) throws {
        #expect(
            try PriceScoring.linearBetweenBounds(
                price: price, fullPointsAt: q(80000), zeroPointsAt: q(160000), available: q(40))
                == expected)
    }

    @Test("Linear between bounds keeps thirds exact")
    func linearBetweenBoundsThirds() throws {
        // 10 × (400 − 200) ÷ (400 − 100) = 2000/300 = 20/3
        #expect(
            try PriceScoring.linearBetweenBounds(
                price: q(200), fullPointsAt: q(100), zeroPointsAt: q(400), available: q(10)) == q(20, 3))
    }

    @Test(
        "Linear between bounds refuses a non-positive price and inverted or equal bounds",
        arguments: [
            (q(0), q(80000), q(160000), PriceScoringError.priceNotPositive(q(0))),
            (q(-1), q(80000), q(160000), .priceNotPositive(q(-1))),
            (
                q(100000), q(160000), q(80000),
                .benchmarkInconsistent("fullPointsAt 160000 is not below zeroPointsAt 80000")
            ),
            (
                q(100000), q(80000), q(80000),
                .benchmarkInconsistent("fullPointsAt 80000 is not below zeroPointsAt 80000")
            ),
        ])
    func linearBetweenBoundsErrors(price: Rational, full: Rational, zero: Rational, expected: PriceScoringError) {
        let error = #expect(throws: PriceScoringError.self) {
            try PriceScoring.linearBetweenBounds(price: price, fullPointsAt: full, zeroPointsAt: zero, available: q(40))
        }
        #expect(error == expected)
    }
}
