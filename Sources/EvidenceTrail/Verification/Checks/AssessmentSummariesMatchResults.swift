import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TenderSummaries
import TenderXML

/// `assessment-summaries-match-results`: every assessment summary under the case's
/// `reports/summaries/` (`*.html` and `*.md`, as `tender summaries` writes them) shows exactly the
/// figures the recorded evaluation gives for its lot, its own tender and the most advantageous
/// tender (the bid the award recommendation standing on the current results names), and nothing
/// about any other tenderer.
///
/// For each file: the lot and bid it declares exist and the lot has a standing award; the winner
/// it names is that award's bid; every figure (score, points, price, quality, price and total
/// points, rank) concerns the summary's own bid or the winner and equals the one
/// `AssessmentSummary.derive` gives — the exact value (HTML `data-*`) and the text shown — and
/// none is missing; and then the whole file is the summary `tender summaries` writes from the
/// record, byte for byte, so that no sentence, weighting, reason or other tenderer's information
/// was added or changed. (A summary written by another version of TenderTrail is reported as
/// differing: write the summaries again with `tender summaries`.)
/// Findings name the file and line with the expected and found values. Passes, with a note, when
/// there are no summaries.
///
/// Source: Procurement Regulations 2024 (SI 2024/692) reg 31(2)(e) and (3)(b) (the scores
/// determined, and the total); Procurement Act 2023 s50(4) (information about the assessment of
/// the tender and of the most advantageous tender only); eForms irregularity type `ins-audit`.
struct AssessmentSummariesMatchResults: TrailCheck {
    let id = "assessment-summaries-match-results"
    let statement =
        "Every assessment summary shows the recorded evaluation's figures for its own tender and the most advantageous"
        + " one, and nothing about any other tenderer"
    let source = "Procurement Regulations 2024 reg 31; Procurement Act 2023 s50(3)-(4); ins-audit"
    let prerequisites = ["results-match-record", "results-reproduce"]

    /// The folder, relative to the case.
    static let folder = "reports/summaries"

    func check(_ context: VerificationContext) -> CheckOutcome {
        let files = Self.summaryFiles(context.folder.url(for: Self.folder))
        guard !files.isEmpty else { return .passed(notes: ["no assessment summaries under \(Self.folder)/"]) }
        guard case let .success(evaluation) = context.evaluation else { return .skipped(because: "results-reproduce") }
        guard let digests = try? evaluation.resultsDigests() else {
            return .skipped(because: "the results cannot be serialised")
        }
        let recommended = context.trail.standingRecommendations(onResults: digests.identity).mapValues(\.bid)
        let loaded = evaluation.loaded
        let summaries: [AssessmentSummary]
        do {
            summaries = try AssessmentSummary.derive(
                plan: loaded.plan, result: evaluation.result, moderations: loaded.moderations, recommended: recommended)
        } catch {
            return .failed([Finding(location: context.display(Self.folder), message: error.description)])
        }
        var findings: [Finding] = []
        for relative in files {
            guard relative.hasSuffix(".html") || relative.hasSuffix(".md") else {
                findings.append(
                    Finding(
                        location: context.display(relative),
                        message: "is not an assessment summary: only the .html and .md files `tender summaries` writes"
                            + " belong under \(Self.folder)/"))
                continue
            }
            findings += Self.findings(
                relative, context: context, summaries: summaries, recommended: recommended,
                evaluation: evaluation.result)
        }
        // Summaries are given to every tenderer of a lot: once a lot has any, it must have them all.
        let present = Set(files)
        let lotsWithSummaries = Set(
            summaries.map(\.lot).filter { lot in files.contains { $0.hasPrefix("\(Self.folder)/\(lot)/") } })
        for summary in summaries where lotsWithSummaries.contains(summary.lot) {
            for ext in ["html", "md"] {
                let expected = "\(Self.folder)/\(summary.lot)/\(summary.tender.bid).\(ext)"
                if !present.contains(expected) {
                    findings.append(
                        Finding(
                            location: context.display(expected),
                            message: "is missing: lot \(summary.lot) has summaries, and every tender assessed in it is"
                                + " owed one (\(summary.tender.bid), \(summary.tender.tenderer.name))"))
                }
            }
        }
        let count = files.count
        return findings.isEmpty
            ? .passed(notes: ["\(count) summary \(count == 1 ? "file" : "files") under \(Self.folder)/"])
            : .failed(findings)
    }

    /// The files under `folder` (hidden ones aside), case-relative, sorted.
    static func summaryFiles(_ url: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var isDirectory: ObjCBool = false
            guard
                FileManager.default.fileExists(
                    atPath: url.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            files.append(folder + "/" + path)
        }
        return files.sorted()
    }

    private static func findings(
        _ relative: String, context: VerificationContext, summaries: [AssessmentSummary],
        recommended: [LotID: BidID], evaluation: EvaluationResult
    ) -> [Finding] {
        let display = context.display(relative)
        func at(_ line: Int) -> String { "\(display):\(line)" }
        guard let data = FileManager.default.contents(atPath: context.folder.url(for: relative).path) else {
            return [Finding(location: display, message: "cannot be read")]
        }
        let bytes = [UInt8](data)
        let contents: SummaryFileContents
        if relative.hasSuffix(".html") {
            do {
                contents = try SummaryFileContents.html(bytes, path: display)
            } catch {
                return [Finding(location: display, message: "is not an assessment summary page: \(error.description)")]
            }
        } else {
            contents = SummaryFileContents.markdown(String(decoding: bytes, as: UTF8.self))
        }
        var findings = contents.problems.map { Finding(location: at($0.line), message: $0.message) }
        guard findings.isEmpty else { return findings }
        let lot = LotID(contents.lot)
        let bid = BidID(contents.bid)
        guard let lotEvaluation = evaluation.lots.first(where: { $0.lot == lot }) else {
            return [Finding(location: at(contents.declarationLine), message: "lot \(lot) is not in the evaluation")]
        }
        guard lotEvaluation.bids.contains(where: { $0.bid == bid }) else {
            return [
                Finding(location: at(contents.declarationLine), message: "bid \(bid) is not in lot \(lot)'s evaluation")
            ]
        }
        guard let winner = recommended[lot],
            let summary = summaries.first(where: { $0.lot == lot && $0.tender.bid == bid })
        else {
            return [
                Finding(
                    location: at(contents.declarationLine),
                    message: "lot \(lot) has no award recommendation on the current results, so no summary can be"
                        + " given for it (Procurement Act 2023 s50(3))")
            ]
        }
        let expectedPath = "\(lot)/\(bid)"
        if relative != "\(Self.folder)/\(expectedPath).\(relative.hasSuffix(".md") ? "md" : "html")" {
            findings.append(
                Finding(
                    location: at(contents.declarationLine),
                    message: "declares lot \(lot) and bid \(bid); expected it at \(Self.folder)/\(expectedPath)"))
        }
        if contents.winner != winner.rawValue {
            findings.append(
                Finding(
                    location: at(contents.declarationLine),
                    message: "names \(contents.winner) as the most advantageous tender; the award recommendation"
                        + " standing for lot \(lot) names \(winner)"))
        }
        let expected = Dictionary(summary.figures.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let allowed: Set<String> = [bid.rawValue, winner.rawValue]
        var seen: Set<String> = []
        for figure in contents.figures {
            guard allowed.contains(figure.bid) else {
                findings.append(
                    Finding(
                        location: at(figure.line),
                        message: "shows \(figure.key) (\(figure.shown)): a tender other than the summary's own (\(bid))"
                            + " and the most advantageous (\(winner))"))
                continue
            }
            guard let want = expected[figure.key] else {
                findings.append(
                    Finding(
                        location: at(figure.line),
                        message: "shows \(figure.key) = \(figure.value ?? figure.shown), which the recorded evaluation"
                            + " does not give for this summary"))
                continue
            }
            seen.insert(figure.key)
            if let value = figure.value, value != want.value {
                findings.append(
                    Finding(
                        location: at(figure.line),
                        message: "\(figure.key): expected \(want.value) (the recorded evaluation), found \(value)"))
            }
            let shown = summary.displayText(want)
            if figure.shown != shown {
                findings.append(
                    Finding(
                        location: at(figure.line),
                        message: "\(figure.key): expected \(shown) shown (the recorded evaluation), found"
                            + " \(figure.shown)"))
            }
        }
        for figure in summary.figures where !seen.contains(figure.key) {
            findings.append(
                Finding(
                    location: display,
                    message: "\(figure.key) is missing: the recorded evaluation gives \(figure.value)"))
        }
        if findings.isEmpty {
            findings += differences(bytes, from: summary, isHTML: relative.hasSuffix(".html"), at: at)
        }
        return findings
    }

    /// Where the file departs from the summary `tender summaries` writes from the recorded
    /// evaluation (``AssessmentSummaryHTML`` or ``AssessmentSummaryMarkdown``, byte for byte): the
    /// first line that differs, with what was expected and found. Everything in a summary is derived
    /// from the record (criteria, weightings, scores, reasons, the wording), so any other text is an
    /// edit: a changed rank or weighting in a sentence, an added remark, another tenderer's figures.
    private static func differences(
        _ bytes: [UInt8], from summary: AssessmentSummary, isHTML: Bool, at: (Int) -> String
    ) -> [Finding] {
        let expected: [UInt8]
        if isHTML {
            guard let html = try? AssessmentSummaryHTML.render(summary) else { return [] }
            expected = html
        } else {
            expected = Array(AssessmentSummaryMarkdown.render(summary).utf8)
        }
        guard bytes != expected else { return [] }
        let found = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let wanted = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let index =
            zip(found, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(found.count, wanted.count)
        // Where in the line the two first differ, so that the excerpts show the difference itself.
        let column: Int = {
            guard index < found.count, index < wanted.count else { return 0 }
            let pairs = Array(zip(Array(found[index]), Array(wanted[index])))
            return pairs.enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? pairs.count
        }()
        func excerpt(_ lines: [Substring]) -> String {
            guard index < lines.count else { return "the end of the file" }
            // A carriage return (a CRLF copy) is shown, not left to move the cursor.
            let characters = Array(lines[index].replacingOccurrences(of: "\r", with: "\\r"))
            let start = max(0, column - 60)
            let end = min(characters.count, column + 100)
            return "\"" + (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
                + "\""
        }
        return [
            Finding(
                location: at(index + 1),
                message: "differs from the summary the recorded evaluation gives (as `tender summaries` writes it):"
                    + " expected \(excerpt(wanted)), found \(excerpt(found))")
        ]
    }
}
