import Foundation
import TestSupport
import Testing

/// `tender summaries CASE [--output DIR]`: what it writes, where, and what it refuses.
@Suite("tender summaries")
struct SummariesCommandTests {
    static let bids = ["BID-001", "BID-002", "BID-006", "BID-003", "BID-004", "BID-005", "BID-007"]

    @Test("Writes one HTML and one Markdown summary per bid under reports/summaries/LOT-0000; the case still verifies")
    func defaultOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let evidence = CLIHarness.snapshot(folder.appendingPathComponent("evidence"))
        let result = try CLIHarness.tender("summaries", folder.path)
        let directory = "\(folder.path)/reports/summaries"
        CLIHarness.expectSuccess(
            result,
            printing: Self.bids.flatMap {
                ["Wrote \(directory)/LOT-0000/\($0).html", "Wrote \(directory)/LOT-0000/\($0).md"]
            }
                + ["7 assessment summaries (HTML and Markdown) in \(directory)"])
        let written = try FileManager.default.contentsOfDirectory(atPath: directory + "/LOT-0000").sorted()
        #expect(written == Self.bids.sorted().flatMap { ["\($0).html", "\($0).md"] })
        let html = try TestSupport.read("reports/summaries/LOT-0000/BID-002.html", in: folder)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains("data-bid=\"BID-002\" data-total-points=\"87.5\">87.50</span>"))
        let markdown = try TestSupport.read("reports/summaries/LOT-0000/BID-002.md", in: folder)
        #expect(markdown.contains("| Total score | BID-002 |  | 87.50 | out of 100 |"))
        CLIHarness.expectUnchanged(evidence, CLIHarness.snapshot(folder.appendingPathComponent("evidence")))
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 0, "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("assessment-summaries-match-results"))
    }

    @Test("--output writes outside the case, replacing earlier files atomically and leaving no temporary file")
    func explicitOutput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let outside = try TestSupport.temporaryFolder("summaries-output")
        try TestSupport.write("old", to: "LOT-0000/BID-001.md", in: outside)
        let result = try CLIHarness.tender("summaries", folder.path, "--output", outside.path)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Wrote \(outside.path)/LOT-0000/BID-001.md\n"))
        let files = try FileManager.default.contentsOfDirectory(atPath: outside.path + "/LOT-0000")
        #expect(files.count == 14)
        #expect(!files.contains { $0.hasPrefix(".") })
        #expect(try TestSupport.read("LOT-0000/BID-001.md", in: outside).contains("Your tender: the most advantageous"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports").path))
    }

    @Test("A case with a recorded evaluation but no award is refused with exit 1, saying to run tender award")
    func noAward() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .evaluate)
        CLIHarness.expectRefusal(
            try CLIHarness.tender("summaries", setup.path),
            message:
                "\(setup.path): error: the trail records no award on the current results; assessment summaries are"
                + " given once the authority has decided to award (Procurement Act 2023 s50(3)): record it with"
                + " `tender award \(setup.path) LOT BID --justification … --key LEAD.key` first")
        #expect(!FileManager.default.fileExists(atPath: setup.folder.appendingPathComponent("reports").path))
    }

    @Test("A case whose evaluation is not recorded yet is refused with exit 1")
    func unrecordedEvaluation() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .moderate)
        let result = try CLIHarness.tender("summaries", setup.path)
        #expect(result.status == 1)
        #expect(result.standardError.contains("the trail does not record this evaluation yet"))
    }

    @Test("A case whose inputs changed since they were recorded is refused with exit 1, and nothing is written")
    func changedInput() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let sheet = try TestSupport.read("scores/EV-1/BID-001.xml", in: folder)
        try TestSupport.write(
            sheet.replacingOccurrences(of: "Excellent.", with: "Excellent!"), to: "scores/EV-1/BID-001.xml", in: folder)
        let before = CLIHarness.snapshot(folder)
        let result = try CLIHarness.tender("summaries", folder.path)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("\(folder.path)/scores/EV-1/BID-001.xml: error: changed since entry"))
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test(
        "Usage errors and outputs inside the case outside reports/ exit 2",
        arguments: [
            ["--output", "CASE/bids"], ["--output", "CASE/evidence/summaries"], ["--output", "CASE"],
            ["--output", "CASE/."], ["--format", "csv"],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let resolved = arguments.map { $0.replacingOccurrences(of: "CASE", with: folder.path) }
        let before = CLIHarness.snapshot(folder)
        let result = try CLIHarness.tender(["summaries", folder.path] + resolved)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(!result.standardError.isEmpty)
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    // MARK: - tender verify: assessment-summaries-match-results

    /// A shipped-case copy with its summaries written, and the summaries' folder.
    static func caseWithSummaries() throws -> (folder: URL, summaries: String) {
        let folder = try CLIHarness.shippedCaseCopy()
        let result = try CLIHarness.tender("summaries", folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        return (folder, "reports/summaries/LOT-0000")
    }

    /// Replaces `old` with `new` in a case file (exactly once) and returns the 1-based line where it starts.
    static func tamper(_ relative: String, in folder: URL, _ old: String, _ new: String) throws -> Int {
        let text = try TestSupport.read(relative, in: folder)
        #expect(text.components(separatedBy: old).count == 2, "\(old) must occur once in \(relative)")
        try TestSupport.write(text.replacingOccurrences(of: old, with: new), to: relative, in: folder)
        guard let range = text.range(of: old) else { return 0 }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }

    /// The findings `tender verify` prints under the summaries check (exit 1 expected).
    static func summaryFindings(_ folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 1, "\(verify.standardOutput)", sourceLocation: sourceLocation)
        let lines = verify.standardOutput.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("FAIL  assessment-summaries-match-results") }) else {
            Issue.record("the summaries check did not fail:\n\(verify.standardOutput)", sourceLocation: sourceLocation)
            return []
        }
        #expect(verify.standardOutput.contains("NOT VERIFIED: 1 failed, 29 passed (30 checks)."))
        return lines[(start + 1)...].prefix { $0.hasPrefix("        ") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("verify fails when a figure in an HTML summary is changed, naming the file, line, expected and found")
    func tamperedHTML() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let file = "\(summaries)/BID-002.html"
        let line = try Self.tamper(
            file, in: folder, "data-criterion=\"AC-3\" data-points=\"1.5\">1.50<",
            "data-criterion=\"AC-3\" data-points=\"2.25\">2.25<")
        let at = "\(folder.path)/\(file):\(line)"
        #expect(
            try Self.summaryFindings(folder) == [
                "\(at): BID-002 AC-3 points: expected 1.5 (the recorded evaluation), found 2.25",
                "\(at): BID-002 AC-3 points: expected 1.50 shown (the recorded evaluation), found 2.25",
            ])
    }

    @Test("verify fails when only the shown text of an HTML figure is changed")
    func tamperedHTMLText() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let file = "\(summaries)/BID-006.html"
        let line = try Self.tamper(
            file, in: folder, "data-bid=\"BID-006\" data-rank=\"3\">3<", "data-bid=\"BID-006\" data-rank=\"3\">2<")
        #expect(
            try Self.summaryFindings(folder) == [
                "\(folder.path)/\(file):\(line): BID-006 rank: expected 3 shown (the recorded evaluation), found 2"
            ])
    }

    @Test("verify fails when a figure in a Markdown summary is changed")
    func tamperedMarkdown() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let file = "\(summaries)/BID-001.md"
        let line = try Self.tamper(
            file, in: folder, "| AC-5 | BID-001 | price 448750.00 | 64.58 |",
            "| AC-5 | BID-001 | price 448750.00 | 64.85 |")
        #expect(
            try Self.summaryFindings(folder) == [
                "\(folder.path)/\(file):\(line): BID-001 AC-5 points: expected 64.58 shown (the recorded evaluation),"
                    + " found 64.85"
            ])
    }

    @Test("verify fails when a summary shows another tenderer's figure or name, or leaves a figure out")
    func otherTenderer() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let markdown = "\(summaries)/BID-002.md"
        let line = try Self.tamper(
            markdown, in: folder, "| Rank | BID-002 |  | 2 |  |",
            "| Rank | BID-002 |  | 2 |  |\n| Total score | BID-006 |  | 87.27 | out of 100 |")
        let html = "\(summaries)/BID-005.html"
        let htmlLine = try Self.tamper(
            html, in: folder, "<h2>Outcome</h2>", "<h2>Outcome</h2><p>Unlike Castlesemple Electrical Compliance Ltd</p>"
        )
        let dropped = "\(summaries)/BID-006.md"
        _ = try Self.tamper(dropped, in: folder, "| Rank | BID-006 |  | 3 |  |\n", "")
        let findings = try Self.summaryFindings(folder)
        #expect(findings.count == 3, "\(findings)")
        #expect(
            findings.first
                == "\(folder.path)/\(markdown):\(line + 1): shows BID-006 total-points (87.27): a tender other than the"
                + " summary's own (BID-002) and the most advantageous (BID-001)")
        // A sentence naming another tenderer carries no figure: the summary is no longer the one the
        // record gives, and the finding shows the line.
        #expect(
            findings.contains {
                $0.hasPrefix(
                    "\(folder.path)/\(html):\(htmlLine): differs from the summary the recorded evaluation gives")
                    && $0.contains("Unlike Castlesemple Electrical Compliance Ltd")
            }, "\(findings)")
        #expect(findings.last == "\(folder.path)/\(dropped): BID-006 rank is missing: the recorded evaluation gives 3")
    }

    @Test("Quality and price points are given out of the points available for each, the total out of the lot's")
    func subtotalMaxima() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let markdown = try TestSupport.read("\(summaries)/BID-002.md", in: folder)
        // Shipped case: quality criteria AC-1…AC-4 weigh 15 + 5 + 3 + 2 = 25, price AC-5 75.
        #expect(markdown.contains("| Quality points | BID-002 |  | 12.50 | out of 25 |"), "\(markdown)")
        #expect(markdown.contains("| Price points | BID-002 |  | 75.00 | out of 75 |"))
        #expect(markdown.contains("| Total score | BID-002 |  | 87.50 | out of 100 |"))
    }

    @Test("verify finds any edit that leaves the figures alone: a rank in a sentence, a weighting, an added remark")
    func proseAndPlanEdits() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let html = "\(summaries)/BID-002.html"
        let text = try TestSupport.read(html, in: folder)
        let rank = try #require(text.range(of: "ranked 2nd"))
        try TestSupport.write(text.replacingCharacters(in: rank, with: "ranked 1st"), to: html, in: folder)
        let markdown = "\(summaries)/BID-006.md"
        let weighting = try #require(try TestSupport.read(markdown, in: folder).range(of: "15 %"))
        try TestSupport.write(
            try TestSupport.read(markdown, in: folder).replacingCharacters(in: weighting, with: "25 %"), to: markdown,
            in: folder)
        let findings = try Self.summaryFindings(folder)
        #expect(findings.count == 2, "\(findings)")
        #expect(findings.contains { $0.contains("\(html):") && $0.contains("found") && $0.contains("ranked 1st") })
        #expect(findings.contains { $0.contains("\(markdown):") && $0.contains("25 %") })
    }

    @Test(
        "A summary renamed to another extension, or deleted, is found: the folder must hold every summary and only them"
    )
    func renamedAndDeleted() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let manager = FileManager.default
        try manager.moveItem(
            at: folder.appendingPathComponent("\(summaries)/BID-002.html"),
            to: folder.appendingPathComponent("\(summaries)/BID-002.htm"))
        try manager.removeItem(at: folder.appendingPathComponent("\(summaries)/BID-003.md"))
        let findings = try Self.summaryFindings(folder)
        #expect(
            findings.contains {
                $0.hasPrefix("\(folder.path)/\(summaries)/BID-002.htm: is not an assessment summary")
            }, "\(findings)")
        #expect(
            findings.contains { $0.hasPrefix("\(folder.path)/\(summaries)/BID-002.html: is missing") }, "\(findings)")
        #expect(
            findings.contains { $0.hasPrefix("\(folder.path)/\(summaries)/BID-003.md: is missing") }, "\(findings)")
        #expect(findings.count == 3, "\(findings)")
    }

    @Test("An edit at the end of a long line is shown where it is, and a CRLF copy is reported as such")
    func longLinesAndCRLF() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let markdown = "\(summaries)/BID-002.md"
        let text = try TestSupport.read(markdown, in: folder)
        let last = try #require(text.range(of: "Agreed 2 (Acceptable)", options: .backwards))
        try TestSupport.write(text.replacingCharacters(in: last, with: "Agreed 3 (Good)"), to: markdown, in: folder)
        let html = "\(summaries)/BID-006.html"
        try TestSupport.write(
            try TestSupport.read(html, in: folder).replacingOccurrences(of: "\n", with: "\r\n"), to: html, in: folder)
        let findings = try Self.summaryFindings(folder)
        #expect(
            findings.contains {
                $0.contains("\(markdown):") && $0.contains("found \"…") && $0.contains("Agreed 3 (Good)")
            })
        #expect(findings.contains { $0.contains("\(html):1: differs") && $0.contains("\\r") }, "\(findings)")
    }

    @Test("A tenderer named like a criterion (\"Price\") does not make honest summaries fail verification")
    func tendererNamedLikeACriterion() throws {
        let setup = try MiniCaseSetup { folder in
            let text = try TestSupport.read("bids/BID-C.xml", in: folder)
            try TestSupport.write(
                text.replacingOccurrences(of: "Gamma Ltd", with: "Price"), to: "bids/BID-C.xml", in: folder)
        }
        try setup.run(through: .evaluate)
        let award = try CLIHarness.tender(
            "award", setup.path, "LOT-1", "BID-B", "--justification", "Ranked first on the recorded evaluation.",
            "--key", setup.key("LEAD"))
        #expect(award.status == 0, "\(award.standardError)")
        let summaries = try CLIHarness.tender("summaries", setup.path)
        #expect(summaries.status == 0, "\(summaries.standardError)")
        // Every summary mentions the criterion "Price"; none of them is about the tenderer named Price.
        let verify = try CLIHarness.tender("verify", setup.path)
        #expect(verify.status == 0, "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("PASS  assessment-summaries-match-results"))
    }

    @Test("verify finds another tenderer's name written with a character reference in HTML")
    func characterReference() throws {
        let (folder, summaries) = try Self.caseWithSummaries()
        let html = "\(summaries)/BID-005.html"
        let line = try Self.tamper(
            html, in: folder, "<h2>Outcome</h2>", "<h2>Outcome</h2><p>Castlesemple&#32;Electrical Compliance Ltd</p>")
        let findings = try Self.summaryFindings(folder)
        #expect(findings.count == 1, "\(findings)")
        #expect(
            findings.first?.hasPrefix(
                "\(folder.path)/\(html):\(line): differs from the summary the recorded evaluation gives") == true)
        #expect(findings.first?.contains("Castlesemple&#32;Electrical Compliance Ltd") == true)
    }

    @Test("verify passes with a note when there are no summaries, and counts them when there are")
    func notes() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let before = try CLIHarness.tender("verify", folder.path)
        #expect(before.status == 0)
        #expect(before.standardOutput.contains("note: no assessment summaries under reports/summaries/"))
        _ = try CLIHarness.tender("summaries", folder.path)
        let after = try CLIHarness.tender("verify", folder.path)
        #expect(after.status == 0)
        #expect(after.standardOutput.contains("note: 14 summary files under reports/summaries/"))
    }
}
