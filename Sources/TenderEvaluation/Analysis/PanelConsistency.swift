public import Foundation
public import TenderConcurrency
public import TenderModel

/// How consistently the panel scored one lot: the spread of the evaluators' scores on each bid and
/// criterion against the plan's tolerance, each evaluator's bias against the score that counted,
/// and evaluators who gave one score to everything.
///
/// Derived from a ``LotEvaluation`` alone (the individual scores and the score used on every scored
/// criterion of every bid that was scored, ranked or excluded after scoring), so it adds nothing to
/// the evaluation's result and can be recomputed from `evidence/results.xml`.
///
/// - **Spread**: highest minus lowest individual score on one bid and criterion, in scale units.
///   Above the plan's `<Aggregation maximumSpread>` a moderated (consensus) score is required; the
///   evaluation refuses to run without it (DESIGN §5), so every spread above it here is moderated.
/// - **Bias**: for one evaluator, the mean of `individual score − score used` over every score they
///   gave in the lot, exact. The score used is the consensus recorded at moderation, or, where the
///   panel did not moderate, the plan's aggregate (median or mean) of the evaluators' scores, which
///   then stands as the panel's consensus. Positive: the evaluator scores above the panel; negative:
///   below. Deviations are in scale points when every scored criterion of the lot has the same scale
///   maximum; otherwise each deviation is first divided by its scale's maximum and the bias is a
///   share of the scale (``EvaluatorConsistency/scaleMaximum`` is then `nil`).
/// - **Flat scoring**: an evaluator whose scores in the lot are all the same value, given at least
///   ``FlatScoring/minimumScores`` scores across at least ``FlatScoring/minimumBids`` bids and
///   ``FlatScoring/minimumCriteria`` criteria. One score for everything suggests the responses were
///   not read against the descriptors (Woods Building Services v Milton Keynes Council [2015] EWHC
///   2011 (TCC): the evaluation must engage with each response). A prompt to look, never a
///   finding that changes a score.
///
/// Source: Lancashire Care NHS Foundation Trust v Lancashire County Council [2018] EWHC 1589 (TCC)
/// (moderation and its reasons); Crown Commercial Service / Cabinet Office guidance on consensus
/// scoring; the plan's `<Aggregation>`.
public struct PanelConsistency: Equatable, Sendable {
    /// The lot.
    public var lot: LotID
    /// The plan's tolerance (`maximumSpread`, in scale units); `nil` when the plan sets none.
    public var tolerance: Decimal?
    /// One row per bid and scored criterion with at least one individual score, bids in the
    /// evaluation's order, criteria in plan order (sub-criteria depth first).
    ///
    /// Made again from the lot's evaluation each time it is read (ten thousand bids of forty
    /// criteria have four hundred thousand rows): read it once per use. ``spreadCount``,
    /// ``largestSpread`` and ``spreadsAboveTolerance`` are kept.
    public var spreads: [ScoreSpread] {
        evaluation.bids.flatMap { Self.rows(of: $0, tolerance: tolerance) }
    }
    /// How many rows ``spreads`` has.
    public let spreadCount: Int
    /// The largest spread in ``spreads``; `nil` when it is empty.
    public let largestSpread: Decimal?
    /// The rows of ``spreads`` above the tolerance (each moderated), in their order.
    public let spreadsAboveTolerance: [ScoreSpread]
    /// One row per evaluator who scored in the lot, by evaluator ID.
    public var evaluators: [EvaluatorConsistency]
    /// The lot's evaluation, from which ``spreads`` are made.
    private let evaluation: LotEvaluation

    /// The evaluators flagged as giving one score to everything.
    public var flatScorers: [EvaluatorConsistency] { evaluators.filter { $0.flatScore != nil } }

    /// Equal when the lot, tolerance, rows and evaluators are.
    public static func == (lhs: PanelConsistency, rhs: PanelConsistency) -> Bool {
        lhs.lot == rhs.lot && lhs.tolerance == rhs.tolerance && lhs.spreadCount == rhs.spreadCount
            && lhs.largestSpread == rhs.largestSpread && lhs.spreadsAboveTolerance == rhs.spreadsAboveTolerance
            && lhs.evaluators == rhs.evaluators && lhs.spreads == rhs.spreads
    }

    /// Computes the report for `lot`, with the plan's aggregation rule.
    ///
    /// - Parameters:
    ///   - lot: One lot's evaluation.
    ///   - aggregation: The plan's `<Aggregation>` (its `maximumSpread` is the tolerance).
    ///   - workers: The threads that tally the bids (``ParallelWork``); the same report for any
    ///     number (the tallies are exact sums, merged in the bids' order).
    /// - Complexity: O(n) in the number of individual scores; each bid's criteria are read once.
    public static func compute(
        _ lot: LotEvaluation, aggregation: Aggregation?, workers: Int = ParallelWork.defaultWorkers
    ) -> PanelConsistency {
        let tolerance = aggregation?.maximumSpread
        let bids = lot.bids
        let tallies = ParallelWork.map(bids.count, workers: workers) { index in
            BidTally(rows: rows(of: bids[index], tolerance: tolerance))
        }
        var total = BidTally(rows: [])
        for tally in tallies { total.merge(tally) }
        // Deviations are in scale points when every scored criterion has the same scale maximum,
        // otherwise shares of each scale: known only now, so the sums were kept per scale maximum.
        let common = total.maxima.count == 1 ? total.maxima.first : nil
        let evaluators = total.evaluators.keys.sorted().compactMap { evaluator -> EvaluatorConsistency? in
            guard let row = total.evaluators[evaluator], row.scores > 0 else { return nil }
            let bias = row.bias(common: common)
            let isFlat =
                row.allFirst && row.scores >= FlatScoring.minimumScores
                && row.bids.count >= FlatScoring.minimumBids && row.criteria.count >= FlatScoring.minimumCriteria
            return EvaluatorConsistency(
                evaluator: evaluator, scores: row.scores, bids: row.bids.count,
                criteria: row.criteria.count, bias: bias, scaleMaximum: common,
                flatScore: isFlat ? row.first : nil)
        }
        return PanelConsistency(
            lot: lot.lot, tolerance: tolerance, spreadCount: total.rows, largestSpread: total.largest,
            spreadsAboveTolerance: total.above, evaluators: evaluators, evaluation: lot)
    }

    /// One bid's rows: each scored criterion with at least one individual score, in plan order
    /// (sub-criteria depth first).
    static func rows(of bid: BidEvaluation, tolerance: Decimal?) -> [ScoreSpread] {
        bid.scoreDetails.compactMap { criterion, detail in
            guard let spread = detail.spread, let lowest = detail.individual.map(\.value).min(),
                let highest = detail.individual.map(\.value).max()
            else { return nil }
            return ScoreSpread(
                bid: bid.bid, criterion: criterion, lowest: lowest, highest: highest, spread: spread,
                scoreUsed: detail.value, basis: detail.basis, scaleMaximum: detail.scaleMaximum,
                individual: detail.individual, isAboveTolerance: tolerance.map { spread > $0 } ?? false)
        }
    }

    /// What the report needs from some bids' rows, without the rows: their count, the largest
    /// spread, the rows above the tolerance, the scale maxima, and per evaluator the exact sums of
    /// deviations (per scale maximum), whether every score was the first, and the bids and criteria
    /// scored. Tallies of consecutive bids merge into the tally of both.
    private struct BidTally {
        struct Evaluator {
            /// The sum of `score − score used` for each scale maximum scored on (usually one).
            var deviations: [(maximum: Decimal, sum: Rational)] = []
            var scores = 0
            var first: Decimal?
            var allFirst = true
            var bids: Set<BidID> = []
            var criteria: Set<CriterionID> = []

            mutating func add(_ deviation: Rational, maximum: Decimal) {
                if let index = deviations.firstIndex(where: { $0.maximum == maximum }) {
                    deviations[index].sum += deviation
                } else {
                    deviations.append((maximum, deviation))
                }
            }

            /// The mean deviation: in scale points when `common` (every scale's maximum) is set,
            /// otherwise as a share of each deviation's scale. `(Σ d) / m = Σ (d / m)`, exactly.
            func bias(common: Decimal?) -> Rational {
                let total =
                    common != nil
                    ? deviations.reduce(Rational.zero) { $0 + $1.sum }
                    : deviations.reduce(Rational.zero) { total, part in
                        // A scale whose maximum is 0 has no share to take (readiness refuses one).
                        part.maximum == 0 ? total + part.sum : total + part.sum / Rational(part.maximum)
                    }
                return total / Rational(scores)
            }

            /// Counts one score.
            mutating func record(_ value: Decimal, bid: BidID, criterion: CriterionID) {
                scores += 1
                if let first {
                    if value != first { allFirst = false }
                } else {
                    first = value
                }
                bids.insert(bid)
                criteria.insert(criterion)
            }

            /// Adds the tally of the same evaluator's later scores.
            mutating func merge(_ later: Evaluator) {
                for part in later.deviations { add(part.sum, maximum: part.maximum) }
                scores += later.scores
                allFirst = allFirst && later.allFirst && (first == nil || later.first == first)
                if first == nil { first = later.first }
                bids.formUnion(later.bids)
                criteria.formUnion(later.criteria)
            }
        }

        var rows = 0
        var largest: Decimal?
        var above: [ScoreSpread] = []
        var maxima: Set<Decimal> = []
        var evaluators: [EvaluatorID: Evaluator] = [:]

        init(rows spreads: [ScoreSpread]) {
            rows = spreads.count
            for row in spreads {
                largest = largest.map { max($0, row.spread) } ?? row.spread
                if row.isAboveTolerance { above.append(row) }
                maxima.insert(row.scaleMaximum)
                for score in row.individual {
                    // In place: a copy out of the dictionary would copy its sets.
                    evaluators[score.evaluator, default: Evaluator()].add(
                        Rational(score.value) - row.scoreUsed, maximum: row.scaleMaximum)
                    evaluators[score.evaluator, default: Evaluator()].record(
                        score.value, bid: row.bid, criterion: row.criterion)
                }
            }
        }

        /// Adds the tally of the bids that come after these.
        mutating func merge(_ later: BidTally) {
            rows += later.rows
            if let next = later.largest { largest = largest.map { max($0, next) } ?? next }
            above += later.above
            maxima.formUnion(later.maxima)
            for (evaluator, next) in later.evaluators { evaluators[evaluator, default: Evaluator()].merge(next) }
        }
    }
}

/// The spread of the evaluators' scores on one bid and one scored criterion.
public struct ScoreSpread: Equatable, Sendable {
    /// The bid.
    public var bid: BidID
    /// The scored criterion (a leaf of the criteria tree).
    public var criterion: CriterionID
    /// The lowest individual score.
    public var lowest: Decimal
    /// The highest individual score.
    public var highest: Decimal
    /// `highest − lowest`, in scale units (0 with one score).
    public var spread: Decimal
    /// The score that counted, exact: moderated, or the plan's aggregate.
    public var scoreUsed: Rational
    /// Where it came from.
    public var basis: ScoreDetail.Basis
    /// The scale's maximum.
    public var scaleMaximum: Decimal
    /// The individual scores, by evaluator ID.
    public var individual: [IndividualScore]
    /// Whether the spread is above the plan's tolerance (moderation required; the evaluation
    /// refuses to run when such a score is not moderated).
    public var isAboveTolerance: Bool

    /// Creates a spread row.
    public init(
        bid: BidID, criterion: CriterionID, lowest: Decimal, highest: Decimal, spread: Decimal, scoreUsed: Rational,
        basis: ScoreDetail.Basis, scaleMaximum: Decimal, individual: [IndividualScore], isAboveTolerance: Bool
    ) {
        self.bid = bid
        self.criterion = criterion
        self.lowest = lowest
        self.highest = highest
        self.spread = spread
        self.scoreUsed = scoreUsed
        self.basis = basis
        self.scaleMaximum = scaleMaximum
        self.individual = individual
        self.isAboveTolerance = isAboveTolerance
    }
}

/// One evaluator's consistency with the panel in one lot.
public struct EvaluatorConsistency: Equatable, Sendable {
    /// The evaluator.
    public var evaluator: EvaluatorID
    /// How many scores they gave in the lot (bids × criteria they scored).
    public var scores: Int
    /// How many bids they scored.
    public var bids: Int
    /// How many criteria they scored.
    public var criteria: Int
    /// The mean of `score − score used` over their scores, exact: in scale points when
    /// ``scaleMaximum`` is set, otherwise a share of each scale's maximum.
    public var bias: Rational
    /// The lot's common scale maximum, or `nil` when its criteria use scales with different maxima.
    public var scaleMaximum: Decimal?
    /// The one score they gave to everything, when they are flagged as a flat scorer (see
    /// ``FlatScoring``); `nil` otherwise.
    public var flatScore: Decimal?

    /// Creates an evaluator row.
    public init(
        evaluator: EvaluatorID, scores: Int, bids: Int, criteria: Int, bias: Rational, scaleMaximum: Decimal?,
        flatScore: Decimal?
    ) {
        self.evaluator = evaluator
        self.scores = scores
        self.bids = bids
        self.criteria = criteria
        self.bias = bias
        self.scaleMaximum = scaleMaximum
        self.flatScore = flatScore
    }
}

/// When an evaluator who gave one score to everything is flagged: enough scores, over enough bids
/// and criteria, that one value for all of them is unlikely to be a faithful reading of the
/// responses. With fewer (two bids on one criterion, say) equal scores are unremarkable.
public enum FlatScoring {
    /// The least number of scores: 6.
    public static let minimumScores = 6
    /// The least number of distinct bids scored: 2.
    public static let minimumBids = 2
    /// The least number of distinct criteria scored: 2.
    public static let minimumCriteria = 2
}
