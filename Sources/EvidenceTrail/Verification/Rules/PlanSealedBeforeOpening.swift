import TenderDocuments
import TenderModel

/// `plan-sealed-before-opening`: the first entry seals the plan; bids were opened only after it;
/// every amendment was recorded before the deadline then in force and before opening, with a
/// reason; and `tender.xml` is still the version last sealed.
///
/// Source: Directive 2014/24/EU Art. 67(5) (weightings stated in advance); ECJ C-532/06 *Lianakis*
/// (criteria and weightings fixed before tenders are examined); eForms irregularity types
/// `mod-inco` (criteria modified after opening) and `eva-diff-crit`.
struct PlanSealedBeforeOpening: TrailCheck {
    let id = "plan-sealed-before-opening"
    let statement =
        "The plan was sealed before bids were opened, amended only before the deadline, and is unchanged since"
    let source = "Dir. 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis; mod-inco; eva-diff-crit"
    let prerequisites = ["entries-are-well-formed"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let entries = context.state.entries
        guard let sealing = context.state.sealing else {
            return .failed([Finding(location: context.display(Trail.folder), message: "the plan was never sealed")])
        }
        var findings: [Finding] = []
        if let first = entries.first, first.kind != .planSealed {
            findings.append(
                Finding(
                    location: context.entryPath(first.sequence),
                    message:
                        "the trail begins with \(first.kind.rawValue), before the plan was sealed (entry \(sealing.sequence))"
                ))
        }
        if let opening = context.state.opening, opening.sequence < sealing.sequence {
            findings.append(
                Finding(
                    location: context.entryPath(opening.sequence),
                    message:
                        "bids were opened (entry \(opening.sequence)) before the plan was sealed (entry \(sealing.sequence))"
                ))
        }
        for amendment in context.state.planVersions where amendment.kind == .planAmended {
            var after: [String] = []
            if let opening = context.state.opening, amendment.sequence > opening.sequence {
                after.append("after bids were opened (entry \(opening.sequence))")
            }
            if let before = context.plan(atOrBefore: amendment.sequence - 1), let deadline = before.submissionDeadline,
                amendment.time > deadline
            {
                after.append("after the submission deadline \(deadline)")
            }
            if !after.isEmpty {
                findings.append(
                    Finding(
                        location: context.entryPath(amendment.sequence),
                        message: "the plan was amended (entry \(amendment.sequence)) at \(amendment.time), "
                            + after.joined(separator: " and ")
                            + (after.count == 2 || after[0].hasPrefix("after bids")
                                ? ": criteria or weightings changed after tenders were seen" : "")))
            }
            if (amendment.reason ?? "").isEmpty {
                findings.append(
                    Finding(location: context.entryPath(amendment.sequence), message: "the amendment gives no reason"))
            }
        }
        if let sealed = context.state.sealedPlan,
            let now = context.currentInputs.first(where: { $0.key.relativePath == "tender.xml" })?.value,
            now.identity != sealed.digests.identity
        {
            findings.append(
                Finding(
                    location: context.display("tender.xml"),
                    message: "differs from the plan sealed in entry \(context.state.planVersions.last?.sequence ?? 0)"))
        }
        if findings.isEmpty {
            let amendments = context.state.planVersions.count - 1
            return .passed(notes: [
                "sealed in entry \(sealing.sequence) by \(sealing.actor)"
                    + (amendments > 0 ? "; amended \(amendments) time(s) before the deadline" : "")
            ])
        }
        return .failed(findings)
    }
}
