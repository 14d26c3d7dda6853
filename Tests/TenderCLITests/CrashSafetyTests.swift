import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the real `tender` and kills it with SIGKILL part-way, then checks what the issue asks of
/// the evidence: `tender verify` passes or reports an incomplete step (no other failure appears),
/// no evidence file that existed before the step changed or became unreadable, and running the
/// step again completes the trail exactly as an uninterrupted run does.
///
/// The kill points are found two ways:
/// - **At every write.** Every file `tender` records is written to a temporary file and renamed
///   over its target (``AtomicFile``), so the states a crash can leave are exactly "the first *n*
///   renames happened". A tiny `LD_PRELOAD` library (compiled here with `cc`) counts the process's
///   `rename` calls and raises SIGKILL just before the *n*-th, for every *n* the step makes: each
///   kill lands mid-step, deterministically.
/// - **At random times.** A seeded generator picks delays across the step's duration and the test
///   sends SIGKILL from outside, as a power cut or an impatient `kill -9` would.
///
/// The case is the mini case: seal and receipts through the library (on time, with the story's
/// clock), then every later step through the CLI with the real clock.
@Suite("Crash safety: tender killed with SIGKILL mid-step", .serialized)
struct CrashSafetyTests {
    // MARK: - The case and its steps

    /// The mini case with its keys beside it, and the CLI steps after the receipts, in order.
    struct Story {
        let folder: URL
        let keys: URL

        init() throws {
            folder = try MiniCase.write()
            keys = folder.deletingLastPathComponent().appendingPathComponent("keys")
            for member in MiniCase.panel.members { _ = try MiniCase.panel.writeKey(member, in: keys) }
            try MiniCase.run(folder, clock: TestClock(MiniCase.times.seal), through: .receive)
        }

        func key(_ member: String) -> String { keys.appendingPathComponent("\(member).key").path }

        /// One CLI step: its name, its arguments (`CASE` for the folder), and an edit of the case's
        /// files made before it (by the user, not recorded).
        struct Step {
            var name: String
            var arguments: [String]
            var edit: (@Sendable (URL) throws -> Void)? = nil
        }

        /// The CLI steps from opening to the evaluation, then a re-scored sheet and a second
        /// evaluation (whose results differ from the first's, so that `results.xml` is rewritten).
        var steps: [Step] {
            var steps = [Step(name: "open", arguments: ["open", "CASE", "--key", key("LEAD")])]
            for member in ["EV-1", "EV-2"] {
                steps.append(Step(name: "declare \(member)", arguments: ["declare", "CASE", "--key", key(member)]))
            }
            for member in ["EV-1", "EV-2"] {
                for bid in ["BID-A", "BID-B", "BID-C"] {
                    steps.append(
                        Step(
                            name: "score \(member) \(bid)",
                            arguments: ["score", "CASE", "scores/\(member)/\(bid).xml", "--key", key(member)]))
                }
            }
            // The bids are opened by the real clock, so the meeting is dated now.
            steps.append(
                Step(
                    name: "moderate", arguments: ["moderate", "CASE", "LOT-1", "--key", key("LEAD")],
                    edit: { folder in try MiniCase.dateModeration(in: folder) }))
            steps.append(Step(name: "evaluate", arguments: ["evaluate", "CASE", "--key", key("FIN")]))
            steps.append(
                Step(
                    name: "re-score EV-1 BID-C",
                    arguments: ["score", "CASE", "scores/EV-1/BID-C.xml", "--key", key("EV-1")],
                    edit: { folder in
                        try TestSupport.write(
                            MiniCase.sheet(evaluator: "EV-1", bid: "BID-C", q1: "3", q2: "2"),
                            to: "scores/EV-1/BID-C.xml",
                            in: folder)
                    }))
            steps.append(Step(name: "re-evaluate", arguments: ["evaluate", "CASE", "--key", key("FIN")]))
            return steps
        }
    }

    // MARK: - Running and killing tender

    /// How a run ended.
    struct Ended {
        var status: Int32
        var killed: Bool
        var standardOutput: String
        var standardError: String
    }

    /// Runs `tender` on `folder` (`CASE` in `arguments`), with extra environment, optionally killing
    /// it with SIGKILL after `killAfter` seconds.
    static func tender(
        _ arguments: [String], on folder: URL, environment: [String: String] = [:], killAfter: Double? = nil
    ) throws -> Ended {
        let process = Process()
        process.executableURL = TestSupport.tenderExecutable
        process.arguments = arguments.map { $0 == "CASE" ? folder.path : $0 }
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        let output = try TestSupport.temporaryFolder("crash-output")
        let outURL = output.appendingPathComponent("out")
        let errURL = output.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        if let killAfter {
            Thread.sleep(forTimeInterval: killAfter)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: output) }
        return Ended(
            status: process.terminationStatus,
            killed: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// The `LD_PRELOAD` library that kills the process just before its n-th `rename`
    /// (`TENDERTRAIL_KILL_AT_RENAME=n`), or pauses it there (`TENDERTRAIL_PAUSE_AT_RENAME=n`,
    /// `TENDERTRAIL_PAUSE_MS=ms`), and logs every rename's target (`TENDERTRAIL_RENAME_LOG`).
    /// `nil` when no C compiler is available (the random-time kills still run).
    static let killer: URL? = {
        let source = #"""
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <fcntl.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <unistd.h>
            static int renames = 0;
            static void before(const char *target) {
                renames++;
                const char *log = getenv("TENDERTRAIL_RENAME_LOG");
                if (log) {
                    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
                    if (fd >= 0) { dprintf(fd, "%s\n", target); close(fd); }
                }
                const char *at = getenv("TENDERTRAIL_KILL_AT_RENAME");
                if (at && atoi(at) == renames) raise(SIGKILL);
                const char *pause = getenv("TENDERTRAIL_PAUSE_AT_RENAME");
                const char *ms = getenv("TENDERTRAIL_PAUSE_MS");
                if (pause && ms && atoi(pause) == renames) usleep((useconds_t)atoi(ms) * 1000);
            }
            typedef int (*rename_f)(const char *, const char *);
            typedef int (*renameat_f)(int, const char *, int, const char *);
            typedef int (*renameat2_f)(int, const char *, int, const char *, unsigned);
            int rename(const char *old, const char *new) {
                before(new);
                return ((rename_f)dlsym(RTLD_NEXT, "rename"))(old, new);
            }
            int renameat(int od, const char *old, int nd, const char *new) {
                before(new);
                return ((renameat_f)dlsym(RTLD_NEXT, "renameat"))(od, old, nd, new);
            }
            int renameat2(int od, const char *old, int nd, const char *new, unsigned flags) {
                before(new);
                return ((renameat2_f)dlsym(RTLD_NEXT, "renameat2"))(od, old, nd, new, flags);
            }
            """#
        guard let folder = try? TestSupport.temporaryFolder("crash-preload") else { return nil }
        let sourceURL = folder.appendingPathComponent("kill-at-rename.c")
        let library = folder.appendingPathComponent("kill-at-rename.so")
        guard (try? Data(source.utf8).write(to: sourceURL)) != nil,
            let result = try? TestSupport.shell("cc -shared -fPIC -O2 -o '\(library.path)' '\(sourceURL.path)' -ldl"),
            result.status == 0
        else { return nil }
        return library
    }()

    // MARK: - What is checked after a kill

    struct Report: Decodable {
        struct Check: Decodable {
            struct Finding: Decodable {
                var location: String
                var message: String
            }
            var id: String
            var outcome: String
            var findings: [Finding]
        }
        var verified: Bool
        var checks: [Check]

        /// The checks that failed, by ID.
        var failed: [String: [String]] {
            Dictionary(
                checks.filter { $0.outcome == "failed" }.map {
                    ($0.id, $0.findings.map { "\($0.location): \($0.message)" })
                },
                uniquingKeysWith: { first, _ in first })
        }
    }

    static func verify(_ folder: URL) throws -> (status: Int32, report: Report?) {
        let result = try tender(["verify", "CASE", "--format", "json"], on: folder)
        return (result.status, try? JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8)))
    }

    /// Every file under `evidence/` with its bytes: hidden files (the lock, temporary files) aside,
    /// and, unless `interrupted`, the files set aside from interrupted steps.
    static func evidence(_ folder: URL, interrupted: Bool = false) -> [String: Data] {
        let root = folder.appendingPathComponent("evidence")
        var files: [String: Data] = [:]
        for path in FileManager.default.enumerator(atPath: root.path)?.compactMap({ $0 as? String }) ?? [] {
            guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            guard interrupted || !path.hasPrefix("interrupted/") else { continue }
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: url.path)
            }
        }
        return files
    }

    static func copy(_ folder: URL) throws -> URL {
        try TestSupport.copyOfFolder(folder, name: "crash")
    }

    /// Checks the state a kill left in `crashed`, then reruns the step there and checks it completes
    /// as the uninterrupted run did (`completed`).
    static func checkCrash(
        step: Story.Step, point: String, before: URL, beforeReport: Report?, crashed: URL,
        completed: URL, completedReport: Report?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let context = "\(step.name), \(point)"
        // 1. Nothing recorded before the step changed or became unreadable. The one file a step may
        //    replace, results.xml (a second evaluation), holds either the old results or the new.
        let earlier = evidence(before)
        let now = evidence(crashed)
        let replaced = evidence(completed)["results.xml"]
        for (path, data) in earlier where now[path] != data {
            if path == "results.xml", now[path] == replaced { continue }
            Issue.record("\(context): evidence/\(path) changed or disappeared", sourceLocation: sourceLocation)
        }
        // 2. verify runs, and fails only where it failed before the step or with an incomplete step.
        let (status, report) = try verify(crashed)
        #expect(status == 0 || status == 1, "\(context): verify exited \(status)", sourceLocation: sourceLocation)
        let baseline = beforeReport?.failed ?? [:]
        for (id, findings) in report?.failed ?? [:] where baseline[id] == nil {
            let incomplete = findings.allSatisfy {
                $0.contains("an incomplete step") || $0.contains("added without a checkpoint")
            }
            #expect(
                ["checkpoints-are-consistent", "evaluation-is-current"].contains(id) && incomplete,
                "\(context): verify reports \(id): \(findings)", sourceLocation: sourceLocation)
        }
        // A kill after the step's checkpoint was written (while the process was exiting) leaves the
        // step complete: nothing to redo, and `open`, say, would rightly refuse to open twice.
        if Set(now.keys) == Set(evidence(completed).keys) {
            #expect(
                report?.failed.keys.sorted() == completedReport?.failed.keys.sorted(),
                "\(context): a completed step verifies as \(report?.failed ?? [:])", sourceLocation: sourceLocation)
            return
        }
        // 3. Running the step again completes it: the same failures as the uninterrupted run. What
        //    the interrupted command wrote beyond the latest checkpoint is set aside, and said so.
        let leftover = Set(now.keys).subtracting(earlier.keys).filter {
            $0.hasPrefix("trail/") || $0.hasPrefix("checkpoints/")
        }
        let rerun = try tender(step.arguments, on: crashed)
        #expect(
            rerun.status == 0, "\(context): rerun exited \(rerun.status): \(rerun.standardError)",
            sourceLocation: sourceLocation)
        #expect(
            rerun.standardOutput.contains("set aside an interrupted step") == !leftover.isEmpty,
            "\(context): \(rerun.standardOutput)", sourceLocation: sourceLocation)
        let setAside = Set(
            evidence(crashed, interrupted: true).keys.filter { $0.hasPrefix("interrupted/") }.map {
                $0.split(separator: "/").dropFirst(2).joined(separator: "/")
            })
        #expect(
            setAside == leftover, "\(context): set aside \(setAside), left over \(leftover)",
            sourceLocation: sourceLocation)
        let after = try verify(crashed)
        #expect(
            after.report?.failed.keys.sorted() == completedReport?.failed.keys.sorted(),
            "\(context): after the rerun verify reports \(after.report?.failed ?? [:])", sourceLocation: sourceLocation)
        #expect(
            evidence(crashed).keys.sorted() == evidence(completed).keys.sorted(),
            "\(context): the evidence files differ from an uninterrupted run's", sourceLocation: sourceLocation)
    }

    // MARK: - Tests

    /// The steps whose every write is a kill point (the others run uninterrupted, to reach evaluate):
    /// one of each command, the evaluation included.
    static let swept: Set<String> = ["open", "declare EV-1", "score EV-1 BID-A", "moderate", "evaluate", "re-evaluate"]

    @Test("Killed just before each rename of a lifecycle step, the trail stays sound and the rerun completes it")
    func killedAtEveryWrite() throws {
        guard let killer = Self.killer else {
            print("note: no C compiler; the kill-at-every-write sweep is skipped (the random-time kills still run)")
            return
        }
        let story = try Story()
        var current = story.folder
        var currentReport = try Self.verify(current).report
        var points = 0
        for step in story.steps {
            if let edit = step.edit {
                try edit(current)
                currentReport = try Self.verify(current).report
            }
            // The uninterrupted run, counting its renames; it becomes the next step's starting point.
            let completed = try Self.copy(current)
            let log = completed.deletingLastPathComponent().appendingPathComponent("renames.log")
            let clean = try Self.tender(
                step.arguments, on: completed,
                environment: ["LD_PRELOAD": killer.path, "TENDERTRAIL_RENAME_LOG": log.path])
            try #require(clean.status == 0, "\(step.name): \(clean.standardError)")
            let renames = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            #expect(!renames.isEmpty, "\(step.name) wrote nothing")
            let completedReport = try Self.verify(completed).report
            for index in renames.indices where Self.swept.contains(step.name) {
                let crashed = try Self.copy(current)
                defer { try? FileManager.default.removeItem(at: crashed.deletingLastPathComponent()) }
                let ended = try Self.tender(
                    step.arguments, on: crashed,
                    environment: ["LD_PRELOAD": killer.path, "TENDERTRAIL_KILL_AT_RENAME": "\(index + 1)"])
                #expect(ended.killed, "\(step.name): not killed at rename \(index + 1)")
                try Self.checkCrash(
                    step: step, point: "killed before rename \(index + 1) (\(renames[index]))", before: current,
                    beforeReport: currentReport, crashed: crashed, completed: completed,
                    completedReport: completedReport)
                points += 1
            }
            current = completed
            currentReport = completedReport
        }
        #expect(currentReport?.verified == true, "the uninterrupted story verifies: \(currentReport?.failed ?? [:])")
        #expect(points >= 40)
    }

    @Test(
        "Only what one interrupted command leaves is set aside: more entries beyond the checkpoint, or none, are damage",
        arguments: [["00000004", "00000003"], ["00000004", "00000003", "00000002", "00000001"]])
    func damageIsNotSetAside(_ removedCheckpoints: [String]) throws {
        let story = try Story()
        let folder = story.folder
        for name in removedCheckpoints {
            for suffix in [".xml", ".sig"] {
                try FileManager.default.removeItem(
                    at: folder.appendingPathComponent("evidence/checkpoints/\(name)\(suffix)"))
            }
        }
        let before = Self.evidence(folder, interrupted: true)
        let result = try Self.tender(["open", "CASE", "--key", story.key("LEAD")], on: folder)
        #expect(result.status == 1)
        #expect(
            result.standardError.hasSuffix(
                "error: the evidence trail is damaged; nothing was recorded. Run `tender verify` to see what changed.\n"
            ), "\(result.standardError)")
        #expect(Self.evidence(folder, interrupted: true) == before, "nothing moved, nothing written")
    }

    @Test("Killed after seeded random delays during evaluate and other steps, the trail stays sound")
    func killedAtRandomTimes() throws {
        var generator = KillTimeGenerator(seed: 0x5EED_C4A5_4001)
        let story = try Story()
        var current = story.folder
        var currentReport = try Self.verify(current).report
        var midStep = 0
        var kills = 0
        for step in story.steps {
            if let edit = step.edit {
                try edit(current)
                currentReport = try Self.verify(current).report
            }
            let completed = try Self.copy(current)
            let started = ContinuousClock.now
            let clean = try Self.tender(step.arguments, on: completed)
            try #require(clean.status == 0, "\(step.name): \(clean.standardError)")
            let elapsed = ContinuousClock.now - started
            let duration = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let completedReport = try Self.verify(completed).report
            // Two kills per swept step, one for the others, spread over the step's own duration.
            for _ in 0..<(Self.swept.contains(step.name) ? 2 : 1) {
                let crashed = try Self.copy(current)
                defer { try? FileManager.default.removeItem(at: crashed.deletingLastPathComponent()) }
                let delay = Double.random(in: 0.5...1.05, using: &generator) * duration
                let ended = try Self.tender(step.arguments, on: crashed, killAfter: delay)
                kills += 1
                if ended.killed {
                    let wrote = Self.evidence(crashed, interrupted: true) != Self.evidence(current, interrupted: true)
                    if wrote { midStep += 1 }
                    try Self.checkCrash(
                        step: step, point: "killed after \(Int(delay * 1000)) ms", before: current,
                        beforeReport: currentReport, crashed: crashed, completed: completed,
                        completedReport: completedReport)
                }
            }
            current = completed
            currentReport = completedReport
        }
        print("crash safety: \(kills) random-time kills, \(midStep) of them after the step had started writing")
    }
}

/// A seeded generator (SplitMix64), so that every run picks the same delays and a failure replays.
private struct KillTimeGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
