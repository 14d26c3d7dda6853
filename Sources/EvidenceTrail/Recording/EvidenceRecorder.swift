import Foundation
public import TenderDocuments
public import TenderEvaluation
public import TenderModel
public import TenderXML

/// An input file of an evaluation with its digests.
public struct RecordedInput: Equatable, Sendable {
    /// The file.
    public var file: CaseFile
    /// Its digests.
    public var digests: DocumentDigests

    /// Creates a recorded input.
    public init(file: CaseFile, digests: DocumentDigests) {
        self.file = file
        self.digests = digests
    }
}

/// A case loaded, evaluated and serialised: what `tender evaluate` records and what `tender verify`
/// recomputes, by the same code.
public struct CaseEvaluation: Sendable {
    /// The case's documents.
    public var loaded: LoadedCase
    /// Every input file with its digests, in ``CaseFile`` order.
    public var inputs: [RecordedInput]
    /// The evaluation.
    public var result: EvaluationResult
    /// `evidence/results.xml` as it must be written.
    public var resultsBytes: [UInt8]

    /// Loads every input of `folder` (hashing each), evaluates, and serialises the results.
    ///
    /// - Throws: ``EvidenceError/invalidDocuments(_:)`` or ``EvidenceError/notEvaluable(_:)``
    ///   with every problem found; nothing is written.
    public static func run(_ folder: CaseFolder) throws(EvidenceError) -> CaseEvaluation {
        var inputs: [RecordedInput] = []
        let loaded: LoadedCase
        do {
            loaded = try folder.load { input in
                inputs.append(
                    RecordedInput(
                        file: input.file,
                        digests: DocumentDigests(bytes: input.bytes, canonicalForm: input.canonicalForm)))
            }
        } catch {
            throw .invalidDocuments(error)
        }
        if let recorded = loaded.plan.source?.sha256,
            let notice = inputs.first(where: { $0.file.role == .notice }), notice.digests.bytes.hex != recorded
        {
            throw .invalidDocuments(
                .invalidContent([
                    DocumentProblem(
                        location: FileLocation(path: folder.displayPath(for: notice.file.relativePath)),
                        message: "this is not the notice the plan was imported from: tender.xml records sha256"
                            + " \(recorded.prefix(12))… in <Source>, this file's is \(notice.digests.bytes.short)…; keep the"
                            + " published notice byte for byte")
                ]))
        }
        let result: EvaluationResult
        do {
            result = try evaluate(
                EvaluationInput(
                    plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets,
                    moderations: loaded.moderations))
        } catch {
            throw .notEvaluable(error)
        }
        let bytes: [UInt8]
        do {
            bytes = try ResultsDocument.make(result, plan: loaded.plan).serialized()
        } catch {
            throw .serialization(error)
        }
        return CaseEvaluation(loaded: loaded, inputs: inputs, result: result, resultsBytes: bytes)
    }
}

/// Why evidence could not be produced or recorded.
public enum EvidenceError: Error, Sendable, CustomStringConvertible {
    /// An input document could not be read (every problem, with file and line).
    case invalidDocuments(DocumentReadError)
    /// The documents could not be evaluated (every problem, with file and line).
    case notEvaluable(EvaluationError)
    /// The existing trail is damaged; appending would hide it. Holds its integrity problems.
    case trailDamaged([String])
    /// `evidence/results.xml` differs from what the trail recorded.
    case resultsChangedSinceRecorded(String)
    /// The evidence folder could not be read.
    case unreadable(TrailReadError)
    /// Another `tender` process holds the case's lock.
    case locked(String)
    /// A file could not be written (earlier evidence is unchanged).
    case write(AtomicFile.WriteError)
    /// libxml2 could not serialise or canonicalise a document.
    case serialization(XMLError)

    /// Whether the error is about the inputs (exit 1) rather than the system (exit 2).
    public var isInputError: Bool {
        switch self {
        case .invalidDocuments(let error):
            // A missing case folder is a usage/I-O error, not invalid input.
            if case .xml(.unreadable) = error { return false }
            return true
        case .notEvaluable, .trailDamaged, .resultsChangedSinceRecorded: return true
        case .unreadable, .locked, .write, .serialization: return false
        }
    }

    /// The value as text, for people and diagnostics.
    public var description: String {
        switch self {
        case let .invalidDocuments(error): error.description
        case let .notEvaluable(error): error.description
        case let .trailDamaged(problems):
            problems.joined(separator: "\n")
                + "\nerror: the evidence trail is damaged; nothing was recorded. Run `tender verify` to see what changed."
        case let .resultsChangedSinceRecorded(message): message
        case let .unreadable(error): error.description
        case let .locked(message): message
        case let .write(error): error.description
        case let .serialization(error): error.description
        }
    }
}

/// What recording an evaluation did.
public struct RecordingOutcome: Equatable, Sendable {
    /// The entries appended (empty when the trail already recorded this exact evaluation).
    public var appended: [Int]
    /// The trail's size and head after recording.
    public var size: Int
    /// The hash of the last entry, when the trail has one.
    public var head: Digest?

    /// Whether nothing had to be written (same inputs and results as the last recorded evaluation).
    public var wasAlreadyRecorded: Bool { appended.isEmpty }
}

/// Appends an evaluation to a case's evidence trail.
///
/// Writes, each atomically and in this order: `evidence/results.xml`; one `input-recorded` entry
/// for every input whose digests differ from the latest recorded for its path (or that was never
/// recorded); one `evaluation-computed` entry listing every input and the results; the checkpoint.
/// A crash part-way leaves the earlier evidence intact and an incomplete step that `verify`
/// reports. When the trail already ends with this exact evaluation, nothing is written.
///
/// Refuses to append to a trail that fails its own integrity checks, or when
/// `evidence/results.xml` no longer matches what the trail recorded: recording on top would hide
/// what happened.
public struct EvidenceRecorder {
    /// The case.
    public let folder: CaseFolder
    /// The clock (the system clock in the product, a fixed one in tests).
    public let clock: @Sendable () -> Timestamp
    /// Who records (written into every entry).
    public let actor: String

    /// Creates a recorder.
    public init(folder: CaseFolder, actor: String, clock: @escaping @Sendable () -> Timestamp) {
        self.folder = folder
        self.actor = actor
        self.clock = clock
    }

    /// Records `evaluation` (see the type's documentation).
    /// - Throws: ``EvidenceError``; on any error, what was already on disk is unchanged except for
    ///   files completely written before the failure.
    public func record(_ evaluation: CaseEvaluation) throws(EvidenceError) -> RecordingOutcome {
        let lock = try CaseLock(folder: folder)
        defer { lock.release() }
        let trail: Trail
        do {
            trail = try Trail.load(caseURL: folder.url)
        } catch {
            throw .unreadable(error)
        }
        let integrity = trail.integrityProblems().map { folder.displayPath == "." ? $0 : folder.displayPath + "/" + $0 }
        guard integrity.isEmpty else { throw .trailDamaged(integrity) }

        let resultsURL = folder.url(for: Trail.resultsPath)
        let resultsDigests = try digests(of: evaluation.resultsBytes)
        let recordedResults = trail.lastEvaluation?.subjects.first { $0.role == "results" }
        if let recordedResults, let onDisk = try? NativeDocument.readBytes(resultsURL, displayPath: Trail.resultsPath),
            let onDiskDigests = try? digests(of: onDisk), onDiskDigests.canonical != recordedResults.digests.canonical
        {
            throw .resultsChangedSinceRecorded(
                "\(folder.displayPath(for: Trail.resultsPath)): error: the results differ from what entry"
                    + " \(trail.lastEvaluation?.sequence ?? 0) recorded (canonical sha256 \(recordedResults.digests.canonical.short)…,"
                    + " now \(onDiskDigests.canonical.short)…); nothing was recorded. Run `tender verify` to investigate."
            )
        }

        let latest = trail.latestInputs
        let inputSubjects = evaluation.inputs.map {
            TrailEntry.Subject(role: $0.file.role.rawValue, path: $0.file.relativePath, digests: $0.digests)
        }
        let manifest =
            inputSubjects + [TrailEntry.Subject(role: "results", path: Trail.resultsPath, digests: resultsDigests)]
        let changed = inputSubjects.filter { latest[$0.path]?.digests != $0.digests }
        if changed.isEmpty, let last = trail.validEntries.last, last.kind == .evaluationComputed,
            last.subjects == manifest,
            FileManager.default.fileExists(atPath: resultsURL.path)
        {
            return RecordingOutcome(appended: [], size: trail.entries.count, head: trail.entries.last?.hash)
        }

        let time = clock()
        var entries = changed.map {
            TrailEntry(sequence: 0, previous: nil, kind: .inputRecorded, time: time, actor: actor, subjects: [$0])
        }
        entries.append(
            TrailEntry(
                sequence: 0, previous: nil, kind: .evaluationComputed, time: time, actor: actor, subjects: manifest,
                notes: ["evaluated \(evaluation.loaded.bids.count) bid(s) in \(evaluation.result.lots.count) lot(s)"]))

        do {
            try AtomicFile.write(evaluation.resultsBytes, to: resultsURL)
        } catch {
            throw .write(error)
        }
        var previous = trail.entries.last?.hash
        var sequence = trail.entries.count
        var appended: [Int] = []
        for var entry in entries {
            sequence += 1
            entry.sequence = sequence
            entry.previous = previous
            let bytes = try serialize(entry.xmlDocument)
            previous = try digests(of: bytes).canonical
            do {
                try AtomicFile.write(
                    bytes, to: folder.url(for: Trail.folder + "/" + TrailEntry.fileName(for: sequence)))
            } catch {
                throw .write(error)
            }
            appended.append(sequence)
        }
        guard let head = previous else { return RecordingOutcome(appended: appended, size: sequence, head: nil) }
        let checkpoint = Checkpoint(size: sequence, head: head, time: time)
        let checkpointBytes = try serialize(checkpoint.xmlDocument)
        do {
            try AtomicFile.write(checkpointBytes, to: folder.url(for: Trail.checkpointPath))
        } catch {
            throw .write(error)
        }
        return RecordingOutcome(appended: appended, size: sequence, head: head)
    }

    private func serialize(_ document: XMLOutputDocument) throws(EvidenceError) -> [UInt8] {
        do { return try document.serialized() } catch { throw .serialization(error) }
    }

    private func digests(of bytes: [UInt8]) throws(EvidenceError) -> DocumentDigests {
        do {
            let document = try XMLDocument.parse(bytes, path: "<generated>")
            return DocumentDigests(bytes: bytes, canonicalForm: try document.exclusiveCanonicalForm())
        } catch {
            throw .serialization(error)
        }
    }
}

/// A lock on a case's evidence (`evidence/.lock`, `flock(2)`): exclusive while recording, so that
/// two `tender` processes never interleave their writes (the second is refused at once), and shared
/// while verifying, so that verification never reads a half-recorded step.
struct CaseLock {
    private let descriptor: Int32

    /// Takes a shared lock for reading, without creating anything; `nil` when the case has no lock
    /// file (nothing has ever been recorded).
    static func shared(folder: CaseFolder) throws(EvidenceError) -> CaseLock? {
        let path = folder.evidenceURL.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else {
            close(descriptor)
            throw .locked(
                "\(folder.displayPath(for: "evidence")): error: another tender process is recording evidence in this case;"
                    + " verify when it has finished")
        }
        return CaseLock(descriptor: descriptor)
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    init(folder: CaseFolder) throws(EvidenceError) {
        let evidence = folder.evidenceURL
        do {
            try FileManager.default.createDirectory(at: evidence, withIntermediateDirectories: true)
        } catch {
            throw .write(AtomicFile.WriteError(path: evidence.path, reason: error.localizedDescription))
        }
        let path = evidence.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            throw .write(AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno))))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .locked(
                "\(folder.displayPath(for: "evidence")): error: another tender process is recording evidence in this case;"
                    + " try again when it has finished")
        }
        self.descriptor = descriptor
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
