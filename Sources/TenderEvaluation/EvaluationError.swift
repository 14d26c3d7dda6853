public import TenderModel

/// One reason the inputs cannot be evaluated, with where to look.
public struct EvaluationProblem: Equatable, Sendable, CustomStringConvertible {
    /// Where the problem is (the file and line to fix).
    public var location: FileLocation
    /// What is wrong: expected and found.
    public var message: String

    /// Creates a problem.
    public init(location: FileLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `path:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}

/// Why an evaluation did not run. Every problem found is reported, not only the first.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The plan cannot be evaluated yet (weights not exact, no scoring method, …).
    case planNotReady([ReadinessProblem])
    /// The bids, score sheets or moderation records are inconsistent with the plan or each other
    /// (a zero price, a score off the scale, a missing score, an unknown criterion, …).
    case invalidInput([EvaluationProblem])

    /// One line per problem, compiler style.
    public var description: String {
        switch self {
        case let .planNotReady(problems): problems.map(\.description).joined(separator: "\n")
        case let .invalidInput(problems): problems.map(\.description).joined(separator: "\n")
        }
    }
}
