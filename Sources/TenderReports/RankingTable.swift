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
            for benchmark in lotResult.benchmarks {
                var text = "  Price (\(benchmark.criterion), \(benchmark.formula.name)): "
                switch benchmark.formula {
                case let .linearBetweenBounds(full, zero):
                    text += "full points at \(full), zero at \(zero)"
                default:
                    text += "lowest admissible \(benchmark.lowest?.description ?? "—")"
                    if !benchmark.lowestBids.isEmpty {
                        text += " (\(benchmark.lowestBids.map(\.rawValue).joined(separator: ", ")))"
                    }
                    if let highest = benchmark.highest { text += ", highest \(highest)" }
                }
                lines.append(text + "; benchmark from \(benchmark.admissibleBids) admissible bid(s)")
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
        return sections.joined(separator: "\n\n")
    }

    /// The panel's consistency in two or more lines: spreads against the tolerance, each evaluator's
    /// bias, and any flat scorer. Nothing when no evaluator scored in the lot.
    static func consistencyLines(_ consistency: PanelConsistency) -> [String] {
        guard !consistency.spreads.isEmpty else { return [] }
        let count = consistency.spreads.count
        var spreads: String
        if let tolerance = consistency.tolerance {
            let above = consistency.spreadsAboveTolerance
            let unmoderated = above.filter { $0.basis != .moderated }.count
            spreads =
                "\(above.count) of \(count) spread(s) above the tolerance \(tolerance)"
                + (above.isEmpty ? "" : unmoderated == 0 ? ", each moderated" : ", \(unmoderated) not moderated")
        } else {
            let largest = consistency.spreads.map(\.spread).max() ?? 0
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
}
