import Foundation
import TenderXML
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP listener on 127.0.0.1 at a port the system chooses, that never answers: it only counts
/// the connections made to it. The kernel completes a TCP handshake into the listen queue whether
/// or not the connection is accepted, so draining the queue after a parse tells whether anything
/// tried to fetch from it.
final class LocalListener {
    private let descriptor: Int32
    /// The port, in host byte order.
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 64) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound, fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    /// `http://127.0.0.1:<port>/<path>`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// Accepts and closes every connection waiting, and returns how many there were.
    func drainConnections() -> Int {
        var count = 0
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return count }
            close(connection)
            count += 1
        }
    }

    /// Connects to the listener once, as a client would (a control: the listener does see connections).
    func connectOnce() -> Bool {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard client >= 0 else { return false }
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// The peak resident memory of this process so far, in kilobytes (`getrusage`'s `ru_maxrss`).
func peakResidentKilobytes() -> Int {
    var usage = rusage()
    #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return usage.ru_maxrss
}

/// Runs `body` and returns how long it took, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Hostile documents and schemas against a real listener on 127.0.0.1: every one is refused (or,
/// for XInclude, left unprocessed), the listener sees no connection, and each refusal is quick and
/// allocates nothing to speak of. The parser options themselves are asserted in
/// ``SecureParsingTests``; the same DOCTYPE refusals without a listener are there too.
@Suite("Hostile XML against a local listener", .serialized)
struct HostileXMLTests {
    /// One hostile document (with `PORT` standing for the listener's URL prefix) and how it must be refused.
    struct Hostile: CustomTestStringConvertible, Sendable {
        enum Refusal: Sendable { case doctype, remoteSchema, malformed }
        var name: String
        var text: String
        var refusal: Refusal
        var testDescription: String { name }
    }

    static let documents: [Hostile] = [
        Hostile(
            name: "an external general entity over http",
            text: #"<?xml version="1.0"?><!DOCTYPE a [ <!ENTITY e SYSTEM "URL/e.txt"> ]><a>&e;</a>"#, refusal: .doctype),
        Hostile(
            name: "an external entity in an attribute default",
            text: #"<!DOCTYPE a [ <!ENTITY e SYSTEM "URL/e.txt"> <!ATTLIST a b CDATA "&e;"> ]><a/>"#, refusal: .doctype),
        Hostile(
            name: "a parameter entity over http",
            text: #"<!DOCTYPE a [ <!ENTITY % p SYSTEM "URL/p.dtd"> %p; ]><a>&exfil;</a>"#, refusal: .doctype),
        Hostile(
            name: "an external DTD over http",
            text: #"<?xml version="1.0" standalone="no"?><!DOCTYPE a SYSTEM "URL/a.dtd"><a/>"#, refusal: .doctype),
        Hostile(
            name: "an external DTD with a public identifier",
            text: #"<!DOCTYPE a PUBLIC "-//Evil//DTD A//EN" "URL/a.dtd"><a/>"#, refusal: .doctype),
        Hostile(
            name: "an unparsed entity (NDATA) over http",
            text: #"<!DOCTYPE a [ <!NOTATION n SYSTEM "URL/n"> <!ENTITY u SYSTEM "URL/u.bin" NDATA n> ]><a/>"#,
            refusal: .doctype),
        Hostile(
            name: "a remote xsi:schemaLocation",
            text: #"""
                <Bid xmlns="urn:tendertrail:bid:1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="urn:tendertrail:bid:1 URL/bid.xsd" id="B"/>
                """#,
            refusal: .remoteSchema),
        Hostile(
            name: "a remote xsi:noNamespaceSchemaLocation on a nested element",
            text: #"""
                <a><b xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="URL/b.xsd"/></a>
                """#,
            refusal: .remoteSchema),
        Hostile(
            name: "an entity reference with no DOCTYPE to declare it",
            text: #"<a>&e;</a>"#, refusal: .malformed),
    ]

    private func parse(_ text: String, _ listener: LocalListener) -> XMLError? {
        let text = text.replacingOccurrences(of: "URL/", with: listener.url(""))
        do {
            _ = try XMLDocument.parse(Array(text.utf8), path: "hostile.xml")
            return nil
        } catch {
            return error
        }
    }

    @Test("The listener is real: a client connection is seen")
    func control() throws {
        let listener = try LocalListener()
        #expect(listener.drainConnections() == 0)
        #expect(listener.connectOnce())
        #expect(listener.drainConnections() == 1)
    }

    @Test("Each hostile document is refused within a second and the listener sees no connection", arguments: documents)
    func refused(_ hostile: Hostile) throws {
        let listener = try LocalListener()
        var error: XMLError?
        let elapsed = seconds { error = parse(hostile.text, listener) }
        switch (hostile.refusal, error) {
        case (.doctype, .doctypeRefused?), (.remoteSchema, .remoteSchemaRefused?), (.malformed, .malformed?): break
        default: Issue.record("expected \(hostile.refusal), got \(String(describing: error))")
        }
        #expect(elapsed < 1)
        #expect(listener.drainConnections() == 0)
        #expect(
            !XMLParserPolicy.refusedLoads.contains { $0.contains(":\(listener.port)/") },
            "the parser stopped before it even asked the loader")
    }

    @Test("The same documents in UTF-16 are refused the same way")
    func refusedInUTF16() throws {
        let listener = try LocalListener()
        for hostile in Self.documents where hostile.refusal == .doctype {
            let text = hostile.text.replacingOccurrences(of: "URL/", with: listener.url(""))
            var bytes: [UInt8] = [0xFF, 0xFE]
            for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            #expect(throws: XMLError.self, "\(hostile.name)") { try XMLDocument.parse(bytes, path: "hostile.xml") }
        }
        #expect(listener.drainConnections() == 0)
    }

    @Test("XInclude is never processed: the element stays as written and nothing is fetched")
    func xinclude() throws {
        let listener = try LocalListener()
        let text = """
            <a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="\(listener.url("x.xml"))" parse="text"/></a>
            """
        let document = try XMLDocument.parse(Array(text.utf8), path: "xinclude.xml")
        #expect(document.root.children.map(\.qualifiedName) == ["xi:include"])
        #expect(document.root.text.isEmpty)
        #expect(listener.drainConnections() == 0)
    }

    // MARK: - Duplicate IDs

    @Test("Two xml:id attributes with the same value are refused by the parser, naming the second")
    func duplicateXMLID() {
        let text = """
            <Bid xmlns="urn:tendertrail:bid:1" id="B">
              <LotBid xml:id="x" lot="LOT-1"/>
              <LotBid xml:id="x" lot="LOT-2"/>
            </Bid>
            """
        #expect(
            throws: XMLError.malformed(
                XMLDiagnostic(
                    path: "dup.xml", line: 3, column: 33,
                    message: "xml:id \"x\" is used twice in this document; every xml:id must be unique"))
        ) { try XMLDocument.parse(Array(text.utf8), path: "dup.xml") }
    }

    @Test("An xml:id that is not an NCName is refused by the parser")
    func invalidXMLID() {
        #expect(
            throws: XMLError.malformed(
                XMLDiagnostic(
                    path: "id.xml", line: 1, column: 19,
                    message:
                        "xml:id \"1 2\" is not a valid identifier (an NCName: a letter or _ first, no spaces or colons)"
                ))
        ) { try XMLDocument.parse(Array(#"<a><b xml:id="1 2"/></a>"#.utf8), path: "id.xml") }
    }

    // MARK: - Schemas

    /// A temporary schema root holding `main.xsd` with `body` inside `<xs:schema>`.
    private func schema(_ body: String, prologue: String = "") throws -> (root: URL, main: URL) {
        let root = try TestSupport.temporaryFolder("hostile-xsd")
        let main = root.appendingPathComponent("main.xsd")
        let text = """
            <?xml version="1.0"?>\(prologue)
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:main" xmlns="urn:main"
                       elementFormDefault="qualified">
            \(body)
              <xs:element name="a" type="xs:string"/>
            </xs:schema>
            """
        try Data(text.utf8).write(to: main)
        return (root, main)
    }

    @Test(
        "An XSD whose xs:import, xs:include or xs:redefine points at the listener fetches nothing",
        arguments: [
            #"<xs:import namespace="urn:other" schemaLocation="URL/other.xsd"/>"#,
            #"<xs:include schemaLocation="URL/included.xsd"/>"#,
            #"<xs:redefine schemaLocation="URL/redefined.xsd"/>"#,
        ])
    func schemaImport(_ directive: String) throws {
        let listener = try LocalListener()
        let body = directive.replacingOccurrences(of: "URL/", with: listener.url(""))
        let (root, main) = try schema(body)
        let elapsed = try seconds {
            // libxml2 treats an import it cannot load as a warning (the schema may still compile)
            // and an include or redefine as an error; either way nothing may be fetched.
            do {
                let compiled = try XMLSchema(contentsOf: main, trustingFilesUnder: root)
                let document = try XMLDocument.parse(Array(#"<a xmlns="urn:main">x</a>"#.utf8), path: "a.xml")
                try document.validate(against: compiled)
            } catch let error as XMLError {
                guard case .schemaUnusable = error else { throw error }
            }
        }
        #expect(elapsed < 1)
        #expect(listener.drainConnections() == 0)
        #expect(XMLParserPolicy.refusedLoads.contains { $0.hasPrefix(listener.url("")) }, "the loader refused it")
    }

    @Test("An XSD may import only files under its trusted root: a schema beside it, outside the root, is refused")
    func schemaImportOutsideRoot() throws {
        let outside = try TestSupport.temporaryFolder("outside-root").appendingPathComponent("other.xsd")
        try Data(
            #"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:other"><xs:element name="o"/></xs:schema>"#
                .utf8
        ).write(to: outside)
        let (root, main) = try schema(#"<xs:include schemaLocation="\#(outside.path)"/>"#)
        #expect(throws: XMLError.self) { try XMLSchema(contentsOf: main, trustingFilesUnder: root) }
        #expect(XMLParserPolicy.refusedLoads.contains(outside.path))
    }

    @Test("An XSD with an external entity pointing at the listener fetches nothing")
    func schemaEntity() throws {
        let listener = try LocalListener()
        let (root, main) = try schema(
            "<xs:annotation><xs:documentation>&e;</xs:documentation></xs:annotation>",
            prologue: "\n<!DOCTYPE xs:schema [ <!ENTITY e SYSTEM \"\(listener.url("e.txt"))\"> ]>")
        let elapsed = seconds { _ = try? XMLSchema(contentsOf: main, trustingFilesUnder: root) }
        #expect(elapsed < 1)
        #expect(listener.drainConnections() == 0)
    }

    // MARK: - Bounds

    /// `<!ENTITY l0 "lol">` then `l1` … `l9`, each ten of the one before: 10⁹ × 3 bytes expanded.
    static var billionLaughs: String {
        var declarations = #"<!ENTITY l0 "lol">"#
        for level in 1...9 {
            declarations += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        return "<!DOCTYPE z [\(declarations)]><z>&l9;</z>"
    }

    /// One 100 KB entity referenced 50 000 times: 5 GB expanded, from a 300 KB document.
    static var quadraticBlowup: String {
        "<!DOCTYPE z [<!ENTITY a \"" + String(repeating: "x", count: 100_000) + "\">]><z>"
            + String(repeating: "&a;", count: 50_000) + "</z>"
    }

    /// The bombs, by name (the documents are built in the test: they are too large to print).
    static let bombs = ["billion laughs", "quadratic blowup", "100 000 nested elements"]

    static func bomb(_ name: String) -> String {
        switch name {
        case "billion laughs": billionLaughs
        case "quadratic blowup": quadraticBlowup
        default: String(repeating: "<a>", count: 100_000)  // libxml2 stops at depth 256
        }
    }

    @Test("Entity bombs and pathological nesting are refused within a second, without allocating", arguments: bombs)
    func bounded(_ name: String) {
        let text = Self.bomb(name)
        let bytes = Array(text.utf8)
        let before = peakResidentKilobytes()
        var refused = false
        let elapsed = seconds {
            do {
                _ = try XMLDocument.parse(bytes, path: "bomb.xml")
            } catch {
                refused = true
            }
        }
        #expect(refused)
        #expect(elapsed < 1, "\(name) took \(elapsed) s")
        // Expanding any of the bombs would take gigabytes; the peak may grow by the input's size.
        #expect(peakResidentKilobytes() - before < 256 * 1024, "\(name) grew the peak by > 256 MB")
    }

    /// One start tag with `count` empty attributes, on line 2 (after a comment full of `=` signs).
    static func manyAttributes(_ count: Int) -> String {
        var text = "<!-- " + String(repeating: "a=b ", count: 2000) + "-->\n<r><a"
        for index in 0..<count { text += " a\(index)=\"x=y\"" }
        return text + "/></r>"
    }

    @Test("A start tag with 100 000 attributes is refused at once (libxml2 2.9 takes minutes over it)")
    func manyAttributesRefused() {
        let bytes = Array(Self.manyAttributes(100_000).utf8)
        var refusal: XMLError?
        let elapsed = seconds {
            do { _ = try XMLDocument.parse(bytes, path: "many.xml") } catch { refusal = error as? XMLError }
        }
        #expect(
            refusal
                == .malformed(
                    XMLDiagnostic(
                        path: "many.xml", line: 2, column: nil,
                        message:
                            "an element has more than 1000 attributes; refused, because libxml2 takes time quadratic"
                            + " in their number and no TenderTrail input needs so many")))
        #expect(elapsed < 1, "took \(elapsed) s")
        // The line is the tag's, counting line breaks in text, in quoted values and in CDATA before it.
        var later = "<r>\ntext\n<b c='1\n2'/><![CDATA[\n]]>\n<a"
        for index in 0...1000 { later += " a\(index)=\"\(index)\"" }
        let lateRefusal = #expect(throws: XMLError.self) {
            try XMLDocument.parse(Array((later + "/></r>").utf8), path: "later.xml")
        }
        guard case let .malformed(diagnostic)? = lateRefusal else {
            Issue.record("expected malformed, got \(String(describing: lateRefusal))")
            return
        }
        #expect(diagnostic.line == 6)
    }

    @Test("1000 attributes (the limit), quoted = and > signs, comments and CDATA do not trip the limit")
    func attributesWithinLimit() throws {
        let document = try XMLDocument.parse(Array(Self.manyAttributes(1000).utf8), path: "many.xml")
        #expect(document.root.children.first?.attributeNames.count == 1000)
        let tricky =
            "<r a='x>y=z'><![CDATA[" + String(repeating: "<a b=c>", count: 2000) + "]]><?pi "
            + String(repeating: "=", count: 2000) + "?></r>"
        _ = try XMLDocument.parse(Array(tricky.utf8), path: "tricky.xml")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.manyAttributes(1001).utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(throws: XMLError.self) { try XMLDocument.parse(utf16, path: "many16.xml") }
    }

    @Test("An entity bomb in an XSD (parsed with entity substitution by libxml2) stays bounded")
    func schemaBomb() throws {
        var declarations = #"<!ENTITY l0 "lol">"#
        for level in 1...9 {
            declarations += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        let (root, main) = try schema(
            "<xs:annotation><xs:documentation>&l9;</xs:documentation></xs:annotation>",
            prologue: "\n<!DOCTYPE xs:schema [\(declarations)]>")
        let before = peakResidentKilobytes()
        let elapsed = seconds { _ = try? XMLSchema(contentsOf: main, trustingFilesUnder: root) }
        #expect(elapsed < 1)
        #expect(peakResidentKilobytes() - before < 256 * 1024)
    }
}

/// Duplicate `xml:id`s through `tender`: refused by the parser at the first step that reads the
/// document, before anything about it is scored or recorded; the evidence is unchanged.
@Suite("Duplicate xml:id through tender")
struct DuplicateIDCommandTests {
    /// Writes the mini case and the panel's keys (beside the case, never inside).
    static func setUp() throws -> (folder: URL, keys: URL) {
        let folder = try MiniCase.write()
        let keys = folder.deletingLastPathComponent().appendingPathComponent("keys")
        for member in MiniCase.panel.members { _ = try MiniCase.panel.writeKey(member, in: keys) }
        return (folder, keys)
    }

    /// Every file under `evidence/` with its bytes (the lock file aside).
    static func evidence(_ folder: URL) -> [String: Data] {
        let root = folder.appendingPathComponent("evidence")
        var files: [String: Data] = [:]
        for path in FileManager.default.enumerator(atPath: root.path)?.compactMap({ $0 as? String }) ?? []
        where !path.hasSuffix(".lock") {
            files[path] = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
        }
        return files
    }

    @Test("tender seal refuses a plan with two equal xml:ids; nothing is recorded")
    func plan() throws {
        let (folder, keys) = try Self.setUp()
        let plan = MiniCase.plan
            .replacingOccurrences(of: #"<Gate id="G-1""#, with: #"<Gate xml:id="g" id="G-1""#)
            .replacingOccurrences(of: #"<Lot id="LOT-1">"#, with: #"<Lot xml:id="g" id="LOT-1">"#)
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        let result = try TestSupport.runTender(
            ["seal", folder.path, "--key", keys.appendingPathComponent("LEAD.key").path])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "\(folder.path)/tender.xml:30:29: error: xml:id \"g\" is used twice in this document; every xml:id must be unique\n"
        )
        #expect(Self.evidence(folder).isEmpty)
    }

    @Test("tender score refuses a score sheet with two equal xml:ids; the trail is unchanged")
    func scoreSheet() throws {
        let (folder, keys) = try Self.setUp()
        try MiniCase.run(folder, clock: TestClock(MiniCase.times.seal), through: .declare)
        let sheet = MiniCase.sheet(evaluator: "EV-1", bid: "BID-A", q1: "3", q2: "1")
            .replacingOccurrences(of: #"<Score criterion="Q1""#, with: #"<Score xml:id="s" criterion="Q1""#)
            .replacingOccurrences(of: #"<Score criterion="Q2""#, with: #"<Score xml:id="s" criterion="Q2""#)
        try TestSupport.write(sheet, to: "scores/EV-1/BID-A.xml", in: folder)
        let before = Self.evidence(folder)
        let result = try TestSupport.runTender(
            ["score", folder.path, "scores/EV-1/BID-A.xml", "--key", keys.appendingPathComponent("EV-1.key").path])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "\(folder.path)/scores/EV-1/BID-A.xml:4:45: error: xml:id \"s\" is used twice in this document; every xml:id"
                + " must be unique\n")
        #expect(Self.evidence(folder) == before)
    }
}
