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
            return .failed([
                Finding(
                    location: location,
                    message: EntriesAreWellFormed.strip(stored.problem ?? "unreadable", path: Trail.checkpointPath))
            ])
        }
        let entries = context.trail.entries
        if checkpoint.size != entries.count {
            let present = Set(entries.map(\.fileSequence))
            let missing = (1...max(checkpoint.size, 1)).filter { !present.contains($0) }
            let what: String
            if entries.count < checkpoint.size {
                what =
                    (missing.count == 1 ? "entry \(missing[0]) was" : "entries \(Self.ranges(missing)) were")
                    + " removed"
            } else {
                let added = entries.map(\.fileSequence).filter { $0 > checkpoint.size }
                what =
                    (added.count == 1 ? "entry \(added[0]) was" : "entries \(Self.ranges(added)) were")
                    + " added without a checkpoint (an interrupted command?)"
            }
            return .failed([
                Finding(
                    location: location,
                    message:
                        "the checkpoint covers \(checkpoint.size) entries but the trail has \(entries.count): \(what)")
            ])
        }
        if let last = entries.last, checkpoint.head != last.hash {
            return .failed([
                Finding(
                    location: location,
                    message: "the checkpoint's head is \(checkpoint.head.short)… but \(last.path) hashes to"
                        + " \(last.hash?.short ?? "nothing")…: the last entry was changed")
            ])
        }
        return .passed(notes: ["size \(checkpoint.size), head \(checkpoint.head.short)…"])
    }

    /// `3, 7–9, 12` for a sorted list of numbers.
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < numbers.count {
            var end = index
            while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
            parts.append(end == index ? "\(numbers[index])" : "\(numbers[index])–\(numbers[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
