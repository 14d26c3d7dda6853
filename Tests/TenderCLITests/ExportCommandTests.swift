import Foundation
import TestSupport
import Testing

/// `tender export CASE --format csv|ocds [--output FILE]`: what it writes, where, and what it refuses.
@Suite("tender export")
struct ExportCommandTests {
    @Test("--format csv writes reports/score-matrix.csv in the case: 84 rows, CRLF; the case still verifies")
    func csvDefaultOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let evidence = CLIHarness.snapshot(folder.appendingPathComponent("evidence"))
        let result = try CLIHarness.tender("export", folder.path, "--format", "csv")
        CLIHarness.expectSuccess(
            result,
            printing: [
                "Wrote \(folder.path)/reports/score-matrix.csv: 84 rows (bids × scored criteria × evaluators)"
            ])
        let text = try TestSupport.read("reports/score-matrix.csv", in: folder)
        #expect(text.hasPrefix("lot,bid,tenderer_id,tenderer,criterion,criterion_name,criterion_weight,"))
        #expect(text.hasSuffix("\r\n"))
        #expect(
            text.contains(
                "\r\nLOT-0000,BID-001,TEN-001,Gryffe Valley Electrical Testing Ltd,AC-1,Methodology and approach,15,4,"
                    + "EV-1,Alasdair Brodie,4,\""))
        let evidenceAfter = CLIHarness.snapshot(folder.appendingPathComponent("evidence"))
        CLIHarness.expectUnchanged(evidence, evidenceAfter)
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 0, "\(verify.standardOutput)")
    }

    @Test("--format ocds writes reports/ocds-release-package.json, says the default prefix is a placeholder")
    func ocdsDefaultOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let result = try CLIHarness.tender("export", folder.path, "--format", "ocds")
        CLIHarness.expectSuccess(
            result,
            printing: [
                "Wrote \(folder.path)/reports/ocds-release-package.json: ocid"
                    + " ocds-xxxxxx-c4c415ee-ac08-4465-8fa6-57568cf69462-LOT-0000, 1 recommended award; the prefix is a"
                    + " placeholder: pass your registered one with --ocid-prefix"
            ])
        let json = try TestSupport.read("reports/ocds-release-package.json", in: folder)
        #expect(json.contains("\"amount\": 448750.00,\n"))
        #expect(json.hasSuffix("}\n"))
    }

    @Test("--output and --ocid-prefix: the file is replaced atomically, leaving no temporary file")
    func explicitOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let outside = try TestSupport.temporaryFolder("export-output")
        let target = outside.appendingPathComponent("package.json")
        try Data("old".utf8).write(to: target)
        let result = try CLIHarness.tender(
            "export", folder.path, "--format", "ocds", "--output", target.path, "--ocid-prefix", "ocds-213czf",
            "--package-uri", "https://example.org/ocds/package.json")
        CLIHarness.expectSuccess(
            result,
            printing: [
                "Wrote \(target.path): ocid ocds-213czf-c4c415ee-ac08-4465-8fa6-57568cf69462-LOT-0000, 1 recommended"
                    + " award"
            ])
        let json = try String(decoding: Data(contentsOf: target), as: UTF8.self)
        #expect(json.contains("\"ocid\": \"ocds-213czf-c4c415ee-ac08-4465-8fa6-57568cf69462-LOT-0000\""))
        #expect(json.contains("\"uri\": \"https://example.org/ocds/package.json\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["package.json"])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports").path))
    }

    @Test("A case whose inputs changed since they were recorded is refused with exit 1, and nothing is written")
    func changedInput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let sheet = try TestSupport.read("scores/EV-1/BID-001.xml", in: folder)
        try TestSupport.write(
            sheet.replacingOccurrences(of: "Excellent.", with: "Excellent!"), to: "scores/EV-1/BID-001.xml", in: folder)
        let before = CLIHarness.snapshot(folder)
        let result = try CLIHarness.tender("export", folder.path, "--format", "csv")
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("\(folder.path)/scores/EV-1/BID-001.xml: error: changed since entry"))
        // The shipped plan locks quality before prices, and prices are open: only restoring helps.
        #expect(
            result.standardError.contains(
                "restore the recorded version (quality scores are locked: prices were opened by entry 31)"),
            "\(result.standardError)")
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test("A malformed bid is refused with exit 1, naming the file and line")
    func malformedInput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let bid = try TestSupport.read("bids/BID-002.xml", in: folder)
        try TestSupport.write(
            bid.replacingOccurrences(of: ">386400.00<", with: ">386,400.00<"), to: "bids/BID-002.xml", in: folder)
        let result = try CLIHarness.tender("export", folder.path, "--format", "ocds")
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("\(folder.path)/bids/BID-002.xml:"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports").path))
    }

    @Test("A case whose evaluation is not recorded yet is refused with exit 1, saying what to run")
    func unrecordedEvaluation() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .moderate)
        CLIHarness.expectRefusal(
            try CLIHarness.tender("export", setup.path, "--format", "csv"),
            message:
                "error: the trail does not record this evaluation yet; record it with `tender evaluate \(setup.path)"
                + " --key PRICE-EVALUATOR.key` first (reports are made from recorded evaluations only)")
    }

    @Test(
        "Usage errors exit 2",
        arguments: [
            ["--format", "xml"], ["--format", "csv", "--ocid-prefix", "ocds-213czf"],
            ["--format", "ocds", "--ocid-prefix", ""],
            ["--format", "csv", "--output", "CASE/bids/matrix.csv"],
            ["--format", "csv", "--output", "CASE/evidence/x.csv"],
            [],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let resolved = arguments.map { $0.replacingOccurrences(of: "CASE", with: folder.path) }
        let before = CLIHarness.snapshot(folder)
        let result = try CLIHarness.tender(["export", folder.path] + resolved)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(!result.standardError.isEmpty)
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test("A reports/ folder that links into the evidence is refused (exit 2), and nothing is written there")
    func reportsLinkedIntoEvidence() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("reports").path, withDestinationPath: "evidence/trail")
        let before = CLIHarness.snapshot(folder.appendingPathComponent("evidence"))
        CLIHarness.expectRefusal(
            try CLIHarness.tender("export", folder.path, "--format", "csv"), status: 2,
            message:
                "\(folder.path)/reports/score-matrix.csv: error: inside the case folder; write reports outside it or"
                + " under its reports/ folder")
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder.appendingPathComponent("evidence")))
    }

    @Test("A missing case folder exits 2")
    func missingFolder() throws {
        let missing = try TestSupport.temporaryFolder("export-missing").appendingPathComponent("no-such-case")
        let result = try CLIHarness.tender("export", missing.path, "--format", "csv")
        #expect(result.status == 2)
        #expect(result.standardError.contains("no such case folder"))
    }
}
