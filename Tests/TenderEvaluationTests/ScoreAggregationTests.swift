import Foundation
import TenderEvaluation
import TenderModel
import Testing

@Suite("Score aggregation")
struct ScoreAggregationTests {
    @Test(
        "The median of an odd count is the middle score, whatever the order",
        arguments: [
            (["3", "1", "2"], q(2)),
            (["4", "4", "0"], q(4)),
            (["2"], q(2)),
            (["0", "4", "1", "3", "2"], q(2)),
            (["1.5", "0.5", "2.5"], q(3, 2)),
        ])
    func medianOdd(scores: [String], expected: Rational) {
        #expect(Aggregation.Method.median.aggregate(scores.map(dec)) == expected)
    }

    @Test(
        "The median of an even count is the exact mean of the two middle scores",
        arguments: [
            (["4", "1", "3", "2"], q(5, 2)),
            (["1", "2", "2", "4"], q(2)),
            (["0", "3"], q(3, 2)),
            (["3", "0", "4", "4"], q(7, 2)),
        ])
    func medianEven(scores: [String], expected: Rational) {
        #expect(Aggregation.Method.median.aggregate(scores.map(dec)) == expected)
    }

    @Test(
        "The mean is exact, including thirds",
        arguments: [
            (["2", "3", "3"], q(8, 3)),
            (["1", "1", "2"], q(4, 3)),
            (["1", "2"], q(3, 2)),
            (["4", "4", "4"], q(4)),
            (["0", "0", "1", "1", "1", "1", "1"], q(5, 7)),
            (["0.1", "0.2"], q(3, 20)),
        ])
    func mean(scores: [String], expected: Rational) {
        #expect(Aggregation.Method.mean.aggregate(scores.map(dec)) == expected)
    }

    @Test("Exact rational values aggregate like decimals")
    func rationalValues() {
        #expect(Aggregation.Method.mean.aggregate([q(1, 3), q(1, 6)]) == q(1, 4))
        #expect(Aggregation.Method.median.aggregate([q(1, 3), q(1, 6), q(5)]) == q(1, 3))
    }
}
