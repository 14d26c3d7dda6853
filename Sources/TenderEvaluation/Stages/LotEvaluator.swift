import Foundation
import TenderConcurrency
import TenderModel

/// Evaluates one lot. Problems found along the way (a missing score, a spread that needs
/// moderation) are collected in ``problems``; the caller throws them.
struct LotEvaluator {
    let plan: TenderPlan
    let lot: Lot
    let documents: CaseDocuments
    let process: ProcessFacts
    /// How many threads score the bids (``ParallelWork``): each bid's scores and points are its own.
    let workers: Int
    var problems: [EvaluationProblem] = []
    /// Each criterion's share of the lot's points (its parent's share × its weight ÷ its level's
    /// total; the top level is worth the lot's total), by criterion ID (unique in a lot, by the
    /// plan's schema): the same for every bid, so computed once.
    private let shares: [CriterionID: Rational]
    /// The place of each value that is a point of one of the plan's scales among all of them,
    /// ascending (scores are points of a scale): finding the lowest and highest of a bid's scores
    /// compares these integers, not `Decimal`s.
    private let pointIndex: [Decimal: Int]
    /// The value at each place of ``pointIndex`` as an exact number.
    private let exactPoints: [Rational]
    /// `differences[high][low]`: the value at place `high` minus the value at place `low` (a
    /// spread), subtracted once.
    private let differences: [[Decimal]]
    /// The lot's scored criteria whose scale the plan has, with the scale's maximum: what
    /// aggregating a bid's scores reads for each, found once rather than once per bid.
    private let scoredCriteria: [(id: CriterionID, scaleMaximum: Decimal)]
    /// The place of each of ``scoredCriteria`` by its ID.
    private let scoredPlace: [CriterionID: Int]

    init(
        plan: TenderPlan, lot: Lot, documents: CaseDocuments, process: ProcessFacts = ProcessFacts(),
        workers: Int = ParallelWork.defaultWorkers
    ) {
        self.plan = plan
        self.workers = workers
        self.lot = lot
        self.documents = documents
        self.process = process
        var shares: [CriterionID: Rational] = [:]
        func divide(_ level: CriteriaSet, worth: Rational) {
            let total = Rational(level.total)
            // Points weightings summing to 0 are refused at readiness, before any bid is scored.
            guard !total.isZero else { return }
            for criterion in level.criteria {
                let share = worth * Rational(criterion.weight ?? 0) / total
                shares[criterion.id] = share
                if case let .subCriteria(set) = criterion.method { divide(set, worth: share) }
            }
        }
        divide(lot.criteria, worth: Rational(lot.criteria.total))
        self.shares = shares
        let points = Set(plan.scales.values.flatMap { $0.points.map(\.value) }).sorted()
        exactPoints = points.map { Rational($0) }
        pointIndex = Dictionary(uniqueKeysWithValues: points.enumerated().map { ($1, $0) })
        differences = points.map { high in points.map { low in high - low } }
        scoredCriteria = lot.scoredCriteria.compactMap { criterion in
            guard case let .scale(scaleID) = criterion.method, let scale = plan.scales[scaleID] else { return nil }
            return (criterion.id, scale.maximum)
        }
        scoredPlace = Dictionary(
            scoredCriteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A bid in progress through the stages. Its scores per criterion and its criterion points are
    /// not kept: they are made again from the score sheets when needed (``criteria(of:stage:benchmarks:)``),
    /// so that a lot of ten thousand bids does not hold four hundred thousand criterion evaluations.
    struct Working: Sendable {
        var bid: Bid
        var lotBid: LotBid
        var gates: [GateOutcome]
        var exclusion: Exclusion?
        /// Exact price per priced criterion (not life-cycle cost criteria).
        var prices: [CriterionID: Money] = [:]
        /// The life-cycle cost per life-cycle cost criterion.
        var costs: [CriterionID: LifeCycleCostDetail] = [:]
        /// Quality points (exact and as used), once scored: what prices per quality point divide by.
        var quality: PointsValue?
        var price: PointsValue?
        var total: PointsValue?
        var flags: [Flag] = []
        /// How far the bid got, which says which points its criteria show.
        var stage: CriteriaStage = .none
        /// Its place in the lot's bids (by ID), once every stage is done.
        var position = 0
    }

    /// Which points a bid's criteria show, by how far it got.
    enum CriteriaStage: Sendable {
        /// Left before scoring (late, or at a gate): none.
        case none
        /// Scored, and excluded before price scoring (a minimum score or threshold, max-pass, rejected
        /// as abnormally low), or not yet priced: the scored criteria only.
        case scored
        /// Admissible: scored and priced criteria.
        case priced
    }

    mutating func evaluate() -> LotEvaluation {
        let bids = documents.bids.filter { $0.lotBid(lot.id) != nil }.sorted { $0.id < $1.id }
        var working: [Working] = bids.compactMap { bid in
            guard let lotBid = bid.lotBid(lot.id) else { return nil }
            var lateness: Exclusion?
            if let late = process.lateBids[bid.id] {
                lateness = Exclusion(stage: .lateSubmission, reason: late)
            } else if let deadline = plan.submissionDeadline, let submitted = bid.submittedAt, submitted > deadline {
                lateness = Exclusion(
                    stage: .lateSubmission,
                    reason: "the bid was submitted at \(submitted), after the submission deadline \(deadline)")
            }
            // A late bid leaves before the gates: none is assessed (its declarations are not read).
            let gates =
                lateness != nil
                ? []
                : plan.gates.map { gate -> GateOutcome in
                    if gate.isDecidedByESPD, let request = documents.espdRequest {
                        return ESPDGateDecider(request: request).decide(
                            gate, response: documents.espdResponses[bid.id], expectedPath: "espd/\(bid.id).xml",
                            decisions: process.selfCleaningDecisions[bid.id] ?? [:])
                    }
                    guard let declaration = bid.declaration(for: gate.id) else {
                        return GateOutcome(gate: gate.id, outcome: .notDeclared)
                    }
                    return GateOutcome(gate: gate.id, outcome: declaration.meets ? .passed : .failed)
                }
            var item = Working(bid: bid, lotBid: lotBid, gates: gates)
            let quoted = lot.quotedCriteria
            for criterion in quoted {
                if let model = criterion.lifeCycleCost {
                    if let quote = lotBid.lifeCycleCosts.first(where: {
                        $0.criterion == criterion.id || ($0.criterion == nil && quoted.count == 1)
                    }), let currency = plan.currency,
                        let cost = LifeCycleCosting.cost(quote, model: model, currency: currency)
                    {
                        item.costs[criterion.id] = cost
                    }
                } else if let quote = lotBid.prices.first(where: {
                    $0.criterion == criterion.id || ($0.criterion == nil && quoted.count == 1)
                }) {
                    item.prices[criterion.id] = quote.amount
                }
            }
            let failed = gates.filter { $0.outcome != .passed }
            if let lateness {
                item.exclusion = lateness
            } else {
                var reasons: [String] = []
                if !failed.isEmpty {
                    let gateReasons = failed.map { outcome -> String in
                        let name = plan.gates.first { $0.id == outcome.gate }?.name ?? outcome.gate.rawValue
                        if !outcome.reasons.isEmpty {
                            let verdict =
                                switch outcome.outcome {
                                case .missing: "leaves gate \(outcome.gate) (\(name)) unanswered in its ESPD"
                                case .needsDecision: "cannot pass gate \(outcome.gate) (\(name)) without a decision"
                                default: "does not meet gate \(outcome.gate) (\(name)) by its ESPD"
                                }
                            return verdict + ": " + outcome.reasons.joined(separator: "; ")
                        }
                        return outcome.outcome == .failed
                            ? "declares it does not meet gate \(outcome.gate) (\(name))"
                            : "makes no declaration for gate \(outcome.gate) (\(name))"
                    }
                    reasons.append("the tenderer " + gateReasons.joined(separator: "; "))
                }
                reasons += fixedPriceFailures(item)
                if !reasons.isEmpty {
                    item.exclusion = Exclusion(stage: .gate, reason: reasons.joined(separator: "; "))
                }
            }
            return item
        }

        // Scores and the minimum quality thresholds, for bids past the gates: each bid on its own
        // (on every core), its problems in bid order.
        // The lot's bids are held once at a time and once more while a stage makes their next form
        // (at ten thousand bids each copy is some 8 MB): the form before is let go as the next is made.
        let evaluator = self
        do {
            let scored = ParallelWork.map(working.count, workers: workers) { [working] index in
                var item = working[index]
                let problems = item.exclusion == nil ? evaluator.scoreBid(&item) : []
                return (item, problems)
            }
            working = []
            working.reserveCapacity(scored.count)
            for (item, found) in scored {
                working.append(item)
                problems += found
            }
        }

        // Bids the authority rejected as abnormally low leave before the benchmark: in this lot, when their
        // price here is the one the screen flags. A bid for several lots may be abnormally low in one only.
        let rejected = rejectedAsAbnormallyLow(working)
        for index in working.indices where working[index].exclusion == nil {
            if rejected.contains(working[index].bid.id),
                let decision = process.abnormallyLowDecisions[working[index].bid.id]
            {
                working[index].exclusion = Exclusion(
                    stage: .abnormallyLowRejected,
                    reason: "the contracting authority rejected the bid as abnormally low: \(decision.reason)")
            }
        }

        // Published max-pass thresholds: only the best N on the criterion go on to price scoring.
        applyMaximumPassing(&working)

        // Price benchmarks from admissible bids only, then price points.
        var benchmarks: [PriceBenchmark] = []
        do {
            let admissible = working.filter { $0.exclusion == nil }
            for criterion in lot.pricedCriteria {
                guard case let .price(formula) = criterion.method else { continue }
                benchmarks.append(benchmark(for: criterion, formula: formula, admissible: admissible))
            }
        }
        working = ParallelWork.map(working.count, workers: workers) { [working, benchmarks] index in
            var item = working[index]
            if item.exclusion == nil { evaluator.complete(&item, benchmarks: benchmarks) }
            return item
        }

        let screens = screenAbnormallyLow(&working)
        for index in working.indices { working[index].position = index }
        let criteria = LotCriteria(evaluator: self, benchmarks: benchmarks, bids: working)
        let (ranked, ties) = rank(working, criteria: criteria)
        let excluded = working.lazy.filter { $0.exclusion != nil }.map { item in
            BidEvaluation(
                bid: item.bid.id, tenderer: item.bid.tenderer, gates: item.gates,
                criteria: .deferred(criteria, position: item.position), qualityPoints: item.quality, pricePoints: nil,
                totalPoints: nil, status: .excluded(item.exclusion ?? Exclusion(stage: .gate, reason: "")),
                flags: item.flags)
        }
        return LotEvaluation(
            lot: lot.id, pointsAvailable: Rational(lot.criteria.total), benchmarks: benchmarks,
            abnormallyLowScreens: screens, bids: ranked + excluded, ties: ties,
            weightingChecks: TenderPlan.publishedWeightingChecks(of: lot))
    }

    // MARK: - Price benchmarks

    /// The price, or the life-cycle cost, a bid is scored on for a priced criterion.
    private func value(_ item: Working, _ criterion: CriterionID) -> Rational? {
        item.prices[criterion]?.exact ?? item.costs[criterion]?.total
    }

    /// What `formula` needs from the admissible bids: the lowest and highest price or life-cycle
    /// cost, their mean, or the lowest price per quality point (docs/0006-price-and-cost-formulas.md).
    private func benchmark(for criterion: Criterion, formula: PriceFormula, admissible: [Working]) -> PriceBenchmark {
        let values = admissible.compactMap { item in value(item, criterion.id).map { (bid: item.bid.id, value: $0) } }
        let lowestValue = values.map(\.value).min()
        let highestValue = values.map(\.value).max()
        let lowestBids = lowestValue.map { low in values.filter { $0.value == low }.map(\.bid) } ?? []
        let quotes = admissible.compactMap { item in item.prices[criterion.id] }
        let lowestMoney = quotes.min { $0.amount < $1.amount }
        let highestMoney = quotes.max { $0.amount < $1.amount }
        let isCost = criterion.lifeCycleCost != nil
        var result = PriceBenchmark(
            criterion: criterion.id, formula: formula, lowest: nil, lowestBids: [], highest: nil,
            admissibleBids: values.count)
        switch formula {
        case .lowestPriceRatio, .linearLowestToHighest:
            result.lowest = isCost ? nil : lowestMoney
            result.lowestBids = lowestBids
            result.lowestCost = isCost ? lowestValue : nil
            if formula == .linearLowestToHighest {
                result.highest = isCost ? nil : highestMoney
                result.highestCost = isCost ? highestValue : nil
            }
        case .linearBetweenBounds:
            break
        case .relativeToAverage:
            if !values.isEmpty {
                result.mean = values.reduce(Rational.zero) { $0 + $1.value } / Rational(values.count)
            }
        case .pricePerQualityPoint:
            let ratios = admissible.compactMap { item -> (bid: BidID, ratio: Rational)? in
                guard let price = value(item, criterion.id), let quality = item.quality?.unrounded, quality > .zero
                else { return nil }
                return (item.bid.id, price / quality)
            }
            let lowestRatio = ratios.map(\.ratio).min()
            result.lowestPricePerQualityPoint = lowestRatio
            result.lowestBids = lowestRatio.map { low in ratios.filter { $0.ratio == low }.map(\.bid) } ?? []
        }
        return result
    }

    // MARK: - Scores and thresholds

    /// The bid's exact score on each scored criterion, from its evaluators' score sheets (the plan's
    /// median or mean) or the lot's moderation (the consensus score), with the problems found: a
    /// missing score, too few sheets, a spread that needs moderation. The same for the same sheets,
    /// so it is made again wherever a bid's criterion points are needed rather than kept.
    private func aggregate(_ item: Working) -> (scores: [CriterionID: ScoreDetail], problems: [EvaluationProblem]) {
        var problems: [EvaluationProblem] = []
        var scores: [CriterionID: ScoreDetail] = [:]
        let sheets = documents.sheets[lot.id]?[item.bid.id] ?? []
        let consensus = documents.consensus[lot.id]?[item.bid.id] ?? [:]
        // The sheets in evaluator order (so each criterion's scores come in that order), and where
        // each first scores each scored criterion (``ScoreSheet/score(for:)``), found in one pass
        // over the sheet rather than one search per criterion.
        let ordered = sheets.sorted { $0.evaluator < $1.evaluator }
        let firsts = ordered.map { sheet in
            var places = [Int?](repeating: nil, count: scoredCriteria.count)
            let scores = sheet.scores
            for offset in scores.indices {
                if let place = scoredPlace[scores.criterion(at: offset)], places[place] == nil {
                    places[place] = offset
                }
            }
            return places
        }
        for place in scoredCriteria.indices {
            let criterion = scoredCriteria[place]
            var scored: [CriterionScore] = []
            var individual: [IndividualScore] = []
            scored.reserveCapacity(ordered.count)
            individual.reserveCapacity(ordered.count)
            for (index, sheet) in ordered.enumerated() {
                guard let offset = firsts[index][place] else { continue }
                let score = sheet.scores[offset]
                scored.append(score)
                individual.append(IndividualScore(evaluator: sheet.evaluator, value: score.value))
            }
            if let minimum = plan.rules.aggregation?.minimumSheets, individual.count < minimum {
                problems.append(
                    EvaluationProblem(
                        location: item.lotBid.location,
                        message:
                            "criterion \(criterion.id) of bid \(item.bid.id) has \(individual.count) independent score"
                            + " sheet(s); the plan requires at least \(minimum) (<Aggregation minimumSheets>)"))
            }
            // Each score's place among the scales' points; a value on no scale (refused before
            // evaluation) would take the exact arithmetic below.
            let places = individual.compactMap { pointIndex[$0.value] }
            let spread: Decimal?
            let exact: [Rational]
            if places.count == individual.count, let low = places.min(), let high = places.max() {
                spread = differences[high][low]
                exact = places.map { exactPoints[$0] }
            } else {
                let values = individual.map(\.value)
                spread = values.max().flatMap { high in values.min().map { high - $0 } }
                exact = values.map { Rational($0) }
            }
            if let agreed = consensus[criterion.id] {
                scores[criterion.id] = ScoreDetail(
                    value: Rational(agreed.score), basis: .moderated, scaleMaximum: criterion.scaleMaximum,
                    individual: individual, spread: spread)
            } else if !individual.isEmpty {
                if let limit = plan.rules.aggregation?.maximumSpread, let spread, spread > limit {
                    let values = individual.map(\.value)
                    let highest = scored.max { $0.value < $1.value }?.location ?? item.lotBid.location
                    problems.append(
                        EvaluationProblem(
                            location: highest,
                            message:
                                "the evaluators' scores for bid \(item.bid.id) on criterion \(criterion.id) range from"
                                + " \(values.min() ?? 0) to \(values.max() ?? 0) (spread \(spread), above the plan's maximum"
                                + " \(limit)); moderation is required: record a consensus score in moderation/\(lot.id).xml"
                        ))
                }
                let method = plan.rules.aggregation?.method ?? .median
                scores[criterion.id] = ScoreDetail(
                    value: method.aggregate(exact), basis: method == .median ? .median : .mean,
                    scaleMaximum: criterion.scaleMaximum, individual: individual, spread: spread)
            } else {
                problems.append(
                    EvaluationProblem(
                        location: item.lotBid.location,
                        message:
                            "criterion \(criterion.id) of bid \(item.bid.id) has no score: no evaluator's score sheet"
                            + " scores it and moderation/\(lot.id).xml records no consensus score"))
            }
        }
        return (scores, problems)
    }

    /// Scores the bid (``aggregate(_:)``) and applies the minimum scores, points and the lot's
    /// quality threshold. - Returns: The problems found (a missing score, too few sheets, a spread
    /// that needs moderation).
    private func scoreBid(_ item: inout Working) -> [EvaluationProblem] {
        let (scores, problems) = aggregate(item)
        item.stage = .scored
        var belowMinimum: [String] = []
        for criterion in lot.scoredCriteria {
            if let minimum = criterion.minimumScore, let detail = scores[criterion.id], detail.value < Rational(minimum)
            {
                belowMinimum.append(
                    "scores \(detail.value.exactText) on criterion \(criterion.id), below its minimum of \(minimum)")
            }
        }
        let evaluations = criterionPoints(item, scores: scores, benchmarks: [])
        // Minimum points on a criterion (a published min-score applied in weighted points).
        for criterion in lot.allCriteria {
            guard let minimum = criterion.minimumPoints,
                let points = Self.find(criterion.id, in: evaluations)?.points.unrounded
            else { continue }
            if points < Rational(minimum) {
                belowMinimum.append(
                    "earns \(points.exactText) points on criterion \(criterion.id), below its minimum of \(minimum)"
                        + " points")
            }
        }
        // Quality points (exact) now, for the lot's threshold; price points come after the benchmark.
        let quality = qualityPoints(evaluations, complete: lot.scoredCriteria.allSatisfy { scores[$0.id] != nil })
        item.quality = quality
        if let threshold = lot.qualityThreshold, let quality, quality.unrounded < Rational(threshold.value) {
            belowMinimum.append(
                "has \(quality.unrounded.exactText) quality points, below the lot's threshold of \(threshold.value)")
        }
        if !belowMinimum.isEmpty {
            item.exclusion = Exclusion(
                stage: .qualityThreshold, reason: "the bid " + belowMinimum.joined(separator: "; "))
        }
        return problems
    }

    /// The bid's exact score on each scored criterion it has one for, in plan order (depth first),
    /// at `stage`: the `.score` leaves of ``criteria(of:stage:benchmarks:)``, without their points.
    func scoreDetails(of item: Working, stage: CriteriaStage) -> [(CriterionID, ScoreDetail)] {
        guard stage != .none else { return [] }
        let scores = aggregate(item).scores
        return scoredCriteria.compactMap { criterion in scores[criterion.id].map { (criterion.id, $0) } }
    }

    /// The bid's criterion points at `stage` (what its ``BidEvaluation/criteria`` shows), made from
    /// its score sheets and quotes: none before scoring, the scored criteria, or every criterion
    /// with price points against `benchmarks`.
    func criteria(of item: Working, stage: CriteriaStage, benchmarks: [PriceBenchmark]) -> [CriterionEvaluation] {
        switch stage {
        case .none: []
        case .scored: criterionPoints(item, scores: aggregate(item).scores, benchmarks: [])
        case .priced: criterionPoints(item, scores: aggregate(item).scores, benchmarks: benchmarks)
        }
    }

    /// The evaluation of `criterion` anywhere in the tree.
    private static func find(_ criterion: CriterionID, in evaluations: [CriterionEvaluation]) -> CriterionEvaluation? {
        for evaluation in evaluations {
            if evaluation.criterion == criterion { return evaluation }
            if let inner = find(criterion, in: evaluation.children) { return inner }
        }
        return nil
    }

    // MARK: - Fixed prices and max-pass

    /// Why the bid fails the price gate of each fixed-price criterion: its price must equal the
    /// fixed total (`fix-tot`) or unit price (`fix-unit`) exactly. Source: Directive 2014/24/EU
    /// Art. 67(2), last subparagraph (the cost element may take the form of a fixed price, on which
    /// tenderers compete on quality criteria only); eForms BT-5422.
    private func fixedPriceFailures(_ item: Working) -> [String] {
        lot.fixedPriceCriteria.compactMap { criterion -> String? in
            guard case let .fixedPrice(fixed) = criterion.method, let price = item.prices[criterion.id] else {
                return nil
            }
            guard price.currency != fixed.amount.currency || price.amount != fixed.amount.amount else { return nil }
            let what = fixed.basis == .total ? "fixed total price" : "fixed unit price"
            return "the bid's price \(price) for criterion \(criterion.id) differs from the \(what) \(fixed.amount)"
                + " (\(fixed.code)); the price is fixed, so tenderers compete on quality alone and a bid must quote"
                + " exactly the fixed price"
        }
    }

    /// Applies each criterion's ``Criterion/maximumPassing`` in plan order: among the bids still in,
    /// those with fewer (unrounded) points on the criterion than the N-th best leave at the quality
    /// threshold stage; bids tied with the N-th best all pass, with a flag when that lets more than N
    /// through. Source: eForms BT-5423 `max-pass` ("Maximum number of tenders passing").
    private func applyMaximumPassing(_ working: inout [Working]) {
        for criterion in lot.allCriteria {
            guard let limit = criterion.maximumPassing else { continue }
            let standing = working.indices.compactMap { index -> (Int, Rational)? in
                guard working[index].exclusion == nil else { return nil }
                let evaluations = criteria(of: working[index], stage: .scored, benchmarks: [])
                return Self.find(criterion.id, in: evaluations).map { (index, $0.points.unrounded) }
            }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : working[$0.0].bid.id < working[$1.0].bid.id }
            guard standing.count > limit else { continue }
            let cutoff = standing[limit - 1].1
            let passing = standing.filter { $0.1 >= cutoff }
            for entry in standing where entry.1 < cutoff {
                let index = entry.0
                // Competition position: 1 + the bids with more points (equal points share a position).
                let position = 1 + standing.filter { $0.1 > entry.1 }.count
                working[index].exclusion = Exclusion(
                    stage: .qualityThreshold,
                    reason: "the bid earns \(entry.1.exactText) points on criterion \(criterion.id), position"
                        + " \(position) of \(standing.count); only the \(limit) bid(s) with the most points on it pass"
                        + " to price scoring (max-pass \(limit); the last passing bid earns \(cutoff.exactText))")
            }
            if passing.count > limit {
                let tied = passing.filter { $0.1 == cutoff }
                let ids = tied.map { working[$0.0].bid.id.rawValue }.sorted().joined(separator: ", ")
                for entry in tied {
                    working[entry.0].flags.append(
                        Flag(
                            code: "max-pass-tie",
                            message: "\(tied.count) bids (\(ids)) tie at \(cutoff.exactText) points on criterion"
                                + " \(criterion.id) at the max-pass limit of \(limit); all of them pass, so \(passing.count)"
                                + " bids pass instead of \(limit)"))
                }
            }
        }
    }

    /// Quality points of a scored bid from its criterion points, or `nil` if a score is missing
    /// (`complete` false).
    private func qualityPoints(_ evaluations: [CriterionEvaluation], complete: Bool) -> PointsValue? {
        guard complete else { return nil }
        var used = Rational.zero
        var unrounded = Rational.zero
        func add(_ evaluation: CriterionEvaluation) {
            switch evaluation.detail {
            case .score:
                used += evaluation.points.used
                unrounded += evaluation.points.unrounded
            case .price, .lifeCycleCost: break
            case .subCriteria: evaluation.children.forEach(add)
            }
        }
        evaluations.forEach(add)
        return PointsValue(used: used, unrounded: unrounded)
    }

    // MARK: - Points

    /// The criterion tree's points for a bid. Priced leaves are included only when their benchmark
    /// is given (after the thresholds).
    private func criterionPoints(
        _ item: Working, scores: [CriterionID: ScoreDetail], benchmarks: [PriceBenchmark]
    ) -> [CriterionEvaluation] {
        let leafRounding = plan.rules.rounding.flatMap { $0.stage == .criterionPoints ? $0 : nil }
        func points(_ level: CriteriaSet) -> [CriterionEvaluation] {
            level.criteria.compactMap { criterion -> CriterionEvaluation? in
                let share = shares[criterion.id] ?? .zero
                func leaf(_ exact: Rational, _ detail: CriterionEvaluation.Detail) -> CriterionEvaluation {
                    let used = leafRounding.map { exact.rounded(places: $0.places, mode: $0.mode) } ?? exact
                    return CriterionEvaluation(
                        criterion: criterion.id, points: PointsValue(used: used, unrounded: exact), detail: detail,
                        children: [])
                }
                switch criterion.method {
                case .scale:
                    guard let score = scores[criterion.id] else { return nil }
                    let maximum = Rational(score.scaleMaximum)
                    let exact = maximum.isZero ? Rational.zero : share * score.value / maximum
                    return leaf(exact, .score(score))
                case let .price(formula):
                    guard let price = value(item, criterion.id),
                        let benchmark = benchmarks.first(where: { $0.criterion == criterion.id })
                    else { return nil }
                    guard
                        let exact = pricePoints(
                            price: price, quality: item.quality?.unrounded, formula: formula, benchmark: benchmark,
                            worth: share, accepted: criterion.acceptedPrices)
                    else {
                        return nil
                    }
                    if let cost = item.costs[criterion.id] { return leaf(exact, .lifeCycleCost(cost)) }
                    guard let quote = item.prices[criterion.id] else { return nil }
                    return leaf(exact, .price(quote))
                case let .subCriteria(set):
                    let children = points(set)
                    let used = children.reduce(Rational.zero) { $0 + $1.points.used }
                    let unrounded = children.reduce(Rational.zero) { $0 + $1.points.unrounded }
                    return CriterionEvaluation(
                        criterion: criterion.id, points: PointsValue(used: used, unrounded: unrounded),
                        detail: .subCriteria, children: children)
                case .fixedPrice:
                    // No points: the price is a gate. The quoted price is kept for the record.
                    guard let price = item.prices[criterion.id] else { return nil }
                    return leaf(.zero, .price(price))
                case .unstated:
                    return nil
                }
            }
        }
        return points(lot.criteria)
    }

    private func pricePoints(
        price: Rational, quality: Rational?, formula: PriceFormula, benchmark: PriceBenchmark, worth: Rational,
        accepted: AcceptedPrices
    ) -> Rational? {
        do {
            switch formula {
            case .lowestPriceRatio:
                guard let lowest = benchmark.lowestValue else { return nil }
                return try PriceScoring.lowestPriceRatio(price: price, lowest: lowest, available: worth)
            case .linearLowestToHighest:
                guard let lowest = benchmark.lowestValue, let highest = benchmark.highestValue else { return nil }
                return try PriceScoring.linearLowestToHighest(
                    price: price, lowest: lowest, highest: highest, available: worth, accepted: accepted)
            case let .linearBetweenBounds(full, zero):
                return try PriceScoring.linearBetweenBounds(
                    price: price, fullPointsAt: full.exact, zeroPointsAt: zero.exact, available: worth,
                    accepted: accepted)
            case .relativeToAverage:
                guard let mean = benchmark.mean else { return nil }
                return try PriceScoring.relativeToAverage(price: price, mean: mean, available: worth)
            case .pricePerQualityPoint:
                guard let quality else { return nil }
                guard let lowest = benchmark.lowestPricePerQualityPoint else {
                    // No admissible bid has quality points: no price per quality point is finite.
                    return .zero
                }
                return try PriceScoring.pricePerQualityPoint(
                    price: price, quality: quality, lowestRatio: lowest, available: worth)
            }
        } catch {
            // Prices were checked against what the criterion accepts, readiness refuses formulas that
            // divide by prices when zero or negative prices are accepted, and benchmarks come from the
            // same prices; unreachable.
            return nil
        }
    }

    /// Fills in criterion, price and total points for an admissible bid.
    private func complete(_ item: inout Working, benchmarks: [PriceBenchmark]) {
        item.stage = .priced
        // Only the priced leaves' points are summed here: the scores are not needed.
        let criteria = criterionPoints(item, scores: [:], benchmarks: benchmarks)
        var priceUsed = Rational.zero
        var priceExact = Rational.zero
        func add(_ evaluation: CriterionEvaluation) {
            switch evaluation.detail {
            case .price, .lifeCycleCost:
                priceUsed += evaluation.points.used
                priceExact += evaluation.points.unrounded
            case .score: break
            case .subCriteria: evaluation.children.forEach(add)
            }
        }
        criteria.forEach(add)
        let price = PointsValue(used: priceUsed, unrounded: priceExact)
        item.price = lot.pricedCriteria.isEmpty ? nil : price
        let quality = item.quality ?? PointsValue(exact: .zero)
        let exactTotal = quality.unrounded + price.unrounded
        var usedTotal = quality.used + price.used
        if let rounding = plan.rules.rounding, rounding.stage == .total {
            usedTotal = exactTotal.rounded(places: rounding.places, mode: rounding.mode)
        }
        item.total = PointsValue(used: usedTotal, unrounded: exactTotal)
    }

    // MARK: - Abnormally low tenders

    /// The bids whose rejection as abnormally low applies in this lot: each bid the authority rejected
    /// that the plan's screen flags in this lot among the admissible bids without the other rejected
    /// ones (the screen it was flagged by before its own rejection; removing other low bids only raises
    /// a mean or median basis, so a bid flagged once stays flagged). A decision is recorded per bid, so
    /// in a lot where the bid's price is not abnormally low the rejection does not apply; without a
    /// screen, a rejection applies in every lot (it was flagged somewhere).
    /// Source: Directive 2014/24/EU Art. 69(1) and (3) (the tender whose price appears abnormally low).
    private func rejectedAsAbnormallyLow(_ working: [Working]) -> Set<BidID> {
        let rejected = Set(
            working.filter { item in
                item.exclusion == nil && process.abnormallyLowDecisions[item.bid.id].map { !$0.isAccepted } == true
            }.map(\.bid.id))
        guard !rejected.isEmpty else { return [] }
        guard let screen = plan.rules.abnormallyLowScreen else { return rejected }
        var applies: Set<BidID> = []
        for bid in rejected {
            let pool = working.filter { $0.exclusion == nil && ($0.bid.id == bid || !rejected.contains($0.bid.id)) }
            for criterion in lot.pricedCriteria {
                let prices = pool.compactMap { value($0, criterion.id) }.sorted()
                let basis: Rational? =
                    switch screen.basis {
                    case .mean: prices.isEmpty ? nil : Aggregation.Method.mean.aggregate(prices)
                    case .median: prices.isEmpty ? nil : Aggregation.Method.median.aggregate(prices)
                    case .estimatedValue: (lot.estimatedValue ?? plan.estimatedValue).map(\.exact)
                    }
                guard let basis,
                    let price = pool.first(where: { $0.bid.id == bid }).flatMap({ value($0, criterion.id) })
                else { continue }
                if price < basis * Rational(screen.belowPercent) / Rational(100) { applies.insert(bid) }
            }
        }
        return applies
    }

    private func screenAbnormallyLow(_ working: inout [Working]) -> [AbnormallyLowScreenResult] {
        guard let screen = plan.rules.abnormallyLowScreen else { return [] }
        var results: [AbnormallyLowScreenResult] = []
        for criterion in lot.pricedCriteria {
            let admissible = working.indices.filter {
                working[$0].exclusion == nil && value(working[$0], criterion.id) != nil
            }
            let prices = admissible.compactMap { value(working[$0], criterion.id) }.sorted()
            let basis: Rational?
            switch screen.basis {
            case .mean:
                basis = prices.isEmpty ? nil : Aggregation.Method.mean.aggregate(prices)
            case .median:
                basis = prices.isEmpty ? nil : Aggregation.Method.median.aggregate(prices)
            case .estimatedValue:
                basis = (lot.estimatedValue ?? plan.estimatedValue).map(\.exact)
            }
            guard let basis else { continue }
            let threshold = basis * Rational(screen.belowPercent) / Rational(100)
            var flagged: [BidID] = []
            for index in admissible {
                guard let price = value(working[index], criterion.id), price < threshold else { continue }
                flagged.append(working[index].bid.id)
                let priceText =
                    working[index].prices[criterion.id].map { "price \($0.text)" }
                    ?? "life-cycle cost \(price.approximateText(places: 2))"
                let below =
                    "\(priceText) for criterion \(criterion.id) is below \(screen.belowPercent)% of the"
                    + " \(screen.basis.rawValue) (\(basis.approximateText(places: 2))), i.e. below"
                    + " \(threshold.approximateText(places: 2))"
                let message =
                    if let decision = process.abnormallyLowDecisions[working[index].bid.id], decision.isAccepted {
                        below + "; the contracting authority accepted the tenderer's explanation: \(decision.reason)"
                    } else {
                        below + ": the tenderer must be asked to explain it before the bid is rejected or awarded"
                            + " (Directive 2014/24/EU Art. 69)"
                    }
                working[index].flags.append(Flag(code: "abnormally-low", message: message))
            }
            results.append(
                AbnormallyLowScreenResult(
                    criterion: criterion.id, screen: screen, basisValue: basis, threshold: threshold, flagged: flagged))
        }
        return results
    }

    // MARK: - Ranking

    private func rank(_ working: [Working], criteria: LotCriteria) -> ([BidEvaluation], [Tie]) {
        // The admissible bids by total (highest first); bids with equal totals stay grouped, by ID for
        // stability. Held as places in `working`, not copies of the bids.
        let byTotal = working.indices.filter { working[$0].exclusion == nil }.sorted {
            let left = working[$0].total?.used ?? .zero
            let right = working[$1].total?.used ?? .zero
            return left != right ? left > right : working[$0].bid.id < working[$1].bid.id
        }
        var evaluations: [BidEvaluation] = []
        evaluations.reserveCapacity(byTotal.count)
        var ties: [Tie] = []
        var next = 0
        while next < byTotal.count {
            let start = next
            let startRank = start + 1
            let groupTotal = working[byTotal[start]].total?.used
            var end = start + 1
            while end < byTotal.count, working[byTotal[end]].total?.used == groupTotal { end += 1 }
            next = end
            if end - start == 1 {
                evaluations.append(evaluation(working[byTotal[start]], rank: startRank, criteria: criteria))
                continue
            }
            let group = byTotal[start..<end].map { working[$0] }
            let (ordered, resolved) = breakTie(group, benchmarks: criteria.benchmarks)
            var rank = startRank
            for (offset, subgroup) in ordered.enumerated() {
                if offset > 0 { rank = startRank + ordered[..<offset].reduce(0) { $0 + $1.count } }
                for item in subgroup.sorted(by: { $0.bid.id < $1.bid.id }) {
                    evaluations.append(evaluation(item, rank: rank, criteria: criteria))
                }
            }
            let ids = group.map(\.bid.id).sorted()
            let total = group[0].total?.used.exactText ?? "0"
            let explanation: String
            if plan.rules.tieBreak.isEmpty {
                explanation =
                    "equal totals of \(total); the plan declares no tie-break, so they share rank \(startRank)"
            } else if resolved {
                explanation =
                    "equal totals of \(total), separated by the plan's tie-break ("
                    + plan.rules.tieBreak.map(\.description).joined(separator: ", ") + ")"
            } else {
                explanation =
                    "equal totals of \(total), not separated by the plan's tie-break ("
                    + plan.rules.tieBreak.map(\.description).joined(separator: ", ")
                    + "); the bids still equal share a rank"
            }
            ties.append(Tie(rank: startRank, bids: ids, resolved: resolved, explanation: explanation))
        }
        return (evaluations, ties)
    }

    /// Splits a group with equal totals into ordered subgroups by the plan's tie-break rules.
    /// `resolved` is true when every subgroup holds one bid.
    private func breakTie(_ group: [Working], benchmarks: [PriceBenchmark]) -> ([[Working]], Bool) {
        var subgroups = [group]
        for rule in plan.rules.tieBreak {
            subgroups = subgroups.flatMap { subgroup -> [[Working]] in
                guard subgroup.count > 1 else { return [subgroup] }
                let keyed = subgroup.map { (item: $0, key: tieKey($0, rule, benchmarks: benchmarks)) }
                let keys = Set(keyed.map(\.key)).sorted(by: >)
                return keys.map { key in keyed.filter { $0.key == key }.map(\.item) }
            }
        }
        return (subgroups, subgroups.allSatisfy { $0.count == 1 })
    }

    /// A key where larger is better under `rule`.
    private func tieKey(_ item: Working, _ rule: TieBreakRule, benchmarks: [PriceBenchmark]) -> Rational {
        switch rule {
        case .highestQualityPoints:
            return item.quality?.used ?? .zero
        case .lowestPrice:
            return -lot.pricedCriteria.compactMap { value(item, $0.id) }.reduce(Rational.zero, +)
        case let .highestCriterionPoints(criterion):
            let evaluations = criteria(of: item, stage: item.stage, benchmarks: benchmarks)
            return Self.find(criterion, in: evaluations)?.points.used ?? .zero
        }
    }

    private func evaluation(_ item: Working, rank: Int, criteria: LotCriteria) -> BidEvaluation {
        BidEvaluation(
            bid: item.bid.id, tenderer: item.bid.tenderer, gates: item.gates,
            criteria: .deferred(criteria, position: item.position),
            qualityPoints: lot.scoredCriteria.isEmpty ? nil : item.quality, pricePoints: item.price,
            totalPoints: item.total, status: .ranked(rank), flags: item.flags)
    }
}

/// A lot's bids as evaluated, from which each bid's criterion points are made again when asked
/// (``BidEvaluation/criteria``): the evaluator (plan, lot, score sheets, moderation) and the price
/// benchmarks. Immutable once made.
final class LotCriteria: Sendable {
    let evaluator: LotEvaluator
    let benchmarks: [PriceBenchmark]
    /// The lot's bids, each at its ``LotEvaluator/Working/position``.
    let bids: [LotEvaluator.Working]

    init(evaluator: LotEvaluator, benchmarks: [PriceBenchmark], bids: [LotEvaluator.Working]) {
        self.evaluator = evaluator
        self.benchmarks = benchmarks
        self.bids = bids
    }

    /// The criterion points of the bid at `position`: the same as when it was evaluated.
    func criteria(at position: Int) -> [CriterionEvaluation] {
        let item = bids[position]
        return evaluator.criteria(of: item, stage: item.stage, benchmarks: benchmarks)
    }

    /// The `.score` leaves of ``criteria(at:)``, depth first, without the points.
    func scoreDetails(at position: Int) -> [(CriterionID, ScoreDetail)] {
        let item = bids[position]
        return evaluator.scoreDetails(of: item, stage: item.stage)
    }
}
