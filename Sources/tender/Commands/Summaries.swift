import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderReports
import TenderSummaries

extension TenderCommand {
    /// `tender summaries CASE-DIR [--output DIR]`: one assessment summary per tenderer per awarded
    /// lot, as HTML and Markdown (Procurement Act 2023 s50(3); Procurement Regulations 2024 reg 31).
    struct Summaries: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the assessment summary of every tender in each awarded lot, as HTML and Markdown.",
            discussion: """
                Reads the case as `tender evaluate` does: every input must be the version the trail recorded \
                and the trail must record this evaluation. Summaries are given once the contracting \
                authority has decided to award (Procurement Act 2023 s50(3)), so the trail must record an \
                award recommendation on the current results (`tender award`); lots without one get none. \
                For each bid of an awarded lot it writes <LOT-ID>/<BID-ID>.html and .md under \
                reports/summaries/ in the case (or --output DIR), each replaced atomically: the award \
                criteria and weightings, the tender's score and points on each criterion with the \
                moderation's reasons, its total and rank (or why it was excluded), and the same for the \
                most advantageous tender, as regulation 31 of the Procurement Regulations 2024 requires; \
                nothing about any other tenderer. `tender verify` checks every figure in them against the \
                recorded evaluation. Exit codes: 0 written; 1 the case does not evaluate, its evaluation \
                is not recorded, or no award is recorded; 2 usage or I/O error, or an output inside the \
                case outside reports/.
                """)

        @OptionGroup var options: CaseOptions

        @Option(
            help: """
                The folder to write into, outside the case or under its reports/ folder (default: \
                reports/summaries in the case).
                """)
        var output: String?

        @OptionGroup var quietness: QuietOption

        func run() throws {
            let folder = options.folder
            let target = try ReportOutput.file(output, in: folder, default: "reports/summaries")
            let root = folder.url.standardizedFileURL.resolvingSymlinksInPath().path
            if target.url.resolvingSymlinksInPath().path == root {
                Console.error(
                    "\(target.display): error: the case folder itself; write summaries outside it or under its"
                        + " reports/ folder")
                throw ExitCode(2)
            }
            let evaluation = try RecordedEvaluation.load(quietness.showingProgress(folder))
            let recommended = try Self.recommendations(folder, evaluation: evaluation)
            let loaded = evaluation.loaded
            let summaries: [AssessmentSummary]
            do {
                summaries = try AssessmentSummary.derive(
                    plan: loaded.plan, result: evaluation.result, moderations: loaded.moderations,
                    recommended: recommended)
            } catch {
                Console.error("\(folder.displayPath): \(error.description)")
                throw ExitCode(1)
            }
            var written: [String] = []
            for summary in summaries {
                let names = [summary.lot.rawValue, summary.tender.bid.rawValue]
                guard names.allSatisfy(Self.isSafeFileName) else {
                    Console.error(
                        "\(folder.displayPath): error: lot \(summary.lot) or bid \(summary.tender.bid) cannot name a"
                            + " file (it holds a slash, starts with a dot or is empty)")
                    throw ExitCode(1)
                }
                let html: [UInt8]
                do {
                    html = try AssessmentSummaryHTML.render(summary)
                } catch {
                    Console.error("\(target.display): error: \(error)")
                    throw ExitCode(2)
                }
                let files: [(String, [UInt8])] = [
                    ("\(summary.lot)/\(summary.tender.bid).html", html),
                    ("\(summary.lot)/\(summary.tender.bid).md", Array(AssessmentSummaryMarkdown.render(summary).utf8)),
                ]
                for (relative, bytes) in files {
                    do {
                        try AtomicFile.write(bytes, to: target.url.appendingPathComponent(relative))
                    } catch {
                        Console.error(error.description)
                        throw ExitCode(2)
                    }
                    written.append(target.display + "/" + relative)
                }
            }
            for lot in loaded.plan.lots where recommended[lot.id] == nil {
                quietness.say("Lot \(lot.id): no award recorded, so no assessment summaries")
            }
            for path in written { quietness.say("Wrote \(path)") }
            let count = summaries.count
            quietness.say(
                "\(count) assessment \(count == 1 ? "summary" : "summaries") (HTML and Markdown) in \(target.display)")
        }

        /// The recommended bid of each lot on the current results, or exit 1 when there is none.
        static func recommendations(_ folder: CaseFolder, evaluation: CaseEvaluation) throws -> [LotID: BidID] {
            let standing: [LotID: (bid: BidID, entry: TrailEntry)]
            do {
                let trail = try Trail.load(caseURL: folder.url)
                standing = trail.standingRecommendations(
                    onResults: try evaluation.resultsDigests().identity)
            } catch let error as LifecycleError {
                Console.error(error.description)
                throw ExitCode(error.isInputError ? 1 : 2)
            } catch {
                Console.error("\(folder.displayPath(for: Trail.folder)): error: \(error)")
                throw ExitCode(2)
            }
            guard !standing.isEmpty else {
                Console.error(
                    "\(folder.displayPath): error: the trail records no award on the current results; assessment"
                        + " summaries are given once the authority has decided to award (Procurement Act 2023"
                        + " s50(3)): record it with `tender award \(folder.displayPath) LOT BID --justification … --key"
                        + " LEAD.key` first")
                throw ExitCode(1)
            }
            return standing.mapValues(\.bid)
        }

        /// Whether an ID can be used as one path component.
        static func isSafeFileName(_ name: String) -> Bool {
            !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
        }
    }
}
