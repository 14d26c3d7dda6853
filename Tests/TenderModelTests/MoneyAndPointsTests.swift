import Foundation
import TenderModel
import Testing

@Suite("Money")
struct MoneyTests {
    @Test("Money keeps its written form and its exact amount")
    func writtenForm() throws {
        let money = try #require(Money(text: "95000.00", currency: "EUR"))
        #expect(money.text == "95000.00")
        #expect(money.description == "95000.00 EUR")
        #expect(money.exact == q(95000))
        #expect(money.amount == dec("95000"))
        #expect(try #require(Money(text: "0.10", currency: "GBP")).exact == q(1, 10))
    }

    @Test("Amounts equal in value and currency are equal, whatever their written form")
    func equality() throws {
        let a = try #require(Money(text: "95000.00", currency: "EUR"))
        let b = try #require(Money(text: "95000", currency: "EUR"))
        let c = try #require(Money(text: "95000", currency: "USD"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
    }

    @Test(
        "Money refuses text that is not a strict decimal", arguments: ["1,5", "1e5", "+1", ".5", "5.", "", " 1", "€5"])
    func refuses(text: String) {
        #expect(Money(text: text, currency: "EUR") == nil)
    }
}

@Suite("Points")
struct PointsTests {
    @Test("Points add exactly and round as the plan declares")
    func addAndRound() {
        let sum = Points(q(70, 3)) + Points(q(480, 19))
        #expect(sum == Points(q(2770, 57)))
        #expect(sum.description == "2770/57")
        #expect(sum.rounded(Rounding(places: 2, mode: .halfUp, stage: .total)) == Points(q(486, 10)))
        #expect(sum.rounded(Rounding(places: 2, mode: .down, stage: .criterionPoints)) == Points(q(4859, 100)))
        #expect(Points(q(1, 2)) < Points(q(2, 3)))
        #expect(Points.zero + Points(q(5)) == Points(q(5)))
    }

    @Test("Rounding stages have the names plans use")
    func stageNames() {
        #expect(Rounding.Stage.criterionPoints.rawValue == "criterion-points")
        #expect(Rounding.Stage.total.rawValue == "total")
    }
}
