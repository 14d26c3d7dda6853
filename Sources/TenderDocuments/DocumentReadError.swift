public import TenderModel
public import TenderXML

/// One thing wrong with an input document, with where it is.
public struct DocumentProblem: Equatable, Sendable, CustomStringConvertible {
    /// Where (file, line, column).
    public var location: FileLocation
    /// What is wrong: the element, what was expected and what was found.
    public var message: String

    /// Creates a problem.
    public init(location: FileLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `path:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}

/// Why an input document (or a case folder) could not be read into the model.
public enum DocumentReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Reading, parsing, the secure-loading policy or schema validation failed.
    case xml(XMLError)
    /// The document is schema-valid but says something the model cannot accept (e.g. a criterion
    /// with two scoring methods, a number beyond 38 significant digits, a file named for another bid).
    case invalidContent([DocumentProblem])
    /// Several documents failed; every problem, sorted by file and line.
    case several([DocumentProblem])

    /// Every problem, with its location.
    public var problems: [DocumentProblem] {
        switch self {
        case let .xml(error):
            error.diagnostics.map {
                DocumentProblem(
                    location: FileLocation(path: $0.path, line: $0.line, column: $0.column), message: $0.message)
            }
        case let .invalidContent(problems), let .several(problems):
            problems
        }
    }

    /// One line per problem, compiler style.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension XMLElement {
    /// This element's location for diagnostics.
    var location: FileLocation { FileLocation(path: document.path, line: line, column: column) }

    /// The location of one of its attributes (falls back to the element's).
    func location(ofAttribute name: String) -> FileLocation {
        FileLocation(path: document.path, line: line, column: column(ofAttribute: name) ?? column)
    }
}
