import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments

/// The case's evaluation as the trail records it, for the commands that report on it (`export`,
/// `report`, `summaries`).
enum RecordedEvaluation {
    /// Reads the case the way `tender evaluate` reads it without a key (nothing is recorded): every
    /// input must be the version its step recorded and the trail must record this evaluation.
    ///
    /// - Throws: `ExitCode(1)` with every problem printed when the case does not evaluate or the
    ///   evaluation is not recorded yet; `ExitCode(2)` for I/O errors and a held lock.
    static func load(_ folder: CaseFolder) throws -> CaseEvaluation {
        let outcome: LifecycleOutcome
        do {
            outcome = try Lifecycle(folder: folder, clock: SystemClock.now).evaluate(key: nil)
        } catch {
            if case .usage = error {
                // Without a key, `evaluate` refuses this way only when the evaluation is yet to be recorded.
                Console.error(
                    "error: the trail does not record this evaluation yet; record it with `tender evaluate"
                        + " \(folder.displayPath) --key PRICE-EVALUATOR.key` first (reports are made from"
                        + " recorded evaluations only)")
                throw ExitCode(1)
            }
            Console.error(error.description)
            throw ExitCode(error.isInputError ? 1 : 2)
        }
        guard let evaluation = outcome.evaluation else {
            Console.error("\(folder.displayPath): error: the evaluation could not be read")
            throw ExitCode(2)
        }
        return evaluation
    }
}

/// Where a report or export is written.
enum ReportOutput {
    /// `output` as given, or `defaultPath` (relative to the case folder) when it is `nil`.
    ///
    /// A file inside the case but outside its `reports/` folder (after resolving links) is refused
    /// with exit code 2: it could be taken for an input or for evidence.
    static func file(
        _ output: String?, in folder: CaseFolder, default defaultPath: String
    ) throws -> (
        url: URL, display: String
    ) {
        let url = output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? folder.url(for: defaultPath)
        let display = output ?? folder.displayPath(for: defaultPath)
        let root = folder.url.standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = url.deletingLastPathComponent().resolvingSymlinksInPath().path + "/" + url.lastPathComponent
        if resolved.hasPrefix(root + "/"), !resolved.hasPrefix(root + "/reports/") {
            Console.error(
                "\(display): error: inside the case folder; write reports outside it or under its reports/ folder")
            throw ExitCode(2)
        }
        return (url, display)
    }
}
