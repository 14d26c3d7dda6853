import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderReports

/// The case folder and the signer's private key, shared by every lifecycle command.
struct CaseOptions: ParsableArguments {
    @Argument(help: "The case folder.")
    var caseDirectory: String

    var folder: CaseFolder { CaseFolder(path: caseDirectory) }
}

/// `--key PATH`: the private key of the panel member taking the step.
struct KeyOption: ParsableArguments {
    @Option(help: "Your private key (written by `tender key generate`); never kept inside a case folder.")
    var key: String?

    /// Reads the key, refusing one inside the case folder or readable by others.
    func load(outside folder: CaseFolder, required: Bool = true) throws -> PrivateSigningKey? {
        guard let key else {
            if required {
                Console.error("error: this step is signed: pass your private key with --key")
                throw ExitCode(2)
            }
            return nil
        }
        let url = URL(fileURLWithPath: key).standardizedFileURL.resolvingSymlinksInPath()
        let caseRoot = folder.url.standardizedFileURL.resolvingSymlinksInPath().path
        if url.path.hasPrefix(caseRoot + "/") {
            Console.error(
                "\(key): error: private keys must never be kept inside a case folder; move it out of \(folder.displayPath)"
            )
            throw ExitCode(2)
        }
        do {
            return try PrivateSigningKey.read(contentsOf: url, displayPath: key)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}

/// Runs a lifecycle step and prints what it recorded (as text or JSON, or nothing with `--quiet`);
/// maps errors to exit codes 1 (the case) and 2 (usage or the system).
enum LifecycleRunner {
    /// Runs `step`, the command named `name`, signed with the key `--key` names (required).
    static func runSigned(
        _ name: String, _ options: CaseOptions, _ signing: KeyOption, _ output: OutputOptions,
        _ step: (Lifecycle, PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome
    ) throws {
        let folder = options.folder
        guard let key = try signing.load(outside: folder) else { throw ExitCode(2) }
        _ = try run(name, folder, output) { lifecycle throws(LifecycleError) in try step(lifecycle, key) }
    }

    /// Runs `step`, the command named `name`, on `folder` and prints its outcome.
    static func run(
        _ name: String, _ folder: CaseFolder, _ output: OutputOptions,
        _ step: (Lifecycle) throws(LifecycleError) -> LifecycleOutcome
    ) throws -> LifecycleOutcome {
        let lifecycle = Lifecycle(folder: output.showingProgress(folder), clock: SystemClock.now)
        do {
            let outcome = try step(lifecycle)
            for warning in outcome.warnings { Console.error(warning) }
            let checkpointFile = folder.displayPath(for: Trail.checkpointPath(size: outcome.size))
            output.print(
                text: { style in
                    var lines = outcome.messages
                    if !outcome.appended.isEmpty {
                        let entries = outcome.size == 1 ? "entry" : "entries"
                        lines.append(
                            "Checkpoint: \(outcome.size) \(entries), head \(outcome.head?.short ?? "—")… (\(checkpointFile))"
                        )
                    }
                    if let evaluation = outcome.evaluation {
                        lines += [
                            "", RankingTable.render(evaluation.result, plan: evaluation.loaded.plan, style: style),
                        ]
                    }
                    return lines.joined(separator: "\n")
                },
                json: {
                    StepJSON.render(
                        step: name, caseFolder: folder.displayPath, outcome: outcome, checkpointFile: checkpointFile)
                })
            return outcome
        } catch {
            Console.error(error.description)
            throw ExitCode(error.isInputError ? 1 : 2)
        }
    }
}
