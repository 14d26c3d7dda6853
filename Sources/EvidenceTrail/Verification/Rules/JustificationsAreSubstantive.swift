import Foundation
import TenderDocuments
import TenderModel

/// `justifications-are-substantive`: every score's justification says something about the bid
/// beyond the scale's descriptor: it is not the descriptor repeated, nor made only of the
/// descriptor's words, nor shorter than a sentence.
///
/// Source: Woods Building Services v Milton Keynes Council [2015] EWHC 2011 (TCC) (evaluators'
/// notes that only paraphrased the descriptors did not record the reasons); eForms irregularity
/// type `ins-audit`.
struct JustificationsAreSubstantive: TrailCheck {
    let id = "justifications-are-substantive"
    let statement = "Every score's justification says more than the scale descriptor"
    let source = "Woods v Milton Keynes [2015] EWHC 2011 (TCC); ins-audit"
    let prerequisites = ["signatures-are-valid"]

    /// Fewer words than this is not a reason.
    static let minimumWords = 6

    func check(_ context: VerificationContext) -> CheckOutcome {
        guard context.sealedPlan != nil else { return .skipped(because: "no sealed plan") }
        // Every sheet was judged against the sealed plan as it was read (`VerificationContext`).
        var findings: [Finding] = []
        for (path, weak) in context.documents.weakJustifications.sorted(by: { $0.key < $1.key }) {
            for (score, problem) in weak {
                findings.append(
                    Finding(
                        location: context.display(path) + ":\(score.location.line)",
                        message: "the justification for \(score.criterion) \(problem)"))
            }
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }

    /// The scores on `sheet` whose justification is not substantive, each with why, in sheet order
    /// (scores on criteria `plan` scores on a scale; price criteria have no justification to judge).
    ///
    /// - Parameter scales: ``descriptors(of:)`` of `plan`, when many sheets are judged against it;
    ///   made here otherwise.
    static func problems(
        in sheet: ScoreSheet, plan: TenderPlan, scales: [ScaleID: Descriptors]? = nil
    ) -> [(score: CriterionScore, problem: String)] {
        let scales = scales ?? descriptors(of: plan)
        let lot = plan.lot(sheet.lot)
        return sheet.scores.compactMap { score in
            guard case let .scale(scaleID)? = lot?.criterion(score.criterion)?.method,
                let descriptors = scales[scaleID]
            else { return nil }
            return problem(score.justification, descriptors).map { (score, $0) }
        }
    }

    /// Each of `plan`'s scales' descriptors, split into words once.
    static func descriptors(of plan: TenderPlan) -> [ScaleID: Descriptors] {
        plan.scales.mapValues { Descriptors($0.points.map(\.descriptor)) }
    }

    /// A scale's descriptors with their words, split once.
    struct Descriptors: Sendable {
        /// The descriptors, in scale order.
        let texts: [String]
        /// Each descriptor's words (``JustificationsAreSubstantive/words(_:)``).
        let words: [[String]]
        /// Each descriptor's words and the filler words: a text made only of these paraphrases it.
        let vocabularies: [Set<String>]
        /// Every descriptor's vocabulary together: a text with a word outside it paraphrases none.
        let vocabulary: Set<String>

        init(_ texts: [String]) {
            self.texts = texts
            words = texts.map(JustificationsAreSubstantive.words)
            vocabularies = words.map { Set($0).union(JustificationsAreSubstantive.filler) }
            vocabulary = vocabularies.reduce(JustificationsAreSubstantive.filler) { $0.union($1) }
        }
    }

    /// Why a justification is not substantive, or `nil` when it is.
    static func problem(_ text: String, descriptors: [String]) -> String? {
        problem(text, Descriptors(descriptors))
    }

    /// Why a justification is not substantive against a scale's descriptors, or `nil` when it is.
    static func problem(_ text: String, _ descriptors: Descriptors) -> String? {
        let words = Self.words(text)
        if words.count < minimumWords { return "has \(words.count) word(s); say what in the bid supports the score" }
        // A word outside every descriptor's vocabulary: the text neither repeats nor paraphrases one
        // (each descriptor's words are in its vocabulary). Most justifications end here.
        if words.contains(where: { !descriptors.vocabulary.contains($0) }) { return nil }
        if descriptors.words.contains(words) { return "repeats the scale descriptor" }
        // Of the descriptors the text only paraphrases, name the one whose words it shares most
        // (not merely the first: filler-only text paraphrases every descriptor).
        let paraphrased = descriptors.texts.indices.filter { index in
            words.allSatisfy(descriptors.vocabularies[index].contains)
        }
        func shared(_ index: Int) -> Int { Set(descriptors.words[index]).intersection(words).count }
        if let index = paraphrased.max(by: { shared($0) < shared($1) }) {
            let descriptor = descriptors.texts[index]
            let quoted = descriptor.count > 60 ? descriptor.prefix(60) + "…" : Substring(descriptor)
            return "only paraphrases the scale descriptor (\"\(quoted)\"); cite the bid's evidence"
        }
        return nil
    }

    /// Lower-cased words, punctuation removed: the runs of letters and digits (Unicode's
    /// `Character.isLetter` and `isNumber`).
    static func words(_ text: String) -> [String] {
        // ASCII text (nearly every justification) is split byte by byte, with the same result:
        // in ASCII the letters are A–Z and a–z, the numbers 0–9.
        if let words = asciiWords(text) { return words }
        return text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// ``words(_:)`` for ASCII text; `nil` when the text has any other character.
    private static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var word: [UInt8] = []
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
                case 0x80...: return nil
                default:
                    if !word.isEmpty {
                        words.append(String(decoding: word, as: UTF8.self))
                        word.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            return words
        }
    }

    /// Words that add nothing to a descriptor.
    static let filler: Set<String> = [
        "the", "a", "an", "this", "that", "it", "is", "was", "bid", "response", "tenderer", "tender", "score", "scored",
        "scores", "given", "therefore", "so", "and", "of", "as", "with", "meets", "met", "overall", "we", "i", "our",
        "has", "have", "its", "which", "be", "are", "were", "in", "to", "for", "on", "by", "very", "fully", "good",
    ]
}
