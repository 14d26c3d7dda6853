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
    /// Source: the plan's `<PriceFormula kind="linear-lowest-to-highest"/>`. Relative. Defined for
    /// any prices: with `accepted` allowing them, a zero or negative (rebate) price is scored on the
    /// same line (the lowest, however negative, earns `available`).
    public static func linearLowestToHighest(
        price: Rational, lowest: Rational, highest: Rational, available: Rational,
        accepted: AcceptedPrices = .positiveOnly
    ) throws(PriceScoringError) -> Rational {
        guard accepted.accepts(price) else { throw .priceNotPositive(price) }
        guard accepted.accepts(lowest) else { throw .priceNotPositive(lowest) }
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
    /// - Throws: ``PriceScoringError`` for a price `accepted` does not accept (by default: not above
    ///   zero) or inverted bounds.
    ///
    /// Source: the plan's `<PriceFormula kind="linear-between-bounds" …/>`. Absolute: a bid's
    /// points depend on its own price only, so there is no rank reversal. Defined for any price, so
    /// a plan may accept zero and negative (rebate) prices with it.
    public static func linearBetweenBounds(
        price: Rational, fullPointsAt: Rational, zeroPointsAt: Rational, available: Rational,
        accepted: AcceptedPrices = .positiveOnly
    ) throws(PriceScoringError) -> Rational {
        guard accepted.accepts(price) else { throw .priceNotPositive(price) }
        guard fullPointsAt < zeroPointsAt else {
            throw .benchmarkInconsistent("fullPointsAt \(fullPointsAt) is not below zeroPointsAt \(zeroPointsAt)")
        }
        if price <= fullPointsAt { return available }
        if price >= zeroPointsAt { return .zero }
        return available * (zeroPointsAt - price) / (zeroPointsAt - fullPointsAt)
    }

    /// Scores a price by its price per quality point: `available × lowestRatio ÷ (price ÷ quality)`.
    ///
    /// - Parameters:
    ///   - price: The bid's price (or life-cycle cost). Must be > 0.
    ///   - quality: The bid's quality points (unrounded, on the lot's scored criteria). Must be ≥ 0;
    ///     a bid with no quality points earns no points (its price per quality point is unbounded).
    ///   - lowestRatio: The lowest price per quality point among the admissible bids with quality
    ///     points. Must be > 0 and ≤ the bid's own ratio.
    ///   - available: The points the criterion is worth.
    /// - Returns: Points in `0...available`; exactly `available` for the lowest price per quality point.
    /// - Throws: ``PriceScoringError`` for a non-positive price or ratio, negative quality, or a
    ///   benchmark above the bid's ratio.
    ///
    /// Source: the plan's `<PriceFormula kind="price-per-quality-point"/>`; the "Value for money"
    /// formula of the Negometrix platform (quality ÷ price, highest wins, the same order) and the
    /// "cost effectiveness ratio" of Local Government Procurement (NSW), *Methods of evaluating price
    /// in tenders*, part 4. Relative (the lowest ratio comes from the other bids).
    public static func pricePerQualityPoint(
        price: Rational, quality: Rational, lowestRatio: Rational, available: Rational
    ) throws(PriceScoringError) -> Rational {
        guard price > .zero else { throw .priceNotPositive(price) }
        guard !quality.isNegative else { throw .benchmarkInconsistent("quality points \(quality) are negative") }
        if quality.isZero { return .zero }
        guard lowestRatio > .zero else { throw .priceNotPositive(lowestRatio) }
        let ratio = price / quality
        guard lowestRatio <= ratio else {
            throw .benchmarkInconsistent("lowest price per quality point \(lowestRatio) exceeds the bid's \(ratio)")
        }
        return available * lowestRatio / ratio
    }

    /// Scores a price relative to the mean of the admissible prices:
    /// `available × (3/2 − price ÷ mean)`, clamped to `0...available`.
    ///
    /// A price at the mean earns half of `available`; each percent below the mean adds one hundredth
    /// of `available`, each percent above takes one off: half the mean or less earns `available`,
    /// one and a half times the mean or more earns nothing.
    ///
    /// - Parameters:
    ///   - price: The bid's price (or life-cycle cost). Must be > 0.
    ///   - mean: The mean of the admissible prices. Must be > 0.
    ///   - available: The points the criterion is worth.
    /// - Returns: Points in `0...available`.
    /// - Throws: ``PriceScoringError`` for a non-positive price or mean.
    ///
    /// Source: the plan's `<PriceFormula kind="relative-to-average"/>`; the "mean average" price
    /// scoring method (the mean scores 50 of 100; one point off per percent above the mean, one
    /// point on per percent below), procurementtemplates.co.uk, *Mean Calculation*; unrounded here.
    /// Relative (the mean comes from the other bids).
    public static func relativeToAverage(
        price: Rational, mean: Rational, available: Rational
    ) throws(PriceScoringError) -> Rational {
        guard price > .zero else { throw .priceNotPositive(price) }
        guard mean > .zero else { throw .priceNotPositive(mean) }
        let points = available * (Rational(3) / Rational(2) - price / mean)
        if points < .zero { return .zero }
        if points > available { return available }
        return points
    }
}
