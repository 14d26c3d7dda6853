import TenderEvaluation
import TenderModel
import Testing

/// Inconsistent inputs stop the evaluation with every problem, each naming its file and line.
@Suite("Evaluate: input errors")
struct InputErrorTests {
    static let plan = Build.plan([Build.standardLot()])

    /// The error's problems, when it is `invalidInput`.
    static func problems(
        _ error: EvaluationError?, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [EvaluationProblem] {
        guard case let .invalidInput(problems) = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))", sourceLocation: sourceLocation)
            return []
        }
        return problems
    }

    @Test("A zero or negative price is an error at the price's line", arguments: ["0", "0.00", "-5.00", "-0.01"])
    func nonPositivePrice(price: String) {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: price), Build.bid("B2", price: "80000")],
                moderations: [Build.moderation([("B1", "Q", "2"), ("B2", "Q", "2")])]))
        #expect(error?.description == "bids/B1.xml:11: error: price must be greater than zero; found \(price)")
        #expect(
            Self.problems(error) == [
                EvaluationProblem(
                    location: at("bids/B1.xml", 11), message: "price must be greater than zero; found \(price)")
            ])
    }

    @Test("A price in another currency is an error")
    func otherCurrency() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000.00", currency: "USD")],
                moderations: [Build.moderation([("B1", "Q", "2")])]))
        #expect(
            error?.description == "bids/B1.xml:11: error: price must be in the plan's currency EUR; found 80000.00 USD")
    }

    @Test("A bid without a price for the priced criterion is an error at its lot bid")
    func missingPrice() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: nil)], moderations: [Build.moderation([("B1", "Q", "2")])]))
        #expect(error?.description == "bids/B1.xml:10: error: bid B1 gives no price for criterion P of lot LOT-1")
    }

    @Test(
        "A score off the scale is an error at the score's line",
        arguments: [
            ("3.5", "score 3.5 is not on scale Q04; expected one of 0, 1, 2, 3, 4"),
            ("5", "score 5 is not on scale Q04; expected one of 0, 1, 2, 3, 4"),
            ("-1", "score -1 is not on scale Q04; expected one of 0, 1, 2, 3, 4"),
        ])
    func scoreOffScale(score: String, message: String) {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")], sheets: [Build.sheet("EV-2", "B1", [("Q", score)])])
        )
        #expect(error?.description == "scores/EV-2/B1.xml:10: error: \(message)")
    }

    @Test("A consensus score off the scale is an error at its line")
    func consensusOffScale() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")],
                moderations: [Build.moderation([("B1", "Q", "2.5")])]))
        #expect(
            error?.description
                == "moderation/LOT-1.xml:10: error: consensus score 2.5 is not on scale Q04; expected one of 0, 1, 2, 3, 4"
        )
    }

    @Test("A sheet that leaves out a quality criterion is an error at the sheet")
    func criterionWithoutScoreInSheet() {
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q1", weight: "30", line: 21), Build.scored("Q2", weight: "30", line: 22),
                    Build.priced("P", weight: "40", line: 23),
                ], line: 20))
        let error = evaluationError(
            Build.input(
                Build.plan([lot]), bids: [Build.bid("B1", price: "80000")],
                sheets: [Build.sheet("EV-1", "B1", [("Q1", "3")])]))
        #expect(
            error?.description
                == "scores/EV-1/B1.xml:1: error: criterion Q2 has no score in this sheet; an evaluator scores every quality"
                + " criterion of the lot")
    }

    @Test("A criterion with no score at all (no sheet, no consensus) is an error at the lot bid")
    func noScoreAtAll() {
        let error = evaluationError(Build.input(Self.plan, bids: [Build.bid("B1", price: "80000")]))
        #expect(
            error?.description
                == "bids/B1.xml:10: error: criterion Q of bid B1 has no score: no evaluator's score sheet scores it and"
                + " moderation/LOT-1.xml records no consensus score")
    }

    @Test("A score for a criterion the plan does not have is an error")
    func unknownCriterion() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")],
                sheets: [Build.sheet("EV-1", "B1", [("Q", "3"), ("Q9", "2")])]))
        #expect(
            error?.description
                == "scores/EV-1/B1.xml:11: error: score for criterion Q9, which lot LOT-1 does not have (only published"
                + " criteria may be scored)")
    }

    @Test("A score for a priced criterion is an error")
    func scoreForPricedCriterion() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")],
                sheets: [Build.sheet("EV-1", "B1", [("Q", "3"), ("P", "2")])]))
        #expect(
            error?.description
                == "scores/EV-1/B1.xml:11: error: criterion P is not scored by evaluators (it is scored from prices)")
    }

    @Test("A sheet from an evaluator not on the panel is an error")
    func evaluatorNotOnPanel() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")],
                sheets: [Build.sheet("EV-1", "B1", [("Q", "3")]), Build.sheet("EV-9", "B1", [("Q", "3")])]))
        #expect(error?.description == "scores/EV-9/B1.xml:1: error: evaluator EV-9 is not on the plan's panel")
    }

    @Test("A sheet from a panel member who does not score quality is an error")
    func evaluatorWithoutRole() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")], sheets: [Build.sheet("LEAD", "B1", [("Q", "3")])]))
        #expect(
            error?.description
                == "scores/LEAD/B1.xml:1: error: evaluator LEAD is not a quality-evaluator on the plan's panel")
    }

    @Test("Two bids with the same ID are an error at the second file")
    func duplicateBidIDs() {
        var copy = Build.bid("B1", price: "90000")
        copy.location = at("bids/B1-copy.xml", 1)
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [copy, Build.bid("B1", price: "80000")],
                moderations: [Build.moderation([("B1", "Q", "2")])]))
        #expect(
            error?.description
                == "bids/B1.xml:1: error: bid ID B1 is already used by bids/B1-copy.xml; every bid needs its own ID")
    }

    @Test("A bid for a lot the plan does not have is an error")
    func unknownLot() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", lots: [("LOT-1", "80000"), ("LOT-9", "1000")])],
                moderations: [Build.moderation([("B1", "Q", "2")])]))
        #expect(
            error?.description
                == "bids/B1.xml:20: error: bid for lot LOT-9, which the plan does not have (its lots: LOT-1)")
    }

    @Test("A score sheet for a bid that does not exist is an error")
    func sheetForUnknownBid() {
        let error = evaluationError(
            Build.input(
                Self.plan, bids: [Build.bid("B1", price: "80000")],
                sheets: [Build.sheet("EV-1", "B1", [("Q", "3")]), Build.sheet("EV-1", "B7", [("Q", "3")])]))
        #expect(
            error?.description == "scores/EV-1/B7.xml:1: error: score sheet for bid B7, which is not among the bids")
    }

    @Test(
        "A spread above the plan's maximum without a consensus score is an error naming the bid and the highest score")
    func spreadNeedsModeration() {
        // Scores 1 (EV-1), 3 (EV-2), 2 (EV-3): the error points at EV-2's score, line 10 of its sheet.
        let rules = EvaluationRules(aggregation: Aggregation(method: .median, maximumSpread: dec("1")))
        let error = evaluationError(
            Build.input(
                Build.plan([Build.standardLot()], rules: rules), bids: [Build.bid("B1", price: "80000")],
                sheets: Build.sheets("B1", q: ["1", "3", "2"])))
        #expect(
            error?.description
                == "scores/EV-2/B1.xml:10: error: the evaluators' scores for bid B1 on criterion Q range from 1 to 3 (spread 2, above"
                + " the plan's maximum 1); moderation is required: record a consensus score in moderation/LOT-1.xml")
    }

    @Test("Every problem is reported, sorted by file and line")
    func allProblemsSorted() {
        let error = evaluationError(
            Build.input(
                Self.plan,
                bids: [Build.bid("B2", price: "0"), Build.bid("B1", price: "80000", currency: "GBP")],
                sheets: [Build.sheet("EV-9", "B1", [("Q", "3.5")])]))
        #expect(
            error?.description
                == [
                    "bids/B1.xml:11: error: price must be in the plan's currency EUR; found 80000 GBP",
                    "bids/B2.xml:11: error: price must be greater than zero; found 0",
                    "scores/EV-9/B1.xml:1: error: evaluator EV-9 is not on the plan's panel",
                    "scores/EV-9/B1.xml:10: error: score 3.5 is not on scale Q04; expected one of 0, 1, 2, 3, 4",
                ].joined(separator: "\n"))
    }

    // MARK: - Plans that are not ready

    @Test("A criterion without a weight makes the plan not ready")
    func criterionWithoutWeight() {
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.scored("Q", weight: nil, line: 21), Build.priced("P", weight: "40", line: 22),
                ], line: 20))
        let error = evaluationError(
            Build.input(
                Build.plan([lot]), bids: [Build.bid("B1", price: "80000")],
                moderations: [Build.moderation([("B1", "Q", "2")])]))
        #expect(
            error
                == .planNotReady([
                    ReadinessProblem(
                        location: at("tender.xml", 21),
                        message:
                            "criterion Q has no exact weighting: the notice published no weighting for it; the plan cannot be"
                            + " evaluated until the contracting authority states an exact weighting consistent with what it"
                            + " published (weight=\"…\")")
                ]))
    }

    @Test("A criterion without a scoring method makes the plan not ready")
    func criterionWithoutMethod() {
        let lot = Build.lot(
            Build.level(
                .percent,
                [
                    Build.unstated("Q", weight: "60", line: 21), Build.priced("P", weight: "40", line: 22),
                ], line: 20))
        let error = evaluationError(Build.input(Build.plan([lot]), bids: [Build.bid("B1", price: "80000")]))
        #expect(
            error?.description
                == "tender.xml:21: error: criterion Q (quality) of lot LOT-1 has no scoring method: give it scale=\"…\""
                + " naming a scale declared in <Scales> (evaluators score it)")
        guard case .planNotReady = error else {
            Issue.record("expected planNotReady")
            return
        }
    }

    @Test("A plan is checked for readiness before the documents are")
    func readinessBeforeDocuments() {
        let error = evaluationError(
            Build.input(
                Build.plan([Build.standardLot(price: "30")]), bids: [Build.bid("B1", price: "0")]))
        #expect(
            error
                == .planNotReady([
                    ReadinessProblem(
                        location: at("tender.xml", 20),
                        message: "the percentage weightings of criteria Q, P in lot LOT-1 sum to 90, not exactly 100")
                ]))
    }
}
