import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

@Suite("Lifecycle smoke")
struct LifecycleSmokeTests {
    @Test("The mini case goes through the whole lifecycle and verifies")
    func wholeLifecycle() throws {
        let (folder, _) = try MiniCase.writeAndRun()
        let report = try Verifier.verify(CaseFolder(path: folder.path))
        for check in report.checks where !check.outcome.isPassed {
            Issue.record("\(check.id): \(check.outcome)")
        }
        #expect(report.isVerified)
    }
}
