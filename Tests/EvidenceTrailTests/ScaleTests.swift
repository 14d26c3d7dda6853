import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// Issue 7: the batch steps give exactly what the single-step commands give.
@Suite("Scale: batch steps and parallel reading")
struct ScaleTests {
    /// Every file under `evidence/` (the lock file aside), by path, with its bytes.
    private func evidence(_ folder: URL) throws -> [String: Data] {
        let root = folder.appendingPathComponent("evidence")
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        for case let path as String in enumerator where !path.hasSuffix(".lock") {
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[path] = try Data(contentsOf: url)
        }
        return files
    }

    @Test("receiveAll and scoreAll write the entries, checkpoints and results the single steps write, byte for byte")
    func batchEqualsSingleSteps() throws {
        let (single, _) = try MiniCase.writeAndRun()
        let batched = try MiniCase.write()
        let clock = TestClock(MiniCase.times.seal)
        let lifecycle = Lifecycle(folder: CaseFolder(path: batched.path), clock: clock.now)
        let panel = MiniCase.panel
        _ = try lifecycle.seal(key: panel.key("LEAD"))
        clock.set(MiniCase.times.receive)
        let received = try lifecycle.receiveAll(
            ["BID-A", "BID-B", "BID-C"].map { batched.appendingPathComponent("bids/\($0).xml") }, key: panel.key("LEAD")
        )
        #expect(received.appended == [2, 3, 4])
        clock.set(MiniCase.times.open)
        _ = try lifecycle.open(key: panel.key("LEAD"))
        clock.set(MiniCase.times.declare)
        for member in ["EV-1", "EV-2"] { _ = try lifecycle.declare(key: panel.key(member)) }
        clock.set(MiniCase.times.score)
        let sheets = ["EV-1", "EV-2"].flatMap { member in
            ["BID-A", "BID-B", "BID-C"].map { (path: "scores/\(member)/\($0).xml", key: panel.key(member)) }
        }
        let scored = try lifecycle.scoreAll(sheets)
        #expect(scored.appended == Array(8...13))
        #expect(scored.size == 13)
        clock.set(MiniCase.times.moderate)
        _ = try lifecycle.moderate(lot: "LOT-1", key: panel.key("LEAD"))
        clock.set(MiniCase.times.evaluate)
        _ = try lifecycle.evaluate(key: panel.key("FIN"))

        let expected = try evidence(single)
        let found = try evidence(batched)
        // 15 entries and 15 checkpoints with their signatures, the sealed plan and the results.
        #expect(expected.count == 62)
        #expect(found.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected { #expect(found[path] == bytes, "\(path)") }
    }

    @Test("A batch refuses what the single step refuses: a sheet submitted with another evaluator's key")
    func batchRefusesLikeSingleStep() throws {
        let (folder, clock) = try MiniCase.writeAndRun(through: .declare)
        clock.set(MiniCase.times.score)
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        let panel = MiniCase.panel
        #expect {
            try lifecycle.scoreAll([
                ("scores/EV-1/BID-A.xml", panel.key("EV-1")), ("scores/EV-2/BID-A.xml", panel.key("EV-1")),
            ])
        } throws: { error in
            (error as? LifecycleError)?.description
                == "error: scores/EV-2/BID-A.xml is EV-2's score sheet; only EV-2 may submit it"
        }
        // The sheet before the refused one stays recorded, as after `tender score` run one by one.
        let trail = try Trail.load(caseURL: folder)
        #expect(trail.validEntries.last?.kind == .scoreSheetSubmitted)
        #expect(trail.validEntries.count == 8)
        #expect(trail.integrityProblems() == [])
    }
}
