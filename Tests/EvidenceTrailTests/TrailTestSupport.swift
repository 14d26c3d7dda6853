import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport

/// A fixed clock for recordings in tests.
let fixedClock: @Sendable () -> Timestamp = { Timestamp(secondsSince1970: 1_742_464_800, offsetMinutes: 60) }

/// Evaluates and records the case in `folder` as `tender evaluate` does, with a fixed clock.
@discardableResult
func evaluateAndRecord(_ folder: URL, actor: String = "test") throws -> (CaseEvaluation, RecordingOutcome) {
    let caseFolder = CaseFolder(path: folder.path)
    let evaluation = try CaseEvaluation.run(caseFolder)
    let outcome = try EvidenceRecorder(folder: caseFolder, actor: actor, clock: fixedClock).record(evaluation)
    return (evaluation, outcome)
}

/// Verifies the case in `folder`.
func verify(_ folder: URL) throws -> VerificationReport {
    try Verifier.verify(CaseFolder(path: folder.path))
}

extension VerificationReport {
    /// IDs of the checks that failed.
    var failedChecks: [String] {
        checks.compactMap { check in
            if case .failed = check.outcome { return check.id }
            return nil
        }
    }

    /// Every finding of every failed check, as text.
    var findingsText: String {
        checks.flatMap { check -> [String] in
            if case let .failed(findings) = check.outcome { return findings.map { "\(check.id): \($0)" } }
            return []
        }.joined(separator: "\n")
    }

    /// Every note of every passed check.
    var notes: [String] {
        checks.flatMap { check -> [String] in
            if case let .passed(notes) = check.outcome { return notes }
            return []
        }
    }
}

/// Replaces the first occurrence of `target` in a case file; fails loudly when absent.
func edit(_ relativePath: String, in folder: URL, replacing target: String, with replacement: String) throws {
    let text = try TestSupport.read(relativePath, in: folder)
    guard let range = text.range(of: target) else {
        throw TestFailure("\(relativePath) does not contain \(target)")
    }
    try TestSupport.write(text.replacingCharacters(in: range, with: replacement), to: relativePath, in: folder)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
