import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

/// Gates decided from ESPD responses against the ESPD request's criteria, driven by the official
/// ESPD-EDM v4.1.0 example pair (Tests/TenderDocumentsTests/Fixtures/espd) and variants of its
/// response made in memory by ``ESPDEdit``.
///
/// What the pair says, read from the files (see also the fixtures' PROVENANCE.md):
/// - crime-org (005eb9ed-…): "Your answer" C1_EG_crime-org/QG1/Q1 is true (yes), and the
///   self-cleaning question C1_EG_crime-org/QG1/QSG1/QSG1/Q1 is true; every question of the
///   criterion that applies is answered.
/// - bankruptcy (d3732c09-…): C12_EG_bankruptcy/QG1/Q1 is true; the request asks no self-cleaning
///   question for this ground.
/// - tax-pay (b61bbeb7-…): the ground question C7_EG_tax-pay/RG1/QSG1/Q1 has no answer at all.
/// - gen-year-to (499efc97-…): the request asks for 3 financial years (QUANTITY_YEAR 3), a threshold
///   per year (CHECKBOX_TRUE) of at least 100000 EUR (MinimumAmount); the response gives one
///   amount, 1000000000 EUR, for one period.
@Suite("Evaluate: gates decided by ESPD responses")
struct ESPDGateTests {
    static let crime: GateID = "G-CRIME"
    static let bankruptcy: GateID = "G-BANKRUPT"
    static let tax: GateID = "G-TAX"
    static let turnover: GateID = "G-TURNOVER"

    static func gate(_ id: GateID, _ kind: Gate.Kind, _ criterion: String, indicator: String? = nil) -> Gate {
        Gate(
            id: id, kind: kind, name: "ESPD \(id)", requirement: "as the ESPD request states",
            espdCriteria: [
                ESPDGateCriterion(criterion: criterion, indicator: indicator, location: at("tender.xml", 30))
            ],
            location: at("tender.xml", 29))
    }

    static let allGates = [
        gate(crime, .exclusion, ESPDFixtures.crimeOrg), gate(bankruptcy, .exclusion, ESPDFixtures.bankruptcy),
        gate(tax, .exclusion, ESPDFixtures.taxPay), gate(turnover, .selection, ESPDFixtures.generalTurnover),
    ]

    static func request() throws -> ESPDRequest {
        try ESPDRequest.parse(Array(try ESPDFixtures.requestText().utf8), path: "espd-request.xml")
    }

    static func response(_ text: String, bid: BidID = "B1") throws -> ESPDResponse {
        try ESPDResponse.parse(Array(text.utf8), path: "espd/\(bid).xml")
    }

    /// The 1-based line of the `cac:TenderingCriterionResponse` answering `property` (its
    /// `cbc:ValidatedCriterionPropertyID` is two lines below the start tag).
    static func answerLine(_ property: String, in text: String, occurrence: Int = 0) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let hits = lines.indices.filter { lines[$0].contains(">\(property)</cbc:ValidatedCriterionPropertyID>") }
        return try #require(hits.dropFirst(occurrence).first) + 1 - 2
    }

    static func input(
        gates: [Gate], responses: [BidID: ESPDResponse], bids: [Bid]? = nil,
        decisions: [BidID: [String: SelfCleaningDecision]] = [:], request: ESPDRequest? = nil
    ) throws -> EvaluationInput {
        var plan = Build.plan([Build.standardLot()], gates: gates)
        plan.espdRequest = "espd-request.xml"
        let bids = bids ?? [Build.bid("B1", price: "50000"), Build.bid("B2", price: "80000")]
        var input = Build.input(
            plan, bids: bids,
            sheets: bids.map { Build.sheet("EV-1", $0.id, [("Q", "2")]) })
        input.process = ProcessFacts(selfCleaningDecisions: decisions)
        input.espdRequest = try request ?? Self.request()
        input.espdResponses = responses
        return input
    }

    /// The text of a response that passes every gate above: no exclusion ground answered yes, the
    /// tax-pay ground answered no, and three yearly turnovers of at least 100000 EUR.
    static func cleanResponse(
        years: [String] = ["1000000000", "100000.00", "250000.50"], currency: String = "EUR"
    )
        throws -> ESPDEdit
    {
        var edit = ESPDEdit(try ESPDFixtures.responseText())
        edit.setIndicator(ESPDFixtures.crimeOrgAnswer, to: false)
        edit.setIndicator("C12_EG_bankruptcy/QG1/Q1", to: false)
        // tax-pay's ground question is unanswered in the example: answer it "no" with a copy of
        // crime-org's answer element (the same shape) renamed.
        edit.duplicateAnswer(
            to: ESPDFixtures.crimeOrgAnswer, replacing: ">\(ESPDFixtures.crimeOrgAnswer)<",
            with: ">C7_EG_tax-pay/RG1/QSG1/Q1<")
        for (index, amount) in years.enumerated() where index > 0 {
            edit.duplicateAnswer(
                to: ESPDFixtures.turnoverAmount, replacing: ">1000000000</cbc:ResponseAmount>",
                with: ">\(amount)</cbc:ResponseAmount>")
        }
        edit.replace(
            "<cbc:ResponseAmount currencyID=\"EUR\">1000000000</cbc:ResponseAmount>",
            with: "<cbc:ResponseAmount currencyID=\"\(currency)\">\(years[0])</cbc:ResponseAmount>",
            inAnswersTo: ESPDFixtures.turnoverAmount)
        return edit
    }

    @Test("The official pair: crime-org needs a decision, bankruptcy fails, tax-pay and the turnover are missing")
    func officialPair() throws {
        let text = try ESPDFixtures.responseText()
        let input = try Self.input(gates: Self.allGates, responses: ["B1": try Self.response(text)])
        let lot = try evaluateLot(input)
        let b1 = try lot.bid("B1")
        let crimeLine = try Self.answerLine(ESPDFixtures.crimeOrgAnswer, in: text)
        let bankruptcyLine = try Self.answerLine("C12_EG_bankruptcy/QG1/Q1", in: text)
        #expect(
            b1.gates == [
                GateOutcome(
                    gate: Self.crime, outcome: .needsDecision,
                    reasons: [
                        "answered yes to ESPD exclusion ground crime-org (\(ESPDFixtures.crimeOrg)) at question"
                            + " C1_EG_crime-org/QG1/Q1 (line \(crimeLine)); self-cleaning claimed"
                            + " (C1_EG_crime-org/QG1/QSG1/QSG1/Q1): the contracting authority's decision is not"
                            + " recorded (tender self-cleaning CASE BID --criterion \(ESPDFixtures.crimeOrg)"
                            + " --accept|--reject --reason …)"
                    ]),
                GateOutcome(
                    gate: Self.bankruptcy, outcome: .failed,
                    reasons: [
                        "answered yes to ESPD exclusion ground bankruptcy (\(ESPDFixtures.bankruptcy)) at question"
                            + " C12_EG_bankruptcy/QG1/Q1 (line \(bankruptcyLine)); the request asks no self-cleaning"
                            + " question for this ground"
                    ]),
                GateOutcome(
                    gate: Self.tax, outcome: .missing,
                    reasons: [
                        "no answer to question C7_EG_tax-pay/RG1/QSG1/Q1 (\"Your answer\") of ESPD criterion tax-pay"
                            + " (\(ESPDFixtures.taxPay))"
                    ]),
                GateOutcome(
                    gate: Self.turnover, outcome: .missing,
                    reasons: [
                        "ESPD criterion gen-year-to (\(ESPDFixtures.generalTurnover)) asks for 3 financial years, each at"
                            + " least 100000 EUR; the response gives 1 amount(s) for C29_SC_gen-year-to/RG1/RSG1/QSG2/Q2"
                    ]),
            ])
        guard case let .excluded(exclusion) = b1.status else {
            Issue.record("B1 must be excluded: \(b1.status)")
            return
        }
        #expect(exclusion.stage == .gate)
        #expect(exclusion.reason.hasPrefix("the tenderer cannot pass gate G-CRIME (ESPD G-CRIME) without a decision: "))
        // B2 submitted no ESPD response: every ESPD gate is missing, and says why.
        let b2 = try lot.bid("B2")
        #expect(
            b2.gates.map(\.outcome) == [.missing, .missing, .missing, .missing]
                && b2.gates.allSatisfy {
                    $0.reasons == ["no ESPD response: the tenderer's espd/B2.xml is not in the case"]
                })
        #expect(lot.ranks == [nil, nil])
    }

    @Test("No ground answered yes and three yearly turnovers at or above 100000 EUR: every gate passes")
    func cleanPasses() throws {
        // 1000000000, 100000.00 (exactly the minimum: passes) and 250000.50, all EUR, against a
        // minimum of 100000 EUR per year over 3 years.
        let edit = try Self.cleanResponse()
        let input = try Self.input(
            gates: Self.allGates, responses: ["B1": try Self.response(edit.text)],
            bids: [Build.bid("B1", price: "50000")])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(b1.gates.map(\.outcome) == [.passed, .passed, .passed, .passed])
        #expect(b1.gates.allSatisfy { $0.reasons.isEmpty })
        #expect(b1.rank == 1)
    }

    @Test("A yearly turnover one cent below the minimum fails the gate, exactly")
    func turnoverBelow() throws {
        let edit = try Self.cleanResponse(years: ["1000000000", "99999.99", "250000.50"])
        let input = try Self.input(
            gates: [Self.gate(Self.turnover, .selection, ESPDFixtures.generalTurnover)],
            responses: ["B1": try Self.response(edit.text)], bids: [Build.bid("B1", price: "50000")])
        let b1 = try evaluateLot(input).bid("B1")
        let line = try Self.answerLine(ESPDFixtures.turnoverAmount, in: edit.text, occurrence: 1)
        #expect(
            b1.gates == [
                GateOutcome(
                    gate: Self.turnover, outcome: .failed,
                    reasons: [
                        "ESPD criterion gen-year-to (\(ESPDFixtures.generalTurnover)): 99999.99 EUR (line \(line)) below"
                            + " the minimum of 100000 EUR per year"
                    ])
            ])
        #expect(b1.rank == nil)
    }

    @Test("A turnover in another currency is never converted: the minimum is not shown to be met")
    func otherCurrency() throws {
        let edit = try Self.cleanResponse(years: ["900000", "900000", "900000"], currency: "GBP")
        let input = try Self.input(
            gates: [Self.gate(Self.turnover, .selection, ESPDFixtures.generalTurnover)],
            responses: ["B1": try Self.response(edit.text)], bids: [Build.bid("B1", price: "50000")])
        let b1 = try evaluateLot(input).bid("B1")
        // Only the first year's amount was restated in GBP by the edit; it is reported.
        let line = try Self.answerLine(ESPDFixtures.turnoverAmount, in: edit.text)
        #expect(
            b1.gates == [
                GateOutcome(
                    gate: Self.turnover, outcome: .failed,
                    reasons: [
                        "ESPD criterion gen-year-to (\(ESPDFixtures.generalTurnover)): the response states 900000 GBP"
                            + " (line \(line)) where the request's minimum is 100000 EUR; an amount in another currency is"
                            + " never converted, so the minimum is not shown to be met"
                    ])
            ])
    }

    @Test(
        "A ground answered yes with self-cleaning: excluded until decided, passed when accepted, failed when rejected")
    func selfCleaning() throws {
        var edit = try Self.cleanResponse()
        edit.setIndicator(ESPDFixtures.crimeOrgAnswer, to: true)
        let response = try Self.response(edit.text)
        let gates = [Self.gate(Self.crime, .exclusion, ESPDFixtures.crimeOrg)]
        let line = try Self.answerLine(ESPDFixtures.crimeOrgAnswer, in: edit.text)
        let yes =
            "answered yes to ESPD exclusion ground crime-org (\(ESPDFixtures.crimeOrg)) at question"
            + " C1_EG_crime-org/QG1/Q1 (line \(line))"

        let undecided = try evaluateLot(Self.input(gates: gates, responses: ["B1": response])).bid("B1")
        #expect(undecided.gates.map(\.outcome) == [.needsDecision])
        #expect(undecided.rank == nil)
        let claims = selfCleaningClaims(in: try Self.input(gates: gates, responses: ["B1": response]))
        #expect(claims.map(\.criterion) == [ESPDFixtures.crimeOrg] && claims.map(\.bid) == ["B1"])

        let accepted = try evaluateLot(
            Self.input(
                gates: gates, responses: ["B1": response],
                decisions: ["B1": [ESPDFixtures.crimeOrg: SelfCleaningDecision(isAccepted: true, reason: "new board")]]
            )
        ).bid("B1")
        #expect(
            accepted.gates == [
                GateOutcome(
                    gate: Self.crime, outcome: .passed,
                    reasons: [yes + "; self-cleaning claimed and accepted by the contracting authority: new board"])
            ])
        #expect(accepted.rank != nil)

        let rejected = try evaluateLot(
            Self.input(
                gates: gates, responses: ["B1": response],
                decisions: ["B1": [ESPDFixtures.crimeOrg: SelfCleaningDecision(isAccepted: false, reason: "too late")]])
        ).bid("B1")
        #expect(
            rejected.gates == [
                GateOutcome(
                    gate: Self.crime, outcome: .failed,
                    reasons: [yes + "; self-cleaning claimed and rejected by the contracting authority: too late"])
            ])
    }

    @Test("A ground answered yes without claiming self-cleaning fails")
    func yesWithoutSelfCleaning() throws {
        var edit = try Self.cleanResponse()
        edit.setIndicator(ESPDFixtures.crimeOrgAnswer, to: true)
        edit.setIndicator(ESPDFixtures.crimeOrgSelfCleaning, to: false)
        let input = try Self.input(
            gates: [Self.gate(Self.crime, .exclusion, ESPDFixtures.crimeOrg)],
            responses: ["B1": try Self.response(edit.text)])
        let b1 = try evaluateLot(input).bid("B1")
        let line = try Self.answerLine(ESPDFixtures.crimeOrgAnswer, in: edit.text)
        // Self-cleaning answered no: its ONTRUE group ("Please describe them") no longer applies.
        #expect(
            b1.gates == [
                GateOutcome(
                    gate: Self.crime, outcome: .failed,
                    reasons: [
                        "answered yes to ESPD exclusion ground crime-org (\(ESPDFixtures.crimeOrg)) at question"
                            + " C1_EG_crime-org/QG1/Q1 (line \(line)) and claims no self-cleaning"
                            + " (C1_EG_crime-org/QG1/QSG1/QSG1/Q1)"
                    ])
            ])
        #expect(selfCleaningClaims(in: input).isEmpty)
    }

    @Test(
        "An answer the request asks for and the response leaves out is reported as missing, by criterion and question")
    func missingAnswer() throws {
        var edit = try Self.cleanResponse()
        #expect(edit.removeAnswers(to: "C1_EG_crime-org/QG2/Q1") == 1)
        let input = try Self.input(
            gates: [Self.gate(Self.crime, .exclusion, ESPDFixtures.crimeOrg)],
            responses: ["B1": try Self.response(edit.text)])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(
            b1.gates == [
                GateOutcome(
                    gate: Self.crime, outcome: .missing,
                    reasons: [
                        "no answer to question C1_EG_crime-org/QG2/Q1 (\"Is this information available"
                            + " electronically?\") of ESPD criterion crime-org (\(ESPDFixtures.crimeOrg))"
                    ])
            ])
        guard case let .excluded(exclusion) = b1.status else {
            Issue.record("B1 must be excluded")
            return
        }
        #expect(
            exclusion.reason
                == "the tenderer leaves gate G-CRIME (ESPD G-CRIME) unanswered in its ESPD: "
                + (b1.gates.first?.reasons.first ?? ""))
    }

    @Test("A selection criterion without a minimum amount is decided only by the yes/no question the plan names")
    func namedIndicator() throws {
        let iso = "a7669d7d-9297-43e1-9d10-691a1660187c"  // qa-certif-inst: "ISO 9001"
        let withoutIndicator = try Self.input(
            gates: [Self.gate("G-ISO", .selection, iso)],
            responses: ["B1": try Self.response(try Self.cleanResponse().text)])
        let error = #expect(throws: EvaluationError.self) { try evaluate(withoutIndicator) }
        #expect(
            error?.description
                == "tender.xml:30: error: gate G-ISO: criterion qa-certif-inst (\(iso)) states no minimum amount the"
                + " answers can be checked against; name the yes/no question that decides the gate with indicator=\"…\""
        )

        // "Your answer?" C54_SC_qa-certif-inst/RG1/RSG1/QSG2/Q1 is true in the example: passes; false: fails.
        let question = "C54_SC_qa-certif-inst/RG1/RSG1/QSG2/Q1"
        var edit = try Self.cleanResponse()
        let passing = try Self.input(
            gates: [Self.gate("G-ISO", .selection, iso, indicator: question)],
            responses: ["B1": try Self.response(edit.text)], bids: [Build.bid("B1", price: "50000")])
        #expect(try evaluateLot(passing).bid("B1").gates.map(\.outcome) == [.passed])
        edit.setIndicator(question, to: false)
        let failing = try Self.input(
            gates: [Self.gate("G-ISO", .selection, iso, indicator: question)],
            responses: ["B1": try Self.response(edit.text)], bids: [Build.bid("B1", price: "50000")])
        let outcome = try evaluateLot(failing).bid("B1").gates
        // Answered no: the ONFALSE group asks "If not, please explain why…", which the example never
        // answered (it answered yes), so that question is missing too; the failure decides.
        #expect(outcome.map(\.outcome) == [.failed])
        #expect(outcome.first?.reasons.last?.hasPrefix("answered no to question \(question)") == true)
    }

    @Test("The plan's ESPD gates are checked against the request; a declaration against one is refused")
    func planProblems() throws {
        let unknown = try Self.input(
            gates: [Self.gate("G-X", .exclusion, "00000000-0000-0000-0000-000000000000")], responses: [:])
        #expect(
            (#expect(throws: EvaluationError.self) { try evaluate(unknown) })?.description
                == ("tender.xml:30: error: gate G-X: the ESPD request has no criterion 00000000-0000-0000-0000-000000000000"
                    + " (<cac:TenderingCriterion> cbc:ID)"))
        var noRequest = try Self.input(
            gates: [Self.gate(Self.crime, .exclusion, ESPDFixtures.crimeOrg)], responses: [:])
        noRequest.espdRequest = nil
        #expect(
            (#expect(throws: EvaluationError.self) { try evaluate(noRequest) })?.description
                == ("tender.xml:30: error: gate G-CRIME is decided by the ESPD request's criteria, but the case has no"
                    + " espd-request.xml; put the contracting authority's ESPD request (QualificationApplicationRequest)"
                    + " there"))
        let declared = try Self.input(
            gates: [Self.gate(Self.crime, .exclusion, ESPDFixtures.crimeOrg)], responses: [:],
            bids: [Build.bid("B1", price: "50000", gates: [(Self.crime, true)])])
        #expect(
            (#expect(throws: EvaluationError.self) { try evaluate(declared) })?.description
                == ("bids/B1.xml:5: error: declaration for gate G-CRIME, which is decided by the tenderer's ESPD response"
                    + " (espd/B1.xml), not by a declaration; remove it"))
    }

    @Test("Declaration gates work beside ESPD gates, unchanged")
    func mixedWithDeclarations() throws {
        let declared = Gate(id: "G-INS", kind: .selection, name: "Insurance", requirement: "EUR 1m cover")
        let input = try Self.input(
            gates: [Self.gate(Self.crime, .exclusion, ESPDFixtures.crimeOrg), declared],
            responses: ["B1": try Self.response(try Self.cleanResponse().text)],
            bids: [Build.bid("B1", price: "50000", gates: [("G-INS", false)])])
        let b1 = try evaluateLot(input).bid("B1")
        #expect(
            b1.gates == [GateOutcome(gate: Self.crime, outcome: .passed), GateOutcome(gate: "G-INS", outcome: .failed)])
        #expect(
            b1.status
                == .excluded(
                    Exclusion(stage: .gate, reason: "the tenderer declares it does not meet gate G-INS (Insurance)")))
    }
}
