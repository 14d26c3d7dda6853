import TenderDocuments
import TenderModel

/// `quality-and-price-evaluators-separate`: where the plan requires it, nobody who scored quality
/// (or holds the quality-evaluator role) signed a price evaluation.
///
/// Source: evaluation guidance (price and quality evaluated by different people, so that knowledge
/// of prices cannot colour quality scores); eForms irregularity type `conf-int`.
struct QualityAndPriceEvaluatorsSeparate: TrailCheck {
    let id = "quality-and-price-evaluators-separate"
    let statement = "Where the plan requires it, no quality evaluator signed the price evaluation"
    let source = "evaluation guidance; conf-int"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let plan = context.sealedPlan else { return .skipped(because: "no sealed plan") }
        guard plan.rules.process.separateQualityAndPriceEvaluators else {
            return .passed(notes: ["the plan does not require it"])
        }
        let scorers = Set(context.state.entries.filter { $0.kind == .scoreSheetSubmitted }.map(\.actor.member))
        var findings: [Finding] = []
        for entry in context.state.evaluations {
            let member = entry.actor.member
            if scorers.contains(member) || plan.member(member)?.roles.contains(.qualityEvaluator) == true {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "\(member) signed the price evaluation but is a quality evaluator"))
            }
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
