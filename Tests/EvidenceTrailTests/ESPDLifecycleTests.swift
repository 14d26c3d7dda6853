import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// The mini case with an ESPD-decided exclusion gate: the request sealed with the plan, each ESPD
/// response received with its bid, the self-cleaning decision as a signed step, and the rule
/// `self-cleaning-decided`.
@Suite("Lifecycle: ESPD gates and self-cleaning")
struct ESPDLifecycleTests {
    static let gate = """
        <Gates espdRequest="espd-request.xml">
            <Gate id="G-1" kind="selection"><Name>Insurance</Name><Requirement>EUR 5m public liability</Requirement></Gate>
            <Gate id="G-CRIME" kind="exclusion"><Name>Criminal organisation</Name><Requirement>No conviction, or self-cleaning accepted</Requirement><EspdCriterion id="\(ESPDFixtures.crimeOrg)"/></Gate>
          </Gates>
        """

    /// The mini case with the ESPD gate: BID-A's response is the official example (crime-org
    /// answered yes, self-cleaning claimed); BID-B's and BID-C's answer crime-org no.
    static func write() throws -> URL {
        let folder = try MiniCase.write()
        let plan = MiniCase.plan.replacingOccurrences(
            of: #"<Gates>"# + "\n"
                + #"    <Gate id="G-1" kind="selection"><Name>Insurance</Name><Requirement>EUR 5m public liability</Requirement></Gate>"#
                + "\n  </Gates>",
            with: gate)
        #expect(plan != MiniCase.plan)
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        try TestSupport.write(try ESPDFixtures.requestText(), to: "espd-request.xml", in: folder)
        try TestSupport.write(try ESPDFixtures.responseText(), to: "espd/BID-A.xml", in: folder)
        var clean = ESPDEdit(try ESPDFixtures.responseText())
        clean.setIndicator(ESPDFixtures.crimeOrgAnswer, to: false)
        try TestSupport.write(clean.text, to: "espd/BID-B.xml", in: folder)
        try TestSupport.write(clean.text, to: "espd/BID-C.xml", in: folder)
        return folder
    }

    @Test("Sealed and received with the plan and bids; BID-A is excluded until its self-cleaning is decided")
    func story() throws {
        let folder = try Self.write()
        let clock = TestClock(MiniCase.times.seal)
        try MiniCase.run(folder, clock: clock)
        let caseFolder = CaseFolder(path: folder.path)
        let entries = try Trail.load(caseURL: folder).validEntries
        let sealing = entries.first { $0.kind == .planSealed }
        #expect(sealing?.subjects.map(\.role) == ["plan", "espd-request"])
        let receipt = entries.last { $0.kind == .bidReceived && $0.receipt?.bid == "BID-A" }
        #expect(receipt?.subjects.map(\.path) == ["bids/BID-A.xml", "espd/BID-A.xml"])
        let results = try TestSupport.read(Trail.resultsPath, in: folder)
        #expect(results.contains(#"<Gate id="G-CRIME" outcome="needs-decision">"#))
        #expect(results.contains(#"<Gate id="G-CRIME" outcome="passed"/>"#))

        // Verify: the claim has no decision.
        let before = try Verifier.verify(caseFolder)
        let rule = before.checks.first { $0.id == "self-cleaning-decided" }
        guard case let .failed(findings)? = rule?.outcome else {
            Issue.record("self-cleaning-decided must fail: \(String(describing: rule?.outcome))")
            return
        }
        #expect(
            findings.map(\.message) == [
                "BID-A claims self-cleaning under exclusion ground \(ESPDFixtures.crimeOrg) (gate G-CRIME) but no"
                    + " decision of the contracting authority is recorded"
            ])

        // The award is refused while the claim is undecided.
        let lifecycle = Lifecycle(folder: caseFolder, clock: clock.now)
        clock.set("2025-03-22T09:00:00+00:00")
        let award = #expect(throws: LifecycleError.self) {
            try lifecycle.award(
                lot: "LOT-1", bid: "BID-B", justification: "best value", key: MiniCase.panel.key("LEAD"))
        }
        #expect(
            award?.description
                == "error: self-cleaning claimed without a recorded decision: BID-A under \(ESPDFixtures.crimeOrg);"
                + " record the decision with `tender self-cleaning` first")

        // No claim, no decision: BID-B answered no.
        let refused = #expect(throws: LifecycleError.self) {
            try lifecycle.decideSelfCleaning(
                bid: "BID-B", criterion: ESPDFixtures.crimeOrg, accepted: true, reason: "n/a",
                key: MiniCase.panel.key("LEAD"))
        }
        #expect(
            refused?.description
                == "error: espd/BID-B.xml does not answer yes to exclusion ground \(ESPDFixtures.crimeOrg) and claim"
                + " self-cleaning; there is nothing to decide")
        // Only the lead decides.
        #expect(throws: LifecycleError.self) {
            try lifecycle.decideSelfCleaning(
                bid: "BID-A", criterion: ESPDFixtures.crimeOrg, accepted: true, reason: "x",
                key: MiniCase.panel.key("EV-1"))
        }

        // Accepted, then evaluated again: the gate passes and everything verifies.
        let decided = try lifecycle.decideSelfCleaning(
            bid: "BID-A", criterion: ESPDFixtures.crimeOrg, accepted: true,
            reason: "new management; compensation paid; compliance programme audited",
            key: MiniCase.panel.key("LEAD"))
        #expect(decided.appended.count == 1)
        let entry = try #require(
            try Trail.load(caseURL: folder).validEntries.last { $0.kind == .selfCleaningDecided })
        #expect(entry.decision?.criterion == ESPDFixtures.crimeOrg && entry.decision?.bid == "BID-A")
        #expect(entry.subjects.map(\.path) == ["espd/BID-A.xml"] && entry.decision?.isAccepted == true)
        clock.set("2025-03-22T10:00:00+00:00")
        _ = try lifecycle.evaluate(key: MiniCase.panel.key("FIN"))
        let after = try TestSupport.read(Trail.resultsPath, in: folder)
        #expect(!after.contains("needs-decision"))
        #expect(
            after.contains(
                "self-cleaning claimed and accepted by the contracting authority: new management; compensation paid;"
                    + " compliance programme audited (entry \(entry.sequence))"))
        let verified = try Verifier.verify(caseFolder)
        #expect(
            verified.isVerified,
            "\(verified.checks.filter { !$0.outcome.isPassed }.map { "\($0.id): \($0.outcome)" })")

        // A bundle carries the ESPD request and responses, and verifies.
        let zip = try TestSupport.temporaryFolder("espd-pack").appendingPathComponent("case.zip")
        let packed = try CaseBundle.pack(caseFolder, to: zip)
        #expect(packed.contains("espd-request.xml") && packed.contains("espd/BID-A.xml"))
        #expect(try CaseBundle.verify(zip, displayPath: "case.zip").isVerified)

        // An ESPD response changed after receipt is caught by verify.
        var edited = ESPDEdit(try TestSupport.read("espd/BID-C.xml", in: folder))
        edited.setIndicator(ESPDFixtures.crimeOrgAnswer, to: true)
        try TestSupport.write(edited.text, to: "espd/BID-C.xml", in: folder)
        let tampered = try Verifier.verify(caseFolder)
        #expect(tampered.checks.first { $0.id == "inputs-match-record" }?.outcome.isPassed == false)
    }

    @Test("A plan whose ESPD gate names a criterion the request does not have cannot be sealed")
    func sealRefusesUnknownCriterion() throws {
        let folder = try Self.write()
        let plan = try TestSupport.read("tender.xml", in: folder).replacingOccurrences(
            of: ESPDFixtures.crimeOrg, with: "00000000-0000-0000-0000-000000000000")
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: TestClock(MiniCase.times.seal).now)
        let error = #expect(throws: LifecycleError.self) { try lifecycle.seal(key: MiniCase.panel.key("LEAD")) }
        #expect(
            error?.description.contains("the ESPD request has no criterion 00000000-0000-0000-0000-000000000000")
                == true)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("evidence/trail").path))
    }
}
