import Foundation
import Testing

@testable import TenderDocuments

/// `trimmingWhitespaceAndNewlines()` (issue 7) replaces Foundation's
/// `trimmingCharacters(in: .whitespacesAndNewlines)` when reading prose, money and times: it must
/// give the same result for every kind of text.
@Suite("Trimming white space without Foundation")
struct TrimmingTests {
    /// Every scalar Foundation counts as white space or a line break, and some it does not.
    static let edges: [String] = [
        " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{301}", "\u{1F600}",
        "x", "é", "",
    ]

    @Test("Same result as Foundation for every pair of edges around a few texts")
    func sameAsFoundation() {
        for body in ["", "a", "Our answer.\n  Second line.", "\u{301}a", "a \u{301}", "日本 語"] {
            for leading in Self.edges {
                for trailing in Self.edges {
                    let text = leading + leading + body + trailing
                    #expect(
                        text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                        "\(Array(text.unicodeScalars).map { String($0.value, radix: 16) })")
                }
            }
        }
    }

    @Test("Text with nothing to trim is returned as it is")
    func untouched() {
        #expect("Paragraph 2 of the answer".trimmingWhitespaceAndNewlines() == "Paragraph 2 of the answer")
        #expect(" \n\t ".trimmingWhitespaceAndNewlines() == "")
        #expect("\u{3000}1250.00\u{2029}".trimmingWhitespaceAndNewlines() == "1250.00")
    }
}
