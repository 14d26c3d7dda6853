/// A position and a message from reading or validating an XML document, printed the way compilers
/// print diagnostics: `path:line:column: error: message`.
///
/// Lines and columns are 1-based. Columns count Unicode scalar values on the line, which is the unit
/// libxml2's parser reports for UTF-8 input; libxml2's schema validator reports no column, so for
/// schema errors the column is that of the offending start tag (or attribute) found on the reported
/// line, or `nil` when it cannot be found.
public struct XMLDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (not resolved).
    public var path: String
    /// 1-based line, or 0 when the error concerns the whole document.
    public var line: Int
    /// 1-based column in Unicode scalars, when known.
    public var column: Int?
    /// What is wrong, in one sentence without a trailing newline.
    public var message: String

    /// Creates a diagnostic.
    public init(path: String, line: Int, column: Int?, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: error: message` (the column and line are left out when unknown).
    public var description: String {
        var location = path
        if line > 0 {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): error: \(message)"
    }
}

/// Why an XML document could not be read, validated, queried, canonicalised or written.
///
/// Every case carries at least one ``XMLDiagnostic`` naming the file, line and column.
public enum XMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read (missing, unreadable, a directory). `reason` is the system's.
    case unreadable(path: String, reason: String)
    /// The bytes are not well-formed XML. Holds the first error libxml2 reported (the cause), not the
    /// last (which is often a consequence such as "Premature end of data").
    case malformed(XMLDiagnostic)
    /// The document has a DOCTYPE declaration. DOCTYPEs can declare entities that read local files
    /// or the network, or expand without bound ("billion laughs"); none of the formats TenderTrail
    /// reads needs one, so the parser stops as soon as it sees one, before any declaration in it.
    case doctypeRefused(XMLDiagnostic)
    /// The document asks for a schema from elsewhere (`xsi:schemaLocation` naming a remote URL).
    /// TenderTrail validates only against the schemas it ships and never fetches one.
    case remoteSchemaRefused(XMLDiagnostic)
    /// The root element is not the one expected (wrong document type or namespace).
    case unexpectedRoot(XMLDiagnostic)
    /// The document does not conform to its XML Schema. Holds every violation, in document order.
    case schemaInvalid([XMLDiagnostic])
    /// A schema shipped with TenderTrail could not be compiled (a packaging fault, not a user error).
    case schemaUnusable(path: String, reason: String)
    /// An XPath expression could not be evaluated (a programming fault).
    case xpathFailed(expression: String, reason: String)
    /// libxml2 could not produce the canonical form (`xmlC14NDocDumpMemory` failed).
    case canonicalizationFailed(path: String)
    /// libxml2 could not serialise a document being written.
    case serializationFailed(reason: String)

    /// Every diagnostic this error carries, in document order.
    public var diagnostics: [XMLDiagnostic] {
        switch self {
        case let .malformed(diagnostic), let .doctypeRefused(diagnostic), let .remoteSchemaRefused(diagnostic),
            let .unexpectedRoot(diagnostic):
            [diagnostic]
        case let .schemaInvalid(diagnostics):
            diagnostics
        case let .unreadable(path, reason):
            [XMLDiagnostic(path: path, line: 0, column: nil, message: "cannot read: \(reason)")]
        case let .schemaUnusable(path, reason):
            [XMLDiagnostic(path: path, line: 0, column: nil, message: "the shipped schema cannot be used: \(reason)")]
        case let .xpathFailed(expression, reason):
            [XMLDiagnostic(path: "<xpath>", line: 0, column: nil, message: "\(expression): \(reason)")]
        case let .canonicalizationFailed(path):
            [
                XMLDiagnostic(
                    path: path, line: 0, column: nil, message: "libxml2 could not produce the exclusive canonical form")
            ]
        case let .serializationFailed(reason):
            [XMLDiagnostic(path: "<output>", line: 0, column: nil, message: "could not serialise XML: \(reason)")]
        }
    }

    /// One line per diagnostic, compiler style.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
