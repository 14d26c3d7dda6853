public import Foundation
import TenderModel
public import TenderXML

/// Reads one of TenderTrail's own documents: secure parse, root check, XSD validation.
public enum NativeDocument {
    /// Parses and validates `bytes` as `format`.
    ///
    /// - Parameters:
    ///   - format: The expected format (its root element and namespace are checked first).
    ///   - bytes: The file's bytes.
    ///   - path: How to name the file in diagnostics.
    /// - Throws: ``DocumentReadError/xml(_:)`` for malformed XML, a DOCTYPE, a remote schema
    ///   location, a wrong root or any schema violation (all violations, each with line and column).
    public static func load(
        _ format: DocumentFormat, bytes: [UInt8], path: String
    ) throws(DocumentReadError) -> XMLDocument {
        do {
            let document = try XMLDocument.parse(bytes, path: path)
            try document.validate(as: format)
            return document
        } catch {
            throw .xml(error)
        }
    }

    /// Reads a file and loads it as `format`.
    /// - Throws: ``DocumentReadError/xml(_:)`` with ``XMLError/unreadable(path:reason:)`` if the
    ///   file cannot be read, otherwise as ``load(_:bytes:path:)``.
    public static func load(
        _ format: DocumentFormat, contentsOf url: URL, displayPath: String
    ) throws(DocumentReadError)
        -> XMLDocument
    {
        try load(format, bytes: readBytes(url, displayPath: displayPath), path: displayPath)
    }

    /// The bytes of a file.
    /// - Throws: ``DocumentReadError/xml(_:)`` with ``XMLError/unreadable(path:reason:)``.
    public static func readBytes(_ url: URL, displayPath: String) throws(DocumentReadError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .xml(.unreadable(path: displayPath, reason: Self.reason(error)))
        }
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}

/// Helpers for reading a validated document of one namespace. Collects content problems the
/// schema cannot express, so that all of them are reported together.
struct ElementReader {
    let namespace: String
    var problems: [DocumentProblem] = []

    init(namespace: String) { self.namespace = namespace }

    func children(_ element: XMLElement, _ name: String) -> [XMLElement] {
        element.children(name, namespace: namespace)
    }

    func child(_ element: XMLElement, _ name: String) -> XMLElement? { element.child(name, namespace: namespace) }

    /// Whitespace-normalised text of a child (for names and titles).
    func name(_ element: XMLElement, _ child: String) -> String? {
        self.child(element, child).map(\.normalizedText)
    }

    /// Text of a child with leading and trailing whitespace removed, inner line breaks kept
    /// (for justifications, reasons, responses).
    func prose(_ element: XMLElement) -> String { element.text.trimmingWhitespaceAndNewlines() }

    mutating func problem(_ location: FileLocation, _ message: String) {
        problems.append(DocumentProblem(location: location, message: message))
    }

    /// A strict decimal attribute (schema-valid), refused beyond what `Decimal` holds exactly.
    mutating func decimal(_ element: XMLElement, attribute: String) -> Decimal? {
        guard let text = element.attribute(attribute) else { return nil }
        guard let value = DecimalText.decimal(text) else {
            problem(
                element.location(ofAttribute: attribute),
                "\(attribute)=\"\(text)\" on <\(element.localName)> has more significant digits than can be held exactly (38)"
            )
            return nil
        }
        return value
    }

    /// A money element (`<X currency="EUR">1250.00</X>`) or money from a text and currency.
    mutating func money(_ element: XMLElement, text: String? = nil, currency: String?) -> Money? {
        let amount = (text ?? element.text).trimmingWhitespaceAndNewlines()
        guard let currency else { return nil }
        guard let money = Money(text: amount, currency: CurrencyCode(currency)) else {
            problem(
                element.location, "<\(element.localName)> must be a money amount such as 1250.00; found \"\(amount)\"")
            return nil
        }
        return money
    }

    /// A timestamp child (schema-valid `DateTimeWithOffset`).
    mutating func timestamp(_ element: XMLElement) -> Timestamp? {
        let text = element.text.trimmingWhitespaceAndNewlines()
        guard let timestamp = Timestamp(text) else {
            problem(
                element.location,
                "<\(element.localName)> must be a date and time with a UTC offset such as 2025-03-14T12:00:00+01:00; found"
                    + " \"\(text)\"")
            return nil
        }
        return timestamp
    }

    /// Throws the collected problems, if any.
    func finish() throws(DocumentReadError) {
        guard problems.isEmpty else { throw .invalidContent(problems) }
    }
}

extension String {
    /// The text without leading and trailing white space and line breaks: the same result as
    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` (general categories Zs, Zl
    /// and Zp, U+0009…U+000D, U+0085 and, in swift-corelibs-foundation, U+200B), without its detour through UTF-16, which took a fifth of
    /// `tender evaluate`'s time on cases of many bids (Benchmarks/RESULTS.md).
    func trimmingWhitespaceAndNewlines() -> String {
        func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x85, 0x200B: return true
            case 0...0x7F: return false
            default:
                switch scalar.properties.generalCategory {
                case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
                default: return false
                }
            }
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
