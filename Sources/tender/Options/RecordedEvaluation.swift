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
    /// Refused with exit code 2: a file inside this case but outside its `reports/` folder, and a file
    /// inside any other case folder (after resolving links), where it could be taken for an input
    /// or for evidence, or overwrite them.
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
        if !resolved.hasPrefix(root + "/"), let other = CaseLocation.enclosingCase(of: URL(fileURLWithPath: resolved)) {
            Console.error(
                "\(display): error: inside another case folder, \(other.path); write reports outside every case, or"
                    + " under this case's reports/ folder")
            throw ExitCode(2)
        }
        return (url, display)
    }
}

/// Where case folders are on disk.
enum CaseLocation {
    /// The nearest folder at or above `url`'s folder that is a case folder (it holds `tender.xml`
    /// or an `evidence/trail/` folder), or `nil`. Links are resolved first.
    static func enclosingCase(of url: URL) -> URL? {
        var folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
        while folder.path != "/" && !folder.path.isEmpty {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder.appendingPathComponent("tender.xml").path)
                || manager.fileExists(atPath: folder.appendingPathComponent(Trail.folder).path)
            {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// How many entries the evidence trail of the case folder `folder` holds (`evidence/trail/*.xml`).
    static func trailEntries(in folder: URL) -> Int {
        let trail = folder.appendingPathComponent(Trail.folder, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trail.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.count
    }
}
