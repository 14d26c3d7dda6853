internal import CLibXML2

extension XMLOutputDocument {
    /// The document as UTF-8 bytes: an XML declaration, then the tree indented by two spaces where
    /// an element holds only elements (mixed and text content is written exactly). Deterministic:
    /// the same tree always gives the same bytes.
    ///
    /// - Throws: ``XMLError/serializationFailed(reason:)`` if libxml2 cannot build or dump the tree.
    /// Wraps `xmlNewDoc`, `xmlNewDocNode`, `xmlNewDocText`, `xmlNewProp` and `xmlDocDumpFormatMemoryEnc`.
    public func serialized() throws(XMLError) -> [UInt8] {
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
        try Self.fill(rootNode, from: root, document: document, namespace: namespace)
        var output: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(document, &output, &size, "UTF-8", 1)
        guard let output, size > 0 else { throw .serializationFailed(reason: "libxml2 produced no output") }
        defer { clibxml2_free(output) }
        return [UInt8](UnsafeBufferPointer(start: output, count: Int(size)))
    }

    private static func fill(
        _ node: xmlNodePtr, from element: XMLOutputElement, document: xmlDocPtr, namespace: xmlNsPtr
    ) throws(XMLError) {
        for attribute in element.attributes {
            guard xmlNewProp(node, attribute.name, attribute.value) != nil else {
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
                try fill(childNode, from: childElement, document: document, namespace: namespace)
            case let .text(text):
                guard let textNode = xmlNewDocText(document, text) else {
                    throw .serializationFailed(reason: "cannot create text in <\(element.name)>")
                }
                xmlAddChild(node, textNode)
            }
        }
    }
}
