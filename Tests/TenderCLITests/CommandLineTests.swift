import Foundation
import TestSupport
import Testing

/// The `tender` executable end to end: output, exit codes, and that bad input writes nothing.
@Suite("The tender command")
struct CommandLineTests {
    static let shippedCase = TestSupport.packageRoot.appendingPathComponent("tenders/renfrewshire-electrical-testing")

    /// A copy of the shipped case without any evidence, in a temporary folder.
    func shippedCaseCopy() throws -> URL {
        let copy = try TestSupport.copyOfFolder(Self.shippedCase)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("evidence"))
        return copy
    }

    @Test("evaluate then verify succeed on the shipped case, and the ranking is the expected one")
    func shippedCase() throws {
        let folder = try shippedCaseCopy()
        let evaluate = try TestSupport.runTender(["evaluate", folder.path])
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let ranking = evaluate.standardOutput.split(separator: "\n").filter { $0.contains("[BID-") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(
            ranking == [
                "1 Linwood Moss Electrical Services Ltd [BID-004] 10.00 75.00 85.00 ranked abnormally-low",
                "2 Gryffe Valley Electrical Testing Ltd [BID-001] 23.75 43.22 66.97 ranked",
                "3 Castlesemple Electrical Compliance Ltd [BID-006] 18.25 46.19 64.44 ranked",
                "4 Clyde and Cart Compliance Services Ltd [BID-002] 12.50 50.19 62.69 ranked",
                "— Muirshiel Inspection and Testing Ltd [BID-003] — — — excluded (gate)",
                "— Barochan Safety Testing Ltd [BID-005] 8.75 — — excluded (quality-threshold)",
            ])
        let verify = try TestSupport.runTender(["verify", folder.path])
        #expect(verify.status == 0, "\(verify.standardOutput)")
        #expect(verify.standardOutput.hasSuffix("Verified: all 9 checks passed.\n"))
    }

    @Test("The shipped case's results equal the reviewed golden file")
    func goldenResults() throws {
        let folder = try shippedCaseCopy()
        let evaluate = try TestSupport.runTender(["evaluate", folder.path])
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let results = try TestSupport.read("evidence/results.xml", in: folder)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Golden/renfrewshire-results.xml")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try Data(results.utf8).write(to: golden)
            Issue.record("recorded \(golden.path); review it and run again without RECORD_GOLDEN")
            return
        }
        let expected = String(decoding: try Data(contentsOf: golden), as: UTF8.self)
        if results != expected {
            let diff = try TestSupport.shell(
                "diff -u '\(golden.path)' '\(folder.path)/evidence/results.xml' | head -60")
            Issue.record("results differ from the golden file:\n\(diff.standardOutput)")
        }
    }

    @Test("Evaluating twice on unchanged inputs changes nothing")
    func evaluateTwice() throws {
        let folder = try shippedCaseCopy()
        _ = try TestSupport.runTender(["evaluate", folder.path])
        let first = try TestSupport.read("evidence/checkpoint.xml", in: folder)
        let results = try TestSupport.read("evidence/results.xml", in: folder)
        let second = try TestSupport.runTender(["evaluate", folder.path])
        #expect(second.status == 0)
        #expect(second.standardOutput.contains("Evidence: unchanged"))
        #expect(try TestSupport.read("evidence/checkpoint.xml", in: folder) == first)
        #expect(try TestSupport.read("evidence/results.xml", in: folder) == results)
    }

    @Test("verify fails with exit 1 and names the file when a bid is changed after evaluation")
    func verifyTampered() throws {
        let folder = try shippedCaseCopy()
        _ = try TestSupport.runTender(["evaluate", folder.path])
        let bid = try TestSupport.read("bids/BID-002.xml", in: folder)
        try TestSupport.write(
            bid.replacingOccurrences(of: "386400.00", with: "376400.00"), to: "bids/BID-002.xml", in: folder)
        let verify = try TestSupport.runTender(["verify", folder.path])
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("FAIL  inputs-match-record"))
        #expect(
            verify.standardOutput.contains(
                "\(folder.path)/bids/BID-002.xml: content differs from what entry 25 recorded"))
        #expect(verify.standardOutput.hasSuffix("NOT VERIFIED: 2 of 9 checks did not pass.\n"))
    }

    @Test("verify on a case that was never evaluated fails with exit 1")
    func verifyWithoutEvidence() throws {
        let folder = try shippedCaseCopy()
        let verify = try TestSupport.runTender(["verify", folder.path])
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("FAIL  trail-is-present"))
    }

    @Test(
        "Usage errors and missing folders exit 2",
        arguments: [
            ["evaluate"], ["evaluate", "--no-such-option", "x"], ["evaluate", "/no/such/case"],
            ["verify", "/no/such/case"],
            ["import-notice", "/no/such/notice.xml", "--lot", "LOT-1"], ["import-notice", "x.xml"], ["no-such-command"],
        ])
    func usage(_ arguments: [String]) throws {
        let result = try TestSupport.runTender(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(!result.standardError.isEmpty)
    }
}
