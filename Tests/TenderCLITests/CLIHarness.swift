import EvidenceTrail
import Foundation
import TenderDocuments
import TestSupport
import Testing

/// Shared helpers of the CLI tests: running `tender`, pinning its output, snapshots of `evidence/`,
/// and library-driven set-up of the mini case (so that a test runs through the real CLI only the
/// step it is about).
enum CLIHarness {
    /// The shipped case in the repository (read only: tests copy it before running anything that
    /// takes the case's lock or changes it).
    static var shippedCase: URL { ShippedCaseStory.folder }

    /// A copy of the shipped case, committed evidence included, in a fresh temporary folder.
    static func shippedCaseCopy() throws -> URL {
        let copy = try TestSupport.copyOfFolder(shippedCase, name: "renfrewshire-cli")
        try makeWritable(copy)
        return copy
    }

    /// `notice.xml` is committed read-only; copies keep the mode, so make every file of a copy
    /// writable by its owner before a test edits it.
    static func makeWritable(_ folder: URL) throws {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return }
        while let path = walker.nextObject() as? String {
            let url = folder.appendingPathComponent(path)
            let mode = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?
                .intValue
            if let mode, mode & 0o200 == 0 {
                try FileManager.default.setAttributes([.posixPermissions: mode | 0o200], ofItemAtPath: url.path)
            }
        }
    }

    /// Runs `tender` with `arguments`.
    static func tender(_ arguments: String...) throws -> ProcessOutput {
        try TestSupport.runTender(arguments)
    }

    /// Runs `tender` with `arguments`.
    static func tender(_ arguments: [String]) throws -> ProcessOutput {
        try TestSupport.runTender(arguments)
    }

    /// Expects a successful run: exit 0, nothing on standard error, and every line of `messages` on
    /// standard output.
    static func expectSuccess(
        _ result: ProcessOutput, printing messages: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 0, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.isEmpty, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for message in messages {
            #expect(
                lines.contains(message), "missing line \(message) in:\n\(result.standardOutput)",
                sourceLocation: sourceLocation)
        }
    }

    /// Expects a refusal: exit `status`, nothing on standard output, and exactly `message` (one or
    /// more lines) on standard error.
    static func expectRefusal(
        _ result: ProcessOutput, status: Int32 = 1, message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, "stdout: \(result.standardOutput)", sourceLocation: sourceLocation)
        #expect(result.standardError == message + "\n", sourceLocation: sourceLocation)
    }

    /// The lines of standard output that hold a bid's row of the ranking table, with runs of spaces
    /// collapsed: `1 Beta Ltd [BID-B] 67.50 22.50 90.00 ranked`.
    static func rankingRows(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.contains(" [BID-") && !$0.contains(":") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
    }

    /// Every file under `folder` (recursively) with its bytes, by relative path; `evidence/.lock`
    /// (which every step creates to take the case's lock, and which holds nothing) is left out.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return files }
        while let path = walker.nextObject() as? String {
            guard !path.hasSuffix(".lock") else { continue }
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try? Data(contentsOf: url)
            }
        }
        return files
    }

    /// Expects the two snapshots to hold the same files with the same bytes.
    static func expectUnchanged(
        _ before: [String: Data], _ after: [String: Data], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(before.keys.sorted() == after.keys.sorted(), "files added or removed", sourceLocation: sourceLocation)
        for (path, data) in before where after[path] != data {
            Issue.record("\(path) changed", sourceLocation: sourceLocation)
        }
    }

    /// With `RECORD_GOLDEN=1`: replaces the committed case's `evidence/` and `explanations/` with
    /// those a replayed story `built`, records an issue saying so, and returns `false`. Otherwise
    /// returns `true`: the caller compares (``expectSameEvidence(built:committed:sourceLocation:)``).
    static func evidenceIsCompared(
        built: URL, committed: URL, naming name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        guard ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" else { return true }
        for folder in ["evidence", "explanations"] {
            try? FileManager.default.removeItem(at: committed.appendingPathComponent(folder))
            try FileManager.default.copyItem(
                at: built.appendingPathComponent(folder), to: committed.appendingPathComponent(folder))
        }
        try? FileManager.default.removeItem(at: committed.appendingPathComponent("evidence/.lock"))
        Issue.record(
            "recorded \(name)'s evidence; review it and run again without RECORD_GOLDEN", sourceLocation: sourceLocation
        )
        return false
    }

    /// Expects `built`'s `evidence/` and `explanations/` to hold exactly `committed`'s files, byte for
    /// byte (hidden files such as the lock aside).
    static func expectSameEvidence(
        built: URL, committed: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        func files(_ folder: URL) throws -> [String: Data] {
            var result: [String: Data] = [:]
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return result }
            while let path = walker.nextObject() as? String {
                if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var isDirectory: ObjCBool = false
                let url = folder.appendingPathComponent(path)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    result[path] = try Data(contentsOf: url)
                }
            }
            return result
        }
        for folder in ["evidence", "explanations"] {
            let expected = try files(committed.appendingPathComponent(folder))
            let actual = try files(built.appendingPathComponent(folder))
            #expect(
                expected.keys.sorted() == actual.keys.sorted(), "\(folder): different files",
                sourceLocation: sourceLocation)
            for (path, data) in expected where actual[path] != data {
                Issue.record("\(folder)/\(path) differs from what the story produces", sourceLocation: sourceLocation)
            }
        }
    }

    /// A fresh folder for keys, beside (never inside) `caseFolder`.
    static func keysFolder(beside caseFolder: URL) throws -> URL {
        let folder = caseFolder.deletingLastPathComponent().appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The mini case (``MiniCase``) brought to a lifecycle step through the library, with the
/// panel's seeded keys and the story's clock, whatever files its folders hold: every
/// `bids/*.xml` is received, every `declarations/*.xml` declared, every `scores/*/*.xml`
/// submitted and every `moderation/*.xml` recorded. The CLI then takes the next step with the
/// members' keys written as files (mode 0600) outside the case.
struct MiniCaseSetup {
    /// The case folder.
    let folder: URL
    /// The members' private key files, outside the case.
    let keys: URL

    /// Writes the mini case and lets `prepare` change its files before anything is recorded.
    init(_ prepare: (URL) throws -> Void = { _ in }) throws {
        folder = try MiniCase.write()
        try prepare(folder)
        keys = try CLIHarness.keysFolder(beside: folder)
        for member in MiniCase.panel.members { _ = try MiniCase.panel.writeKey(member, in: keys) }
    }

    /// The path of `member`'s private key file.
    func key(_ member: String) -> String { keys.appendingPathComponent("\(member).key").path }

    /// The case folder's path.
    var path: String { folder.path }

    /// Runs the lifecycle through the library up to and including `last`.
    func run(through last: MiniCase.Step) throws {
        let clock = TestClock(MiniCase.times.seal)
        let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
        let panel = MiniCase.panel
        _ = try lifecycle.seal(key: panel.key("LEAD"))
        guard last > .seal else { return }
        clock.set(MiniCase.times.receive)
        for name in try files(in: "bids") {
            _ = try lifecycle.receive(bidFile: folder.appendingPathComponent("bids/\(name)"), key: panel.key("LEAD"))
        }
        guard last > .receive else { return }
        clock.set(MiniCase.times.open)
        _ = try lifecycle.open(key: panel.key("LEAD"))
        guard last > .open else { return }
        clock.set(MiniCase.times.declare)
        for name in try files(in: "declarations") {
            _ = try lifecycle.declare(key: panel.key(String(name.dropLast(4))))
        }
        guard last > .declare else { return }
        clock.set(MiniCase.times.score)
        for member in try files(in: "scores") {
            for name in try files(in: "scores/\(member)") {
                _ = try lifecycle.score(sheet: "scores/\(member)/\(name)", key: panel.key(member))
            }
        }
        guard last > .score else { return }
        clock.set(MiniCase.times.moderate)
        for name in try files(in: "moderation") {
            _ = try lifecycle.moderate(lot: String(name.dropLast(4)), key: panel.key("LEAD"))
        }
        guard last > .moderate else { return }
        clock.set(MiniCase.times.evaluate)
        _ = try lifecycle.evaluate(key: panel.key("FIN"))
    }

    private func files(in relative: String) throws -> [String] {
        let url = folder.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
    }
}
