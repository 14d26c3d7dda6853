public import TenderModel

/// The effect of removing one bid from a lot: the pairs of remaining bids whose order changed.
///
/// With a relative price formula (`lowest-price-ratio`, `linear-lowest-to-highest`) every bid's
/// price points depend on the benchmark, which the other admissible bids set. Removing a bid that
/// does not win, and so should be irrelevant to the choice between the others, can move the
/// benchmark and reorder them, even change the winner: the rank reversal, or dependence on
/// irrelevant alternatives, of relative scoring (Bergman and Lundberg, *Journal of Purchasing and
/// Supply Management* 19(2), 2013; Stilger, Siderius and van Raaij, *Journal of Public Procurement*
/// 17(1), 2017, "ranking paradox"; UK Government Commercial Function, *Bid Evaluation Guidance Note*,
/// May 2021, §7.2). DESIGN §5 asks for this check on relative formulas.
///
/// The removal is real: the bid's part for the lot, its score sheets for the lot and the consensus
/// scores for it are taken out of the input and ``evaluate(_:)`` is run again. Nothing is
/// recomputed here. Orders are the evaluation's ranks (rounded as the plan declares, ties broken by
/// its tie-break).
public struct RankReversal: Equatable, Sendable {
    /// The lot.
    public var lot: LotID
    /// The bid removed.
    public var removed: BidID
    /// Every pair of bids ranked both before and after the removal whose relative order changed, in
    /// the order of the ranking before.
    public var reorderings: [PairReordering]
    /// Among the remaining bids, those that ranked best before the removal, by ID.
    public var leadersBefore: [BidID]
    /// The bids ranked first after the removal, by ID.
    public var leadersAfter: [BidID]
    /// The lot's evaluation with the bid removed.
    public var evaluationAfter: LotEvaluation

    /// Creates a record.
    public init(
        lot: LotID, removed: BidID, reorderings: [PairReordering], leadersBefore: [BidID], leadersAfter: [BidID],
        evaluationAfter: LotEvaluation
    ) {
        self.lot = lot
        self.removed = removed
        self.reorderings = reorderings
        self.leadersBefore = leadersBefore
        self.leadersAfter = leadersAfter
        self.evaluationAfter = evaluationAfter
    }

    /// Whether the removal changed which of the remaining bids ranks first.
    public var winnerChanges: Bool { leadersBefore != leadersAfter }

    /// Removes `bid` from `lot` and re-evaluates: which pairs of the other bids change order?
    ///
    /// Any bid of the lot can be removed, the winner included (``DecisionAnalysis`` removes only the
    /// admissible non-winning ones). The bid keeps its parts for other lots.
    ///
    /// - Parameters:
    ///   - bid: The bid to remove.
    ///   - lot: The lot to remove it from.
    ///   - input: The evaluation input, as evaluated.
    /// - Returns: The reorderings; `nil` when the remaining bids keep their relative order.
    /// - Throws: What ``evaluate(_:)`` throws for `input`; ``EvaluationError/invalidInput(_:)`` when
    ///   the plan has no lot `lot` or `bid` does not bid for it.
    public static func check(
        removing bid: BidID, fromLot lot: LotID, in input: EvaluationInput
    ) throws(EvaluationError) -> RankReversal? {
        let result = try evaluate(input)
        guard let planLot = input.plan.lot(lot), let before = result.lots.first(where: { $0.lot == lot }) else {
            throw .invalidInput([
                EvaluationProblem(
                    location: input.plan.location, message: "the plan has no lot \(lot) to remove a bid from")
            ])
        }
        return try check(removing: bid, from: planLot, before: before, input: input)
    }

    static func check(
        removing bid: BidID, from lot: Lot, before: LotEvaluation, input: EvaluationInput
    ) throws(EvaluationError) -> RankReversal? {
        guard input.bids.contains(where: { $0.id == bid && $0.lotBid(lot.id) != nil }) else {
            throw .invalidInput([
                EvaluationProblem(
                    location: lot.location,
                    message: "bid \(bid) does not bid for lot \(lot.id), so it cannot be removed")
            ])
        }
        let after = try evaluate(input.removing(bid, from: lot.id))
        guard let lotAfter = after.lots.first(where: { $0.lot == lot.id }) else { return nil }

        let remaining = before.bids.filter { $0.rank != nil && $0.bid != bid }
        let ranksAfter = Dictionary(
            lotAfter.bids.compactMap { item in item.rank.map { (item.bid, $0) } },
            uniquingKeysWith: { first, _ in first })
        var reorderings: [PairReordering] = []
        for (index, higher) in remaining.enumerated() {
            for lower in remaining[(index + 1)...] {
                guard let rankHigher = higher.rank, let rankLower = lower.rank,
                    let afterHigher = ranksAfter[higher.bid], let afterLower = ranksAfter[lower.bid]
                else { continue }
                let orderBefore = PairReordering.Order(rankHigher, rankLower)
                let orderAfter = PairReordering.Order(afterHigher, afterLower)
                if orderBefore != orderAfter {
                    reorderings.append(
                        PairReordering(bid: higher.bid, other: lower.bid, before: orderBefore, after: orderAfter))
                }
            }
        }
        guard !reorderings.isEmpty else { return nil }
        let bestBefore = remaining.compactMap(\.rank).min()
        return RankReversal(
            lot: lot.id, removed: bid, reorderings: reorderings,
            leadersBefore: remaining.filter { $0.rank == bestBefore }.map(\.bid).sorted(),
            leadersAfter: lotAfter.leaders.map(\.bid).sorted(), evaluationAfter: lotAfter)
    }
}

/// Two bids whose relative order changed when another bid was removed.
public struct PairReordering: Equatable, Sendable {
    /// Where ``PairReordering/bid`` stands relative to ``PairReordering/other``.
    public enum Order: String, Equatable, Sendable {
        /// Ranked above.
        case ahead
        /// Sharing a rank.
        case tied
        /// Ranked below.
        case behind

        init(_ rank: Int, _ otherRank: Int) {
            self = rank < otherRank ? .ahead : rank == otherRank ? .tied : .behind
        }
    }

    /// The bid ranked higher before the removal (of two tied bids, the one listed first).
    public var bid: BidID
    /// The other bid.
    public var other: BidID
    /// ``bid`` relative to ``other`` before the removal: ``Order/ahead`` or ``Order/tied``.
    public var before: Order
    /// ``bid`` relative to ``other`` after the removal.
    public var after: Order

    /// Creates a reordering.
    public init(bid: BidID, other: BidID, before: Order, after: Order) {
        self.bid = bid
        self.other = other
        self.before = before
        self.after = after
    }

    /// Whether the two bids swapped: ``bid`` was ahead and is now behind.
    public var isSwap: Bool { before == .ahead && after == .behind }
}

extension EvaluationInput {
    /// The input without `bid`'s part for `lot`, its score sheets for the lot and the lot's
    /// consensus scores for it. A bid left with no lot is removed entirely.
    func removing(_ bid: BidID, from lot: LotID) -> EvaluationInput {
        var copy = self
        copy.bids = bids.compactMap { item in
            guard item.id == bid else { return item }
            var rest = item
            rest.lotBids.removeAll { $0.lot == lot }
            return rest.lotBids.isEmpty ? nil : rest
        }
        // A bid left with no lot is no longer a bid of the case: its ESPD response goes with it.
        if !copy.bids.contains(where: { $0.id == bid }) { copy.espdResponses[bid] = nil }
        copy.scoreSheets.removeAll { $0.bid == bid && $0.lot == lot }
        copy.moderations = moderations.map { moderation in
            guard moderation.lot == lot else { return moderation }
            var rest = moderation
            rest.consensus.removeAll { $0.bid == bid }
            return rest
        }
        return copy
    }
}
