import Foundation
import TenderDocuments
public import TenderModel
public import TenderXML

/// One entry of the evidence trail: `evidence/trail/<sequence, 8 digits>.xml`
/// (schema `urn:tendertrail:trail:1`, element `Entry`).
///
/// An entry's hash is the SHA-256 of its exclusive canonical form; every entry after the first
/// carries its predecessor's hash in ``previous``.
public struct TrailEntry: Equatable, Sendable {
    /// What the entry records.
    public enum Kind: String, Equatable, Sendable {
        /// An input file and its two digests, as used by the evaluation that follows.
        case inputRecorded = "input-recorded"
        /// An evaluation: every input it read (path and digests) and the results it wrote.
        case evaluationComputed = "evaluation-computed"
    }

    /// A file the entry is about.
    public struct Subject: Equatable, Sendable {
        /// The file's role (`plan`, `notice`, `bid`, `score-sheet`, `moderation`, `results`).
        public var role: String
        /// The path relative to the case folder (`bids/BID-001.xml`).
        public var path: String
        /// Its digests.
        public var digests: DocumentDigests

        /// Creates a subject.
        public init(role: String, path: String, digests: DocumentDigests) {
            self.role = role
            self.path = path
            self.digests = digests
        }
    }

    /// 1-based position in the trail.
    public var sequence: Int
    /// The previous entry's hash; `nil` only for entry 1.
    public var previous: Digest?
    /// What it records.
    public var kind: Kind
    /// When it was recorded (the system clock, with its UTC offset).
    public var time: Timestamp
    /// Who recorded it.
    public var actor: String
    /// The files concerned.
    public var subjects: [Subject]
    /// Remarks for people.
    public var notes: [String]

    /// Creates an entry.
    public init(
        sequence: Int, previous: Digest?, kind: Kind, time: Timestamp, actor: String, subjects: [Subject],
        notes: [String] = []
    ) {
        self.sequence = sequence
        self.previous = previous
        self.kind = kind
        self.time = time
        self.actor = actor
        self.subjects = subjects
        self.notes = notes
    }

    /// The entry's file name: its sequence number in 8 digits (`00000012.xml`).
    public static func fileName(for sequence: Int) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".xml"
    }

    /// The entry as a document.
    public var xmlDocument: XMLOutputDocument {
        var root = XMLOutputElement("Entry", attributes: [("sequence", "\(sequence)")])
        if let previous {
            root.append(XMLOutputElement("Previous", attributes: [("algorithm", "sha-256")], text: previous.hex))
        }
        root.append(XMLOutputElement("Kind", text: kind.rawValue))
        root.append(XMLOutputElement("Time", text: time.text))
        root.append(XMLOutputElement("Actor", text: actor))
        for subject in subjects {
            var element = XMLOutputElement("Subject", attributes: [("path", subject.path), ("role", subject.role)])
            element.append(
                XMLOutputElement("Bytes", attributes: [("algorithm", "sha-256")], text: subject.digests.bytes.hex))
            element.append(
                XMLOutputElement(
                    "Canonical", attributes: [("algorithm", "sha-256")], text: subject.digests.canonical.hex))
            root.append(element)
        }
        for note in notes { root.append(XMLOutputElement("Note", text: note)) }
        return XMLOutputDocument(namespace: DocumentFormat.trailEntry.namespace, root: root)
    }

    /// Reads an entry from a document loaded and validated as ``DocumentFormat/trailEntry``.
    /// Returns `nil` if a value the schema admits cannot be used (e.g. an impossible time).
    public static func read(from document: XMLDocument) -> TrailEntry? {
        let namespace = DocumentFormat.trailEntry.namespace
        let root = document.root
        func text(_ element: XMLElement?) -> String? { element?.normalizedText }
        guard let sequence = root.attribute("sequence").flatMap({ Int($0) }),
            let kind = text(root.child("Kind", namespace: namespace)).flatMap(Kind.init(rawValue:)),
            let time = text(root.child("Time", namespace: namespace)).flatMap(Timestamp.init),
            let actor = text(root.child("Actor", namespace: namespace))
        else { return nil }
        var previous: Digest?
        if let previousText = text(root.child("Previous", namespace: namespace)) {
            guard let digest = Digest(hex: previousText) else { return nil }
            previous = digest
        }
        var subjects: [Subject] = []
        for element in root.children("Subject", namespace: namespace) {
            guard let path = element.attribute("path"), let role = element.attribute("role"),
                let bytes = text(element.child("Bytes", namespace: namespace)).flatMap(Digest.init(hex:)),
                let canonical = text(element.child("Canonical", namespace: namespace)).flatMap(Digest.init(hex:))
            else { return nil }
            subjects.append(
                Subject(role: role, path: path, digests: DocumentDigests(bytes: bytes, canonical: canonical)))
        }
        let notes = root.children("Note", namespace: namespace).map(\.normalizedText)
        return TrailEntry(
            sequence: sequence, previous: previous, kind: kind, time: time, actor: actor, subjects: subjects,
            notes: notes)
    }
}

/// The trail's checkpoint (`evidence/checkpoint.xml`): how many entries the trail had and the hash
/// of the last one, written after every command. Removing entries from the end no longer matches it.
public struct Checkpoint: Equatable, Sendable {
    /// The number of entries.
    public var size: Int
    /// The hash of entry `size`.
    public var head: Digest
    /// When it was written.
    public var time: Timestamp

    /// Creates a checkpoint.
    public init(size: Int, head: Digest, time: Timestamp) {
        self.size = size
        self.head = head
        self.time = time
    }

    /// The checkpoint as a document.
    public var xmlDocument: XMLOutputDocument {
        var root = XMLOutputElement("Checkpoint")
        root.append(XMLOutputElement("Size", text: "\(size)"))
        root.append(XMLOutputElement("Head", attributes: [("algorithm", "sha-256")], text: head.hex))
        root.append(XMLOutputElement("Time", text: time.text))
        return XMLOutputDocument(namespace: DocumentFormat.checkpoint.namespace, root: root)
    }

    /// Reads a checkpoint from a document loaded and validated as ``DocumentFormat/checkpoint``.
    public static func read(from document: XMLDocument) -> Checkpoint? {
        let namespace = DocumentFormat.checkpoint.namespace
        let root = document.root
        guard let size = root.child("Size", namespace: namespace).flatMap({ Int($0.normalizedText) }),
            let head = root.child("Head", namespace: namespace).flatMap({ Digest(hex: $0.normalizedText) }),
            let time = root.child("Time", namespace: namespace).flatMap({ Timestamp($0.normalizedText) })
        else { return nil }
        return Checkpoint(size: size, head: head, time: time)
    }
}
