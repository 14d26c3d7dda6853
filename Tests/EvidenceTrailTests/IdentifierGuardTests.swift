import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// IDs that come from file names or arguments are checked against the trail schema's identifier
/// rule before anything is written, and the trail writer refuses any entry the verifier would
/// reject: TenderTrail never signs evidence that makes its own trail "damaged".
@Suite("Identifiers from file names and arguments")
struct IdentifierGuardTests {
    @Test("Identifier.isValid follows the schema's pattern [A-Za-z0-9][A-Za-z0-9._-]{0,99}")
    func identifierRule() {
        for valid in ["BID-001", "a", "0", "LOT_1.v2", "x" + String(repeating: "-", count: 99)] {
            #expect(BidID.isValid(valid), "\(valid)")
        }
        for invalid in [
            "", "my bid", " BID-1", "BID-1 ", "-BID", ".hidden", "_x", "BÍD-1", "BID/1", "BID\t1",
            "x" + String(repeating: "-", count: 100),
        ] {
            #expect(!BidID.isValid(invalid), "\(invalid)")
        }
    }

    @Test("receive refuses a bid file whose name is not a valid bid ID, writes nothing, and the trail stays sound")
    func receiveRefusesInvalidFileName() throws {
        let ruleCase = try RuleCase.written()
        try ruleCase.seal()
        let inbox = ruleCase.folder.deletingLastPathComponent().appendingPathComponent("inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let file = inbox.appendingPathComponent("my bid.xml")
        try Data(MiniCase.bid("BID-X", tenderer: "T-BID-X", price: "1000.00").utf8).write(to: file)
        let before = try TrailFixture.snapshot(ruleCase.folder)
        ruleCase.clock.set(MiniCase.times.receive)
        let error = #expect(throws: LifecycleError.self) {
            try ruleCase.lifecycle.receive(bidFile: file, key: RuleCase.panel.key("LEAD"))
        }
        #expect(error?.isInputError == true)
        #expect(
            error?.description
                == "\(file.path): error: the bid's ID is its file name without .xml, and \"my bid\" is not a valid bid ID:"
                + " an ID is \(BidID.rule); rename the file (to <bid-id>.xml, the ID inside the bid) and receive it"
                + " again. Nothing was recorded")
        #expect(try TrailFixture.snapshot(ruleCase.folder) == before)
        // The case goes on: the next receipt is recorded on a sound trail.
        try ruleCase.receive()
        #expect(try ruleCase.trailSize() == 4)
    }

    @Test("The trail writer refuses an entry the trail schema rejects, and writes nothing (not even the copies)")
    func writerRefusesSchemaInvalidEntry() throws {
        let ruleCase = try RuleCase.written()
        try ruleCase.seal()
        let before = try TrailFixture.snapshot(ruleCase.folder)
        let error = #expect(throws: LifecycleError.self) {
            try ruleCase.append(
                .bidReceived, by: "LEAD", at: MiniCase.times.receive, subjects: [("bids/BID-A.xml", "bid")],
                receipt: TrailEntry.Receipt(
                    bid: BidID("my bid"), deadline: try ruleCase.timestamp("2025-03-10T12:00:00+00:00"), isLate: false))
        }
        guard case let .unverifiableEvidence(problems)? = error else {
            Issue.record("expected unverifiable evidence, got \(String(describing: error))")
            return
        }
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("evidence/trail/00000002.xml (not written):") == true, "\(problems)")
        #expect(problems.first?.contains("my bid") == true, "\(problems)")
        #expect(error?.isInputError == true)
        #expect(
            error?.description.hasSuffix(
                "error: the step would record evidence that the trail schema (trail.xsd) and `tender verify` reject;"
                    + " nothing was recorded") == true)
        #expect(try TrailFixture.snapshot(ruleCase.folder) == before)
        // An entry that would be sealed with a plan copy writes neither when refused.
        let amended = #expect(throws: LifecycleError.self) {
            try ruleCase.append(.planAmended, by: "LEAD", at: MiniCase.times.receive, reason: " ")
        }
        guard case .unverifiableEvidence? = amended else {
            Issue.record("expected unverifiable evidence, got \(String(describing: amended))")
            return
        }
        #expect(try TrailFixture.snapshot(ruleCase.folder) == before)
        try ruleCase.receive()
        #expect(try ruleCase.trailSize() == 4)
    }

    @Test("moderate, abnormally-low and award refuse an invalid lot or bid ID as a usage error before reading the case")
    func argumentsRefused() throws {
        let ruleCase = try RuleCase.run(through: .moderate)
        let before = try TrailFixture.snapshot(ruleCase.folder)
        let lead = RuleCase.panel.key("LEAD")
        func expectUsage(
            _ subject: String, _ raw: String, example: String, sourceLocation: SourceLocation = #_sourceLocation,
            _ step: () throws(LifecycleError) -> LifecycleOutcome
        ) {
            let error = #expect(throws: LifecycleError.self, sourceLocation: sourceLocation) { try step() }
            guard case let .usage(message)? = error else {
                Issue.record("expected a usage error, got \(String(describing: error))", sourceLocation: sourceLocation)
                return
            }
            #expect(
                message
                    == "error: \"\(raw)\" is not a valid \(subject) ID: an ID is \(LotID.rule); give the \(subject)'s ID as"
                    + " the documents write it (such as \(example)). Nothing was recorded",
                sourceLocation: sourceLocation)
        }
        expectUsage("lot", "LOT 1", example: "LOT-0001") { () throws(LifecycleError) in
            try ruleCase.lifecycle.moderate(lot: "LOT 1", key: lead)
        }
        expectUsage("lot", "../moderation/LOT-1", example: "LOT-0001") { () throws(LifecycleError) in
            try ruleCase.lifecycle.moderate(lot: "../moderation/LOT-1", key: lead)
        }
        let explanation = ruleCase.folder.deletingLastPathComponent().appendingPathComponent("explanation.txt")
        try Data("An explanation.\n".utf8).write(to: explanation)
        expectUsage("bid", "BID A", example: "BID-004") { () throws(LifecycleError) in
            try ruleCase.lifecycle.decideAbnormallyLow(
                bid: "BID A", explanation: explanation, accepted: true, reason: "A reason.", key: lead)
        }
        expectUsage("lot", "LOT-1 ", example: "LOT-0001") { () throws(LifecycleError) in
            try ruleCase.lifecycle.award(lot: "LOT-1 ", bid: "BID-A", justification: "Ranked first.", key: lead)
        }
        expectUsage("bid", "BID-A/x", example: "BID-001") { () throws(LifecycleError) in
            try ruleCase.lifecycle.award(lot: "LOT-1", bid: "BID-A/x", justification: "Ranked first.", key: lead)
        }
        #expect(try TrailFixture.snapshot(ruleCase.folder) == before)
    }
}

/// A document's own date must be possible against the trail: nothing is completed or held before the
/// bids it concerns were opened, nor later than now.
@Suite("Document dates against the trail")
struct DocumentDateGuardTests {
    /// The mini case run through the declarations, with EV-1's sheet for BID-A dated `completed`.
    func caseWithSheet(completed: String) throws -> (folder: URL, clock: TestClock) {
        let (folder, clock) = try MiniCase.writeAndRun(through: .declare)
        let sheet = MiniCase.sheet(evaluator: "EV-1", bid: "BID-A", q1: "3", q2: "1").replacingOccurrences(
            of: "lot=\"LOT-1\">", with: "lot=\"LOT-1\">\n  <CompletedAt>\(completed)</CompletedAt>")
        try TestSupport.write(sheet, to: "scores/EV-1/BID-A.xml", in: folder)
        clock.set(MiniCase.times.score)
        return (folder, clock)
    }

    @Test(
        "A score sheet completed before the bids were opened, or after now, is refused and nothing is recorded",
        arguments: [
            ("2025-03-14T12:59:59+00:00", "is before the bids were opened (entry"),
            ("2025-03-16T09:00:01+00:00", "is later than now (2025-03-16T09:00:00+00:00)"),
        ])
    func impossibleCompletion(completed: String, message: String) throws {
        let (folder, clock) = try caseWithSheet(completed: completed)
        let before = try TrailFixture.snapshot(folder)
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        let error = #expect(throws: LifecycleError.self) {
            try lifecycle.score(sheet: "scores/EV-1/BID-A.xml", key: MiniCase.panel.key("EV-1"))
        }
        #expect(error?.isInputError == true)
        #expect(
            error?.description.contains("<CompletedAt> \(completed) \(message)") == true, "\(String(describing: error))"
        )
        #expect(try TrailFixture.snapshot(folder) == before)
    }

    @Test("A score sheet completed between the opening and now is recorded")
    func plausibleCompletion() throws {
        let (folder, clock) = try caseWithSheet(completed: "2025-03-15T16:30:00+00:00")
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        let outcome = try lifecycle.score(sheet: "scores/EV-1/BID-A.xml", key: MiniCase.panel.key("EV-1"))
        #expect(outcome.appended.count == 1)
    }
}
