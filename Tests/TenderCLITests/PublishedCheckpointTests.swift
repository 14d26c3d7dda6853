import Foundation
import TestSupport
import Testing

/// `tender verify --checkpoint FILE`: a checkpoint published earlier proves the trail only grew.
@Suite("tender verify --checkpoint")
struct PublishedCheckpointTests {
    /// Copies checkpoint `size` of `folder` (and its signature) out of the case, as an auditor
    /// would have received it, and returns the copy's path.
    func publish(_ size: Int, of folder: URL, as name: String = "published-checkpoint.xml") throws -> String {
        let outside = try TestSupport.temporaryFolder("published")
        let number = String(format: "%08d", size)
        let checkpoints = folder.appendingPathComponent("evidence/checkpoints")
        let target = outside.appendingPathComponent(name)
        try FileManager.default.copyItem(at: checkpoints.appendingPathComponent("\(number).xml"), to: target)
        try FileManager.default.copyItem(
            at: checkpoints.appendingPathComponent("\(number).sig"),
            to: outside.appendingPathComponent(String(name.dropLast(4)) + ".sig"))
        return target.path
    }

    /// Removes trail entries and checkpoints after `size`.
    func truncate(_ folder: URL, to size: Int, from last: Int = 35) throws {
        for sequence in (size + 1)...last {
            let number = String(format: "%08d", sequence)
            for path in [
                "trail/\(number).xml", "trail/\(number).sig", "checkpoints/\(number).xml", "checkpoints/\(number).sig",
            ] {
                try FileManager.default.removeItem(at: folder.appendingPathComponent("evidence/" + path))
            }
        }
    }

    /// The lines of the check `id` in the text report: its status line and its findings or notes.
    func lines(of id: String, in output: String) -> [String] {
        var result: [String] = []
        for line in output.split(separator: "\n").map(String.init) {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") {
                if !result.isEmpty { break }
                if line.dropFirst(8).hasPrefix(id + " ") { result.append(line) }
            } else if !result.isEmpty {
                result.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        return result
    }

    @Test("An early checkpoint published from the shipped case still holds")
    func holds() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let published = try publish(10, of: folder)
        let result = try CLIHarness.tender("verify", folder.path, "--checkpoint", published)
        CLIHarness.expectSuccess(result, printing: ["Verified: all 31 checks passed."])
        #expect(
            lines(of: "published-checkpoint-holds", in: result.standardOutput) == [
                "  PASS  published-checkpoint-holds             A checkpoint published earlier is still covered: the trail"
                    + " only grew since",
                "note: the trail has grown from 10 to 35 entries since 2020-04-06T09:00:00+01:00",
            ])
        // A file not named .xml has its signature beside it as FILE.sig.
        let renamed = published + ".checkpoint"
        try FileManager.default.copyItem(atPath: published, toPath: renamed)
        try FileManager.default.copyItem(atPath: String(published.dropLast(4)) + ".sig", toPath: renamed + ".sig")
        CLIHarness.expectSuccess(
            try CLIHarness.tender("verify", folder.path, "--checkpoint", renamed),
            printing: ["Verified: all 31 checks passed."])
    }

    @Test("Deleting entries from the end, back past the published checkpoint, fails published-checkpoint-holds")
    func truncatedPastIt() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let published = try publish(10, of: folder)
        try truncate(folder, to: 8)
        let result = try CLIHarness.tender("verify", folder.path, "--checkpoint", published)
        #expect(result.status == 1)
        #expect(
            lines(of: "published-checkpoint-holds", in: result.standardOutput) == [
                "  FAIL  published-checkpoint-holds             A checkpoint published earlier is still covered: the trail"
                    + " only grew since",
                "\(published): covers 10 entries but the trail now has 8: the trail was truncated after it was published",
            ], "\(result.standardOutput)")
    }

    @Test(
        "Deleting the last entry and its checkpoint verifies on its own, but not against the checkpoint published before"
    )
    func truncatedLastEntry() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let published = try publish(35, of: folder)
        try truncate(folder, to: 34)
        CLIHarness.expectSuccess(
            try CLIHarness.tender("verify", folder.path), printing: ["Verified: all 30 checks passed."])
        let result = try CLIHarness.tender("verify", folder.path, "--checkpoint", published)
        #expect(result.status == 1)
        let failed = result.standardOutput.split(separator: "\n").filter {
            !$0.hasPrefix("  PASS") && $0.hasPrefix("  ") && !$0.hasPrefix("   ")
        }
        #expect(
            failed.map { $0.split(separator: " ")[1] } == ["published-checkpoint-holds"],
            "\(result.standardOutput)")
        #expect(result.standardOutput.contains("\(published): covers 35 entries but the trail now has 34"))
        #expect(result.standardOutput.hasSuffix("NOT VERIFIED: 1 failed, 30 passed (31 checks).\n"))
    }

    @Test(
        "A trail rewritten from its first entry, re-signed by the panel, verifies on its own but not against the published checkpoint"
    )
    func rewrittenConsistently() throws {
        let published = try publish(10, of: CLIHarness.shippedCase)
        // Insiders with every key re-run the whole story on a plan whose bytes differ (a comment).
        let forged = try ShippedCaseStory.freshInputs()
        try CLIHarness.makeWritable(forged)
        let plan = try TestSupport.read("tender.xml", in: forged)
        try TestSupport.write(plan + "<!-- re-sealed -->\n", to: "tender.xml", in: forged)
        try ShippedCaseStory.run(on: forged)
        CLIHarness.expectSuccess(
            try CLIHarness.tender("verify", forged.path), printing: ["Verified: all 30 checks passed."])

        let result = try CLIHarness.tender("verify", forged.path, "--checkpoint", published)
        #expect(result.status == 1)
        let check = lines(of: "published-checkpoint-holds", in: result.standardOutput)
        #expect(check.first?.hasPrefix("  FAIL  published-checkpoint-holds ") == true, "\(result.standardOutput)")
        #expect(check.count == 2)
        #expect(check.last?.hasPrefix("\(published): records head ") == true)
        #expect(check.last?.hasSuffix("…: the trail was rewritten or reordered up to it") == true, "\(check)")
        #expect(result.standardOutput.hasSuffix("NOT VERIFIED: 1 failed, 30 passed (31 checks).\n"))
    }

    @Test("Rewriting an early entry by hand fails published-checkpoint-holds as well as the chain")
    func rewrittenByHand() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let published = try publish(10, of: folder)
        let entry = try TestSupport.read("evidence/trail/00000010.xml", in: folder)
        #expect(entry.contains("2020-04-06T09:00:00+01:00"))
        try TestSupport.write(
            entry.replacingOccurrences(of: "2020-04-06T09:00:00+01:00", with: "2020-04-06T08:00:00+01:00"),
            to: "evidence/trail/00000010.xml", in: folder)
        let result = try CLIHarness.tender("verify", folder.path, "--checkpoint", published)
        #expect(result.status == 1)
        let check = lines(of: "published-checkpoint-holds", in: result.standardOutput)
        #expect(check.first?.hasPrefix("  FAIL  published-checkpoint-holds ") == true, "\(result.standardOutput)")
        #expect(check.last?.hasSuffix("…: the trail was rewritten or reordered up to it") == true, "\(check)")
        #expect(result.standardOutput.contains("  FAIL  entries-are-hash-chained "))
    }

    @Test("A published checkpoint without its signature, or with another's, is refused")
    func unsignedCheckpoint() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let published = try publish(10, of: folder)
        let signature = String(published.dropLast(4)) + ".sig"
        try FileManager.default.removeItem(atPath: signature)
        let unsigned = try CLIHarness.tender("verify", folder.path, "--checkpoint", published)
        #expect(unsigned.status == 1)
        #expect(
            lines(of: "published-checkpoint-holds", in: unsigned.standardOutput).last
                == "\(published): no signature beside it (the .sig file written with it)")

        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("evidence/checkpoints/00000011.sig"), to: URL(fileURLWithPath: signature))
        let wrong = try CLIHarness.tender("verify", folder.path, "--checkpoint", published)
        #expect(wrong.status == 1)
        let check = lines(of: "published-checkpoint-holds", in: wrong.standardOutput)
        #expect(check.first?.hasPrefix("  FAIL  ") == true, "\(wrong.standardOutput)")
        #expect(check.last?.hasPrefix("\(published): ") == true)

        // A checkpoint file that does not exist is an I/O error (exit 2), not a finding.
        let missing = try CLIHarness.tender("verify", folder.path, "--checkpoint", folder.path + "/no-such.xml")
        #expect(missing.status == 2)
        #expect(missing.standardError == "\(folder.path)/no-such.xml: error: cannot read: no such checkpoint file\n")
    }
}
