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
    func prose(_ element: XMLElement) -> String { element.text.trimmingCharacters(in: .whitespacesAndNewlines) }

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
        let amount = (text ?? element.text).trimmingCharacters(in: .whitespacesAndNewlines)
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
        let text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
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
