import Foundation
import TestSupport
import Testing

/// `tender report CASE [--output FILE]`: what it writes, where, and what it refuses.
@Suite("tender report")
struct ReportCommandTests {
    @Test("Writes reports/award-report.html in the case, leaves the evidence unchanged; the case still verifies")
    func defaultOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let evidence = CLIHarness.snapshot(folder.appendingPathComponent("evidence"))
        let result = try CLIHarness.tender("report", folder.path)
        CLIHarness.expectSuccess(
            result,
            printing: [
                "Wrote \(folder.path)/reports/award-report.html: award report on 1 lot(s); the case is verified"
            ])
        let html = try TestSupport.read("reports/award-report.html", in: folder)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\""))
        #expect(html.contains("Gryffe Valley Electrical Testing Ltd (BID-001), 88.33 of 100 points."))
        #expect(html.contains("Verified: all 30 checks passed."))
        #expect(html.hasSuffix("</html>\n"))
        CLIHarness.expectUnchanged(evidence, CLIHarness.snapshot(folder.appendingPathComponent("evidence")))
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 0, "\(verify.standardOutput)")
    }

    @Test("--output outside the case replaces the file atomically and creates nothing in the case")
    func explicitOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let outside = try TestSupport.temporaryFolder("report-output")
        let target = outside.appendingPathComponent("award.html")
        try Data("old".utf8).write(to: target)
        let result = try CLIHarness.tender("report", folder.path, "--output", target.path)
        CLIHarness.expectSuccess(
            result, printing: ["Wrote \(target.path): award report on 1 lot(s); the case is verified"])
        let html = try String(decoding: Data(contentsOf: target), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["award.html"])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports").path))
    }

    @Test("A case whose inputs changed since they were recorded is refused with exit 1, and nothing is written")
    func changedInput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let sheet = try TestSupport.read("scores/EV-2/BID-002.xml", in: folder)
        try TestSupport.write(
            sheet.replacingOccurrences(of: "Acceptable", with: "Acceptable!"), to: "scores/EV-2/BID-002.xml",
            in: folder)
        let before = CLIHarness.snapshot(folder)
        let result = try CLIHarness.tender("report", folder.path)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("\(folder.path)/scores/EV-2/BID-002.xml: error: changed since entry"))
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test("A case whose evaluation is not recorded yet is refused with exit 1, saying what to run")
    func unrecordedEvaluation() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .moderate)
        let before = CLIHarness.snapshot(setup.folder)
        CLIHarness.expectRefusal(
            try CLIHarness.tender("report", setup.path),
            message:
                "error: the trail does not record this evaluation yet; record it with `tender evaluate \(setup.path)"
                + " --key PRICE-EVALUATOR.key` first (reports are made from recorded evaluations only)")
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(setup.folder))
    }

    @Test("A tenderer's name written as markup in its bid comes out escaped, end to end")
    func hostileTendererName() throws {
        let setup = try MiniCaseSetup { folder in
            let bid = try TestSupport.read("bids/BID-B.xml", in: folder)
            try TestSupport.write(
                bid.replacingOccurrences(
                    of: "<Name>Beta Ltd</Name>", with: "<Name>&lt;script&gt;alert(1)&lt;/script&gt; \"&amp; Co</Name>"),
                to: "bids/BID-B.xml", in: folder)
        }
        try setup.run(through: .evaluate)
        let result = try CLIHarness.tender("report", setup.path)
        #expect(result.status == 0, "\(result.standardError)")
        let html = try TestSupport.read("reports/award-report.html", in: setup.folder)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; \"&amp; Co (BID-B), 90.00 of 100 points."))
    }

    @Test("An output inside the case but outside reports/ is refused with exit 2, naming the file")
    func outputInsideCase() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let before = CLIHarness.snapshot(folder)
        let target = folder.appendingPathComponent("bids/award-report.html").path
        CLIHarness.expectRefusal(
            try CLIHarness.tender("report", folder.path, "--output", target), status: 2,
            message: "\(target): error: inside the case folder; write reports outside it or under its reports/ folder")
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test(
        "Usage errors exit 2 and write nothing",
        arguments: [
            ["--output", "CASE/evidence/report.html"], ["--output", "CASE/tender.html"], ["--format", "html"],
            ["--output"],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let resolved = arguments.map { $0.replacingOccurrences(of: "CASE", with: folder.path) }
        let before = CLIHarness.snapshot(folder)
        let result = try CLIHarness.tender(["report", folder.path] + resolved)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(!result.standardError.isEmpty)
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test("A missing case folder exits 2")
    func missingFolder() throws {
        let missing = try TestSupport.temporaryFolder("report-missing").appendingPathComponent("no-such-case")
        let result = try CLIHarness.tender("report", missing.path)
        #expect(result.status == 2)
        #expect(result.standardError.contains("no such case folder"))
    }

    @Test(
        "An input reformatted since it was recorded (CRLF line endings) is the same document: evaluate, report and export go on"
    )
    func reformattedInput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let bid = try TestSupport.read("bids/BID-002.xml", in: folder)
        try TestSupport.write(bid.replacingOccurrences(of: "\n", with: "\r\n"), to: "bids/BID-002.xml", in: folder)
        let evaluate = try CLIHarness.tender("evaluate", folder.path)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        #expect(evaluate.standardOutput.contains("the trail already records this evaluation (entry 34)"))
        let report = try CLIHarness.tender("report", folder.path)
        #expect(report.status == 0, "\(report.standardError)")
        // The report gives the hashes the evaluation entry signed, and says the file was reformatted.
        let html = try TestSupport.read("reports/award-report.html", in: folder)
        #expect(
            html.contains(
                "2d70ed0341a266885a264bd5be77a00f4760f00c11e9e8a770fca8c2689842fe (the file was reformatted since"))
        let now = try TestSupport.shell("sha256sum '\(folder.path)/bids/BID-002.xml'").standardOutput.prefix(64)
        #expect(now.count == 64 && !html.contains(String(now)))
        let export = try CLIHarness.tender("export", folder.path, "--format", "csv")
        #expect(export.status == 0, "\(export.standardError)")
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 0)
        #expect(verify.standardOutput.contains("reformatted since entry"))
    }
}
