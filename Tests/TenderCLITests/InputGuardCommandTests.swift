import EvidenceTrail
import Foundation
import TenderModel
import TestSupport
import Testing

/// What the lifecycle commands refuse about the names, paths and keys a user types, before
/// anything is recorded: a bid file name that is not a bid ID, an ID argument the trail cannot
/// hold, a score sheet outside the case, a public key given to sign, and a plan imported over a
/// sealed one.
@Suite("Guards on names, paths and keys typed to lifecycle commands")
struct InputGuardCommandTests {
    /// A new folder beside the case folder (outside it).
    func inbox(beside folder: URL) throws -> URL {
        let inbox = folder.deletingLastPathComponent().appendingPathComponent("inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        return inbox
    }

    @Test(
        "receive refuses a bid file whose name is not a valid bid ID (exit 1, nothing recorded); the trail stays sound")
    func receiveInvalidFileName() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .seal)
        let file = try inbox(beside: setup.folder).appendingPathComponent("my bid.xml")
        try Data(MiniCase.bid("BID-X", tenderer: "T-BID-X", price: "1000.00").utf8).write(to: file)
        let before = CLIHarness.snapshot(setup.folder)
        CLIHarness.expectRefusal(
            try CLIHarness.tender("receive", setup.path, file.path, "--key", setup.key("LEAD")), status: 1,
            message:
                "\(file.path): error: the bid's ID is its file name without .xml, and \"my bid\" is not a valid bid ID:"
                + " an ID is a letter or digit (A-Z, a-z, 0-9), then up to 99 letters, digits, '.', '-' or '_' (no spaces"
                + " or other characters); rename the file (to <bid-id>.xml, the ID inside the bid) and receive it again."
                + " Nothing was recorded")
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(setup.folder))
        // Later commands still find a sound trail.
        let next = try CLIHarness.tender(
            "receive", setup.path, setup.path + "/bids/BID-A.xml", "--key", setup.key("LEAD"))
        CLIHarness.expectSuccess(next)
        #expect(next.standardOutput.hasPrefix("received BID-A at "), "\(next.standardOutput)")
    }

    @Test("moderate and award refuse a lot or bid ID the trail schema would refuse (exit 2, nothing recorded)")
    func invalidIDArguments() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .score)
        let before = CLIHarness.snapshot(setup.folder)
        let rule =
            "a letter or digit (A-Z, a-z, 0-9), then up to 99 letters, digits, '.', '-' or '_' (no spaces or other"
            + " characters)"
        CLIHarness.expectRefusal(
            try CLIHarness.tender("moderate", setup.path, "LOT 1", "--key", setup.key("LEAD")), status: 2,
            message:
                "error: \"LOT 1\" is not a valid lot ID: an ID is \(rule); give the lot's ID as the documents write it"
                + " (such as LOT-0001). Nothing was recorded")
        CLIHarness.expectRefusal(
            try CLIHarness.tender(
                "award", setup.path, "LOT-1", "BID A", "--justification", "Ranked first.", "--key", setup.key("LEAD")),
            status: 2,
            message:
                "error: \"BID A\" is not a valid bid ID: an ID is \(rule); give the bid's ID as the documents write it"
                + " (such as BID-001). Nothing was recorded")
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(setup.folder))
    }

    @Test("score refuses a sheet outside the case (exit 2) and takes one inside it by absolute or relative path")
    func scoreSheetPaths() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .declare)
        let elsewhere = try inbox(beside: setup.folder)
        let outside = elsewhere.appendingPathComponent("sheet.xml")
        try FileManager.default.copyItem(
            at: setup.folder.appendingPathComponent("scores/EV-1/BID-A.xml"), to: outside)
        let before = CLIHarness.snapshot(setup.folder)
        let refusal = { (sheet: String) in
            "\(sheet): error: the score sheet is not inside the case \(setup.path); score sheets must be inside the case"
                + " at scores/<your-id>/<bid-id>.xml"
        }
        CLIHarness.expectRefusal(
            try CLIHarness.tender("score", setup.path, outside.path, "--key", setup.key("EV-1")), status: 2,
            message: refusal(outside.path))
        // A relative path that leaves the case is refused too, not glued onto the case folder.
        let escaping = "../\(elsewhere.lastPathComponent)/sheet.xml"
        CLIHarness.expectRefusal(
            try CLIHarness.tender("score", setup.path, escaping, "--key", setup.key("EV-1")), status: 2,
            message: refusal(escaping))
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(setup.folder))

        // Inside the case: an absolute path, a path relative to the current folder, one relative to the case.
        let absolute = try CLIHarness.tender(
            "score", setup.path, setup.path + "/scores/EV-1/BID-A.xml", "--key", setup.key("EV-1"))
        CLIHarness.expectSuccess(absolute)
        #expect(
            absolute.standardOutput.hasPrefix("recorded EV-1's score sheet for BID-A "), "\(absolute.standardOutput)")
        let fromInside = try TestSupport.run(
            TestSupport.tenderExecutable, ["score", ".", "scores/EV-1/BID-B.xml", "--key", setup.key("EV-1")],
            in: setup.folder)
        CLIHarness.expectSuccess(fromInside)
        #expect(fromInside.standardOutput.hasPrefix("recorded EV-1's score sheet for BID-B "))
        let caseRelative = try TestSupport.run(
            TestSupport.tenderExecutable,
            ["score", setup.folder.lastPathComponent, "scores/EV-1/BID-C.xml", "--key", setup.key("EV-1")],
            in: setup.folder.deletingLastPathComponent())
        CLIHarness.expectSuccess(caseRelative)
        #expect(caseRelative.standardOutput.hasPrefix("recorded EV-1's score sheet for BID-C "))
    }

    @Test("A public key given as --key is named as one, whatever its mode, and a private key is asked for (exit 2)")
    func publicKeyGiven() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .seal)
        let before = CLIHarness.snapshot(setup.folder)
        let publicKey = setup.keys.appendingPathComponent("LEAD.pub")
        try Data(MiniCase.panel.key("LEAD").publicKey.pem.utf8).write(to: publicKey)
        for mode in [0o644, 0o600] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: publicKey.path)
            CLIHarness.expectRefusal(
                try CLIHarness.tender("receive", setup.path, setup.path + "/bids/BID-A.xml", "--key", publicKey.path),
                status: 2,
                message:
                    "\(publicKey.path): error: this is a public key (-----BEGIN PUBLIC KEY-----), and signing needs your"
                    + " private key: give the NAME.key file that `tender key generate` wrote beside NAME.pub (mode 600,"
                    + " outside the case)")
        }
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(setup.folder))
    }

    @Test("import-notice refuses, even with --force, to write into a case whose evidence trail has entries (exit 2)")
    func importNoticeIntoSealedCase() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let before = CLIHarness.snapshot(folder)
        let notice = folder.appendingPathComponent("notice.xml").path
        let entries = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("evidence/trail").path
        ).filter { $0.hasSuffix(".xml") }.count
        for (name, force) in [
            ("tender.xml", true), ("tender.xml", false), ("draft.xml", true), ("bids/BID-001.xml", true),
            ("scores/EV-1/BID-001.xml", true), ("evidence/results.xml", true), ("evidence/plans/00000001.xml", true),
            ("bids/new.xml", false),
        ] {
            let output = folder.appendingPathComponent(name).path
            CLIHarness.expectRefusal(
                try CLIHarness.tender(
                    ["import-notice", notice, "--lot", "LOT-0000", "--output", output] + (force ? ["--force"] : [])),
                status: 2,
                message:
                    "\(output): error: inside \(folder.path), a case whose evidence trail has \(entries) entries"
                    + " (evidence/trail/): its sealed plan can change only by `tender seal --reason …`, before the"
                    + " deadline and before opening, and --force does not override this; write the imported plan"
                    + " outside the case")
        }
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(folder))
    }

    @Test("report, summaries and export refuse to write into another case folder (exit 2), which stays unchanged")
    func reportsIntoAnotherCase() throws {
        let source = try CLIHarness.shippedCaseCopy()
        let other = try CLIHarness.shippedCaseCopy()
        let before = CLIHarness.snapshot(other)
        for arguments in [
            ["report", source.path, "--output", other.appendingPathComponent("tender.xml").path],
            ["summaries", source.path, "--output", other.appendingPathComponent("bids").path],
            ["export", source.path, "--format", "csv", "--output", other.appendingPathComponent("reports/x.csv").path],
        ] {
            let result = try CLIHarness.tender(arguments)
            #expect(result.status == 2, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains("error: inside another case folder, \(other.path)"))
        }
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(other))
    }
}

@Suite("tender score warns at submission about justifications verify will reject")
struct WeakJustificationWarningTests {
    @Test("A one-word justification is recorded with a warning naming the file, line and criterion")
    func weakJustificationWarned() throws {
        let setup = try MiniCaseSetup { folder in
            let path = "scores/EV-1/BID-B.xml"
            let text = try TestSupport.read(path, in: folder)
            try TestSupport.write(
                text.replacingOccurrences(
                    of: "Method for BID-B as evidenced in section 2 of the response.", with: "Excellent."),
                to: path, in: folder)
        }
        try setup.run(through: .declare)
        let weak = try CLIHarness.tender("score", setup.path, "scores/EV-1/BID-B.xml", "--key", setup.key("EV-1"))
        #expect(weak.status == 0, "\(weak.standardError)")
        #expect(
            weak.standardError.contains(
                "\(setup.path)/scores/EV-1/BID-B.xml:3: warning: the justification for Q1 has 1 word(s); say what in"
                    + " the bid supports the score; `tender verify` will fail justifications-are-substantive"),
            "\(weak.standardError)")
        let sound = try CLIHarness.tender("score", setup.path, "scores/EV-1/BID-A.xml", "--key", setup.key("EV-1"))
        #expect(sound.status == 0)
        #expect(sound.standardError.isEmpty, "\(sound.standardError)")
    }
}

@Suite("tender award is recorded once")
struct AwardOnceTests {
    @Test("The same recommendation again is already recorded: exit 0, nothing written")
    func awardTwice() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .evaluate)
        let arguments = [
            "award", setup.path, "LOT-1", "BID-B", "--justification", "Ranked first.", "--key", setup.key("LEAD"),
        ]
        let first = try CLIHarness.tender(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        let before = CLIHarness.snapshot(setup.folder)
        let again = try CLIHarness.tender(arguments)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(
            again.standardOutput.contains(
                "the recommendation to award lot LOT-1 to BID-B was already recorded in entry"))
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(setup.folder))
    }
}
