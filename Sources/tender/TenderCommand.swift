import ArgumentParser
import Foundation
import TenderConcurrency
import TenderReports
import TenderXML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tender`: evaluate public tenders so that the result stands up to an auditor.
///
/// Exit codes (a tested contract): 0 success (for `verify`: verified); 1 invalid input, or
/// verification failed; 2 usage error (unknown option, missing argument) or an I/O error.
@main
struct TenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tender",
        abstract: "Evaluate public tenders and record evidence an auditor can verify.",
        discussion: """
            Exit codes: 0 success (verify: every check passed); 1 invalid input or a failed \
            verification; 2 usage or I/O error.
            """,
        subcommands: [
            ImportNotice.self, Key.self, Seal.self, Receive.self, Open.self, Declare.self, Score.self, Moderate.self,
            Evaluate.self, AbnormallyLow.self, SelfCleaning.self, Award.self, Verify.self, Rules.self, Pack.self,
            Export.self, Report.self,
            Summaries.self,
        ])

    /// Runs the command, mapping argument errors to exit code 2 (ArgumentParser's default is 64).
    static func main() {
        // A thread count that cannot be used is refused before any command runs (exit 2, usage).
        if let problem = ParallelWork.threadsProblem(in: ProcessInfo.processInfo.environment) {
            FileHandle.standardError.write(Data(("error: " + problem + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Writing to the standard streams. Glibc's `stderr` is a global Swift 6 rejects; use FileHandle.
enum Console {
    /// How text on standard output is styled: coloured only on a terminal, never with `NO_COLOR`.
    static let style = TerminalStyle.forStream(STDOUT_FILENO, environment: ProcessInfo.processInfo.environment)

    /// Writes a line of text for people to standard output. Explicit directional formatting
    /// characters (from a tenderer's name, say) are shown as `[U+202E]`, never obeyed, so that
    /// they cannot reorder the figures on the line (``BidiControls``).
    static func out(_ text: String) { FileHandle.standardOutput.write(Data((BidiControls.visible(text) + "\n").utf8)) }
    /// Writes a JSON document to standard output, exactly.
    static func json(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    /// Writes a line of text for people to standard error, as ``out(_:)`` does.
    static func error(_ text: String) { FileHandle.standardError.write(Data((BidiControls.visible(text) + "\n").utf8)) }
}
