import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

/// The teaching case `tenders/renfrewshire-unsound-process`: its committed evidence is what its
/// story produces, its inputs differ from the sound case's only as its README says, and `tender
/// verify` reports exactly the findings its README lists.
@Suite("The unsound teaching case")
struct UnsoundCaseTests {
    /// How the README names the case folder in the `tender verify` output it quotes (run from the repository root).
    static let displayPath = "tenders/renfrewshire-unsound-process"

    @Test("Replaying the unsound case's story reproduces its committed evidence byte for byte")
    func reproducible() throws {
        let built = try UnsoundCaseStory.freshInputs()
        try UnsoundCaseStory.run(on: built)
        let committed = UnsoundCaseStory.folder
        guard try CLIHarness.evidenceIsCompared(built: built, committed: committed, naming: "the unsound case") else {
            return
        }
        #expect(
            try Data(contentsOf: built.appendingPathComponent("tender.xml"))
                == Data(contentsOf: committed.appendingPathComponent("tender.xml")),
            "tender.xml is not the sealed plan with the amendment the story records")
        try CLIHarness.expectSameEvidence(built: built, committed: committed)
    }

    @Test("The inputs are the sound case's, changed only where the README says")
    func inputsFollowTheSoundCase() throws {
        let sound = UnsoundCaseStory.soundFolder
        let unsound = UnsoundCaseStory.folder
        func text(_ folder: URL, _ path: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        }
        // The notice, bids BID-001…006 and the fifteen score sheets of the sound case: byte for byte.
        var same = ["notice.xml"] + (1...6).map { "bids/BID-00\($0).xml" }
        for member in ["EV-1", "EV-2", "EV-3"] {
            same += try FileManager.default.contentsOfDirectory(
                atPath: sound.appendingPathComponent("scores/\(member)").path
            )
            .filter { $0.hasSuffix(".xml") }.map { "scores/\(member)/\($0)" }
        }
        for path in same {
            #expect(
                try Data(contentsOf: sound.appendingPathComponent(path))
                    == Data(contentsOf: unsound.appendingPathComponent(path)), "\(path)")
        }
        // The plan: the sealed plan is the sound case's; tender.xml is it with the two weights amended.
        #expect(try text(unsound, "tender.xml") == UnsoundCaseStory.amend(try text(sound, "tender.xml")))
        #expect(try text(unsound, "tender.xml") != text(sound, "tender.xml"))
        // BID-007: only its leading comment differs.
        func withoutComments(_ text: String) -> [String] {
            text.components(separatedBy: "\n").filter { !$0.hasPrefix("<!--") }
        }
        #expect(
            withoutComments(try text(unsound, "bids/BID-007.xml"))
                == withoutComments(try text(sound, "bids/BID-007.xml")))
        // Declarations: the sound case's, each also covering TEN-007.
        for member in ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"] {
            let path = "declarations/\(member).xml"
            let lines = withoutComments(try text(unsound, path))
            #expect(lines.filter { $0.contains("id=\"TEN-007\" conflict=\"false\"") }.count == 1, "\(path)")
            #expect(
                lines.filter { !$0.contains("id=\"TEN-007\"") } == withoutComments(try text(sound, path)), "\(path)")
        }
        // Moderation: the sound case's consensus records, and one more for BID-007.
        let moderation = try text(unsound, "moderation/LOT-0000.xml")
        let added = try #require(moderation.range(of: "  <Consensus bid=\"BID-007\""))
        let end = try #require(moderation.range(of: "</Consensus>\n", range: added.upperBound..<moderation.endIndex))
        #expect(
            moderation.replacingCharacters(in: added.lowerBound..<end.upperBound, with: "")
                == (try text(sound, "moderation/LOT-0000.xml")))
        // The marker CI looks for.
        #expect(FileManager.default.fileExists(atPath: unsound.appendingPathComponent("UNSOUND").path))
    }

    @Test("tender verify checks the signatures and chain and reports exactly the findings the README lists")
    func findingsMatchReadme() throws {
        let readme = try Self.readme()
        let expected = try Self.expectedOutcome(readme)
        let copy = try TestSupport.copyOfFolder(UnsoundCaseStory.folder)
        let report = try Verifier.verify(CaseFolder(url: copy, displayPath: Self.displayPath))
        #expect(!report.isVerified)

        var failed: [String: [String]] = [:]
        var skipped: Set<String> = []
        for check in report.checks {
            switch check.outcome {
            case .passed: break
            case let .failed(findings): failed[check.id] = findings.map(\.description)
            case .skipped: skipped.insert(check.id)
            }
        }
        #expect(failed.keys.sorted() == expected.failed.keys.sorted(), "failed checks")
        for (id, findings) in failed.sorted(by: { $0.key < $1.key }) {
            #expect(findings == expected.failed[id] ?? [], "findings of \(id)")
        }
        #expect(skipped == expected.skipped, "skipped checks")
        // The integrity of the trail itself is not in question.
        for id in [
            "entries-are-hash-chained", "signatures-are-valid", "checkpoints-are-consistent", "evaluation-is-current",
            "inputs-match-record", "results-match-record",
        ] {
            #expect(report.checks.first { $0.id == id }?.outcome.isPassed == true, "\(id) passes")
        }
        // The README's table gives each failed rule's source as `tender rules` does.
        let catalogue = Set(Verifier.catalogue.map(\.id))
        let sources = Self.tableSources(readme).filter { catalogue.contains($0.key) }
        #expect(sources.keys.sorted() == failed.keys.sorted(), "the README's table lists the failed rules")
        for check in report.checks where failed[check.id] != nil {
            #expect(sources[check.id] == check.source, "README source of \(check.id)")
        }
    }

    @Test("The tender command prints the README's findings and exits 1")
    func commandLine() throws {
        let parent = try TestSupport.temporaryFolder("unsound-cli")
        try FileManager.default.createDirectory(
            at: parent.appendingPathComponent("tenders"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: UnsoundCaseStory.folder, to: parent.appendingPathComponent(Self.displayPath))
        let output = try TestSupport.runTender(["verify", Self.displayPath], in: parent)
        #expect(output.status == 1, "\(output.standardError)")
        // Compared with runs of spaces collapsed: the column width depends on the longest check ID.
        func normalized(_ line: String) -> String { line.split(separator: " ").joined(separator: " ") }
        let printed = Set(output.standardOutput.components(separatedBy: "\n").map(normalized))
        for line in try Self.findingsBlock(try Self.readme()) where !line.isEmpty {
            if !printed.contains(normalized(line)) { Issue.record("tender verify did not print: \(line)") }
        }
        #expect(output.standardOutput.contains("NOT VERIFIED"))
    }

    // MARK: - The README

    private static func readme() throws -> String {
        try String(contentsOf: UnsoundCaseStory.folder.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The lines of the fenced block after `<!-- verify-findings -->`: the FAIL and SKIP lines of
    /// `tender verify`, each FAIL followed by its findings, as printed.
    private static func findingsBlock(_ readme: String) throws -> [String] {
        let lines = readme.components(separatedBy: "\n")
        let marker = try #require(
            lines.firstIndex { $0.hasPrefix("<!-- verify-findings") }, "the README has no verify-findings marker")
        let open = try #require(lines[marker...].firstIndex { $0.hasPrefix("```") })
        let close = try #require(lines[(open + 1)...].firstIndex { $0.hasPrefix("```") })
        return Array(lines[(open + 1)..<close])
    }

    private static func expectedOutcome(_ readme: String) throws -> (failed: [String: [String]], skipped: Set<String>) {
        var failed: [String: [String]] = [:]
        var skipped: Set<String> = []
        var current: String?
        for line in try findingsBlock(readme) where !line.isEmpty {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("  FAIL  ") || line.hasPrefix("  WARN  "), words.count > 1 {
                current = words[1]
                failed[words[1]] = []
            } else if line.hasPrefix("  SKIP  "), words.count > 1 {
                current = nil
                skipped.insert(words[1])
            } else if line.hasPrefix("        "), let id = current {
                failed[id, default: []].append(String(line.dropFirst(8)))
            } else {
                Issue.record("unexpected line in the README's findings block: \(line)")
            }
        }
        #expect(!failed.isEmpty, "the README lists no failed check")
        return (failed, skipped)
    }

    /// Rule ID → source, from the README's table rows `| \`rule-id\` | source | …`.
    private static func tableSources(_ readme: String) -> [String: String] {
        var sources: [String: String] = [:]
        for line in readme.components(separatedBy: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 3, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { continue }
            sources[String(cells[1].dropFirst().dropLast())] = cells[2]
        }
        return sources
    }
}
