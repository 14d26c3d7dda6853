import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// Helpers for the recording, tamper and byte-flip tests: a mini case run once through the whole
/// signed lifecycle and copied per test, verification, the case's evidence as bytes, edits that
/// fail loudly, and a seeded generator.
///
/// Names are prefixed (`TrailFixture`, `TrailVerdict`) because other suites share this test target.
enum TrailFixture {
    /// The mini case after the whole lifecycle (seal … evaluate), run once per process; tests copy it.
    private static let pristine = Result { () throws -> URL in try MiniCase.writeAndRun().folder }

    /// A fresh copy of the mini case after the whole signed lifecycle (15 entries, 15 checkpoints),
    /// byte for byte what `MiniCase.writeAndRun()` produces.
    static func miniCase() throws -> URL {
        try TestSupport.copyOfFolder(try pristine.get(), name: "minicase-copy")
    }

    /// A fresh copy of the shipped case with its committed evidence.
    static func shippedCase() throws -> URL {
        try TestSupport.copyOfFolder(ShippedCaseStory.folder, name: "renfrewshire-copy")
    }

    /// The time after the mini case's evaluation at which tests take further steps.
    static let later = "2025-03-24T09:00:00+00:00"

    /// A lifecycle on `folder` whose clock reads `time`.
    static func lifecycle(_ folder: URL, at time: String = later) -> Lifecycle {
        Lifecycle(folder: CaseFolder(path: folder.path), clock: TestClock(time).now)
    }

    /// Verifies the case in `folder`.
    static func verify(_ folder: URL, publishedCheckpoint: URL? = nil) throws -> TrailVerdict {
        TrailVerdict(
            report: try Verifier.verify(CaseFolder(path: folder.path), publishedCheckpoint: publishedCheckpoint))
    }

    /// Every file under `folder` (relative path → bytes), hidden files (the lock) excluded.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard FileManager.default.fileExists(atPath: folder.path) else { return files }
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// The case's `evidence/` folder as bytes.
    static func evidence(_ folder: URL) throws -> [String: Data] {
        try snapshot(folder.appendingPathComponent("evidence"))
    }

    /// Replaces the first occurrence of `target` in a case file; fails loudly when absent.
    static func edit(_ relativePath: String, in folder: URL, replacing target: String, with replacement: String) throws
    {
        let text = try TestSupport.read(relativePath, in: folder)
        guard let range = text.range(of: target) else {
            throw TrailTestFailure("\(relativePath) does not contain \(target)")
        }
        try TestSupport.write(text.replacingCharacters(in: range, with: replacement), to: relativePath, in: folder)
    }

    /// Removes a case file.
    static func remove(_ relativePath: String, in folder: URL) throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(relativePath))
    }

    /// `evidence/trail/00000003.xml` for 3.
    static func entryPath(_ sequence: Int) -> String { Trail.folder + "/" + TrailEntry.fileName(for: sequence) }

    /// `evidence/checkpoints/00000003.xml` for 3.
    static func checkpointPath(_ size: Int) -> String { Trail.checkpointPath(size: size) }

    /// How ``Trail`` reads the bytes of one entry (or checkpoint) file on its own: the file's
    /// exclusive canonical form when it parses, and the entry (or checkpoint) when it is valid.
    /// `scratch` is a folder the call may overwrite.
    static func read(
        _ bytes: [UInt8], asEntry: Bool, scratch: URL
    ) throws -> (
        canonical: [UInt8]?, entry: TrailEntry?, checkpoint: Checkpoint?
    ) {
        let evidence = scratch.appendingPathComponent("evidence")
        try? FileManager.default.removeItem(at: evidence)
        let path = asEntry ? entryPath(1) : checkpointPath(1)
        try FileManager.default.createDirectory(
            at: scratch.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: scratch.appendingPathComponent(path))
        let trail = try Trail.load(caseURL: scratch)
        if asEntry {
            let stored = trail.entries.first
            return (stored?.canonical, stored?.entry, nil)
        }
        let stored = trail.checkpoints.first
        return (stored?.canonical, nil, stored?.checkpoint)
    }

    /// Whether `xmllint` (libxml2-utils, which CI installs) is on the path.
    static let hasXmllint = (try? TestSupport.shell("command -v xmllint").status) == 0

    /// What an auditor's `xmllint --exc-c14n FILE` prints, or `nil` when it fails.
    static func xmllintCanonicalForm(_ url: URL) throws -> String? {
        let output = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["xmllint", "--exc-c14n", url.path])
        return output.status == 0 ? output.standardOutput : nil
    }
}

/// A verification report with the questions the tests ask of it.
struct TrailVerdict: Sendable {
    /// The report.
    var report: VerificationReport

    /// Whether the case verifies.
    var isVerified: Bool { report.isVerified }

    /// IDs of the checks that failed, in order.
    var failed: [String] {
        report.checks.compactMap { check in
            if case .failed = check.outcome { return check.id }
            return nil
        }
    }

    /// IDs of the checks that were skipped, in order.
    var skipped: [String] {
        report.checks.compactMap { check in
            if case .skipped = check.outcome { return check.id }
            return nil
        }
    }

    /// The findings of one check (empty when it did not fail).
    func findings(_ id: String) -> [Finding] {
        report.checks.flatMap { check -> [Finding] in
            if check.id == id, case let .failed(findings) = check.outcome { return findings }
            return []
        }
    }

    /// Every finding of every failed check, one per line, as `check: location: message`.
    var findingsText: String {
        report.checks.flatMap { check -> [String] in
            if case let .failed(findings) = check.outcome { return findings.map { "\(check.id): \($0)" } }
            return []
        }.joined(separator: "\n")
    }

    /// Every note of every passed check.
    var notes: [String] {
        report.checks.flatMap { check -> [String] in
            if case let .passed(notes) = check.outcome { return notes }
            return []
        }
    }
}

/// A test precondition that did not hold (a fixture without the text to edit).
struct TrailTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator, so that every "random" choice
/// in these tests is the same on every run and machine. Not for anything but tests.
struct FlipGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// A generator seeded with `seed`.
    init(seed: UInt64) { state = seed }

    /// A generator seeded from text (FNV-1a of its UTF-8), e.g. a file's path: the same file gets
    /// the same choices whatever the order files are visited in.
    init(seed text: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
