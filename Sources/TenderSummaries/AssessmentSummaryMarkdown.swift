public import TenderEvaluation
import TenderModel
import TenderXML

/// An assessment summary as Markdown (CommonMark with GitHub pipe tables), for letters and
/// portals that take text.
///
/// Layout, so that `tender verify` can read the figures back:
///
/// - line 1: `<!-- tendertrail:assessment-summary lot="LOT" bid="BID" winner="BID" -->`;
/// - one figures table per tender (the summary's own, then the most advantageous tender when
///   different), with the columns `Criterion | Bid | Score | Points | Explanation`. A criterion's
///   row starts with its ID; the Score cell is `<score> of <scale maximum>`, `price <amount>` (own
///   priced criteria) or `—`, the Points cell its points. Then rows `Quality points`,
///   `Price points`, `Total score` and `Rank` with the value in the Points cell. Every value is
///   ``AssessmentSummary/displayText(_:)`` of its figure.
///
/// Text from the documents (tenderer names, titles, reasons) is escaped with
/// ``escape(_:)`` so that it can neither break a table nor add markup.
///
/// Source: Procurement Regulations 2024 (SI 2024/692) reg 31; Procurement Act 2023 s50(3)–(4).
public enum AssessmentSummaryMarkdown {
    /// The first line's marker.
    public static let marker = "tendertrail:assessment-summary"

    /// The summary as Markdown text (LF line ends, a final newline).
    public static func render(_ summary: AssessmentSummary) -> String {
        let winner = summary.winner ?? summary.tender
        var lines: [String] = [
            "<!-- \(marker) lot=\"\(summary.lot)\" bid=\"\(summary.tender.bid)\" winner=\"\(winner.bid)\" -->",
            "",
            "# Assessment summary",
            "",
            "**\(escape(summary.contractingAuthority))**  ",
            "\(escape(summary.title))  ",
            "Lot \(escape(summary.lot.rawValue)): \(escape(summary.lotTitle))",
            "",
            "For \(escape(summary.tender.tenderer.name)) (tenderer \(escape(summary.tender.tenderer.id.rawValue))),"
                + " tender \(escape(summary.tender.bid.rawValue))",
            "",
            "## Outcome",
            "",
            escape(AssessmentSummaryText.outcome(summary)),
            "",
            "## Award criteria and their relative importance",
            "",
            "| Criterion | Title | Weighting | Maximum points | How it was assessed |",
            "|---|---|---|---:|---|",
        ]
        for criterion in summary.criteria {
            let maximum =
                criterion.maximumPoints.hasFiniteDecimalForm
                ? criterion.maximumPoints.exactText : "≈" + criterion.maximumPoints.approximateText(places: 2)
            lines.append(
                row([
                    criterion.id.rawValue, String(repeating: "› ", count: criterion.depth) + criterion.name,
                    AssessmentSummaryText.weighting(criterion), maximum, AssessmentSummaryText.assessment(criterion),
                ]))
        }
        for scale in AssessmentSummaryText.scales(summary) {
            lines += [
                "", "### Scores available on scale " + escape(scale.id.rawValue), "", "| Score | Meaning |",
                "|---:|---|",
            ]
            lines += scale.points.map { row([Rational($0.value).exactText, $0.descriptor]) }
        }
        lines += [
            "",
            escape(
                "The lot is scored out of \(summary.pointsAvailable.exactText) points. "
                    + AssessmentSummaryText.fullCriteria(summary)),
            "",
            "## "
                + (summary.isForWinner ? "Your tender: the most advantageous tender" : "How your tender was assessed"),
            "",
        ]
        lines += tenderTable(summary, summary.tender)
        if let other = summary.winner {
            lines += [
                "", "## The most advantageous tender: " + escape(AssessmentSummaryText.tenderName(other)), "",
            ]
            lines += tenderTable(summary, other)
        }
        lines += ["", "---", "", escape(AssessmentSummaryText.legalBasis)]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func tenderTable(_ summary: AssessmentSummary, _ tender: AssessedTender) -> [String] {
        let figures = AssessmentSummary.figures(of: tender)
        func text(_ criterion: CriterionID?, _ kind: SummaryFigure.Kind) -> String? {
            figures.first { $0.criterion == criterion && $0.kind == kind }.map { summary.displayText($0) }
        }
        var lines: [String] = []
        if tender.criteria.isEmpty { lines += ["The tender was not assessed against the award criteria.", ""] }
        lines += ["| Criterion | Bid | Score | Points | Explanation |", "|---|---|---:|---:|---|"]
        for line in tender.criteria {
            let score: String
            if let value = text(line.criterion, .score) {
                score = value + (line.scaleMaximum.map { " of \(Rational($0).exactText)" } ?? "")
            } else if let price = text(line.criterion, .price) {
                score = "price " + price
            } else {
                score = "—"
            }
            lines.append(
                row([
                    line.criterion.rawValue, tender.bid.rawValue, score, text(line.criterion, .points) ?? "",
                    AssessmentSummaryText.explanation(line),
                ]))
        }
        for (kind, label) in [
            (SummaryFigure.Kind.qualityPoints, "Quality points"), (.pricePoints, "Price points"),
            (.totalPoints, "Total score"), (.rank, "Rank"),
        ] {
            guard let value = text(nil, kind) else { continue }
            lines.append(
                row([
                    label, tender.bid.rawValue, "", value,
                    kind == .rank ? "" : "out of \(summary.available(kind).exactText)",
                ]))
        }
        return lines
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map(escape).joined(separator: " | ") + " |"
    }

    /// Escapes Markdown-significant characters (`\`, `|`, `*`, `_`, `[`, `]`, `` ` ``, `<`, `>`,
    /// `#`) with a backslash, and turns line breaks into spaces, so that text from the documents
    /// can neither break a table row nor add emphasis, links, code or HTML.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        // A directional override in a name must not reorder the figures beside it (BidiControls).
        for character in BidiControls.visible(text) {
            switch character {
            case "\\", "|", "*", "_", "[", "]", "`", "<", ">", "#":
                escaped.append("\\")
                escaped.append(character)
            case "\n", "\r", "\r\n":
                escaped.append(" ")
            default:
                escaped.append(character)
            }
        }
        return escaped
    }
}
