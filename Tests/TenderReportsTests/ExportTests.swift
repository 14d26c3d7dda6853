import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderReports
import TestSupport
import Testing

/// The shipped case's recorded evaluation and trail record, read once from a copy (reading takes
/// the case's lock, which tests never take on the repository's folder).
struct ShippedExport: Sendable {
    /// The evaluation, as `tender evaluate` (without a key) returns it.
    var evaluation: CaseEvaluation
    /// What the trail records for the OCDS release.
    var record: OCDSReleasePackage.TrailRecord

    /// Loaded once for every test.
    static let shared = Result { try ShippedExport() }

    struct NoEvaluation: Error {}

    private init() throws {
        let copy = try TestSupport.copyOfFolder(ShippedCaseStory.folder, name: "renfrewshire-export")
        let lifecycle = Lifecycle(
            folder: CaseFolder(path: copy.path), clock: { Timestamp(secondsSince1970: 0, offsetMinutes: 0) })
        guard let evaluation = try lifecycle.evaluate(key: nil).evaluation else { throw NoEvaluation() }
        self.evaluation = evaluation
        self.record = try OCDSReleasePackage.TrailRecord(
            trail: try Trail.load(caseURL: copy), results: try evaluation.resultsDigests())
    }

    /// The score matrix's rows (header first).
    func rows() -> [[String]] {
        let loaded = evaluation.loaded
        return ScoreMatrixCSV.rows(
            plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations,
            result: evaluation.result)
    }

    /// The score matrix as CSV text.
    func csv() -> String {
        let loaded = evaluation.loaded
        return ScoreMatrixCSV.render(
            plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations,
            result: evaluation.result)
    }

    /// The OCDS release package.
    func ocds(
        record: OCDSReleasePackage.TrailRecord? = nil, options: OCDSReleasePackage.Options = .init()
    ) -> String {
        OCDSReleasePackage.render(
            plan: evaluation.loaded.plan, bids: evaluation.loaded.bids, result: evaluation.result,
            record: record ?? self.record, options: options)
    }
}

/// Running Python 3 (its `csv` module, and `jsonschema` through `Fixtures/ocds/validate.py`).
enum Python {
    /// Runs `python3` with `arguments`.
    static func run(_ arguments: [String]) throws -> ProcessOutput {
        try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }

    /// Writes `text` (UTF-8) to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let url = try TestSupport.temporaryFolder("export-test").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Parses CSV text with Python's `csv` module (strict), and says whether writing the parsed rows
    /// back with `csv.writer` (minimal quoting, CRLF) gives the same text.
    static func parseCSV(_ text: String) throws -> (rows: [[String]], rewritesIdentically: Bool) {
        let script = """
            import csv, io, json, sys
            data = open(sys.argv[1], 'rb').read().decode('utf-8')
            rows = list(csv.reader(io.StringIO(data, newline=''), strict=True))
            out = io.StringIO(newline='')
            csv.writer(out, lineterminator='\\r\\n').writerows(rows)
            print(json.dumps({'rows': rows, 'same': out.getvalue() == data}))
            """
        let output = try run(["-c", script, try temporaryFile(text, name: "matrix.csv")])
        guard output.status == 0 else {
            Issue.record("python3 csv failed: \(output.standardError)")
            return ([], false)
        }
        struct Parsed: Decodable {
            var rows: [[String]]
            var same: Bool
        }
        let parsed = try JSONDecoder().decode(Parsed.self, from: Data(output.standardOutput.utf8))
        return (parsed.rows, parsed.same)
    }

    /// Validates a release package with `Fixtures/ocds/validate.py` (OCDS 1.1.5 with the lots,
    /// bids and awardCriteriaBreakdown extensions).
    static func validateOCDS(_ json: String) throws -> ProcessOutput {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let script = fixtures.appendingPathComponent("ocds/validate.py").path
        let output = try run([script, try temporaryFile(json, name: "package.json")])
        #expect(output.status != 2, "the validator cannot run: \(output.standardError)")
        return output
    }
}

@Suite("The CSV score matrix")
struct ScoreMatrixCSVTests {
    @Test("Fields with a comma, a double quote, CR or LF are quoted with quotes doubled; records end with CRLF")
    func escaping() {
        let text = ScoreMatrixCSV.render(rows: [
            ["a,b", #"say "hi""#, "line\nbreak", "carriage\rreturn", "plain", ""], ["é – ü", "'=1+1", " x "],
        ])
        #expect(
            text == "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"carriage\rreturn\",plain,\r\né – ü,'=1+1, x \r\n")
    }

    @Test("The shipped case has one row per bid × scored criterion × evaluator: 7 × 4 × 3, parsed by Python's csv")
    func shippedRowCount() throws {
        let export = try ShippedExport.shared.get()
        let parsed = try Python.parseCSV(export.csv())
        #expect(parsed.rows.first == ScoreMatrixCSV.header)
        #expect(parsed.rows.count == 1 + 7 * 4 * 3)
        #expect(parsed.rows.allSatisfy { $0.count == ScoreMatrixCSV.header.count })
        #expect(parsed.rewritesIdentically, "Python's csv.writer writes the parsed rows back differently")
        #expect(parsed.rows == export.rows())
        // Every bid of the lot, each with the 4 scored criteria (AC-5 is priced) and the 3 quality evaluators.
        let keys = parsed.rows.dropFirst().map { "\($0[1]) \($0[4]) \($0[8])" }
        #expect(Set(keys).count == 84)
        #expect(Set(parsed.rows.dropFirst().map { $0[1] }).count == 7)
        #expect(Set(parsed.rows.dropFirst().map { $0[4] }) == ["AC-1", "AC-2", "AC-3", "AC-4"])
        #expect(Set(parsed.rows.dropFirst().map { $0[8] }) == ["EV-1", "EV-2", "EV-3"])
    }

    @Test("Justifications and names with commas, quotes and line breaks round-trip through Python's csv exactly")
    func hostileTextRoundTrips() throws {
        var export = try ShippedExport.shared.get()
        let justification =
            "Para 1, \"quoted\" and ''single'';\r\nsecond line\nthird\rfourth,\u{00A0}ünïcödé – €, 😀\t."
        let name = "Smith, Jones & \"Partners\"\nLtd"
        let sheet = try #require(
            export.evaluation.loaded.scoreSheets.firstIndex { $0.evaluator == "EV-2" && $0.bid == "BID-006" })
        let score = try #require(
            export.evaluation.loaded.scoreSheets[sheet].scores.firstIndex { $0.criterion == "AC-3" })
        export.evaluation.loaded.scoreSheets[sheet].scores[score].justification = justification
        let lot = try #require(export.evaluation.result.lots.first)
        let bid = try #require(lot.bids.firstIndex { $0.bid == "BID-006" })
        export.evaluation.result.lots[0].bids[bid].tenderer.name = name
        let parsed = try Python.parseCSV(export.csv())
        #expect(parsed.rewritesIdentically)
        let row = try #require(parsed.rows.first { $0[1] == "BID-006" && $0[4] == "AC-3" && $0[8] == "EV-2" })
        #expect(row[11] == justification)
        #expect(row[3] == name)
        #expect(parsed.rows.count == 85)
    }

    @Test("Scores, points and money are exact decimal text: the shipped case's BID-001 rows")
    func exactValues() throws {
        let rows = try ShippedExport.shared.get().rows()
        func row(_ bid: String, _ criterion: String, _ evaluator: String) throws -> [String: String] {
            let found = try #require(rows.first { $0[1] == bid && $0[4] == criterion && $0[8] == evaluator })
            return Dictionary(uniqueKeysWithValues: zip(ScoreMatrixCSV.header, found))
        }
        let first = try row("BID-001", "AC-1", "EV-3")
        #expect(first["tenderer"] == "Gryffe Valley Electrical Testing Ltd")
        #expect(first["criterion_name"] == "Methodology and approach")
        #expect(first["criterion_weight"] == "15")
        #expect(first["scale_maximum"] == "4")
        #expect(first["evaluator_name"] == "Iain Gourlay")
        #expect(first["score"] == "3")
        #expect(first["score_used"] == "4")
        #expect(first["score_basis"] == "median")
        #expect(first["criterion_points"] == "15.00")
        #expect(first["quality_points"] == "23.75")
        #expect(first["price"] == "448750.00")
        #expect(first["currency"] == "EUR")
        #expect(first["price_points"] == "64.58")
        #expect(first["total_points"] == "88.33")
        #expect(first["rank"] == "1")
        #expect(first["status"] == "ranked")
        let moderated = try row("BID-001", "AC-4", "EV-1")
        #expect(moderated["score"] == "2")
        #expect(moderated["moderated_score"] == "3")
        #expect(moderated["moderation_reason"]?.isEmpty == false)
        #expect(moderated["score_used"] == "3")
        #expect(moderated["score_basis"] == "moderated")
        #expect(moderated["criterion_points"] == "1.50")
    }

    @Test("Excluded bids keep their rows: empty scores where no sheet exists, the stage and no price for a late bid")
    func excludedBids() throws {
        let rows = try ShippedExport.shared.get().rows()
        let header = ScoreMatrixCSV.header
        func value(_ row: [String], _ column: String) -> String? { header.firstIndex(of: column).map { row[$0] } }
        let late = try #require(rows.first { $0[1] == "BID-007" })
        #expect(value(late, "score") == "")
        #expect(value(late, "price") == "")
        #expect(value(late, "status") == "excluded")
        #expect(value(late, "exclusion_stage") == "late-submission")
        let gate = try #require(rows.first { $0[1] == "BID-003" })
        #expect(value(gate, "score") == "")
        #expect(value(gate, "price") == "397850.00")
        #expect(value(gate, "exclusion_stage") == "gate")
        let rejected = try #require(rows.first { $0[1] == "BID-004" && $0[4] == "AC-1" && $0[8] == "EV-2" })
        #expect(value(rejected, "score") == "1")
        #expect(value(rejected, "exclusion_stage") == "abnormally-low-rejected")
        #expect(value(rejected, "rank") == "")
    }

    @Test("A price with more digits than a Double holds is written as the bid states it")
    func longPrice() throws {
        var export = try ShippedExport.shared.get()
        let index = try #require(export.evaluation.loaded.bids.firstIndex { $0.id == "BID-002" })
        let amount = try #require(Money(text: "12345678901234567890.123456789", currency: "EUR"))
        export.evaluation.loaded.bids[index].lotBids[0].prices[0].amount = amount
        let row = try #require(export.rows().first { $0[1] == "BID-002" })
        #expect(row[ScoreMatrixCSV.header.firstIndex(of: "price") ?? 0] == "12345678901234567890.123456789")
    }

    @Test("Row order does not depend on the order of the documents")
    func deterministic() throws {
        let export = try ShippedExport.shared.get()
        let loaded = export.evaluation.loaded
        var result = export.evaluation.result
        result.lots[0].bids.reverse()
        let shuffled = ScoreMatrixCSV.render(
            plan: loaded.plan, bids: loaded.bids.reversed(), scoreSheets: loaded.scoreSheets.reversed(),
            moderations: loaded.moderations, result: result)
        #expect(shuffled == export.csv())
    }
}

@Suite("The OCDS 1.1 release package")
struct OCDSReleasePackageTests {
    /// The package's only release, parsed (numbers as Foundation reads them: only for structure).
    static func release(_ json: String) throws -> [String: Any] {
        let package = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let releases = try #require(package["releases"] as? [[String: Any]])
        return try #require(releases.first)
    }

    @Test("The shipped case's export validates against OCDS 1.1.5 with the lots, bids and awardCriteriaBreakdown")
    func validates() throws {
        let output = try Python.validateOCDS(try ShippedExport.shared.get().ocds())
        #expect(output.status == 0, "\(output.standardOutput)\(output.standardError)")
        #expect(output.standardOutput == "valid\n")
    }

    @Test("Money and weights are written as their decimal text, never through a Double")
    func exactNumbers() throws {
        let json = try ShippedExport.shared.get().ocds()
        for bid in ["448750.00", "386400.00", "397850.00", "258600.00", "379950.00", "419900.00"] {
            #expect(json.contains("\"amount\": \(bid),\n"), "\(bid)")
        }
        #expect(json.contains("\"value\": 386400.00,\n            \"currency\": \"EUR\""))
        #expect(json.contains("\"amount\": 500000,\n"))
        #expect(json.contains("\"number\": 15,\n"))
        #expect(!json.contains("448750.0,") && !json.contains("448750,"))
    }

    @Test("A 30-digit amount with leading zeros keeps every digit but the zeros JSON forbids, and validates")
    func longAmount() throws {
        var export = try ShippedExport.shared.get()
        let index = try #require(export.evaluation.loaded.bids.firstIndex { $0.id == "BID-001" })
        let amount = try #require(Money(text: "0012345678901234567890.1234567890", currency: "EUR"))
        export.evaluation.loaded.bids[index].lotBids[0].prices[0].amount = amount
        let json = export.ocds()
        #expect(json.contains("\"amount\": 12345678901234567890.1234567890,\n"))
        #expect(try Python.validateOCDS(json).status == 0)
    }

    @Test("Bids: tenderers, values as written, statuses, ranks and receipt times from the trail")
    func bids() throws {
        let release = try Self.release(try ShippedExport.shared.get().ocds())
        let bids = try #require(release["bids"] as? [String: Any])
        let details = try #require(bids["details"] as? [[String: Any]])
        #expect(
            details.map { $0["id"] as? String } == [
                "BID-001", "BID-002", "BID-003", "BID-004", "BID-005", "BID-006", "BID-007",
            ])
        #expect(
            details.map { $0["status"] as? String } == [
                "valid", "valid", "disqualified", "disqualified", "disqualified", "valid", "disqualified",
            ])
        #expect(details.map { $0["rank"] as? Int } == [1, 2, nil, nil, nil, 3, nil])
        let first = details[0]
        #expect(
            (first["tenderers"] as? [[String: String]]) == [
                ["id": "TEN-001", "name": "Gryffe Valley Electrical Testing Ltd"]
            ])
        #expect(first["date"] as? String == "2020-04-02T15:41:07+01:00")
        #expect((first["relatedLots"] as? [String]) == ["LOT-0000"])
        // The late bid was excluded unread: no value.
        #expect(details[6]["value"] == nil)
        #expect(details[6]["date"] as? String == "2020-04-03T12:07:31+01:00")
        let statistics = try #require(bids["statistics"] as? [[String: Any]])
        let measures = Dictionary(
            uniqueKeysWithValues: statistics.compactMap { statistic in
                (statistic["measure"] as? String).map { ($0, "\(statistic["value"] ?? "")") }
            })
        #expect(measures["bids"] == "7")
        #expect(measures["validBids"] == "3")
        #expect(measures["tendersDisqualified"] == "4")
        #expect(measures["tendersAbnormallyLow"] == "1")
    }

    @Test("The award recommended in the trail: BID-001 for LOT-0000, pending, with its justification and value")
    func award() throws {
        let json = try ShippedExport.shared.get().ocds()
        let release = try Self.release(json)
        #expect((release["tag"] as? [String]) == ["tender", "award"])
        let awards = try #require(release["awards"] as? [[String: Any]])
        #expect(awards.count == 1)
        let award = try #require(awards.first)
        #expect(award["status"] as? String == "pending")
        #expect(award["date"] as? String == "2020-05-07T11:00:00+01:00")
        #expect((award["relatedBids"] as? [String]) == ["BID-001"])
        #expect((award["relatedLots"] as? [String]) == ["LOT-0000"])
        #expect(
            (award["suppliers"] as? [[String: String]]) == [
                ["id": "TEN-001", "name": "Gryffe Valley Electrical Testing Ltd"]
            ])
        #expect(award["description"] as? String == ShippedCaseStory.awardJustification)
        let awardValue =
            "\"value\": {\n            \"amount\": 448750.00,\n            \"currency\": \"EUR\"\n          },\n"
            + "          \"suppliers\""
        #expect(json.contains(awardValue))
        #expect(release["date"] as? String == "2020-05-07T11:00:00+01:00")
        #expect(release["id"] as? String == "ocds-xxxxxx-c4c415ee-ac08-4465-8fa6-57568cf69462-LOT-0000-entry-35")
        let parties = try #require(release["parties"] as? [[String: Any]])
        let supplier = try #require(parties.first { $0["id"] as? String == "TEN-001" })
        #expect((supplier["roles"] as? [String]) == ["tenderer", "supplier"])
        #expect((parties.first?["roles"] as? [String]) == ["buyer", "procuringEntity"])
    }

    @Test("Without a recommendation the release has no awards and is tagged tender only; it still validates")
    func noAward() throws {
        let export = try ShippedExport.shared.get()
        var record = export.record
        record.awards = []
        let json = export.ocds(record: record)
        let release = try Self.release(json)
        #expect(release["awards"] == nil)
        #expect((release["tag"] as? [String]) == ["tender"])
        #expect(release["date"] as? String == "2020-05-06T10:00:00+01:00")
        #expect(try Python.validateOCDS(json).status == 0)
    }

    @Test("The OCID is the prefix and the plan ID; tender, lots and award criteria come from the plan")
    func tender() throws {
        let json = try ShippedExport.shared.get().ocds(
            options: .init(ocidPrefix: "ocds-213czf", packageURI: "https://example.org/p.json"))
        let package = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(package["uri"] as? String == "https://example.org/p.json")
        #expect(package["version"] as? String == "1.1")
        #expect(package["publishedDate"] as? String == "2020-05-07T11:00:00+01:00")
        let release = try Self.release(json)
        #expect(release["ocid"] as? String == "ocds-213czf-c4c415ee-ac08-4465-8fa6-57568cf69462-LOT-0000")
        let tender = try #require(release["tender"] as? [String: Any])
        #expect(tender["awardCriteria"] as? String == "ratedCriteria")
        #expect((tender["tenderPeriod"] as? [String: String]) == ["endDate": "2020-04-03T12:00:00+01:00"])
        #expect(tender["numberOfTenderers"] as? Int == 7)
        let lots = try #require(tender["lots"] as? [[String: Any]])
        #expect(lots.map { $0["id"] as? String } == ["LOT-0000"])
        let criteria = try #require((lots[0]["awardCriteria"] as? [String: Any])?["criteria"] as? [[String: Any]])
        #expect(
            criteria.map { $0["name"] as? String } == [
                "Methodology and approach", "Fair working practices", "Community benefits offered",
                "Community benefit methodology", "Price",
            ])
        #expect(criteria.map { $0["type"] as? String } == ["quality", "quality", "quality", "quality", "price"])
        #expect(json.contains("\"number\": 2,\n                      \"threshold\": \"minimumScore\""))
    }

    @Test("Text is escaped as JSON requires and reads back unchanged")
    func escapedText() throws {
        var export = try ShippedExport.shared.get()
        let name = "Quote \" backslash \\ slash / tab \t newline \n bell \u{07} line-separator \u{2028} é 😀"
        export.evaluation.result.lots[0].bids[0].tenderer.name = name
        let json = export.ocds()
        let release = try Self.release(json)
        let details = try #require((release["bids"] as? [String: Any])?["details"] as? [[String: Any]])
        let names = details.compactMap { ($0["tenderers"] as? [[String: String]])?.first?["name"] }
        #expect(names.contains(name))
        #expect(json.contains(#"\u0007"#))
        #expect(try Python.validateOCDS(json).status == 0)
    }

    @Test("The same evaluation and trail give the same bytes")
    func deterministic() throws {
        let export = try ShippedExport.shared.get()
        #expect(export.ocds() == export.ocds())
    }

    @Test("A trail that records no evaluation of these results is refused")
    func unrecordedResults() throws {
        let export = try ShippedExport.shared.get()
        #expect(throws: LifecycleError.self) {
            try OCDSReleasePackage.TrailRecord(trail: Trail(), results: try export.evaluation.resultsDigests())
        }
    }

    /// Breaks a valid package in one way, to show that validation can fail.
    enum Breakage: String, CaseIterable, Sendable {
        case bidWithoutID, unknownWeightCode, lotWithoutID, dateWithoutOffset, amountAsString

        func apply(to release: inout [String: Any]) {
            var bids = release["bids"] as? [String: Any] ?? [:]
            var details = bids["details"] as? [[String: Any]] ?? []
            var tender = release["tender"] as? [String: Any] ?? [:]
            var lots = tender["lots"] as? [[String: Any]] ?? []
            switch self {
            case .bidWithoutID: details[0]["id"] = nil
            case .unknownWeightCode:
                var awardCriteria = lots[0]["awardCriteria"] as? [String: Any] ?? [:]
                var criteria = awardCriteria["criteria"] as? [[String: Any]] ?? []
                var numbers = criteria[0]["numbers"] as? [[String: Any]] ?? []
                numbers[0]["weight"] = "percent"
                criteria[0]["numbers"] = numbers
                awardCriteria["criteria"] = criteria
                lots[0]["awardCriteria"] = awardCriteria
            case .lotWithoutID: lots[0]["id"] = nil
            case .dateWithoutOffset: release["date"] = "2020-05-07T11:00:00"
            case .amountAsString: details[0]["value"] = ["amount": "448750.00", "currency": "EUR"]
            }
            bids["details"] = details
            release["bids"] = bids
            tender["lots"] = lots
            release["tender"] = tender
        }

        var expectedPath: String {
            switch self {
            case .bidWithoutID: "releases/0/bids/details/0: 'id' is a required property"
            case .unknownWeightCode:
                "releases/0/tender/lots/0/awardCriteria/criteria/0/numbers/0/weight: 'percent' is not one of"
            case .lotWithoutID: "releases/0/tender/lots/0: 'id' is a required property"
            case .dateWithoutOffset: "releases/0/date: '2020-05-07T11:00:00' is not a 'date-time'"
            case .amountAsString: "releases/0/bids/details/0/value/amount: '448750.00' is not of type 'number', 'null'"
            }
        }
    }

    @Test("An invalid package fails validation, naming the path", arguments: Breakage.allCases)
    func invalidPackage(_ breakage: Breakage) throws {
        let json = try ShippedExport.shared.get().ocds()
        var package = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var releases = try #require(package["releases"] as? [[String: Any]])
        breakage.apply(to: &releases[0])
        package["releases"] = releases
        let broken = String(decoding: try JSONSerialization.data(withJSONObject: package), as: UTF8.self)
        let output = try Python.validateOCDS(broken)
        #expect(output.status == 1)
        #expect(output.standardOutput.contains(breakage.expectedPath), "\(output.standardOutput)")
    }
}
