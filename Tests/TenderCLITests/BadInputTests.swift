import Foundation
import TestSupport
import Testing

/// One bad input file, the step that first reads it, and the exact message it must print.
struct BadInput: CustomTestStringConvertible, Sendable {
    /// The lifecycle step that reads the file first.
    enum Step: String, Sendable {
        /// `tender seal` reads tender.xml.
        case seal
        /// `tender declare` reads the bids opened (to check the declaration covers their tenderers).
        case declare
        /// `tender score` reads the sheet submitted.
        case score
        /// `tender moderate` reads the lot's moderation record.
        case moderate
        /// `tender evaluate` checks every document against the plan and the others.
        case evaluate
    }

    var name: String
    /// The file to write into the mini case (relative path) and its content.
    var path: String
    var content: String
    /// The step that refuses it.
    var step: Step
    /// The expected standard error, with `CASE` standing for the case folder.
    var message: String

    var testDescription: String { "\(name) (at \(step.rawValue))" }

    /// The command line of the step, with the key of the member who takes it.
    func arguments(_ setup: MiniCaseSetup) -> [String] {
        switch step {
        case .seal: ["seal", setup.path, "--key", setup.key("LEAD")]
        case .declare: ["declare", setup.path, "--key", setup.key("EV-1")]
        case .score:
            // scores/<evaluator>/<bid>.xml, submitted by that evaluator.
            ["score", setup.path, path, "--key", setup.key(path.split(separator: "/")[1].description)]
        case .moderate: ["moderate", setup.path, "LOT-1", "--key", setup.key("LEAD")]
        case .evaluate: ["evaluate", setup.path, "--key", setup.key("FIN")]
        }
    }

    /// The lifecycle is run through the library up to the step before.
    var previous: MiniCase.Step? {
        switch step {
        case .seal: nil
        case .declare: .open
        case .score: .declare
        case .moderate: .score
        case .evaluate: .moderate
        }
    }
}

@Suite("Bad input is refused at the step that reads it, with file, line and reason, and nothing is recorded")
struct BadInputTests {
    static let doctypeRefused =
        "error: DOCTYPE declarations are refused: they can declare entities that read local files or the network, or"
        + " expand without bound, and no TenderTrail input needs one; found "

    static let inputs: [BadInput] = [
        BadInput(
            name: "malformed XML", path: "bids/BID-A.xml",
            content:
                "<Bid xmlns=\"urn:tendertrail:bid:1\" id=\"BID-A\">\n  <Tenderer id=\"T\"><Name>Acme</Nam></Tenderer>\n</Bid>\n",
            step: .declare,
            message:
                "CASE/bids/BID-A.xml:2:36: error: not well-formed XML: Opening and ending tag mismatch: Name line 2 and Nam"
        ),
        BadInput(
            name: "a DOCTYPE declaring entities", path: "bids/BID-A.xml",
            content:
                "<?xml version=\"1.0\"?>\n<!DOCTYPE Bid [ <!ENTITY a \"b\"> ]>\n<Bid xmlns=\"urn:tendertrail:bid:1\" id=\"BID-A\">&a;</Bid>\n",
            step: .declare, message: "CASE/bids/BID-A.xml:2:1: " + doctypeRefused + "<!DOCTYPE Bid>"),
        BadInput(
            name: "an external file entity", path: "bids/BID-A.xml",
            content:
                "<!DOCTYPE Bid [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<Bid xmlns=\"urn:tendertrail:bid:1\" id=\"BID-A\">&x;</Bid>\n",
            step: .declare, message: "CASE/bids/BID-A.xml:1:1: " + doctypeRefused + "<!DOCTYPE Bid>"),
        BadInput(
            name: "an external http entity", path: "scores/EV-1/BID-A.xml",
            content: "<!DOCTYPE S [ <!ENTITY x SYSTEM \"http://127.0.0.1:9/x\"> ]>\n<S>&x;</S>\n",
            step: .score, message: "CASE/scores/EV-1/BID-A.xml:1:1: " + doctypeRefused + "<!DOCTYPE S>"),
        BadInput(
            name: "nested entity expansion", path: "moderation/LOT-1.xml",
            content:
                "<!DOCTYPE m [ <!ENTITY a \"aaaaaaaaaa\"> <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"> <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"> ]>\n<m>&c;</m>\n",
            step: .moderate, message: "CASE/moderation/LOT-1.xml:1:1: " + doctypeRefused + "<!DOCTYPE m>"),
        BadInput(
            name: "a DOCTYPE in the plan", path: "tender.xml",
            content: MiniCase.plan.replacingOccurrences(
                of: "<TenderPlan ",
                with: "<!DOCTYPE TenderPlan [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<TenderPlan "),
            step: .seal, message: "CASE/tender.xml:2:1: " + doctypeRefused + "<!DOCTYPE TenderPlan>"),
        BadInput(
            name: "a remote xsi:schemaLocation", path: "bids/BID-A.xml",
            content:
                "<Bid xmlns=\"urn:tendertrail:bid:1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n     xsi:schemaLocation=\"urn:tendertrail:bid:1 http://127.0.0.1:9/bid.xsd\" id=\"BID-A\"/>\n",
            step: .declare,
            message:
                "CASE/bids/BID-A.xml:2:6: error: xsi:schemaLocation names a remote schema (http://127.0.0.1:9/bid.xsd); TenderTrail validates against the schemas it ships and never fetches one: remove the attribute"
        ),
        BadInput(
            name: "a document of the wrong root", path: "bids/BID-A.xml",
            content:
                "<ScoreSheet xmlns=\"urn:tendertrail:score-sheet:1\" evaluator=\"EV-1\" bid=\"BID-A\" lot=\"LOT-1\"/>\n",
            step: .declare,
            message:
                "CASE/bids/BID-A.xml:1:1: error: expected a <Bid> document in namespace urn:tendertrail:bid:1; found <ScoreSheet> in namespace urn:tendertrail:score-sheet:1"
        ),
        BadInput(
            name: "a comma decimal price", path: "bids/BID-A.xml",
            content: MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "100000,00"), step: .declare,
            message:
                "CASE/bids/BID-A.xml:6:5: error: <Price> must be a money amount such as 1250.00 (a full stop before the decimals, no thousands separators); found \"100000,00\""
        ),
        BadInput(
            name: "an empty price", path: "bids/BID-A.xml",
            content: MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: ""), step: .declare,
            message:
                "CASE/bids/BID-A.xml:6:5: error: <Price> must be a money amount such as 1250.00 (a full stop before the decimals, no thousands separators); found \"\""
        ),
        BadInput(
            name: "a zero price", path: "bids/BID-A.xml",
            content: MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "0.00"), step: .evaluate,
            message: "CASE/bids/BID-A.xml:6:5: error: price must be greater than zero; found 0.00"),
        BadInput(
            name: "a negative price", path: "bids/BID-A.xml",
            content: MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "-5.00"), step: .evaluate,
            message: "CASE/bids/BID-A.xml:6:5: error: price must be greater than zero; found -5.00"),
        BadInput(
            name: "a score of 3.5 on the 0–4 scale", path: "scores/EV-1/BID-B.xml",
            content: MiniCase.sheet(evaluator: "EV-1", bid: "BID-B", q1: "3.5", q2: "3"), step: .score,
            message:
                "CASE/scores/EV-1/BID-B.xml:3:25: error: score 3.5 is not on scale S04; expected one of 0, 1, 2, 3, 4"),
        BadInput(
            name: "a criterion without a score", path: "scores/EV-2/BID-C.xml",
            content: MiniCase.sheet(evaluator: "EV-2", bid: "BID-C", q1: "2", q2: "2").replacingOccurrences(
                of:
                    "  <Score criterion=\"Q2\" value=\"2\"><Justification>Social value for BID-C as evidenced in section 3 of the response.</Justification></Score>\n",
                with: ""),
            step: .score,
            message:
                "CASE/scores/EV-2/BID-C.xml:2:1: error: criterion Q2 has no score in this sheet; an evaluator scores every quality criterion of the lot"
        ),
        BadInput(
            name: "a score for a criterion the plan does not have", path: "scores/EV-2/BID-C.xml",
            content: MiniCase.sheet(evaluator: "EV-2", bid: "BID-C", q1: "2", q2: "2").replacingOccurrences(
                of: "</ScoreSheet>",
                with:
                    "  <Score criterion=\"Q9\" value=\"2\"><Justification>Extra.</Justification></Score>\n</ScoreSheet>"
            ),
            step: .score,
            message:
                "CASE/scores/EV-2/BID-C.xml:5:25: error: score for criterion Q9, which lot LOT-1 does not have (only published criteria may be scored)"
        ),
        BadInput(
            name: "weightings that do not sum to exactly 100", path: "tender.xml",
            content: MiniCase.plan.replacingOccurrences(of: "weight=\"10\"", with: "weight=\"9.9\""), step: .seal,
            message:
                "CASE/tender.xml:32:5: error: the percentage weightings of criteria Q1, Q2, P in lot LOT-1 sum to 99.9, not exactly 100\nerror: the plan cannot be sealed until it is ready"
        ),
        BadInput(
            name: "a deadline without a UTC offset", path: "tender.xml",
            content: MiniCase.plan.replacingOccurrences(of: "2025-03-14T12:00:00+00:00", with: "2025-03-14T12:00:00"),
            step: .seal,
            message:
                "CASE/tender.xml:6:3: error: <SubmissionDeadline> must be a date and time with a UTC offset such as 2025-03-14T12:00:00+01:00 (a time without an offset is refused, not guessed); found \"2025-03-14T12:00:00\""
        ),
        BadInput(
            name: "two bids with the same ID", path: "bids/BID-D.xml",
            content: MiniCase.bid("BID-A", tenderer: "Alpha Again Ltd", price: "1.00"), step: .evaluate,
            message:
                "CASE/bids/BID-D.xml:2:1: error: the document names bid BID-A but its file is bids/BID-D.xml; file it as bids/<bid-id>.xml"
        ),
        BadInput(
            name: "two criteria with the same ID", path: "tender.xml",
            content: MiniCase.plan.replacingOccurrences(of: "id=\"Q2\"", with: "id=\"Q1\""), step: .seal,
            message:
                "CASE/tender.xml:34:7: error: <Criterion> repeats \"Q1\", which must be unique (criterion IDs must be unique within a lot)"
        ),
    ]

    @Test("Each bad input gives its message and exit 1 at its step, and the evidence is unchanged", arguments: inputs)
    func refused(_ input: BadInput) throws {
        let setup = try MiniCaseSetup { folder in try TestSupport.write(input.content, to: input.path, in: folder) }
        if let previous = input.previous { try setup.run(through: previous) }
        let evidence = setup.folder.appendingPathComponent("evidence")
        let before = CLIHarness.snapshot(evidence)
        let result = try TestSupport.runTender(input.arguments(setup))
        CLIHarness.expectRefusal(result, message: input.message.replacingOccurrences(of: "CASE", with: setup.path))
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(evidence))
        if input.step == .seal {
            #expect(before.isEmpty)
        }
    }

    @Test(
        "A bid made invalid after the evaluation is refused by evaluate, and the evidence stays byte for byte as it was"
    )
    func earlierEvidenceKept() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .evaluate)
        let evidence = setup.folder.appendingPathComponent("evidence")
        let before = CLIHarness.snapshot(evidence)
        try TestSupport.write(
            MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "0.00"), to: "bids/BID-A.xml", in: setup.folder)
        for arguments in [["evaluate", setup.path], ["evaluate", setup.path, "--key", setup.key("FIN")]] {
            CLIHarness.expectRefusal(
                try TestSupport.runTender(arguments),
                message: "\(setup.path)/bids/BID-A.xml:6:5: error: price must be greater than zero; found 0.00")
        }
        CLIHarness.expectUnchanged(before, CLIHarness.snapshot(evidence))
    }
}
