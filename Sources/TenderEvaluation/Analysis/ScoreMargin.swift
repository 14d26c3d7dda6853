public import Foundation
public import TenderModel

/// How far the runner-up's score on one quality criterion would have to rise for it to overtake
/// the winner, everything else unchanged.
///
/// A scored criterion earns `worth × score ÷ scale maximum` (DESIGN §5), so each unit of score is
/// worth `worth ÷ scale maximum` points, and a bid's quality points do not move any other bid's
/// points (only prices set benchmarks). The runner-up overtakes when its exact total exceeds the
/// winner's: `gap = winner's total − runner-up's total`, both unrounded (see ``DecisionAnalysis``).
/// An equal total would go to the tie-break, so the margin is to overtake outright.
///
/// The score is the one the evaluation used: the moderated (consensus) score, or the aggregate of
/// the evaluators' scores where there is none, which may fall between scale values. A rise is
/// counted to a value of the criterion's scale, since that is what a consensus score must be.
public struct ScoreMargin: Equatable, Sendable {
    /// Whether a score on the scale overtakes the winner.
    public enum Outcome: Equatable, Sendable {
        /// `score` is the lowest value of the scale that overtakes: `steps` scale values above the
        /// current score (1 is the next value), a rise of `scoreRise` on the scale, worth
        /// `pointsGained` weighted points (more than ``ScoreMargin/gap``).
        case reachable(score: Decimal, steps: Int, scoreRise: Rational, pointsGained: Rational)
        /// Not even the scale's maximum overtakes: at most `maximumGain` weighted points can be
        /// gained on this criterion, which is no more than ``ScoreMargin/gap``.
        case notReachable(maximumGain: Rational)
    }

    /// The runner-up (a bid ranked second).
    public var bid: BidID
    /// The winner.
    public var winner: BidID
    /// The scored criterion (a leaf of the criteria tree).
    public var criterion: CriterionID
    /// The runner-up's score used on it, exact.
    public var score: Rational
    /// The scale's maximum.
    public var scaleMaximum: Decimal
    /// The criterion's worth: the weighted points a score at the scale's maximum earns.
    public var worth: Rational
    /// The winner's exact total minus the runner-up's, in points (≥ 0).
    public var gap: Rational
    /// The rise on the scale at which the runner-up would tie the winner exactly,
    /// `gap × scale maximum ÷ worth` (may exceed what the scale allows); `nil` for a criterion worth 0.
    public var scoreRiseToTie: Rational?
    /// The smallest rise that overtakes, or that none on the scale does.
    public var outcome: Outcome

    /// Creates a margin.
    public init(
        bid: BidID, winner: BidID, criterion: CriterionID, score: Rational, scaleMaximum: Decimal, worth: Rational,
        gap: Rational, scoreRiseToTie: Rational?, outcome: Outcome
    ) {
        self.bid = bid
        self.winner = winner
        self.criterion = criterion
        self.score = score
        self.scaleMaximum = scaleMaximum
        self.worth = worth
        self.gap = gap
        self.scoreRiseToTie = scoreRiseToTie
        self.outcome = outcome
    }

    static func analyse(
        lot: Lot, plan: TenderPlan, evaluation: LotEvaluation, winner: BidEvaluation
    ) -> [ScoreMargin] {
        let worths = lot.worths
        var margins: [ScoreMargin] = []
        for runnerUp in evaluation.bids where runnerUp.rank == 2 {
            let gap = winner.unroundedTotal - runnerUp.unroundedTotal
            for criterion in lot.scoredCriteria {
                guard case let .scale(scaleID) = criterion.method, let scale = plan.scales[scaleID],
                    let evaluated = runnerUp.criterionEvaluation(criterion.id),
                    case let .score(detail) = evaluated.detail
                else { continue }
                let worth = worths[criterion.id] ?? .zero
                let maximum = Rational(detail.scaleMaximum)
                let perUnit = maximum.isZero ? Rational.zero : worth / maximum
                let above = Set(scale.points.map(\.value)).sorted().filter { Rational($0) > detail.value }
                var outcome = Outcome.notReachable(
                    maximumGain: detail.value < maximum ? perUnit * (maximum - detail.value) : .zero)
                for (index, value) in above.enumerated() {
                    let rise = Rational(value) - detail.value
                    if perUnit * rise > gap {
                        outcome = .reachable(
                            score: value, steps: index + 1, scoreRise: rise, pointsGained: perUnit * rise)
                        break
                    }
                }
                margins.append(
                    ScoreMargin(
                        bid: runnerUp.bid, winner: winner.bid, criterion: criterion.id, score: detail.value,
                        scaleMaximum: detail.scaleMaximum, worth: worth, gap: gap,
                        scoreRiseToTie: perUnit.isZero ? nil : gap / perUnit, outcome: outcome))
            }
        }
        return margins
    }
}
