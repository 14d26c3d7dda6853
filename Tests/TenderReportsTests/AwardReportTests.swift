import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderReports
import TenderXML
import TestSupport
import Testing

/// The shipped case's award report input, read once from a copy (reading takes the case's lock,
/// which tests never take on the repository's folder).
struct ShippedReport: Sendable {
    var input: AwardReport.Input

    static let shared = Result { try ShippedReport() }

    struct NoEvaluation: Error {}

    private init() throws {
        let copy = try TestSupport.copyOfFolder(ShippedCaseStory.folder, name: "renfrewshire-report")
        let folder = CaseFolder(path: copy.path)
        let lifecycle = Lifecycle(folder: folder, clock: { Timestamp(secondsSince1970: 0, offsetMinutes: 0) })
        guard let evaluation = try lifecycle.evaluate(key: nil).evaluation else { throw NoEvaluation() }
        let trail = try Trail.load(caseURL: copy)
        let results = try evaluation.resultsDigests()
        let loaded = evaluation.loaded
        input = AwardReport.Input(
            plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations,
            process: evaluation.process, result: evaluation.result,
            analysis: try DecisionAnalysis.analyse(evaluation.input, result: evaluation.result),
            evidence: AwardReport.EvidenceSummary(
                checkpoint: trail.latestCheckpoint?.checkpoint, inputs: evaluation.inputs, results: results,
                verification: try Verifier.verify(folder),
                record: try OCDSReleasePackage.TrailRecord(trail: trail, results: results)))
    }
}

@Suite("Award report (HTML)")
struct AwardReportTests {
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let svg = "http://www.w3.org/2000/svg"
    static let namespaces = ["h": xhtml, "s": svg]

    func shipped() throws -> AwardReport.Input { try ShippedReport.shared.get().input }

    func page(_ input: AwardReport.Input) throws -> (bytes: [UInt8], document: XMLDocument) {
        let bytes = try AwardReport.render(input)
        return (bytes, try XMLDocument.parse(html5Polyglot: bytes, path: "award-report.html"))
    }

    func elements(_ path: String, in document: XMLDocument, from context: XMLElement? = nil) throws -> [XMLElement] {
        try document.elements(matching: path, namespaces: Self.namespaces, from: context)
    }

    @Test("The shipped case's page sets out the plan, gates, scores, price, ranking, decisions, analysis and evidence")
    func shippedContent() throws {
        let input = try shipped()
        let (_, document) = try page(input)
        let text = document.root.normalizedText
        let expected = [
            // Plan: criteria and weightings, scale descriptors, the price formula, minimum score, gates, rules.
            "Renfrewshire Council", "Methodology and approach", "15 %", "75 %", "minimum score 2",
            "Excellent. The response is comprehensive and unambiguous",
            "lowest-price-ratio: points = 75 × lowest admissible price ÷ the bid's price",
            "Electrical certification scheme membership and tester qualification",
            "Tie-break, in order: highest-quality-points, then lowest-price",
            // Gates with the tenderer's declaration, and exclusions with reasons.
            "BID-003 G-ACCR failed: the tenderer declares", "excluded (gate)", "excluded (late-submission)",
            // The score matrix: a moderated score and its reason.
            "Individual scores 3 (EV-1), 2 (EV-2), 4 (EV-3): spread 2",
            // Price: the benchmark bid.
            "lowest admissible price 386400.00 EUR, quoted by Clyde and Cart Compliance Services Ltd (BID-002)",
            // Totals and ranking, two places as the plan rounds.
            "Most economically advantageous tender (MEAT): Gryffe Valley Electrical Testing Ltd (BID-001), 88.33 of"
                + " 100 points.",
            // Abnormally low: the recorded decision.
            "BID-004, decision recorded in the trail: the contracting authority rejected the tenderer's explanation.",
            // Decision analysis: exact fractions with approximations marked ≈, and the no-change case.
            "below 957900/70609 (≈ 13.5663) the winner changes to Clyde and Cart Compliance Services Ltd (BID-002)",
            "no change within 0–100", "No removal changed the order of the remaining bids: no rank reversal.",
            "is 1191/1436 (≈ 0.8294) points behind",
            // The recommendation and the evaluation as the trail records them; the verdict.
            "Award recommendation recorded: Gryffe Valley Electrical Testing Ltd (BID-001), trail entry 35,",
            "Evaluation: recorded in trail entry", "Verified: all 30 checks passed.",
        ]
        for fragment in expected {
            #expect(text.contains(fragment), "missing: \(fragment)")
        }
        let checkpoint = try #require(input.evidence.checkpoint)
        #expect(text.contains("\(checkpoint.size) trail entries; head (root) hash \(checkpoint.head.hex)"))
        #expect(text.contains(input.evidence.results.bytes.hex))
        // Evaluator consistency, under the score matrix: biases worked in ShippedCaseCommandTests (−4, +2, +2
        // over 20 scores each).
        let bias = try elements(
            "//h:section[@id='quality']//h:table[@aria-label='Per-evaluator bias, lot LOT-0000: mean of score − score"
                + " used']/h:tbody/h:tr", in: document)
        #expect(
            bias.map { $0.children.map(\.text) } == [
                ["EV-1", "Alasdair Brodie", "20", "-0.2", "−0.2", "no"],
                ["EV-2", "Fiona Dalgleish", "20", "0.1", "+0.1", "no"],
                ["EV-3", "Iain Gourlay", "20", "0.1", "+0.1", "no"],
            ])
        #expect(
            text.contains(
                "4 of 20 bid and criterion scores have a spread above the plan's tolerance of 1 (BID-001 AC-4: 2,"
                    + " BID-002 AC-3: 2, BID-006 AC-1: 2, BID-004 AC-3: 2); each was moderated."))
        let rows = try elements("(//h:section[@id='evidence']//h:table)[1]/h:tbody/h:tr", in: document)
        #expect(rows.count == input.evidence.inputs.count)
        // Every check passed, so the evidence section has no table of checks that did not pass.
        #expect(try elements("(//h:section[@id='evidence']//h:table)[2]", in: document).isEmpty)
        #expect(!text.contains("Checks that did not pass"))
        for (row, recorded) in zip(rows, input.evidence.inputs) {
            let cells = row.children.map(\.text)
            #expect(
                cells == [
                    recorded.file.relativePath, recorded.file.role.rawValue, recorded.digests.bytes.hex,
                    recorded.digests.canonical?.hex ?? "— (not XML)",
                ])
        }
    }

    @Test("Every section is there, in order, each table scrolls in its own container, and the page is deterministic")
    func structure() throws {
        let input = try shipped()
        let (bytes, document) = try page(input)
        #expect(document.root.localName == "html" && document.root.namespaceURI == Self.xhtml)
        let sections = try elements("//h:main/h:section", in: document).compactMap { $0.attribute("id") }
        #expect(
            sections == [
                "outcome", "ranking", "plan", "gates", "quality", "price", "abnormally-low", "analysis", "evidence",
            ])
        let viewport = try elements("//h:meta[@name='viewport']", in: document)
        #expect(viewport.first?.attribute("content") == "width=device-width, initial-scale=1")
        let style = try elements("//h:head/h:style", in: document).first?.text ?? ""
        #expect(style.contains("@media print"))
        #expect(!style.contains("<") && !style.contains(">") && !style.contains("&"))
        let tables = try elements("//h:table", in: document)
        #expect(tables.count > 10)
        let scrolled = try elements("//h:div[@class='table-scroll']/h:table", in: document)
        #expect(scrolled.count == tables.count)
        #expect(try AwardReport.render(input) == bytes)
    }

    @Test("No external references: no scripts, links, images, fonts or URLs; only in-page anchors")
    func selfContained() throws {
        let (bytes, document) = try page(try shipped())
        for name in ["script", "link", "img", "iframe", "object", "embed", "image", "use", "foreignObject"] {
            #expect(try elements("//*[local-name()='\(name)']", in: document).isEmpty, "<\(name)>")
        }
        let all = try elements("//*", in: document)
        for element in all {
            for attribute in element.attributeNames {
                let value = element.attribute(attribute) ?? ""
                if attribute == "href" {
                    #expect(value.hasPrefix("#"), "\(element.localName) href=\(value)")
                }
                #expect(!["src", "srcset", "data", "action", "background"].contains(attribute))
                #expect(!value.lowercased().contains("url("), "\(attribute)=\(value)")
            }
        }
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "xmlns=\"\(Self.xhtml)\"", with: "")
            .replacingOccurrences(of: "xmlns=\"\(Self.svg)\"", with: "")
        for scheme in ["http:", "https:", "file:", "ftp:", "data:", "@import", "url(", "@font-face", "javascript:"] {
            #expect(!text.lowercased().contains(scheme), "found \(scheme)")
        }
    }

    @Test("Hostile names and reasons are escaped by libxml2 and read back unchanged")
    func hostileNames() throws {
        var input = try shipped()
        let hostile = "<script>alert(\"x\")</script> \"& Sons' <b>Ltd</b>"
        input.plan.contractingAuthority = hostile
        input.plan.title = "</title><script>x</script>"
        for index in input.bids.indices { input.bids[index].tenderer.name = hostile }
        for lot in input.result.lots.indices {
            for bid in input.result.lots[lot].bids.indices { input.result.lots[lot].bids[bid].tenderer.name = hostile }
        }
        for index in input.moderations[0].consensus.indices {
            input.moderations[0].consensus[index].reason = "</td></tr></table><img src=x onerror=alert(1)>"
        }
        let (bytes, document) = try page(input)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("<script"))
        #expect(!text.contains("<img"))
        #expect(!text.contains("<b>"))
        #expect(text.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; \"&amp; Sons' &lt;b&gt;Ltd&lt;/b&gt;"))
        #expect(
            try elements("//*[local-name()='script' or local-name()='img' or local-name()='b']", in: document).isEmpty)
        let title = try elements("//h:title", in: document).first?.text
        #expect(title == "Award report: </title><script>x</script>")
        // In an attribute (the SVG bar's title is an element; data-* carry IDs only), and in table cells.
        let names = try elements("//h:section[@id='ranking']//h:tbody/h:tr/h:td[2]", in: document).map(\.text)
        #expect(names.first == "\(hostile) (BID-001)")
        let svgTitles = try elements("//s:g[@class='bid-bar']/s:title", in: document).map(\.text)
        #expect(svgTitles.first?.hasPrefix(hostile) == true)
    }

    @Test("A case that does not verify says so at the top, and the evidence lists each check that did not pass")
    func notVerified() throws {
        var input = try shipped()
        let index = try #require(input.evidence.verification.checks.firstIndex { $0.id == "signatures-are-valid" })
        input.evidence.verification.checks[index].outcome = .failed([
            Finding(location: "evidence/trail/00000003.sig", message: "not EV-1's <signature> & nothing else")
        ])
        let (_, document) = try page(input)
        let verdicts = try elements("//h:p[contains(@class, 'verdict')]", in: document)
        #expect(verdicts.count == 2)
        for verdict in verdicts {
            #expect(verdict.attribute("class") == "verdict verdict-fail")
            #expect(verdict.text.hasPrefix("NOT VERIFIED: 1 failed"))
        }
        let rows = try elements(
            "//h:section[@id='evidence']//h:table[@aria-label='Checks that did not pass']//h:tbody/h:tr", in: document)
        let failed = try #require(rows.first { $0.children.dropFirst().first?.text == "signatures-are-valid" })
        #expect(failed.children.first?.text == "FAIL")
        #expect(failed.children.last?.text == "evidence/trail/00000003.sig: not EV-1's <signature> & nothing else")
        #expect(rows.count == input.evidence.verification.checks.filter { !$0.outcome.isPassed }.count)
    }

    @Test("Chart (a): one bar per ranked bid, its height proportional to the bid's total; excluded bids not charted")
    func pointsChart() throws {
        let input = try shipped()
        let (_, document) = try page(input)
        let lot = input.result.lots[0]
        let ranked = lot.bids.filter { $0.rank != nil }
        let bars = try elements("//s:svg//s:g[@class='bid-bar']", in: document)
        #expect(bars.map { $0.attribute("data-bid") } == ranked.map(\.bid.rawValue))
        #expect(ranked.count == 3 && lot.bids.count == 7)
        var ratios: [Double] = []
        for (bar, bid) in zip(bars, ranked) {
            let outline = try #require(try elements("s:rect[@class='bar']", in: document, from: bar).first)
            let height = try #require(Double(outline.attribute("height") ?? ""))
            let exact = try #require(bid.totalPoints?.used.decimalValue)
            let total = try #require(Double(exact.description))
            ratios.append(height / total)
            // The criterion segments stack up to the bar.
            let segments = try elements("s:rect[@class='segment']", in: document, from: bar)
            #expect(segments.count == 5)
            let stacked = segments.compactMap { Double($0.attribute("height") ?? "") }.reduce(0, +)
            #expect(abs(stacked - height) < 0.05, "\(bid.bid): segments \(stacked), bar \(height)")
        }
        // 240 units for 100 points: 2.4 units a point, for every bar.
        for ratio in ratios { #expect(abs(ratio - 2.4) < 0.001) }
        let chart = try #require(try elements("//s:svg[.//s:g[@class='bid-bar']]", in: document).first)
        #expect(try elements("s:title", in: document, from: chart).count == 1)
        let description = try #require(try elements("s:desc", in: document, from: chart).first).text
        #expect(description.contains("Excluded, not charted: Muirshiel Inspection and Testing Ltd (BID-003)"))
    }

    @Test("Chart (b): per scored criterion, each evaluator's score as a dot and the score used marked")
    func spreadChart() throws {
        let input = try shipped()
        let (_, document) = try page(input)
        let charts = try elements("//s:svg[.//s:g[@class='spread-row']]", in: document)
        #expect(charts.count == 4)
        let first = try #require(charts.first)
        let rows = try elements(".//s:g[@class='spread-row']", in: document, from: first)
        #expect(rows.map { $0.attribute("data-bid") } == ["BID-001", "BID-002", "BID-006", "BID-004", "BID-005"])
        for row in rows {
            #expect(try elements("s:circle[@class='individual']", in: document, from: row).count == 3)
            #expect(try elements("s:polygon[@class='used']", in: document, from: row).count == 1)
        }
        // BID-006 on AC-1 was moderated: its marker is filled; BID-001's median is an outline.
        let moderated = try #require(try elements("s:polygon", in: document, from: rows[2]).first)
        #expect(moderated.attribute("fill") == "#c0392b")
        let median = try #require(try elements("s:polygon", in: document, from: rows[0]).first)
        #expect(median.attribute("fill") == "none")
        #expect(try elements("s:title", in: document, from: first).first?.text.contains("AC-1") == true)
        #expect(try elements("s:desc", in: document, from: first).first?.text.contains("EV-3 4") == true)
    }
}
