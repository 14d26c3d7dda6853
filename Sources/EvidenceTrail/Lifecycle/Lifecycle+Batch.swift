public import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderXML

/// Many receipts or score sheets recorded under one lock: the trail is read and checked once, and
/// the state each step needs (the latest receipts, the opened bids, the declarations, the sheets
/// already submitted) is kept up to date in memory instead of being derived from the whole trail
/// again for every step. One step of a batch costs the same whatever the trail's length, where
/// `tender receive` or `tender score` run one after another cost more with every entry (each
/// re-reads and re-checks the whole trail, and `score` re-reads every opened bid).
///
/// The entries and checkpoints written are exactly those the single-step commands
/// (``Lifecycle/receive(bidFile:espdFile:key:)``, ``Lifecycle/score(sheet:key:)``) write for the same files,
/// clock readings and keys, in the same order, byte for byte (`BatchLifecycleTests` compares
/// them): each step makes the same checks and refuses what the single step refuses. Steps recorded
/// before a refusal stay recorded, as they would after the same commands run one by one. Files are
/// written atomically but flushed to disk once, at the end of the batch (`sync(2)`), not after each
/// file. Used by the benchmark generator (`Benchmarks/`) to record cases of thousands of bids.
extension Lifecycle {
    /// Records the receipt of each bid file in order (`bid-received`), as
    /// ``receive(bidFile:espdFile:key:)`` would one after another (each with its ESPD response at
    /// `espd/<bid-id>.xml`, when the case has one), reading the clock once per bid.
    ///
    /// - Throws: ``LifecycleError`` as ``receive(bidFile:espdFile:key:)`` does, at the first bid
    ///   refused.
    public func receiveAll(_ bidFiles: [URL], key: PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer {
            session.end()
            sync()
        }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "receive bids")
        guard let deadline = plan.submissionDeadline else {
            throw .outOfOrder("the plan states no submission deadline")
        }
        var batch = BatchAppender(session: session)
        var latest = session.state.latestReceipts
        let opening = session.state.opening
        for bidFile in bidFiles {
            switch try prepareReceipt(
                bidFile: bidFile, espdFile: nil, deadline: deadline, signer: signer, now: clock(),
                latestReceipts: latest, opening: opening)
            {
            case let .unchanged(message):
                batch.messages.append(message)
            case let .record(entry, copies):
                let sequence = batch.size + 1
                let recorded = try batch.record(
                    entry, signer: signer, copies: copies, message: Self.receiptMessage(entry, sequence: sequence))
                if let bid = entry.receipt?.bid { latest[bid] = recorded }
            }
        }
        return batch.outcome
    }

    /// Records each score sheet in order (`score-sheet-submitted`), each signed by its own key, as
    /// ``score(sheet:key:)`` would one after another, reading the clock once per sheet. The opened
    /// bids are read once for the whole batch.
    ///
    /// - Parameter sheets: Each sheet's path relative to the case (`scores/<evaluator>/<bid>.xml`, or
    ///   `scores/<evaluator>/<lot>/<bid>.xml` for a bid scored in several lots)
    ///   and the key of the evaluator submitting it.
    /// - Throws: ``LifecycleError`` as ``score(sheet:key:)`` does, at the first sheet refused.
    public func scoreAll(
        _ sheets: [(path: String, key: PrivateSigningKey)]
    ) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer {
            session.end()
            sync()
        }
        let plan = try requireSealedPlan(session.state)
        try requireOpened(session.state)
        try requireQualityOpen(plan: plan, state: session.state, action: "score sheets")
        var batch = BatchAppender(session: session)
        let lateBids = session.state.lateBids
        let declared = Set(session.state.entries.filter { $0.kind == .conflictDeclared }.map(\.actor.member))
        var conflicts: [EvaluatorID: [TendererID: Int]] = [:]
        var signers: [Digest: Signer] = [:]
        var recordings = session.state.latestRecordings(of: [.scoreSheetSubmitted])
        var bids: [BidID: Bid]?
        for (relativePath, key) in sheets {
            let signer: Signer
            if let known = signers[key.publicKey.keyID] {
                signer = known
            } else {
                signer = try Signer.resolve(key, in: plan, roles: [.qualityEvaluator], for: "submit score sheets")
                signers[key.publicKey.keyID] = signer
            }
            let sheet: ScoreSheet
            do {
                sheet = try ScoreSheet.read(
                    contentsOf: folder.url(for: relativePath), displayPath: folder.displayPath(for: relativePath))
            } catch {
                throw .invalidDocuments(error)
            }
            try requireFiledWhereItBelongs(sheet, at: relativePath)
            guard sheet.evaluator == signer.member.id else {
                throw .notAllowed(
                    "\(relativePath) is \(sheet.evaluator)'s score sheet; only \(sheet.evaluator) may submit it")
            }
            guard declared.contains(signer.member.id) else {
                throw .outOfOrder(
                    "\(signer.member.id) has not declared conflicts of interest; record declarations/\(signer.member.id).xml"
                        + " with `tender declare` before the first score")
            }
            if lateBids[sheet.bid] != nil {
                throw .outOfOrder("\(sheet.bid) was received late and is excluded; it is not scored")
            }
            if bids == nil {
                bids = Dictionary(
                    try openedBids(session.state).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            }
            guard let bid = bids?[sheet.bid] else {
                throw .outOfOrder("\(sheet.bid) was not received and opened")
            }
            if conflicts[signer.member.id] == nil {
                conflicts[signer.member.id] = session.state.declaredConflicts(of: signer.member.id)
            }
            if let entry = conflicts[signer.member.id]?[bid.tenderer.id] {
                throw .notAllowed(
                    "\(signer.member.id) declared a conflict of interest with \(bid.tenderer.id) (entry \(entry)) and"
                        + " may not score \(bid.id)")
            }
            // The sheet's problems concern the sheet and the bid it scores (found above among the
            // opened bids), as in `score`.
            let problems = TenderEvaluation.problems(in: sheet, plan: plan, bids: [bid])
            guard problems.isEmpty else { throw .notEvaluable(.invalidInput(problems)) }
            let now = clock()
            try requirePlausibleDate(
                sheet.completedAt, of: "<CompletedAt>", at: sheet.location, state: session.state, now: now,
                meaning: "a sheet cannot be completed before the bids it scores were opened")
            let subject = try digests(relativePath, role: "score-sheet")
            if let previous = recordings[relativePath], previous.subject.digests == subject.digests {
                batch.messages.append("\(relativePath) was already submitted in entry \(previous.sequence)")
                continue
            }
            let entry = TrailEntry(kind: .scoreSheetSubmitted, time: now, actor: signer.actor, subjects: [subject])
            let recorded = try batch.record(
                entry, signer: signer,
                message: "recorded \(signer.member.id)'s score sheet for \(sheet.bid) (entry \(batch.size + 1))")
            recordings[relativePath] = (recorded.sequence, subject)
            batch.warnings += Self.weakJustifications(
                in: sheet, plan: plan, path: folder.displayPath(for: relativePath))
        }
        return batch.outcome
    }
}

/// The trail of a batch as it grows: its size, head and last time, kept in memory.
private struct BatchAppender {
    let session: Session
    var size: Int
    var head: Digest?
    var last: (sequence: Int, time: Timestamp)?
    var appended: [Int] = []
    var messages: [String]
    var warnings: [String] = []

    init(session: Session) {
        self.session = session
        size = session.trail.entries.count
        head = session.trail.entries.last?.hash
        last = session.state.entries.last.map { ($0.sequence, $0.time) }
        messages = session.notes
    }

    /// Appends one entry and its checkpoint, as ``Session/record(_:signer:time:copies:message:)``
    /// does, and returns the entry as recorded (with its sequence and previous hash).
    mutating func record(
        _ entry: TrailEntry, signer: Signer, copies: [(path: String, bytes: [UInt8])] = [], message: String
    ) throws(LifecycleError) -> TrailEntry {
        if let last, entry.time < last.time {
            throw .outOfOrder(
                "the clock reads \(entry.time), earlier than entry \(last.sequence) (\(last.time)); nothing was recorded."
                    + " Correct the system clock: entries are recorded in time order")
        }
        let writer = TrailWriter(folder: session.folder, size: size, head: head, durable: false)
        let (sequences, newHead) = try writer.append([entry], signer: signer, time: entry.time, copies: copies)
        var recorded = entry
        recorded.sequence = size + 1
        recorded.previous = head
        size += 1
        head = newHead
        last = (recorded.sequence, entry.time)
        appended += sequences
        messages.append(message)
        return recorded
    }

    var outcome: LifecycleOutcome {
        LifecycleOutcome(
            appended: appended, size: size, head: head, messages: messages, evaluation: nil, warnings: warnings)
    }
}
