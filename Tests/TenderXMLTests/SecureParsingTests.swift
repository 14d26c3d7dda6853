import Foundation
import TenderXML
import Testing

/// The secure parser: what it refuses, what it reports, and where.
@Suite("Secure parsing")
struct SecureParsingTests {
    private func parse(_ text: String, path: String = "doc.xml") throws(XMLError) -> XMLDocument {
        try XMLDocument.parse(Array(text.utf8), path: path)
    }

    private func diagnostic(_ text: String) -> XMLError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("The parser options are the secure set and nothing forbidden")
    func options() {
        let options = XMLParserPolicy.parseOptions
        #expect(options & XMLParserPolicy.noNetworkOption != 0)
        #expect(options & XMLParserPolicy.forbiddenOptions == 0)
    }

    @Test("An external file entity is refused at the DOCTYPE, before it can be read")
    func externalFileEntity() {
        let error = diagnostic(
            """
            <?xml version="1.0"?>
            <!DOCTYPE Bid [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <Bid>&xxe;</Bid>
            """)
        guard case let .doctypeRefused(diagnostic) = error else {
            Issue.record("expected doctypeRefused, got \(String(describing: error))")
            return
        }
        #expect(diagnostic.line == 2)
        #expect(diagnostic.column == 1)
        #expect(diagnostic.description.hasPrefix("doc.xml:2:1: error: DOCTYPE declarations are refused"))
        #expect(!diagnostic.description.contains("root:"), "no content of /etc/passwd may appear")
    }

    @Test("An external http entity, a parameter entity and an external DTD are refused without loading anything")
    func networkEntities() {
        let documents = [
            #"<!DOCTYPE a [ <!ENTITY e SYSTEM "http://127.0.0.1:9/x"> ]><a>&e;</a>"#,
            #"<!DOCTYPE a [ <!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p; ]><a/>"#,
            #"<!DOCTYPE a SYSTEM "http://127.0.0.1:9/a.dtd"><a/>"#,
        ]
        let before = XMLParserPolicy.refusedLoads.count
        for document in documents {
            guard case .doctypeRefused = diagnostic(document) else {
                Issue.record("not refused: \(document)")
                continue
            }
        }
        // The parser stopped at the DOCTYPE: the loader was never even asked.
        #expect(XMLParserPolicy.refusedLoads.count == before)
    }

    @Test("Nested entity expansion (billion laughs) is refused at the DOCTYPE")
    func billionLaughs() {
        var declarations = #"<!ENTITY l0 "lol">"#
        for level in 1...9 {
            declarations += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        let error = diagnostic("<!DOCTYPE z [\(declarations)]><z>&l9;</z>")
        guard case .doctypeRefused = error else {
            Issue.record("expected doctypeRefused, got \(String(describing: error))")
            return
        }
    }

    @Test("Malformed XML reports the first cause with line and column")
    func malformed() {
        let error = diagnostic("<a>\n  <b>text</c>\n</a>\n")
        #expect(
            error?.description
                == "doc.xml:2:14: error: not well-formed XML: Opening and ending tag mismatch: b line 2 and c")
    }

    @Test("A remote xsi:schemaLocation is refused; a local one is ignored")
    func schemaLocation() throws {
        let remote = diagnostic(
            """
            <a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:noNamespaceSchemaLocation="https://example.org/a.xsd"/>
            """)
        #expect(
            remote?.description
                == "doc.xml:2:4: error: xsi:noNamespaceSchemaLocation names a remote schema (https://example.org/a.xsd); TenderTrail validates against the schemas it ships and never fetches one: remove the attribute"
        )
        _ = try parse(
            #"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="../a.xsd"/>"#)
    }

    @Test("A wrong root element names what was expected and what was found")
    func wrongRoot() throws {
        let document = try parse(#"<TenderPlan xmlns="urn:tendertrail:tender:1" id="x"/>"#)
        #expect(
            throws: XMLError.unexpectedRoot(
                XMLDiagnostic(
                    path: "doc.xml", line: 1, column: 1,
                    message:
                        "expected a <Bid> document in namespace urn:tendertrail:bid:1; found <TenderPlan> in namespace urn:tendertrail:tender:1"
                ))
        ) {
            try document.requireRoot("Bid", namespace: "urn:tendertrail:bid:1")
        }
    }

    @Test("A comment or CDATA inside a number reads as the whole number")
    func splitNumber() throws {
        let document = try parse("<a><p>100<!---->000.00</p><q>12<![CDATA[34]]>.5</q></a>")
        let children = document.root.children
        #expect(children[0].text == "100000.00")
        #expect(children[1].text == "1234.5")
    }

    @Test("UTF-16 with a byte-order mark has the same canonical form as its UTF-8 twin")
    func utf16() throws {
        let text = #"<a b="é"><c>ünïcödé</c></a>"#
        let utf8 = try parse(text)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in (#"<?xml version="1.0" encoding="UTF-16"?>"# + text).utf16 {
            utf16.append(UInt8(unit & 0xFF))
            utf16.append(UInt8(unit >> 8))
        }
        let twin = try XMLDocument.parse(utf16, path: "utf16.xml")
        #expect(try twin.exclusiveCanonicalForm() == utf8.exclusiveCanonicalForm())
    }

    @Test("Exclusive C14N ignores attribute order, quoting, line endings and unused namespace declarations")
    func canonicalEquivalence() throws {
        let original = try parse("<a x=\"1\" y=\"2\"><b>t</b>\n</a>")
        let twin = try XMLDocument.parse(
            Array("<a xmlns:unused=\"urn:u\" y='2' x='1'><b>t</b>\r\n</a>".utf8), path: "twin.xml")
        #expect(try original.exclusiveCanonicalForm() == twin.exclusiveCanonicalForm())
        let different = try parse("<a x=\"1\" y=\"2\"><b>t </b>\n</a>")
        #expect(
            try original.exclusiveCanonicalForm() != different.exclusiveCanonicalForm(),
            "whitespace inside content is content")
    }

    @Test("Line numbers beyond 65535 are exact")
    func bigLines() throws {
        let text = "<a>" + String(repeating: "\n", count: 70_000) + "<b/></a>"
        let document = try parse(text)
        #expect(document.root.children[0].line == 70_001)
    }

    @Test("A text node above libxml2's limit is refused, not truncated")
    func hugeTextNode() {
        let text = "<a>" + String(repeating: "x", count: 10_000_001) + "</a>"
        guard case let .malformed(diagnostic) = diagnostic(text) else {
            Issue.record("expected malformed")
            return
        }
        #expect(diagnostic.message.contains("10 MB"))
    }

    @Test("Serialising escapes markup in text and attributes")
    func serialisation() throws {
        var root = XMLOutputElement("r", attributes: [("a", "<&\"'\n")])
        root.append(XMLOutputElement("t", text: "a < b & c > d"))
        let bytes = try XMLOutputDocument(namespace: "urn:x", root: root).serialized()
        let reparsed = try XMLDocument.parse(bytes, path: "out.xml")
        #expect(reparsed.root.attribute("a") == "<&\"'\n")
        #expect(reparsed.root.children[0].text == "a < b & c > d")
    }
}
