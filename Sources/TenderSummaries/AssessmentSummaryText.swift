import Foundation
import TenderEvaluation
import TenderModel

/// The sentences both renderings of an assessment summary share, so that the HTML and the
/// Markdown say the same thing.
enum AssessmentSummaryText {
    /// The legal basis, quoted in every summary.
    static let legalBasis =
        "This assessment summary is given under section 50(3) of the Procurement Act 2023 and contains the"
        + " information required by regulation 31 of the Procurement Regulations 2024 (SI 2024/692): the award"
        + " criteria and their relative importance (reg. 31(2)(d)), how the tender was assessed against them by"
        + " reference to scores with the total (reg. 31(2)(e), (3)(b)), any further explanation of why the"
        + " contract is not being awarded to the supplier (reg. 31(3)(c)), and the assessment of the most"
        + " advantageous tender (section 50(4)(b))."

    /// Where the full criteria can be read (reg 31(2)(d)(ii)).
    static func fullCriteria(_ summary: AssessmentSummary) -> String {
        "The award criteria and the assessment methodology are set out in full in the evaluation plan"
            + " \(summary.planID) (tender.xml of the procurement file), which restates the criteria and weightings"
            + " published in the contract notice."
    }

    /// The weighting as stated: `15 %`, `40 points` or `0.4 of 1`.
    static func weighting(_ criterion: SummaryCriterion) -> String {
        guard let weight = criterion.weight else { return "not stated" }
        let text = Rational(weight).exactText
        switch criterion.weighting {
        case .percent: return criterion.depth == 0 ? "\(text) %" : "\(text) % of \(criterion.parent?.rawValue ?? "")"
        case .points:
            return criterion.depth == 0 ? "\(text) points" : "\(text) points within \(criterion.parent?.rawValue ?? "")"
        case .decimal:
            return criterion.depth == 0 ? "\(text) of 1" : "\(text) of 1 within \(criterion.parent?.rawValue ?? "")"
        }
    }

    /// How the criterion was to be assessed and which scores were available (reg 31(2)(d)(i)(cc)).
    static func assessment(_ criterion: SummaryCriterion) -> String {
        let minimumText =
            criterion.minimumScore.map { " A score below \(Rational($0).exactText) excludes the tender." } ?? ""
        switch criterion.assessment {
        case let .scale(scale, points):
            let values = points.map(\.value)
            let minimum = values.min().map { Rational($0).exactText } ?? "?"
            let maximum = values.max().map { Rational($0).exactText } ?? "?"
            return
                "Scored by the evaluation panel on scale \(scale) (\(minimum) to \(maximum), see the scores available"
                + " below): points = maximum points × score ÷ \(maximum)." + minimumText
        case let .price(formula):
            return priceFormula(formula)
        case .subCriteria:
            return "The sum of the points of its sub-criteria." + minimumText
        case let .fixedPrice(fixed):
            return
                "The \(fixed.basis == .total ? "total" : "unit") price was fixed at \(fixed.amount) (\(fixed.code)): it"
                + " earns no points, tenders compete on quality alone, and a tender quoting another price is excluded."
        }
    }

    /// The scales the criteria use, each once, in criteria order: (scale, its points in plan order).
    static func scales(_ summary: AssessmentSummary) -> [(id: ScaleID, points: [ScoringScale.Point])] {
        var seen: Set<ScaleID> = []
        var scales: [(id: ScaleID, points: [ScoringScale.Point])] = []
        for criterion in summary.criteria {
            if case let .scale(id, points) = criterion.assessment, seen.insert(id).inserted {
                scales.append((id, points))
            }
        }
        return scales
    }

    /// A price formula in words.
    static func priceFormula(_ formula: PriceFormula) -> String {
        switch formula {
        case .lowestPriceRatio:
            "Price (lowest-price-ratio): points = maximum points × lowest admissible price ÷ the tender's price."
        case .linearLowestToHighest:
            "Price (linear-lowest-to-highest): the lowest admissible price earns the maximum points, the highest"
                + " earns none, linearly in between."
        case let .linearBetweenBounds(full, zero):
            "Price (linear-between-bounds): \(full) or less earns the maximum points, \(zero) or more earns none,"
                + " linearly in between."
        case .pricePerQualityPoint:
            "Price (price-per-quality-point): each tender's price is divided by its quality points; the lowest price"
                + " per quality point earns the maximum points, others maximum points × lowest ÷ their own."
        case .relativeToAverage:
            "Price (relative-to-average): a price at the mean of the admissible prices earns half the maximum"
                + " points, one hundredth of the maximum more for each percent below the mean and less for each"
                + " percent above, between none and the maximum."
        }
    }

    /// The explanation of a criterion's score (reg 31(2)(e)(i)(aa)).
    static func explanation(_ line: CriterionAssessment) -> String {
        switch line.explanation {
        case let .consensus(reason):
            return reason.isEmpty ? "Agreed at moderation." : reason
        case let .aggregate(basis, evaluators):
            let method = basis == .mean ? "mean" : "median"
            return "Not moderated: the score is the \(method) of the \(evaluators) evaluators' independent scores,"
                + " as the evaluation plan provides."
        case let .priceFormula(formula):
            return priceFormula(formula)
        case .sumOfSubCriteria:
            return "The sum of the sub-criteria's points."
        }
    }

    /// The outcome for the summary's own tender.
    static func outcome(_ summary: AssessmentSummary) -> String {
        let tender = summary.tender
        switch tender.outcome {
        case let .ranked(rank):
            if summary.isForWinner {
                return "Your tender is the most advantageous tender for this lot: it is ranked first, and the"
                    + " contracting authority has decided to award the contract to you."
            }
            return "Your tender was assessed and ranked \(ordinal(rank)). The contract is not being awarded to you"
                + " because another tender scored more points against the award criteria: the most advantageous"
                + " tender, whose assessment is set out below."
        case let .excluded(exclusion):
            return "Your tender was not ranked and the contract is not being awarded to you: "
                + stage(exclusion.stage) + " " + exclusion.reason.prefixingIfMissingPeriod
        }
    }

    /// The exclusion stage in words.
    static func stage(_ stage: Exclusion.Stage) -> String {
        switch stage {
        case .lateSubmission: "it was received after the deadline for tenders and was disregarded."
        case .gate: "it did not meet a mandatory (pass/fail) requirement."
        case .qualityThreshold: "it did not reach a minimum score set for an award criterion."
        case .abnormallyLowRejected:
            "the contracting authority rejected it as abnormally low after assessing your explanation."
        }
    }

    /// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
    static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }

    /// A bid as people read it: `Name (tender BID-001)`.
    static func tenderName(_ tender: AssessedTender) -> String {
        "\(tender.tenderer.name) (tender \(tender.bid))"
    }
}

extension String {
    /// The text with "Reason: " prefixed and a final full stop when it has none.
    fileprivate var prefixingIfMissingPeriod: String {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = trimmed.isEmpty ? "no reason recorded" : trimmed
        return "Reason recorded: " + reason + (reason.hasSuffix(".") ? "" : ".")
    }
}

extension AssessmentSummary {
    /// The points available for a subtotal figure: quality, price or the total.
    func available(_ kind: SummaryFigure.Kind) -> Rational {
        switch kind {
        case .qualityPoints: qualityPointsAvailable
        case .pricePoints: pricePointsAvailable
        default: pointsAvailable
        }
    }
}
