import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

/// Many lots, bids for several lots, groups of lots with their own criteria (``MultiLotCase``).
@Suite("Lots and groups of lots")
struct MultiLotTests {
    /// The written case, loaded.
    static func loaded(editing edit: (URL) throws -> Void = { _ in }) throws -> LoadedCase {
        let folder = try MultiLotCase.write()
        try edit(folder)
        return try CaseFolder(path: folder.path).load()
    }

    static func evaluated(editing edit: (URL) throws -> Void = { _ in }) throws -> (EvaluationResult, TenderPlan) {
        let loaded = try loaded(editing: edit)
        let result = try evaluate(
            EvaluationInput(
                plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations))
        return (result, loaded.plan)
    }

    static func problems(editing edit: (URL) throws -> Void) throws -> [String] {
        let loaded = try loaded(editing: edit)
        do {
            _ = try evaluate(
                EvaluationInput(
                    plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets,
                    moderations: loaded.moderations))
            return []
        } catch {
            switch error {
            case let .invalidInput(problems): return problems.map(\.description)
            case let .planNotReady(problems): return problems.map(\.description)
            }
        }
    }

    func totals(_ result: EvaluationResult, _ lot: LotID) -> [String] {
        (result.lots.first { $0.lot == lot }?.bids ?? []).map {
            "\($0.bid) \($0.rank.map(String.init) ?? "—") \($0.totalPoints?.used.exactText ?? "—")"
        }
    }

    @Test("Each lot and the group are ranked on their own criteria, with exact totals worked by hand")
    func ranking() throws {
        let (result, _) = try Self.evaluated()
        #expect(result.lots.map(\.lot) == ["LOT-1", "LOT-2", "GLO-1"])
        // LOT-1: BID-A 60×4/4 + 40×90000/100000 = 60 + 36 = 96; BID-B 60×2/4 + 40 = 70.
        #expect(totals(result, "LOT-1") == ["BID-A 1 96", "BID-B 2 70"])
        // LOT-2: BID-C 30×2/4 + 70 = 85; BID-A 30×3/4 + 70×60000/80000 = 22.5 + 52.5 = 75.
        #expect(totals(result, "LOT-2") == ["BID-C 1 85", "BID-A 2 75"])
        // GLO-1: BID-D 50×4/4 + 50×150000/156250 = 50 + 48 = 98; BID-C 50×3/4 + 50 = 87.5.
        #expect(totals(result, "GLO-1") == ["BID-D 1 98", "BID-C 2 87.5"])
    }

    @Test("A bid for two lots is priced in each lot at its own price against that lot's benchmark")
    func twoLotsTwoPrices() throws {
        let (result, _) = try Self.evaluated()
        func bidA(_ lot: LotID) -> BidEvaluation? {
            result.lots.first { $0.lot == lot }?.bids.first { $0.bid == "BID-A" }
        }
        // LOT-1: 100 000 against BID-B's lowest 90 000: 40 × 0.9 = 36.
        #expect(bidA("LOT-1")?.pricePoints?.used == q(36))
        #expect(result.lots[0].benchmarks.first?.lowest == eurMoney("90000.00"))
        // LOT-2: 80 000 against BID-C's lowest 60 000: 70 × 0.75 = 52.5.
        #expect(bidA("LOT-2")?.pricePoints?.used == q(105, 2))
        #expect(result.lots[1].benchmarks.first?.lowest == eurMoney("60000.00"))
    }

    @Test("A combined bid is scored on the group's criteria only, never a lot's")
    func groupCriteriaOnly() throws {
        let (result, _) = try Self.evaluated()
        let group = try #require(result.lots.first { $0.lot == "GLO-1" })
        let bidC = try #require(group.bids.first { $0.bid == "BID-C" })
        // QG 50 × 3/4 = 37.5 and the group's price criterion P (50 × 150000/150000 = 50): no Q1 of LOT-2.
        #expect(bidC.criteria.map(\.criterion) == ["QG", "P"])
        #expect(bidC.criteria.map(\.points.used) == [q(75, 2), q(50)])
        // The group's benchmark comes from combined bids only: BID-C's 150 000, not a lot price.
        #expect(group.benchmarks.first?.lowest == eurMoney("150000.00"))
        #expect(group.benchmarks.first?.admissibleBids == 2)
    }

    @Test("A score sheet for the group that scores a lot's criterion is refused")
    func groupSheetWithLotCriterion() throws {
        let problems = try Self.problems { folder in
            let path = "scores/EV-1/GLO-1/BID-C.xml"
            let text = try TestSupport.read(path, in: folder)
            try TestSupport.write(
                text.replacingOccurrences(of: "criterion=\"QG\"", with: "criterion=\"Q1\""), to: path, in: folder)
        }
        #expect(
            problems.contains {
                $0.hasSuffix(
                    "score for criterion Q1, which lot GLO-1 does not have (only published criteria may be scored)")
            })
    }

    @Test("A combined bid must cover exactly the group's member lots")
    func coverage() throws {
        let missing = try Self.problems { folder in
            let text = try TestSupport.read("bids/BID-D.xml", in: folder)
            try TestSupport.write(
                text.replacingOccurrences(of: "    <Covers lot=\"LOT-2\"/>\n", with: "    <Covers lot=\"LOT-3\"/>\n"),
                to: "bids/BID-D.xml", in: folder)
        }
        #expect(
            missing.map { $0.replacing(#/^.*?: error: /#, with: "") } == [
                "bid BID-D's combined bid for group of lots GLO-1 covers LOT-1, LOT-3, but the plan's group combines"
                    + " exactly LOT-1, LOT-2: it does not cover LOT-2; LOT-3 is not in the group; a combined bid names"
                    + " each lot of the group with <Covers lot=\"…\"/> and no other (Directive 2014/24/EU Art. 46(3))"
            ])
        let none = try Self.problems { folder in
            let text = try TestSupport.read("bids/BID-D.xml", in: folder)
            try TestSupport.write(
                text.replacing(#/    <Covers lot="[^"]*"/>\n/#, with: ""), to: "bids/BID-D.xml", in: folder)
        }
        #expect(
            none.map { $0.replacing(#/^.*?: error: /#, with: "") } == [
                "bid BID-D's combined bid for group of lots GLO-1 names no lot, but the plan's group combines exactly"
                    + " LOT-1, LOT-2: it does not cover LOT-1, LOT-2; a combined bid names each lot of the group with"
                    + " <Covers lot=\"…\"/> and no other (Directive 2014/24/EU Art. 46(3))"
            ])
        let onALot = try Self.problems { folder in
            let text = try TestSupport.read("bids/BID-B.xml", in: folder)
            try TestSupport.write(
                text.replacingOccurrences(
                    of: "<LotBid lot=\"LOT-1\">\n", with: "<LotBid lot=\"LOT-1\">\n    <Covers lot=\"LOT-2\"/>\n"),
                to: "bids/BID-B.xml", in: folder)
        }
        #expect(
            onALot.map { $0.replacing(#/^.*?: error: /#, with: "") } == [
                "bid BID-B names lots its bid for lot LOT-1 covers (<Covers>), but lot LOT-1 is not a group of lots; a"
                    + " combined bid is made for a group of lots the plan declares"
            ])
    }

    @Test("A group must combine at least two lots the plan has, each a lot")
    func groupDeclaration() throws {
        let problems = try Self.problems { folder in
            let text = try TestSupport.read("tender.xml", in: folder)
            try TestSupport.write(
                text.replacingOccurrences(of: "<Member lot=\"LOT-2\"/>", with: "<Member lot=\"LOT-9\"/>"),
                to: "tender.xml",
                in: folder)
        }
        #expect(
            problems.map { $0.replacing(#/^.*?: error: /#, with: "") } == [
                "group of lots GLO-1 lists lot LOT-9, which the plan does not have (its lots: LOT-1, LOT-2); a group"
                    + " combines lots the plan evaluates"
            ])
        let single = try Self.problems { folder in
            let text = try TestSupport.read("tender.xml", in: folder)
            try TestSupport.write(
                text.replacingOccurrences(of: "<Member lot=\"LOT-2\"/>", with: "<Member lot=\"GLO-1\"/>"),
                to: "tender.xml", in: folder)
        }
        #expect(
            single.map { $0.replacing(#/^.*?: error: /#, with: "") } == [
                "group of lots GLO-1 lists GLO-1, which is itself a group; a group combines lots"
            ])
    }

    @Test("The group's winner is set beside its lots' winners, on price, without a decision")
    func combinedAward() throws {
        let (result, plan) = try Self.evaluated()
        let comparisons = result.combinedAwardComparisons(plan: plan)
        #expect(comparisons.count == 1)
        let comparison = try #require(comparisons.first)
        #expect(comparison.groupWinner?.bid == "BID-D")
        #expect(comparison.memberWinners.map { $0.winner?.bid } == ["BID-A", "BID-C"])
        // 156 250 − (100 000 + 60 000) = −3 750.
        #expect(
            comparison.outcome
                == .compared(groupPrice: q(156_250), membersPrice: q(160_000), difference: q(-3750)))
    }

    @Test("A lot without a single winner leaves the combined award without a price comparison")
    func combinedAwardWithoutWinner() throws {
        // BID-B scores 4 in LOT-1 too: 60 + 40 = 100 against BID-A's 96. LOT-1 still has one winner; make
        // BID-A and BID-B tie exactly instead: BID-A at 90 000 with score 2 ties BID-B (both 70), and the
        // tie-break (highest quality points) does not separate them.
        let (result, plan) = try Self.evaluated { folder in
            let bid = try TestSupport.read("bids/BID-A.xml", in: folder)
            try TestSupport.write(
                bid.replacingOccurrences(of: ">100000.00<", with: ">90000.00<"), to: "bids/BID-A.xml", in: folder)
            for evaluator in ["EV-1", "EV-2"] {
                let path = "scores/\(evaluator)/LOT-1/BID-A.xml"
                let sheet = try TestSupport.read(path, in: folder)
                try TestSupport.write(
                    sheet.replacingOccurrences(of: "value=\"4\"", with: "value=\"2\""), to: path, in: folder)
            }
        }
        #expect(totals(result, "LOT-1") == ["BID-A 1 70", "BID-B 1 70"])
        #expect(
            result.combinedAwardComparisons(plan: plan).first?.outcome
                == .notComparable("lot LOT-1 has no single bid ranked first"))
    }

    @Test("A bid rejected as abnormally low in one lot stays in the other lot it bids for")
    func abnormallyLowInOneLot() throws {
        // Screen: below 90 % of the mean. BID-A bids 40 000 in LOT-2: mean (40000 + 60000) ÷ 2 = 50 000,
        // 90 % = 45 000, so BID-A is flagged there. In LOT-1 the mean of 100 000 and 90 000 is 95 000,
        // 90 % = 85 500: nobody is flagged. In GLO-1: mean 153 125, 90 % = 137 812.50: nobody.
        let loaded = try Self.loaded { folder in
            let plan = try TestSupport.read("tender.xml", in: folder)
            try TestSupport.write(
                plan.replacingOccurrences(
                    of: "</TieBreak>\n",
                    with: "</TieBreak>\n    <AbnormallyLowScreen basis=\"mean\" belowPercent=\"90\"/>\n"),
                to: "tender.xml", in: folder)
            let bid = try TestSupport.read("bids/BID-A.xml", in: folder)
            try TestSupport.write(
                bid.replacingOccurrences(of: ">80000.00<", with: ">40000.00<"), to: "bids/BID-A.xml", in: folder)
        }
        func run(_ process: ProcessFacts) throws -> EvaluationResult {
            try evaluate(
                EvaluationInput(
                    plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets,
                    moderations: loaded.moderations, process: process))
        }
        let flagged = try run(ProcessFacts())
        #expect(flagged.lots.map { $0.abnormallyLowScreens.flatMap(\.flagged) } == [[], ["BID-A"], []])
        let rejected = try run(
            ProcessFacts(abnormallyLowDecisions: ["BID-A": AbnormallyLowDecision(isAccepted: false, reason: "No.")]))
        // LOT-1 unchanged: BID-A 96, BID-B 70. LOT-2: BID-A excluded; BID-C alone 15 + 70 = 85.
        #expect(totals(rejected, "LOT-1") == ["BID-A 1 96", "BID-B 2 70"])
        #expect(totals(rejected, "LOT-2") == ["BID-C 1 85", "BID-A — —"])
        let excluded = rejected.lots[1].bids.last?.status
        #expect(
            excluded
                == .excluded(
                    Exclusion(
                        stage: .abnormallyLowRejected,
                        reason: "the contracting authority rejected the bid as abnormally low: No.")))
    }

    @Test("A score sheet filed in another lot's folder is refused, naming the file")
    func sheetInWrongLotFolder() throws {
        let folder = try MultiLotCase.write()
        let from = folder.appendingPathComponent("scores/EV-1/LOT-1/BID-A.xml")
        let to = folder.appendingPathComponent("scores/EV-1/LOT-2/BID-A.xml")
        try FileManager.default.removeItem(at: to)
        try FileManager.default.moveItem(at: from, to: to)
        let error = #expect(throws: DocumentReadError.self) { try CaseFolder(path: folder.path).load() }
        #expect(
            error?.problems.map(\.message) == [
                "the document names lot LOT-1 but its file is scores/EV-1/LOT-2/BID-A.xml; file it as"
                    + " scores/<evaluator>/<bid-id>.xml (or scores/<evaluator>/<lot-id>/<bid-id>.xml)"
            ])
    }

    func eurMoney(_ text: String) -> Money? { Money(text: text, currency: "EUR") }
}
