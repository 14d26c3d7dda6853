import EvidenceTrail
import Foundation
import TestSupport
import Testing

/// The trail's signatures are checked as it is read, by the keys of the sealed plans kept in
/// `evidence/plans/`, and the canonical forms are then not kept: the same verdicts as checking
/// them afterwards from the canonical forms.
struct SignatureCheckOnLoadTests {
    @Test("With the plans' keys every entry and checkpoint is checked as read and keeps no canonical form")
    func checkedAsRead() throws {
        let folder = try TrailFixture.miniCase()
        let keys = Trail.signingKeys(caseURL: folder)
        #expect(!keys.isEmpty)
        let checked = try Trail.load(caseURL: folder, keys: keys)
        #expect(checked.entries.count == 15 && checked.checkpoints.count == 15)
        #expect(checked.entries.allSatisfy { $0.signatureCheck == true && $0.canonical == nil && $0.hash != nil })
        #expect(checked.checkpoints.allSatisfy { $0.signatureCheck == true && $0.canonical == nil })
        let kept = try Trail.load(caseURL: folder)
        #expect(kept.entries.allSatisfy { $0.signatureCheck == nil && $0.canonical != nil })
        #expect(kept.entries.map(\.hash) == checked.entries.map(\.hash))
    }

    @Test("A signature swapped for another entry's is found false as read, and verify names the entry")
    func swappedSignature() throws {
        let folder = try TrailFixture.miniCase()
        let other = try Data(contentsOf: folder.appendingPathComponent("evidence/trail/00000003.sig"))
        try other.write(to: folder.appendingPathComponent("evidence/trail/00000002.sig"))
        let trail = try Trail.load(caseURL: folder, keys: Trail.signingKeys(caseURL: folder))
        #expect(trail.entries[1].signatureCheck == false)
        #expect(trail.entries.enumerated().allSatisfy { $0.offset == 1 || $0.element.signatureCheck == true })
        let verdict = try TrailFixture.verify(folder)
        let findings = verdict.findings("signatures-are-valid")
        #expect(findings.count == 1)
        #expect(findings.first?.location.hasSuffix("/evidence/trail/00000002.xml") == true)
        #expect(findings.first?.message.contains("entry 2: the signature is not LEAD's signature") == true)
    }

    @Test("A key no sealed plan lists is not used: that file keeps its canonical form for the audit")
    func unknownKey() throws {
        let folder = try TrailFixture.miniCase()
        let trail = try Trail.load(caseURL: folder, keys: [:])
        #expect(trail.entries.allSatisfy { $0.signatureCheck == nil && $0.canonical != nil })
        #expect(trail.checkpoints.allSatisfy { $0.signatureCheck == nil && $0.canonical != nil })
    }
}
