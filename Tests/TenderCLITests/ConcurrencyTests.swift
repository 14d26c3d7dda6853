import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two `tender` processes on one case folder: the second never interleaves its writes with the
/// first. A recording step takes an exclusive `flock` on `evidence/.lock` for its whole run, and
/// `verify` a shared one, so the second is refused at once (exit 2) with the lock message, and the
/// trail never holds two entries with one sequence number.
@Suite("Two tender processes on one case", .serialized)
struct ConcurrencyTests {
    typealias Story = CrashSafetyTests.Story

    static func lockMessage(_ folder: URL, verifying: Bool = false) -> String {
        "\(folder.path)/evidence: error: another tender process is recording evidence in this case;"
            + (verifying ? " verify when it has finished\n" : " try again when it has finished\n")
    }

    /// Starts `tender` in the background, paused (holding the case's lock) just before its first
    /// write for `milliseconds`.
    static func startPaused(_ arguments: [String], on folder: URL, milliseconds: Int, preload: URL) throws -> Process {
        let process = Process()
        process.executableURL = TestSupport.tenderExecutable
        process.arguments = arguments.map { $0 == "CASE" ? folder.path : $0 }
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = preload.path
        environment["TENDERTRAIL_PAUSE_AT_RENAME"] = "1"
        environment["TENDERTRAIL_PAUSE_MS"] = "\(milliseconds)"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until the paused process holds the lock: its first write (a temporary file) has appeared
    /// in `evidence/trail/`. (Probing the lock itself could make the paused process find it taken.)
    static func waitForLock(_ folder: URL, filesBefore: Int, timeout: Double = 10) {
        let deadline = ContinuousClock.now + .seconds(timeout)
        let trail = folder.appendingPathComponent("evidence/trail").path
        while ContinuousClock.now < deadline {
            if ((try? FileManager.default.contentsOfDirectory(atPath: trail))?.count ?? 0) > filesBefore { return }
            usleep(10_000)
        }
    }

    /// The trail's entry sequence numbers, from the entries' own `sequence` attributes.
    static func sequences(_ folder: URL) throws -> [Int] {
        let trail = folder.appendingPathComponent("evidence/trail")
        return try FileManager.default.contentsOfDirectory(atPath: trail.path).filter { $0.hasSuffix(".xml") }.sorted()
            .map { name in
                let text = try String(contentsOf: trail.appendingPathComponent(name), encoding: .utf8)
                let value = text.components(separatedBy: "sequence=\"").dropFirst().first?.prefix { $0 != "\"" }
                return Int(value ?? "") ?? -1
            }
    }

    @Test("While one process records, a second recording step and verify are refused with the lock message (exit 2)")
    func secondIsRefused() throws {
        guard let preload = CrashSafetyTests.killer else {
            print("note: no C compiler; the paused-process lock test is skipped (the race test still runs)")
            return
        }
        let story = try Story()
        let folder = story.folder
        let filesBefore = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("evidence/trail").path
        ).count
        let first = try Self.startPaused(
            ["open", "CASE", "--key", story.key("LEAD")], on: folder, milliseconds: 1500, preload: preload)
        Self.waitForLock(folder, filesBefore: filesBefore)
        let before = CrashSafetyTests.evidence(folder)
        let second = try CrashSafetyTests.tender(["declare", "CASE", "--key", story.key("EV-1")], on: folder)
        #expect(second.status == 2)
        #expect(second.standardOutput.isEmpty)
        #expect(second.standardError == Self.lockMessage(folder))
        let verify = try CrashSafetyTests.tender(["verify", "CASE"], on: folder)
        #expect(verify.status == 2)
        #expect(verify.standardError == Self.lockMessage(folder, verifying: true))
        #expect(CrashSafetyTests.evidence(folder) == before, "the refused processes wrote nothing")
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        // Once the first has finished, the second goes through.
        let again = try CrashSafetyTests.tender(["declare", "CASE", "--key", story.key("EV-1")], on: folder)
        #expect(again.status == 0, "\(again.standardError)")
        // Seal and three receipts (through the library), then open and the declaration: 1…6, each once.
        #expect(try Self.sequences(folder) == Array(1...6))
    }

    @Test("Steps started together never interleave: each records or is refused, and the trail verifies")
    func racingSteps() throws {
        let story = try Story()
        let folder = story.folder
        let open = try CrashSafetyTests.tender(["open", "CASE", "--key", story.key("LEAD")], on: folder)
        try #require(open.status == 0, "\(open.standardError)")
        // Declarations and all six score sheets, started in rounds of simultaneous processes; a refused
        // one is retried in the next round.
        var pending: [[String]] = ["EV-1", "EV-2"].map { ["declare", "CASE", "--key", story.key($0)] }
        var refusals = 0
        var rounds = 0
        for stage in 0..<2 {
            if stage == 1 {
                pending = ["EV-1", "EV-2"].flatMap { member in
                    ["BID-A", "BID-B", "BID-C"].map {
                        ["score", "CASE", "scores/\(member)/\($0).xml", "--key", story.key(member)]
                    }
                }
            }
            while !pending.isEmpty, rounds < 40 {
                rounds += 1
                let results = try Self.runTogether(pending, on: folder)
                var retry: [[String]] = []
                for (arguments, result) in zip(pending, results) {
                    if result.status == 2 {
                        #expect(result.standardError == Self.lockMessage(folder), "\(result.standardError)")
                        refusals += 1
                        retry.append(arguments)
                    } else {
                        #expect(result.status == 0, "\(arguments): \(result.standardError)")
                    }
                }
                pending = retry
            }
        }
        #expect(pending.isEmpty)
        print("concurrency: \(refusals) refusal(s) by the lock over \(rounds) round(s)")
        try MiniCase.dateModeration(in: folder)  // after the opening by the real clock
        let moderate = try CrashSafetyTests.tender(
            ["moderate", "CASE", "LOT-1", "--key", story.key("LEAD")], on: folder)
        #expect(moderate.status == 0)
        #expect(try CrashSafetyTests.tender(["evaluate", "CASE", "--key", story.key("FIN")], on: folder).status == 0)
        let sequences = try Self.sequences(folder)
        #expect(sequences == Array(1...sequences.count), "no duplicate or missing sequence numbers")
        #expect(sequences.count == 15)
        let verify = try CrashSafetyTests.verify(folder)
        #expect(verify.status == 0, "\(verify.report?.failed ?? [:])")
    }

    /// Starts every command at once and waits for all.
    static func runTogether(_ commands: [[String]], on folder: URL) throws -> [CrashSafetyTests.Ended] {
        let results = Mutex<[Int: CrashSafetyTests.Ended]>([:])
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let result = try? CrashSafetyTests.tender(commands[index], on: folder)
            results.withLock {
                $0[index] =
                    result
                    ?? CrashSafetyTests.Ended(
                        status: -1, killed: false, standardOutput: "", standardError: "did not run")
            }
        }
        return results.withLock { stored in
            commands.indices.map {
                stored[$0] ?? CrashSafetyTests.Ended(status: -1, killed: false, standardOutput: "", standardError: "")
            }
        }
    }
}
