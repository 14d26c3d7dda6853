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
        let text = self.text
        // Text already normalised (no tab or line break, no space at either end or beside another)
        // is returned as it is.
        var previousIsSpace = true
        var normalised = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): normalised = false
            case UInt8(ascii: " "):
                if previousIsSpace { normalised = false }
                previousIsSpace = true
            default: previousIsSpace = false
            }
            if !normalised { break }
        }
        if normalised && (!previousIsSpace || text.isEmpty) { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(
            separator: " ")
    }
}

/// Line starts of a document's source, to turn (line, tag) into a column for schema diagnostics,
/// which libxml2 2.9 reports without one.
///
/// Works on the source's UTF-8 bytes (a UTF-16 source is converted; an invalid UTF-8 sequence is
/// replaced by U+FFFD, as `String(decoding:as:)` does) and counts columns in Unicode scalars:
/// every element read into the model is located, so this runs once per element of every file.
struct SourceLines {
    /// The source as UTF-8.
    private let text: [UInt8]
    /// The byte range of each line (0-based), without its line break.
    private let lines: [Range<Int>]

    init(_ bytes: [UInt8]) {
        let text: [UInt8]
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            text = Array(Self.decodeUTF16(bytes.dropFirst(2), bigEndian: false).utf8)
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            text = Array(Self.decodeUTF16(bytes.dropFirst(2), bigEndian: true).utf8)
        } else if Self.isASCII(bytes) {
            text = bytes  // what decoding and encoding again would give, without either
        } else {
            text = Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
        // XML end-of-line handling: CRLF and CR count as one line break, as libxml2 counts them.
        var lines: [Range<Int>] = []
        text.withUnsafeBufferPointer { text in
            var start = 0
            var index = 0
            while index < text.count {
                let byte = text[index]
                if byte == 0x0A || byte == 0x0D {
                    lines.append(start..<index)
                    index += byte == 0x0D && index + 1 < text.count && text[index + 1] == 0x0A ? 2 : 1
                    start = index
                } else {
                    index += 1
                }
            }
            lines.append(start..<text.count)
        }
        self.text = text
        self.lines = lines
    }

    /// Whether every byte is below 0x80, eight at a time.
    private static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
            while index < raw.count {
                if raw[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
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
        tagStart(tag, onLine: line, occurrence: occurrence).map { column(atByte: $0.byte, onLine: $0.line) }
    }

    func column(of tag: String, onOrBefore line: Int) -> Int? {
        column(of: tag, onLine: line, occurrence: 0)
    }

    /// Where the `occurrence`-th `tag` starts: its line and its byte offset in the source.
    private func tagStart(_ tag: String, onLine line: Int, occurrence: Int) -> (line: Int, byte: Int)? {
        let boundary = tag.hasPrefix("<") && tag != "<!DOCTYPE"
        let needle = Array(tag.utf8)
        let matches = find(needle, onLine: line, requireBoundary: boundary)
        if occurrence < matches.count { return (line, matches[occurrence]) }
        if let last = matches.last { return (line, last) }
        var current = line - 1
        while current >= 1 && current > line - 20 {
            if let last = find(needle, onLine: current, requireBoundary: boundary).last { return (current, last) }
            current -= 1
        }
        return nil
    }

    /// The column of the first start tag `<prefix:name` (any prefix) on `line`.
    func column(ofPrefixed name: String, onLine line: Int) -> Int? {
        let range = self.range(ofLine: line)
        let needle = Array((":" + name).utf8)
        var index = range.lowerBound
        while index + needle.count <= range.upperBound {
            if matches(needle, at: index) {
                var start = index
                while start > range.lowerBound, text[start - 1] != UInt8(ascii: "<"),
                    text[start - 1] != UInt8(ascii: " ")
                {
                    start -= 1
                }
                let end = index + needle.count
                if start > range.lowerBound, text[start - 1] == UInt8(ascii: "<"),
                    end == range.upperBound || Self.endsTag(text[end])
                {
                    // The column of the `<`, as a 1-based scalar count: `start - 1` is the `<`.
                    return column(atByte: start - 1, onLine: line)
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
        let needle = Array(attribute.utf8)
        let space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        for number in start.line...line {
            let range = self.range(ofLine: number)
            var index = number == start.line ? start.byte : range.lowerBound
            while index + needle.count <= range.upperBound {
                if text[index] == UInt8(ascii: ">") && number == line { return nil }
                if isScalarStart(index), needle.isEmpty || matches(needle, at: index) {
                    let before = index > range.lowerBound ? text[index - 1] : space
                    var after = index + needle.count
                    while after < range.upperBound, text[after] == space { after += 1 }
                    if before == space || before == tab || before == UInt8(ascii: ":"), after < range.upperBound,
                        text[after] == UInt8(ascii: "=")
                    {
                        // Point at the prefix when the attribute is qualified (xsi:schemaLocation).
                        var first = index
                        while first > range.lowerBound, text[first - 1] != space, text[first - 1] != tab { first -= 1 }
                        return column(atByte: first, onLine: number)
                    }
                }
                index += 1
            }
        }
        return nil
    }

    /// The bytes of line `number` (1-based); empty beyond the source.
    private func range(ofLine number: Int) -> Range<Int> {
        guard number >= 1, number <= lines.count else { return 0..<0 }
        return lines[number - 1]
    }

    /// The 1-based column, in Unicode scalars, of the scalar starting at `byte` on line `number`.
    private func column(atByte byte: Int, onLine number: Int) -> Int {
        var column = 1
        for index in range(ofLine: number).lowerBound..<byte where isScalarStart(index) { column += 1 }
        return column
    }

    /// Whether `index` starts a scalar (is not a UTF-8 continuation byte).
    private func isScalarStart(_ index: Int) -> Bool { text[index] & 0xC0 != 0x80 }

    /// Whether `needle` is at `index`.
    private func matches(_ needle: [UInt8], at index: Int) -> Bool {
        guard index + needle.count <= text.count else { return false }
        for offset in needle.indices where text[index + offset] != needle[offset] { return false }
        return true
    }

    /// Whether a tag name ends before this byte: white space, `>` or `/`.
    private static func endsTag(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "/")
    }

    /// Every byte offset (in the source) where `needle` starts a scalar on line `number`, followed
    /// (when `requireBoundary`) by the end of the line or a byte that ends a tag name.
    private func find(_ needle: [UInt8], onLine number: Int, requireBoundary: Bool) -> [Int] {
        let range = self.range(ofLine: number)
        guard needle.count <= range.count else { return [] }
        var found: [Int] = []
        var index = range.lowerBound
        while index + needle.count <= range.upperBound {
            if isScalarStart(index), needle.isEmpty || matches(needle, at: index) {
                let end = index + needle.count
                if !requireBoundary || end == range.upperBound || Self.endsTag(text[end]) { found.append(index) }
            }
            index += 1
        }
        return found
    }
}
