import TenderDocuments
import TenderModel

/// `only-published-criteria-scored`: no score sheet or consensus scores a criterion (or
/// sub-criterion) that the sealed plan's lot does not contain as a scored criterion.
///
/// Source: ECJ C-532/06 *Lianakis* (no award criteria or sub-criteria not published in advance);
/// eForms irregularity type `eva-add-crit`.
struct OnlyPublishedCriteriaScored: TrailCheck {
    let id = "only-published-criteria-scored"
    let statement = "No score is given on a criterion the sealed plan does not contain"
    let source = "ECJ C-532/06 Lianakis; eva-add-crit"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let plan = context.sealedPlan else { return .skipped(because: "no sealed plan") }
        var findings: [Finding] = []
        func scored(_ criterion: CriterionID, lot: LotID) -> Bool {
            plan.lot(lot)?.scores(criterion) ?? false
        }
        for (path, sheet) in context.documents.sheets.sorted(by: { $0.key < $1.key }) {
            for score in sheet.scores where !scored(score.criterion, lot: sheet.lot) {
                findings.append(
                    Finding(
                        location: context.display(path) + ":\(score.location.line)",
                        message:
                            "scores criterion \(score.criterion), which the sealed plan's lot \(sheet.lot) does not contain"
                    ))
            }
        }
        for (path, moderation) in context.documents.moderations.sorted(by: { $0.key < $1.key }) {
            for consensus in moderation.consensus where !scored(consensus.criterion, lot: moderation.lot) {
                findings.append(
                    Finding(
                        location: context.display(path) + ":\(consensus.location.line)",
                        message: "records a consensus on criterion \(consensus.criterion), which the sealed plan's lot"
                            + " \(moderation.lot) does not contain"))
            }
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
