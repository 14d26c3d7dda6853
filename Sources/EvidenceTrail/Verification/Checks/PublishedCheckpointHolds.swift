import TenderDocuments
import TenderModel

/// `published-checkpoint-holds` (with `verify --checkpoint FILE`): a checkpoint published earlier is
/// validly signed by a member of the sealed plan's panel, and the trail's entry at its size still
/// has its head hash, so the trail only grew since: truncation, reordering or rewriting before it
/// fails. Source: transparency-log consistency (RFC 9162 §2.1.4, in its simplest form: the whole
/// log is at hand).
struct PublishedCheckpointHolds: TrailCheck {
    let id = "published-checkpoint-holds"
    let statement = "A checkpoint published earlier is still covered: the trail only grew since"
    let source = "ins-audit; RFC 9162"
    let prerequisites = ["trail-is-present"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard let published = context.published else { return .skipped(because: "no checkpoint given") }
        guard let checkpoint = published.checkpoint, let canonical = published.canonical else {
            return .failed([Finding(location: published.path, message: published.problem ?? "not a checkpoint")])
        }
        guard let signature = published.signature else {
            return .failed([
                Finding(location: published.path, message: "no signature beside it (the .sig file written with it)")
            ])
        }
        let (plans, _) = SignatureAudit.planVersions(context.state, folder: context.folder)
        guard let plan = plans.keys.sorted().last(where: { $0 <= checkpoint.size }).flatMap({ plans[$0] }) else {
            return .failed([Finding(location: published.path, message: "no sealed plan covers it")])
        }
        if let problem = SignatureAudit.problem(
            signature: signature, canonical: canonical, actor: checkpoint.signer,
            panel: SignatureAudit.SignaturePanel(plan), roles: [],
            what: "sign checkpoints")
        {
            return .failed([Finding(location: published.path, message: problem)])
        }
        guard checkpoint.size <= context.trail.entries.count else {
            return .failed([
                Finding(
                    location: published.path,
                    message:
                        "covers \(checkpoint.size) entries but the trail now has \(context.trail.entries.count): the trail"
                        + " was truncated after it was published")
            ])
        }
        let stored = context.trail.entries[checkpoint.size - 1]
        guard stored.fileSequence == checkpoint.size, stored.hash == checkpoint.head else {
            return .failed([
                Finding(
                    location: published.path,
                    message:
                        "records head \(checkpoint.head.short)… for entry \(checkpoint.size), but the trail's entry"
                        + " \(checkpoint.size) now hashes to \(stored.hash?.short ?? "nothing")…: the trail was rewritten or"
                        + " reordered up to it")
            ])
        }
        return .passed(notes: [
            "the trail has grown from \(checkpoint.size) to \(context.trail.entries.count) entries since \(checkpoint.time)"
        ])
    }
}
