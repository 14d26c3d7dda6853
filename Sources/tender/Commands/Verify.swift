import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderReports

extension TenderCommand {
    /// `tender verify CASE-DIR`: re-derive everything and report each named check.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a case's evidence: hashes, the trail's chain and checkpoint, and the results.",
            discussion: """
                Re-hashes every input, checks the hash chain and the checkpoint, re-evaluates and \
                compares with evidence/results.xml, and prints each check with its outcome. Exit 0 \
                only if every check passes, 1 if any fails, 2 for usage or I/O errors.
                """)

        @Argument(help: "The case folder.")
        var caseDirectory: String

        func run() throws {
            let folder = CaseFolder(path: caseDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &isDirectory) else {
                Console.error("\(caseDirectory): error: cannot read: no such case folder")
                throw ExitCode(2)
            }
            guard isDirectory.boolValue else {
                Console.error("\(caseDirectory): error: cannot read: this is a file, not a case folder")
                throw ExitCode(2)
            }
            let report: VerificationReport
            do {
                report = try Verifier.verify(folder)
            } catch {
                Console.error(error.description)
                throw ExitCode(2)
            }
            Console.out(VerificationText.render(report))
            if !report.isVerified { throw ExitCode(1) }
        }
    }
}
