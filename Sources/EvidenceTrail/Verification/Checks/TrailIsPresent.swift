/// `trail-is-present`: the case has at least one trail entry and a checkpoint. An empty trail or a
/// missing checkpoint is never verified.
struct TrailIsPresent: TrailCheck {
    let id = "trail-is-present"
    let statement = "The case has an evidence trail and a checkpoint"
    let prerequisites: [String] = []

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        if context.trail.entries.isEmpty {
            findings.append(
                Finding(
                    location: context.display(Trail.folder),
                    message:
                        "no trail entries: this case has not been evaluated with `tender evaluate`, or its evidence was removed"
                ))
        }
        if context.trail.checkpoint == nil {
            findings.append(Finding(location: context.display(Trail.checkpointPath), message: "no checkpoint"))
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
