import TenderDocuments
import TenderEvaluation
import TenderModel

/// `moderation-gives-reasons`: wherever the consensus differs from the median of the individual
/// scores, the moderation record gives a reason that says why (not a bare agreement or the
/// descriptor). (A spread above the plan's maximum with no consensus is refused by the evaluation,
/// so it fails `inputs-are-valid`.)
///
/// Source: Lancashire Care NHS Foundation Trust v Lancashire County Council [2018] EWHC 1589
/// (TCC) (moderation without recorded reasons); eForms irregularity type `ins-audit`.
struct ModerationGivesReasons: TrailCheck {
    let id = "moderation-gives-reasons"
    let statement =
        "Wherever the consensus differs from the median of the individual scores, the moderation gives a reason"
    let source = "Lancashire Care [2018] EWHC 1589 (TCC); ins-audit"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let plan = context.sealedPlan else { return .skipped(because: "no sealed plan") }
        var findings: [Finding] = []
        var changed = 0
        for (path, moderation) in context.documents.moderations.sorted(by: { $0.key < $1.key }) {
            for consensus in moderation.consensus {
                let individual = context.documents.sheets.values
                    .filter { $0.lot == moderation.lot && $0.bid == consensus.bid }
                    .compactMap { $0.score(for: consensus.criterion)?.value }
                guard !individual.isEmpty else { continue }
                let median = Aggregation.Method.median.aggregate(individual)
                guard median != Rational(consensus.score) else { continue }
                changed += 1
                let descriptors: [String] =
                    if case let .scale(scaleID)? = plan.lot(moderation.lot)?.criterion(consensus.criterion)?.method {
                        plan.scales[scaleID]?.points.map(\.descriptor) ?? []
                    } else { [] }
                if let problem = JustificationsAreSubstantive.problem(consensus.reason, descriptors: descriptors) {
                    findings.append(
                        Finding(
                            location: context.display(path) + ":\(consensus.location.line)",
                            message:
                                "the consensus \(consensus.score) for \(consensus.bid) \(consensus.criterion) differs from"
                                + " the median \(median.exactText) but its reason \(problem)"))
                }
            }
        }
        return findings.isEmpty
            ? .passed(
                notes: changed > 0 ? ["\(changed) consensus score(s) differ from the median, each with a reason"] : [])
            : .failed(findings)
    }
}
