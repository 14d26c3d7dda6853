import Foundation
import TestSupport
import Testing

/// What `tender` refuses about a case beyond malformed documents: a plan that departs from the
/// notice it was imported from, too few score sheets, a replaced notice; and `import-notice`.
@Suite("Guards on the case as a whole")
struct CaseGuardTests {
    func replace(_ target: String, with replacement: String, in relativePath: String, of folder: URL) throws {
        let text = try TestSupport.read(relativePath, in: folder)
        #expect(text.contains(target), "\(relativePath) lacks \(target)")
        try TestSupport.write(text.replacingOccurrences(of: target, with: replacement), to: relativePath, in: folder)
    }

    /// The shipped case's inputs without evidence, and the panel's keys outside it.
    func freshShippedCase() throws -> (folder: URL, keys: URL) {
        let folder = try ShippedCaseStory.freshInputs()
        try CLIHarness.makeWritable(folder)
        let keys = try CLIHarness.keysFolder(beside: folder)
        for member in ShippedCaseStory.panel.members { _ = try ShippedCaseStory.panel.writeKey(member, in: keys) }
        return (folder, keys)
    }

    @Test("A weighting that differs from the one the notice published is refused at seal, naming the criterion's line")
    func publishedWeightChanged() throws {
        let (folder, keys) = try freshShippedCase()
        try replace(
            #"<Criterion id="AC-1" type="quality" weight="15""#,
            with: #"<Criterion id="AC-1" type="quality" weight="20""#, in: "tender.xml", of: folder)
        try replace(
            #"<Criterion id="AC-5" type="price" weight="75""#, with: #"<Criterion id="AC-5" type="price" weight="70""#,
            in: "tender.xml", of: folder)
        let result = try CLIHarness.tender("seal", folder.path, "--key", keys.appendingPathComponent("PROC-1.key").path)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.standardError)")
        #expect(
            lines.first?.hasSuffix(
                "error: criterion AC-1 has weight 20 but the notice published per-exa = 15; a published weighting cannot be"
                    + " changed after publication (ECJ C-532/06 Lianakis): state weight=\"15\"") == true,
            "\(result.standardError)")
        #expect(lines.first?.hasPrefix("\(folder.path)/tender.xml:") == true)
        #expect(
            lines.dropFirst().first?.contains(
                "error: criterion AC-5 has weight 70 but the notice published per-exa = 75")
                == true)
        #expect(lines.last == "error: the plan cannot be sealed until it is ready")
        #expect(CLIHarness.snapshot(folder.appendingPathComponent("evidence")).isEmpty)
    }

    @Test("Fewer independent score sheets than the plan requires is refused at evaluate")
    func tooFewSheets() throws {
        let (folder, keys) = try freshShippedCase()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("scores/EV-2/BID-006.xml"))
        // The story records everything up to the first evaluation, which it cannot record.
        #expect(throws: (any Error).self) { try ShippedCaseStory.run(on: folder) }
        let evidence = CLIHarness.snapshot(folder.appendingPathComponent("evidence"))
        let result = try CLIHarness.tender(
            "evaluate", folder.path, "--key", keys.appendingPathComponent("FIN-1.key").path)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError.contains(
                "error: criterion AC-1 of bid BID-006 has 2 independent score sheet(s); the plan requires at least 3"
                    + " (<Aggregation minimumSheets>)"), "\(result.standardError)")
        CLIHarness.expectUnchanged(evidence, CLIHarness.snapshot(folder.appendingPathComponent("evidence")))
    }

    /// Appends a comment to notice.xml: the same document canonically, but not the bytes whose
    /// SHA-256 the plan records in <Source>.
    func editNotice(_ folder: URL) throws {
        let notice = folder.appendingPathComponent("notice.xml")
        var bytes = try Data(contentsOf: notice)
        bytes.append(contentsOf: Array("<!-- edited -->\n".utf8))
        try bytes.write(to: notice)
    }

    func noticeRefusal(_ folder: URL) -> String {
        "\(folder.path)/notice.xml: error: this is not the notice the plan was imported from: tender.xml records sha256"
            + " 856019715acb… in <Source>, this file's is bc189cab3427…; keep the published notice byte for byte"
    }

    @Test("A notice that is not the one the plan was imported from is refused at seal")
    func replacedNoticeAtSeal() throws {
        let (folder, keys) = try freshShippedCase()
        try editNotice(folder)
        let result = try CLIHarness.tender("seal", folder.path, "--key", keys.appendingPathComponent("PROC-1.key").path)
        CLIHarness.expectRefusal(result, message: noticeRefusal(folder))
        #expect(CLIHarness.snapshot(folder.appendingPathComponent("evidence")).isEmpty)
    }

    @Test("A notice replaced after sealing is refused by evaluate and fails verify")
    func replacedNoticeAfterSeal() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        try editNotice(folder)
        CLIHarness.expectRefusal(try CLIHarness.tender("evaluate", folder.path), message: noticeRefusal(folder))
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("  FAIL  inputs-are-valid "))
        #expect(
            verify.standardOutput.contains(
                "        " + noticeRefusal(folder).replacingOccurrences(of: "notice.xml: error: ", with: "notice.xml: ")
            ),
            "\(verify.standardOutput)")
    }

    @Test("A notice deleted from a case whose plan was imported from it is refused by evaluate and fails verify")
    func deletedNotice() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        try CLIHarness.makeWritable(folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("notice.xml"))
        let missing =
            "the plan was imported from a contract notice (<Notice file=\"notice.xml\">), but \(folder.path)/notice.xml"
            + " is missing; keep the published notice in the case, byte for byte"
        CLIHarness.expectRefusal(
            try CLIHarness.tender("evaluate", folder.path), message: "\(folder.path)/tender.xml:2:1: error: \(missing)")
        let verify = try CLIHarness.tender("verify", folder.path)
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("  FAIL  inputs-are-valid "))
        #expect(
            verify.standardOutput.contains("        \(folder.path)/tender.xml:2:1: \(missing)"),
            "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("  FAIL  inputs-match-record "))
    }

    @Test(
        "import-notice refuses to replace an existing plan without --force, replaces it with --force, and refuses a missing folder"
    )
    func importNoticeOverwrite() throws {
        let folder = try ShippedCaseStory.freshInputs()
        try CLIHarness.makeWritable(folder)
        let plan = try TestSupport.read("tender.xml", in: folder)
        let notice = folder.appendingPathComponent("notice.xml").path
        let output = folder.appendingPathComponent("tender.xml").path
        let refused = try CLIHarness.tender("import-notice", notice, "--lot", "LOT-0000", "--output", output)
        CLIHarness.expectRefusal(
            refused, status: 2,
            message:
                "\(output): error: the file exists and would be replaced (a completed plan would lose its scales, panel,"
                + " gates and rules); choose another --output or pass --force")
        #expect(try TestSupport.read("tender.xml", in: folder) == plan)

        let missing = folder.appendingPathComponent("no/such/plan.xml").path
        CLIHarness.expectRefusal(
            try CLIHarness.tender("import-notice", notice, "--lot", "LOT-0000", "--output", missing), status: 2,
            message: "\(missing): error: no such folder \(folder.path)/no/such")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))

        let forced = try CLIHarness.tender("import-notice", notice, "--lot", "LOT-0000", "--output", output, "--force")
        #expect(forced.status == 0, "\(forced.standardError)")
        let imported = try TestSupport.read("tender.xml", in: folder)
        #expect(imported != plan)
        #expect(!imported.contains("<Panel>"), "the imported plan has no panel until the authority adds one")
    }

    @Test("import-notice writes a plan that matches the shipped case's imported part, and says what is missing")
    func importNoticeOutput() throws {
        let folder = try ShippedCaseStory.freshInputs()
        let output = folder.deletingLastPathComponent().appendingPathComponent("imported.xml")
        let result = try CLIHarness.tender(
            "import-notice", folder.appendingPathComponent("notice.xml").path, "--lot", "LOT-0000", "--output",
            output.path)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty, "the plan goes to --output, the summary to standard error")
        let imported = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        for fragment in [
            #"<Criterion id="AC-1" type="quality" weight="15">"#,
            #"<Published list="number-weight" code="per-exa" number="75"/>"#,
            "<SubmissionDeadline>2020-04-03T12:00:00+01:00</SubmissionDeadline>",
            #"<EstimatedValue currency="EUR">500000</EstimatedValue>"#,
            "<ContractingAuthority>Renfrewshire Council</ContractingAuthority>",
        ] {
            #expect(imported.contains(fragment), "missing \(fragment)")
        }
        #expect(result.standardError.contains("Imported lot LOT-0000: "))
        #expect(result.standardError.contains("The plan is not evaluable yet; complete \(output.path) where it says:"))
        #expect(
            result.standardError.contains(
                "  - the notice names no evaluation panel: add <Panel> with each member's roles"))

        // Without --output the plan goes to standard output, byte for byte the same.
        let toStdout = try CLIHarness.tender(
            "import-notice", folder.appendingPathComponent("notice.xml").path, "--lot", "LOT-0000")
        #expect(toStdout.status == 0)
        #expect(toStdout.standardOutput == imported)

        let noLot = try CLIHarness.tender(
            "import-notice", folder.appendingPathComponent("notice.xml").path, "--lot", "LOT-9999")
        #expect(noLot.status == 1)
        #expect(noLot.standardOutput.isEmpty)
        #expect(noLot.standardError.hasPrefix("\(folder.path)/notice.xml: "), "\(noLot.standardError)")
    }
}
