import Foundation
import TestSupport
import Testing

/// `tender evaluate`, `tender verify` and `tender report` on a case with a life-cycle cost criterion
/// (``LifeCycleCostCase``: its values are worked by hand there), and the rank-reversal warning:
/// printed for a relative price formula, not for an absolute one.
@Suite("Life-cycle cost and price formulas through the tender command")
struct CostCaseCommandTests {
    @Test("evaluate prints the life-cycle cost model, each bid's breakdown and the rank-reversal warning")
    func evaluateOutput() throws {
        let (folder, _) = try LifeCycleCostCase.writeAndRun()
        let result = try CLIHarness.tender("evaluate", folder.path)
        CLIHarness.expectSuccess(
            result,
            printing: [
                "  Life-cycle cost (C, lowest-price-ratio): lowest admissible ≈134131.29 EUR (BID-A); benchmark from 3"
                    + " admissible bid(s)",
                "  Warning (C): lowest-price-ratio is relative: each bid's points depend on the other admissible bids'"
                    + " prices, so removing a bid that does not win can change the order of the others (rank reversal);"
                    + " `tender report` re-evaluates without each non-winning bid to check",
                "  Life-cycle cost model (C): over 5 year(s), discounted at 3.5 % a year, costs at year end (present"
                    + " value = cost ÷ (1 + 3.5/100)^year); components: buy (acquisition, once at the start), energy"
                    + " (operating, every year), service (maintenance, every year), disposal (end-of-life, once at the"
                    + " end of year 5)",
                // BID-B: 90000 + 8000 × 4.5150… + 2500 × 4.5150… − 1000 × 0.8419….
                "    BID-B: life-cycle cost ≈136566.08 EUR = buy 90000.00 + energy ≈36120.42 + service ≈11287.63 +"
                    + " disposal ≈-841.97",
            ])
        #expect(
            CLIHarness.rankingRows(result.standardOutput) == [
                "1 Beta Ltd [BID-B] 67.50 29.47 96.97 ranked",
                "2 Alpha Ltd [BID-A] 50.00 30.00 80.00 ranked",
                "3 Gamma Ltd [BID-C] 35.00 29.62 64.62 ranked",
            ])
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 0, "\(verify.standardOutput)")

        // --format json: the exact benchmark and the warning.
        let json = try CLIHarness.tender("evaluate", folder.path, "--format", "json")
        #expect(json.status == 0, "\(json.standardError)")
        let benchmark = try #require(Self.benchmarks(json.standardOutput).first)
        #expect(benchmark["lowestCost"] as? String == "50977885342100000/380059617807")
        #expect(benchmark["lowest"] == nil)
        #expect((benchmark["rankReversalWarning"] as? String)?.hasPrefix("lowest-price-ratio is relative") == true)
    }

    /// The first lot's `priceBenchmarks` of `tender evaluate --format json`.
    static func benchmarks(_ output: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        func find(_ value: Any) -> [[String: Any]]? {
            if let dictionary = value as? [String: Any] {
                if let found = dictionary["priceBenchmarks"] as? [[String: Any]] { return found }
                for inner in dictionary.values { if let found = find(inner) { return found } }
            }
            if let array = value as? [Any] { for inner in array { if let found = find(inner) { return found } } }
            return nil
        }
        return try #require(find(object))
    }

    @Test("report shows the cost model, the warning and each bid's life-cycle cost breakdown")
    func report() throws {
        let (folder, _) = try LifeCycleCostCase.writeAndRun()
        let result = try CLIHarness.tender("report", folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        let html = try TestSupport.read("reports/award-report.html", in: folder)
        #expect(html.contains("lowest admissible life-cycle cost 50977885342100000/380059617807 (≈ 134131.2861) EUR"))
        #expect(html.contains("lowest-price-ratio is relative: each bid's points depend on the other admissible bids'"))
        #expect(
            html.contains(
                "buy: 90000.00 → 90000.00; energy: 8000.00 a year → ≈36120.42; service: 2500.00 a year → ≈11287.63;"
                    + " disposal: -1000.00 → ≈-841.97"))
    }

    @Test("An absolute formula (linear-between-bounds) prints no rank-reversal warning")
    func absoluteFormulaNoWarning() throws {
        let folder = try MiniCase.write()
        let plan = try TestSupport.read("tender.xml", in: folder)
        try TestSupport.write(
            plan.replacingOccurrences(
                of: #"<PriceFormula kind="lowest-price-ratio"/>"#,
                with: #"<PriceFormula kind="linear-between-bounds" fullPointsAt="80000" zeroPointsAt="160000"/>"#),
            to: "tender.xml", in: folder)
        try MiniCase.run(folder, clock: TestClock(MiniCase.times.seal))
        let result = try CLIHarness.tender("evaluate", folder.path)
        CLIHarness.expectSuccess(
            result,
            printing: [
                "  Price (P, linear-between-bounds): full points at 80000 EUR, zero at 160000 EUR; benchmark from 3 admissible bid(s)"
            ])
        #expect(!result.standardOutput.contains("Warning"))
        #expect(!result.standardOutput.contains("rank reversal"))
        let json = try CLIHarness.tender("evaluate", folder.path, "--format", "json")
        #expect(try Self.benchmarks(json.standardOutput).first?["rankReversalWarning"] == nil)
        // The mini case as shipped (lowest-price-ratio) does print it.
        let (relative, _) = try MiniCase.writeAndRun()
        #expect(
            try CLIHarness.tender("evaluate", relative.path).standardOutput.contains(
                "  Warning (P): lowest-price-ratio is relative"))
    }
}
