import Foundation
import TenderEvaluation
import TenderModel
import TenderXML

/// Chart (b): the evaluators' spread on one scored award criterion, as inline SVG with a `<title>`
/// and `<desc>`. One row per scored bid: each evaluator's score as a dot (`circle`, class
/// `individual`) on the scale from 0 to its maximum, and the score the evaluation used marked with a
/// diamond (`polygon`, class `used`): filled red when it is the moderated (consensus) score, an
/// outline when it is the plan's median or mean. Coordinates are drawing only.
enum SpreadChart {
    /// The colour of an evaluator's dot.
    static let dotColour = "#1f5f99"
    /// The colour of a moderated score's marker.
    static let moderatedColour = "#c0392b"

    /// One bid's row.
    struct Row {
        var bid: BidID
        var tenderer: String
        var score: ScoreDetail
    }

    /// The chart for `criterion`; `rows` in ranking order.
    static func svg(lot: Lot, criterion: Criterion, rows: [Row], plan: TenderPlan) -> XMLOutputElement {
        let left = 150
        let right = 24
        let plotWidth = 440
        let rowHeight = 36
        let top = 16
        let width = left + plotWidth + right
        let height = top + rows.count * rowHeight + 40
        let maximum = Rational(rows.first?.score.scaleMaximum ?? 0)
        let scale = maximum.isZero ? Rational.zero : Rational(plotWidth) / maximum
        let name = criterion.displayName(language: plan.source?.language)
        let id = "spread-\(lot.id)-\(criterion.id)"

        var svg = XMLOutputElement(
            "svg",
            attributes: [
                ("class", "chart"), ("viewBox", "0 0 \(width) \(height)"), ("role", "img"),
                ("aria-labelledby", "\(id)-title \(id)-desc"), ("style", "max-width: \(width)px"),
                ("font-family", "system-ui, sans-serif"), ("font-size", "13"),
            ], namespace: HTML.svgNamespace)
        svg.append(
            XMLOutputElement(
                "title", attributes: [("id", "\(id)-title")],
                text: "Evaluators' scores on \(criterion.id) \(name), lot \(lot.id)"))
        svg.append(
            XMLOutputElement(
                "desc", attributes: [("id", "\(id)-desc")],
                text: rows.map { row in
                    "\(row.tenderer) (\(row.bid)): "
                        + row.score.individual.map { "\($0.evaluator) \($0.value)" }.joined(separator: ", ")
                        + "; \(row.score.basis.rawValue) score \(ReportNumber.exact(row.score.value))"
                }.joined(separator: ". ")))

        // The scale's values as vertical gridlines.
        let values = plan.scales.values.first { $0.maximum == rows.first?.score.scaleMaximum }?.points.map(\.value)
        let ticks = (values ?? []).isEmpty ? [Decimal(0), rows.first?.score.scaleMaximum ?? 0] : (values ?? [])
        let bottom = top + rows.count * rowHeight
        for tick in ticks {
            let x = Rational(left) + Rational(tick) * scale
            svg.append(
                XMLOutputElement(
                    "line",
                    attributes: [
                        ("x1", ReportNumber.coordinate(x)), ("x2", ReportNumber.coordinate(x)), ("y1", "\(top)"),
                        ("y2", "\(bottom)"), ("stroke", "#d5dbe1"), ("stroke-width", "1"),
                    ]))
            svg.append(
                XMLOutputElement(
                    "text",
                    attributes: [
                        ("x", ReportNumber.coordinate(x)), ("y", "\(bottom + 16)"), ("text-anchor", "middle"),
                        ("fill", "#5b6672"),
                    ], text: "\(tick)"))
        }
        svg.append(
            XMLOutputElement(
                "text",
                attributes: [
                    ("x", "\(left + plotWidth / 2)"), ("y", "\(bottom + 34)"), ("text-anchor", "middle"),
                    ("fill", "#5b6672"),
                ], text: "score on the scale (0 to \(rows.first?.score.scaleMaximum ?? 0))"))

        for (index, row) in rows.enumerated() {
            let y = top + index * rowHeight + rowHeight / 2
            var group = XMLOutputElement("g", attributes: [("class", "spread-row"), ("data-bid", row.bid.rawValue)])
            group.append(
                XMLOutputElement(
                    "text", attributes: [("x", "\(left - 10)"), ("y", "\(y + 4)"), ("text-anchor", "end")],
                    text: row.bid.rawValue))
            // The score used is drawn first, under the dots; evaluators giving the same score are drawn
            // one above another, centred on the row, so that none hides another.
            let x = Rational(left) + row.score.value * scale
            let moderated = row.score.basis == .moderated
            let cx = ReportNumber.coordinate(x)
            let points = [
                "\(cx),\(y - 11)", "\(ReportNumber.coordinate(x + Rational(11))),\(y)", "\(cx),\(y + 11)",
                "\(ReportNumber.coordinate(x - Rational(11))),\(y)",
            ].joined(separator: " ")
            var marker = XMLOutputElement(
                "polygon",
                attributes: [
                    ("class", "used"), ("points", points), ("fill", moderated ? moderatedColour : "none"),
                    ("fill-opacity", "0.9"), ("stroke", moderated ? moderatedColour : "#1d2733"), ("stroke-width", "2"),
                ])
            marker.append(
                XMLOutputElement(
                    "title", text: "\(row.score.basis.rawValue) score: \(ReportNumber.exact(row.score.value))"))
            group.append(marker)
            let counts = Dictionary(row.score.individual.map { ($0.value, 1) }, uniquingKeysWith: +)
            var seen: [Decimal: Int] = [:]
            for score in row.score.individual {
                let offset = seen[score.value, default: 0]
                seen[score.value] = offset + 1
                let count = counts[score.value, default: 1]
                let dotX = Rational(left) + Rational(score.value) * scale
                let dotY = Rational(y) + Rational(2 * offset - (count - 1)) * Rational(9) / Rational(2)
                var dot = XMLOutputElement(
                    "circle",
                    attributes: [
                        ("class", "individual"), ("cx", ReportNumber.coordinate(dotX)),
                        ("cy", ReportNumber.coordinate(dotY)), ("r", "4.5"), ("fill", dotColour),
                        ("stroke", "#ffffff"), ("stroke-width", "1"),
                    ])
                dot.append(XMLOutputElement("title", text: "\(score.evaluator): \(score.value)"))
                group.append(dot)
            }
            svg.append(group)
        }
        return svg
    }

    /// The chart's legend, as HTML.
    static func legend() -> XMLOutputElement {
        HTML.element(
            "ul", [("class", "legend")],
            [
                .element(
                    HTML.element(
                        "li", [],
                        [
                            .element(
                                HTML.text("span", [("class", "dot"), ("style", "background-color: \(dotColour)")], "")),
                            .text("an evaluator's score"),
                        ])),
                .element(
                    HTML.element(
                        "li", [],
                        [
                            .element(
                                HTML.text(
                                    "span", [("class", "diamond"), ("style", "background-color: \(moderatedColour)")],
                                    "")),
                            .text("moderated (consensus) score"),
                        ])),
                .element(
                    HTML.element(
                        "li", [],
                        [
                            .element(HTML.text("span", [("class", "diamond hollow")], "")),
                            .text("median or mean of the evaluators' scores (no moderation)"),
                        ])),
            ])
    }
}
