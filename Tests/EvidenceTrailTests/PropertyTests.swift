import EvidenceTrail
import PropertyBased
import TenderDocuments
import TenderModel
import TenderXML
import Testing

/// Generated trail entries and checkpoints survive writing and reading back unchanged.
///
/// Flipping any byte of an entry or checkpoint (the other trail property of issue 6) is covered
/// exhaustively by ``ByteFlipTests``, not repeated here.
@Suite("Properties of the trail's documents")
struct TrailPropertyTests {
    // MARK: - Generators

    /// One of `items` (shrinking towards the first).
    static func oneOf<T: Sendable>(_ items: [T]) -> Generator<T, Shrink.Integer<Int>> {
        Gen<Int>.int(in: 0...(items.count - 1)).map { items[$0] }
    }

    /// Characters for free text: letters, digits, XML's special characters, non-ASCII, and every
    /// kind of XML whitespace (runs, leading and trailing included).
    static let textCharacter = oneOf(Array("aZ09 -_.,;:/<>&\"'éßЖ漢€🙂\n\t\r  "))

    /// Free text as the schema's `Text` type allows it: at least one character that is not whitespace.
    static let text = textCharacter.string(of: 1...24).filter { $0.contains { !$0.isWhitespace } }

    /// Identifiers as the documents use them (`EV-1`, `BID-004`, `LOT-0000`).
    static let identifier = oneOf(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")).string(of: 1...12)
        .filter { $0.first?.isLetter == true }

    /// A case-relative path (`bids/BID-001.xml`, `scores/EV-1/BID-002.xml`).
    static let path = zip(
        oneOf(["tender.xml", "notice.xml", "bids", "scores/EV-1", "moderation", "explanations"]),
        identifier
    ).map { folder, name in folder.hasSuffix(".xml") ? folder : "\(folder)/\(name).xml" }

    static let digest = Gen<UInt8>.value(in: 0...255).array(of: 0...8).map { Digest(of: $0) }

    /// A time with a whole-minute offset within ±14:00, from 1970 to 2100.
    static let time = zip(Gen<Int>.int(in: 0...4_102_444_800), Gen<Int>.int(in: -840...840)).map {
        Timestamp(secondsSince1970: $0, offsetMinutes: $1)
    }

    static let actor = zip(identifier, text, digest).map { Actor(member: EvaluatorID($0), name: $1, keyID: $2) }

    static let subject = zip(
        oneOf(["plan", "notice", "bid", "declaration", "score-sheet", "moderation", "results"]), path,
        digest, digest.optional
    ).map { role, path, bytes, canonical in
        TrailEntry.Subject(role: role, path: path, digests: DocumentDigests(bytes: bytes, canonical: canonical))
    }

    /// The optional parts of an entry: receipt, decision, recommendation, reason.
    static let extras = zip(
        zip(identifier, time, Gen.bool).map { TrailEntry.Receipt(bid: BidID($0), deadline: $1, isLate: $2) }.optional,
        zip(identifier, Gen.bool, text).map { TrailEntry.Decision(bid: BidID($0), isAccepted: $1, reason: $2) }
            .optional,
        zip(identifier, identifier, text).map {
            TrailEntry.Recommendation(bid: BidID($0), lot: LotID($1), justification: $2)
        }.optional,
        text.optional
    )

    static let entry = zip(
        zip(Gen<Int>.int(in: 1...99_999_999), digest.optional, oneOf(TrailEntry.Kind.allCases), time),
        actor, subject.array(of: 0...4), extras, text.array(of: 0...3)
    ).map { head, actor, subjects, extras, notes in
        TrailEntry(
            sequence: head.0, previous: head.0 == 1 ? nil : head.1, kind: head.2, time: head.3, actor: actor,
            subjects: subjects, receipt: extras.0, decision: extras.1, recommendation: extras.2, reason: extras.3,
            notes: notes)
    }

    static let checkpoint = zip(Gen<Int>.int(in: 1...99_999_999), digest, time, actor).map {
        Checkpoint(size: $0, head: $1, time: $2, signer: $3)
    }

    // MARK: - Round trips

    /// Serialises, then loads (secure parse and the trail schema) as `format`.
    static func reread(_ document: XMLOutputDocument, as format: DocumentFormat) throws -> XMLDocument {
        let bytes = try document.serialized()
        return try NativeDocument.load(format, bytes: bytes, path: "entry.xml")
    }

    @Test("A trail entry written and read back is unchanged, and writes the same bytes again")
    func entryRoundTrip() async {
        await propertyCheck(count: 300, input: Self.entry) { entry in
            let document = try Self.reread(entry.xmlDocument, as: .trailEntry)
            let again = try #require(TrailEntry.read(from: document))
            #expect(again == entry)
            #expect(again.time.text == entry.time.text, "the time is kept as written, offset included")
            #expect(try again.xmlDocument.serialized() == entry.xmlDocument.serialized())
        }
    }

    @Test("A copy of an entry (its values shared until changed) changes alone: the original is as it was")
    func entryCopiesAreValues() async {
        await propertyCheck(count: 100, input: zip(Self.entry, Self.entry)) { entry, other in
            let written = try entry.xmlDocument.serialized()
            var copy = entry
            #expect(copy == entry)
            copy.sequence = other.sequence
            copy.previous = other.previous
            copy.kind = other.kind
            copy.time = other.time
            copy.actor = other.actor
            copy.subjects = other.subjects
            copy.receipt = other.receipt
            copy.decision = other.decision
            copy.recommendation = other.recommendation
            copy.reason = other.reason
            copy.notes = other.notes
            copy.request = other.request
            copy.conflicts = other.conflicts
            #expect(copy == other)
            #expect(try entry.xmlDocument.serialized() == written)
            #expect(try copy.xmlDocument.serialized() == other.xmlDocument.serialized())
            #expect((copy == entry) == (try written == other.xmlDocument.serialized()))
        }
    }

    @Test("A checkpoint written and read back is unchanged")
    func checkpointRoundTrip() async {
        await propertyCheck(count: 200, input: Self.checkpoint) { checkpoint in
            let document = try Self.reread(checkpoint.xmlDocument, as: .checkpoint)
            #expect(Checkpoint.read(from: document) == checkpoint)
        }
    }

    @Test("An entry's hash is the hash of its canonical form, whatever the text in it")
    func entryHashIsStable() async {
        await propertyCheck(count: 100, input: Self.entry) { entry in
            let bytes = try entry.xmlDocument.serialized()
            let canonical = try XMLDocument.parse(bytes, path: "entry.xml").exclusiveCanonicalForm()
            let recanonical = try XMLDocument.parse(canonical, path: "entry.c14n").exclusiveCanonicalForm()
            #expect(canonical == recanonical, "exclusive C14N is idempotent")
        }
    }
}
