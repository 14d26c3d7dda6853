public import Foundation
public import TenderModel

extension Aggregation.Method {
    /// Aggregates individual scores exactly.
    ///
    /// - Parameter scores: One or more scores (order does not matter).
    /// - Returns: The median (for an even count, the mean of the two middle scores) or the mean.
    /// - Precondition: `scores` is not empty.
    public func aggregate(_ scores: [Decimal]) -> Rational {
        aggregate(scores.map(Rational.init))
    }

    /// Aggregates exact values: the median (mean of the two middle values for an even count) or the
    /// arithmetic mean. - Precondition: `values` is not empty.
    public func aggregate(_ values: [Rational]) -> Rational {
        precondition(!values.isEmpty, "aggregate of no values")
        let sorted = values.sorted()
        switch self {
        case .mean:
            return sorted.reduce(Rational.zero, +) / Rational(sorted.count)
        case .median:
            let middle = sorted.count / 2
            if sorted.count % 2 == 1 { return sorted[middle] }
            return (sorted[middle - 1] + sorted[middle]) / Rational(2)
        }
    }
}
