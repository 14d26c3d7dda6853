import Foundation
import TenderDocuments
import TenderModel
import Testing

/// The eForms business rules on weights (BR-BT-00539-0194/0197/0200/0201/0209 and their LotsGroup
/// twins), each passing and failing, on small built notices.
@Suite("eForms business rules on weights")
struct EFormsBusinessRuleTests {
    /// One block of weights and the rules it must fail (empty: it passes them all).
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var weights: [(code: String?, number: String)]
        var failsLot: [String]
        var failsGroup: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // BR-BT-00539-0194 / -0195: order of importance for all or none.
        Case(
            name: "ord-imp on every criterion", weights: [("ord-imp", "1"), ("ord-imp", "2")], failsLot: [],
            failsGroup: []),
        Case(
            name: "ord-imp next to poi-exa", weights: [("ord-imp", "1"), ("poi-exa", "50")], failsLot: ["0194"],
            failsGroup: ["0195"]),
        // BR-BT-00539-0197 / -0205: no order beyond the number of orders.
        Case(name: "orders 1 and 1", weights: [("ord-imp", "1"), ("ord-imp", "1")], failsLot: [], failsGroup: []),
        Case(
            name: "orders 1 and 3 of 2", weights: [("ord-imp", "1"), ("ord-imp", "3")], failsLot: ["0197"],
            failsGroup: ["0205"]),
        // BR-BT-00539-0200 / -0202: percentages sum to 100 ± 1 per value.
        Case(name: "per-exa 40 + 60", weights: [("per-exa", "40"), ("per-exa", "60")], failsLot: [], failsGroup: []),
        Case(
            name: "per-exa 40 + 61 (within ± 2)", weights: [("per-exa", "40"), ("per-exa", "61")], failsLot: [],
            failsGroup: []),
        Case(
            name: "per-exa 39 + 59 (at the tolerance)", weights: [("per-exa", "39"), ("per-exa", "59")], failsLot: [],
            failsGroup: []),
        Case(
            name: "per-exa 40 + 57.99", weights: [("per-exa", "40"), ("per-exa", "57.99")], failsLot: ["0200"],
            failsGroup: ["0202"]),
        // BR-BT-00539-0201 / -0203: decimals sum to 1 ± 0.01 per value.
        Case(
            name: "dec-exa 0.4 + 0.6", weights: [("dec-exa", "0.4"), ("dec-exa", "0.6")], failsLot: [], failsGroup: []),
        Case(
            name: "dec-exa 0.4 + 0.62 (at the tolerance)", weights: [("dec-exa", "0.4"), ("dec-exa", "0.62")],
            failsLot: [], failsGroup: []),
        Case(
            name: "dec-exa 0.4 + 0.5", weights: [("dec-exa", "0.4"), ("dec-exa", "0.5")], failsLot: ["0201"],
            failsGroup: ["0203"]),
        Case(
            name: "dec-exa 40 + 60 (points typed as decimals)", weights: [("dec-exa", "40"), ("dec-exa", "60")],
            failsLot: ["0201"], failsGroup: ["0203"]),
        // BR-BT-00539-0209 / -0210: orders are whole numbers.
        Case(
            name: "order 2.0 is whole", weights: [("ord-imp", "2.0"), ("ord-imp", "1")], failsLot: [], failsGroup: []),
        Case(
            name: "order 1.5", weights: [("ord-imp", "1.5"), ("ord-imp", "1")], failsLot: ["0209"], failsGroup: ["0210"]
        ),
        // Several rules at once, reported in rule-ID order.
        Case(
            name: "order 2.5 of 2 next to per-exa 50",
            weights: [("ord-imp", "2.5"), ("ord-imp", "1"), ("per-exa", "50")],
            failsLot: ["0194", "0197", "0200", "0209"], failsGroup: ["0195", "0205", "0202", "0210"]),
        // Weights without a code take part in no rule.
        Case(
            name: "points and numbers without a code", weights: [("poi-exa", "30"), (nil, "70")], failsLot: [],
            failsGroup: []),
    ]

    @Test("A lot's weights fail exactly the rules they break", arguments: cases)
    func lotRules(_ testCase: Case) throws {
        let plan = try NoticeBuilder.weights(testCase.weights, scheme: "Lot").plan()
        let rules = plan.importNotes.filter { $0.code == "business-rule" }.compactMap(\.rule)
        #expect(rules == testCase.failsLot.map { "BR-BT-00539-" + $0 })
        #expect(
            plan.importNotes.filter { $0.code == "business-rule" }.allSatisfy { $0.message.contains("in lot LOT-0001") }
        )
    }

    @Test("A group's weights fail the LotsGroup rules", arguments: cases)
    func groupRules(_ testCase: Case) throws {
        let plan = try NoticeBuilder.weights(testCase.weights, scheme: "LotsGroup").plan()
        let rules = plan.importNotes.filter { $0.code == "business-rule" }.compactMap(\.rule)
        #expect(rules == testCase.failsGroup.map { "BR-BT-00539-" + $0 })
        #expect(plan.lots.first?.kind == .group)
    }

    @Test("BR-BT-00539-0194: the message is the SDK's, with what was found")
    func orderForAllOrNoneMessage() throws {
        let plan = try NoticeBuilder.weights([("ord-imp", "1"), ("poi-exa", "50")]).plan()
        let note = try #require(plan.importNotes.first { $0.code == "business-rule" })
        #expect(note.criterion == nil)
        #expect(
            note.description
                == "BR-BT-00539-0194: For a given 'Award criteria' (BG-707), 'Number is a type of weight' (BT-5421) must"
                + " be 'Order of importance' for all or none of 'Award criterion' (BG-38); found AC-1 ord-imp, AC-2 poi-exa"
                + " in lot LOT-0001")
    }

    @Test("BR-BT-00539-0197 and -0209: the messages are the SDK's, with what was found")
    func orderMessages() throws {
        let plan = try NoticeBuilder.weights([("ord-imp", "2.5"), ("ord-imp", "1")]).plan()
        #expect(
            plan.importNotes.filter { $0.code == "business-rule" }.map(\.description) == [
                "BR-BT-00539-0197: All order of importance values in 'Award criterion number' (BT-541) must be lower or"
                    + " equal to the total number of occurrences; found AC-1 = 2.5 with 2 occurrences in lot LOT-0001",
                "BR-BT-00539-0209: The values for the order of importance in 'Award criterion number' (BT-541) must be"
                    + " whole numbers; found AC-1 = 2.5 in lot LOT-0001",
            ])
    }

    @Test("BR-BT-00539-0202: the group message names the group of lots")
    func groupSumMessage() throws {
        let plan = try NoticeBuilder.weights([("per-exa", "40"), ("per-exa", "50")], scheme: "LotsGroup").plan()
        #expect(
            plan.importNotes.filter { $0.code == "business-rule" }.map(\.description) == [
                "BR-BT-00539-0202: The sum of all 'Award criterion number' (BT-541) of type 'Weight (percentage, exact)'"
                    + " must equal 100 for each criteria in the group of lots; found 90 (AC-1 = 40, AC-2 = 50) in group of"
                    + " lots GLO-0001, outside 100 ± 2"
            ])
    }

    @Test("Sums are exact: thirds written to 17 places pass, nothing goes through Double")
    func exactSums() throws {
        let third = "33.33333333333333333"
        let plan = try NoticeBuilder.weights([("per-exa", third), ("per-exa", third), ("per-exa", third)]).plan()
        #expect(!plan.noteCodes.contains("business-rule"))
        let weights = try #require(plan.lots.first).criteria.criteria.map(\.weight)
        #expect(weights.allSatisfy { $0 == Decimal(string: third, locale: Locale(identifier: "en_US_POSIX")) })
        // 0.1 + 0.2 + 0.7 is exactly 1 in decimal (a Double sum would be 0.9999999999999999).
        let decimals = try NoticeBuilder.weights([("dec-exa", "0.1"), ("dec-exa", "0.2"), ("dec-exa", "0.7")]).plan()
        #expect(decimals.lots.first?.criteria.weightSum == 1)
        #expect(decimals.lots.first?.criteria.weighting == .decimal)
    }
}
