import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

@Suite("Recording an evaluation")
struct RecordingTests {
    @Test("Evaluating the mini case gives the hand-computed totals and ranking")
    func goldenTotals() throws {
        let folder = try MiniCase.write()
        let (evaluation, outcome) = try evaluateAndRecord(folder)
        let lot = try #require(evaluation.result.lots.first)
        let totals = lot.bids.map { "\($0.bid) \($0.rank ?? 0) \($0.totalPoints?.used.fixedText(places: 2) ?? "-")" }
        #expect(totals == ["BID-B 1 90.00", "BID-A 2 77.00", "BID-C 3 65.00"])
        // One entry per input file (plan, 3 bids, 6 sheets, moderation) and one for the evaluation.
        #expect(outcome.appended == Array(1...12))
        #expect(outcome.size == 12)
    }

    @Test("The written results and trail are valid documents of their shipped schemas")
    func outputsValidate() throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        _ = try NativeDocument.load(
            .results, contentsOf: folder.appendingPathComponent(Trail.resultsPath), displayPath: "results")
        _ = try NativeDocument.load(
            .checkpoint, contentsOf: folder.appendingPathComponent(Trail.checkpointPath), displayPath: "checkpoint")
        for sequence in 1...12 {
            let path = Trail.folder + "/" + TrailEntry.fileName(for: sequence)
            _ = try NativeDocument.load(.trailEntry, contentsOf: folder.appendingPathComponent(path), displayPath: path)
        }
    }

    @Test("A fresh evaluation verifies: every check passes")
    func verifies() throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        let report = try verify(folder)
        #expect(report.isVerified, "\(report.findingsText)")
        #expect(
            report.checks.map(\.id) == [
                "trail-is-present", "entries-are-well-formed", "entries-are-hash-chained", "checkpoint-covers-trail",
                "evaluation-is-recorded", "inputs-match-record", "results-match-record", "inputs-are-valid",
                "results-reproduce",
            ])
    }

    @Test("Evaluating again on unchanged inputs writes nothing and leaves every byte as it was")
    func idempotent() throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        let before = try snapshot(folder.appendingPathComponent("evidence"))
        let (_, outcome) = try evaluateAndRecord(folder)
        #expect(outcome.wasAlreadyRecorded)
        #expect(try snapshot(folder.appendingPathComponent("evidence")) == before)
    }

    @Test("The same documents written in a different order give byte-identical results and trail")
    func fileOrderIndependence() throws {
        let first = try MiniCase.write()
        // A second copy whose files are created in reverse order (directory order differs on disk).
        let second = try TestSupport.temporaryFolder("reversed").appendingPathComponent("mini", isDirectory: true)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).filter { $0.hasSuffix(".xml") }
            .sorted().reversed()
        for file in files { try TestSupport.write(try TestSupport.read(file, in: first), to: file, in: second) }
        try evaluateAndRecord(first)
        try evaluateAndRecord(second)
        #expect(
            try snapshot(first.appendingPathComponent("evidence"))
                == snapshot(second.appendingPathComponent("evidence")))
    }

    @Test("A changed input is recorded again and a new evaluation appended; verify still passes")
    func reevaluation() throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        try edit("bids/BID-C.xml", in: folder, replacing: "90000.00", with: "95000.00")
        let (_, outcome) = try evaluateAndRecord(folder)
        #expect(outcome.appended == [13, 14])
        #expect(try verify(folder).isVerified)
    }

    @Test("Recording refuses to append to a damaged trail and writes nothing")
    func refusesDamagedTrail() throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        try edit(
            "evidence/trail/00000003.xml", in: folder, replacing: "<Actor>test</Actor>",
            with: "<Actor>someone else</Actor>")
        try edit("bids/BID-C.xml", in: folder, replacing: "90000.00", with: "95000.00")
        let before = try snapshot(folder.appendingPathComponent("evidence"))
        #expect(throws: EvidenceError.self) { try evaluateAndRecord(folder) }
        #expect(try snapshot(folder.appendingPathComponent("evidence")) == before)
    }

    @Test("Invalid input is refused with file and line, and nothing is written")
    func invalidInputWritesNothing() throws {
        let folder = try MiniCase.write()
        try edit("bids/BID-A.xml", in: folder, replacing: "100000.00", with: "0.00")
        do {
            _ = try CaseEvaluation.run(CaseFolder(path: folder.path))
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "\(folder.path)/bids/BID-A.xml:6:5: error: price must be greater than zero; found 0.00")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("evidence").path))
    }
}

/// Every file under `folder` (relative path → bytes), hidden files excluded.
func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path)
    where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
        var isDirectory: ObjCBool = false
        let url = folder.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = try Data(contentsOf: url)
        }
    }
    return files
}
