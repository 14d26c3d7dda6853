public import Foundation
public import TenderModel

/// The outcome of evaluating a case: one ``LotEvaluation`` per lot, in plan order.
public struct EvaluationResult: Equatable, Sendable {
    /// The plan's ID.
    public var planID: String
    /// Per lot, in plan order.
    public var lots: [LotEvaluation]

    /// Creates a result.
    public init(planID: String, lots: [LotEvaluation]) {
        self.planID = planID
        self.lots = lots
    }
}

/// A lot's evaluation.
public struct LotEvaluation: Equatable, Sendable {
    /// The lot.
    public var lot: LotID
    /// The lot's total points (100 for percentages, 1 for decimals, the sum for points).
    public var pointsAvailable: Rational
    /// Per priced criterion: the benchmark its formula used.
    public var benchmarks: [PriceBenchmark]
    /// Per priced criterion: the abnormally-low screen, when the plan declares one.
    public var abnormallyLowScreens: [AbnormallyLowScreenResult]
    /// The bids: ranked bids by rank (then ID), then excluded bids by ID.
    public var bids: [BidEvaluation]
    /// Groups of bids with equal totals, and whether the declared tie-break separated them.
    public var ties: [Tie]
    /// The weightings the plan states for criteria the notice published as a range or an order of
    /// importance, each checked against the publication (all consistent, or the plan would not
    /// have been evaluated). Empty when every weighting was published exactly.
    public var weightingChecks: [WeightingCheck]

    /// Creates a lot evaluation.
    public init(
        lot: LotID, pointsAvailable: Rational, benchmarks: [PriceBenchmark],
        abnormallyLowScreens: [AbnormallyLowScreenResult], bids: [BidEvaluation], ties: [Tie],
        weightingChecks: [WeightingCheck] = []
    ) {
        self.weightingChecks = weightingChecks
        self.lot = lot
        self.pointsAvailable = pointsAvailable
        self.benchmarks = benchmarks
        self.abnormallyLowScreens = abnormallyLowScreens
        self.bids = bids
        self.ties = ties
    }

    /// The bids ranked first (several when tied and unresolved).
    public var leaders: [BidEvaluation] { bids.filter { $0.rank == 1 } }

    /// Whether `bid` shares its rank with another bid in a tie the plan's tie-break does not
    /// separate (an unresolved ``Tie``).
    public func isInUnresolvedTie(_ bid: BidID) -> Bool {
        ties.contains { $0.bids.contains(bid) && !$0.resolved }
    }
}

/// A value in points: the one the evaluation uses, and the exact one before rounding.
public struct PointsValue: Equatable, Sendable {
    /// The value used (after the plan's rounding, where declared at this stage).
    public var used: Rational
    /// The exact value before rounding (equal to ``used`` when nothing was rounded).
    public var unrounded: Rational

    /// A value that was not rounded.
    public init(exact: Rational) {
        self.used = exact
        self.unrounded = exact
    }

    /// A value and its unrounded form.
    public init(used: Rational, unrounded: Rational) {
        self.used = used
        self.unrounded = unrounded
    }
}

/// What a price formula used as its benchmark.
public struct PriceBenchmark: Equatable, Sendable {
    /// The priced criterion.
    public var criterion: CriterionID
    /// The formula.
    public var formula: PriceFormula
    /// The lowest admissible price and the bids that quoted it (for relative formulas).
    public var lowest: Money?
    /// The bids that quoted the lowest admissible price (several when equal).
    public var lowestBids: [BidID]
    /// The highest admissible price (for `linear-lowest-to-highest`).
    public var highest: Money?
    /// How many admissible bids the benchmark was taken from.
    public var admissibleBids: Int
    /// For a life-cycle cost criterion with `lowest-price-ratio` or `linear-lowest-to-highest`: the
    /// lowest admissible life-cycle cost (exact; ``lowest`` is then `nil`).
    public var lowestCost: Rational?
    /// For a life-cycle cost criterion with `linear-lowest-to-highest`: the highest admissible one.
    public var highestCost: Rational?
    /// For `relative-to-average`: the mean of the admissible prices (or life-cycle costs).
    public var mean: Rational?
    /// For `price-per-quality-point`: the lowest price per quality point among the admissible bids
    /// with quality points (``lowestBids`` are the bids with it); `nil` when none has any.
    public var lowestPricePerQualityPoint: Rational?

    /// Creates a benchmark record.
    public init(
        criterion: CriterionID, formula: PriceFormula, lowest: Money?, lowestBids: [BidID], highest: Money?,
        admissibleBids: Int
    ) {
        self.criterion = criterion
        self.formula = formula
        self.lowest = lowest
        self.lowestBids = lowestBids
        self.highest = highest
        self.admissibleBids = admissibleBids
    }

    /// The lowest admissible price or life-cycle cost, exactly, when the formula uses it.
    public var lowestValue: Rational? { lowest?.exact ?? lowestCost }
    /// The highest admissible price or life-cycle cost, exactly, when the formula uses it.
    public var highestValue: Rational? { highest?.exact ?? highestCost }
}

/// The abnormally-low screen applied to one priced criterion.
public struct AbnormallyLowScreenResult: Equatable, Sendable {
    /// The priced criterion.
    public var criterion: CriterionID
    /// The plan's screen.
    public var screen: AbnormallyLowScreen
    /// The basis value (mean or median of admissible prices, or the estimated value).
    public var basisValue: Rational
    /// The price below which a bid is flagged: `basisValue × belowPercent ÷ 100`.
    public var threshold: Rational
    /// The bids flagged, by ID.
    public var flagged: [BidID]

    /// Creates a screen result.
    public init(
        criterion: CriterionID, screen: AbnormallyLowScreen, basisValue: Rational, threshold: Rational, flagged: [BidID]
    ) {
        self.criterion = criterion
        self.screen = screen
        self.basisValue = basisValue
        self.threshold = threshold
        self.flagged = flagged
    }
}

/// One bid's evaluation in one lot.
///
/// Its ``criteria`` are made again from the lot's score sheets and quotes each time they are read,
/// unless they were given (``init(bid:tenderer:gates:criteria:qualityPoints:pricePoints:totalPoints:status:flags:)``
/// or set): a lot of ten thousand bids would otherwise hold four hundred thousand criterion
/// evaluations with every evaluator's score, where the ranking needs only each bid's totals.
/// Read them once per use (a loop over a lot's bids reads each bid's once).
public struct BidEvaluation: Equatable, Sendable {
    /// Where the bid stands.
    public enum Status: Equatable, Sendable {
        /// In the ranking, at this rank (shared by unresolved ties; competition ranking 1, 2, 2, 4).
        case ranked(Int)
        /// Out of the evaluation, and why.
        case excluded(Exclusion)
    }

    /// The bid.
    public var bid: BidID
    /// Its tenderer.
    public var tenderer: Tenderer
    /// Gate outcomes, in plan order.
    public var gates: [GateOutcome]
    /// Points per top-level criterion (with sub-criteria inside), in plan order. Empty for a bid
    /// excluded at a gate; a bid excluded after scoring has its scored criteria only.
    public var criteria: [CriterionEvaluation] {
        get {
            switch criteriaSource {
            case let .given(criteria): criteria
            case let .deferred(lot, position): lot.criteria(at: position)
            }
        }
        set { criteriaSource = .given(newValue) }
    }
    /// Where ``criteria`` come from.
    private var criteriaSource: CriteriaSource

    /// The `.score` leaves of ``criteria`` (each scored criterion with the bid's score), depth
    /// first: for a deferred bid, without computing the points.
    var scoreDetails: [(criterion: CriterionID, detail: ScoreDetail)] {
        switch criteriaSource {
        case let .deferred(lot, position):
            return lot.scoreDetails(at: position).map { (criterion: $0.0, detail: $0.1) }
        case let .given(criteria):
            var details: [(criterion: CriterionID, detail: ScoreDetail)] = []
            func visit(_ evaluation: CriterionEvaluation) {
                if case let .score(detail) = evaluation.detail { details.append((evaluation.criterion, detail)) }
                evaluation.children.forEach(visit)
            }
            criteria.forEach(visit)
            return details
        }
    }
    /// Points from scored criteria; `nil` when excluded at a gate.
    public var qualityPoints: PointsValue?
    /// Points from priced criteria; `nil` when excluded.
    public var pricePoints: PointsValue?
    /// Total points; `nil` when excluded.
    public var totalPoints: PointsValue?
    /// Ranked or excluded.
    public var status: Status
    /// Flags for the authority (abnormally low, …), in a fixed order.
    public var flags: [Flag]

    /// Creates a bid evaluation.
    public init(
        bid: BidID, tenderer: Tenderer, gates: [GateOutcome], criteria: [CriterionEvaluation],
        qualityPoints: PointsValue?, pricePoints: PointsValue?, totalPoints: PointsValue?, status: Status, flags: [Flag]
    ) {
        self.init(
            bid: bid, tenderer: tenderer, gates: gates, criteria: .given(criteria), qualityPoints: qualityPoints,
            pricePoints: pricePoints, totalPoints: totalPoints, status: status, flags: flags)
    }

    /// Creates a bid evaluation whose criteria come from `criteria`.
    init(
        bid: BidID, tenderer: Tenderer, gates: [GateOutcome], criteria: CriteriaSource, qualityPoints: PointsValue?,
        pricePoints: PointsValue?, totalPoints: PointsValue?, status: Status, flags: [Flag]
    ) {
        self.bid = bid
        self.tenderer = tenderer
        self.gates = gates
        self.criteriaSource = criteria
        self.qualityPoints = qualityPoints
        self.pricePoints = pricePoints
        self.totalPoints = totalPoints
        self.status = status
        self.flags = flags
    }

    /// Where a bid's criterion points come from.
    enum CriteriaSource: Sendable {
        /// Given as they are.
        case given([CriterionEvaluation])
        /// Made again when read, by the lot's evaluation, for the bid at `position` among its bids.
        case deferred(LotCriteria, position: Int)
    }

    /// Equal when every field is, the criteria compared as made.
    public static func == (lhs: BidEvaluation, rhs: BidEvaluation) -> Bool {
        lhs.bid == rhs.bid && lhs.tenderer == rhs.tenderer && lhs.gates == rhs.gates
            && lhs.qualityPoints == rhs.qualityPoints && lhs.pricePoints == rhs.pricePoints
            && lhs.totalPoints == rhs.totalPoints && lhs.status == rhs.status && lhs.flags == rhs.flags
            && lhs.criteria == rhs.criteria
    }

    /// The rank, when ranked.
    public var rank: Int? {
        if case let .ranked(rank) = status { return rank }
        return nil
    }
}

/// Why a bid left the evaluation.
public struct Exclusion: Equatable, Sendable {
    /// At which stage.
    public enum Stage: String, Equatable, Sendable {
        /// The bid was submitted after the plan's submission deadline.
        case lateSubmission = "late-submission"
        /// A pass/fail gate was failed or not declared.
        case gate
        /// A minimum quality threshold was not reached.
        case qualityThreshold = "quality-threshold"
        /// The authority rejected the bid as abnormally low after assessing its explanation.
        case abnormallyLowRejected = "abnormally-low-rejected"
    }

    /// The stage.
    public var stage: Stage
    /// The reason, for people.
    public var reason: String

    /// Creates an exclusion.
    public init(stage: Stage, reason: String) {
        self.stage = stage
        self.reason = reason
    }
}

/// A bid's outcome on one gate.
public struct GateOutcome: Equatable, Sendable {
    /// The outcome.
    public enum Outcome: String, Equatable, Sendable {
        /// The tenderer declared it meets the requirement.
        case passed
        /// The tenderer declared it does not.
        case failed
        /// The bid makes no declaration for this gate (treated as failed).
        case notDeclared = "not-declared"
        /// A gate decided by ESPD: the response leaves a question of the request unanswered (or
        /// there is no response); treated as failed, the reasons name the criterion and question.
        case missing
        /// A gate decided by ESPD that needs the contracting authority's decision first: a claimed
        /// self-cleaning not yet decided, or an amount in another currency than the requirement's;
        /// treated as failed until then.
        case needsDecision = "needs-decision"
    }

    /// The gate.
    public var gate: GateID
    /// The outcome.
    public var outcome: Outcome
    /// Why, one sentence each, for a gate decided by ESPD (empty for a declaration).
    public var reasons: [String]

    /// Creates an outcome.
    public init(gate: GateID, outcome: Outcome, reasons: [String] = []) {
        self.gate = gate
        self.outcome = outcome
        self.reasons = reasons
    }
}

/// The points a bid earned on one criterion, and how.
public struct CriterionEvaluation: Equatable, Sendable {
    /// How the points were obtained.
    public enum Detail: Equatable, Sendable {
        /// From a score on a scale.
        case score(ScoreDetail)
        /// From a price by the criterion's formula.
        case price(Money)
        /// From the bid's life-cycle cost (its figures costed with the plan's model) by the
        /// criterion's formula.
        case lifeCycleCost(LifeCycleCostDetail)
        /// The sum of the sub-criteria below.
        case subCriteria
    }

    /// The criterion.
    public var criterion: CriterionID
    /// Its points (for a leaf: rounded if the plan rounds criterion points; for a parent: the sum
    /// of its sub-criteria's).
    public var points: PointsValue
    /// How.
    public var detail: Detail
    /// Sub-criteria, in plan order.
    public var children: [CriterionEvaluation]

    /// Creates a criterion evaluation.
    public init(criterion: CriterionID, points: PointsValue, detail: Detail, children: [CriterionEvaluation]) {
        self.criterion = criterion
        self.points = points
        self.detail = detail
        self.children = children
    }
}

/// The score that counted for a scored criterion, and where it came from.
public struct ScoreDetail: Equatable, Sendable {
    /// Where the score came from.
    public enum Basis: String, Equatable, Sendable {
        /// The consensus score agreed at moderation.
        case moderated
        /// The median of individual scores (no moderated score).
        case median
        /// The mean of individual scores (no moderated score).
        case mean
    }

    /// The score used, exact (a mean or median may fall between scale values).
    public var value: Rational
    /// Where it came from.
    public var basis: Basis
    /// The scale's maximum.
    public var scaleMaximum: Decimal
    /// The evaluators' individual scores, by evaluator ID.
    public var individual: [IndividualScore]
    /// Highest minus lowest individual score, when there are any.
    public var spread: Decimal?

    /// Creates a score detail.
    public init(value: Rational, basis: Basis, scaleMaximum: Decimal, individual: [IndividualScore], spread: Decimal?) {
        self.value = value
        self.basis = basis
        self.scaleMaximum = scaleMaximum
        self.individual = individual
        self.spread = spread
    }
}

/// One evaluator's score on one criterion.
public struct IndividualScore: Equatable, Sendable {
    /// The evaluator.
    public var evaluator: EvaluatorID
    /// The score.
    public var value: Decimal

    /// Creates an individual score.
    public init(evaluator: EvaluatorID, value: Decimal) {
        self.evaluator = evaluator
        self.value = value
    }
}

/// A flag for the contracting authority's attention; it does not by itself exclude the bid.
public struct Flag: Equatable, Sendable {
    /// `abnormally-low`.
    public var code: String
    /// The explanation.
    public var message: String

    /// Creates a flag.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Bids whose totals are equal.
public struct Tie: Equatable, Sendable {
    /// The rank at which they tied.
    public var rank: Int
    /// The tied bids, by ID.
    public var bids: [BidID]
    /// Whether the plan's tie-break separated all of them.
    public var resolved: Bool
    /// What happened, for people.
    public var explanation: String

    /// Creates a tie record.
    public init(rank: Int, bids: [BidID], resolved: Bool, explanation: String) {
        self.rank = rank
        self.bids = bids
        self.resolved = resolved
        self.explanation = explanation
    }
}
