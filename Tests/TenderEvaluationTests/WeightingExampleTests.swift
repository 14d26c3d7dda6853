import TenderEvaluation
import TenderModel
import Testing

/// The example: percentage weightings are summed exactly, with no tolerance.
@Suite("Percentage weightings sum exactly")
struct WeightingExampleTests {
    /// Nine quality criteria C1…C9 of 10.1 % each on 0–4, and price P of `priceWeight` %.
    static func lot(priceWeight: String) -> Lot {
        let quality = (1...9).map { Build.scored(CriterionID("C\($0)"), weight: "10.1", line: 20 + $0) }
        return Build.lot(Build.level(.percent, quality + [Build.priced("P", weight: priceWeight, line: 30)], line: 20))
    }

    @Test("Binary floating point does not add nine 10.1s and a 9.1 to 100")
    func doubleFails() {
        var sum = 0.0
        for _ in 1...9 { sum += 10.1 }
        sum += 9.1
        #expect(sum != 100)
        #expect(sum < 100)
    }

    @Test("Nine weightings of 10.1 and one of 9.1 sum to exactly 100: the plan is ready")
    func exactSumIsReady() {
        let plan = Build.plan([Self.lot(priceWeight: "9.1")])
        #expect(plan.readinessProblems().isEmpty)
        #expect(plan.lots[0].criteria.weightSum == dec("100"))
    }

    @Test("The plan with nine 10.1s and a 9.1 evaluates to exact totals")
    func exactSumEvaluates() throws {
        // B1 scores 4 everywhere at the lowest price: 9 × 10.1 + 9.1 = 100.
        // B2 scores 2 everywhere at twice the price: 9 × 10.1 × 2/4 = 45.45; 9.1 × 1/2 = 4.55; total 50.
        let criteria = (1...9).map { CriterionID("C\($0)") }
        let input = Build.input(
            Build.plan([Self.lot(priceWeight: "9.1")]),
            bids: [Build.bid("B1", price: "100"), Build.bid("B2", price: "200")],
            sheets: [
                Build.sheet("EV-1", "B1", criteria.map { ($0, "4") }),
                Build.sheet("EV-1", "B2", criteria.map { ($0, "2") }),
            ])
        let lot = try evaluateLot(input)
        let b1 = try lot.bid("B1")
        #expect(b1.qualityPoints == PointsValue(exact: q(909, 10)))
        #expect(b1.pricePoints == PointsValue(exact: q(91, 10)))
        #expect(b1.totalPoints == PointsValue(exact: q(100)))
        let b2 = try lot.bid("B2")
        #expect(b2.qualityPoints == PointsValue(exact: q(4545, 100)))
        #expect(b2.pricePoints == PointsValue(exact: q(455, 100)))
        #expect(b2.totalPoints == PointsValue(exact: q(50)))
        #expect(b2.totalPoints?.used.exactText == "50")
    }

    @Test("Nine 10.1s and a 9.0 sum to 99.9, reported at the award criteria's location")
    func inexactSumIsNotReady() {
        let plan = Build.plan([Self.lot(priceWeight: "9.0")])
        let message =
            "the percentage weightings of criteria C1, C2, C3, C4, C5, C6, C7, C8, C9, P in lot LOT-1 sum to"
            + " 99.9, not exactly 100"
        #expect(plan.readinessProblems() == [ReadinessProblem(location: at("tender.xml", 20), message: message)])
        let error = evaluationError(Build.input(plan, bids: []))
        #expect(error == .planNotReady([ReadinessProblem(location: at("tender.xml", 20), message: message)]))
        #expect(error?.description == "tender.xml:20: error: " + message)
    }

    @Test("A sub-criteria level that does not sum to 100 names its own location")
    func subLevelSum() {
        let children = Build.level(
            .percent,
            [
                Build.scored("Q1", weight: "50", line: 32), Build.scored("Q2", weight: "49.99", line: 33),
            ], line: 31)
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.parent("Q", weight: "60", children: children, line: 30),
                    Build.priced("P", weight: "40", line: 34),
                ], line: 20))
        #expect(
            Build.plan([lot]).readinessProblems() == [
                ReadinessProblem(
                    location: at("tender.xml", 31),
                    message: "the percentage weightings of criteria Q1, Q2 in lot LOT-1 sum to 99.99, not exactly 100")
            ])
    }

    @Test("Points weightings may sum to anything above zero")
    func pointsAnyTotal() {
        let lot = Build.lot(
            Build.level(
                .points,
                [
                    Build.scored("Q", weight: "40", line: 21), Build.priced("P", weight: "70", line: 22),
                ], line: 20))
        #expect(Build.plan([lot]).readinessProblems().isEmpty)
    }
}
