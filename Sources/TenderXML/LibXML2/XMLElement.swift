internal import CLibXML2

/// An element of a parsed ``XMLDocument``. Keeps its document alive. Wraps `xmlNodePtr`.
public struct XMLElement {
    /// The document this element belongs to.
    public let document: XMLDocument
    let node: xmlNodePtr

    init(document: XMLDocument, node: xmlNodePtr) {
        self.document = document
        self.node = node
    }

    /// The local name, without prefix.
    public var localName: String { String(cString: node.pointee.name) }

    /// The namespace URI, or `nil` for an element in no namespace.
    public var namespaceURI: String? {
        node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
    }

    /// The name as written in the source: `prefix:local` or `local`.
    public var qualifiedName: String {
        if let prefix = node.pointee.ns?.pointee.prefix {
            return String(cString: prefix) + ":" + localName
        }
        return localName
    }

    /// The 1-based line of the element's start tag (libxml2 records where the start tag was read;
    /// `XML_PARSE_BIG_LINES` keeps lines above 65535 exact). Wraps `xmlGetLineNo`.
    public var line: Int { Int(xmlGetLineNo(node)) }

    /// The 1-based column (in Unicode scalars) of the start tag's `<`, found on ``line`` or the
    /// lines before it; `nil` when it cannot be found.
    public var column: Int? {
        document.column(of: "<" + qualifiedName, onLine: line, occurrence: occurrenceOnLine)
    }

    /// The 1-based column of attribute `name` in this element's start tag, when found.
    public func column(ofAttribute name: String) -> Int? {
        document.column(of: name, after: "<" + qualifiedName, onLine: line, occurrence: occurrenceOnLine)
    }

    /// How many elements with the same qualified name start earlier on the same line (0 for the
    /// first), so that columns are right in documents written on one line. Walks backwards in
    /// document order and stops at the first element on an earlier line.
    var occurrenceOnLine: Int {
        let name = qualifiedName
        let line = self.line
        var count = 0
        var current = Self.previousInDocumentOrder(node)
        while let candidate = current {
            if candidate.pointee.type == XML_ELEMENT_NODE {
                let element = XMLElement(document: document, node: candidate)
                if element.line < line { break }
                if element.line == line && element.qualifiedName == name { count += 1 }
            }
            current = Self.previousInDocumentOrder(candidate)
        }
        return count
    }

    /// The node before `node` in document order (start tags): the previous sibling's last
    /// descendant, else the parent.
    private static func previousInDocumentOrder(_ node: xmlNodePtr) -> xmlNodePtr? {
        if var previous = node.pointee.prev {
            while let last = previous.pointee.last { previous = last }
            return previous
        }
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return parent
    }

    /// The value of an attribute, or `nil` when absent.
    ///
    /// - Parameters:
    ///   - name: The attribute's local name.
    ///   - namespace: The attribute's namespace URI; `nil` for an unqualified attribute.
    /// Wraps `xmlGetNoNsProp` / `xmlGetNsProp`.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        let value: UnsafeMutablePointer<xmlChar>? =
            if let namespace { xmlGetNsProp(node, name, namespace) } else { xmlGetNoNsProp(node, name) }
        guard let value else { return nil }
        defer { clibxml2_free(value) }
        return String(cString: value)
    }

    /// The names of the element's unqualified attributes, in document order.
    public var attributeNames: [String] {
        var names: [String] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            if current.pointee.ns == nil { names.append(String(cString: current.pointee.name)) }
            attribute = current.pointee.next
        }
        return names
    }

    /// The element children, in document order (text, comments and processing instructions skipped).
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLElement(document: document, node: current))
            }
            child = current.pointee.next
        }
        return result
    }

    /// The element children with this local name and namespace, in document order.
    public func children(_ localName: String, namespace: String?) -> [XMLElement] {
        children.filter { $0.localName == localName && $0.namespaceURI == namespace }
    }

    /// The first element child with this local name and namespace.
    public func child(_ localName: String, namespace: String?) -> XMLElement? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                let element = XMLElement(document: document, node: current)
                if element.localName == localName && element.namespaceURI == namespace { return element }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// The text content: every text and CDATA descendant concatenated, in document order, with
    /// comments and processing instructions left out (so `100<!---->000.00` reads `100000.00`,
    /// the value the schema validator also sees). Not trimmed. Wraps `xmlNodeGetContent`.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { clibxml2_free(content) }
        return String(cString: content)
    }

    /// The text content with runs of XML whitespace collapsed to one space and trimmed.
    public var normalizedText: String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// Line starts of a document's source, to turn (line, tag) into a column for schema diagnostics,
/// which libxml2 2.9 reports without one.
struct SourceLines {
    private let lines: [Substring]

    init(_ bytes: [UInt8]) {
        let text: String
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            text = Self.decodeUTF16(bytes.dropFirst(2), bigEndian: false)
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            text = Self.decodeUTF16(bytes.dropFirst(2), bigEndian: true)
        } else {
            text = String(decoding: bytes, as: UTF8.self)
        }
        // XML end-of-line handling: CRLF and CR count as one line break, as libxml2 counts them.
        var result: [Substring] = []
        var start = text.startIndex
        var index = start
        let scalars = text.unicodeScalars
        while index < text.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                result.append(text[start..<index])
                var next = scalars.index(after: index)
                if scalar == "\r", next < text.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        result.append(text[start...])
        lines = result
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? (first << 8 | second) : (second << 8 | first))
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The column of the `occurrence`-th (0-based) `tag` (followed by whitespace, `>` or `/`) on
    /// `line`; when the line has fewer, the last one on up to 20 lines before it (a start tag spread
    /// over several lines is recorded at its end).
    func column(of tag: String, onLine line: Int, occurrence: Int = 0) -> Int? {
        tagStart(tag, onLine: line, occurrence: occurrence).map { $0.column }
    }

    func column(of tag: String, onOrBefore line: Int) -> Int? {
        tagStart(tag, onLine: line, occurrence: 0).map { $0.column }
    }

    private func tagStart(_ tag: String, onLine line: Int, occurrence: Int) -> (line: Int, column: Int)? {
        let boundary = tag.hasPrefix("<") && tag != "<!DOCTYPE"
        let matches = Self.find(tag, in: self.line(line), requireBoundary: boundary)
        if occurrence < matches.count { return (line, matches[occurrence]) }
        if let last = matches.last { return (line, last) }
        var current = line - 1
        while current >= 1 && current > line - 20 {
            if let last = Self.find(tag, in: self.line(current), requireBoundary: boundary).last {
                return (current, last)
            }
            current -= 1
        }
        return nil
    }

    /// The column of the first start tag `<prefix:name` (any prefix) on `line`.
    func column(ofPrefixed name: String, onLine line: Int) -> Int? {
        let scalars = Array(self.line(line).unicodeScalars)
        let needle = Array((":" + name).unicodeScalars)
        var index = 0
        while index + needle.count <= scalars.count {
            if scalars[index] == needle[0] && scalars[index..<index + needle.count].elementsEqual(needle) {
                var start = index
                while start > 0, scalars[start - 1] != "<", scalars[start - 1] != " " { start -= 1 }
                let end = index + needle.count
                if start > 0, scalars[start - 1] == "<",
                    end == scalars.count || [" ", "\t", ">", "/"].contains(scalars[end])
                {
                    return start
                }
            }
            index += 1
        }
        return nil
    }

    /// The column of attribute `name` (followed by optional spaces and `=`) in the start tag `tag`
    /// (its `occurrence`-th on `line`), searching from the tag onwards.
    func column(of attribute: String, after tag: String, onLine line: Int, occurrence: Int = 0) -> Int? {
        guard let start = tagStart(tag, onLine: line, occurrence: occurrence) else { return nil }
        let needle = Array(attribute.unicodeScalars)
        for number in start.line...line {
            let scalars = Array(self.line(number).unicodeScalars)
            var index = number == start.line ? start.column - 1 : 0
            while index + needle.count <= scalars.count {
                if scalars[index] == ">" && number == line { return nil }
                if needle.isEmpty
                    || (scalars[index] == needle[0] && scalars[index..<index + needle.count].elementsEqual(needle))
                {
                    let before = index > 0 ? scalars[index - 1] : " "
                    var after = index + needle.count
                    while after < scalars.count, scalars[after] == " " { after += 1 }
                    if before == " " || before == "\t" || before == ":", after < scalars.count, scalars[after] == "=" {
                        // Point at the prefix when the attribute is qualified (xsi:schemaLocation).
                        var first = index
                        while first > 0, scalars[first - 1] != " ", scalars[first - 1] != "\t" { first -= 1 }
                        return first + 1
                    }
                }
                index += 1
            }
        }
        return nil
    }

    private func line(_ number: Int) -> Substring {
        guard number >= 1, number <= lines.count else { return "" }
        return lines[number - 1]
    }

    /// Every 1-based column where `tag` starts on the line.
    private static func find(_ tag: String, in text: Substring, requireBoundary: Bool) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(tag.unicodeScalars)
        guard needle.count <= scalars.count else { return [] }
        var columns: [Int] = []
        var index = 0
        // Compared in place (no array per position): lines of answers run to kilobytes, and every
        // element read into the model is located.
        while index + needle.count <= scalars.count {
            if needle.isEmpty
                || (scalars[index] == needle[0] && scalars[index..<index + needle.count].elementsEqual(needle))
            {
                let end = index + needle.count
                if !requireBoundary || end == scalars.count || [" ", "\t", ">", "/"].contains(scalars[end]) {
                    columns.append(index + 1)
                }
            }
            index += 1
        }
        return columns
    }
}
