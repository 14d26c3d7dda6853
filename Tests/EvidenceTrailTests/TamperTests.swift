import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

@Suite("Tampering is detected")
struct TamperTests {
    /// One way of changing a recorded case: the checks that fail (exactly, in report order) and one
    /// finding that must name the file (and entry) concerned.
    struct Tamper: CustomTestStringConvertible, Sendable {
        var name: String
        /// Every check that fails, in report order; every other check passes or is skipped.
        var failing: [String]
        /// A finding of `check` located at `path` (case-relative) whose message contains `message`.
        var finding: (check: String, path: String, message: String)
        var change: @Sendable (URL) throws -> Void

        var testDescription: String { name }
    }

    static let tampers: [Tamper] = inputs + evidence + removals

    /// Changes of meaning to the inputs the evaluation recorded.
    static let inputs: [Tamper] = [
        Tamper(
            name: "a bid's price", failing: ["inputs-match-record", "results-reproduce"],
            finding: ("inputs-match-record", "bids/BID-A.xml", "content differs from what entry 15 recorded")
        ) {
            try TrailFixture.edit("bids/BID-A.xml", in: $0, replacing: "100000.00", with: "99000.00")
        },
        Tamper(
            name: "a bid's tenderer name", failing: ["inputs-match-record", "results-reproduce"],
            finding: ("inputs-match-record", "bids/BID-B.xml", "content differs from what entry 15 recorded")
        ) {
            try TrailFixture.edit("bids/BID-B.xml", in: $0, replacing: "Beta Ltd", with: "Beta Holdings Ltd")
        },
        Tamper(
            name: "a score in a score sheet", failing: ["inputs-match-record", "results-reproduce"],
            finding: ("inputs-match-record", "scores/EV-1/BID-C.xml", "content differs")
        ) {
            try TrailFixture.edit(
                "scores/EV-1/BID-C.xml", in: $0, replacing: #"criterion="Q1" value="2""#,
                with: #"criterion="Q1" value="3""#)
        },
        Tamper(
            name: "a justification's wording", failing: ["inputs-match-record"],
            finding: ("inputs-match-record", "scores/EV-2/BID-B.xml", "content differs")
        ) {
            try TrailFixture.edit(
                "scores/EV-2/BID-B.xml", in: $0, replacing: "as evidenced in section 2",
                with: "as evidenced in section 4")
        },
        Tamper(
            name: "whitespace inside a justification (content, not formatting)", failing: ["inputs-match-record"],
            finding: ("inputs-match-record", "scores/EV-2/BID-B.xml", "content differs")
        ) {
            try TrailFixture.edit("scores/EV-2/BID-B.xml", in: $0, replacing: "as evidenced", with: "as  evidenced")
        },
        Tamper(
            name: "a weighting in the plan",
            failing: ["inputs-match-record", "results-reproduce", "plan-sealed-before-opening"],
            finding: ("inputs-match-record", "tender.xml", "content differs")
        ) {
            try TrailFixture.edit("tender.xml", in: $0, replacing: #"weight="60""#, with: #"weight="50""#)
            try TrailFixture.edit("tender.xml", in: $0, replacing: #"weight="10""#, with: #"weight="20""#)
        },
        Tamper(
            name: "a moderation reason", failing: ["inputs-match-record"],
            finding: ("inputs-match-record", "moderation/LOT-1.xml", "content differs")
        ) {
            try TrailFixture.edit(
                "moderation/LOT-1.xml", in: $0, replacing: "credible but unquantified", with: "credible")
        },
        Tamper(
            name: "a moderated score", failing: ["inputs-match-record", "results-reproduce"],
            finding: ("inputs-match-record", "moderation/LOT-1.xml", "content differs")
        ) {
            try TrailFixture.edit(
                "moderation/LOT-1.xml", in: $0, replacing: #"criterion="Q2" score="2""#,
                with: #"criterion="Q2" score="3""#)
        },
        Tamper(
            name: "a declaration (a conflict declared after scoring)",
            failing: ["inputs-match-record", "declarations-precede-scores"],
            finding: ("inputs-match-record", "declarations/EV-1.xml", "content differs")
        ) {
            try TestSupport.write(
                MiniCase.declaration("EV-1", conflictWith: ["T-BID-A"]), to: "declarations/EV-1.xml", in: $0)
        },
        Tamper(
            name: "a total in the results", failing: ["results-match-record", "results-reproduce"],
            finding: ("results-match-record", "evidence/results.xml", "differs from what entry 15 recorded")
        ) {
            try TrailFixture.edit(
                "evidence/results.xml", in: $0, replacing: #"<TotalPoints points="90.00"/>"#,
                with: #"<TotalPoints points="91.00"/>"#)
        },
        Tamper(
            name: "a rank in the results", failing: ["results-match-record", "results-reproduce"],
            finding: ("results-match-record", "evidence/results.xml", "differs from what entry 15 recorded")
        ) {
            try TrailFixture.edit(
                "evidence/results.xml", in: $0, replacing: #"status="ranked" rank="2""#,
                with: #"status="ranked" rank="1""#)
        },
        Tamper(
            name: "adding a bid after the evaluation", failing: ["inputs-match-record", "results-reproduce"],
            finding: ("inputs-match-record", "bids/BID-D.xml", "not recorded by entry 15")
        ) {
            try TestSupport.write(
                MiniCase.bid("BID-D", tenderer: "Delta Ltd", price: "80000.00"), to: "bids/BID-D.xml", in: $0)
            for evaluator in ["EV-1", "EV-2"] {
                try TestSupport.write(
                    MiniCase.sheet(evaluator: evaluator, bid: "BID-D", q1: "4", q2: "4"),
                    to: "scores/\(evaluator)/BID-D.xml",
                    in: $0)
            }
        },
        Tamper(
            name: "removing a score sheet", failing: ["inputs-match-record", "results-reproduce"],
            finding: ("inputs-match-record", "scores/EV-2/BID-C.xml", "recorded by entry 15 but missing now")
        ) {
            try TrailFixture.remove("scores/EV-2/BID-C.xml", in: $0)
        },
    ]

    /// Changes of meaning to the signed evidence itself.
    static let evidence: [Tamper] = [
        Tamper(
            name: "a digest inside a middle trail entry",
            failing: ["entries-are-hash-chained", "signatures-are-valid", "checkpoints-are-consistent"],
            finding: (
                "entries-are-hash-chained", "evidence/trail/00000004.xml", "entry 4 says the previous entry's hash"
            )
        ) {
            let text = try TestSupport.read("evidence/trail/00000003.xml", in: $0)
            let digest = try #require(text.range(of: #"<Canonical algorithm="sha-256">"#))
            var changed = text
            let position = changed.index(digest.upperBound, offsetBy: 5)
            changed.replaceSubrange(position...position, with: changed[position] == "0" ? "1" : "0")
            try TestSupport.write(changed, to: "evidence/trail/00000003.xml", in: $0)
        },
        Tamper(
            name: "the time of a bid's receipt",
            failing: ["entries-are-hash-chained", "signatures-are-valid", "checkpoints-are-consistent"],
            finding: (
                "signatures-are-valid", "evidence/trail/00000002.xml", "entry 2: the signature is not LEAD's signature"
            )
        ) {
            try TrailFixture.edit(
                "evidence/trail/00000002.xml", in: $0, replacing: "<Time>2025-03-10T10:00:00+00:00</Time>",
                with: "<Time>2025-03-10T09:00:00+00:00</Time>")
        },
        Tamper(
            name: "a bid's receipt marked late",
            failing: [
                "entries-are-hash-chained", "signatures-are-valid", "checkpoints-are-consistent", "results-reproduce",
            ],
            finding: (
                "signatures-are-valid", "evidence/trail/00000003.xml", "entry 3: the signature is not LEAD's signature"
            )
        ) {
            try TrailFixture.edit(
                "evidence/trail/00000003.xml", in: $0, replacing: #"late="false""#, with: #"late="true""#)
        },
        Tamper(
            name: "the last trail entry's actor name", failing: ["signatures-are-valid", "checkpoints-are-consistent"],
            finding: ("checkpoints-are-consistent", "evidence/checkpoints/00000015.xml", "records head")
        ) {
            try TrailFixture.edit("evidence/trail/00000015.xml", in: $0, replacing: ">Fay Example<", with: ">Mallory<")
        },
        Tamper(
            name: "the last trail entry claimed by another member's key",
            failing: ["signatures-are-valid", "checkpoints-are-consistent"],
            finding: ("signatures-are-valid", "evidence/trail/00000015.xml", "entry 15:")
        ) {
            let lead = MiniCase.panel.key("LEAD").publicKey.keyID.hex
            let fin = MiniCase.panel.key("FIN").publicKey.keyID.hex
            try TrailFixture.edit(
                "evidence/trail/00000015.xml", in: $0, replacing: #"member="FIN" keyID="\#(fin)">Fay Example"#,
                with: #"member="LEAD" keyID="\#(lead)">Lea Example"#)
        },
        Tamper(
            name: "a recorded input digest in the evaluation entry",
            failing: ["signatures-are-valid", "checkpoints-are-consistent", "inputs-match-record"],
            finding: (
                "signatures-are-valid", "evidence/trail/00000015.xml", "entry 15: the signature is not FIN's signature"
            )
        ) {
            let entry = try TestSupport.read("evidence/trail/00000015.xml", in: $0)
            let start = try #require(entry.range(of: #"<Subject path="bids/BID-A.xml" role="bid">"#))
            let digest = try #require(
                entry.range(of: #"<Canonical algorithm="sha-256">"#, range: start.upperBound..<entry.endIndex))
            var changed = entry
            let position = changed.index(digest.upperBound, offsetBy: 10)
            changed.replaceSubrange(position...position, with: changed[position] == "a" ? "b" : "a")
            try TestSupport.write(changed, to: "evidence/trail/00000015.xml", in: $0)
        },
        Tamper(
            name: "a checkpoint's head", failing: ["signatures-are-valid", "checkpoints-are-consistent"],
            finding: ("checkpoints-are-consistent", "evidence/checkpoints/00000007.xml", "records head")
        ) {
            let text = try TestSupport.read("evidence/checkpoints/00000007.xml", in: $0)
            let head = try #require(text.range(of: #"<Head algorithm="sha-256">"#))
            var changed = text
            changed.replaceSubrange(head.upperBound..<changed.index(head.upperBound, offsetBy: 4), with: "0000")
            try TestSupport.write(changed, to: "evidence/checkpoints/00000007.xml", in: $0)
        },
        Tamper(
            name: "a checkpoint's time", failing: ["signatures-are-valid"],
            finding: ("signatures-are-valid", "evidence/checkpoints/00000009.xml", "the signature is not")
        ) {
            try TrailFixture.edit(
                "evidence/checkpoints/00000009.xml", in: $0, replacing: "<Time>2025-03-16T09:00:00+00:00</Time>",
                with: "<Time>2025-03-16T08:00:00+00:00</Time>")
        },
        Tamper(
            name: "swapping two trail entries",
            failing: ["entries-are-well-formed", "entries-are-hash-chained", "checkpoints-are-consistent"],
            finding: (
                "entries-are-well-formed", "evidence/trail/00000002.xml",
                "the entry says sequence 3 but its file name says 2"
            )
        ) {
            for suffix in [".xml", ".sig"] {
                let trail = $0.appendingPathComponent("evidence/trail")
                let two = try Data(contentsOf: trail.appendingPathComponent("00000002" + suffix))
                let three = try Data(contentsOf: trail.appendingPathComponent("00000003" + suffix))
                try two.write(to: trail.appendingPathComponent("00000003" + suffix))
                try three.write(to: trail.appendingPathComponent("00000002" + suffix))
            }
        },
        Tamper(
            name: "swapping two entries' signatures", failing: ["signatures-are-valid"],
            finding: ("signatures-are-valid", "evidence/trail/00000010.xml", "entry 10: the signature is not")
        ) {
            let trail = $0.appendingPathComponent("evidence/trail")
            let ten = try Data(contentsOf: trail.appendingPathComponent("00000010.sig"))
            let eleven = try Data(contentsOf: trail.appendingPathComponent("00000011.sig"))
            try ten.write(to: trail.appendingPathComponent("00000011.sig"))
            try eleven.write(to: trail.appendingPathComponent("00000010.sig"))
        },
        Tamper(
            name: "the sealed copy of the plan", failing: ["signatures-are-valid"],
            finding: ("signatures-are-valid", "evidence/plans/00000001.xml", "is not the plan entry 1 sealed")
        ) {
            try TrailFixture.edit(
                "evidence/plans/00000001.xml", in: $0, replacing: #"weight="60""#, with: #"weight="50""#)
            try TrailFixture.edit(
                "evidence/plans/00000001.xml", in: $0, replacing: #"weight="10""#, with: #"weight="20""#)
        },
        Tamper(
            name: "a stray file in the trail folder", failing: ["entries-are-well-formed"],
            finding: ("entries-are-well-formed", "evidence/trail/notes.txt", "not a trail entry")
        ) {
            try TestSupport.write("hello", to: "evidence/trail/notes.txt", in: $0)
        },
    ]

    /// Evidence removed.
    static let removals: [Tamper] = [
        Tamper(
            name: "deleting the last trail entry", failing: ["checkpoints-are-consistent", "evaluation-is-current"],
            finding: (
                "checkpoints-are-consistent", "evidence/checkpoints/00000015.xml",
                "the latest checkpoint covers 15 entries but the trail has 14: entry 15 was removed"
            )
        ) {
            try TrailFixture.remove("evidence/trail/00000015.xml", in: $0)
            try TrailFixture.remove("evidence/trail/00000015.sig", in: $0)
        },
        Tamper(
            name: "deleting the last entries and their checkpoints", failing: ["evaluation-is-current"],
            finding: ("evaluation-is-current", "evidence/trail", "the trail records no evaluation")
        ) {
            for size in [14, 15] {
                for base in [TrailFixture.entryPath(size), TrailFixture.checkpointPath(size)] {
                    try TrailFixture.remove(base, in: $0)
                    try TrailFixture.remove(String(base.dropLast(4)) + ".sig", in: $0)
                }
            }
        },
        Tamper(
            name: "deleting the latest checkpoint", failing: ["checkpoints-are-consistent"],
            finding: (
                "checkpoints-are-consistent", "evidence/checkpoints/00000014.xml",
                "the latest checkpoint covers 14 entries but the trail has 15: entry 15 was added without a checkpoint"
            )
        ) {
            try TrailFixture.remove("evidence/checkpoints/00000015.xml", in: $0)
            try TrailFixture.remove("evidence/checkpoints/00000015.sig", in: $0)
        },
        Tamper(
            name: "deleting every checkpoint", failing: ["trail-is-present"],
            finding: ("trail-is-present", "evidence/checkpoints", "no checkpoint")
        ) {
            try TrailFixture.remove("evidence/checkpoints", in: $0)
        },
        Tamper(
            name: "deleting the whole evidence folder", failing: ["trail-is-present"],
            finding: ("trail-is-present", "evidence/trail", "no trail entries")
        ) {
            try TrailFixture.remove("evidence", in: $0)
        },
        Tamper(
            name: "deleting a trail entry in the middle",
            failing: ["entries-are-well-formed", "entries-are-hash-chained", "checkpoints-are-consistent"],
            finding: (
                "entries-are-hash-chained", "evidence/trail/00000006.xml",
                "entry 5 is missing: the chain breaks between evidence/trail/00000004.xml and this entry"
            )
        ) {
            try TrailFixture.remove("evidence/trail/00000005.xml", in: $0)
            try TrailFixture.remove("evidence/trail/00000005.sig", in: $0)
        },
        Tamper(
            name: "deleting an entry's signature", failing: ["signatures-are-valid"],
            finding: ("signatures-are-valid", "evidence/trail/00000007.xml", "no signature file (00000007.sig)")
        ) {
            try TrailFixture.remove("evidence/trail/00000007.sig", in: $0)
        },
        Tamper(
            name: "deleting a checkpoint's signature", failing: ["signatures-are-valid"],
            finding: ("signatures-are-valid", "evidence/checkpoints/00000008.xml", "no signature file")
        ) {
            try TrailFixture.remove("evidence/checkpoints/00000008.sig", in: $0)
        },
        // Without readable results, the rules that compare the trail with the recorded standings
        // are skipped (a missing file has no standings: "no status for any bid" would be false).
        Tamper(
            name: "deleting the results",
            failing: ["results-match-record", "results-reproduce"],
            finding: ("results-match-record", "evidence/results.xml", "missing; entry 15 recorded it")
        ) {
            try TrailFixture.remove("evidence/results.xml", in: $0)
        },
        Tamper(
            name: "truncating the results to half",
            failing: ["results-match-record", "results-reproduce"],
            finding: ("results-reproduce", "evidence/results.xml", "is not well-formed XML")
        ) {
            let url = $0.appendingPathComponent("evidence/results.xml")
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count / 2).write(to: url)
        },
    ]

    @Test("Without readable results, the rules that read the recorded standings are skipped, naming why")
    func unreadableResultsSkip() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.remove("evidence/results.xml", in: folder)
        let verdict = try TrailFixture.verify(folder)
        for id in ["every-bid-has-a-final-status", "abnormally-low-decided", "recommended-is-rank-one"] {
            guard case let .skipped(reason)? = verdict.report.outcome(id) else {
                Issue.record("\(id) was not skipped: \(String(describing: verdict.report.outcome(id)))")
                continue
            }
            #expect(reason.contains("evidence/results.xml is missing"))
        }
    }

    @Test("Each change fails exactly the checks meant to catch it, naming the file", arguments: tampers)
    func detected(_ tamper: Tamper) throws {
        let folder = try TrailFixture.miniCase()
        try tamper.change(folder)
        let verdict = try TrailFixture.verify(folder)
        #expect(!verdict.isVerified)
        #expect(verdict.failed == tamper.failing, "\(verdict.findingsText)")
        let location = folder.path + "/" + tamper.finding.path
        #expect(
            verdict.findings(tamper.finding.check).contains {
                $0.location == location && $0.message.contains(tamper.finding.message)
            }, "expected \(tamper.finding.check): \(location): …\(tamper.finding.message)…\n\(verdict.findingsText)")
    }

    @Test("A bid changed after it was received is refused by the lifecycle: evaluate and receive write nothing")
    func changedBidRefused() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit("bids/BID-A.xml", in: folder, replacing: "100000.00", with: "99000.00")
        let before = try TrailFixture.evidence(folder)
        let lifecycle = TrailFixture.lifecycle(folder)
        let evaluate = #expect(throws: LifecycleError.self) { try lifecycle.evaluate(key: MiniCase.panel.key("FIN")) }
        #expect(
            evaluate?.description
                == "\(folder.path)/bids/BID-A.xml: error: changed since entry 2 recorded it; record the new version with"
                + " `tender receive` or restore the recorded one")
        let receive = #expect(throws: LifecycleError.self) {
            try lifecycle.receive(
                bidFile: folder.appendingPathComponent("bids/BID-A.xml"), key: MiniCase.panel.key("LEAD"))
        }
        #expect(receive?.description == "error: bids were opened in entry 5; BID-A can no longer be replaced")
        #expect(try TrailFixture.evidence(folder) == before)
        // And verify names the file against the evaluation that recorded it.
        let verdict = try TrailFixture.verify(folder)
        #expect(verdict.failed == ["inputs-match-record", "results-reproduce"])
        #expect(verdict.findings("inputs-match-record").map(\.location) == [folder.path + "/bids/BID-A.xml"])
    }

    static let equivalent: [(name: String, from: String, to: String)] = [
        (
            "attribute order and quoting", #"<Price currency="EUR">100000.00</Price>"#,
            #"<Price   currency='EUR' >100000.00</Price>"#
        ),
        (
            "attribute order", #"<GateDeclaration gate="G-1" meets="true">"#,
            #"<GateDeclaration meets="true" gate="G-1">"#
        ),
        (
            "a redundant namespace declaration", #"<Tenderer id="T-BID-A">"#,
            #"<Tenderer xmlns:unused="urn:example:unused" id="T-BID-A">"#
        ),
        ("a repeated default namespace declaration", "<LotBid ", #"<LotBid xmlns="urn:tendertrail:bid:1" "#),
        ("CRLF line endings", "\n  <LotBid", "\r\n  <LotBid"),
        ("an XML comment", "<LotBid", "<!-- checked by the portal --><LotBid"),
        ("no XML declaration", #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n", ""),
    ]

    @Test(
        "An input edit that exclusive C14N normalises is the same document: verify passes with a note",
        arguments: equivalent)
    func canonicalEquivalence(_ change: (name: String, from: String, to: String)) throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit("bids/BID-A.xml", in: folder, replacing: change.from, with: change.to)
        let verdict = try TrailFixture.verify(folder)
        #expect(verdict.isVerified, "\(verdict.findingsText)")
        #expect(
            verdict.notes.contains(
                "bids/BID-A.xml: reformatted since entry 15 (bytes differ, exclusive canonical form identical)"),
            "\(verdict.notes)")
    }

    @Test("A trail entry or checkpoint reformatted (quoting, spacing, CRLF) is the same signed document: verify passes")
    func reformattedEvidence() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit(
            TrailFixture.entryPath(8), in: folder, replacing: #"<Entry xmlns="urn:tendertrail:trail:1" sequence="8">"#,
            with: "<Entry  sequence='8'\txmlns='urn:tendertrail:trail:1'\r\n>")
        try TrailFixture.edit(TrailFixture.checkpointPath(15), in: folder, replacing: "\n", with: "\r\n")
        let verdict = try TrailFixture.verify(folder)
        #expect(verdict.isVerified, "\(verdict.findingsText)")
    }

    @Test("Whitespace added inside a trail entry's text is a change of content: the signature and chain fail")
    func whitespaceInEntryContent() throws {
        let folder = try TrailFixture.miniCase()
        try TrailFixture.edit(TrailFixture.entryPath(8), in: folder, replacing: ">Ann Example<", with: ">Ann  Example<")
        let verdict = try TrailFixture.verify(folder)
        #expect(verdict.failed == ["entries-are-hash-chained", "signatures-are-valid", "checkpoints-are-consistent"])
        #expect(
            verdict.findings("signatures-are-valid").map(\.description) == [
                "\(folder.path)/evidence/trail/00000008.xml: entry 8: the signature is not EV-1's signature of this file's"
                    + " canonical form (the file or the signature was changed)"
            ])
    }

    @Test(
        "Removing the last entries with their checkpoints leaves a consistent prefix, which a published checkpoint exposes"
    )
    func truncationNeedsAPublishedCheckpoint() throws {
        let folder = try TrailFixture.miniCase()
        let award = try TrailFixture.lifecycle(folder).award(
            lot: LotID("LOT-1"), bid: BidID("BID-B"), justification: "Ranked first with 90.00 points.",
            key: MiniCase.panel.key("LEAD"))
        #expect(award.appended == [16])
        // The checkpoint after the award is published (sent to the authority's board, say).
        let published = try TestSupport.temporaryFolder("published")
        for suffix in [".xml", ".sig"] {
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent("evidence/checkpoints/00000016" + suffix),
                to: published.appendingPathComponent("00000016" + suffix))
        }
        // Then the award recommendation (entry 16) disappears with its checkpoint.
        for path in ["evidence/trail/00000016", "evidence/checkpoints/00000016"] {
            try TrailFixture.remove(path + ".xml", in: folder)
            try TrailFixture.remove(path + ".sig", in: folder)
        }
        // On its own the shorter trail is a complete, validly signed record: truncation at a step
        // boundary is not detectable without something published earlier.
        let alone = try TrailFixture.verify(folder)
        #expect(alone.isVerified, "\(alone.findingsText)")
        let checked = try TrailFixture.verify(
            folder, publishedCheckpoint: published.appendingPathComponent("00000016.xml"))
        #expect(checked.failed == ["published-checkpoint-holds"])
        #expect(
            checked.findings("published-checkpoint-holds").map(\.description) == [
                "\(published.path)/00000016.xml: covers 16 entries but the trail now has 15: the trail was truncated after it"
                    + " was published"
            ])
    }

    @Test("A damaged entry is reported as damage, not as a process violation by its author")
    func damagedEntryIsNotJudged() throws {
        let folder = try TrailFixture.miniCase()
        // EV-1's declaration (entry 6) no longer parses.
        try TrailFixture.edit(
            TrailFixture.entryPath(6), in: folder, replacing: "<Kind>conflict-declared</Kind>",
            with: "<Kind>conflict-declared</Kinf>")
        let verdict = try TrailFixture.verify(folder)
        #expect(
            verdict.findings("entries-are-well-formed").map(\.description) == [
                "\(folder.path)/evidence/trail/00000006.xml: line 4:33: not well-formed XML: Opening and ending tag mismatch:"
                    + " Kind line 4 and Kinf"
            ])
        // Only the damage fails. signatures-are-valid needs every entry readable, so nothing that reads
        // the entries' content runs on a trail that silently lacks EV-1's declaration: no rule accuses
        // EV-1 of scoring before declaring.
        #expect(
            verdict.failed == ["entries-are-well-formed", "entries-are-hash-chained", "checkpoints-are-consistent"],
            "\(verdict.findingsText)")
        #expect(Set(verdict.skipped) == Violation.dependents(of: "entries-are-well-formed"))
        #expect(verdict.skipped.contains("declarations-precede-scores"))
        #expect(
            verdict.report.outcome("signatures-are-valid") == .skipped(because: "needs entries-are-well-formed"))
    }
}
