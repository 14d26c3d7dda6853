import TenderDocuments
import TenderModel

/// `trail-is-present`: the case has at least one trail entry and a checkpoint. An empty trail or a
/// missing checkpoint is never verified.
struct TrailIsPresent: TrailCheck {
    let id = "trail-is-present"
    let statement = "The case has an evidence trail and a checkpoint"
    let source = "ins-audit"
    let prerequisites: [String] = []

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        if context.trail.entries.isEmpty {
            findings.append(
                Finding(
                    location: context.display(Trail.folder),
                    message: "no trail entries: nothing about this case was recorded, or its evidence was removed"))
        }
        if context.trail.checkpoints.isEmpty {
            findings.append(Finding(location: context.display(Trail.checkpointFolder), message: "no checkpoint"))
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
