import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

/// The shipped multi-lot case `tenders/luxembourg-site-security`: its committed evidence is exactly
/// what its lifecycle story produces, it verifies, and `evaluate` prints the ranking its README gives.
@Suite("The shipped multi-lot case")
struct LuxembourgCaseTests {
    @Test("Replaying the multi-lot case's lifecycle reproduces its committed evidence byte for byte")
    func reproducible() throws {
        let built = try LuxembourgCaseStory.freshInputs()
        try LuxembourgCaseStory.run(on: built)
        let committed = LuxembourgCaseStory.folder
        guard try CLIHarness.evidenceIsCompared(built: built, committed: committed, naming: "the multi-lot case")
        else { return }
        try CLIHarness.expectSameEvidence(built: built, committed: committed)
    }

    @Test("The multi-lot case verifies, with every rule passing")
    func verifies() throws {
        let copy = try TestSupport.copyOfFolder(LuxembourgCaseStory.folder)
        let report = try Verifier.verify(CaseFolder(path: copy.path))
        for check in report.checks where !check.outcome.isPassed { Issue.record("\(check.id): \(check.outcome)") }
        #expect(report.isVerified)
    }

    @Test("The award report, summaries and exports work on it, and it still verifies with them (as .ci/run does)")
    func readers() throws {
        let copy = try TestSupport.copyOfFolder(LuxembourgCaseStory.folder)
        for arguments in [
            ["report", copy.path], ["summaries", copy.path], ["export", copy.path, "--format", "csv"],
            ["export", copy.path, "--format", "ocds"], ["verify", copy.path, "--quiet"],
        ] {
            let result = try CLIHarness.tender(arguments)
            #expect(result.status == 0, "\(arguments[0]): \(result.standardError)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: copy.path + "/reports/summaries").sorted()
                == ["LOT-0001", "LOT-0002"])
    }

    @Test("evaluate finds the evaluation recorded and prints the ranking of each lot and the group, as the README says")
    func evaluateOutput() throws {
        let copy = try TestSupport.copyOfFolder(LuxembourgCaseStory.folder)
        let result = try CLIHarness.tender("evaluate", copy.path)
        #expect(result.status == 0, "\(result.standardError)")
        let readme = try String(
            contentsOf: LuxembourgCaseStory.folder.appendingPathComponent("README.md"), encoding: .utf8)
        // The README quotes the output between the first pair of ``` fences after "## Expected outcome".
        let section = try #require(readme.range(of: "## Expected outcome"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```\n"))
        let quoted = String(rest[open.upperBound..<close.lowerBound])
        #expect(result.standardOutput.hasPrefix(quoted), "\(result.standardOutput)")
    }
}
