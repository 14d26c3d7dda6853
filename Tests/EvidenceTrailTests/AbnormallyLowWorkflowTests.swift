import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// The abnormally-low workflow through the lifecycle: the request for explanation after the
/// evaluation that flags the bid, then the answer and the decision; what each step refuses.
///
/// The mini case with a screen at 90 % of the mean flags BID-C at the evaluation (entry 15).
@Suite("Abnormally low tenders: request, answer, decision")
struct AbnormallyLowWorkflowTests {
    static func flagged() throws -> RuleCase {
        let ruleCase = try RuleCase.written(plan: PlanVariant(abnormallyLowBelowPercent: 90).text)
        try ruleCase.runAll()
        return ruleCase
    }

    static let lead = RuleCase.panel.key("LEAD")

    /// Runs `step` and returns its error's description (recording an issue when it does not throw).
    func refusal(
        _ step: () throws(LifecycleError) -> LifecycleOutcome, sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        do {
            _ = try step()
            Issue.record("the step was recorded", sourceLocation: sourceLocation)
            return ""
        } catch {
            return error.description
        }
    }

    @Test("A decision without a request, a request for a bid not flagged or with a past deadline are refused")
    func refusals() throws {
        let ruleCase = try Self.flagged()
        let lifecycle = ruleCase.lifecycle
        ruleCase.clock.set(RuleCase.later.request)
        let answer = ruleCase.folder.deletingLastPathComponent().appendingPathComponent("answer.txt")
        try Data("Gamma explains its price.\n".utf8).write(to: answer)
        let before = try TrailFixture.snapshot(ruleCase.folder)
        #expect(
            refusal { () throws(LifecycleError) in
                try lifecycle.decideAbnormallyLow(
                    bid: "BID-C", explanation: answer, accepted: true, reason: "Convincing.", key: Self.lead)
            }
                == "error: no request for an explanation from BID-C is recorded; require the tenderer to explain its"
                + " price first with `tender abnormally-low request` (regulation 69(1) of the Public Contracts"
                + " Regulations 2015)")
        let deadline = try ruleCase.timestamp(RuleCase.later.respondBy)
        #expect(
            refusal { () throws(LifecycleError) in
                try lifecycle.requestAbnormallyLowExplanation(
                    bid: "BID-A", questions: "Explain.", questionsFile: nil, respondBy: deadline, key: Self.lead)
            } == "error: BID-A is not flagged as abnormally low in the evaluation of entry 15")
        let past = try ruleCase.timestamp("2025-03-21T09:30:00+00:00")
        #expect(
            refusal { () throws(LifecycleError) in
                try lifecycle.requestAbnormallyLowExplanation(
                    bid: "BID-C", questions: "Explain.", questionsFile: nil, respondBy: past, key: Self.lead)
            }
                == "error: the response deadline 2025-03-21T09:30:00+00:00 is not after now"
                + " (2025-03-21T10:00:00+00:00); give the tenderer time to answer")
        #expect(
            refusal { () throws(LifecycleError) in
                try lifecycle.requestAbnormallyLowExplanation(
                    bid: "BID-C", questions: " ", questionsFile: nil, respondBy: deadline, key: Self.lead)
            } == "error: say what the tenderer must explain: --questions FILE, --reason TEXT, or both")
        #expect(
            refusal { () throws(LifecycleError) in
                try lifecycle.requestAbnormallyLowExplanation(
                    bid: "BID-C", questions: "Explain.", questionsFile: nil, respondBy: deadline,
                    key: RuleCase.panel.key("EV-1"))
            }.hasPrefix("error: EV-1 (Ann Example) may not require an explanation of an abnormally low tender"))
        #expect(try TrailFixture.snapshot(ruleCase.folder) == before)
    }

    @Test("Request with a questions file, decision on the answer: recorded, verified, and the questions kept")
    func requestThenDecide() throws {
        let ruleCase = try Self.flagged()
        let letter = ruleCase.folder.deletingLastPathComponent().appendingPathComponent("letter.txt")
        try Data("1. Your labour rates per inspection.\n2. Your equipment costs.\n".utf8).write(to: letter)
        ruleCase.clock.set(RuleCase.later.request)
        let outcome = try ruleCase.lifecycle.requestAbnormallyLowExplanation(
            bid: "BID-C", questions: "Explain the price of the inspections.", questionsFile: letter,
            respondBy: try ruleCase.timestamp(RuleCase.later.respondBy), key: Self.lead)
        #expect(outcome.appended == [16])
        #expect(
            try ruleCase.read("evidence/requests/00000016.txt")
                == "1. Your labour rates per inspection.\n2. Your equipment costs.\n")
        let entry = try #require(try Trail.load(caseURL: ruleCase.folder).validEntries.last)
        #expect(entry.kind == .abnormallyLowRequested)
        #expect(entry.request?.bid == "BID-C")
        #expect(entry.request?.respondBy.text == RuleCase.later.respondBy)
        #expect(entry.subjects.map(\.role) == ["results", "request"])
        #expect(entry.notes == ["flagged by the evaluation of entry 15"])
        // Until the decision, the flag is undecided: the award is refused.
        #expect(
            refusal { () throws(LifecycleError) in
                try ruleCase.lifecycle.award(lot: "LOT-1", bid: "BID-B", justification: "First.", key: Self.lead)
            }.hasPrefix("error: abnormally-low flag(s) without a recorded explanation and decision: BID-C"))
        try ruleCase.decide("BID-C", accepted: true, requestFirst: false)  // entry 17
        let decision = try #require(try Trail.load(caseURL: ruleCase.folder).validEntries.last)
        #expect(decision.decision?.request == 16)
        #expect(decision.subjects.map(\.path) == ["explanations/BID-C.txt"])
        try ruleCase.evaluate(at: RuleCase.later.reevaluate)  // entry 18
        let report = try ruleCase.verify()
        expectVerified(report)
        #expect(
            report.outcome("abnormally-low-explanation-requested")
                == .passed(notes: ["1 request(s) for explanation recorded"]))
        // The questions kept in evidence/requests/ are part of the evidence: changing them fails the rule.
        try ruleCase.write("1. Nothing.\n", to: "evidence/requests/00000016.txt")
        expectViolation(
            try ruleCase.verify(), of: "abnormally-low-explanation-requested",
            phrases: ["evidence/requests/00000016.txt: differs from the questions entry 16 recorded"])
    }

    @Test("Without an answer a bid can be rejected only once the response deadline has passed")
    func noAnswer() throws {
        let ruleCase = try Self.flagged()
        try ruleCase.request("BID-C")  // entry 16, answer by 2025-03-21T17:00:00+00:00
        ruleCase.clock.set("2025-03-21T16:00:00+00:00")
        #expect(
            refusal { () throws(LifecycleError) in
                try ruleCase.lifecycle.decideAbnormallyLow(
                    bid: "BID-C", explanation: nil, accepted: false, reason: "No answer.", key: Self.lead)
            }
                == "error: give the tenderer's answer with --explanation FILE; without one, a bid can only be rejected"
                + " once the response deadline 2025-03-21T17:00:00+00:00 of entry 16 has passed")
        ruleCase.clock.set("2025-03-22T09:00:00+00:00")
        _ = try ruleCase.lifecycle.decideAbnormallyLow(
            bid: "BID-C", explanation: nil, accepted: false, reason: "No answer by the deadline.", key: Self.lead)
        try ruleCase.evaluate(at: RuleCase.later.reevaluate)
        let report = try ruleCase.verify()
        expectVerified(report)
        #expect(try ruleCase.read(Trail.resultsPath).contains(#"stage="abnormally-low-rejected""#))
        // A second decision on the same bid has no pending request.
        #expect(
            refusal { () throws(LifecycleError) in
                try ruleCase.lifecycle.decideAbnormallyLow(
                    bid: "BID-C", explanation: nil, accepted: false, reason: "Again.", key: Self.lead)
            } == "error: the decision on BID-C was already recorded in entry 17")
    }
}
