import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderXML

extension AwardReport.Page {
    // MARK: - Decision analysis

    func analysisSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        content.append(
            HTML.paragraph(
                "How far the outcome rests on the published weightings, on the other bids present and on the quality"
                    + " scores. Each analysis changes one thing and keeps everything else as evaluated, on exact"
                    + " unrounded totals; a value marked ≈ approximates the exact fraction before it."))
        for (lot, evaluation) in lots {
            guard let analysis = input.analysis.lots.first(where: { $0.lot == lot.id }) else { continue }
            content.append(contentsOf: lotHeading(lot))
            content.append(HTML.paragraph(statusText(analysis.status, in: evaluation)))

            content.append(HTML.text("h4", "Weighting sensitivity"))
            if analysis.weightSensitivities.isEmpty {
                content.append(HTML.paragraph("Not computed: there is no single winner to analyse."))
            } else {
                let unit =
                    switch lot.criteria.weighting {
                    case .percent: " percentage points"
                    case .points: " points"
                    case .decimal: " (decimal weight)"
                    }
                let rows = analysis.weightSensitivities.map { sensitivity -> [HTML.Cell] in
                    let criterion = lot.criterion(sensitivity.criterion)
                    let smallest: String
                    if let nearest = sensitivity.nearest {
                        smallest =
                            "\(nearest.direction == .up ? "+" : "−")\(ReportNumber.exact(nearest.change))\(unit)"
                            + " (to \(ReportNumber.exact(nearest.weight)))"
                    } else if sensitivity.increase == .noChange, sensitivity.decrease == .noChange {
                        smallest = "no change within 0–\(ReportNumber.exact(sensitivity.levelTotal))"
                    } else if case let .tiesAtEnd(at, _, _) = sensitivity.increase {
                        smallest = "none before \(ReportNumber.exact(at)), where the tie-break decides"
                    } else if case let .tiesAtEnd(at, _, _) = sensitivity.decrease {
                        smallest = "none above \(ReportNumber.exact(at)), where the tie-break decides"
                    } else {
                        smallest = "none found in range (see the directions)"
                    }
                    return [
                        HTML.Cell("\(sensitivity.criterion) \(criterion.map(name) ?? "")"),
                        HTML.Cell.number(ReportNumber.exact(sensitivity.weight)),
                        HTML.Cell(
                            outcomeText(sensitivity.increase, up: true, sensitivity: sensitivity, in: evaluation)),
                        HTML.Cell(
                            outcomeText(sensitivity.decrease, up: false, sensitivity: sensitivity, in: evaluation)),
                        HTML.Cell(smallest),
                    ]
                }
                content.append(
                    HTML.table(
                        caption:
                            "The weighting of each award criterion at which the winner would change (the other"
                            + " criteria keep their proportions; the level keeps its total)",
                        headers: ["Award criterion", "Weighting", "Raising it", "Lowering it", "Smallest change"],
                        rows: rows, numericColumns: [1], wide: true))
            }

            content.append(HTML.text("h4", "Rank reversal (relative price formulas)"))
            if analysis.removalsChecked.isEmpty {
                content.append(
                    HTML.paragraph(
                        lot.pricedCriteria.isEmpty
                            ? "Not applicable: the lot has no priced criterion."
                            : "Not applicable, or no bid to remove: each bid's price points depend on its own price"
                                + " only, or no admissible bid but the winner is ranked."))
            } else {
                content.append(
                    HTML.paragraph(
                        "Each admissible non-winning bid was removed in turn and the lot evaluated again: "
                            + bidList(analysis.removalsChecked, in: evaluation) + "."))
                if analysis.rankReversals.isEmpty {
                    content.append(
                        HTML.paragraph(
                            "No removal changed the order of the remaining bids: no rank reversal.", class: "pass"))
                } else {
                    content.append(
                        HTML.list(
                            analysis.rankReversals.map { reversal in
                                "Without \(tenderer(reversal.removed, in: evaluation)): "
                                    + reversal.reorderings.map {
                                        "\($0.bid) was \($0.before.rawValue) of \($0.other), now \($0.after.rawValue)"
                                    }.joined(separator: "; ")
                                    + (reversal.winnerChanges
                                        ? ". The winner changes to \(bidList(reversal.leadersAfter, in: evaluation))."
                                        : ". The winner does not change.")
                            }))
                }
            }

            content.append(HTML.text("h4", "Runner-up's score margin"))
            if analysis.scoreMargins.isEmpty {
                content.append(HTML.paragraph("Not computed: there is no single winner, or no runner-up."))
            } else {
                if let first = analysis.scoreMargins.first {
                    content.append(
                        HTML.paragraph(
                            "\(tenderer(first.bid, in: evaluation)) is \(ReportNumber.exact(first.gap)) points behind"
                                + " \(tenderer(first.winner, in: evaluation)) (exact, unrounded totals). How far its score"
                                + " on each quality criterion would have to rise to overtake, everything else unchanged:"
                        ))
                }
                let rows = analysis.scoreMargins.map { margin -> [HTML.Cell] in
                    let outcome: String
                    switch margin.outcome {
                    case let .reachable(score, steps, _, gained):
                        outcome =
                            "a score of \(score) (\(steps) step\(steps == 1 ? "" : "s") up) overtakes, gaining"
                            + " \(ReportNumber.exact(gained)) points"
                    case let .notReachable(maximumGain):
                        outcome =
                            "not reachable: even \(margin.scaleMaximum) gains at most \(ReportNumber.exact(maximumGain))"
                            + " points"
                    }
                    return [
                        HTML.Cell(margin.bid.rawValue),
                        HTML.Cell("\(margin.criterion) \(lot.criterion(margin.criterion).map(name) ?? "")"),
                        HTML.Cell.number("\(ReportNumber.exact(margin.score)) of \(margin.scaleMaximum)"),
                        HTML.Cell.number(ReportNumber.exact(margin.worth)),
                        HTML.Cell.number(margin.scoreRiseToTie.map(ReportNumber.exact) ?? "—"), HTML.Cell(outcome),
                    ]
                }
                content.append(
                    HTML.table(
                        caption: "Score margins of the runner-up",
                        headers: [
                            "Runner-up", "Award criterion", "Score used", "Worth (points)", "Rise to tie", "Outcome",
                        ],
                        rows: rows, numericColumns: [2, 3, 4], wide: true))
            }
        }
        return HTML.section(id: "analysis", heading: "Decision analysis", content)
    }

    func statusText(_ status: LotDecisionAnalysis.Status, in evaluation: LotEvaluation) -> String {
        switch status {
        case let .winner(bid): "The analysis concerns the bid ranked first: \(tenderer(bid, in: evaluation))."
        case .noRankedBid: "No bid is ranked: there is nothing to analyse."
        case let .sharedFirstRank(bids):
            "Several bids share rank 1 (\(bidList(bids, in: evaluation))): there is no single winner whose change could"
                + " be measured; the rank-reversal check still runs."
        case let .unroundedOrderDiffers(winner, ahead):
            "\(tenderer(winner, in: evaluation)) ranks first only through the plan's rounding: on exact totals"
                + " \(bidList(ahead, in: evaluation)) is ahead. Weighting sensitivity and score margins are not computed."
        }
    }

    func outcomeText(
        _ outcome: WeightSensitivity.Outcome, up: Bool, sensitivity: WeightSensitivity, in evaluation: LotEvaluation
    ) -> String {
        switch outcome {
        case let .winnerChanges(threshold):
            return "\(up ? "above" : "below") \(ReportNumber.exact(threshold.weight)) the winner changes to"
                + " \(bidList(threshold.winnersBeyond, in: evaluation)); at it, tie at"
                + " \(ReportNumber.exact(threshold.totalAtThreshold)) points with \(bidList(threshold.tiedBids, in: evaluation))"
        case let .admissibleSetChanges(at, bids):
            return "no change up to \(ReportNumber.exact(at)), where \(bidList(bids, in: evaluation)) cross the quality"
                + " threshold (not analysed beyond)"
        case let .tiesAtEnd(at, bids, total):
            return
                "no change \(up ? "below" : "above") \(ReportNumber.exact(at)); at \(ReportNumber.exact(at)) a tie at"
                + " \(ReportNumber.exact(total)) points with \(bidList(bids, in: evaluation)), which the declared tie-break"
                + " decides"
        case .noChange:
            return up
                ? "no change up to \(ReportNumber.exact(sensitivity.levelTotal))" : "no change down to 0"
        case let .notAnalysed(reason):
            return "not analysed: \(reason)"
        }
    }

    // MARK: - Evidence

    func evidenceSection() -> XMLOutputElement {
        var content: [XMLOutputElement] = []
        let evidence = input.evidence
        if let checkpoint = evidence.checkpoint {
            content.append(
                HTML.element(
                    "p", [],
                    [
                        .element(HTML.text("strong", "Latest checkpoint: ")),
                        .text(
                            "\(checkpoint.size) trail entries; head (root) hash "),
                        .element(HTML.text("code", [("class", "hash")], checkpoint.head.hex)),
                        .text(
                            "; written \(checkpoint.time.text), signed by \(checkpoint.signer.name) (\(checkpoint.signer.member))."
                        ),
                    ]))
        } else {
            content.append(
                HTML.paragraph("No readable checkpoint: the trail cannot be tied to a published size.", class: "fail"))
        }
        if let record = evidence.record {
            content.append(
                HTML.labelled(
                    "Evaluation",
                    "recorded in trail entry \(record.evaluationSequence) (evaluation-computed), \(record.evaluationTime.text)"
                ))
        }
        content.append(
            HTML.element(
                "p", [],
                [
                    .element(HTML.text("strong", "Results (evidence/results.xml): ")), .text("SHA-256 of the bytes "),
                    .element(HTML.text("code", [("class", "hash")], evidence.results.bytes.hex)),
                    .text(", of the exclusive canonical form "),
                    .element(HTML.text("code", [("class", "hash")], evidence.results.canonical?.hex ?? "—")),
                    .text("."),
                ]))
        content.append(
            HTML.table(
                caption:
                    "Inputs as the evaluation recorded them: SHA-256 of each file's bytes and of its exclusive"
                    + " canonical XML form (sha256sum; xmllint --exc-c14n | sha256sum)",
                headers: ["File", "Role", "SHA-256 (bytes)", "SHA-256 (canonical)"],
                rows: evidence.inputs.map {
                    [
                        HTML.Cell($0.file.relativePath), HTML.Cell($0.file.role.rawValue),
                        HTML.Cell(
                            $0.digests.bytes.hex
                                + (evidence.reformatted.contains($0.file.relativePath)
                                    ? " (the file was reformatted since: its bytes differ now, its canonical form is"
                                        + " the same)" : ""),
                            class: "hash"),
                        HTML.Cell($0.digests.canonical?.hex ?? "— (not XML)", class: "hash"),
                    ]
                }, wide: true))

        content.append(HTML.text("h3", "Verification"))
        let report = evidence.verification
        content.append(
            HTML.paragraph(
                "tender verify re-hashes every input, checks the hash chain, every signature and checkpoint, re-evaluates"
                    + " and compares with the recorded results, and runs the rule catalogue (\(report.checks.count)"
                    + " checks)."))
        content.append(
            HTML.paragraph(
                VerificationText.verdict(report),
                class: report.isVerified ? "verdict verdict-ok" : "verdict verdict-fail"))
        let problems = report.checks.filter { !$0.outcome.isPassed }
        if !problems.isEmpty {
            content.append(
                HTML.table(
                    caption: "Checks that did not pass",
                    headers: ["Outcome", "Check", "Statement", "Findings"],
                    rows: problems.map { check in
                        let label: String
                        let findings: String
                        switch check.outcome {
                        case let .failed(found):
                            label = check.severity == .warning ? "WARN" : "FAIL"
                            findings = found.map(\.description).joined(separator: "\n")
                        case let .skipped(reason):
                            label = "SKIP"
                            findings = reason
                        case .passed:
                            label = "PASS"
                            findings = ""
                        }
                        return [
                            HTML.Cell(label, class: "fail"), HTML.Cell(check.id), HTML.Cell(check.statement),
                            HTML.Cell(findings),
                        ]
                    }, wide: true))
        }
        return HTML.section(id: "evidence", heading: "Evidence and verification", content)
    }
}
