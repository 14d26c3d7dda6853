import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// What the lifecycle refuses, so that the rule catalogue's violations can only be recorded without
/// it (``UnsafeTrailAppender``): a declared conflict withdrawn, a conflicted evaluator scoring, an
/// entry dated before the last one. And what it repairs: a deleted results file. Each refusal
/// writes nothing.
@Suite("Lifecycle guards")
struct LifecycleGuardTests {
    // MARK: - Declarations

    @Test("declare refuses a declaration that withdraws a declared conflict, and writes nothing")
    func withdrawnConflictRefused() throws {
        let ruleCase = try RuleCase.written()
        try ruleCase.write(MiniCase.declaration("EV-1", conflictWith: ["T-BID-A"]), to: "declarations/EV-1.xml")
        try ruleCase.seal()
        try ruleCase.receive()
        try ruleCase.open()
        try ruleCase.declare()  // entry 6: EV-1, conflict with T-BID-A; entry 7: EV-2
        try ruleCase.write(MiniCase.declaration("EV-1"), to: "declarations/EV-1.xml")
        let before = try TrailFixture.evidence(ruleCase.folder)
        ruleCase.clock.set("2025-03-15T10:00:00+00:00")
        let error = #expect(throws: LifecycleError.self) {
            try ruleCase.lifecycle.declare(key: RuleCase.panel.key("EV-1"))
        }
        guard case let .inconsistent(messages)? = error, let message = messages.first, messages.count == 1 else {
            Issue.record("expected one inconsistency, got \(String(describing: error))")
            return
        }
        #expect(
            message
                == "\(ruleCase.folder.path)/declarations/EV-1.xml: error: withdraws the conflict of interest with T-BID-A"
                + " (declared in entry 6); a declared conflict stands. If it was declared in error, the lead replaces the"
                + " evaluator")
        #expect(try TrailFixture.evidence(ruleCase.folder) == before)
    }

    @Test("score refuses a conflict added by a later declaration; the case then verifies without that score")
    func conflictAddedByRedeclaration() throws {
        let ruleCase = try RuleCase.written()
        try ruleCase.seal()
        try ruleCase.receive()
        try ruleCase.open()
        try ruleCase.declare()  // entries 6–7: no conflicts
        try ruleCase.write(MiniCase.declaration("EV-1", conflictWith: ["T-BID-A"]), to: "declarations/EV-1.xml")
        ruleCase.clock.set("2025-03-15T10:00:00+00:00")
        let declared = try ruleCase.lifecycle.declare(key: RuleCase.panel.key("EV-1"))
        #expect(declared.appended == [8])
        let before = try TrailFixture.evidence(ruleCase.folder)
        ruleCase.clock.set(MiniCase.times.score)
        let error = #expect(throws: LifecycleError.self) {
            try ruleCase.lifecycle.score(sheet: ruleCase.sheetPath("EV-1", "BID-A"), key: RuleCase.panel.key("EV-1"))
        }
        #expect(
            error?.description
                == "error: EV-1 declared a conflict of interest with T-BID-A (entry 8) and may not score BID-A")
        #expect(try TrailFixture.evidence(ruleCase.folder) == before)
        // Without EV-1's sheet for BID-A the case is sound: a declaration made before scoring (entry 6) and
        // completed before the conflicted bid was scored is no violation.
        try ruleCase.remove(ruleCase.sheetPath("EV-1", "BID-A"))
        try ruleCase.score(["EV-1"], bids: ["BID-B", "BID-C"])
        try ruleCase.score(["EV-2"])
        try ruleCase.moderate()
        try ruleCase.evaluate()
        expectVerified(try ruleCase.verify())
    }

    @Test("score refuses a conflict declared earlier even when a later declaration (recorded without tender) omits it")
    func conflictStandsAfterWithdrawal() throws {
        let ruleCase = try RuleCase.written()
        try ruleCase.write(MiniCase.declaration("EV-1", conflictWith: ["T-BID-A"]), to: "declarations/EV-1.xml")
        try ruleCase.seal()
        try ruleCase.receive()
        try ruleCase.open()
        try ruleCase.declare()  // entry 6: EV-1, conflict with T-BID-A; entry 7: EV-2
        try ruleCase.write(MiniCase.declaration("EV-1"), to: "declarations/EV-1.xml")
        try ruleCase.append(  // entry 8: no conflict, which `tender declare` refuses
            .conflictDeclared, by: "EV-1", at: "2025-03-15T10:00:00+00:00",
            subjects: [("declarations/EV-1.xml", "declaration")])
        let before = try TrailFixture.evidence(ruleCase.folder)
        ruleCase.clock.set(MiniCase.times.score)
        let error = #expect(throws: LifecycleError.self) {
            try ruleCase.lifecycle.score(sheet: ruleCase.sheetPath("EV-1", "BID-A"), key: RuleCase.panel.key("EV-1"))
        }
        #expect(
            error?.description
                == "error: EV-1 declared a conflict of interest with T-BID-A (entry 6) and may not score BID-A")
        #expect(try TrailFixture.evidence(ruleCase.folder) == before)
    }

    // MARK: - Time order

    @Test("A step whose clock reads earlier than the last entry is refused, and writes nothing")
    func clockBehindTheTrail() throws {
        let ruleCase = try RuleCase.run()  // entry 15, the evaluation, at 2025-03-21T09:00:00+00:00
        let before = try TrailFixture.evidence(ruleCase.folder)
        // 09:30 at UTC+1 is 08:30 UTC: earlier, though it reads later.
        for time in ["2025-03-20T09:00:00+00:00", "2025-03-21T09:30:00+01:00"] {
            let error = #expect(throws: LifecycleError.self, "\(time)") { try ruleCase.award("BID-B", at: time) }
            guard case let .outOfOrder(message)? = error else {
                Issue.record("expected outOfOrder, got \(String(describing: error))")
                continue
            }
            #expect(
                message
                    == "the clock reads \(time), earlier than entry 15 (2025-03-21T09:00:00+00:00); nothing was recorded."
                    + " Correct the system clock: entries are recorded in time order")
        }
        #expect(try TrailFixture.evidence(ruleCase.folder) == before)
    }

    @Test("A step at the same instant as the last entry, or later at another UTC offset, is recorded and verifies")
    func clockAtOrAfterTheTrail() throws {
        let ruleCase = try RuleCase.run()
        // 08:30 at UTC−1 is 09:30 UTC: later, though it reads earlier.
        try ruleCase.award("BID-B", at: "2025-03-21T08:30:00-01:00")
        #expect(try ruleCase.trailSize() == 16)
        // The same instant as the award, written at another offset (a new justification: the same
        // recommendation again would be already recorded).
        try ruleCase.award(
            "BID-B", at: "2025-03-21T09:30:00+00:00", justification: "BID-B is ranked first; the panel confirmed it.")
        #expect(try ruleCase.trailSize() == 17)
        let report = try ruleCase.verify()
        expectVerified(report)
        #expect(report.notes("recommended-is-rank-one").contains("lot LOT-1: BID-B, entry 17"))
    }

    // MARK: - Evaluation

    @Test("evaluate restores a deleted results file, byte for byte, without a new entry or a key; verify passes")
    func deletedResultsRestored() throws {
        let ruleCase = try RuleCase.run()
        let before = try TrailFixture.evidence(ruleCase.folder)
        try ruleCase.remove(Trail.resultsPath)
        ruleCase.clock.set(RuleCase.later.afterwards)
        let outcome = try ruleCase.lifecycle.evaluate(key: nil)
        #expect(outcome.appended == [] && outcome.size == 15)
        #expect(
            outcome.messages == [
                "the trail already records this evaluation (entry 15); evidence/results.xml is restored, byte for byte as"
                    + " that entry recorded it"
            ])
        #expect(try TrailFixture.evidence(ruleCase.folder) == before)
        expectVerified(try ruleCase.verify())
    }

    // MARK: - Awards

    @Test("An award recorded again after a re-evaluation verifies; the award it supersedes is noted")
    func awardRecordedAgain() throws {
        let ruleCase = try RuleCase.run()
        try ruleCase.award("BID-B")  // entry 16
        try ruleCase.lowerBIDBQuality(appended: false)  // entries 17–18
        try ruleCase.evaluate(at: RuleCase.later.rerun)  // entry 19: BID-A is first
        try ruleCase.award("BID-A", at: "2025-03-27T09:00:00+00:00")  // entry 20
        let report = try ruleCase.verify()
        expectVerified(report)
        #expect(
            report.notes("recommended-is-rank-one") == [
                "lot LOT-1: entry 16 (BID-B) superseded by entry 20", "lot LOT-1: BID-A, entry 20",
            ])
    }
}
