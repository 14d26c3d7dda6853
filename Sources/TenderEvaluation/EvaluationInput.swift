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

    /// Creates an input.
    public init(plan: TenderPlan, bids: [Bid], scoreSheets: [ScoreSheet], moderations: [Moderation]) {
        self.plan = plan
        self.bids = bids
        self.scoreSheets = scoreSheets
        self.moderations = moderations
    }
}
