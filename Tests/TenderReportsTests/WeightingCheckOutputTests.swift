import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

@testable import TenderReports

/// `tender evaluate`'s output (the ranking table and its JSON) reports each check of a weighting
/// published as a range or an order of importance.
@Suite("Weighting checks in evaluate's output")
struct WeightingCheckOutputTests {
    /// The mini case's plan with Q1 (60) published as ord-imp 1, Q2 (10) as ord-imp 3 and P (30) as
    /// ord-imp 2.
    static func plan() throws -> TenderPlan {
        var text = MiniCase.plan
        for (name, rank) in [("Method", "1"), ("Social value", "3"), ("Price", "2")] {
            text = text.replacingOccurrences(
                of: #"<Name languageID="ENG">\#(name)</Name>"#,
                with:
                    #"<Name languageID="ENG">\#(name)</Name><Published list="number-weight" code="ord-imp" number="\#(rank)"/>"#
            )
        }
        return try TenderPlan.parse(Array(text.utf8), path: "tender.xml")
    }

    static func result(_ plan: TenderPlan) throws -> EvaluationResult {
        let lot = try #require(plan.lots.first)
        return EvaluationResult(
            planID: plan.id,
            lots: [
                LotEvaluation(
                    lot: lot.id, pointsAvailable: Rational(100), benchmarks: [], abnormallyLowScreens: [], bids: [],
                    ties: [], weightingChecks: TenderPlan.publishedWeightingChecks(of: lot))
            ])
    }

    @Test("The ranking table lists each order-of-importance check with what it compared")
    func table() throws {
        let plan = try Self.plan()
        let text = RankingTable.render(try Self.result(plan), plan: plan)
        #expect(
            text.contains(
                "  Weighting Q1 (order-of-importance): consistent with the notice — criterion Q1 has weight 60, which"
                    + " respects the published order of importance (rank 1): above P (rank 2, weight 30), Q2 (rank 3,"
                    + " weight 10)"))
        #expect(text.components(separatedBy: "\n  Weighting ").count - 1 == 3)
    }

    @Test("The JSON output has the checks; without any it has no weightingChecks key")
    func json() throws {
        let plan = try Self.plan()
        let json = EvaluationJSON.render(try Self.result(plan), plan: plan)
        #expect(json.contains(#""kind":"order-of-importance""#) || json.contains(#""kind" : "order-of-importance""#))
        #expect(json.contains("weightingChecks"))
        let plain = try TenderPlan.parse(Array(MiniCase.plan.utf8), path: "tender.xml")
        #expect(!EvaluationJSON.render(try Self.result(plain), plan: plain).contains("weightingChecks"))
    }
}
