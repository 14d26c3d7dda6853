import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// A case with two lots and a group of lots (``MultiLotCase``) through the command line: the
/// ranking per lot and group, the combined-award comparison, an award per lot, the refusal to award
/// a lot twice, assessment summaries per awarded lot, and verification.
@Suite("Lots and groups of lots, end to end")
struct MultiLotCommandTests {
    @Test("evaluate prints each lot and the group, then the group's winner beside its lots' winners")
    func evaluateOutput() throws {
        let (folder, _) = try MultiLotCase.writeAndRun()
        let result = try CLIHarness.tender("evaluate", folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("Lot LOT-1 — Cleaning, north\n"))
        #expect(output.contains("Lot LOT-2 — Cleaning, south\n"))
        #expect(output.contains("Lot GLO-1 — Cleaning, north and south combined\n"))
        #expect(
            output.contains(
                """
                Group of lots GLO-1 against its lots (a combined award, Directive 2014/24/EU Art. 46(3))
                  Group winner    GLO-1: Delta Integrated FM Ltd [BID-D], 156250.00 EUR
                  Lot winner      LOT-1: Alpha Cleaning Ltd [BID-A], 100000.00 EUR
                  Lot winner      LOT-2: Gamma Facilities Ltd [BID-C], 60000.00 EUR
                  On the price (or life-cycle cost) scored, the group winner's 156250.00 EUR is 3750.00 EUR less than the lot winners' together, 160000.00 EUR.
                  Whether to award the group or its lots is the contracting authority's decision, as its notice reserved it; points are not compared (each is scored on its own criteria). A lot is awarded once.
                """))
    }

    @Test("evaluate --format json gives the comparison with exact amounts")
    func evaluateJSON() throws {
        let (folder, _) = try MultiLotCase.writeAndRun()
        let result = try CLIHarness.tender("evaluate", folder.path, "--format", "json")
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let evaluation = try #require(json["evaluation"] as? [String: Any])
        let combined = try #require((evaluation["combinedAwards"] as? [[String: Any]])?.first)
        #expect(combined["group"] as? String == "GLO-1")
        #expect((combined["groupWinner"] as? [String: Any])?["bid"] as? String == "BID-D")
        #expect(
            (combined["lotWinners"] as? [[String: Any]])?.compactMap { $0["bid"] as? String } == ["BID-A", "BID-C"])
        #expect(combined["groupPrice"] as? String == "156250")
        #expect(combined["lotWinnersPrice"] as? String == "160000")
        #expect(combined["difference"] as? String == "-3750")
    }

    @Test("Each lot is awarded on its own; the group overlapping them is then refused; summaries and verify pass")
    func awardPerLot() throws {
        let (folder, clock) = try MultiLotCase.writeAndRun()
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        let lead = MultiLotCase.panel.key("LEAD")
        clock.set("2025-03-24T09:00:00+00:00")
        _ = try lifecycle.award(
            lot: "LOT-1", bid: "BID-A", justification: "Ranked first in LOT-1 with 96 points.", key: lead)
        _ = try lifecycle.award(
            lot: "LOT-2", bid: "BID-C", justification: "Ranked first in LOT-2 with 85 points.", key: lead)
        #expect(throws: LifecycleError.self) {
            try lifecycle.award(lot: "GLO-1", bid: "BID-D", justification: "Ranked first in GLO-1.", key: lead)
        }
        do {
            _ = try lifecycle.award(lot: "GLO-1", bid: "BID-D", justification: "Ranked first in GLO-1.", key: lead)
        } catch {
            #expect(
                "\(error)".contains(
                    "lot LOT-1 was recommended for award to BID-A in entry 22, and it overlaps group of lots GLO-1: a lot"
                        + " is awarded either on its own or in a combined award of a group of lots containing it, not"
                        + " both (Directive 2014/24/EU Art. 46(3))"))
        }
        let summaries = try CLIHarness.tender("summaries", folder.path)
        #expect(summaries.status == 0, "\(summaries.standardError)")
        let directory = folder.appendingPathComponent("reports/summaries").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["LOT-1", "LOT-2"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory + "/LOT-2").sorted()
                == ["BID-A.html", "BID-A.md", "BID-C.html", "BID-C.md"])
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 0, "\(verify.standardOutput)")
    }

    @Test("import-notice --all-lots writes one plan with every lot and group; --lot and --all-lots exclude each other")
    func importAllLots() throws {
        let notice = TestSupport.packageRoot.appendingPathComponent(
            "Tests/TenderDocumentsTests/Fixtures/eforms/eforms-sdk/notices/cn_24_maximal.xml")
        let output = try TestSupport.temporaryFolder("all-lots").appendingPathComponent("tender.xml")
        let result = try CLIHarness.tender("import-notice", notice.path, "--all-lots", "--output", output.path)
        #expect(result.status == 0, "\(result.standardError)")
        let plan = try TenderPlan.read(contentsOf: output, displayPath: "tender.xml")
        #expect(plan.lots.map(\.id) == ["GLO-0001", "LOT-0001", "LOT-0002"])
        #expect(plan.lots[0].kind == .group && plan.lots[0].members == ["LOT-0001", "LOT-0002"])
        #expect(plan.source?.lot == nil)
        #expect(result.standardError.contains("Imported group of lots GLO-0001: "))
        let both = try CLIHarness.tender("import-notice", notice.path, "--all-lots", "--lot", "LOT-0001")
        #expect(both.status != 0)
        #expect(both.standardError.contains("--lot and --all-lots cannot be combined"))
        let neither = try CLIHarness.tender("import-notice", notice.path)
        #expect(neither.status != 0)
        #expect(
            neither.standardError.contains(
                "say which lot to import with --lot LOT-ID, or import every lot with --all-lots"))
    }
}
