import Foundation
import TestSupport
import Testing

/// `tender rules`, and usage errors (exit 2).
@Suite("tender rules and usage errors")
struct RulesAndUsageTests {
    /// One rule as `tender rules` prints it.
    struct ListedRule: Equatable {
        var id: String
        var severity: String
        var statement: String
        var source: String
    }

    func listedRules(_ output: String) -> [ListedRule] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.isEmpty
        }
        return stride(from: 0, to: lines.count - 2, by: 3).compactMap { index in
            let head = lines[index].split(separator: " ")
            guard head.count == 2, lines[index + 1].hasPrefix("    "), lines[index + 2].hasPrefix("    source: ") else {
                return nil
            }
            return ListedRule(
                id: String(head[0]), severity: String(head[1]),
                statement: String(lines[index + 1].dropFirst(4)), source: String(lines[index + 2].dropFirst(12)))
        }
    }

    @Test("rules lists every check verify can run, each with its severity, statement and source")
    func rules() throws {
        let result = try CLIHarness.tender("rules")
        CLIHarness.expectSuccess(result)
        let rules = listedRules(result.standardOutput)
        #expect(rules.count * 3 == result.standardOutput.split(separator: "\n").count, "every line belongs to a rule")
        #expect(rules.count == 31)
        #expect(Set(rules.map(\.id)).count == rules.count, "IDs are unique")
        for rule in rules {
            #expect(["[error]", "[warning]"].contains(rule.severity), "\(rule.id)")
            #expect(!rule.statement.isEmpty && !rule.source.isEmpty, "\(rule.id)")
            #expect(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.id)")
        }
        // The rule catalogue of docs/0004 is all there (the sources are pinned by the golden file).
        for id in [
            "signatures-are-valid", "checkpoints-are-consistent", "plan-sealed-before-opening",
            "only-published-criteria-scored", "weightings-match-publication", "late-bids-excluded",
            "every-bid-has-a-final-status",
            "declarations-precede-scores", "minimum-sheets-before-moderation", "quality-and-price-evaluators-separate",
            "quality-locked-before-prices", "justifications-are-substantive", "moderation-gives-reasons",
            "abnormally-low-decided", "abnormally-low-explanation-requested", "abnormally-low-request-on-record",
            "self-cleaning-decided", "recommended-is-rank-one", "tie-break-applied",
        ] {
            #expect(rules.contains { $0.id == id }, "\(id) is not listed")
        }
        // verify runs exactly these, in this order (published-checkpoint-holds with --checkpoint).
        let folder = try CLIHarness.shippedCaseCopy()
        let verify = try CLIHarness.tender(
            "verify", folder.path, "--checkpoint", folder.path + "/evidence/checkpoints/00000035.xml")
        let run = verify.standardOutput.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { String($0.split(separator: " ")[1]) }
        #expect(run == rules.map(\.id))
        // And each with the statement verify prints.
        for line in verify.standardOutput.split(separator: "\n") where line.hasPrefix("  PASS  ") {
            let id = String(line.split(separator: " ")[1])
            let statement = line.dropFirst(8).dropFirst(id.count).trimmingCharacters(in: .whitespaces)
            #expect(rules.first { $0.id == id }?.statement == statement, "\(id)")
        }
    }

    @Test("rules output equals the reviewed golden file")
    func rulesGolden() throws {
        let output = try CLIHarness.tender("rules").standardOutput
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Golden/rules.txt")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: golden)
            Issue.record("recorded \(golden.path); review it and run again without RECORD_GOLDEN")
            return
        }
        let expected = String(decoding: try Data(contentsOf: golden), as: UTF8.self)
        if output != expected {
            let actual = try TestSupport.temporaryFolder("rules").appendingPathComponent("rules.txt")
            try Data(output.utf8).write(to: actual)
            let diff = try TestSupport.shell("diff -u '\(golden.path)' '\(actual.path)' | head -60")
            Issue.record("tender rules differs from the golden file:\n\(diff.standardOutput)")
        }
    }

    @Test(
        "Usage errors exit 2 with a message on standard error and nothing on standard output",
        arguments: [
            ["no-such-command"],
            ["evaluate"],
            ["evaluate", "--no-such-option", "x"],
            ["verify"],
            ["verify", "x", "--format", "yaml"],
            ["verify", "x", "--checkpoint"],
            ["seal", "x", "--key"],
            ["score", "x", "--key", "k"],
            ["key", "generate", "--name", "A"],
            ["key", "rotate"],
            ["import-notice", "x.xml"],
            [
                "abnormally-low", "x", "BID-1", "--explanation", "e", "--accept", "--reject", "--reason", "r", "--key",
                "k",
            ],
            ["abnormally-low", "x", "BID-1", "--explanation", "e", "--reason", "r", "--key", "k"],
            ["abnormally-low", "decide", "x", "BID-1", "--no-answer", "--accept", "--reason", "r", "--key", "k"],
            [
                "abnormally-low", "decide", "x", "BID-1", "--explanation", "e", "--no-answer", "--reject", "--reason",
                "r", "--key", "k",
            ],
            ["abnormally-low", "decide", "x", "BID-1", "--reject", "--reason", "r", "--key", "k"],
            ["abnormally-low", "request", "x", "BID-1", "--respond-by", "2099-01-01T12:00:00+00:00", "--key", "k"],
            ["abnormally-low", "request", "x", "BID-1", "--reason", "r", "--respond-by", "2099-01-01", "--key", "k"],
            ["abnormally-low", "request", "x", "BID-1", "--reason", "r", "--key", "k"],
            ["award", "x", "LOT-1", "--justification", "j", "--key", "k"],
            ["pack", "x"],
            ["rules", "extra"],
        ])
    func usage(_ arguments: [String]) throws {
        let result = try CLIHarness.tender(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(!result.standardError.isEmpty)
        #expect(result.standardOutput.isEmpty, "\(result.standardOutput)")
    }

    @Test(
        "A missing case folder, notice or key exits 2 and creates nothing",
        arguments: [
            (["evaluate", "/no/such/case"], "/no/such/case: error: cannot read: no such case folder"),
            (["verify", "/no/such/case"], "/no/such/case: error: cannot read: no such case folder or bundle"),
            (
                ["import-notice", "/no/such/notice.xml", "--lot", "LOT-1"],
                "/no/such/notice.xml: error: cannot read: no such file"
            ),
            (["seal", "/no/such/case", "--key", "/no/such/LEAD.key"], "/no/such/LEAD.key: error: "),
            (
                ["pack", "/no/such/case", "--output", "/no/such/case.zip"],
                "/no/such/case: error: cannot read: no such case folder"
            ),
        ])
    func missing(_ arguments: [String], message: String) throws {
        let result = try CLIHarness.tender(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(
            result.standardError.hasPrefix(message) || result.standardError.contains(message), "\(result.standardError)"
        )
        #expect(result.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/no/such"))
    }

    @Test("pack refuses a folder that is not a case, with exit 2 and no bundle")
    func packNotACase() throws {
        let folder = try TestSupport.temporaryFolder("not-a-case")
        try TestSupport.write("notes", to: "explanations/notes.txt", in: folder)
        let output = folder.deletingLastPathComponent().appendingPathComponent("\(folder.lastPathComponent).zip")
        CLIHarness.expectRefusal(
            try CLIHarness.tender("pack", folder.path, "--output", output.path), status: 2,
            message: "\(folder.path): error: not a case folder: it has no tender.xml (the evaluation plan)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("--help describes the exit codes, and every subcommand has help")
    func help() throws {
        let result = try CLIHarness.tender("--help")
        #expect(result.status == 0)
        #expect(
            result.standardOutput.contains("Exit codes: 0 success (verify: every check passed); 1 invalid input or a"))
        for command in [
            "import-notice", "key", "seal", "receive", "open", "declare", "score", "moderate", "evaluate",
            "abnormally-low", "award", "verify", "rules", "pack", "export", "summaries",
        ] {
            #expect(result.standardOutput.contains("  \(command) "), "\(command) is not listed")
            let help = try CLIHarness.tender(command, "--help")
            #expect(help.status == 0, "\(command)")
            #expect(help.standardOutput.contains("USAGE: tender \(command)"), "\(command)")
        }
    }

    /// `TENDER_THREADS` set to anything but a positive whole number is refused before any command
    /// runs (it was ignored, and every core used); a positive number is used.
    @Test(
        "A TENDER_THREADS that is not a positive whole number exits 2 naming it",
        arguments: ["0", "-1", "abc", "1.5", ""])
    func unusableThreadCount(value: String) throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let result = try TestSupport.runTender(
            ["verify", folder.path, "--quiet"], environment: ["TENDER_THREADS": value])
        CLIHarness.expectRefusal(
            result, status: 2,
            message: "error: TENDER_THREADS must be a positive whole number of threads (1 for one thread); found"
                + " \"\(value)\"")
    }

    @Test("TENDER_THREADS=1 and TENDER_THREADS=3 verify the shipped case alike")
    func usableThreadCounts() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let one = try TestSupport.runTender(["verify", folder.path], environment: ["TENDER_THREADS": "1"])
        let three = try TestSupport.runTender(["verify", folder.path], environment: ["TENDER_THREADS": "3"])
        CLIHarness.expectSuccess(one)
        #expect(three.status == 0)
        #expect(three.standardOutput == one.standardOutput)
    }
}
