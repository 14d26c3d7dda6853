import Foundation
public import TenderEvaluation
public import TenderModel

/// The score matrix as CSV for a spreadsheet: one row per bid × scored criterion × evaluator, with
/// each evaluator's score and justification, the moderated (consensus) score and its reason, and the
/// bid's points, price, rank and status.
///
/// Format (RFC 4180): UTF-8 without a byte-order mark; a header row; records end with CRLF (the last
/// one too); a field is enclosed in double quotes when it contains a comma, a double quote, CR or
/// LF, and a double quote inside it is doubled. Nothing else is changed: text (justifications,
/// names) is written verbatim, and a field that begins with `=`, `+`, `-` or `@` is not escaped, so
/// a spreadsheet may read such text as a formula — import the file as text columns, or review it,
/// when tenderers' names or evaluators' text may hold one.
///
/// Numbers are exact decimal text in the POSIX form (`448750.00`, `2.25`, `-3`): no thousands
/// separators, no exponent, never through binary floating point, whatever the locale. Money is
/// written as the bid states it. Points are written as `evidence/results.xml` writes them: to the
/// plan's declared decimal places where it rounds (`15.00`), exactly otherwise. A value that has no
/// finite decimal form (a mean score of 7/3, or unrounded points under a plan that rounds only the
/// total) is written as the exact fraction `n/d`, as in `evidence/results.xml`.
///
/// Rows, in this order: each lot in plan order; in it, every bid the evaluation lists for the lot
/// (ranked or excluded), by bid ID; for each, every scored leaf criterion (evaluated on a scale),
/// depth first in plan order; for each, every evaluator: the panel's quality evaluators in panel
/// order, then anyone else with a score sheet in the lot, by ID. So a lot has exactly bids ×
/// scored criteria × evaluators rows, and a missing score sheet shows as an empty `score` (a bid
/// excluded before scoring, a declared conflict of interest). Priced criteria have no evaluator
/// scores; their points are in `price_points`.
///
/// Columns (see ``header``):
///
/// - `lot`: the lot (or group of lots) ID.
/// - `bid`: the bid ID.
/// - `tenderer_id`, `tenderer`: the tenderer's ID and name, from the bid.
/// - `criterion`, `criterion_name`: the scored criterion's ID and name (in the notice's language,
///   else English).
/// - `criterion_weight`: its weight as the plan states it at its level: a percentage, or points of
///   the level's total; a sub-criterion's is its share of its parent's.
/// - `scale_maximum`: the top of the criterion's scale (a score of this earns the full weight).
/// - `evaluator`, `evaluator_name`: the evaluator's ID and name (from the panel).
/// - `score`: the evaluator's score from their score sheet; empty when they have no sheet for the bid.
/// - `justification`: the evaluator's justification, verbatim.
/// - `moderated_score`, `moderation_reason`: the consensus score agreed at moderation and its
///   reason; empty when none was recorded.
/// - `score_used`, `score_basis`: the score the evaluation used and where it came from
///   (`moderated`, `median` or `mean`); empty when the bid was not scored.
/// - `criterion_points`: the bid's weighted points on this criterion (weight × score ÷ scale
///   maximum, on the lot's points scale), as the evaluation uses them.
/// - `quality_points`, `price_points`, `total_points`: the bid's points; empty where the
///   evaluation computed none.
/// - `price`, `currency`: the bid's price for the lot as written (the exact sum when it quotes one
///   price per priced criterion); empty for a late bid, which was excluded unread.
/// - `rank`: the bid's rank in the lot (shared by an unresolved tie); empty when excluded.
/// - `status`: `ranked` or `excluded`.
/// - `exclusion_stage`, `exclusion_reason`: for an excluded bid, `late-submission`, `gate`,
///   `quality-threshold` or `abnormally-low-rejected`, and why.
/// - `flags`: flag codes for the authority (`abnormally-low`), separated by `; `.
///
/// Sources: RFC 4180 (Common Format and MIME Type for CSV Files); the values are those of the
/// evaluation (``EvaluationResult``), the score sheets and the moderation records.
public enum ScoreMatrixCSV {
    /// The header row's column names, in order (documented on the type).
    public static let header = [
        "lot", "bid", "tenderer_id", "tenderer", "criterion", "criterion_name", "criterion_weight", "scale_maximum",
        "evaluator", "evaluator_name", "score", "justification", "moderated_score", "moderation_reason", "score_used",
        "score_basis", "criterion_points", "quality_points", "price", "currency", "price_points", "total_points",
        "rank", "status", "exclusion_stage", "exclusion_reason", "flags",
    ]

    /// Renders the score matrix of `result`, evaluated under `plan` from these documents.
    ///
    /// - Parameters:
    ///   - plan: The plan the evaluation used.
    ///   - bids: The bids (for tenderers and prices).
    ///   - scoreSheets: Every score sheet (individual scores and justifications).
    ///   - moderations: Every moderation record (consensus scores and reasons).
    ///   - result: The evaluation.
    /// - Returns: The CSV text: the header and one record per row, each ending in CRLF.
    public static func render(
        plan: TenderPlan, bids: [Bid], scoreSheets: [ScoreSheet], moderations: [Moderation], result: EvaluationResult
    ) -> String {
        render(rows: rows(plan: plan, bids: bids, scoreSheets: scoreSheets, moderations: moderations, result: result))
    }

    /// Renders rows as CSV records (each field escaped, records ended by CRLF).
    public static func render(rows: [[String]]) -> String { rows.map(record).joined() }

    /// The rows of the score matrix, the header first, as unescaped fields: what
    /// ``render(plan:bids:scoreSheets:moderations:result:)`` writes.
    public static func rows(
        plan: TenderPlan, bids: [Bid], scoreSheets: [ScoreSheet], moderations: [Moderation], result: EvaluationResult
    ) -> [[String]] {
        var rows = [header]
        let places = plan.rules.rounding?.places
        let bidsByID = Dictionary(bids.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for lotResult in result.lots {
            guard let lot = plan.lot(lotResult.lot) else { continue }
            let sheets = scoreSheets.filter { $0.lot == lot.id }
            let consensus = moderations.filter { $0.lot == lot.id }.flatMap(\.consensus)
            let evaluators = evaluators(plan: plan, sheets: sheets)
            for bidResult in lotResult.bids.sorted(by: { $0.bid < $1.bid }) {
                let bidColumns = bidColumns(bidResult, lotBid: bidsByID[bidResult.bid]?.lotBid(lot.id), places: places)
                for criterion in lot.scoredCriteria {
                    let evaluation = find(criterion.id, in: bidResult.criteria)
                    var detail: ScoreDetail?
                    if case let .score(score)? = evaluation?.detail { detail = score }
                    let agreed = consensus.last { $0.bid == bidResult.bid && $0.criterion == criterion.id }
                    var scaleMaximum = ""
                    if case let .scale(scale) = criterion.method, let maximum = plan.scales[scale]?.maximum {
                        scaleMaximum = text(maximum)
                    }
                    for evaluator in evaluators {
                        let sheet = sheets.first { $0.evaluator == evaluator && $0.bid == bidResult.bid }
                        let score = sheet?.score(for: criterion.id)
                        rows.append(
                            [
                                lot.id.rawValue, bidResult.bid.rawValue, bidResult.tenderer.id.rawValue,
                                bidResult.tenderer.name, criterion.id.rawValue,
                                criterion.displayName(language: plan.source?.language),
                                criterion.weight.map(text) ?? "", scaleMaximum, evaluator.rawValue,
                                plan.member(evaluator)?.name ?? "", score.map { text($0.value) } ?? "",
                                score?.justification ?? "", agreed.map { text($0.score) } ?? "", agreed?.reason ?? "",
                                detail?.value.exactText ?? "", detail?.basis.rawValue ?? "",
                                evaluation.map { points($0.points, places: places) } ?? "",
                            ] + bidColumns)
                    }
                }
            }
        }
        return rows
    }

    /// One record: the fields escaped, separated by commas, ended by CRLF.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field as RFC 4180 writes it: enclosed in double quotes (with each double quote doubled)
    /// when it contains a comma, a double quote, CR or LF; otherwise as it is.
    static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The lot's evaluators: the panel's quality evaluators in panel order, then anyone else with a
    /// score sheet in the lot, by ID.
    private static func evaluators(plan: TenderPlan, sheets: [ScoreSheet]) -> [EvaluatorID] {
        let panel = plan.panel.filter { $0.roles.contains(.qualityEvaluator) }.map(\.id)
        let others = Set(sheets.map(\.evaluator)).subtracting(panel).sorted()
        return panel + others
    }

    /// The columns that describe the bid as a whole, from `quality_points` to `flags`.
    private static func bidColumns(_ bid: BidEvaluation, lotBid: LotBid?, places: Int?) -> [String] {
        var stage = ""
        var reason = ""
        var status = "ranked"
        if case let .excluded(exclusion) = bid.status {
            status = "excluded"
            stage = exclusion.stage.rawValue
            reason = exclusion.reason
        }
        var price = ""
        var currency = ""
        if stage != Exclusion.Stage.lateSubmission.rawValue, let quoted = lotBid.flatMap(priceText) {
            (price, currency) = quoted
        }
        return [
            bid.qualityPoints.map { points($0, places: places) } ?? "", price, currency,
            bid.pricePoints.map { points($0, places: places) } ?? "",
            bid.totalPoints.map { points($0, places: places) } ?? "", bid.rank.map(String.init) ?? "", status, stage,
            reason, bid.flags.map(\.code).joined(separator: "; "),
        ]
    }

    /// The bid's price for the lot: the amount as written when it quotes one price, the exact sum
    /// when it quotes several in one currency; `nil` when it quotes none or mixes currencies.
    static func priceText(_ lotBid: LotBid) -> (amount: String, currency: String)? {
        guard let first = lotBid.prices.first,
            lotBid.prices.allSatisfy({ $0.amount.currency == first.amount.currency })
        else { return nil }
        if lotBid.prices.count == 1 { return (first.amount.text, first.amount.currency.code) }
        let sum = lotBid.prices.reduce(Rational.zero) { $0 + $1.amount.exact }
        return (sum.exactText, first.amount.currency.code)
    }

    /// The evaluation of `criterion` anywhere in the tree.
    private static func find(_ criterion: CriterionID, in evaluations: [CriterionEvaluation]) -> CriterionEvaluation? {
        for evaluation in evaluations {
            if evaluation.criterion == criterion { return evaluation }
            if let found = find(criterion, in: evaluation.children) { return found }
        }
        return nil
    }

    /// Points as `evidence/results.xml` writes them: to the plan's decimal places where it rounds,
    /// exactly otherwise.
    private static func points(_ value: PointsValue, places: Int?) -> String {
        places.map { value.used.fixedText(places: $0) } ?? value.used.exactText
    }

    /// A `Decimal` as exact POSIX decimal text (`2.5`, `-3`), whatever the locale.
    private static func text(_ value: Decimal) -> String { Rational(value).exactText }
}
