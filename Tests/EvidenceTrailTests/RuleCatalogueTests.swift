import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// One way a case can break a check: the story that builds it, the check that must fail, the
/// phrases its findings must contain, and the other checks that (as a consequence) do not pass
/// either. Every check not listed must still pass.
struct Violation: Sendable, CustomTestStringConvertible {
    /// The check that must fail.
    var check: String
    /// What was done, in a few words.
    var story: String
    /// Phrases that must appear in the check's findings (`location: message`).
    var phrases: [String]
    /// The other checks that do not pass (fail or are skipped) as a consequence.
    var alsoNotPassing: Set<String> = []
    /// Builds the case; returns it and the published checkpoint to verify against, if any.
    var build: @Sendable () throws -> (RuleCase, URL?)

    var testDescription: String { "\(check): \(story)" }
}

extension Violation {
    /// Every check the verifier runs.
    static var allChecks: Set<String> { Set(Verifier.catalogue.map(\.id)) }

    /// Each check's direct dependents: the checks that name it as their prerequisite (a published
    /// checkpoint, which needs `trail-is-present`, is never reported unless given).
    static let direct: [String: [String]] = [
        "trail-is-present": [
            "entries-are-well-formed", "entries-are-hash-chained", "checkpoints-are-consistent",
            "inputs-are-valid",
        ],
        // An unreadable entry stops every check that reads the entries' content: none judges a
        // trail that silently lacks one.
        "entries-are-well-formed": [
            "entries-are-in-time-order", "signatures-are-valid", "evaluation-is-current",
            "plan-sealed-before-opening",
        ],
        "evaluation-is-current": [
            "inputs-match-record", "results-match-record", "every-bid-has-a-final-status", "abnormally-low-decided",
            "recommended-is-rank-one",
        ],
        "signatures-are-valid": [
            "only-published-criteria-scored", "weightings-match-publication", "late-bids-excluded",
            "bids-opened-after-deadline",
            "declarations-precede-scores", "minimum-sheets-before-moderation",
            "quality-and-price-evaluators-separate", "quality-locked-before-prices",
            "justifications-are-substantive", "moderation-gives-reasons", "abnormally-low-explanation-requested",
            "abnormally-low-request-on-record", "self-cleaning-decided",
        ],
        "inputs-are-valid": ["results-reproduce", "tie-break-applied"],
        "results-match-record": ["assessment-summaries-match-results"],
        "results-reproduce": ["assessment-summaries-match-results"],
    ]

    /// The checks that are skipped when `check` fails, with their dependents.
    static func dependents(of check: String) -> Set<String> {
        var result: Set<String> = []
        var pending = direct[check] ?? []
        while let next = pending.popLast() {
            if result.insert(next).inserted { pending += direct[next] ?? [] }
        }
        return result
    }

    /// Every violation in the catalogue's tests.
    static let all: [Violation] = integrity + process
}

@Suite("Rule catalogue")
struct RuleCatalogueTests {
    @Test("Each violation fails exactly its check, with the finding that names it", arguments: Violation.all)
    func violation(_ violation: Violation) throws {
        let (ruleCase, published) = try violation.build()
        let report = try ruleCase.verify(publishedCheckpoint: published)
        // A check whose prerequisite does not pass is skipped: the listed consequences bring their dependents.
        let consequences = violation.alsoNotPassing.union([violation.check]).reduce(violation.alsoNotPassing) {
            $0.union(Violation.dependents(of: $1))
        }
        expectViolation(report, of: violation.check, phrases: violation.phrases, alsoNotPassing: consequences)
    }

    @Test("Every check of the verifier has a violation that fails it")
    func everyCheckCanFail() {
        let covered = Set(Violation.all.map(\.check))
        #expect(
            covered == Violation.allChecks,
            "without a failing test: \(Violation.allChecks.subtracting(covered).sorted())")
        // 30 checks, and published-checkpoint-holds, which runs only with a published checkpoint.
        #expect(Violation.allChecks.count == 31)
    }

    @Test("Without a trail every other check is skipped, as the violations' dependency table says")
    func dependencyTable() throws {
        let report = try RuleCase.written().verify()
        #expect(report.notPassed == Violation.allChecks.subtracting(["published-checkpoint-holds"]))
        let skipped = Set(report.checks.filter { if case .skipped = $0.outcome { true } else { false } }.map(\.id))
        #expect(skipped == Violation.dependents(of: "trail-is-present"))
        // With nothing passing, each check is skipped naming its own prerequisite: the one the table
        // lists it under.
        for check in report.checks {
            guard case let .skipped(because) = check.outcome else { continue }
            let prerequisites = Violation.direct.filter { $0.value.contains(check.id) }.map(\.key).sorted()
            #expect(because == "needs " + prerequisites.joined(separator: ", "), "\(check.id)")
        }
    }
}
