import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderReports
import TenderSummaries
import TenderXML
import Testing

/// The HTML and Markdown renderings of the shipped case's assessment summaries.
@Suite("Assessment summaries: HTML and Markdown")
struct AssessmentSummaryRenderTests {
    static let xhtml = AssessmentSummaryHTML.namespace

    static func summaries() throws -> [AssessmentSummary] {
        let shipped = try ShippedExport.shared.get()
        let loaded = shipped.evaluation.loaded
        return try AssessmentSummary.derive(
            plan: loaded.plan, result: shipped.evaluation.result, moderations: loaded.moderations,
            recommended: Dictionary(uniqueKeysWithValues: shipped.record.awards.map { ($0.lot, $0.bid) }))
    }

    static func summary(_ bid: BidID) throws -> AssessmentSummary {
        try #require(try summaries().first { $0.tender.bid == bid })
    }

    /// Every element carrying a `data-<figure kind>` attribute, as `key = value shown`.
    static func htmlFigures(_ bytes: [UInt8]) throws -> [String] {
        let document = try XMLDocument.parse(html5Polyglot: bytes, path: "summary.html")
        var found: [String] = []
        func visit(_ element: XMLElement) {
            for kind in SummaryFigure.Kind.allCases {
                guard let value = element.attribute("data-" + kind.rawValue) else { continue }
                let key = [element.attribute("data-bid"), element.attribute("data-criterion"), kind.rawValue]
                    .compactMap { $0 }.joined(separator: " ")
                found.append("\(key) = \(value) shown \(element.text)")
            }
            element.children.forEach(visit)
        }
        visit(document.root)
        return found
    }

    @Test("Every figure is in the HTML once, with its exact value in data-* and its display text shown")
    func htmlFiguresReadBack() throws {
        for summary in try Self.summaries() {
            let bytes = try AssessmentSummaryHTML.render(summary)
            let expected = summary.figures.map { "\($0.key) = \($0.value) shown \(summary.displayText($0))" }
            #expect(try Self.htmlFigures(bytes).sorted() == expected.sorted(), "\(summary.tender.bid)")
            let root = try XMLDocument.parse(html5Polyglot: bytes, path: "summary.html").root
            #expect(root.attribute("data-lot") == "LOT-0000")
            #expect(root.attribute("data-bid") == summary.tender.bid.rawValue)
            #expect(root.attribute("data-winner") == "BID-001")
        }
    }

    @Test("BID-002's HTML shows its rank, its own price and the winner's total, with the consensus reason")
    func htmlContent() throws {
        let summary = try Self.summary("BID-002")
        let text = String(decoding: try AssessmentSummaryHTML.render(summary), as: UTF8.self)
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""))
        #expect(text.contains("<span data-bid=\"BID-002\" data-rank=\"2\">2</span>"))
        #expect(
            text.contains(
                "<span data-bid=\"BID-002\" data-criterion=\"AC-5\" data-price=\"386400.00\">386400.00</span>"))
        #expect(text.contains("<span data-bid=\"BID-001\" data-total-points=\"88.33\">88.33</span>"))
        #expect(text.contains("The panel agreed that para 3 describes an entitlement staff"))
        #expect(text.contains("Not moderated: the score is the median of the 3 evaluators"))
        #expect(text.contains("regulation 31 of the Procurement Regulations 2024 (SI 2024/692)"))
        // Self-contained: no script, stylesheet link or image to fetch.
        #expect(!text.contains("<script"))
        #expect(!text.contains("<link"))
        #expect(!text.contains("src="))
    }

    @Test("An excluded bid's summary says why instead of ranking it")
    func excluded() throws {
        let html = String(decoding: try AssessmentSummaryHTML.render(try Self.summary("BID-003")), as: UTF8.self)
        #expect(html.contains("it did not meet a mandatory (pass/fail) requirement"))
        #expect(html.contains("gate G-ACCR"))
        #expect(!html.contains("data-rank=\"") || html.contains("data-bid=\"BID-001\" data-rank=\"1\""))
        #expect(!html.contains("data-bid=\"BID-003\" data-rank"))
        let markdown = AssessmentSummaryMarkdown.render(try Self.summary("BID-004"))
        #expect(markdown.contains("rejected it as abnormally low"))
        #expect(markdown.contains("National Minimum Wage"))
    }

    @Test("No summary names, scores or prices a tenderer other than its own and the most advantageous one")
    func noOtherTenderer() throws {
        let shipped = try ShippedExport.shared.get()
        let bids = shipped.evaluation.loaded.bids
        for summary in try Self.summaries() {
            let html = String(decoding: try AssessmentSummaryHTML.render(summary), as: UTF8.self)
            let markdown = AssessmentSummaryMarkdown.render(summary)
            for other in bids where other.id != summary.tender.bid && other.id != "BID-001" {
                for text in [html, markdown] {
                    #expect(!text.contains(other.tenderer.name), "\(summary.tender.bid) names \(other.id)")
                    #expect(!text.contains(other.id.rawValue), "\(summary.tender.bid) mentions \(other.id)")
                    #expect(!text.contains(other.tenderer.id.rawValue), "\(summary.tender.bid) mentions its tenderer")
                    for price in other.lotBids.flatMap(\.prices) {
                        #expect(!text.contains(price.amount.text), "\(summary.tender.bid) shows \(other.id)'s price")
                    }
                }
            }
            if summary.tender.bid != "BID-001" {
                // The winner's price is not disclosed either: only its points.
                #expect(!html.contains("448750.00"))
                #expect(!markdown.contains("448750.00"))
            }
        }
    }

    @Test("A tenderer's name with markup is escaped by libxml2 in HTML and by backslashes in Markdown")
    func escaping() throws {
        var summary = try Self.summary("BID-002")
        summary.tender.tenderer.name = "<b>\"&"
        let html = String(decoding: try AssessmentSummaryHTML.render(summary), as: UTF8.self)
        #expect(html.contains("For &lt;b&gt;\"&amp; (tenderer TEN-002)"))
        #expect(!html.contains("<b>"))
        let document = try XMLDocument.parse(html5Polyglot: Array(html.utf8), path: "summary.html")
        let body = try #require(document.root.child("body", namespace: Self.xhtml))
        let header = try #require(body.child("header", namespace: Self.xhtml))
        #expect(header.children.map(\.text).contains("For <b>\"& (tenderer TEN-002), tender BID-002"))

        summary.tender.tenderer.name = "Evil | Ltd *x* _y_ [z](http://e) `c` <i>\\"
        let markdown = AssessmentSummaryMarkdown.render(summary)
        #expect(markdown.contains(#"For Evil \| Ltd \*x\* \_y\_ \[z\](http://e) \`c\` \<i\>\\ (tenderer TEN-002)"#))
        // Text from the documents inside tables (a criterion's title, a moderation reason) cannot break a row.
        summary.criteria[0].name = "Method | approach *x*"
        summary.tender.criteria[2].explanation = .consensus(reason: "para 3 | para 4\n| AC-9 | BID-009 | 4 |")
        let table = AssessmentSummaryMarkdown.render(summary)
        #expect(table.contains(#"| AC-1 | Method \| approach \*x\* | 15 % |"#))
        #expect(table.contains(#"| para 3 \| para 4 \| AC-9 \| BID-009 \| 4 \| |"#))
        let pipes = table.split(separator: "\n").filter { $0.hasPrefix("| ") }.map { Self.unescapedPipes(String($0)) }
        #expect(pipes.filter { $0 == 6 }.count == 1 + 5 + 1 + 9 + 1 + 9)  // criteria and the two tenders' tables
        #expect(pipes.filter { $0 == 3 }.count == 1 + 5)  // the scale's table
        #expect(pipes.count == 32)
    }

    @Test("The Markdown has a marker line and one figures row per criterion, starting with its ID")
    func markdownTable() throws {
        let summary = try Self.summary("BID-002")
        let markdown = AssessmentSummaryMarkdown.render(summary)
        #expect(
            markdown.hasPrefix(
                "<!-- tendertrail:assessment-summary lot=\"LOT-0000\" bid=\"BID-002\" winner=\"BID-001\" -->\n"))
        #expect(markdown.contains("| AC-1 | BID-002 | 2 of 4 | 7.50 | Not moderated:"))
        #expect(markdown.contains("| AC-5 | BID-002 | price 386400.00 | 75.00 |"))
        #expect(markdown.contains("| Total score | BID-002 |  | 87.50 | out of 100 |"))
        #expect(markdown.contains("| Rank | BID-002 |  | 2 |  |"))
        #expect(markdown.contains("| AC-5 | BID-001 | — | 64.58 |"))
        #expect(markdown.contains("| Total score | BID-001 |  | 88.33 | out of 100 |"))
        #expect(markdown.hasSuffix("(section 50(4)(b)).\n"))
    }

    static func unescapedPipes(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                count += 1
            }
        }
        return count
    }
}
