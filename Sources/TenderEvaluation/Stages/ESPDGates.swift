import Foundation
public import TenderModel

/// The authority's decision on a tenderer's self-cleaning under one exclusion ground, recorded in
/// the evidence trail by `tender self-cleaning` (entry `self-cleaning-decided`).
///
/// Accepted: the ground no longer excludes the tenderer; rejected: it does. Source: Directive
/// 2014/24/EU Art. 57(6); Public Contracts Regulations 2015 reg 57(13)–(17) (the authority assesses
/// the evidence of measures taken, and gives reasons when it finds them insufficient).
public struct SelfCleaningDecision: Equatable, Sendable {
    /// Whether the measures were accepted as sufficient.
    public var isAccepted: Bool
    /// The reason recorded with the decision.
    public var reason: String

    /// Creates a decision.
    public init(isAccepted: Bool, reason: String) {
        self.isAccepted = isAccepted
        self.reason = reason
    }
}

/// What one ESPD criterion of a gate decides for one response, with the reasons to record.
public struct ESPDCriterionFinding: Equatable, Sendable {
    /// The gate outcome this criterion alone gives.
    public var outcome: GateOutcome.Outcome
    /// Why, one sentence each (empty for a plain pass).
    public var reasons: [String]
    /// Whether the response answers yes to the exclusion ground and claims self-cleaning (a
    /// decision can then be recorded).
    public var claimsSelfCleaning: Bool
}

/// Decides gates from ESPD responses against the ESPD request's criteria.
///
/// Nothing is hard-coded per criterion: what is asked, under which condition, and what the
/// threshold is all come from the request (`cac:TenderingCriterionProperty` type codes, value
/// types, `ON*`/`ONTRUE`/`ONFALSE` groups, `MinimumAmount`, `ExpectedValueNumeric`,
/// `ExpectedCode`). The rules, in docs/0007-espd-gates.md:
/// - Every question (`QUESTION`) in a group that applies must be answered, or the gate is
///   `missing`, naming the criterion and the question. An `ONTRUE`/`ONFALSE` group applies when the
///   last indicator question of its enclosing group is answered true/false.
/// - Exclusion: the ground question (the criterion's first `INDICATOR` question, or the plan's
///   `indicator`) answered true fails the gate, unless self-cleaning is claimed (the `INDICATOR`
///   question whose text names self-cleaning, or the plan's `selfCleaning`) and the authority
///   accepted it; claimed but undecided is `needs-decision`. Source: Dir. 2014/24/EU Art. 57(1),
///   (2), (4), (6); PCR 2015 reg 57(1)–(17).
/// - Selection: each `MINIMUM_AMOUNT` requirement is met by the answers to the amount question of
///   its group, compared exactly and only in the same currency (an amount in another currency is
///   never converted and fails); with a `QUANTITY_YEAR` requirement N and a threshold per
///   year (`CODE_BOOLEAN` `CHECKBOX_TRUE`), N yearly amounts are required, each at least the minimum.
///   A plan's `indicator` question must be answered as `expected`. Source: Dir. 2014/24/EU Art. 58(3),
///   Art. 59; PCR 2015 reg 58(8)–(10), reg 59.
struct ESPDGateDecider {
    let request: ESPDRequest

    // MARK: - The plan against the request

    /// The problems with a plan's ESPD gates against the request (an unknown criterion or property,
    /// a gate the request's criterion cannot decide), each at the plan's `<EspdCriterion>`.
    static func planProblems(_ plan: TenderPlan, request: ESPDRequest?) -> [EvaluationProblem] {
        var problems: [EvaluationProblem] = []
        let espdGates = plan.gates.filter(\.isDecidedByESPD)
        guard let first = espdGates.first else { return [] }
        guard let request else {
            return [
                EvaluationProblem(
                    location: first.espdCriteria[0].location,
                    message: "gate \(first.id) is decided by the ESPD request's criteria, but the case has no"
                        + " \(plan.espdRequest ?? "espd-request.xml"); put the contracting authority's ESPD request"
                        + " (QualificationApplicationRequest) there")
            ]
        }
        let decider = ESPDGateDecider(request: request)
        for gate in espdGates {
            for reference in gate.espdCriteria {
                problems += decider.problems(reference, gate: gate)
            }
        }
        return problems
    }

    private func problems(_ reference: ESPDGateCriterion, gate: Gate) -> [EvaluationProblem] {
        func problem(_ message: String) -> EvaluationProblem {
            EvaluationProblem(location: reference.location, message: "gate \(gate.id): " + message)
        }
        guard let criterion = request.criterion(reference.criterion) else {
            return [
                problem("the ESPD request has no criterion \(reference.criterion) (<cac:TenderingCriterion> cbc:ID)")
            ]
        }
        var problems: [EvaluationProblem] = []
        for (attribute, id) in [("indicator", reference.indicator), ("selfCleaning", reference.selfCleaning)] {
            guard let id else { continue }
            guard let property = criterion.property(id) else {
                problems.append(problem("\(attribute)=\"\(id)\": criterion \(label(criterion)) has no such property"))
                continue
            }
            if property.kind != .question || property.valueType != "INDICATOR" {
                problems.append(
                    problem(
                        "\(attribute)=\"\(id)\" is a \(property.valueType) property; a yes/no (INDICATOR) question is"
                            + " needed"))
            }
        }
        if let id = reference.amount {
            if let property = criterion.property(id) {
                if property.kind != .question || property.valueType != "AMOUNT" {
                    problems.append(
                        problem("amount=\"\(id)\" is a \(property.valueType) property; an AMOUNT question is needed"))
                }
            } else {
                problems.append(problem("amount=\"\(id)\": criterion \(label(criterion)) has no such property"))
            }
        }
        guard problems.isEmpty else { return problems }
        switch gate.kind {
        case .exclusion:
            if groundQuestion(criterion, reference) == nil {
                problems.append(
                    problem(
                        "criterion \(label(criterion)) asks no yes/no (INDICATOR) question, so no answer can say whether"
                            + " the ground applies"))
            }
        case .selection, .mandatoryRequirement:
            let thresholds = minimumAmounts(in: criterion)
            for threshold in thresholds where amountQuestion(threshold, reference) == nil {
                let count = threshold.amountQuestions.count
                problems.append(
                    problem(
                        "criterion \(label(criterion)) states a minimum amount (\(threshold.requirement.id)) with"
                            + (count == 0 ? " no AMOUNT question" : " \(count) AMOUNT questions")
                            + " under it; name the"
                            + " question it applies to with amount=\"…\""))
            }
            if thresholds.isEmpty && reference.indicator == nil {
                problems.append(
                    problem(
                        "criterion \(label(criterion)) states no minimum amount the answers can be checked against;"
                            + " name the yes/no question that decides the gate with indicator=\"…\""))
            }
        }
        return problems
    }

    // MARK: - Deciding

    /// Decides `gate` for a response (`nil`: the tenderer submitted none, at `expectedPath`).
    ///
    /// - Parameters:
    ///   - decisions: The authority's self-cleaning decisions for this bid, by criterion ID.
    /// - Returns: The outcome with its reasons: `failed` before `needs-decision` before `missing`
    ///   before `passed`, and every criterion's reasons.
    func decide(
        _ gate: Gate, response: ESPDResponse?, expectedPath: String, decisions: [String: SelfCleaningDecision]
    ) -> GateOutcome {
        guard let response else {
            return GateOutcome(
                gate: gate.id, outcome: .missing,
                reasons: ["no ESPD response: the tenderer's \(expectedPath) is not in the case"])
        }
        var findings: [ESPDCriterionFinding] = []
        for reference in gate.espdCriteria {
            guard let criterion = request.criterion(reference.criterion) else { continue }
            findings.append(
                finding(
                    criterion, reference: reference, kind: gate.kind, response: response,
                    decision: decisions[criterion.id]))
        }
        let order: [GateOutcome.Outcome] = [.failed, .needsDecision, .missing, .passed]
        let outcome = order.first { candidate in findings.contains { $0.outcome == candidate } } ?? .passed
        return GateOutcome(gate: gate.id, outcome: outcome, reasons: findings.flatMap(\.reasons))
    }

    /// What one criterion decides for one response.
    func finding(
        _ criterion: ESPDCriterion, reference: ESPDGateCriterion, kind: Gate.Kind, response: ESPDResponse,
        decision: SelfCleaningDecision?
    ) -> ESPDCriterionFinding {
        var missing: [ESPDProperty] = []
        for group in criterion.groups { unanswered(in: group, response: response, into: &missing) }
        var reasons = missing.map { question in
            "no answer to question \(question.id)"
                + (question.description.isEmpty ? "" : " (\"\(question.description)\")")
                + " of ESPD criterion \(label(criterion))"
        }
        var outcome: GateOutcome.Outcome = missing.isEmpty ? .passed : .missing
        var claims = false
        func worsen(_ candidate: GateOutcome.Outcome) {
            let order: [GateOutcome.Outcome] = [.passed, .missing, .needsDecision, .failed]
            if (order.firstIndex(of: candidate) ?? 0) > (order.firstIndex(of: outcome) ?? 0) { outcome = candidate }
        }
        switch kind {
        case .exclusion:
            guard let ground = groundQuestion(criterion, reference) else { break }
            let answers = indicators(response, ground.id)
            guard answers.contains(true) else { break }
            let line = response.answers(to: ground.id).first?.location.line ?? response.location.line
            let yes =
                "answered yes to ESPD exclusion ground \(label(criterion)) at question \(ground.id) (line \(line))"
            guard let question = selfCleaningQuestion(criterion, reference) else {
                worsen(.failed)
                reasons.append(yes + "; the request asks no self-cleaning question for this ground")
                break
            }
            guard indicators(response, question.id).contains(true) else {
                worsen(.failed)
                reasons.append(yes + " and claims no self-cleaning (\(question.id))")
                break
            }
            claims = true
            switch decision {
            case let decision? where decision.isAccepted:
                reasons.append(
                    yes + "; self-cleaning claimed and accepted by the contracting authority: \(decision.reason)")
            case let decision?:
                worsen(.failed)
                reasons.append(
                    yes + "; self-cleaning claimed and rejected by the contracting authority: \(decision.reason)")
            case nil:
                worsen(.needsDecision)
                reasons.append(
                    yes
                        + "; self-cleaning claimed (\(question.id)): the contracting authority's decision is not recorded"
                        + " (tender self-cleaning CASE BID --criterion \(criterion.id) --accept|--reject --reason …)")
            }
        case .selection, .mandatoryRequirement:
            for threshold in minimumAmounts(in: criterion) {
                guard let question = amountQuestion(threshold, reference) else { continue }
                let (result, reason) = check(threshold, question: question, criterion: criterion, response: response)
                worsen(result)
                if let reason { reasons.append(reason) }
            }
            if let indicator = reference.indicator {
                let answers = indicators(response, indicator)
                if !answers.isEmpty && answers.contains(!reference.expected) {
                    worsen(.failed)
                    let line = response.answers(to: indicator).first?.location.line ?? response.location.line
                    reasons.append(
                        "answered \(reference.expected ? "no" : "yes") to question \(indicator) of ESPD criterion"
                            + " \(label(criterion)) (line \(line)); the gate requires \(reference.expected ? "yes" : "no")"
                    )
                }
            }
        }
        return ESPDCriterionFinding(outcome: outcome, reasons: reasons, claimsSelfCleaning: claims)
    }

    // MARK: - Minimum amounts

    /// A `MINIMUM_AMOUNT` requirement with the requirements and questions of its group.
    struct MinimumAmount {
        var requirement: ESPDProperty
        var minimum: Money
        /// `QUANTITY_YEAR`'s `ExpectedValueNumeric` in the same group, when stated.
        var years: Decimal?
        /// A `CODE_BOOLEAN` requirement in the same group: `CHECKBOX_TRUE` → true, `CHECKBOX_FALSE` → false.
        var perYear: Bool?
        /// The `AMOUNT` questions in the group and its subgroups.
        var amountQuestions: [ESPDProperty]
    }

    func minimumAmounts(in criterion: ESPDCriterion) -> [MinimumAmount] {
        var result: [MinimumAmount] = []
        func visit(_ group: ESPDPropertyGroup) {
            for property in group.properties where property.kind == .requirement {
                guard case let .minimumAmount(minimum)? = property.expected else { continue }
                var years: Decimal?
                var perYear: Bool?
                for other in group.properties where other.kind == .requirement {
                    if other.valueType == "QUANTITY_YEAR", case let .numeric(value)? = other.expected { years = value }
                    if other.valueType == "CODE_BOOLEAN", case let .code(code)? = other.expected {
                        perYear = code == "CHECKBOX_TRUE" ? true : code == "CHECKBOX_FALSE" ? false : nil
                    }
                }
                let amounts = group.allProperties.filter { $0.kind == .question && $0.valueType == "AMOUNT" }
                result.append(
                    MinimumAmount(
                        requirement: property, minimum: minimum, years: years, perYear: perYear,
                        amountQuestions: amounts))
            }
            group.subgroups.forEach(visit)
        }
        criterion.groups.forEach(visit)
        return result
    }

    private func amountQuestion(_ threshold: MinimumAmount, _ reference: ESPDGateCriterion) -> ESPDProperty? {
        if let id = reference.amount { return threshold.amountQuestions.first { $0.id == id } }
        return threshold.amountQuestions.count == 1 ? threshold.amountQuestions[0] : nil
    }

    private func check(
        _ threshold: MinimumAmount, question: ESPDProperty, criterion: ESPDCriterion, response: ESPDResponse
    ) -> (GateOutcome.Outcome, String?) {
        let subject = "ESPD criterion \(label(criterion))"
        let minimum = threshold.minimum
        if threshold.perYear == false {
            return (
                .needsDecision,
                "\(subject) states a minimum of \(minimum) that is not per year (\(threshold.requirement.id));"
                    + " TenderTrail does not guess whether it applies to the total or the average: the contracting"
                    + " authority must decide"
            )
        }
        let amounts = response.answers(to: question.id).compactMap { answer -> (Money, Int)? in
            guard case let .amount(money)? = answer.value else { return nil }
            return (money, answer.location.line)
        }
        let required =
            threshold.perYear == true ? threshold.years.map { NSDecimalNumber(decimal: $0).intValue } ?? 1 : 1
        if amounts.count < required {
            // Unanswered entirely is already reported as a missing answer.
            if amounts.isEmpty { return (.missing, nil) }
            return (
                .missing,
                "\(subject) asks for \(required) financial years, each at least \(minimum); the response gives"
                    + " \(amounts.count) amount(s) for \(question.id)"
            )
        }
        if let foreign = amounts.first(where: { $0.0.currency != minimum.currency }) {
            // Not met as answered: a conversion rate is a choice the request did not publish, so
            // TenderTrail makes none (equal treatment, Dir. 2014/24/EU Art. 18(1)).
            return (
                .failed,
                "\(subject): the response states \(foreign.0) (line \(foreign.1)) where the request's minimum is"
                    + " \(minimum); an amount in another currency is never converted, so the minimum is not shown"
                    + " to be met"
            )
        }
        let below = amounts.filter { $0.0.exact < minimum.exact }
        if !below.isEmpty {
            return (
                .failed,
                "\(subject): "
                    + below.map { "\($0.0) (line \($0.1))" }.joined(separator: ", ")
                    + " below the minimum of \(minimum)" + (threshold.perYear == true ? " per year" : "")
            )
        }
        return (.passed, nil)
    }

    // MARK: - Questions

    /// The ground question: the plan's `indicator`, else the criterion's first INDICATOR question.
    func groundQuestion(_ criterion: ESPDCriterion, _ reference: ESPDGateCriterion) -> ESPDProperty? {
        if let id = reference.indicator { return criterion.property(id) }
        return criterion.allProperties.first { $0.kind == .question && $0.valueType == "INDICATOR" }
    }

    /// The self-cleaning question: the plan's `selfCleaning`, else the INDICATOR question whose text
    /// names self-cleaning (ESPD-EDM: "Have you taken measures to demonstrate your reliability
    /// (Self-Cleaning)?").
    func selfCleaningQuestion(_ criterion: ESPDCriterion, _ reference: ESPDGateCriterion) -> ESPDProperty? {
        if let id = reference.selfCleaning { return criterion.property(id) }
        return criterion.allProperties.first {
            $0.kind == .question && $0.valueType == "INDICATOR"
                && $0.description.lowercased().replacingOccurrences(of: "-", with: " ").contains("self cleaning")
        }
    }

    private func indicators(_ response: ESPDResponse, _ property: String) -> [Bool] {
        response.answers(to: property).compactMap {
            if case let .indicator(value)? = $0.value { value } else { nil }
        }
    }

    /// Collects the questions of `group` (and the subgroups that apply) that the response leaves
    /// unanswered.
    private func unanswered(in group: ESPDPropertyGroup, response: ESPDResponse, into missing: inout [ESPDProperty]) {
        var lastIndicator: [Bool]?
        for property in group.properties where property.kind == .question {
            let answers = response.answers(to: property.id)
            if answers.isEmpty { missing.append(property) }
            if property.valueType == "INDICATOR" { lastIndicator = indicators(response, property.id) }
        }
        for subgroup in group.subgroups {
            switch subgroup.condition {
            case .onTrue: guard lastIndicator?.contains(true) == true else { continue }
            case .onFalse: guard lastIndicator?.contains(false) == true else { continue }
            case .always, .other: break
            }
            unanswered(in: subgroup, response: response, into: &missing)
        }
    }

    /// `crime-org (005eb9ed-…)`, or the ID alone.
    func label(_ criterion: ESPDCriterion) -> String {
        criterion.typeCode.map { "\($0) (\(criterion.id))" } ?? criterion.id
    }
}

// MARK: - Self-cleaning claims

/// A tenderer's claim of self-cleaning under one exclusion ground that decides a gate of the plan.
public struct SelfCleaningClaim: Equatable, Sendable {
    /// The bid.
    public var bid: BidID
    /// The gate the ground decides.
    public var gate: GateID
    /// The ESPD request criterion (the ground), by its `cbc:ID`.
    public var criterion: String
    /// Where the response claims it (the self-cleaning answer), or the response's root.
    public var location: FileLocation
}

/// Every self-cleaning claim in the ESPD responses of `input` under an exclusion ground that
/// decides a gate of the plan (the response answers yes to the ground and yes to self-cleaning),
/// whether decided or not, sorted by bid and criterion. Bids received late are left out.
///
/// Used by `tender self-cleaning` (a decision needs a claim), `tender award` and the rule
/// `self-cleaning-decided` (every claim needs a decision). Source: PCR 2015 reg 57(13)–(17).
public func selfCleaningClaims(in input: EvaluationInput) -> [SelfCleaningClaim] {
    guard let request = input.espdRequest else { return [] }
    let decider = ESPDGateDecider(request: request)
    var claims: [SelfCleaningClaim] = []
    for (bid, response) in input.espdResponses.sorted(by: { $0.key < $1.key })
    where input.process.lateBids[bid] == nil {
        for gate in input.plan.gates where gate.kind == .exclusion && gate.isDecidedByESPD {
            for reference in gate.espdCriteria {
                guard let criterion = request.criterion(reference.criterion) else { continue }
                let finding = decider.finding(
                    criterion, reference: reference, kind: .exclusion, response: response, decision: nil)
                guard finding.claimsSelfCleaning else { continue }
                let question = decider.selfCleaningQuestion(criterion, reference)
                let location =
                    question.flatMap { response.answers(to: $0.id).first?.location } ?? response.location
                if !claims.contains(where: { $0.bid == bid && $0.criterion == criterion.id }) {
                    claims.append(
                        SelfCleaningClaim(bid: bid, gate: gate.id, criterion: criterion.id, location: location))
                }
            }
        }
    }
    return claims
}

/// The problems with a plan's ESPD gates against the ESPD request, as `evaluate` will find them
/// (an unknown criterion or property, a criterion that cannot decide its gate), each at the plan's
/// `<EspdCriterion>`. `tender seal` refuses a plan that has any.
public func problems(inESPDGatesOf plan: TenderPlan, request: ESPDRequest?) -> [EvaluationProblem] {
    ESPDGateDecider.planProblems(plan, request: request)
}
