public import Foundation
import Synchronization
public import TenderConcurrency
public import TenderModel
import TenderXML

/// An input file of a case folder, named by its path relative to the folder.
public struct CaseFile: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// What the file is.
    public enum Role: String, Hashable, Sendable, CaseIterable {
        /// `tender.xml`.
        case plan
        /// `notice.xml`, the published eForms contract notice (optional).
        case notice
        /// `espd-request.xml`, the contracting authority's ESPD request (ESPD-EDM v4
        /// `QualificationApplicationRequest`) whose criteria decide the plan's ESPD gates (optional).
        case espdRequest = "espd-request"
        /// `bids/<bid-id>.xml`.
        case bid
        /// `espd/<bid-id>.xml`, the tenderer's ESPD response (`QualificationApplicationResponse`; optional).
        case espdResponse = "espd-response"
        /// `declarations/<member>.xml`, a conflict-of-interest declaration.
        case declaration
        /// `scores/<evaluator>/<bid-id>.xml`.
        case scoreSheet = "score-sheet"
        /// `moderation/<lot>.xml`.
        case moderation
        /// `explanations/<bid-id>.<ext>`: a tenderer's explanation of an abnormally low price, in
        /// any format (recorded by its bytes only).
        case explanation

        var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    }

    /// The role.
    public var role: Role
    /// The path relative to the case folder, with `/` separators (`bids/BID-001.xml`).
    public var relativePath: String

    /// Creates a case file reference.
    public init(role: Role, relativePath: String) {
        self.role = role
        self.relativePath = relativePath
    }

    /// Plan, notice, bids, score sheets, moderation; within a role by path (Unicode scalar order).
    public static func < (lhs: CaseFile, rhs: CaseFile) -> Bool {
        if lhs.role != rhs.role { return lhs.role.order < rhs.role.order }
        return lhs.relativePath.unicodeScalars.lexicographicallyPrecedes(rhs.relativePath.unicodeScalars)
    }

    /// The value as text, for people and diagnostics.
    public var description: String { relativePath }
}

/// One input file as loaded: its bytes and its exclusive canonical form (for hashing), and the
/// document read from it. Given to the `digest` closure of
/// ``CaseFolder/read(_:workers:keepingJustifications:digest:)`` on the worker that read the file,
/// while its parsed tree is alive.
public struct LoadedInput {
    /// The file.
    public var file: CaseFile
    /// Its exact bytes.
    public var bytes: [UInt8]
    /// Canonicalises the parsed tree when first asked (``canonicalForm``).
    let canonical: CanonicalForm?
    /// The document read into the model, whole (a score sheet with its justifications), when the
    /// file could be read; `nil` for a file that is not XML or not valid.
    public var document: InputDocument? = nil

    /// Its exclusive canonical form (C14N 1.0 exclusive, without comments); `nil` for a file that
    /// is not XML (an explanation) or that libxml2 cannot canonicalise (reported as the file's
    /// problem). Made when first asked: a caller that already knows the canonical digest of these
    /// exact bytes (the trail recorded them) need not ask.
    public var canonicalForm: [UInt8]? { try? canonical?.result.get() }
}

/// A parsed document's exclusive canonical form, made on first use and kept.
final class CanonicalForm {
    /// The parsed tree until the form is asked for, then what canonicalising it gave.
    private enum State {
        case pending(XMLDocument)
        case made(Result<[UInt8], XMLError>)
    }

    private var state: State

    init(_ document: XMLDocument) { state = .pending(document) }

    /// A canonical form already made.
    init(made: [UInt8]) { state = .made(.success(made)) }

    /// The canonical form, or why libxml2 could not make it.
    var result: Result<[UInt8], XMLError> {
        switch state {
        case let .made(result):
            return result
        case let .pending(document):
            let result = Result { () throws(XMLError) in try document.exclusiveCanonicalForm() }
            state = .made(result)
            return result
        }
    }

    /// What making it gave, if anything asked for it.
    var ifMade: Result<[UInt8], XMLError>? {
        if case let .made(result) = state { return result }
        return nil
    }
}

/// Everything a case folder holds, read into the model.
public struct LoadedCase: Sendable {
    /// The evaluation plan.
    public var plan: TenderPlan
    /// The bids, in file order.
    public var bids: [Bid]
    /// The score sheets, in file order.
    public var scoreSheets: [ScoreSheet]
    /// The moderation records, in file order.
    public var moderations: [Moderation]
    /// The conflict-of-interest declarations, in file order.
    public var declarations: [ConflictDeclaration]
    /// Every input file, sorted (``CaseFile`` order).
    public var files: [CaseFile]
    /// The ESPD request (`espd-request.xml`), when the case has one.
    public var espdRequest: ESPDRequest? = nil
    /// The ESPD responses (`espd/<bid-id>.xml`), by bid (the file name).
    public var espdResponses: [BidID: ESPDResponse] = [:]
}

/// An observer of the reading of a case folder's input files (``CaseFolder/load(visit:)``), e.g.
/// to show progress on a terminal. Called on the reading thread, after each file, with the number
/// of files read so far (1…`total`) and the number of input files.
public struct ReadingProgress: Sendable {
    /// The observer.
    public let report: @Sendable (_ read: Int, _ total: Int) -> Void

    /// Creates an observer.
    public init(_ report: @escaping @Sendable (_ read: Int, _ total: Int) -> Void) { self.report = report }
}

/// A case folder: `tender.xml`, optional `notice.xml`, `bids/`, `scores/<evaluator>/`,
/// `moderation/`, and the tool's own `evidence/` and `reports/`.
///
/// File names must agree with the documents: `bids/BID-001.xml` holds bid `BID-001`,
/// `scores/EV-1/BID-001.xml` is evaluator `EV-1`'s sheet for that bid, `moderation/LOT-1.xml` the
/// record for lot `LOT-1`. Hidden files (starting with `.`) are ignored; any other file in those
/// folders is refused, so that nothing in a case goes unrecorded.
public struct CaseFolder: Sendable {
    /// The folder.
    public let url: URL
    /// The folder as the user typed it, used to name files in diagnostics.
    public let displayPath: String
    /// Told how far ``load(visit:)`` has got: after each input file, the number read so far and
    /// the number of input files. `nil`: nobody is told.
    public var progress: ReadingProgress?

    /// A case folder at `url`, named `displayPath` in diagnostics (e.g. a bundle unpacked into a
    /// temporary folder, named after the bundle).
    public init(url: URL, displayPath: String) {
        self.url = url.standardizedFileURL
        self.displayPath = displayPath
    }

    /// A case folder at `path` (relative paths are resolved against the current directory).
    public init(path: String) {
        self.url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        var display = path
        while display.count > 1, display.hasSuffix("/") { display.removeLast() }
        self.displayPath = display
    }

    /// How to name a file of the case in diagnostics: the folder as typed, then the relative path.
    public func displayPath(for relativePath: String) -> String {
        displayPath == "." ? relativePath : displayPath + "/" + relativePath
    }

    /// The URL of a file of the case.
    public func url(for relativePath: String) -> URL { url.appendingPathComponent(relativePath) }

    /// The evidence folder (`evidence/`), written only by the tool.
    public var evidenceURL: URL { url.appendingPathComponent("evidence", isDirectory: true) }

    /// Finds the case's input files.
    ///
    /// - Throws: ``DocumentReadError`` when the folder cannot be read, `tender.xml` is missing, or a
    ///   file in `bids/`, `scores/` or `moderation/` is not where an input can be.
    public func inputFiles() throws(DocumentReadError) -> [CaseFile] {
        let found = try discoverInputFiles()
        guard found.problems.isEmpty else { throw .several(found.problems) }
        return found.files
    }

    /// Finds the case's input files and, separately, what is wrong with the folder's layout, so that
    /// verification can compare the files that are there even when a stray file is too.
    ///
    /// - Throws: ``DocumentReadError`` only when the case folder does not exist or is not a folder.
    public func discoverInputFiles() throws(DocumentReadError) -> (files: [CaseFile], problems: [DocumentProblem]) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .xml(.unreadable(path: displayPath, reason: "no such case folder"))
        }
        guard isDirectory.boolValue else {
            throw .xml(.unreadable(path: displayPath, reason: "this is a file, not a case folder"))
        }
        var files: [CaseFile] = []
        var problems: [DocumentProblem] = []
        func problem(_ relative: String, _ message: String) {
            problems.append(DocumentProblem(location: FileLocation(path: displayPath(for: relative)), message: message))
        }
        func isRegularFile(_ relative: String) -> Bool? {
            guard let attributes = try? manager.attributesOfItem(atPath: url(for: relative).path) else { return nil }
            return (attributes[.type] as? FileAttributeType) == .typeRegular
        }
        switch isRegularFile("tender.xml") {
        case true?: files.append(CaseFile(role: .plan, relativePath: "tender.xml"))
        case false?:
            problem("tender.xml", "not a regular file (a link, device, pipe or socket); inputs are plain files")
        case nil: problem("tender.xml", "the case folder has no tender.xml (the evaluation plan)")
        }
        switch isRegularFile("notice.xml") {
        case true?: files.append(CaseFile(role: .notice, relativePath: "notice.xml"))
        case false?:
            problem("notice.xml", "not a regular file (a link, device, pipe or socket); inputs are plain files")
        case nil: break
        }
        switch isRegularFile("espd-request.xml") {
        case true?: files.append(CaseFile(role: .espdRequest, relativePath: "espd-request.xml"))
        case false?:
            problem("espd-request.xml", "not a regular file (a link, device, pipe or socket); inputs are plain files")
        case nil: break
        }
        func entries(_ relative: String) -> [(name: String, isDirectory: Bool)] {
            guard let names = try? manager.contentsOfDirectory(atPath: url(for: relative).path) else { return [] }
            return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
                let path = url(for: relative + "/" + name).path
                let type = (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
                switch type {
                case .typeDirectory?: return (name, true)
                case .typeRegular?: return (name, false)
                default:
                    problem(
                        relative + "/" + name,
                        "not a regular file (a link, device, pipe or socket); inputs are plain files")
                    return nil
                }
            }
        }
        for entry in entries("bids") {
            let relative = "bids/" + entry.name
            if entry.isDirectory || !entry.name.hasSuffix(".xml") {
                problem(relative, "bids/ holds only bid documents named <bid-id>.xml")
            } else {
                files.append(CaseFile(role: .bid, relativePath: relative))
            }
        }
        for entry in entries("espd") {
            let relative = "espd/" + entry.name
            if entry.isDirectory || !entry.name.hasSuffix(".xml") || !BidID.isValid(String(entry.name.dropLast(4))) {
                problem(relative, "espd/ holds only ESPD responses named <bid-id>.xml")
            } else {
                files.append(CaseFile(role: .espdResponse, relativePath: relative))
            }
        }
        for evaluator in entries("scores") {
            let folder = "scores/" + evaluator.name
            guard evaluator.isDirectory else {
                problem(folder, "scores/ holds one folder per evaluator (scores/<evaluator>/<bid-id>.xml)")
                continue
            }
            for entry in entries(folder) {
                let relative = folder + "/" + entry.name
                if entry.isDirectory {
                    // A bid for several lots is scored once per lot: scores/<evaluator>/<lot-id>/<bid-id>.xml.
                    for sheet in entries(relative) {
                        let path = relative + "/" + sheet.name
                        if sheet.isDirectory || !sheet.name.hasSuffix(".xml") {
                            problem(path, "\(relative)/ holds only score sheets named <bid-id>.xml")
                        } else {
                            files.append(CaseFile(role: .scoreSheet, relativePath: path))
                        }
                    }
                } else if !entry.name.hasSuffix(".xml") {
                    problem(
                        relative,
                        "\(folder)/ holds only score sheets named <bid-id>.xml and folders named <lot-id>"
                            + " (scores/<evaluator>/<lot-id>/<bid-id>.xml)")
                } else {
                    files.append(CaseFile(role: .scoreSheet, relativePath: relative))
                }
            }
        }
        for entry in entries("declarations") {
            let relative = "declarations/" + entry.name
            if entry.isDirectory || !entry.name.hasSuffix(".xml") {
                problem(relative, "declarations/ holds only declarations named <member-id>.xml")
            } else {
                files.append(CaseFile(role: .declaration, relativePath: relative))
            }
        }
        for entry in entries("explanations") {
            let relative = "explanations/" + entry.name
            if entry.isDirectory || !entry.name.contains(".") {
                problem(relative, "explanations/ holds only files named <bid-id>.<extension>")
            } else {
                files.append(CaseFile(role: .explanation, relativePath: relative))
            }
        }
        for entry in entries("moderation") {
            let relative = "moderation/" + entry.name
            if entry.isDirectory || !entry.name.hasSuffix(".xml") {
                problem(relative, "moderation/ holds only moderation records named <lot-id>.xml")
            } else {
                files.append(CaseFile(role: .moderation, relativePath: relative))
            }
        }
        return (files.sorted(), problems)
    }

    /// Reads, validates and models every input file, reporting every problem of every file.
    ///
    /// - Parameter visit: Called once per input file, in ``CaseFile`` order, with its bytes and
    ///   canonical form (the evidence trail hashes them); not called if loading fails.
    /// - Throws: ``DocumentReadError/several(_:)`` with every problem, sorted by file and line.
    public func load(visit: (LoadedInput) -> Void = { _ in }) throws(DocumentReadError) -> LoadedCase {
        let (loaded, inputs) = try load(workers: 1) { input in
            (input.file, input.bytes, input.canonicalForm, input.document)
        }
        for (file, bytes, canonicalForm, document) in inputs {
            visit(
                LoadedInput(
                    file: file, bytes: bytes, canonical: canonicalForm.map(CanonicalForm.init(made:)),
                    document: document))
        }
        return loaded
    }

    /// Reads, validates and models every input file on up to `workers` threads
    /// (``ParallelWork``), reporting every problem of every file: ``inputFiles()``, then
    /// ``read(_:workers:digest:)`` and ``assemble(_:)``.
    ///
    /// The result does not depend on `workers`: documents, digests and problems come back in
    /// ``CaseFile`` order, exactly as one thread reading the files in order gives them.
    ///
    /// - Parameters:
    ///   - workers: The number of threads; `1` reads on the calling thread, in order.
    ///   - digest: Called once per input file (on any thread) with its bytes and canonical form.
    /// - Returns: The case, and one digest per input file in ``CaseFile`` order.
    /// - Throws: ``DocumentReadError/several(_:)`` with every problem, sorted by file and line.
    public func load<Digests: Sendable>(
        workers: Int = ParallelWork.defaultWorkers, digest: @Sendable (LoadedInput) -> Digests
    ) throws(DocumentReadError) -> (LoadedCase, [Digests]) {
        try assemble(read(inputFiles(), workers: workers, digest: digest))
    }

    /// Reads each file on its own, on up to `workers` threads (``ParallelWork``), in one pass per
    /// file: its bytes are read once, parsed once (secure options), canonicalised (exclusive C14N)
    /// and given to `digest` (on the worker, so that no file's bytes are kept once it is done);
    /// then the document is validated against its schema and read into the model. A problem with
    /// one file does not stop the others. Progress (``progress``) is told after each file.
    ///
    /// The bids keep what evaluation and verification read (which criteria each answers, prices,
    /// gate declarations), not the text of their answers: ``LotBid/responses`` maps each answered
    /// criterion to an empty string. Explanations (any format) are digested by their bytes alone.
    /// `digest` is given each file's document whole, then (unless `keepingJustifications`) score
    /// sheets keep their scores without the justifications' text, which evaluation does not read:
    /// at ten thousand bids the text of 1.2 million justifications would be kept for nothing.
    ///
    /// - Returns: One ``InputRead`` per file, in the order of `files`, whatever `workers` is.
    public func read<Digests: Sendable>(
        _ files: [CaseFile], workers: Int = ParallelWork.defaultWorkers, keepingJustifications: Bool = true,
        digest: @Sendable (LoadedInput) -> Digests
    ) -> [InputRead<Digests>] {
        let progress = self.progress
        // Told under a lock, so that the observer hears 1, 2 … files.count once each, in order.
        let done = Mutex(0)
        let reads = ParallelWork.map(files.count, workers: workers) { index in
            defer {
                if let progress {
                    done.withLock { count in
                        count += 1
                        progress.report(count, files.count)
                    }
                }
            }
            return readFile(files[index], keepingJustifications: keepingJustifications, digest: digest)
        }
        return reads
    }

    /// The case from files read by ``read(_:workers:digest:)``: every file's problems, then (when
    /// there are none) the plan's conformance to `notice.xml`.
    ///
    /// - Returns: The case, and the digest of every file in order.
    /// - Throws: ``DocumentReadError/several(_:)`` with every problem, sorted by file and line.
    public func assemble<Digests: Sendable>(
        _ reads: [InputRead<Digests>]
    ) throws(DocumentReadError) -> (LoadedCase, [Digests]) {
        var problems: [DocumentProblem] = []
        var digests: [Digests] = []
        digests.reserveCapacity(reads.count)
        var plan: TenderPlan?
        var bids: [Bid] = []
        var sheets: [ScoreSheet] = []
        // The sheets' tables of criteria, one for each list of criteria (``ScoreSheet/Scores/shareCriteria(with:)``).
        var criteriaTables: Set<[CriterionID]> = []
        var moderations: [Moderation] = []
        var declarations: [ConflictDeclaration] = []
        var noticeFile: CaseFile?
        var espdRequest: ESPDRequest?
        var espdResponses: [BidID: ESPDResponse] = [:]
        for read in reads {
            guard read.problems.isEmpty, let digested = read.digests else {
                problems += read.problems
                continue
            }
            digests.append(digested)
            switch read.document {
            case nil: break
            case let .plan(value)?: plan = value
            case .notice?: noticeFile = read.file
            case let .bid(value)?: bids.append(value)
            case var .scoreSheet(value)?:
                value.scores.shareCriteria(with: &criteriaTables)
                sheets.append(value)
            case let .moderation(value)?: moderations.append(value)
            case let .declaration(value)?: declarations.append(value)
            case let .espdRequest(value)?: espdRequest = value
            case let .espdResponse(bid, value)?: espdResponses[bid] = value
            }
        }
        if let plan, problems.isEmpty {
            // The notice is read again here, on this thread: its model is compared with the plan's.
            var notice: XMLDocument?
            if let noticeFile {
                let display = displayPath(for: noticeFile.relativePath)
                do throws(DocumentReadError) {
                    let bytes = try NativeDocument.readBytes(url(for: noticeFile.relativePath), displayPath: display)
                    notice = try Self.loadNotice(bytes: bytes, path: display)
                } catch {
                    problems += error.problems
                }
            }
            if problems.isEmpty { problems += noticeProblems(for: plan, notice: notice) }
        }
        guard problems.isEmpty, let plan else { throw .several(problems) }
        return (
            LoadedCase(
                plan: plan, bids: bids, scoreSheets: sheets, moderations: moderations, declarations: declarations,
                files: reads.map(\.file), espdRequest: espdRequest, espdResponses: espdResponses),
            digests
        )
    }

    /// Reads, parses, canonicalises, digests, validates and models one input file (on any thread:
    /// every libxml2 object it makes is its own).
    private func readFile<Digests: Sendable>(
        _ file: CaseFile, keepingJustifications: Bool, digest: (LoadedInput) -> Digests
    ) -> InputRead<Digests> {
        let display = displayPath(for: file.relativePath)
        var read = InputRead<Digests>(file: file, digests: nil, document: nil, problems: [])
        let bytes: [UInt8]
        do throws(DocumentReadError) {
            bytes = try NativeDocument.readBytes(url(for: file.relativePath), displayPath: display)
        } catch {
            read.problems = error.problems
            return read
        }
        guard file.role != .explanation else {
            // Any format, identified by its bytes; its bid is its file name (explanations/<bid-id>.<ext>).
            read.digests = digest(LoadedInput(file: file, bytes: bytes, canonical: nil))
            return read
        }
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes, path: display)
        } catch {
            read.digests = digest(LoadedInput(file: file, bytes: bytes, canonical: nil))
            read.problems = DocumentReadError.xml(error).problems
            return read
        }
        // Canonicalised when the digest asks (validation does not change the tree): one parse serves both.
        let canonical = CanonicalForm(document)
        do throws(DocumentReadError) {
            switch file.role {
            case .explanation: break
            case .declaration:
                try Self.validate(document, as: .declaration)
                let declaration = try ConflictDeclaration.read(from: document)
                read.document = .declaration(declaration)
                try Self.expect(
                    declaration.member.rawValue, named: file, part: 1, what: "member", at: declaration.location)
            case .plan:
                try Self.validate(document, as: .plan)
                read.document = .plan(try TenderPlan.read(from: document))
            case .notice:
                try Self.validateNotice(document)
                read.document = .notice
            case .bid:
                try Self.validate(document, as: .bid)
                var bid = try Bid.read(from: document)
                // What is read of a bid is which criteria it answers, not the answers.
                for index in bid.lotBids.indices {
                    bid.lotBids[index].removeResponseTexts()
                }
                read.document = .bid(bid)
                try Self.expect(bid.id.rawValue, named: file, part: 1, what: "bid", at: bid.location)
            case .scoreSheet:
                try Self.validate(document, as: .scoreSheet)
                let sheet = try ScoreSheet.read(from: document)
                read.document = .scoreSheet(sheet)
                try Self.expect(
                    sheet.evaluator.rawValue, named: file, part: 1, what: "evaluator", at: sheet.location)
                let inLotFolder = file.relativePath.split(separator: "/").count == 4
                if inLotFolder {
                    try Self.expect(sheet.lot.rawValue, named: file, part: 2, what: "lot", at: sheet.location)
                }
                try Self.expect(
                    sheet.bid.rawValue, named: file, part: inLotFolder ? 3 : 2, what: "bid", at: sheet.location)
            case .espdRequest:
                var reader = try ESPDReader.read(document, as: .request)
                read.document = .espdRequest(try reader.request())
            case .espdResponse:
                var reader = try ESPDReader.read(document, as: .response)
                let bid = BidID(String(file.relativePath.dropFirst("espd/".count).dropLast(".xml".count)))
                read.document = .espdResponse(bid, try reader.response())
            case .moderation:
                try Self.validate(document, as: .moderation)
                let moderation = try Moderation.read(from: document)
                read.document = .moderation(moderation)
                try Self.expect(moderation.lot.rawValue, named: file, part: 1, what: "lot", at: moderation.location)
            }
        } catch {
            read.problems = error.problems
        }
        read.digests = digest(LoadedInput(file: file, bytes: bytes, canonical: canonical, document: read.document))
        if read.problems.isEmpty, case let .failure(error)? = canonical.ifMade {
            read.problems = DocumentReadError.xml(error).problems
        }
        if !keepingJustifications, case var .scoreSheet(sheet)? = read.document {
            sheet.scores.removeJustifications()
            read.document = .scoreSheet(sheet)
        }
        return read
    }

    private static func validate(_ document: XMLDocument, as format: DocumentFormat) throws(DocumentReadError) {
        do { try document.validate(as: format) } catch { throw .xml(error) }
    }

    /// Whether the plan is faithful to the contract notice it was imported from: for a plan with a
    /// ``TenderPlan/source``, `notice.xml` must be in the case and the plan must still say what it
    /// published (``TenderPlan/conformanceProblems(to:)``: deadline, lot, criteria, published
    /// weightings). A plan without a source is not compared. ``load(visit:)`` reports these with the
    /// other problems; `tender seal` refuses a plan that has any, after checking the notice's bytes
    /// against ``NoticeSource/sha256`` (the trail's hashing lives in `EvidenceTrail`).
    ///
    /// - Returns: The problems, each naming `tender.xml` or `notice.xml` and the line at fault.
    public func noticeProblems(for plan: TenderPlan) -> [DocumentProblem] {
        guard plan.source != nil else { return [] }
        let display = displayPath(for: "notice.xml")
        do throws(DocumentReadError) {
            guard FileManager.default.fileExists(atPath: url(for: "notice.xml").path) else {
                return noticeProblems(for: plan, notice: nil)
            }
            let bytes = try NativeDocument.readBytes(url(for: "notice.xml"), displayPath: display)
            return noticeProblems(for: plan, notice: try Self.loadNotice(bytes: bytes, path: display))
        } catch {
            return error.problems
        }
    }

    private func noticeProblems(
        for plan: TenderPlan, notice: XMLDocument?
    ) -> [DocumentProblem] {
        guard let source = plan.source else { return [] }
        guard let notice else {
            return [
                DocumentProblem(
                    location: plan.location,
                    message: "the plan was imported from a contract notice (<Notice file=\"\(source.file)\">), but"
                        + " \(displayPath(for: "notice.xml")) is missing; keep the published notice in the case, byte for"
                        + " byte")
            ]
        }
        do throws(DocumentReadError) {
            return plan.conformanceProblems(to: try ContractNotice.read(notice))
        } catch {
            return error.problems
        }
    }

    /// Checks that a document's own identifier matches its file (`bids/<id>.xml`,
    /// `scores/<evaluator>/<bid>.xml`, `moderation/<lot>.xml`). `part` is the path component holding it.
    private static func expect(
        _ identifier: String, named file: CaseFile, part: Int, what: String, at location: FileLocation
    ) throws(DocumentReadError) {
        let components = file.relativePath.split(separator: "/").map(String.init)
        guard part < components.count else { return }
        var expected = components[part]
        if part == components.count - 1, expected.hasSuffix(".xml") { expected.removeLast(4) }
        guard expected != identifier else { return }
        let shape =
            switch file.role {
            case .scoreSheet: "scores/<evaluator>/<bid-id>.xml (or scores/<evaluator>/<lot-id>/<bid-id>.xml)"
            case .moderation: "moderation/<lot-id>.xml"
            case .declaration: "declarations/<member-id>.xml"
            default: "bids/<bid-id>.xml"
            }
        throw .invalidContent([
            DocumentProblem(
                location: location,
                message:
                    "the document names \(what) \(identifier) but its file is \(file.relativePath); file it as \(shape)"
            )
        ])
    }

    /// Loads `notice.xml`: secure parse, an eForms root, and validation against the eForms schemas
    /// of its SDK version.
    static func loadNotice(bytes: [UInt8], path: String) throws(DocumentReadError) -> XMLDocument {
        let document: XMLDocument
        do { document = try XMLDocument.parse(bytes, path: path) } catch { throw .xml(error) }
        try validateNotice(document)
        return document
    }

    /// Checks a parsed `notice.xml`: an eForms root, and validation against the eForms schemas of
    /// its SDK version.
    static func validateNotice(_ document: XMLDocument) throws(DocumentReadError) {
        do {
            let root = document.root
            let roots = ["ContractNotice", "ContractAwardNotice", "PriorInformationNotice"]
            guard roots.contains(root.localName),
                root.namespaceURI == "urn:oasis:names:specification:ubl:schema:xsd:\(root.localName)-2"
            else {
                try document.requireRoot(
                    "ContractNotice", namespace: "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2")
                return
            }
            let customization =
                root.child(
                    "CustomizationID", namespace: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                )?
                .normalizedText ?? ""
            try document.validate(
                against: TenderSchemas.eForms(customizationID: customization, rootElement: root.localName))
        } catch {
            throw .xml(error)
        }
    }
}

/// One input file as ``CaseFolder/read(_:workers:digest:)`` read it on its own.
public struct InputRead<Digests: Sendable>: Sendable {
    /// The file.
    public var file: CaseFile
    /// What the caller's `digest` made of its bytes and canonical form (the canonical form is
    /// `nil` when the file does not parse); `nil` when the file cannot be read.
    public var digests: Digests?
    /// The document, when the file is valid and could be read into the model (even when its
    /// identifier does not match its file name, which is one of ``problems``).
    public var document: InputDocument?
    /// Everything wrong with the file, with file and line; empty when it is a sound input.
    public var problems: [DocumentProblem]

    /// The same read with its digests transformed (what a caller's `digest` made, narrowed to
    /// what the next step needs).
    public func mapDigests<Other: Sendable>(_ transform: (Digests) -> Other) -> InputRead<Other> {
        InputRead<Other>(file: file, digests: digests.map(transform), document: document, problems: problems)
    }
}

/// An input document read into the model (``InputRead/document``).
///
/// Indirect: each case's document is boxed, so an ``InputRead`` is not as large as the largest
/// document type (a plan) for each of a large case's forty thousand score sheets.
public indirect enum InputDocument: Sendable {
    /// `tender.xml`.
    case plan(TenderPlan)
    /// `notice.xml` (valid against its eForms schemas; compared with the plan by ``CaseFolder/assemble(_:)``).
    case notice
    /// A bid.
    case bid(Bid)
    /// A score sheet.
    case scoreSheet(ScoreSheet)
    /// A moderation record.
    case moderation(Moderation)
    /// A conflict-of-interest declaration.
    case declaration(ConflictDeclaration)
    /// `espd-request.xml`: the contracting authority's ESPD request.
    case espdRequest(ESPDRequest)
    /// `espd/<bid-id>.xml`: a tenderer's ESPD response, with the bid its file name gives.
    case espdResponse(BidID, ESPDResponse)
}
