import Foundation
import TenderEvaluation
import TenderModel
import Testing

/// The abnormally-low screen flags exactly the admissible bids whose price is below the threshold,
/// and never excludes them.
@Suite("Evaluate: abnormally-low screen")
struct AbnormallyLowTests {
    /// A price-only lot (P 100 %) with five admissible bids, 40000, 60000, 90000, 95000, 95000, and
    /// B6 at 10000 excluded at the gate (its price must not move the basis and it is not flagged).
    static func input(_ screen: AbnormallyLowScreen, lotValue: Money? = nil, planValue: Money? = nil) -> EvaluationInput
    {
        let gate = Gate(id: "G-EXC", kind: .exclusion, name: "Exclusion grounds", requirement: "none apply")
        let lot = Build.lot(
            Build.level(.percent, [Build.priced("P", weight: "100", line: 21)], line: 20), estimatedValue: lotValue)
        let prices = ["B1": "40000", "B2": "60000", "B3": "90000", "B4": "95000", "B5": "95000.00"]
        return Build.input(
            Build.plan(
                [lot], rules: EvaluationRules(abnormallyLowScreen: screen), gates: [gate], panel: [],
                estimatedValue: planValue),
            bids: prices.sorted { $0.key < $1.key }.map {
                Build.bid(BidID($0.key), price: $0.value, gates: [("G-EXC", true)])
            }
                + [Build.bid("B6", price: "10000", gates: [("G-EXC", false)])])
    }

    @Test(
        "Each basis flags exactly the bids below its threshold",
        arguments: [
            // mean = 380000/5 = 76000; 70 % → 53200: only 40000.
            (AbnormallyLowScreen(basis: .mean, belowPercent: dec("70")), q(76000), q(53200), ["B1"] as [BidID]),
            // median = 90000; 70 % → 63000: 40000 and 60000.
            (AbnormallyLowScreen(basis: .median, belowPercent: dec("70")), q(90000), q(63000), ["B1", "B2"]),
            // mean 76000 × 62.5 % = 47500.
            (AbnormallyLowScreen(basis: .mean, belowPercent: dec("62.5")), q(76000), q(47500), ["B1"]),
            // mean 76000 × 50 % = 38000: nobody.
            (AbnormallyLowScreen(basis: .mean, belowPercent: dec("50")), q(76000), q(38000), []),
            // mean 76000 × 33.3 % = 25308: nobody.
            (AbnormallyLowScreen(basis: .mean, belowPercent: dec("33.3")), q(76000), q(25308), []),
            // median 90000 × 66.7 % = 60030: 60000 is just below.
            (AbnormallyLowScreen(basis: .median, belowPercent: dec("66.7")), q(90000), q(60030), ["B1", "B2"]),
        ])
    func admissibleBasis(screen: AbnormallyLowScreen, basis: Rational, threshold: Rational, flagged: [BidID]) throws {
        let lot = try evaluateLot(Self.input(screen))
        #expect(
            lot.abnormallyLowScreens == [
                AbnormallyLowScreenResult(
                    criterion: "P", screen: screen, basisValue: basis, threshold: threshold, flagged: flagged)
            ])
        // Flags never exclude: all five admissible bids are ranked, flagged or not.
        #expect(lot.bids.filter { $0.rank != nil }.map(\.bid).sorted() == ["B1", "B2", "B3", "B4", "B5"])
        #expect(lot.bids.filter { !$0.flags.isEmpty }.map(\.bid).sorted() == flagged)
        #expect(try lot.bid("B6").flags.isEmpty)
        #expect(try lot.bid("B1").rank == 1)
    }

    @Test("The estimated-value basis uses the lot's value, and a price equal to the threshold is not flagged")
    func estimatedValueLot() throws {
        // 100000 × 60 % = 60000: 40000 is below; 60000 is not below.
        let screen = AbnormallyLowScreen(basis: .estimatedValue, belowPercent: dec("60"))
        let lot = try evaluateLot(Self.input(screen, lotValue: eur("100000"), planValue: eur("1000000")))
        #expect(
            lot.abnormallyLowScreens == [
                AbnormallyLowScreenResult(
                    criterion: "P", screen: screen, basisValue: q(100000), threshold: q(60000), flagged: ["B1"])
            ])
    }

    @Test("Without a lot value the estimated-value basis uses the plan's")
    func estimatedValuePlan() throws {
        // 150000 × 50 % = 75000: 40000 and 60000.
        let screen = AbnormallyLowScreen(basis: .estimatedValue, belowPercent: dec("50"))
        let lot = try evaluateLot(Self.input(screen, planValue: eur("150000")))
        #expect(lot.abnormallyLowScreens.first?.threshold == q(75000))
        #expect(lot.abnormallyLowScreens.first?.flagged == ["B1", "B2"])
    }

    @Test("A flag explains the basis, the threshold and what the authority must do")
    func flagMessage() throws {
        let lot = try evaluateLot(Self.input(AbnormallyLowScreen(basis: .mean, belowPercent: dec("70"))))
        #expect(
            try lot.bid("B1").flags == [
                Flag(
                    code: "abnormally-low",
                    message: "price 40000 for criterion P is below 70% of the mean (76000.00), i.e. below 53200.00: the"
                        + " tenderer must be asked to explain it before the bid is rejected or awarded (Directive 2014/24/EU"
                        + " Art. 69)")
            ])
        #expect(try lot.bid("B2").flags.isEmpty)
    }

    @Test("Without a declared screen nothing is flagged")
    func noScreen() throws {
        let gate = Gate(id: "G-EXC", kind: .exclusion, name: "Exclusion grounds", requirement: "none apply")
        let lot = Build.lot(Build.level(.percent, [Build.priced("P", weight: "100", line: 21)], line: 20))
        let input = Build.input(
            Build.plan([lot], rules: EvaluationRules(), gates: [gate], panel: []),
            bids: [
                Build.bid("B1", price: "1", gates: [("G-EXC", true)]),
                Build.bid("B2", price: "100000", gates: [("G-EXC", true)]),
            ])
        let result = try evaluateLot(input)
        #expect(result.abnormallyLowScreens.isEmpty)
        #expect(result.bids.allSatisfy { $0.flags.isEmpty })
        // A price-only lot has no quality points.
        #expect(try result.bid("B1").qualityPoints == nil)
        #expect(try result.bid("B2").totalPoints == PointsValue(exact: q(1, 1000)))
    }
}
