import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TenderReports
import TenderXML

extension TenderCommand {
    /// `tender import-notice NOTICE.xml (--lot LOT-ID | --all-lots) [--output tender.xml]`: write an
    /// evaluation plan from a published eForms contract notice.
    struct ImportNotice: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-notice",
            abstract:
                "Write an evaluation plan (tender.xml) for one lot, or every lot, of an eForms contract notice.",
            discussion: """
                Reads an eForms notice (UBL 2.3, SDK 1.3 to 1.15), validates it against the eForms \
                schemas, and writes a plan with the lot's title, award criteria (type, name, \
                weighting as published), submission deadline, estimated value and currency. The \
                eForms business rules on weights are checked and reported by rule ID. The plan is \
                not evaluable until the contracting authority completes what the notice leaves out \
                (scales, price formula, panel) and states exact weightings where the notice \
                published ranges, an order of importance or fixed values; the command says what.
                """)

        @Argument(help: "The eForms notice (XML).")
        var notice: String

        @Option(help: "The lot or group of lots to import (e.g. LOT-0001, GLO-0001).")
        var lot: String?

        @Flag(
            help: """
                Import every lot and group of lots of the notice into one plan (a group keeps its own criteria                 and lists its member lots).
                """)
        var allLots = false

        @Option(
            help:
                "Where to write the plan (default: standard output). An existing file is not replaced without --force.")
        var output: String?

        @Flag(help: "Replace the --output file if it exists (a completed plan would be lost).")
        var force = false

        @Option(
            help: """
                text (default: what was imported and what to complete, on standard error) or json (the same \
                as one JSON document on standard output; needs --output).
                """)
        var format: OutputOptions.Format = .text

        @OptionGroup var quietness: QuietOption

        func validate() throws {
            if (lot == nil) == !allLots {
                throw ValidationError(
                    lot == nil
                        ? "say which lot to import with --lot LOT-ID, or import every lot with --all-lots"
                        : "--lot and --all-lots cannot be combined")
            }
            if format == .json, output == nil {
                throw ValidationError(
                    "--format json needs --output: without it the plan itself goes to standard output")
            }
            if format == .json, quietness.quiet {
                throw ValidationError("--quiet and --format json cannot be combined")
            }
        }

        func run() throws {
            let url = URL(fileURLWithPath: notice)
            let contractNotice: ContractNotice
            let bytes: [UInt8]
            do {
                bytes = try NativeDocument.readBytes(url, displayPath: notice)
                contractNotice = try ContractNotice.parse(bytes, path: notice)
            } catch {
                Console.error(error.description)
                if case .xml(.unreadable) = error { throw ExitCode(2) }
                throw ExitCode(1)
            }
            let plan: TenderPlan
            do {
                if let lot {
                    plan = try contractNotice.importPlan(
                        lot: lot, noticeFile: url.lastPathComponent, noticeSHA256: Digest(of: bytes).hex)
                } else {
                    plan = try contractNotice.importAllLots(
                        noticeFile: url.lastPathComponent, noticeSHA256: Digest(of: bytes).hex)
                }
            } catch {
                Console.error("\(notice): \(error.description)")
                throw ExitCode(1)
            }
            let document: [UInt8]
            do {
                document = try plan.xmlDocument.serialized()
                // The plan must be valid in our own schema before anyone relies on it.
                _ = try TenderPlan.parse(document, path: output ?? "<plan>")
            } catch {
                Console.error("error: the imported plan does not validate (a TenderTrail bug): \(error)")
                throw ExitCode(2)
            }
            if let output {
                let target = URL(fileURLWithPath: output)
                var isDirectory: ObjCBool = false
                let folder = target.deletingLastPathComponent().path
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    Console.error("\(output): error: no such folder \(folder)")
                    throw ExitCode(2)
                }
                // A case with a trail has a sealed plan and recorded evidence: --force must not replace
                // any of it (its plan, a bid, a score sheet, the results) behind the trail's back.
                if let enclosing = CaseLocation.enclosingCase(of: target.standardizedFileURL) {
                    let entries = CaseLocation.trailEntries(in: enclosing)
                    if entries > 0 {
                        Console.error(
                            "\(output): error: inside \(enclosing.path), a case whose evidence trail has \(entries) "
                                + (entries == 1 ? "entry" : "entries")
                                + " (evidence/trail/): its sealed plan can change only by `tender seal --reason …`,"
                                + " before the deadline and before opening, and --force does not override this; write"
                                + " the imported plan outside the case")
                        throw ExitCode(2)
                    }
                }
                if FileManager.default.fileExists(atPath: target.path), !force {
                    Console.error(
                        "\(output): error: the file exists and would be replaced (a completed plan would lose its scales,"
                            + " panel, gates and rules); choose another --output or pass --force")
                    throw ExitCode(2)
                }
                do {
                    try AtomicFile.write(document, to: URL(fileURLWithPath: output))
                } catch {
                    Console.error(error.description)
                    throw ExitCode(2)
                }
            } else {
                FileHandle.standardOutput.write(Data(document))
            }
            switch (output, format) {
            case let (.some(output), .json): Console.json(ImportSummary.json(plan, output: output))
            default: if !quietness.quiet { Console.error(ImportSummary.render(plan, output: output)) }
            }
        }
    }
}

/// What an import found: for people on standard error, or as JSON on standard output.
enum ImportSummary {
    static func render(_ plan: TenderPlan, output: String?) -> String {
        var lines: [String] = []
        for lot in plan.lots {
            lines.append("Imported \(lot.kind == .group ? "group of lots" : "lot") \(lot.id): \(lot.title)")
            for criterion in lot.allCriteria {
                let weight =
                    criterion.weight.map { "\($0)\(lot.criteria.weighting == .percent ? "%" : " points")" }
                    ?? "no exact weight"
                let published = criterion.published.map(\.description).joined(separator: ", ")
                lines.append(
                    "  \(criterion.id) \(criterion.type): \(criterion.displayName(language: plan.source?.language)) — \(weight)"
                        + (published.isEmpty ? "" : " (published: \(published))"))
            }
        }
        if let deadline = plan.submissionDeadline { lines.append("Submission deadline: \(deadline)") }
        if let value = plan.estimatedValue { lines.append("Estimated value: \(value)") }
        lines += notes(plan).map { "note: \($0)" }
        let problems = problems(plan)
        if problems.isEmpty {
            lines.append("The plan is evaluable.")
        } else {
            lines.append("The plan is not evaluable yet; complete \(output ?? "it") where it says:")
            lines += problems.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// The import as JSON (format `tendertrail-import`, version 1), for `--format json`.
    static func json(_ plan: TenderPlan, output: String) -> String {
        struct Criterion: Encodable {
            var id, type, name: String
            var weight: String?
            var published: [String]
        }
        struct Lot: Encodable {
            var lot, kind, title, weighting: String
            var criteria: [Criterion]
        }
        struct Document: Encodable {
            var format = "tendertrail-import"
            var version = 1
            var plan: String
            var lots: [Lot]
            var submissionDeadline: String?
            var estimatedValue: String?
            var notes: [String]
            var evaluable: Bool
            var toComplete: [String]
        }
        let problems = problems(plan)
        let document = Document(
            plan: output,
            lots: plan.lots.map { lot in
                Lot(
                    lot: lot.id.rawValue, kind: lot.kind == .group ? "group" : "lot", title: lot.title,
                    weighting: lot.criteria.weighting == .percent ? "percent" : "points",
                    criteria: lot.allCriteria.map { criterion in
                        Criterion(
                            id: criterion.id.rawValue, type: criterion.type,
                            name: criterion.displayName(language: plan.source?.language),
                            weight: criterion.weight.map { "\($0)" }, published: criterion.published.map(\.description))
                    })
            },
            submissionDeadline: plan.submissionDeadline.map { "\($0)" },
            estimatedValue: plan.estimatedValue.map { "\($0)" }, notes: notes(plan), evaluable: problems.isEmpty,
            toComplete: problems)
        return JSONText.encode(document)
    }

    /// What the notice leaves to note: the importer's notes, and no gates.
    static func notes(_ plan: TenderPlan) -> [String] {
        var notes = (plan.source?.notes ?? []).map(\.description)
        if plan.gates.isEmpty {
            notes.append(
                "no pass/fail gates are declared; add the exclusion grounds, selection criteria and mandatory"
                    + " requirements the procurement documents set as <Gates>")
        }
        return notes
    }

    /// What the authority must still state before the plan can be evaluated, each once.
    static func problems(_ plan: TenderPlan) -> [String] {
        var problems = plan.readinessProblems().map(\.message)
        // A notice never carries these; say so now rather than one evaluate run at a time.
        if plan.scales.isEmpty,
            plan.lots.contains(where: { lot in lot.allCriteria.contains { !["price", "cost"].contains($0.type) } })
        {
            problems.append("the notice gives no scoring scales: declare them in <Scales> (values and descriptors)")
        }
        if plan.rules.aggregation == nil {
            problems.append(
                "the notice does not say how evaluators' scores are combined: add <Rules><Aggregation method=\"median\"/>"
                    + " (or \"mean\"), with maximumSpread and minimumSheets if the authority sets them")
        }
        if plan.panel.isEmpty {
            problems.append("the notice names no evaluation panel: add <Panel> with each member's roles")
        }
        var seen: Set<String> = []
        return problems.filter { seen.insert($0).inserted }
    }
}
