import Foundation
public import TenderEvaluation
public import TenderModel

/// The ranking per lot as text for the terminal: rank, tenderer, quality points, price points,
/// total, status and flags, then the price benchmark, ties and exclusions explained.
public enum RankingTable {
    /// Renders `result` evaluated under `plan`.
    ///
    /// Points are shown as the evaluation uses them: to the plan's declared decimal places when it
    /// declares rounding; otherwise exactly when they have at most two decimals, else to two places
    /// marked `≈` (the exact values are in `evidence/results.xml`). Columns line up by display
    /// width, whatever script the tenderers' names are in; `style` colours the winner, exclusions,
    /// ties and flags when it has colour.
    public static func render(_ result: EvaluationResult, plan: TenderPlan, style: TerminalStyle = .plain) -> String {
        var sections: [String] = []
        for lotResult in result.lots {
            guard let lot = plan.lot(lotResult.lot) else { continue }
            var lines: [String] = []
            lines.append("Lot \(lot.id) — \(lot.title)")
            lines.append(
                "  Criteria: "
                    + lot.criteria.criteria.map { criterion in
                        "\(criterion.id) \(criterion.displayName(language: plan.source?.language)) \(format(criterion.weight))"
                    }.joined(separator: "; ")
                    + " (\(lot.criteria.weighting == .percent ? "percent" : weightingName(lot.criteria)))"
            )
            var table = TextTable(
                headers: ["Rank", "Tenderer", "Quality", "Price", "Total", "Status", "Flags"],
                alignments: [.right, .left, .right, .right, .right, .left, .left])
            for bid in lotResult.bids {
                let rank = bid.rank.map(String.init) ?? "—"
                let status: String
                let statusRole: TerminalStyle.Role
                switch bid.status {
                case .ranked:
                    let tied = lotResult.isInUnresolvedTie(bid.bid)
                    status = tied ? "tied" : "ranked"
                    statusRole = tied ? .caution : .good
                case let .excluded(exclusion):
                    status = "excluded (\(exclusion.stage.rawValue))"
                    statusRole = .bad
                }
                let first: TerminalStyle.Role? = bid.rank == 1 ? .emphasis : nil
                table.append(
                    [
                        rank, "\(bid.tenderer.name) [\(bid.bid)]",
                        points(bid.qualityPoints?.used, plan: plan), points(bid.pricePoints?.used, plan: plan),
                        points(bid.totalPoints?.used, plan: plan), status,
                        bid.flags.map(\.code).joined(separator: ", "),
                    ], roles: [first, first, nil, nil, first, statusRole, .caution])
            }
            lines.append(table.render(style: style))
            let currency = plan.currency.map { " \($0)" } ?? ""
            for benchmark in lotResult.benchmarks {
                let criterion = lot.criterion(benchmark.criterion)
                let isCost = criterion?.lifeCycleCost != nil
                var text =
                    "  \(isCost ? "Life-cycle cost" : "Price") (\(benchmark.criterion), \(benchmark.formula.name)): "
                let bids =
                    benchmark.lowestBids.isEmpty
                    ? "" : " (\(benchmark.lowestBids.map(\.rawValue).joined(separator: ", ")))"
                switch benchmark.formula {
                case let .linearBetweenBounds(full, zero):
                    text += "full points at \(full), zero at \(zero)"
                case .relativeToAverage:
                    text += "mean of admissible \(isCost ? "life-cycle costs" : "prices") "
                    text += benchmark.mean.map { approximate($0) + currency } ?? "—"
                case .pricePerQualityPoint:
                    text += "lowest admissible price per quality point "
                    text += (benchmark.lowestPricePerQualityPoint.map { approximate($0) + currency } ?? "—") + bids
                default:
                    text +=
                        "lowest admissible "
                        + (benchmark.lowest?.description ?? benchmark.lowestCost.map { approximate($0) + currency }
                            ?? "—") + bids
                    if let highest = benchmark.highest { text += ", highest \(highest)" }
                    if let highest = benchmark.highestCost { text += ", highest \(approximate(highest))\(currency)" }
                }
                lines.append(text + "; benchmark from \(benchmark.admissibleBids) admissible bid(s)")
                if benchmark.formula.isRelative {
                    lines.append("  Warning (\(benchmark.criterion)): " + rankReversalText(benchmark.formula))
                }
                if let model = criterion?.lifeCycleCost {
                    lines.append("  Life-cycle cost model (\(benchmark.criterion)): " + costModelText(model))
                    let costed = lotResult.bids.compactMap { bid -> (BidID, LifeCycleCostDetail)? in
                        func find(_ evaluations: [CriterionEvaluation]) -> LifeCycleCostDetail? {
                            for evaluation in evaluations {
                                if evaluation.criterion == benchmark.criterion,
                                    case let .lifeCycleCost(cost) = evaluation.detail
                                {
                                    return cost
                                }
                                if let inner = find(evaluation.children) { return inner }
                            }
                            return nil
                        }
                        return find(bid.criteria).map { (bid.bid, $0) }
                    }
                    // The breakdown per bid when it is small enough to read in a terminal.
                    if costed.count <= 20 {
                        for (bid, cost) in costed {
                            lines.append(
                                "    \(bid): life-cycle cost \(approximate(cost.total))\(currency) = "
                                    + cost.lines.map { "\($0.component) \(approximate($0.presentValue))" }
                                    .joined(separator: " + "))
                        }
                    }
                }
            }
            for check in lotResult.weightingChecks {
                lines.append(
                    "  Weighting \(check.criterion) (\(check.kind.rawValue)): "
                        + (check.isConsistent ? "consistent with the notice — " : "INCONSISTENT with the notice — ")
                        + check.explanation)
            }
            for tie in lotResult.ties {
                lines.append(
                    "  Tie at rank \(tie.rank) (\(tie.bids.map(\.rawValue).joined(separator: ", "))): \(tie.explanation)"
                )
            }
            for bid in lotResult.bids {
                if case let .excluded(exclusion) = bid.status {
                    lines.append("  Excluded \(bid.bid): \(exclusion.reason)")
                }
                for flag in bid.flags { lines.append("  Flag \(bid.bid) \(flag.code): \(flag.message)") }
            }
            lines += consistencyLines(PanelConsistency.compute(lotResult, aggregation: plan.rules.aggregation))
            sections.append(lines.joined(separator: "\n"))
        }
        for comparison in result.combinedAwardComparisons(plan: plan) {
            sections.append(combinedAward(comparison, plan: plan))
        }
        return sections.joined(separator: "\n\n")
    }

    /// The group's winner beside its member lots' winners, without deciding between them.
    static func combinedAward(_ comparison: CombinedAwardComparison, plan: TenderPlan) -> String {
        let currency = plan.currency.map { " \($0)" } ?? ""
        func describe(_ winner: CombinedAwardComparison.Winner?, _ lot: LotID) -> String {
            guard let winner else { return "\(lot): no single bid ranked first" }
            return "\(lot): \(winner.tenderer.name) [\(winner.bid)]"
                + (winner.price.map { ", \(money($0))\(currency)" } ?? "")
        }
        var lines = [
            "Group of lots \(comparison.group) against its lots (a combined award, Directive 2014/24/EU Art. 46(3))",
            "  Group winner    " + describe(comparison.groupWinner, comparison.group),
        ]
        for member in comparison.memberWinners {
            lines.append("  Lot winner      " + describe(member.winner, member.lot))
        }
        switch comparison.outcome {
        case let .compared(groupPrice, membersPrice, difference):
            let comparisonText: String
            if difference.isZero {
                comparisonText = "the same as"
            } else if difference < .zero {
                comparisonText = "\(money(-difference))\(currency) less than"
            } else {
                comparisonText = "\(money(difference))\(currency) more than"
            }
            lines.append(
                "  On the price (or life-cycle cost) scored, the group winner's \(money(groupPrice))\(currency) is"
                    + " \(comparisonText) the lot winners' together, \(money(membersPrice))\(currency).")
        case let .notComparable(reason):
            lines.append("  No price comparison: \(reason).")
        }
        lines.append(
            "  Whether to award the group or its lots is the contracting authority's decision, as its notice reserved"
                + " it; points are not compared (each is scored on its own criteria). A lot is awarded once.")
        return lines.joined(separator: "\n")
    }

    /// An amount with two decimals (`190000.00`) when it has at most two, else `≈` and two places
    /// (a discounted life-cycle cost); the exact value is in `evidence/results.xml`.
    static func money(_ value: Rational) -> String {
        let fixed = value.fixedText(places: 2)
        return fixed.firstIndex(of: "/") == nil && fixed.split(separator: ".").last?.count == 2
            ? fixed : "≈" + value.approximateText(places: 2)
    }

    /// The panel's consistency in two or more lines: spreads against the tolerance, each evaluator's
    /// bias, and any flat scorer. Nothing when no evaluator scored in the lot.
    static func consistencyLines(_ consistency: PanelConsistency) -> [String] {
        guard consistency.spreadCount > 0 else { return [] }
        let count = consistency.spreadCount
        var spreads: String
        if let tolerance = consistency.tolerance {
            let above = consistency.spreadsAboveTolerance
            let unmoderated = above.filter { $0.basis != .moderated }.count
            spreads =
                "\(above.count) of \(count) spread(s) above the tolerance \(tolerance)"
                + (above.isEmpty ? "" : unmoderated == 0 ? ", each moderated" : ", \(unmoderated) not moderated")
        } else {
            let largest = consistency.largestSpread ?? 0
            spreads = "largest spread \(largest) over \(count) score(s) (the plan sets no tolerance)"
        }
        let unit = consistency.evaluators.first?.scaleMaximum == nil ? "share of the scale" : "scale points"
        let biases = consistency.evaluators.map { "\($0.evaluator) \(signed($0.bias))" }.joined(separator: ", ")
        var lines = ["  Panel: \(spreads); bias (mean of score − score used, \(unit)): \(biases)"]
        for flat in consistency.flatScorers {
            lines.append(
                "  Flat scorer \(flat.evaluator): gave \(flat.flatScore.map { "\($0)" } ?? "") to all \(flat.scores) scores"
                    + " (\(flat.bids) bids, \(flat.criteria) criteria); check them against the scale's descriptors")
        }
        return lines
    }

    /// `+0.25`, `−0.1`, `0`, or `≈+0.07` when the exact value has no short decimal form.
    static func signed(_ value: Rational) -> String {
        let sign = value > .zero ? "+" : value < .zero ? "−" : ""
        let magnitude = value < .zero ? -value : value
        let exact = magnitude.exactText
        if exact.firstIndex(of: "/") == nil, (exact.split(separator: ".").dropFirst().first?.count ?? 0) <= 2 {
            return sign + exact
        }
        return "≈" + sign + magnitude.approximateText(places: 2)
    }

    static func points(_ value: Rational?, plan: TenderPlan) -> String {
        guard let value else { return "—" }
        if let places = plan.rules.rounding?.places {
            let fixed = value.fixedText(places: places)
            if fixed.firstIndex(of: "/") == nil { return fixed }
        }
        let exact = value.exactText
        if exact.firstIndex(of: "/") == nil, (exact.split(separator: ".").dropFirst().first?.count ?? 0) <= 2 {
            return value.fixedText(places: 2)
        }
        return "≈" + value.approximateText(places: 2)
    }

    static func format(_ weight: Decimal?) -> String { weight.map { "\($0)" } ?? "?" }

    /// How a level's weights are stated: `percentages`, `points, out of 110`, `decimals, out of 1`.
    static func weightingName(_ level: CriteriaSet) -> String {
        switch level.weighting {
        case .percent: "percentages"
        case .points: "points, out of \(format(level.total))"
        case .decimal: "decimals, out of 1"
        }
    }

    /// An amount exactly when it has at most two decimals, else to two places marked `≈` (the exact
    /// value is in `evidence/results.xml`).
    static func approximate(_ value: Rational) -> String {
        let fixed = value.fixedText(places: 2)
        return fixed.firstIndex(of: "/") == nil ? fixed : "≈" + value.approximateText(places: 2)
    }

    /// Whether a formula is susceptible to rank reversal, in words (DESIGN §5; docs/0006).
    public static func rankReversalText(_ formula: PriceFormula) -> String {
        if formula.isRelative {
            return "\(formula.name) is relative: each bid's points depend on the other admissible bids' prices,"
                + " so removing a bid that does not win can change the order of the others (rank reversal);"
                + " `tender report` re-evaluates without each non-winning bid to check"
        }
        return "\(formula.name) is absolute: each bid's points depend on its own price only (no rank reversal)"
    }

    /// A life-cycle cost model in words: period, discounting and components.
    public static func costModelText(_ model: LifeCycleCostModel) -> String {
        let discount =
            model.discountRatePercent.map {
                "discounted at \($0) % a year, costs at year end (present value = cost ÷ (1 + \($0)/100)^year)"
            } ?? "undiscounted"
        let components = model.components.map { component -> String in
            let when =
                switch component.timing {
                case .start: "once at the start"
                case .yearly: "every year"
                case .end: "once at the end of year \(model.years)"
                }
            return "\(component.id) (\(component.kind.rawValue), \(when))"
        }
        return "over \(model.years) year(s), \(discount); components: " + components.joined(separator: ", ")
    }

    /// A bid's life-cycle cost breakdown in words: each component's figure and present value.
    public static func costBreakdownText(_ cost: LifeCycleCostDetail, status: String) -> String {
        cost.lines.map { line in
            "\(line.component): \(line.figure.text)\(line.timing == .yearly ? " a year" : "") → \(approximate(line.presentValue))"
        }.joined(separator: "; ") + " (\(status))"
    }
}
