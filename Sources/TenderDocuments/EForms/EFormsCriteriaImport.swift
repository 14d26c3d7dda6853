import Foundation
import TenderModel

/// Turns a notice lot's published criteria into the plan's ``CriteriaSet``: IDs, weights as
/// published where they are exact (`per-exa` as percent, `dec-exa` as decimal, `poi-exa` as points,
/// each without conversion), a fixed price (`fix-tot`, `fix-unit` on a price or cost criterion) as
/// a price gate, a `max-pass` threshold as ``Criterion/maximumPassing``, and a note for everything
/// else. Ranges and orders of importance are kept as published; the authority states the weights.
struct EFormsCriteriaImport {
    private typealias Code = EFormsParameterCode

    let lot: NoticeLot
    /// The plan's currency, for a fixed price; without one a fixed price is only noted.
    let currency: CurrencyCode?
    /// Lot-level notes, then per-criterion notes, then the lot's weight and business-rule notes.
    private(set) var notes: [ImportNote] = []

    init(lot: NoticeLot, currency: CurrencyCode? = nil) {
        self.lot = lot
        self.currency = currency
    }

    private static let notEvaluable =
        "the plan cannot be evaluated until the contracting authority states exact weightings"

    mutating func run() -> CriteriaSet {
        lotNotes()
        var criteria: [Criterion] = []
        /// Exact weight of each criterion that has one: its code and its value in the kind's units.
        var exact: [(code: String, weight: Decimal)?] = []
        for (index, published) in lot.criteria.enumerated() {
            let id = CriterionID("AC-\(index + 1)")
            exact.append(weight(of: published, id: id))
            let maximumPassing = published.parameters.first {
                $0.list == Code.thresholdList && $0.code == "max-pass"
            }.flatMap { Int($0.number) }
            criteria.append(
                Criterion(
                    id: id, type: published.type ?? "", names: published.names, descriptions: published.descriptions,
                    weight: nil, method: fixedPrice(of: published).map { .fixedPrice($0) } ?? .unstated,
                    minimumScore: nil, published: published.parameters, location: published.location,
                    maximumPassing: maximumPassing.flatMap { $0 > 0 ? $0 : nil }))
        }

        // One weighting kind per lot: a second exact kind makes every weight unusable.
        var kinds: [String] = []
        for case let (code, _)? in exact where !kinds.contains(code) { kinds.append(code) }
        let weighting: WeightingKind
        if kinds.count > 1 {
            let found = kinds.map { code in
                let ids = criteria.indices.filter { exact[$0]?.code == code }.map { criteria[$0].id.rawValue }
                return "\(code) on \(EFormsText.list(ids))"
            }
            notes.append(
                ImportNote(
                    code: "weights-mixed-kinds",
                    message: "\(ContractNotice.describe(lot)) states its weights in more than one kind"
                        + " (\(found.joined(separator: "; "))), which cannot be combined without converting one kind"
                        + " into another; no weight is imported, and \(Self.notEvaluable) of one kind"))
            weighting = Self.weighting(of: kinds[0])
        } else {
            for index in criteria.indices { criteria[index].weight = exact[index]?.weight }
            let firstWeightCode = lot.criteria.lazy.flatMap(\.parameters)
                .first { $0.list == Code.weightList && $0.code != nil }?.code
            weighting = Self.weighting(of: kinds.first ?? firstWeightCode ?? "per-exa")
        }

        businessRules(ids: criteria.map(\.id))
        let location = lot.criteria.first?.location ?? lot.location
        return CriteriaSet(weighting: weighting, criteria: criteria, location: location)
    }

    /// How many criteria of the lot publish a fixed value (`number-fixed`).
    private var fixedCriteriaCount: Int {
        lot.criteria.filter { $0.parameters.contains { $0.list == Code.fixedList } }.count
    }

    /// `poi-*` codes are points, `dec-*` decimals; everything else (`per-*`, `ord-imp`, and the
    /// default) percentages.
    private static func weighting(of code: String) -> WeightingKind {
        code.hasPrefix("poi-") ? .points : code.hasPrefix("dec-") ? .decimal : .percent
    }

    /// The fixed price of a price or cost criterion that publishes exactly one `number-fixed`
    /// parameter and no weight, in the plan's currency, when no other criterion of the lot publishes a
    /// fixed value; `nil` otherwise. (Fixed values on quality criteria are money values of quality,
    /// as in the Dutch notice 2024-OJS065-00191536, whose winning tender is below its `fix-tot`: not
    /// a fixed price "on the basis of which economic operators will compete on quality criteria
    /// only", Directive 2014/24/EU Art. 67(2).)
    private func fixedPrice(of criterion: NoticeCriterion) -> FixedPrice? {
        guard let currency, criterion.type == "price" || criterion.type == "cost" else { return nil }
        guard fixedCriteriaCount == 1 else { return nil }
        let fixed = criterion.parameters.filter { $0.list == Code.fixedList }
        guard fixed.count == 1, !criterion.parameters.contains(where: { $0.list == Code.weightList }),
            let amount = Money(text: fixed[0].number, currency: currency)
        else { return nil }
        switch fixed[0].code {
        case "fix-tot": return FixedPrice(basis: .total, amount: amount)
        case "fix-unit": return FixedPrice(basis: .unit, amount: amount)
        default: return nil
        }
    }

    // MARK: - Lot

    private mutating func lotNotes() {
        let name = ContractNotice.describe(lot)
        if lot.criteria.isEmpty {
            notes.append(
                ImportNote(
                    code: "no-criteria",
                    message: "\(name) publishes no award criteria (BG-38, cac:AwardingCriterion/"
                        + "cac:SubordinateAwardingCriterion); the contracting authority must state them before the plan"
                        + " can be evaluated"))
        }
        if lot.isGroup && lot.members.isEmpty {
            notes.append(
                ImportNote(
                    code: "group-without-members",
                    message: "\(name) lists no member lots in cac:LotDistribution/cac:LotsGroup (BT-1375)"))
        }
        if !lot.calculationExpressions.isEmpty {
            notes.append(
                ImportNote(
                    code: "method-described",
                    message: "\(name) describes its award method in text (BT-543, cbc:CalculationExpression, in"
                        + " \(EFormsText.list(lot.calculationExpressions.keys.sorted()))); read it before stating the"
                        + " scoring scales and price formulas"))
        }
        if !lot.orderJustifications.isEmpty {
            notes.append(
                ImportNote(
                    code: "order-justification",
                    message: "\(name) justifies the order of importance of its criteria in text (BT-733, in"
                        + " \(EFormsText.list(lot.orderJustifications.keys.sorted())))"))
        }
    }

    // MARK: - One criterion

    /// The criterion's exact weight (code and value in its kind's units), noting everything else.
    private mutating func weight(of criterion: NoticeCriterion, id: CriterionID) -> (code: String, weight: Decimal)? {
        func note(_ code: String, _ message: String) {
            notes.append(ImportNote(code: code, criterion: id, message: "criterion \(id) " + message))
        }
        if criterion.misplacedOnAwardingCriterion {
            note(
                "misplaced-criterion",
                "is written directly on cac:AwardingCriterion (line \(criterion.location.line)) instead of in a"
                    + " cac:SubordinateAwardingCriterion; it is imported as a criterion of"
                    + " \(ContractNotice.describe(lot))")
        }
        if criterion.type == nil {
            note("no-type", "has no award-criterion type (BT-539, cbc:AwardingCriterionTypeCode)")
        }
        for incomplete in criterion.parametersWithoutNumber {
            note(
                "parameter-without-number",
                "has a parameter code \(incomplete.code ?? "(empty)") without a number (efbc:ParameterNumeric, BT-541);"
                    + " it is ignored")
        }
        let parameters = criterion.parameters
        let weights = parameters.filter { $0.list == Code.weightList }
        let fixed = parameters.filter { $0.list == Code.fixedList }
        let thresholds = parameters.filter { $0.list == Code.thresholdList }
        let untyped = parameters.filter { $0.list == nil }
        let unknownLists = parameters.filter { $0.list.map { Code.codes[$0] == nil } ?? false }

        var result: (code: String, weight: Decimal)?
        if weights.count > 1 {
            note(
                "several-weights",
                "publishes \(weights.count) weightings (\(weights.map(\.description).joined(separator: ", "))); none is"
                    + " used, and \(Self.notEvaluable)")
        } else if let weight = weights.first {
            let code = weight.code ?? ""
            if Code.exactWeights.contains(code) {
                if let value = EFormsNumber.decimal(weight.number) {
                    result = (code, value)
                } else {
                    note(
                        "number-not-decimal",
                        "publishes \(Code.describe(weight)), which is not a decimal number of at most 38 digits; it is"
                            + " kept as published but not used, and \(Self.notEvaluable)")
                }
            } else if Code.codes[Code.weightList]?.contains(code) ?? false {
                let kind = code == "ord-imp" ? "an order of importance" : "the middle of a range"
                note(
                    "weight-not-exact",
                    "publishes \(Code.describe(weight)), \(kind) rather than an exact weighting; it is kept as"
                        + " published, and \(Self.notEvaluable) consistent with it")
            } else {
                note(
                    "weight-unknown-kind",
                    "publishes \(Code.describe(weight)) in list number-weight, which is not a weight kind of the EU code"
                        + " list; it is kept as published but not used, and \(Self.notEvaluable)")
            }
        } else if untyped.isEmpty && fixed.isEmpty {
            note(
                "no-weight",
                "has no weighting in the notice (no BT-541 number of list number-weight); \(Self.notEvaluable)")
        }
        for parameter in untyped {
            let code = parameter.code.map { " (code \($0) without a listName)" } ?? ""
            note(
                "weight-without-kind",
                "publishes the number \(parameter.number)\(code) without saying what kind of number it is (no"
                    + " efbc:ParameterCode/@listName, BT-5421/5422/5423); it is kept as data but not used as a weight"
                    + (weights.isEmpty ? ", and \(Self.notEvaluable)" : ""))
        }
        if let price = fixedPrice(of: criterion) {
            note(
                "fixed-price",
                "publishes \(Code.describe(fixed[0])), a fixed \(criterion.type ?? "price") (BT-5422): it is imported as"
                    + " <FixedPrice basis=\"\(price.basis.rawValue)\" amount=\"\(price.amount.text)\"/>, so the tenders are"
                    + " evaluated on quality alone and a bid whose price differs fails the price gate")
        } else {
            let pricedAmongOthers =
                (criterion.type == "price" || criterion.type == "cost") && !fixed.isEmpty && fixedCriteriaCount > 1
            let why =
                pricedAmongOthers
                ? "; other criteria of the lot publish fixed values too, so it is not taken as a fixed price on which"
                    + " tenderers compete on quality alone" : ""
            for parameter in fixed {
                note(
                    "weight-fixed",
                    "publishes \(Code.describe(parameter)), a fixed value (BT-5422) rather than a weighting\(why); it is"
                        + " kept as published"
                        + (weights.isEmpty && untyped.isEmpty ? ", and \(Self.notEvaluable)" : ""))
            }
        }
        for parameter in thresholds {
            if parameter.code == "max-pass", let count = Int(parameter.number), count > 0 {
                note(
                    "threshold-max-pass",
                    "publishes \(Code.describe(parameter)), a threshold (BT-5423): it is imported as"
                        + " maximumPassing=\"\(count)\", so only the \(count) bid(s) with the most points on it pass to"
                        + " price scoring")
            } else if parameter.code == "min-score" {
                note(
                    "threshold-min-score",
                    "publishes \(Code.describe(parameter)), a minimum score (BT-5423); the notice does not say whether it"
                        + " is on the scoring scale or in weighted points, so the contracting authority must apply it as"
                        + " published: minimumScore=\"\(parameter.number)\" (on the scale) or"
                        + " minimumPoints=\"\(parameter.number)\" (in points)")
            } else {
                note(
                    "threshold-published",
                    "publishes \(Code.describe(parameter)), a threshold (BT-5423); it is kept as published and not"
                        + " applied")
            }
        }
        for parameter in unknownLists {
            note(
                "parameter-unknown-kind",
                "publishes \(parameter.code ?? "(no code)") = \(parameter.number) in list \(parameter.list ?? ""), which"
                    + " is not an eForms award-criterion number list; it is kept as published but not used")
        }
        return result
    }

    // MARK: - Business rules

    private mutating func businessRules(ids: [CriterionID]) {
        guard lot.awardingCriterionBlocks > 0 else { return }
        for number in 1...lot.awardingCriterionBlocks {
            var weights: [EFormsWeightRules.Weight] = []
            for (index, criterion) in lot.criteria.enumerated() where criterion.block == number {
                for parameter in criterion.parameters where parameter.list == Code.weightList {
                    weights.append(
                        EFormsWeightRules.Weight(
                            criterion: ids[index], code: parameter.code, number: parameter.number,
                            value: EFormsNumber.rational(parameter.number)))
                }
            }
            let block = EFormsWeightRules.Block(
                lot: lot.id, isGroup: lot.isGroup, number: number, count: lot.awardingCriterionBlocks)
            notes += EFormsWeightRules.check(weights, in: block)
        }
    }
}
