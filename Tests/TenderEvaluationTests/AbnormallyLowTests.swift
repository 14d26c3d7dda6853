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

    @Test("A rejected bid leaves the benchmark: the mean, the lowest price and the ranking are recomputed")
    func rejectionRecomputesTheMean() throws {
        let screen = AbnormallyLowScreen(basis: .mean, belowPercent: dec("70"))
        var input = Self.input(screen)
        let before = try evaluateLot(input)
        // Before: B1 (40000) is lowest: B1 100, B2 100 × 40000/60000 = 200/3, B3 400/9, B4 = B5 800/19.
        #expect(before.benchmarks.first?.lowest == eur("40000"))
        #expect(try before.bid("B1").totalPoints?.unrounded == q(100))
        #expect(try before.bid("B2").totalPoints?.unrounded == q(200, 3))
        #expect(before.bids.compactMap(\.rank) == [1, 2, 3, 4, 4])

        input.process.abnormallyLowDecisions["B1"] = AbnormallyLowDecision(
            isAccepted: false, reason: "the price does not cover the statutory minimum wage")
        let after = try evaluateLot(input)
        // After: admissible 60000, 90000, 95000, 95000: mean 340000/4 = 85000; 70 % → 59500; nobody
        // is below. Lowest 60000: B2 100, B3 100 × 60000/90000 = 200/3, B4 = B5 100 × 60000/95000 = 1200/19.
        #expect(
            after.abnormallyLowScreens == [
                AbnormallyLowScreenResult(
                    criterion: "P", screen: screen, basisValue: q(85000), threshold: q(59500), flagged: [])
            ])
        #expect(after.benchmarks.first?.lowest == eur("60000"))
        #expect(after.benchmarks.first?.admissibleBids == 4)
        #expect(try after.bid("B2").totalPoints?.unrounded == q(100))
        #expect(try after.bid("B3").totalPoints?.unrounded == q(200, 3))
        #expect(try after.bid("B4").totalPoints?.unrounded == q(1200, 19))
        #expect(try after.bid("B2").rank == 1)
        #expect(try after.bid("B3").rank == 2)
        #expect(try after.bid("B4").rank == 3)
        #expect(try after.bid("B5").rank == 3)
        #expect(
            try after.bid("B1").status
                == .excluded(
                    Exclusion(
                        stage: .abnormallyLowRejected,
                        reason: "the contracting authority rejected the bid as abnormally low: the price does not cover"
                            + " the statutory minimum wage")))
        #expect(try after.bid("B1").totalPoints == nil)
    }

    @Test("After a rejection the median moves and a bid still below the new threshold stays flagged")
    func rejectionRecomputesTheMedian() throws {
        let screen = AbnormallyLowScreen(basis: .median, belowPercent: dec("70"))
        var input = Self.input(screen)
        // Before: median 90000, 70 % → 63000: B1 and B2 (see admissibleBasis).
        input.process.abnormallyLowDecisions["B1"] = AbnormallyLowDecision(isAccepted: false, reason: "unexplained")
        let after = try evaluateLot(input)
        // After: 60000, 90000, 95000, 95000: median (90000 + 95000)/2 = 92500; 70 % → 64750: B2 still.
        #expect(
            after.abnormallyLowScreens == [
                AbnormallyLowScreenResult(
                    criterion: "P", screen: screen, basisValue: q(92500), threshold: q(64750), flagged: ["B2"])
            ])
        #expect(try after.bid("B2").flags.map(\.code) == ["abnormally-low"])
        #expect(try after.bid("B2").rank == 1)
    }

    @Test("An accepted explanation keeps the bid in the benchmark and ranked, its flag saying why")
    func acceptanceKeepsTheBid() throws {
        let screen = AbnormallyLowScreen(basis: .estimatedValue, belowPercent: dec("60"))
        var input = Self.input(screen, lotValue: eur("100000"))
        input.process.abnormallyLowDecisions["B1"] = AbnormallyLowDecision(
            isAccepted: true, reason: "owns its test equipment outright")
        let lot = try evaluateLot(input)
        // 100000 × 60 % = 60000: B1 (40000) is flagged and stays lowest, ranked first.
        #expect(lot.abnormallyLowScreens.first?.flagged == ["B1"])
        #expect(lot.benchmarks.first?.lowest == eur("40000"))
        #expect(try lot.bid("B1").rank == 1)
        #expect(
            try lot.bid("B1").flags.first?.message
                == "price 40000 for criterion P is below 60% of the estimated-value (100000.00), i.e. below 60000.00;"
                + " the contracting authority accepted the tenderer's explanation: owns its test equipment outright")
    }
}
