public import TenderModel

/// How far one top-level award criterion's weighting can move, up and down, before the winner
/// changes.
///
/// **Re-normalisation.** When criterion `k`'s weighting moves from `w_k` to `w_k′`, the other
/// criteria of the top level keep their relative proportions and the level keeps its total `T`
/// (100 for percentages; the sum of the points for a points weighting):
/// `w_i′ = w_i × (T − w_k′) ÷ (T − w_k)`. Weightings stay in `0…T`. Sub-criteria keep their shares
/// of their parent.
///
/// **Exact thresholds, no search.** A criterion's points are its worth × a normalised value in
/// `0…1` that does not depend on the weighting: `score ÷ scale maximum` for a scored criterion,
/// `formula points ÷ worth` for a priced one (the lowest-price ratio `Pmin ÷ P`; the benchmark comes
/// from the admissible bids, not from the weights), the weighted sum of its sub-criteria's for a
/// parent. So each bid's total is linear in `w_k′`:
/// `total(w_k′) = w_k′ × n_k + (T − w_k′) × r`, with `n_k` = its points on `k` ÷ `w_k` and
/// `r` = its points on the other criteria ÷ `(T − w_k)`, both read from the evaluation, unrounded.
/// The threshold against each rival is the solution of one linear equation; the nearest one in each
/// direction is reported. At the threshold the two totals tie exactly; beyond it the rival leads.
///
/// **What is held fixed.** Gates, minimum scores (compared on the scale, independent of weights),
/// late receipts and the authority's decisions on abnormally low tenders do not depend on
/// weightings. The lot's quality threshold does: the evaluation compares a bid's quality points
/// (which move with the weightings) with the threshold as stated, in points. The analysis applies
/// it the same way: it finds the weighting at which a bid would cross it (leaving the ranking, or
/// entering it if the threshold alone excluded it) and stops there with
/// ``Outcome/admissibleSetChanges(at:bids:)``, because the price benchmark and the field change.
///
/// **Rounding.** Unrounded totals (see ``DecisionAnalysis``). A threshold is where the exact totals
/// tie; with the plan's rounding the totals used may tie, or separate, a little earlier or later.
public struct WeightSensitivity: Equatable, Sendable {
    /// What happens as the weighting moves in one direction, up to `T` or down to 0.
    public enum Outcome: Equatable, Sendable {
        /// The winner changes beyond this weighting.
        case winnerChanges(WeightThreshold)
        /// The winner does not change before this weighting, where the set of admissible bids does
        /// (the named bids cross the lot's quality threshold, leaving or entering the ranking); the
        /// analysis does not extrapolate past it. A bid leaving is still admissible at the weighting
        /// and out beyond it; a bid entering is admissible from the weighting on.
        case admissibleSetChanges(at: Rational, bids: [BidID])
        /// The winner stays ahead over the range in this direction, but at its very end (`T`, or 0)
        /// its exact total equals the named bids': there the plan's tie-break decides, which may
        /// rank one of them first. `total` is the shared total.
        case tiesAtEnd(at: Rational, bids: [BidID], total: Rational)
        /// The winner stays the same over the whole range in this direction (up to `T`, down to 0).
        case noChange
        /// This direction cannot be analysed, and why (a criterion weighted 0 has no normalised
        /// value in the result to extrapolate; without weight on the other criteria there are no
        /// proportions to keep).
        case notAnalysed(String)
    }

    /// The top-level criterion.
    public var criterion: CriterionID
    /// Its weighting as evaluated, in the level's units (percent, or points).
    public var weight: Rational
    /// The level's total `T`: 100 for percentages, the sum of the weights for points.
    public var levelTotal: Rational
    /// Raising the weighting towards ``levelTotal``.
    public var increase: Outcome
    /// Lowering the weighting towards 0.
    public var decrease: Outcome

    /// Creates a sensitivity record.
    public init(criterion: CriterionID, weight: Rational, levelTotal: Rational, increase: Outcome, decrease: Outcome) {
        self.criterion = criterion
        self.weight = weight
        self.levelTotal = levelTotal
        self.increase = increase
        self.decrease = decrease
    }

    /// The smallest change of this weighting that changes the winner: the nearer of the two
    /// directions' thresholds (the increase when both are equally far); `nil` when neither direction
    /// changes the winner before the admissible set changes or the range ends.
    public var nearest: WeightThreshold? {
        switch (increase, decrease) {
        case let (.winnerChanges(up), .winnerChanges(down)): down.change < up.change ? down : up
        case let (.winnerChanges(up), _): up
        case let (_, .winnerChanges(down)): down
        default: nil
        }
    }
}

/// A weighting at which the winner changes.
public struct WeightThreshold: Equatable, Sendable {
    /// Which way the weighting moves.
    public enum Direction: String, Equatable, Sendable {
        /// The weighting rises above the published one.
        case up
        /// The weighting falls below the published one.
        case down
    }

    /// The criterion whose weighting moves.
    public var criterion: CriterionID
    /// Up or down.
    public var direction: Direction
    /// The threshold weighting `w_k′`, exact, in the level's units: at it the winner ties with
    /// ``tiedBids``; any weighting beyond it (further in ``direction``) changes the winner.
    public var weight: Rational
    /// `|w_k′ − w_k|`, in the level's units (percentage points, or points). Zero when the winner
    /// won a tie of exact totals by the tie-break and any move this way separates them.
    public var change: Rational
    /// The whole top level's weighting at the threshold, in plan order, re-normalised as
    /// ``WeightSensitivity`` describes (it sums to the level total).
    public var weights: [CriterionWeight]
    /// The exact total the winner and ``tiedBids`` share at the threshold.
    public var totalAtThreshold: Rational
    /// The bids whose exact totals equal the winner's at the threshold, by ID.
    public var tiedBids: [BidID]
    /// The bid(s) ranked first just beyond the threshold, by ID (several only if their totals stay
    /// equal there, leaving it to the tie-break).
    public var winnersBeyond: [BidID]

    /// Creates a threshold.
    public init(
        criterion: CriterionID, direction: Direction, weight: Rational, change: Rational, weights: [CriterionWeight],
        totalAtThreshold: Rational, tiedBids: [BidID], winnersBeyond: [BidID]
    ) {
        self.criterion = criterion
        self.direction = direction
        self.weight = weight
        self.change = change
        self.weights = weights
        self.totalAtThreshold = totalAtThreshold
        self.tiedBids = tiedBids
        self.winnersBeyond = winnersBeyond
    }
}

/// A criterion's weighting, exact, in its level's units.
public struct CriterionWeight: Equatable, Sendable {
    /// The criterion.
    public var criterion: CriterionID
    /// The weighting.
    public var weight: Rational

    /// Creates a weighting.
    public init(criterion: CriterionID, weight: Rational) {
        self.criterion = criterion
        self.weight = weight
    }
}

// MARK: - Computation

extension WeightSensitivity {
    /// A straight line `intercept + slope × x` in the moving weighting `x`.
    private struct Line {
        var intercept: Rational
        var slope: Rational

        func value(at x: Rational) -> Rational { intercept + slope * x }
    }

    /// A bid's total (and quality points) as lines in the moving weighting.
    private struct BidLines {
        var bid: BidID
        var total: Line
        var quality: Line
    }

    /// Where a bid crosses the lot's quality threshold: a ranked bid is still in at `at` and out
    /// beyond it; a bid the threshold alone excluded is back in from `at` on.
    private struct AdmissionEvent {
        var at: Rational
        var bid: BidID
    }

    static func analyse(
        _ criterion: Criterion, lot: Lot, evaluation: LotEvaluation, winner: BidEvaluation, process: ProcessFacts
    ) -> WeightSensitivity {
        let total = Rational(lot.criteria.total)
        let weight = criterion.weight.map { Rational($0) } ?? .zero
        let others = total - weight
        func result(_ increase: Outcome, _ decrease: Outcome) -> WeightSensitivity {
            WeightSensitivity(
                criterion: criterion.id, weight: weight, levelTotal: total, increase: increase, decrease: decrease)
        }
        if case .fixedPrice = criterion.method {
            let reason = "criterion \(criterion.id) is a fixed price: a gate that carries no weighting"
            return result(.notAnalysed(reason), .notAnalysed(reason))
        }
        if lot.allCriteria.contains(where: { $0.minimumPoints != nil || $0.maximumPassing != nil }) {
            let reason =
                "lot \(lot.id) applies a minimum in points or a maximum number of passing bids to a criterion; which"
                + " bids pass them moves with the weightings, which this analysis does not model"
            return result(.notAnalysed(reason), .notAnalysed(reason))
        }
        guard others > .zero else {
            let reason =
                "the other criteria of lot \(lot.id) carry no weight, so there are no proportions to keep when"
                + " \(criterion.id)'s weighting moves"
            return result(.notAnalysed(reason), .notAnalysed(reason))
        }
        // Price per quality point divides by the quality points, whose make-up moves with the weighting
        // of a criterion that holds scored criteria: its normalised value is then not fixed, and the
        // totals are not linear in the weighting (docs/0006-price-and-cost-formulas.md).
        let ratioCriteria = lot.pricedCriteria.filter { $0.method == .price(.pricePerQualityPoint) }
        let movesQuality =
            if case .scale = criterion.method { true } else { CriteriaSet.holdsScored(criterion) }
        if !ratioCriteria.isEmpty, movesQuality {
            let reason =
                "criterion \(ratioCriteria[0].id) scores price per quality point, which depends on the quality"
                + " weightings, so the totals are not linear in \(criterion.id)'s weighting"
            return result(.notAnalysed(reason), .notAnalysed(reason))
        }
        guard weight > .zero else {
            return result(
                .notAnalysed(
                    "criterion \(criterion.id) is weighted 0, so the evaluation gives no normalised value to"
                        + " extrapolate from"),
                .noChange)
        }

        func lines(_ bid: BidEvaluation) -> BidLines {
            let own = bid.criterionEvaluation(criterion.id)
            let points = own?.points.unrounded ?? .zero
            let quality = own?.unroundedQuality ?? .zero
            func line(own: Rational, all: Rational) -> Line {
                let normalised = own / weight
                let rest = (all - own) / others
                return Line(intercept: total * rest, slope: normalised - rest)
            }
            return BidLines(
                bid: bid.bid, total: line(own: points, all: bid.unroundedTotal),
                quality: line(own: quality, all: bid.unroundedQuality))
        }

        let ranked = evaluation.bids.filter { $0.rank != nil }
        let winnerLines = lines(winner)
        let rivals = ranked.filter { $0.bid != winner.bid }.map(lines)
        let threshold = lot.qualityThreshold.map { Rational($0.value) }
        let rankedLines = ranked.map(lines)
        let reAdmissible = evaluation.bids.filter {
            Self.excludedOnlyByQualityThreshold($0, lot: lot, process: process)
        }.map(lines)

        func outcome(_ direction: WeightThreshold.Direction) -> Outcome {
            let sign = direction == .up ? Rational.one : -Rational.one
            let bound = direction == .up ? total : Rational.zero
            let distance = { (x: Rational) in sign * (x - weight) }

            // Where each rival's total meets the winner's, moving this way.
            var crossings: [(at: Rational, rival: BidLines)] = []
            for rival in rivals where sign * (rival.total.slope - winnerLines.total.slope) > .zero {
                let at =
                    (rival.total.intercept - winnerLines.total.intercept)
                    / (winnerLines.total.slope - rival.total.slope)
                if distance(at) < distance(bound) { crossings.append((at, rival)) }
            }

            // Where a bid crosses the lot's quality threshold, moving this way.
            var events: [AdmissionEvent] = []
            if let threshold {
                for item in rankedLines where sign * item.quality.slope < .zero {
                    let at = (threshold - item.quality.intercept) / item.quality.slope
                    if distance(at) < distance(bound) {
                        events.append(AdmissionEvent(at: at, bid: item.bid))
                    }
                }
                for item in reAdmissible where sign * item.quality.slope > .zero {
                    let at = (threshold - item.quality.intercept) / item.quality.slope
                    if distance(at) <= distance(bound) {
                        events.append(AdmissionEvent(at: at, bid: item.bid))
                    }
                }
            }

            let nearestCrossing = crossings.map { distance($0.at) }.min()
            let nearestEvent = events.map { distance($0.at) }.min()
            if let nearestCrossing, nearestEvent.map({ nearestCrossing < $0 }) ?? true {
                let tied = crossings.filter { distance($0.at) == nearestCrossing }
                let at = tied[0].at
                let steepest = tied.map { sign * $0.rival.total.slope }.max() ?? .zero
                let beyond = tied.filter { sign * $0.rival.total.slope == steepest }.map(\.rival.bid).sorted()
                let weights = lot.criteria.criteria.map { other -> CriterionWeight in
                    let stated = other.weight.map { Rational($0) } ?? .zero
                    return CriterionWeight(
                        criterion: other.id, weight: other.id == criterion.id ? at : stated * (total - at) / others)
                }
                return .winnerChanges(
                    WeightThreshold(
                        criterion: criterion.id, direction: direction, weight: at, change: distance(at),
                        weights: weights, totalAtThreshold: winnerLines.total.value(at: at),
                        tiedBids: tied.map(\.rival.bid).sorted(), winnersBeyond: beyond))
            }
            if let nearestEvent {
                let first = events.filter { distance($0.at) == nearestEvent }
                return .admissibleSetChanges(at: first[0].at, bids: first.map(\.bid).sorted())
            }
            // A rival that closes in over the whole range and draws level exactly at its end.
            let atEnd = rivals.filter { rival in
                sign * (rival.total.slope - winnerLines.total.slope) > .zero
                    && rival.total.value(at: bound) == winnerLines.total.value(at: bound)
            }
            if !atEnd.isEmpty {
                return .tiesAtEnd(
                    at: bound, bids: atEnd.map(\.bid).sorted(), total: winnerLines.total.value(at: bound))
            }
            return .noChange
        }

        return result(outcome(.up), outcome(.down))
    }

    /// Whether the lot's quality threshold alone excluded `bid`: it was excluded at the quality
    /// threshold stage with every score at or above its criterion's minimum, and the authority has
    /// not rejected it as abnormally low (a decision the evaluation applies after the thresholds),
    /// so weightings that raise its quality points would bring it back.
    static func excludedOnlyByQualityThreshold(_ bid: BidEvaluation, lot: Lot, process: ProcessFacts) -> Bool {
        guard case let .excluded(exclusion) = bid.status, exclusion.stage == .qualityThreshold,
            lot.qualityThreshold != nil, process.abnormallyLowDecisions[bid.bid]?.isAccepted != false
        else { return false }
        let leaves = bid.criteria.flatMap(\.scoredLeaves)
        guard leaves.count == lot.scoredCriteria.count else { return false }
        return leaves.allSatisfy { leaf in
            guard let minimum = lot.criterion(leaf.criterion)?.minimumScore else { return true }
            return leaf.score.value >= Rational(minimum)
        }
    }
}

extension CriteriaSet {
    /// Whether `criterion` is, or has below it, a criterion scored by evaluators.
    static func holdsScored(_ criterion: Criterion) -> Bool {
        switch criterion.method {
        case .scale: true
        case let .subCriteria(set): set.criteria.contains(where: holdsScored)
        case .price, .fixedPrice, .unstated: false
        }
    }
}
