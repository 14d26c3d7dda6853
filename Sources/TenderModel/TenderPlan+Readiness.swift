import Foundation

/// Something that stops a plan from being evaluated, with where to fix it.
public struct ReadinessProblem: Equatable, Sendable, CustomStringConvertible {
    /// Where in the plan.
    public var location: FileLocation
    /// What is missing or wrong, and what to state.
    public var message: String

    /// Creates a problem.
    public init(location: FileLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `path:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}

extension TenderPlan {
    /// Everything that stops this plan from being evaluated, in plan order; empty when it can be.
    ///
    /// A plan imported from a contract notice is usually not ready: the notice leaves out the
    /// scoring scales, the price formula and the panel, and may publish weightings that are not
    /// exact (ranges, an order of importance, fixed values) which the authority must state exactly.
    /// Checks, per lot:
    /// - the lot has award criteria, each with an exact weight and a scoring method;
    /// - percentage weightings sum to exactly 100 at every level (an exact decimal sum, no
    ///   tolerance; Directive 2014/24/EU Art. 67(5) requires the relative weighting to be
    ///   specified), decimal weightings to exactly 1, points weightings to more than 0;
    /// - every stated weighting is consistent with what the notice published for it (see
    ///   ``WeightingCheck``: exact as published, within a published range, in the published order
    ///   of importance);
    /// - a fixed price (`fix-tot`, `fix-unit`) is in the plan's currency, equals the published one,
    ///   and carries no weight; a published `min-score` is applied as `minimumScore` or
    ///   `minimumPoints` with the published number, a published `max-pass` as `maximumPassing`;
    /// - each scale exists, each minimum score is within its scale;
    /// - each absolute price formula has `fullPointsAt < zeroPointsAt` in the plan's currency;
    /// - a formula that divides by prices (`lowest-price-ratio`, `price-per-quality-point`,
    ///   `relative-to-average`) does not accept zero or negative prices; price per quality point has
    ///   quality criteria to divide by; a life-cycle cost model has a price formula and a rate below
    ///   100 %;
    /// - the quality threshold does not exceed the quality points available;
    /// - a tie-break naming a criterion names one the lot has;
    /// - a lot with scored criteria has a panel member who may score quality.
    public func readinessProblems() -> [ReadinessProblem] {
        var problems: [ReadinessProblem] = []
        if submissionDeadline == nil {
            problems.append(
                ReadinessProblem(
                    location: location,
                    message:
                        "the plan states no submission deadline; add <SubmissionDeadline> with a UTC offset (without it"
                        + " late bids cannot be identified)"))
        }
        if currency == nil {
            problems.append(
                ReadinessProblem(
                    location: location, message: "the plan states no currency for prices; add <Currency> (e.g. EUR)"))
        }
        if rules.aggregation == nil, lots.contains(where: { !$0.scoredCriteria.isEmpty }) {
            problems.append(
                ReadinessProblem(
                    location: location,
                    message:
                        "the plan does not say how evaluators' scores are aggregated without a moderated score; add"
                        + " <Rules><Aggregation method=\"median\"/> (or \"mean\")"))
        }
        for lot in lots {
            if lot.criteria.criteria.isEmpty {
                problems.append(
                    ReadinessProblem(
                        location: lot.location,
                        message: "lot \(lot.id) has no award criteria; state them in <AwardCriteria>"))
                continue
            }
            checkLevel(lot.criteria, lotID: lot.id, into: &problems)
            if let threshold = lot.qualityThreshold {
                let available = Self.qualityPointsAvailable(lot)
                if let available, Rational(threshold.value) > available {
                    problems.append(
                        ReadinessProblem(
                            location: threshold.location,
                            message: "the quality threshold of lot \(lot.id) (\(threshold.value) points) exceeds the"
                                + " quality points available (\(available.exactText))"))
                }
            }
            for rule in rules.tieBreak {
                if case let .highestCriterionPoints(criterion) = rule, lot.criterion(criterion) == nil {
                    problems.append(
                        ReadinessProblem(
                            location: location,
                            message: "the tie-break names criterion \(criterion), which lot \(lot.id) does not have"))
                }
            }
            if let screen = rules.abnormallyLowScreen, screen.basis == .estimatedValue, lot.estimatedValue == nil,
                estimatedValue == nil
            {
                problems.append(
                    ReadinessProblem(
                        location: location,
                        message:
                            "the abnormally-low screen uses the estimated value but neither lot \(lot.id) nor the plan"
                            + " states one; add <EstimatedValue>"))
            }
            if !lot.scoredCriteria.isEmpty, !panel.contains(where: { $0.roles.contains(.qualityEvaluator) }) {
                problems.append(
                    ReadinessProblem(
                        location: location,
                        message: "lot \(lot.id) has criteria scored by evaluators but the plan's <Panel> names no"
                            + " quality-evaluator"))
            }
        }
        return problems
    }

    private func checkLevel(_ level: CriteriaSet, lotID: LotID, into problems: inout [ReadinessProblem]) {
        var allWeighted = true
        let checks = Self.weightingChecks(level, lot: lotID, recursive: false)
        for criterion in level.criteria {
            for check in checks where check.criterion == criterion.id && !check.isConsistent {
                problems.append(ReadinessProblem(location: check.location, message: check.explanation))
            }
            if case .fixedPrice = criterion.method {
                if let weight = criterion.weight, weight != 0 {
                    problems.append(
                        ReadinessProblem(
                            location: criterion.location,
                            message: "criterion \(criterion.id) has a fixed price, so it earns no points; remove its"
                                + " weight (\(weight)): the tenders are evaluated on quality alone"))
                }
            } else if criterion.weight == nil {
                allWeighted = false
                problems.append(ReadinessProblem(location: criterion.location, message: Self.missingWeight(criterion)))
            }
            checkThresholds(criterion, lotID: lotID, into: &problems)
            if criterion.lifeCycleCost != nil, !Self.isPriced(criterion) {
                problems.append(
                    ReadinessProblem(
                        location: criterion.location,
                        message:
                            "criterion \(criterion.id) has a life-cycle cost model but no <PriceFormula>; give it one"
                            + " (the life-cycle cost is scored like a price)"))
            }
            switch criterion.method {
            case let .fixedPrice(fixed):
                checkFixedPrice(fixed, of: criterion, into: &problems)
            case .unstated:
                let isPriced = criterion.type == "price" || criterion.type == "cost"
                let hint =
                    isPriced
                    ? "give it a <PriceFormula kind=\"…\"/> (points computed from the bids' prices)"
                    : "give it scale=\"…\" naming a scale declared in <Scales> (evaluators score it)"
                problems.append(
                    ReadinessProblem(
                        location: criterion.location,
                        message:
                            "criterion \(criterion.id) (\(criterion.type.isEmpty ? "no type" : criterion.type)) of lot"
                            + " \(lotID) has no scoring method: \(hint)"))
            case let .scale(scaleID):
                if let scale = scales[scaleID] {
                    if let minimum = criterion.minimumScore, minimum > scale.maximum {
                        problems.append(
                            ReadinessProblem(
                                location: criterion.location,
                                message:
                                    "criterion \(criterion.id) has minimumScore \(minimum), above the maximum of scale"
                                    + " \(scaleID) (\(scale.maximum))"))
                    }
                } else {
                    problems.append(
                        ReadinessProblem(
                            location: criterion.location,
                            message: "criterion \(criterion.id) uses scale \(scaleID), which the plan does not declare")
                    )
                }
            case let .price(formula):
                checkPricing(criterion, formula: formula, lotID: lotID, into: &problems)
                if criterion.minimumScore != nil {
                    problems.append(
                        ReadinessProblem(
                            location: criterion.location,
                            message: "criterion \(criterion.id) is priced; minimumScore applies only to scored criteria"
                        ))
                }
                if case let .linearBetweenBounds(full, zero) = formula {
                    if let currency, full.currency != currency || zero.currency != currency {
                        problems.append(
                            ReadinessProblem(
                                location: criterion.location,
                                message: "the price bounds of criterion \(criterion.id) must be in the plan's currency"
                                    + " \(currency); found \(full) and \(zero)"))
                    } else if !(full.amount < zero.amount) {
                        problems.append(
                            ReadinessProblem(
                                location: criterion.location,
                                message:
                                    "criterion \(criterion.id): fullPointsAt (\(full.text)) must be below zeroPointsAt"
                                    + " (\(zero.text))"))
                    }
                }
            case let .subCriteria(set):
                if criterion.minimumScore != nil {
                    problems.append(
                        ReadinessProblem(
                            location: criterion.location,
                            message: "criterion \(criterion.id) has sub-criteria; put minimumScore on the sub-criteria")
                    )
                }
                checkLevel(set, lotID: lotID, into: &problems)
            }
        }
        guard allWeighted else { return }
        switch level.weighting {
        case .percent:
            let sum = level.weightSum
            if sum != 100 {
                problems.append(
                    ReadinessProblem(
                        location: level.location,
                        message:
                            "the percentage weightings of \(Self.levelName(level)) in lot \(lotID) sum to \(sum), not"
                            + " exactly 100"))
            }
        case .decimal:
            let sum = level.weightSum
            if sum != 1 {
                problems.append(
                    ReadinessProblem(
                        location: level.location,
                        message:
                            "the decimal weightings of \(Self.levelName(level)) in lot \(lotID) sum to \(sum), not"
                            + " exactly 1"))
            }
        case .points:
            if level.weightSum <= 0 {
                problems.append(
                    ReadinessProblem(
                        location: level.location,
                        message:
                            "the points weightings of \(Self.levelName(level)) in lot \(lotID) sum to 0; at least one"
                            + " criterion must carry points"))
            }
        }
    }

    private static func isPriced(_ criterion: Criterion) -> Bool {
        if case .price = criterion.method { return true }
        return false
    }

    /// The price and cost checks of a priced criterion (docs/0006-price-and-cost-formulas.md): a
    /// formula that divides by prices accepts no zero or negative price; price per quality point
    /// needs quality criteria in the lot; a cost model has a whole period of 1–100 years, a rate
    /// below 100 % and components with distinct IDs.
    private func checkPricing(
        _ criterion: Criterion, formula: PriceFormula, lotID: LotID, into problems: inout [ReadinessProblem]
    ) {
        let accepted = criterion.acceptedPrices
        if formula.dividesByPrice, accepted.zero || accepted.negative {
            let which = [accepted.zero ? "zero" : nil, accepted.negative ? "negative" : nil].compactMap { $0 }
            problems.append(
                ReadinessProblem(
                    location: criterion.location,
                    message:
                        "criterion \(criterion.id) accepts \(which.joined(separator: " and ")) prices, but its"
                        + " \(formula.name) formula divides by a price (or by the mean of the prices) and is undefined"
                        + " for them; use linear-lowest-to-highest or linear-between-bounds, or remove allowZero and"
                        + " allowNegative"))
        }
        if formula == .pricePerQualityPoint,
            let lot = lots.first(where: { $0.id == lotID }), lot.scoredCriteria.isEmpty
        {
            problems.append(
                ReadinessProblem(
                    location: criterion.location,
                    message:
                        "criterion \(criterion.id) uses price-per-quality-point, but lot \(lotID) has no criteria scored"
                        + " by evaluators to give quality points"))
        }
        guard let model = criterion.lifeCycleCost else { return }
        if let rate = model.discountRatePercent, rate >= 100 {
            problems.append(
                ReadinessProblem(
                    location: model.location,
                    message:
                        "the discount rate of criterion \(criterion.id) is \(rate) %; state the annual rate in percent"
                        + " (3.5 for 3.5 %), below 100"))
        }
        var seen: Set<String> = []
        for component in model.components where !seen.insert(component.id).inserted {
            problems.append(
                ReadinessProblem(
                    location: model.location,
                    message: "cost component \(component.id) of criterion \(criterion.id) is declared twice"))
        }
        if model.components.isEmpty {
            problems.append(
                ReadinessProblem(
                    location: model.location,
                    message: "the life-cycle cost model of criterion \(criterion.id) has no components"))
        }
    }

    private static func levelName(_ level: CriteriaSet) -> String {
        let ids = level.criteria.map(\.id.rawValue)
        return ids.count == 1 ? "criterion \(ids[0])" : "criteria \(ids.joined(separator: ", "))"
    }

    /// A fixed price must be in the plan's currency and equal the number the notice published with
    /// the same code (`fix-tot`, `fix-unit`), if it published one.
    private func checkFixedPrice(_ fixed: FixedPrice, of criterion: Criterion, into problems: inout [ReadinessProblem])
    {
        if let currency, fixed.amount.currency != currency {
            problems.append(
                ReadinessProblem(
                    location: criterion.location,
                    message: "the fixed price of criterion \(criterion.id) must be in the plan's currency \(currency);"
                        + " found \(fixed.amount)"))
        }
        if criterion.minimumScore != nil || criterion.minimumPoints != nil || criterion.maximumPassing != nil {
            problems.append(
                ReadinessProblem(
                    location: criterion.location,
                    message: "criterion \(criterion.id) has a fixed price; minimum scores and maximumPassing apply only"
                        + " to criteria that are scored"))
        }
        let published = criterion.published.filter { $0.list == "number-fixed" }
        if let other = published.first(where: { $0.code != fixed.code }) {
            problems.append(
                ReadinessProblem(
                    location: criterion.location,
                    message: "criterion \(criterion.id) states a \(fixed.code) price but the notice published"
                        + " \(other); state <FixedPrice basis=\"\(other.code == "fix-unit" ? "unit" : "total")\">"))
        } else if let same = published.first, let number = DecimalText.decimal(same.number),
            number != fixed.amount.amount
        {
            problems.append(
                ReadinessProblem(
                    location: criterion.location,
                    message: "criterion \(criterion.id) states the fixed price \(fixed.amount.text) but the notice"
                        + " published \(same); a published fixed price cannot be changed: state"
                        + " amount=\"\(same.number)\""))
        }
    }

    /// Published thresholds (eForms `number-threshold`, BT-5423) must be applied as published:
    /// `min-score` as ``Criterion/minimumScore`` or ``Criterion/minimumPoints`` with the same number,
    /// `max-pass` as ``Criterion/maximumPassing``. Both apply to scored criteria only.
    private func checkThresholds(_ criterion: Criterion, lotID: LotID, into problems: inout [ReadinessProblem]) {
        func problem(_ message: String) {
            problems.append(ReadinessProblem(location: criterion.location, message: message))
        }
        for published in criterion.published where published.list == "number-threshold" {
            guard let number = DecimalText.decimal(published.number) else { continue }
            switch published.code {
            case "min-score":
                let stated = [criterion.minimumScore, criterion.minimumPoints].compactMap { $0 }
                if !stated.contains(number) {
                    problem(
                        "criterion \(criterion.id) of lot \(lotID): the notice published \(published) (a minimum score,"
                            + " BT-5423); apply it as published: minimumScore=\"\(published.number)\" (on the criterion's"
                            + " scale) or minimumPoints=\"\(published.number)\" (on its weighted points)")
                }
            case "max-pass":
                if criterion.maximumPassing.map({ Decimal($0) }) != number {
                    problem(
                        "criterion \(criterion.id) of lot \(lotID): the notice published \(published) (only that many"
                            + " tenders pass, BT-5423); apply it as published: maximumPassing=\"\(published.number)\"")
                }
            default: break
            }
        }
        if criterion.minimumPoints != nil || criterion.maximumPassing != nil, !Self.isScoredOnly(criterion) {
            problem(
                "criterion \(criterion.id) of lot \(lotID): minimumPoints and maximumPassing apply only to a criterion"
                    + " scored by evaluators (or whose sub-criteria all are)")
        }
    }

    /// Whether the criterion is scored on a scale, or has sub-criteria that all are.
    static func isScoredOnly(_ criterion: Criterion) -> Bool {
        switch criterion.method {
        case .scale: true
        case let .subCriteria(set): !set.criteria.isEmpty && set.criteria.allSatisfy(isScoredOnly)
        case .price, .fixedPrice, .unstated: false
        }
    }

    /// Why a criterion has no exact weight, from what the notice published for it.
    private static func missingWeight(_ criterion: Criterion) -> String {
        let prefix = "criterion \(criterion.id) has no exact weighting: "
        let suffix =
            "; the plan cannot be evaluated until the contracting authority states an exact weighting"
            + " consistent with what it published (weight=\"…\")"
        let weights = criterion.published.filter { $0.list == "number-weight" }
        if let published = weights.first, let code = published.code {
            let kind =
                switch code {
                case "per-mid", "dec-mid", "poi-mid": "a range, given by its middle value"
                case "ord-imp": "an order of importance only"
                case "per-exa", "dec-exa", "poi-exa": "an exact weight the import could not use"
                default: "a weight of unknown kind"
                }
            return prefix + "the notice published \(kind) (\(published))" + suffix
        }
        if let fixed = criterion.published.first(where: { $0.list == "number-fixed" }) {
            if criterion.type == "price" || criterion.type == "cost" {
                return prefix + "the notice published a fixed \(criterion.type) (\(fixed)), not a weighting; state"
                    + " <FixedPrice basis=\"\(fixed.code == "fix-unit" ? "unit" : "total")\" amount=\"\(fixed.number)\"/>"
                    + " instead of a weight: the tenders are then evaluated on quality alone, with the price as a gate"
            }
            return prefix + "the notice published a fixed value (\(fixed)), not a weighting" + suffix
        }
        if let untyped = criterion.published.first(where: { $0.list == nil || $0.code == nil }) {
            return prefix + "the notice published the number \(untyped.number) without saying what kind of number it"
                + " is (no weight code); it was imported as data only" + suffix
        }
        return prefix + "the notice published no weighting for it" + suffix
    }

    /// The quality points available in a lot when every weight is stated: the lot's points minus the
    /// points of priced criteria. `nil` when some weight is missing.
    static func qualityPointsAvailable(_ lot: Lot) -> Rational? {
        func available(_ level: CriteriaSet, worth: Rational) -> Rational? {
            var sum = Rational.zero
            let total = Rational(level.total)
            guard !total.isZero else { return nil }
            for criterion in level.criteria {
                guard let weight = criterion.weight else { return nil }
                let share = worth * Rational(weight) / total
                switch criterion.method {
                case .scale: sum += share
                case .price, .fixedPrice: break
                case .unstated: return nil
                case let .subCriteria(set):
                    guard let inner = available(set, worth: share) else { return nil }
                    sum += inner
                }
            }
            return sum
        }
        return available(lot.criteria, worth: Rational(lot.criteria.total))
    }
}
