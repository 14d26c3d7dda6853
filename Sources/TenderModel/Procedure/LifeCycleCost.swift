public import Foundation

/// The cost model of a life-cycle cost criterion, fixed in the plan before bids are opened.
///
/// Directive 2014/24/EU Art. 68(1) and Public Contracts Regulations 2015 reg 68(1): life-cycle
/// costing covers, to the extent relevant, costs of acquisition, of use (consumption of energy and
/// other resources), of maintenance and of end of life (collection and recycling); Art. 68(2)
/// requires the authority to state in the procurement documents the data the tenderers must provide
/// and the method used to determine the life-cycle cost from them. This is that method:
///
/// - Every component has a ``CostComponent/Timing``: once at the start (year 0), every year
///   (at the end of each year 1…``years``), or once at the end of year ``years``.
/// - Costs are at year end: a cost in year `t` is discounted by `(1 + r)^t`, `r` the annual
///   ``discountRatePercent`` ÷ 100; a start cost (year 0) is not discounted.
/// - Life-cycle cost = Σ over components of the present value of its cash flows:
///   `start: C`, `yearly: C × Σ_{t=1…N} 1 ÷ (1 + r)^t`, `end: C ÷ (1 + r)^N`. Without a rate,
///   `r = 0` (undiscounted: `yearly` is `N × C`).
///
/// The discounting is the standard net present value with end-of-year discount factors
/// `1 ÷ (1 + r)^t`, as in HM Treasury's *The Green Book* (2022), Annex A6 "Discounting", whose
/// social time preference rate is 3.5 % a year for years 0–30. Computed exactly with ``Rational``;
/// see docs/0006-price-and-cost-formulas.md.
public struct LifeCycleCostModel: Equatable, Sendable {
    /// The period the costs are taken over, in whole years (≥ 1).
    public var years: Int
    /// The annual discount rate in percent (`3.5` for 3.5 %), or `nil` for an undiscounted model.
    public var discountRatePercent: Decimal?
    /// The components, in plan order; IDs unique within the model.
    public var components: [CostComponent]
    /// Where the model was declared.
    public var location: FileLocation

    /// Creates a cost model.
    public init(years: Int, discountRatePercent: Decimal?, components: [CostComponent], location: FileLocation) {
        self.years = years
        self.discountRatePercent = discountRatePercent
        self.components = components
        self.location = location
    }

    /// The component with this ID.
    public func component(_ id: String) -> CostComponent? { components.first { $0.id == id } }
}

/// One cost component of a ``LifeCycleCostModel``.
public struct CostComponent: Equatable, Sendable {
    /// What the cost is for (Directive 2014/24/EU Art. 68(1)(a)).
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// Acquisition (purchase, installation, delivery).
        case acquisition
        /// Running or operating costs (consumption of energy and other resources).
        case operating
        /// Maintenance costs.
        case maintenance
        /// End-of-life costs (collection, recycling, disposal); a negative figure is a residual
        /// (resale) value.
        case endOfLife = "end-of-life"
        /// Any other cost the authority states.
        case other

        /// When a cost of this kind falls unless the plan says otherwise: acquisition at the start,
        /// operating and maintenance every year, end of life at the end; `other` has no default.
        public var defaultTiming: CostComponent.Timing? {
            switch self {
            case .acquisition: .start
            case .operating, .maintenance: .yearly
            case .endOfLife: .end
            case .other: nil
            }
        }
    }

    /// When the cost falls.
    public enum Timing: String, Equatable, Sendable {
        /// Once, at the start (year 0): not discounted.
        case start
        /// Every year, at the end of years 1…N (the bid states the yearly amount).
        case yearly
        /// Once, at the end of year N.
        case end
    }

    /// The component's ID, which bids use to give their figure.
    public var id: String
    /// The kind.
    public var kind: Kind
    /// When it falls.
    public var timing: Timing
    /// A name for people, when given.
    public var name: String?

    /// Creates a component.
    public init(id: String, kind: Kind, timing: Timing, name: String?) {
        self.id = id
        self.kind = kind
        self.timing = timing
        self.name = name
    }
}

/// Which prices (or life-cycle costs) a priced criterion accepts besides positive ones.
///
/// By default only prices above zero are accepted: a zero or negative price is an error naming its
/// file and line. A plan may accept zero prices and negative prices (rebates: the tenderer pays
/// the authority) for a criterion; formulas that divide by a price or by the mean of the prices
/// (`lowest-price-ratio`, `price-per-quality-point`, `relative-to-average`) are undefined for them,
/// so the plan is not ready when it combines them (docs/0006-price-and-cost-formulas.md).
public struct AcceptedPrices: Equatable, Sendable {
    /// Whether a price of exactly zero is accepted.
    public var zero: Bool
    /// Whether a negative price (a rebate) is accepted.
    public var negative: Bool

    /// Creates the acceptance.
    public init(zero: Bool, negative: Bool) {
        self.zero = zero
        self.negative = negative
    }

    /// Positive prices only (the default).
    public static let positiveOnly = AcceptedPrices(zero: false, negative: false)

    /// Whether `amount` is accepted.
    public func accepts(_ amount: Rational) -> Bool {
        if amount.isZero { return zero }
        if amount.isNegative { return negative }
        return true
    }
}

/// A tenderer's figures for a life-cycle cost criterion, read from the bid.
public struct LifeCycleCostQuote: Equatable, Sendable {
    /// One component's figure.
    public struct Figure: Equatable, Sendable {
        /// The component's ID in the plan's model.
        public var component: String
        /// The amount: for a `yearly` component the amount for each year, otherwise the one-off amount.
        public var amount: Money
        /// Where it was read.
        public var location: FileLocation

        /// Creates a figure.
        public init(component: String, amount: Money, location: FileLocation) {
            self.component = component
            self.amount = amount
            self.location = location
        }
    }

    /// The criterion it answers; `nil` when the lot has exactly one priced criterion.
    public var criterion: CriterionID?
    /// The figures, in bid order.
    public var figures: [Figure]
    /// Where it was read.
    public var location: FileLocation

    /// Creates the figures of a bid.
    public init(criterion: CriterionID?, figures: [Figure], location: FileLocation) {
        self.criterion = criterion
        self.figures = figures
        self.location = location
    }
}
