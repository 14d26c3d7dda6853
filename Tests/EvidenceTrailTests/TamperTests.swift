import EvidenceTrail
import Foundation
import TestSupport
import Testing

/// One way of changing a recorded case, the checks that must catch it, and text the report must contain.
struct Tamper: CustomTestStringConvertible, Sendable {
    var name: String
    var failingChecks: [String]
    var finding: String
    var change: @Sendable (URL) throws -> Void

    var testDescription: String { name }
}

@Suite("Tampering is detected")
struct TamperTests {
    static let tampers: [Tamper] = [
        Tamper(
            name: "a bid's price", failingChecks: ["inputs-match-record", "results-reproduce"],
            finding: "bids/BID-A.xml: content differs from what entry 12 recorded"
        ) {
            try edit("bids/BID-A.xml", in: $0, replacing: "100000.00", with: "99000.00")
        },
        Tamper(
            name: "a score in a score sheet", failingChecks: ["inputs-match-record", "results-reproduce"],
            finding: "scores/EV-1/BID-C.xml: content differs"
        ) {
            try edit(
                "scores/EV-1/BID-C.xml", in: $0, replacing: #"criterion="Q1" value="2""#,
                with: #"criterion="Q1" value="3""#)
        },
        Tamper(
            name: "a justification's wording", failingChecks: ["inputs-match-record"],
            finding: "scores/EV-2/BID-B.xml: content differs"
        ) {
            try edit(
                "scores/EV-2/BID-B.xml", in: $0, replacing: "as evidenced in section 2",
                with: "as evidenced in section 4")
        },
        Tamper(
            name: "whitespace inside a justification (content, not formatting)", failingChecks: ["inputs-match-record"],
            finding: "scores/EV-2/BID-B.xml: content differs"
        ) {
            try edit("scores/EV-2/BID-B.xml", in: $0, replacing: "as evidenced", with: "as  evidenced")
        },
        Tamper(
            name: "a weighting in the plan", failingChecks: ["inputs-match-record", "results-reproduce"],
            finding: "tender.xml: content differs"
        ) {
            try edit("tender.xml", in: $0, replacing: #"weight="60""#, with: #"weight="50""#)
            try edit("tender.xml", in: $0, replacing: #"weight="10""#, with: #"weight="20""#)
        },
        Tamper(
            name: "a moderation reason", failingChecks: ["inputs-match-record"],
            finding: "moderation/LOT-1.xml: content differs"
        ) {
            try edit("moderation/LOT-1.xml", in: $0, replacing: "credible but unquantified", with: "credible")
        },
        Tamper(
            name: "a total in the results", failingChecks: ["results-match-record", "results-reproduce"],
            finding: "TotalPoints @points: results.xml has \"91.00\", recomputed \"90.00\""
        ) {
            try edit(
                "evidence/results.xml", in: $0, replacing: #"<TotalPoints points="90.00"/>"#,
                with: #"<TotalPoints points="91.00"/>"#)
        },
        Tamper(
            name: "a digest inside a middle trail entry",
            failingChecks: ["entries-are-hash-chained", "evaluation-is-recorded"],
            finding: "evidence/trail/00000004.xml: entry 4 says the previous entry's hash"
        ) {
            let text = try TestSupport.read("evidence/trail/00000003.xml", in: $0)
            let digest = try #require(text.range(of: "<Canonical algorithm=\"sha-256\">"))
            var changed = text
            let position = changed.index(digest.upperBound, offsetBy: 5)
            changed.replaceSubrange(position...position, with: changed[position] == "0" ? "1" : "0")
            try TestSupport.write(changed, to: "evidence/trail/00000003.xml", in: $0)
        },
        Tamper(
            name: "the last trail entry's actor", failingChecks: ["checkpoint-covers-trail"],
            finding: "the last entry was changed"
        ) {
            try edit(
                "evidence/trail/00000012.xml", in: $0, replacing: "<Actor>test</Actor>", with: "<Actor>mallory</Actor>")
        },
        Tamper(
            name: "deleting the last trail entry",
            failingChecks: ["checkpoint-covers-trail", "evaluation-is-recorded"],
            finding: "the checkpoint covers 12 entries but the trail has 11: entry 12 was removed"
        ) {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("evidence/trail/00000012.xml"))
        },
        Tamper(
            name: "deleting the last entries and the checkpoint", failingChecks: ["trail-is-present"],
            finding: "no checkpoint"
        ) {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("evidence/trail/00000012.xml"))
            try FileManager.default.removeItem(at: $0.appendingPathComponent("evidence/trail/00000011.xml"))
            try FileManager.default.removeItem(at: $0.appendingPathComponent("evidence/checkpoint.xml"))
        },
        Tamper(
            name: "deleting the whole evidence folder", failingChecks: ["trail-is-present"], finding: "no trail entries"
        ) {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("evidence"))
        },
        Tamper(
            name: "deleting a trail entry in the middle",
            failingChecks: ["entries-are-well-formed", "entries-are-hash-chained", "checkpoint-covers-trail"],
            finding: "entry 5 is missing: the chain breaks between evidence/trail/00000004.xml and this entry"
        ) {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("evidence/trail/00000005.xml"))
        },
        Tamper(
            name: "swapping two trail entries", failingChecks: ["entries-are-well-formed", "entries-are-hash-chained"],
            finding: "the entry says sequence 3 but its file name says 2"
        ) {
            let trail = $0.appendingPathComponent("evidence/trail")
            let two = try Data(contentsOf: trail.appendingPathComponent("00000002.xml"))
            let three = try Data(contentsOf: trail.appendingPathComponent("00000003.xml"))
            try two.write(to: trail.appendingPathComponent("00000003.xml"))
            try three.write(to: trail.appendingPathComponent("00000002.xml"))
        },
        Tamper(
            name: "adding a bid after the evaluation", failingChecks: ["inputs-match-record", "results-reproduce"],
            finding: "bids/BID-D.xml: not recorded by entry 12"
        ) {
            try TestSupport.write(
                MiniCase.bid("BID-D", tenderer: "Delta Ltd", price: "80000.00"), to: "bids/BID-D.xml", in: $0)
            for evaluator in ["EV-1", "EV-2"] {
                try TestSupport.write(
                    MiniCase.sheet(evaluator: evaluator, bid: "BID-D", q1: "4", q2: "4"),
                    to: "scores/\(evaluator)/BID-D.xml", in: $0)
            }
        },
        Tamper(
            name: "removing a score sheet", failingChecks: ["inputs-match-record", "results-reproduce"],
            finding: "scores/EV-2/BID-C.xml: recorded by entry 12 but missing now"
        ) {
            try FileManager.default.removeItem(at: $0.appendingPathComponent("scores/EV-2/BID-C.xml"))
        },
        Tamper(
            name: "a stray file in the trail folder", failingChecks: ["entries-are-well-formed"],
            finding: "evidence/trail/notes.txt: not a trail entry"
        ) {
            try TestSupport.write("hello", to: "evidence/trail/notes.txt", in: $0)
        },
    ]

    @Test("Each change fails the checks meant to catch it, naming the file", arguments: tampers)
    func detected(_ tamper: Tamper) throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        try tamper.change(folder)
        let report = try verify(folder)
        #expect(!report.isVerified)
        for check in tamper.failingChecks {
            #expect(
                report.failedChecks.contains(check),
                "\(check) should fail; failed: \(report.failedChecks)\n\(report.findingsText)")
        }
        #expect(report.findingsText.contains(tamper.finding), "\(report.findingsText)")
    }

    static let equivalent: [(name: String, from: String, to: String)] = [
        (
            "attribute order and quoting", #"<Price currency="EUR">100000.00</Price>"#,
            #"<Price   currency='EUR' >100000.00</Price>"#
        ),
        (
            "a redundant namespace declaration", #"<Tenderer id="T-BID-A">"#,
            #"<Tenderer xmlns:unused="urn:example:unused" id="T-BID-A">"#
        ),
        ("CRLF line endings", "\n  <LotBid", "\r\n  <LotBid"),
        ("an XML comment", "<LotBid", "<!-- checked by the portal --><LotBid"),
    ]

    @Test(
        "A change that exclusive C14N normalises is the same document: verify passes with a note", arguments: equivalent
    )
    func canonicalEquivalence(_ change: (name: String, from: String, to: String)) throws {
        let folder = try MiniCase.write()
        try evaluateAndRecord(folder)
        try edit("bids/BID-A.xml", in: folder, replacing: change.from, with: change.to)
        let report = try verify(folder)
        #expect(report.isVerified, "\(report.findingsText)")
        #expect(report.notes.contains { $0.contains("bids/BID-A.xml: reformatted since entry 12") })
    }
}
