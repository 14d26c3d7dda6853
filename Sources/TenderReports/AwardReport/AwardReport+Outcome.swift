import Foundation
import TenderEvaluation
import TenderModel
import TenderXML

extension AwardReport.Page {
    // MARK: - Price

    func priceSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        for (lot, evaluation) in lots {
            content.append(contentsOf: lotHeading(lot))
            let worths = worths(lot)
            for criterion in lot.pricedCriteria {
                guard case let .price(priceFormula) = criterion.method else { continue }
                let worth = ReportNumber.exact(worths[criterion.id] ?? .zero)
                content.append(HTML.text("h4", "\(criterion.id) \(name(criterion)) — worth \(worth) points"))
                content.append(HTML.labelled("Formula", formula(priceFormula, worth: worth)))
                if let model = criterion.lifeCycleCost {
                    content.append(HTML.labelled("Life-cycle cost", RankingTable.costModelText(model)))
                }
                content.append(HTML.labelled("Rank reversal", RankingTable.rankReversalText(priceFormula)))
                let benchmark = evaluation.benchmarks.first { $0.criterion == criterion.id }
                let currency = plan.currency?.code ?? ""
                if let benchmark {
                    var text: String
                    switch benchmark.formula {
                    case let .linearBetweenBounds(full, zero):
                        text = "bounds fixed in the plan: full points at \(full), zero at \(zero)"
                    case .relativeToAverage:
                        text =
                            "mean of the admissible \(criterion.lifeCycleCost == nil ? "prices" : "life-cycle costs")"
                            + " \(benchmark.mean.map { ReportNumber.exact($0) + " " + currency } ?? "—")"
                    case .pricePerQualityPoint:
                        text =
                            "lowest admissible price per quality point"
                            + " \(benchmark.lowestPricePerQualityPoint.map { ReportNumber.exact($0) + " " + currency } ?? "— (no bid has quality points)")"
                            + (benchmark.lowestBids.isEmpty
                                ? "" : ", of \(bidList(benchmark.lowestBids, in: evaluation))")
                    default:
                        let lowest =
                            benchmark.lowest?.description
                            ?? benchmark.lowestCost.map { ReportNumber.exact($0) + " " + currency } ?? "—"
                        text =
                            "lowest admissible \(criterion.lifeCycleCost == nil ? "price" : "life-cycle cost") \(lowest)"
                            + (benchmark.lowestBids.isEmpty
                                ? "" : ", quoted by \(bidList(benchmark.lowestBids, in: evaluation))")
                        if let highest = benchmark.highest { text += "; highest admissible price \(highest)" }
                        if let highest = benchmark.highestCost {
                            text += "; highest admissible life-cycle cost \(ReportNumber.exact(highest)) \(currency)"
                        }
                    }
                    content.append(
                        HTML.labelled(
                            "Benchmark",
                            text
                                + "; taken from \(benchmark.admissibleBids) admissible bid(s), after the gates, quality"
                                + " thresholds and decisions on abnormally low tenders"))
                }
                let rows = evaluation.bids.map { bidEvaluation -> [HTML.Cell] in
                    let found = criterionEvaluation(criterion.id, of: bidEvaluation)
                    var price: Money?
                    if case let .price(money)? = found?.detail { price = money }
                    if case let .lifeCycleCost(cost)? = found?.detail {
                        let isBenchmark = benchmark?.lowestBids.contains(bidEvaluation.bid) ?? false
                        return [
                            HTML.Cell(bidEvaluation.bid.rawValue), HTML.Cell.name(bidEvaluation.tenderer.name),
                            HTML.Cell.number(ReportNumber.exact(cost.total) + " " + cost.currency.code),
                            HTML.Cell.number(points(found?.points.used)),
                            HTML.Cell(
                                (isBenchmark ? "benchmark; " : "")
                                    + RankingTable.costBreakdownText(
                                        cost, status: status(bidEvaluation, in: evaluation))),
                        ]
                    }
                    if price == nil {
                        let quotes = bid(bidEvaluation.bid)?.lotBid(lot.id)?.prices ?? []
                        price =
                            (quotes.first { $0.criterion == criterion.id } ?? quotes.first { $0.criterion == nil })?
                            .amount
                    }
                    let isBenchmark = benchmark?.lowestBids.contains(bidEvaluation.bid) ?? false
                    return [
                        HTML.Cell(bidEvaluation.bid.rawValue), HTML.Cell.name(bidEvaluation.tenderer.name),
                        HTML.Cell.number(price?.description ?? "—"), HTML.Cell.number(points(found?.points.used)),
                        HTML.Cell(
                            isBenchmark ? "benchmark (lowest admissible)" : status(bidEvaluation, in: evaluation)),
                    ]
                }
                content.append(
                    HTML.table(
                        caption:
                            "Price points, \(criterion.id) (excluded bids score no price points and set no benchmark)",
                        headers: ["Bid", "Tenderer", "Price", "Price points", "Note"], rows: rows,
                        numericColumns: [2, 3],
                        wide: true))
            }
        }
        return HTML.section(id: "price", heading: "Price scoring", content)
    }

    // MARK: - Ranking

    func rankingSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        for (lot, evaluation) in lots {
            content.append(contentsOf: lotHeading(lot))
            // The total beside the tenderer, so that a phone shows it without scrolling the table.
            let rows = evaluation.bids.map { bidEvaluation -> [HTML.Cell] in
                [
                    HTML.Cell.number(bidEvaluation.rank.map(String.init) ?? "—"),
                    HTML.Cell.name("\(bidEvaluation.tenderer.name) (\(bidEvaluation.bid))"),
                    HTML.Cell.number(points(bidEvaluation.totalPoints?.used)),
                    HTML.Cell.number(points(bidEvaluation.qualityPoints?.used)),
                    HTML.Cell.number(points(bidEvaluation.pricePoints?.used)),
                    HTML.Cell(status(bidEvaluation, in: evaluation), class: bidEvaluation.rank == nil ? "fail" : nil),
                    HTML.Cell(bidEvaluation.flags.map(\.code).joined(separator: ", ")),
                ]
            }
            content.append(
                HTML.table(
                    caption: "Totals and ranking, out of \(ReportNumber.exact(evaluation.pointsAvailable)) points",
                    headers: ["Rank", "Tenderer", "Total", "Quality", "Price", "Status", "Flags"], rows: rows,
                    numericColumns: [0, 2, 3, 4]))
            let ranked = evaluation.bids.filter { $0.rank != nil }
            if !ranked.isEmpty {
                let criteria = lot.criteria.criteria
                let pointRows = ranked.map { bidEvaluation -> [HTML.Cell] in
                    [HTML.Cell(bidEvaluation.bid.rawValue)]
                        + criteria.map { criterion in
                            HTML.Cell.number(
                                points(bidEvaluation.criteria.first { $0.criterion == criterion.id }?.points.used))
                        } + [HTML.Cell.number(points(bidEvaluation.totalPoints?.used))]
                }
                content.append(
                    HTML.element(
                        "figure", [("class", "chart-figure")],
                        [
                            .element(PointsChart.svg(lot: lot, evaluation: evaluation, plan: plan)),
                            .element(
                                HTML.text(
                                    "figcaption", [],
                                    "Weighted points per ranked bid, stacked by award criterion (the table below gives"
                                        + " the same numbers)")),
                        ]))
                content.append(PointsChart.legend(lot: lot, plan: plan))
                content.append(
                    HTML.table(
                        caption: "Weighted points per award criterion (the chart's numbers)",
                        headers: ["Bid"] + criteria.map(\.id.rawValue) + ["Total"], rows: pointRows,
                        numericColumns: Set(1...(criteria.count + 1))))
            }
            let excluded = evaluation.bids.filter { $0.rank == nil }
            if !excluded.isEmpty {
                content.append(HTML.text("h4", "Excluded bids (not charted)"))
                content.append(
                    HTML.list(
                        excluded.compactMap { bidEvaluation in
                            guard case let .excluded(exclusion) = bidEvaluation.status else { return nil }
                            return "\(bidEvaluation.tenderer.name) (\(bidEvaluation.bid)), \(exclusion.stage.rawValue):"
                                + " \(exclusion.reason)"
                        }))
            }
            if !evaluation.ties.isEmpty {
                content.append(HTML.text("h4", "Ties"))
                content.append(
                    HTML.list(
                        evaluation.ties.map {
                            "Rank \($0.rank), \(bidList($0.bids, in: evaluation)): \($0.explanation)"
                        }))
            }
        }
        return HTML.section(id: "ranking", heading: "Totals and ranking", content)
    }

    // MARK: - Abnormally low tenders

    func abnormallyLowSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        guard plan.rules.abnormallyLowScreen != nil else {
            return HTML.section(
                id: "abnormally-low", heading: "Abnormally low tenders",
                [HTML.paragraph("The plan declares no abnormally-low screen.")])
        }
        for (lot, evaluation) in lots {
            content.append(contentsOf: lotHeading(lot))
            for screen in evaluation.abnormallyLowScreens {
                let currency = plan.currency.map { " \($0)" } ?? ""
                content.append(
                    HTML.paragraph(
                        "\(screen.criterion): the \(screen.screen.basis.rawValue) of admissible prices is"
                            + " \(ReportNumber.exact(screen.basisValue))\(currency); a price below"
                            + " \(screen.screen.belowPercent) % of it, \(ReportNumber.exact(screen.threshold))\(currency),"
                            + " is flagged. "
                            + (screen.flagged.isEmpty
                                ? "No bid is flagged in this evaluation (a bid rejected as abnormally low has left the"
                                    + " admissible prices)."
                                : "Flagged: \(bidList(screen.flagged, in: evaluation))."))
                )
            }
            var items: [String] = []
            let flaggedBids = Set(evaluation.abnormallyLowScreens.flatMap(\.flagged))
            for bidEvaluation in evaluation.bids {
                for flag in bidEvaluation.flags {
                    items.append("\(bidEvaluation.bid) \(flag.code): \(flag.message)")
                }
                if let decision = input.process.abnormallyLowDecisions[bidEvaluation.bid] {
                    items.append(
                        "\(bidEvaluation.bid), decision recorded in the trail: the contracting authority"
                            + " \(decision.isAccepted ? "accepted" : "rejected") the tenderer's explanation. \(decision.reason)"
                    )
                } else if flaggedBids.contains(bidEvaluation.bid) {
                    items.append(
                        "\(bidEvaluation.bid): no decision recorded yet; the bid cannot be awarded until there is one")
                }
            }
            if !items.isEmpty {
                content.append(HTML.text("h4", "Flags and recorded decisions"))
                content.append(HTML.list(items))
            }
        }
        return HTML.section(id: "abnormally-low", heading: "Abnormally low tenders", content)
    }
}
