import TenderDocuments
import TenderModel

/// `quality-locked-before-prices`: where the plan requires it, no score sheet or moderation was
/// recorded after prices were opened (the first evaluation).
///
/// Source: evaluation guidance (quality scores fixed before prices are known).
struct QualityLockedBeforePrices: TrailCheck {
    let id = "quality-locked-before-prices"
    let statement = "Where the plan requires it, quality scores were locked before prices were opened"
    let source = "evaluation guidance"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let plan = context.sealedPlan else { return .skipped(because: "no sealed plan") }
        guard plan.rules.process.lockQualityBeforePrices else {
            return .passed(notes: ["the plan does not require it"])
        }
        guard let first = context.state.evaluations.first else {
            return .passed(notes: ["prices have not been opened"])
        }
        let after = context.state.entries.filter {
            ($0.kind == .scoreSheetSubmitted || $0.kind == .moderationRecorded) && $0.sequence > first.sequence
        }
        return after.isEmpty
            ? .passed(notes: [])
            : .failed(
                after.map {
                    Finding(
                        location: context.entryPath($0.sequence),
                        message: "\($0.kind.rawValue) recorded after prices were opened in entry \(first.sequence)")
                })
    }
}
