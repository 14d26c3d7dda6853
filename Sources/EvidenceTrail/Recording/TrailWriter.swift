import Foundation
import TenderDocuments
public import TenderModel
import TenderXML

/// A panel member about to record: their identity as the plan lists it, and their private key.
public struct Signer: Sendable {
    /// The member.
    public var member: PanelMember
    /// The member's key.
    public var key: PrivateSigningKey

    /// The actor recorded in entries and checkpoints.
    public var actor: Actor { Actor(member: member.id, name: member.name, keyID: key.publicKey.keyID) }

    /// Finds the member of `plan` whose public key is `key`'s, and checks they hold one of `roles`.
    ///
    /// - Throws: ``LifecycleError/notAllowed(_:)`` when no panel member has this key, or the member
    ///   holds none of the roles.
    public static func resolve(
        _ key: PrivateSigningKey, in plan: TenderPlan, roles: [PanelMember.Role], for action: String
    )
        throws(LifecycleError) -> Signer
    {
        let keyID = key.publicKey.keyID
        guard
            let member = plan.panel.first(where: { member in
                member.publicKey.flatMap(PublicSigningKey.init(spkiBase64:))?.keyID == keyID
            })
        else {
            throw .notAllowed(
                "the key \(keyID.short)… is not the public key of any member of the plan's panel; add its <PublicKey> to the"
                    + " member in tender.xml (before sealing) or use that member's key")
        }
        guard roles.isEmpty || member.roles.contains(where: roles.contains) else {
            throw .notAllowed(
                "\(member.id) (\(member.name)) may not \(action): that needs the role "
                    + roles.map(\.rawValue).joined(separator: " or ") + "; their roles are "
                    + member.roles.map(\.rawValue).joined(separator: ", "))
        }
        return Signer(member: member, key: key)
    }
}

/// Appends signed entries and a signed checkpoint to a case's trail, each file written atomically
/// (entries first, the checkpoint last; each signature before the file it signs), so that a crash
/// leaves every earlier file intact and at worst an incomplete step: a signature without its file,
/// or entries that no checkpoint covers yet. `verify` reports it, and the next command sets it
/// aside (``InterruptedStep``) before recording.
struct TrailWriter {
    let folder: CaseFolder
    /// The number of entries already in the trail.
    let size: Int
    /// The hash of the last entry, `nil` for an empty trail.
    let head: Digest?
    /// Whether each file is flushed to disk as it is written (``AtomicFile/write(_:to:durable:)``);
    /// a batch of steps (``Lifecycle/receiveAll(_:key:)``) flushes once at its end instead.
    var durable = true

    /// A writer appending to `trail`.
    init(folder: CaseFolder, trail: Trail) {
        self.init(folder: folder, size: trail.entries.count, head: trail.entries.last?.hash)
    }

    /// A writer appending to a trail of `size` entries whose last entry hashes to `head`.
    init(folder: CaseFolder, size: Int, head: Digest?, durable: Bool = true) {
        self.folder = folder
        self.size = size
        self.head = head
        self.durable = durable
    }

    /// Appends `entries` (their sequence and previous hash are assigned here) signed by `signer`,
    /// then a checkpoint at `time`. Returns the sequence numbers appended and the new head.
    ///
    /// Every entry and the checkpoint are serialised, checked and signed before the first file is
    /// written: each must be valid under the trail schema (`trail.xsd`) and read back as what it
    /// is, exactly as `tender verify` reads it. TenderTrail never signs evidence its own verifier
    /// rejects. Then `copies` (files the step keeps in the case, such as a bid copied into `bids/`)
    /// are written, then the entries and the checkpoint.
    ///
    /// - Throws: ``LifecycleError/unverifiableEvidence(_:)`` (nothing written) when an entry or the
    ///   checkpoint would not pass the verifier's reading.
    func append(
        _ entries: [TrailEntry], signer: Signer, time: Timestamp, copies: [(path: String, bytes: [UInt8])] = []
    ) throws(LifecycleError) -> (
        appended: [Int], head: Digest
    ) {
        var previous = head
        var sequence = size
        var appended: [Int] = []
        var files: [(path: String, bytes: [UInt8])] = []
        for var entry in entries {
            sequence += 1
            entry.sequence = sequence
            entry.previous = previous
            let base = Trail.folder + "/" + Trail.paddedSequence(sequence)
            let (bytes, canonical) = try Self.serialize(entry.xmlDocument)
            try Self.check(bytes, as: .trailEntry, path: base + ".xml") { TrailEntry.read(from: $0) != nil }
            let signature = try sign(canonical, with: signer)
            files += [(base + ".sig", signature), (base + ".xml", bytes)]
            previous = Digest(of: canonical)
            appended.append(sequence)
        }
        guard let head = previous else { throw .outOfOrder("nothing to record") }
        let checkpoint = Checkpoint(size: sequence, head: head, time: time, signer: signer.actor)
        let base = Trail.checkpointFolder + "/" + Trail.paddedSequence(sequence)
        let (bytes, canonical) = try Self.serialize(checkpoint.xmlDocument)
        try Self.check(bytes, as: .checkpoint, path: base + ".xml") { Checkpoint.read(from: $0) != nil }
        let signature = try sign(canonical, with: signer)
        files += [(base + ".sig", signature), (base + ".xml", bytes)]
        for copy in copies { try write(copy.bytes, to: copy.path) }
        for file in files { try write(file.bytes, to: file.path) }
        return (appended, head)
    }

    /// Refuses `bytes`, about to be written to `path`, unless the trail's reader accepts them as
    /// `tender verify` does: schema-valid (`trail.xsd`) and readable (`isReadable`).
    static func check(
        _ bytes: [UInt8], as format: DocumentFormat, path: String, isReadable: (XMLDocument) -> Bool
    ) throws(LifecycleError) {
        let location = "\(path) (not written)"
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes, path: location)
            try document.validate(as: format)
        } catch {
            throw .unverifiableEvidence([error.description])
        }
        guard isReadable(document) else {
            throw .unverifiableEvidence([
                "\(location): error: the \(format == .checkpoint ? "checkpoint" : "entry") is schema-valid but holds an"
                    + " unusable value (a time or digest)"
            ])
        }
    }

    func write(_ bytes: [UInt8], to relativePath: String) throws(LifecycleError) {
        do {
            try AtomicFile.write(bytes, to: folder.url(for: relativePath), durable: durable)
        } catch {
            throw .write(error)
        }
    }

    private func sign(_ canonical: [UInt8], with signer: Signer) throws(LifecycleError) -> [UInt8] {
        do { return try signer.key.sign(canonical) } catch { throw .key(error) }
    }

    /// A document's bytes and its exclusive canonical form.
    static func serialize(_ document: XMLOutputDocument) throws(LifecycleError) -> (bytes: [UInt8], canonical: [UInt8])
    {
        do {
            let bytes = try document.serialized()
            let canonical = try XMLDocument.parse(bytes, path: "<generated>").exclusiveCanonicalForm()
            return (bytes, canonical)
        } catch {
            throw .serialization(error)
        }
    }
}
