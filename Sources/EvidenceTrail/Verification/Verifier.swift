import Foundation
public import TenderDocuments
import TenderModel
import TenderXML

/// One thing a check found wrong, with the file (and entry) it concerns.
public struct Finding: Equatable, Sendable, CustomStringConvertible {
    /// The file, as the user would find it (case folder as typed + relative path), with a line when known.
    public var location: String
    /// What is wrong: expected and found.
    public var message: String

    /// Creates a finding.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    /// The value as text, for people and diagnostics.
    public var description: String { "\(location): \(message)" }
}

/// The outcome of one check.
public enum CheckOutcome: Equatable, Sendable {
    /// The property holds. Notes say what was tolerated (e.g. a file reformatted, content unchanged).
    case passed(notes: [String])
    /// The property does not hold.
    case failed([Finding])
    /// Not run because a check it depends on did not pass.
    case skipped(because: String)

    /// Whether the check passed.
    public var isPassed: Bool {
        if case .passed = self { return true }
        return false
    }
}

/// One property of a case's evidence that an auditor can rely on once it passes.
protocol TrailCheck: Sendable {
    /// Stable identifier used in reports, e.g. `entries-are-hash-chained`.
    var id: String { get }
    /// The property, in one line.
    var statement: String { get }
    /// Checks that must pass first.
    var prerequisites: [String] { get }
    /// Runs the check.
    func check(_ context: VerificationContext) -> CheckOutcome
}

/// A check's identity, statement and outcome, as reported.
public struct CheckResult: Equatable, Sendable {
    /// Stable identifier (`entries-are-hash-chained`).
    public var id: String
    /// The property checked, in one line.
    public var statement: String
    /// What happened.
    public var outcome: CheckOutcome
}

/// Everything `tender verify` found about a case, check by check, in order.
public struct VerificationReport: Equatable, Sendable {
    /// The case folder as typed.
    public var caseFolder: String
    /// Every check, in the order run.
    public var checks: [CheckResult]

    /// True only when every check passed (a skipped check is not a pass).
    public var isVerified: Bool { !checks.isEmpty && checks.allSatisfy(\.outcome.isPassed) }
}

/// What the checks read: the trail, the case's files as they are now, and a fresh evaluation.
/// Computed once, before the checks run.
public struct VerificationContext: Sendable {
    /// The case.
    public var folder: CaseFolder
    /// The trail as found.
    public var trail: Trail
    /// The case's input files now, with their digests (canonical `nil` when the file is not XML).
    public var currentInputs: [CaseFile: CurrentDigests]
    /// Problems discovering the input files (a stray file in `bids/`, no `tender.xml`).
    public var discoveryProblems: [DocumentProblem]
    /// The results file now, when present.
    public var currentResults: CurrentDigests?
    /// The fresh evaluation, or why it could not be made.
    public var evaluation: Result<CaseEvaluation, EvidenceError>

    /// A file's digests now.
    public struct CurrentDigests: Sendable {
        /// Its bytes.
        public var bytes: [UInt8]
        /// SHA-256 of its bytes.
        public var bytesDigest: Digest
        /// SHA-256 of its exclusive canonical form, when it parses.
        public var canonicalDigest: Digest?
    }

    /// The display path of a case-relative path.
    func display(_ relative: String) -> String { folder.displayPath(for: relative) }

    /// Reads everything the checks need.
    /// - Throws: ``EvidenceError/unreadable(_:)`` only when the evidence folder exists but cannot be listed.
    static func gather(_ folder: CaseFolder) throws(EvidenceError) -> VerificationContext {
        let trail: Trail
        do { trail = try Trail.load(caseURL: folder.url) } catch { throw .unreadable(error) }
        var inputs: [CaseFile: CurrentDigests] = [:]
        var discoveryProblems: [DocumentProblem] = []
        do {
            let found = try folder.discoverInputFiles()
            discoveryProblems = found.problems
            for file in found.files {
                if let digests = current(folder.url(for: file.relativePath)) { inputs[file] = digests }
            }
        } catch {
            discoveryProblems = error.problems
        }
        return VerificationContext(
            folder: folder, trail: trail, currentInputs: inputs, discoveryProblems: discoveryProblems,
            currentResults: current(folder.url(for: Trail.resultsPath)),
            evaluation: Result { () throws(EvidenceError) -> CaseEvaluation in try CaseEvaluation.run(folder) })
    }

    private static func current(_ url: URL) -> CurrentDigests? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let bytes = [UInt8](data)
        let canonical = (try? XMLDocument.parse(bytes, path: url.path)).flatMap { try? $0.exclusiveCanonicalForm() }
        return CurrentDigests(
            bytes: bytes, bytesDigest: Digest(of: bytes), canonicalDigest: canonical.map { Digest(of: $0) })
    }
}

/// Verifies a case: re-hashes every input, checks the trail's chain and checkpoint, re-evaluates
/// and compares, and reports each named check.
///
/// The checks, in order (each in `Verification/Checks/`):
/// 1. `trail-is-present` — the case has trail entries and a checkpoint.
/// 2. `entries-are-well-formed` — every entry file is a valid entry, numbered 1, 2, 3… by file name.
/// 3. `entries-are-hash-chained` — every entry carries the canonical hash of the one before.
/// 4. `checkpoint-covers-trail` — the checkpoint's size and head match the trail.
/// 5. `evaluation-is-recorded` — the trail ends with an evaluation whose inputs were each recorded.
/// 6. `inputs-match-record` — every input file now is the document the evaluation recorded.
/// 7. `results-match-record` — `evidence/results.xml` is the document the evaluation recorded.
/// 8. `inputs-are-valid` — every input reads, validates and evaluates.
/// 9. `results-reproduce` — evaluating the inputs again gives exactly `evidence/results.xml`.
///
/// Only the case's files are read; nothing is fetched. An empty trail or a missing checkpoint is
/// never verified.
public enum Verifier {
    static let checks: [any TrailCheck] = [
        TrailIsPresent(), EntriesAreWellFormed(), EntriesAreHashChained(), CheckpointCoversTrail(),
        EvaluationIsRecorded(), InputsMatchRecord(), ResultsMatchRecord(), InputsAreValid(), ResultsReproduce(),
    ]

    /// The checks' identifiers and statements, in order.
    public static var catalogue: [(id: String, statement: String)] { checks.map { ($0.id, $0.statement) } }

    /// Verifies the case in `folder`.
    /// - Throws: ``EvidenceError/unreadable(_:)`` when the evidence cannot be listed, or
    ///   ``EvidenceError/locked(_:)`` while another process records (both exit 2); everything else
    ///   is a finding in the report.
    public static func verify(_ folder: CaseFolder) throws(EvidenceError) -> VerificationReport {
        let lock = try CaseLock.shared(folder: folder)
        defer { lock?.release() }
        let context = try VerificationContext.gather(folder)
        var results: [CheckResult] = []
        var passed: Set<String> = []
        for check in checks {
            let blocking = check.prerequisites.filter { !passed.contains($0) }
            let outcome: CheckOutcome =
                blocking.isEmpty ? check.check(context) : .skipped(because: "needs " + blocking.joined(separator: ", "))
            if outcome.isPassed { passed.insert(check.id) }
            results.append(CheckResult(id: check.id, statement: check.statement, outcome: outcome))
        }
        return VerificationReport(caseFolder: folder.displayPath, checks: results)
    }
}
