import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments

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

/// Runs a lifecycle step and prints what it recorded; maps errors to exit codes 1 (the case) and 2
/// (usage or the system).
enum LifecycleRunner {
    /// Runs a step signed with the key `--key` names (required).
    static func runSigned(
        _ options: CaseOptions, _ signing: KeyOption,
        _ step: (Lifecycle, PrivateSigningKey) throws(LifecycleError) -> LifecycleOutcome
    ) throws {
        let folder = options.folder
        guard let key = try signing.load(outside: folder) else { throw ExitCode(2) }
        _ = try run(folder) { lifecycle throws(LifecycleError) in try step(lifecycle, key) }
    }

    static func run(
        _ folder: CaseFolder, _ step: (Lifecycle) throws(LifecycleError) -> LifecycleOutcome
    ) throws -> LifecycleOutcome {
        let lifecycle = Lifecycle(folder: folder, clock: SystemClock.now)
        do {
            let outcome = try step(lifecycle)
            for message in outcome.messages { Console.out(message) }
            for warning in outcome.warnings { Console.error(warning) }
            if !outcome.appended.isEmpty {
                Console.out(
                    "Checkpoint: \(outcome.size) \(outcome.size == 1 ? "entry" : "entries"), head \(outcome.head?.short ?? "—")… (\(folder.displayPath(for: Trail.checkpointPath(size: outcome.size))))"
                )
            }
            return outcome
        } catch {
            Console.error(error.description)
            throw ExitCode(error.isInputError ? 1 : 2)
        }
    }
}
