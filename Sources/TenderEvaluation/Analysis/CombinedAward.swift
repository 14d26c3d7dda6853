public import TenderModel

/// A group of lots and its member lots, each with its own winner: what a combined award would cost
/// against awarding the lots separately.
///
/// Directive 2014/24/EU Art. 46(3) lets a contracting authority award a contract combining several or
/// all lots only where it reserved that possibility in the contract notice and indicated the lots or
/// groups of lots that may be combined; whether to do so is the authority's decision, on criteria it
/// set out in the procurement documents. TenderTrail does not decide it: it sets the group's winner
/// beside its members' winners so that the authority (and an auditor) can see the comparison the
/// decision rests on. Points are not compared: each lot and group is scored on its own criteria, so
/// points in different lots are not on one scale.
public struct CombinedAwardComparison: Equatable, Sendable {
    /// The ranked-first bid of one lot or group, when there is exactly one.
    public struct Winner: Equatable, Sendable {
        /// The lot or group.
        public var lot: LotID
        /// The bid ranked first alone in it.
        public var bid: BidID
        /// Its tenderer.
        public var tenderer: Tenderer
        /// Its price in the lot, exactly, in the plan's currency: the price (or life-cycle cost) it is
        /// scored on for the lot's only priced criterion; `nil` when the lot has no priced criterion or
        /// more than one (unit rates, say, which do not add up to a contract price).
        public var price: Rational?
        /// Its total points in its own lot, on that lot's criteria.
        public var totalPoints: Rational?

        /// Creates a winner.
        public init(lot: LotID, bid: BidID, tenderer: Tenderer, price: Rational?, totalPoints: Rational?) {
            self.lot = lot
            self.bid = bid
            self.tenderer = tenderer
            self.price = price
            self.totalPoints = totalPoints
        }
    }

    /// What the comparison found.
    public enum Outcome: Equatable, Sendable {
        /// Both sides have one price each, in the plan's currency: the group winner's price, the sum of
        /// the member lots' winners' prices, and group − members (negative: the combined bid costs less).
        case compared(groupPrice: Rational, membersPrice: Rational, difference: Rational)
        /// No price comparison can be made, and why.
        case notComparable(String)
    }

    /// The group of lots.
    public var group: LotID
    /// Its winner, when one bid is ranked first alone.
    public var groupWinner: Winner?
    /// Each member lot (in the plan's member order) with its winner, when one bid is ranked first alone.
    public var memberWinners: [(lot: LotID, winner: Winner?)]
    /// The price comparison.
    public var outcome: Outcome

    /// Creates a comparison.
    public init(
        group: LotID, groupWinner: Winner?, memberWinners: [(lot: LotID, winner: Winner?)], outcome: Outcome
    ) {
        self.group = group
        self.groupWinner = groupWinner
        self.memberWinners = memberWinners
        self.outcome = outcome
    }

    /// Equal when every part is.
    public static func == (lhs: CombinedAwardComparison, rhs: CombinedAwardComparison) -> Bool {
        lhs.group == rhs.group && lhs.groupWinner == rhs.groupWinner && lhs.outcome == rhs.outcome
            && lhs.memberWinners.map(\.lot) == rhs.memberWinners.map(\.lot)
            && lhs.memberWinners.map(\.winner) == rhs.memberWinners.map(\.winner)
    }
}

extension EvaluationResult {
    /// For each group of lots in `plan` whose members the plan also evaluates, its winner beside its
    /// member lots' winners (``CombinedAwardComparison``), in plan order.
    ///
    /// The comparison is made on price only, and only when the group and every member lot each have
    /// one bid ranked first alone, each with one priced criterion (prices are in the plan's currency,
    /// which the evaluation checks); otherwise the
    /// outcome says what is missing. Exact: `membersPrice` is the sum of the members' winners' prices.
    public func combinedAwardComparisons(plan: TenderPlan) -> [CombinedAwardComparison] {
        plan.lots.compactMap { group -> CombinedAwardComparison? in
            guard group.kind == .group, !group.members.isEmpty,
                group.members.allSatisfy({ member in lots.contains { $0.lot == member } })
            else { return nil }
            let groupWinner = winner(of: group.id, plan: plan)
            let members = group.members.map { (lot: $0, winner: winner(of: $0, plan: plan)) }
            return CombinedAwardComparison(
                group: group.id, groupWinner: groupWinner, memberWinners: members,
                outcome: Self.compare(group: group.id, groupWinner, members))
        }
    }

    private func winner(of lotID: LotID, plan: TenderPlan) -> CombinedAwardComparison.Winner? {
        guard let lotResult = lots.first(where: { $0.lot == lotID }), lotResult.leaders.count == 1,
            let leader = lotResult.leaders.first
        else { return nil }
        var prices: [Rational] = []
        func collect(_ evaluations: [CriterionEvaluation]) {
            for evaluation in evaluations {
                switch evaluation.detail {
                case let .price(money): prices.append(money.exact)
                case let .lifeCycleCost(cost): prices.append(cost.total)
                default: break
                }
                collect(evaluation.children)
            }
        }
        collect(leader.criteria)
        let priced = plan.lot(lotID)?.pricedCriteria.count ?? 0
        return CombinedAwardComparison.Winner(
            lot: lotID, bid: leader.bid, tenderer: leader.tenderer,
            price: priced == 1 && prices.count == 1 ? prices[0] : nil, totalPoints: leader.totalPoints?.used)
    }

    private static func compare(
        group: LotID, _ groupWinner: CombinedAwardComparison.Winner?,
        _ members: [(lot: LotID, winner: CombinedAwardComparison.Winner?)]
    ) -> CombinedAwardComparison.Outcome {
        guard let groupWinner else {
            return .notComparable("group of lots \(group) has no single bid ranked first")
        }
        let without = members.filter { $0.winner == nil }.map(\.lot.rawValue)
        guard without.isEmpty else {
            return .notComparable(
                "\(without.count == 1 ? "lot" : "lots") \(without.joined(separator: ", ")) \(without.count == 1 ? "has" : "have")"
                    + " no single bid ranked first")
        }
        guard let groupPrice = groupWinner.price else {
            return .notComparable("group of lots \(group) does not have exactly one priced criterion")
        }
        var sum = Rational.zero
        for (lot, winner) in members {
            guard let price = winner?.price else {
                return .notComparable("lot \(lot) does not have exactly one priced criterion")
            }
            sum += price
        }
        return .compared(groupPrice: groupPrice, membersPrice: sum, difference: groupPrice - sum)
    }
}
