import Testing

@testable import TenderXML

@Suite("HTML output in XML syntax")
struct HTMLOutputTests {
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let svg = "http://www.w3.org/2000/svg"

    func page() -> XMLOutputDocument {
        var head = XMLOutputElement("head")
        head.append(XMLOutputElement("title", text: "Award report"))
        var body = XMLOutputElement("body")
        body.append(XMLOutputElement("p", attributes: [("class", "x\"y")], text: "A & B <Ltd>"))
        body.append(XMLOutputElement("br"))
        body.append(XMLOutputElement("td"))
        var chart = XMLOutputElement("svg", attributes: [("viewBox", "0 0 10 10")], namespace: Self.svg)
        chart.append(XMLOutputElement("rect", attributes: [("width", "5"), ("height", "5")]))
        body.append(chart)
        return XMLOutputDocument(
            namespace: Self.xhtml, root: XMLOutputElement("html", children: [.element(head), .element(body)]))
    }

    @Test(
        "A page starts with the HTML5 DOCTYPE, has no XML declaration and writes void and empty elements as HTML parsers read them"
    )
    func voidAndEmptyElements() throws {
        let text = String(decoding: try page().serializedAsHTML(), as: UTF8.self)
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"))
        #expect(!text.contains("<?xml"))
        #expect(text.contains("<br />"))
        #expect(text.contains("<td></td>"))
        #expect(!text.contains("<td/>"))
        #expect(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"))
        #expect(text.contains("<rect width=\"5\" height=\"5\"></rect>"))
        #expect(text.contains("A &amp; B &lt;Ltd&gt;"))
        #expect(text.contains("class=\"x&quot;y\""))
    }

    @Test("A page reads back as XML, with SVG in its own namespace and escaped text restored")
    func roundTrip() throws {
        let document = try XMLDocument.parse(html5Polyglot: try page().serializedAsHTML(), path: "report.html")
        #expect(document.root.localName == "html")
        #expect(document.root.namespaceURI == Self.xhtml)
        let body = try #require(document.root.child("body", namespace: Self.xhtml))
        #expect(body.child("p", namespace: Self.xhtml)?.text == "A & B <Ltd>")
        #expect(body.child("p", namespace: Self.xhtml)?.attribute("class") == "x\"y")
        let chart = try #require(body.child("svg", namespace: Self.svg))
        #expect(chart.children.map(\.namespaceURI) == [Self.svg])
    }

    @Test("Only the bare HTML5 DOCTYPE is blanked out; line numbers are kept and any other DOCTYPE is refused")
    func doctypes() throws {
        let page = "<!doctype HTML>\n<html>\n<p>x</p></html>"
        let document = try XMLDocument.parse(html5Polyglot: Array(page.utf8), path: "a.html")
        #expect(document.root.children.first?.line == 3)
        let hostile = "<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<html>&x;</html>"
        #expect(throws: XMLError.self) { try XMLDocument.parse(html5Polyglot: Array(hostile.utf8), path: "b.html") }
        let legacy =
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html/>"
        #expect(throws: XMLError.self) { try XMLDocument.parse(html5Polyglot: Array(legacy.utf8), path: "c.html") }
    }

    @Test(
        "Directional overrides in text and attributes are shown as [U+XXXX], never obeyed; right-to-left text stays as it is"
    )
    func bidiControls() throws {
        var body = XMLOutputElement("body")
        body.append(
            XMLOutputElement(
                "p", attributes: [("title", "a\u{2066}b")], text: "شركة \u{202E}دتل Clyde (BID-002) is 1191/1436"))
        let page = XMLOutputDocument(namespace: Self.xhtml, root: XMLOutputElement("html", children: [.element(body)]))
        let text = String(decoding: try page.serializedAsHTML(), as: UTF8.self)
        #expect(text.contains("شركة [U+202E]دتل Clyde (BID-002) is 1191/1436"))
        #expect(text.contains("title=\"a[U+2066]b\""))
        #expect(!text.unicodeScalars.contains { BidiControls.isControl($0) })
        // The XML writer for evidence keeps text exactly.
        let xml = String(decoding: try page.serialized(), as: UTF8.self)
        #expect(xml.contains("\u{202E}"))
    }
}
