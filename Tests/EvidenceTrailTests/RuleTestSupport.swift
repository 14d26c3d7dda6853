import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// A mini case (``MiniCase``) in a temporary folder, with the steps of its lifecycle, the unsafe
/// appender to record what the lifecycle refuses, and the edits a tamperer would make: the
/// building blocks of the rule catalogue's scenarios.
///
/// Times: the lifecycle steps use ``MiniCase/times``; later steps use ``RuleCase/later``.
struct RuleCase {
    /// The case folder.
    let folder: URL
    /// The clock every lifecycle step reads.
    let clock: TestClock

    /// The panel's keys (LEAD, EV-1, EV-2, FIN).
    static let panel = MiniCase.panel
    /// Times after the evaluation, in order.
    static let later = (
        request: "2025-03-21T10:00:00+00:00", respondBy: "2025-03-21T17:00:00+00:00",
        decide: "2025-03-22T09:00:00+00:00", reevaluate: "2025-03-23T09:00:00+00:00",
        award: "2025-03-24T09:00:00+00:00",
        afterwards: "2025-03-25T09:00:00+00:00", rerun: "2025-03-26T09:00:00+00:00"
    )
    /// The bids and evaluators of the mini case.
    static let bids = ["BID-A", "BID-B", "BID-C"]
    static let evaluators = ["EV-1", "EV-2"]

    var caseFolder: CaseFolder { CaseFolder(path: folder.path) }
    var lifecycle: Lifecycle { Lifecycle(folder: caseFolder, clock: clock.now) }
    var appender: UnsafeTrailAppender { UnsafeTrailAppender(folder: caseFolder) }

    // MARK: - Writing

    /// Writes the mini case, with `plan` as its `tender.xml` (``MiniCase/plan`` unless given).
    static func written(plan: String = MiniCase.plan) throws -> RuleCase {
        let folder = try MiniCase.write()
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        return RuleCase(folder: folder, clock: TestClock(MiniCase.times.seal))
    }

    /// A fresh copy of the mini case run through `last` (``MiniCase/writeAndRun(through:)``): each
    /// step's run is made once and copied for every test that starts from it.
    static func run(through last: MiniCase.Step = .evaluate) throws -> RuleCase {
        let baseline = try (last == .evaluate ? evaluated : moderated).get()
        let copy = try TestSupport.copyOfFolder(baseline, name: "rulecase")
        return RuleCase(
            folder: copy, clock: TestClock(last == .evaluate ? MiniCase.times.evaluate : MiniCase.times.moderate))
    }

    private static let evaluated = Result { try MiniCase.writeAndRun(through: .evaluate).folder }
    private static let moderated = Result { try MiniCase.writeAndRun(through: .moderate).folder }

    /// Writes `text` to a case file (creating folders), bypassing the trail.
    func write(_ text: String, to relativePath: String) throws {
        try TestSupport.write(text, to: relativePath, in: folder)
    }

    /// Reads a case file as text.
    func read(_ relativePath: String) throws -> String { try TestSupport.read(relativePath, in: folder) }

    /// Replaces `old` by `new` in a case file; records an issue if `old` is not there.
    func edit(
        _ relativePath: String, replacing old: String, with new: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = try read(relativePath)
        #expect(text.contains(old), "\(relativePath) does not contain \(old)", sourceLocation: sourceLocation)
        try write(text.replacingOccurrences(of: old, with: new), to: relativePath)
    }

    /// Removes a case file.
    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(relativePath))
    }

    /// The path of trail entry `sequence` (`evidence/trail/00000003.xml`), or its signature.
    static func entry(_ sequence: Int, signature: Bool = false) -> String {
        Trail.folder + "/"
            + (signature ? TrailEntry.signatureFileName(for: sequence) : TrailEntry.fileName(for: sequence))
    }

    /// The number of entries in the trail now.
    func trailSize() throws -> Int { try Trail.load(caseURL: folder).entries.count }

    // MARK: - Lifecycle steps (each at its own time)

    func seal(at time: String = MiniCase.times.seal, reason: String? = nil) throws {
        clock.set(time)
        _ = try lifecycle.seal(key: Self.panel.key("LEAD"), reason: reason)
    }

    func receive(_ bids: [String] = RuleCase.bids, at time: String = MiniCase.times.receive) throws {
        clock.set(time)
        for bid in bids {
            _ = try lifecycle.receive(
                bidFile: folder.appendingPathComponent("bids/\(bid).xml"), key: Self.panel.key("LEAD"))
        }
    }

    func open(at time: String = MiniCase.times.open) throws {
        clock.set(time)
        _ = try lifecycle.open(key: Self.panel.key("LEAD"))
    }

    func declare(_ members: [String] = RuleCase.evaluators, at time: String = MiniCase.times.declare) throws {
        clock.set(time)
        for member in members { _ = try lifecycle.declare(key: Self.panel.key(member)) }
    }

    /// Submits every score sheet of `members` for `bids` that is in the case, bids in order.
    func score(
        _ members: [String] = RuleCase.evaluators, bids: [String] = RuleCase.bids,
        at time: String = MiniCase.times.score
    ) throws {
        clock.set(time)
        for member in members {
            for bid in bids
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(sheetPath(member, bid)).path) {
                _ = try lifecycle.score(sheet: sheetPath(member, bid), key: Self.panel.key(member))
            }
        }
    }

    func moderate(at time: String = MiniCase.times.moderate, by member: String = "LEAD") throws {
        clock.set(time)
        _ = try lifecycle.moderate(lot: "LOT-1", key: Self.panel.key(member))
    }

    func evaluate(at time: String = MiniCase.times.evaluate, by member: String = "FIN") throws {
        clock.set(time)
        _ = try lifecycle.evaluate(key: Self.panel.key(member))
    }

    /// Records the lead's request that the tenderer of `bid` explain its price (answer by
    /// ``later``'s `respondBy`).
    func request(_ bid: String, at time: String = RuleCase.later.request) throws {
        clock.set(time)
        _ = try lifecycle.requestAbnormallyLowExplanation(
            bid: BidID(bid), questions: "Explain how the price covers labour at the statutory minimum and the equipment.",
            questionsFile: nil, respondBy: try timestamp(RuleCase.later.respondBy), key: Self.panel.key("LEAD"))
    }

    /// Records the lead's request for explanation (``request(_:at:)``) and then the decision on the
    /// abnormally low bid, with an explanation written beside the case.
    func decide(
        _ bid: String, accepted: Bool, at time: String = RuleCase.later.decide, requestFirst: Bool = true
    ) throws {
        if requestFirst { try request(bid) }
        clock.set(time)
        let explanation = folder.deletingLastPathComponent().appendingPathComponent("\(bid)-explanation.txt")
        try Data("The tenderer owns its test equipment outright and pays no hire charges.\n".utf8).write(
            to: explanation)
        _ = try lifecycle.decideAbnormallyLow(
            bid: BidID(bid), explanation: explanation, accepted: accepted,
            reason: "The explanation shows the price covers labour at the statutory minimum and the equipment costs.",
            key: Self.panel.key("LEAD"))
    }

    func award(
        _ bid: String, at time: String = RuleCase.later.award,
        justification: String? = nil
    ) throws {
        clock.set(time)
        _ = try lifecycle.award(
            lot: "LOT-1", bid: BidID(bid),
            justification: justification ?? "\(bid) is ranked first and every flag is decided.",
            key: Self.panel.key("LEAD"))
    }

    /// Every step from sealing to the evaluation, at the mini case's times.
    func runAll() throws {
        try seal()
        try receive()
        try open()
        try declare()
        try score()
        try moderate()
        try evaluate()
    }

    func sheetPath(_ member: String, _ bid: String) -> String { "scores/\(member)/\(bid).xml" }

    // MARK: - What the lifecycle refuses: the unsafe appender

    /// A signer for `member` of the plan as it is now in `tender.xml`; with `key`, the member as
    /// named by the plan but signing with another key.
    func signer(_ member: String, key: PrivateSigningKey? = nil) throws -> Signer {
        let plan = try TenderPlan.read(
            contentsOf: folder.appendingPathComponent("tender.xml"), displayPath: "tender.xml")
        var signer = try Signer.resolve(Self.panel.key(member), in: plan, roles: [], for: "sign in a test")
        if let key { signer.key = key }
        return signer
    }

    /// Appends an entry of `kind` signed by `member` (without the lifecycle's guards) at `time`,
    /// about the case files `subjects` (path and role) as they are now; a `conflict-declared` entry
    /// lists `conflicts`.
    @discardableResult
    func append(
        _ kind: TrailEntry.Kind, by member: String, at time: String, subjects: [(path: String, role: String)] = [],
        receipt: TrailEntry.Receipt? = nil, request: TrailEntry.ExplanationRequest? = nil,
        decision: TrailEntry.Decision? = nil,
        recommendation: TrailEntry.Recommendation? = nil, conflicts: [TendererID] = [], reason: String? = nil,
        key: PrivateSigningKey? = nil
    ) throws -> Int {
        let signer = try signer(member, key: key)
        var recorded: [TrailEntry.Subject] = []
        for subject in subjects { recorded.append(try appender.subject(subject.path, role: subject.role)) }
        let entry = TrailEntry(
            kind: kind, time: try timestamp(time), actor: signer.actor, subjects: recorded, receipt: receipt,
            request: request, decision: decision, recommendation: recommendation, conflicts: conflicts, reason: reason)
        return try appender.append(entry, signer: signer)
    }

    /// Appends `member`'s score sheets for `bids` (without the lifecycle's guards) at `time`.
    func appendSheets(by member: String, for bids: [String], at time: String = MiniCase.times.score) throws {
        for bid in bids {
            try append(
                .scoreSheetSubmitted, by: member, at: time, subjects: [(sheetPath(member, bid), "score-sheet")])
        }
    }

    /// Appends an `evaluation-computed` entry signed by `member` that records every input of the
    /// case and `evidence/results.xml` as they are now: results made some other way than by
    /// `tender evaluate`.
    @discardableResult
    func recordEvaluation(by member: String = "FIN", at time: String = RuleCase.later.reevaluate) throws -> Int {
        let inputs = try caseFolder.discoverInputFiles().files
        return try append(
            .evaluationComputed, by: member, at: time,
            subjects: inputs.map { ($0.relativePath, $0.role.rawValue) } + [(Trail.resultsPath, "results")])
    }

    /// Replaces `old` by `new` in `evidence/results.xml` and records the changed results in a new
    /// evaluation entry signed by the price evaluator, so that only the content is wrong.
    func rewriteResults(
        replacing old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try edit(Trail.resultsPath, replacing: old, with: new, sourceLocation: sourceLocation)
        try recordEvaluation()
    }

    /// Signs a trail entry or checkpoint file again, as it is now, with `member`'s key: what someone
    /// holding that key could do after changing it.
    func resign(_ relativePath: String, by member: String) throws {
        let trail = try Trail.load(caseURL: folder)
        let canonical =
            trail.entries.first { $0.path == relativePath }?.canonical
            ?? trail.checkpoints.first { $0.path == relativePath }?.canonical
        guard let canonical else {
            Issue.record("\(relativePath) is not a readable entry or checkpoint")
            return
        }
        let signature = try Self.panel.key(member).sign(canonical)
        let sigPath = String(relativePath.dropLast(4)) + ".sig"
        try Data(signature).write(to: folder.appendingPathComponent(sigPath))
    }

    /// Copies the latest checkpoint and its signature out of the case, as an auditor would have
    /// published it, and returns the copy's URL.
    func publishCheckpoint() throws -> URL {
        let size = try trailSize()
        let outside = try TestSupport.temporaryFolder("published")
        let xml = Trail.checkpointPath(size: size)
        let destination = outside.appendingPathComponent("published.xml")
        try FileManager.default.copyItem(at: folder.appendingPathComponent(xml), to: destination)
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent(String(xml.dropLast(4)) + ".sig"),
            to: outside.appendingPathComponent("published.sig"))
        return destination
    }

    /// Removes the last `count` entries and their checkpoints, as a truncation would.
    func truncate(_ count: Int) throws {
        let size = try trailSize()
        for sequence in (size - count + 1)...size {
            for path in [Self.entry(sequence), Self.entry(sequence, signature: true)] { try remove(path) }
            let checkpoint = Trail.checkpointPath(size: sequence)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(checkpoint).path) {
                try remove(checkpoint)
                try remove(String(checkpoint.dropLast(4)) + ".sig")
            }
        }
    }

    func timestamp(_ text: String) throws -> Timestamp {
        try #require(Timestamp(text), "bad test time \(text)")
    }

    // MARK: - Verifying

    /// Verifies the case (with a published checkpoint when given).
    func verify(publishedCheckpoint: URL? = nil) throws -> VerificationReport {
        try Verifier.verify(caseFolder, publishedCheckpoint: publishedCheckpoint)
    }
}

// MARK: - Plan variants

/// The mini case's plan with process rules switched on, by editing ``MiniCase/plan``.
struct PlanVariant {
    var minimumSheets: Int?
    var abnormallyLowBelowPercent: Int?
    var separateQualityAndPriceEvaluators = false
    var lockQualityBeforePrices = false
    /// Extra roles for EV-1 (e.g. `price-evaluator`).
    var extraRolesOfEV1: [String] = []
    /// Whether the plan declares its tie-break (`highest-quality-points`).
    var tieBreak = true

    var text: String {
        var plan = MiniCase.plan
        func replace(_ old: String, _ new: String) {
            precondition(plan.contains(old), "MiniCase.plan no longer contains \(old)")
            plan = plan.replacingOccurrences(of: old, with: new)
        }
        let tieBreakElement = "<TieBreak><Rule>highest-quality-points</Rule></TieBreak>"
        if let minimumSheets {
            replace(#"maximumSpread="1"/>"#, #"maximumSpread="1" minimumSheets="\#(minimumSheets)"/>"#)
        }
        var after = tieBreak ? tieBreakElement : ""
        if let abnormallyLowBelowPercent {
            after += #"<AbnormallyLowScreen basis="mean" belowPercent="\#(abnormallyLowBelowPercent)"/>"#
        }
        if separateQualityAndPriceEvaluators || lockQualityBeforePrices {
            after +=
                #"<Process separateQualityAndPriceEvaluators="\#(separateQualityAndPriceEvaluators)""#
                + #" lockQualityBeforePrices="\#(lockQualityBeforePrices)"/>"#
        }
        replace(tieBreakElement, after)
        if !extraRolesOfEV1.isEmpty {
            let roles: String = extraRolesOfEV1.map { role in "<Role>\(role)</Role>" }.joined()
            replace(
                "<Name>Ann Example</Name><Role>quality-evaluator</Role>",
                "<Name>Ann Example</Name><Role>quality-evaluator</Role>\(roles)")
        }
        return plan
    }
}

/// Mini case documents with chosen content.
enum RuleDocuments {
    /// A score sheet with the given justifications.
    static func sheet(
        evaluator: String, bid: String, q1: String, q2: String, q1Why: String, q2Why: String, extra: String = ""
    )
        -> String
    {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ScoreSheet xmlns="urn:tendertrail:score-sheet:1" evaluator="\(evaluator)" bid="\(bid)" lot="LOT-1">
          <Score criterion="Q1" value="\(q1)"><Justification>\(q1Why)</Justification></Score>
          <Score criterion="Q2" value="\(q2)"><Justification>\(q2Why)</Justification></Score>\(extra)
        </ScoreSheet>

        """
    }

    /// A moderation record for LOT-1 with one consensus on BID-A's Q2 (whose individual scores are 1
    /// and 3, median 2).
    static func moderation(score: String, reason: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Moderation xmlns="urn:tendertrail:moderation:1" lot="LOT-1">
          <HeldAt>2025-03-20T10:00:00+00:00</HeldAt>
          <Attendee evaluator="EV-1"/>
          <Attendee evaluator="EV-2"/>
          <Consensus bid="BID-A" criterion="Q2" score="\(score)">
            <Reason>\(reason)</Reason>
          </Consensus>
        </Moderation>

        """
    }
}

// MARK: - Reading a report

extension VerificationReport {
    /// The outcome of check `id`, if it was reported.
    func outcome(_ id: String) -> CheckOutcome? { checks.first { $0.id == id }?.outcome }

    /// The findings of check `id` (empty unless it failed).
    func findings(_ id: String) -> [Finding] {
        if case let .failed(findings)? = outcome(id) { return findings }
        return []
    }

    /// The notes of check `id` (empty unless it passed).
    func notes(_ id: String) -> [String] {
        if case let .passed(notes)? = outcome(id) { return notes }
        return []
    }

    /// The IDs of the checks that did not pass.
    var notPassed: Set<String> { Set(checks.filter { !$0.outcome.isPassed }.map(\.id)) }

    /// Every check and its outcome, one a line: for failure messages.
    var summary: String {
        checks.map { check in
            switch check.outcome {
            case .passed: "  ✔ \(check.id)"
            case let .skipped(because): "  – \(check.id): skipped, \(because)"
            case let .failed(findings): "  ✘ \(check.id):\n" + findings.map { "      \($0)" }.joined(separator: "\n")
            }
        }.joined(separator: "\n")
    }
}

/// Expects check `id` to have failed with findings containing every phrase of `phrases` (each in
/// some finding's `location: message`), the report not to verify, and exactly the checks
/// `id` + `alsoNotPassing` not to pass: every other check passes.
func expectViolation(
    _ report: VerificationReport, of id: String, phrases: [String], alsoNotPassing: Set<String> = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let findings = report.findings(id)
    #expect(!findings.isEmpty, "\(id) did not fail:\n\(report.summary)", sourceLocation: sourceLocation)
    for phrase in phrases where !findings.contains(where: { $0.description.contains(phrase) }) {
        let listed = findings.map { "  \($0)" }.joined(separator: "\n")
        Issue.record(
            "no finding of \(id) contains \"\(phrase)\"; the findings:\n\(listed)", sourceLocation: sourceLocation)
    }
    // A failed warning alone leaves the case verified; any error-severity failure does not.
    let errors = report.checks.filter { alsoNotPassing.union([id]).contains($0.id) && $0.severity == .error }
    #expect(report.isVerified == errors.isEmpty, sourceLocation: sourceLocation)
    let expected = alsoNotPassing.union([id])
    #expect(
        report.notPassed == expected,
        "not passing: \(report.notPassed.sorted()), expected \(expected.sorted()):\n\(report.summary)",
        sourceLocation: sourceLocation)
}

/// Expects every check to have passed and the case to verify.
func expectVerified(_ report: VerificationReport, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report.isVerified && report.notPassed.isEmpty, "\(report.summary)", sourceLocation: sourceLocation)
}
