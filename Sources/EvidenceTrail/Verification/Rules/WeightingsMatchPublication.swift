import TenderDocuments
import TenderModel

/// `weightings-match-publication`: every weighting the sealed plan states is consistent with what
/// the contract notice published for its criterion: an exact weight as published, a weight
/// published as the middle of a range within that range (with the spread the plan states), and
/// weights published as an order of importance in that order (ties only between equal ranks).
/// See ``WeightingCheck``.
///
/// Source: Directive 2014/24/EU Art. 67(5); ECJ C-532/06 *Lianakis*; eForms BT-541 with its
/// BT-5421 code (`number-weight`); eForms irregularity type `eva-diff-crit`.
struct WeightingsMatchPublication: TrailCheck {
    let id = "weightings-match-publication"
    let statement =
        "Every stated weighting matches the notice: exact as published, within a published range, in the published order of importance"
    let source = "Dir. 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis; eForms BT-541, BT-5421; eva-diff-crit"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let plan = context.sealedPlan else { return .skipped(because: "no sealed plan") }
        let checks = plan.weightingChecks()
        let findings = checks.filter { !$0.isConsistent }.map { check in
            Finding(
                location: context.display("tender.xml") + ":\(check.location.line)"
                    + (check.location.column.map { ":\($0)" } ?? ""),
                message: "lot \(check.lot): " + check.explanation)
        }
        guard findings.isEmpty else { return .failed(findings) }
        var notes: [String] = []
        for kind in [WeightingCheck.Kind.exact, .range, .orderOfImportance] {
            let count = checks.filter { $0.kind == kind }.count
            guard count > 0 else { continue }
            switch kind {
            case .exact: notes.append("\(count) weighting(s) exactly as published")
            case .range: notes.append("\(count) weighting(s) within their published ranges")
            case .orderOfImportance: notes.append("\(count) weighting(s) in the published order of importance")
            }
        }
        return .passed(notes: notes)
    }
}
