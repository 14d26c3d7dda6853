public import Foundation

/// The check of one stated weighting against the weighting the contract notice published for the
/// criterion (eForms BT-541 with its BT-5421 `number-weight` code).
///
/// | Published | Consistent when the stated weight … |
/// |---|---|
/// | `per-exa`, `poi-exa`, `dec-exa` (exact) | equals it, in its kind (`dec-exa` also as a percentage: × 100) |
/// | `per-mid`, `poi-mid`, `dec-mid` (the middle of a range) | is within `middle ± spread ÷ 2`, the spread stated in the plan |
/// | `ord-imp` (order of importance, 1 = most important) | is above the weight of every criterion of its level ranked after it and below every one ranked before it; criteria of equal rank may have any weights |
///
/// Source: Directive 2014/24/EU Art. 67(5) (the relative weighting, "which may be expressed by
/// providing for a range with an appropriate maximum spread", or, where weighting is not possible,
/// the criteria "in decreasing order of importance", must be stated in the procurement documents);
/// ECJ C-532/06 *Lianakis* (published weightings cannot be changed afterwards); eForms SDK 1.15
/// `codelists/number-weight.gc` (codes and labels: "Weight (percentage, middle of a range)",
/// "Order of importance"); the OCDS award-criteria extension's `criterionWeight` code list, which
/// maps these codes ("the weighting is expressed as a range of percentages"); eForms business rule
/// BR-BT-00539-0197 (an order is at most the number of orders, so equal orders are allowed).
public struct WeightingCheck: Equatable, Sendable {
    /// What the notice published.
    public enum Kind: String, Equatable, Sendable {
        /// An exact weight (`per-exa`, `dec-exa`, `poi-exa`).
        case exact
        /// The middle of a range (`per-mid`, `dec-mid`, `poi-mid`).
        case range
        /// An order of importance (`ord-imp`).
        case orderOfImportance = "order-of-importance"
    }

    /// The lot (or group of lots).
    public var lot: LotID
    /// The criterion.
    public var criterion: CriterionID
    /// What was published.
    public var kind: Kind
    /// The published parameter, with the spread the plan states for a range.
    public var published: PublishedParameter
    /// The weight the plan states, in its level's ``WeightingKind`` units.
    public var weight: Decimal
    /// The level's units.
    public var weighting: WeightingKind
    /// Whether the stated weight is consistent with the publication.
    public var isConsistent: Bool
    /// Why, for people: the published range or order and the stated weights compared.
    public var explanation: String
    /// The criterion's declaration in the plan.
    public var location: FileLocation

    /// Creates a check outcome.
    public init(
        lot: LotID, criterion: CriterionID, kind: Kind, published: PublishedParameter, weight: Decimal,
        weighting: WeightingKind, isConsistent: Bool, explanation: String, location: FileLocation
    ) {
        self.lot = lot
        self.criterion = criterion
        self.kind = kind
        self.published = published
        self.weight = weight
        self.weighting = weighting
        self.isConsistent = isConsistent
        self.explanation = explanation
        self.location = location
    }

    /// The weight codes that state an exact weight.
    public static let exactCodes: Set<String> = ["per-exa", "dec-exa", "poi-exa"]
    /// The weight codes that state the middle of a range.
    public static let rangeCodes: Set<String> = ["per-mid", "dec-mid", "poi-mid"]
    /// The weight code of an order of importance.
    public static let orderCode = "ord-imp"
}

extension TenderPlan {
    /// Every stated weighting checked against what the notice published for its criterion, lot by
    /// lot in plan order, depth first. A criterion is checked when it has a weight and exactly one
    /// `number-weight` parameter of a known code; see ``WeightingCheck``.
    public func weightingChecks() -> [WeightingCheck] {
        lots.flatMap { lot in Self.weightingChecks(lot.criteria, lot: lot.id) }
    }

    /// The checks of a lot's weightings published as a range or an order of importance (those the
    /// authority had to decide), depth first; the ones recorded in the results.
    public static func publishedWeightingChecks(of lot: Lot) -> [WeightingCheck] {
        weightingChecks(lot.criteria, lot: lot.id).filter { $0.kind != .exact }
    }

    static func weightingChecks(_ level: CriteriaSet, lot: LotID, recursive: Bool = true) -> [WeightingCheck] {
        var checks: [WeightingCheck] = []
        let ranks = level.criteria.compactMap { criterion -> (Criterion, Decimal, Decimal)? in
            guard let weight = criterion.weight, let published = publishedWeight(criterion),
                published.code == WeightingCheck.orderCode, let rank = DecimalText.decimal(published.number)
            else { return nil }
            return (criterion, rank, weight)
        }
        for criterion in level.criteria {
            if let check = check(criterion, in: level, lot: lot, ranks: ranks) { checks.append(check) }
            if recursive, case let .subCriteria(set) = criterion.method { checks += weightingChecks(set, lot: lot) }
        }
        return checks
    }

    private static func check(
        _ criterion: Criterion, in level: CriteriaSet, lot: LotID, ranks: [(Criterion, Decimal, Decimal)]
    ) -> WeightingCheck? {
        guard let weight = criterion.weight, let published = publishedWeight(criterion), let code = published.code
        else { return nil }
        let base = WeightingCheck(
            lot: lot, criterion: criterion.id, kind: .exact, published: published, weight: weight,
            weighting: level.weighting, isConsistent: false, explanation: "", location: criterion.location)
        if WeightingCheck.exactCodes.contains(code) { return exactCheck(base, level: level) }
        if WeightingCheck.rangeCodes.contains(code) { return rangeCheck(base, level: level) }
        if code == WeightingCheck.orderCode, let own = ranks.first(where: { $0.0.id == criterion.id }) {
            return orderCheck(base, rank: own.1, others: ranks.filter { $0.0.id != criterion.id })
        }
        return nil
    }

    /// The criterion's only `number-weight` parameter, or `nil` when it has none or several.
    private static func publishedWeight(_ criterion: Criterion) -> PublishedParameter? {
        let weights = criterion.published.filter { $0.list == "number-weight" }
        return weights.count == 1 ? weights[0] : nil
    }

    /// The level's kind a code's number is stated in, and the factor that converts the published
    /// number into the level's units exactly (`dec-*` into a percentage: × 100).
    private static func units(of code: String, in level: WeightingKind) -> (kind: WeightingKind, factor: Decimal)? {
        switch (String(code.prefix(4)), level) {
        case ("per-", .percent), ("poi-", .points), ("dec-", .decimal): (level, 1)
        case ("dec-", .percent): (.percent, 100)
        default: nil
        }
    }

    private static func naturalKind(of code: String) -> WeightingKind {
        code.hasPrefix("poi-") ? .points : code.hasPrefix("dec-") ? .decimal : .percent
    }

    private static func exactCheck(_ base: WeightingCheck, level: CriteriaSet) -> WeightingCheck? {
        var check = base
        let code = base.published.code ?? ""
        guard let number = DecimalText.decimal(base.published.number) else { return nil }
        guard let units = units(of: code, in: level.weighting) else {
            check.explanation =
                "criterion \(base.criterion) is weighted in \(level.weighting.rawValue) but the notice published"
                + " \(base.published); state the weighting as published"
                + " (weighting=\"\(naturalKind(of: code).rawValue)\")"
            return check
        }
        let expected = number * units.factor
        check.isConsistent = base.weight == expected
        check.explanation =
            check.isConsistent
            ? "criterion \(base.criterion) has weight \(base.weight), as published (\(base.published))"
            : "criterion \(base.criterion) has weight \(base.weight) but the notice published \(base.published); a"
                + " published weighting cannot be changed after publication (ECJ C-532/06 Lianakis): state"
                + " weight=\"\(expected)\""
        return check
    }

    private static func rangeCheck(_ base: WeightingCheck, level: CriteriaSet) -> WeightingCheck? {
        var check = base
        check.kind = .range
        let code = base.published.code ?? ""
        guard let middle = DecimalText.decimal(base.published.number) else { return nil }
        guard let units = units(of: code, in: level.weighting) else {
            check.explanation =
                "criterion \(base.criterion) is weighted in \(level.weighting.rawValue) but the notice published"
                + " \(base.published), a range in \(naturalKind(of: code).rawValue); state the weighting in"
                + " those units (weighting=\"\(naturalKind(of: code).rawValue)\")"
            return check
        }
        let centre = middle * units.factor
        guard let spread = base.published.spread else {
            check.isConsistent = base.weight == centre
            check.explanation =
                check.isConsistent
                ? "criterion \(base.criterion) has weight \(base.weight), the middle of the range the notice"
                    + " published (\(base.published))"
                : "criterion \(base.criterion) has weight \(base.weight) but the notice published only the middle of"
                    + " a range (\(base.published)); eForms does not carry the range's spread: state it from the"
                    + " procurement documents (<Published … spread=\"…\"/>) so that the weight can be checked"
                    + " against the range (Directive 2014/24/EU Art. 67(5))"
            return check
        }
        let half = spread * units.factor / 2
        let low = centre - half
        let high = centre + half
        check.isConsistent = low <= base.weight && base.weight <= high
        let range = "\(low) … \(high) (\(code) = \(base.published.number), spread \(spread))"
        check.explanation =
            check.isConsistent
            ? "criterion \(base.criterion) has weight \(base.weight), within the published range \(range)"
            : "criterion \(base.criterion) has weight \(base.weight), outside the published range \(range); a"
                + " weighting published as a range must be fixed within it (Directive 2014/24/EU Art. 67(5))"
        return check
    }

    private static func orderCheck(
        _ base: WeightingCheck, rank: Decimal, others: [(Criterion, Decimal, Decimal)]
    ) -> WeightingCheck {
        var check = base
        check.kind = .orderOfImportance
        let weight = base.weight
        func describe(_ other: (Criterion, Decimal, Decimal)) -> String {
            "\(other.0.id) (rank \(other.1), weight \(other.2))"
        }
        let after = others.filter { $0.1 > rank }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        let before = others.filter { $0.1 < rank }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        let equal = others.filter { $0.1 == rank }.sorted { $0.0.id < $1.0.id }
        let notAbove = after.filter { !(weight > $0.2) }
        let notBelow = before.filter { !(weight < $0.2) }
        check.isConsistent = notAbove.isEmpty && notBelow.isEmpty
        if check.isConsistent {
            var parts: [String] = []
            if !after.isEmpty { parts.append("above " + after.map(describe).joined(separator: ", ")) }
            if !before.isEmpty { parts.append("below " + before.map(describe).joined(separator: ", ")) }
            if !equal.isEmpty {
                parts.append("of equal rank with " + equal.map(describe).joined(separator: ", ") + ", in any order")
            }
            check.explanation =
                "criterion \(base.criterion) has weight \(weight), which respects the published order of importance"
                + " (rank \(rank))" + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; "))
        } else {
            var parts: [String] = []
            if !notAbove.isEmpty { parts.append("above " + notAbove.map(describe).joined(separator: ", ")) }
            if !notBelow.isEmpty { parts.append("below " + notBelow.map(describe).joined(separator: ", ")) }
            check.explanation =
                "criterion \(base.criterion) has weight \(weight), which contradicts the published order of importance:"
                + " ranked \(rank), its weight must be strictly " + parts.joined(separator: " and ")
                + " (Directive 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis)"
        }
        return check
    }
}
