import Foundation
import TestSupport
import Testing

/// AUDITING.md's manual procedure — its ```sh blocks joined in order, run with /bin/sh — passes on
/// the shipped case using only xmllint, sha256sum, openssl and POSIX tools, and fails, naming the
/// file, when the evidence or an input has been tampered with.
@Suite(
    "The manual audit procedure in AUDITING.md",
    .enabled(
        if: AuditTools.available,
        "AUDITING.md's procedure needs xmllint and openssl on PATH (apt-get install libxml2-utils openssl)"))
struct AuditingTests {
    @Test("On the shipped case the procedure passes: every hash, link, signature and key ID checks out")
    func passesOnShippedCase() throws {
        let folder = try TestSupport.copyOfFolder(ShippedCaseStory.folder, name: "audit")
        let entries = try Self.count("evidence/trail", suffix: ".xml", in: folder)
        let checkpoints = try Self.count("evidence/checkpoints", suffix: ".xml", in: folder)
        let inputs = try Self.inputFiles(in: folder)
        #expect(entries == 35 && checkpoints == 35)

        // A checkpoint "received earlier": a copy of checkpoint 9 (after the bids were opened), kept outside the case.
        let published = folder.deletingLastPathComponent().appendingPathComponent("published", isDirectory: true)
        try FileManager.default.createDirectory(at: published, withIntermediateDirectories: true)
        for name in ["00000009.xml", "00000009.sig"] {
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent("evidence/checkpoints/\(name)"),
                to: published.appendingPathComponent(name))
        }

        let result = try Self.audit(folder, published: published.appendingPathComponent("00000009.xml"))
        let output = result.standardOutput
        #expect(result.status == 0, "stdout:\n\(output)\nstderr:\n\(result.standardError)")
        #expect(!output.contains("MISMATCH"), "\(output)")

        // One verified signature per entry, per checkpoint, and for the published checkpoint.
        let verified = output.split(separator: "\n").filter { $0 == "Signature Verified Successfully" }.count
        #expect(verified == entries + checkpoints + 1)

        // The chain's head, computed by xmllint and sha256sum, is the head the latest checkpoint records.
        let latest = try TestSupport.read(String(format: "evidence/checkpoints/%08d.xml", checkpoints), in: folder)
        let head = try #require(latest.firstMatch(of: /<Head algorithm="sha-256">([0-9a-f]{64})<\/Head>/)?.1)
        let last = String(format: "%08d", entries)
        // The expected output AUDITING.md quotes is the head an auditor will see.
        let auditing = try TestSupport.read("AUDITING.md", in: TestSupport.packageRoot)
        #expect(
            auditing.contains("(the full hash is `\(head)`)"), "AUDITING.md quotes a stale chain head; it is \(head)")
        #expect(auditing.contains("head \(head.prefix(8))…`"), "AUDITING.md quotes a stale chain head; it is \(head)")
        let lines = Set(output.split(separator: "\n").map(String.init))
        for expected in [
            "chain: \(entries) entries, evidence/trail/00000001.xml to evidence/trail/\(last).xml, head \(head)",
            "plan: evidence/plans/00000001.xml is the plan evidence/trail/00000001.xml sealed",
            "plan: tender.xml is evidence/plans/00000001.xml",
            "panel: evidence/plans/00000001.xml PROC-1 key ID 5e03a9044d47ea59bf2ea7bdcc23284a424bf75ca286a1e817144c7ef5f34d77",
            "entries: all \(entries) signed by their actors, with the keys and roles the sealed plan gives them",
            "checkpoints: \(checkpoints), all signed; the latest covers all \(entries) entries",
            "inputs: \(inputs) files match the trail; none is unrecorded",
            "published: \(published.path)/00000009.xml, signed by PROC-1 with key"
                + " 5e03a9044d47ea59bf2ea7bdcc23284a424bf75ca286a1e817144c7ef5f34d77, is covered; the trail grew from 9 to"
                + " \(entries) entries",
            "schemas: every file is valid",
            "AUDIT PASSED: \(entries) entries, \(checkpoints) checkpoints, \(inputs) input files",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)\n\(output)")
        }
        // Every panel member's key ID is printed for comparison with IDs obtained out of band.
        #expect(lines.filter { $0.hasPrefix("panel: ") }.count == 5)
    }

    /// A change to the case that the procedure must catch, and the file its MISMATCH line must name.
    enum Tampering: String, CaseIterable, CustomTestStringConvertible {
        case flipBidByte, changeEntryText, changeLastEntryText, corruptSignatureByte, deleteLastEntry

        var testDescription: String {
            switch self {
            case .flipBidByte: "a byte of bids/BID-002.xml flipped"
            case .changeEntryText: "the time in entry 20 changed"
            case .changeLastEntryText: "the recommendation in entry 35 (the last) changed"
            case .corruptSignatureByte: "a byte of evidence/trail/00000017.sig flipped"
            case .deleteLastEntry: "entry 35 (the last) and its signature deleted"
            }
        }

        /// The file the MISMATCH line must name.
        var culprit: String {
            switch self {
            case .flipBidByte: "bids/BID-002.xml"
            case .changeEntryText: "evidence/trail/00000020.xml"
            case .changeLastEntryText: "evidence/trail/00000035.xml"
            case .corruptSignatureByte: "evidence/trail/00000017.sig"
            case .deleteLastEntry: "evidence/trail/00000035.xml"
            }
        }

        func apply(to folder: URL) throws {
            switch self {
            case .flipBidByte:
                try AuditingTests.flipByte(of: "bids/BID-002.xml", in: folder, at: nil)
            case .changeEntryText:
                try AuditingTests.replace(
                    "2020-04-15T15:40:00", with: "2020-04-14T15:40:00", in: "evidence/trail/00000020.xml", folder)
            case .changeLastEntryText:
                try AuditingTests.replace(
                    "with 88.33 points", with: "with 98.33 points", in: "evidence/trail/00000035.xml", folder)
            case .corruptSignatureByte:
                try AuditingTests.flipByte(of: "evidence/trail/00000017.sig", in: folder, at: 10)
            case .deleteLastEntry:
                for name in ["00000035.xml", "00000035.sig"] {
                    try FileManager.default.removeItem(at: folder.appendingPathComponent("evidence/trail/\(name)"))
                }
            }
        }
    }

    @Test(
        "After tampering the procedure exits non-zero with a MISMATCH line naming the file",
        arguments: Tampering.allCases)
    func catchesTampering(_ tampering: Tampering) throws {
        let folder = try TestSupport.copyOfFolder(ShippedCaseStory.folder, name: "audit-\(tampering.rawValue)")
        try tampering.apply(to: folder)
        let result = try Self.audit(folder)
        let output = result.standardOutput
        #expect(result.status == 1, "stdout:\n\(output)\nstderr:\n\(result.standardError)")
        #expect(!output.contains("AUDIT PASSED"))
        let mismatches = output.split(separator: "\n").filter { $0.hasPrefix("MISMATCH ") }
        #expect(mismatches.count == 1, "\(output)")
        #expect(
            mismatches.first?.contains(tampering.culprit) == true, "expected \(tampering.culprit) named in:\n\(output)")
    }

    @Test("A trail truncated with its checkpoint passes steps 1–5, but a checkpoint received earlier catches it")
    func publishedCheckpointCatchesTruncation() throws {
        let folder = try TestSupport.copyOfFolder(ShippedCaseStory.folder, name: "audit-truncated")
        let published = folder.deletingLastPathComponent().appendingPathComponent("published", isDirectory: true)
        try FileManager.default.createDirectory(at: published, withIntermediateDirectories: true)
        for name in ["00000035.xml", "00000035.sig"] {
            try FileManager.default.moveItem(
                at: folder.appendingPathComponent("evidence/checkpoints/\(name)"),
                to: published.appendingPathComponent(name))
            try FileManager.default.removeItem(at: folder.appendingPathComponent("evidence/trail/\(name)"))
        }
        let checkpoint = published.appendingPathComponent("00000035.xml").path
        let result = try Self.audit(folder, published: URL(fileURLWithPath: checkpoint))
        let output = result.standardOutput
        #expect(result.status == 1, "stdout:\n\(output)\nstderr:\n\(result.standardError)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains("checkpoints: 34, all signed; the latest covers all 34 entries"), "\(output)")
        #expect(lines.contains("inputs: 32 files match the trail; none is unrecorded"), "\(output)")
        #expect(
            lines.filter { $0.hasPrefix("MISMATCH ") } == [
                "MISMATCH \(checkpoint) covers 35 entries but the trail now has 34: the trail was truncated"
            ], "\(output)")
    }

    // MARK: - Running the procedure

    /// The shipped XSDs, for step 7 (the case copy is not inside the repository).
    static var schemas: URL {
        TestSupport.packageRoot.appendingPathComponent("Sources/TenderDocuments/Schemas/TenderTrail")
    }

    /// AUDITING.md's ```sh blocks, in order, as one script.
    static func procedure() throws -> String {
        let text = try TestSupport.read("AUDITING.md", in: TestSupport.packageRoot)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line == "```" {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line == "```sh" {
                current = []
            }
        }
        #expect(current == nil, "AUDITING.md: a ```sh block is not closed")
        #expect(blocks.count >= 8, "AUDITING.md: expected the procedure's ```sh blocks, found \(blocks.count)")
        return blocks.joined(separator: "\n") + "\n"
    }

    /// Runs the procedure with /bin/sh in `folder`, optionally against a checkpoint received earlier.
    static func audit(_ folder: URL, published: URL? = nil) throws -> ProcessOutput {
        let script = folder.deletingLastPathComponent().appendingPathComponent("audit.sh")
        try Data(procedure().utf8).write(to: script)
        return try TestSupport.run(
            URL(fileURLWithPath: "/bin/sh"), [script.path], in: folder,
            environment: ["SCHEMAS": schemas.path, "PUBLISHED": published?.path ?? ""])
    }

    // MARK: - Helpers

    /// The number of files in `relative` whose names end with `suffix`.
    static func count(_ relative: String, suffix: String, in folder: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(relative).path)
            .filter { $0.hasSuffix(suffix) }.count
    }

    /// The number of input files: the plan, the notice, the results and everything in the input folders.
    static func inputFiles(in folder: URL) throws -> Int {
        var total = ["tender.xml", "notice.xml", "evidence/results.xml"]
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }.count
        for relative in ["bids", "scores", "declarations", "moderation", "explanations"] {
            let root = folder.appendingPathComponent(relative)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let path = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                    FileManager.default.fileExists(
                        atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    total += 1
                }
            }
        }
        return total
    }

    /// Flips the lowest bit of one byte of a file (the middle byte when `offset` is nil).
    static func flipByte(of relative: String, in folder: URL, at offset: Int?) throws {
        let url = folder.appendingPathComponent(relative)
        var bytes = [UInt8](try Data(contentsOf: url))
        let index = offset ?? bytes.count / 2
        bytes[index] ^= 0x01
        try Data(bytes).write(to: url)
    }

    /// Replaces the only occurrence of `old` in a text file.
    static func replace(_ old: String, with new: String, in relative: String, _ folder: URL) throws {
        let text = try TestSupport.read(relative, in: folder)
        #expect(text.components(separatedBy: old).count == 2, "\(relative) should contain \(old) once")
        try TestSupport.write(text.replacingOccurrences(of: old, with: new), to: relative, in: folder)
    }
}

/// Whether the procedure's tools are installed (CI installs libxml2-utils and openssl).
private enum AuditTools {
    static let available: Bool =
        (try? TestSupport.shell("command -v xmllint && command -v openssl && command -v sha256sum").status) == 0
}
