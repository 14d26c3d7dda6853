import EvidenceTrail
import Foundation
import TestSupport
import Testing

/// docs/0004-lifecycle-and-rules.md documents the rule catalogue; the code is the catalogue.
@Suite("The rule catalogue's documentation")
struct CatalogueDocumentationTests {
    @Test("docs/0004's rule table lists every check, in order, with its severity, statement and source")
    func tableMatchesCode() throws {
        let text = try TestSupport.read("docs/0004-lifecycle-and-rules.md", in: TestSupport.packageRoot)
        let lines = text.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(of: "| ID | severity | statement | source |") else {
            Issue.record("the rule table's header is missing")
            return
        }
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("| `") }.map { row in
            row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let documented = rows.map {
            "\($0[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))) \($0[1]) \($0[2]) \($0[3])"
        }
        let catalogue = Verifier.catalogue.map { "\($0.id) \($0.severity.rawValue) \($0.statement) \($0.source)" }
        #expect(documented == catalogue)
    }
}
