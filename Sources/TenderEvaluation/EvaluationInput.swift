public import TenderModel

/// Everything an evaluation reads: the plan and the documents of one case. Order does not matter:
/// the evaluation sorts by identifier, so the same documents in any order give the same result.
public struct EvaluationInput: Sendable {
    /// The evaluation plan.
    public var plan: TenderPlan
    /// The bids.
    public var bids: [Bid]
    /// The evaluators' score sheets.
    public var scoreSheets: [ScoreSheet]
    /// The moderation records (at most one per lot).
    public var moderations: [Moderation]
    /// What the evidence trail says about the process: late receipts and decisions on abnormally
    /// low tenders.
    public var process: ProcessFacts
    /// The ESPD request the plan's ESPD gates refer to (`espd-request.xml`), when the case has one.
    public var espdRequest: ESPDRequest?
    /// The tenderers' ESPD responses (`espd/<bid-id>.xml`), by bid.
    public var espdResponses: [BidID: ESPDResponse]

    /// Creates an input.
    public init(
        plan: TenderPlan, bids: [Bid], scoreSheets: [ScoreSheet], moderations: [Moderation],
        process: ProcessFacts = ProcessFacts(), espdRequest: ESPDRequest? = nil,
        espdResponses: [BidID: ESPDResponse] = [:]
    ) {
        self.plan = plan
        self.bids = bids
        self.scoreSheets = scoreSheets
        self.moderations = moderations
        self.process = process
        self.espdRequest = espdRequest
        self.espdResponses = espdResponses
    }
}

/// Facts about the process that the evaluation takes from the evidence trail, not from the
/// documents: which bids were received late, and the authority's decisions on abnormally low tenders.
public struct ProcessFacts: Equatable, Sendable {
    /// Bids received after the deadline, with the reason to print (receipt time, deadline, entry).
    public var lateBids: [BidID: String]
    /// The authority's decision on each flagged bid whose explanation it has assessed.
    public var abnormallyLowDecisions: [BidID: AbnormallyLowDecision]
    /// The authority's latest decision on each bid's self-cleaning, by bid and ESPD criterion ID.
    public var selfCleaningDecisions: [BidID: [String: SelfCleaningDecision]]

    /// No facts: nothing late, nothing decided.
    public init(
        lateBids: [BidID: String] = [:], abnormallyLowDecisions: [BidID: AbnormallyLowDecision] = [:],
        selfCleaningDecisions: [BidID: [String: SelfCleaningDecision]] = [:]
    ) {
        self.lateBids = lateBids
        self.abnormallyLowDecisions = abnormallyLowDecisions
        self.selfCleaningDecisions = selfCleaningDecisions
    }
}

/// The authority's decision on an abnormally low tender, after asking for an explanation.
///
/// A rejected bid is excluded and leaves the price benchmark; an accepted one stays, its flag
/// noting the decision. Source: Directive 2014/24/EU Art. 69(3).
public struct AbnormallyLowDecision: Equatable, Sendable {
    /// Whether the explanation was accepted.
    public var isAccepted: Bool
    /// The reason recorded with the decision.
    public var reason: String

    /// Creates a decision.
    public init(isAccepted: Bool, reason: String) {
        self.isAccepted = isAccepted
        self.reason = reason
    }
}
