public import Foundation
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
    public var spreads: [ScoreSpread]
    /// One row per evaluator who scored in the lot, by evaluator ID.
    public var evaluators: [EvaluatorConsistency]

    /// Creates a consistency report.
    public init(lot: LotID, tolerance: Decimal?, spreads: [ScoreSpread], evaluators: [EvaluatorConsistency]) {
        self.lot = lot
        self.tolerance = tolerance
        self.spreads = spreads
        self.evaluators = evaluators
    }

    /// The spreads above the tolerance (each moderated).
    public var spreadsAboveTolerance: [ScoreSpread] { spreads.filter(\.isAboveTolerance) }

    /// The evaluators flagged as giving one score to everything.
    public var flatScorers: [EvaluatorConsistency] { evaluators.filter { $0.flatScore != nil } }

    /// Computes the report for `lot`, with the plan's aggregation rule.
    ///
    /// - Parameters:
    ///   - lot: One lot's evaluation.
    ///   - aggregation: The plan's `<Aggregation>` (its `maximumSpread` is the tolerance).
    /// - Complexity: O(n) in the number of individual scores.
    public static func compute(_ lot: LotEvaluation, aggregation: Aggregation?) -> PanelConsistency {
        var spreads: [ScoreSpread] = []
        for bid in lot.bids {
            func visit(_ criterion: CriterionEvaluation) {
                if case let .score(detail) = criterion.detail, let spread = detail.spread,
                    let lowest = detail.individual.map(\.value).min(),
                    let highest = detail.individual.map(\.value).max()
                {
                    spreads.append(
                        ScoreSpread(
                            bid: bid.bid, criterion: criterion.criterion, lowest: lowest, highest: highest,
                            spread: spread, scoreUsed: detail.value, basis: detail.basis,
                            scaleMaximum: detail.scaleMaximum, individual: detail.individual,
                            isAboveTolerance: aggregation?.maximumSpread.map { spread > $0 } ?? false))
                }
                criterion.children.forEach(visit)
            }
            bid.criteria.forEach(visit)
        }
        let maxima = Set(spreads.map(\.scaleMaximum))
        let common = maxima.count == 1 ? maxima.first : nil
        // One tally per evaluator, found once per row of scores (a lot of 10,000 bids has over a
        // million scores): the deviations' sum and count, whether every value was the first, and
        // the bids and criteria scored.
        struct Tally {
            var deviations = Rational.zero
            var scores = 0
            var first: Decimal?
            var allFirst = true
            var bids: Set<BidID> = []
            var criteria: Set<CriterionID> = []
        }
        var tallies: [Tally] = []
        var index: [EvaluatorID: Int] = [:]
        for row in spreads {
            let scaleMaximum = Rational(row.scaleMaximum)
            for score in row.individual {
                var deviation = Rational(score.value) - row.scoreUsed
                if common == nil { deviation = deviation / scaleMaximum }
                let position: Int
                if let known = index[score.evaluator] {
                    position = known
                } else {
                    position = tallies.count
                    tallies.append(Tally())
                    index[score.evaluator] = position
                }
                tallies[position].deviations += deviation
                tallies[position].scores += 1
                if let first = tallies[position].first {
                    if score.value != first { tallies[position].allFirst = false }
                } else {
                    tallies[position].first = score.value
                }
                tallies[position].bids.insert(row.bid)
                tallies[position].criteria.insert(row.criterion)
            }
        }
        let evaluators = index.keys.sorted().compactMap { evaluator -> EvaluatorConsistency? in
            guard let position = index[evaluator], tallies[position].scores > 0 else { return nil }
            let row = tallies[position]
            let bias = row.deviations / Rational(row.scores)
            let isFlat =
                row.allFirst && row.scores >= FlatScoring.minimumScores
                && row.bids.count >= FlatScoring.minimumBids && row.criteria.count >= FlatScoring.minimumCriteria
            return EvaluatorConsistency(
                evaluator: evaluator, scores: row.scores, bids: row.bids.count,
                criteria: row.criteria.count, bias: bias, scaleMaximum: common,
                flatScore: isFlat ? row.first : nil)
        }
        return PanelConsistency(
            lot: lot.lot, tolerance: aggregation?.maximumSpread, spreads: spreads, evaluators: evaluators)
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
