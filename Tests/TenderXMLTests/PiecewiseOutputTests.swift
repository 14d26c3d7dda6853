import Testing

@testable import TenderXML

/// ``XMLOutputDocument/writeInPieces(_:into:)`` must give exactly what serialising the whole
/// document gives, and exactly its canonical form, whatever the text and attribute values hold.
@Suite("Output written in pieces")
struct PiecewiseOutputTests {
    /// Text that every escaping rule applies to: markup characters, quotes, white space that the
    /// serialiser and the canonical form each write as character references, non-ASCII text, a
    /// right-to-left override, a `]]>`.
    static let awkward = [
        "plain", "a & b < c > d", "\"double\" and 'single'", "tab\there", "line\nbreak", "carriage\rreturn",
        "CRLF\r\nend", "  leading and trailing  ", "Zürich € 12 – ½ 合同", "\u{202E}evil", "]]> and <!-- -->", "",
    ]

    /// A root with attributes, three sections (one with its own attributes and no pieces), pieces
    /// with nested children, text-only and empty elements, and the awkward values everywhere.
    /// 200 pieces per section: several batches of framing on any number of threads.
    static func pieces(_ section: Int) -> [XMLOutputElement] {
        (0..<200).map { index in
            let text = awkward[index % awkward.count]
            var element = XMLOutputElement("Piece", attributes: [("id", "P\(section)-\(index)"), ("value", text)])
            element.append(XMLOutputElement("Text", text: text))
            element.append(XMLOutputElement("Empty"))
            var nested = XMLOutputElement("Nested", attributes: [("z", "last"), ("a", text)])
            nested.append(XMLOutputElement("Leaf", attributes: [("n", "\(index)")], text: text + text))
            element.append(nested)
            return element
        }
    }

    static func document(marked: Bool) -> XMLOutputDocument {
        var root = XMLOutputElement("Root", attributes: [("plan", "P & \"Q\"")])
        for (index, attributes) in [[("id", "S1")], [("id", "S2"), ("note", "no pieces")], [("id", "S<3>")]]
            .enumerated()
        {
            var section = XMLOutputElement("Section", attributes: attributes)
            if index != 1 {
                if marked {
                    section.append(.pieces)
                } else {
                    section.append(contentsOf: pieces(index == 0 ? 0 : 1))
                }
            }
            root.append(section)
        }
        return XMLOutputDocument(namespace: "urn:tendertrail:test:1", root: root)
    }

    @Test("Pieces join to the whole document's bytes and canonical form, on 1 or 3 threads", arguments: [1, 3])
    func sameAsWhole(workers: Int) throws {
        var bytes: [UInt8] = []
        var canonical: [UInt8] = []
        try Self.document(marked: true).writeInPieces(
            { section in
                let pieces = Self.pieces(section)
                return (pieces.count, { pieces[$0] })
            },
            workers: workers,
            into: { chunk, canonicalChunk in
                bytes += chunk
                canonical += canonicalChunk
            })
        let whole = try Self.document(marked: false).serialized()
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: whole, as: UTF8.self))
        let wholeCanonical = try XMLDocument.parse(whole, path: "whole").exclusiveCanonicalForm()
        #expect(String(decoding: canonical, as: UTF8.self) == String(decoding: wholeCanonical, as: UTF8.self))
    }

    @Test("A section marked for pieces but given none is refused")
    func markedButEmpty() {
        #expect(throws: XMLError.self) {
            try Self.document(marked: true).writeInPieces({ _ in (0, { _ in .pieces }) }, into: { _, _ in })
        }
    }
}
