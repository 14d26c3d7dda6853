internal import CLibXML2
public import Foundation

/// A parsed XML document, owned by this object and freed with it.
///
/// Created only through the secure parser (``parse(_:path:)``): no network, no DTD, no entity
/// substitution, no XInclude, line numbers beyond 65535. Not thread-safe: use one document per task.
/// Wraps `xmlDocPtr`.
public final class XMLDocument {
    let pointer: xmlDocPtr
    /// The root element node; a parsed document always has one (``parse(_:path:)`` checks).
    let rootNode: xmlNodePtr
    /// The file as the user named it, for diagnostics.
    public let path: String
    /// The bytes the document was parsed from (kept to locate columns for schema diagnostics).
    public let bytes: [UInt8]
    private lazy var lines: SourceLines = SourceLines(bytes)

    private init(pointer: xmlDocPtr, rootNode: xmlNodePtr, path: String, bytes: [UInt8]) {
        self.pointer = pointer
        self.rootNode = rootNode
        self.path = path
        self.bytes = bytes
    }

    deinit { xmlFreeDoc(pointer) }

    /// Reads and parses a file.
    ///
    /// - Parameters:
    ///   - url: The file to read.
    ///   - displayPath: How to name the file in diagnostics (default: `url.path`).
    /// - Throws: ``XMLError/unreadable(path:reason:)`` if the file cannot be read, otherwise as
    ///   ``parse(_:path:)``.
    public static func read(contentsOf url: URL, displayPath: String? = nil) throws(XMLError) -> XMLDocument {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse([UInt8](data), path: path)
    }

    /// Parses an HTML5 page written in XML syntax (as ``XMLOutputDocument/serializedAsHTML()``
    /// writes it): a leading `<!DOCTYPE html>` (ASCII case-insensitive, without a public or system
    /// identifier or internal subset) is blanked out, keeping every line and column, and the rest is
    /// parsed exactly as ``parse(_:path:)`` parses, refusing any other DOCTYPE.
    ///
    /// - Throws: As ``parse(_:path:)``: ``XMLError/malformed(_:)`` for a page that is not
    ///   well-formed XML (HTML written without end tags, say).
    public static func parse(html5Polyglot bytes: [UInt8], path: String) throws(XMLError) -> XMLDocument {
        let doctype = Array("<!doctype html>".utf8)
        var blanked = bytes
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes.count >= start + doctype.count,
            zip(bytes[start..<(start + doctype.count)], doctype).allSatisfy({ byte, expected in
                (byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)) == expected
            })
        {
            blanked.replaceSubrange(start..<(start + doctype.count), with: repeatElement(0x20, count: doctype.count))
        }
        return try parse(blanked, path: path)
    }

    /// Parses bytes with TenderTrail's secure options.
    ///
    /// Encoding is detected by libxml2 from the byte-order mark and the XML declaration (UTF-8 and
    /// UTF-16 with BOM are accepted); a declaration that contradicts the byte-order mark (or the
    /// UTF-16 byte pattern) is refused before parsing. The parse stops at a DOCTYPE, before any
    /// declaration in it is read. Two `xml:id` attributes with the same value are refused.
    ///
    /// - Parameters:
    ///   - bytes: The document's bytes, at most `Int32.max`.
    ///   - path: How to name the document in diagnostics.
    /// - Throws: ``XMLError/doctypeRefused(_:)`` for any DOCTYPE; ``XMLError/malformed(_:)`` with the
    ///   first error if the bytes are not well-formed (including a text node above libxml2's 10 MB
    ///   limit, which is refused rather than truncated), if the declared encoding contradicts the
    ///   byte-order mark, or if an `xml:id` is repeated or not an NCName.
    public static func parse(_ bytes: [UInt8], path: String) throws(XMLError) -> XMLDocument {
        LibXML2.prepare()
        guard !bytes.isEmpty else {
            throw .malformed(XMLDiagnostic(path: path, line: 1, column: nil, message: "the document is empty"))
        }
        guard bytes.count < Int(Int32.max) else {
            throw .malformed(
                XMLDiagnostic(path: path, line: 0, column: nil, message: "the document is larger than 2 GB"))
        }
        // libxml2 silently reads some of these contradictions one way or the other (see EncodingSignature).
        if let contradiction = EncodingSignature.contradiction(in: bytes) {
            throw .malformed(
                XMLDiagnostic(path: path, line: 1, column: contradiction.column, message: contradiction.message))
        }
        // libxml2 2.9 takes time quadratic in one start tag's attributes (see AttributeCountLimit).
        if let line = AttributeCountLimit.firstViolation(in: bytes) {
            throw .malformed(
                XMLDiagnostic(
                    path: path, line: line, column: nil,
                    message: "an element has more than \(AttributeCountLimit.maximum) attributes; refused, because"
                        + " libxml2 takes time quadratic in their number and no TenderTrail input needs so many"))
        }
        let sink = ParseSink()
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            guard
                let start = UnsafeRawPointer(buffer.baseAddress),
                let context = xmlCreateMemoryParserCtxt(
                    start.assumingMemoryBound(to: CChar.self), Int32(buffer.count))
            else { return nil }
            defer { xmlFreeParserCtxt(context) }
            xmlCtxtUseOptions(context, LibXML2.secureParseOptions)
            context.pointee._private = Unmanaged.passUnretained(sink).toOpaque()
            if let sax = context.pointee.sax {
                sax.pointee.serror = { userData, error in
                    guard let userData, let error else { return }
                    let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
                    guard let sinkPointer = parser.pointee._private else { return }
                    Unmanaged<ParseSink>.fromOpaque(sinkPointer).takeUnretainedValue().record(error.pointee)
                }
                sax.pointee.internalSubset = { userData, name, externalID, systemID in
                    guard let userData else { return }
                    let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
                    if let sinkPointer = parser.pointee._private {
                        let sink = Unmanaged<ParseSink>.fromOpaque(sinkPointer).takeUnretainedValue()
                        let line = Int(parser.pointee.input?.pointee.line ?? 0)
                        sink.doctype = ParseSink.Doctype(
                            line: line,
                            name: name.map { String(cString: $0) } ?? "",
                            externalID: externalID.map { String(cString: $0) },
                            systemID: systemID.map { String(cString: $0) })
                    }
                    // Stop before the internal subset: no entity is ever declared, let alone expanded.
                    xmlStopParser(parser)
                }
            }
            _ = xmlParseDocument(context)
            let parsed = context.pointee.myDoc
            context.pointee.myDoc = nil
            if sink.doctype != nil || context.pointee.wellFormed == 0 || !sink.errors.isEmpty {
                if let parsed { xmlFreeDoc(parsed) }
                return nil
            }
            return parsed
        }
        if let doctype = sink.doctype {
            var found = "<!DOCTYPE \(doctype.name)"
            if let systemID = doctype.systemID { found += " … \"\(systemID)\"" }
            found += ">"
            let lines = SourceLines(bytes)
            throw .doctypeRefused(
                XMLDiagnostic(
                    path: path, line: doctype.line,
                    column: lines.column(of: "<!DOCTYPE", onOrBefore: doctype.line),
                    message: "DOCTYPE declarations are refused: they can declare entities that read local files or the"
                        + " network, or expand without bound, and no TenderTrail input needs one; found \(found)"))
        }
        guard let document else {
            let first = sink.errors.first
            let message = first.map { describeParserError($0.message) } ?? "the document is empty or not XML"
            throw .malformed(XMLDiagnostic(path: path, line: first?.line ?? 1, column: first?.column, message: message))
        }
        guard let rootNode = xmlDocGetRootElement(document) else {
            xmlFreeDoc(document)
            throw .malformed(
                XMLDiagnostic(path: path, line: 1, column: 1, message: "not XML: the document has no root element"))
        }
        let result = XMLDocument(pointer: document, rootNode: rootNode, path: path, bytes: bytes)
        try result.inspectTree()
        return result
    }

    /// The root element.
    public var root: XMLElement {
        XMLElement(document: self, node: rootNode)
    }

    /// Throws ``XMLError/unexpectedRoot(_:)`` unless the root element is `localName` in `namespace`.
    public func requireRoot(_ localName: String, namespace: String) throws(XMLError) {
        let root = self.root
        guard root.localName != localName || root.namespaceURI != namespace else { return }
        let found =
            root.namespaceURI.map { "<\(root.qualifiedName)> in namespace \($0)" }
            ?? "<\(root.qualifiedName)> in no namespace"
        throw .unexpectedRoot(
            XMLDiagnostic(
                path: path, line: root.line, column: root.column,
                message: "expected a <\(localName)> document in namespace \(namespace); found \(found)"))
    }

    /// libxml2's limit on one text node (`XML_MAX_TEXT_LENGTH`, 10 000 000 bytes without
    /// `XML_PARSE_HUGE`). libxml2 enforces it only when a text node grows across input chunks, so a
    /// document parsed from memory could pass with a larger node that a file-based parser refuses;
    /// TenderTrail refuses it either way.
    public static let maximumTextNodeBytes = 10_000_000

    /// Walks the tree once after parsing and refuses what the parser let through:
    /// `xsi:schemaLocation` / `xsi:noNamespaceSchemaLocation` hints that name a remote resource
    /// (local hints are ignored: validation always uses the schema the caller supplies), and text
    /// nodes above ``maximumTextNodeBytes``.
    private func inspectTree() throws(XMLError) {
        let xsi = "http://www.w3.org/2001/XMLSchema-instance"
        var stack: [xmlNodePtr] = [rootNode]
        while let node = stack.popLast() {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let element = XMLElement(document: self, node: node)
                for name in ["schemaLocation", "noNamespaceSchemaLocation"] {
                    guard let value = element.attribute(name, namespace: xsi) else { continue }
                    let tokens = value.split(whereSeparator: \.isWhitespace)
                    if let remote = tokens.first(where: { $0.contains("://") && !$0.hasPrefix("file://") }) {
                        throw .remoteSchemaRefused(
                            XMLDiagnostic(
                                path: path, line: element.line, column: element.column(ofAttribute: name),
                                message: "xsi:\(name) names a remote schema (\(remote)); TenderTrail validates against"
                                    + " the schemas it ships and never fetches one: remove the attribute"))
                    }
                }
                var child = node.pointee.children
                var children: [xmlNodePtr] = []
                while let current = child {
                    children.append(current)
                    child = current.pointee.next
                }
                stack.append(contentsOf: children.reversed())
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content, Int(xmlStrlen(content)) > Self.maximumTextNodeBytes {
                    let line = Int(xmlGetLineNo(node.pointee.parent ?? node))
                    throw .malformed(
                        XMLDiagnostic(
                            path: path, line: line, column: nil,
                            message:
                                "a text node is larger than libxml2's 10 MB limit (XML_MAX_TEXT_LENGTH); refused rather"
                                + " than truncated"))
                }
            default:
                break
            }
        }
    }

    /// The exclusive canonical form of the whole document (Exclusive XML Canonicalization 1.0,
    /// without comments, no inclusive namespace prefixes): what TenderTrail hashes so that
    /// reformatting is recognised as the same document. For a document without comments these are
    /// the bytes `xmllint --exc-c14n` prints; xmllint keeps comments, which this form leaves out.
    ///
    /// Wraps `xmlC14NDocDumpMemory` with `XML_C14N_EXCLUSIVE_1_0`.
    /// - Throws: ``XMLError/canonicalizationFailed(path:)`` if libxml2 fails.
    public func exclusiveCanonicalForm() throws(XMLError) -> [UInt8] {
        var output: UnsafeMutablePointer<xmlChar>?
        let length = xmlC14NDocDumpMemory(pointer, nil, Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), nil, 0, &output)
        guard length >= 0, let output else {
            throw .canonicalizationFailed(path: path)
        }
        defer { clibxml2_free(output) }
        return [UInt8](UnsafeBufferPointer(start: output, count: Int(length)))
    }

    /// The elements an XPath 1.0 expression selects, in document order.
    ///
    /// - Parameters:
    ///   - expression: An XPath 1.0 location path.
    ///   - namespaces: Prefix → namespace URI bindings the expression uses.
    ///   - context: The context node (default: the document).
    /// - Throws: ``XMLError/xpathFailed(expression:reason:)`` if the expression is invalid.
    /// Wraps `xmlXPathEvalExpression`.
    public func elements(
        matching expression: String,
        namespaces: [String: String] = [:],
        from context: XMLElement? = nil
    ) throws(XMLError) -> [XMLElement] {
        guard let xpath = xmlXPathNewContext(pointer) else {
            throw .xpathFailed(expression: expression, reason: "no memory for an XPath context")
        }
        defer { xmlXPathFreeContext(xpath) }
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
            _ = xmlXPathRegisterNs(xpath, prefix, uri)
        }
        if let context { xpath.pointee.node = context.node }
        guard let result = xmlXPathEvalExpression(expression, xpath) else {
            throw .xpathFailed(expression: expression, reason: "libxml2 could not evaluate the expression")
        }
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
        var elements: [XMLElement] = []
        for index in 0..<Int(set.pointee.nodeNr) {
            if let node = set.pointee.nodeTab[index], node.pointee.type == XML_ELEMENT_NODE {
                elements.append(XMLElement(document: self, node: node))
            }
        }
        return elements
    }

    func column(of tag: String, onLine line: Int, occurrence: Int = 0) -> Int? {
        lines.column(of: tag, onLine: line, occurrence: occurrence)
    }

    /// The column of a start tag `<prefix:name` with any prefix, on `line`.
    func column(ofPrefixed name: String, onLine line: Int) -> Int? {
        lines.column(ofPrefixed: name, onLine: line)
    }

    func column(of attribute: String, after tag: String, onLine line: Int, occurrence: Int = 0) -> Int? {
        lines.column(of: attribute, after: tag, onLine: line, occurrence: occurrence)
    }
}

/// Collects what the parser reports through the SAX callbacks of one parse.
final class ParseSink {
    struct Doctype {
        var line: Int
        var name: String
        var externalID: String?
        var systemID: String?
    }

    struct Recorded {
        var line: Int
        var column: Int?
        var message: String
    }

    var doctype: Doctype?
    var errors: [Recorded] = []

    func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) } ?? "unknown error"
        let column = error.int2 > 0 ? Int(error.int2) : nil
        errors.append(Recorded(line: Int(error.line), column: column, message: message.trimmingTrailingWhitespace()))
    }
}

/// Rewrites the wording of a few libxml2 parser messages; the rest are clear as they are.
func describeParserError(_ message: String) -> String {
    if message.contains("huge text node") {
        return "a text node is larger than libxml2's 10 MB limit; refused rather than truncated"
    }
    if message.hasPrefix("Document is empty") || message.hasPrefix("Start tag expected") {
        return "not XML: the document has no root element"
    }
    if message.hasPrefix("Excessive depth in document") {
        return "elements are nested more than 256 deep, libxml2's limit (TenderTrail never lifts it); refused"
    }
    // libxml2 checks xml:id (the XML ID specification) as it parses; these are not well-formedness
    // errors, so say what they are. A repeated ID is refused because two elements with one ID make
    // "the element with ID x" ambiguous (the trick behind XML signature-wrapping attacks).
    if message.hasPrefix("ID "), message.hasSuffix(" already defined") {
        let value = message.dropFirst(3).dropLast(" already defined".count)
        return "xml:id \"\(value)\" is used twice in this document; every xml:id must be unique"
    }
    if message.hasPrefix("xml:id : attribute value "), message.hasSuffix(" is not an NCName") {
        let value = message.dropFirst("xml:id : attribute value ".count).dropLast(" is not an NCName".count)
        return "xml:id \"\(value)\" is not a valid identifier (an NCName: a letter or _ first, no spaces or colons)"
    }
    if message.hasPrefix("Input is not proper UTF-8") {
        let bytes = message.components(separatedBy: "Bytes: ").dropFirst().first.map { " (bytes \($0))" } ?? ""
        return
            "the document is not valid UTF-8\(bytes); save it as UTF-8, or declare its encoding in the XML declaration"
    }
    if message.hasPrefix("Document labelled UTF-16 but has UTF-8 content") || message.contains("encoding") {
        return "the document's encoding is inconsistent: " + message.replacingOccurrences(of: "\n", with: "; ")
    }
    return "not well-formed XML: " + message.replacingOccurrences(of: "\n", with: "; ")
}
