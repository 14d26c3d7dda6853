import Foundation
import TenderConcurrency
import TenderDocuments
import TenderModel
import TenderXML

/// Checks every signature in a trail against the plan version in force when it was made.
///
/// Each `plan-sealed` or `plan-amended` entry keeps its plan in `evidence/plans/<sequence>.xml`
/// (checked against the digests the entry records); an entry is verified against the latest plan
/// version at or before it, a checkpoint against the version in force at its size. A signature is
/// valid when the `.sig` file holds the Ed25519 signature of the file's exclusive canonical form by
/// the key the actor names, and that key is the public key the plan lists for that member, who
/// holds a role allowed to record that kind of entry.
enum SignatureAudit {
    /// Who may record each kind of entry.
    static func allowedRoles(_ kind: TrailEntry.Kind) -> [PanelMember.Role] {
        switch kind {
        case .planSealed, .planAmended, .bidReceived, .bidsOpened, .abnormallyLowRequested, .abnormallyLowDecided,
            .selfCleaningDecided,
            .awardRecommended:
            [.lead]
        case .conflictDeclared: []
        case .scoreSheetSubmitted: [.qualityEvaluator]
        case .moderationRecorded: [.moderator]
        case .evaluationComputed: [.priceEvaluator]
        }
    }

    /// The plan versions the trail seals, by the sequence of the entry that sealed each.
    static func planVersions(_ state: CaseState, folder: CaseFolder) -> (plans: [Int: TenderPlan], problems: [Finding])
    {
        var plans: [Int: TenderPlan] = [:]
        var problems: [Finding] = []
        for entry in state.planVersions {
            let path = Trail.sealedPlanPath(sequence: entry.sequence)
            let location = folder.displayPath(for: path)
            guard let subject = entry.subjects.first(where: { $0.role == "plan" }) else {
                problems.append(Finding(location: location, message: "entry \(entry.sequence) seals no plan"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: folder.url(for: path).path) else {
                problems.append(
                    Finding(
                        location: location, message: "missing: the plan sealed by entry \(entry.sequence) is not kept"))
                continue
            }
            let bytes = [UInt8](data)
            guard Digest(of: bytes) == subject.digests.bytes else {
                problems.append(
                    Finding(
                        location: location,
                        message:
                            "is not the plan entry \(entry.sequence) sealed (sha256 \(subject.digests.bytes.short)… recorded,"
                            + " \(Digest(of: bytes).short)… now)"))
                continue
            }
            do {
                plans[entry.sequence] = try TenderPlan.parse(bytes, path: location)
            } catch {
                problems.append(Finding(location: location, message: "cannot be read: \(error.description)"))
            }
        }
        return (plans, problems)
    }

    /// Every signature problem, entries first then checkpoints; empty when all are valid.
    static func findings(_ state: CaseState, folder: CaseFolder) -> [Finding] {
        findings(state, sealed: planVersions(state, folder: folder), folder: folder)
    }

    /// ``findings(_:folder:)`` with the plan versions already read (``planVersions(_:folder:)``),
    /// for a caller that needs them too.
    static func findings(
        _ state: CaseState, sealed: (plans: [Int: TenderPlan], problems: [Finding]), folder: CaseFolder
    ) -> [Finding] {
        let plans = sealed.plans
        var findings = sealed.problems
        let versions = plans.keys.sorted()
        // Each version's panel with its keys decoded once, not once per signature.
        let panels = plans.mapValues(SignaturePanel.init)
        @Sendable func panel(atOrBefore sequence: Int) -> SignaturePanel? {
            versions.last { $0 <= sequence }.flatMap { panels[$0] }
        }
        // Signatures are checked on every core (``ParallelWork``); findings come back in trail order.
        let entries = state.trail.entries
        findings += ParallelWork.map(entries.count) { index -> Finding? in
            let stored = entries[index]
            let location = folder.displayPath(for: stored.path)
            guard let entry = stored.entry, stored.canonical != nil || stored.signatureCheck != nil else { return nil }
            guard let signature = stored.signature else {
                return Finding(
                    location: location,
                    message: "no signature file (\(TrailEntry.signatureFileName(for: stored.fileSequence)))")
            }
            guard let panel = panel(atOrBefore: entry.sequence) else {
                return Finding(
                    location: location,
                    message:
                        "entry \(entry.sequence) comes before any sealed plan, so no panel says whose key may sign it")
            }
            if let problem = problem(
                signature: signature, canonical: stored.canonical, checked: stored.signatureCheck, actor: entry.actor,
                panel: panel,
                roles: allowedRoles(entry.kind), what: "record \(entry.kind.rawValue)")
            {
                return Finding(location: location, message: "entry \(entry.sequence): \(problem)")
            }
            if let problem = ownership(entry) {
                return Finding(location: location, message: "entry \(entry.sequence): \(problem)")
            }
            return nil
        }.compactMap { $0 }
        let checkpoints = state.trail.checkpoints
        findings += ParallelWork.map(checkpoints.count) { index -> Finding? in
            let stored = checkpoints[index]
            let location = folder.displayPath(for: stored.path)
            guard let checkpoint = stored.checkpoint, stored.canonical != nil || stored.signatureCheck != nil else {
                return nil
            }
            guard let signature = stored.signature else {
                return Finding(location: location, message: "no signature file")
            }
            guard let panel = panel(atOrBefore: checkpoint.size) else {
                return Finding(location: location, message: "comes before any sealed plan")
            }
            if let problem = problem(
                signature: signature, canonical: stored.canonical, checked: stored.signatureCheck,
                actor: checkpoint.signer, panel: panel, roles: [],
                what: "sign checkpoints")
            {
                return Finding(location: location, message: problem)
            }
            return nil
        }.compactMap { $0 }
        return findings
    }

    /// Why a signature is not acceptable, or `nil` when it is. `checked` is whether the signature
    /// is valid for the key the actor names, when that was checked as the trail was read
    /// (``Trail/load(caseURL:workers:keys:)``, which then keeps no canonical form); otherwise it is
    /// checked here against `canonical`.
    static func problem(
        signature: [UInt8], canonical: [UInt8]?, checked: Bool? = nil, actor: Actor, panel: SignaturePanel,
        roles: [PanelMember.Role], what: String
    ) -> String? {
        guard let (member, signing) = panel.members[actor.member] else {
            return "signed as \(actor.member), who is not on the sealed plan's panel"
        }
        guard let (key, keyID) = signing else {
            return "the sealed plan lists no valid public key for \(member.id)"
        }
        guard keyID == actor.keyID else {
            return "names key \(actor.keyID.short)…, but the sealed plan lists \(key.keyID.short)… for \(member.id)"
        }
        // The key is the one the actor names (its ID is the key's hash), which is what `checked` used.
        guard checked ?? canonical.map({ key.isValidSignature(signature, for: $0) }) ?? false else {
            return
                "the signature is not \(member.id)'s signature of this file's canonical form (the file or the signature was changed)"
        }
        guard roles.isEmpty || member.roles.contains(where: roles.contains) else {
            return "\(member.id) may not \(what): that needs the role "
                + roles.map(\.rawValue).joined(separator: " or ")
        }
        return nil
    }

    /// A sealed plan's panel for checking signatures: each member with their public key decoded
    /// and its key ID, once (``problem(signature:canonical:actor:panel:roles:what:)``).
    struct SignaturePanel: Sendable {
        /// By member: the member, and their key with its ID when the plan lists a valid one.
        let members: [EvaluatorID: (PanelMember, (PublicSigningKey, Digest)?)]

        init(_ plan: TenderPlan) {
            var members: [EvaluatorID: (PanelMember, (PublicSigningKey, Digest)?)] = [:]
            // The first listing of a member counts, as `TenderPlan.member(_:)` finds it.
            for member in plan.panel where members[member.id] == nil {
                let key = member.publicKey.flatMap(PublicSigningKey.init(spkiBase64:))
                members[member.id] = (member, key.map { ($0, $0.keyID) })
            }
            self.members = members
        }
    }

    /// Entries that only the owner of a document may record: an evaluator's own score sheet, a
    /// member's own declaration.
    static func ownership(_ entry: TrailEntry) -> String? {
        for subject in entry.subjects {
            let parts = subject.path.split(separator: "/").map(String.init)
            switch (entry.kind, subject.role) {
            case (.scoreSheetSubmitted, "score-sheet"):
                if parts.count == 3, parts[1] != entry.actor.member.rawValue {
                    return "\(entry.actor.member) submitted \(subject.path), which is \(parts[1])'s score sheet"
                }
            case (.conflictDeclared, "declaration"):
                if parts.count == 2, parts[1] != entry.actor.member.rawValue + ".xml" {
                    return "\(entry.actor.member) recorded \(subject.path), which is another member's declaration"
                }
            default:
                continue
            }
        }
        return nil
    }
}
