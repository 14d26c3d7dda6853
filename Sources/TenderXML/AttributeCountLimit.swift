import Foundation

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
            let units = units(bytes, bigEndian: false)
            return scan(units) { from in units[from...].firstIndex(of: 0x3C) ?? units.count }
        case .utf16BigEndianByteOrderMark?, .utf16BigEndian?:
            let units = units(bytes, bigEndian: true)
            return scan(units) { from in units[from...].firstIndex(of: 0x3C) ?? units.count }
        default:
            return bytes.withUnsafeBufferPointer { buffer in
                // Text between tags (most of a bid) is passed over by memchr.
                scan(buffer) { from in
                    guard let base = buffer.baseAddress, from < buffer.count,
                        let found = memchr(base + from, 0x3C, buffer.count - from)
                    else { return buffer.count }
                    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
            }
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

    /// The scan over code units: bytes (read in place) or UTF-16 units. `nextLess(i)` is the index
    /// of the first `<` at or after `i` (the end when there is none). Lines are counted only for
    /// a tag found over the limit.
    private static func scan<C: Collection>(_ units: C, nextLess: (Int) -> Int) -> Int?
    where C.Element: FixedWidthInteger, C.Index == Int {
        let (greater, equals, bang, question, slash, dash, bracket, newline, quote, apostrophe):
            (
                C.Element, C.Element, C.Element, C.Element, C.Element, C.Element, C.Element, C.Element, C.Element,
                C.Element
            ) = (62, 61, 33, 63, 47, 45, 91, 10, 34, 39)
        var index = units.startIndex
        let end = units.endIndex
        /// Moves past the next occurrence of `terminator`.
        func skip(past terminator: [C.Element]) {
            while index < end {
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
            index = nextLess(index)
            guard index + 1 < end else { break }
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
                let tagStart = index
                var attributes = 0
                index += 1
                while index < end, units[index] != greater {
                    let current = units[index]
                    if current == quote || current == apostrophe {
                        index += 1
                        while index < end, units[index] != current { index += 1 }
                    } else if current == equals {
                        attributes += 1
                        if attributes > maximum {
                            return 1 + units[..<tagStart].reduce(0) { $0 + ($1 == newline ? 1 : 0) }
                        }
                    }
                    index += 1
                }
                index += 1
            }
        }
        return nil
    }
}
