import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderReports

extension TenderCommand {
    /// `tender evaluate CASE-DIR`: validate every input, evaluate, print the ranking, and record the
    /// results and the evidence trail.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a case folder and record the results and the evidence trail.",
            discussion: """
                Reads tender.xml, notice.xml (optional), bids/, scores/ and moderation/; refuses \
                anything malformed or inconsistent, naming file and line, and then writes nothing. \
                Otherwise prints the ranking per lot and writes evidence/results.xml, one trail entry \
                per changed input file, an entry for the evaluation, and a checkpoint. Running it \
                again on unchanged inputs writes nothing new.
                """)

        @Argument(help: "The case folder.")
        var caseDirectory: String

        func run() throws {
            let folder = CaseFolder(path: caseDirectory)
            let evaluation: CaseEvaluation
            do {
                evaluation = try CaseEvaluation.run(folder)
            } catch {
                Console.error(error.description)
                throw ExitCode(error.isInputError ? 1 : 2)
            }
            let recorder = EvidenceRecorder(
                folder: folder, actor: SystemIdentity.actor(command: "evaluate"), clock: SystemClock.now)
            let outcome: RecordingOutcome
            do {
                outcome = try recorder.record(evaluation)
            } catch {
                Console.error(error.description)
                throw ExitCode(error.isInputError ? 1 : 2)
            }
            Console.out(RankingTable.render(evaluation.result, plan: evaluation.loaded.plan))
            Console.out("")
            let results = folder.displayPath(for: Trail.resultsPath)
            if outcome.wasAlreadyRecorded {
                Console.out(
                    "Evidence: unchanged — \(results) and the trail (\(outcome.size) entries) already record this evaluation."
                )
            } else {
                let range =
                    outcome.appended.count == 1
                    ? "entry \(outcome.appended[0])"
                    : "entries \(outcome.appended.first ?? 0)–\(outcome.appended.last ?? 0)"
                Console.out(
                    "Evidence: wrote \(results); appended \(range) to \(folder.displayPath(for: Trail.folder)); checkpoint \(outcome.size) entries, head \(outcome.head?.short ?? "—")…."
                )
            }
        }
    }
}
