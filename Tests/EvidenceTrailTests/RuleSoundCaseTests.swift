import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// The passing side of the rule catalogue: a sound case in which every rule has something to
/// check, so that each pass is earned rather than "not applicable".
@Suite("Rule catalogue: a sound case")
struct RuleSoundCaseTests {
    /// The mini case with every process rule switched on (minimum two sheets, abnormally-low screen
    /// at 70 % of the mean, separate quality and price evaluators, quality locked before prices)
    /// and a story that engages each: an amendment before the deadline; a late bid (BID-D);
    /// a consensus above the median with a reason; BID-A and BID-C tied at 65.00 points, separated
    /// by the tie-break; BID-C flagged as abnormally low, its explanation accepted, then evaluated
    /// again; the award to BID-B, ranked first; and a checkpoint published before the evaluation.
    ///
    /// Entries: 1 sealed; 2 amended; 3–5 received A, B, C; 6 received D (late); 7 opened;
    /// 8–9 declared; 10–15 scored; 16 moderated; 17 evaluated; 18 decided; 19 evaluated; 20 award.
    static func soundCase() throws -> (RuleCase, published: URL) {
        let plan = PlanVariant(
            minimumSheets: 2, abnormallyLowBelowPercent: 70, separateQualityAndPriceEvaluators: true,
            lockQualityBeforePrices: true)
        let ruleCase = try RuleCase.written(plan: plan.text)
        try ruleCase.write(MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "216000.00"), to: "bids/BID-A.xml")
        try ruleCase.write(MiniCase.bid("BID-D", tenderer: "Delta Ltd", price: "50000.00"), to: "bids/BID-D.xml")
        try ruleCase.write(
            RuleDocuments.moderation(
                score: "3",
                reason:
                    "EV-1 overlooked the apprenticeship numbers in section 3.2; the panel agreed they meet the top of"
                    + " the good band."),
            to: "moderation/LOT-1.xml")
        try ruleCase.seal()
        try ruleCase.edit(
            "tender.xml", replacing: "<Title>Mini case</Title>", with: "<Title>Mini case, clarified</Title>")
        try ruleCase.seal(at: "2025-03-05T09:00:00+00:00", reason: "Title clarified after a bidder's question.")
        try ruleCase.receive(["BID-A", "BID-B", "BID-C"])
        try ruleCase.receive(["BID-D"], at: "2025-03-14T12:30:00+00:00")
        try ruleCase.open()
        try ruleCase.declare()
        try ruleCase.score()
        try ruleCase.moderate()
        let published = try ruleCase.publishCheckpoint()
        try ruleCase.evaluate()
        try ruleCase.decide("BID-C", accepted: true)
        try ruleCase.evaluate(at: RuleCase.later.reevaluate)
        try ruleCase.award("BID-B")
        return (ruleCase, published)
    }

    /// The sound case, built once: the tests only verify it.
    static let sound = Result { try soundCase() }

    @Test("Every check passes on a sound case in which every rule is engaged")
    func everyCheckPasses() throws {
        let (ruleCase, published) = try Self.sound.get()
        let report = try ruleCase.verify(publishedCheckpoint: published)
        expectVerified(report)
        #expect(Set(report.checks.map(\.id)) == Violation.allChecks)
        #expect(report.checks.map(\.id) == Verifier.catalogue.map(\.id))
    }

    /// What each engaged rule says it checked: proof that the pass was not "not applicable".
    static let notes: [(check: String, notes: [String])] = [
        ("entries-are-well-formed", ["21 entries"]),
        ("published-checkpoint-holds", ["the trail has grown from 16 to 21 entries since 2025-03-20T10:00:00+00:00"]),
        (
            "evaluation-is-current",
            [
                "entry 20, 2025-03-23T09:00:00+00:00, by FIN (Fay Example)",
                "the trail records 2 evaluations (entries 17, 20); the last one is verified",
            ]
        ),
        (
            "plan-sealed-before-opening",
            ["sealed in entry 1 by LEAD (Lea Example); amended 1 time(s) before the deadline"]
        ),
        ("late-bids-excluded", ["late and excluded: BID-D"]),
        ("every-bid-has-a-final-status", ["4 bids received"]),
        ("minimum-sheets-before-moderation", []),
        ("quality-and-price-evaluators-separate", []),
        ("quality-locked-before-prices", []),
        ("moderation-gives-reasons", ["1 consensus score(s) differ from the median, each with a reason"]),
        ("abnormally-low-decided", ["1 decision(s) recorded"]),
        ("abnormally-low-explanation-requested", ["1 request(s) for explanation recorded"]),
        ("abnormally-low-request-on-record", []),
        ("recommended-is-rank-one", ["lot LOT-1: BID-B, entry 21"]),
        ("tie-break-applied", ["1 tie(s) broken by the declared tie-break"]),
    ]

    @Test("Each engaged rule reports what it checked")
    func engagedRulesSayWhatTheyChecked() throws {
        let (ruleCase, published) = try Self.sound.get()
        let report = try ruleCase.verify(publishedCheckpoint: published)
        for (check, notes) in Self.notes {
            #expect(report.outcome(check) == .passed(notes: notes), "\(check)")
        }
        let results = try ruleCase.read(Trail.resultsPath)
        #expect(results.contains(#"<Bid id="BID-A" tenderer="T-BID-A" status="ranked" rank="2">"#))
        #expect(results.contains(#"<Bid id="BID-C" tenderer="T-BID-C" status="ranked" rank="3">"#))
        #expect(results.contains(#"<Bid id="BID-D" tenderer="T-BID-D" status="excluded">"#))
    }

    @Test("The mini case as shipped verifies, its process rules passing as not required")
    func plainMiniCase() throws {
        let report = try RuleCase.run().verify()
        expectVerified(report)
        #expect(report.notes("quality-and-price-evaluators-separate") == ["the plan does not require it"])
        #expect(report.notes("quality-locked-before-prices") == ["the plan does not require it"])
        #expect(report.notes("minimum-sheets-before-moderation") == ["the plan sets no minimum number of score sheets"])
        #expect(report.notes("recommended-is-rank-one") == ["no award recommended yet"])
    }
}
