public import TenderEvaluation
import TenderModel
public import TenderXML

/// An assessment summary as a self-contained HTML5 page (XML syntax, inline CSS, no external
/// assets; readable on a phone and printable), built as an ``XMLOutputElement`` tree in the XHTML
/// namespace and serialised by libxml2, which escapes every text and attribute.
///
/// Machine-readable figures: the `<html>` element carries `data-lot`, `data-bid` (the summary's
/// own bid) and `data-winner` (the most advantageous tender). Every figure of
/// ``AssessmentSummary/figures`` is shown by one `<span>` carrying `data-bid`, `data-criterion`
/// (for a criterion's figures) and `data-<kind>` (``SummaryFigure/Kind``: `data-score`,
/// `data-points`, `data-price`, `data-quality-points`, `data-price-points`, `data-total-points`,
/// `data-rank`) with the exact value; its text is ``AssessmentSummary/displayText(_:)``. No other
/// element carries those attributes, so `tender verify` can read every figure back.
///
/// Source: Procurement Regulations 2024 (SI 2024/692) reg 31; Procurement Act 2023 s50(3)–(4).
public enum AssessmentSummaryHTML {
    /// The XHTML namespace.
    public static let namespace = "http://www.w3.org/1999/xhtml"

    /// The page's bytes (UTF-8, starting `<!DOCTYPE html>`).
    ///
    /// - Throws: ``XMLError/serializationFailed(reason:)`` when libxml2 cannot write the tree.
    public static func render(_ summary: AssessmentSummary) throws(XMLError) -> [UInt8] {
        try XMLOutputDocument(namespace: namespace, root: page(summary)).serializedAsHTML()
    }

    /// The page as a tree (for tests and for embedding).
    public static func page(_ summary: AssessmentSummary) -> XMLOutputElement {
        var head = XMLOutputElement("head")
        head.append(XMLOutputElement("meta", attributes: [("charset", "utf-8")]))
        head.append(
            XMLOutputElement(
                "meta", attributes: [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]))
        head.append(
            XMLOutputElement(
                "title", text: "Assessment summary — \(summary.tender.tenderer.name) — lot \(summary.lot)"))
        head.append(XMLOutputElement("style", text: style))

        var body = XMLOutputElement("body")
        var header = XMLOutputElement("header")
        header.append(XMLOutputElement("p", attributes: [("class", "authority")], text: summary.contractingAuthority))
        header.append(XMLOutputElement("h1", text: "Assessment summary"))
        header.append(XMLOutputElement("p", text: summary.title))
        header.append(XMLOutputElement("p", text: "Lot \(summary.lot): \(summary.lotTitle)"))
        header.append(
            XMLOutputElement(
                "p",
                text: "For \(summary.tender.tenderer.name) (tenderer \(summary.tender.tenderer.id)),"
                    + " tender \(summary.tender.bid)"))
        body.append(header)

        var outcome = XMLOutputElement("section", attributes: [("id", "outcome")])
        outcome.append(XMLOutputElement("h2", text: "Outcome"))
        outcome.append(XMLOutputElement("p", text: AssessmentSummaryText.outcome(summary)))
        body.append(outcome)

        body.append(criteriaSection(summary))
        body.append(
            tenderSection(
                summary, summary.tender, id: "tender",
                heading: summary.isForWinner
                    ? "Your tender: the most advantageous tender" : "How your tender was assessed"))
        if let winner = summary.winner {
            body.append(
                tenderSection(
                    summary, winner, id: "winner",
                    heading: "The most advantageous tender: \(AssessmentSummaryText.tenderName(winner))"))
        }
        var footer = XMLOutputElement("footer")
        footer.append(XMLOutputElement("p", text: AssessmentSummaryText.legalBasis))
        body.append(footer)

        var html = XMLOutputElement(
            "html",
            attributes: [
                ("lang", "en"), ("data-lot", summary.lot.rawValue), ("data-bid", summary.tender.bid.rawValue),
                ("data-winner", (summary.winner ?? summary.tender).bid.rawValue),
            ])
        html.append(head)
        html.append(body)
        return html
    }

    private static func criteriaSection(_ summary: AssessmentSummary) -> XMLOutputElement {
        var section = XMLOutputElement("section", attributes: [("id", "criteria")])
        section.append(XMLOutputElement("h2", text: "Award criteria and their relative importance"))
        var table = XMLOutputElement("table")
        table.append(headerRow(["Criterion", "Weighting", "Maximum points", "How it was assessed"]))
        for criterion in summary.criteria {
            var row = XMLOutputElement("tr")
            row.append(criterionCell(criterion))
            row.append(XMLOutputElement("td", text: AssessmentSummaryText.weighting(criterion)))
            row.append(
                XMLOutputElement(
                    "td", attributes: [("class", "number")],
                    text: criterion.maximumPoints.hasFiniteDecimalForm
                        ? criterion.maximumPoints.exactText : "≈" + criterion.maximumPoints.approximateText(places: 2)))
            row.append(XMLOutputElement("td", text: AssessmentSummaryText.assessment(criterion)))
            table.append(row)
        }
        section.append(table)
        for scale in AssessmentSummaryText.scales(summary) {
            section.append(XMLOutputElement("h3", text: "Scores available on scale \(scale.id)"))
            var scores = XMLOutputElement("table")
            scores.append(headerRow(["Score", "Meaning"]))
            for point in scale.points {
                scores.append(
                    XMLOutputElement(
                        "tr",
                        children: [
                            .element(
                                XMLOutputElement(
                                    "td", attributes: [("class", "number")], text: Rational(point.value).exactText)),
                            .element(XMLOutputElement("td", text: point.descriptor)),
                        ]))
            }
            section.append(scores)
        }
        section.append(
            XMLOutputElement(
                "p",
                text: "The lot is scored out of \(summary.pointsAvailable.exactText) points. "
                    + AssessmentSummaryText.fullCriteria(summary)))
        return section
    }

    private static func tenderSection(
        _ summary: AssessmentSummary, _ tender: AssessedTender, id: String, heading: String
    ) -> XMLOutputElement {
        var section = XMLOutputElement("section", attributes: [("id", id)])
        section.append(XMLOutputElement("h2", text: heading))
        let figures = AssessmentSummary.figures(of: tender)
        func figure(_ criterion: CriterionID?, _ kind: SummaryFigure.Kind) -> XMLOutputElement? {
            figures.first { $0.criterion == criterion && $0.kind == kind }.map { span($0, summary) }
        }
        if tender.criteria.isEmpty {
            section.append(
                XMLOutputElement("p", text: "The tender was not assessed against the award criteria."))
        } else {
            var table = XMLOutputElement("table")
            table.append(headerRow(["Criterion", "Score", "Points", "Explanation"]))
            for line in tender.criteria {
                var row = XMLOutputElement("tr")
                if let criterion = summary.criteria.first(where: { $0.id == line.criterion }) {
                    row.append(criterionCell(criterion))
                } else {
                    row.append(XMLOutputElement("th", text: line.criterion.rawValue))
                }
                var score = XMLOutputElement("td", attributes: [("class", "number")])
                if let span = figure(line.criterion, .score) {
                    score.append(span)
                    if let maximum = line.scaleMaximum {
                        score.children.append(.text(" of \(Rational(maximum).exactText)"))
                    }
                } else if let span = figure(line.criterion, .price) {
                    score.children.append(.text("price "))
                    score.append(span)
                } else {
                    score.children.append(.text("—"))
                }
                row.append(score)
                var points = XMLOutputElement("td", attributes: [("class", "number")])
                if let span = figure(line.criterion, .points) { points.append(span) }
                row.append(points)
                row.append(XMLOutputElement("td", text: AssessmentSummaryText.explanation(line)))
                table.append(row)
            }
            for (kind, label) in [
                (SummaryFigure.Kind.qualityPoints, "Quality points"), (.pricePoints, "Price points"),
                (.totalPoints, "Total score"),
            ] {
                guard let span = figure(nil, kind) else { continue }
                var row = XMLOutputElement("tr", attributes: [("class", kind == .totalPoints ? "total" : "subtotal")])
                row.append(XMLOutputElement("th", text: label))
                row.append(XMLOutputElement("td", text: ""))
                var cell = XMLOutputElement("td", attributes: [("class", "number")])
                cell.append(span)
                row.append(cell)
                row.append(
                    XMLOutputElement("td", text: "out of \(summary.available(kind).exactText)"))
                table.append(row)
            }
            section.append(table)
        }
        if let span = figure(nil, .rank) {
            var rank = XMLOutputElement("p", children: [.text("Rank: ")])
            rank.append(span)
            section.append(rank)
        }
        return section
    }

    private static func span(_ figure: SummaryFigure, _ summary: AssessmentSummary) -> XMLOutputElement {
        var attributes: [(name: String, value: String)] = [("data-bid", figure.bid.rawValue)]
        if let criterion = figure.criterion { attributes.append(("data-criterion", criterion.rawValue)) }
        attributes.append(("data-" + figure.kind.rawValue, figure.value))
        return XMLOutputElement("span", attributes: attributes, text: summary.displayText(figure))
    }

    private static func criterionCell(_ criterion: SummaryCriterion) -> XMLOutputElement {
        XMLOutputElement(
            "th", attributes: [("scope", "row"), ("class", "depth-\(min(criterion.depth, 3))")],
            text: "\(criterion.id) \(criterion.name)")
    }

    private static func headerRow(_ titles: [String]) -> XMLOutputElement {
        XMLOutputElement(
            "tr", children: titles.map { .element(XMLOutputElement("th", attributes: [("scope", "col")], text: $0)) })
    }

    /// Inline CSS: readable on a phone (fluid width, tables scroll sideways), plain when printed.
    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;margin:0 auto;\
        max-width:60rem;padding:1rem;color:#1a1a1a;background:#fff}
        h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:1.8rem;border-bottom:1px solid #ccc}
        h3{font-size:1rem;margin-top:1.2rem}
        .authority{font-weight:600;color:#444;margin:0}
        table{border-collapse:collapse;width:100%;display:block;overflow-x:auto;font-size:.95rem}
        th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th[scope=col]{background:#f2f2f2}.number{text-align:right;white-space:nowrap}
        .depth-1{padding-left:1.5rem}.depth-2{padding-left:2.5rem}.depth-3{padding-left:3.5rem}
        tr.total th,tr.total td{font-weight:700}
        footer{margin-top:2rem;font-size:.85rem;color:#444}
        @media print{body{max-width:none;padding:0;font-size:10pt}table{display:table;overflow:visible}\
        tr{page-break-inside:avoid}h2{page-break-after:avoid}}
        """
}
