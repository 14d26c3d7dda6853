import Testing

@testable import TenderModel

/// A lot bid keeps which criteria it answers apart from the answers' texts, which evaluation drops.
struct LotBidResponsesTests {
    private static func lotBid(_ responses: [CriterionID: String]) -> LotBid {
        LotBid(lot: "LOT-1", prices: [], responses: responses, location: FileLocation(path: "bids/BID-1.xml", line: 4))
    }

    @Test("the responses read back as given; the answered criteria are their keys in order")
    func roundTrip() {
        let given: [CriterionID: String] = ["Q2": "We staff the helpdesk 24/7.", "Q1": "", "Q10": "ISO 9001."]
        let bid = Self.lotBid(given)
        #expect(bid.responses == given)
        #expect(bid.answeredCriteria == ["Q1", "Q10", "Q2"])
        #expect(Self.lotBid([:]).responses.isEmpty && Self.lotBid([:]).answeredCriteria.isEmpty)
    }

    @Test("removing the texts keeps the criteria, each with an empty text, equal to a bid given empty texts")
    func removedTexts() {
        var bid = Self.lotBid(["Q1": "Method.", "Q2": "Staff."])
        bid.removeResponseTexts()
        #expect(bid.responses == ["Q1": "", "Q2": ""])
        #expect(bid.answeredCriteria == ["Q1", "Q2"])
        #expect(bid == Self.lotBid(["Q1": "", "Q2": ""]))
        #expect(bid != Self.lotBid(["Q1": "Method.", "Q2": "Staff."]))
    }

    @Test("setting the responses replaces criteria and texts")
    func setting() {
        var bid = Self.lotBid(["Q1": ""])
        bid.responses["Q3"] = "Added."
        #expect(bid.responses == ["Q1": "", "Q3": "Added."])
        bid.responses = [:]
        #expect(bid.answeredCriteria.isEmpty && bid == Self.lotBid([:]))
    }
}
