/// The encoding a document's first bytes announce (a byte-order mark, or the UTF-16 pattern of
/// `<?` without one), checked against the `encoding` its XML declaration states.
///
/// libxml2 2.9 accepts some contradictions silently: a UTF-16 byte-order mark with
/// `encoding="UTF-8"` is read as UTF-16 (the label is ignored), and a UTF-8 byte-order mark with
/// `encoding="ISO-8859-1"` is read as Latin-1, so `é` becomes `Ã©` and the document's content, and
/// its canonical hash, silently change. Others it refuses with a misleading message ("Blank needed
/// here"). TenderTrail refuses every such contradiction before parsing, with one clear message.
///
/// Source: XML 1.0 (Fifth Edition), §4.3.3 "Character Encoding in Entities" (it is a fatal error
/// for an entity to be in an encoding other than the one its declaration names) and Appendix F.1
/// (detection without external encoding information).
enum EncodingSignature: Equatable {
    /// `EF BB BF`.
    case utf8ByteOrderMark
    /// `FF FE` (not followed by `00 00`, which would be UTF-32).
    case utf16LittleEndianByteOrderMark
    /// `FE FF`.
    case utf16BigEndianByteOrderMark
    /// `3C 00 3F 00`: `<?` in UTF-16LE without a byte-order mark.
    case utf16LittleEndian
    /// `00 3C 00 3F`: `<?` in UTF-16BE without a byte-order mark.
    case utf16BigEndian

    /// The signature at the start of `bytes`, or `nil` for none (UTF-8 or an ASCII-compatible
    /// encoding, which the declaration alone determines).
    init?(_ bytes: [UInt8]) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self = .utf8ByteOrderMark
        } else if bytes.starts(with: [0xFF, 0xFE]), !bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            self = .utf16LittleEndianByteOrderMark
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            self = .utf16BigEndianByteOrderMark
        } else if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            self = .utf16LittleEndian
        } else if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            self = .utf16BigEndian
        } else {
            return nil
        }
    }

    /// How the signature is named in messages.
    var description: String {
        switch self {
        case .utf8ByteOrderMark: "its byte-order mark says UTF-8"
        case .utf16LittleEndianByteOrderMark: "its byte-order mark says UTF-16 (little-endian)"
        case .utf16BigEndianByteOrderMark: "its byte-order mark says UTF-16 (big-endian)"
        case .utf16LittleEndian: "its bytes are UTF-16 (little-endian)"
        case .utf16BigEndian: "its bytes are UTF-16 (big-endian)"
        }
    }

    /// Whether an `encoding` label (case-insensitive, as XML 1.0 §4.3.3 says) names this encoding.
    func accepts(_ label: String) -> Bool {
        switch label.uppercased() {
        case "UTF-8", "UTF8": self == .utf8ByteOrderMark
        case "UTF-16", "UTF16": self != .utf8ByteOrderMark
        case "UTF-16LE": self == .utf16LittleEndianByteOrderMark || self == .utf16LittleEndian
        case "UTF-16BE": self == .utf16BigEndianByteOrderMark || self == .utf16BigEndian
        default: false
        }
    }

    /// The `encoding` label of the XML declaration that follows the signature, with its 1-based
    /// column (in characters after any byte-order mark); `nil` when there is no declaration or it
    /// names no encoding.
    func declaredEncoding(in bytes: [UInt8]) -> (label: String, column: Int)? {
        // The declaration is ASCII in the signature's encoding; read at most its first 256 characters.
        var characters: [Character] = []
        var index: Int
        let width: Int
        switch self {
        case .utf8ByteOrderMark: (index, width) = (3, 1)
        case .utf16LittleEndianByteOrderMark, .utf16BigEndianByteOrderMark: (index, width) = (2, 2)
        case .utf16LittleEndian, .utf16BigEndian: (index, width) = (0, 2)
        }
        let bigEndian = self == .utf16BigEndianByteOrderMark || self == .utf16BigEndian
        while index + width <= bytes.count, characters.count < 256 {
            let unit: UInt16 =
                width == 1
                ? UInt16(bytes[index])
                : bigEndian
                    ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                    : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
            guard unit < 0x80, let scalar = Unicode.Scalar(unit) else { break }
            characters.append(Character(scalar))
            if characters.count >= 2, characters.suffix(2) == ["?", ">"] { break }
            index += width
        }
        let text = String(characters)
        guard text.hasPrefix("<?xml"), let name = text.firstRange(of: "encoding") else { return nil }
        var rest = text[name.upperBound...].drop(while: \.isWhitespace)
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: \.isWhitespace)
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let label = rest.dropFirst().prefix(while: { $0 != quote })
        return (String(label), text.distance(from: text.startIndex, to: name.lowerBound) + 1)
    }

    /// The message for a document whose declaration contradicts its first bytes, or `nil` when
    /// they agree (or there is nothing to compare).
    static func contradiction(in bytes: [UInt8]) -> (message: String, column: Int)? {
        guard let signature = EncodingSignature(bytes), let declared = signature.declaredEncoding(in: bytes),
            !signature.accepts(declared.label)
        else { return nil }
        return (
            "the document's encoding is inconsistent: \(signature.description) but its XML declaration says"
                + " encoding=\"\(declared.label)\"; save the file in one encoding and declare that one",
            declared.column
        )
    }
}
