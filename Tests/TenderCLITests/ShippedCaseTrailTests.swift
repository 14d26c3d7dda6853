import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

/// The shipped case's committed evidence is exactly what its lifecycle story produces.
@Suite("The shipped case's trail")
struct ShippedCaseTrailTests {
    @Test("Replaying the shipped case's lifecycle reproduces its committed evidence byte for byte")
    func reproducible() throws {
        let built = try ShippedCaseStory.freshInputs()
        try ShippedCaseStory.run(on: built)
        let committed = ShippedCaseStory.folder
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            for folder in ["evidence", "explanations"] {
                try? FileManager.default.removeItem(at: committed.appendingPathComponent(folder))
                try FileManager.default.copyItem(
                    at: built.appendingPathComponent(folder), to: committed.appendingPathComponent(folder))
            }
            try? FileManager.default.removeItem(at: committed.appendingPathComponent("evidence/.lock"))
            Issue.record("recorded the shipped case's evidence; review it and run again without RECORD_GOLDEN")
            return
        }
        for folder in ["evidence", "explanations"] {
            let expected = try files(committed.appendingPathComponent(folder))
            let actual = try files(built.appendingPathComponent(folder))
            #expect(expected.keys.sorted() == actual.keys.sorted(), "\(folder): different files")
            for (path, data) in expected where actual[path] != data {
                Issue.record("\(folder)/\(path) differs from what the story produces")
            }
        }
    }

    @Test("The shipped case verifies, with every rule passing")
    func verifies() throws {
        let copy = try TestSupport.copyOfFolder(ShippedCaseStory.folder)
        let report = try Verifier.verify(CaseFolder(path: copy.path))
        for check in report.checks where !check.outcome.isPassed { Issue.record("\(check.id): \(check.outcome)") }
        #expect(report.isVerified)
    }

    private func files(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return result }
        while let path = walker.nextObject() as? String {
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = try Data(contentsOf: url)
            }
        }
        return result
    }
}
