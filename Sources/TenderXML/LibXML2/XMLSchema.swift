internal import CLibXML2
public import Foundation

/// A compiled XML Schema (XSD 1.0), shared read-only between documents and threads.
///
/// libxml2 allows one compiled `xmlSchema` to be used by many validation contexts at once; each
/// ``XMLDocument/validate(against:style:)`` call makes its own context. Wraps `xmlSchemaPtr`.
public final class XMLSchema: @unchecked Sendable {
    // Immutable after init; libxml2 only reads a compiled schema during validation.
    let pointer: xmlSchemaPtr
    /// The schema's main file.
    public let url: URL

    /// Compiles the schema at `url`, whose `xs:include` and `xs:import` may load files under
    /// `root` only (nothing else, and never the network).
    ///
    /// - Parameters:
    ///   - url: The main `.xsd` file.
    ///   - root: The directory that holds the schema set; defaults to `url`'s directory.
    /// - Throws: ``XMLError/schemaUnusable(path:reason:)`` with libxml2's first message.
    /// Wraps `xmlSchemaNewParserCtxt` and `xmlSchemaParse`.
    public init(contentsOf url: URL, trustingFilesUnder root: URL? = nil) throws(XMLError) {
        LibXML2.prepare()
        LibXML2.trust(schemaRoot: root ?? url.deletingLastPathComponent())
        let sink = SchemaSink()
        guard let context = xmlSchemaNewParserCtxt(url.path) else {
            throw .schemaUnusable(path: url.path, reason: "libxml2 could not create a schema parser")
        }
        defer { xmlSchemaFreeParserCtxt(context) }
        xmlSchemaSetParserStructuredErrors(
            context,
            { userData, error in
                guard let userData, let error else { return }
                Unmanaged<SchemaSink>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
            },
            Unmanaged.passUnretained(sink).toOpaque())
        guard let schema = xmlSchemaParse(context) else {
            let reason = sink.messages.first.map { "line \($0.line): \($0.text)" } ?? "unknown error"
            throw .schemaUnusable(path: url.path, reason: reason)
        }
        self.pointer = schema
        self.url = url
    }

    deinit { xmlSchemaFree(pointer) }
}

extension XMLDocument {
    /// Validates the whole document against `schema` and throws every violation at once.
    ///
    /// `xsi:schemaLocation` hints in the document are ignored (remote ones were already refused when
    /// parsing): only `schema` applies.
    ///
    /// - Parameters:
    ///   - schema: A compiled schema.
    ///   - style: How to phrase the messages (type and constraint descriptions).
    /// - Throws: ``XMLError/schemaInvalid(_:)`` with one diagnostic per violation, in document order,
    ///   each `path:line:column` with the column of the offending start tag or attribute.
    /// Wraps `xmlSchemaNewValidCtxt` and `xmlSchemaValidateDoc`.
    public func validate(against schema: XMLSchema, style: SchemaMessageStyle = SchemaMessageStyle()) throws(XMLError) {
        LibXML2.prepare()
        guard let context = xmlSchemaNewValidCtxt(schema.pointer) else {
            throw .schemaUnusable(path: schema.url.path, reason: "libxml2 could not create a validation context")
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let sink = SchemaSink(document: self)
        xmlSchemaSetValidStructuredErrors(
            context,
            { userData, error in
                guard let userData, let error else { return }
                Unmanaged<SchemaSink>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
            },
            Unmanaged.passUnretained(sink).toOpaque())
        let status = xmlSchemaValidateDoc(context, pointer)
        if status == 0 && sink.messages.isEmpty { return }
        let rewritten = style.rewrite(sink.messages)
        var diagnostics = rewritten.map { message in
            XMLDiagnostic(path: path, line: message.line, column: message.column, message: message.text)
        }
        if diagnostics.isEmpty {
            diagnostics = [
                XMLDiagnostic(path: path, line: 0, column: nil, message: "the document does not conform to its schema")
            ]
        }
        throw .schemaInvalid(diagnostics)
    }
}

/// Collects schema parser or validator errors through the structured-error callback.
final class SchemaSink {
    var messages: [RawSchemaMessage] = []
    /// The document being validated, to locate columns; `nil` while compiling a schema.
    let document: XMLDocument?

    init(document: XMLDocument? = nil) { self.document = document }

    func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let text = error.message.map { String(cString: $0) }?.trimmingTrailingWhitespace() ?? "invalid"
        var line = Int(error.line)
        var identity = 0
        var subject: (element: String, attribute: String?)?
        var column: Int?
        if let raw = error.node {
            let node = raw.assumingMemoryBound(to: xmlNode.self)
            identity = Int(bitPattern: raw)
            var element = node
            var attribute: String?
            if node.pointee.type == XML_ATTRIBUTE_NODE, let parent = node.pointee.parent {
                let name = String(cString: node.pointee.name)
                attribute = node.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" + name } ?? name
                element = parent
            }
            if element.pointee.type == XML_ELEMENT_NODE {
                var name = String(cString: element.pointee.name)
                if let prefix = element.pointee.ns?.pointee.prefix { name = String(cString: prefix) + ":" + name }
                // libxml2 2.9 reports attribute errors on the element; the message names the attribute.
                let attributeName = attribute ?? capture(text, between: "', attribute '", and: "'")
                subject = (name, attributeName)
                if line <= 0 { line = Int(xmlGetLineNo(element)) }
                if let document {
                    let located = XMLElement(document: document, node: element)
                    if located.line == line {
                        column = attributeName.flatMap { located.column(ofAttribute: $0) } ?? located.column
                    }
                }
            }
        }
        // Identity-constraint errors are reported on the constraint's scope, not on the element the
        // message names: find that element's start tag on the reported line instead.
        if column == nil, line > 0, let document, let named = capture(text, between: "Element '", and: "'") {
            let name = localName(named)
            column = document.column(of: "<" + name, onLine: line) ?? document.column(ofPrefixed: name, onLine: line)
        }
        messages.append(
            RawSchemaMessage(text: text, line: line, column: column, nodeIdentity: identity, subject: subject))
    }
}
