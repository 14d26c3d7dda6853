import TenderDocuments
import TenderModel

/// `entries-are-hash-chained`: entry 1 names no predecessor, and every later entry's `<Previous>` is
/// the SHA-256 of the exclusive canonical form of the entry before it. Changing, removing or
/// reordering any entry breaks the chain at the entry after it.
struct EntriesAreHashChained: TrailCheck {
    let id = "entries-are-hash-chained"
    let statement = "Every trail entry carries the canonical hash of the entry before it"
    let source = "ins-audit"
    let prerequisites = ["trail-is-present"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        let entries = context.trail.entries
        for (index, stored) in entries.enumerated() {
            guard let entry = stored.entry else { continue }
            if index == 0 {
                if entry.previous != nil {
                    findings.append(
                        Finding(
                            location: context.display(stored.path),
                            message:
                                "the first entry names a previous entry (\(entry.previous?.short ?? "")…): entries before it were removed"
                        ))
                }
                continue
            }
            let before = entries[index - 1]
            if stored.fileSequence > before.fileSequence + 1 {
                let missing =
                    stored.fileSequence == before.fileSequence + 2
                    ? "entry \(before.fileSequence + 1) is"
                    : "entries \(before.fileSequence + 1)–\(stored.fileSequence - 1) are"
                findings.append(
                    Finding(
                        location: context.display(stored.path),
                        message: "\(missing) missing: the chain breaks between \(before.path) and this entry"))
                continue
            }
            guard let previous = entry.previous else {
                findings.append(
                    Finding(
                        location: context.display(stored.path),
                        message: "entry \(entry.sequence) names no previous entry"))
                continue
            }
            if previous != before.hash {
                findings.append(
                    Finding(
                        location: context.display(stored.path),
                        message: "entry \(entry.sequence) says the previous entry's hash is \(previous.short)…, but"
                            + " \(before.path) now hashes to \(before.hash?.short ?? "nothing (it is not XML)")…: \(before.path) was"
                            + " changed, replaced or reordered"))
            }
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
