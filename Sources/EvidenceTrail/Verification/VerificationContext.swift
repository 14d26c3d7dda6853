import Foundation
public import TenderDocuments
import TenderEvaluation
public import TenderModel
import TenderXML

/// What the checks read, gathered once before they run: the trail and the state it describes, the
/// signature audit, the case's files as they are now (hashed, and read one by one so that one bad
/// file does not hide the others), the results as recorded, and a fresh evaluation.
public struct VerificationContext: Sendable {
    /// A file's digests now.
    public struct CurrentDigests: Sendable {
        /// SHA-256 of its bytes.
        public var bytesDigest: Digest
        /// SHA-256 of its exclusive canonical form, when it parses.
        public var canonicalDigest: Digest?

        /// The digest that identifies it (canonical when XML).
        public var identity: Digest { canonicalDigest ?? bytesDigest }
    }

    /// The documents of the case, each read on its own; a file that cannot be read is absent.
    public struct Documents: Sendable {
        /// The plan now.
        public var plan: TenderPlan?
        /// Bids by ID.
        public var bids: [BidID: Bid] = [:]
        /// Score sheets by path.
        public var sheets: [String: ScoreSheet] = [:]
        /// Moderation records by path.
        public var moderations: [String: Moderation] = [:]
        /// Declarations by member.
        public var declarations: [EvaluatorID: ConflictDeclaration] = [:]
        /// The scores whose justification is not substantive against the sealed plan, each with
        /// why, by score sheet path (`JustificationsAreSubstantive`): judged as each sheet is read,
        /// so that the sheets (in ``sheets``) keep their scores without the justifications' text.
        var weakJustifications: [String: [(score: CriterionScore, problem: String)]] = [:]
    }

    /// One bid's standing in the recorded results.
    public struct RecordedStanding: Sendable {
        /// `ranked` or `excluded`.
        public var status: String
        /// The rank, when ranked.
        public var rank: Int?
        /// The exclusion stage, when excluded.
        public var stage: String?
        /// Flag codes.
        public var flags: [String]
    }

    /// The case.
    public var folder: CaseFolder
    /// The trail as found.
    public var trail: Trail
    /// What the trail says.
    public var state: CaseState
    /// Signature problems (see ``SignatureAudit``).
    var signatureFindings: [Finding]
    /// The sealed plan versions kept in `evidence/plans/`, by the sequence of the entry that sealed each.
    public var planVersions: [Int: TenderPlan]
    /// The case's input files now, with their digests.
    public var currentInputs: [CaseFile: CurrentDigests]
    /// Problems discovering the input files (a stray file in `bids/`, no `tender.xml`).
    public var discoveryProblems: [DocumentProblem]
    /// The documents, each read on its own.
    public var documents: Documents
    /// The results file now, when present.
    public var currentResults: CurrentDigests?
    /// The recorded results by lot and bid, when `evidence/results.xml` can be read.
    public var recordedResults: [LotID: [BidID: RecordedStanding]]
    /// Why the recorded results cannot be read although the trail records an evaluation (the file
    /// is missing, or not a valid results document); `nil` when they can, or when nothing is
    /// recorded yet. The rules that compare the trail with the recorded standings are then skipped:
    /// an unreadable file has no standings, and "no status for every bid" would be false.
    public var unreadableResults: String?
    /// The fresh evaluation, or why it could not be made.
    public var evaluation: Result<CaseEvaluation, LifecycleError>
    /// The published checkpoint given with `--checkpoint`: the checkpoint (or why not), its
    /// canonical bytes and signature, and how the user named it.
    var published: (path: String, checkpoint: Checkpoint?, canonical: [UInt8]?, signature: [UInt8]?, problem: String?)?

    /// The plan in force at entry `sequence` (the latest version sealed at or before it).
    public func plan(atOrBefore sequence: Int) -> TenderPlan? {
        planVersions.keys.sorted().last { $0 <= sequence }.flatMap { planVersions[$0] }
    }

    /// The plan in force now: the latest sealed version.
    public var sealedPlan: TenderPlan? { planVersions.keys.max().flatMap { planVersions[$0] } }

    /// The display path of a case-relative path.
    func display(_ relative: String) -> String { folder.displayPath(for: relative) }

    /// The display path of an entry file.
    func entryPath(_ sequence: Int) -> String { display(Trail.folder + "/" + TrailEntry.fileName(for: sequence)) }

    /// Reads everything the checks need.
    static func gather(_ folder: CaseFolder, publishedCheckpoint: URL?) throws(LifecycleError) -> VerificationContext {
        var state: CaseState
        // Signatures by the sealed plans' keys are checked as the trail is read (no canonical forms
        // kept); `SignatureAudit` says whether each key may sign what it signed.
        do {
            state = CaseState(trail: try Trail.load(caseURL: folder.url, keys: Trail.signingKeys(caseURL: folder.url)))
        } catch {
            throw .unreadable(error)
        }
        let sealed = SignatureAudit.planVersions(state, folder: folder)
        let planVersions = sealed.plans
        let signatureFindings = SignatureAudit.findings(state, sealed: sealed, folder: folder)
        // Every signature is checked: the canonical forms are not read again.
        state.forgetCanonicalForms()
        let trail = state.trail
        let sealedPlan = planVersions.keys.max().flatMap { planVersions[$0] }
        var inputs: [CaseFile: CurrentDigests] = [:]
        var discoveryProblems: [DocumentProblem] = []
        var documents = Documents()
        // Every input file is read once (on every core, ``CaseFolder/read(_:workers:digest:)``): its
        // digests and document serve the checks, and the evaluation when the case can be evaluated.
        var evaluation: Result<CaseEvaluation, LifecycleError>
        do {
            let found = try folder.discoverInputFiles()
            discoveryProblems = found.problems
            let scales = sealedPlan.map(JustificationsAreSubstantive.descriptors(of:)) ?? [:]
            // The canonical digests the trail recorded are taken for the same bytes only when every
            // entry is intact and validly signed; otherwise every input is canonicalised again, so
            // that a changed digest in an entry is also found by `inputs-match-record`.
            let trusted = signatureFindings.isEmpty && trail.integrityProblems().isEmpty
            let digests = CaseEvaluation.recordedInput(knowing: trusted ? state.canonicalDigests : [:])
            let judged = folder.read(found.files, keepingJustifications: false) { input in
                var weak: [(score: CriterionScore, problem: String)] = []
                if case let .scoreSheet(sheet)? = input.document, let sealedPlan {
                    weak = JustificationsAreSubstantive.problems(in: sheet, plan: sealedPlan, scales: scales)
                }
                return WeighedInput(recorded: digests(input), weakJustifications: weak)
            }
            for read in judged where !(read.digests?.weakJustifications.isEmpty ?? true) {
                documents.weakJustifications[read.file.relativePath] = read.digests?.weakJustifications
            }
            let reads = (consume judged).map { $0.mapDigests(\.recorded) }
            // The sheets' tables of criteria, one for each list (``ScoreSheet/Scores/shareCriteria(with:)``).
            var criteriaTables: Set<[CriterionID]> = []
            for read in reads {
                if let digests = read.digests?.digests {
                    inputs[read.file] = CurrentDigests(bytesDigest: digests.bytes, canonicalDigest: digests.canonical)
                }
                switch read.document {
                case let .plan(plan)?: documents.plan = plan
                case let .bid(bid)?: documents.bids[bid.id] = bid
                case var .scoreSheet(sheet)?:
                    sheet.scores.shareCriteria(with: &criteriaTables)
                    documents.sheets[read.file.relativePath] = sheet
                case let .moderation(moderation)?: documents.moderations[read.file.relativePath] = moderation
                case let .declaration(declaration)?: documents.declarations[declaration.member] = declaration
                case .notice?, .espdRequest?, .espdResponse?, nil: break
                }
            }
            // As `CaseEvaluation.run` does: a folder whose layout is wrong is not evaluated.
            if found.problems.isEmpty {
                // The reads are handed over: their documents are in `documents` now.
                do throws(LifecycleError) {
                    evaluation = .success(
                        try CaseEvaluation.run(folder, reads: consume reads, process: state.processFacts))
                } catch {
                    evaluation = .failure(error)
                }
            } else {
                evaluation = .failure(.invalidDocuments(.several(found.problems)))
            }
        } catch {
            discoveryProblems = error.problems
            evaluation = .failure(.invalidDocuments(error))
        }
        let resultsURL = folder.url(for: Trail.resultsPath)
        // The results file is hashed in chunks; when its bytes are those the trail recorded or those
        // evaluating again gives, it is not parsed (at ten thousand bids it is over 100 MB).
        let known =
            (trail.lastEvaluation?.subjects.filter { $0.role == "results" }.map(\.digests) ?? [])
            + ((try? evaluation.get().results).map { [$0] } ?? [])
        let currentResults = Lifecycle.digests(ofFile: resultsURL, known: known).map {
            CurrentDigests(bytesDigest: $0.bytes, canonicalDigest: $0.canonical)
        }
        let recordedResults: [LotID: [BidID: RecordedStanding]]?
        if let fresh = try? evaluation.get(), currentResults?.bytesDigest == fresh.results.bytes {
            // The file is the document evaluating again writes: its standings are the evaluation's.
            recordedResults = standings(fresh.result)
        } else {
            recordedResults = recordedStandings(resultsURL)
        }
        var unreadableResults: String?
        if trail.lastEvaluation != nil, recordedResults == nil {
            unreadableResults =
                currentResults == nil
                ? "\(Trail.resultsPath) is missing (results-match-record)"
                : "\(Trail.resultsPath) cannot be read as results (results-match-record)"
        }
        return VerificationContext(
            folder: folder, trail: trail, state: state,
            signatureFindings: signatureFindings,
            planVersions: planVersions,
            currentInputs: inputs, discoveryProblems: discoveryProblems, documents: documents,
            currentResults: currentResults, recordedResults: recordedResults ?? [:],
            unreadableResults: unreadableResults,
            evaluation: evaluation,
            published: publishedCheckpoint.map(loadPublished))
    }

    /// Each bid's standing as ``ResultsDocument`` writes it (`status`, `rank`, `<Exclusion stage>`,
    /// `<Flag code>`): what ``recordedStandings(_:)`` reads back from that document.
    static func standings(_ result: EvaluationResult) -> [LotID: [BidID: RecordedStanding]] {
        var standings: [LotID: [BidID: RecordedStanding]] = [:]
        for lot in result.lots {
            for bid in lot.bids {
                var standing = RecordedStanding(status: "", rank: nil, stage: nil, flags: bid.flags.map(\.code))
                switch bid.status {
                case let .ranked(rank):
                    standing.status = "ranked"
                    standing.rank = rank
                case let .excluded(exclusion):
                    standing.status = "excluded"
                    standing.stage = exclusion.stage.rawValue
                }
                standings[lot.lot, default: [:]][bid.bid] = standing
            }
        }
        return standings
    }

    /// The standings `evidence/results.xml` records; `nil` when it is missing or not a valid
    /// results document.
    static func recordedStandings(_ url: URL) -> [LotID: [BidID: RecordedStanding]]? {
        guard let document = try? NativeDocument.load(.results, contentsOf: url, displayPath: Trail.resultsPath) else {
            return nil
        }
        let namespace = DocumentFormat.results.namespace
        var standings: [LotID: [BidID: RecordedStanding]] = [:]
        for lot in document.root.children("Lot", namespace: namespace) {
            guard let lotID = lot.attribute("id") else { continue }
            for bid in lot.children("Bid", namespace: namespace) {
                guard let bidID = bid.attribute("id") else { continue }
                standings[LotID(lotID), default: [:]][BidID(bidID)] = RecordedStanding(
                    status: bid.attribute("status") ?? "",
                    rank: bid.attribute("rank").flatMap { Int($0) },
                    stage: bid.child("Exclusion", namespace: namespace)?.attribute("stage"),
                    flags: bid.children("Flag", namespace: namespace).compactMap { $0.attribute("code") })
            }
        }
        return standings
    }

    private static func loadPublished(
        _ url: URL
    ) -> (
        path: String, checkpoint: Checkpoint?, canonical: [UInt8]?, signature: [UInt8]?, problem: String?
    ) {
        let path = url.path
        // The signature is FILE.sig, or FILE with .xml replaced by .sig (as `tender` writes checkpoints).
        let candidates =
            [url.appendingPathExtension("sig")]
            + (url.pathExtension == "xml" ? [url.deletingPathExtension().appendingPathExtension("sig")] : [])
        let signature = candidates.lazy.compactMap { FileManager.default.contents(atPath: $0.path).map(Array.init) }
            .first
        do {
            let document = try NativeDocument.load(.checkpoint, contentsOf: url, displayPath: path)
            let canonical = try? document.exclusiveCanonicalForm()
            guard let checkpoint = Checkpoint.read(from: document) else {
                return (path, nil, canonical, signature, "the checkpoint holds an unusable value")
            }
            return (path, checkpoint, canonical, signature, nil)
        } catch {
            return (path, nil, nil, signature, error.description)
        }
    }
}

/// An input file's digests, and for a score sheet the scores whose justification is weak.
private struct WeighedInput: Sendable {
    var recorded: RecordedInput
    var weakJustifications: [(score: CriterionScore, problem: String)]
}
