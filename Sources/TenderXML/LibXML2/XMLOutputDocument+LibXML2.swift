internal import CLibXML2

extension XMLOutputDocument {
    /// The document as UTF-8 bytes: an XML declaration, then the tree indented by two spaces where
    /// an element holds only elements (mixed and text content is written exactly). Deterministic:
    /// the same tree always gives the same bytes.
    ///
    /// - Throws: ``XMLError/serializationFailed(reason:)`` if libxml2 cannot build or dump the tree.
    /// Wraps `xmlNewDoc`, `xmlNewDocNode`, `xmlNewDocText`, `xmlNewProp` and `xmlDocDumpFormatMemoryEnc`.
    public func serialized() throws(XMLError) -> [UInt8] {
        try withTree { document throws(XMLError) in
            var output: UnsafeMutablePointer<xmlChar>?
            var size: Int32 = 0
            xmlDocDumpFormatMemoryEnc(document, &output, &size, "UTF-8", 1)
            guard let output, size > 0 else { throw .serializationFailed(reason: "libxml2 produced no output") }
            defer { clibxml2_free(output) }
            return [UInt8](UnsafeBufferPointer(start: output, count: Int(size)))
        }
    }

    /// The document as an HTML5 page in XML syntax (polyglot markup), UTF-8: `<!DOCTYPE html>`,
    /// then the tree without an XML declaration, serialised by libxml2 under its XHTML rules: void
    /// elements (`br`, `img`, `meta` …) as `<br />`, every other element with an end tag even when
    /// empty (`<td></td>`, never `<td/>`, which an HTML parser would read as an open tag), text and
    /// attribute values escaped. The result parses as XML (after the DOCTYPE) and as HTML.
    ///
    /// Text and attribute values are written for people: an explicit directional formatting
    /// character in them (a right-to-left override in a tenderer's name, say) is shown as
    /// `[U+202E]` rather than allowed to reorder the page (``BidiControls``).
    ///
    /// Build the tree in the XHTML namespace (`http://www.w3.org/1999/xhtml`), with inline SVG in
    /// its own (``XMLOutputElement/namespace``). libxml2 adds a `Content-Type` `<meta>` to `<head>`
    /// when there is none. Deterministic.
    ///
    /// - Throws: ``XMLError/serializationFailed(reason:)`` if libxml2 cannot build or write the tree.
    /// Wraps `xmlSaveToBuffer` with `XML_SAVE_XHTML | XML_SAVE_NO_DECL | XML_SAVE_FORMAT`.
    public func serializedAsHTML() throws(XMLError) -> [UInt8] {
        try withTree(text: BidiControls.visible) { document throws(XMLError) in
            guard let buffer = xmlBufferCreate() else { throw .serializationFailed(reason: "no memory") }
            defer { xmlBufferFree(buffer) }
            let options = Int32(XML_SAVE_XHTML.rawValue | XML_SAVE_NO_DECL.rawValue | XML_SAVE_FORMAT.rawValue)
            guard let context = xmlSaveToBuffer(buffer, "UTF-8", options) else {
                throw .serializationFailed(reason: "cannot start writing HTML")
            }
            let written = xmlSaveDoc(context, document)
            guard xmlSaveClose(context) >= 0, written >= 0, let content = xmlBufferContent(buffer) else {
                throw .serializationFailed(reason: "libxml2 could not write the HTML")
            }
            let length = Int(xmlBufferLength(buffer))
            return Array("<!DOCTYPE html>\n".utf8) + [UInt8](UnsafeBufferPointer(start: content, count: length))
        }
    }

    /// Builds the tree in a libxml2 document, hands it to `body`, and frees it.
    private func withTree<T>(
        text: (String) -> String = { $0 }, _ body: (xmlDocPtr) throws(XMLError) -> T
    ) throws(XMLError) -> T {
        LibXML2.prepare()
        guard let document = xmlNewDoc("1.0") else { throw .serializationFailed(reason: "no memory") }
        defer { xmlFreeDoc(document) }
        guard let rootNode = xmlNewDocNode(document, nil, root.name, nil) else {
            throw .serializationFailed(reason: "cannot create <\(root.name)>")
        }
        _ = xmlDocSetRootElement(document, rootNode)
        guard let namespace = xmlNewNs(rootNode, self.namespace, nil) else {
            throw .serializationFailed(reason: "cannot declare namespace \(self.namespace)")
        }
        xmlSetNs(rootNode, namespace)
        try Self.fill(rootNode, from: root, document: document, namespace: namespace, text: text)
        return try body(document)
    }

    private static func fill(
        _ node: xmlNodePtr, from element: XMLOutputElement, document: xmlDocPtr, namespace: xmlNsPtr,
        text transform: (String) -> String
    ) throws(XMLError) {
        for attribute in element.attributes {
            guard xmlNewProp(node, attribute.name, transform(attribute.value)) != nil else {
                throw .serializationFailed(reason: "cannot set attribute \(attribute.name) on <\(element.name)>")
            }
        }
        for child in element.children {
            switch child {
            case let .element(childElement):
                guard let childNode = xmlNewDocNode(document, namespace, childElement.name, nil) else {
                    throw .serializationFailed(reason: "cannot create <\(childElement.name)>")
                }
                xmlAddChild(node, childNode)
                var childNamespace = namespace
                if let uri = childElement.namespace {
                    guard let declared = xmlNewNs(childNode, uri, nil) else {
                        throw .serializationFailed(reason: "cannot declare namespace \(uri)")
                    }
                    xmlSetNs(childNode, declared)
                    childNamespace = declared
                }
                try fill(childNode, from: childElement, document: document, namespace: childNamespace, text: transform)
            case let .text(text):
                guard let textNode = xmlNewDocText(document, transform(text)) else {
                    throw .serializationFailed(reason: "cannot create text in <\(element.name)>")
                }
                xmlAddChild(node, textNode)
            }
        }
    }
}
