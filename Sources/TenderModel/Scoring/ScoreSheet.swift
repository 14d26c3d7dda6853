public import Foundation

/// One evaluator's independent scores for one bid in one lot, read from
/// `scores/<evaluator>/<bid-id>.xml` (schema `urn:tendertrail:score-sheet:1`).
public struct ScoreSheet: Equatable, Sendable {
    /// Who scored.
    public var evaluator: EvaluatorID
    /// The bid scored.
    public var bid: BidID
    /// The lot.
    public var lot: LotID
    /// When the evaluator completed the sheet, when stated.
    public var completedAt: Timestamp?
    /// The scores, in document order (held compactly: ``Scores``).
    public var scores: Scores
    /// Where the sheet's root element was read.
    public var location: FileLocation

    /// Creates a score sheet.
    public init(
        evaluator: EvaluatorID, bid: BidID, lot: LotID, completedAt: Timestamp?,
        scores: some Sequence<CriterionScore>, location: FileLocation
    ) {
        self.evaluator = evaluator
        self.bid = bid
        self.lot = lot
        self.completedAt = completedAt
        self.scores = Scores(scores)
        self.location = location
    }

    /// The first score for `criterion`, when given.
    public func score(for criterion: CriterionID) -> CriterionScore? {
        scores.indices.first { scores.criterion(at: $0) == criterion }.map { scores[$0] }
    }
}

/// A score on a criterion's scale with the evaluator's justification.
public struct CriterionScore: Equatable, Sendable {
    /// The criterion.
    public var criterion: CriterionID
    /// The score, which must be a value of the criterion's scale.
    public var value: Decimal
    /// Why: the evidence in the bid that supports the score.
    public var justification: String
    /// Where the score was read.
    public var location: FileLocation

    /// Creates a score.
    public init(criterion: CriterionID, value: Decimal, justification: String, location: FileLocation) {
        self.criterion = criterion
        self.value = value
        self.justification = justification
        self.location = location
    }
}

/// The consensus (moderation) record for one lot, read from `moderation/<lot>.xml`
/// (schema `urn:tendertrail:moderation:1`).
public struct Moderation: Equatable, Sendable {
    /// The lot.
    public var lot: LotID
    /// When the meeting was held.
    public var heldAt: Timestamp
    /// Who attended.
    public var attendees: [EvaluatorID]
    /// The agreed scores.
    public var consensus: [ConsensusScore]
    /// Where the record's root element was read.
    public var location: FileLocation

    /// Creates a moderation record.
    public init(
        lot: LotID, heldAt: Timestamp, attendees: [EvaluatorID], consensus: [ConsensusScore], location: FileLocation
    ) {
        self.lot = lot
        self.heldAt = heldAt
        self.attendees = attendees
        self.consensus = consensus
        self.location = location
    }
}

/// A score agreed at moderation, with the reasons. It overrides the aggregate of individual scores.
public struct ConsensusScore: Equatable, Sendable {
    /// The bid.
    public var bid: BidID
    /// The criterion.
    public var criterion: CriterionID
    /// The agreed score, a value of the criterion's scale.
    public var score: Decimal
    /// Why the panel agreed it (required: Lancashire Care [2018] EWHC 1589).
    public var reason: String
    /// Where it was read.
    public var location: FileLocation

    /// Creates a consensus score.
    public init(bid: BidID, criterion: CriterionID, score: Decimal, reason: String, location: FileLocation) {
        self.bid = bid
        self.criterion = criterion
        self.score = score
        self.reason = reason
        self.location = location
    }
}
