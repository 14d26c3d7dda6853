public import Foundation
import TenderDocuments
import TenderXML

/// The evidence trail of a case as found on disk: `evidence/trail/*.xml` and
/// `evidence/checkpoint.xml`, each read, validated and hashed, problems kept rather than thrown so
/// that verification can report all of them.
public struct Trail: Sendable {
    /// One entry file.
    public struct StoredEntry: Sendable {
        /// The file, relative to the case folder (`evidence/trail/00000003.xml`).
        public var path: String
        /// The sequence number its file name gives.
        public var fileSequence: Int
        /// The entry, when the file is a valid entry.
        public var entry: TrailEntry?
        /// SHA-256 of the file's exclusive canonical form: the entry's hash, which the next entry
        /// carries as its `Previous`. `nil` when the file cannot be canonicalised.
        public var hash: Digest?
        /// Why the file is not a valid entry, when it is not.
        public var problem: String?
    }

    /// The checkpoint file.
    public struct StoredCheckpoint: Sendable {
        /// The checkpoint, when the file is valid.
        public var checkpoint: Checkpoint?
        /// Why not, when it is not.
        public var problem: String?
    }

    /// Entry files in sequence order.
    public var entries: [StoredEntry]
    /// The checkpoint, or `nil` when there is no checkpoint file.
    public var checkpoint: StoredCheckpoint?
    /// Files in `evidence/trail/` that are not entry files (hidden files are ignored).
    public var strayFiles: [String]

    /// The folder of entry files, relative to the case folder.
    public static let folder = "evidence/trail"
    /// The checkpoint file, relative to the case folder.
    public static let checkpointPath = "evidence/checkpoint.xml"
    /// The results file, relative to the case folder.
    public static let resultsPath = "evidence/results.xml"

    /// An empty trail.
    public init() {
        entries = []
        checkpoint = nil
        strayFiles = []
    }

    /// Reads the trail of the case at `caseURL`.
    ///
    /// - Throws: ``AtomicFile/WriteError``-style ``TrailReadError`` only when the evidence folder
    ///   exists but cannot be listed; everything else is recorded in the result.
    public static func load(caseURL: URL) throws(TrailReadError) -> Trail {
        var trail = Trail()
        let manager = FileManager.default
        let folderURL = caseURL.appendingPathComponent(folder, isDirectory: true)
        if manager.fileExists(atPath: folderURL.path) {
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folderURL.path)
            } catch {
                throw TrailReadError(path: folder, reason: error.localizedDescription)
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let relative = folder + "/" + name
                guard name.count == 12, name.hasSuffix(".xml"), let sequence = Int(name.prefix(8)),
                    name.prefix(8).allSatisfy(\.isASCII)
                else {
                    trail.strayFiles.append(relative)
                    continue
                }
                trail.entries.append(
                    loadEntry(folderURL.appendingPathComponent(name), path: relative, sequence: sequence))
            }
        }
        let checkpointURL = caseURL.appendingPathComponent(checkpointPath)
        if manager.fileExists(atPath: checkpointURL.path) {
            do {
                let document = try NativeDocument.load(
                    .checkpoint, contentsOf: checkpointURL, displayPath: checkpointPath)
                if let checkpoint = Checkpoint.read(from: document) {
                    trail.checkpoint = StoredCheckpoint(checkpoint: checkpoint, problem: nil)
                } else {
                    trail.checkpoint = StoredCheckpoint(
                        checkpoint: nil, problem: "\(checkpointPath): error: unusable values")
                }
            } catch {
                trail.checkpoint = StoredCheckpoint(checkpoint: nil, problem: error.description)
            }
        }
        return trail
    }

    private static func loadEntry(_ url: URL, path: String, sequence: Int) -> StoredEntry {
        var stored = StoredEntry(path: path, fileSequence: sequence, entry: nil, hash: nil, problem: nil)
        let document: XMLDocument
        do {
            document = try NativeDocument.load(.trailEntry, contentsOf: url, displayPath: path)
        } catch {
            // A file that parses but does not validate still has a hash the next entry may carry.
            if let bytes = try? NativeDocument.readBytes(url, displayPath: path),
                let parsed = try? XMLDocument.parse(bytes, path: path),
                let canonical = try? parsed.exclusiveCanonicalForm()
            {
                stored.hash = Digest(of: canonical)
            }
            stored.problem = error.description
            return stored
        }
        do {
            stored.hash = Digest(of: try document.exclusiveCanonicalForm())
        } catch {
            stored.problem = error.description
            return stored
        }
        if let entry = TrailEntry.read(from: document) {
            stored.entry = entry
        } else {
            stored.problem = "\(path): error: the entry is schema-valid but holds an unusable value (a time or digest)"
        }
        return stored
    }

    /// The entries that are valid, in order.
    public var validEntries: [TrailEntry] { entries.compactMap(\.entry) }

    /// The last `evaluation-computed` entry, when there is one.
    public var lastEvaluation: TrailEntry? { validEntries.last { $0.kind == .evaluationComputed } }

    /// The latest recorded digests of each input path (from `input-recorded` entries).
    public var latestInputs: [String: TrailEntry.Subject] {
        var latest: [String: TrailEntry.Subject] = [:]
        for entry in validEntries where entry.kind == .inputRecorded {
            for subject in entry.subjects { latest[subject.path] = subject }
        }
        return latest
    }

    /// Problems with the trail's own integrity, in the order verification checks them: entry files
    /// that are not valid entries, sequence numbers that do not run 1, 2, 3…, a broken hash chain,
    /// and a checkpoint that does not cover the trail. Empty when the trail can be appended to.
    public func integrityProblems() -> [String] {
        var problems: [String] = []
        for stored in entries {
            if let problem = stored.problem { problems.append(problem) }
            if let entry = stored.entry, entry.sequence != stored.fileSequence {
                problems.append(
                    "\(stored.path): error: the entry says sequence \(entry.sequence) but its file name says \(stored.fileSequence)"
                )
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
        if let stored = checkpoint {
            if let problem = stored.problem {
                problems.append(problem)
            } else if let checkpoint = stored.checkpoint {
                if checkpoint.size != entries.count {
                    problems.append(
                        "\(Self.checkpointPath): error: the checkpoint covers \(checkpoint.size) entries but the trail has"
                            + " \(entries.count)"
                            + (entries.count < checkpoint.size
                                ? ": entries were removed" : ": entries were added without a checkpoint"))
                } else if let last = entries.last, checkpoint.head != last.hash {
                    problems.append(
                        "\(Self.checkpointPath): error: the checkpoint's head is \(checkpoint.head.short) but the canonical hash of"
                            + " \(last.path) is \(last.hash?.short ?? "unknown")")
                }
            }
        } else if !entries.isEmpty {
            problems.append("\(Self.checkpointPath): error: the trail has entries but no checkpoint")
        }
        if let stray = strayFiles.first {
            problems.append(
                "\(stray): error: not a trail entry; \(Self.folder)/ holds only 00000001.xml, 00000002.xml, …")
        }
        return problems
    }
}

/// The evidence folder exists but cannot be read.
public struct TrailReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder.
    public var path: String
    /// The system's reason.
    public var reason: String

    /// The value as text, for people and diagnostics.
    public var description: String { "\(path): error: cannot read: \(reason)" }
}
