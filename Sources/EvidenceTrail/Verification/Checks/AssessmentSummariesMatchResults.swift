import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
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
/// none is missing; no other tenderer's name, bid ID or tenderer ID appears in the file.
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
            findings += Self.findings(
                relative, context: context, summaries: summaries, recommended: recommended, bids: loaded.bids,
                evaluation: evaluation.result)
        }
        let count = files.count
        return findings.isEmpty
            ? .passed(notes: ["\(count) summary \(count == 1 ? "file" : "files") under \(Self.folder)/"])
            : .failed(findings)
    }

    /// The `.html` and `.md` files under `folder`, case-relative, sorted.
    static func summaryFiles(_ url: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            guard !name.hasPrefix("."), path.hasSuffix(".html") || path.hasSuffix(".md") else { continue }
            files.append(folder + "/" + path)
        }
        return files.sorted()
    }

    private static func findings(
        _ relative: String, context: VerificationContext, summaries: [AssessmentSummary],
        recommended: [LotID: BidID], bids: [Bid], evaluation: EvaluationResult
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
        if !relative.dropLast(relative.hasSuffix(".md") ? 3 : 5).hasSuffix(expectedPath) {
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
        findings += otherTenderers(
            in: readable(String(decoding: bytes, as: UTF8.self), isHTML: relative.hasSuffix(".html")),
            own: summary.tender, winner: summary.winner ?? summary.tender, bids: bids, at: at)
        return findings
    }

    /// The text as people read it, line for line: HTML's predefined entities and numeric character
    /// references decoded, or Markdown's backslash escapes removed (so that a name such as
    /// `A & B *Ltd*` is found as written).
    private static func readable(_ text: String, isHTML: Bool) -> String {
        guard isHTML else {
            var result = ""
            var escaped = false
            for character in text {
                if !escaped && character == "\\" {
                    escaped = true
                    continue
                }
                escaped = false
                result.append(character)
            }
            return result
        }
        var result = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        var decoded = ""
        var rest = Substring(result)
        while let start = rest.range(of: "&#") {
            decoded += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            if let end = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: end) <= 8 {
                let body = after[..<end]
                let value = body.hasPrefix("x") ? UInt32(body.dropFirst(), radix: 16) : UInt32(body, radix: 10)
                if let value, let scalar = Unicode.Scalar(value) {
                    decoded.unicodeScalars.append(scalar)
                    rest = after[after.index(after: end)...]
                    continue
                }
            }
            decoded += "&#"
            rest = after
        }
        decoded += rest
        return decoded.replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Mentions of a tenderer other than `own` and `winner`: their name, bid ID or tenderer ID.
    private static func otherTenderers(
        in text: String, own: AssessedTender, winner: AssessedTender, bids: [Bid], at: (Int) -> String
    ) -> [Finding] {
        let allowedNames = [own.tenderer.name, winner.tenderer.name]
        let allowedIDs = [own.bid.rawValue, winner.bid.rawValue, own.tenderer.id.rawValue, winner.tenderer.id.rawValue]
        var needles: [(String, String, Bool)] = []  // (text, what it is, whole token only)
        for other in bids where other.id != own.bid && other.id != winner.bid {
            if !allowedIDs.contains(other.id.rawValue) { needles.append((other.id.rawValue, "bid ID", true)) }
            if !allowedIDs.contains(other.tenderer.id.rawValue) {
                needles.append((other.tenderer.id.rawValue, "tenderer ID of \(other.id)", true))
            }
            let name = other.tenderer.name.trimmingCharacters(in: .whitespaces)
            if name.count >= 4, !allowedNames.contains(where: { $0.contains(name) }) {
                needles.append((name, "tenderer name of \(other.id)", false))
            }
        }
        var findings: [Finding] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (needle, what, token) in needles {
            guard let index = lines.firstIndex(where: { contains($0, needle, token: token) }) else { continue }
            findings.append(
                Finding(
                    location: at(index + 1),
                    message: "mentions \"\(needle)\" (\(what)), a tenderer other than the summary's own and the most"
                        + " advantageous"))
        }
        return findings
    }

    /// Whether `line` contains `needle`, as a whole token (not inside a longer identifier) when `token`.
    private static func contains(_ line: Substring, _ needle: String, token: Bool) -> Bool {
        var searchRange = line.startIndex..<line.endIndex
        while let found = line.range(of: needle, range: searchRange) {
            if !token { return true }
            let before = found.lowerBound == line.startIndex ? nil : line[line.index(before: found.lowerBound)]
            let after = found.upperBound == line.endIndex ? nil : line[found.upperBound]
            func isIdentifier(_ character: Character?) -> Bool {
                character.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ?? false
            }
            if !isIdentifier(before) && !isIdentifier(after) { return true }
            searchRange = found.upperBound..<line.endIndex
        }
        return false
    }
}
