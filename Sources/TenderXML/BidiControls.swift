/// The explicit directional formatting characters of the Unicode Bidirectional Algorithm (UAX #9
/// §2.1–2.2): embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
///
/// Text from documents (a tenderer's name, a reason) is shown to people beside figures. An
/// override in a name reverses the text after it on screen, so that `1191/1436 (≈ 0.8294)` reads
/// as `6341/1911 (≈ 4928.0)` while the bytes stay right: Unicode Technical Report #36 (Unicode
/// Security Considerations) §2.3 and CVE-2021-42574 describe the same attack on source code. Output
/// for people therefore shows each such character as `[U+202E]`, visibly, instead of obeying it.
/// Right-to-left scripts need none of them: Arabic or Hebrew names still display right to left.
public enum BidiControls {
    /// Whether `scalar` is an explicit directional embedding, override or isolate.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `text` with every explicit directional formatting character written as `[U+XXXX]`.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "[U+" + String(scalar.value, radix: 16, uppercase: true) + "]"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
