import TenderModel

/// The eForms code lists of award-criterion numbers, with their English labels.
///
/// Source: eForms SDK 1.15 `codelists/number-weight.gc` (BT-5421), `number-fixed.gc` (BT-5422),
/// `number-threshold.gc` (BT-5423).
enum EFormsParameterCode {
    /// `efbc:ParameterCode/@listName` of weights.
    static let weightList = "number-weight"
    /// `efbc:ParameterCode/@listName` of fixed values.
    static let fixedList = "number-fixed"
    /// `efbc:ParameterCode/@listName` of thresholds.
    static let thresholdList = "number-threshold"

    /// The English label of a code, when it is one of the EU lists' codes.
    static let labels: [String: String] = [
        "per-exa": "Weight (percentage, exact)",
        "per-mid": "Weight (percentage, middle of a range)",
        "dec-exa": "Weight (decimal, exact)",
        "dec-mid": "Weight (decimal, middle of a range)",
        "poi-exa": "Weight (points, exact)",
        "poi-mid": "Weight (points, middle of a range)",
        "ord-imp": "Order of importance",
        "fix-tot": "Fixed value (total)",
        "fix-unit": "Fixed value (per unit)",
        "max-pass": "Maximum number of tenders passing",
        "min-score": "Minimum score",
    ]

    /// The codes of each list.
    static let codes: [String: Set<String>] = [
        weightList: ["per-exa", "per-mid", "dec-exa", "dec-mid", "poi-exa", "poi-mid", "ord-imp"],
        fixedList: ["fix-tot", "fix-unit"],
        thresholdList: ["max-pass", "min-score"],
    ]

    /// The weight codes that state an exact weight.
    static let exactWeights: Set<String> = ["per-exa", "dec-exa", "poi-exa"]

    /// `per-exa = 40 (Weight (percentage, exact))`, or without the label for an unknown code.
    static func describe(_ parameter: PublishedParameter) -> String {
        let code = parameter.code ?? "(no code)"
        guard let label = parameter.code.flatMap({ labels[$0] }) else { return "\(code) = \(parameter.number)" }
        return "\(code) = \(parameter.number) (\(label))"
    }
}

/// The eForms business rules on award-criterion weights, checked per `cac:AwardingCriterion`
/// block (BG-707 "Award criteria") over the `number-weight` parameters (BT-5421 with BT-541) of
/// the block's criteria, exactly and in rule-ID order.
///
/// | Rule (Lot / LotsGroup) | Checks |
/// |---|---|
/// | BR-BT-00539-0194 / -0195 | if any weight code is `ord-imp`, every weight code is `ord-imp` |
/// | BR-BT-00539-0197 / -0205 | every `ord-imp` number ≤ the number of `ord-imp` numbers |
/// | BR-BT-00539-0200 / -0202 | the `per-exa` numbers, if any, sum to 100 ± 1 × their count |
/// | BR-BT-00539-0201 / -0203 | the `dec-exa` numbers, if any, sum to 1 ± 0.01 × their count |
/// | BR-BT-00539-0209 / -0210 | every `ord-imp` number is a whole number |
///
/// The tolerances are those of SDK 1.14 and later; TenderTrail's own readiness check then demands
/// an exact sum of 100 before a plan is evaluated. Arithmetic is exact (``Rational``). A criterion
/// written directly on `cac:AwardingCriterion` counts as one of its block's criteria. Numbers that
/// are not decimals are left out (they are reported separately).
///
/// Source: eForms SDK 1.15 schematron (`schematrons/`), rules BR-BT-00539-0194 … -0210, and their
/// English messages in `translations/rule_en.xml`.
enum EFormsWeightRules {
    /// One `number-weight` parameter of a criterion in the block.
    struct Weight {
        var criterion: CriterionID
        var code: String?
        var number: String
        var value: Rational?
    }

    /// Where the block is, for messages.
    struct Block {
        var lot: String
        var isGroup: Bool
        var number: Int
        var count: Int

        var place: String {
            (isGroup ? "in group of lots \(lot)" : "in lot \(lot)")
                + (count > 1 ? " (award criteria block \(number) of \(count))" : "")
        }
    }

    /// The notes for every rule the block fails, in rule-ID order; empty when it passes them all.
    static func check(_ weights: [Weight], in block: Block) -> [ImportNote] {
        var notes: [ImportNote] = []
        func fail(_ lotRule: String, _ groupRule: String, _ message: String) {
            let rule = "BR-BT-00539-" + (block.isGroup ? groupRule : lotRule)
            notes.append(ImportNote(code: "business-rule", rule: rule, message: message))
        }
        let coded = weights.filter { $0.code != nil }
        let ordinals = weights.filter { $0.code == "ord-imp" }

        // BR-BT-00539-0194 / -0195: order of importance for all or none.
        if !ordinals.isEmpty && ordinals.count != coded.count {
            let found = coded.map { "\($0.criterion) \($0.code ?? "")" }.joined(separator: ", ")
            fail(
                "0194", "0195",
                "For a given 'Award criteria' (BG-707), 'Number is a type of weight' (BT-5421) must be 'Order of"
                    + " importance' for all or none of 'Award criterion' (BG-38); found \(found) \(block.place)")
        }

        // BR-BT-00539-0197 / -0205: each order ≤ the number of orders.
        let total = Rational(ordinals.count)
        let beyond = ordinals.filter { ($0.value.map { total < $0 }) ?? false }
        if !beyond.isEmpty {
            let found = beyond.map { "\($0.criterion) = \($0.number)" }.joined(separator: ", ")
            fail(
                "0197", "0205",
                "All order of importance values in 'Award criterion number' (BT-541) must be lower or equal to the"
                    + " total number of occurrences; found \(found) with \(ordinals.count) occurrence"
                    + (ordinals.count == 1 ? "" : "s") + " \(block.place)")
        }

        // BR-BT-00539-0200 / -0202 and -0201 / -0203: exact sums within the SDK's tolerance.
        let unit = block.isGroup ? "group of lots" : "lot"
        for (code, lotRule, groupRule, target, perValue, label) in [
            ("per-exa", "0200", "0202", Rational(100), Rational(1), "Weight (percentage, exact)"),
            ("dec-exa", "0201", "0203", Rational(1), Rational(1) / Rational(100), "Weight (decimal, exact)"),
        ] {
            let values = weights.filter { $0.code == code && $0.value != nil }
            guard !values.isEmpty else { continue }
            let sum = values.reduce(Rational.zero) { $0 + ($1.value ?? .zero) }
            let tolerance = perValue * Rational(values.count)
            guard (sum - target).magnitude > tolerance else { continue }
            let terms = values.map { "\($0.criterion) = \($0.number)" }.joined(separator: ", ")
            fail(
                lotRule, groupRule,
                "The sum of all 'Award criterion number' (BT-541) of type '\(label)' must equal \(target.exactText)"
                    + " for each criteria in the \(unit); found \(sum.exactText) (\(terms)) \(block.place), outside"
                    + " \(target.exactText) ± \(tolerance.exactText)")
        }

        // BR-BT-00539-0209 / -0210: orders are whole numbers.
        let fractional = ordinals.filter { ($0.value.map { $0.rounded(places: 0, mode: .down) != $0 }) ?? false }
        if !fractional.isEmpty {
            let found = fractional.map { "\($0.criterion) = \($0.number)" }.joined(separator: ", ")
            fail(
                "0209", "0210",
                "The values for the order of importance in 'Award criterion number' (BT-541) must be whole numbers;"
                    + " found \(found) \(block.place)")
        }
        return notes
    }
}
