import EvidenceTrail
import Foundation
import TenderEvaluation
import TenderModel
import TenderXML

extension AwardReport {
    /// Builds the page's sections from the input.
    struct Page {
        let input: AwardReport.Input
        var plan: TenderPlan { input.plan }

        init(_ input: AwardReport.Input) { self.input = input }

        func html() -> XMLOutputElement {
            var head = HTML.element("head")
            head.append(
                HTML.element("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]))
            head.append(HTML.text("title", "Award report: \(plan.title)"))
            head.append(HTML.text("style", Stylesheet.css))

            var body = HTML.element("body")
            body.append(header())
            var main = HTML.element("main")
            // The outcome and the ranking first, for the decision-maker; then what they rest on, in the
            // order of the evaluation; then the evidence.
            main.append(contentsOf: [tableOfContents(), outcome(), rankingSection(), planSection(), gatesSection()])
            main.append(contentsOf: [qualitySection(), priceSection(), abnormallyLowSection(), analysisSection()])
            main.append(evidenceSection())
            body.append(main)
            return HTML.element("html", [("lang", "en")], [.element(head), .element(body)])
        }

        // MARK: - Header and outcome

        func header() -> XMLOutputElement {
            var header = HTML.element("header", [("class", "report")])
            header.append(HTML.paragraph("Award report · \(plan.contractingAuthority)", class: "kicker"))
            header.append(HTML.text("h1", plan.title))
            var facts: [String] = ["Plan \(plan.id)"]
            if let source = plan.source {
                facts.append(
                    "contract notice \(source.noticeID ?? source.file)"
                        + (source.noticeVersion.map { " version \($0)" } ?? ""))
            }
            if let deadline = plan.submissionDeadline { facts.append("tender deadline \(deadline.text)") }
            if let value = plan.estimatedValue { facts.append("estimated value \(value)") }
            header.append(HTML.paragraph(facts.joined(separator: " · "), class: "facts"))
            return header
        }

        func tableOfContents() -> XMLOutputElement {
            let entries = [
                ("outcome", "Outcome"), ("ranking", "Totals and ranking"), ("plan", "Evaluation plan"),
                ("gates", "Pass/fail gates"), ("quality", "Quality scores and moderation"), ("price", "Price scoring"),
                ("abnormally-low", "Abnormally low tenders"), ("analysis", "Decision analysis"),
                ("evidence", "Evidence and verification"),
            ]
            return HTML.element(
                "nav", [("class", "toc"), ("aria-label", "Contents")],
                [
                    .element(
                        HTML.element(
                            "ol", [],
                            entries.map { id, title in
                                .element(
                                    HTML.element("li", [], [.element(HTML.text("a", [("href", "#\(id)")], title))]))
                            }))
                ])
        }

        func outcome() -> XMLOutputElement {
            var content: [XMLOutputElement] = []
            let verified = input.evidence.verification.isVerified
            content.append(
                HTML.paragraph(
                    VerificationText.verdict(input.evidence.verification),
                    class: verified ? "verdict verdict-ok" : "verdict verdict-fail"))
            for evaluation in input.result.lots {
                guard let lot = plan.lot(evaluation.lot) else { continue }
                let leaders = evaluation.leaders
                let text: String
                if leaders.isEmpty {
                    text = "No bid is ranked: every bid was excluded."
                } else if leaders.count > 1 {
                    text =
                        "Ranked first, tied: "
                        + leaders.map { "\($0.tenderer.name) (\($0.bid))" }.joined(separator: ", ")
                        + " with \(points(leaders[0].totalPoints?.used)) of \(ReportNumber.exact(evaluation.pointsAvailable)) points."
                } else {
                    let leader = leaders[0]
                    text =
                        "Most economically advantageous tender (MEAT): \(leader.tenderer.name) (\(leader.bid)),"
                        + " \(points(leader.totalPoints?.used)) of \(ReportNumber.exact(evaluation.pointsAvailable)) points."
                }
                let ranked = evaluation.bids.filter { $0.rank != nil }.count
                content.append(HTML.text("h3", "Lot \(lot.id): \(lot.title)"))
                content.append(HTML.paragraph(text, class: "lead"))
                if let record = input.evidence.record {
                    if let award = record.awards.first(where: { $0.lot == lot.id }) {
                        content.append(
                            HTML.labelled(
                                "Award recommendation recorded",
                                "\(tenderer(award.bid, in: evaluation)), trail entry \(award.sequence),"
                                    + " \(award.time.text). Justification: \(award.justification)"))
                    } else {
                        content.append(
                            HTML.paragraph("No award recommendation is recorded on these results yet.", class: "note"))
                    }
                }
                content.append(
                    HTML.paragraph(
                        "\(evaluation.bids.count) bids evaluated: \(ranked) ranked,"
                            + " \(evaluation.bids.count - ranked) excluded."))
            }
            content.append(
                HTML.paragraph(
                    "Points are shown as the evaluation uses them"
                        + (plan.rules.rounding.map { ", to the plan's \($0.places) decimal places" } ?? "")
                        + "; a value marked ≈ is an approximation of the exact value, which evidence/results.xml"
                        + " records.", class: "note"))
            return HTML.section(id: "outcome", heading: "Outcome", content)
        }

        // MARK: - Helpers

        func points(_ value: Rational?) -> String { RankingTable.points(value, plan: plan) }

        func name(_ criterion: Criterion) -> String { criterion.displayName(language: plan.source?.language) }

        func bid(_ id: BidID) -> Bid? { input.bids.first { $0.id == id } }

        func tenderer(_ id: BidID, in evaluation: LotEvaluation) -> String {
            evaluation.bids.first { $0.bid == id }.map { "\($0.tenderer.name) (\(id))" }
                ?? bid(id).map { "\($0.tenderer.name) (\(id))" } ?? id.rawValue
        }

        func bidList(_ ids: [BidID], in evaluation: LotEvaluation) -> String {
            ids.map { tenderer($0, in: evaluation) }.joined(separator: ", ")
        }

        /// The lots with their evaluations, in plan order.
        var lots: [(lot: Lot, evaluation: LotEvaluation)] {
            input.result.lots.compactMap { evaluation in plan.lot(evaluation.lot).map { ($0, evaluation) } }
        }

        /// A heading for a lot inside a section (omitted when the plan has one lot).
        func lotHeading(_ lot: Lot) -> [XMLOutputElement] {
            plan.lots.count > 1 ? [HTML.text("h3", "Lot \(lot.id): \(lot.title)")] : []
        }

        func status(_ bid: BidEvaluation, in evaluation: LotEvaluation) -> String {
            switch bid.status {
            case .ranked:
                evaluation.isInUnresolvedTie(bid.bid) ? "ranked (tied)" : "ranked"
            case let .excluded(exclusion): "excluded (\(exclusion.stage.rawValue))"
            }
        }

        /// The evaluation of `criterion` anywhere in a bid's criteria tree.
        func criterionEvaluation(_ criterion: CriterionID, of bid: BidEvaluation) -> CriterionEvaluation? {
            func find(_ evaluations: [CriterionEvaluation]) -> CriterionEvaluation? {
                for evaluation in evaluations {
                    if evaluation.criterion == criterion { return evaluation }
                    if let inner = find(evaluation.children) { return inner }
                }
                return nil
            }
            return find(bid.criteria)
        }

        /// A criterion's weighting as published: `15 %`, `40 of 110 points` or `0.4 of 1`.
        func weighting(_ criterion: Criterion, level: CriteriaSet) -> String {
            guard let weight = criterion.weight else { return "not stated" }
            switch level.weighting {
            case .percent: return "\(weight) %"
            case .points: return "\(weight) of \(level.total) points"
            case .decimal: return "\(weight) of 1"
            }
        }

        /// The price formula in words, with its parameters.
        func formula(_ formula: PriceFormula, worth: String) -> String {
            switch formula {
            case .lowestPriceRatio:
                "lowest-price-ratio: points = \(worth) × lowest admissible price ÷ the bid's price"
            case .linearLowestToHighest:
                "linear-lowest-to-highest: points = \(worth) × (highest − price) ÷ (highest − lowest), highest and"
                    + " lowest among admissible bids (all equal: full points)"
            case let .linearBetweenBounds(full, zero):
                "linear-between-bounds: points = \(worth) × (\(zero) − price) ÷ (\(zero) − \(full)), clamped to 0…\(worth):"
                    + " full points at \(full) or less, none at \(zero) or more (absolute: fixed before opening)"
            case .pricePerQualityPoint:
                "price-per-quality-point: points = \(worth) × lowest price per quality point ÷ the bid's (price ÷ its"
                    + " quality points), among admissible bids; no quality points: none"
            case .relativeToAverage:
                "relative-to-average: points = \(worth) × (3/2 − price ÷ mean of admissible prices), clamped to"
                    + " 0…\(worth): half at the mean, full at half the mean or less, none at 1.5 × the mean or more"
            }
        }

        /// What a criterion is worth in points (its weighting for a top-level criterion, its share of its
        /// parent's for a sub-criterion).
        func worths(_ lot: Lot) -> [CriterionID: Rational] {
            var result: [CriterionID: Rational] = [:]
            func walk(_ level: CriteriaSet, worth: Rational) {
                let total = Rational(level.total)
                for criterion in level.criteria {
                    let share = total.isZero ? Rational.zero : worth * Rational(criterion.weight ?? 0) / total
                    result[criterion.id] = share
                    if case let .subCriteria(children) = criterion.method { walk(children, worth: share) }
                }
            }
            walk(lot.criteria, worth: Rational(lot.criteria.total))
            return result
        }
    }
}
