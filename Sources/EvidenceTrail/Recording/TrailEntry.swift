import Foundation
import TenderDocuments
public import TenderModel
public import TenderXML

/// Who recorded an entry or checkpoint: a member of the sealed plan's panel and the ID of the key
/// that signed it (SHA-256 of the raw Ed25519 public key).
public struct Actor: Equatable, Sendable, CustomStringConvertible {
    /// The panel member.
    public var member: EvaluatorID
    /// The member's name, for people.
    public var name: String
    /// The signing key's ID.
    public var keyID: Digest

    /// Creates an actor.
    public init(member: EvaluatorID, name: String, keyID: Digest) {
        self.member = member
        self.name = name
        self.keyID = keyID
    }

    /// `EV-1 (Alasdair Brodie)`.
    public var description: String { "\(member) (\(name))" }
}

/// One entry of the evidence trail: `evidence/trail/<sequence, 8 digits>.xml`
/// (schema `urn:tendertrail:trail:1`, element `Entry`), signed in `<sequence>.sig`.
///
/// An entry's hash is the SHA-256 of its exclusive canonical form; every entry after the first
/// carries its predecessor's hash in ``previous``; its signature is the actor's Ed25519 signature
/// of the same canonical bytes.
public struct TrailEntry: Equatable, Sendable {
    /// What the entry records (see docs/0004-lifecycle-and-rules.md for who may record each).
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// The lead sealed the plan (and the notice it was imported from).
        case planSealed = "plan-sealed"
        /// The lead amended the sealed plan before the deadline, with a reason.
        case planAmended = "plan-amended"
        /// A bid was received (its hashes, its receipt time, whether it was late).
        case bidReceived = "bid-received"
        /// Bids were opened after the deadline; lists every bid received.
        case bidsOpened = "bids-opened"
        /// A panel member declared conflicts of interest for the tenderers.
        case conflictDeclared = "conflict-declared"
        /// An evaluator submitted a signed score sheet.
        case scoreSheetSubmitted = "score-sheet-submitted"
        /// A moderator recorded the consensus for a lot.
        case moderationRecorded = "moderation-recorded"
        /// The evaluation was computed: every input it read and the results it wrote.
        case evaluationComputed = "evaluation-computed"
        /// The lead recorded a decision on an abnormally low tender, with the tenderer's explanation.
        case abnormallyLowDecided = "abnormally-low-decided"
        /// The lead recorded a decision on a tenderer's self-cleaning under an ESPD exclusion ground.
        case selfCleaningDecided = "self-cleaning-decided"
        /// The lead required a tenderer whose bid is flagged as abnormally low to explain its price,
        /// by a response deadline (regulation 69(1) of the Public Contracts Regulations 2015).
        case abnormallyLowRequested = "abnormally-low-requested"
        /// The lead recommended the award of a lot to a bid, with the justification.
        case awardRecommended = "award-recommended"
    }

    /// A file the entry is about.
    public struct Subject: Equatable, Sendable {
        /// The file's role (`plan`, `notice`, `bid`, `declaration`, `score-sheet`, `moderation`,
        /// `explanation`, `request`, `results`).
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

    /// When a bid was received relative to the deadline (for `bid-received`).
    public struct Receipt: Equatable, Sendable {
        /// The bid (from its file name: the content is not read before opening).
        public var bid: BidID
        /// The deadline in force.
        public var deadline: Timestamp
        /// Whether the receipt time (the entry's time) is after the deadline.
        public var isLate: Bool

        /// Creates a receipt.
        public init(bid: BidID, deadline: Timestamp, isLate: Bool) {
            self.bid = bid
            self.deadline = deadline
            self.isLate = isLate
        }
    }

    /// The authority's decision on an abnormally low tender (for `abnormally-low-decided`).
    public struct Decision: Equatable, Sendable {
        /// The bid.
        public var bid: BidID
        /// Whether the explanation was accepted (the bid stays) or rejected (the bid is excluded).
        public var isAccepted: Bool
        /// Why.
        public var reason: String
        /// The sequence of the `abnormally-low-requested` entry this decision answers; `nil` for a
        /// decision recorded in one step with its explanation, without a recorded request (the form
        /// TenderTrail wrote before requests were recorded; `tender verify` warns about it).
        public var request: Int?
        /// For `self-cleaning-decided`: the ESPD request criterion (the exclusion ground), by its `cbc:ID`.
        public var criterion: String?

        /// Creates a decision.
        public init(bid: BidID, isAccepted: Bool, reason: String, request: Int? = nil, criterion: String? = nil) {
            self.bid = bid
            self.isAccepted = isAccepted
            self.reason = reason
            self.request = request
            self.criterion = criterion
        }
    }

    /// The authority's request that a tenderer explain an abnormally low price (for
    /// `abnormally-low-requested`). The questions are in ``questions``, in a file recorded as a
    /// `request` subject (`evidence/requests/<sequence>.<ext>`), or both.
    ///
    /// Source: Public Contracts Regulations 2015 reg. 69(1) and (2); Directive 2014/24/EU Art. 69(1).
    public struct ExplanationRequest: Equatable, Sendable {
        /// The bid whose price must be explained.
        public var bid: BidID
        /// The time by which the tenderer must answer (with its UTC offset).
        public var respondBy: Timestamp
        /// What the tenderer is asked to explain (may be empty when a questions file is recorded).
        public var questions: String

        /// Creates a request.
        public init(bid: BidID, respondBy: Timestamp, questions: String) {
            self.bid = bid
            self.respondBy = respondBy
            self.questions = questions
        }
    }

    /// The award recommendation (for `award-recommended`).
    public struct Recommendation: Equatable, Sendable {
        /// The bid recommended.
        public var bid: BidID
        /// The lot.
        public var lot: LotID
        /// The justification.
        public var justification: String

        /// Creates a recommendation.
        public init(bid: BidID, lot: LotID, justification: String) {
            self.bid = bid
            self.lot = lot
            self.justification = justification
        }
    }

    /// The entry's values, shared by its copies until one is changed: a trail is held by ``Trail``
    /// and again, entry by entry, by `CaseState` and the checks that read it.
    private var storage: CopyOnWrite<Fields>

    private struct Fields: Equatable, Sendable {
        var sequence: Int
        var previous: Digest?
        var kind: Kind
        var time: Timestamp
        var actor: Actor
        var subjects: [Subject]
        var receipt: Receipt?
        /// What few entries have, held apart; `nil` when none is given (so that equal entries
        /// have equal fields).
        var rare: CopyOnWrite<Rare>?
    }

    /// The parts of an entry that only some kinds have, and rarely: a large case's trail is bid
    /// receipts and score sheets (a `Fields` of some 250 bytes rather than 460).
    private struct Rare: Equatable, Sendable {
        var request: ExplanationRequest?
        var decision: Decision?
        var recommendation: Recommendation?
        var conflicts: [TendererID] = []
        var reason: String?
        var notes: [String] = []
    }

    private func rare<Part>(_ part: KeyPath<Rare, Part>, otherwise none: Part) -> Part {
        storage.value.rare.map { $0.value[keyPath: part] } ?? none
    }

    private mutating func setRare<Part>(_ part: WritableKeyPath<Rare, Part>, to value: Part) {
        var parts = storage.value.rare?.value ?? Rare()
        parts[keyPath: part] = value
        storage.value.rare = parts == Rare() ? nil : CopyOnWrite(parts)
    }

    /// 1-based position in the trail.
    public var sequence: Int {
        get { storage.value.sequence }
        set { storage.value.sequence = newValue }
    }

    /// The previous entry's hash; `nil` only for entry 1.
    public var previous: Digest? {
        get { storage.value.previous }
        set { storage.value.previous = newValue }
    }

    /// What it records.
    public var kind: Kind {
        get { storage.value.kind }
        set { storage.value.kind = newValue }
    }

    /// When it was recorded (the system clock, with its UTC offset).
    public var time: Timestamp {
        get { storage.value.time }
        set { storage.value.time = newValue }
    }

    /// Who recorded (and signed) it.
    public var actor: Actor {
        get { storage.value.actor }
        set { storage.value.actor = newValue }
    }

    /// The files concerned.
    public var subjects: [Subject] {
        get { storage.value.subjects }
        set { storage.value.subjects = newValue }
    }

    /// For `bid-received`.
    public var receipt: Receipt? {
        get { storage.value.receipt }
        set { storage.value.receipt = newValue }
    }

    /// For `abnormally-low-requested`.
    public var request: ExplanationRequest? {
        get { rare(\.request, otherwise: nil) }
        set { setRare(\.request, to: newValue) }
    }

    /// For `abnormally-low-decided`.
    public var decision: Decision? {
        get { rare(\.decision, otherwise: nil) }
        set { setRare(\.decision, to: newValue) }
    }

    /// For `award-recommended`.
    public var recommendation: Recommendation? {
        get { rare(\.recommendation, otherwise: nil) }
        set { setRare(\.recommendation, to: newValue) }
    }

    /// For `conflict-declared`: the tenderers with whom the member declares a conflict of interest.
    public var conflicts: [TendererID] {
        get { rare(\.conflicts, otherwise: []) }
        set { setRare(\.conflicts, to: newValue) }
    }

    /// For `plan-amended`: why.
    public var reason: String? {
        get { rare(\.reason, otherwise: nil) }
        set { setRare(\.reason, to: newValue) }
    }

    /// Remarks for people.
    public var notes: [String] {
        get { rare(\.notes, otherwise: []) }
        set { setRare(\.notes, to: newValue) }
    }

    /// Creates an entry (sequence and previous are assigned when it is appended).
    public init(
        sequence: Int = 0, previous: Digest? = nil, kind: Kind, time: Timestamp, actor: Actor, subjects: [Subject],
        receipt: Receipt? = nil, request: ExplanationRequest? = nil, decision: Decision? = nil,
        recommendation: Recommendation? = nil, conflicts: [TendererID] = [], reason: String? = nil,
        notes: [String] = []
    ) {
        let rare = Rare(
            request: request, decision: decision, recommendation: recommendation, conflicts: conflicts, reason: reason,
            notes: notes)
        storage = CopyOnWrite(
            Fields(
                sequence: sequence, previous: previous, kind: kind, time: time, actor: actor, subjects: subjects,
                receipt: receipt, rare: rare == Rare() ? nil : CopyOnWrite(rare)))
    }

    /// The entry's file name: its sequence number in 8 digits (`00000012.xml`).
    public static func fileName(for sequence: Int) -> String { Trail.paddedSequence(sequence) + ".xml" }

    /// The entry's signature file name (`00000012.sig`).
    public static func signatureFileName(for sequence: Int) -> String { Trail.paddedSequence(sequence) + ".sig" }

    /// The entry as a document.
    public var xmlDocument: XMLOutputDocument {
        var root = XMLOutputElement("Entry", attributes: [("sequence", "\(sequence)")])
        if let previous {
            root.append(XMLOutputElement("Previous", attributes: [("algorithm", "sha-256")], text: previous.hex))
        }
        root.append(XMLOutputElement("Kind", text: kind.rawValue))
        root.append(XMLOutputElement("Time", text: time.text))
        root.append(actor.element("Actor"))
        for subject in subjects {
            var element = XMLOutputElement("Subject", attributes: [("path", subject.path), ("role", subject.role)])
            element.append(
                XMLOutputElement("Bytes", attributes: [("algorithm", "sha-256")], text: subject.digests.bytes.hex))
            if let canonical = subject.digests.canonical {
                element.append(
                    XMLOutputElement("Canonical", attributes: [("algorithm", "sha-256")], text: canonical.hex))
            }
            root.append(element)
        }
        if let receipt {
            root.append(
                XMLOutputElement(
                    "Receipt",
                    attributes: [
                        ("bid", receipt.bid.rawValue), ("deadline", receipt.deadline.text),
                        ("late", receipt.isLate ? "true" : "false"),
                    ]))
        }
        if let request {
            root.append(
                XMLOutputElement(
                    "Request", attributes: [("bid", request.bid.rawValue), ("respondBy", request.respondBy.text)],
                    text: request.questions))
        }
        if let decision {
            var attributes = [
                ("bid", decision.bid.rawValue), ("outcome", decision.isAccepted ? "accepted" : "rejected"),
            ]
            if let request = decision.request { attributes.append(("request", "\(request)")) }
            if let criterion = decision.criterion { attributes.append(("criterion", criterion)) }
            root.append(XMLOutputElement("Decision", attributes: attributes, text: decision.reason))
        }
        if let recommendation {
            root.append(
                XMLOutputElement(
                    "Recommendation",
                    attributes: [("bid", recommendation.bid.rawValue), ("lot", recommendation.lot.rawValue)],
                    text: recommendation.justification))
        }
        for tenderer in conflicts {
            root.append(XMLOutputElement("Conflict", attributes: [("tenderer", tenderer.rawValue)]))
        }
        if let reason { root.append(XMLOutputElement("Reason", text: reason)) }
        for note in notes { root.append(XMLOutputElement("Note", text: note)) }
        return XMLOutputDocument(namespace: DocumentFormat.trailEntry.namespace, root: root)
    }

    /// Reads an entry from a document loaded and validated as ``DocumentFormat/trailEntry``.
    /// Returns `nil` if a value the schema admits cannot be used (e.g. an impossible time).
    public static func read(from document: XMLDocument) -> TrailEntry? {
        let namespace = DocumentFormat.trailEntry.namespace
        let root = document.root
        func child(_ name: String) -> XMLElement? { root.child(name, namespace: namespace) }
        guard let sequence = root.attribute("sequence").flatMap({ Int($0) }),
            let kind = child("Kind").map(\.normalizedText).flatMap(Kind.init(rawValue:)),
            let time = child("Time").map(\.normalizedText).flatMap(Timestamp.init),
            let actor = child("Actor").flatMap(Actor.init(element:))
        else { return nil }
        var previous: Digest?
        if let text = child("Previous")?.normalizedText {
            guard let digest = Digest(hex: text) else { return nil }
            previous = digest
        }
        var subjects: [Subject] = []
        for element in root.children("Subject", namespace: namespace) {
            guard let path = element.attribute("path"), let role = element.attribute("role"),
                let bytes = element.child("Bytes", namespace: namespace).flatMap({ Digest(hex: $0.normalizedText) })
            else { return nil }
            var canonical: Digest?
            if let text = element.child("Canonical", namespace: namespace)?.normalizedText {
                guard let digest = Digest(hex: text) else { return nil }
                canonical = digest
            }
            subjects.append(
                Subject(role: role, path: path, digests: DocumentDigests(bytes: bytes, canonical: canonical)))
        }
        var entry = TrailEntry(
            sequence: sequence, previous: previous, kind: kind, time: time, actor: actor, subjects: subjects)
        if let element = child("Receipt") {
            guard let bid = element.attribute("bid"),
                let deadline = element.attribute("deadline").flatMap(Timestamp.init)
            else { return nil }
            entry.receipt = Receipt(bid: BidID(bid), deadline: deadline, isLate: element.attribute("late") == "true")
        }
        if let element = child("Request") {
            guard let bid = element.attribute("bid"),
                let respondBy = element.attribute("respondBy").flatMap(Timestamp.init)
            else { return nil }
            entry.request = ExplanationRequest(bid: BidID(bid), respondBy: respondBy, questions: element.text)
        }
        if let element = child("Decision"), let bid = element.attribute("bid") {
            var request: Int?
            if let text = element.attribute("request") {
                guard let sequence = Int(text) else { return nil }
                request = sequence
            }
            entry.decision = Decision(
                bid: BidID(bid), isAccepted: element.attribute("outcome") == "accepted", reason: element.text,
                request: request, criterion: element.attribute("criterion"))
        }
        if let element = child("Recommendation"), let bid = element.attribute("bid"), let lot = element.attribute("lot")
        {
            entry.recommendation = Recommendation(
                bid: BidID(bid), lot: LotID(lot), justification: element.text)
        }
        entry.conflicts = root.children("Conflict", namespace: namespace).compactMap {
            $0.attribute("tenderer").map { TendererID($0) }
        }
        // Free text is read exactly as written (the writer keeps line breaks and spacing), so that an
        // entry read back equals the entry recorded; identifiers, times and digests are trimmed.
        entry.reason = child("Reason")?.text
        entry.notes = root.children("Note", namespace: namespace).map(\.text)
        return entry
    }
}

extension Actor {
    func element(_ name: String) -> XMLOutputElement {
        XMLOutputElement(name, attributes: [("member", member.rawValue), ("keyID", keyID.hex)], text: self.name)
    }

    init?(element: XMLElement) {
        guard let member = element.attribute("member"),
            let keyID = element.attribute("keyID").flatMap(Digest.init(hex:))
        else { return nil }
        self.init(member: EvaluatorID(member), name: element.text, keyID: keyID)
    }
}

/// A checkpoint (`evidence/checkpoints/<size>.xml`): how many entries the trail had and the hash of
/// the last one, signed (`<size>.sig`) by the member who ran the command that wrote it.
public struct Checkpoint: Equatable, Sendable {
    /// The number of entries.
    public var size: Int
    /// The hash of entry `size`.
    public var head: Digest
    /// When it was written.
    public var time: Timestamp
    /// Who signed it.
    public var signer: Actor

    /// Creates a checkpoint.
    public init(size: Int, head: Digest, time: Timestamp, signer: Actor) {
        self.size = size
        self.head = head
        self.time = time
        self.signer = signer
    }

    /// The checkpoint as a document.
    public var xmlDocument: XMLOutputDocument {
        var root = XMLOutputElement("Checkpoint")
        root.append(XMLOutputElement("Size", text: "\(size)"))
        root.append(XMLOutputElement("Head", attributes: [("algorithm", "sha-256")], text: head.hex))
        root.append(XMLOutputElement("Time", text: time.text))
        root.append(signer.element("Signer"))
        return XMLOutputDocument(namespace: DocumentFormat.checkpoint.namespace, root: root)
    }

    /// Reads a checkpoint from a document loaded and validated as ``DocumentFormat/checkpoint``.
    public static func read(from document: XMLDocument) -> Checkpoint? {
        let namespace = DocumentFormat.checkpoint.namespace
        let root = document.root
        guard let size = root.child("Size", namespace: namespace).flatMap({ Int($0.normalizedText) }),
            let head = root.child("Head", namespace: namespace).flatMap({ Digest(hex: $0.normalizedText) }),
            let time = root.child("Time", namespace: namespace).flatMap({ Timestamp($0.normalizedText) }),
            let signer = root.child("Signer", namespace: namespace).flatMap(Actor.init(element:))
        else { return nil }
        return Checkpoint(size: size, head: head, time: time, signer: signer)
    }
}

extension TrailEntry.Kind {
    /// Whether an entry of this kind may follow the last evaluation without making it stale: it
    /// changes none of the evaluation's inputs (an award recommendation, a request for explanation).
    public var leavesEvaluationCurrent: Bool { self == .awardRecommended || self == .abnormallyLowRequested }
}
