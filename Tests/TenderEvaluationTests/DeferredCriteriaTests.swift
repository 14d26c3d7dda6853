import TenderModel
import Testing

@testable import TenderEvaluation

/// A bid's criterion points are made again from its score sheets when read
/// (``BidEvaluation/criteria``): the same each time, the same as given ones, and the score leaves
/// (``BidEvaluation/scoreDetails``) the same as the tree's.
@Suite("Criterion points made when read")
struct DeferredCriteriaTests {
    static func scoreLeaves(_ criteria: [CriterionEvaluation]) -> [String] {
        var leaves: [String] = []
        func visit(_ evaluation: CriterionEvaluation) {
            if case let .score(detail) = evaluation.detail { leaves.append("\(evaluation.criterion) \(detail)") }
            evaluation.children.forEach(visit)
        }
        criteria.forEach(visit)
        return leaves
    }

    @Test("Every bid of two lots (sub-criteria, moderation, a gate and a threshold exclusion), on 1 and 3 threads")
    func sameEachTime() throws {
        let input = FileOrderTests.caseInput()
        let one = try evaluate(input, workers: 1)
        let three = try evaluate(input, workers: 3)
        #expect(one == three)
        var stages: Set<String> = []
        for lot in one.lots {
            for bid in lot.bids {
                let criteria = bid.criteria
                #expect(bid.criteria == criteria, "\(lot.lot) \(bid.bid)")
                var given = bid
                given.criteria = criteria
                #expect(given == bid, "\(lot.lot) \(bid.bid)")
                #expect(
                    bid.scoreDetails.map { "\($0.criterion) \($0.detail)" } == Self.scoreLeaves(criteria),
                    "\(lot.lot) \(bid.bid)")
                #expect(
                    given.scoreDetails.map { "\($0.criterion) \($0.detail)" } == Self.scoreLeaves(criteria),
                    "\(lot.lot) \(bid.bid)")
                switch bid.status {
                case .ranked:
                    stages.insert("ranked")
                    #expect(criteria.contains { if case .price = $0.detail { true } else { false } })
                case let .excluded(exclusion):
                    stages.insert(exclusion.stage.rawValue)
                    // Excluded before price scoring: no price points; at a gate, nothing scored at all.
                    #expect(!criteria.contains { if case .price = $0.detail { true } else { false } })
                    if exclusion.stage == .gate { #expect(criteria.isEmpty && bid.scoreDetails.isEmpty) }
                }
            }
        }
        #expect(stages == ["ranked", "gate", "quality-threshold"])
    }
}
