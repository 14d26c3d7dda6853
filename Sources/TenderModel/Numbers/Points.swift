/// Points awarded for a criterion, for quality or price, or in total: an exact number on the
/// scale of the lot's weightings (out of 100 for percentages, out of the points total for points).
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The exact value.
    public let value: Rational

    /// Wraps an exact value.
    public init(_ value: Rational) { self.value = value }

    /// Zero points.
    public static let zero = Points(.zero)

    /// The exact sum.
    public static func + (lhs: Points, rhs: Points) -> Points { Points(lhs.value + rhs.value) }
    /// Whether `lhs` orders before `rhs` (see the type for the order).
    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.value < rhs.value }

    /// The points rounded as the plan declares.
    public func rounded(_ rounding: Rounding) -> Points {
        Points(value.rounded(places: rounding.places, mode: rounding.mode))
    }

    /// The value as text, for people and diagnostics.
    public var description: String { value.exactText }
}

/// The rounding the tender declares: how many decimal places, by which mode, and at which stage.
///
/// Source: the plan's `<Rounding>`. Without one, nothing is rounded.
public struct Rounding: Hashable, Sendable {
    /// Where rounding applies.
    public enum Stage: String, Hashable, Sendable {
        /// Each leaf criterion's weighted points (a sub-criterion's, or a criterion's without
        /// sub-criteria) are rounded; a parent's points and the quality, price and total points are
        /// sums of the rounded values.
        case criterionPoints = "criterion-points"
        /// Only the total is rounded; criterion points stay exact.
        case total
    }

    /// Decimal places to keep (≥ 0).
    public var places: Int
    /// How to round.
    public var mode: RoundingMode
    /// Where rounding applies.
    public var stage: Stage

    /// Creates a rounding rule.
    public init(places: Int, mode: RoundingMode, stage: Stage) {
        self.places = places
        self.mode = mode
        self.stage = stage
    }
}
