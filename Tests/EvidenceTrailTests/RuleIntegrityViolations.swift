import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// Violations of the integrity checks (note 0002 and the signatures of 0004).
///
/// The mini case's trail after a whole run: 1 plan-sealed; 2–4 bid-received (BID-A, B, C);
/// 5 bids-opened; 6–7 conflict-declared (EV-1, EV-2); 8–13 score-sheet-submitted (EV-1 A, B, C;
/// EV-2 A, B, C); 14 moderation-recorded; 15 evaluation-computed; a checkpoint after each.
extension Violation {
    static let integrity: [Violation] = [
        // trail-is-present
        Violation(
            check: "trail-is-present", story: "an empty trail never verifies: the inputs, nothing recorded",
            phrases: [
                "evidence/trail: no trail entries: nothing about this case was recorded, or its evidence was removed",
                "evidence/checkpoints: no checkpoint",
            ],
            alsoNotPassing: dependents(of: "trail-is-present"),
            build: { (try RuleCase.written(), nil) }),
        Violation(
            check: "trail-is-present",
            story: "an empty trail never verifies: the entries removed, the checkpoints left",
            phrases: [
                "evidence/trail: no trail entries: nothing about this case was recorded, or its evidence was removed"
            ],
            alsoNotPassing: dependents(of: "trail-is-present"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.remove(Trail.folder)
                return (ruleCase, nil)
            }),
        Violation(
            check: "trail-is-present", story: "a missing checkpoint never verifies: every checkpoint removed",
            phrases: ["evidence/checkpoints: no checkpoint"],
            alsoNotPassing: dependents(of: "trail-is-present"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.remove(Trail.checkpointFolder)
                return (ruleCase, nil)
            }),

        // entries-are-well-formed
        Violation(
            check: "entries-are-well-formed", story: "a stray file in the trail folder",
            phrases: ["evidence/trail/notes.txt: not a trail entry, checkpoint or signature"],
            alsoNotPassing: dependents(of: "entries-are-well-formed"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.write("Remember to evaluate.\n", to: "evidence/trail/notes.txt")
                return (ruleCase, nil)
            }),
        Violation(
            check: "entries-are-well-formed", story: "an entry whose kind is not a kind of entry, re-signed",
            phrases: [
                "evidence/trail/00000005.xml: line 4:3: <Kind> must be one of plan-sealed, plan-amended, bid-received,",
                #"found "bids-peeked""#,
            ],
            alsoNotPassing: dependents(of: "entries-are-well-formed").union([
                "entries-are-hash-chained", "checkpoints-are-consistent",
            ]),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(
                    RuleCase.entry(5), replacing: "<Kind>bids-opened</Kind>", with: "<Kind>bids-peeked</Kind>")
                try ruleCase.resign(RuleCase.entry(5), by: "LEAD")
                return (ruleCase, nil)
            }),

        // entries-are-hash-chained
        Violation(
            check: "entries-are-hash-chained",
            story: "the lead rewrote their own entry and its checkpoint, and re-signed both",
            phrases: [
                "evidence/trail/00000006.xml: entry 6 says the previous entry's hash is",
                "but evidence/trail/00000005.xml now hashes to",
                "evidence/trail/00000005.xml was changed, replaced or reordered",
            ],
            build: {
                let ruleCase = try RuleCase.run()
                let before = try #require(Trail.load(caseURL: ruleCase.folder).entries[4].hash)
                try ruleCase.edit(
                    RuleCase.entry(5), replacing: "3 bid(s) received, 0 of them late",
                    with: "2 bid(s) received, 0 of them late")
                try ruleCase.resign(RuleCase.entry(5), by: "LEAD")
                let after = try #require(Trail.load(caseURL: ruleCase.folder).entries[4].hash)
                try ruleCase.edit(Trail.checkpointPath(size: 5), replacing: before.hex, with: after.hex)
                try ruleCase.resign(Trail.checkpointPath(size: 5), by: "LEAD")
                return (ruleCase, nil)
            }),

        // entries-are-in-time-order
        Violation(
            check: "entries-are-in-time-order", story: "score sheets dated before the plan was sealed",
            phrases: [
                "evidence/trail/00000008.xml: entry 8 (score-sheet-submitted) is dated 2025-02-01T08:00:00+00:00, earlier"
                    + " than entry 7 (conflict-declared) at 2025-03-15T09:00:00+00:00: it was backdated"
            ],
            build: {
                let ruleCase = try RuleCase.written()
                try ruleCase.seal()
                try ruleCase.receive()
                try ruleCase.open()
                try ruleCase.declare()  // entries 6–7
                try ruleCase.appendSheets(by: "EV-1", for: RuleCase.bids, at: "2025-02-01T08:00:00+00:00")  // 8–10
                try ruleCase.score(["EV-2"])
                try ruleCase.moderate()
                try ruleCase.evaluate()
                return (ruleCase, nil)
            }),
        Violation(
            check: "entries-are-in-time-order",
            story: "an award dated after the evaluation by the clock on the wall, before it as an instant",
            phrases: [
                // 09:30 at UTC+1 is 08:30 UTC: half an hour before the evaluation, whatever the text says.
                "evidence/trail/00000016.xml: entry 16 (award-recommended) is dated 2025-03-21T09:30:00+01:00, earlier"
                    + " than entry 15 (evaluation-computed) at 2025-03-21T09:00:00+00:00: it was backdated"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.appendAward("BID-B", by: "LEAD", at: "2025-03-21T09:30:00+01:00")
                return (ruleCase, nil)
            }),

        // signatures-are-valid
        Violation(
            check: "signatures-are-valid", story: "zero valid signatures never verify: every .sig removed",
            phrases: [
                "evidence/trail/00000001.xml: no signature file (00000001.sig)",
                "evidence/trail/00000015.xml: no signature file (00000015.sig)",
                "evidence/checkpoints/00000015.xml: no signature file",
            ],
            alsoNotPassing: dependents(of: "signatures-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                for folder in [Trail.folder, Trail.checkpointFolder] {
                    let names = try FileManager.default.contentsOfDirectory(
                        atPath: ruleCase.folder.appendingPathComponent(folder).path)
                    for name in names where name.hasSuffix(".sig") { try ruleCase.remove(folder + "/" + name) }
                }
                return (ruleCase, nil)
            }),
        Violation(
            check: "signatures-are-valid", story: "one entry's .sig file missing",
            phrases: ["evidence/trail/00000005.xml: no signature file (00000005.sig)"],
            alsoNotPassing: dependents(of: "signatures-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.remove(RuleCase.entry(5, signature: true))
                return (ruleCase, nil)
            }),
        Violation(
            check: "signatures-are-valid", story: "an entry changed after it was signed",
            phrases: [
                "evidence/trail/00000005.xml: entry 5: the signature is not LEAD's signature of this file's canonical form"
                    + " (the file or the signature was changed)"
            ],
            alsoNotPassing: dependents(of: "signatures-are-valid").union([
                "entries-are-hash-chained", "checkpoints-are-consistent",
            ]),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(RuleCase.entry(5), replacing: "0 of them late", with: "none of them late")
                return (ruleCase, nil)
            }),
        Violation(
            check: "signatures-are-valid", story: "an award signed with a key that is not on the panel",
            phrases: [
                "evidence/trail/00000016.xml: entry 16: names key ", ", but the sealed plan lists ", "for LEAD",
                "evidence/checkpoints/00000016.xml: names key ",
            ],
            alsoNotPassing: dependents(of: "signatures-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.appendAward("BID-B", by: "LEAD", key: intruder)
                return (ruleCase, nil)
            }),
        Violation(
            check: "signatures-are-valid", story: "an award signed by a quality evaluator, who lacks the lead's role",
            phrases: [
                "evidence/trail/00000016.xml: entry 16: EV-1 may not record award-recommended: that needs the role lead"
            ],
            alsoNotPassing: dependents(of: "signatures-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.appendAward("BID-B", by: "EV-1")
                return (ruleCase, nil)
            }),
        Violation(
            check: "signatures-are-valid", story: "an entry signed in the name of someone not on the panel",
            phrases: ["evidence/trail/00000016.xml: entry 16: signed as EV-9, who is not on the sealed plan's panel"],
            alsoNotPassing: dependents(of: "signatures-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                var signer = try ruleCase.signer("EV-1")
                signer.member.id = "EV-9"
                let entry = TrailEntry(
                    kind: .awardRecommended, time: try ruleCase.timestamp(RuleCase.later.award), actor: signer.actor,
                    subjects: [try ruleCase.appender.subject(Trail.resultsPath, role: "results")],
                    recommendation: .init(bid: "BID-B", lot: "LOT-1", justification: "BID-B is ranked first."))
                try ruleCase.appender.append(entry, signer: signer)
                return (ruleCase, nil)
            }),
        Violation(
            check: "signatures-are-valid", story: "a quality evaluator submitted another evaluator's score sheet",
            phrases: [
                "evidence/trail/00000016.xml: entry 16: EV-1 submitted scores/EV-2/BID-A.xml, which is EV-2's score sheet"
            ],
            alsoNotPassing: dependents(of: "signatures-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.append(
                    .scoreSheetSubmitted, by: "EV-1", at: RuleCase.later.afterwards,
                    subjects: [("scores/EV-2/BID-A.xml", "score-sheet")])
                try ruleCase.recordEvaluation(at: RuleCase.later.rerun)
                return (ruleCase, nil)
            }),

        // checkpoints-are-consistent
        Violation(
            check: "checkpoints-are-consistent", story: "entries added without a checkpoint (an interrupted command)",
            phrases: [
                "evidence/checkpoints/00000014.xml: the latest checkpoint covers 14 entries but the trail has 15: entry 15 was"
                    + " added without a checkpoint (an incomplete step: an interrupted command?)"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.remove(Trail.checkpointPath(size: 15))
                try ruleCase.remove("evidence/checkpoints/00000015.sig")
                return (ruleCase, nil)
            }),
        Violation(
            check: "checkpoints-are-consistent", story: "the last entry removed",
            phrases: [
                "evidence/checkpoints/00000015.xml: covers 15 entries but entry 15 is missing: entries were removed",
                "evidence/checkpoints/00000015.xml: the latest checkpoint covers 15 entries but the trail has 14: entry 15 was removed",
            ],
            alsoNotPassing: Set(["evaluation-is-current"]).union(dependents(of: "evaluation-is-current")),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.remove(RuleCase.entry(15))
                try ruleCase.remove(RuleCase.entry(15, signature: true))
                return (ruleCase, nil)
            }),

        // published-checkpoint-holds
        Violation(
            check: "published-checkpoint-holds",
            story: "the evaluation recorded again after publication (truncated and re-run)",
            phrases: [
                "published.xml: records head ", "for entry 15, but the trail's entry 15 now hashes to",
                ": the trail was rewritten or reordered up to it",
            ],
            build: {
                let ruleCase = try RuleCase.run()
                let published = try ruleCase.publishCheckpoint()
                try ruleCase.truncate(1)
                try ruleCase.evaluate(at: RuleCase.later.rerun)
                return (ruleCase, published)
            }),
        Violation(
            check: "published-checkpoint-holds", story: "the award removed after publication",
            phrases: [
                "published.xml: covers 16 entries but the trail now has 15: the trail was truncated after it was published"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.award("BID-B")
                let published = try ruleCase.publishCheckpoint()
                try ruleCase.truncate(1)
                return (ruleCase, published)
            }),
        Violation(
            check: "published-checkpoint-holds", story: "a published checkpoint without its signature",
            phrases: ["published.xml: no signature beside it (the .sig file written with it)"],
            build: {
                let ruleCase = try RuleCase.run()
                let published = try ruleCase.publishCheckpoint()
                try FileManager.default.removeItem(at: published.deletingPathExtension().appendingPathExtension("sig"))
                return (ruleCase, published)
            }),
        Violation(
            check: "published-checkpoint-holds", story: "a published checkpoint signed by a key not on the panel",
            phrases: ["published.xml: names key ", ", but the sealed plan lists ", "for LEAD"],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.appendAward("BID-B", by: "LEAD", key: intruder)
                let published = try ruleCase.publishCheckpoint()
                try ruleCase.truncate(1)
                return (ruleCase, published)
            }),

        // evaluation-is-current
        Violation(
            check: "evaluation-is-current", story: "no evaluation recorded",
            phrases: ["evidence/trail: the trail records no evaluation"],
            alsoNotPassing: dependents(of: "evaluation-is-current").union(["results-reproduce"]),
            build: { (try RuleCase.run(through: .moderate), nil) }),
        Violation(
            check: "evaluation-is-current", story: "a score sheet submitted after the evaluation",
            phrases: [
                "evidence/trail/00000016.xml: entry 16 (score-sheet-submitted) comes after the last evaluation (entry 15)"
                    + " and no evaluation follows: an incomplete step; run `tender evaluate`"
            ],
            alsoNotPassing: dependents(of: "evaluation-is-current").union(["results-reproduce"]),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(
                    ruleCase.sheetPath("EV-1", "BID-C"), replacing: #"<Score criterion="Q1" value="2">"#,
                    with: #"<Score criterion="Q1" value="3">"#)
                ruleCase.clock.set(RuleCase.later.afterwards)
                _ = try ruleCase.lifecycle.score(sheet: "scores/EV-1/BID-C.xml", key: RuleCase.panel.key("EV-1"))
                return (ruleCase, nil)
            }),

        // inputs-match-record
        Violation(
            check: "inputs-match-record", story: "a bid's text changed after the evaluation",
            phrases: ["bids/BID-A.xml: content differs from what entry 15 recorded: sha256 "],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit("bids/BID-A.xml", replacing: "Our method.", with: "Our revised method.")
                return (ruleCase, nil)
            }),
        Violation(
            check: "inputs-match-record", story: "a declaration added after the evaluation",
            phrases: ["declarations/LEAD.xml: not recorded by entry 15: added after the evaluation"],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.write(MiniCase.declaration("LEAD"), to: "declarations/LEAD.xml")
                return (ruleCase, nil)
            }),

        // results-match-record
        Violation(
            check: "results-match-record", story: "the results edited after the evaluation",
            phrases: ["evidence/results.xml: differs from what entry 15 recorded: canonical sha256 "],
            alsoNotPassing: ["results-reproduce"],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(
                    Trail.resultsPath, replacing: #"<TotalPoints points="77.00"/>"#,
                    with: #"<TotalPoints points="91.00"/>"#)
                return (ruleCase, nil)
            }),
        Violation(
            check: "results-match-record", story: "the results removed",
            phrases: ["evidence/results.xml: missing; entry 15 recorded it"],
            // The rules that compare the trail with the recorded standings are skipped, not failed.
            alsoNotPassing: [
                "results-reproduce", "every-bid-has-a-final-status", "abnormally-low-decided",
                "abnormally-low-explanation-requested", "tie-break-applied", "recommended-is-rank-one",
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.remove(Trail.resultsPath)
                return (ruleCase, nil)
            }),

        // inputs-are-valid
        Violation(
            check: "inputs-are-valid", story: "a score off the scale, recorded by an evaluation made outside tender",
            phrases: ["scores/EV-1/BID-C.xml:3:", "score 7 is not on scale S04"],
            alsoNotPassing: dependents(of: "inputs-are-valid"),
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.edit(
                    ruleCase.sheetPath("EV-1", "BID-C"), replacing: #"<Score criterion="Q1" value="2">"#,
                    with: #"<Score criterion="Q1" value="7">"#)
                try ruleCase.append(
                    .scoreSheetSubmitted, by: "EV-1", at: RuleCase.later.afterwards,
                    subjects: [("scores/EV-1/BID-C.xml", "score-sheet")])
                try ruleCase.recordEvaluation(at: RuleCase.later.rerun)
                return (ruleCase, nil)
            }),

        // results-reproduce
        Violation(
            check: "results-reproduce", story: "points changed in the results and recorded by the price evaluator",
            phrases: [
                #"evidence/results.xml: EvaluationResults › Lot LOT-1 › Bid BID-A › TotalPoints @points: results.xml has "91.00", recomputed "77.00""#
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.rewriteResults(
                    replacing: #"<TotalPoints points="77.00"/>"#, with: #"<TotalPoints points="91.00"/>"#)
                return (ruleCase, nil)
            }),

        // assessment-summaries-match-results
        Violation(
            check: "assessment-summaries-match-results", story: "a summary showing a total the results do not give",
            phrases: [
                "reports/summaries/LOT-1/BID-A.md:4: BID-A total-points: expected 77.00 shown (the recorded"
                    + " evaluation), found 91.00",
                "reports/summaries/LOT-1/BID-A.md: BID-A rank is missing: the recorded evaluation gives 2",
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.award("BID-B")
                try ruleCase.write(
                    RuleCase.summary(bid: "BID-A", rows: ["| Total score | BID-A |  | 91.00 | |"]),
                    to: "reports/summaries/LOT-1/BID-A.md")
                return (ruleCase, nil)
            }),
        Violation(
            check: "assessment-summaries-match-results", story: "a summary showing another tenderer's total",
            phrases: [
                "reports/summaries/LOT-1/BID-A.md:5: shows BID-C total-points (60.00): a tender other than the"
                    + " summary's own (BID-A) and the most advantageous (BID-B)"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.award("BID-B")
                try ruleCase.write(
                    RuleCase.summary(
                        bid: "BID-A",
                        rows: ["| Total score | BID-A |  | 77.00 | |", "| Total score | BID-C |  | 60.00 | |"]),
                    to: "reports/summaries/LOT-1/BID-A.md")
                return (ruleCase, nil)
            }),
        Violation(
            check: "assessment-summaries-match-results", story: "a summary for a lot with no award recorded",
            phrases: [
                "reports/summaries/LOT-1/BID-A.md:1: lot LOT-1 has no award recommendation on the current results,"
                    + " so no summary can be given for it (Procurement Act 2023 s50(3))"
            ],
            build: {
                let ruleCase = try RuleCase.run()
                try ruleCase.write(
                    RuleCase.summary(bid: "BID-A", rows: ["| Total score | BID-A |  | 77.00 | |"]),
                    to: "reports/summaries/LOT-1/BID-A.md")
                return (ruleCase, nil)
            }),
    ]

    /// A key that belongs to nobody on the panel.
    static let intruder = TestPanel(members: ["X"], seedPrefix: "intruder").key("X")
}

extension RuleCase {
    /// A Markdown assessment summary for `bid` in LOT-1 (BID-B the most advantageous tender) in the
    /// layout `tender summaries` writes, with `rows` as its figures table (lines 4 on).
    static func summary(bid: String, rows: [String]) -> String {
        ([
            "<!-- tendertrail:assessment-summary lot=\"LOT-1\" bid=\"\(bid)\" winner=\"BID-B\" -->",
            "| Criterion | Bid | Score | Points | Explanation |", "|---|---|---:|---:|---|",
        ] + rows).joined(separator: "\n") + "\n"
    }

    /// Appends an award recommendation for `bid` in LOT-1 without the lifecycle's guards, made on
    /// `evidence/results.xml` as it is now.
    func appendAward(
        _ bid: String, by member: String, at time: String = RuleCase.later.award, key: PrivateSigningKey? = nil
    ) throws {
        try append(
            .awardRecommended, by: member, at: time, subjects: [(Trail.resultsPath, "results")],
            recommendation: .init(bid: BidID(bid), lot: "LOT-1", justification: "\(bid) is ranked first."), key: key)
    }
}
