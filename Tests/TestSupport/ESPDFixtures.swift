public import Foundation

/// The official ESPD-EDM v4.1.0 example pair (`Tests/TenderDocumentsTests/Fixtures/espd/`, see its
/// PROVENANCE.md), and edits of a copy made in memory for the variants the tests need.
public enum ESPDFixtures {
    /// The fixture folder.
    public static var folder: URL {
        TestSupport.packageRoot.appendingPathComponent("Tests/TenderDocumentsTests/Fixtures/espd", isDirectory: true)
    }

    /// `ESPD-Request.xml` as text.
    public static func requestText() throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent("ESPD-Request.xml")), as: UTF8.self)
    }

    /// `ESPD-Response.xml` as text.
    public static func responseText() throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent("ESPD-Response.xml")), as: UTF8.self)
    }

    /// The `crime-org` criterion (an exclusion ground with a self-cleaning question).
    public static let crimeOrg = "005eb9ed-1347-4ca3-bb29-9bc0db64e1ab"
    /// `crime-org`'s ground question ("Your answer").
    public static let crimeOrgAnswer = "C1_EG_crime-org/QG1/Q1"
    /// `crime-org`'s self-cleaning question.
    public static let crimeOrgSelfCleaning = "C1_EG_crime-org/QG1/QSG1/QSG1/Q1"
    /// The `bankruptcy` criterion (an exclusion ground without a self-cleaning question).
    public static let bankruptcy = "d3732c09-7d62-4edc-a172-241da6636e7c"
    /// The `tax-pay` criterion, whose ground question the example response leaves unanswered.
    public static let taxPay = "b61bbeb7-690e-4a40-bc68-d6d4ecfaa3d4"
    /// The `gen-year-to` criterion (general yearly turnover: 3 years, at least 100000 EUR each).
    public static let generalTurnover = "499efc97-2ac1-4af2-9e84-323c2ca67747"
    /// `gen-year-to`'s amount question (one answer per financial year).
    public static let turnoverAmount = "C29_SC_gen-year-to/RG1/RSG1/QSG2/Q2"
    /// `gen-year-to`'s period question (one answer per financial year).
    public static let turnoverPeriod = "C29_SC_gen-year-to/RG1/RSG1/QSG2/Q1"
}

/// An ESPD document's text with edits applied to the `cac:TenderingCriterionResponse` elements
/// that answer one property (found by their `cbc:ValidatedCriterionPropertyID`).
public struct ESPDEdit {
    /// The text after the edits so far.
    public private(set) var text: String

    /// Starts from `text`.
    public init(_ text: String) { self.text = text }

    /// The byte ranges of every response element answering `property`, in document order.
    private func blocks(answering property: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var searchFrom = text.startIndex
        let marker = ">\(property)</cbc:ValidatedCriterionPropertyID>"
        while let hit = text.range(of: marker, range: searchFrom..<text.endIndex) {
            guard
                let start = text.range(
                    of: "<cac:TenderingCriterionResponse>", options: .backwards,
                    range: text.startIndex..<hit.lowerBound),
                let end = text.range(of: "</cac:TenderingCriterionResponse>", range: hit.upperBound..<text.endIndex)
            else { break }
            result.append(start.lowerBound..<end.upperBound)
            searchFrom = end.upperBound
        }
        return result
    }

    /// Replaces `old` by `new` inside every response answering `property`.
    /// - Returns: How many responses changed (0 when none answers it or none contains `old`).
    @discardableResult
    public mutating func replace(_ old: String, with new: String, inAnswersTo property: String) -> Int {
        var changed = 0
        for range in blocks(answering: property).reversed() {
            let block = String(text[range])
            guard block.contains(old) else { continue }
            text.replaceSubrange(range, with: block.replacingOccurrences(of: old, with: new))
            changed += 1
        }
        return changed
    }

    /// Answers the indicator question `property` with `value` (every response to it).
    @discardableResult
    public mutating func setIndicator(_ property: String, to value: Bool) -> Int {
        let changed =
            replace(
                "<cbc:ResponseIndicator>true</cbc:ResponseIndicator>",
                with: "<cbc:ResponseIndicator>\(value)</cbc:ResponseIndicator>", inAnswersTo: property)
            + replace(
                "<cbc:ResponseIndicator>false</cbc:ResponseIndicator>",
                with: "<cbc:ResponseIndicator>\(value)</cbc:ResponseIndicator>", inAnswersTo: property)
        return changed
    }

    /// Removes every response answering `property`.
    /// - Returns: How many were removed.
    @discardableResult
    public mutating func removeAnswers(to property: String) -> Int {
        let ranges = blocks(answering: property)
        for range in ranges.reversed() { text.removeSubrange(range) }
        return ranges.count
    }

    /// Inserts a copy of the first response to `property` after the last one, with `old` replaced by
    /// `new` in the copy (e.g. another financial year's turnover).
    /// - Returns: Whether a response was copied.
    @discardableResult
    public mutating func duplicateAnswer(to property: String, replacing old: String, with new: String) -> Bool {
        let ranges = blocks(answering: property)
        guard let first = ranges.first, let last = ranges.last else { return false }
        let copy = String(text[first]).replacingOccurrences(of: old, with: new)
        text.insert(contentsOf: "\n  " + copy, at: last.upperBound)
        return true
    }
}
