import TenderDocuments
import TenderModel

/// `entries-are-in-time-order`: no entry is dated earlier than the entry before it.
///
/// Every step is recorded when it is taken, so the trail's order is the order of events; an entry
/// dated before its predecessor was backdated (or the recording machine's clock was wrong), and
/// every rule that compares times with the deadline or with each other would be reading a
/// fiction. The times are compared as instants, whatever their UTC offsets.
///
/// Source: Directive 2014/24/EU Art. 22(3) (integrity of data and of tenders) and Art. 84
/// (documenting the progress of the procedure); eForms irregularity type `ins-audit`.
struct EntriesAreInTimeOrder: TrailCheck {
    let id = "entries-are-in-time-order"
    let statement = "No trail entry is dated earlier than the entry before it"
    let source = "Dir. 2014/24/EU Art. 22(3), Art. 84; ins-audit"
    let prerequisites = ["entries-are-well-formed"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        let entries = context.state.entries
        for (before, entry) in zip(entries, entries.dropFirst()) where entry.time < before.time {
            findings.append(
                Finding(
                    location: context.entryPath(entry.sequence),
                    message: "entry \(entry.sequence) (\(entry.kind.rawValue)) is dated \(entry.time), earlier than"
                        + " entry \(before.sequence) (\(before.kind.rawValue)) at \(before.time): it was backdated"))
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
