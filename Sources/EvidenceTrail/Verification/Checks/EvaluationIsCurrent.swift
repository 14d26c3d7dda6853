import TenderDocuments
import TenderModel

/// `evaluation-is-current`: the trail records an evaluation, and nothing that changes the
/// evaluation's inputs was recorded after the last one (only award recommendations and requests for
/// explanation of abnormally low prices, which change no input, may follow it).
/// Anything else after it is an incomplete step: a decision or score not yet evaluated.
struct EvaluationIsCurrent: TrailCheck {
    let id = "evaluation-is-current"
    let statement =
        "The trail records an evaluation, and nothing that changes its inputs was recorded after the last one"
    let source = "ins-audit"
    let prerequisites = ["entries-are-well-formed"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let entries = context.state.entries
        guard let index = entries.lastIndex(where: { $0.kind == .evaluationComputed }) else {
            return .failed([
                Finding(location: context.display(Trail.folder), message: "the trail records no evaluation")
            ])
        }
        let evaluation = entries[index]
        let after = entries[(index + 1)...].filter { !$0.kind.leavesEvaluationCurrent }
        if let first = after.first, let last = after.last {
            let kinds = Set(after.map(\.kind.rawValue)).sorted().joined(separator: ", ")
            return .failed([
                Finding(
                    location: context.entryPath(first.sequence),
                    message: (first.sequence == last.sequence
                        ? "entry \(first.sequence) (\(kinds)) comes"
                        : "entries \(first.sequence)–\(last.sequence) (\(kinds)) come")
                        + " after the last evaluation (entry \(evaluation.sequence)) and no evaluation follows:"
                        + " an incomplete step; run `tender evaluate`"
                )
            ])
        }
        var notes = ["entry \(evaluation.sequence), \(evaluation.time), by \(evaluation.actor)"]
        let evaluations = context.state.evaluations
        if evaluations.count > 1 {
            notes.append(
                "the trail records \(evaluations.count) evaluations (entries "
                    + evaluations.map { "\($0.sequence)" }.joined(separator: ", ") + "); the last one is verified")
        }
        var recordings: [String: [Int]] = [:]
        for entry in entries
        where [.bidReceived, .scoreSheetSubmitted, .moderationRecorded, .conflictDeclared].contains(entry.kind) {
            for subject in entry.subjects { recordings[subject.path, default: []].append(entry.sequence) }
        }
        for (path, sequences) in recordings.sorted(by: { $0.key < $1.key }) where sequences.count > 1 {
            notes.append(
                "\(path) was recorded more than once: entries " + sequences.map(String.init).joined(separator: ", "))
        }
        return .passed(notes: notes)
    }
}
