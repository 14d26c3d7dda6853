public import Foundation
public import TenderConcurrency
import TenderDocuments
import TenderModel
import TenderXML

/// The evidence trail of a case as found on disk — `evidence/trail/*.xml` with their `.sig` files
/// and `evidence/checkpoints/*.xml` with theirs — each read, validated and hashed. Problems are
/// kept rather than thrown, so that verification can report all of them.
public struct Trail: Sendable {
    /// One entry file.
    public struct StoredEntry: Sendable {
        /// The file, relative to the case folder (`evidence/trail/00000003.xml`): made from
        /// ``fileSequence`` when asked, as only such names are read as entries (not held: forty
        /// thousand paths in a large case).
        public var path: String { Trail.folder + "/" + TrailEntry.fileName(for: fileSequence) }
        /// The sequence number its file name gives.
        public var fileSequence: Int
        /// The entry, when the file is a valid entry.
        public var entry: TrailEntry?
        /// The file's exclusive canonical form: what is hashed and signed. `nil` when not XML, and
        /// when its signature was checked as it was read (``signatureCheck``).
        public var canonical: [UInt8]?
        /// SHA-256 of the canonical form: the entry's hash, which the next entry carries as `Previous`.
        public var hash: Digest?
        /// The 64-byte signature from the `.sig` file beside it, when present.
        public var signature: [UInt8]?
        /// Whether ``signature`` is the Ed25519 signature of the canonical form by the key the entry
        /// names (its actor's key ID), when that was checked as the file was read
        /// (``Trail/load(caseURL:workers:keys:)``); `nil` when it was not, and the canonical form is kept.
        public var signatureCheck: Bool?
        /// Why the file is not a valid entry, when it is not.
        public var problem: String?
    }

    /// One checkpoint file.
    public struct StoredCheckpoint: Sendable {
        /// The file, relative to the case folder (`evidence/checkpoints/00000025.xml`): made from
        /// ``fileSize`` when asked, as only such names are read as checkpoints.
        public var path: String { Trail.checkpointPath(size: fileSize) }
        /// The size its file name gives.
        public var fileSize: Int
        /// The checkpoint, when the file is valid.
        public var checkpoint: Checkpoint?
        /// Its exclusive canonical form (what is signed); `nil` when its signature was checked as it
        /// was read (``signatureCheck``).
        public var canonical: [UInt8]?
        /// The signature beside it, when present.
        public var signature: [UInt8]?
        /// Whether ``signature`` is the signer's signature of the canonical form, when that was
        /// checked as the file was read; `nil` when it was not, and the canonical form is kept.
        public var signatureCheck: Bool?
        /// Why not valid, when it is not.
        public var problem: String?
    }

    /// Entry files in sequence order.
    public var entries: [StoredEntry]
    /// Checkpoint files in size order (the last is the latest).
    public var checkpoints: [StoredCheckpoint]
    /// Files in `evidence/trail/` or `evidence/checkpoints/` that are neither (hidden files ignored).
    public var strayFiles: [String]
    /// Signature files numbered beyond every entry (or checkpoint) of their folder, without the file
    /// they sign: what a command killed between writing a signature and its file leaves (every file
    /// is signed before it is written). An incomplete step, not damage; the next command sets them
    /// aside (see ``Lifecycle``).
    public var pendingSignatures: [String]

    /// The folder of entry files, relative to the case folder.
    public static let folder = "evidence/trail"
    /// The folder of checkpoints, relative to the case folder.
    public static let checkpointFolder = "evidence/checkpoints"
    /// The results file, relative to the case folder.
    public static let resultsPath = "evidence/results.xml"
    /// The folder where each sealed version of the plan is kept (`<sequence>.xml`).
    public static let sealedPlanFolder = "evidence/plans"

    /// `00000012` for 12.
    public static func paddedSequence(_ sequence: Int) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The path of the checkpoint covering `size` entries.
    public static func checkpointPath(size: Int) -> String { checkpointFolder + "/" + paddedSequence(size) + ".xml" }

    /// The path of the plan version sealed (or amended) by entry `sequence`.
    public static func sealedPlanPath(sequence: Int) -> String {
        sealedPlanFolder + "/" + paddedSequence(sequence) + ".xml"
    }

    /// The folder where the questions of each request for explanation of an abnormally low price
    /// are kept (`<sequence>.<extension>`, named by the `abnormally-low-requested` entry).
    public static let requestFolder = "evidence/requests"

    /// The path of the questions file recorded by entry `sequence` (`evidence/requests/00000032.txt`);
    /// `pathExtension` without the dot, empty for none.
    public static func requestPath(sequence: Int, pathExtension: String) -> String {
        requestFolder + "/" + paddedSequence(sequence) + (pathExtension.isEmpty ? "" : "." + pathExtension)
    }

    /// An empty trail.
    public init() {
        entries = []
        checkpoints = []
        strayFiles = []
        pendingSignatures = []
    }

    /// Reads the trail of the case at `caseURL`.
    ///
    /// - Parameters:
    ///   - workers: Each file is read, validated and hashed on one of `workers` threads
    ///     (``ParallelWork``); the trail is the same for any number.
    ///   - keys: Public keys by key ID (``signingKeys(caseURL:)``): a file whose signer's key is
    ///     among them has its signature checked as it is read (``StoredEntry/signatureCheck``) and
    ///     its canonical form is not kept (some 57 MB at ten thousand bids, when it was kept for
    ///     ``SignatureAudit``). Whether the key may sign is still the audit's to say, from the
    ///     sealed plans; a key ID names one key, so the check is the audit's own.
    /// - Throws: ``TrailReadError`` only when an evidence folder exists but cannot be listed;
    ///   everything else is recorded in the result.
    public static func load(
        caseURL: URL, workers: Int = ParallelWork.defaultWorkers, keys: [Digest: PublicSigningKey] = [:]
    ) throws(TrailReadError) -> Trail {
        var trail = Trail()
        let entryFiles = try numberedFiles(caseURL: caseURL, folder: folder, trail: &trail)
        trail.entries = ParallelWork.map(entryFiles.count, workers: workers) { index in
            var stored = loadEntry(caseURL: caseURL, relative: entryFiles[index].1, sequence: entryFiles[index].0)
            if let check = check(stored.signature, of: stored.canonical, by: stored.entry?.actor, keys: keys) {
                stored.signatureCheck = check
                stored.canonical = nil
            }
            return stored
        }
        let checkpointFiles = try numberedFiles(caseURL: caseURL, folder: checkpointFolder, trail: &trail)
        trail.checkpoints = ParallelWork.map(checkpointFiles.count, workers: workers) { index in
            var stored = loadCheckpoint(
                caseURL: caseURL, relative: checkpointFiles[index].1, size: checkpointFiles[index].0)
            if let check = check(stored.signature, of: stored.canonical, by: stored.checkpoint?.signer, keys: keys) {
                stored.signatureCheck = check
                stored.canonical = nil
            }
            return stored
        }
        return trail
    }

    /// Whether `signature` is the signature of `canonical` by the key `actor` names, when all are
    /// there and the key is among `keys`; `nil` otherwise.
    private static func check(
        _ signature: [UInt8]?, of canonical: [UInt8]?, by actor: Actor?, keys: [Digest: PublicSigningKey]
    ) -> Bool? {
        guard let signature, let canonical, let actor, let key = keys[actor.keyID] else { return nil }
        return key.isValidSignature(signature, for: canonical)
    }

    /// The public keys of every panel in the sealed plan versions kept in `evidence/plans/`, by
    /// key ID: what ``load(caseURL:workers:keys:)`` checks signatures with as it reads. A copy
    /// that cannot be read gives none (the audit reports it); whether a copy is the plan its entry
    /// sealed is the audit's to say, as is whether a key may sign what it signed.
    public static func signingKeys(caseURL: URL) -> [Digest: PublicSigningKey] {
        let folderURL = caseURL.appendingPathComponent(sealedPlanFolder, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folderURL.path)) ?? []
        var keys: [Digest: PublicSigningKey] = [:]
        for name in names.sorted() where name.hasSuffix(".xml") && !name.hasPrefix(".") {
            let relative = sealedPlanFolder + "/" + name
            guard let data = FileManager.default.contents(atPath: folderURL.appendingPathComponent(name).path),
                let plan = try? TenderPlan.parse([UInt8](data), path: relative)
            else { continue }
            for member in plan.panel {
                if let key = member.publicKey.flatMap(PublicSigningKey.init(spkiBase64:)) { keys[key.keyID] = key }
            }
        }
        return keys
    }

    /// `NNNNNNNN.xml` files of a folder by number; `.sig` files are read with them; anything else is stray.
    private static func numberedFiles(
        caseURL: URL, folder: String, trail: inout Trail
    ) throws(TrailReadError)
        -> [(Int, String)]
    {
        let manager = FileManager.default
        let folderURL = caseURL.appendingPathComponent(folder, isDirectory: true)
        guard manager.fileExists(atPath: folderURL.path) else { return [] }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folderURL.path)
        } catch {
            throw TrailReadError(path: folder, reason: error.localizedDescription)
        }
        var files: [(Int, String)] = []
        var orphans: [(Int, String)] = []
        let present = Set(names)
        for name in names.sorted() where !name.hasPrefix(".") {
            let stem = name.split(separator: ".").first.map(String.init) ?? ""
            guard stem.count == 8, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(stem), number > 0
            else {
                trail.strayFiles.append(folder + "/" + name)
                continue
            }
            if name.hasSuffix(".xml") && name.count == 12 {
                files.append((number, folder + "/" + name))
            } else if name.hasSuffix(".sig") && name.count == 12 {
                if !present.contains(stem + ".xml") { orphans.append((number, folder + "/" + name)) }
            } else {
                trail.strayFiles.append(folder + "/" + name)
            }
        }
        // A signature beyond the last file is an interrupted write; one among the files is stray.
        let last = files.map(\.0).max() ?? 0
        for (number, path) in orphans {
            if number > last { trail.pendingSignatures.append(path) } else { trail.strayFiles.append(path) }
        }
        return files
    }

    /// Reads, validates and canonicalises one file; keeps the canonical form even when validation
    /// fails, since a changed file's hash still matters to the chain.
    private static func loadDocument(
        _ format: DocumentFormat, caseURL: URL, relative: String
    ) -> (
        document: XMLDocument?, canonical: [UInt8]?, problem: String?
    ) {
        let url = caseURL.appendingPathComponent(relative)
        let bytes: [UInt8]
        do {
            bytes = try NativeDocument.readBytes(url, displayPath: relative)
        } catch {
            return (nil, nil, error.description)
        }
        let parsed: XMLDocument
        do {
            parsed = try XMLDocument.parse(bytes, path: relative)
        } catch {
            return (nil, nil, error.description)
        }
        let canonical = try? parsed.exclusiveCanonicalForm()
        do {
            try parsed.validate(as: format)
        } catch {
            return (nil, canonical, error.description)
        }
        return (parsed, canonical, nil)
    }

    private static func signature(caseURL: URL, relative: String) -> [UInt8]? {
        let path = caseURL.appendingPathComponent(String(relative.dropLast(4)) + ".sig").path
        return FileManager.default.contents(atPath: path).map(Array.init)
    }

    private static func loadEntry(caseURL: URL, relative: String, sequence: Int) -> StoredEntry {
        let loaded = loadDocument(.trailEntry, caseURL: caseURL, relative: relative)
        var stored = StoredEntry(
            fileSequence: sequence, entry: nil, canonical: loaded.canonical,
            hash: loaded.canonical.map { Digest(of: $0) }, signature: signature(caseURL: caseURL, relative: relative),
            signatureCheck: nil, problem: loaded.problem)
        if let document = loaded.document {
            if let entry = TrailEntry.read(from: document) {
                stored.entry = entry
            } else {
                stored.problem =
                    "\(relative): error: the entry is schema-valid but holds an unusable value (a time or digest)"
            }
        }
        return stored
    }

    private static func loadCheckpoint(caseURL: URL, relative: String, size: Int) -> StoredCheckpoint {
        let loaded = loadDocument(.checkpoint, caseURL: caseURL, relative: relative)
        var stored = StoredCheckpoint(
            fileSize: size, checkpoint: nil, canonical: loaded.canonical,
            signature: signature(caseURL: caseURL, relative: relative), signatureCheck: nil, problem: loaded.problem)
        if let document = loaded.document {
            if let checkpoint = Checkpoint.read(from: document) {
                stored.checkpoint = checkpoint
            } else {
                stored.problem = "\(relative): error: the checkpoint is schema-valid but holds an unusable value"
            }
        }
        return stored
    }

    /// Drops every entry's and checkpoint's canonical form, once their signatures have been checked
    /// (``SignatureAudit``, the one reader of them): hashes, entries and signatures stay. At ten
    /// thousand bids the trail's 80,000 canonical forms are some 50 MB that neither the evaluation nor
    /// the other checks read.
    public mutating func forgetCanonicalForms() {
        for index in entries.indices { entries[index].canonical = nil }
        for index in checkpoints.indices { checkpoints[index].canonical = nil }
    }

    /// Drops every checkpoint but the latest, once their signatures have been checked
    /// (``SignatureAudit``), for a command that appends to the trail: it reads only the latest
    /// (``integrityProblems()``); `tender verify` keeps them all. A large case has a checkpoint
    /// for each command that recorded, some 20 MB at ten thousand bids.
    public mutating func forgetEarlierCheckpoints() {
        checkpoints = Array(checkpoints.suffix(1))  // a new buffer: removing would keep the old one's capacity
    }

    /// The entries that are valid, in order.
    public var validEntries: [TrailEntry] { entries.compactMap(\.entry) }

    /// The latest checkpoint, when there is one.
    public var latestCheckpoint: StoredCheckpoint? { checkpoints.last }

    /// The last `evaluation-computed` entry, when there is one.
    public var lastEvaluation: TrailEntry? {
        // From the end, without copying every valid entry first (forty thousand in a large case).
        for stored in entries.reversed() {
            if let entry = stored.entry, entry.kind == .evaluationComputed { return entry }
        }
        return nil
    }

    /// Problems with the trail's own structure, in the order verification checks them: entry files
    /// that are not valid entries, sequence numbers that do not run 1, 2, 3…, a broken hash chain,
    /// a missing signature file, and a latest checkpoint that does not cover the trail. Signature
    /// validity needs the plan's keys and is checked by the caller. Empty when the trail can be
    /// appended to.
    public func integrityProblems() -> [String] {
        var problems: [String] = []
        for stored in entries {
            if let problem = stored.problem { problems.append(problem) }
            if let entry = stored.entry, entry.sequence != stored.fileSequence {
                problems.append(
                    "\(stored.path): error: the entry says sequence \(entry.sequence) but its file name says \(stored.fileSequence)"
                )
            }
            if stored.signature == nil {
                problems.append(
                    "\(stored.path): error: no signature (\(TrailEntry.signatureFileName(for: stored.fileSequence)))")
            }
        }
        for (index, stored) in entries.enumerated() where stored.fileSequence != index + 1 {
            problems.append(
                "\(stored.path): error: expected entry \(index + 1) here; entries must be numbered 1, 2, 3… without gaps"
            )
            break
        }
        for (index, stored) in entries.enumerated() {
            guard let entry = stored.entry else { continue }
            if index == 0 {
                if entry.previous != nil {
                    problems.append("\(stored.path): error: the first entry must not name a previous entry")
                }
            } else {
                let before = entries[index - 1]
                if entry.previous == nil || before.hash == nil || entry.previous != before.hash {
                    problems.append(
                        "\(stored.path): error: <Previous> is \(entry.previous?.short ?? "missing") but the canonical hash of"
                            + " \(before.path) is \(before.hash?.short ?? "unknown"): the entry before it was changed, removed"
                            + " or reordered")
                }
            }
        }
        if let latest = latestCheckpoint {
            if let problem = latest.problem {
                problems.append(problem)
            } else if let checkpoint = latest.checkpoint {
                if checkpoint.size != entries.count || latest.fileSize != checkpoint.size {
                    problems.append(
                        "\(latest.path): error: the latest checkpoint covers \(checkpoint.size) entries but the trail has"
                            + " \(entries.count)")
                } else if let last = entries.last, checkpoint.head != last.hash {
                    problems.append(
                        "\(latest.path): error: the checkpoint's head is \(checkpoint.head.short) but the canonical hash of"
                            + " \(last.path) is \(last.hash?.short ?? "unknown")")
                }
                if latest.signature == nil { problems.append("\(latest.path): error: no signature") }
            }
        } else if !entries.isEmpty {
            problems.append("\(Self.checkpointFolder): error: the trail has entries but no checkpoint")
        }
        if let stray = strayFiles.first {
            problems.append("\(stray): error: not a trail entry, checkpoint or signature")
        }
        for pending in pendingSignatures {
            problems.append("\(pending): error: a signature without the file it signs (an incomplete step)")
        }
        return problems
    }
}

/// An evidence folder exists but cannot be read.
public struct TrailReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder.
    public var path: String
    /// The system's reason.
    public var reason: String

    /// `path: error: cannot read: reason`.
    public var description: String { "\(path): error: cannot read: \(reason)" }
}
