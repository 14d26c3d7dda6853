public import TenderEvaluation
public import TenderModel

/// The ranking per lot as versioned JSON, for scripts (`tender evaluate --format json`): what the
/// ranking table shows, with exact values. Format `tendertrail-evaluation`, version 1; keys sorted.
///
/// Points are objects `{"used": …, "unrounded": …}` of exact strings (``Rational/exactText``:
/// `"84.4"`, or `"640/19"` when there is no finite decimal form); `used` is what ranks (rounded
/// where the plan declares rounding). Money is a decimal string with its currency.
public enum EvaluationJSON {
    /// The format identifier written in every document.
    public static let format = "tendertrail-evaluation"
    /// The version; changes that remove or rename fields increase it.
    public static let version = 1

    struct Document: Encodable {
        var format = EvaluationJSON.format
        var version = EvaluationJSON.version
        var plan: String
        var lots: [LotJSON]
    }

    struct LotJSON: Encodable {
        var lot: String
        var title: String
        var pointsAvailable: String
        var bids: [BidJSON]
        var priceBenchmarks: [BenchmarkJSON]
        var ties: [TieJSON]
        var consistency: ConsistencyJSON
        /// Present only when the lot has weightings published as a range or an order of importance.
        var weightingChecks: [WeightingCheckJSON]?
    }

    /// ``PanelConsistency``: `tolerance` (scale units, or null), `spreads` (each bid and scored
    /// criterion), `evaluators` (bias as an exact string, `biasUnit` `scale-points` or
    /// `share-of-scale`, `flatScore` or null).
    struct ConsistencyJSON: Encodable {
        var tolerance: String?
        var spreads: [SpreadJSON]
        var evaluators: [EvaluatorJSON]

        enum CodingKeys: String, CodingKey { case tolerance, spreads, evaluators }

        /// `tolerance` is written as `null` when the plan sets none (not left out).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tolerance, forKey: .tolerance)
            try container.encode(spreads, forKey: .spreads)
            try container.encode(evaluators, forKey: .evaluators)
        }

        init(_ consistency: PanelConsistency) {
            tolerance = consistency.tolerance.map { "\($0)" }
            spreads = consistency.spreads.map { row in
                SpreadJSON(
                    bid: row.bid.rawValue, criterion: row.criterion.rawValue, lowest: "\(row.lowest)",
                    highest: "\(row.highest)", spread: "\(row.spread)", scoreUsed: row.scoreUsed.exactText,
                    basis: row.basis.rawValue, aboveTolerance: row.isAboveTolerance)
            }
            evaluators = consistency.evaluators.map { row in
                EvaluatorJSON(
                    evaluator: row.evaluator.rawValue, scores: row.scores, bias: row.bias.exactText,
                    biasUnit: row.scaleMaximum == nil ? "share-of-scale" : "scale-points",
                    flatScore: row.flatScore.map { "\($0)" })
            }
        }
    }

    struct SpreadJSON: Encodable {
        var bid: String
        var criterion: String
        var lowest: String
        var highest: String
        var spread: String
        var scoreUsed: String
        var basis: String
        var aboveTolerance: Bool
    }

    struct EvaluatorJSON: Encodable {
        var evaluator: String
        var scores: Int
        var bias: String
        var biasUnit: String
        var flatScore: String?

        enum CodingKeys: String, CodingKey { case evaluator, scores, bias, biasUnit, flatScore }

        /// `flatScore` is written as `null` when there is none (not left out).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(evaluator, forKey: .evaluator)
            try container.encode(scores, forKey: .scores)
            try container.encode(bias, forKey: .bias)
            try container.encode(biasUnit, forKey: .biasUnit)
            try container.encode(flatScore, forKey: .flatScore)
        }
    }

    struct WeightingCheckJSON: Encodable {
        var criterion: String
        var kind: String
        var code: String
        var published: String
        var spread: String?
        var weight: String
        var weighting: String
        var consistent: Bool
        var explanation: String
    }

    struct BidJSON: Encodable {
        var bid: String
        var tenderer: String
        var rank: Int?
        var status: String
        var exclusion: ExclusionJSON?
        var qualityPoints: PointsJSON?
        var pricePoints: PointsJSON?
        var totalPoints: PointsJSON?
        var flags: [FlagJSON]
    }

    struct PointsJSON: Encodable {
        var used: String
        var unrounded: String
        init(_ value: PointsValue) {
            used = value.used.exactText
            unrounded = value.unrounded.exactText
        }
    }

    struct ExclusionJSON: Encodable {
        var stage: String
        var reason: String
    }

    struct FlagJSON: Encodable {
        var code: String
        var message: String
    }

    struct BenchmarkJSON: Encodable {
        var criterion: String
        var formula: String
        var lowest: String?
        var lowestBids: [String]
        var highest: String?
        var admissibleBids: Int
        /// Life-cycle cost criteria: the lowest and highest admissible life-cycle cost, exact.
        var lowestCost: String?
        var highestCost: String?
        /// `relative-to-average`: the mean of the admissible prices, exact.
        var mean: String?
        /// `price-per-quality-point`: the lowest admissible price per quality point, exact.
        var lowestPricePerQualityPoint: String?
        /// For a relative formula: that it is susceptible to rank reversal (docs/0006).
        var rankReversalWarning: String?
    }

    struct TieJSON: Encodable {
        var rank: Int
        var bids: [String]
        var resolved: Bool
        var explanation: String
    }

    /// Renders `result`, evaluated under `plan`.
    public static func render(_ result: EvaluationResult, plan: TenderPlan) -> String {
        JSONText.encode(document(result, plan: plan))
    }

    static func document(_ result: EvaluationResult, plan: TenderPlan) -> Document {
        Document(
            plan: result.planID,
            lots: result.lots.map { lot in
                LotJSON(
                    lot: lot.lot.rawValue, title: plan.lot(lot.lot)?.title ?? "",
                    pointsAvailable: lot.pointsAvailable.exactText,
                    bids: lot.bids.map { bid in
                        var status = "ranked"
                        var exclusion: ExclusionJSON?
                        if case let .excluded(excluded) = bid.status {
                            status = "excluded"
                            exclusion = ExclusionJSON(stage: excluded.stage.rawValue, reason: excluded.reason)
                        } else if lot.isInUnresolvedTie(bid.bid) {
                            status = "tied"
                        }
                        return BidJSON(
                            bid: bid.bid.rawValue, tenderer: bid.tenderer.name, rank: bid.rank, status: status,
                            exclusion: exclusion, qualityPoints: bid.qualityPoints.map(PointsJSON.init),
                            pricePoints: bid.pricePoints.map(PointsJSON.init),
                            totalPoints: bid.totalPoints.map(PointsJSON.init),
                            flags: bid.flags.map { FlagJSON(code: $0.code, message: $0.message) })
                    },
                    priceBenchmarks: lot.benchmarks.map { benchmark in
                        BenchmarkJSON(
                            criterion: benchmark.criterion.rawValue, formula: benchmark.formula.name,
                            lowest: benchmark.lowest?.description, lowestBids: benchmark.lowestBids.map(\.rawValue),
                            highest: benchmark.highest?.description, admissibleBids: benchmark.admissibleBids,
                            lowestCost: benchmark.lowestCost?.exactText, highestCost: benchmark.highestCost?.exactText,
                            mean: benchmark.mean?.exactText,
                            lowestPricePerQualityPoint: benchmark.lowestPricePerQualityPoint?.exactText,
                            rankReversalWarning: benchmark.formula.isRelative
                                ? RankingTable.rankReversalText(benchmark.formula) : nil)
                    },
                    ties: lot.ties.map { tie in
                        TieJSON(
                            rank: tie.rank, bids: tie.bids.map(\.rawValue), resolved: tie.resolved,
                            explanation: tie.explanation)
                    },
                    consistency: ConsistencyJSON(
                        PanelConsistency.compute(lot, aggregation: plan.rules.aggregation)),
                    weightingChecks: lot.weightingChecks.isEmpty
                        ? nil
                        : lot.weightingChecks.map { check in
                            WeightingCheckJSON(
                                criterion: check.criterion.rawValue, kind: check.kind.rawValue,
                                code: check.published.code ?? "", published: check.published.number,
                                spread: check.published.spread.map { "\($0)" }, weight: "\(check.weight)",
                                weighting: check.weighting.rawValue, consistent: check.isConsistent,
                                explanation: check.explanation)
                        })
            })
    }
}
