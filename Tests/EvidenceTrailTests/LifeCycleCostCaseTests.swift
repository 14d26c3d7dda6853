import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

/// A case whose lot has a life-cycle cost criterion goes through the whole lifecycle (seal, receive,
/// open, declare, score, moderate, evaluate) and verifies; the results record each bid's cost
/// breakdown exactly (values worked by hand in ``LifeCycleCostCase``).
@Suite("Life-cycle cost case through the lifecycle")
struct LifeCycleCostCaseTests {
    @Test("Seal … evaluate, then verify: verified, with the exact life-cycle costs in evidence/results.xml")
    func wholeLifecycle() throws {
        let (folder, _) = try LifeCycleCostCase.writeAndRun()
        let report = try Verifier.verify(CaseFolder(path: folder.path))
        for check in report.checks where !check.outcome.isPassed {
            Issue.record("\(check.id): \(check.outcome)")
        }
        #expect(report.isVerified)

        let results = try TestSupport.read("evidence/results.xml", in: folder)
        // The benchmark: the lowest admissible life-cycle cost, BID-A's, exactly.
        #expect(
            results.contains(
                #"<PriceBenchmark criterion="C" formula="lowest-price-ratio" lowestBids="BID-A""#
                    + #" lowestCost="50977885342100000/380059617807" admissibleBids="3"/>"#))
        // BID-B: C = 30 × A ÷ B ≈ 29.4651, rounded (2 places, half-up) to 29.47; total 67.50 + 29.47.
        #expect(
            results.contains(
                #"<Criterion id="C" points="29.47" unrounded="152933656026300/5190325094473">"#))
        #expect(
            results.contains(
                #"<LifeCycleCost total="51903250944730000/380059617807" currency="EUR" years="5""#
                    + #" approx="136566.0767755843" discountRate="3.5">"#))
        // BID-B's residual value: −1000 at the end of year 5 → −1000 × 320000000000/380059617807.
        #expect(
            results.contains(
                #"<Component id="disposal" kind="end-of-life" timing="end" figure="-1000.00""#
                    + #" presentValue="-320000000000000/380059617807" approx="-841.9731668585"/>"#))
        #expect(results.contains(#"<TotalPoints points="96.97" unrounded="#))
    }

    @Test("A negative life-cycle cost is refused when the plan does not accept it: evaluate names the bid's line")
    func negativeCostRefused() throws {
        // BID-C's disposal at −2000000 (an end-of-life figure may be negative): its life-cycle cost is
        // 80000 + 12000 × 4.515… − 2000000 × 0.841… < 0, which criterion C (no allowNegative) refuses.
        let folder = try LifeCycleCostCase.write()
        let text = try TestSupport.read("bids/BID-C.xml", in: folder)
        try TestSupport.write(
            text.replacing(#/>2000.00</#, with: ">-2000000.00<"), to: "bids/BID-C.xml", in: folder)
        let clock = TestClock(MiniCase.times.seal)
        try MiniCase.run(folder, clock: clock, through: .moderate)
        clock.set(MiniCase.times.evaluate)
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        do {
            _ = try lifecycle.evaluate(key: MiniCase.panel.key("FIN"))
            Issue.record("evaluate accepted a negative life-cycle cost")
        } catch {
            let text = "\(error)"
            #expect(text.contains("bids/BID-C.xml:"))
            #expect(text.contains("life-cycle cost must be greater than zero; found ≈-"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("evidence/results.xml").path))
    }
}
