public import Foundation
public import TenderModel

/// What one tenderer is told about the assessment of its bid in one lot, once the contracting
/// authority has decided to award: the content of an assessment summary, as a value.
///
/// Source: Procurement Act 2023 s50(3)–(4): before publishing a contract award notice the
/// authority must give each supplier that submitted an assessed tender "information about the
/// contracting authority's assessment of (a) the tender, and (b) if different, the most
/// advantageous tender". The Procurement Regulations 2024 (SI 2024/692) reg 31 fixes the content:
///
/// - reg 31(2)(d)(i) and (3)(a): the award criteria — the title of each criterion, its relative
///   importance (``Criterion/weight`` as published, and the lot points it is worth), and how it
///   was to be assessed by reference to scores and which scores were available (the scale's
///   values and descriptors, or the price formula); reg 31(2)(d)(ii): where the full criteria can
///   be read (the plan and the notice);
/// - reg 31(2)(e) and (3)(b): the score determined for each award criterion, with an explanation
///   (the consensus reason recorded at moderation; for a score not moderated, that it is the
///   plan's aggregate of the evaluators' scores), and the total and sub-total scores, "only to
///   the extent that the tender was assessed against the award criteria";
/// - reg 31(3)(c): any further explanation of why the contract is not being awarded to the
///   supplier, including a disqualification: here the bid's exclusion (late submission, gate,
///   quality threshold, or rejection as abnormally low) with its recorded reason;
/// - s50(4)(b): the same assessment of the most advantageous tender, which here is the bid the
///   recorded award recommendation names for the lot.
///
/// Nothing else about any other tenderer is included: no other name, score, price or rank, and
/// no benchmark, mean or flag that is computed from other bids' prices. reg 31(2)(b)–(c) (the
/// winner's postal and email address and unique identifier) are not held in the case and are
/// left to the authority.
///
/// Figures are exact (``Rational``; never binary floating point); ``figures`` lists every one of
/// them with a stable key, so that a rendered summary can be read back and checked against the
/// recorded evaluation (`tender verify`, check `assessment-summaries-match-results`).
public struct AssessmentSummary: Equatable, Sendable {
    /// The plan's ID.
    public var planID: String
    /// The procedure's title.
    public var title: String
    /// The contracting authority.
    public var contractingAuthority: String
    /// The lot.
    public var lot: LotID
    /// The lot's title.
    public var lotTitle: String
    /// The lot's total points (100 for percentages, the sum of the weights for points).
    public var pointsAvailable: Rational
    /// How the lot's top-level weights are stated.
    public var weighting: WeightingKind
    /// The plan's rounding, when it declares one (how points are shown).
    public var rounding: Rounding?
    /// Every award criterion of the lot, depth first in plan order.
    public var criteria: [SummaryCriterion]
    /// The bid this summary is for.
    public var tender: AssessedTender
    /// The most advantageous tender as the recorded award recommends it; `nil` when ``tender`` is it.
    public var winner: AssessedTender?

    /// Whether this summary is the recommended bid's own.
    public var isForWinner: Bool { winner == nil }

    /// The most quality points a tender can earn: the top-level criteria that are not price
    /// criteria, on the lot's scale.
    public var qualityPointsAvailable: Rational {
        criteria.filter { criterion in
            guard criterion.depth == 0 else { return false }
            if case .price = criterion.assessment { return false }
            return true
        }.reduce(Rational(0)) { $0 + $1.maximumPoints }
    }

    /// The most price points a tender can earn: the top-level price criteria, on the lot's scale.
    public var pricePointsAvailable: Rational {
        criteria.filter { criterion in
            guard criterion.depth == 0, case .price = criterion.assessment else { return false }
            return true
        }.reduce(Rational(0)) { $0 + $1.maximumPoints }
    }

    /// Creates a summary from its parts (see ``derive(plan:result:moderations:recommended:)``).
    public init(
        planID: String, title: String, contractingAuthority: String, lot: LotID, lotTitle: String,
        pointsAvailable: Rational, weighting: WeightingKind, rounding: Rounding?, criteria: [SummaryCriterion],
        tender: AssessedTender, winner: AssessedTender?
    ) {
        self.planID = planID
        self.title = title
        self.contractingAuthority = contractingAuthority
        self.lot = lot
        self.lotTitle = lotTitle
        self.pointsAvailable = pointsAvailable
        self.weighting = weighting
        self.rounding = rounding
        self.criteria = criteria
        self.tender = tender
        self.winner = winner
    }
}

/// One award criterion as a summary states it: title, relative importance and how it is scored.
public struct SummaryCriterion: Equatable, Sendable {
    /// How the criterion is assessed.
    public enum Assessment: Equatable, Sendable {
        /// Evaluators score it on a scale: its values with their descriptors, in plan order.
        case scale(ScaleID, [ScoringScale.Point])
        /// Points from the price by this formula.
        case price(PriceFormula)
        /// The sum of its sub-criteria's points.
        case subCriteria
        /// A price fixed in advance: a gate, no points.
        case fixedPrice(FixedPrice)
    }

    /// The criterion's ID.
    public var id: CriterionID
    /// Its parent, for a sub-criterion.
    public var parent: CriterionID?
    /// 0 for a top-level criterion, 1 for its sub-criteria, and so on.
    public var depth: Int
    /// The title shown (``Criterion/displayName(language:)``).
    public var name: String
    /// The weight as the plan states it at its level (a percentage, or points); `nil` when not stated.
    public var weight: Decimal?
    /// How the weights at its level are stated.
    public var weighting: WeightingKind
    /// The most points the criterion can earn, on the lot's scale (``AssessmentSummary/pointsAvailable``).
    public var maximumPoints: Rational
    /// The minimum score on its scale a bid must reach, when declared.
    public var minimumScore: Decimal?
    /// How it is assessed.
    public var assessment: Assessment

    /// Creates a criterion line.
    public init(
        id: CriterionID, parent: CriterionID?, depth: Int, name: String, weight: Decimal?, weighting: WeightingKind,
        maximumPoints: Rational, minimumScore: Decimal?, assessment: Assessment
    ) {
        self.id = id
        self.parent = parent
        self.depth = depth
        self.name = name
        self.weight = weight
        self.weighting = weighting
        self.maximumPoints = maximumPoints
        self.minimumScore = minimumScore
        self.assessment = assessment
    }
}

/// One bid's assessment as a summary states it.
public struct AssessedTender: Equatable, Sendable {
    /// Where the bid stands.
    public enum Outcome: Equatable, Sendable {
        /// Ranked, at this rank (1 for the recommended bid).
        case ranked(Int)
        /// Excluded: the stage and the recorded reason.
        case excluded(Exclusion)
    }

    /// The bid.
    public var bid: BidID
    /// The tenderer (ID and name).
    public var tenderer: Tenderer
    /// Whether the recorded award recommendation names this bid.
    public var isRecommended: Bool
    /// Ranked or excluded.
    public var outcome: Outcome
    /// The criteria it was assessed against, depth first in plan order; empty when it was excluded
    /// before any assessment (late, or at a gate).
    public var criteria: [CriterionAssessment]
    /// Points from scored criteria; `nil` when not assessed on them.
    public var qualityPoints: Rational?
    /// Points from priced criteria; `nil` when the price was not scored.
    public var pricePoints: Rational?
    /// Total points; `nil` when excluded.
    public var totalPoints: Rational?

    /// Creates an assessed tender.
    public init(
        bid: BidID, tenderer: Tenderer, isRecommended: Bool, outcome: Outcome, criteria: [CriterionAssessment],
        qualityPoints: Rational?, pricePoints: Rational?, totalPoints: Rational?
    ) {
        self.bid = bid
        self.tenderer = tenderer
        self.isRecommended = isRecommended
        self.outcome = outcome
        self.criteria = criteria
        self.qualityPoints = qualityPoints
        self.pricePoints = pricePoints
        self.totalPoints = totalPoints
    }

    /// The rank, when ranked.
    public var rank: Int? {
        if case let .ranked(rank) = outcome { return rank }
        return nil
    }
}

/// A bid's result on one criterion, with the explanation a summary gives.
public struct CriterionAssessment: Equatable, Sendable {
    /// Why the score is what it is.
    public enum Explanation: Equatable, Sendable {
        /// Agreed at moderation: the panel's recorded reason.
        case consensus(reason: String)
        /// Not moderated: the plan's aggregate (median or mean) of this many evaluators' scores.
        case aggregate(ScoreDetail.Basis, evaluators: Int)
        /// A price scored by the criterion's formula.
        case priceFormula(PriceFormula)
        /// The sum of the sub-criteria's points.
        case sumOfSubCriteria
    }

    /// The criterion.
    public var criterion: CriterionID
    /// The score used on the criterion's scale (exact; a mean may fall between scale values);
    /// `nil` for a priced criterion or a parent.
    public var score: Rational?
    /// The scale's maximum, for a scored criterion.
    public var scaleMaximum: Decimal?
    /// The points earned, as the evaluation used them (after the plan's rounding where declared).
    public var points: Rational
    /// The price scored, for a priced criterion of the summary's own bid; `nil` for the most
    /// advantageous tender in another tenderer's summary (its price is not disclosed).
    public var price: Money?
    /// The explanation.
    public var explanation: Explanation

    /// Creates a criterion result.
    public init(
        criterion: CriterionID, score: Rational?, scaleMaximum: Decimal?, points: Rational, price: Money? = nil,
        explanation: Explanation
    ) {
        self.criterion = criterion
        self.score = score
        self.scaleMaximum = scaleMaximum
        self.points = points
        self.price = price
        self.explanation = explanation
    }
}

/// Why assessment summaries cannot be derived.
public enum AssessmentSummaryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The recommendation names a lot the evaluation does not have.
    case lotNotEvaluated(LotID)
    /// The recommendation names a bid the lot's evaluation does not rank first.
    case recommendedNotRankedFirst(lot: LotID, bid: BidID)

    /// The problem, for people.
    public var description: String {
        switch self {
        case let .lotNotEvaluated(lot):
            "error: the award recommendation names lot \(lot), which the evaluation does not have"
        case let .recommendedNotRankedFirst(lot, bid):
            "error: the award recommendation for lot \(lot) names \(bid), which the evaluation does not rank first"
                + " alone; record the award again on the current results"
        }
    }
}

extension AssessmentSummary {
    /// Derives one summary per bid in each lot that has a recommended bid, in plan order of lots
    /// and result order of bids (ranked by rank, then excluded by ID).
    ///
    /// Pure: the same inputs give the same summaries.
    ///
    /// - Parameters:
    ///   - plan: The evaluation plan (criteria, weights, scales, rounding).
    ///   - result: The evaluation as recorded.
    ///   - moderations: The moderation records (for the consensus reasons).
    ///   - recommended: The recommended bid per lot (the latest `award-recommended` entry standing
    ///     on these results). Lots without one get no summaries.
    /// - Returns: The summaries.
    /// - Throws: ``AssessmentSummaryError`` when a recommendation names a lot not evaluated, or a
    ///   bid that is not ranked first alone (reg 31(2) concerns the most advantageous tender).
    public static func derive(
        plan: TenderPlan, result: EvaluationResult, moderations: [Moderation], recommended: [LotID: BidID]
    ) throws(AssessmentSummaryError) -> [AssessmentSummary] {
        for lot in recommended.keys.sorted() where !result.lots.contains(where: { $0.lot == lot }) {
            throw .lotNotEvaluated(lot)
        }
        var summaries: [AssessmentSummary] = []
        for evaluation in result.lots {
            guard let winnerID = recommended[evaluation.lot], let lot = plan.lot(evaluation.lot) else { continue }
            guard evaluation.leaders.map(\.bid) == [winnerID],
                let winnerEvaluation = evaluation.bids.first(where: { $0.bid == winnerID })
            else { throw .recommendedNotRankedFirst(lot: evaluation.lot, bid: winnerID) }
            let reasons = consensusReasons(moderations, lot: evaluation.lot)
            let criteria = summaryCriteria(lot, plan: plan)
            let formulas = Dictionary(
                lot.pricedCriteria.compactMap { criterion -> (CriterionID, PriceFormula)? in
                    if case let .price(formula) = criterion.method { return (criterion.id, formula) }
                    return nil
                }, uniquingKeysWith: { first, _ in first })
            let ownWinner = assessed(winnerEvaluation, recommended: winnerID, reasons: reasons, formulas: formulas)
            var winner = ownWinner
            for index in winner.criteria.indices { winner.criteria[index].price = nil }
            for bid in evaluation.bids {
                let tender =
                    bid.bid == winnerID
                    ? ownWinner : assessed(bid, recommended: winnerID, reasons: reasons, formulas: formulas)
                summaries.append(
                    AssessmentSummary(
                        planID: plan.id, title: plan.title, contractingAuthority: plan.contractingAuthority,
                        lot: lot.id, lotTitle: lot.title, pointsAvailable: evaluation.pointsAvailable,
                        weighting: lot.criteria.weighting, rounding: plan.rules.rounding, criteria: criteria,
                        tender: tender, winner: bid.bid == winnerID ? nil : winner))
            }
        }
        return summaries
    }

    private static func consensusReasons(_ moderations: [Moderation], lot: LotID) -> [String: String] {
        var reasons: [String: String] = [:]
        for moderation in moderations where moderation.lot == lot {
            for consensus in moderation.consensus {
                reasons[consensus.bid.rawValue + "\u{0}" + consensus.criterion.rawValue] = consensus.reason
            }
        }
        return reasons
    }

    private static func summaryCriteria(_ lot: Lot, plan: TenderPlan) -> [SummaryCriterion] {
        var lines: [SummaryCriterion] = []
        func visit(_ level: CriteriaSet, worth: Rational, parent: CriterionID?, depth: Int) {
            let total = Rational(level.total)
            for criterion in level.criteria {
                let share = total.isZero ? Rational.zero : worth * Rational(criterion.weight ?? 0) / total
                let assessment: SummaryCriterion.Assessment
                switch criterion.method {
                case let .scale(scale): assessment = .scale(scale, plan.scales[scale]?.points ?? [])
                case let .price(formula): assessment = .price(formula)
                case .subCriteria, .unstated: assessment = .subCriteria
                case let .fixedPrice(fixed): assessment = .fixedPrice(fixed)
                }
                lines.append(
                    SummaryCriterion(
                        id: criterion.id, parent: parent, depth: depth,
                        name: criterion.displayName(language: plan.source?.language), weight: criterion.weight,
                        weighting: level.weighting, maximumPoints: share, minimumScore: criterion.minimumScore,
                        assessment: assessment))
                if case let .subCriteria(set) = criterion.method {
                    visit(set, worth: share, parent: criterion.id, depth: depth + 1)
                }
            }
        }
        visit(lot.criteria, worth: Rational(lot.criteria.total), parent: nil, depth: 0)
        return lines
    }

    private static func assessed(
        _ bid: BidEvaluation, recommended: BidID, reasons: [String: String], formulas: [CriterionID: PriceFormula]
    ) -> AssessedTender {
        var criteria: [CriterionAssessment] = []
        func visit(_ evaluation: CriterionEvaluation) {
            switch evaluation.detail {
            case let .score(detail):
                let explanation: CriterionAssessment.Explanation
                if detail.basis == .moderated {
                    explanation = .consensus(
                        reason: reasons[bid.bid.rawValue + "\u{0}" + evaluation.criterion.rawValue] ?? "")
                } else {
                    explanation = .aggregate(detail.basis, evaluators: detail.individual.count)
                }
                criteria.append(
                    CriterionAssessment(
                        criterion: evaluation.criterion, score: detail.value, scaleMaximum: detail.scaleMaximum,
                        points: evaluation.points.used, explanation: explanation))
            case let .price(price):
                criteria.append(
                    CriterionAssessment(
                        criterion: evaluation.criterion, score: nil, scaleMaximum: nil, points: evaluation.points.used,
                        price: price, explanation: .priceFormula(formulas[evaluation.criterion] ?? .lowestPriceRatio)))
            case let .lifeCycleCost(cost):
                // The life-cycle cost as an amount when it has a finite decimal form (undiscounted
                // models); a discounted one is shown by its points only, never rounded here.
                let amount =
                    cost.total.hasFiniteDecimalForm
                    ? Money(text: cost.total.exactText, currency: cost.currency) : nil
                criteria.append(
                    CriterionAssessment(
                        criterion: evaluation.criterion, score: nil, scaleMaximum: nil, points: evaluation.points.used,
                        price: amount,
                        explanation: .priceFormula(formulas[evaluation.criterion] ?? .lowestPriceRatio)))
            case .subCriteria:
                criteria.append(
                    CriterionAssessment(
                        criterion: evaluation.criterion, score: nil, scaleMaximum: nil, points: evaluation.points.used,
                        explanation: .sumOfSubCriteria))
                evaluation.children.forEach(visit)
            }
        }
        bid.criteria.forEach(visit)
        let outcome: AssessedTender.Outcome
        switch bid.status {
        case let .ranked(rank): outcome = .ranked(rank)
        case let .excluded(exclusion): outcome = .excluded(exclusion)
        }
        return AssessedTender(
            bid: bid.bid, tenderer: bid.tenderer, isRecommended: bid.bid == recommended, outcome: outcome,
            criteria: criteria, qualityPoints: bid.qualityPoints?.used, pricePoints: bid.pricePoints?.used,
            totalPoints: bid.totalPoints?.used)
    }
}

/// One figure a summary shows, keyed so that a rendered summary can be read back and compared:
/// which bid, which criterion (none for a bid's totals and rank), which quantity, and its exact
/// value as text.
public struct SummaryFigure: Hashable, Sendable, CustomStringConvertible {
    /// The quantity.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The score used on a criterion's scale.
        case score
        /// The points earned on a criterion.
        case points
        /// The price scored on a priced criterion (own bid only).
        case price
        /// Points from scored criteria.
        case qualityPoints = "quality-points"
        /// Points from priced criteria.
        case pricePoints = "price-points"
        /// Total points.
        case totalPoints = "total-points"
        /// The rank.
        case rank
    }

    /// The bid.
    public var bid: BidID
    /// The criterion; `nil` for totals and rank.
    public var criterion: CriterionID?
    /// The quantity.
    public var kind: Kind
    /// The exact value: ``Rational/exactText`` (`64.58`, `640/19`), a money amount as the bid
    /// wrote it (`448750.00`), or a rank (`2`).
    public var value: String

    /// Creates a figure.
    public init(bid: BidID, criterion: CriterionID?, kind: Kind, value: String) {
        self.bid = bid
        self.criterion = criterion
        self.kind = kind
        self.value = value
    }

    /// The figure without its value: `BID-001 AC-1 points`, `BID-001 total-points`.
    public var key: String {
        [bid.rawValue, criterion?.rawValue, kind.rawValue].compactMap { $0 }.joined(separator: " ")
    }

    /// `BID-001 AC-1 points = 15`.
    public var description: String { "\(key) = \(value)" }
}

extension AssessmentSummary {
    /// Every figure the summary shows: for its own bid, then for the most advantageous tender
    /// when different, each criterion's score (scored criteria), points and price (own bid's
    /// priced criteria), then quality, price and total points, then the rank.
    public var figures: [SummaryFigure] {
        Self.figures(of: tender) + (winner.map { Self.figures(of: $0) } ?? [])
    }

    /// The figures of one assessed tender, in the order ``figures`` lists them.
    public static func figures(of tender: AssessedTender) -> [SummaryFigure] {
        var figures: [SummaryFigure] = []
        for line in tender.criteria {
            if let score = line.score {
                figures.append(.init(bid: tender.bid, criterion: line.criterion, kind: .score, value: score.exactText))
            }
            figures.append(
                .init(bid: tender.bid, criterion: line.criterion, kind: .points, value: line.points.exactText))
            if let price = line.price {
                figures.append(.init(bid: tender.bid, criterion: line.criterion, kind: .price, value: price.text))
            }
        }
        let totals: [(SummaryFigure.Kind, Rational?)] = [
            (.qualityPoints, tender.qualityPoints), (.pricePoints, tender.pricePoints),
            (.totalPoints, tender.totalPoints),
        ]
        for case let (kind, value?) in totals {
            figures.append(.init(bid: tender.bid, criterion: nil, kind: kind, value: value.exactText))
        }
        if let rank = tender.rank {
            figures.append(.init(bid: tender.bid, criterion: nil, kind: .rank, value: String(rank)))
        }
        return figures
    }

    /// How a figure is shown to people: points and scores with the plan's rounding places when it
    /// declares rounding and the value has at most that many decimals (`15.00`), otherwise exact
    /// when finite (`2.5`), otherwise to two places with `≈` (`≈33.68` for 640/19). Money and
    /// ranks are shown as their exact text.
    public func displayText(_ figure: SummaryFigure) -> String {
        switch figure.kind {
        case .price, .rank: return figure.value
        case .score: return Rational(exactText: figure.value).map(Self.plainText) ?? figure.value
        case .points, .qualityPoints, .pricePoints, .totalPoints:
            guard let value = Rational(exactText: figure.value) else { return figure.value }
            if let rounding, !value.fixedText(places: rounding.places).contains("/") {
                return value.fixedText(places: rounding.places)
            }
            return Self.plainText(value)
        }
    }

    private static func plainText(_ value: Rational) -> String {
        value.hasFiniteDecimalForm ? value.exactText : "≈" + value.approximateText(places: 2)
    }
}
