import Foundation
public import TenderConcurrency
public import TenderModel

/// Evaluates a case: gates → scores → thresholds → price benchmark and points → totals → ranking →
/// ties → abnormally-low screen. A pure function of its input: the same documents, in any order,
/// give the same result.
///
/// Semantics (DESIGN §5):
/// - A bid must declare that it meets every gate of the plan; otherwise it is excluded before
///   scoring (Directive 2014/24/EU Art. 56–58).
/// - For each scored criterion the moderated (consensus) score counts; without one, the plan's
///   aggregation (median or mean) of the evaluators' scores, and a spread above the plan's
///   `maximumSpread` is an error: moderation is required.
/// - A leaf's points are `worth × score ÷ scale maximum` (scored) or the price formula's (priced),
///   where a criterion's worth is its parent's worth × its weight ÷ its level's total. Exact.
/// - A fixed price (`fix-tot`, `fix-unit`) is a gate: a bid quoting another price is excluded at
///   the gate stage; the criterion earns no points, so the tenders compete on quality alone.
/// - Minimum scores (on the scale or in points) and the lot's quality threshold are compared on
///   unrounded values; a bid below them is excluded before price scoring. Then a criterion's
///   `maximumPassing` (eForms `max-pass`) lets only the N bids with the most points on it through.
///   Price benchmarks come from the remaining (admissible) bids only.
/// - Rounding is applied only as the plan declares (each leaf's points, or the total).
/// - Bids are ranked by total points, highest first; equal totals go through the plan's tie-break
///   rules in order; bids still equal share a rank and the tie is reported. Never input order.
/// - The abnormally-low screen flags bids; flags never exclude (Directive 2014/24/EU Art. 69
///   requires an explanation first).
///
/// - Throws: ``EvaluationError/planNotReady(_:)`` when the plan cannot be evaluated yet;
///   ``EvaluationError/invalidInput(_:)`` with every inconsistency found (each with its file and
///   line): a zero or negative price, a score off the scale, a criterion without a score, an
///   unknown lot, bid, criterion, gate or evaluator, duplicate documents, a spread that requires
///   moderation.
///
/// - Parameter workers: How many threads score a lot's bids (``ParallelWork``); each bid's scores
///   and points are its own, so the result is the same for any number.
public func evaluate(
    _ input: EvaluationInput, workers: Int = ParallelWork.defaultWorkers
) throws(EvaluationError) -> EvaluationResult {
    let plan = input.plan
    let readiness = plan.readinessProblems()
    guard readiness.isEmpty else { throw .planNotReady(readiness) }

    var checker = InputChecker(input: input)
    checker.checkAll()
    guard checker.problems.isEmpty else { throw .invalidInput(checker.sortedProblems) }

    var problems: [EvaluationProblem] = []
    var lots: [LotEvaluation] = []
    for lot in plan.lots {
        var evaluator = LotEvaluator(
            plan: plan, lot: lot, documents: checker.documents, process: input.process, workers: workers)
        lots.append(evaluator.evaluate())
        problems += evaluator.problems
    }
    guard problems.isEmpty else {
        throw .invalidInput(problems.sorted(by: InputChecker.locationOrder))
    }
    return EvaluationResult(planID: plan.id, lots: lots)
}

/// The case's documents, deduplicated and sorted by identifier so that evaluation never depends on
/// file order.
struct CaseDocuments {
    var bids: [Bid] = []
    /// Score sheets by (lot, bid), each list sorted by evaluator.
    var sheets: [LotID: [BidID: [ScoreSheet]]] = [:]
    /// Consensus scores by lot, bid and criterion.
    var consensus: [LotID: [BidID: [CriterionID: ConsensusScore]]] = [:]
    /// The ESPD request, when the plan's gates refer to one and the case has it.
    var espdRequest: ESPDRequest?
    /// The ESPD responses by bid.
    var espdResponses: [BidID: ESPDResponse] = [:]
}

/// Cross-checks every document against the plan and against each other, collecting every problem.
struct InputChecker {
    let input: EvaluationInput
    var problems: [EvaluationProblem] = []
    var documents = CaseDocuments()

    init(input: EvaluationInput) { self.input = input }

    var plan: TenderPlan { input.plan }

    static func locationOrder(_ lhs: EvaluationProblem, _ rhs: EvaluationProblem) -> Bool {
        let left = lhs.location
        let right = rhs.location
        if left.path != right.path {
            return left.path.unicodeScalars.lexicographicallyPrecedes(right.path.unicodeScalars)
        }
        if left.line != right.line { return left.line < right.line }
        if (left.column ?? 0) != (right.column ?? 0) { return (left.column ?? 0) < (right.column ?? 0) }
        return lhs.message < rhs.message
    }

    var sortedProblems: [EvaluationProblem] { problems.sorted(by: Self.locationOrder) }

    mutating func problem(_ location: FileLocation, _ message: String) {
        problems.append(EvaluationProblem(location: location, message: message))
    }

    mutating func checkAll() {
        checkBids()
        checkScoreSheets()
        checkModerations()
        checkESPD()
    }

    // MARK: ESPD

    /// The plan's ESPD gates against the request, and each response against the bids.
    mutating func checkESPD() {
        problems += ESPDGateDecider.planProblems(plan, request: input.espdRequest)
        documents.espdRequest = input.espdRequest
        let bids = Set(input.bids.map(\.id))
        for (bid, response) in input.espdResponses.sorted(by: { $0.key < $1.key }) {
            guard bids.contains(bid) else {
                problem(response.location, "ESPD response for bid \(bid), which is not among the bids")
                continue
            }
            documents.espdResponses[bid] = response
        }
    }

    // MARK: Bids

    mutating func checkBids() {
        var seen: [BidID: FileLocation] = [:]
        for bid in input.bids.sorted(by: { ($0.id, $0.location.path) < ($1.id, $1.location.path) }) {
            if let first = seen[bid.id] {
                problem(bid.location, "bid ID \(bid.id) is already used by \(first.path); every bid needs its own ID")
                continue
            }
            seen[bid.id] = bid.location
            documents.bids.append(bid)
            for declaration in bid.gateDeclarations {
                guard let gate = plan.gates.first(where: { $0.id == declaration.gate }) else {
                    problem(
                        declaration.location, "declaration for gate \(declaration.gate), which the plan does not have")
                    continue
                }
                if gate.isDecidedByESPD {
                    problem(
                        declaration.location,
                        "declaration for gate \(gate.id), which is decided by the tenderer's ESPD response"
                            + " (espd/\(bid.id).xml), not by a declaration; remove it")
                }
            }
            for lotBid in bid.lotBids {
                guard let lot = plan.lot(lotBid.lot) else {
                    let known = plan.lots.map(\.id.rawValue).joined(separator: ", ")
                    problem(
                        lotBid.location, "bid for lot \(lotBid.lot), which the plan does not have (its lots: \(known))")
                    continue
                }
                checkCoverage(of: lotBid, bid: bid.id, lot: lot)
                checkPrices(of: lotBid, bid: bid.id, lot: lot)
                for criterion in lotBid.answeredCriteria where lot.criterion(criterion) == nil {
                    problem(lotBid.location, "response to criterion \(criterion), which lot \(lot.id) does not have")
                }
            }
        }
    }

    /// A combined bid for a group of lots covers exactly the group's members as the plan declares
    /// them (Directive 2014/24/EU Art. 46(3)); a bid for a single lot covers nothing else.
    mutating func checkCoverage(of lotBid: LotBid, bid: BidID, lot: Lot) {
        guard lot.kind == .group else {
            if !lotBid.covers.isEmpty {
                problem(
                    lotBid.location,
                    "bid \(bid) names lots its bid for lot \(lot.id) covers (<Covers>), but lot \(lot.id) is not a group"
                        + " of lots; a combined bid is made for a group of lots the plan declares")
            }
            return
        }
        let covered = Set(lotBid.covers)
        let members = Set(lot.members)
        guard covered != members else { return }
        let missing = lot.members.filter { !covered.contains($0) }.map(\.rawValue)
        let extra = lotBid.covers.filter { !members.contains($0) }.map(\.rawValue)
        var parts: [String] = []
        if !missing.isEmpty { parts.append("it does not cover \(missing.joined(separator: ", "))") }
        if !extra.isEmpty {
            parts.append("\(extra.joined(separator: ", ")) \(extra.count == 1 ? "is" : "are") not in the group")
        }
        let stated =
            lotBid.covers.isEmpty ? "names no lot" : "covers " + lotBid.covers.map(\.rawValue).joined(separator: ", ")
        problem(
            lotBid.location,
            "bid \(bid)'s combined bid for group of lots \(lot.id) \(stated), but the plan's group combines exactly"
                + " \(lot.members.map(\.rawValue).joined(separator: ", ")): \(parts.joined(separator: "; ")); a combined"
                + " bid names each lot of the group with <Covers lot=\"…\"/> and no other (Directive 2014/24/EU Art. 46(3))"
        )
    }

    mutating func checkPrices(of lotBid: LotBid, bid: BidID, lot: Lot) {
        let priced = lot.quotedCriteria
        /// The priced criterion a quote answers: the one it names, or the lot's only one.
        func answered(_ criterion: CriterionID?) -> Criterion? {
            if let criterion { return priced.first { $0.id == criterion } }
            return priced.count == 1 ? priced[0] : nil
        }
        for quote in lotBid.prices {
            if let currency = plan.currency, quote.amount.currency != currency {
                problem(quote.location, "price must be in the plan's currency \(currency); found \(quote.amount)")
            }
            let target = answered(quote.criterion)
            if let message = Self.refusal(
                of: quote.amount.exact, text: quote.amount.text, what: "price", accepted: target?.acceptedPrices,
                criterion: target?.id)
            {
                problem(quote.location, message)
            }
            if let criterion = quote.criterion {
                if lot.criterion(criterion) == nil {
                    problem(quote.location, "price for criterion \(criterion), which lot \(lot.id) does not have")
                } else if !priced.contains(where: { $0.id == criterion }) {
                    problem(
                        quote.location,
                        "price for criterion \(criterion), which is neither scored from prices nor has a fixed price")
                }
            }
            if let target, target.lifeCycleCost != nil {
                problem(
                    quote.location,
                    "criterion \(target.id) is a life-cycle cost criterion: give the figures of its cost model in"
                        + " <LifeCycleCost criterion=\"\(target.id)\">, not a <Price>")
            }
        }
        for costs in lotBid.lifeCycleCosts {
            checkLifeCycleCost(costs, target: answered(costs.criterion), lot: lot)
        }
        for criterion in priced {
            let isCost = criterion.lifeCycleCost != nil
            let matching =
                isCost
                ? lotBid.lifeCycleCosts.filter {
                    $0.criterion == criterion.id || ($0.criterion == nil && priced.count == 1)
                }.map(\.location)
                : lotBid.prices.filter {
                    $0.criterion == criterion.id || ($0.criterion == nil && priced.count == 1)
                }.map(\.location)
            let element = isCost ? "<LifeCycleCost>" : "price"
            if matching.isEmpty {
                let hint =
                    priced.count > 1
                    ? " (the lot has several priced criteria: name it with criterion=\"\(criterion.id)\")" : ""
                let what = isCost ? "life-cycle cost figures (<LifeCycleCost>)" : "price"
                problem(
                    lotBid.location, "bid \(bid) gives no \(what) for criterion \(criterion.id) of lot \(lot.id)\(hint)"
                )
            } else if matching.count > 1 {
                problem(matching[1], "bid \(bid) gives more than one \(element) for criterion \(criterion.id)")
            }
        }
    }

    /// Why `amount` is refused for a priced criterion, or `nil` when it is accepted. By default only
    /// amounts above zero are; the plan's `allowZero` / `allowNegative` accept zero and rebates.
    static func refusal(
        of amount: Rational, text: String, what: String, accepted: AcceptedPrices?, criterion: CriterionID?
    ) -> String? {
        let accepted = accepted ?? .positiveOnly
        guard !accepted.accepts(amount) else { return nil }
        if accepted == .positiveOnly { return "\(what) must be greater than zero; found \(text)" }
        let name = criterion.map { " for criterion \($0)" } ?? ""
        if amount.isZero {
            return "\(what) must not be zero\(name) (the plan accepts negative prices but not zero: add"
                + " allowZero=\"true\" to its <PriceFormula> to accept it); found \(text)"
        }
        return "\(what) must not be negative\(name) (the plan accepts a zero price but no rebates: add"
            + " allowNegative=\"true\" to its <PriceFormula> to accept them); found \(text)"
    }

    /// The figures for a life-cycle cost criterion: the criterion exists and has a cost model, each
    /// component has exactly one figure in the plan's currency, only an end-of-life figure may be
    /// negative (a residual value), and the resulting life-cycle cost is one the criterion accepts.
    mutating func checkLifeCycleCost(_ costs: LifeCycleCostQuote, target: Criterion?, lot: Lot) {
        guard let target else {
            if let criterion = costs.criterion {
                problem(
                    costs.location,
                    "life-cycle cost figures for criterion \(criterion), which is not a priced criterion of lot"
                        + " \(lot.id)")
            } else {
                problem(
                    costs.location,
                    "life-cycle cost figures without criterion=\"…\"; lot \(lot.id) has several priced criteria")
            }
            return
        }
        guard let model = target.lifeCycleCost else {
            problem(
                costs.location,
                "criterion \(target.id) has no life-cycle cost model in the plan; give its <Price> instead")
            return
        }
        var complete = true
        for figure in costs.figures {
            if let currency = plan.currency, figure.amount.currency != currency {
                problem(figure.location, "cost must be in the plan's currency \(currency); found \(figure.amount)")
                complete = false
            }
            guard let component = model.component(figure.component) else {
                let known = model.components.map(\.id).joined(separator: ", ")
                problem(
                    figure.location,
                    "cost for component \(figure.component), which the cost model of criterion \(target.id) does not"
                        + " have (its components: \(known))")
                complete = false
                continue
            }
            if figure.amount.amount < 0, component.kind != .endOfLife {
                problem(
                    figure.location,
                    "cost of component \(component.id) must not be negative; found \(figure.amount.text) (only an"
                        + " end-of-life cost may be negative: a residual or resale value)")
                complete = false
            }
        }
        for component in model.components where !costs.figures.contains(where: { $0.component == component.id }) {
            problem(
                costs.location,
                "no cost for component \(component.id) (\(component.kind.rawValue)) of criterion \(target.id);"
                    + " give <Cost component=\"\(component.id)\" currency=\"…\">")
            complete = false
        }
        guard complete, let currency = plan.currency,
            let detail = LifeCycleCosting.cost(costs, model: model, currency: currency)
        else { return }
        let total = detail.total
        if let message = Self.refusal(
            of: total, text: total.hasFiniteDecimalForm ? total.exactText : "≈" + total.approximateText(places: 2),
            what: "life-cycle cost", accepted: target.acceptedPrices, criterion: target.id)
        {
            problem(costs.location, message)
        }
    }

    // MARK: Score sheets

    mutating func checkScoreSheets() {
        let bidsByID = Dictionary(documents.bids.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = input.scoreSheets.sorted {
            ($0.lot, $0.bid, $0.evaluator, $0.location.path) < ($1.lot, $1.bid, $1.evaluator, $1.location.path)
        }
        var seen: [String: FileLocation] = [:]
        for sheet in ordered {
            var usable = true
            if let member = plan.member(sheet.evaluator) {
                if !member.roles.contains(.qualityEvaluator) {
                    problem(
                        sheet.location, "evaluator \(sheet.evaluator) is not a quality-evaluator on the plan's panel")
                    usable = false
                }
            } else {
                problem(sheet.location, "evaluator \(sheet.evaluator) is not on the plan's panel")
                usable = false
            }
            guard let lot = plan.lot(sheet.lot) else {
                problem(sheet.location, "score sheet for lot \(sheet.lot), which the plan does not have")
                continue
            }
            guard let bid = bidsByID[sheet.bid] else {
                problem(sheet.location, "score sheet for bid \(sheet.bid), which is not among the bids")
                continue
            }
            guard bid.lotBid(lot.id) != nil else {
                problem(
                    sheet.location, "score sheet for bid \(sheet.bid) in lot \(lot.id), which that bid does not bid for"
                )
                continue
            }
            let key = "\(sheet.lot.rawValue)\u{0}\(sheet.bid.rawValue)\u{0}\(sheet.evaluator.rawValue)"
            if let first = seen[key] {
                problem(
                    sheet.location,
                    "evaluator \(sheet.evaluator) already scored bid \(sheet.bid) in lot \(lot.id) in \(first.path)")
                continue
            }
            seen[key] = sheet.location
            for score in sheet.scores {
                guard let criterion = lot.criterion(score.criterion) else {
                    problem(
                        score.location,
                        "score for criterion \(score.criterion), which lot \(lot.id) does not have"
                            + " (only published criteria may be scored)")
                    usable = false
                    continue
                }
                guard case let .scale(scaleID) = criterion.method, let scale = plan.scales[scaleID] else {
                    problem(
                        score.location,
                        "criterion \(criterion.id) is not scored by evaluators (it is"
                            + " \(Self.methodName(criterion.method)))")
                    usable = false
                    continue
                }
                if !scale.contains(score.value) {
                    problem(
                        score.location,
                        "score \(score.value) is not on scale \(scaleID); expected one of"
                            + " \(scale.points.map { "\($0.value)" }.joined(separator: ", "))")
                    usable = false
                }
            }
            for criterion in lot.scoredCriteria where sheet.score(for: criterion.id) == nil {
                problem(
                    sheet.location,
                    "criterion \(criterion.id) has no score in this sheet; an evaluator scores every"
                        + " quality criterion of the lot")
                usable = false
            }
            if usable {
                documents.sheets[lot.id, default: [:]][bid.id, default: []].append(sheet)
            }
        }
    }

    static func methodName(_ method: Criterion.Method) -> String {
        switch method {
        case .scale: "scored on a scale"
        case .price: "scored from prices"
        case .subCriteria: "the sum of its sub-criteria"
        case .unstated: "without a scoring method"
        case .fixedPrice: "a fixed price"
        }
    }

    // MARK: Moderation

    mutating func checkModerations() {
        let bidsByID = Dictionary(documents.bids.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seenLots: [LotID: FileLocation] = [:]
        for moderation in input.moderations.sorted(by: { ($0.lot, $0.location.path) < ($1.lot, $1.location.path) }) {
            guard let lot = plan.lot(moderation.lot) else {
                problem(
                    moderation.location, "moderation record for lot \(moderation.lot), which the plan does not have")
                continue
            }
            if let first = seenLots[lot.id] {
                problem(moderation.location, "lot \(lot.id) already has a moderation record in \(first.path)")
                continue
            }
            seenLots[lot.id] = moderation.location
            for attendee in moderation.attendees where plan.member(attendee) == nil {
                problem(moderation.location, "attendee \(attendee) is not on the plan's panel")
            }
            for score in moderation.consensus {
                guard let bid = bidsByID[score.bid], bid.lotBid(lot.id) != nil else {
                    problem(
                        score.location, "consensus score for bid \(score.bid), which does not bid for lot \(lot.id)")
                    continue
                }
                guard let criterion = lot.criterion(score.criterion) else {
                    problem(
                        score.location,
                        "consensus score for criterion \(score.criterion), which lot \(lot.id) does"
                            + " not have (only published criteria may be scored)")
                    continue
                }
                guard case let .scale(scaleID) = criterion.method, let scale = plan.scales[scaleID] else {
                    problem(
                        score.location,
                        "criterion \(criterion.id) is not scored by evaluators (it is"
                            + " \(Self.methodName(criterion.method)))")
                    continue
                }
                guard scale.contains(score.score) else {
                    problem(
                        score.location,
                        "consensus score \(score.score) is not on scale \(scaleID); expected one of"
                            + " \(scale.points.map { "\($0.value)" }.joined(separator: ", "))")
                    continue
                }
                documents.consensus[lot.id, default: [:]][bid.id, default: [:]][criterion.id] = score
            }
        }
    }
}

/// The problems with one score sheet against the plan and the bids, before it is recorded: the
/// evaluator is a quality evaluator on the panel, the lot and bid exist and match, every score is
/// on its criterion's scale, and every scored criterion of the lot is scored.
///
/// - Returns: Every problem found, with its location; empty when the sheet can be recorded.
public func problems(in sheet: ScoreSheet, plan: TenderPlan, bids: [Bid]) -> [EvaluationProblem] {
    var checker = InputChecker(input: EvaluationInput(plan: plan, bids: bids, scoreSheets: [sheet], moderations: []))
    checker.documents.bids = bids
    checker.checkScoreSheets()
    return checker.sortedProblems
}

/// The problems with one moderation record against the plan and the bids, before it is recorded.
public func problems(in moderation: Moderation, plan: TenderPlan, bids: [Bid]) -> [EvaluationProblem] {
    var checker = InputChecker(
        input: EvaluationInput(plan: plan, bids: bids, scoreSheets: [], moderations: [moderation]))
    checker.documents.bids = bids
    checker.checkModerations()
    return checker.sortedProblems
}

/// The problems with one bid against the plan, as the evaluation will find them: its lots, gates,
/// criteria and prices (a zero or negative price, another currency, a missing price).
///
/// - Returns: Every problem found, with its location; empty when the bid can be evaluated.
public func problems(in bid: Bid, plan: TenderPlan) -> [EvaluationProblem] {
    var checker = InputChecker(input: EvaluationInput(plan: plan, bids: [bid], scoreSheets: [], moderations: []))
    checker.checkBids()
    return checker.sortedProblems
}
