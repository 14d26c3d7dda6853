import EvidenceTrail
import Foundation
import Synchronization
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

@testable import TenderReports

@Suite("The terminal: display widths, aligned tables, colour, progress")
struct TerminalTests {
    @Test(
        "Display width counts terminal columns, not characters or bytes",
        arguments: [
            ("Alpha Ltd", 9),
            ("Soci\u{E9}t\u{E9} G\u{E9}n\u{E9}rale", 16),  // precomposed é
            ("Socie\u{301}te\u{301}", 7),  // e + combining acute: one column each
            ("東京電力株式会社", 16),  // CJK ideographs: two columns each
            ("ＡＢＣ", 6),  // fullwidth Latin
            ("Ελληνική Εταιρεία", 17),
            ("شركة الخليج", 11),
            ("Bau 👷 GmbH", 11),  // an emoji takes two
            ("👨‍👩‍👧 Family Ltd", 13),  // one ZWJ sequence, two columns
            ("", 0),
        ])
    func displayWidth(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test("A table's columns line up by display width whatever script the tenderers' names are in")
    func alignment() {
        var table = TextTable(headers: ["Rank", "Tenderer", "Total"], alignments: [.right, .left, .right])
        table.append(["1", "東京電力株式会社 [BID-A]", "88.33"])
        table.append(["2", "Socie\u{301}te\u{301} [BID-B]", "87.50"])
        table.append(["3", "Bau 👷 GmbH [BID-C]", "9.00"])
        let lines = table.render().split(separator: "\n").map(String.init)
        // The last column is right-aligned, so every line ends at the same column only if each name
        // was padded to the same display width (counting characters would leave the CJK row short).
        #expect(Set(lines.map(DisplayWidth.of)) == [DisplayWidth.of(lines[0])], "\(lines)")
        #expect(lines.count == 4)
        #expect(lines[1].hasSuffix("88.33") && lines[3].hasSuffix(" 9.00"))
    }

    @Test(
        "Colour only on a terminal, never with a non-empty NO_COLOR, never for TERM=dumb",
        arguments: [
            (true, [:], true),
            (false, [:], false),
            (true, ["NO_COLOR": "1"], false),
            (true, ["NO_COLOR": ""], true),
            (true, ["NO_COLOR": "1", "FORCE_COLOR": "1"], false),
            (true, ["TERM": "dumb"], false),
            (true, ["TERM": "xterm-256color"], true),
        ] as [(Bool, [String: String], Bool)])
    func colourDecision(isTerminal: Bool, environment: [String: String], colour: Bool) {
        #expect(TerminalStyle.decideColour(isTerminal: isTerminal, environment: environment) == colour)
    }

    @Test("Colour wraps padded cells, so coloured and plain tables have the same layout")
    func colourKeepsAlignment() {
        var table = TextTable(headers: ["Rank", "Status"], alignments: [.right, .left])
        table.append(["1", "ranked"], roles: [.emphasis, .good])
        table.append(["—", "excluded (gate)"], roles: [nil, .bad])
        let plain = table.render()
        let coloured = table.render(style: TerminalStyle(colour: true))
        #expect(coloured.contains("\u{1B}[31mexcluded (gate)\u{1B}[0m"))
        #expect(!plain.contains("\u{1B}"))
        let stripped = coloured.replacingOccurrences(
            of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test(
        "The progress line stays silent for the first moment, updates at most every interval, and is erased at the end")
    func progress() {
        let now = Mutex(Duration.zero)
        let written = Mutex([String]())
        let line = ProgressLine(
            title: "Reading case", delay: .milliseconds(500), interval: .milliseconds(100),
            elapsed: { now.withLock { $0 } }, write: { text in written.withLock { $0.append(text) } })
        func at(_ milliseconds: Int, _ read: Int, _ total: Int) {
            now.withLock { $0 = .milliseconds(milliseconds) }
            line.update(read: read, total: total)
        }
        at(100, 1, 10)
        at(400, 2, 10)
        #expect(written.withLock { $0 }.isEmpty)
        at(600, 3, 10)
        at(650, 4, 10)  // within the interval: not rewritten
        at(800, 5, 10)
        at(900, 10, 10)
        #expect(
            written.withLock { $0 } == [
                "\rReading case: 3/10 files\u{1B}[K", "\rReading case: 5/10 files\u{1B}[K", "\r\u{1B}[K",
            ])
    }

    @Test("A case read in a moment shows no progress at all")
    func quickRead() {
        let written = Mutex([String]())
        let line = ProgressLine(
            title: "Reading", elapsed: { .milliseconds(10) }, write: { text in written.withLock { $0.append(text) } })
        for read in 1...5 { line.update(read: read, total: 5) }
        #expect(written.withLock { $0 }.isEmpty)
    }

    @Test("Reading a case folder tells its progress observer about every input file, in order")
    func folderReportsProgress() throws {
        let folder = try MiniCase.write()
        var caseFolder = CaseFolder(path: folder.path)
        let seen = Mutex([(Int, Int)]())
        caseFolder.progress = ReadingProgress { read, total in seen.withLock { $0.append((read, total)) } }
        _ = try caseFolder.load()
        let reports = seen.withLock { $0 }
        let total = try caseFolder.inputFiles().count
        #expect(reports.map(\.0) == Array(1...total))
        #expect(reports.allSatisfy { $0.1 == total })
    }

    @Test("The evaluation as JSON carries exact points, statuses and the benchmark")
    func evaluationJSON() throws {
        let (folder, _) = try MiniCase.writeAndRun()
        let lifecycle = Lifecycle(
            folder: CaseFolder(path: folder.path), clock: { Timestamp(secondsSince1970: 0, offsetMinutes: 0) })
        let evaluation = try #require(try lifecycle.evaluate(key: nil).evaluation)
        let text = EvaluationJSON.render(evaluation.result, plan: evaluation.loaded.plan)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "tendertrail-evaluation")
        #expect(json["version"] as? Int == 1)
        let lots = try #require(json["lots"] as? [[String: Any]])
        let bids = try #require(lots.first?["bids"] as? [[String: Any]])
        #expect(bids.count == evaluation.result.lots[0].bids.count)
        for (bid, expected) in zip(bids, evaluation.result.lots[0].bids) {
            #expect(bid["bid"] as? String == expected.bid.rawValue)
            #expect(bid["rank"] as? Int == expected.rank)
            let total = bid["totalPoints"] as? [String: String]
            #expect(total?["unrounded"] == expected.totalPoints?.unrounded.exactText)
        }
        #expect((lots.first?["priceBenchmarks"] as? [[String: Any]])?.isEmpty == false)
        // Consistency: EV-1 scored A (3, 1), B (4, 3), C (2, 2); EV-2 A (3, 3), B (4, 3), C (2, 2). Scores used:
        // A Q1 3 (median), A Q2 2 (moderated: spread 2, above the tolerance 1), the rest as given. EV-1's only
        // deviation is 1 − 2 = −1 over 6 scores: −1/6; EV-2's is 3 − 2 = +1: 1/6.
        let consistency = try #require(lots.first?["consistency"] as? [String: Any])
        #expect(consistency["tolerance"] as? String == "1")
        let spreads = try #require(consistency["spreads"] as? [[String: Any]])
        #expect(spreads.count == 6)
        #expect(
            spreads.filter { $0["aboveTolerance"] as? Bool == true }.map { "\($0["bid"] ?? "") \($0["criterion"] ?? "")" }
                == ["BID-A Q2"])
        let evaluators = try #require(consistency["evaluators"] as? [[String: Any]])
        #expect(evaluators.map { $0["evaluator"] as? String } == ["EV-1", "EV-2"])
        #expect(evaluators.map { $0["bias"] as? String } == ["-1/6", "1/6"])
        #expect(evaluators.map { $0["biasUnit"] as? String } == ["scale-points", "scale-points"])
        #expect(evaluators.allSatisfy { $0["flatScore"] is NSNull })
        #expect(
            RankingTable.render(evaluation.result, plan: evaluation.loaded.plan).contains(
                "  Panel: 1 of 6 spread(s) above the tolerance 1, each moderated; bias (mean of score − score used,"
                    + " scale points): EV-1 ≈−0.17, EV-2 ≈+0.17"))
    }
}
