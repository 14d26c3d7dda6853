import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// A plan whose weightings the notice published as ranges: sealed, evaluated and verified through
/// the lifecycle, with the checks in `evidence/results.xml` and in `tender verify`.
@Suite("Weightings published as ranges, through the lifecycle")
struct WeightingCheckRecordingTests {
    /// The mini case's plan with Q1 (60) published as per-mid 55 (spread 10: 50 … 60), Q2 (10) as
    /// per-mid 10 (spread 4: 8 … 12) and P (30) as per-mid 35 (spread 10: 30 … 40).
    static var rangedPlan: String {
        MiniCase.plan
            .replacingOccurrences(
                of: #"<Name languageID="ENG">Method</Name>"#,
                with:
                    #"<Name languageID="ENG">Method</Name><Published list="number-weight" code="per-mid" number="55" spread="10"/>"#
            )
            .replacingOccurrences(
                of: #"<Name languageID="ENG">Social value</Name>"#,
                with:
                    #"<Name languageID="ENG">Social value</Name><Published list="number-weight" code="per-mid" number="10" spread="4"/>"#
            )
            .replacingOccurrences(
                of: #"<Name languageID="ENG">Price</Name>"#,
                with:
                    #"<Name languageID="ENG">Price</Name><Published list="number-weight" code="per-mid" number="35" spread="10"/>"#
            )
    }

    @Test("The results record each range check, the totals are the mini case's, and verify notes the ranges")
    func rangesRecordedAndVerified() throws {
        let ruleCase = try RuleCase.written(plan: Self.rangedPlan)
        try ruleCase.seal()
        try ruleCase.receive()
        try ruleCase.open()
        try ruleCase.declare()
        try ruleCase.score()
        try ruleCase.moderate()
        try ruleCase.evaluate()

        let results = try ruleCase.read(Trail.resultsPath)
        #expect(
            results.contains(
                #"<WeightingCheck criterion="Q1" kind="range" code="per-mid" published="55" spread="10" weight="60""#
                    + #" weighting="percent" consistent="true">criterion Q1 has weight 60, within the published range"#
                    + " 50 … 60 (per-mid = 55, spread 10)</WeightingCheck>"))
        #expect(results.components(separatedBy: "<WeightingCheck ").count - 1 == 3)
        // The weights are the mini case's, so are the totals (see MiniCase): 90.00, 77.00, 65.00.
        #expect(results.contains(#"<TotalPoints points="90.00"/>"#))
        #expect(results.contains(#"<TotalPoints points="77.00"/>"#))
        #expect(results.contains(#"<TotalPoints points="65.00"/>"#))
        // The results document is valid against results.xsd.
        _ = try NativeDocument.load(.results, bytes: Array(results.utf8), path: "results.xml")

        let report = try ruleCase.verify()
        #expect(report.isVerified)
        let check = try #require(report.checks.first { $0.id == "weightings-match-publication" })
        #expect(check.outcome == .passed(notes: ["3 weighting(s) within their published ranges"]))
    }

    @Test("The lifecycle refuses to seal a plan with a weighting outside its published range")
    func sealRefusesOutsideRange() throws {
        let outside = Self.rangedPlan.replacingOccurrences(
            of: #"code="per-mid" number="55" spread="10""#, with: #"code="per-mid" number="50" spread="10""#)
        let ruleCase = try RuleCase.written(plan: outside)
        #expect(throws: LifecycleError.self) { try ruleCase.seal() }
    }
}
