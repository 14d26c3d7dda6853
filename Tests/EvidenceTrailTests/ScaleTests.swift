import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TenderXML
import TestSupport
import Testing

/// Issue 7: the batch steps and the parallel reading paths give exactly what the single-step
/// commands and one thread give.
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

    @Test("Reading and evaluating the shipped case on 1 or 4 threads gives the same documents, digests and results")
    func parallelEqualsSequential() throws {
        let folder = CaseFolder(url: ShippedCaseStory.folder, displayPath: "renfrewshire-electrical-testing")
        let state = CaseState(trail: try Trail.load(caseURL: folder.url, workers: 1))
        let one = try CaseEvaluation.run(folder, process: state.processFacts, workers: 1)
        let four = try CaseEvaluation.run(folder, process: state.processFacts, workers: 4)
        #expect(one.inputs == four.inputs)
        #expect(one.inputs.count == one.loaded.files.count)
        #expect(one.loaded.bids == four.loaded.bids)
        #expect(one.loaded.scoreSheets == four.loaded.scoreSheets)
        #expect(one.loaded.moderations == four.loaded.moderations)
        #expect(one.loaded.declarations == four.loaded.declarations)
        #expect(one.loaded.plan == four.loaded.plan)
        #expect(one.result == four.result)
        #expect(try one.resultsBytes() == four.resultsBytes())
        #expect(one.results == four.results)
        // The results are the ones the trail recorded (the shipped evidence), on any number of threads.
        let recorded = try Data(contentsOf: folder.url(for: Trail.resultsPath))
        #expect(try four.resultsBytes() == [UInt8](recorded))

        let trailOne = try Trail.load(caseURL: folder.url, workers: 1)
        let trailFour = try Trail.load(caseURL: folder.url, workers: 4)
        #expect(trailOne.entries.map(\.hash) == trailFour.entries.map(\.hash))
        #expect(trailOne.entries.map(\.entry) == trailFour.entries.map(\.entry))
        #expect(trailOne.checkpoints.map(\.canonical) == trailFour.checkpoints.map(\.canonical))
        #expect(trailOne.checkpoints.map(\.signature) == trailFour.checkpoints.map(\.signature))
    }

    /// A file whose bytes the trail recorded takes the canonical digest recorded with them (it is a
    /// function of the bytes) instead of being canonicalised again; the digests are the same.
    @Test("Inputs whose bytes the trail recorded take its canonical digests, and they are the ones recomputed")
    func knownCanonicalDigests() throws {
        let folder = CaseFolder(url: ShippedCaseStory.folder, displayPath: "renfrewshire-electrical-testing")
        let state = CaseState(trail: try Trail.load(caseURL: folder.url))
        #expect(!state.canonicalDigests.isEmpty)
        let recomputed = try CaseEvaluation.run(folder, process: state.processFacts)
        let known = try CaseEvaluation.run(
            folder, process: state.processFacts, canonicalDigests: state.canonicalDigests)
        #expect(known.inputs == recomputed.inputs)
        #expect(known.results == recomputed.results)
        // Every XML input's bytes are recorded (nothing is canonicalised on this path)…
        for input in recomputed.inputs where input.digests.canonical != nil {
            #expect(state.canonicalDigests[input.digests.bytes] == input.digests.canonical, "\(input.file)")
        }
        // …and a known digest is taken as given: one made up for a bid's bytes is what the read reports.
        let bid = try #require(recomputed.inputs.first { $0.file.role == .bid })
        let madeUp = Digest(of: Array("not the canonical form".utf8))
        let told = try CaseEvaluation.run(
            folder, process: state.processFacts, canonicalDigests: [bid.digests.bytes: madeUp])
        #expect(told.inputs.first { $0.file == bid.file }?.digests.canonical == madeUp)
        #expect(told.inputs.filter { $0.file != bid.file } == recomputed.inputs.filter { $0.file != bid.file })
    }

    @Test("The problems of a broken case are the same, in the same order, on 1 or 4 threads")
    func parallelProblemsEqualSequential() throws {
        let folder = try MiniCase.write()
        try TestSupport.write("<Bid", to: "bids/BID-B.xml", in: folder)
        try TestSupport.write(
            MiniCase.sheet(evaluator: "EV-2", bid: "BID-C", q1: "2", q2: "2"), to: "scores/EV-2/BID-A.xml", in: folder)
        let caseFolder = CaseFolder(path: folder.path)
        func problems(_ workers: Int) -> [String] {
            do {
                _ = try caseFolder.load(workers: workers) { $0.file }
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        let one = problems(1)
        // BID-B is not well-formed; scores/EV-2/BID-A.xml names bid BID-C.
        #expect(one.count == 2)
        #expect(problems(4) == one)
        #expect(problems(2) == one)
    }

    @Test("Each file read on its own gives the same digests, documents and problems on 1 or 4 threads")
    func parallelReadsEqualSequential() throws {
        let folder = try MiniCase.write()
        try TestSupport.write("<Bid", to: "bids/BID-B.xml", in: folder)
        let caseFolder = CaseFolder(path: folder.path)
        let files = try caseFolder.inputFiles()
        let one = caseFolder.read(files, workers: 1, digest: CaseEvaluation.recordedInput)
        let four = caseFolder.read(files, workers: 4, digest: CaseEvaluation.recordedInput)
        #expect(one.map(\.file) == files)
        #expect(four.map(\.file) == files)
        #expect(one.map(\.digests) == four.map(\.digests))
        #expect(one.map { $0.problems.map(\.description) } == four.map { $0.problems.map(\.description) })
        #expect(one.map { $0.document == nil } == four.map { $0.document == nil })
        // The broken bid has digests of its bytes only, no document, and a problem; the others are sound.
        let broken = try #require(one.first { $0.file.relativePath == "bids/BID-B.xml" })
        #expect(broken.digests?.digests.canonical == nil)
        #expect(broken.document == nil)
        #expect(broken.problems.count == 1)
        #expect(one.filter { !$0.problems.isEmpty }.count == 1)
    }

    /// The results are written and hashed in pieces (a bid at a time); the pieces must be the
    /// whole document, byte for byte, as the shipped evidence recorded it, and its canonical form.
    @Test(
        "Results written in pieces are the recorded results.xml and its canonical form, on every shipped case",
        arguments: ["renfrewshire-electrical-testing", "luxembourg-site-security"])
    func resultsInPieces(name: String) throws {
        let url = TestSupport.packageRoot.appendingPathComponent("tenders/\(name)")
        let folder = CaseFolder(url: url, displayPath: name)
        let state = CaseState(trail: try Trail.load(caseURL: url))
        let evaluation = try CaseEvaluation.run(folder, process: state.processFacts)
        let whole = try ResultsDocument.make(evaluation.result, plan: evaluation.loaded.plan).serialized()
        #expect(try evaluation.resultsBytes() == whole)
        let canonical = try XMLDocument.parse(whole, path: name).exclusiveCanonicalForm()
        #expect(evaluation.results == DocumentDigests(bytes: whole, canonicalForm: canonical))
        #expect(whole == [UInt8](try Data(contentsOf: folder.url(for: Trail.resultsPath))))
    }

    @Test("Evaluating without the justifications' text gives the same results; the sheets keep their scores")
    func withoutJustifications() throws {
        let folder = CaseFolder(url: ShippedCaseStory.folder, displayPath: "renfrewshire-electrical-testing")
        let state = CaseState(trail: try Trail.load(caseURL: folder.url))
        let kept = try CaseEvaluation.run(folder, process: state.processFacts)
        let dropped = try CaseEvaluation.run(folder, process: state.processFacts, keepingJustifications: false)
        #expect(dropped.results == kept.results)
        #expect(dropped.inputs == kept.inputs)
        #expect(kept.loaded.scoreSheets.allSatisfy { $0.scores.allSatisfy { !$0.justification.isEmpty } })
        #expect(dropped.loaded.scoreSheets.allSatisfy { $0.scores.allSatisfy(\.justification.isEmpty) })
        #expect(
            dropped.loaded.scoreSheets.map { $0.scores.map(\.value) }
                == kept.loaded.scoreSheets.map { $0.scores.map(\.value) })
    }
}
