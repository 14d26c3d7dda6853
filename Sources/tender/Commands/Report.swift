import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderReports

extension TenderCommand {
    /// `tender report CASE-DIR [--output FILE]`.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the award report: one self-contained HTML page on the recorded evaluation.",
            discussion: """
                Reads the case as `tender evaluate` does: every input must be the version the trail recorded \
                and the trail must record this evaluation (run `tender evaluate --key …` first). A case that \
                does not evaluate is refused with every problem (exit 1) and nothing is written. The page \
                sets out the plan (award criteria, weightings, scales, price formulas, gates), gate outcomes, \
                the score matrix with moderation, price scoring, the ranking, abnormally low tenders, the \
                decision analysis (weighting sensitivity, rank reversal, score margins) and the evidence \
                (checkpoint, input hashes, and the outcome of `tender verify`, which it runs). It has no \
                external references and prints well; the file is replaced atomically (default: \
                reports/award-report.html in the case).
                """)

        @OptionGroup var options: CaseOptions

        @Option(
            help: """
                The file to write, outside the case or under its reports/ folder (default: \
                reports/award-report.html in the case).
                """)
        var output: String?

        @OptionGroup var quietness: QuietOption

        func run() throws {
            let folder = options.folder
            let target = try ReportOutput.file(output, in: folder, default: "reports/award-report.html")
            let evaluation = try RecordedEvaluation.load(quietness.showingProgress(folder))
            let analysis: DecisionAnalysis
            do {
                analysis = try DecisionAnalysis.analyse(evaluation.input, result: evaluation.result)
            } catch {
                Console.error(error.description)
                throw ExitCode(1)
            }
            let evidence: AwardReport.EvidenceSummary
            do {
                let trail = try Trail.load(caseURL: folder.url)
                let results = try evaluation.resultsDigests()
                let record = try OCDSReleasePackage.TrailRecord(trail: trail, results: results)
                // The digests the evaluation entry signed (an input may have been reformatted since).
                let entry = trail.validEntries.first { $0.sequence == record.evaluationSequence }
                let recorded: [RecordedInput] = (entry?.subjects ?? []).compactMap { subject in
                    CaseFile.Role(rawValue: subject.role).map {
                        RecordedInput(file: CaseFile(role: $0, relativePath: subject.path), digests: subject.digests)
                    }
                }
                let now = Dictionary(
                    evaluation.inputs.map { ($0.file.relativePath, $0.digests.bytes) },
                    uniquingKeysWith: { first, _ in first })
                let reformatted = Set(
                    recorded.filter { input in now[input.file.relativePath].map { $0 != input.digests.bytes } ?? false }
                        .map(\.file.relativePath))
                evidence = AwardReport.EvidenceSummary(
                    checkpoint: trail.latestCheckpoint?.checkpoint,
                    inputs: recorded.isEmpty ? evaluation.inputs : recorded,
                    reformatted: reformatted, results: results,
                    verification: try Verifier.verify(folder, publishedCheckpoint: nil),
                    record: record)
            } catch let error as LifecycleError {
                Console.error(error.description)
                throw ExitCode(error.isInputError ? 1 : 2)
            } catch {
                Console.error("\(error)")
                throw ExitCode(2)
            }
            let loaded = evaluation.loaded
            let input = AwardReport.Input(
                plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations,
                process: evaluation.process, result: evaluation.result, analysis: analysis, evidence: evidence)
            do {
                try AtomicFile.write(try AwardReport.render(input), to: target.url)
            } catch let error as AtomicFile.WriteError {
                Console.error(error.description)
                throw ExitCode(2)
            } catch {
                Console.error("\(target.display): error: cannot write the report: \(error)")
                throw ExitCode(2)
            }
            let verdict = evidence.verification.isVerified ? "verified" : "NOT verified (see the report's evidence)"
            quietness.say(
                "Wrote \(target.display): award report on \(evaluation.result.lots.count) lot(s); the case is \(verdict)"
            )
        }
    }
}
