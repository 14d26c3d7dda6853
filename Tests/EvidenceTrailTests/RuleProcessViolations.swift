@testable import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// Violations of the process rules of note 0004, each recorded by the people who did the wrong
/// thing, with valid signatures: what the lifecycle refuses is appended with the unsafe appender.
///
/// The submission deadline is 2025-03-14T12:00:00+00:00; bids are received on 10 March and opened
/// at 13:00 on the 14th (``MiniCase/times``).
extension Violation {
    static let process: [Violation] = [
        // plan-sealed-before-opening
        Violation(
            check: "plan-sealed-before-opening", story: "tender.xml edited after sealing",
            phrases: ["tender.xml: differs from the plan sealed in entry 1"],
            alsoNotPassing: ["inputs-match-record"],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(
                    "tender.xml", replacing: "<Title>Mini case</Title>", with: "<Title>Mini case (revised)</Title>")
                return (ruleCase, nil)
            }),
        Violation(
            check: "plan-sealed-before-opening", story: "the weightings amended after the bids were opened",
            phrases: [
                "evidence/trail/00000006.xml: the plan was amended (entry 6) at 2025-03-14T14:00:00+00:00, after bids were"
                    + " opened (entry 5) and after the submission deadline 2025-03-14T12:00:00+00:00: criteria or weightings"
                    + " changed after tenders were seen"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.edit(
                    "tender.xml", replacing: #"id="Q1" type="quality" weight="60""#,
                    with: #"id="Q1" type="quality" weight="50""#)
                try ruleCase.edit(
                    "tender.xml", replacing: #"id="Q2" type="quality" weight="10""#,
                    with: #"id="Q2" type="quality" weight="20""#)
                try ruleCase.append(
                    .planAmended, by: "LEAD", at: "2025-03-14T14:00:00+00:00", subjects: [("tender.xml", "plan")],
                    reason: "Social value matters more than we thought.")
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "plan-sealed-before-opening", story: "an amendment after the deadline, before the opening",
            phrases: [
                "evidence/trail/00000005.xml: the plan was amended (entry 5) at 2025-03-14T12:30:00+00:00, after the"
                    + " submission deadline 2025-03-14T12:00:00+00:00"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.edit(
                    "tender.xml", replacing: "<Title>Mini case</Title>", with: "<Title>Mini case (revised)</Title>")
                try ruleCase.append(
                    .planAmended, by: "LEAD", at: "2025-03-14T12:30:00+00:00", subjects: [("tender.xml", "plan")],
                    reason: "The title was corrected.")
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "plan-sealed-before-opening", story: "an amendment before the deadline without a reason",
            phrases: ["evidence/trail/00000002.xml: the amendment gives no reason"],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.edit(
                    "tender.xml", replacing: "<Title>Mini case</Title>", with: "<Title>Mini case (revised)</Title>")
                try ruleCase.append(
                    .planAmended, by: "LEAD", at: "2025-03-05T09:00:00+00:00", subjects: [("tender.xml", "plan")])
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),

        // only-published-criteria-scored
        Violation(
            check: "only-published-criteria-scored",
            story: "a score on a criterion the plan does not contain, evaluated outside tender",
            phrases: [
                "scores/EV-1/BID-A.xml:5: scores criterion Q9, which the sealed plan's lot LOT-1 does not contain"
            ],
            alsoNotPassing: Set(["inputs-are-valid"]).union(dependents(of: "inputs-are-valid")),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(
                    ruleCase.sheetPath("EV-1", "BID-A"), replacing: "</ScoreSheet>",
                    with:
                        #"<Score criterion="Q9" value="3"><Justification>Local supply chain set out in section 4 of the"#
                        + " response.</Justification></Score>\n</ScoreSheet>")
                try ruleCase.append(
                    .scoreSheetSubmitted, by: "EV-1", at: RuleCase.later.afterwards,
                    subjects: [("scores/EV-1/BID-A.xml", "score-sheet")])
                try ruleCase.recordEvaluation(at: RuleCase.later.rerun)
                return (ruleCase, nil)
            }),

        // late-bids-excluded
        Violation(
            check: "late-bids-excluded",
            story: "a receipt after the deadline marked on time (its time still makes the bid late)",
            phrases: [
                "evidence/trail/00000004.xml: BID-C was received at 2025-03-14T12:30:00+00:00, after the deadline"
                    + #" 2025-03-14T12:00:00+00:00, but the receipt says late="false""#
            ],
            build: {
                let ruleCase = try lateReceipt(deadline: "2025-03-14T12:00:00+00:00")
                return (ruleCase, nil)
            }),
        Violation(
            check: "late-bids-excluded", story: "a receipt before the deadline marked late",
            phrases: [
                "evidence/trail/00000004.xml: BID-C was received at 2025-03-10T10:00:00+00:00, before the deadline"
                    + #" 2025-03-14T12:00:00+00:00, but the receipt says late="true""#
            ],
            build: {
                let ruleCase = try RuleCase.written()
                for evaluator in RuleCase.evaluators { try ruleCase.remove(ruleCase.sheetPath(evaluator, "BID-C")) }
                try ruleCase.seal()
                try ruleCase.receive(["BID-A", "BID-B"])
                try ruleCase.append(
                    .bidReceived, by: "LEAD", at: MiniCase.times.receive, subjects: [("bids/BID-C.xml", "bid")],
                    receipt: .init(
                        bid: "BID-C", deadline: try ruleCase.timestamp("2025-03-14T12:00:00+00:00"), isLate: true))
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "late-bids-excluded",
            story: "a bid received after the opening, its receipt backdated before the deadline and marked on time",
            phrases: [
                "evidence/trail/00000006.xml: BID-D was received after the bids were opened (entry 5), but the receipt"
                    + #" says late="false""#
            ],
            alsoNotPassing: ["entries-are-in-time-order"],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()  // entry 5 lists BID-A, B and C
                try ruleCase.write(
                    MiniCase.bid("BID-D", tenderer: "Delta Ltd", price: "95000.00"), to: "bids/BID-D.xml")
                try ruleCase.append(  // entry 6, after the opening, claims 11:00 on deadline day
                    .bidReceived, by: "LEAD", at: "2025-03-14T11:00:00+00:00", subjects: [("bids/BID-D.xml", "bid")],
                    receipt: .init(
                        bid: "BID-D", deadline: try ruleCase.timestamp("2025-03-14T12:00:00+00:00"), isLate: false))
                // `tender declare` takes BID-D for an opened bid (its receipt says on time), so the
                // declarations cover its tenderer too.
                for evaluator in RuleCase.evaluators {
                    let declaration = MiniCase.declaration(evaluator).replacingOccurrences(
                        of: "</ConflictDeclaration>",
                        with: #"  <Tenderer id="T-BID-D" conflict="false">No relationship with T-BID-D.</Tenderer>"#
                            + "\n</ConflictDeclaration>")
                    try ruleCase.write(declaration, to: "declarations/\(evaluator).xml")
                }
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "late-bids-excluded", story: "score sheets submitted for a late bid",
            phrases: [
                "evidence/trail/00000012.xml: scores/EV-1/BID-C.xml scores BID-C, which was received late (entry 4); a"
                    + " late bid is never evaluated",
                "evidence/trail/00000013.xml: scores/EV-2/BID-C.xml scores BID-C, which was received late (entry 4); a"
                    + " late bid is never evaluated",
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive(["BID-A", "BID-B"])
                try ruleCase.receive(["BID-C"], at: "2025-03-14T12:30:00+00:00")  // entry 4, late
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score(bids: ["BID-A", "BID-B"])  // entries 8–11
                for evaluator in RuleCase.evaluators {  // entries 12–13: what `tender score` refuses
                    try ruleCase.appendSheets(by: evaluator, for: ["BID-C"])
                }
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "late-bids-excluded", story: "a receipt that records a later deadline than the plan's",
            phrases: [
                "evidence/trail/00000004.xml: records the deadline as 2025-03-15T12:00:00+00:00, but the sealed plan's deadline"
                    + " is 2025-03-14T12:00:00+00:00"
            ],
            build: {
                let ruleCase = try lateReceipt(deadline: "2025-03-15T12:00:00+00:00")
                return (ruleCase, nil)
            }),
        Violation(
            check: "late-bids-excluded", story: "a late bid ranked in results.xml, recorded by the price evaluator",
            phrases: [
                "evidence/results.xml: BID-C was received late (entry 4) but is ranked at rank 3 in lot LOT-1"
            ],
            alsoNotPassing: ["results-reproduce"],
            build: {
                let ruleCase = try RuleCase.written()
                for evaluator in RuleCase.evaluators { try ruleCase.remove(ruleCase.sheetPath(evaluator, "BID-C")) }
                try ruleCase.seal()
                try ruleCase.receive(["BID-A", "BID-B"])
                try ruleCase.receive(["BID-C"], at: "2025-03-14T12:30:00+00:00")
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                try ruleCase.rank("BID-C", tenderer: "Gamma Ltd", at: 3)
                return (ruleCase, nil)
            }),

        // bids-opened-after-deadline
        Violation(
            check: "bids-opened-after-deadline", story: "bids opened before the submission deadline",
            phrases: [
                "evidence/trail/00000005.xml: the bids were opened at 2025-03-14T09:00:00+00:00, before the submission"
                    + " deadline 2025-03-14T12:00:00+00:00 had passed"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.append(
                    .bidsOpened, by: "LEAD", at: "2025-03-14T09:00:00+00:00",
                    subjects: RuleCase.bids.map { ("bids/\($0).xml", "bid") })
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "bids-opened-after-deadline",
            story: "a bid received after the opening ranked in results.xml, recorded by the price evaluator",
            phrases: [
                "evidence/results.xml: BID-D is ranked in lot LOT-1 but was not received before the bids were opened"
                    + " (entry 5); its receipt is entry 6"
            ],
            alsoNotPassing: ["late-bids-excluded", "results-reproduce"],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()  // entry 5
                try ruleCase.write(
                    MiniCase.bid("BID-D", tenderer: "Delta Ltd", price: "95000.00"), to: "bids/BID-D.xml")
                try ruleCase.receive(["BID-D"], at: "2025-03-14T14:00:00+00:00")  // entry 6, late
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate()
                try ruleCase.rank("BID-D", tenderer: "Delta Ltd", at: 4)
                return (ruleCase, nil)
            }),
        Violation(
            check: "bids-opened-after-deadline", story: "a bid that was never received ranked in results.xml",
            phrases: [
                "evidence/results.xml: BID-Z is ranked in lot LOT-1 but was not received before the bids were opened"
                    + " (entry 5); it has no receipt"
            ],
            alsoNotPassing: ["every-bid-has-a-final-status", "results-reproduce"],
            build: { (try renamedInResults(), nil) }),

        // every-bid-has-a-final-status
        Violation(
            check: "every-bid-has-a-final-status", story: "a received bid renamed in the results",
            phrases: [
                "evidence/results.xml: BID-C was received (entry 4) but has no status in the results",
                "evidence/results.xml: BID-Z is in the results but was never received",
            ],
            alsoNotPassing: ["bids-opened-after-deadline", "results-reproduce"],
            build: { (try renamedInResults(), nil) }),

        // declarations-precede-scores
        Violation(
            check: "declarations-precede-scores", story: "score sheets submitted before the evaluator's declaration",
            phrases: [
                "evidence/trail/00000007.xml: EV-2 submitted a score sheet (entry 7) before declaring conflicts of interest"
                    + " (declared in entry 10)"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare(["EV-1"])  // entry 6
                for bid in RuleCase.bids {  // entries 7–9
                    try ruleCase.append(
                        .scoreSheetSubmitted, by: "EV-2", at: MiniCase.times.score,
                        subjects: [(ruleCase.sheetPath("EV-2", bid), "score-sheet")])
                }
                try ruleCase.declare(["EV-2"], at: "2025-03-16T10:00:00+00:00")  // entry 10
                try ruleCase.score(["EV-1"], at: "2025-03-16T11:00:00+00:00")
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "declarations-precede-scores", story: "an evaluator who never declared scored",
            phrases: [
                "evidence/trail/00000010.xml: EV-2 submitted a score sheet (entry 10) before declaring conflicts of interest"
                    + " (never declared)"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.remove("declarations/EV-2.xml")
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare(["EV-1"])  // entry 6
                try ruleCase.score(["EV-1"])  // entries 7–9
                for bid in RuleCase.bids {  // entries 10–12
                    try ruleCase.append(
                        .scoreSheetSubmitted, by: "EV-2", at: MiniCase.times.score,
                        subjects: [(ruleCase.sheetPath("EV-2", bid), "score-sheet")])
                }
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "declarations-precede-scores",
            story: "an evaluator who declared a conflict scored that tenderer's bid",
            phrases: [
                "evidence/trail/00000008.xml: EV-1 declared a conflict of interest with T-BID-A but scored its bid BID-A"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.write(MiniCase.declaration("EV-1", conflictWith: ["T-BID-A"]), to: "declarations/EV-1.xml")
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()  // entries 6–7
                try ruleCase.append(  // entry 8
                    .scoreSheetSubmitted, by: "EV-1", at: MiniCase.times.score,
                    subjects: [(ruleCase.sheetPath("EV-1", "BID-A"), "score-sheet")])
                for bid in ["BID-B", "BID-C"] {
                    ruleCase.clock.set(MiniCase.times.score)
                    _ = try ruleCase.lifecycle.score(
                        sheet: ruleCase.sheetPath("EV-1", bid), key: RuleCase.panel.key("EV-1"))
                }
                try ruleCase.score(["EV-2"])
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),

        Violation(
            check: "declarations-precede-scores",
            story: "an evaluator withdrew a declared conflict, then scored that tenderer's bid",
            phrases: [
                "evidence/trail/00000008.xml: EV-1 withdrew the conflict of interest with T-BID-A declared in entry 6; a"
                    + " declared conflict stands",
                "evidence/trail/00000009.xml: EV-1 declared a conflict of interest with T-BID-A but scored its bid BID-A",
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.write(MiniCase.declaration("EV-1", conflictWith: ["T-BID-A"]), to: "declarations/EV-1.xml")
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()  // entry 6: "conflict of interest declared with T-BID-A"; entry 7
                try ruleCase.write(MiniCase.declaration("EV-1"), to: "declarations/EV-1.xml")
                try ruleCase.append(  // entry 8: no conflict, which `tender declare` refuses
                    .conflictDeclared, by: "EV-1", at: "2025-03-15T10:00:00+00:00",
                    subjects: [("declarations/EV-1.xml", "declaration")])
                try ruleCase.appendSheets(by: "EV-1", for: ["BID-A"])  // entry 9, which `tender score` refuses
                try ruleCase.score(["EV-1"], bids: ["BID-B", "BID-C"])
                try ruleCase.score(["EV-2"])
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),

        // minimum-sheets-before-moderation
        Violation(
            check: "minimum-sheets-before-moderation", story: "moderation recorded when only one evaluator had scored",
            phrases: [
                "evidence/trail/00000011.xml: lot LOT-1 was moderated with 1 score sheet(s) recorded for BID-A; the plan"
                    + " requires 2",
                "recorded for BID-B; the plan requires 2", "recorded for BID-C; the plan requires 2",
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(minimumSheets: 2).text)
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score(["EV-1"])  // entries 8–10
                try MiniCase.dateModeration(in: ruleCase.folder, at: "2025-03-16T09:30:00+00:00")
                try ruleCase.moderate(at: "2025-03-16T10:00:00+00:00")  // entry 11
                try ruleCase.score(["EV-2"], at: "2025-03-17T09:00:00+00:00")
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),

        // quality-and-price-evaluators-separate
        Violation(
            check: "quality-and-price-evaluators-separate",
            story: "a quality evaluator who also holds the price role signed the evaluation",
            phrases: ["evidence/trail/00000015.xml: EV-1 signed the price evaluation but is a quality evaluator"],
            build: {
                let plan = PlanVariant(separateQualityAndPriceEvaluators: true, extraRolesOfEV1: ["price-evaluator"])
                let ruleCase = try RuleCase.written(plan: plan.text)
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                try ruleCase.evaluate(by: "EV-1")
                return (ruleCase, nil)
            }),

        // quality-locked-before-prices
        Violation(
            check: "quality-locked-before-prices",
            story: "a score sheet changed after prices were opened, then re-evaluated",
            phrases: [
                "evidence/trail/00000016.xml: score-sheet-submitted recorded after prices were opened in entry 15"
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(lockQualityBeforePrices: true).text)
                try ruleCase.runAll()
                try ruleCase.edit(
                    ruleCase.sheetPath("EV-1", "BID-C"), replacing: #"<Score criterion="Q1" value="2">"#,
                    with: #"<Score criterion="Q1" value="3">"#)
                try ruleCase.append(
                    .scoreSheetSubmitted, by: "EV-1", at: RuleCase.later.afterwards,
                    subjects: [(ruleCase.sheetPath("EV-1", "BID-C"), "score-sheet")])
                try ruleCase.evaluate(at: RuleCase.later.rerun)
                return (ruleCase, nil)
            }),

        // justifications-are-substantive
        Violation(
            check: "justifications-are-substantive", story: "a justification that only repeats the descriptor",
            phrases: [
                "scores/EV-1/BID-B.xml:3: the justification for Q1 has 1 word(s); say what in the bid supports the score"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.write(
                    RuleDocuments.sheet(
                        evaluator: "EV-1", bid: "BID-B", q1: "4", q2: "3", q1Why: "Excellent.",
                        q2Why: "Social value for BID-B as evidenced in section 3 of the response."),
                    to: ruleCase.sheetPath("EV-1", "BID-B"))
                try ruleCase.runAll()
                return (ruleCase, nil)
            }),

        // moderation-gives-reasons
        Violation(
            check: "moderation-gives-reasons",
            story: "a consensus that differs from the median, with the reason \"Agreed.\"",
            phrases: [
                "moderation/LOT-1.xml:6: the consensus 3 for BID-A Q2 differs from the median 2 but its reason has 1 word(s);"
                    + " say what in the bid supports the score"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.write(RuleDocuments.moderation(score: "3", reason: "Agreed."), to: "moderation/LOT-1.xml")
                try ruleCase.runAll()
                return (ruleCase, nil)
            }),

        // abnormally-low-decided
        Violation(
            check: "abnormally-low-decided", story: "a flagged bid without an explanation and decision",
            phrases: [
                "evidence/results.xml: BID-C is flagged as abnormally low in lot LOT-1 but no explanation and decision is recorded"
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(abnormallyLowBelowPercent: 90).text)
                try ruleCase.runAll()
                return (ruleCase, nil)
            }),
        Violation(
            check: "abnormally-low-decided", story: "a decision on a bid that is not flagged",
            phrases: ["evidence/trail/00000016.xml: decides on BID-A, which is not flagged as abnormally low"],
            alsoNotPassing: ["abnormally-low-request-on-record"],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.write("Alpha explains its price.\n", to: "explanations/BID-A.txt")
                try ruleCase.append(
                    .abnormallyLowDecided, by: "LEAD", at: RuleCase.later.decide,
                    subjects: [("explanations/BID-A.txt", "explanation")],
                    decision: .init(bid: "BID-A", isAccepted: true, reason: "The explanation is convincing."))
                try ruleCase.evaluate(at: RuleCase.later.reevaluate)
                return (ruleCase, nil)
            }),

        // abnormally-low-explanation-requested
        Violation(
            check: "abnormally-low-explanation-requested",
            story: "a decision that cites an entry which is not a request for explanation",
            phrases: [
                "evidence/trail/00000017.xml: decides on BID-C answering entry 3, which is not a request for explanation"
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(abnormallyLowBelowPercent: 90).text)
                try ruleCase.runAll()  // entry 15 flags BID-C
                try ruleCase.request("BID-C")  // entry 16
                try ruleCase.write("Gamma explains its price.\n", to: "explanations/BID-C.txt")
                try ruleCase.append(
                    .abnormallyLowDecided, by: "LEAD", at: RuleCase.later.decide,
                    subjects: [("explanations/BID-C.txt", "explanation")],
                    decision: .init(bid: "BID-C", isAccepted: true, reason: "The explanation is convincing.", request: 3))
                try ruleCase.evaluate(at: RuleCase.later.reevaluate)
                return (ruleCase, nil)
            }),
        Violation(
            check: "abnormally-low-explanation-requested",
            story: "a bid rejected without an answer before the response deadline",
            phrases: [
                "evidence/trail/00000017.xml: rejects BID-C without an answer before its response deadline"
                    + " 2025-03-21T17:00:00+00:00 (entry 16)"
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(abnormallyLowBelowPercent: 90).text)
                try ruleCase.runAll()
                try ruleCase.request("BID-C")  // entry 16: answer by 17:00 on the 21st
                try ruleCase.append(
                    .abnormallyLowDecided, by: "LEAD", at: "2025-03-21T12:00:00+00:00",
                    decision: .init(bid: "BID-C", isAccepted: false, reason: "No answer was received.", request: 16))
                try ruleCase.evaluate(at: RuleCase.later.reevaluate)
                return (ruleCase, nil)
            }),
        Violation(
            check: "abnormally-low-explanation-requested", story: "a request made before any evaluation flagged the bid",
            phrases: [
                "evidence/trail/00000015.xml: requests an explanation from BID-C before any evaluation flagged the bid"
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(abnormallyLowBelowPercent: 90).text)
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()
                try ruleCase.score()
                try ruleCase.moderate()
                let request = try ruleCase.append(
                    .abnormallyLowRequested, by: "LEAD", at: "2025-03-20T12:00:00+00:00",
                    request: .init(
                        bid: "BID-C", respondBy: try ruleCase.timestamp(RuleCase.later.respondBy),
                        questions: "Explain your price."))
                #expect(request == 15)
                try ruleCase.evaluate()  // entry 16 flags BID-C
                try ruleCase.write("Gamma explains its price.\n", to: "explanations/BID-C.txt")
                try ruleCase.append(
                    .abnormallyLowDecided, by: "LEAD", at: RuleCase.later.decide,
                    subjects: [("explanations/BID-C.txt", "explanation")],
                    decision: .init(bid: "BID-C", isAccepted: true, reason: "The explanation is convincing.", request: 15))
                try ruleCase.evaluate(at: RuleCase.later.reevaluate)
                return (ruleCase, nil)
            }),

        // abnormally-low-request-on-record
        Violation(
            check: "abnormally-low-request-on-record", story: "a decision recorded in one step, without a request",
            phrases: [
                "evidence/trail/00000016.xml: decides on BID-C in one step with its explanation: the request for"
                    + " explanation (what was asked, when, and by when) is not in the trail"
            ],
            build: {
                let ruleCase = try RuleCase.written(plan: PlanVariant(abnormallyLowBelowPercent: 90).text)
                try ruleCase.runAll()
                ruleCase.clock.set(RuleCase.later.decide)
                let explanation = ruleCase.folder.deletingLastPathComponent().appendingPathComponent("C.txt")
                try Data("Gamma explains its price.\n".utf8).write(to: explanation)
                _ = try ruleCase.lifecycle.decideAbnormallyLowWithoutRequestUnsafe(
                    bid: "BID-C", explanation: explanation, accepted: true, reason: "The explanation is convincing.",
                    key: RuleCase.panel.key("LEAD"))
                try ruleCase.evaluate(at: RuleCase.later.reevaluate)
                return (ruleCase, nil)
            }),

        // self-cleaning-decided (the claim without a decision: ESPDLifecycleTests, on ESPD responses)
        Violation(
            check: "self-cleaning-decided", story: "a self-cleaning decision on a claim no ESPD response makes",
            phrases: [
                "evidence/trail/00000016.xml: decides on BID-A's self-cleaning under"
                    + " 005eb9ed-1347-4ca3-bb29-9bc0db64e1ab, which its ESPD response does not claim under an exclusion"
                    + " ground of the plan",
                "evidence/trail/00000016.xml: decides on an ESPD response of BID-A that is not the one its receipt"
                    + " recorded",
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.append(
                    .selfCleaningDecided, by: "LEAD", at: RuleCase.later.decide,
                    subjects: [("bids/BID-A.xml", "bid")],
                    decision: .init(
                        bid: "BID-A", isAccepted: true, reason: "Measures accepted.",
                        criterion: "005eb9ed-1347-4ca3-bb29-9bc0db64e1ab"))
                try ruleCase.evaluate(at: RuleCase.later.reevaluate)
                return (ruleCase, nil)
            }),

        // recommended-is-rank-one
        Violation(
            check: "recommended-is-rank-one", story: "an award to the bid ranked second",
            phrases: ["evidence/trail/00000016.xml: recommends BID-A for lot LOT-1, but the results rank BID-B first"],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.appendAward("BID-A", by: "LEAD")
                return (ruleCase, nil)
            }),
        Violation(
            check: "recommended-is-rank-one",
            story: "an award to the bid ranked second, which later scores and a re-evaluation made first",
            phrases: [
                "evidence/trail/00000016.xml: recommends BID-A for lot LOT-1 on results that are no longer current: the"
                    + " evaluation in entry 19 recorded different results; record the award again on them"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.appendAward("BID-A", by: "LEAD")  // entry 16: BID-B is ranked first
                try ruleCase.lowerBIDBQuality(appended: true)  // entries 17–18
                try ruleCase.evaluate(at: RuleCase.later.rerun)  // entry 19: now BID-A is first
                return (ruleCase, nil)
            }),
        Violation(
            check: "recommended-is-rank-one",
            story: "an award to the bid ranked first, not recorded again after a re-evaluation",
            phrases: [
                "evidence/trail/00000016.xml: recommends BID-B for lot LOT-1 on results that are no longer current: the"
                    + " evaluation in entry 19 recorded different results; record the award again on them"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.award("BID-B")  // entry 16, on the results of entry 15
                try ruleCase.lowerBIDBQuality(appended: false)  // entries 17–18
                try ruleCase.evaluate(at: RuleCase.later.rerun)  // entry 19: now BID-A is first
                return (ruleCase, nil)
            }),
        Violation(
            check: "recommended-is-rank-one",
            story: "an award made on the results of sheets recorded after the evaluation, before evaluating again",
            phrases: [
                "evidence/trail/00000018.xml: recommends BID-A for lot LOT-1 on results that no evaluation had recorded:"
                    + " the last evaluation before it (entry 15) recorded different results"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.lowerBIDBQuality(appended: true)  // entries 16–17, after the evaluation in entry 15
                // The lead awards on what the files now give (BID-A first), which no evaluation has recorded yet.
                let caseFolder = CaseFolder(path: ruleCase.folder.path)
                let fresh = try CaseEvaluation.run(caseFolder)  // no late bid, no decision in this case
                try UnsafeTrailAppender(folder: caseFolder).write(fresh.resultsBytes(), to: Trail.resultsPath)
                try ruleCase.appendAward("BID-A", by: "LEAD", at: RuleCase.later.afterwards)  // entry 18
                try ruleCase.evaluate(at: RuleCase.later.rerun)  // entry 19 records those results
                return (ruleCase, nil)
            }),

        // weightings-match-publication
        Violation(
            check: "weightings-match-publication",
            story: "a weighting amended outside the range the notice published",
            phrases: [
                "tender.xml:",
                "lot LOT-1: criterion Q1 has weight 60, outside the published range 45 … 55 (per-mid = 50,"
                    + " spread 10); a weighting published as a range must be fixed within it (Directive 2014/24/EU"
                    + " Art. 67(5))",
            ],
            alsoNotPassing: ["evaluation-is-current", "inputs-are-valid"],
            build: {
                // The lifecycle refuses to seal or evaluate such a plan; the amendment is appended
                // unsafely, before the deadline, and nobody evaluates.
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.edit(
                    "tender.xml", replacing: #"<Name languageID="ENG">Method</Name>"#,
                    with: #"<Name languageID="ENG">Method</Name>"#
                        + #"<Published list="number-weight" code="per-mid" number="50" spread="10"/>"#)
                try ruleCase.append(
                    .planAmended, by: "LEAD", at: "2025-03-05T09:00:00+00:00", subjects: [("tender.xml", "plan")],
                    reason: "The published range is recorded.")
                try ruleCase.receive()
                try ruleCase.open()
                return (ruleCase, nil)
            }),

        // tie-break-applied
        Violation(
            check: "tie-break-applied", story: "tied bids ranked against the declared tie-break",
            phrases: [
                "evidence/results.xml: BID-A ties at 2 in lot LOT-1; the declared tie-break gives rank 2 but the results give 3",
                "evidence/results.xml: BID-C ties at 2 in lot LOT-1; the declared tie-break gives rank 3 but the results give 2",
            ],
            alsoNotPassing: ["results-reproduce"],
            build: {
                let ruleCase = try tiedCase()
                try ruleCase.edit(
                    Trail.resultsPath, replacing: #"status="ranked" rank="2""#, with: #"status="ranked" rank="X""#)
                try ruleCase.edit(
                    Trail.resultsPath, replacing: #"status="ranked" rank="3""#, with: #"status="ranked" rank="2""#)
                try ruleCase.rewriteResults(replacing: #"status="ranked" rank="X""#, with: #"status="ranked" rank="3""#)
                return (ruleCase, nil)
            }),
    ]

    /// The mini case with BID-C's receipt at 12:30 on deadline day recorded as on time (entry 4),
    /// its receipt naming `deadline`; then opened, scored and evaluated. The lifecycle judges
    /// lateness by the receipt's time against the deadline it records: when that is the plan's, BID-C
    /// is late (its score sheets are removed, as `tender score` refuses them) and excluded.
    static func lateReceipt(deadline: String) throws -> RuleCase {
        let ruleCase = try RuleCase.written()
        if try ruleCase.timestamp(deadline) < ruleCase.timestamp("2025-03-14T12:30:00+00:00") {
            for evaluator in RuleCase.evaluators { try ruleCase.remove(ruleCase.sheetPath(evaluator, "BID-C")) }
        }
        try ruleCase.seal()
        try ruleCase.receive(["BID-A", "BID-B"])
        try ruleCase.append(
            .bidReceived, by: "LEAD", at: "2025-03-14T12:30:00+00:00", subjects: [("bids/BID-C.xml", "bid")],
            receipt: .init(bid: "BID-C", deadline: try ruleCase.timestamp(deadline), isLate: false))
        try ruleCase.open()
        try ruleCase.declare()
        try ruleCase.score()
        try ruleCase.moderate()
        try ruleCase.evaluate()
        return ruleCase
    }

    /// The mini case with BID-A's price raised to 180000.00, so that it ties with BID-C at 65.00
    /// points (BID-A: 45 + 5 + 15; BID-C: 30 + 5 + 30) and the declared tie-break,
    /// highest-quality-points, ranks BID-A (50 quality points) above BID-C (35): BID-B 1, BID-A 2,
    /// BID-C 3.
    static func tiedCase(plan: String = MiniCase.plan) throws -> RuleCase {
        let ruleCase = try RuleCase.written(plan: plan)
        try ruleCase.write(MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "180000.00"), to: "bids/BID-A.xml")
        try ruleCase.runAll()
        return ruleCase
    }

    /// The mini case evaluated, with BID-C renamed BID-Z in the results, recorded by the price evaluator.
    static func renamedInResults() throws -> RuleCase {
        let ruleCase = try RuleCase.run()
        try ruleCase.rewriteResults(replacing: #"<Bid id="BID-C""#, with: #"<Bid id="BID-Z""#)
        return ruleCase
    }
}

extension RuleCase {
    /// Replaces `bid`'s standing in `evidence/results.xml` by rank `rank` and records the changed
    /// results in a new evaluation entry signed by the price evaluator.
    func rank(
        _ bid: String, tenderer: String, at rank: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let results = try read(Trail.resultsPath)
        let start = try #require(results.range(of: #"<Bid id="\#(bid)""#), sourceLocation: sourceLocation)
        let end = try #require(
            results.range(of: "</Bid>", range: start.upperBound..<results.endIndex), sourceLocation: sourceLocation)
        let ranked =
            #"<Bid id="\#(bid)" tenderer="T-\#(bid)" status="ranked" rank="\#(rank)"><Tenderer>\#(tenderer)</Tenderer></Bid>"#
        try write(
            results.replacingCharacters(in: start.lowerBound..<end.upperBound, with: ranked), to: Trail.resultsPath)
        try recordEvaluation()
    }

    /// Both evaluators score BID-B's Q1 down from 4 to 1 after the evaluation and submit their sheets
    /// again, with `tender score` or (`appended`) without its guards: BID-B falls to 45.00 points,
    /// behind BID-A (77.00).
    func lowerBIDBQuality(appended: Bool) throws {
        for evaluator in Self.evaluators {
            try edit(
                sheetPath(evaluator, "BID-B"), replacing: #"<Score criterion="Q1" value="4">"#,
                with: #"<Score criterion="Q1" value="1">"#)
            if appended {
                try appendSheets(by: evaluator, for: ["BID-B"], at: Self.later.afterwards)
            } else {
                try score([evaluator], bids: ["BID-B"], at: Self.later.afterwards)
            }
        }
    }
}
