import Foundation
import TestSupport
import Testing

/// What `tender` refuses about a case beyond malformed documents: a plan that departs from the
/// notice it was imported from, too few score sheets, a replaced notice, late bids, and more.
@Suite("Guards on the case as a whole")
struct CaseGuardTests {
    func shippedCaseCopy() throws -> URL {
        let copy = try TestSupport.copyOfFolder(CommandLineTests.shippedCase)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("evidence"))
        return copy
    }

    func replace(_ target: String, with replacement: String, in relativePath: String, of folder: URL) throws {
        let text = try TestSupport.read(relativePath, in: folder)
        #expect(text.contains(target), "\(relativePath) lacks \(target)")
        try TestSupport.write(text.replacingOccurrences(of: target, with: replacement), to: relativePath, in: folder)
    }

    @Test("A weighting that differs from the one the notice published is refused, naming the criterion's line")
    func publishedWeightChanged() throws {
        let folder = try shippedCaseCopy()
        try replace(
            #"<Criterion id="AC-1" type="quality" weight="15""#,
            with: #"<Criterion id="AC-1" type="quality" weight="20""#, in: "tender.xml", of: folder)
        try replace(
            #"<Criterion id="AC-5" type="price" weight="75""#, with: #"<Criterion id="AC-5" type="price" weight="70""#,
            in: "tender.xml", of: folder)
        let result = try TestSupport.runTender(["evaluate", folder.path])
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(
            lines.first?.hasSuffix(
                "error: criterion AC-1 has weight 20 but the notice published per-exa = 15; a published weighting cannot be changed after publication (ECJ C-532/06 Lianakis): state weight=\"15\""
            ) == true)
        #expect(lines.first?.hasPrefix("\(folder.path)/tender.xml:") == true)
    }

    @Test("Fewer independent score sheets than the plan requires is refused")
    func tooFewSheets() throws {
        let folder = try shippedCaseCopy()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("scores/EV-2/BID-006.xml"))
        let result = try TestSupport.runTender(["evaluate", folder.path])
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "error: criterion AC-1 of bid BID-006 has 2 independent score sheet(s); the plan requires at least 3 (<Aggregation minimumSheets>)"
            ))
    }

    @Test("A notice that is not the one the plan was imported from is refused")
    func replacedNotice() throws {
        let folder = try shippedCaseCopy()
        let notice = folder.appendingPathComponent("notice.xml")
        var bytes = try Data(contentsOf: notice)
        bytes.append(contentsOf: Array("<!-- edited -->\n".utf8))
        try bytes.write(to: notice)
        let result = try TestSupport.runTender(["evaluate", folder.path])
        #expect(result.status == 1)
        #expect(
            result.standardError.hasPrefix(
                "\(folder.path)/notice.xml: error: this is not the notice the plan was imported from: tender.xml records sha256 856019715acb…"
            ))
    }

    @Test("A bid submitted after the deadline is excluded as late")
    func lateBid() throws {
        let folder = try shippedCaseCopy()
        try replace(
            "<SubmittedAt>2020-04-02T15:41:07+01:00</SubmittedAt>",
            with: "<SubmittedAt>2020-04-03T12:00:01+01:00</SubmittedAt>", in: "bids/BID-001.xml", of: folder)
        let result = try TestSupport.runTender(["evaluate", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput.contains(
                "Excluded BID-001: the bid was submitted at 2020-04-03T12:00:01+01:00, after the submission deadline 2020-04-03T12:00:00+01:00"
            ))
        #expect(result.standardOutput.contains("excluded (late-submission)"))
    }

    @Test("A stray file makes verify fail on that file only, not on every recorded input")
    func strayFileInVerify() throws {
        let folder = try shippedCaseCopy()
        #expect(try TestSupport.runTender(["evaluate", folder.path]).status == 0)
        try TestSupport.write("notes", to: "bids/notes.txt", in: folder)
        let result = try TestSupport.runTender(["verify", folder.path])
        #expect(result.status == 1)
        #expect(
            result.standardOutput.contains(
                "\(folder.path)/bids/notes.txt: bids/ holds only bid documents named <bid-id>.xml"))
        #expect(!result.standardOutput.contains("missing now"))
    }

    @Test("import-notice refuses to replace an existing plan without --force, and a missing folder")
    func importNoticeOverwrite() throws {
        let folder = try shippedCaseCopy()
        let plan = try TestSupport.read("tender.xml", in: folder)
        let notice = folder.appendingPathComponent("notice.xml").path
        let refused = try TestSupport.runTender([
            "import-notice", notice, "--lot", "LOT-0000", "--output", folder.appendingPathComponent("tender.xml").path,
        ])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("the file exists and would be replaced"))
        #expect(try TestSupport.read("tender.xml", in: folder) == plan)
        let missing = try TestSupport.runTender([
            "import-notice", notice, "--lot", "LOT-0000", "--output",
            folder.appendingPathComponent("no/such/plan.xml").path,
        ])
        #expect(missing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))
    }

    @Test("import-notice writes a plan that matches the shipped case's imported part")
    func importNoticeOutput() throws {
        let folder = try shippedCaseCopy()
        let output = folder.appendingPathComponent("imported.xml")
        let result = try TestSupport.runTender([
            "import-notice", folder.appendingPathComponent("notice.xml").path, "--lot", "LOT-0000", "--output",
            output.path,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let imported = try TestSupport.read("imported.xml", in: folder)
        for fragment in [
            #"<Criterion id="AC-1" type="quality" weight="15">"#,
            #"<Published list="number-weight" code="per-exa" number="75"/>"#,
            "<SubmissionDeadline>2020-04-03T12:00:00+01:00</SubmissionDeadline>",
            #"<EstimatedValue currency="EUR">500000</EstimatedValue>"#,
            "<ContractingAuthority>Renfrewshire Council</ContractingAuthority>",
        ] {
            #expect(imported.contains(fragment), "missing \(fragment)")
        }
        #expect(result.standardError.contains("The plan is not evaluable yet"))
        #expect(result.standardError.contains("the notice names no evaluation panel"))
    }
}
