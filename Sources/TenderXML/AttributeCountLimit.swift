/// A bound on the number of attributes in one start tag, checked before libxml2 parses.
///
/// libxml2 2.9 checks each new attribute of a start tag against all earlier ones (duplicate
/// detection in `xmlParseStartTag2`) and appends it by walking the element's attribute list
/// (`xmlSAX2AttributeNs`), so one start tag with *n* attributes costs time in *n*²: a 1 MB bid with
/// 100 000 empty attributes took about two minutes to parse here, and a 10 MB one would take hours,
/// in every later `evaluate` or `verify` too. (libxml2 2.11 replaced the check with a hash table.)
/// None of TenderTrail's formats, eForms or ESPD puts more than a few attributes on an element, so a
/// document with more than ``maximum`` in one start tag is refused before it is parsed.
enum AttributeCountLimit {
    /// The most attributes (namespace declarations included) one start tag may have.
    static let maximum = 1000

    /// The 1-based line of the first start tag with more than ``maximum`` attributes, or `nil`.
    ///
    /// A linear scan of the markup: comments, CDATA sections, processing instructions, the DOCTYPE
    /// and end tags are skipped; in a start tag every `=` outside a quoted value counts as one
    /// attribute. UTF-16 (with or without a byte-order mark) is read by code unit; anything else as
    /// bytes, which finds every ASCII delimiter in UTF-8 and the other ASCII-compatible encodings.
    static func firstViolation(in bytes: [UInt8]) -> Int? {
        switch EncodingSignature(bytes) {
        case .utf16LittleEndianByteOrderMark?, .utf16LittleEndian?:
            return scan(units(bytes, bigEndian: false))
        case .utf16BigEndianByteOrderMark?, .utf16BigEndian?:
            return scan(units(bytes, bigEndian: true))
        default:
            return bytes.withUnsafeBufferPointer { scan($0) }
        }
    }

    private static func units(_ bytes: [UInt8], bigEndian: Bool) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return units
    }

    /// The scan over code units: bytes (read in place) or UTF-16 units.
    private static func scan<C: Collection>(_ units: C) -> Int?
    where C.Element: FixedWidthInteger, C.Index == Int {
        let (less, greater, equals, bang, question, slash, dash, bracket, newline, quote, apostrophe):
            (
                C.Element, C.Element, C.Element, C.Element, C.Element, C.Element, C.Element, C.Element, C.Element,
                C.Element, C.Element
            ) = (60, 62, 61, 33, 63, 47, 45, 91, 10, 34, 39)
        var line = 1
        var index = units.startIndex
        let end = units.endIndex
        /// Moves past the next occurrence of `terminator`, counting lines.
        func skip(past terminator: [C.Element]) {
            while index < end {
                if units[index] == newline { line += 1 }
                if units[index] == terminator[0], index + terminator.count <= end,
                    zip(units[index..<index + terminator.count], terminator).allSatisfy({ $0 == $1 })
                {
                    index += terminator.count
                    return
                }
                index += 1
            }
        }
        while index < end {
            let unit = units[index]
            if unit == newline { line += 1 }
            guard unit == less, index + 1 < end else {
                index += 1
                continue
            }
            let next = units[index + 1]
            if next == bang {
                if index + 3 < end, units[index + 2] == dash, units[index + 3] == dash {
                    index += 4
                    skip(past: [dash, dash, greater])
                } else if index + 2 < end, units[index + 2] == bracket {
                    index += 3
                    skip(past: [93, 93, greater])  // ]]>
                } else {
                    index += 2
                    skip(past: [greater])
                }
            } else if next == question {
                index += 2
                skip(past: [question, greater])
            } else if next == slash {
                index += 2
                skip(past: [greater])
            } else {
                let tagLine = line
                var attributes = 0
                index += 1
                while index < end, units[index] != greater {
                    let current = units[index]
                    if current == newline { line += 1 }
                    if current == quote || current == apostrophe {
                        index += 1
                        while index < end, units[index] != current {
                            if units[index] == newline { line += 1 }
                            index += 1
                        }
                    } else if current == equals {
                        attributes += 1
                        if attributes > maximum { return tagLine }
                    }
                    index += 1
                }
                index += 1
            }
        }
        return nil
    }
}
