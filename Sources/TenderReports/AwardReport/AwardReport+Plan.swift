import Foundation
import TenderEvaluation
import TenderModel
import TenderXML

extension AwardReport.Page {
    // MARK: - The plan

    func planSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        content.append(
            HTML.paragraph(
                "The award criteria, weightings, scoring scales, price formulas, minimum scores and pass/fail gates"
                    + " as the plan fixed them before tenders were opened; the trail records the plan's hashes when it"
                    + " was sealed."))
        for lot in plan.lots {
            content.append(HTML.text("h3", "Lot \(lot.id): \(lot.title)"))
            if let value = lot.estimatedValue { content.append(HTML.labelled("Estimated value", "\(value)")) }
            let worths = worths(lot)
            var rows: [[HTML.Cell]] = []
            func walk(_ level: CriteriaSet, depth: Int) {
                for criterion in level.criteria {
                    let method: String
                    switch criterion.method {
                    case let .scale(scale): method = "scored by the evaluators on scale \(scale)"
                    case let .price(priceFormula):
                        method =
                            formula(priceFormula, worth: ReportNumber.exact(worths[criterion.id] ?? .zero))
                            + (criterion.lifeCycleCost.map {
                                "; on the life-cycle cost " + RankingTable.costModelText($0)
                            } ?? "")
                    case .subCriteria: method = "sum of its sub-criteria"
                    case .unstated: method = "not stated"
                    case let .fixedPrice(fixed):
                        method =
                            "fixed \(fixed.basis == .total ? "total" : "unit") price \(fixed.amount) (\(fixed.code)): a"
                            + " gate, no points"
                    }
                    rows.append([
                        HTML.Cell(String(repeating: "↳ ", count: depth) + criterion.id.rawValue),
                        HTML.Cell(name(criterion)), HTML.Cell(criterion.type),
                        HTML.Cell.number(weighting(criterion, level: level)), HTML.Cell(method),
                        HTML.Cell.number(Self.minimumText(criterion)),
                    ])
                    if case let .subCriteria(children) = criterion.method { walk(children, depth: depth + 1) }
                }
            }
            walk(lot.criteria, depth: 0)
            content.append(
                HTML.table(
                    caption:
                        "Award criteria and weightings (\(RankingTable.weightingName(lot.criteria)))",
                    headers: ["ID", "Award criterion", "Type", "Weighting", "Method", "Minimum score"], rows: rows,
                    numericColumns: [3, 5], wide: true))
            if let threshold = lot.qualityThreshold {
                content.append(
                    HTML.labelled(
                        "Quality threshold",
                        "a bid needs at least \(threshold.value) quality points to stay in the evaluation"))
            }
        }
        let scaleIDs = Set(
            plan.lots.flatMap(\.scoredCriteria).compactMap { criterion -> ScaleID? in
                if case let .scale(id) = criterion.method { return id }
                return nil
            })
        for scale in plan.scales.values.filter({ scaleIDs.contains($0.id) }).sorted(by: { $0.id < $1.id }) {
            content.append(
                HTML.table(
                    caption:
                        "Scoring scale \(scale.id): a score of \(scale.maximum) earns the criterion's full weighting",
                    headers: ["Score", "Descriptor"],
                    rows: scale.points.map { [HTML.Cell.number("\($0.value)"), HTML.Cell($0.descriptor)] },
                    numericColumns: [0]))
        }
        content.append(HTML.text("h3", "Rules"))
        content.append(HTML.list(rules()))
        if !plan.gates.isEmpty {
            content.append(
                HTML.table(
                    caption:
                        "Pass/fail gates: a bid that does not declare it meets every gate is excluded before scoring",
                    headers: ["ID", "Kind", "Gate", "Requirement"],
                    rows: plan.gates.map {
                        [
                            HTML.Cell($0.id.rawValue), HTML.Cell($0.kind.rawValue), HTML.Cell($0.name),
                            HTML.Cell($0.requirement),
                        ]
                    }, wide: true))
        }
        return HTML.section(id: "plan", heading: "Evaluation plan", content)
    }

    func rules() -> [String] {
        var rules: [String] = []
        let rounding = plan.rules.rounding
        rules.append(
            rounding.map {
                "Rounding: \($0.places) decimal places, \($0.mode.rawValue), applied to "
                    + ($0.stage == .total ? "the total only" : "each criterion's weighted points")
                    + "; thresholds are compared on unrounded values"
            } ?? "Rounding: none; every value is exact")
        if let aggregation = plan.rules.aggregation {
            rules.append(
                "Without a moderated score, the \(aggregation.method.rawValue) of the evaluators' scores is used"
                    + (aggregation.maximumSpread.map { "; a spread above \($0) requires moderation" } ?? "")
                    + (aggregation.minimumSheets.map {
                        "; at least \($0) independent score sheets per bid and criterion"
                    }
                        ?? ""))
        }
        rules.append(
            plan.rules.tieBreak.isEmpty
                ? "Tie-break: none declared; tied bids share a rank"
                : "Tie-break, in order: " + plan.rules.tieBreak.map(\.description).joined(separator: ", then "))
        if let screen = plan.rules.abnormallyLowScreen {
            rules.append(
                "Abnormally low tenders: a price below \(screen.belowPercent) % of the \(screen.basis.rawValue) of"
                    + " admissible prices is flagged; the tenderer must be asked to explain it (Directive 2014/24/EU"
                    + " Art. 69)")
        }
        if plan.rules.process.separateQualityAndPriceEvaluators {
            rules.append("No quality evaluator may evaluate prices")
        }
        if plan.rules.process.lockQualityBeforePrices {
            rules.append("Quality scores are locked before prices are opened")
        }
        return rules
    }

    // MARK: - Gates

    func gatesSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        for (lot, evaluation) in lots {
            content.append(contentsOf: lotHeading(lot))
            if plan.gates.isEmpty {
                content.append(HTML.paragraph("The plan declares no pass/fail gates."))
                continue
            }
            let rows = evaluation.bids.map { bidEvaluation -> [HTML.Cell] in
                [HTML.Cell(bidEvaluation.bid.rawValue), HTML.Cell.name(bidEvaluation.tenderer.name)]
                    + plan.gates.map { gate in
                        guard let outcome = bidEvaluation.gates.first(where: { $0.gate == gate.id }) else {
                            return HTML.Cell("—")
                        }
                        return HTML.Cell(
                            outcome.outcome == .passed ? "passed" : outcome.outcome.rawValue,
                            class: outcome.outcome == .passed ? "pass" : "fail")
                    } + [HTML.Cell(status(bidEvaluation, in: evaluation))]
            }
            content.append(
                HTML.table(
                    caption: "Gate outcomes per bid (— : not assessed, the bid left the evaluation earlier)",
                    headers: ["Bid", "Tenderer"] + plan.gates.map(\.id.rawValue) + ["Status"], rows: rows,
                    wide: true))
            var reasons: [String] = []
            for bidEvaluation in evaluation.bids {
                for outcome in bidEvaluation.gates where outcome.outcome != .passed || !outcome.reasons.isEmpty {
                    if !outcome.reasons.isEmpty {
                        // A gate decided by the tenderer's ESPD response: the reasons the evaluation gave.
                        reasons.append(
                            "\(bidEvaluation.bid) \(outcome.gate) \(outcome.outcome.rawValue) (ESPD): "
                                + outcome.reasons.joined(separator: "; "))
                        continue
                    }
                    let statement = bid(bidEvaluation.bid)?.declaration(for: outcome.gate)?.statement
                    reasons.append(
                        "\(bidEvaluation.bid) \(outcome.gate) \(outcome.outcome.rawValue)"
                            + (statement.map { ": the tenderer declares “\($0)”" } ?? ": no declaration"))
                }
                if case let .excluded(exclusion) = bidEvaluation.status,
                    exclusion.stage == .gate
                        || exclusion.stage == .lateSubmission
                {
                    reasons.append("\(bidEvaluation.bid) excluded (\(exclusion.stage.rawValue)): \(exclusion.reason)")
                }
            }
            if !reasons.isEmpty {
                content.append(HTML.text("h4", "Reasons"))
                content.append(HTML.list(reasons))
            }
        }
        return HTML.section(id: "gates", heading: "Pass/fail gates", content)
    }

    // MARK: - Quality

    func qualitySection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        content.append(
            HTML.paragraph(
                "Each evaluator scored each bid independently; where the panel agreed a consensus score at moderation"
                    + " it is the score used, with the reason recorded; otherwise the plan's aggregate of the"
                    + " evaluators' scores is used. Spread is the highest minus the lowest individual score."))
        for (lot, evaluation) in lots {
            content.append(contentsOf: lotHeading(lot))
            let moderation = input.moderations.first { $0.lot == lot.id }
            if let moderation {
                content.append(
                    HTML.paragraph(
                        "Moderation (consensus) meeting held \(moderation.heldAt.text), attended by "
                            + moderation.attendees.map { member in
                                plan.member(member).map { "\($0.name) (\(member))" } ?? member.rawValue
                            }.joined(separator: ", ") + "."))
            }
            content.append(SpreadChart.legend())
            let worths = worths(lot)
            for criterion in lot.scoredCriteria {
                let scored = evaluation.bids.compactMap { bidEvaluation -> SpreadChart.Row? in
                    guard let found = criterionEvaluation(criterion.id, of: bidEvaluation),
                        case let .score(detail) = found.detail
                    else { return nil }
                    return SpreadChart.Row(bid: bidEvaluation.bid, tenderer: bidEvaluation.tenderer.name, score: detail)
                }
                content.append(
                    HTML.text(
                        "h4",
                        "\(criterion.id) \(name(criterion)) — worth \(ReportNumber.exact(worths[criterion.id] ?? .zero))"
                            + " points" + (criterion.minimumScore.map { ", minimum score \($0)" } ?? "")))
                guard !scored.isEmpty else {
                    content.append(HTML.paragraph("No bid was scored on this criterion."))
                    continue
                }
                let evaluators = Array(Set(scored.flatMap { $0.score.individual.map(\.evaluator) })).sorted()
                let rows = scored.map { row -> [HTML.Cell] in
                    let reason = moderation?.consensus.first { $0.bid == row.bid && $0.criterion == criterion.id }?
                        .reason
                    let bidEvaluation = evaluation.bids.first { $0.bid == row.bid }
                    let criterionPoints = bidEvaluation.flatMap { criterionEvaluation(criterion.id, of: $0) }?.points
                        .used
                    return [HTML.Cell(row.bid.rawValue), HTML.Cell.name(row.tenderer)]
                        + evaluators.map { evaluator in
                            HTML.Cell.number(
                                row.score.individual.first { $0.evaluator == evaluator }.map { "\($0.value)" } ?? "—")
                        }
                        + [
                            HTML.Cell.number(row.score.spread.map { "\($0)" } ?? "—"),
                            HTML.Cell.number(ReportNumber.exact(row.score.value)),
                            HTML.Cell(
                                row.score.basis.rawValue, class: row.score.basis == .moderated ? "moderated" : nil),
                            HTML.Cell(reason ?? "—"), HTML.Cell.number(points(criterionPoints)),
                        ]
                }
                let first = 2
                content.append(
                    HTML.table(
                        caption:
                            "Score matrix, \(criterion.id): individual scores, spread, score used and weighted points",
                        headers: ["Bid", "Tenderer"] + evaluators.map(\.rawValue)
                            + ["Spread", "Score used", "Basis", "Moderation reason", "Points"], rows: rows,
                        numericColumns: Set(first..<(first + evaluators.count + 2)).union([first + evaluators.count + 4]
                        ),
                        wide: true))
                content.append(
                    HTML.element(
                        "figure", [("class", "chart-figure")],
                        [
                            .element(SpreadChart.svg(lot: lot, criterion: criterion, rows: scored, plan: plan)),
                            .element(
                                HTML.text(
                                    "figcaption", [],
                                    "Evaluator spread on \(criterion.id): each dot is one evaluator's score; the diamond"
                                        + " marks the score used (the table above gives the same numbers)")),
                        ]))
            }
            content.append(
                contentsOf: consistency(PanelConsistency.compute(evaluation, aggregation: plan.rules.aggregation)))
        }
        return HTML.section(id: "quality", heading: "Quality scores and moderation", content)
    }

    /// The panel's consistency in one lot: spreads against the tolerance, and a table of each
    /// evaluator's bias and whether they gave one score to everything (see ``PanelConsistency``).
    func consistency(_ consistency: PanelConsistency) -> [XMLOutputElement] {
        guard consistency.spreadCount > 0 else { return [] }
        var content = [HTML.text("h4", "Evaluator consistency")]
        let above = consistency.spreadsAboveTolerance
        let spreads: String
        if let tolerance = consistency.tolerance {
            spreads =
                "\(above.count) of \(consistency.spreadCount) bid and criterion scores have a spread above the plan's"
                + " tolerance of \(tolerance)"
                + (above.isEmpty
                    ? "."
                    : " (" + above.map { "\($0.bid) \($0.criterion): \($0.spread)" }.joined(separator: ", ") + "); "
                        + (above.allSatisfy { $0.basis == .moderated }
                            ? "each was moderated." : "not all were moderated."))
        } else {
            spreads = "The plan sets no tolerance for the spread of the evaluators' scores."
        }
        let unit = consistency.evaluators.first?.scaleMaximum == nil ? "share of the scale" : "scale points"
        content.append(
            HTML.paragraph(
                spreads + " Bias is the mean of an evaluator's score minus the score used (the consensus where"
                    + " moderated, otherwise the plan's aggregate), in \(unit): positive scores above the panel,"
                    + " negative below. A flat scorer gave one score to at least \(FlatScoring.minimumScores) scores"
                    + " over at least \(FlatScoring.minimumBids) bids and \(FlatScoring.minimumCriteria) criteria."))
        let rows = consistency.evaluators.map { row -> [HTML.Cell] in
            [
                HTML.Cell(row.evaluator.rawValue), HTML.Cell.name(plan.member(row.evaluator)?.name ?? "—"),
                HTML.Cell.number("\(row.scores)"), HTML.Cell.number(ReportNumber.exact(row.bias)),
                HTML.Cell.number(RankingTable.signed(row.bias)),
                HTML.Cell(row.flatScore.map { "yes: \($0) to every score" } ?? "no"),
            ]
        }
        content.append(
            HTML.table(
                caption: "Per-evaluator bias, lot \(consistency.lot): mean of score − score used",
                headers: ["Evaluator", "Name", "Scores", "Bias (exact)", "Bias", "Flat scorer"], rows: rows,
                numericColumns: [2, 3, 4]))
        return content
    }

    /// The criterion's minimums as the plan states them: `2` (on the scale), `30 points`, `best 3 pass`;
    /// `—` when none.
    static func minimumText(_ criterion: Criterion) -> String {
        var parts: [String] = []
        if let score = criterion.minimumScore { parts.append("\(score)") }
        if let points = criterion.minimumPoints { parts.append("\(points) points") }
        if let count = criterion.maximumPassing { parts.append("best \(count) pass") }
        return parts.isEmpty ? "—" : parts.joined(separator: "; ")
    }
}
