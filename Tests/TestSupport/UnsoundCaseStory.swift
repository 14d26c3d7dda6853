import EvidenceTrail
public import Foundation
import TenderDocuments
public import TenderEvaluation
import TenderModel

/// The evaluation of the teaching case `tenders/renfrewshire-unsound-process`: the shipped case's
/// tender run by the same fictional panel (same seeds, so the same public keys), with exactly three
/// irregularities, each recorded in an entry signed by the person who committed it:
///
/// 1. EV-2 submits her score sheet for BID-001 before declaring conflicts of interest (entry 19;
///    she declares in entry 20);
/// 2. the lead records BID-007's receipt at 12:07:31 with `late="false"` (entry 8), so the late bid
///    is scored and ranked;
/// 3. the lead amends the plan after the bids were opened, moving 3 points of weight from AC-1 to
///    AC-2 (entry 10).
///
/// The case's README explains each, and lists the findings `tender verify` reports.
///
/// The sound steps go through ``Lifecycle``; the irregular ones, which the lifecycle refuses (the
/// false receipt, the amendment, EV-2's early sheet, the three sheets for the late BID-007 and the
/// moderation that includes it),
/// through ``UnsafeTrailAppender``. So do the steps after the scoring that need an evaluation (both
/// evaluations, the decision on BID-004 and the award): `tender evaluate` cannot evaluate the amended
/// plan, whose weights contradict the notice, and would exclude BID-007 on its own `SubmittedAt`.
/// Their entries are the ones the lifecycle would write; the results they record are what the
/// evaluation gives when told what the panel assumed (see ``resultsAsThePanelComputedThem(_:process:)``).
/// Running the story on the case's inputs reproduces the committed evidence byte for byte.
public enum UnsoundCaseStory {
    /// The case in the repository.
    public static let folder = TestSupport.packageRoot.appendingPathComponent("tenders/renfrewshire-unsound-process")

    /// The sound case it is based on.
    public static let soundFolder = ShippedCaseStory.folder

    /// The same fictional panel as the sound case, with the same seeded keys.
    public static let panel = TestPanel(
        members: ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"], seedPrefix: "renfrewshire example")

    /// The weights the lead changed after opening: criterion, published (and sealed) weight, amended weight.
    public static let amendedWeights: [(criterion: String, sealed: String, amended: String)] = [
        ("AC-1", "15", "12"), ("AC-2", "5", "8"),
    ]

    /// When things happened that the sound case does not have.
    public static let times = (
        lateReceipt: "2020-04-03T12:07:31+01:00", opening: "2020-04-03T14:00:00+01:00",
        amendment: "2020-04-03T16:30:00+01:00", lateDeclaration: "2020-04-15T15:30:00+01:00"
    )

    /// The member who scored before declaring, and the sheet she submitted first.
    public static let earlyScorer = (member: "EV-2", sheet: "scores/EV-2/BID-001.xml")

    /// The reason the lead recorded for the amendment.
    public static let amendmentReason =
        "Fair Work First: the Council's statement of 1 April 2020 asks that fair working practices carry at least 8 % of"
        + " the marks in service contracts. Three percentage points are moved from AC-1 Methodology and approach (15 to"
        + " 12) to AC-2 Fair working practices (5 to 8); the quality weighting stays at 25 % and price at 75 %."

    /// The reason for the decision on BID-004 (as in the sound case).
    public static let abnormallyLowReason =
        "The explanation of 1 May 2020 shows the price rests on paying testers GBP 0.42 an item at 250 items a"
        + " day; at the 120 items a day observed on mixed school and care-home sites that is below the National"
        + " Minimum Wage, so the price does not comply with obligations under labour law and the tender must be"
        + " rejected (regulation 69(5) of the Public Contracts (Scotland) Regulations 2015; Directive 2014/24/EU"
        + " Art. 69(3))."

    /// The justification of the award recommendation.
    public static let awardJustification =
        "BID-001 (Gryffe Valley Electrical Testing Ltd) is the most economically advantageous tender among the compliant"
        + " bids: it is ranked first with 88.33 points after BID-004 was rejected as abnormally low (entry 36), has the"
        + " strongest methodology (4 of 4), and its price is 10.3 % below the estimated value. No abnormally-low flag"
        + " remains undecided. Recommended to the Head of Property Services for award, subject to the standstill period."

    /// The plan with the amended weights: `plan` with the `weight` attribute of each amended
    /// criterion changed, and nothing else.
    public static func amend(_ plan: String) -> String {
        var text = plan
        for change in amendedWeights {
            text = text.replacingOccurrences(
                of: "<Criterion id=\"\(change.criterion)\" type=\"quality\" weight=\"\(change.sealed)\"",
                with: "<Criterion id=\"\(change.criterion)\" type=\"quality\" weight=\"\(change.amended)\"")
        }
        return text
    }

    /// A copy of the case's inputs as they were before anything was recorded: no evidence, no
    /// explanation yet, and `tender.xml` as sealed (the sound case's plan, before the amendment).
    public static func freshInputs() throws -> URL {
        let copy = try TestSupport.copyOfFolder(folder, name: "renfrewshire-unsound")
        for generated in ["evidence", "explanations"] {
            try? FileManager.default.removeItem(at: copy.appendingPathComponent(generated))
        }
        let sealed = try Data(contentsOf: soundFolder.appendingPathComponent("tender.xml"))
        try sealed.write(to: copy.appendingPathComponent("tender.xml"))
        return copy
    }

    /// Runs the whole story on `caseURL` (a copy made by ``freshInputs()``).
    public static func run(on caseURL: URL) throws {
        let clock = TestClock("2020-03-02T10:15:00+00:00")
        let caseFolder = CaseFolder(path: caseURL.path)
        let lifecycle = Lifecycle(folder: caseFolder, clock: clock.now)
        let unsafe = UnsafeTrailAppender(folder: caseFolder)
        let lead = panel.key("PROC-1")

        clock.set("2020-03-02T10:15:00+00:00")
        _ = try lifecycle.seal(key: lead)

        let receipts = [
            ("BID-004", "2020-04-01T09:03:18+01:00"), ("BID-001", "2020-04-02T15:41:07+01:00"),
            ("BID-006", "2020-04-02T17:20:44+01:00"), ("BID-002", "2020-04-03T10:12:55+01:00"),
            ("BID-003", "2020-04-03T11:26:40+01:00"), ("BID-005", "2020-04-03T11:58:02+01:00"),
        ]
        for (bid, time) in receipts {
            clock.set(time)
            _ = try lifecycle.receive(bidFile: caseURL.appendingPathComponent("bids/\(bid).xml"), key: lead)
        }

        // Irregularity: BID-007 arrived seven minutes after the deadline; the lead records it as on time.
        // (`tender receive` would have recorded late="true".)
        let sealedPlan = try plan(caseURL)
        guard let deadline = sealedPlan.submissionDeadline else { throw StoryError("the plan states no deadline") }
        let leadSigner = try Signer.resolve(lead, in: sealedPlan, roles: [.lead], for: "sign as the lead")
        clock.set(times.lateReceipt)
        try unsafe.append(
            TrailEntry(
                kind: .bidReceived, time: clock.now(), actor: leadSigner.actor,
                subjects: [try unsafe.subject("bids/BID-007.xml", role: "bid")],
                receipt: TrailEntry.Receipt(bid: "BID-007", deadline: deadline, isLate: false)),
            signer: leadSigner)

        clock.set(times.opening)
        _ = try lifecycle.open(key: lead)

        // Irregularity: the lead amends the weightings after opening. (`tender seal --reason` would
        // have refused: bids were opened, the deadline had passed, and the weights contradict the notice.)
        let sealedText = try String(contentsOf: caseURL.appendingPathComponent("tender.xml"), encoding: .utf8)
        try Data(amend(sealedText).utf8).write(to: caseURL.appendingPathComponent("tender.xml"))
        clock.set(times.amendment)
        try unsafe.append(
            TrailEntry(
                kind: .planAmended, time: clock.now(), actor: leadSigner.actor,
                subjects: [
                    try unsafe.subject("tender.xml", role: "plan"), try unsafe.subject("notice.xml", role: "notice"),
                ],
                reason: amendmentReason),
            signer: leadSigner)

        // Everyone but EV-2 declares on the Monday after opening, as in the sound case.
        for (index, member) in ["PROC-1", "EV-1", "EV-2", "EV-3", "FIN-1"].enumerated()
        where member != earlyScorer.member {
            clock.set("2020-04-06T09:\(index)0:00+01:00")
            _ = try lifecycle.declare(key: panel.key(member))
        }

        // The scoring fortnight, in time order: every sheet at its completion time, and EV-2's late declaration.
        enum Step { case sheet(path: String, member: String), declaration(member: String) }
        guard let lateDeclaration = Timestamp(times.lateDeclaration) else { throw StoryError("bad time") }
        var steps: [(time: Timestamp, order: String, step: Step)] = [
            (lateDeclaration, "declarations/\(earlyScorer.member).xml", .declaration(member: earlyScorer.member))
        ]
        for member in ["EV-1", "EV-2", "EV-3"] {
            let sheets = caseURL.appendingPathComponent("scores/\(member)")
            for name in try FileManager.default.contentsOfDirectory(atPath: sheets.path).sorted()
            where name.hasSuffix(".xml") {
                let path = "scores/\(member)/\(name)"
                let sheet = try ScoreSheet.read(contentsOf: caseURL.appendingPathComponent(path), displayPath: path)
                guard let time = sheet.completedAt else { throw StoryError("\(path) has no CompletedAt") }
                steps.append((time, path, .sheet(path: path, member: member)))
            }
        }
        for (time, _, step) in steps.sorted(by: { ($0.time, $0.order) < ($1.time, $1.order) }) {
            clock.set(time.text)
            switch step {
            case let .declaration(member):
                _ = try lifecycle.declare(key: panel.key(member))
            case let .sheet(path, member) where path == earlyScorer.sheet || path.hasSuffix("/BID-007.xml"):
                // Irregularities: EV-2 submits a sheet before declaring, and the late BID-007 is scored.
                // (`tender score` refuses both.)
                let evaluator = try signer(member, caseURL, role: .qualityEvaluator)
                try unsafe.append(
                    TrailEntry(
                        kind: .scoreSheetSubmitted, time: clock.now(), actor: evaluator.actor,
                        subjects: [try unsafe.subject(path, role: "score-sheet")]),
                    signer: evaluator)
            case let .sheet(path, member):
                _ = try lifecycle.score(sheet: path, key: panel.key(member))
            }
        }

        // The moderation agrees a consensus on the late BID-007 too, which `tender moderate` refuses.
        clock.set("2020-04-22T12:30:00+01:00")
        let moderator = try signer("PROC-1", caseURL, role: .moderator)
        try unsafe.append(
            TrailEntry(
                kind: .moderationRecorded, time: clock.now(), actor: moderator.actor,
                subjects: [try unsafe.subject("moderation/LOT-0000.xml", role: "moderation")]),
            signer: moderator)

        // From here the lifecycle cannot evaluate the amended plan; the steps are recorded as it would record them.
        clock.set("2020-04-23T10:00:00+01:00")
        try recordEvaluation(caseURL, time: clock.now(), process: ProcessFacts())

        clock.set("2020-05-05T15:00:00+01:00")
        let explanation = "explanations/BID-004.txt"
        try unsafe.write(
            [UInt8](try Data(contentsOf: soundFolder.appendingPathComponent(explanation))), to: explanation)
        let decision = try unsafe.append(
            TrailEntry(
                kind: .abnormallyLowDecided, time: clock.now(), actor: leadSigner.actor,
                subjects: [try unsafe.subject(explanation, role: "explanation")],
                decision: TrailEntry.Decision(bid: "BID-004", isAccepted: false, reason: abnormallyLowReason)),
            signer: leadSigner)

        clock.set("2020-05-06T10:00:00+01:00")
        try recordEvaluation(
            caseURL, time: clock.now(),
            process: ProcessFacts(abnormallyLowDecisions: [
                "BID-004": AbnormallyLowDecision(
                    isAccepted: false, reason: "\(abnormallyLowReason) (entry \(decision))")
            ]))

        clock.set("2020-05-07T11:00:00+01:00")
        try unsafe.append(
            TrailEntry(
                kind: .awardRecommended, time: clock.now(), actor: leadSigner.actor,
                subjects: [try unsafe.subject(Trail.resultsPath, role: "results")],
                recommendation: TrailEntry.Recommendation(
                    bid: "BID-001", lot: "LOT-0000", justification: awardJustification)),
            signer: leadSigner)
    }

    /// The results as the panel computed them outside TenderTrail: the case's inputs evaluated as if
    /// the amended weights were the published ones and BID-007 had been submitted on time. (On the
    /// case as it is, the evaluation refuses the plan, and would exclude BID-007 on its own
    /// `SubmittedAt`.)
    public static func resultsAsThePanelComputedThem(_ caseURL: URL, process: ProcessFacts) throws -> [UInt8] {
        let scratch = try TestSupport.copyOfFolder(caseURL, name: "unsound-spreadsheet")
        defer { try? FileManager.default.removeItem(at: scratch.deletingLastPathComponent()) }
        try? FileManager.default.removeItem(at: scratch.appendingPathComponent("evidence"))
        var plan = try String(contentsOf: scratch.appendingPathComponent("tender.xml"), encoding: .utf8)
        for change in amendedWeights {
            let published = "<Published list=\"number-weight\" code=\"per-exa\" number=\"\(change.sealed)\"/>"
            guard plan.components(separatedBy: published).count == 2 else {
                throw StoryError("\(published) is not unique")
            }
            plan = plan.replacingOccurrences(
                of: published,
                with: published.replacingOccurrences(of: "\"\(change.sealed)\"", with: "\"\(change.amended)\""))
        }
        // The spreadsheet knew nothing of the notice: drop the plan's <Source> and the notice, which
        // the amended weights contradict.
        if let start = plan.range(of: "  <Source>"), let end = plan.range(of: "</Source>\n") {
            plan.removeSubrange(start.lowerBound..<end.upperBound)
        }
        try FileManager.default.removeItem(at: scratch.appendingPathComponent("notice.xml"))
        try Data(plan.utf8).write(to: scratch.appendingPathComponent("tender.xml"))
        let bidURL = scratch.appendingPathComponent("bids/BID-007.xml")
        let bid = try String(contentsOf: bidURL, encoding: .utf8)
        let lines = bid.components(separatedBy: "\n").filter { !$0.contains("<SubmittedAt>") }
        try Data(lines.joined(separator: "\n").utf8).write(to: bidURL)
        return try CaseEvaluation.run(CaseFolder(path: scratch.path), process: process).resultsBytes()
    }

    /// Writes the panel's results and records an `evaluation-computed` entry signed by FIN-1 with
    /// every input and the results, as `tender evaluate` records one.
    private static func recordEvaluation(_ caseURL: URL, time: Timestamp, process: ProcessFacts) throws {
        let caseFolder = CaseFolder(path: caseURL.path)
        let unsafe = UnsafeTrailAppender(folder: caseFolder)
        try unsafe.write(try resultsAsThePanelComputedThem(caseURL, process: process), to: Trail.resultsPath)
        var subjects: [TrailEntry.Subject] = []
        let files = try caseFolder.inputFiles()
        for file in files { subjects.append(try unsafe.subject(file.relativePath, role: file.role.rawValue)) }
        subjects.append(try unsafe.subject(Trail.resultsPath, role: "results"))
        let finance = try signer("FIN-1", caseURL, role: .priceEvaluator)
        try unsafe.append(
            TrailEntry(
                kind: .evaluationComputed, time: time, actor: finance.actor, subjects: subjects,
                notes: ["evaluated \(files.filter { $0.role == .bid }.count) bid(s) in 1 lot(s)"]),
            signer: finance)
    }

    /// The plan as it is now in the case.
    private static func plan(_ caseURL: URL) throws -> TenderPlan {
        try TenderPlan.read(contentsOf: caseURL.appendingPathComponent("tender.xml"), displayPath: "tender.xml")
    }

    /// A panel member about to sign, as the current plan lists them.
    private static func signer(_ member: String, _ caseURL: URL, role: PanelMember.Role) throws -> Signer {
        try Signer.resolve(panel.key(member), in: try plan(caseURL), roles: [role], for: "sign")
    }
}

/// A story step that cannot be taken as written.
private struct StoryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
