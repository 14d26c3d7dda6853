public import Foundation
public import TenderModel

/// A bid's life-cycle cost under the plan's cost model: each component's figure, its present value
/// and the total, all exact.
public struct LifeCycleCostDetail: Equatable, Sendable {
    /// One component's figure and its present value.
    public struct Line: Equatable, Sendable {
        /// The component's ID in the plan's model.
        public var component: String
        /// The component's kind.
        public var kind: CostComponent.Kind
        /// When it falls.
        public var timing: CostComponent.Timing
        /// The bid's figure (yearly amount for a `yearly` component).
        public var figure: Money
        /// The present value of the component's cash flows over the period.
        public var presentValue: Rational

        /// Creates a line.
        public init(
            component: String, kind: CostComponent.Kind, timing: CostComponent.Timing, figure: Money,
            presentValue: Rational
        ) {
            self.component = component
            self.kind = kind
            self.timing = timing
            self.figure = figure
            self.presentValue = presentValue
        }
    }

    /// The period in years.
    public var years: Int
    /// The annual discount rate in percent, when the model discounts.
    public var discountRatePercent: Decimal?
    /// Per component, in the plan's order.
    public var lines: [Line]
    /// The currency of the figures.
    public var currency: CurrencyCode

    /// Creates a detail.
    public init(years: Int, discountRatePercent: Decimal?, lines: [Line], currency: CurrencyCode) {
        self.years = years
        self.discountRatePercent = discountRatePercent
        self.lines = lines
        self.currency = currency
    }

    /// The life-cycle cost: the sum of the present values.
    public var total: Rational { lines.reduce(Rational.zero) { $0 + $1.presentValue } }
}

/// Life-cycle costing (Directive 2014/24/EU Art. 68; Public Contracts Regulations 2015 reg 68):
/// the present value of a bid's figures under the plan's ``LifeCycleCostModel``.
public enum LifeCycleCosting {
    /// The discount factor of year `year`: `1 ÷ (1 + rate/100)^year`, exactly; 1 without a rate.
    ///
    /// - Parameters:
    ///   - year: The year, 0 (the start) or later; costs are at year end.
    ///   - ratePercent: The annual discount rate in percent (`3.5`), or `nil` for none.
    /// - Returns: A factor in `(0, 1]`.
    public static func discountFactor(year: Int, ratePercent: Decimal?) -> Rational {
        guard let ratePercent, year > 0 else { return .one }
        let growth = Rational.one + Rational(ratePercent) / Rational(100)
        var power = Rational.one
        for _ in 0..<year { power = power * growth }
        return Rational.one / power
    }

    /// The present value of one component's figure: `start` as is; `yearly` the figure times the
    /// sum of the discount factors of years 1…N; `end` the figure times the factor of year N.
    ///
    /// - Parameters:
    ///   - figure: The bid's amount (yearly amount for a `yearly` component).
    ///   - timing: When the component falls.
    ///   - model: The plan's model (period and rate).
    /// - Returns: The exact present value in the figure's currency.
    public static func presentValue(
        of figure: Rational, timing: CostComponent.Timing, model: LifeCycleCostModel
    ) -> Rational {
        switch timing {
        case .start:
            return figure
        case .yearly:
            var sum = Rational.zero
            for year in 1...max(model.years, 1) {
                sum += discountFactor(year: year, ratePercent: model.discountRatePercent)
            }
            return figure * sum
        case .end:
            return figure * discountFactor(year: model.years, ratePercent: model.discountRatePercent)
        }
    }

    /// A bid's life-cycle cost: one line per component of `model`, in its order.
    ///
    /// - Parameters:
    ///   - quote: The bid's figures; each component of the model must have exactly one (the input
    ///     checks report missing, unknown and repeated figures with their location first).
    ///   - model: The plan's cost model.
    ///   - currency: The plan's currency.
    /// - Returns: The detail, or `nil` when a component has no figure.
    public static func cost(
        _ quote: LifeCycleCostQuote, model: LifeCycleCostModel, currency: CurrencyCode
    ) -> LifeCycleCostDetail? {
        var lines: [LifeCycleCostDetail.Line] = []
        for component in model.components {
            guard let figure = quote.figures.first(where: { $0.component == component.id }) else { return nil }
            lines.append(
                LifeCycleCostDetail.Line(
                    component: component.id, kind: component.kind, timing: component.timing, figure: figure.amount,
                    presentValue: presentValue(of: figure.amount.exact, timing: component.timing, model: model)))
        }
        return LifeCycleCostDetail(
            years: model.years, discountRatePercent: model.discountRatePercent, lines: lines, currency: currency)
    }
}
