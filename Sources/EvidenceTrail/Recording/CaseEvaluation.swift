import Crypto
import Foundation
public import TenderConcurrency
public import TenderDocuments
public import TenderEvaluation
import TenderModel
import TenderXML

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
    /// The digests of `evidence/results.xml` as it must be written (its bytes and its exclusive
    /// canonical form), computed as it is written in pieces (``ResultsDocument/write(_:plan:workers:into:)``):
    /// the document itself is not kept. ``resultsBytes()`` writes it again.
    public var results: DocumentDigests
    /// The process facts the evaluation used (late bids, decisions on abnormally low tenders), as
    /// the trail gave them.
    public var process: ProcessFacts

    /// The evaluation's input: the loaded documents with ``process``, exactly as evaluated (for
    /// analyses that re-run the evaluation, such as `DecisionAnalysis.analyse(_:result:)`).
    public var input: EvaluationInput {
        EvaluationInput(
            plan: loaded.plan, bids: loaded.bids, scoreSheets: loaded.scoreSheets, moderations: loaded.moderations,
            process: process, espdRequest: loaded.espdRequest, espdResponses: loaded.espdResponses)
    }

    /// Loads every input of `folder` (hashing each), evaluates with the process facts the trail
    /// gives (late bids, decisions on abnormally low tenders), and serialises the results.
    ///
    /// - Parameters:
    ///   - workers: The threads that read the files (``ParallelWork``); the evaluation is the same
    ///     for any number.
    ///   - keepingJustifications: Whether ``loaded``'s score sheets keep the text of their
    ///     justifications, which the evaluation does not read (`tender evaluate` drops it).
    ///   - canonicalDigests: Canonical digests already known by the digest of the bytes
    ///     (``CaseState/canonicalDigests``): a file with those bytes is not canonicalised again.
    /// - Throws: ``LifecycleError/invalidDocuments(_:)`` or ``LifecycleError/notEvaluable(_:)``
    ///   with every problem found; nothing is written.
    public static func run(
        _ folder: CaseFolder, process: ProcessFacts = ProcessFacts(), workers: Int = ParallelWork.defaultWorkers,
        keepingJustifications: Bool = true, canonicalDigests: [Digest: Digest] = [:]
    ) throws(LifecycleError)
        -> CaseEvaluation
    {
        let files: [CaseFile]
        do { files = try folder.inputFiles() } catch { throw .invalidDocuments(error) }
        let reads = folder.read(
            files, workers: workers, keepingJustifications: keepingJustifications,
            digest: recordedInput(knowing: canonicalDigests))
        return try run(folder, reads: consume reads, process: process, workers: workers)
    }

    /// How ``run(_:process:workers:)`` digests each input file it reads: its digests, not its bytes.
    @Sendable public static func recordedInput(_ input: LoadedInput) -> RecordedInput {
        recordedInput(knowing: [:])(input)
    }

    /// ``recordedInput(_:)``, except that a file whose bytes have a known canonical digest
    /// (``CaseState/canonicalDigests``: the trail recorded these exact bytes) takes it instead of
    /// being canonicalised again: the same digests, without libxml2's canonicalisation.
    public static func recordedInput(
        knowing canonicalDigests: [Digest: Digest]
    ) -> @Sendable (LoadedInput) -> RecordedInput {
        { input in
            let bytes = Digest(of: input.bytes)
            let canonical = canonicalDigests[bytes] ?? input.canonicalForm.map { Digest(of: $0) }
            return RecordedInput(file: input.file, digests: DocumentDigests(bytes: bytes, canonical: canonical))
        }
    }

    /// Evaluates the input files of `folder` as already read (``CaseFolder/read(_:workers:digest:)``
    /// with ``recordedInput(_:)``), so that a command that reads every file for its own checks
    /// (`tender verify`) does not read them twice.
    ///
    /// - Parameters:
    ///   - reads: Taken, and let go once the case is assembled from them: a read holds a copy of its
    ///     document and digests (some 13 MB at ten thousand bids) that the evaluation does not need.
    ///   - workers: The threads that score the bids and write the results (``ParallelWork``); the
    ///     same evaluation for any number.
    /// - Throws: As ``run(_:process:workers:)``.
    public static func run(
        _ folder: CaseFolder, reads: consuming [InputRead<RecordedInput>], process: ProcessFacts = ProcessFacts(),
        workers: Int = ParallelWork.defaultWorkers
    ) throws(LifecycleError) -> CaseEvaluation {
        let inputs: [RecordedInput]
        let loaded: LoadedCase
        do {
            let assembled = try folder.assemble(reads)
            loaded = assembled.0
            inputs = assembled.1
        } catch {
            throw .invalidDocuments(error)
        }
        _ = consume reads
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
                    moderations: loaded.moderations, process: process, espdRequest: loaded.espdRequest,
                    espdResponses: loaded.espdResponses), workers: workers)
        } catch {
            throw .notEvaluable(error)
        }
        var bytes = SHA256()
        var canonical = SHA256()
        do {
            try ResultsDocument.write(result, plan: loaded.plan, workers: workers) { chunk, canonicalChunk in
                bytes.update(data: chunk)
                canonical.update(data: canonicalChunk)
            }
        } catch {
            throw .serialization(error)
        }
        return CaseEvaluation(
            loaded: loaded, inputs: inputs, result: result,
            results: DocumentDigests(bytes: Digest(bytes.finalize()), canonical: Digest(canonical.finalize())),
            process: process)
    }

    /// The digests of the results document (``results``).
    public func resultsDigests() throws(LifecycleError) -> DocumentDigests { results }

    /// `evidence/results.xml` as it must be written, whole: written again in pieces and joined.
    /// For writing the file and for showing differences; the digests are ``results``.
    ///
    /// - Throws: ``LifecycleError/serialization(_:)`` when libxml2 cannot write the document.
    public func resultsBytes() throws(LifecycleError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try ResultsDocument.write(result, plan: loaded.plan) { chunk, _ in bytes += chunk }
        } catch {
            throw .serialization(error)
        }
        return bytes
    }
}

/// An exclusive lock on a case's evidence (`evidence/.lock`, `flock(2)`) while recording, so that
/// two `tender` processes never interleave their writes (the second is refused at once), and a
/// shared one while verifying, so that verification never reads a half-recorded step.
struct CaseLock {
    private let descriptor: Int32

    /// Takes a shared lock for reading, without creating anything; `nil` when the case has no lock
    /// file (nothing has ever been recorded).
    static func shared(folder: CaseFolder) throws(LifecycleError) -> CaseLock? {
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

    /// Takes the exclusive lock, creating `evidence/` and the lock file as needed.
    init(folder: CaseFolder) throws(LifecycleError) {
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
