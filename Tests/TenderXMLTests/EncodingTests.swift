import Foundation
import TenderXML
import TestSupport
import Testing

/// Bytes in another encoding or with other line endings: the same document hashes the same; a
/// declaration that contradicts the bytes is refused (libxml2 would otherwise read some of them
/// silently one way or the other, and `é` could become `Ã©`).
@Suite("Encodings and line endings")
struct EncodingTests {
    static let body = #"<a b="é"><c>ünïcödé</c></a>"#

    static func utf16(_ text: String, bigEndian: Bool = false, byteOrderMark: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = byteOrderMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    static func declaration(_ encoding: String) -> String { #"<?xml version="1.0" encoding="\#(encoding)"?>"# }

    static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private func error(_ bytes: [UInt8]) -> XMLError? {
        do {
            _ = try XMLDocument.parse(bytes, path: "doc.xml")
            return nil
        } catch {
            return error
        }
    }

    /// The canonical form of the UTF-8 original, without declaration.
    private var canonical: [UInt8] {
        get throws { try XMLDocument.parse(Array(Self.body.utf8), path: "doc.xml").exclusiveCanonicalForm() }
    }

    struct Contradiction: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var says: String
        var declared: String
        var testDescription: String { name }
    }

    static let contradictions: [Contradiction] = [
        Contradiction(
            name: "UTF-8 byte-order mark, encoding=\"UTF-16\"",
            bytes: utf8ByteOrderMark + Array((declaration("UTF-16") + body).utf8),
            says: "its byte-order mark says UTF-8", declared: "UTF-16"),
        Contradiction(
            name: "UTF-16LE byte-order mark, encoding=\"UTF-8\" (libxml2 alone reads it as UTF-16)",
            bytes: utf16(declaration("UTF-8") + body),
            says: "its byte-order mark says UTF-16 (little-endian)", declared: "UTF-8"),
        Contradiction(
            name: "UTF-16BE byte-order mark, encoding=\"UTF-8\"",
            bytes: utf16(declaration("UTF-8") + body, bigEndian: true),
            says: "its byte-order mark says UTF-16 (big-endian)", declared: "UTF-8"),
        Contradiction(
            name: "UTF-8 byte-order mark, encoding=\"ISO-8859-1\" (libxml2 alone reads é as Ã©)",
            bytes: utf8ByteOrderMark + Array((declaration("ISO-8859-1") + body).utf8),
            says: "its byte-order mark says UTF-8", declared: "ISO-8859-1"),
        Contradiction(
            name: "UTF-16LE byte-order mark, encoding=\"UTF-16BE\"",
            bytes: utf16(declaration("UTF-16BE") + body),
            says: "its byte-order mark says UTF-16 (little-endian)", declared: "UTF-16BE"),
        Contradiction(
            name: "UTF-16LE without a byte-order mark, encoding=\"UTF-8\"",
            bytes: utf16(declaration("UTF-8") + body, byteOrderMark: false),
            says: "its bytes are UTF-16 (little-endian)", declared: "UTF-8"),
    ]

    @Test("A declaration that contradicts the byte-order mark is refused, naming both", arguments: contradictions)
    func contradiction(_ input: Contradiction) {
        let found = error(input.bytes)
        #expect(
            found
                == .malformed(
                    XMLDiagnostic(
                        path: "doc.xml", line: 1, column: 21,
                        message: "the document's encoding is inconsistent: \(input.says) but its XML declaration says"
                            + " encoding=\"\(input.declared)\"; save the file in one encoding and declare that one")))
    }

    static let consistentInputs: [(String, [UInt8])] = [
        ("UTF-8 byte-order mark, encoding=\"UTF-8\"", utf8ByteOrderMark + Array((declaration("UTF-8") + body).utf8)),
        ("UTF-8 byte-order mark, encoding=\"utf-8\"", utf8ByteOrderMark + Array((declaration("utf-8") + body).utf8)),
        ("UTF-8 byte-order mark, no declaration", utf8ByteOrderMark + Array(body.utf8)),
        ("UTF-16LE byte-order mark, encoding=\"UTF-16\"", utf16(declaration("UTF-16") + body)),
        ("UTF-16BE byte-order mark, encoding=\"UTF-16\"", utf16(declaration("UTF-16") + body, bigEndian: true)),
        ("UTF-16LE byte-order mark, encoding=\"UTF-16LE\"", utf16(declaration("UTF-16LE") + body)),
        ("UTF-16LE byte-order mark, no declaration", utf16(body)),
        ("UTF-16BE byte-order mark, no declaration", utf16(body, bigEndian: true)),
    ]

    @Test("Consistent declarations are accepted and read as the same document", arguments: consistentInputs)
    func consistent(_ name: String, _ bytes: [UInt8]) throws {
        let document = try XMLDocument.parse(bytes, path: "doc.xml")
        #expect(try document.exclusiveCanonicalForm() == canonical, "\(name)")
        #expect(document.root.attribute("b") == "é")
    }

    @Test("UTF-8 labelled UTF-16 without a byte-order mark keeps libxml2's own refusal")
    func utf8LabelledUTF16() {
        #expect(
            error(Array((Self.declaration("UTF-16") + Self.body).utf8))
                == .malformed(
                    XMLDiagnostic(
                        path: "doc.xml", line: 1, column: 38,
                        message:
                            "the document's encoding is inconsistent: Document labelled UTF-16 but has UTF-8 content")))
    }

    @Test("A declared single-byte encoding without a byte-order mark is honoured, not second-guessed")
    func latin1() throws {
        // 0xE9 is é in ISO-8859-1: a genuine Latin-1 file reads as the UTF-8 original.
        var bytes = Array((Self.declaration("ISO-8859-1") + "<a b=\"").utf8)
        bytes += [0xE9] + Array("\"><c>x</c></a>".utf8)
        #expect(try XMLDocument.parse(bytes, path: "doc.xml").root.attribute("b") == "é")
    }

    @Test("CRLF, CR and LF line endings hash the same, in content, between elements and in attributes")
    func lineEndings() throws {
        let lf = "<a n=\"1\n2\">\n  <b>line one\nline two</b>\n</a>\n"
        let canonicalLF = try XMLDocument.parse(Array(lf.utf8), path: "lf.xml").exclusiveCanonicalForm()
        for ending in ["\r\n", "\r"] {
            let twin = lf.replacingOccurrences(of: "\n", with: ending)
            let document = try XMLDocument.parse(Array(twin.utf8), path: "twin.xml")
            #expect(try document.exclusiveCanonicalForm() == canonicalLF, "ending \(ending.debugDescription)")
            #expect(document.root.children[0].text == "line one\nline two")
        }
        // Diagnostics in a CRLF file name the same lines as in its LF twin. (libxml2 2.9 does not
        // count a lone CR, the old Mac convention, as a line break: such files report line 1.)
        let crlf = try XMLDocument.parse(Array(lf.replacingOccurrences(of: "\n", with: "\r\n").utf8), path: "crlf.xml")
        #expect(crlf.root.children[0].line == 3)
        // The attribute's line break is normalised to a space (XML 1.0 §3.3.3) in every twin.
        #expect(try XMLDocument.parse(Array(lf.utf8), path: "lf.xml").root.attribute("n") == "1 2")
    }
}

/// The same bid as UTF-8, as UTF-16 with a byte-order mark, and with CRLF line endings, through
/// TenderTrail's real pipeline: `tender receive` records the same canonical digest for all three
/// (and different byte digests), and a case evaluated with the UTF-16 or CRLF twin records the same
/// canonical digests and writes the same results, byte for byte.
///
/// Lives beside the parser tests because what it pins is the parser's canonical form; it drives
/// the case through ``MiniCase`` and the built `tender`.
@Suite("Encodings through the pipeline")
struct EncodingPipelineTests {
    static let trailNamespace = ["t": "urn:tendertrail:trail:1"]

    enum Variant: String, CaseIterable, Sendable {
        case utf8, utf16, crlf

        func bytes(_ text: String) -> [UInt8] {
            switch self {
            case .utf8: Array(text.utf8)
            case .utf16:
                EncodingTests.utf16(
                    text.replacingOccurrences(
                        of: #"<?xml version="1.0" encoding="UTF-8"?>"#,
                        with: #"<?xml version="1.0" encoding="UTF-16"?>"#))
            case .crlf: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            }
        }
    }

    /// A mini case whose BID-A (and EV-1's sheet for it) are written in `variant`.
    static func miniCase(_ variant: Variant) throws -> URL {
        let folder = try MiniCase.write()
        let bid = MiniCase.bid("BID-A", tenderer: "Alpha Ltd — Société Générale d'Électricité", price: "100000.00")
        try Data(variant.bytes(bid)).write(to: folder.appendingPathComponent("bids/BID-A.xml"))
        let sheet = MiniCase.sheet(evaluator: "EV-1", bid: "BID-A", q1: "3", q2: "1")
        try Data(variant.bytes(sheet)).write(to: folder.appendingPathComponent("scores/EV-1/BID-A.xml"))
        return folder
    }

    /// `(bytes, canonical)` digests of `path` in entry `sequence` of the case's trail.
    static func digests(
        of path: String, entry sequence: Int, in folder: URL
    ) throws -> (bytes: String, canonical: String?) {
        let name = String(format: "evidence/trail/%08d.xml", sequence)
        let document = try XMLDocument.read(contentsOf: folder.appendingPathComponent(name))
        let subject = try #require(
            try document.elements(matching: "/t:Entry/t:Subject[@path='\(path)']", namespaces: trailNamespace).first)
        let bytes = try #require(subject.child("Bytes", namespace: trailNamespace["t"]).map(\.normalizedText))
        return (bytes, subject.child("Canonical", namespace: trailNamespace["t"]).map(\.normalizedText))
    }

    @Test("tender receive records one canonical digest for the UTF-8, UTF-16 and CRLF twins of a bid")
    func receive() throws {
        var recorded: [Variant: (bytes: String, canonical: String?)] = [:]
        for variant in Variant.allCases {
            let folder = try Self.miniCase(variant)
            try MiniCase.run(folder, clock: TestClock(MiniCase.times.seal), through: .seal)
            let keys = folder.deletingLastPathComponent().appendingPathComponent("keys")
            let key = try MiniCase.panel.writeKey("LEAD", in: keys)
            let result = try TestSupport.runTender(
                ["receive", folder.path, folder.appendingPathComponent("bids/BID-A.xml").path, "--key", key.path])
            // The real clock is past the mini case's deadline: the receipt is late, and still recorded.
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("recorded as late; it will be excluded (entry 2)"))
            recorded[variant] = try Self.digests(of: "bids/BID-A.xml", entry: 2, in: folder)
        }
        let utf8 = try #require(recorded[.utf8])
        #expect(utf8.canonical != nil)
        for variant in [Variant.utf16, .crlf] {
            let twin = try #require(recorded[variant])
            #expect(twin.canonical == utf8.canonical, "\(variant) canonical digest")
            #expect(twin.bytes != utf8.bytes, "\(variant) byte digest")
        }
    }

    @Test("A case evaluated with the UTF-16 or CRLF twin records the same canonical digests and the same results")
    func evaluate() throws {
        var results: [Variant: Data] = [:]
        var manifests: [Variant: [String]] = [:]
        for variant in Variant.allCases {
            let folder = try Self.miniCase(variant)
            try MiniCase.run(folder, clock: TestClock(MiniCase.times.seal), through: .evaluate)
            results[variant] = try Data(contentsOf: folder.appendingPathComponent("evidence/results.xml"))
            let evaluation = try XMLDocument.read(
                contentsOf: folder.appendingPathComponent("evidence/trail/00000015.xml"))
            #expect(
                try evaluation.elements(matching: "/t:Entry/t:Kind", namespaces: Self.trailNamespace).first?
                    .normalizedText
                    == "evaluation-computed")
            manifests[variant] = try evaluation.elements(
                matching: "/t:Entry/t:Subject", namespaces: Self.trailNamespace
            )
            .map { subject in
                let canonical = subject.child("Canonical", namespace: Self.trailNamespace["t"])?.normalizedText ?? "-"
                return "\(subject.attribute("path") ?? "?") \(canonical)"
            }
        }
        for variant in [Variant.utf16, .crlf] {
            #expect(results[variant] == results[.utf8], "\(variant): results.xml differs")
            #expect(manifests[variant] == manifests[.utf8], "\(variant): canonical digests differ")
        }
        #expect(manifests[.utf8]?.contains { $0.hasPrefix("bids/BID-A.xml ") && !$0.hasSuffix(" -") } == true)
    }
}

/// A score sheet whose byte-order mark contradicts its declaration, through `tender score`.
@Suite("Encoding contradictions through tender")
struct EncodingCommandTests {
    @Test("tender score refuses a UTF-16 sheet that declares UTF-8, naming both; nothing is recorded")
    func contradictoryScoreSheet() throws {
        let folder = try MiniCase.write()
        let keys = folder.deletingLastPathComponent().appendingPathComponent("keys")
        let key = try MiniCase.panel.writeKey("EV-1", in: keys)
        try MiniCase.run(folder, clock: TestClock(MiniCase.times.seal), through: .declare)
        // The sheet as UTF-16LE with a byte-order mark, its declaration still saying UTF-8.
        let sheet = MiniCase.sheet(evaluator: "EV-1", bid: "BID-A", q1: "3", q2: "1")
        try Data(EncodingTests.utf16(sheet)).write(to: folder.appendingPathComponent("scores/EV-1/BID-A.xml"))
        let trail = folder.appendingPathComponent("evidence/trail")
        let before = try FileManager.default.contentsOfDirectory(atPath: trail.path).sorted()
        let result = try TestSupport.runTender(["score", folder.path, "scores/EV-1/BID-A.xml", "--key", key.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "\(folder.path)/scores/EV-1/BID-A.xml:1:21: error: the document's encoding is inconsistent: its"
                + " byte-order mark says UTF-16 (little-endian) but its XML declaration says encoding=\"UTF-8\"; save the"
                + " file in one encoding and declare that one\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: trail.path).sorted() == before)
    }
}

/// A deadline written with a named time zone is refused when the plan is sealed: TenderTrail never
/// converts a zone name to an offset (see ``TimeZoneTests`` in TenderModelTests for why), so the
/// schema's offset-only pattern refuses it before anything is recorded.
@Suite("Named time zones through tender")
struct NamedTimeZoneCommandTests {
    @Test(
        "tender seal refuses a deadline in a named zone, in the DST change hour",
        arguments: [
            "2025-03-30T01:30:00 Europe/London", "2025-10-26T01:30:00[Europe/London]",
            "2025-10-26T01:30:00+01:00[Europe/London]",
        ])
    func deadline(_ deadline: String) throws {
        let folder = try MiniCase.write()
        let keys = folder.deletingLastPathComponent().appendingPathComponent("keys")
        let key = try MiniCase.panel.writeKey("LEAD", in: keys)
        try TestSupport.write(
            MiniCase.plan.replacingOccurrences(of: "2025-03-14T12:00:00+00:00", with: deadline), to: "tender.xml",
            in: folder)
        let result = try TestSupport.runTender(["seal", folder.path, "--key", key.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "\(folder.path)/tender.xml:6:3: error: <SubmissionDeadline> must be a date and time with a UTC offset"
                + " such as 2025-03-14T12:00:00+01:00 (a time without an offset is refused, not guessed); found"
                + " \"\(deadline)\"\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("evidence/trail").path))
    }

    /// `normalizedText` returns text that is already normalised as it is; whatever the text, the
    /// result is the runs of space, tab and line-break characters collapsed to one space and
    /// trimmed (Swift characters: a space carrying a combining mark is not a space, CR LF is one).
    @Test(
        "normalizedText collapses whitespace runs and trims, and keeps text already normalised",
        arguments: [
            "", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\r\nb", " \u{301}a", "a \u{301}b", "a  \u{301}",
            "caf\u{E9} cr\u{E8}me", "a\u{A0}b", "  ", "\t", "one two three four", "x \r y",
        ])
    func normalizedText(text: String) throws {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\r", with: "&#13;")
        let document = try XMLDocument.parse(Array("<a>\(escaped)</a>".utf8), path: "doc.xml")
        let expected = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .joined(separator: " ")
        #expect(document.root.text == text)
        #expect(document.root.normalizedText == expected)
    }
}

