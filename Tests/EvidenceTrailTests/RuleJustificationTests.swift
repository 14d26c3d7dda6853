import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

@testable import EvidenceTrail

/// `justifications-are-substantive` on one case whose score sheets hold one weak justification
/// each (the rest substantive), against a scale whose "2", "3" and "4" are descriptors of 60, 54
/// and 78 characters: a descriptor is quoted in full up to 60 characters, cut with "…" beyond.
@Suite("Rule catalogue: justifications")
struct RuleJustificationTests {
    static let acceptable = "Acceptable: meets most of the requirement with some weakness"
    static let good = "Good: meets the requirement with minor weaknesses only"
    static let excellent = "Excellent: exceeds the requirement in every respect, with no weaknesses at all"

    /// One weak justification: where it goes and what the rule says of it.
    struct Weak: Sendable, CustomTestStringConvertible {
        var evaluator: String
        var bid: String
        var criterion: String
        var text: String
        var message: String

        var testDescription: String { "\"\(text)\"" }
    }

    static let weak: [Weak] = [
        Weak(
            evaluator: "EV-1", bid: "BID-A", criterion: "Q1", text: "Good",
            message: "has 1 word(s); say what in the bid supports the score"),
        Weak(
            evaluator: "EV-1", bid: "BID-B", criterion: "Q1", text: good + ".", message: "repeats the scale descriptor"),
        // Filler words only: every descriptor is "paraphrased"; the one it echoes is named.
        Weak(
            evaluator: "EV-1", bid: "BID-C", criterion: "Q1",
            text: "The response is very good overall and fully meets.",
            message: "only paraphrases the scale descriptor (\"\(good)\"); cite the bid's evidence"),
        Weak(
            evaluator: "EV-2", bid: "BID-A", criterion: "Q2",
            text: "Excellent excellent, the bid is excellent overall.",
            message:
                "only paraphrases the scale descriptor (\"Excellent: exceeds the requirement in every respect, with no…\");"
                + " cite the bid's evidence"),
        Weak(
            evaluator: "EV-2", bid: "BID-C", criterion: "Q1", text: "Meets most of the requirement; acceptable.",
            message: "only paraphrases the scale descriptor (\"\(acceptable)\"); cite the bid's evidence"),
    ]

    /// The scores of the mini case (``MiniCase/write()``), by evaluator and bid.
    static let scores = [
        "EV-1": ["BID-A": ("3", "1"), "BID-B": ("4", "3"), "BID-C": ("2", "2")],
        "EV-2": ["BID-A": ("3", "3"), "BID-B": ("4", "3"), "BID-C": ("2", "2")],
    ]

    /// The case, run once through the evaluation, and its report.
    static let verified = Result { () throws -> VerificationReport in
        let plan = MiniCase.plan.replacingOccurrences(
            of: #"<Point value="2">Acceptable</Point>"#, with: #"<Point value="2">\#(acceptable)</Point>"#
        ).replacingOccurrences(
            of: #"<Point value="3">Good</Point>"#, with: #"<Point value="3">\#(good)</Point>"#
        ).replacingOccurrences(
            of: #"<Point value="4">Excellent</Point>"#, with: #"<Point value="4">\#(excellent)</Point>"#)
        let ruleCase = try RuleCase.written(plan: plan)
        for (evaluator, bids) in scores {
            for (bid, (q1, q2)) in bids {
                func text(_ criterion: String, _ fallback: String) -> String {
                    weak.first { $0.evaluator == evaluator && $0.bid == bid && $0.criterion == criterion }?.text
                        ?? fallback
                }
                let sheet = RuleDocuments.sheet(
                    evaluator: evaluator, bid: bid, q1: q1, q2: q2,
                    q1Why: text("Q1", "Method for \(bid) as evidenced in section 2 of the response."),
                    q2Why: text("Q2", "Social value for \(bid) as evidenced in section 3 of the response."))
                try ruleCase.write(sheet, to: ruleCase.sheetPath(evaluator, bid))
            }
        }
        try ruleCase.runAll()
        return try ruleCase.verify()
    }

    @Test("A weak justification is reported at its line, saying why", arguments: weak)
    func weakJustification(_ weak: Weak) throws {
        let report = try Self.verified.get()
        let line = weak.criterion == "Q1" ? 3 : 4
        let expected =
            "scores/\(weak.evaluator)/\(weak.bid).xml:\(line): the justification for \(weak.criterion) \(weak.message)"
        let findings = report.findings("justifications-are-substantive")
        #expect(findings.contains { $0.description.hasSuffix(expected) }, "\(findings.map(\.description))")
    }

    @Test("Substantive justifications are not reported, and nothing else fails")
    func onlyTheWeakAreReported() throws {
        let report = try Self.verified.get()
        #expect(report.findings("justifications-are-substantive").count == Self.weak.count)
        #expect(report.notPassed == ["justifications-are-substantive"], "\(report.summary)")
    }

    /// ASCII text is split into words byte by byte; the result must be what Unicode's letters and
    /// numbers give (the rule's definition), for every ASCII character.
    @Test(
        "Words of ASCII text are split as Unicode's letters and numbers split them",
        arguments: [
            "Good", "The response is VERY good overall, and fully meets 2 of 3.", "  lead\ttab\r\nCRLF;x-y_z  ",
            String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) }), "", "a1b2 C3D4 -- 99%",
        ])
    func asciiWords(text: String) {
        let unicode = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        #expect(JustificationsAreSubstantive.words(text) == unicode)
    }

    @Test("Words of other text keep Unicode's letters and numbers")
    func unicodeWords() {
        #expect(
            JustificationsAreSubstantive.words("Très bien: ½ réponse, Ærø 42") == [
                "très", "bien", "½", "réponse", "ærø", "42",
            ])
    }
}
