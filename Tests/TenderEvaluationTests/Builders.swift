import Foundation
import TenderEvaluation
import TenderModel
import Testing

// Small builders for hand-made evaluation inputs. Every location is made up but distinct, so that
// error messages can be pinned to a file and line.

/// An exact decimal from its text (never through `Double`).
func dec(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        preconditionFailure("not a decimal literal: \(text)")
    }
    return value
}

/// The rational `numerator ÷ denominator`, for writing hand-computed expectations.
func q(_ numerator: Int, _ denominator: Int = 1) -> Rational { Rational(numerator) / Rational(denominator) }

/// An amount in euros.
func eur(_ text: String) -> Money {
    guard let money = Money(text: text, currency: "EUR") else { preconditionFailure("not an amount: \(text)") }
    return money
}

/// A location in a case file.
func at(_ path: String, _ line: Int) -> FileLocation { FileLocation(path: path, line: line) }

enum Build {
    static let lotID: LotID = "LOT-1"
    static let scaleID: ScaleID = "Q04"

    /// The integer scale 0, 1, 2, 3, 4.
    static let scale04 = ScoringScale(
        id: scaleID,
        points: ["0", "1", "2", "3", "4"].map { ScoringScale.Point(value: dec($0), descriptor: "level \($0)") },
        location: at("tender.xml", 4))

    /// Three quality evaluators and a lead who does not score.
    static let panel: [PanelMember] = [
        PanelMember(id: "EV-1", name: "Ann", roles: [.qualityEvaluator]),
        PanelMember(id: "EV-2", name: "Bo", roles: [.qualityEvaluator]),
        PanelMember(id: "EV-3", name: "Cy", roles: [.qualityEvaluator, .moderator]),
        PanelMember(id: "LEAD", name: "Di", roles: [.lead]),
    ]

    static func scored(
        _ id: CriterionID, weight: String?, scale: ScaleID = scaleID, minimumScore: String? = nil, line: Int
    ) -> Criterion {
        Criterion(
            id: id, type: "quality", names: ["ENG": "Quality \(id)"], descriptions: [:], weight: weight.map(dec),
            method: .scale(scale), minimumScore: minimumScore.map(dec), published: [], location: at("tender.xml", line))
    }

    static func priced(
        _ id: CriterionID, weight: String?, formula: PriceFormula = .lowestPriceRatio, line: Int
    ) -> Criterion {
        Criterion(
            id: id, type: "price", names: ["ENG": "Price"], descriptions: [:], weight: weight.map(dec),
            method: .price(formula), minimumScore: nil, published: [], location: at("tender.xml", line))
    }

    static func parent(_ id: CriterionID, weight: String?, children: CriteriaSet, line: Int) -> Criterion {
        Criterion(
            id: id, type: "quality", names: ["ENG": "Group \(id)"], descriptions: [:], weight: weight.map(dec),
            method: .subCriteria(children), minimumScore: nil, published: [], location: at("tender.xml", line))
    }

    static func unstated(_ id: CriterionID, weight: String?, line: Int) -> Criterion {
        Criterion(
            id: id, type: "quality", names: [:], descriptions: [:], weight: weight.map(dec), method: .unstated,
            minimumScore: nil, published: [], location: at("tender.xml", line))
    }

    static func level(_ weighting: WeightingKind, _ criteria: [Criterion], line: Int) -> CriteriaSet {
        CriteriaSet(weighting: weighting, criteria: criteria, location: at("tender.xml", line))
    }

    static func lot(
        _ criteria: CriteriaSet, id: LotID = lotID, qualityThreshold: String? = nil, estimatedValue: Money? = nil,
        line: Int = 10
    ) -> Lot {
        Lot(
            id: id, kind: .lot, title: "Lot \(id)", members: [], estimatedValue: estimatedValue, criteria: criteria,
            qualityThreshold: qualityThreshold.map { Located(dec($0), at: at("tender.xml", line + 1)) },
            location: at("tender.xml", line))
    }

    /// The usual lot: quality Q (60 %, scale 0–4) and price P (40 %, by `formula`).
    static func standardLot(
        _ id: LotID = lotID, formula: PriceFormula = .lowestPriceRatio, quality: String = "60", price: String = "40",
        minimumScore: String? = nil, qualityThreshold: String? = nil
    ) -> Lot {
        lot(
            level(
                .percent,
                [
                    scored("Q", weight: quality, minimumScore: minimumScore, line: 21),
                    priced("P", weight: price, formula: formula, line: 22),
                ], line: 20),
            id: id, qualityThreshold: qualityThreshold)
    }

    static let medianRules = EvaluationRules(aggregation: Aggregation(method: .median, maximumSpread: nil))

    static func plan(
        _ lots: [Lot], rules: EvaluationRules = medianRules, gates: [Gate] = [], panel: [PanelMember] = panel,
        estimatedValue: Money? = nil, currency: CurrencyCode? = "EUR"
    ) -> TenderPlan {
        TenderPlan(
            id: "PLAN-1", title: "Cleaning services", contractingAuthority: "Town of Example", currency: currency,
            submissionDeadline: Timestamp("2025-03-14T12:00:00+01:00"), estimatedValue: estimatedValue, source: nil,
            rules: rules, scales: [scaleID: scale04], panel: panel, gates: gates, lots: lots,
            location: at("tender.xml", 2))
    }

    /// A bid in `bids/<id>.xml`: the root on line 1, gate declarations from line 5, the lot bid on
    /// line 10 (line 20 for a second lot) and its price on the next line.
    static func bid(
        _ id: BidID, lot: LotID = lotID, price: String?, currency: CurrencyCode = "EUR",
        gates: [(GateID, Bool)] = []
    ) -> Bid {
        bid(id, lots: [(lot, price)], currency: currency, gates: gates)
    }

    static func bid(
        _ id: BidID, lots: [(LotID, String?)], currency: CurrencyCode = "EUR", gates: [(GateID, Bool)] = []
    ) -> Bid {
        let file = "bids/\(id).xml"
        let lotBids = lots.enumerated().map { index, entry in
            let line = 10 + 10 * index
            let prices =
                entry.1.map { text -> [PriceQuote] in
                    guard let amount = Money(text: text, currency: currency) else {
                        preconditionFailure("amount \(text)")
                    }
                    return [PriceQuote(amount: amount, criterion: nil, location: at(file, line + 1))]
                } ?? []
            return LotBid(lot: entry.0, prices: prices, responses: [:], location: at(file, line))
        }
        return Bid(
            id: id, tenderer: Tenderer(id: TendererID("T-\(id)"), name: "Tenderer \(id)", country: "IE"),
            submittedAt: Timestamp("2025-03-14T10:00:00+01:00"),
            gateDeclarations: gates.enumerated().map { index, entry in
                GateDeclaration(gate: entry.0, meets: entry.1, statement: "declared", location: at(file, 5 + index))
            },
            lotBids: lotBids, location: at(file, 1))
    }

    /// A score sheet in `scores/<evaluator>/<bid>.xml`: root on line 1, the n-th score on line 10 + n.
    static func sheet(
        _ evaluator: EvaluatorID, _ bid: BidID, lot: LotID = lotID, _ scores: [(CriterionID, String)]
    ) -> ScoreSheet {
        let file = "scores/\(evaluator)/\(bid).xml"
        return ScoreSheet(
            evaluator: evaluator, bid: bid, lot: lot, completedAt: Timestamp("2025-03-20T09:00:00Z"),
            scores: scores.enumerated().map { index, entry in
                CriterionScore(
                    criterion: entry.0, value: dec(entry.1), justification: "evidence on page \(index + 1)",
                    location: at(file, 10 + index))
            },
            location: at(file, 1))
    }

    /// Sheets from the given evaluators (EV-1, EV-2, … in order) scoring criterion Q of `bid`.
    static func sheets(_ bid: BidID, lot: LotID = lotID, q scores: [String]) -> [ScoreSheet] {
        scores.enumerated().map { index, score in sheet(EvaluatorID("EV-\(index + 1)"), bid, lot: lot, [("Q", score)]) }
    }

    /// A moderation record in `moderation/<lot>.xml`: root on line 1, the n-th score on line 10 + n.
    static func moderation(lot: LotID = lotID, _ scores: [(BidID, CriterionID, String)]) -> Moderation {
        let file = "moderation/\(lot).xml"
        return Moderation(
            lot: lot, heldAt: Timestamp(secondsSince1970: 1_742_907_600, offsetMinutes: 60),
            attendees: ["EV-1", "EV-2", "EV-3"],
            consensus: scores.enumerated().map { index, entry in
                ConsensusScore(
                    bid: entry.0, criterion: entry.1, score: dec(entry.2), reason: "agreed after discussion",
                    location: at(file, 10 + index))
            },
            location: at(file, 1))
    }

    static func input(
        _ plan: TenderPlan, bids: [Bid], sheets: [ScoreSheet] = [], moderations: [Moderation] = []
    ) -> EvaluationInput {
        EvaluationInput(plan: plan, bids: bids, scoreSheets: sheets, moderations: moderations)
    }
}

extension LotEvaluation {
    /// The evaluation of `bid`; records an issue when it is missing.
    func bid(_ id: BidID, sourceLocation: SourceLocation = #_sourceLocation) throws -> BidEvaluation {
        try #require(bids.first { $0.bid == id }, "no evaluation for bid \(id)", sourceLocation: sourceLocation)
    }

    /// The bids in result order.
    var order: [BidID] { bids.map(\.bid) }
    /// The ranks in result order (`nil` for excluded bids).
    var ranks: [Int?] { bids.map(\.rank) }
}

/// Evaluates, recording the error text when it unexpectedly throws.
func evaluateOK(_ input: EvaluationInput, sourceLocation: SourceLocation = #_sourceLocation) throws -> EvaluationResult
{
    do {
        return try evaluate(input)
    } catch {
        Issue.record("evaluate threw:\n\(error.description)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The first lot's evaluation.
func evaluateLot(_ input: EvaluationInput, sourceLocation: SourceLocation = #_sourceLocation) throws -> LotEvaluation {
    let result = try evaluateOK(input, sourceLocation: sourceLocation)
    return try #require(result.lots.first, sourceLocation: sourceLocation)
}

/// The error `evaluate` throws, or `nil` (with an issue recorded) when it does not throw.
func evaluationError(_ input: EvaluationInput, sourceLocation: SourceLocation = #_sourceLocation) -> EvaluationError? {
    #expect(throws: EvaluationError.self, sourceLocation: sourceLocation) { try evaluate(input) }
}
