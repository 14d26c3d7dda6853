import EvidenceTrail
import Foundation
import TenderDocuments
import TenderEvaluation
import TenderModel
import TestSupport
import Testing

@Suite("Recording by the lifecycle")
struct RecordingTests {
    @Test("Evaluating the mini case gives the hand-computed totals and ranking, recorded as entry 15")
    func goldenTotals() throws {
        let (folder, clock) = try MiniCase.writeAndRun(through: .moderate)
        clock.set(MiniCase.times.evaluate)
        let outcome = try Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
            .evaluate(key: MiniCase.panel.key("FIN"))
        let lot = try #require(outcome.evaluation?.result.lots.first)
        let totals = lot.bids.map { "\($0.bid) \($0.rank ?? 0) \($0.totalPoints?.used.fixedText(places: 2) ?? "-")" }
        #expect(totals == ["BID-B 1 90.00", "BID-A 2 77.00", "BID-C 3 65.00"])
        #expect(outcome.appended == [15])
        #expect(outcome.size == 15)
        #expect(
            outcome.messages == ["wrote evidence/results.xml and recorded the evaluation (entry 15)"])
    }

    @Test("Each step of the lifecycle is one entry, signed by the member who took it, and a checkpoint")
    func entriesAndSigners() throws {
        let folder = try TrailFixture.miniCase()
        let trail = try Trail.load(caseURL: folder)
        let steps = trail.validEntries.map { "\($0.sequence) \($0.kind.rawValue) \($0.actor.member)" }
        #expect(
            steps == [
                "1 plan-sealed LEAD", "2 bid-received LEAD", "3 bid-received LEAD", "4 bid-received LEAD",
                "5 bids-opened LEAD", "6 conflict-declared EV-1", "7 conflict-declared EV-2",
                "8 score-sheet-submitted EV-1", "9 score-sheet-submitted EV-1", "10 score-sheet-submitted EV-1",
                "11 score-sheet-submitted EV-2", "12 score-sheet-submitted EV-2", "13 score-sheet-submitted EV-2",
                "14 moderation-recorded LEAD", "15 evaluation-computed FIN",
            ])
        #expect(trail.entries.allSatisfy { $0.signature?.count == 64 && $0.problem == nil })
        #expect(trail.checkpoints.map(\.fileSize) == Array(1...15))
        #expect(trail.checkpoints.map { $0.checkpoint?.size } == Array(1...15))
        #expect(trail.checkpoints.allSatisfy { $0.signature?.count == 64 && $0.problem == nil })
        #expect(trail.strayFiles.isEmpty)
        #expect(trail.integrityProblems() == [])
        // Each checkpoint's head is the hash of the entry at its size.
        for stored in trail.checkpoints {
            #expect(stored.checkpoint?.head == trail.entries[stored.fileSize - 1].hash, "\(stored.path)")
        }
    }

    @Test("The written results, entries, checkpoints and sealed plan are valid documents of their shipped schemas")
    func outputsValidate() throws {
        let folder = try TrailFixture.miniCase()
        func load(_ format: DocumentFormat, _ path: String) throws {
            _ = try NativeDocument.load(format, contentsOf: folder.appendingPathComponent(path), displayPath: path)
        }
        try load(.results, Trail.resultsPath)
        try load(.plan, Trail.sealedPlanPath(sequence: 1))
        for sequence in 1...15 {
            try load(.trailEntry, TrailFixture.entryPath(sequence))
            try load(.checkpoint, TrailFixture.checkpointPath(sequence))
        }
        // Nothing else was written: the inputs, and the evidence named above with a signature beside each.
        let evidence = try TrailFixture.evidence(folder).keys.sorted()
        let expected =
            ["checkpoints", "trail"].flatMap { folder in
                (1...15).flatMap {
                    ["\(folder)/\(Trail.paddedSequence($0)).sig", "\(folder)/\(Trail.paddedSequence($0)).xml"]
                }
            } + ["plans/00000001.xml", "results.xml"]
        #expect(evidence == expected.sorted())
    }

    @Test("A fresh lifecycle verifies: every check passes")
    func verifies() throws {
        let verdict = try TrailFixture.verify(try TrailFixture.miniCase())
        #expect(verdict.isVerified, "\(verdict.findingsText)")
        #expect(verdict.failed.isEmpty && verdict.skipped.isEmpty)
        #expect(
            verdict.report.checks.map(\.id) == [
                "trail-is-present", "entries-are-well-formed", "entries-are-hash-chained", "entries-are-in-time-order",
                "signatures-are-valid", "checkpoints-are-consistent", "evaluation-is-current", "inputs-match-record",
                "results-match-record", "inputs-are-valid", "results-reproduce", "assessment-summaries-match-results",
                "plan-sealed-before-opening",
                "only-published-criteria-scored", "weightings-match-publication", "late-bids-excluded",
                "bids-opened-after-deadline",
                "every-bid-has-a-final-status", "declarations-precede-scores",
                "minimum-sheets-before-moderation", "quality-and-price-evaluators-separate",
                "quality-locked-before-prices",
                "justifications-are-substantive", "moderation-gives-reasons", "abnormally-low-decided",
                "abnormally-low-explanation-requested", "abnormally-low-request-on-record", "self-cleaning-decided",
                "recommended-is-rank-one", "tie-break-applied",
            ])
        #expect(verdict.notes.contains("15 entries and 15 checkpoints signed by EV-1, EV-2, FIN, LEAD"))
    }

    @Test("Evaluating again on unchanged inputs writes nothing and leaves every evidence byte as it was")
    func idempotent() throws {
        let folder = try TrailFixture.miniCase()
        let before = try TrailFixture.evidence(folder)
        let lifecycle = TrailFixture.lifecycle(folder)
        let withKey = try lifecycle.evaluate(key: MiniCase.panel.key("FIN"))
        #expect(withKey.appended == [])
        #expect(
            withKey.messages == [
                "the trail already records this evaluation (entry 15); evidence/results.xml is unchanged"
            ])
        // No key is needed when there is nothing to record.
        let withoutKey = try lifecycle.evaluate(key: nil)
        #expect(withoutKey.appended == [] && withoutKey.size == 15)
        #expect(try TrailFixture.evidence(folder) == before)
    }

    @Test("Repeating a step on unchanged inputs writes nothing")
    func repeatedStepsWriteNothing() throws {
        let folder = try TrailFixture.miniCase()
        let before = try TrailFixture.evidence(folder)
        let lifecycle = TrailFixture.lifecycle(folder)
        let lead = MiniCase.panel.key("LEAD")
        let outcomes = [
            try lifecycle.seal(key: lead),
            try lifecycle.receive(bidFile: folder.appendingPathComponent("bids/BID-B.xml"), key: lead),
            try lifecycle.declare(key: MiniCase.panel.key("EV-2")),
            try lifecycle.score(sheet: "scores/EV-1/BID-C.xml", key: MiniCase.panel.key("EV-1")),
            try lifecycle.moderate(lot: "LOT-1", key: lead),
        ]
        #expect(
            outcomes.flatMap(\.messages) == [
                "the plan is already sealed (entry 1) and unchanged", "bids/BID-B.xml was already received in entry 3",
                "declarations/EV-2.xml was already recorded in entry 7",
                "scores/EV-1/BID-C.xml was already submitted in entry 10",
                "moderation/LOT-1.xml was already recorded in entry 14",
            ])
        #expect(outcomes.allSatisfy { $0.appended.isEmpty && $0.size == 15 })
        #expect(try TrailFixture.evidence(folder) == before)
    }

    @Test("The same documents created in a different order give byte-identical evidence (same keys, same clock)")
    func fileOrderIndependence() throws {
        let first = try MiniCase.write()
        // A second copy whose files are created in reverse order, so that directory order on disk differs.
        let second = try TestSupport.temporaryFolder("reversed").appendingPathComponent("mini", isDirectory: true)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).filter { $0.hasSuffix(".xml") }
            .sorted().reversed()
        #expect(files.count == 13)
        for file in files { try TestSupport.write(try TestSupport.read(file, in: first), to: file, in: second) }
        try MiniCase.run(first, clock: TestClock(MiniCase.times.seal))
        try MiniCase.run(second, clock: TestClock(MiniCase.times.seal))
        let evidence = try TrailFixture.evidence(first)
        #expect(evidence.count == 62)
        #expect(try TrailFixture.evidence(second) == evidence)
        // And both are exactly the evidence every other test starts from.
        #expect(try TrailFixture.evidence(try TrailFixture.miniCase()) == evidence)
    }

    @Test("A score sheet changed after the evaluation is submitted again and evaluated again; the case verifies")
    func reevaluation() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit(
            "scores/EV-1/BID-C.xml", in: folder, replacing: #"criterion="Q1" value="2""#,
            with: #"criterion="Q1" value="3""#)
        let lifecycle = TrailFixture.lifecycle(folder)
        let scored = try lifecycle.score(sheet: "scores/EV-1/BID-C.xml", key: MiniCase.panel.key("EV-1"))
        #expect(scored.appended == [16])
        // Between the two steps the evaluation is not current: verify says so.
        let between = try TrailFixture.verify(folder)
        #expect(between.failed == ["evaluation-is-current", "results-reproduce"], "\(between.findingsText)")
        let evaluated = try lifecycle.evaluate(key: MiniCase.panel.key("FIN"))
        #expect(evaluated.appended == [17])
        let lot = try #require(evaluated.evaluation?.result.lots.first)
        // BID-C's Q1 median is now (3 + 2) / 2 = 2.5: 60 × 2.5 / 4 = 37.50; total 72.50.
        #expect(
            lot.bids.map { "\($0.bid) \($0.totalPoints?.used.fixedText(places: 2) ?? "-")" } == [
                "BID-B 90.00", "BID-A 77.00", "BID-C 72.50",
            ])
        let verdict = try TrailFixture.verify(folder)
        #expect(verdict.isVerified, "\(verdict.findingsText)")
        #expect(verdict.notes.contains("the trail records 2 evaluations (entries 15, 17); the last one is verified"))
        #expect(verdict.notes.contains("scores/EV-1/BID-C.xml was recorded more than once: entries 10, 16"))
    }

    @Test("Recording refuses to append to a damaged trail, names the damage and writes nothing")
    func refusesDamagedTrail() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit(
            "evidence/trail/00000003.xml", in: folder, replacing: ">Lea Example<", with: ">Someone Else<")
        try TrailFixture.edit(
            "scores/EV-1/BID-C.xml", in: folder, replacing: #"criterion="Q1" value="2""#,
            with: #"criterion="Q1" value="3""#)
        let before = try TrailFixture.evidence(folder)
        let lifecycle = TrailFixture.lifecycle(folder)
        let error = #expect(throws: LifecycleError.self) {
            try lifecycle.score(sheet: "scores/EV-1/BID-C.xml", key: MiniCase.panel.key("EV-1"))
        }
        let path = folder.path + "/evidence/trail"
        #expect(
            error?.description
                == "\(path)/00000004.xml: error: <Previous> is 4d9b1b1c14ac but the canonical hash of evidence/trail/00000003.xml"
                + " is c38c15caad0e: the entry before it was changed, removed or reordered\n"
                + "\(path)/00000003.xml: error: entry 3: the signature is not LEAD's signature of this file's canonical form"
                + " (the file or the signature was changed)\n"
                + "error: the evidence trail is damaged; nothing was recorded. Run `tender verify` to see what changed."
        )
        #expect(throws: LifecycleError.self) { try lifecycle.evaluate(key: MiniCase.panel.key("FIN")) }
        #expect(try TrailFixture.evidence(folder) == before)
    }

    @Test("Recording refuses when the results no longer match what was recorded, and writes nothing")
    func refusesChangedResults() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit(
            "evidence/results.xml", in: folder, replacing: #"<TotalPoints points="90.00"/>"#,
            with: #"<TotalPoints points="91.00"/>"#)
        let before = try TrailFixture.evidence(folder)
        // Inputs unchanged, so the trail's last evaluation is current: the results must still not pass as
        // "unchanged", with or without a key.
        for key in [MiniCase.panel.key("FIN"), nil] {
            let error = #expect(throws: LifecycleError.self) { try TrailFixture.lifecycle(folder).evaluate(key: key) }
            #expect(
                error?.description
                    == "\(folder.path)/evidence/results.xml: error: the results differ from what entry 15 recorded; nothing"
                    + " was recorded. Run `tender verify` to investigate; if the file was damaged, delete it and run"
                    + " `tender evaluate` again to restore it from the recorded evaluation.")
        }
        #expect(try TrailFixture.evidence(folder) == before)
    }

    @Test("A bid that cannot be evaluated is refused at evaluate with file, line and column; nothing is written")
    func invalidBidWritesNothing() throws {
        let folder = try MiniCase.write()
        try TrailFixture.edit("bids/BID-A.xml", in: folder, replacing: "100000.00", with: "0.00")
        let clock = TestClock(MiniCase.times.seal)
        try MiniCase.run(folder, clock: clock, through: .moderate)
        let before = try TrailFixture.evidence(folder)
        clock.set(MiniCase.times.evaluate)
        let error = #expect(throws: LifecycleError.self) {
            try Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now).evaluate(
                key: MiniCase.panel.key("FIN"))
        }
        #expect(
            error?.description
                == "\(folder.path)/bids/BID-A.xml:6:5: error: price must be greater than zero; found 0.00")
        #expect(try TrailFixture.evidence(folder) == before)
        #expect(before["results.xml"] == nil && before.count == 14 * 4 + 1)
    }

    @Test("A plan that is not valid is refused at seal with file, line and column; nothing is written")
    func invalidPlanWritesNothing() throws {
        let folder = try MiniCase.write()
        let marked = MiniCase.plan.replacingOccurrences(of: #"weight="10" scale"#, with: #"1️⃣weight="ten" scale"#)
        let position = try #require(TestSupport.position(of: "1️⃣", in: marked))
        try TestSupport.write(position.text, to: "tender.xml", in: folder)
        let error = #expect(throws: LifecycleError.self) {
            try TrailFixture.lifecycle(folder, at: MiniCase.times.seal).seal(key: MiniCase.panel.key("LEAD"))
        }
        #expect(
            error?.description
                == "\(folder.path)/tender.xml:\(position.line):\(position.column): error: <Criterion> attribute 'weight' must be"
                + #" a number of at least zero such as 3 or 2.5 (a full stop before the decimals); found "ten""#)
        #expect(try TrailFixture.evidence(folder).isEmpty)
    }

    @Test("A score sheet that is not valid is refused at score with file, line and column; nothing is written")
    func invalidSheetWritesNothing() throws {
        let folder = try MiniCase.write()
        let clock = TestClock(MiniCase.times.seal)
        try MiniCase.run(folder, clock: clock, through: .declare)
        let marked = MiniCase.sheet(evaluator: "EV-1", bid: "BID-A", q1: "three", q2: "1")
            .replacingOccurrences(of: #"value="three""#, with: #"1️⃣value="three""#)
        let position = try #require(TestSupport.position(of: "1️⃣", in: marked))
        try TestSupport.write(position.text, to: "scores/EV-1/BID-A.xml", in: folder)
        let before = try TrailFixture.evidence(folder)
        clock.set(MiniCase.times.score)
        let error = #expect(throws: LifecycleError.self) {
            try Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
                .score(sheet: "scores/EV-1/BID-A.xml", key: MiniCase.panel.key("EV-1"))
        }
        #expect(
            error?.description
                == "\(folder.path)/scores/EV-1/BID-A.xml:\(position.line):\(position.column): error: <Score> attribute 'value'"
                + #" must be a number of at least zero such as 3 or 2.5 (a full stop before the decimals); found "three""#
        )
        #expect(try TrailFixture.evidence(folder) == before)
    }
}
