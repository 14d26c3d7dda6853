public import EvidenceTrail
import Foundation

/// The verification report as versioned JSON for audit tooling (documented in docs/verify-json.md,
/// schema in docs/verify-report.schema.json). Keys are sorted, so the output is deterministic.
public enum VerificationJSON {
    /// The format identifier and version written in every report.
    public static let format = "tendertrail-verification-report"
    /// The version of the JSON format; changes that remove or rename fields increase it.
    public static let version = 1

    struct Report: Encodable {
        var format: String
        var version: Int
        var caseFolder: String
        var verified: Bool
        var checks: [Check]
    }

    struct Check: Encodable {
        var id: String
        var statement: String
        var severity: String
        var source: String
        var outcome: String
        var notes: [String]
        var findings: [FindingJSON]
        var skippedBecause: String?
    }

    struct FindingJSON: Encodable {
        var location: String
        var message: String
    }

    /// Renders `report` as pretty-printed JSON with sorted keys.
    public static func render(_ report: VerificationReport) -> String {
        let checks = report.checks.map { check -> Check in
            var result = Check(
                id: check.id, statement: check.statement, severity: check.severity.rawValue, source: check.source,
                outcome: "passed", notes: [], findings: [], skippedBecause: nil)
            switch check.outcome {
            case let .passed(notes): result.notes = notes
            case let .failed(findings):
                result.outcome = "failed"
                result.findings = findings.map { FindingJSON(location: $0.location, message: $0.message) }
            case let .skipped(reason):
                result.outcome = "skipped"
                result.skippedBecause = reason
            }
            return result
        }
        return JSONText.encode(
            Report(
                format: format, version: version, caseFolder: report.caseFolder, verified: report.isVerified,
                checks: checks))
    }
}
