import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

/// The shipped case's committed evidence is exactly what its lifecycle story produces.
@Suite("The shipped case's trail")
struct ShippedCaseTrailTests {
    @Test("Replaying the shipped case's lifecycle reproduces its committed evidence byte for byte")
    func reproducible() throws {
        let built = try ShippedCaseStory.freshInputs()
        try ShippedCaseStory.run(on: built)
        let committed = ShippedCaseStory.folder
        guard try CLIHarness.evidenceIsCompared(built: built, committed: committed, naming: "the shipped case") else {
            return
        }
        try CLIHarness.expectSameEvidence(built: built, committed: committed)
    }

    @Test("The shipped case verifies with every check passing, the abnormally-low request and decision included")
    func verifies() throws {
        let copy = try TestSupport.copyOfFolder(ShippedCaseStory.folder)
        let report = try Verifier.verify(CaseFolder(path: copy.path))
        for check in report.checks where !check.outcome.isPassed {
            Issue.record("\(check.id): \(check.outcome)")
        }
        // The decision on BID-004 (entry 33) answers the request of entry 32.
        #expect(report.checks.first { $0.id == "abnormally-low-request-on-record" }?.outcome.isPassed == true)
        #expect(report.checks.first { $0.id == "abnormally-low-explanation-requested" }?.outcome.isPassed == true)
        #expect(report.isVerified)
    }
}
