import TenderDocuments
import TenderModel

/// `minimum-sheets-before-moderation`: before each lot's moderation was recorded, every bid that
/// was scored in the lot had at least the plan's minimum number of independent score sheets.
///
/// Source: evaluation guidance (independent scoring before consensus, e.g. Crown Commercial
/// Service evaluation guidance); eForms irregularity type `ins-audit`.
struct MinimumSheetsBeforeModeration: TrailCheck {
    let id = "minimum-sheets-before-moderation"
    let statement = "The plan's minimum number of independent score sheets per bid existed before moderation"
    let source = "evaluation guidance; ins-audit"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let plan = context.sealedPlan else { return .skipped(because: "no sealed plan") }
        guard let minimum = plan.rules.aggregation?.minimumSheets else {
            return .passed(notes: ["the plan sets no minimum number of score sheets"])
        }
        var findings: [Finding] = []
        for moderation in context.state.entries where moderation.kind == .moderationRecorded {
            guard let path = moderation.subjects.first?.path, let record = context.documents.moderations[path] else {
                continue
            }
            var sheets: [BidID: Set<EvaluatorID>] = [:]
            for entry in context.state.entries
            where entry.kind == .scoreSheetSubmitted && entry.sequence < moderation.sequence {
                guard let sheetPath = entry.subjects.first?.path, let sheet = context.documents.sheets[sheetPath],
                    sheet.lot == record.lot
                else { continue }
                sheets[sheet.bid, default: []].insert(sheet.evaluator)
            }
            let scoredBids = Set(context.documents.sheets.values.filter { $0.lot == record.lot }.map(\.bid))
            for bid in scoredBids.sorted() where (sheets[bid]?.count ?? 0) < minimum {
                findings.append(
                    Finding(
                        location: context.entryPath(moderation.sequence),
                        message:
                            "lot \(record.lot) was moderated with \(sheets[bid]?.count ?? 0) score sheet(s) recorded for"
                            + " \(bid); the plan requires \(minimum)"))
            }
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
