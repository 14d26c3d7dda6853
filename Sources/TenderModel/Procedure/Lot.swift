public import Foundation

/// A lot, or a group of lots evaluated on its own criteria (eForms `LotsGroup`).
public struct Lot: Equatable, Sendable {
    /// Lot or group of lots.
    public enum Kind: String, Equatable, Sendable {
        case lot
        case group
    }

    /// The lot's ID.
    public var id: LotID
    /// Lot or group.
    public var kind: Kind
    /// The lot's title.
    public var title: String
    /// For a group, the lots it combines.
    public var members: [LotID]
    /// The estimated value of the lot, when stated.
    public var estimatedValue: Money?
    /// The award criteria (top level of the tree).
    public var criteria: CriteriaSet { didSet { tree = CriteriaTree(criteria) } }
    /// The minimum total quality points a bid needs to stay in the evaluation, when declared.
    public var qualityThreshold: Located<Decimal>?
    /// Where the lot was declared.
    public var location: FileLocation
    /// The tree flattened and indexed once (kept in step with ``criteria``): evaluation and
    /// verification ask for criteria by ID for every score of every bid.
    private var tree: CriteriaTree

    /// Creates a lot.
    public init(
        id: LotID, kind: Kind, title: String, members: [LotID], estimatedValue: Money?, criteria: CriteriaSet,
        qualityThreshold: Located<Decimal>?, location: FileLocation
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.members = members
        self.estimatedValue = estimatedValue
        self.criteria = criteria
        self.qualityThreshold = qualityThreshold
        self.location = location
        self.tree = CriteriaTree(criteria)
    }

    /// Every criterion of the tree, depth first in plan order.
    public var allCriteria: [Criterion] { tree.all }

    /// The criterion with this ID anywhere in the tree (the first in ``allCriteria`` order).
    public func criterion(_ id: CriterionID) -> Criterion? { tree.position[id].map { tree.all[$0] } }

    /// The leaf criteria that evaluators score on a scale.
    public var scoredCriteria: [Criterion] { tree.scored }

    /// Whether `id` is one of ``scoredCriteria``.
    public func scores(_ id: CriterionID) -> Bool { tree.scoredIDs.contains(id) }

    /// The leaf criteria computed from prices.
    public var pricedCriteria: [Criterion] {
        allCriteria.filter { if case .price = $0.method { true } else { false } }
    }

    /// The criteria whose price is fixed in advance (eForms `fix-tot`, `fix-unit`): price gates.
    public var fixedPriceCriteria: [Criterion] {
        allCriteria.filter { if case .fixedPrice = $0.method { true } else { false } }
    }

    /// The criteria a bid quotes a price for: the priced ones and the fixed-price ones.
    public var quotedCriteria: [Criterion] {
        allCriteria.filter {
            switch $0.method {
            case .price, .fixedPrice: true
            default: false
            }
        }
    }
}

/// A lot's criteria tree flattened once, with each criterion's position by ID.
private struct CriteriaTree: Equatable, Sendable {
    /// Every criterion, depth first in plan order.
    let all: [Criterion]
    /// The first position of each ID in ``all``.
    let position: [CriterionID: Int]
    /// The criteria scored on a scale.
    let scored: [Criterion]
    /// Their IDs.
    let scoredIDs: Set<CriterionID>

    init(_ criteria: CriteriaSet) {
        all = criteria.flattened
        var position: [CriterionID: Int] = [:]
        for (index, criterion) in all.enumerated() where position[criterion.id] == nil {
            position[criterion.id] = index
        }
        self.position = position
        scored = all.filter { if case .scale = $0.method { true } else { false } }
        scoredIDs = Set(scored.map(\.id))
    }

    // Derived from the lot's criteria, which `Lot`'s equality already compares.
    static func == (lhs: CriteriaTree, rhs: CriteriaTree) -> Bool { true }
}

/// How the weights at one level of the criteria tree are stated.
///
/// Each kind is evaluated exactly as published: no kind is converted into another, so nothing is
/// rounded on the way. Source: eForms SDK 1.15 `codelists/number-weight.gc` (BT-5421 with BT-541).
public enum WeightingKind: String, Equatable, Sendable {
    /// Percentages that sum to exactly 100 (eForms `per-exa`); the level is out of 100.
    case percent
    /// Points with any total (eForms `poi-exa`); the level is then out of that total (40 and 70 are
    /// 40/110 and 70/110).
    case points
    /// Decimal fractions that sum to exactly 1 (eForms `dec-exa`, "an exact finite decimal proper
    /// fraction"); the level is out of 1 (0.4 and 0.6 are 0.4/1 and 0.6/1).
    case decimal
}

/// One level of the criteria tree: criteria whose weights share one ``WeightingKind``.
///
/// Sub-criteria weightings are shares of their parent: a sub-criterion's points are
/// `parent weight × (its weight ÷ its level's total) × (score ÷ scale maximum)`.
public struct CriteriaSet: Equatable, Sendable {
    /// How the weights are stated.
    public var weighting: WeightingKind
    /// The criteria, in plan order.
    public var criteria: [Criterion]
    /// Where the set was declared (for "weightings do not sum to 100" errors).
    public var location: FileLocation

    /// Creates a level.
    public init(weighting: WeightingKind, criteria: [Criterion], location: FileLocation) {
        self.weighting = weighting
        self.criteria = criteria
        self.location = location
    }

    /// The sum of the stated weights (criteria without a weight count as zero).
    public var weightSum: Decimal { criteria.reduce(Decimal(0)) { $0 + ($1.weight ?? 0) } }

    /// The total the weights are out of: 100 for percentages, 1 for decimals, the sum for points.
    public var total: Decimal {
        switch weighting {
        case .percent: 100
        case .decimal: 1
        case .points: weightSum
        }
    }

    /// Every criterion below this level, depth first in plan order.
    public var flattened: [Criterion] {
        criteria.flatMap { criterion -> [Criterion] in
            if case let .subCriteria(set) = criterion.method { return [criterion] + set.flattened }
            return [criterion]
        }
    }
}

/// An award criterion.
public struct Criterion: Equatable, Sendable {
    /// How the criterion is scored.
    public enum Method: Equatable, Sendable {
        /// Evaluators score it on this scale.
        case scale(ScaleID)
        /// Points are computed from the bid's price by this formula.
        case price(PriceFormula)
        /// Its points are the sum of its sub-criteria's.
        case subCriteria(CriteriaSet)
        /// Not stated yet (an imported criterion the authority has not completed).
        case unstated
        /// The price (or cost) is fixed in advance (eForms `number-fixed`, `fix-tot` or `fix-unit`):
        /// tenderers compete on quality alone, and a bid whose price differs from the fixed one fails
        /// the price gate. Earns no points; its weight is absent (or 0).
        /// Source: Directive 2014/24/EU Art. 67(2), last subparagraph.
        case fixedPrice(FixedPrice)
    }

    /// The criterion's ID, unique within its lot.
    public var id: CriterionID
    /// The eForms award-criterion type as published (`quality`, `price`, `cost`, or a national code).
    /// Carried as data: scoring follows ``method``, never the type.
    public var type: String
    /// Names by EU language code (`ENG` → "Technical merit").
    public var names: [String: String]
    /// Descriptions by EU language code.
    public var descriptions: [String: String]
    /// The exact weight at its level, in the level's ``WeightingKind`` units; `nil` while not stated.
    public var weight: Decimal?
    /// How it is scored.
    public var method: Method
    /// The minimum (aggregated or moderated) score on the scale a bid must reach, when declared.
    /// Compared on the unrounded score.
    public var minimumScore: Decimal?
    /// Numbers the contract notice published for it (weight, fixed value, threshold), as published.
    public var published: [PublishedParameter]
    /// Where the criterion was declared.
    public var location: FileLocation
    /// The minimum points a bid must earn on this criterion (its weighted points, in the lot's
    /// units, compared unrounded), when declared: how a published `min-score` is applied when the
    /// authority states it in points rather than on the scale (``minimumScore``).
    public var minimumPoints: Decimal?
    /// Only this many bids, those with the most points on this criterion, pass to price scoring
    /// (eForms `number-threshold` `max-pass`), when declared. Bids tied with the last one passing
    /// all pass.
    public var maximumPassing: Int?
    /// For a life-cycle cost criterion: the cost model the bids' figures are costed with; its
    /// ``Method/price(_:)`` formula then scores the computed life-cycle cost like a price.
    public var lifeCycleCost: LifeCycleCostModel?
    /// For a priced criterion: whether zero and negative prices (rebates) are accepted.
    public var acceptedPrices: AcceptedPrices

    /// Creates a criterion.
    public init(
        id: CriterionID, type: String, names: [String: String], descriptions: [String: String], weight: Decimal?,
        method: Method, minimumScore: Decimal?, published: [PublishedParameter], location: FileLocation,
        minimumPoints: Decimal? = nil, maximumPassing: Int? = nil, lifeCycleCost: LifeCycleCostModel? = nil,
        acceptedPrices: AcceptedPrices = .positiveOnly
    ) {
        self.minimumPoints = minimumPoints
        self.maximumPassing = maximumPassing
        self.lifeCycleCost = lifeCycleCost
        self.acceptedPrices = acceptedPrices
        self.id = id
        self.type = type
        self.names = names
        self.descriptions = descriptions
        self.weight = weight
        self.method = method
        self.minimumScore = minimumScore
        self.published = published
        self.location = location
    }

    /// A name to show: the name in `language`, else English, else any name, else the start of a
    /// description, else "<type> criterion <id>".
    public func displayName(language: String? = nil) -> String {
        if let language, let name = names[language] { return name }
        if let name = names["ENG"] ?? names.sorted(by: { $0.key < $1.key }).first?.value { return name }
        if let description = (language.flatMap { descriptions[$0] }) ?? descriptions["ENG"]
            ?? descriptions.sorted(by: { $0.key < $1.key }).first?.value
        {
            return description.count > 60 ? String(description.prefix(59)) + "…" : description
        }
        return "\(type) criterion \(id)"
    }
}

/// A number published in the contract notice for a criterion (eForms BT-541 with its code).
public struct PublishedParameter: Equatable, Sendable, CustomStringConvertible {
    /// The eForms code list: `number-weight`, `number-fixed`, `number-threshold`; `nil` when the
    /// notice gave the number without a code.
    public var list: String?
    /// The code (`per-exa`, `poi-mid`, `ord-imp`, `fix-tot`, `min-score`, …), when given.
    public var code: String?
    /// The number exactly as written in the notice (`20.0`, `30.00`).
    public var number: String
    /// For a weight published as the middle of a range (`per-mid`, `dec-mid`, `poi-mid`): the
    /// range's width (its maximum spread, Directive 2014/24/EU Art. 67(5)), in the code's units, as
    /// the contracting authority states it from its procurement documents. eForms BT-541 carries
    /// only the middle, so the range is `number − spread ÷ 2 … number + spread ÷ 2`. `nil` when not
    /// stated (and always for other codes).
    public var spread: Decimal?

    /// Creates a published parameter.
    public init(list: String?, code: String?, number: String, spread: Decimal? = nil) {
        self.list = list
        self.code = code
        self.number = number
        self.spread = spread
    }

    /// `per-exa = 40`, `per-mid = 35 (spread 10)` or `(no kind) = 40`.
    public var description: String {
        "\(code ?? "(no kind)") = \(number)" + (spread.map { " (spread \($0))" } ?? "")
    }
}

/// A price fixed in advance by the contracting authority (eForms `number-fixed`, BT-5422).
public struct FixedPrice: Equatable, Sendable {
    /// What the amount is a price of.
    public enum Basis: String, Equatable, Sendable {
        /// The bid's total price (`fix-tot`).
        case total
        /// The price per unit (`fix-unit`): the bid's price for the criterion is read as its unit price.
        case unit
    }

    /// Total or per unit.
    public var basis: Basis
    /// The fixed amount, in the plan's currency.
    public var amount: Money

    /// Creates a fixed price.
    public init(basis: Basis, amount: Money) {
        self.basis = basis
        self.amount = amount
    }

    /// The eForms code: `fix-tot` or `fix-unit`.
    public var code: String { basis == .total ? "fix-tot" : "fix-unit" }
}

/// A price (or cost) scoring formula: a named, documented function of the bid's price (or of its
/// computed life-cycle cost). docs/0006-price-and-cost-formulas.md gives each with its source.
///
/// Every formula is computed exactly; the benchmark (lowest and highest price, mean, lowest price
/// per quality point) comes from admissible bids only: those past the gates and quality thresholds.
public enum PriceFormula: Equatable, Sendable {
    /// `weight × lowest ÷ price`: the lowest admissible price earns the full weight.
    /// Source: the most common relative formula (e.g. UK Crown Commercial Service, EU Commission
    /// "price scoring" examples); relative, so susceptible to rank reversal.
    case lowestPriceRatio
    /// `weight × (highest − price) ÷ (highest − lowest)`: linear between the lowest admissible price
    /// (full weight) and the highest (zero). All equal prices earn the full weight. Relative.
    case linearLowestToHighest
    /// `weight × (zeroPointsAt − price) ÷ (zeroPointsAt − fullPointsAt)`, clamped to 0…weight:
    /// absolute: both bounds are fixed in the plan before bids are opened, so a bid's points depend on
    /// its own price only and no other bid can reverse a ranking.
    case linearBetweenBounds(fullPointsAt: Money, zeroPointsAt: Money)
    /// Value for money: each bid's price per quality point `price ÷ quality points` (its unrounded
    /// points on the lot's scored criteria); `weight × lowest ratio ÷ the bid's ratio`, so the lowest
    /// price per quality point earns the full weight; a bid with no quality points earns none.
    /// Source: the "Value for money" formula (quality ÷ price) of the Negometrix tendering platform
    /// and the "cost effectiveness ratio" (price ÷ non-price score) of Local Government Procurement
    /// (NSW), *Methods of evaluating price in tenders*, part 4. Relative.
    case pricePerQualityPoint
    /// `weight × (3/2 − price ÷ mean)`, clamped to 0…weight, `mean` the mean of the admissible
    /// prices: a price at the mean earns half the weight, half the mean or less the full weight,
    /// one and a half times the mean or more none (one point in a hundred per percent below or above
    /// the mean). Source: the "mean average" method, procurementtemplates.co.uk, *Mean Calculation*.
    /// Relative.
    case relativeToAverage

    /// The name used in the plan's XML.
    public var name: String {
        switch self {
        case .lowestPriceRatio: "lowest-price-ratio"
        case .linearLowestToHighest: "linear-lowest-to-highest"
        case .linearBetweenBounds: "linear-between-bounds"
        case .pricePerQualityPoint: "price-per-quality-point"
        case .relativeToAverage: "relative-to-average"
        }
    }

    /// Whether a bid's points depend on the other admissible bids (a benchmark taken from their
    /// prices or ratios), so that removing a bid that does not win can reorder the others: rank
    /// reversal (DESIGN §5; UK Government Commercial Function, *Bid Evaluation Guidance Note*,
    /// May 2021, §7.2). Only ``linearBetweenBounds`` is absolute.
    public var isRelative: Bool {
        if case .linearBetweenBounds = self { return false }
        return true
    }

    /// Whether the formula divides by a price, a ratio of prices or their mean, and so is undefined
    /// when zero or negative prices are accepted.
    public var dividesByPrice: Bool {
        switch self {
        case .lowestPriceRatio, .pricePerQualityPoint, .relativeToAverage: true
        case .linearLowestToHighest, .linearBetweenBounds: false
        }
    }
}
