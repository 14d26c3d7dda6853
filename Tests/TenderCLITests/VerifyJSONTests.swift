import Foundation
import TestSupport
import Testing

/// A mirror of the JSON report documented in docs/verify-json.md, decoded independently of the
/// encoder in TenderReports.
struct VerifyReportMirror: Decodable {
    struct Check: Decodable {
        var id: String
        var statement: String
        var severity: String
        var source: String
        var outcome: String
        var notes: [String]
        var findings: [Finding]
        var skippedBecause: String?
    }

    struct Finding: Decodable {
        var location: String
        var message: String
    }

    var format: String
    var version: Int
    var caseFolder: String
    var verified: Bool
    var checks: [Check]

    /// The fields docs/verify-json.md documents, for the report, a check and a finding.
    static let reportFields: Set<String> = ["format", "version", "caseFolder", "verified", "checks"]
    static let checkFields: Set<String> = [
        "id", "statement", "severity", "source", "outcome", "notes", "findings", "skippedBecause",
    ]
    static let findingFields: Set<String> = ["location", "message"]
}

@Suite("tender verify --format json")
struct VerifyJSONTests {
    /// Runs `tender verify --format json`, decodes the report and checks what every report must
    /// satisfy: the documented fields only, the fixed values, and agreement with the text format.
    func verifyJSON(
        _ arguments: [String], status: Int32, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (report: VerifyReportMirror, json: String) {
        let result = try TestSupport.runTender(["verify"] + arguments + ["--format", "json"])
        #expect(result.status == status, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.isEmpty, sourceLocation: sourceLocation)
        let data = Data(result.standardOutput.utf8)
        let report = try JSONDecoder().decode(VerifyReportMirror.self, from: data)
        #expect(report.format == "tendertrail-verification-report", sourceLocation: sourceLocation)
        #expect(report.version == 1, sourceLocation: sourceLocation)
        #expect(report.caseFolder == arguments[0], sourceLocation: sourceLocation)
        #expect(report.verified == (status == 0), sourceLocation: sourceLocation)
        #expect(
            report.verified == report.checks.allSatisfy { $0.severity == "warning" || $0.outcome == "passed" },
            sourceLocation: sourceLocation)

        // Only documented fields, so that a new field cannot appear without docs/verify-json.md.
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == VerifyReportMirror.reportFields, sourceLocation: sourceLocation)
        for check in object["checks"] as? [[String: Any]] ?? [] {
            #expect(
                Set(check.keys).isSubset(of: VerifyReportMirror.checkFields), "\(check.keys)",
                sourceLocation: sourceLocation)
            for finding in check["findings"] as? [[String: Any]] ?? [] {
                #expect(Set(finding.keys) == VerifyReportMirror.findingFields, sourceLocation: sourceLocation)
            }
        }
        for check in report.checks {
            #expect(["error", "warning"].contains(check.severity), sourceLocation: sourceLocation)
            switch check.outcome {
            case "passed":
                #expect(
                    check.findings.isEmpty && check.skippedBecause == nil, "\(check.id)", sourceLocation: sourceLocation
                )
            case "failed":
                #expect(
                    !check.findings.isEmpty && check.notes.isEmpty && check.skippedBecause == nil, "\(check.id)",
                    sourceLocation: sourceLocation)
            case "skipped":
                #expect(check.findings.isEmpty && check.notes.isEmpty, "\(check.id)", sourceLocation: sourceLocation)
                #expect(
                    check.skippedBecause?.hasPrefix("needs ") == true, "\(check.id)", sourceLocation: sourceLocation)
            default: Issue.record("\(check.id): unknown outcome \(check.outcome)", sourceLocation: sourceLocation)
            }
        }

        // The same checks and outcomes as the text format, in the same order.
        let text = try TestSupport.runTender(["verify"] + arguments)
        #expect(text.status == status, sourceLocation: sourceLocation)
        let lines = text.standardOutput.split(separator: "\n").filter {
            ["  PASS  ", "  FAIL  ", "  WARN  ", "  SKIP  "].contains(String($0.prefix(8)))
        }
        let fromText = lines.map { line -> String in
            let words = line.split(separator: " ")
            let outcome =
                ["PASS": "passed", "FAIL": "failed", "WARN": "failed", "SKIP": "skipped"][String(words[0])] ?? "?"
            return "\(words[1]) \(outcome)"
        }
        #expect(fromText == report.checks.map { "\($0.id) \($0.outcome)" }, sourceLocation: sourceLocation)
        return (report, result.standardOutput)
    }

    @Test("A passing verify decodes with every check passed, in the catalogue's order")
    func passing() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let (report, _) = try verifyJSON([folder.path], status: 0)
        #expect(report.verified)
        let catalogue = try CLIHarness.tender("rules").standardOutput.split(separator: "\n")
            .filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(report.checks.map(\.id) == catalogue.filter { $0 != "published-checkpoint-holds" })
        // Every check passes, the warnings too.
        #expect(report.checks.allSatisfy { $0.outcome == "passed" }, "\(report.checks.filter { $0.outcome != "passed" })")
        #expect(
            report.checks.first { $0.id == "abnormally-low-request-on-record" }.map { [$0.outcome, $0.severity] } == [
                "passed", "warning",
            ])
        let late = report.checks.first { $0.id == "late-bids-excluded" }
        #expect(late?.notes == ["late and excluded: BID-007"])
        #expect(late?.source == "Dir. 2014/24/EU Art. 47; nc-timl")
        #expect(report.checks.first { $0.id == "entries-are-well-formed" }?.notes == ["35 entries"])
    }

    @Test("A failing verify decodes with the failed checks and their findings")
    func failing() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let bid = try TestSupport.read("bids/BID-002.xml", in: folder)
        try TestSupport.write(
            bid.replacingOccurrences(of: "386400.00", with: "376400.00"), to: "bids/BID-002.xml", in: folder)
        let (report, _) = try verifyJSON([folder.path], status: 1)
        #expect(!report.verified)
        let failed = report.checks.filter { $0.outcome != "passed" }
        // The summaries check needs results-reproduce, so it is skipped.
        #expect(
            failed.map(\.id) == [
                "inputs-match-record", "results-reproduce", "assessment-summaries-match-results",
            ])
        #expect(failed.first { $0.id == "assessment-summaries-match-results" }?.outcome == "skipped")
        let finding = try #require(failed.first?.findings.first)
        #expect(failed.first?.findings.count == 1)
        #expect(finding.location == "\(folder.path)/bids/BID-002.xml")
        #expect(finding.message.hasPrefix("content differs from what entry 34 recorded: sha256 "))
        #expect(
            failed.first { $0.id == "results-reproduce" }?.findings.contains {
                $0.location == "\(folder.path)/evidence/results.xml"
                    && $0.message == "EvaluationResults › Lot LOT-0000 › Bid BID-002 › Criterion AC-5 › Price @amount:"
                        + " results.xml has \"386400.00\", recomputed \"376400.00\""
            } == true)
    }

    @Test("Checks that cannot run are skipped, with the check they need")
    func skipped() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .moderate)
        let (report, _) = try verifyJSON([setup.path], status: 1)
        let outcomes = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.id, $0) })
        #expect(outcomes["evaluation-is-current"]?.outcome == "failed")
        #expect(
            outcomes["evaluation-is-current"]?.findings.map(\.location) == ["\(setup.path)/evidence/trail"],
            "\(outcomes["evaluation-is-current"]?.findings ?? [])")
        for id in [
            "inputs-match-record", "results-match-record", "every-bid-has-a-final-status", "recommended-is-rank-one",
        ] {
            #expect(outcomes[id]?.outcome == "skipped", "\(id)")
            #expect(outcomes[id]?.skippedBecause == "needs evaluation-is-current", "\(id)")
        }
        #expect(outcomes["signatures-are-valid"]?.outcome == "passed")
    }

    /// Whether `python3` with the `jsonschema` package is installed (CI may not have it).
    static let hasJSONSchema = (try? TestSupport.shell("python3 -c 'import jsonschema' 2>/dev/null").status) == 0

    @Test(
        "The reports validate against docs/verify-report.schema.json, which rejects inconsistent ones",
        .enabled(if: hasJSONSchema, "needs python3 with the jsonschema package"))
    func schema() throws {
        let passing = try CLIHarness.shippedCaseCopy()
        let failing = try CLIHarness.shippedCaseCopy()
        try FileManager.default.removeItem(at: failing.appendingPathComponent("evidence/checkpoints/00000035.xml"))
        let skipping = try MiniCaseSetup()
        try skipping.run(through: .open)
        let published = passing.appendingPathComponent("evidence/checkpoints/00000010.xml").path
        let folder = try TestSupport.temporaryFolder("verify-json")
        var reports: [String] = []
        for (index, arguments) in [
            [passing.path], [failing.path], [skipping.path], [passing.path, "--checkpoint", published],
        ].enumerated() {
            let result = try TestSupport.runTender(["verify"] + arguments + ["--format", "json"])
            let url = folder.appendingPathComponent("report-\(index).json")
            try Data(result.standardOutput.utf8).write(to: url)
            reports.append(url.path)
        }
        let schema = TestSupport.packageRoot.appendingPathComponent("docs/verify-report.schema.json").path
        let script = """
            import json, sys, copy
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            problems = []
            reports = [json.load(open(path)) for path in sys.argv[2:]]
            for path, report in zip(sys.argv[2:], reports):
                problems += [f"{path}: {error.message}" for error in validator.iter_errors(report)]
            # The schema has teeth: each of these mutations must be rejected.
            def mutated(report, change):
                report = copy.deepcopy(report)
                change(report)
                return report
            def first(report, outcome):
                return next(check for check in report["checks"] if check["outcome"] == outcome)
            mutations = {
                "verified although a check failed": mutated(reports[1], lambda r: r.update(verified=True)),
                "not verified although every check passed": mutated(reports[0], lambda r: r.update(verified=False)),
                "a skipped check without a reason": mutated(reports[2], lambda r: first(r, "skipped").pop("skippedBecause")),
                "a passed check with a reason to skip": mutated(reports[0], lambda r: first(r, "passed").update(skippedBecause="x")),
                "a failed check without findings": mutated(reports[1], lambda r: first(r, "failed").update(findings=[])),
                "an unknown outcome": mutated(reports[0], lambda r: first(r, "passed").update(outcome="ok")),
                "another version": mutated(reports[0], lambda r: r.update(version=2)),
                "a finding without a location": mutated(reports[1], lambda r: first(r, "failed")["findings"][0].pop("location")),
            }
            for name, report in mutations.items():
                if validator.is_valid(report):
                    problems.append(f"the schema accepts {name}")
            print("\\n".join(problems))
            sys.exit(1 if problems else 0)
            """
        let scriptURL = folder.appendingPathComponent("validate.py")
        try Data(script.utf8).write(to: scriptURL)
        let quoted = ([scriptURL.path, schema] + reports).map { "'\($0)'" }.joined(separator: " ")
        let result = try TestSupport.shell("python3 \(quoted) 2>&1")
        #expect(result.status == 0, "\(result.standardOutput)")
    }
}
