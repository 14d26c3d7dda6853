public import EvidenceTrail

/// The verification report as text: one line per check (PASS, FAIL or SKIP, its ID and statement),
/// each finding indented under it with its file, then the verdict.
public enum VerificationText {
    /// Renders `report`.
    public static func render(_ report: VerificationReport) -> String {
        var lines = ["Verifying \(report.caseFolder)"]
        let width = report.checks.map(\.id.count).max() ?? 0
        for check in report.checks {
            let padded = check.id + String(repeating: " ", count: max(0, width - check.id.count))
            switch check.outcome {
            case let .passed(notes):
                lines.append("  PASS  \(padded)  \(check.statement)")
                lines += notes.map { "        \(String(repeating: " ", count: width))  note: \($0)" }
            case let .failed(findings):
                lines.append("  \(check.severity == .warning ? "WARN" : "FAIL")  \(padded)  \(check.statement)")
                lines += findings.map { "        \($0.location): \($0.message)" }
            case let .skipped(reason):
                lines.append("  SKIP  \(padded)  \(check.statement) (\(reason))")
            }
        }
        let failed = report.checks.filter { !$0.outcome.isPassed && $0.severity == .error }.count
        lines.append(
            report.isVerified
                ? "Verified: all \(report.checks.count) checks passed."
                : "NOT VERIFIED: \(failed) of \(report.checks.count) checks did not pass.")
        return lines.joined(separator: "\n")
    }
}
