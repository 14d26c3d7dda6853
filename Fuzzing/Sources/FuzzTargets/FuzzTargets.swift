import EvidenceTrail
import TenderDocuments
import TenderModel
import TenderXML

/// The bodies of the fuzz targets: each feeds arbitrary bytes to one of TenderTrail's readers,
/// exactly as the product reads a file, and renders every diagnostic (so that the code computing
/// lines, columns and messages runs on hostile input too).
///
/// A reader may refuse any input; it must never crash, trap, hang or allocate without bound. Where
/// a reader accepts an input, the harness also checks a property of the result (the canonical form
/// can be computed; a trail entry or checkpoint survives writing and reading back) and traps when
/// it does not hold, so that libFuzzer records the input.
public enum FuzzTargets {
    /// The name the input is given in diagnostics.
    static let path = "fuzz.xml"

    /// Copies libFuzzer's buffer.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// `tender.xml`: secure parse, XSD validation, reading into a ``TenderPlan``, readiness.
    public static func plan(_ input: [UInt8]) {
        do {
            let plan = try TenderPlan.parse(input, path: path)
            _ = plan.readinessProblems().map(\.description)
        } catch {
            _ = error.description
        }
        canonicalize(input)
    }

    /// A native document of `format`, read by `read` from the loaded document.
    static func native<T>(
        _ format: DocumentFormat, _ input: [UInt8], read: (XMLDocument) throws(DocumentReadError) -> T
    ) {
        do {
            let document = try NativeDocument.load(format, bytes: input, path: path)
            _ = try read(document)
            _ = try document.exclusiveCanonicalForm()
        } catch let error as DocumentReadError {
            _ = error.description
        } catch {
            _ = "\(error)"
        }
    }

    /// `bids/<bid-id>.xml`.
    public static func bid(_ input: [UInt8]) {
        native(.bid, input) { document throws(DocumentReadError) in try Bid.read(from: document) }
    }

    /// `scores/<evaluator>/<bid-id>.xml`.
    public static func scoreSheet(_ input: [UInt8]) {
        native(.scoreSheet, input) { document throws(DocumentReadError) in try ScoreSheet.read(from: document) }
    }

    /// `moderation/<lot>.xml`.
    public static func moderation(_ input: [UInt8]) {
        native(.moderation, input) { document throws(DocumentReadError) in try Moderation.read(from: document) }
    }

    /// `declarations/<member>.xml`.
    public static func declaration(_ input: [UInt8]) {
        native(.declaration, input) { document throws(DocumentReadError) in try ConflictDeclaration.read(from: document)
        }
    }

    /// `notice.xml`: an eForms notice (validated against the eForms schemas of its SDK version).
    public static func notice(_ input: [UInt8]) {
        do {
            let notice = try ContractNotice.parse(input, path: path)
            _ = notice.lots.count
        } catch {
            _ = error.description
        }
    }

    /// `evidence/trail/<sequence>.xml` and `evidence/checkpoints/<size>.xml`: read as an entry and
    /// as a checkpoint; whatever reads must be unchanged by writing it and reading it back.
    public static func trail(_ input: [UInt8]) {
        if let document = try? NativeDocument.load(.trailEntry, bytes: input, path: path),
            let entry = TrailEntry.read(from: document)
        {
            let again = reread(entry.xmlDocument, as: .trailEntry).flatMap(TrailEntry.read(from:))
            if again != entry { fatalError("a trail entry changed when written and read back: \(entry)") }
        }
        if let document = try? NativeDocument.load(.checkpoint, bytes: input, path: path),
            let checkpoint = Checkpoint.read(from: document)
        {
            let again = reread(checkpoint.xmlDocument, as: .checkpoint).flatMap(Checkpoint.read(from:))
            if again != checkpoint { fatalError("a checkpoint changed when written and read back: \(checkpoint)") }
        }
        do {
            _ = try NativeDocument.load(.trailEntry, bytes: input, path: path)
        } catch {
            _ = error.description
        }
    }

    /// Serialises a document TenderTrail writes and loads it back as `format`; traps if what the
    /// writer produced does not load (the writer must only write valid documents).
    static func reread(_ document: XMLOutputDocument, as format: DocumentFormat) -> XMLDocument? {
        do {
            let bytes = try document.serialized()
            return try NativeDocument.load(format, bytes: bytes, path: "rewritten.xml")
        } catch {
            fatalError("TenderTrail wrote a \(format) it cannot read back: \(error)")
        }
    }

    /// Parses and canonicalises the bytes, as `receive` does to hash a bid it does not read.
    static func canonicalize(_ input: [UInt8]) {
        guard let document = try? XMLDocument.parse(input, path: path) else { return }
        _ = try? document.exclusiveCanonicalForm()
    }
}
