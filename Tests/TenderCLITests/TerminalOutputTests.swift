import Foundation
import TestSupport
import Testing

/// What `tender` prints for people and for scripts: aligned tables in any script, colour only on a
/// terminal and never with NO_COLOR, `--quiet`, and `--format json` on every command that prints
/// results.
@Suite("tender output: alignment, colour, --quiet, --format json")
struct TerminalOutputTests {
    /// Parses standard output as one JSON object.
    func json(_ result: ProcessOutput, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    /// Runs `tender arguments` under a pseudo-terminal (util-linux `script`), so that standard
    /// output is a terminal; `environment` is set for it.
    func onTerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let assignments = environment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let command = ([TestSupport.tenderExecutable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try TestSupport.shell(
            "env -u NO_COLOR TERM=xterm \(assignments) script -qec \"\(command)\" /dev/null")
        return result.standardOutput
    }

    @Test("On a terminal the verdict and outcomes are coloured; with NO_COLOR, or through a pipe, they are not")
    func colour() throws {
        let shipped = CLIHarness.shippedCase.path
        let coloured = try onTerminal(["verify", shipped])
        #expect(coloured.contains("\u{1B}[32mPASS\u{1B}[0m"))
        #expect(coloured.contains("Verified: all 30 checks passed."))
        let noColour = try onTerminal(["verify", shipped], environment: ["NO_COLOR": "1"])
        #expect(noColour.contains("Verified: all 30 checks passed."))
        // No SGR sequence (a progress line on the terminal's standard error may still erase itself).
        #expect(noColour.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) == nil)
        let piped = try CLIHarness.tender("verify", shipped)
        #expect(piped.status == 0)
        #expect(!piped.standardOutput.contains("\u{1B}"))
    }

    @Test("--quiet prints nothing on standard output and keeps the exit code")
    func quiet() throws {
        let verified = try CLIHarness.tender("verify", CLIHarness.shippedCase.path, "--quiet")
        #expect(verified.status == 0)
        #expect(verified.standardOutput.isEmpty)
        let unsound = TestSupport.packageRoot.appendingPathComponent("tenders/renfrewshire-unsound-process").path
        let failed = try CLIHarness.tender("verify", unsound, "-q")
        #expect(failed.status == 1)
        #expect(failed.standardOutput.isEmpty)
        let rules = try CLIHarness.tender("rules", "--quiet")
        #expect(rules.status == 0 && rules.standardOutput.isEmpty)
    }

    @Test("--quiet and --format json together are a usage error")
    func quietAndJSON() throws {
        let result = try CLIHarness.tender("rules", "--quiet", "--format", "json")
        #expect(result.status == 2)
        #expect(result.standardError.contains("--quiet and --format json cannot be combined"))
    }

    @Test("tender rules --format json lists the catalogue `tender rules` prints, in order")
    func rulesJSON() throws {
        let text = try CLIHarness.tender("rules")
        let ids = text.standardOutput.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map {
            String($0.split(separator: " ")[0])
        }
        let document = try json(try CLIHarness.tender("rules", "--format", "json"))
        #expect(document["format"] as? String == "tendertrail-rules")
        let rules = try #require(document["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ids)
        #expect(rules.allSatisfy { ($0["source"] as? String)?.isEmpty == false })
    }

    @Test(
        "A lifecycle step and evaluate print a step document with the entries appended, the checkpoint and the ranking")
    func stepJSON() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .moderate)
        let result = try CLIHarness.tender("evaluate", setup.path, "--key", setup.key("FIN"), "--format", "json")
        #expect(result.status == 0, "\(result.standardError)")
        let document = try json(result)
        #expect(document["format"] as? String == "tendertrail-step")
        #expect(document["step"] as? String == "evaluate")
        let appended = try #require(document["appended"] as? [Int])
        #expect(appended.count == 1)
        let checkpoint = try #require(document["checkpoint"] as? [String: Any])
        #expect(checkpoint["size"] as? Int == appended[0])
        #expect((checkpoint["head"] as? String)?.count == 64)
        let evaluation = try #require(document["evaluation"] as? [String: Any])
        let lots = try #require(evaluation["lots"] as? [[String: Any]])
        let ranks = (lots.first?["bids"] as? [[String: Any]])?.compactMap { $0["rank"] as? Int }
        #expect(ranks == [1, 2, 3])
        // Again: already recorded, nothing appended, no checkpoint.
        let again = try json(try CLIHarness.tender("evaluate", setup.path, "--format", "json"))
        #expect((again["appended"] as? [Int])?.isEmpty == true)
        #expect(again["checkpoint"] == nil)
    }

    @Test("The ranking lines up whatever script the tenderers' names are in")
    func unicodeRanking() throws {
        let setup = try MiniCaseSetup { folder in
            for (bid, name) in [("BID-A", "Alpha Ltd"), ("BID-B", "Beta Ltd"), ("BID-C", "Gamma Ltd")] {
                let replacement = [
                    "BID-A": "東京電力株式会社", "BID-B": "Socie\u{301}te\u{301} Ge\u{301}ne\u{301}rale", "BID-C": "Bau 👷 GmbH",
                ][bid]!
                let path = "bids/\(bid).xml"
                let text = try TestSupport.read(path, in: folder).replacingOccurrences(of: name, with: replacement)
                try TestSupport.write(text, to: path, in: folder)
            }
        }
        try setup.run(through: .moderate)
        let result = try CLIHarness.tender("evaluate", setup.path, "--key", setup.key("FIN"))
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("Rank") && $0.contains("Tenderer") })
        let rows = lines[header...header + 3]
        // Columns after the name start at the same display column in every row: the "Quality"
        // header's column, measured in terminal columns with wide characters counted twice.
        func columns(_ text: Substring) -> Int {
            text.reduce(0) { total, character in
                let scalar = character.unicodeScalars.first!.value
                let wide = (0x3000...0x9FFF).contains(scalar) || (0x1F300...0x1FAFF).contains(scalar)
                return total
                    + (wide
                        ? 2 : (character.unicodeScalars.first!.properties.generalCategory == .nonspacingMark ? 0 : 1))
            }
        }
        let starts = rows.map { row -> Int in
            let name = row.range(of: "]")?.upperBound ?? row.range(of: "Tenderer")!.upperBound
            let afterName = row[name...].firstIndex { $0 != " " }!
            return columns(row[..<afterName]) + columns(row[afterName...].prefix { $0 != " " })
        }
        #expect(Set(starts).count == 1, "\(rows.joined(separator: "\n"))")
    }

    @Test("key generate --format json names the files and the key ID")
    func keyJSON() throws {
        let folder = try TestSupport.temporaryFolder("keys-json")
        let document = try json(
            try CLIHarness.tender("key", "generate", "--name", "EV-9", "--out", folder.path, "--format", "json"))
        #expect(document["format"] as? String == "tendertrail-key")
        #expect((document["keyID"] as? String)?.count == 64)
        #expect((document["privateKey"] as? String)?.hasSuffix("EV-9.key") == true)
    }

    @Test("import-notice --format json needs --output, and then prints what the plan still needs")
    func importJSON() throws {
        let notice = CLIHarness.shippedCase.appendingPathComponent("notice.xml").path
        let refused = try CLIHarness.tender("import-notice", notice, "--lot", "LOT-0000", "--format", "json")
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--format json needs --output"))
        let output = try TestSupport.temporaryFolder("import-json").appendingPathComponent("tender.xml").path
        let result = try CLIHarness.tender(
            "import-notice", notice, "--lot", "LOT-0000", "--output", output, "--format", "json")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let document = try json(result)
        #expect(document["format"] as? String == "tendertrail-import")
        #expect(document["evaluable"] as? Bool == false)
        #expect((document["toComplete"] as? [String])?.isEmpty == false)
        let lots = try #require(document["lots"] as? [[String: Any]])
        #expect(lots.first?["lot"] as? String == "LOT-0000")
    }

    @Test(
        "A right-to-left override in a tenderer's name is shown as [U+202E] in the ranking and the award report, never obeyed"
    )
    func bidiOverride() throws {
        let hostile = "شركة كلايد \u{202E}دتل Clyde"
        let setup = try MiniCaseSetup { folder in
            let text = try TestSupport.read("bids/BID-B.xml", in: folder)
            try TestSupport.write(
                text.replacingOccurrences(of: "Beta Ltd", with: hostile), to: "bids/BID-B.xml", in: folder)
        }
        try setup.run(through: .evaluate)
        let ranking = try CLIHarness.tender("evaluate", setup.path)
        #expect(ranking.status == 0, "\(ranking.standardError)")
        #expect(ranking.standardOutput.contains("شركة كلايد [U+202E]دتل Clyde [BID-B]"))
        #expect(!ranking.standardOutput.unicodeScalars.contains { $0.value == 0x202E })
        // JSON is for programs: the name is exact there.
        let json = try CLIHarness.tender("evaluate", setup.path, "--format", "json")
        #expect(json.standardOutput.unicodeScalars.contains { $0.value == 0x202E })
        let report = try CLIHarness.tender("report", setup.path)
        #expect(report.status == 0, "\(report.standardError)")
        let html = try TestSupport.read("reports/award-report.html", in: setup.folder)
        #expect(html.contains("[U+202E]"))
        #expect(!html.unicodeScalars.contains { $0.value == 0x202E })
    }
}
