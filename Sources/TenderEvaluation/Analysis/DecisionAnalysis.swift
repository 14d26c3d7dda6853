public import TenderModel

/// A decision analysis of an evaluation: how far the outcome rests on the published weightings, on
/// the other bids present, and on the quality scores.
///
/// Three analyses per lot, all exact (``Rational``, never binary floating point):
/// - ``WeightSensitivity``, per top-level award criterion: the weighting at which the winner would
///   change, up and down, and who would win beyond it. Directive 2014/24/EU Art. 67(5) requires the
///   relative weighting of each criterion to be published (and recital 90 explains why: tenderers
///   must know how the award decision will be made); this says how much the outcome depends on it.
/// - ``RankReversal``, for lots with a relative price formula: each admissible non-winning bid is
///   removed and the real evaluation re-run, and every pair of other bids whose order changes is
///   reported (the "dependence on irrelevant alternatives" of relative price scoring).
/// - ``ScoreMargin``, for the runner-up: how far its score on each quality criterion would have to
///   rise to overtake the winner.
///
/// Guidance: the UK Government Commercial Function's *Bid Evaluation Guidance Note* (May 2021)
/// discusses relative price scoring (§7.2) and asks for the evaluation model to be tested before it
/// is published (§8); M. A. Bergman and S. Lundberg, "Tender evaluation and supplier selection
/// methods in public procurement", *Journal of Purchasing and Supply Management* 19(2), 2013, and
/// P. S. Stilger, J. Siderius and E. M. van Raaij, "A comparative study of formulas for choosing
/// the economically most advantageous tender", *Journal of Public Procurement* 17(1), 2017, describe
/// the rank reversal ("ranking paradox") of relative price formulas.
///
/// Conventions (each type documents its own in full):
/// - **The winner** is the single bid ranked first by the evaluation (rounded as the plan declares,
///   ties broken by the plan's tie-break). When several bids share rank 1, or none is ranked, there
///   is no winner to analyse (``LotDecisionAnalysis/Status``).
/// - **Unrounded values.** Weight sensitivities and score margins work on the unrounded totals
///   (``PointsValue/unrounded``): rounded totals move in steps as a weighting or a score moves,
///   so on them a threshold would be an interval, not a number. When unrounded totals put
///   another bid ahead of the evaluated winner (possible only through the plan's rounding), the lot
///   says so (``LotDecisionAnalysis/Status/unroundedOrderDiffers(winner:ahead:)``) and these two
///   analyses are not computed. The rank-reversal check compares the evaluation's own ranks.
/// - **Nothing else changes.** Each analysis changes one thing (one weighting, one bid's presence,
///   one score) and keeps every other input as it is: gates, minimum scores, the lot's quality
///   threshold, the authority's decisions on abnormally low tenders, the tie-break.
public struct DecisionAnalysis: Equatable, Sendable {
    /// The plan's ID.
    public var planID: String
    /// Per lot, in plan order.
    public var lots: [LotDecisionAnalysis]

    /// Creates an analysis.
    public init(planID: String, lots: [LotDecisionAnalysis]) {
        self.planID = planID
        self.lots = lots
    }

    /// Analyses an evaluation result: per lot, the weight sensitivity of each top-level criterion,
    /// the rank reversals caused by removing a non-winning bid, and the runner-up's score margins.
    ///
    /// A pure function of its arguments. It re-runs ``evaluate(_:)`` on `input` to check that
    /// `result` is that input's evaluation, then once more per admissible non-winning bid of each
    /// lot with a relative price formula (with that bid removed): for `n` bids, `O(n)` evaluations.
    ///
    /// - Parameters:
    ///   - input: The input that was evaluated, with the same process facts (late bids, decisions on
    ///     abnormally low tenders).
    ///   - result: `evaluate(input)`.
    /// - Returns: One ``LotDecisionAnalysis`` per lot of the plan, in plan order.
    /// - Throws: What ``evaluate(_:)`` throws for `input`; ``EvaluationError/invalidInput(_:)`` at the
    ///   plan's location when `result` is not the evaluation of `input` (re-evaluate first).
    public static func analyse(
        _ input: EvaluationInput, result: EvaluationResult
    ) throws(EvaluationError) -> DecisionAnalysis {
        let reproduced = try evaluate(input)
        guard reproduced == result else {
            throw .invalidInput([
                EvaluationProblem(
                    location: input.plan.location,
                    message:
                        "the evaluation result to analyse is not the evaluation of these inputs (plan"
                        + " \(result.planID)); evaluate the inputs again and analyse that result")
            ])
        }
        var lots: [LotDecisionAnalysis] = []
        for (lot, evaluation) in zip(input.plan.lots, result.lots) {
            lots.append(try LotDecisionAnalysis.analyse(lot: lot, evaluation: evaluation, input: input))
        }
        return DecisionAnalysis(planID: result.planID, lots: lots)
    }
}

/// The decision analysis of one lot.
public struct LotDecisionAnalysis: Equatable, Sendable {
    /// What the lot's evaluation gives the analysis to work with.
    public enum Status: Equatable, Sendable {
        /// One bid is ranked first: the analyses are about it.
        case winner(BidID)
        /// No bid is ranked (all excluded): nothing to analyse.
        case noRankedBid
        /// Several bids share rank 1 (a tie the plan's tie-break did not separate, or no tie-break):
        /// there is no single winner whose change could be measured. The rank-reversal check still runs.
        case sharedFirstRank([BidID])
        /// The evaluated winner is behind these bids on unrounded totals: it ranks first only through
        /// the plan's rounding. Weight sensitivities and score margins, which work on unrounded
        /// totals, are not computed. The rank-reversal check still runs.
        case unroundedOrderDiffers(winner: BidID, ahead: [BidID])
    }

    /// The lot.
    public var lot: LotID
    /// What the analysis had to work with.
    public var status: Status
    /// Per top-level criterion, in plan order; empty unless ``status`` is ``Status/winner(_:)``.
    public var weightSensitivities: [WeightSensitivity]
    /// The admissible non-winning bids removed one at a time for the rank-reversal check, in ranking
    /// order; empty when the lot has no relative price formula (each bid's price points then depend
    /// on its own price only, so removing a bid cannot reorder the others).
    public var removalsChecked: [BidID]
    /// The removals that changed the order of the remaining bids, in ranking order of the bid removed.
    public var rankReversals: [RankReversal]
    /// For each bid ranked second (several when tied), per scored criterion in plan order; empty
    /// unless ``status`` is ``Status/winner(_:)``.
    public var scoreMargins: [ScoreMargin]

    /// Creates a lot analysis.
    public init(
        lot: LotID, status: Status, weightSensitivities: [WeightSensitivity], removalsChecked: [BidID],
        rankReversals: [RankReversal], scoreMargins: [ScoreMargin]
    ) {
        self.lot = lot
        self.status = status
        self.weightSensitivities = weightSensitivities
        self.removalsChecked = removalsChecked
        self.rankReversals = rankReversals
        self.scoreMargins = scoreMargins
    }

    /// The single winner, when there is one.
    public var winner: BidID? {
        if case let .winner(bid) = status { return bid }
        return nil
    }

    static func analyse(
        lot: Lot, evaluation: LotEvaluation, input: EvaluationInput
    ) throws(EvaluationError) -> LotDecisionAnalysis {
        let ranked = evaluation.bids.filter { $0.rank != nil }
        let leaders = ranked.filter { $0.rank == 1 }
        let status: Status
        if ranked.isEmpty {
            status = .noRankedBid
        } else if leaders.count > 1 {
            status = .sharedFirstRank(leaders.map(\.bid).sorted())
        } else {
            let winner = leaders[0]
            let ahead = ranked.filter { $0.unroundedTotal > winner.unroundedTotal }.map(\.bid).sorted()
            status = ahead.isEmpty ? .winner(winner.bid) : .unroundedOrderDiffers(winner: winner.bid, ahead: ahead)
        }

        var sensitivities: [WeightSensitivity] = []
        var margins: [ScoreMargin] = []
        if case let .winner(id) = status, let winner = ranked.first(where: { $0.bid == id }) {
            sensitivities = lot.criteria.criteria.map {
                WeightSensitivity.analyse(
                    $0, lot: lot, evaluation: evaluation, winner: winner, process: input.process)
            }
            margins = ScoreMargin.analyse(lot: lot, plan: input.plan, evaluation: evaluation, winner: winner)
        }

        var removals: [BidID] = []
        var reversals: [RankReversal] = []
        if lot.hasRelativePriceFormula {
            removals = ranked.filter { $0.rank != 1 }.map(\.bid)
            for bid in removals {
                if let reversal = try RankReversal.check(removing: bid, from: lot, before: evaluation, input: input) {
                    reversals.append(reversal)
                }
            }
        }
        return LotDecisionAnalysis(
            lot: lot.id, status: status, weightSensitivities: sensitivities, removalsChecked: removals,
            rankReversals: reversals, scoreMargins: margins)
    }
}

// MARK: - Shared helpers

extension Lot {
    /// Whether a priced criterion's formula takes its benchmark from the other bids.
    var hasRelativePriceFormula: Bool {
        pricedCriteria.contains { criterion in
            if case let .price(formula) = criterion.method { return formula.isRelative }
            return false
        }
    }

    /// Every criterion's worth in points: a top-level criterion is worth its weight (out of the
    /// level total), a sub-criterion its parent's worth × its weight ÷ its level's total
    /// (docs/0003-evaluation-semantics.md, item 5).
    var worths: [CriterionID: Rational] {
        var result: [CriterionID: Rational] = [:]
        func walk(_ level: CriteriaSet, worth: Rational) {
            let total = Rational(level.total)
            for criterion in level.criteria {
                let share =
                    total.isZero ? Rational.zero : worth * (criterion.weight.map { Rational($0) } ?? .zero) / total
                result[criterion.id] = share
                if case let .subCriteria(children) = criterion.method { walk(children, worth: share) }
            }
        }
        walk(criteria, worth: Rational(criteria.total))
        return result
    }
}

extension BidEvaluation {
    /// The exact total before rounding; zero for an excluded bid.
    var unroundedTotal: Rational { totalPoints?.unrounded ?? .zero }

    /// The evaluation of `criterion` anywhere in the bid's criteria tree.
    func criterionEvaluation(_ criterion: CriterionID) -> CriterionEvaluation? {
        func find(_ evaluations: [CriterionEvaluation]) -> CriterionEvaluation? {
            for evaluation in evaluations {
                if evaluation.criterion == criterion { return evaluation }
                if let inner = find(evaluation.children) { return inner }
            }
            return nil
        }
        return find(criteria)
    }

    /// The unrounded quality points of the whole tree: the sum of its scored leaves.
    var unroundedQuality: Rational { criteria.reduce(Rational.zero) { $0 + $1.unroundedQuality } }
}

extension CriterionEvaluation {
    /// The unrounded points of the scored leaves at and below this criterion.
    var unroundedQuality: Rational {
        switch detail {
        case .score: points.unrounded
        case .price, .lifeCycleCost: .zero
        case .subCriteria: children.reduce(Rational.zero) { $0 + $1.unroundedQuality }
        }
    }

    /// Every scored leaf at and below this criterion.
    var scoredLeaves: [(criterion: CriterionID, score: ScoreDetail)] {
        switch detail {
        case let .score(score): [(criterion, score)]
        case .price, .lifeCycleCost: []
        case .subCriteria: children.flatMap(\.scoredLeaves)
        }
    }
}
