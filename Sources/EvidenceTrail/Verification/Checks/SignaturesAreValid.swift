import TenderDocuments
import TenderModel

/// `signatures-are-valid`: every entry and every checkpoint is signed (Ed25519, over its exclusive
/// canonical form) by the key the sealed plan lists for the member it names, and that member holds
/// a role allowed to record it; every sealed plan version is kept and matches its entry. Zero
/// valid signatures never verify. It needs `entries-are-well-formed`: a trail with an entry that
/// cannot be read is not judged on the entries that remain.
struct SignaturesAreValid: TrailCheck {
    let id = "signatures-are-valid"
    let statement =
        "Every entry and checkpoint is signed by a key the sealed plan lists for a role allowed to record it"
    let source = "ins-audit; RFC 8032"
    let prerequisites = ["entries-are-well-formed"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard context.signatureFindings.isEmpty else { return .failed(context.signatureFindings) }
        let signed = context.trail.entries.reduce(0) { $1.entry != nil && $1.signature != nil ? $0 + 1 : $0 }
        guard signed > 0 else {
            return .failed([
                Finding(location: context.display(Trail.folder), message: "no valid signature in the trail")
            ])
        }
        let members = Set(context.state.entries.map(\.actor.member.rawValue)).sorted()
        return .passed(notes: [
            "\(signed) entries and \(context.trail.checkpoints.count) checkpoints signed by "
                + members.joined(separator: ", ")
        ])
    }
}
