/// `evaluation-is-recorded`: the trail ends with an `evaluation-computed` entry, and every input it
/// lists was recorded by an `input-recorded` entry before it with the same digests. Inputs recorded
/// after the last evaluation mean an evaluation was interrupted.
struct EvaluationIsRecorded: TrailCheck {
    let id = "evaluation-is-recorded"
    let statement = "The trail ends with an evaluation whose every input was recorded before it"
    let prerequisites = ["entries-are-well-formed"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let entries = context.trail.validEntries
        guard let evaluationIndex = entries.lastIndex(where: { $0.kind == .evaluationComputed }) else {
            return .failed([
                Finding(location: context.display(Trail.folder), message: "the trail records no evaluation")
            ])
        }
        let evaluation = entries[evaluationIndex]
        var findings: [Finding] = []
        let after = entries[(evaluationIndex + 1)...]
        if let first = after.first, let last = after.last {
            findings.append(
                Finding(
                    location: context.display(Trail.folder + "/" + TrailEntry.fileName(for: first.sequence)),
                    message:
                        "entries \(first.sequence)–\(last.sequence) come after the last evaluation (entry \(evaluation.sequence))"
                        + " and no evaluation follows them: an incomplete step (an interrupted `tender evaluate`?)"))
        }
        var recorded: [String: TrailEntry.Subject] = [:]
        for entry in entries[..<evaluationIndex] where entry.kind == .inputRecorded {
            for subject in entry.subjects { recorded[subject.path] = subject }
        }
        let entryPath = context.display(Trail.folder + "/" + TrailEntry.fileName(for: evaluation.sequence))
        for subject in evaluation.subjects where subject.role != "results" {
            guard let input = recorded[subject.path] else {
                findings.append(
                    Finding(location: entryPath, message: "lists \(subject.path), which no earlier entry recorded"))
                continue
            }
            if input.digests != subject.digests {
                findings.append(
                    Finding(
                        location: entryPath,
                        message: "lists \(subject.path) with digests that differ from those recorded before it"))
            }
        }
        if !evaluation.subjects.contains(where: { $0.role == "results" }) {
            findings.append(Finding(location: entryPath, message: "records no results"))
        }
        var notes = ["entry \(evaluation.sequence), \(evaluation.time)"]
        let evaluations = entries.filter { $0.kind == .evaluationComputed }
        if evaluations.count > 1 {
            notes.append(
                "the trail records \(evaluations.count) evaluations (entries "
                    + evaluations.map { "\($0.sequence)" }.joined(separator: ", ") + "); the last one is verified")
        }
        var recordings: [String: [Int]] = [:]
        for entry in entries where entry.kind == .inputRecorded {
            for subject in entry.subjects { recordings[subject.path, default: []].append(entry.sequence) }
        }
        for (path, sequences) in recordings.sorted(by: { $0.key < $1.key }) where sequences.count > 1 {
            notes.append(
                "\(path) changed after it was first recorded: recorded in entries "
                    + sequences.map(String.init).joined(separator: ", "))
        }
        return findings.isEmpty ? .passed(notes: notes) : .failed(findings)
    }
}
