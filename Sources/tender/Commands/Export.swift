import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TenderReports

extension TenderCommand {
    /// `tender export CASE-DIR --format csv|ocds [--output FILE] [--ocid-prefix PREFIX] [--package-uri URI]`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the recorded evaluation: the score matrix as CSV, or an OCDS 1.1 release package.",
            discussion: """
                Reads the case as `tender evaluate` does: every input must be the version the trail recorded \
                and the trail must record this evaluation (run `tender evaluate --key …` first). A case that \
                does not evaluate is refused with every problem (exit 1) and nothing is written. \
                --format csv writes the score matrix (RFC 4180, one row per bid, scored criterion and \
                evaluator) to reports/score-matrix.csv; --format ocds writes an OCDS 1.1 release package \
                with the tender, bids and recommended awards to reports/ocds-release-package.json. The file \
                is replaced atomically. The OCID is <ocid-prefix>-<plan ID>; the default prefix ocds-xxxxxx \
                is a placeholder: give the contracting authority's registered prefix before publishing.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case csv, ocds
        }

        @OptionGroup var options: CaseOptions

        @Option(help: "csv (the score matrix) or ocds (an OCDS 1.1 release package).")
        var format: Format

        @Option(
            help: """
                The file to write, outside the case or under its reports/ folder (default: \
                reports/score-matrix.csv or reports/ocds-release-package.json in the case).
                """)
        var output: String?

        @Option(
            help: "ocds: the registered OCID prefix (default \(OCDSReleasePackage.defaultOCIDPrefix), a placeholder).")
        var ocidPrefix: String?

        @OptionGroup var quietness: QuietOption

        @Option(help: "ocds: the package's uri, e.g. where it will be published (default: a urn: naming the release).")
        var packageURI: String?

        func validate() throws {
            if format == .csv, ocidPrefix != nil || packageURI != nil {
                throw ValidationError("--ocid-prefix and --package-uri apply to --format ocds only")
            }
            if let ocidPrefix, ocidPrefix.isEmpty || ocidPrefix.contains(where: \.isWhitespace) {
                throw ValidationError("--ocid-prefix must be a registered prefix such as ocds-213czf, without spaces")
            }
            if let packageURI, packageURI.isEmpty || packageURI.contains(where: \.isWhitespace) {
                throw ValidationError("--package-uri must be a URI, without spaces")
            }
        }

        func run() throws {
            let folder = options.folder
            let target = try ReportOutput.file(
                output, in: folder,
                default: format == .csv ? "reports/score-matrix.csv" : "reports/ocds-release-package.json")
            let evaluation = try RecordedEvaluation.load(quietness.showingProgress(folder))
            let loaded = evaluation.loaded
            let text: String
            let summary: String
            switch format {
            case .csv:
                let rows = ScoreMatrixCSV.rows(
                    plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets,
                    moderations: loaded.moderations, result: evaluation.result)
                text = ScoreMatrixCSV.render(rows: rows)
                let count = rows.count - 1
                summary = "\(count) \(count == 1 ? "row" : "rows") (bids × scored criteria × evaluators)"
            case .ocds:
                let prefix = ocidPrefix ?? OCDSReleasePackage.defaultOCIDPrefix
                let record: OCDSReleasePackage.TrailRecord
                do {
                    let trail = try Trail.load(caseURL: folder.url)
                    record = try OCDSReleasePackage.TrailRecord(trail: trail, results: try evaluation.resultsDigests())
                } catch let error as LifecycleError {
                    Console.error(error.description)
                    throw ExitCode(error.isInputError ? 1 : 2)
                } catch {
                    Console.error("\(error)")
                    throw ExitCode(2)
                }
                text = OCDSReleasePackage.render(
                    plan: loaded.plan, bids: loaded.bids, result: evaluation.result, record: record,
                    options: OCDSReleasePackage.Options(ocidPrefix: prefix, packageURI: packageURI))
                let ocid = OCDSReleasePackage.ocid(planID: loaded.plan.id, prefix: prefix)
                summary =
                    "ocid \(ocid), \(record.awards.count) recommended \(record.awards.count == 1 ? "award" : "awards")"
                    + (ocidPrefix == nil
                        ? "; the prefix is a placeholder: pass your registered one with --ocid-prefix" : "")
            }
            do {
                try AtomicFile.write(Array(text.utf8), to: target.url)
            } catch {
                Console.error(error.description)
                throw ExitCode(2)
            }
            quietness.say("Wrote \(target.display): \(summary)")
        }
    }
}
