public import Foundation

/// One evaluator's independent scores for one bid in one lot, read from
/// `scores/<evaluator>/<bid-id>.xml` (schema `urn:tendertrail:score-sheet:1`).
public struct ScoreSheet: Equatable, Sendable {
    /// The sheet's values, shared by its copies until one is changed (``CopyOnWrite``): a large case's
    /// sheets are held by the loaded case, by the evaluation's index by lot and bid, and by
    /// verification's index by file.
    private var storage: CopyOnWrite<Fields>

    private struct Fields: Equatable, Sendable {
        var evaluator: EvaluatorID
        var bid: BidID
        var lot: LotID
        var completedAt: Timestamp?
        var scores: Scores
        var location: FileLocation
    }

    /// Who scored.
    public var evaluator: EvaluatorID {
        get { storage.value.evaluator }
        set { storage.value.evaluator = newValue }
    }

    /// The bid scored.
    public var bid: BidID {
        get { storage.value.bid }
        set { storage.value.bid = newValue }
    }

    /// The lot.
    public var lot: LotID {
        get { storage.value.lot }
        set { storage.value.lot = newValue }
    }

    /// When the evaluator completed the sheet, when stated.
    public var completedAt: Timestamp? {
        get { storage.value.completedAt }
        set { storage.value.completedAt = newValue }
    }

    /// The scores, in document order (held compactly: ``Scores``).
    public var scores: Scores {
        get { storage.value.scores }
        _modify { yield &storage.value.scores }
    }

    /// Where the sheet's root element was read.
    public var location: FileLocation {
        get { storage.value.location }
        set { storage.value.location = newValue }
    }

    /// Creates a score sheet.
    public init(
        evaluator: EvaluatorID, bid: BidID, lot: LotID, completedAt: Timestamp?,
        scores: some Sequence<CriterionScore>, location: FileLocation
    ) {
        storage = CopyOnWrite(
            Fields(
                evaluator: evaluator, bid: bid, lot: lot, completedAt: completedAt, scores: Scores(scores),
                location: location))
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
