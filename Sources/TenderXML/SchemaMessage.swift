import Foundation

/// Turns libxml2's XML Schema validation messages into sentences a procurement officer can act on:
/// which element, what was expected, what was found.
///
/// libxml2 writes, for example,
/// `Element '{urn:tendertrail:bid:1}Amount': '12,50' is not a valid value of the atomic type
/// '{urn:tendertrail:bid:1}MoneyAmount'.`; this becomes
/// `<Amount> must be a money amount such as 1250.00; found "12,50"`.
/// Messages it does not recognise keep their text, with namespace URIs removed.
public struct SchemaMessageStyle: Sendable {
    /// Plain-language descriptions of schema types, keyed by local type name
    /// (`MoneyAmount`, `decimal`), used after "must be".
    public var typeDescriptions: [String: String]
    /// Plain-language statements of identity constraints (`xs:unique`, `xs:key`, `xs:keyref`),
    /// keyed by the constraint's local name.
    public var constraintDescriptions: [String: String]
    /// Plain-language descriptions keyed by an `xs:pattern` facet's regular expression. libxml2
    /// names no type when a value is lexically valid for the base type but fails the pattern (a
    /// date-time without an offset), so the pattern identifies it.
    public var patternDescriptions: [String: String]

    /// Creates a style; the built-in XML Schema types are described even when not listed.
    public init(
        typeDescriptions: [String: String] = [:], constraintDescriptions: [String: String] = [:],
        patternDescriptions: [String: String] = [:]
    ) {
        self.typeDescriptions = typeDescriptions
        self.constraintDescriptions = constraintDescriptions
        self.patternDescriptions = patternDescriptions
    }

    static let builtInTypes: [String: String] = [
        "decimal": "a decimal number such as 1250.00 (a full stop before the decimals, no thousands separators)",
        "integer": "a whole number",
        "positiveInteger": "a whole number of at least 1",
        "nonNegativeInteger": "a whole number of at least 0",
        "boolean": "true or false",
        "dateTime": "a date and time such as 2025-03-14T12:00:00+01:00",
        "date": "a date such as 2025-03-14",
        "string": "text",
        "token": "text",
        "normalizedString": "text",
        "NCName": "a name without spaces or colons",
        "ID": "an identifier that starts with a letter or underscore (letters, digits, '.', '-', '_')",
        "IDREF": "an identifier declared elsewhere in the document",
        "language": "a language tag such as en or fr-BE",
        "anyURI": "a URI",
    ]

    /// Rewrites a sequence of raw libxml2 schema messages that belong to one document, in order.
    ///
    /// libxml2 2.9 reports a facet violation (pattern, enumeration, bounds) and then, for the same
    /// node, a follow-up naming the type ("… is not a valid value of the atomic type 'T'"). The pair
    /// becomes one sentence: the type's description when it is known, else the facet's.
    func rewrite(_ messages: [RawSchemaMessage]) -> [RawSchemaMessage] {
        var result: [RawSchemaMessage] = []
        var index = 0
        while index < messages.count {
            let current = messages[index]
            let parsed = ParsedMessage(current.text)
            if parsed.isFacet, index + 1 < messages.count {
                let next = messages[index + 1]
                let nextParsed = ParsedMessage(next.text)
                if next.nodeIdentity == current.nodeIdentity, nextParsed.isTypeFollowUp,
                    nextParsed.subject == parsed.subject, nextParsed.value == parsed.value
                {
                    let typeSentence = nextParsed.typeName.flatMap { describeType($0) }
                    let text =
                        if let typeSentence {
                            "\(parsed.subject) must be \(typeSentence); found \(quoted(parsed.value ?? nextParsed.value ?? ""))"
                        } else {
                            sentence(for: parsed)
                        }
                    result.append(
                        RawSchemaMessage(
                            text: text, line: current.line, column: current.column, nodeIdentity: current.nodeIdentity,
                            subject: current.subject))
                    index += 2
                    continue
                }
            }
            if parsed.isNoise {
                index += 1
                continue
            }
            result.append(
                RawSchemaMessage(
                    text: sentence(for: parsed), line: current.line, column: current.column,
                    nodeIdentity: current.nodeIdentity, subject: current.subject))
            index += 1
        }
        return result
    }

    private func describeType(_ qualifiedName: String) -> String? {
        let local = localName(qualifiedName)
        return typeDescriptions[local] ?? Self.builtInTypes[local]
    }

    private func sentence(for message: ParsedMessage) -> String {
        let subject = message.subject
        let body = message.body
        if body.hasPrefix("This element is not expected.") {
            if let expected = message.expectedElements {
                return "\(subject) is not expected here; expected \(expected)"
            }
            return "\(subject) is not allowed here"
        }
        if body.hasPrefix("Missing child element(s).") {
            if let expected = message.expectedElements {
                return "\(subject) is incomplete; expected \(expected)"
            }
            return "\(subject) is missing a child element"
        }
        if message.isTypeFollowUp {
            let found = quoted(message.value ?? "")
            if let typeName = message.typeName, let description = describeType(typeName) {
                return "\(subject) must be \(description); found \(found)"
            }
            return "\(subject) has an invalid value; found \(found)"
        }
        if let name = capture(body, between: "The attribute '", and: "' is required but missing.") {
            return "\(subject) is missing the required attribute '\(name)'"
        }
        if let name = capture(body, between: "The attribute '", and: "' is not allowed.") {
            return "\(subject) has the attribute '\(name)', which is not allowed there"
        }
        if body.hasPrefix("No matching global declaration available for the validation root.") {
            return "\(subject) is not a document element this schema accepts"
        }
        if body.hasPrefix("Character content other than whitespace is not allowed") {
            return "\(subject) may contain only elements, not text"
        }
        if body.hasPrefix("Element content is not allowed") {
            return "\(subject) may contain only text, not elements"
        }
        if let keys = capture(body, between: "Duplicate key-sequence [", and: "] in ") {
            let constraint = capture(body, between: "identity-constraint '", and: "'.").map(localName) ?? ""
            let rule = constraintDescriptions[constraint].map { " (\($0))" } ?? ""
            return "\(subject) repeats \(keys.replacingOccurrences(of: "'", with: "\"")), which must be unique\(rule)"
        }
        if let keys = capture(body, between: "No match found for key-sequence [", and: "] of keyref") {
            let constraint = capture(body, between: "keyref '", and: "'.").map(localName) ?? ""
            let rule = constraintDescriptions[constraint].map { " (\($0))" } ?? ""
            return
                "\(subject) refers to \(keys.replacingOccurrences(of: "'", with: "\"")), which is not declared\(rule)"
        }
        if message.isFacet {
            return facetSentence(message)
        }
        return "\(subject): \(stripNamespaces(body))"
    }

    private func facetSentence(_ message: ParsedMessage) -> String {
        let subject = message.subject
        let body = message.body
        let found = quoted(message.value ?? "")
        if let set = capture(body, between: "is not an element of the set {", and: "}") {
            return "\(subject) must be one of \(set.replacingOccurrences(of: "'", with: "")); found \(found)"
        }
        if let bound = capture(body, between: "less than the minimum value allowed ('", and: "')") {
            return "\(subject) must be at least \(bound); found \(found)"
        }
        if let bound = capture(body, between: "greater than the maximum value allowed ('", and: "')") {
            return "\(subject) must be at most \(bound); found \(found)"
        }
        if let bound = capture(body, between: "must be greater than '", and: "'") {
            return "\(subject) must be greater than \(bound); found \(found)"
        }
        if let bound = capture(body, between: "minimum length of '", and: "'") {
            return "\(subject) must have at least \(bound) character(s); found \(found)"
        }
        if let bound = capture(body, between: "maximum length of '", and: "'") {
            return "\(subject) must have at most \(bound) character(s)"
        }
        if let pattern = capture(body, between: "not accepted by the pattern '", and: "'.") {
            if let description = patternDescriptions[pattern] {
                return "\(subject) must be \(description); found \(found)"
            }
            return "\(subject) must match the pattern \(pattern); found \(found)"
        }
        if let digits = capture(body, between: "total number of digits", and: ".") {
            return "\(subject) has too many digits\(digits); found \(found)"
        }
        if let digits = capture(body, between: "fractional digits", and: ".") {
            return "\(subject) has too many decimal places\(digits); found \(found)"
        }
        return "\(subject): \(stripNamespaces(body))"
    }
}

/// One raw message from libxml2's schema validator, with the identity of the node it concerns
/// (so that a facet message and its follow-up can be paired).
struct RawSchemaMessage {
    var text: String
    var line: Int
    /// The column of the offending start tag or attribute, when found.
    var column: Int?
    var nodeIdentity: Int
    /// The element's qualified name as written in the source (`prefix:local` or `local`), and the
    /// attribute's name when the message is about one; used to find the column.
    var subject: (element: String, attribute: String?)?
}

/// The parts of one libxml2 schema message.
struct ParsedMessage {
    /// `<Amount>` or `<Amount> attribute 'currency'`.
    var subject: String
    /// The message after `Element '…': `.
    var body: String

    init(_ raw: String) {
        var text = raw.trimmingTrailingWhitespace()
        var subject = "the document"
        let elementEnd = text.range(of: "': ")
        let attributeStart = text.range(of: "', attribute '")
        let earliest: Range<String.Index>? =
            switch (elementEnd, attributeStart) {
            case let (element?, attribute?): attribute.lowerBound < element.lowerBound ? attribute : element
            case let (element?, nil): element
            case let (nil, attribute?): attribute
            case (nil, nil): nil
            }
        if text.hasPrefix("Element '"), let close = earliest {
            let nameStart = text.index(text.startIndex, offsetBy: "Element '".count)
            let name = localName(String(text[nameStart..<close.lowerBound]))
            subject = "<\(name)>"
            if text[close].hasPrefix("', attribute '") {
                let rest = text[close.upperBound...]
                if let end = rest.range(of: "': ") {
                    subject += " attribute '\(rest[rest.startIndex..<end.lowerBound])'"
                    text = String(rest[end.upperBound...])
                } else {
                    text = String(rest)
                }
            } else {
                text = String(text[close.upperBound...])
            }
        }
        self.subject = subject
        self.body = text
    }

    var isFacet: Bool { body.hasPrefix("[facet '") }

    /// "'v' is not a valid value of the atomic type 'T'." and its local/union/list variants.
    var isTypeFollowUp: Bool { body.contains("is not a valid value of the") }

    /// libxml2 2.9's internal follow-up after some facet errors; carries no information.
    var isNoise: Bool { body.contains("No precomputed value available") }

    /// The value found, from "The value 'v'" (facets) or "'v' is not a valid value" (types).
    var value: String? {
        if let found = capture(body, between: "The value '", and: "' ") { return found }
        if body.hasPrefix("'"), let end = body.range(of: "' is not a valid value") {
            return String(body[body.index(after: body.startIndex)..<end.lowerBound])
        }
        if body.hasPrefix("The value has a length of") { return "" }
        return nil
    }

    /// The type named in a follow-up message, e.g. `{urn:…}MoneyAmount` or `xs:decimal`.
    var typeName: String? { capture(body, between: "type '", and: "'") }

    /// "<A>" or "one of <A>, <B>" from "Expected is ( A )." / "Expected is one of ( A, B )."
    var expectedElements: String? {
        guard let list = capture(body, between: "( ", and: " )") else { return nil }
        let names = list.split(separator: ",").map { "<\(localName($0.trimmingCharacters(in: .whitespaces)))>" }
        if names.count == 1 { return names[0] }
        return "one of " + names.joined(separator: ", ")
    }
}

// MARK: - Text helpers

/// The local part of `{namespace}local`, `prefix:local` or `local`.
func localName<S: StringProtocol>(_ qualified: S) -> String {
    var name = Substring(qualified)
    if let brace = name.lastIndex(of: "}") { name = name[name.index(after: brace)...] }
    if let colon = name.lastIndex(of: ":") { name = name[name.index(after: colon)...] }
    return String(name)
}

/// Removes `{namespace}` prefixes from qualified names in a message.
func stripNamespaces(_ text: String) -> String {
    var result = ""
    var depth = 0
    for character in text {
        if character == "{" && depth == 0 {
            depth = 1
            continue
        }
        if character == "}" && depth == 1 {
            depth = 0
            continue
        }
        if depth == 0 { result.append(character) }
    }
    return result
}

func capture(_ text: String, between start: String, and end: String) -> String? {
    guard let open = text.range(of: start) else { return nil }
    let rest = text[open.upperBound...]
    guard let close = rest.range(of: end) else { return nil }
    return String(rest[rest.startIndex..<close.lowerBound])
}

func quoted(_ value: String) -> String {
    "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var slice = Substring(self)
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
