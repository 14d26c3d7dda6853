public import Foundation
public import TenderDocuments
import TenderEvaluation
public import TenderModel
import TenderXML

/// What a lifecycle command recorded.
public struct LifecycleOutcome: Sendable {
    /// The entries appended (empty when there was nothing new to record).
    public var appended: [Int]
    /// The trail's size after the command.
    public var size: Int
    /// The trail's head after the command.
    public var head: Digest?
    /// What happened, for people (one line each).
    public var messages: [String]
    /// For `evaluate`: the evaluation.
    public var evaluation: CaseEvaluation?
    /// Problems worth knowing now that do not stop the step (e.g. an opened bid that cannot be
    /// evaluated as it stands), one line each, compiler style.
    public var warnings: [String] = []
}

/// The evaluation lifecycle: each step appends entries signed by the panel member who takes it,
/// and a signed checkpoint. The state comes from the trail alone; a step that is out of order is
/// refused with a message saying what must happen first. See docs/0004-lifecycle-and-rules.md.
///
/// Every step takes the case's exclusive lock, refuses to append to a trail whose structure or
/// signatures fail, and writes nothing if it refuses.
public struct Lifecycle: Sendable {
    /// The case.
    public let folder: CaseFolder
    /// The clock: the system clock in the product, a fixed one in tests.
    public let clock: @Sendable () -> Timestamp

    /// Creates a lifecycle for the case in `folder`.
    public init(folder: CaseFolder, clock: @escaping @Sendable () -> Timestamp) {
        self.folder = folder
        self.clock = clock
    }

    // MARK: - Seal

    /// Seals the plan (`plan-sealed`), or amends the sealed plan (`plan-amended`) when `reason` is
    /// given: before the deadline and before opening only.
    ///
    /// - Parameters:
    ///   - key: The lead's private key; the plan being sealed must list its public key for a lead.
    ///   - reason: Why the plan is amended (required to amend; ignored for the first seal).
    /// - Throws: ``LifecycleError`` when the plan is not ready (every readiness problem), already
    ///   sealed and unchanged, changed without a reason, past the deadline or opened.
    public func seal(key: PrivateSigningKey, reason: String? = nil) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer { session.end() }
        let (plan, planFile, planBytes) = try loadPlan()
        let readiness = plan.readinessProblems()
        guard readiness.isEmpty else {
            throw .inconsistent(readiness.map(\.description) + ["error: the plan cannot be sealed until it is ready"])
        }
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "seal the plan")
        var subjects = [planFile]
        if let notice = try digestsIfPresent("notice.xml", role: "notice") {
            if let recorded = plan.source?.sha256, notice.digests.bytes.hex != recorded {
                throw .inconsistent([
                    "\(folder.displayPath(for: "notice.xml")): error: this is not the notice the plan was imported from:"
                        + " tender.xml records sha256 \(recorded.prefix(12))… in <Source>, this file's is"
                        + " \(notice.digests.bytes.short)…; keep the published notice byte for byte"
                ])
            }
            subjects.append(notice)
        }
        if let file = plan.espdRequest {
            guard FileManager.default.fileExists(atPath: folder.url(for: file).path) else {
                throw .inconsistent([
                    "\(folder.displayPath(for: file)): error: the plan's gates are decided by this ESPD request"
                        + " (<Gates espdRequest>), but the case has no such file; put the contracting authority's ESPD"
                        + " request there before sealing"
                ])
            }
            let request: ESPDRequest
            do {
                request = try ESPDRequest.read(
                    contentsOf: folder.url(for: file), displayPath: folder.displayPath(for: file))
            } catch {
                throw .invalidDocuments(error)
            }
            let problems = TenderEvaluation.problems(inESPDGatesOf: plan, request: request)
            guard problems.isEmpty else { throw .notEvaluable(.invalidInput(problems)) }
            subjects.append(try digests(file, role: CaseFile.Role.espdRequest.rawValue))
        }
        let conformance = folder.noticeProblems(for: plan)
        guard conformance.isEmpty else {
            throw .inconsistent(
                conformance.map(\.description) + [
                    "error: the plan cannot be sealed: it must say what the notice published"
                ])
        }
        let now = clock()
        let kind: TrailEntry.Kind
        if let sealed = session.state.sealedPlan, let version = session.state.planVersions.last {
            if sealed.digests.identity == planFile.digests.identity {
                return session.unchanged("the plan is already sealed (entry \(version.sequence)) and unchanged")
            }
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .outOfOrder(
                    "tender.xml differs from the plan sealed in entry \(version.sequence); to amend the sealed plan, say why"
                        + " with --reason (amendments are recorded and allowed only before the deadline and before opening)"
                )
            }
            if let opening = session.state.opening {
                throw .outOfOrder(
                    "bids were opened in entry \(opening.sequence); the plan can no longer be amended (restore tender.xml to the"
                        + " sealed version in \(Trail.sealedPlanPath(sequence: version.sequence)))")
            }
            if let deadline = try sealedDeadline(session.state), now > deadline {
                throw .outOfOrder(
                    "the submission deadline \(deadline) has passed; the plan can no longer be amended (restore tender.xml to"
                        + " the sealed version in \(Trail.sealedPlanPath(sequence: version.sequence)))")
            }
            kind = .planAmended
        } else {
            kind = .planSealed
        }
        let entry = TrailEntry(
            kind: kind, time: now, actor: signer.actor, subjects: subjects,
            reason: kind == .planAmended ? reason?.trimmingCharacters(in: .whitespacesAndNewlines) : nil)
        let sequence = session.trail.entries.count + 1
        return try session.record(
            [entry], signer: signer, time: now, copies: [(Trail.sealedPlanPath(sequence: sequence), planBytes)],
            message: kind == .planSealed
                ? "sealed the plan (entry \(sequence)); it can now change only by a recorded amendment before the deadline"
                : "recorded the amendment of the plan (entry \(sequence))")
    }

    // MARK: - Receive

    /// Records the receipt of a bid (`bid-received`): its file's digests and receipt time (now),
    /// late or not. The bid's content is not read: its ID is its file name. A file outside the case
    /// is copied into `bids/` first.
    ///
    /// - Throws: ``LifecycleError`` before sealing; when a bid received on time would be replaced
    ///   after the deadline, or any bid after opening.
    public func receive(
        bidFile: URL, espdFile: URL? = nil, key: PrivateSigningKey
    ) throws(LifecycleError)
        -> LifecycleOutcome
    {
        // The bid's ID is its file name: refused before anything is read, set aside or written
        // unless the trail schema accepts it as an identifier.
        _ = try Self.bidID(forFile: bidFile)
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "receive bids")
        guard let deadline = plan.submissionDeadline else {
            throw .outOfOrder("the plan states no submission deadline")
        }
        switch try prepareReceipt(
            bidFile: bidFile, espdFile: espdFile, deadline: deadline, signer: signer, now: clock(),
            latestReceipts: session.state.latestReceipts, opening: session.state.opening)
        {
        case let .unchanged(message):
            return session.unchanged(message)
        case let .record(entry, copies):
            let sequence = session.trail.entries.count + 1
            return try session.record(
                [entry], signer: signer, time: entry.time, copies: copies,
                message: Self.receiptMessage(entry, sequence: sequence))
        }
    }

    /// What receiving one bid file records, or that it is already recorded.
    enum ReceiptStep {
        /// The same bid (and ESPD response) is already the latest receipt: nothing to record.
        case unchanged(String)
        /// The `bid-received` entry to sign, and the files to copy into the case with it.
        case record(TrailEntry, copies: [(path: String, bytes: [UInt8])])
    }

    /// The bid's ID from its file name (`<bid-id>.xml`), checked before anything is read or written.
    ///
    /// - Throws: ``LifecycleError`` when the name is not `<bid-id>.xml` with a valid identifier.
    static func bidID(forFile bidFile: URL) throws(LifecycleError) -> BidID {
        let name = bidFile.lastPathComponent
        guard name.hasSuffix(".xml"), name.count > 4 else {
            throw .outOfOrder("\(bidFile.path): a bid file is named <bid-id>.xml")
        }
        let stem = String(name.dropLast(4))
        guard BidID.isValid(stem) else {
            throw .inconsistent([
                "\(bidFile.path): error: the bid's ID is its file name without .xml, and \"\(stem)\" is not a valid bid ID:"
                    + " an ID is \(BidID.rule); rename the file (to <bid-id>.xml, the ID inside the bid) and receive"
                    + " it again. Nothing was recorded"
            ])
        }
        return BidID(stem)
    }

    /// The receipt of one bid file at `now`, checked against the latest receipts and the opening:
    /// the one definition of a receipt, shared by ``receive(bidFile:espdFile:key:)`` and
    /// ``receiveAll(_:key:)``. The tenderer's ESPD response (`espdFile`, or `espd/<bid-id>.xml`
    /// already in the case) is part of the tender and is received with it, in the same entry.
    ///
    /// - Throws: ``LifecycleError`` for an unreadable file or ESPD response, a different file of
    ///   the same name already in the case, a bid replaced after opening, or a bid received on
    ///   time replaced after the deadline.
    func prepareReceipt(
        bidFile: URL, espdFile: URL?, deadline: Timestamp, signer: Signer, now: Timestamp,
        latestReceipts: [BidID: TrailEntry], opening: TrailEntry?
    ) throws(LifecycleError) -> ReceiptStep {
        let bid = try Self.bidID(forFile: bidFile)
        let name = bidFile.lastPathComponent
        let relative = "bids/" + name
        let target = folder.url(for: relative)
        guard let data = FileManager.default.contents(atPath: bidFile.path) else {
            throw .invalidDocuments(.xml(.unreadable(path: bidFile.path, reason: "no such file")))
        }
        let bytes = [UInt8](data)
        let isCopy = bidFile.standardizedFileURL.path != target.standardizedFileURL.path
        if isCopy, let existing = FileManager.default.contents(atPath: target.path), [UInt8](existing) != bytes {
            throw .inconsistent([
                "\(folder.displayPath(for: relative)): error: a different file with this name is already in the case"
            ])
        }
        var subjects = [TrailEntry.Subject(role: "bid", path: relative, digests: Self.digests(bytes))]
        var copies: [(path: String, bytes: [UInt8])] = isCopy ? [(relative, bytes)] : []
        let espdRelative = "espd/" + name
        let espdSource = espdFile ?? folder.url(for: espdRelative)
        if let data = FileManager.default.contents(atPath: espdSource.path) {
            let espdBytes = [UInt8](data)
            do {
                _ = try ESPDResponse.parse(espdBytes, path: espdFile?.path ?? folder.displayPath(for: espdRelative))
            } catch {
                throw .invalidDocuments(error)
            }
            subjects.append(
                TrailEntry.Subject(
                    role: CaseFile.Role.espdResponse.rawValue, path: espdRelative, digests: Self.digests(espdBytes)))
            if espdSource.standardizedFileURL.path != folder.url(for: espdRelative).standardizedFileURL.path {
                if let existing = FileManager.default.contents(atPath: folder.url(for: espdRelative).path),
                    [UInt8](existing) != espdBytes
                {
                    throw .inconsistent([
                        "\(folder.displayPath(for: espdRelative)): error: a different ESPD response with this name is"
                            + " already in the case"
                    ])
                }
                copies.append((espdRelative, espdBytes))
            }
        } else if let espdFile {
            throw .invalidDocuments(.xml(.unreadable(path: espdFile.path, reason: "no such file")))
        }
        let isLate = now > deadline
        if let previous = latestReceipts[bid] {
            if previous.subjects.map(\.digests) == subjects.map(\.digests) {
                return .unchanged("\(relative) was already received in entry \(previous.sequence)")
            }
            if let opening {
                throw .outOfOrder("bids were opened in entry \(opening.sequence); \(bid) can no longer be replaced")
            }
            if isLate && previous.receipt?.isLate == false {
                throw .outOfOrder(
                    "\(bid) was received on time in entry \(previous.sequence) and cannot be replaced after the deadline"
                        + " \(deadline)")
            }
        }
        let entry = TrailEntry(
            kind: .bidReceived, time: now, actor: signer.actor, subjects: subjects,
            receipt: TrailEntry.Receipt(bid: bid, deadline: deadline, isLate: isLate))
        return .record(entry, copies: copies)
    }

    /// What `receive` says of a receipt recorded as entry `sequence`.
    static func receiptMessage(_ entry: TrailEntry, sequence: Int) -> String {
        guard let receipt = entry.receipt else { return "recorded entry \(sequence)" }
        return receipt.isLate
            ? "received \(receipt.bid) at \(entry.time), after the deadline \(receipt.deadline): recorded as late; it will"
                + " be excluded (entry \(sequence))"
            : "received \(receipt.bid) at \(entry.time), before the deadline \(receipt.deadline) (entry \(sequence))"
    }

    // MARK: - Open

    /// Opens the bids (`bids-opened`) after the deadline, listing every bid received.
    ///
    /// - Throws: ``LifecycleError`` before the deadline, if already opened, if a received bid's file
    ///   changed, or if `bids/` holds a file that was never received.
    public func open(key: PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "open bids")
        if let opening = session.state.opening {
            throw .outOfOrder("bids were already opened in entry \(opening.sequence)")
        }
        let now = clock()
        guard let deadline = plan.submissionDeadline, now > deadline else {
            throw .outOfOrder(
                "the submission deadline \(plan.submissionDeadline?.text ?? "") has not passed; bids cannot be opened before it"
            )
        }
        let receipts = session.state.latestReceipts
        guard !receipts.isEmpty else {
            throw .outOfOrder("no bid has been received; receive bids with `tender receive`")
        }
        try requireRecorded(
            role: .bid, recorded: session.state.latestRecordings(of: [.bidReceived]), command: "receive")
        try requireRecorded(
            role: .espdResponse, recorded: session.state.latestRecordings(of: [.bidReceived]), command: "receive")
        let subjects = receipts.keys.sorted().compactMap { receipts[$0]?.subjects.first }
        let entry = TrailEntry(
            kind: .bidsOpened, time: now, actor: signer.actor, subjects: subjects,
            notes: ["\(subjects.count) bid(s) received, \(session.state.lateBids.count) of them late"])
        var outcome = try session.record(
            [entry], signer: signer, time: now,
            message: "opened \(subjects.count) bid(s) (entry \(session.trail.entries.count + 1))")
        // Opening is when bids may first be read: say now which cannot be evaluated as they stand.
        for receipt in receipts.values.sorted(by: { $0.sequence < $1.sequence })
        where session.state.lateness(of: receipt) == nil {
            guard let path = receipt.subjects.first?.path else { continue }
            do {
                let bid = try Bid.read(contentsOf: folder.url(for: path), displayPath: folder.displayPath(for: path))
                outcome.warnings += TenderEvaluation.problems(in: bid, plan: plan).map {
                    "\($0.location): warning: \($0.message)"
                }
            } catch {
                outcome.warnings += error.problems.map { "\($0.location): warning: \($0.message)" }
            }
        }
        return outcome
    }

    // MARK: - Declare

    /// Records a panel member's conflict-of-interest declaration (`conflict-declared`) from
    /// `declarations/<member>.xml`, which must cover the tenderer of every bid received on time.
    public func declare(key: PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [], for: "declare")
        try requireOpened(session.state)
        let relative = "declarations/\(signer.member.id).xml"
        let declaration: ConflictDeclaration
        do {
            declaration = try ConflictDeclaration.read(
                contentsOf: folder.url(for: relative), displayPath: folder.displayPath(for: relative))
        } catch {
            throw .invalidDocuments(error)
        }
        let bids = try openedBids(session.state)
        let declared = Set(declaration.entries.map(\.tenderer))
        let missing = Set(bids.map(\.tenderer.id)).subtracting(declared).sorted()
        guard missing.isEmpty else {
            throw .inconsistent([
                "\(folder.displayPath(for: relative)): error: the declaration does not cover tenderer(s) "
                    + missing.map(\.rawValue).joined(separator: ", ")
                    + "; declare for every tenderer whose bid was opened"
            ])
        }
        let standing = session.state.declaredConflicts(of: signer.member.id)
        let withdrawn = standing.keys.filter { !declaration.conflicts.contains($0) }.sorted()
        guard withdrawn.isEmpty else {
            throw .inconsistent([
                "\(folder.displayPath(for: relative)): error: withdraws the conflict of interest with "
                    + withdrawn.map { "\($0) (declared in entry \(standing[$0] ?? 0))" }.joined(separator: ", ")
                    + "; a declared conflict stands. If it was declared in error, the lead replaces the evaluator"
            ])
        }
        let subject = try digests(relative, role: "declaration")
        if let previous = session.state.latestRecordings(of: [.conflictDeclared])[relative],
            previous.subject.digests == subject.digests
        {
            return session.unchanged("\(relative) was already recorded in entry \(previous.sequence)")
        }
        let now = clock()
        let conflicts = declaration.conflicts.sorted()
        let entry = TrailEntry(
            kind: .conflictDeclared, time: now, actor: signer.actor, subjects: [subject], conflicts: conflicts,
            notes: conflicts.isEmpty
                ? ["no conflict of interest declared"]
                : ["conflict of interest declared with " + conflicts.map(\.rawValue).joined(separator: ", ")])
        return try session.record(
            [entry], signer: signer, time: now,
            message: "recorded \(signer.member.id)'s declaration (entry \(session.trail.entries.count + 1))"
                + (conflicts.isEmpty
                    ? ""
                    : "; \(signer.member.id) may not score the bids of "
                        + conflicts.map(\.rawValue).joined(separator: ", ")))
    }

    // MARK: - Score

    /// Records an evaluator's own score sheet (`score-sheet-submitted`), after checking it against
    /// the plan: the sheet must be the signer's, the evaluator must have declared, have no conflict
    /// with the tenderer, and the bid must have been received on time and opened.
    public func score(sheet relativePath: String, key: PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.qualityEvaluator], for: "submit score sheets")
        try requireOpened(session.state)
        try requireQualityOpen(plan: plan, state: session.state, action: "score sheets")
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
        guard session.state.first(.conflictDeclared, by: signer.member.id) != nil else {
            throw .outOfOrder(
                "\(signer.member.id) has not declared conflicts of interest; record declarations/\(signer.member.id).xml with"
                    + " `tender declare` before the first score")
        }
        if session.state.lateBids[sheet.bid] != nil {
            throw .outOfOrder("\(sheet.bid) was received late and is excluded; it is not scored")
        }
        let bids = try openedBids(session.state)
        guard let bid = bids.first(where: { $0.id == sheet.bid }) else {
            throw .outOfOrder("\(sheet.bid) was not received and opened")
        }
        if let entry = session.state.declaredConflicts(of: signer.member.id)[bid.tenderer.id] {
            throw .notAllowed(
                "\(signer.member.id) declared a conflict of interest with \(bid.tenderer.id) (entry \(entry)) and may"
                    + " not score \(bid.id)")
        }
        let problems = TenderEvaluation.problems(in: sheet, plan: plan, bids: bids)
        guard problems.isEmpty else { throw .notEvaluable(.invalidInput(problems)) }
        let now = clock()
        try requirePlausibleDate(
            sheet.completedAt, of: "<CompletedAt>", at: sheet.location, state: session.state, now: now,
            meaning: "a sheet cannot be completed before the bids it scores were opened")
        let subject = try digests(relativePath, role: "score-sheet")
        if let previous = session.state.latestRecordings(of: [.scoreSheetSubmitted])[relativePath],
            previous.subject.digests == subject.digests
        {
            return session.unchanged("\(relativePath) was already submitted in entry \(previous.sequence)")
        }
        let entry = TrailEntry(kind: .scoreSheetSubmitted, time: now, actor: signer.actor, subjects: [subject])
        var outcome = try session.record(
            [entry], signer: signer, time: now,
            message:
                "recorded \(signer.member.id)'s score sheet for \(sheet.bid) (entry \(session.trail.entries.count + 1))"
        )
        outcome.warnings += Self.weakJustifications(in: sheet, plan: plan, path: folder.displayPath(for: relativePath))
        return outcome
    }

    /// Refuses a score sheet not filed at `scores/<evaluator>/<bid-id>.xml` or, for a bid scored in
    /// several lots, `scores/<evaluator>/<lot-id>/<bid-id>.xml`: one sheet per evaluator, lot and
    /// bid (shared by ``score(sheet:key:)`` and ``scoreAll(_:)``).
    func requireFiledWhereItBelongs(_ sheet: ScoreSheet, at relativePath: String) throws(LifecycleError) {
        guard
            relativePath == "scores/\(sheet.evaluator)/\(sheet.bid).xml"
                || relativePath == "scores/\(sheet.evaluator)/\(sheet.lot)/\(sheet.bid).xml"
        else {
            throw .inconsistent([
                "\(folder.displayPath(for: relativePath)): error: file it as scores/\(sheet.evaluator)/\(sheet.bid).xml"
                    + " (or scores/\(sheet.evaluator)/\(sheet.lot)/\(sheet.bid).xml, for a bid scored in several lots)"
            ])
        }
    }

    /// Warnings, at submission, for the justifications `tender verify` will find not substantive
    /// (`justifications-are-substantive`), while the evaluator can still submit a better sheet
    /// (before prices are opened, where the plan locks quality first).
    static func weakJustifications(in sheet: ScoreSheet, plan: TenderPlan, path: String) -> [String] {
        JustificationsAreSubstantive.problems(in: sheet, plan: plan).map { score, problem in
            "\(path):\(score.location.line): warning: the justification for \(score.criterion) \(problem);"
                + " `tender verify` will fail justifications-are-substantive: submit a better sheet with `tender score`"
                + " before prices are opened"
        }
    }

    // MARK: - Moderate

    /// Records the consensus for a lot (`moderation-recorded`) from `moderation/<lot>.xml`,
    /// signed by a moderator.
    public func moderate(lot: String, key: PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome {
        try Self.requireIdentifier(lot, of: "lot", example: "LOT-0001")
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.moderator], for: "record moderation")
        try requireOpened(session.state)
        try requireQualityOpen(plan: plan, state: session.state, action: "moderation records")
        let relative = "moderation/\(lot).xml"
        let moderation: Moderation
        do {
            moderation = try Moderation.read(
                contentsOf: folder.url(for: relative), displayPath: folder.displayPath(for: relative))
        } catch {
            throw .invalidDocuments(error)
        }
        let problems = TenderEvaluation.problems(in: moderation, plan: plan, bids: try openedBids(session.state))
        guard problems.isEmpty else { throw .notEvaluable(.invalidInput(problems)) }
        let now = clock()
        try requirePlausibleDate(
            moderation.heldAt, of: "<HeldAt>", at: moderation.location, state: session.state, now: now,
            meaning: "the consensus meeting cannot be held before the bids it moderates were opened")
        let subject = try digests(relative, role: "moderation")
        if let previous = session.state.latestRecordings(of: [.moderationRecorded])[relative],
            previous.subject.digests == subject.digests
        {
            return session.unchanged("\(relative) was already recorded in entry \(previous.sequence)")
        }
        let entry = TrailEntry(kind: .moderationRecorded, time: now, actor: signer.actor, subjects: [subject])
        return try session.record(
            [entry], signer: signer, time: now,
            message: "recorded the moderation of lot \(lot) (entry \(session.trail.entries.count + 1))")
    }

    // MARK: - Evaluate

    /// Computes and records the evaluation (`evaluation-computed`): every input file must be the
    /// version the trail recorded, and nothing in the case unrecorded. Writes `evidence/results.xml`.
    /// When the trail already ends with this exact evaluation, nothing is written and no key is needed.
    ///
    /// - Parameters:
    ///   - key: A price evaluator's key; `nil` is accepted only when nothing is to be recorded.
    ///   - keepingJustifications: Whether the evaluation in the outcome keeps the score sheets'
    ///     justifications (which an export shows); `tender evaluate` does without them.
    public func evaluate(
        key: PrivateSigningKey?, keepingJustifications: Bool = true
    ) throws(LifecycleError) -> LifecycleOutcome {
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        try requireOpened(session.state)
        let evaluation = try CaseEvaluation.run(
            folder, process: session.state.processFacts, keepingJustifications: keepingJustifications,
            canonicalDigests: session.state.canonicalDigests)
        try requireAllRecorded(evaluation.inputs, state: session.state, plan: plan)
        let results = try evaluation.resultsDigests()
        let manifest =
            evaluation.inputs.map {
                TrailEntry.Subject(role: $0.file.role.rawValue, path: $0.file.relativePath, digests: $0.digests)
            }
            + [TrailEntry.Subject(role: "results", path: Trail.resultsPath, digests: results)]
        // Checked before the "already recorded" shortcut, which must not report changed results as unchanged.
        // Results that differ from the last recorded evaluation are refused, unless they are exactly
        // what this evaluation writes: an earlier `evaluate` wrote them and was interrupted.
        if let recorded = session.state.evaluations.last?.subjects.first(where: { $0.role == "results" }),
            let onDisk = Self.digests(ofFile: folder.url(for: Trail.resultsPath), known: [recorded.digests, results]),
            onDisk.identity != recorded.digests.identity, onDisk.bytes != results.bytes
        {
            throw .inconsistent([
                "\(folder.displayPath(for: Trail.resultsPath)): error: the results differ from what entry"
                    + " \(session.state.evaluations.last?.sequence ?? 0) recorded; nothing was recorded. Run `tender verify` to"
                    + " investigate; if the file was damaged, delete it and run `tender evaluate` again to restore it from"
                    + " the recorded evaluation."
            ])
        }
        if let last = session.state.evaluations.last, Self.sameEvaluation(last.subjects, manifest),
            session.state.entries.allSatisfy({ $0.sequence <= last.sequence || $0.kind.leavesEvaluationCurrent })
        {
            // A deleted results file is restored rather than recorded again: these bytes are the
            // ones entry `last` signed (the results' digests are compared in full).
            let restored = !FileManager.default.fileExists(atPath: folder.url(for: Trail.resultsPath).path)
            if restored { try session.writer.write(evaluation.resultsBytes(), to: Trail.resultsPath) }
            var outcome = session.unchanged(
                "the trail already records this evaluation (entry \(last.sequence)); \(Trail.resultsPath) is "
                    + (restored ? "restored, byte for byte as that entry recorded it" : "unchanged"))
            outcome.evaluation = evaluation
            return outcome
        }
        guard let key else {
            throw .usage("error: the evaluation must be recorded: pass the price evaluator's key with --key")
        }
        let signer = try Signer.resolve(key, in: plan, roles: [.priceEvaluator], for: "compute the evaluation")
        let now = clock()
        let entry = TrailEntry(
            kind: .evaluationComputed, time: now, actor: signer.actor, subjects: manifest,
            notes: ["evaluated \(evaluation.loaded.bids.count) bid(s) in \(evaluation.result.lots.count) lot(s)"])
        var outcome = try session.record(
            [entry], signer: signer, time: now, copies: [(Trail.resultsPath, evaluation.resultsBytes())],
            message: "wrote \(Trail.resultsPath) and recorded the evaluation (entry \(session.trail.entries.count + 1))"
        )
        outcome.evaluation = evaluation
        return outcome
    }

    // MARK: - Abnormally low tenders

    /// Records the lead's request that a tenderer explain a price the latest evaluation flags as
    /// abnormally low (`abnormally-low-requested`), with the questions (text, a file, or both) and
    /// the time by which the tenderer must answer.
    ///
    /// The request cites the evaluation that flagged the bid by the digests of its results: the
    /// results on disk must be the ones the latest `evaluation-computed` entry recorded, and flag
    /// the bid. A questions file is copied to `evidence/requests/<sequence>.<ext>` and recorded by
    /// its digests (role `request`). A further request to the same tenderer (a follow-up question)
    /// may be recorded while no decision has been; the decision answers the latest.
    ///
    /// - Parameters:
    ///   - bid: The flagged bid.
    ///   - questions: What the tenderer is asked to explain (may be `nil` when `questionsFile` is given).
    ///   - questionsFile: The letter or questions sent to the tenderer, in any format.
    ///   - respondBy: The response deadline; must be after the time of recording.
    ///   - key: The lead's private key.
    /// - Throws: ``LifecycleError`` when no evaluation is recorded, the results on disk are not the
    ///   latest evaluation's, the bid is not flagged there, the bid is already decided, neither
    ///   questions nor a file is given, the file cannot be read, or the deadline is not in the future.
    ///
    /// Source: Public Contracts Regulations 2015 reg. 69(1) and (2) ("shall require tenderers to
    /// explain the price or costs proposed"); Directive 2014/24/EU Art. 69(1); eForms irregularity
    /// type `ab-low`.
    public func requestAbnormallyLowExplanation(
        bid: BidID, questions: String?, questionsFile: URL?, respondBy: Timestamp, key: PrivateSigningKey
    ) throws(LifecycleError) -> LifecycleOutcome {
        try Self.requireIdentifier(bid.rawValue, of: "bid", example: "BID-004")
        let questionText = questions?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !questionText.isEmpty || questionsFile != nil else {
            throw .usage("error: say what the tenderer must explain: --questions FILE, --reason TEXT, or both")
        }
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(
            key, in: plan, roles: [.lead], for: "require an explanation of an abnormally low tender")
        let flagging = try requireFlaggedInLatestResults(bid, state: session.state)
        if let decided = session.state.decisions[bid] {
            throw .outOfOrder(
                "the decision on \(bid) was recorded in entry \(decided.sequence); it cannot be asked again")
        }
        let now = clock()
        guard respondBy > now else {
            throw .outOfOrder(
                "the response deadline \(respondBy.text) is not after now (\(now)); give the tenderer time to answer")
        }
        let sequence = session.trail.entries.count + 1
        var subjects = [flagging.results]
        var copies: [(path: String, bytes: [UInt8])] = []
        if let questionsFile {
            guard let data = FileManager.default.contents(atPath: questionsFile.path) else {
                throw .invalidDocuments(.xml(.unreadable(path: questionsFile.path, reason: "no such file")))
            }
            let bytes = [UInt8](data)
            let relative = Trail.requestPath(sequence: sequence, pathExtension: questionsFile.pathExtension)
            subjects.append(TrailEntry.Subject(role: "request", path: relative, digests: Self.digests(bytes)))
            copies.append((relative, bytes))
        }
        let entry = TrailEntry(
            kind: .abnormallyLowRequested, time: now, actor: signer.actor, subjects: subjects,
            request: TrailEntry.ExplanationRequest(bid: bid, respondBy: respondBy, questions: questionText),
            notes: ["flagged by the evaluation of entry \(flagging.evaluation)"])
        return try session.record(
            [entry], signer: signer, time: now, copies: copies,
            message: "recorded the request to \(bid) to explain its price by \(respondBy.text) (entry \(sequence));"
                + " record the answer and the decision with `tender abnormally-low decide`")
    }

    /// Records the decision on an abnormally low tender (`abnormally-low-decided`) that answers the
    /// pending request for explanation: the tenderer's answer (a file, copied into
    /// `explanations/<bid>.<ext>` and recorded by its two digests) and whether it is accepted, with
    /// the reason. A rejected bid is excluded at the next `evaluate`, and leaves the price benchmark
    /// and the abnormally-low basis.
    ///
    /// - Parameters:
    ///   - explanation: The tenderer's answer. `nil` only to reject a bid whose tenderer did not
    ///     answer by the request's response deadline (after that deadline).
    /// - Throws: ``LifecycleError`` when no request for explanation from the bid is pending, the bid
    ///   is not flagged, the reason is empty, or the answer is missing (see `explanation`).
    ///
    /// Source: Public Contracts Regulations 2015 reg. 69(3)–(5); Directive 2014/24/EU Art. 69(3).
    public func decideAbnormallyLow(
        bid: BidID, explanation: URL?, accepted: Bool, reason: String, key: PrivateSigningKey
    ) throws(LifecycleError) -> LifecycleOutcome {
        try Self.requireIdentifier(bid.rawValue, of: "bid", example: "BID-004")
        let session = try Session.begin(folder)
        defer { session.end() }
        guard let request = session.state.pendingRequest(for: bid) else {
            if let decided = session.state.decisions[bid] {
                throw .outOfOrder("the decision on \(bid) was already recorded in entry \(decided.sequence)")
            }
            throw .outOfOrder(
                "no request for an explanation from \(bid) is recorded; require the tenderer to explain its price first"
                    + " with `tender abnormally-low request` (regulation 69(1) of the Public Contracts Regulations 2015)"
            )
        }
        if explanation == nil {
            let now = clock()
            guard !accepted, let respondBy = request.request?.respondBy, now > respondBy else {
                throw .outOfOrder(
                    "give the tenderer's answer with --explanation FILE; without one, a bid can only be rejected once"
                        + " the response deadline \(request.request?.respondBy.text ?? "") of entry \(request.sequence)"
                        + " has passed")
            }
        }
        return try recordDecision(
            bid: bid, explanation: explanation, accepted: accepted, reason: reason, request: request.sequence,
            key: key, session: session)
    }

    /// Records a decision on an abnormally low tender together with its explanation, in one step,
    /// **without a recorded request for explanation**: the form TenderTrail wrote before requests
    /// were recorded. Internal: only the rule catalogue's tests record it, to show that `tender
    /// verify` warns about every such decision (`abnormally-low-request-on-record`). Use
    /// ``requestAbnormallyLowExplanation(bid:questions:questionsFile:respondBy:key:)`` and
    /// ``decideAbnormallyLow(bid:explanation:accepted:reason:key:)``.
    func decideAbnormallyLowWithoutRequestUnsafe(
        bid: BidID, explanation: URL, accepted: Bool, reason: String, key: PrivateSigningKey
    ) throws(LifecycleError) -> LifecycleOutcome {
        try Self.requireIdentifier(bid.rawValue, of: "bid", example: "BID-004")
        let session = try Session.begin(folder)
        defer { session.end() }
        return try recordDecision(
            bid: bid, explanation: explanation, accepted: accepted, reason: reason, request: nil, key: key,
            session: session)
    }

    private func recordDecision(
        bid: BidID, explanation: URL?, accepted: Bool, reason: String, request: Int?, key: PrivateSigningKey,
        session: Session
    ) throws(LifecycleError) -> LifecycleOutcome {
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "decide on abnormally low tenders")
        guard session.state.evaluations.last != nil else {
            throw .outOfOrder("no evaluation has been recorded yet; run `tender evaluate` first")
        }
        let evaluation = try CaseEvaluation.run(folder, process: session.state.processFacts)
        let flagged = evaluation.result.lots.flatMap(\.bids).filter {
            $0.bid == bid && $0.flags.contains { $0.code == "abnormally-low" }
        }
        guard !flagged.isEmpty else { throw .outOfOrder("\(bid) is not flagged as abnormally low") }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .outOfOrder("give the reason for the decision with --reason")
        }
        var subjects: [TrailEntry.Subject] = []
        var copies: [(path: String, bytes: [UInt8])] = []
        if let explanation {
            guard let data = FileManager.default.contents(atPath: explanation.path) else {
                throw .invalidDocuments(.xml(.unreadable(path: explanation.path, reason: "no such file")))
            }
            let bytes = [UInt8](data)
            let suffix = explanation.pathExtension.isEmpty ? "" : "." + explanation.pathExtension
            let relative = "explanations/\(bid)\(suffix)"
            if explanation.standardizedFileURL.path != folder.url(for: relative).standardizedFileURL.path {
                copies.append((relative, bytes))
            }
            subjects.append(
                TrailEntry.Subject(
                    role: "explanation", path: relative, digests: DocumentDigests(bytes: bytes, canonicalForm: nil)))
        }
        let now = clock()
        let entry = TrailEntry(
            kind: .abnormallyLowDecided, time: now, actor: signer.actor, subjects: subjects,
            decision: TrailEntry.Decision(
                bid: bid, isAccepted: accepted, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
                request: request),
            notes: explanation == nil ? ["the tenderer did not answer by the response deadline"] : [])
        let answer = explanation == nil ? "no answer by the deadline, bid rejected" : accepted ? "accepted" : "rejected"
        return try session.record(
            [entry], signer: signer, time: now, copies: copies,
            message: "recorded the decision on \(bid): explanation \(answer) (entry"
                + " \(session.trail.entries.count + 1)); run `tender evaluate` again before the award")
    }

    /// The latest recorded evaluation, when the results on disk are the ones it recorded and they
    /// flag `bid` as abnormally low: its sequence and its results subject.
    private func requireFlaggedInLatestResults(
        _ bid: BidID, state: CaseState
    ) throws(LifecycleError) -> (evaluation: Int, results: TrailEntry.Subject) {
        guard let last = state.evaluations.last,
            let recorded = last.subjects.first(where: { $0.role == "results" })
        else {
            throw .outOfOrder("no evaluation has been recorded yet; run `tender evaluate` first")
        }
        let url = folder.url(for: Trail.resultsPath)
        guard let data = FileManager.default.contents(atPath: url.path),
            Self.digests([UInt8](data)).identity == recorded.digests.identity
        else {
            throw .inconsistent([
                "\(folder.displayPath(for: Trail.resultsPath)): error: not the results entry \(last.sequence) recorded;"
                    + " nothing was recorded. Run `tender verify` to investigate."
            ])
        }
        let standings = VerificationContext.recordedStandings(url) ?? [:]
        guard standings.values.contains(where: { $0[bid]?.flags.contains("abnormally-low") == true }) else {
            throw .outOfOrder("\(bid) is not flagged as abnormally low in the evaluation of entry \(last.sequence)")
        }
        return (last.sequence, recorded)
    }

    // MARK: - Self-cleaning

    /// Records the contracting authority's decision on a tenderer's self-cleaning under one ESPD
    /// exclusion ground (`self-cleaning-decided`): the ESPD response by its digests (as received),
    /// the criterion, whether the measures are accepted as sufficient, and the reason. An accepted
    /// decision lets the ground's gate pass; a rejected one fails it. The evaluation takes it into
    /// account at the next `evaluate`.
    ///
    /// Source: Directive 2014/24/EU Art. 57(6); Public Contracts Regulations 2015 reg 57(13)–(17):
    /// the tenderer provides evidence of measures taken; the authority assesses them and, where it
    /// finds them insufficient, gives the tenderer a statement of the reasons.
    ///
    /// - Throws: ``LifecycleError`` before opening; for a late bid; when the bid's ESPD response is
    ///   not the one received, or does not answer yes to the ground and claim self-cleaning, or the
    ///   criterion decides no exclusion gate of the plan; without a reason.
    public func decideSelfCleaning(
        bid: BidID, criterion: String, accepted: Bool, reason: String, key: PrivateSigningKey
    ) throws(LifecycleError) -> LifecycleOutcome {
        try Self.requireIdentifier(bid.rawValue, of: "bid", example: "BID-001")
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "decide on self-cleaning")
        try requireOpened(session.state)
        guard let receipt = session.state.latestReceipts[bid] else {
            throw .outOfOrder("\(bid) was not received")
        }
        if session.state.lateness(of: receipt) != nil {
            throw .outOfOrder("\(bid) was received late and is excluded; its ESPD is not assessed")
        }
        let relative = "espd/\(bid).xml"
        guard let received = receipt.subjects.first(where: { $0.role == CaseFile.Role.espdResponse.rawValue }) else {
            throw .outOfOrder(
                "\(bid) was received without an ESPD response (\(relative)); there is no self-cleaning to decide")
        }
        let current = try digests(relative, role: CaseFile.Role.espdResponse.rawValue)
        guard current.digests.identity == received.digests.identity else {
            throw .inconsistent([
                "\(folder.displayPath(for: relative)): error: changed since entry \(receipt.sequence) received it; restore"
                    + " the ESPD response the tenderer submitted"
            ])
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .outOfOrder("give the reason for the decision with --reason")
        }
        guard let requestFile = plan.espdRequest else {
            throw .outOfOrder("the plan decides no gate from ESPD responses (<Gates espdRequest>)")
        }
        let request: ESPDRequest
        let response: ESPDResponse
        do {
            request = try ESPDRequest.read(
                contentsOf: folder.url(for: requestFile), displayPath: folder.displayPath(for: requestFile))
            response = try ESPDResponse.read(
                contentsOf: folder.url(for: relative), displayPath: folder.displayPath(for: relative))
        } catch {
            throw .invalidDocuments(error)
        }
        let input = EvaluationInput(
            plan: plan, bids: [], scoreSheets: [], moderations: [], espdRequest: request, espdResponses: [bid: response]
        )
        guard selfCleaningClaims(in: input).contains(where: { $0.criterion == criterion }) else {
            let grounds = plan.gates.filter { $0.kind == .exclusion }.flatMap(\.espdCriteria).map(\.criterion)
            throw .outOfOrder(
                grounds.contains(criterion)
                    ? "\(relative) does not answer yes to exclusion ground \(criterion) and claim self-cleaning; there is"
                        + " nothing to decide"
                    : "criterion \(criterion) decides no exclusion gate of the plan (its ESPD exclusion grounds: "
                        + (grounds.isEmpty ? "none" : grounds.joined(separator: ", ")) + ")")
        }
        let decision = TrailEntry.Decision(
            bid: bid, isAccepted: accepted, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
            criterion: criterion)
        if let previous = session.state.selfCleaningDecisions[bid]?[criterion], previous.decision == decision {
            return session.unchanged(
                "this decision on \(bid)'s self-cleaning was already recorded in entry \(previous.sequence)")
        }
        let now = clock()
        let entry = TrailEntry(
            kind: .selfCleaningDecided, time: now, actor: signer.actor, subjects: [current], decision: decision)
        return try session.record(
            [entry], signer: signer, time: now,
            message:
                "recorded the decision on \(bid)'s self-cleaning under \(criterion): \(accepted ? "accepted" : "rejected")"
                + " (entry \(session.trail.entries.count + 1)); run `tender evaluate` before the award")
    }

    // MARK: - Award

    /// Records the award recommendation for a lot (`award-recommended`) with its justification.
    ///
    /// - Throws: ``LifecycleError`` unless the latest evaluation is current (recorded after every
    ///   decision), the bid is ranked first alone in the lot, and every abnormally-low flag in the
    ///   lot has a recorded explanation and decision.
    public func award(
        lot: LotID, bid: BidID, justification: String, key: PrivateSigningKey
    ) throws(LifecycleError)
        -> LifecycleOutcome
    {
        try Self.requireIdentifier(lot.rawValue, of: "lot", example: "LOT-0001")
        try Self.requireIdentifier(bid.rawValue, of: "bid", example: "BID-001")
        let session = try Session.begin(folder)
        defer { session.end() }
        let plan = try requireSealedPlan(session.state)
        let signer = try Signer.resolve(key, in: plan, roles: [.lead], for: "recommend the award")
        guard let lastEvaluation = session.state.evaluations.last else {
            throw .outOfOrder("no evaluation has been recorded yet; run `tender evaluate` first")
        }
        // The award is made on the recorded results: nothing that changes them may follow the last evaluation.
        if let pending = session.state.entries.first(where: {
            $0.sequence > lastEvaluation.sequence && !$0.kind.leavesEvaluationCurrent
        }) {
            throw .outOfOrder(
                "entry \(pending.sequence) (\(pending.kind.rawValue)) came after the last evaluation (entry"
                    + " \(lastEvaluation.sequence)); run `tender evaluate` again first")
        }
        let evaluation = try CaseEvaluation.run(folder, process: session.state.processFacts)
        let recordedResults = lastEvaluation.subjects.first { $0.role == "results" }?.digests.identity
        guard try evaluation.resultsDigests().identity == recordedResults else {
            throw .inconsistent([
                "\(folder.displayPath): error: the case's files no longer give the results entry"
                    + " \(lastEvaluation.sequence) recorded; nothing was recorded. Run `tender verify` to see what changed."
            ])
        }
        guard let lotResult = evaluation.result.lots.first(where: { $0.lot == lot }) else {
            throw .outOfOrder("the plan has no lot \(lot)")
        }
        let undecided = lotResult.bids.filter { item in
            item.flags.contains { $0.code == "abnormally-low" } && session.state.decisions[item.bid] == nil
        }
        guard undecided.isEmpty else {
            throw .outOfOrder(
                "abnormally-low flag(s) without a recorded explanation and decision: "
                    + undecided.map(\.bid.rawValue).joined(separator: ", ")
                    + "; require the tenderer to explain with `tender abnormally-low request` and record the decision"
                    + " with `tender abnormally-low decide` first")
        }
        let lotBids = Set(lotResult.bids.map(\.bid))
        let pending = selfCleaningClaims(in: evaluation.input).filter {
            lotBids.contains($0.bid) && session.state.selfCleaningDecisions[$0.bid]?[$0.criterion] == nil
        }
        guard pending.isEmpty else {
            throw .outOfOrder(
                "self-cleaning claimed without a recorded decision: "
                    + pending.map { "\($0.bid) under \($0.criterion)" }.joined(separator: ", ")
                    + "; record the decision with `tender self-cleaning` first")
        }
        guard lotBids.contains(bid) else {
            throw .outOfOrder("\(bid) is not a tender for lot \(lot)")
        }
        let leaders = lotResult.leaders.map(\.bid)
        guard leaders == [bid] else {
            throw .outOfOrder(
                leaders.count > 1
                    ? "\(leaders.map(\.rawValue).joined(separator: ", ")) share rank 1 in lot \(lot); the plan's tie-break does not separate them"
                    : "\(bid) is not ranked first in lot \(lot); \(leaders.first?.rawValue ?? "no bid") is")
        }
        guard !justification.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .outOfOrder("give the justification with --justification")
        }
        let results = try evaluation.resultsDigests()
        // A lot is awarded once: as itself, or within a combined award of a group of lots containing it
        // (Directive 2014/24/EU Art. 46(3)); which is the authority's choice, but not both.
        let standingAwards = session.trail.standingRecommendations(onResults: results.identity)
        let overlapping = Self.overlappingLots(lot, in: evaluation.loaded.plan)
        if let clash = overlapping.first(where: { standingAwards[$0] != nil }), let standing = standingAwards[clash] {
            let target = evaluation.loaded.plan.lot(lot)?.kind == .group ? "group of lots \(lot)" : "lot \(lot)"
            let other = evaluation.loaded.plan.lot(clash)?.kind == .group ? "group of lots \(clash)" : "lot \(clash)"
            throw .outOfOrder(
                "\(other) was recommended for award to \(standing.bid) in entry \(standing.entry.sequence), and it"
                    + " overlaps \(target): a lot is awarded either on its own or in a combined award of a group of lots"
                    + " containing it, not both (Directive 2014/24/EU Art. 46(3))")
        }
        let recommendation = TrailEntry.Recommendation(
            bid: bid, lot: lot, justification: justification.trimmingCharacters(in: .whitespacesAndNewlines))
        // The same recommendation standing on these results is not recorded twice.
        if let standing = session.trail.standingRecommendations(onResults: results.identity)[lot],
            standing.entry.recommendation == recommendation
        {
            return session.unchanged(
                "the recommendation to award lot \(lot) to \(bid) was already recorded in entry \(standing.entry.sequence)"
            )
        }
        let now = clock()
        let entry = TrailEntry(
            kind: .awardRecommended, time: now, actor: signer.actor,
            subjects: [TrailEntry.Subject(role: "results", path: Trail.resultsPath, digests: results)],
            recommendation: recommendation)
        return try session.record(
            [entry], signer: signer, time: now,
            message:
                "recorded the recommendation to award lot \(lot) to \(bid) (entry \(session.trail.entries.count + 1))")
    }

    /// The lots and groups of lots whose award would award some lot of `lot` again: for a lot, the
    /// groups containing it; for a group, its members and the other groups sharing a member.
    static func overlappingLots(_ lot: LotID, in plan: TenderPlan) -> [LotID] {
        guard let target = plan.lot(lot) else { return [] }
        let covered = Set(target.kind == .group ? target.members : [lot])
        return plan.lots.filter { other in
            guard other.id != lot else { return false }
            let otherCovers = Set(other.kind == .group ? other.members : [other.id])
            return !otherCovers.isDisjoint(with: covered)
        }.map(\.id)
    }

    // MARK: - Shared steps

    /// Refuses an ID given as an argument that the trail schema would refuse (a usage error,
    /// before anything is read or written).
    static func requireIdentifier(_ raw: String, of subject: String, example: String) throws(LifecycleError) {
        guard !Identifier<Void>.isValid(raw) else { return }
        throw .usage(
            "error: \"\(raw)\" is not a valid \(subject) ID: an ID is \(Identifier<Void>.rule); give the \(subject)'s"
                + " ID as the documents write it (such as \(example)). Nothing was recorded")
    }

    /// Loads and validates `tender.xml` and returns it with its digests and bytes.
    private func loadPlan() throws(LifecycleError) -> (TenderPlan, TrailEntry.Subject, [UInt8]) {
        let display = folder.displayPath(for: "tender.xml")
        guard let data = FileManager.default.contents(atPath: folder.url(for: "tender.xml").path) else {
            throw .invalidDocuments(.xml(.unreadable(path: display, reason: "no such file")))
        }
        let bytes = [UInt8](data)
        do {
            let plan = try TenderPlan.parse(bytes, path: display)
            return (plan, TrailEntry.Subject(role: "plan", path: "tender.xml", digests: Self.digests(bytes)), bytes)
        } catch {
            throw .invalidDocuments(error)
        }
    }

    /// The sealed plan, after checking `tender.xml` (and `notice.xml`) are unchanged since sealing.
    func requireSealedPlan(_ state: CaseState) throws(LifecycleError) -> TenderPlan {
        guard let sealed = state.sealedPlan, let version = state.planVersions.last else {
            throw .outOfOrder("the plan is not sealed yet: run `tender seal` with the lead's key first")
        }
        let (plan, current, _) = try loadPlan()
        guard current.digests.identity == sealed.digests.identity else {
            throw .inconsistent([
                "\(folder.displayPath(for: "tender.xml")): error: the plan changed since it was sealed in entry \(version.sequence);"
                    + " restore it, or amend it with `tender seal --reason …` before the deadline and before opening"
            ])
        }
        if let notice = state.sealedNotice, let now = try digestsIfPresent("notice.xml", role: "notice"),
            now.digests.identity != notice.digests.identity
        {
            throw .inconsistent([
                "\(folder.displayPath(for: "notice.xml")): error: the notice changed since it was sealed in entry \(version.sequence)"
            ])
        }
        return plan
    }

    private func sealedDeadline(_ state: CaseState) throws(LifecycleError) -> Timestamp? {
        guard let version = state.planVersions.last else { return nil }
        let path = Trail.sealedPlanPath(sequence: version.sequence)
        do {
            return try TenderPlan.read(contentsOf: folder.url(for: path), displayPath: folder.displayPath(for: path))
                .submissionDeadline
        } catch {
            throw .invalidDocuments(error)
        }
    }

    /// Refuses a document whose own date (`claimed`, when it states one) is impossible against the
    /// trail: before the bids were opened (`meaning` says why that cannot be), or later than `now`.
    /// The trail's times are the evidence; a document claiming otherwise is backdated, postdated or
    /// mistaken, and is refused with nothing recorded.
    func requirePlausibleDate(
        _ claimed: Timestamp?, of element: String, at location: FileLocation, state: CaseState, now: Timestamp,
        meaning: String
    ) throws(LifecycleError) {
        guard let claimed else { return }
        if let opening = state.opening, claimed < opening.time {
            throw .inconsistent([
                "\(location): error: \(element) \(claimed) is before the bids were opened (entry \(opening.sequence),"
                    + " \(opening.time)): \(meaning); nothing was recorded"
            ])
        }
        if claimed > now {
            throw .inconsistent([
                "\(location): error: \(element) \(claimed) is later than now (\(now)); nothing was recorded"
            ])
        }
    }

    func requireOpened(_ state: CaseState) throws(LifecycleError) {
        guard state.opening != nil else {
            throw .outOfOrder("bids have not been opened yet: run `tender open` with the lead's key after the deadline")
        }
    }

    /// Where the plan locks quality before prices, refuses once prices are opened (the first evaluation).
    func requireQualityOpen(plan: TenderPlan, state: CaseState, action: String) throws(LifecycleError) {
        if plan.rules.process.lockQualityBeforePrices, let first = state.evaluations.first {
            throw .outOfOrder(
                "prices were opened by the evaluation in entry \(first.sequence) and the plan locks quality scores before"
                    + " prices: no more \(action) can be recorded")
        }
    }

    /// The bids received on time and opened, read (now allowed).
    func openedBids(_ state: CaseState) throws(LifecycleError) -> [Bid] {
        var bids: [Bid] = []
        var problems: [DocumentProblem] = []
        for entry in state.latestReceipts.sorted(by: { $0.key < $1.key }).map(\.value)
        where state.lateness(of: entry) == nil {
            guard let path = entry.subjects.first?.path else { continue }
            do {
                bids.append(try Bid.read(contentsOf: folder.url(for: path), displayPath: folder.displayPath(for: path)))
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw .invalidDocuments(.several(problems)) }
        return bids
    }

    /// Every file of `role` in the case must be one that the trail recorded, unchanged.
    private func requireRecorded(
        role: CaseFile.Role, recorded: [String: (sequence: Int, subject: TrailEntry.Subject)], command: String
    ) throws(LifecycleError) {
        let found: [CaseFile]
        do { found = try folder.inputFiles() } catch { throw .invalidDocuments(error) }
        var problems: [String] = []
        for file in found where file.role == role {
            let now = try digests(file.relativePath, role: role.rawValue)
            guard let record = recorded[file.relativePath] else {
                problems.append(
                    "\(folder.displayPath(for: file.relativePath)): error: never recorded; run `tender \(command)` for it"
                )
                continue
            }
            if record.subject.digests.identity != now.digests.identity {
                problems.append(
                    "\(folder.displayPath(for: file.relativePath)): error: changed since entry \(record.sequence) recorded it"
                )
            }
        }
        guard problems.isEmpty else { throw .inconsistent(problems) }
    }

    /// Every input of an evaluation must be the version its lifecycle entry recorded.
    /// Whether an evaluation entry's subjects record this evaluation: the same input documents
    /// (role, path and exclusive canonical form: an input reformatted since, with CRLF line endings
    /// say, is the same document, as `requireAllRecorded` and `inputs-match-record` hold) and the
    /// same results, byte for byte.
    static func sameEvaluation(_ recorded: [TrailEntry.Subject], _ manifest: [TrailEntry.Subject]) -> Bool {
        recorded.count == manifest.count
            && zip(recorded, manifest).allSatisfy { recorded, current in
                recorded.role == current.role && recorded.path == current.path
                    && (current.role == "results"
                        ? recorded.digests == current.digests : recorded.digests.identity == current.digests.identity)
            }
    }

    private func requireAllRecorded(
        _ inputs: [RecordedInput], state: CaseState, plan: TenderPlan
    ) throws(LifecycleError) {
        let recordings = state.latestRecordings(of: [
            .planSealed, .planAmended, .bidReceived, .conflictDeclared, .scoreSheetSubmitted, .moderationRecorded,
            .abnormallyLowDecided,
        ])
        var problems: [String] = []
        for input in inputs {
            let path = input.file.relativePath
            let command =
                switch input.file.role {
                case .plan, .notice, .espdRequest: "seal"
                case .bid, .espdResponse: "receive"
                case .declaration: "declare"
                case .scoreSheet: "score"
                case .moderation: "moderate"
                case .explanation: "abnormally-low decide"
                }
            guard let record = recordings[path] else {
                problems.append(
                    "\(folder.displayPath(for: path)): error: never recorded; run `tender \(command)` for it first")
                continue
            }
            if record.subject.digests.identity != input.digests.identity {
                // Once prices are opened under a plan that locks quality first, a score sheet or
                // moderation can no longer be recorded again: only restoring it helps.
                let locked =
                    plan.rules.process.lockQualityBeforePrices && !state.evaluations.isEmpty
                    && [.scoreSheet, .moderation].contains(input.file.role)
                problems.append(
                    "\(folder.displayPath(for: path)): error: changed since entry \(record.sequence) recorded it; "
                        + (locked
                            ? "restore the recorded version (quality scores are locked: prices were opened by entry"
                                + " \(state.evaluations[0].sequence))"
                            : "record the new version with `tender \(command)` or restore the recorded one"))
            }
        }
        guard problems.isEmpty else { throw .inconsistent(problems) }
    }

    func digests(_ relative: String, role: String) throws(LifecycleError) -> TrailEntry.Subject {
        guard let data = FileManager.default.contents(atPath: folder.url(for: relative).path) else {
            throw .invalidDocuments(.xml(.unreadable(path: folder.displayPath(for: relative), reason: "no such file")))
        }
        return TrailEntry.Subject(role: role, path: relative, digests: Self.digests([UInt8](data)))
    }

    private func digestsIfPresent(_ relative: String, role: String) throws(LifecycleError) -> TrailEntry.Subject? {
        guard FileManager.default.fileExists(atPath: folder.url(for: relative).path) else { return nil }
        return try digests(relative, role: role)
    }

    /// The digests of the file at `url` (`nil` when it cannot be read), read in chunks: when its
    /// bytes hash to those of one of the `known` documents, it is that document, and its canonical
    /// digest is that document's without parsing the file (a results file of ten thousand bids is
    /// neither held nor parsed); otherwise it is read whole (``digests(_:)``).
    static func digests(ofFile url: URL, known: [DocumentDigests]) -> DocumentDigests? {
        guard let bytes = Digest.ofFile(at: url) else { return nil }
        if let same = known.first(where: { $0.bytes == bytes }) { return same }
        return FileManager.default.contents(atPath: url.path).map { Self.digests([UInt8]($0)) }
    }

    /// A file's digests: its bytes, and its canonical form when it parses as XML.
    static func digests(_ bytes: [UInt8]) -> DocumentDigests {
        let canonical = (try? XMLDocument.parse(bytes, path: "<input>")).flatMap { try? $0.exclusiveCanonicalForm() }
        return DocumentDigests(bytes: bytes, canonicalForm: canonical)
    }
}

/// One command's hold on a case: the lock, the trail as found (checked), and the writer.
struct Session {
    let folder: CaseFolder
    let lock: CaseLock
    let trail: Trail
    let state: CaseState
    /// What was done before the step itself (an interrupted step set aside), for people.
    var notes: [String] = []
    var writer: TrailWriter { TrailWriter(folder: folder, trail: trail) }

    static func begin(_ folder: CaseFolder) throws(LifecycleError) -> Session {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw .invalidDocuments(.xml(.unreadable(path: folder.displayPath, reason: "no such case folder")))
        }
        guard FileManager.default.fileExists(atPath: folder.url(for: "tender.xml").path) else {
            throw .invalidDocuments(
                .xml(
                    .unreadable(
                        path: folder.displayPath(for: "tender.xml"), reason: "no such file: this is not a case folder"))
            )
        }
        let lock = try CaseLock(folder: folder)
        do {
            // Signatures by the sealed plans' keys are checked as the trail is read (no canonical
            // forms kept); the audit below says whether each key may sign what it signed.
            let keys = Trail.signingKeys(caseURL: folder.url)
            var trail = try Trail.load(caseURL: folder.url, keys: keys)
            var notes: [String] = []
            let interrupted = InterruptedStep.files(in: trail)
            if !interrupted.files.isEmpty {
                notes.append(try InterruptedStep.setAside(interrupted.files, after: interrupted.committed, in: folder))
                trail = try Trail.load(caseURL: folder.url, keys: keys)
            }
            var state = CaseState(trail: trail)
            let problems =
                trail.integrityProblems().map { folder.displayPath == "." ? $0 : folder.displayPath + "/" + $0 }
                + SignatureAudit.findings(state, folder: folder).map { "\($0.location): error: \($0.message)" }
            guard problems.isEmpty else { throw LifecycleError.trailDamaged(problems) }
            // Every signature is checked: the canonical forms, and the checkpoints before the latest,
            // are not read again. The local trail is let go first, so that the state's is the only one
            // and is changed in place, not copied.
            trail = Trail()
            state.forgetCanonicalForms()
            state.forgetEarlierCheckpoints()
            return Session(folder: folder, lock: lock, trail: state.trail, state: state, notes: notes)
        } catch let error as LifecycleError {
            lock.release()
            throw error
        } catch let error as TrailReadError {
            lock.release()
            throw .unreadable(error)
        } catch {
            lock.release()
            throw .outOfOrder("\(error)")
        }
    }

    func end() { lock.release() }

    func unchanged(_ message: String) -> LifecycleOutcome {
        LifecycleOutcome(
            appended: [], size: trail.entries.count, head: trail.entries.last?.hash, messages: notes + [message],
            evaluation: nil)
    }

    /// Appends `entries` and a checkpoint, after writing `copies` (files the step keeps in the
    /// case); nothing at all is written when the entries would not pass `tender verify`'s reading.
    func record(
        _ entries: [TrailEntry], signer: Signer, time: Timestamp, copies: [(path: String, bytes: [UInt8])] = [],
        message: String
    ) throws(LifecycleError)
        -> LifecycleOutcome
    {
        // The trail's order is the order of events: a clock behind the last entry would backdate
        // this one (and `entries-are-in-time-order` would fail the case).
        if let last = state.entries.last, time < last.time {
            throw .outOfOrder(
                "the clock reads \(time), earlier than entry \(last.sequence) (\(last.time)); nothing was recorded."
                    + " Correct the system clock: entries are recorded in time order")
        }
        let (appended, head) = try writer.append(entries, signer: signer, time: time, copies: copies)
        return LifecycleOutcome(
            appended: appended, size: trail.entries.count + appended.count, head: head, messages: notes + [message],
            evaluation: nil)
    }
}
