import Foundation
import TenderEvaluation
import TenderModel
import TenderXML

/// The figures an assessment summary file shows, read back from the layout `tender summaries`
/// writes (see `AssessmentSummaryHTML` and `AssessmentSummaryMarkdown` in TenderReports), for
/// ``AssessmentSummariesMatchResults``.
struct SummaryFileContents {
    /// One figure found in the file.
    struct Figure {
        /// The bid it concerns.
        var bid: String
        /// The criterion, for a criterion's figures.
        var criterion: String?
        /// The quantity.
        var kind: SummaryFigure.Kind
        /// The exact value (HTML `data-*`); `nil` in Markdown, which shows display text only.
        var value: String?
        /// The text shown to people.
        var shown: String
        /// The 1-based line where it was found.
        var line: Int

        /// `BID-001 AC-1 points`, as ``SummaryFigure/key`` writes it.
        var key: String { [bid, criterion, kind.rawValue].compactMap { $0 }.joined(separator: " ") }
    }

    /// The lot the file declares.
    var lot: String
    /// The bid (tender) the summary is for.
    var bid: String
    /// The most advantageous tender it names.
    var winner: String
    /// The line of the declaration (the `<html>` element or the marker comment).
    var declarationLine: Int
    /// Every figure, in file order.
    var figures: [Figure]
    /// Problems reading the layout, with their lines.
    var problems: [(line: Int, message: String)]

    /// The Markdown marker comment's prefix.
    static let marker = "<!-- tendertrail:assessment-summary "

    /// Reads an HTML summary (an HTML5 page in XML syntax).
    ///
    /// - Throws: ``XMLError`` when the page is not well-formed.
    static func html(_ bytes: [UInt8], path: String) throws(XMLError) -> SummaryFileContents {
        let document = try XMLDocument.parse(html5Polyglot: bytes, path: path)
        let root = document.root
        var contents = SummaryFileContents(
            lot: root.attribute("data-lot") ?? "", bid: root.attribute("data-bid") ?? "",
            winner: root.attribute("data-winner") ?? "", declarationLine: root.line, figures: [], problems: [])
        if root.localName != "html" || contents.lot.isEmpty || contents.bid.isEmpty || contents.winner.isEmpty {
            contents.problems.append(
                (
                    root.line,
                    "the <html> element must carry data-lot, data-bid and data-winner (as `tender summaries` writes)"
                ))
        }
        func visit(_ element: XMLElement) {
            for kind in SummaryFigure.Kind.allCases {
                guard let value = element.attribute("data-" + kind.rawValue) else { continue }
                guard let bid = element.attribute("data-bid") else {
                    contents.problems.append((element.line, "a data-\(kind.rawValue) figure without data-bid"))
                    continue
                }
                contents.figures.append(
                    Figure(
                        bid: bid, criterion: element.attribute("data-criterion"), kind: kind, value: value,
                        shown: element.normalizedText, line: element.line))
            }
            element.children.forEach(visit)
        }
        root.children.forEach(visit)
        return contents
    }

    /// Reads a Markdown summary: the marker comment on the first line, and every row of the tables
    /// whose header starts `| Criterion | Bid |`.
    static func markdown(_ text: String) -> SummaryFileContents {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var contents = SummaryFileContents(
            lot: "", bid: "", winner: "", declarationLine: 1, figures: [], problems: [])
        if let first = lines.first, first.hasPrefix(marker), first.hasSuffix("-->") {
            contents.lot = attribute("lot", in: first) ?? ""
            contents.bid = attribute("bid", in: first) ?? ""
            contents.winner = attribute("winner", in: first) ?? ""
        }
        if contents.lot.isEmpty || contents.bid.isEmpty || contents.winner.isEmpty {
            contents.problems.append(
                (
                    1,
                    "the first line must be \(marker)lot=\"…\" bid=\"…\" winner=\"…\" --> (as `tender summaries` writes it)"
                ))
        }
        let totals: [String: SummaryFigure.Kind] = [
            "Quality points": .qualityPoints, "Price points": .pricePoints, "Total score": .totalPoints, "Rank": .rank,
        ]
        var inFigures = false
        for (index, line) in lines.enumerated() {
            let number = index + 1
            guard line.hasPrefix("|") else {
                inFigures = false
                continue
            }
            let cells = tableCells(line)
            if cells.count >= 2, cells[0] == "Criterion" {
                inFigures = cells[1] == "Bid"
                continue
            }
            guard inFigures, !cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) else { continue }
            guard cells.count == 5 else {
                contents.problems.append((number, "a figures row must have 5 cells; found \(cells.count)"))
                continue
            }
            let bid = cells[1]
            if let kind = totals[cells[0]] {
                contents.figures.append(
                    Figure(bid: bid, criterion: nil, kind: kind, value: nil, shown: cells[3], line: number))
                continue
            }
            let criterion = cells[0]
            let score = cells[2]
            if score.hasPrefix("price ") {
                contents.figures.append(
                    Figure(
                        bid: bid, criterion: criterion, kind: .price, value: nil, shown: String(score.dropFirst(6)),
                        line: number))
            } else if score != "—" && !score.isEmpty {
                let shown = score.range(of: " of ").map { String(score[..<$0.lowerBound]) } ?? score
                contents.figures.append(
                    Figure(bid: bid, criterion: criterion, kind: .score, value: nil, shown: shown, line: number))
            }
            if !cells[3].isEmpty {
                contents.figures.append(
                    Figure(bid: bid, criterion: criterion, kind: .points, value: nil, shown: cells[3], line: number))
            }
        }
        return contents
    }

    /// `name="value"` in a marker line.
    private static func attribute(_ name: String, in line: String) -> String? {
        guard let start = line.range(of: " \(name)=\"") else { return nil }
        let rest = line[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The cells of a pipe-table row, split at unescaped `|`, backslash escapes removed, trimmed.
    static func tableCells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty {
            cells.append(current.trimmingCharacters(in: .whitespaces))
        }
        // A row starts with `|`, so the text before the first pipe is an empty cell.
        return Array(cells.dropFirst())
    }
}
