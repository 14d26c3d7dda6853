import Foundation
public import TenderDocuments
public import TenderEvaluation
public import TenderModel
public import TenderXML

/// Why a lifecycle command refused to run or failed. Nothing already recorded is changed.
public enum LifecycleError: Error, Sendable, CustomStringConvertible {
    /// The command cannot run yet (or any more): says what must happen first.
    case outOfOrder(String)
    /// The key's owner may not do this (not on the panel, wrong role, not their sheet, a conflict).
    case notAllowed(String)
    /// A usage error: a required key not given, an output that exists or lies inside the case.
    /// The message is printed as is (it names the file when there is one).
    case usage(String)
    /// An input document could not be read (every problem, with file and line).
    case invalidDocuments(DocumentReadError)
    /// The documents could not be evaluated (every problem, with file and line).
    case notEvaluable(EvaluationError)
    /// A file on disk is not what the trail recorded, or is missing from it.
    case inconsistent([String])
    /// The existing trail is damaged; appending would hide it.
    case trailDamaged([String])
    /// The evidence folder could not be read.
    case unreadable(TrailReadError)
    /// Another `tender` process holds the case's lock.
    case locked(String)
    /// A file could not be written (earlier evidence is unchanged).
    case write(AtomicFile.WriteError)
    /// A key could not be read or used.
    case key(KeyError)
    /// libxml2 could not serialise or canonicalise a document.
    case serialization(XMLError)
    /// An entry or checkpoint about to be written would not pass the trail schema or the
    /// verifier's reading (a value given to the step that the trail cannot hold): nothing was
    /// written, since `tender verify` and every later command would find the trail damaged.
    case unverifiableEvidence([String])

    /// Whether the error is about the case and its documents (exit 1) rather than usage or the
    /// system (exit 2).
    public var isInputError: Bool {
        switch self {
        case .invalidDocuments(let error):
            if case .xml(.unreadable) = error { return false }
            return true
        case .outOfOrder, .notAllowed, .notEvaluable, .inconsistent, .trailDamaged, .unverifiableEvidence: return true
        case .unreadable, .locked, .write, .key, .serialization, .usage: return false
        }
    }

    /// The problems, one per line, compiler style where there is a file.
    public var description: String {
        switch self {
        case let .outOfOrder(message): "error: \(message)"
        case let .notAllowed(message): "error: \(message)"
        case let .usage(message): message
        case let .invalidDocuments(error): error.description
        case let .notEvaluable(error): error.description
        case let .inconsistent(problems): problems.joined(separator: "\n")
        case let .trailDamaged(problems):
            problems.joined(separator: "\n")
                + "\nerror: the evidence trail is damaged; nothing was recorded. Run `tender verify` to see what changed."
        case let .unreadable(error): error.description
        case let .locked(message): message
        case let .write(error): error.description
        case let .key(error): error.description
        case let .serialization(error): error.description
        case let .unverifiableEvidence(problems):
            problems.joined(separator: "\n")
                + "\nerror: the step would record evidence that the trail schema (trail.xsd) and `tender verify` reject;"
                + " nothing was recorded"
        }
    }
}

/// What the trail says about a case: which plan was sealed, which bids were received and opened,
/// who declared and scored what, the evaluations, decisions and recommendations. Derived from the
/// valid entries alone, in order; the latest recording of a file counts.
public struct CaseState: Sendable {
    /// The trail.
    public private(set) var trail: Trail

    /// The valid entries in order.
    public let entries: [TrailEntry]

    /// The `bids-opened` entry.
    public let opening: TrailEntry?

    /// The first entry of each kind by each member (for ``first(_:by:)``).
    private let firsts: [TrailEntry.Kind: [EvaluatorID: TrailEntry]]

    /// The canonical digest the valid entries recorded for each XML file content they name, by the
    /// digest of its bytes: a file whose bytes are one of these has that canonical form (it is a
    /// function of the bytes), so reading it again need not canonicalise it
    /// (``CaseEvaluation/recordedInput(knowing:)``). To be used only once the trail's integrity and
    /// every signature have been checked: an entry changed afterwards could name any digest.
    public let canonicalDigests: [Digest: Digest]

    /// The state the trail gives. The valid entries, the opening and each member's first entry of
    /// each kind are found once here, so that the checks asking for them in a loop over the trail
    /// take time linear, not quadratic, in its length.
    public init(trail: Trail) {
        self.trail = trail
        entries = trail.validEntries
        opening = entries.first { $0.kind == .bidsOpened }
        var firsts: [TrailEntry.Kind: [EvaluatorID: TrailEntry]] = [:]
        for entry in entries where firsts[entry.kind]?[entry.actor.member] == nil {
            firsts[entry.kind, default: [:]][entry.actor.member] = entry
        }
        self.firsts = firsts
        var canonicalDigests: [Digest: Digest] = [:]
        for entry in entries {
            for subject in entry.subjects {
                if let canonical = subject.digests.canonical { canonicalDigests[subject.digests.bytes] = canonical }
            }
        }
        self.canonicalDigests = canonicalDigests
    }

    /// Drops the trail's canonical forms once its signatures have been checked
    /// (``Trail/forgetCanonicalForms()``).
    public mutating func forgetCanonicalForms() { trail.forgetCanonicalForms() }

    /// Drops every checkpoint but the latest once their signatures have been checked
    /// (``Trail/forgetEarlierCheckpoints()``).
    public mutating func forgetEarlierCheckpoints() { trail.forgetEarlierCheckpoints() }

    /// `plan-sealed` and `plan-amended` entries, in order.
    public var planVersions: [TrailEntry] { entries.filter { $0.kind == .planSealed || $0.kind == .planAmended } }

    /// The first `plan-sealed` entry.
    public var sealing: TrailEntry? { entries.first { $0.kind == .planSealed } }

    /// The plan version in force (the latest sealed or amended).
    public var sealedPlan: TrailEntry.Subject? { planVersions.last?.subjects.first { $0.role == "plan" } }

    /// The notice recorded with the plan version in force.
    public var sealedNotice: TrailEntry.Subject? { planVersions.last?.subjects.first { $0.role == "notice" } }

    /// `bid-received` entries in order.
    public var receipts: [TrailEntry] { entries.filter { $0.kind == .bidReceived } }

    /// The latest receipt of each bid.
    public var latestReceipts: [BidID: TrailEntry] {
        var latest: [BidID: TrailEntry] = [:]
        for entry in receipts { if let receipt = entry.receipt { latest[receipt.bid] = entry } }
        return latest
    }

    /// Why the bid received in `entry` is late, or `nil` when it was on time: its time is after the
    /// deadline it records, it was recorded after the bids were opened, or its receipt says so.
    /// Lateness is judged from the receipt's time and place in the trail, not only from its `late`
    /// flag, so that a receipt marked on time by mistake (or by forgery) cannot carry a late bid
    /// into the evaluation. Source: Directive 2014/24/EU Art. 47 and Art. 22(3).
    public func lateness(of entry: TrailEntry) -> String? {
        guard let receipt = entry.receipt else { return nil }
        if entry.time > receipt.deadline {
            return "the bid was received at \(entry.time), after the submission deadline \(receipt.deadline.text)"
                + " (entry \(entry.sequence))"
        }
        if let opening, entry.sequence > opening.sequence {
            return "the bid was received in entry \(entry.sequence), after the bids were opened (entry"
                + " \(opening.sequence))"
        }
        if receipt.isLate {
            return "the receipt records the bid as late (entry \(entry.sequence))"
        }
        return nil
    }

    /// Bids whose latest receipt is late (see ``lateness(of:)``), with the receipt entry.
    public var lateBids: [BidID: TrailEntry] { latestReceipts.filter { lateness(of: $0.value) != nil } }

    /// `evaluation-computed` entries in order.
    public var evaluations: [TrailEntry] { entries.filter { $0.kind == .evaluationComputed } }

    /// The latest `abnormally-low-decided` entry of each bid.
    public var decisions: [BidID: TrailEntry] {
        var latest: [BidID: TrailEntry] = [:]
        for entry in entries where entry.kind == .abnormallyLowDecided {
            if let decision = entry.decision { latest[decision.bid] = entry }
        }
        return latest
    }

    /// The latest `self-cleaning-decided` entry of each bid and ESPD criterion (the exclusion ground).
    public var selfCleaningDecisions: [BidID: [String: TrailEntry]] {
        var latest: [BidID: [String: TrailEntry]] = [:]
        for entry in entries where entry.kind == .selfCleaningDecided {
            if let decision = entry.decision, let criterion = decision.criterion {
                latest[decision.bid, default: [:]][criterion] = entry
            }
        }
        return latest
    }

    /// The latest `abnormally-low-requested` entry of each bid.
    public var requests: [BidID: TrailEntry] {
        var latest: [BidID: TrailEntry] = [:]
        for entry in entries where entry.kind == .abnormallyLowRequested {
            if let request = entry.request { latest[request.bid] = entry }
        }
        return latest
    }

    /// The request for explanation from `bid` that no decision has answered yet: the latest
    /// `abnormally-low-requested` entry for the bid, when no decision on the bid follows it.
    public func pendingRequest(for bid: BidID) -> TrailEntry? {
        guard let request = requests[bid] else { return nil }
        if let decision = decisions[bid], decision.sequence > request.sequence { return nil }
        return request
    }

    /// The latest recording of each file (by path) for the given entry kinds: the entry's sequence
    /// number and the file as it recorded it (a case of ten thousand bids has forty thousand, so not
    /// each with a copy of its entry).
    public func latestRecordings(
        of kinds: Set<TrailEntry.Kind>
    ) -> [String: (sequence: Int, subject: TrailEntry.Subject)] {
        var latest: [String: (sequence: Int, subject: TrailEntry.Subject)] = [:]
        for entry in entries where kinds.contains(entry.kind) {
            for subject in entry.subjects { latest[subject.path] = (entry.sequence, subject) }
        }
        return latest
    }

    /// The tenderers `member` declared a conflict of interest with, in any of their
    /// `conflict-declared` entries, each with the entry that first declared it. A conflict once
    /// declared stands: a later declaration cannot withdraw it. Source: Directive 2014/24/EU Art. 24.
    public func declaredConflicts(of member: EvaluatorID) -> [TendererID: Int] {
        var conflicts: [TendererID: Int] = [:]
        for entry in entries where entry.kind == .conflictDeclared && entry.actor.member == member {
            for tenderer in entry.conflicts where conflicts[tenderer] == nil { conflicts[tenderer] = entry.sequence }
        }
        return conflicts
    }

    /// The first entry of `kind` recorded by `member`, if any.
    public func first(_ kind: TrailEntry.Kind, by member: EvaluatorID) -> TrailEntry? {
        firsts[kind]?[member]
    }

    /// What the evaluation needs from the trail: late bids, decisions on abnormally low tenders and
    /// on self-cleaning.
    public var processFacts: ProcessFacts {
        var facts = ProcessFacts()
        for (bid, byCriterion) in selfCleaningDecisions {
            for (criterion, entry) in byCriterion {
                guard let decision = entry.decision else { continue }
                facts.selfCleaningDecisions[bid, default: [:]][criterion] = SelfCleaningDecision(
                    isAccepted: decision.isAccepted, reason: "\(decision.reason) (entry \(entry.sequence))")
            }
        }
        for (bid, entry) in lateBids { facts.lateBids[bid] = lateness(of: entry) }
        for (bid, entry) in decisions {
            guard let decision = entry.decision else { continue }
            facts.abnormallyLowDecisions[bid] = AbnormallyLowDecision(
                isAccepted: decision.isAccepted, reason: "\(decision.reason) (entry \(entry.sequence))")
        }
        return facts
    }
}
