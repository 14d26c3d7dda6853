import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderReports

extension TenderCommand {
    /// `tender verify CASE-DIR|CASE.zip [--checkpoint FILE] [--format text|json]`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Verify a case's evidence: hashes, chain, signatures, checkpoints, results and the process rules.",
            discussion: """
                Re-hashes every input, checks the hash chain, every signature and every checkpoint, \
                re-evaluates and compares with evidence/results.xml, runs the rule catalogue (`tender \
                rules`), and prints each check with its outcome. Exit 0 only if every check passes, 1 if \
                any fails, 2 for usage or I/O errors. A zip made by `tender pack` is verified like the folder.
                """)

        @Argument(help: "The case folder, or a bundle made by `tender pack`.")
        var caseDirectory: String

        @Option(help: "A checkpoint published earlier (its .sig beside it): prove the trail only grew since.")
        var checkpoint: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: caseDirectory, isDirectory: &isDirectory) else {
                Console.error("\(caseDirectory): error: cannot read: no such case folder or bundle")
                throw ExitCode(2)
            }
            if let checkpoint, !FileManager.default.fileExists(atPath: checkpoint) {
                Console.error("\(checkpoint): error: cannot read: no such checkpoint file")
                throw ExitCode(2)
            }
            let report: VerificationReport
            do {
                let published = checkpoint.map { URL(fileURLWithPath: $0) }
                if isDirectory.boolValue {
                    report = try Verifier.verify(
                        output.showingProgress(CaseFolder(path: caseDirectory)), publishedCheckpoint: published)
                } else {
                    report = try CaseBundle.verify(
                        URL(fileURLWithPath: caseDirectory), displayPath: caseDirectory, publishedCheckpoint: published)
                }
            } catch {
                Console.error(error.description)
                throw ExitCode(2)
            }
            output.print(
                text: { style in VerificationText.render(report, style: style) },
                json: { VerificationJSON.render(report) })
            if !report.isVerified { throw ExitCode(1) }
        }
    }

    /// `tender rules`: the rule catalogue.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the checks and rules `tender verify` runs.")
        @OptionGroup var output: OutputOptions

        func run() throws {
            output.print(
                text: { _ in
                    Verifier.catalogue.map { rule in
                        "\(rule.id) [\(rule.severity.rawValue)]\n    \(rule.statement)\n    source: \(rule.source)"
                    }.joined(separator: "\n")
                },
                json: { RulesJSON.render(Verifier.catalogue) })
        }
    }

    /// `tender pack CASE-DIR --output case.zip`.
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Bundle everything an auditor needs (and nothing private) into a zip that `tender verify` accepts.")
        @OptionGroup var options: CaseOptions
        @Option(help: "The zip to write (not replaced if it exists).") var output: String
        @OptionGroup var quietness: QuietOption

        func run() throws {
            let folder = options.folder
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                Console.error("\(folder.displayPath): error: cannot read: no such case folder")
                throw ExitCode(2)
            }
            guard FileManager.default.fileExists(atPath: folder.url(for: "tender.xml").path) else {
                Console.error(
                    "\(folder.displayPath): error: not a case folder: it has no tender.xml (the evaluation plan)")
                throw ExitCode(2)
            }
            let target = URL(fileURLWithPath: output)
            do {
                let files = try CaseBundle.pack(folder, to: target)
                quietness.say("Wrote \(output): \(files.count) files")
            } catch {
                // An existing --output, or one inside the case, is a usage error (exit 2); a private
                // key in the case is the case's (exit 1).
                Console.error(error.description)
                throw ExitCode(error.isInputError ? 1 : 2)
            }
        }
    }
}
