public import Foundation
public import TenderDocuments
import TenderEvaluation
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

    /// `location: message`.
    public var description: String { "\(location): \(message)" }
}

/// How much a failed check matters.
public enum Severity: String, Equatable, Sendable {
    /// The case does not verify.
    case error
    /// Reported; the case can still verify.
    case warning
}

/// The outcome of one check.
public enum CheckOutcome: Equatable, Sendable {
    /// The property holds. Notes say what was tolerated or is worth knowing.
    case passed(notes: [String])
    /// The property does not hold.
    case failed([Finding])
    /// Not run because a check it depends on did not pass, or it does not apply.
    case skipped(because: String)

    /// Whether the check passed.
    public var isPassed: Bool {
        if case .passed = self { return true }
        return false
    }

    /// Whether the check ran and found the property does not hold.
    public var isFailed: Bool {
        if case .failed = self { return true }
        return false
    }

    /// Whether the check was not run.
    public var isSkipped: Bool {
        if case .skipped = self { return true }
        return false
    }
}

/// One property of a case that an auditor can rely on once it passes.
protocol TrailCheck: Sendable {
    /// Stable identifier used in reports, e.g. `entries-are-hash-chained`.
    var id: String { get }
    /// The property, in one line.
    var statement: String { get }
    /// Whether a failure fails verification.
    var severity: Severity { get }
    /// Where the rule comes from: regulation, judgment, guidance, eForms irregularity-type code.
    var source: String { get }
    /// Checks that must pass first.
    var prerequisites: [String] { get }
    /// Whether the check compares the trail with the standings `evidence/results.xml` records: it
    /// is skipped when they cannot be read (``VerificationContext/unreadableResults``), since a
    /// file without standings would make every comparison a false finding.
    var readsRecordedStandings: Bool { get }
    /// Runs the check.
    func check(_ context: VerificationContext) -> CheckOutcome
}

extension TrailCheck {
    var severity: Severity { .error }
    var readsRecordedStandings: Bool { false }
}

/// A check's identity, statement, source and outcome, as reported.
public struct CheckResult: Equatable, Sendable {
    /// Stable identifier (`entries-are-hash-chained`).
    public var id: String
    /// The property checked, in one line.
    public var statement: String
    /// Whether a failure fails verification.
    public var severity: Severity
    /// Where the rule comes from.
    public var source: String
    /// What happened.
    public var outcome: CheckOutcome
}

/// Everything `tender verify` found about a case, check by check, in order.
public struct VerificationReport: Equatable, Sendable {
    /// The case folder (or bundle) as typed.
    public var caseFolder: String
    /// Every check, in the order run.
    public var checks: [CheckResult]

    /// True only when every error-severity check passed (a skipped check is not a pass) and the
    /// trail has at least one valid signature.
    public var isVerified: Bool {
        !checks.isEmpty && checks.allSatisfy { $0.severity == .warning || $0.outcome.isPassed }
    }
}

/// A catalogue entry: what `tender rules` lists.
public struct RuleDescription: Equatable, Sendable {
    /// Stable identifier.
    public var id: String
    /// The property, in one line.
    public var statement: String
    /// `error` or `warning`.
    public var severity: Severity
    /// Regulation, judgment, guidance or eForms irregularity-type code.
    public var source: String
}

/// Verifies a case: re-hashes every input, checks the trail's chain, signatures and checkpoints,
/// re-evaluates and compares, and runs the process rules; reports each named check.
///
/// The checks, in order: the integrity checks (`trail-is-present`, `entries-are-well-formed`,
/// `entries-are-hash-chained`, `entries-are-in-time-order`, `signatures-are-valid`, `checkpoints-are-consistent`,
/// `published-checkpoint-holds` when one is given, `evaluation-is-current`, `inputs-match-record`,
/// `results-match-record`, `inputs-are-valid`, `results-reproduce`, `assessment-summaries-match-results`), then
/// the process rules (see
/// docs/0004-lifecycle-and-rules.md). Only the case's files (and a published checkpoint) are read;
/// nothing is fetched. An empty trail, a missing checkpoint or zero valid signatures never verify.
public enum Verifier {
    static let checks: [any TrailCheck] = [
        TrailIsPresent(), EntriesAreWellFormed(), EntriesAreHashChained(), EntriesAreInTimeOrder(),
        SignaturesAreValid(),
        CheckpointsAreConsistent(), PublishedCheckpointHolds(), EvaluationIsCurrent(), InputsMatchRecord(),
        ResultsMatchRecord(), InputsAreValid(), ResultsReproduce(), AssessmentSummariesMatchResults(),
        PlanSealedBeforeOpening(), OnlyPublishedCriteriaScored(), WeightingsMatchPublication(), LateBidsExcluded(),
        BidsOpenedAfterDeadline(),
        EveryBidHasAFinalStatus(),
        DeclarationsPrecedeScores(), MinimumSheetsBeforeModeration(), QualityAndPriceEvaluatorsSeparate(),
        QualityLockedBeforePrices(), JustificationsAreSubstantive(), ModerationGivesReasons(), AbnormallyLowDecided(),
        AbnormallyLowExplanationRequested(), AbnormallyLowRequestOnRecord(), SelfCleaningDecided(),
        RecommendedIsRankOne(), TieBreakApplied(),
    ]

    /// The catalogue, in order.
    public static var catalogue: [RuleDescription] {
        checks.map { RuleDescription(id: $0.id, statement: $0.statement, severity: $0.severity, source: $0.source) }
    }

    /// Verifies the case in `folder`.
    ///
    /// - Parameter publishedCheckpoint: A checkpoint published earlier (XML, with its `.sig` beside
    ///   it), to prove the trail only grew since.
    /// - Throws: ``LifecycleError/unreadable(_:)`` when the evidence cannot be listed, or
    ///   ``LifecycleError/locked(_:)`` while another process records (both exit 2); everything else
    ///   is a finding in the report.
    public static func verify(
        _ folder: CaseFolder, publishedCheckpoint: URL? = nil
    ) throws(LifecycleError)
        -> VerificationReport
    {
        let lock = try CaseLock.shared(folder: folder)
        defer { lock?.release() }
        let context = try VerificationContext.gather(folder, publishedCheckpoint: publishedCheckpoint)
        var results: [CheckResult] = []
        var passed: Set<String> = []
        for check in checks {
            let blocking = check.prerequisites.filter { !passed.contains($0) }
            let outcome: CheckOutcome =
                if !blocking.isEmpty {
                    .skipped(because: "needs " + blocking.joined(separator: ", "))
                } else if check.readsRecordedStandings, let reason = context.unreadableResults {
                    .skipped(because: reason)
                } else {
                    check.check(context)
                }
            if outcome.isPassed { passed.insert(check.id) }
            if case .skipped = outcome, check.id == PublishedCheckpointHolds().id, publishedCheckpoint == nil {
                continue
            }
            results.append(
                CheckResult(
                    id: check.id, statement: check.statement, severity: check.severity, source: check.source,
                    outcome: outcome))
        }
        return VerificationReport(caseFolder: folder.displayPath, checks: results)
    }
}
