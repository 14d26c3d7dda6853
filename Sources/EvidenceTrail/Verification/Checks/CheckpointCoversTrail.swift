/// `checkpoint-covers-trail`: the checkpoint records as many entries as the trail has, and the hash
/// of the last one. Removing entries from the end (with their files) fails here.
struct CheckpointCoversTrail: TrailCheck {
    let id = "checkpoint-covers-trail"
    let statement = "The checkpoint records the trail's size and the hash of its last entry"
    let prerequisites = ["trail-is-present"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let location = context.display(Trail.checkpointPath)
        guard let stored = context.trail.checkpoint else {
            return .failed([Finding(location: location, message: "no checkpoint")])
        }
        guard let checkpoint = stored.checkpoint else {
            return .failed([Finding(
                location: location, message: EntriesAreWellFormed.strip(stored.problem ?? "unreadable", path: Trail.checkpointPath))])
        }
        let entries = context.trail.entries
        if checkpoint.size != entries.count {
            let what =
                entries.count < checkpoint.size
                ? "entries \(entries.count + 1)–\(checkpoint.size) were removed"
                : "entries \(checkpoint.size + 1)–\(entries.count) were added without a checkpoint (an interrupted command?)"
            return .failed([Finding(
                location: location,
                message: "the checkpoint covers \(checkpoint.size) entries but the trail has \(entries.count): \(what)")])
        }
        if let last = entries.last, checkpoint.head != last.hash {
            return .failed([Finding(
                location: location,
                message: "the checkpoint's head is \(checkpoint.head.short)… but \(last.path) hashes to"
                    + " \(last.hash?.short ?? "nothing")…: the last entry was changed")])
        }
        return .passed(notes: ["size \(checkpoint.size), head \(checkpoint.head.short)…"])
    }
}
