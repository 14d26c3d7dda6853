public import TenderModel

/// Why a price could not be scored.
public enum PriceScoringError: Error, Equatable, Sendable {
    /// A price (or benchmark) is zero or negative; formulas divide by prices.
    case priceNotPositive(Rational)
    /// The benchmark is inconsistent with the price (e.g. `lowest` above `price`).
    case benchmarkInconsistent(String)
}

/// The price formulas, each a named, documented, exact function.
///
/// Inputs are exact (`Rational` from the documents' decimals); results are unrounded points in
/// `0...available`. Apply the plan's ``Rounding`` afterwards, only where the plan declares it.
public enum PriceScoring {
    /// Scores a price against the lowest admissible price: `available × lowest ÷ price`.
    ///
    /// - Parameters:
    ///   - price: The bid's price, excluding VAT, in the plan's currency. Must be > 0.
    ///   - lowest: The lowest admissible price in the lot, same currency. Must be > 0 and ≤ `price`.
    ///   - available: The points the criterion is worth (its weight), e.g. 40 of 100.
    /// - Returns: Points in `0...available`; exactly `available` for the lowest price.
    /// - Throws: ``PriceScoringError`` if `price` or `lowest` is ≤ 0 or `lowest` exceeds `price`.
    ///
    /// Source: the plan's `<PriceFormula kind="lowest-price-ratio"/>`; Directive 2014/24/EU
    /// Art. 67(2) and (5). Relative: removing another bid can change the result (rank reversal).
    public static func lowestPriceRatio(
        price: Rational, lowest: Rational, available: Rational
    ) throws(PriceScoringError)
        -> Rational
    {
        guard price > .zero else { throw .priceNotPositive(price) }
        guard lowest > .zero else { throw .priceNotPositive(lowest) }
        guard lowest <= price else { throw .benchmarkInconsistent("lowest \(lowest) exceeds price \(price)") }
        return available * lowest / price
    }

    /// Scores a price linearly between the lowest admissible price (full points) and the highest
    /// (zero): `available × (highest − price) ÷ (highest − lowest)`; every bid earns `available` when
    /// all admissible prices are equal.
    ///
    /// - Parameters:
    ///   - price: The bid's price. Must be > 0 and within `lowest...highest`.
    ///   - lowest: The lowest admissible price. Must be > 0.
    ///   - highest: The highest admissible price.
    ///   - available: The points the criterion is worth.
    /// - Returns: Points in `0...available`.
    /// - Throws: ``PriceScoringError`` for non-positive prices or a price outside the benchmark.
    ///
    /// Source: the plan's `<PriceFormula kind="linear-lowest-to-highest"/>`. Relative.
    public static func linearLowestToHighest(
        price: Rational, lowest: Rational, highest: Rational, available: Rational
    ) throws(PriceScoringError) -> Rational {
        guard price > .zero else { throw .priceNotPositive(price) }
        guard lowest > .zero else { throw .priceNotPositive(lowest) }
        guard lowest <= price, price <= highest else {
            throw .benchmarkInconsistent("price \(price) outside \(lowest)…\(highest)")
        }
        if highest == lowest { return available }
        return available * (highest - price) / (highest - lowest)
    }

    /// Scores a price linearly between two bounds fixed in the plan:
    /// `available × (zeroPointsAt − price) ÷ (zeroPointsAt − fullPointsAt)`, clamped to
    /// `0...available` (a price at or below `fullPointsAt` earns full points, at or above
    /// `zeroPointsAt` none).
    ///
    /// - Parameters:
    ///   - price: The bid's price. Must be > 0.
    ///   - fullPointsAt: The price that earns full points. Must be below `zeroPointsAt`.
    ///   - zeroPointsAt: The price that earns no points.
    ///   - available: The points the criterion is worth.
    /// - Returns: Points in `0...available`.
    /// - Throws: ``PriceScoringError`` for a non-positive price or inverted bounds.
    ///
    /// Source: the plan's `<PriceFormula kind="linear-between-bounds" …/>`. Absolute: a bid's
    /// points depend on its own price only, so there is no rank reversal.
    public static func linearBetweenBounds(
        price: Rational, fullPointsAt: Rational, zeroPointsAt: Rational, available: Rational
    ) throws(PriceScoringError) -> Rational {
        guard price > .zero else { throw .priceNotPositive(price) }
        guard fullPointsAt < zeroPointsAt else {
            throw .benchmarkInconsistent("fullPointsAt \(fullPointsAt) is not below zeroPointsAt \(zeroPointsAt)")
        }
        if price <= fullPointsAt { return available }
        if price >= zeroPointsAt { return .zero }
        return available * (zeroPointsAt - price) / (zeroPointsAt - fullPointsAt)
    }
}
