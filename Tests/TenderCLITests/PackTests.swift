import Foundation
import TestSupport
import Testing

/// `tender pack` and `tender verify case.zip`.
@Suite("Bundles for auditors: tender pack and tender verify case.zip")
struct PackTests {
    /// Packs `folder` into `name` in a fresh folder (the working directory of the run) and returns
    /// that folder.
    func pack(_ folder: URL, as name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let outside = try TestSupport.temporaryFolder("bundle")
        let result = try TestSupport.run(
            TestSupport.tenderExecutable, ["pack", folder.path, "--output", name], in: outside)
        #expect(result.status == 0, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.isEmpty, sourceLocation: sourceLocation)
        #expect(result.standardOutput.hasPrefix("Wrote \(name): "), sourceLocation: sourceLocation)
        return outside
    }

    @Test("pack then verify case.zip passes, naming the bundle as given; the bundle holds the case and nothing hidden")
    func packAndVerify() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        // A command has taken the lock, so evidence/.lock exists; it must stay out of the bundle.
        #expect(try CLIHarness.tender("evaluate", folder.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("evidence/.lock").path))
        let outside = try pack(folder, as: "case.zip")
        let expected = CLIHarness.snapshot(folder).keys.filter {
            !$0.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        let names = try ZipFile.entryNames(of: outside.appendingPathComponent("case.zip"))
        #expect(names == expected.sorted().map { "\(folder.lastPathComponent)/\($0)" })
        #expect(!names.contains { $0.hasSuffix(".lock") })

        let verify = try TestSupport.run(TestSupport.tenderExecutable, ["verify", "case.zip"], in: outside)
        CLIHarness.expectSuccess(
            verify, printing: ["Verifying case.zip", "Verified: all 30 checks passed."])
    }

    @Test("The assessment summaries go into the bundle, and verify checks them there")
    func summariesInBundle() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        #expect(try CLIHarness.tender("summaries", folder.path).status == 0)
        #expect(try CLIHarness.tender("report", folder.path).status == 0)
        let summary = "reports/summaries/LOT-0000/BID-002.md"
        let text = try TestSupport.read(summary, in: folder)
        try TestSupport.write(text.replacingOccurrences(of: "ranked 2nd", with: "ranked 1st"), to: summary, in: folder)
        let outside = try pack(folder, as: "case.zip")
        let names = try ZipFile.entryNames(of: outside.appendingPathComponent("case.zip"))
        let base = folder.lastPathComponent
        #expect(names.filter { $0.hasPrefix("\(base)/reports/summaries/LOT-0000/") }.count == 14)
        #expect(!names.contains("\(base)/reports/award-report.html"), "derived reports stay out")
        let verify = try TestSupport.run(TestSupport.tenderExecutable, ["verify", "case.zip"], in: outside)
        #expect(verify.status == 1)
        #expect(
            verify.standardOutput.contains("case.zip/\(summary):") && verify.standardOutput.contains("ranked 1st"),
            "\(verify.standardOutput)")
    }

    @Test("verify names the files of a tampered bundle as case.zip/…")
    func tamperedBundle() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let bid = try TestSupport.read("bids/BID-002.xml", in: folder)
        try TestSupport.write(
            bid.replacingOccurrences(of: "386400.00", with: "376400.00"), to: "bids/BID-002.xml", in: folder)
        let outside = try pack(folder, as: "case.zip")
        let verify = try TestSupport.run(TestSupport.tenderExecutable, ["verify", "case.zip"], in: outside)
        #expect(verify.status == 1)
        #expect(
            verify.standardOutput.contains(
                "\n        case.zip/bids/BID-002.xml: content differs from what entry 34 recorded"),
            "\(verify.standardOutput)")
        #expect(!verify.standardOutput.contains("tendertrail-bundle-"), "the temporary folder is never shown")
        #expect(
            verify.standardOutput.hasSuffix("NOT VERIFIED: 2 failed, 1 skipped, 27 passed (30 checks).\n"))
    }

    @Test(
        "A bundle with an entry that escapes or is a link is refused with exit 2, and nothing is written outside",
        arguments: [
            ZipFile.Entry(name: "../escape-\(UUID().uuidString)", contents: "x"),
            ZipFile.Entry(name: "case/../../escape-\(UUID().uuidString)", contents: "x"),
            ZipFile.Entry(name: "/tmp/escape-\(UUID().uuidString)", contents: "x"),
            ZipFile.Entry(name: "case/bids/BID-001.xml", contents: "/etc/passwd", isSymlink: true),
        ])
    func unsafeEntry(_ entry: ZipFile.Entry) throws {
        let outside = try TestSupport.temporaryFolder("bundle")
        let bundle = outside.appendingPathComponent("evil.zip")
        try ZipFile.write(
            [entry, ZipFile.Entry(name: "case/tender.xml", contents: MiniCase.plan)], to: bundle)
        let result = try TestSupport.run(TestSupport.tenderExecutable, ["verify", "evil.zip"], in: outside)
        CLIHarness.expectRefusal(
            result, status: 2,
            message: "evil.zip: error: \(entry.name) is not a safe bundle entry (absolute, '..', a link, or too large)")
        let escaped = entry.name.split(separator: "/").last.map(String.init) ?? ""
        for folder in [FileManager.default.temporaryDirectory, outside, URL(fileURLWithPath: "/tmp")] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(escaped).path))
        }
    }

    @Test("verify refuses a file that is not a zip, with exit 2")
    func notAZip() throws {
        let outside = try TestSupport.temporaryFolder("bundle")
        try TestSupport.write("not a zip", to: "case.zip", in: outside)
        let result = try TestSupport.run(TestSupport.tenderExecutable, ["verify", "case.zip"], in: outside)
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError.hasPrefix("case.zip: error: cannot read: not a zip bundle made by `tender pack`"),
            "\(result.standardError)")
    }

    @Test("pack refuses an existing output, an output inside the case, and a case that holds a private key")
    func packRefusals() throws {
        let folder = try CLIHarness.shippedCaseCopy()
        let outside = try TestSupport.temporaryFolder("bundle")
        let existing = outside.appendingPathComponent("case.zip")
        try TestSupport.write("keep me", to: "case.zip", in: outside)
        CLIHarness.expectRefusal(
            try CLIHarness.tender("pack", folder.path, "--output", existing.path), status: 2,
            message: "\(existing.path): error: exists; choose another --output (a bundle is never overwritten)")
        #expect(try TestSupport.read("case.zip", in: outside) == "keep me")

        let inside = folder.appendingPathComponent("evidence/case.zip")
        CLIHarness.expectRefusal(
            try CLIHarness.tender("pack", folder.path, "--output", inside.path), status: 2,
            message: "\(inside.path): error: inside the case folder; write the bundle elsewhere")
        #expect(!FileManager.default.fileExists(atPath: inside.path))

        // A key copied into the case by mistake (bids/ takes only .xml files; explanations/ takes any).
        let keys = try CLIHarness.keysFolder(beside: folder)
        let key = try ShippedCaseStory.panel.writeKey("PROC-1", in: keys)
        try FileManager.default.copyItem(at: key, to: folder.appendingPathComponent("explanations/BID-004-key.txt"))
        let output = outside.appendingPathComponent("keyed.zip")
        CLIHarness.expectRefusal(
            try CLIHarness.tender("pack", folder.path, "--output", output.path),
            message:
                "\(folder.path)/explanations/BID-004-key.txt: error: holds a private key; nothing private goes into a"
                + " bundle")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["case.zip"], "no temporary file left")
    }
}

/// Just enough of the zip format (APPNOTE.TXT 6.3) to write hostile bundles and list a bundle's
/// entries: stored entries, Unix attributes.
enum ZipFile {
    struct Entry: Sendable, CustomTestStringConvertible {
        var name: String
        var contents: String
        var isSymlink = false

        var testDescription: String { isSymlink ? "a link \(name) → \(contents)" : "an entry \(name)" }
    }

    /// Writes `entries` (stored, uncompressed) to `url`.
    static func write(_ entries: [Entry], to url: URL) throws {
        var archive: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let data = Array(entry.contents.utf8)
            let crc = crc32(data)
            let offset = UInt32(archive.count)
            archive +=
                le(UInt32(0x0403_4b50)) + le(UInt16(20)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0))
                + le(UInt16(0x21)) + le(crc) + le(UInt32(data.count)) + le(UInt32(data.count))
                + le(UInt16(name.count)) + le(UInt16(0)) + name + data
            let mode: UInt32 = entry.isSymlink ? 0o120777 : 0o100644
            central +=
                le(UInt32(0x0201_4b50)) + le(UInt16(3 << 8 | 20)) + le(UInt16(20)) + le(UInt16(0))
                + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0x21)) + le(crc) + le(UInt32(data.count))
                + le(UInt32(data.count)) + le(UInt16(name.count)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0))
                + le(UInt16(0)) + le(mode << 16) + le(offset) + name
        }
        let centralOffset = UInt32(archive.count)
        archive += central
        archive +=
            le(UInt32(0x0605_4b50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(entries.count))
            + le(UInt16(entries.count)) + le(UInt32(central.count)) + le(centralOffset) + le(UInt16(0))
        try Data(archive).write(to: url)
    }

    /// The names of the entries in the zip at `url`, in the central directory's order.
    static func entryNames(of url: URL) throws -> [String] {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard
            let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { bytes.u32($0) == 0x0605_4b50 })
        else { throw CocoaError(.fileReadCorruptFile) }
        var offset = Int(bytes.u32(end + 16))
        var names: [String] = []
        for _ in 0..<Int(bytes.u16(end + 10)) {
            guard bytes.u32(offset) == 0x0201_4b50 else { throw CocoaError(.fileReadCorruptFile) }
            let nameLength = Int(bytes.u16(offset + 28))
            let extra = Int(bytes.u16(offset + 30)) + Int(bytes.u16(offset + 32))
            names.append(String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self))
            offset += 46 + nameLength + extra
        }
        return names
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension [UInt8] {
    fileprivate func u16(_ offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    fileprivate func u32(_ offset: Int) -> UInt32 { UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16 }
}
