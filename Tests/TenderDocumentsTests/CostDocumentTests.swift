import Foundation
import TenderDocuments
import TenderModel
import TenderXML
import TestSupport
import Testing

/// The plan's life-cycle cost model, the new price formulas and `allowZero` / `allowNegative`, and
/// the bid's `<LifeCycleCost>` figures: read, written back, and validated by the XSDs.
@Suite("Life-cycle cost and price formula documents")
struct CostDocumentTests {
    static func plan(_ text: String) throws -> TenderPlan { try TenderPlan.parse(Array(text.utf8), path: "tender.xml") }

    static func bid(_ text: String) throws -> Bid {
        try Bid.read(from: NativeDocument.load(.bid, bytes: Array(text.utf8), path: "bids/BID-A.xml"))
    }

    static func criterion(_ plan: TenderPlan, _ id: CriterionID) throws -> Criterion {
        try #require(plan.lots.first?.criterion(id))
    }

    @Test("The cost model is read with each kind's default timing, and written back the same")
    func costModel() throws {
        let plan = try Self.plan(LifeCycleCostCase.plan)
        let criterion = try Self.criterion(plan, "C")
        let model = try #require(criterion.lifeCycleCost)
        #expect(model.years == 5)
        #expect(model.discountRatePercent == Decimal(string: "3.5"))
        #expect(model.components.map(\.id) == ["buy", "energy", "service", "disposal"])
        #expect(model.components.map(\.timing) == [.start, .yearly, .yearly, .end])
        #expect(model.components.map(\.kind) == [.acquisition, .operating, .maintenance, .endOfLife])
        #expect(model.components.first?.name == "Purchase and installation")
        #expect(criterion.method == .price(.lowestPriceRatio))
        #expect(criterion.acceptedPrices == .positiveOnly)
        #expect(plan.readinessProblems() == [])

        let written = try plan.xmlDocument.serialized()
        let again = try TenderPlan.parse(written, path: "tender.xml")
        let reread = try #require(try Self.criterion(again, "C").lifeCycleCost)
        #expect(reread.components == model.components)
        #expect(reread.years == 5)
        #expect(reread.discountRatePercent == model.discountRatePercent)
        // Default timings are not written out; the text is.
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains(#"<LifeCycleCost years="5" discountRate="3.5">"#))
        #expect(text.contains(#"<Component id="buy" kind="acquisition">Purchase and installation</Component>"#))
    }

    @Test("An 'other' component must say when it falls; with timing it is read")
    func otherComponent() throws {
        let withoutTiming = LifeCycleCostCase.plan.replacingOccurrences(
            of: #"<Component id="service" kind="maintenance">"#, with: #"<Component id="service" kind="other">"#)
        let error = #expect(throws: DocumentReadError.self) { try Self.plan(withoutTiming) }
        #expect(
            error?.problems.map(\.message) == [
                "cost component service is of kind other: say when it falls with timing=\"start\", \"yearly\" or \"end\""
            ])
        let withTiming = LifeCycleCostCase.plan.replacingOccurrences(
            of: #"<Component id="service" kind="maintenance">"#,
            with: #"<Component id="service" kind="other" timing="end">"#)
        let model = try #require(try Self.criterion(Self.plan(withTiming), "C").lifeCycleCost)
        #expect(model.component("service")?.timing == .end)
    }

    @Test("The schema refuses a duplicate component, a negative rate and an unknown formula kind")
    func schemaRefusals() {
        let duplicate = LifeCycleCostCase.plan.replacingOccurrences(
            of: #"<Component id="service""#, with: #"<Component id="energy""#)
        let negativeRate = LifeCycleCostCase.plan.replacingOccurrences(
            of: #"discountRate="3.5""#, with: #"discountRate="-1""#)
        let unknown = LifeCycleCostCase.plan.replacingOccurrences(
            of: #"kind="lowest-price-ratio""#, with: #"kind="lowest-price-per-point""#)
        for text in [duplicate, negativeRate, unknown] {
            #expect(throws: DocumentReadError.self) { try Self.plan(text) }
        }
    }

    @Test(
        "The new formula kinds and allowZero / allowNegative are read and written back",
        arguments: [
            (
                #"<PriceFormula kind="price-per-quality-point"/>"#, PriceFormula.pricePerQualityPoint,
                AcceptedPrices.positiveOnly
            ),
            (#"<PriceFormula kind="relative-to-average"/>"#, .relativeToAverage, .positiveOnly),
            (
                #"<PriceFormula kind="linear-lowest-to-highest" allowZero="true" allowNegative="true"/>"#,
                .linearLowestToHighest, AcceptedPrices(zero: true, negative: true)
            ),
            (
                #"<PriceFormula kind="linear-between-bounds" fullPointsAt="-500.00" zeroPointsAt="90000" allowNegative="1"/>"#,
                .linearBetweenBounds(
                    fullPointsAt: Money(text: "-500.00", currency: "EUR")!,
                    zeroPointsAt: Money(text: "90000", currency: "EUR")!),
                AcceptedPrices(zero: false, negative: true)
            ),
        ])
    func formulas(element: String, formula: PriceFormula, accepted: AcceptedPrices) throws {
        let text = MiniCase.plan.replacingOccurrences(of: #"<PriceFormula kind="lowest-price-ratio"/>"#, with: element)
        let plan = try Self.plan(text)
        let criterion = try Self.criterion(plan, "P")
        #expect(criterion.method == .price(formula))
        #expect(criterion.acceptedPrices == accepted)
        let again = try TenderPlan.parse(plan.xmlDocument.serialized(), path: "tender.xml")
        #expect(try Self.criterion(again, "P").method == .price(formula))
        #expect(try Self.criterion(again, "P").acceptedPrices == accepted)
    }

    @Test("A bid's <LifeCycleCost> figures are read with their component, currency and line")
    func bidFigures() throws {
        let text = MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "1.00").replacingOccurrences(
            of: #"<Price currency="EUR">1.00</Price>"#, with: LifeCycleCostCase.costs("BID-B"))
        let bid = try Self.bid(text)
        let costs = try #require(bid.lotBids.first?.lifeCycleCosts.first)
        #expect(bid.lotBids.first?.prices == [])
        #expect(costs.criterion == "C")
        #expect(costs.figures.map(\.component) == ["buy", "energy", "service", "disposal"])
        #expect(costs.figures.map(\.amount.text) == ["90000.00", "8000.00", "2500.00", "-1000.00"])
        #expect(costs.figures.map(\.location.line) == [7, 8, 9, 10])
    }

    @Test("A lot bid needs a <Price> or a <LifeCycleCost>; both together are valid; a repeated component is not")
    func bidSchema() throws {
        let base = MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "1.00")
        let neither = base.replacingOccurrences(of: #"<Price currency="EUR">1.00</Price>"#, with: "")
        #expect(throws: DocumentReadError.self) { try Self.bid(neither) }
        let both = base.replacingOccurrences(
            of: #"<Price currency="EUR">1.00</Price>"#,
            with: #"<Price currency="EUR" criterion="P">1.00</Price>"# + LifeCycleCostCase.costs("BID-A"))
        #expect(try Self.bid(both).lotBids.first?.lifeCycleCosts.count == 1)
        let repeated = base.replacingOccurrences(
            of: #"<Price currency="EUR">1.00</Price>"#,
            with: LifeCycleCostCase.costs("BID-A").replacingOccurrences(
                of: #"component="service""#, with: #"component="energy""#))
        #expect(throws: DocumentReadError.self) { try Self.bid(repeated) }
    }
}
