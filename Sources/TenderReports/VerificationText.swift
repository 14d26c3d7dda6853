public import EvidenceTrail

/// The verification report as text: one line per check (PASS, FAIL or SKIP, its ID and statement),
/// each finding indented under it with its file, then the verdict.
public enum VerificationText {
    /// Renders `report`; `style` colours the outcomes and the verdict when it has colour.
    public static func render(_ report: VerificationReport, style: TerminalStyle = .plain) -> String {
        var lines = ["Verifying \(report.caseFolder)"]
        let width = report.checks.map(\.id.count).max() ?? 0
        for check in report.checks {
            let padded = check.id + String(repeating: " ", count: max(0, width - check.id.count))
            switch check.outcome {
            case let .passed(notes):
                lines.append("  \(style.apply(.good, to: "PASS"))  \(padded)  \(check.statement)")
                lines += notes.map {
                    style.apply(.secondary, to: "        \(String(repeating: " ", count: width))  note: \($0)")
                }
            case let .failed(findings):
                let label = check.severity == .warning ? "WARN" : "FAIL"
                lines.append(
                    "  \(style.apply(check.severity == .warning ? .caution : .bad, to: label))  \(padded)"
                        + "  \(check.statement)")
                lines += findings.map { "        \($0.location): \($0.message)" }
            case let .skipped(reason):
                lines.append("  \(style.apply(.caution, to: "SKIP"))  \(padded)  \(check.statement) (\(reason))")
            }
        }
        let verdict = verdict(report)
        lines.append(style.apply(.emphasis, to: style.apply(report.isVerified ? .good : .bad, to: verdict)))
        return lines.joined(separator: "\n")
    }

    /// The last line: how many checks failed (errors), warned, were skipped and passed, e.g.
    /// `NOT VERIFIED: 4 failed, 2 skipped, 17 passed (23 checks).`
    static func verdict(_ report: VerificationReport) -> String {
        let total = report.checks.count
        let failed = report.checks.filter { $0.outcome.isFailed && $0.severity == .error }.count
        let warned = report.checks.filter { $0.outcome.isFailed && $0.severity == .warning }.count
        let skipped = report.checks.filter(\.outcome.isSkipped).count
        let passed = total - failed - warned - skipped
        if report.isVerified && warned == 0 && skipped == 0 { return "Verified: all \(total) checks passed." }
        let counts = [
            failed > 0 ? "\(failed) failed" : nil, warned > 0 ? "\(warned) warned" : nil,
            skipped > 0 ? "\(skipped) skipped" : nil, "\(passed) passed",
        ].compactMap(\.self).joined(separator: ", ")
        return "\(report.isVerified ? "Verified" : "NOT VERIFIED"): \(counts) (\(total) checks)."
    }
}
