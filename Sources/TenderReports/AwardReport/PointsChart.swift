import TenderEvaluation
import TenderModel
import TenderXML

/// Chart (a): the weighted points of each ranked bid as a vertical bar, stacked by top-level award
/// criterion, as inline SVG with a `<title>` and `<desc>`; excluded bids are named in the
/// description and under the chart.
///
/// Geometry: the plot is ``plotHeight`` units high for the lot's points available, so a bar's
/// height is `total ÷ points available × plotHeight` (the plan's rounded total, as ranked). Each bar
/// is a `rect` of class `bar` (its outline, carrying the whole height) over one `rect` of class
/// `segment` per criterion. Coordinates are computed from the exact values and written rounded to
/// two places: drawing only.
enum PointsChart {
    /// The plot's height in SVG units, for the lot's points available.
    static let plotHeight = 240
    /// The colours of the criteria, in plan order (repeating).
    static let palette = ["#1f5f99", "#e07b24", "#2f8f4e", "#8e44ad", "#c0392b", "#138d90", "#7d6608", "#5d6d7e"]

    /// The colour of the `index`-th top-level criterion.
    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// The chart for one lot.
    static func svg(lot: Lot, evaluation: LotEvaluation, plan: TenderPlan) -> XMLOutputElement {
        let ranked = evaluation.bids.filter { $0.rank != nil }
        let excluded = evaluation.bids.filter { $0.rank == nil }
        let criteria = lot.criteria.criteria
        let left = 48
        let top = 24
        let barWidth = 72
        let gap = 56
        let width = max(560, left + ranked.count * (barWidth + gap) + gap)
        let height = top + plotHeight + 56
        let available = evaluation.pointsAvailable.isZero ? Rational.one : evaluation.pointsAvailable
        let scale = Rational(plotHeight) / available

        var svg = XMLOutputElement(
            "svg",
            attributes: [
                ("class", "chart"), ("viewBox", "0 0 \(width) \(height)"), ("role", "img"),
                ("aria-labelledby", "points-chart-title-\(lot.id) points-chart-desc-\(lot.id)"),
                ("style", "max-width: \(width)px"), ("font-family", "system-ui, sans-serif"), ("font-size", "13"),
            ], namespace: HTML.svgNamespace)
        svg.append(
            XMLOutputElement(
                "title", attributes: [("id", "points-chart-title-\(lot.id)")],
                text: "Weighted points per ranked bid, lot \(lot.id), stacked by award criterion"))
        let description =
            ranked.map { bid in
                "rank \(bid.rank ?? 0) \(bid.tenderer.name) (\(bid.bid)): "
                    + "\(RankingTable.points(bid.totalPoints?.used, plan: plan)) of \(ReportNumber.exact(evaluation.pointsAvailable)) points"
            }.joined(separator: "; ")
            + (excluded.isEmpty
                ? ""
                : ". Excluded, not charted: "
                    + excluded.map { "\($0.tenderer.name) (\($0.bid))" }.joined(separator: ", "))
        svg.append(XMLOutputElement("desc", attributes: [("id", "points-chart-desc-\(lot.id)")], text: description))

        // Axis and gridlines at 0, 25, 50, 75 and 100 % of the points available.
        for quarter in 0...4 {
            let value = available * Rational(quarter) / Rational(4)
            let y = Rational(top) + Rational(plotHeight) - value * scale
            svg.append(
                XMLOutputElement(
                    "line",
                    attributes: [
                        ("x1", "\(left)"), ("x2", "\(width - 8)"), ("y1", ReportNumber.coordinate(y)),
                        ("y2", ReportNumber.coordinate(y)), ("stroke", quarter == 0 ? "#5b6672" : "#d5dbe1"),
                        ("stroke-width", "1"),
                    ]))
            svg.append(
                XMLOutputElement(
                    "text",
                    attributes: [
                        ("x", "\(left - 6)"), ("y", ReportNumber.coordinate(y + Rational(4))), ("text-anchor", "end"),
                        ("fill", "#5b6672"),
                    ], text: value.hasFiniteDecimalForm ? value.exactText : value.approximateText(places: 1)))
        }

        for (index, bid) in ranked.enumerated() {
            let x = left + gap + index * (barWidth + gap)
            let total = bid.totalPoints?.used ?? .zero
            var group = XMLOutputElement("g", attributes: [("class", "bid-bar"), ("data-bid", bid.bid.rawValue)])
            group.append(
                XMLOutputElement(
                    "title",
                    text: "\(bid.tenderer.name) (\(bid.bid)): \(RankingTable.points(total, plan: plan)) points"))
            var base = Rational(top) + Rational(plotHeight)
            for (criterionIndex, criterion) in criteria.enumerated() {
                guard let points = bid.criteria.first(where: { $0.criterion == criterion.id })?.points.used,
                    !points.isZero
                else { continue }
                let segmentHeight = points * scale
                base = base - segmentHeight
                var segment = XMLOutputElement(
                    "rect",
                    attributes: [
                        ("class", "segment"), ("x", "\(x)"), ("y", ReportNumber.coordinate(base)),
                        ("width", "\(barWidth)"), ("height", ReportNumber.coordinate(segmentHeight)),
                        ("fill", colour(criterionIndex)),
                    ])
                segment.append(
                    XMLOutputElement(
                        "title",
                        text:
                            "\(criterion.id) \(criterion.displayName(language: plan.source?.language)): "
                            + "\(RankingTable.points(points, plan: plan)) points"))
                group.append(segment)
            }
            let barHeight = total * scale
            let barTop = Rational(top) + Rational(plotHeight) - barHeight
            group.append(
                XMLOutputElement(
                    "rect",
                    attributes: [
                        ("class", "bar"), ("x", "\(x)"), ("y", ReportNumber.coordinate(barTop)),
                        ("width", "\(barWidth)"), ("height", ReportNumber.coordinate(barHeight)), ("fill", "none"),
                        ("stroke", "#1d2733"), ("stroke-width", "1"),
                    ]))
            group.append(
                XMLOutputElement(
                    "text",
                    attributes: [
                        ("x", "\(x + barWidth / 2)"), ("y", ReportNumber.coordinate(barTop - Rational(6))),
                        ("text-anchor", "middle"), ("font-weight", "bold"),
                    ], text: RankingTable.points(total, plan: plan)))
            group.append(
                XMLOutputElement(
                    "text",
                    attributes: [
                        ("x", "\(x + barWidth / 2)"), ("y", "\(top + plotHeight + 18)"), ("text-anchor", "middle"),
                    ], text: bid.bid.rawValue))
            group.append(
                XMLOutputElement(
                    "text",
                    attributes: [
                        ("x", "\(x + barWidth / 2)"), ("y", "\(top + plotHeight + 34)"), ("text-anchor", "middle"),
                        ("fill", "#5b6672"),
                    ], text: "rank \(bid.rank ?? 0)"))
            svg.append(group)
        }
        return svg
    }

    /// The legend (HTML, so that it wraps on a narrow screen): one swatch per top-level criterion.
    static func legend(lot: Lot, plan: TenderPlan) -> XMLOutputElement {
        HTML.element(
            "ul", [("class", "legend")],
            lot.criteria.criteria.enumerated().map { index, criterion in
                .element(
                    HTML.element(
                        "li", [],
                        [
                            .element(
                                HTML.text(
                                    "span", [("class", "swatch"), ("style", "background-color: \(colour(index))")], "")),
                            .text("\(criterion.id) \(criterion.displayName(language: plan.source?.language))"),
                        ]))
            })
    }
}
