import Foundation
import TenderDocuments
import TenderModel
import TenderXML

/// `results-reproduce`: evaluating the inputs again (with the late receipts and decisions the
/// trail records) gives exactly `evidence/results.xml`. On a difference, names the lots, bids and
/// values that differ.
struct ResultsReproduce: TrailCheck {
    let id = "results-reproduce"
    let statement = "Evaluating the inputs again reproduces the results exactly"
    let source = "ins-audit"
    let prerequisites = ["inputs-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let location = context.display(Trail.resultsPath)
        guard case let .success(evaluation) = context.evaluation else { return .skipped(because: "inputs-are-valid") }
        guard let now = context.currentResults else {
            return .failed([Finding(location: location, message: "missing, so there is nothing to compare")])
        }
        if now.canonicalDigest == evaluation.results.canonical { return .passed(notes: []) }
        // Only now are both documents needed whole, to name what differs.
        let recorded = FileManager.default.contents(atPath: context.folder.url(for: Trail.resultsPath).path)
        let differences = ResultsDifference.between(
            recorded: recorded.map { [UInt8]($0) } ?? [], recomputed: (try? evaluation.resultsBytes()) ?? [])
        let shown = differences.prefix(8).map { Finding(location: location, message: $0) }
        let more =
            differences.count > 8
            ? [Finding(location: location, message: "… and \(differences.count - 8) more differences")] : []
        return .failed(
            shown.isEmpty ? [Finding(location: location, message: "differs from the recomputed results")] : shown + more
        )
    }
}

/// Compares two results documents value by value: every attribute and text of every element,
/// keyed by the path of element names and `id`s (`Lot LOT-0001 › Bid BID-003 › TotalPoints @points`).
enum ResultsDifference {
    static func between(recorded: [UInt8], recomputed: [UInt8]) -> [String] {
        guard let old = try? XMLDocument.parse(recorded, path: "results.xml") else {
            return ["is not well-formed XML"]
        }
        guard let new = try? XMLDocument.parse(recomputed, path: "recomputed") else { return [] }
        let before = flatten(old.root)
        let after = flatten(new.root)
        let beforeValues = Dictionary(before.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let afterValues = Dictionary(after.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var differences: [String] = []
        var seen: Set<String> = []
        for key in after.map(\.key) + before.map(\.key) where seen.insert(key).inserted {
            switch (beforeValues[key], afterValues[key]) {
            case let (old?, new?) where old != new:
                differences.append("\(key): results.xml has \"\(old)\", recomputed \"\(new)\"")
            case let (old?, nil):
                differences.append("\(key): results.xml has \"\(old)\", which the recomputation does not produce")
            case let (nil, new?):
                differences.append("\(key): missing from results.xml; recomputed \"\(new)\"")
            default:
                break
            }
        }
        return differences
    }

    /// (key, value) pairs in document order: every attribute, and the text of leaf elements.
    private static func flatten(_ root: XMLElement) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        func visit(_ element: XMLElement, prefix: String, index: Int) {
            var name = element.localName
            if let id = element.attribute("id") { name += " \(id)" } else if index > 0 { name += " #\(index + 1)" }
            let path = prefix.isEmpty ? name : prefix + " › " + name
            for attribute in element.attributeNames where attribute != "id" {
                if let value = element.attribute(attribute) { pairs.append(("\(path) @\(attribute)", value)) }
            }
            let children = element.children
            if children.isEmpty {
                let text = element.normalizedText
                if !text.isEmpty { pairs.append(("\(path) text", text)) }
            }
            var counts: [String: Int] = [:]
            for child in children {
                let count = counts[child.localName, default: 0]
                counts[child.localName] = count + 1
                visit(child, prefix: path, index: count)
            }
        }
        visit(root, prefix: "", index: 0)
        return pairs
    }
}
