internal import CTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many terminal columns text takes, so that tables line up whatever the tenderers' names:
/// Latin with combining accents (`Société`), CJK (`東京電力`, two columns a character), emoji.
///
/// Each extended grapheme cluster (Unicode Standard Annex #29, Swift's `Character`) takes the
/// columns of its first scalar as the C library's `wcwidth` gives them (POSIX.1-2008; glibc follows
/// Unicode's East Asian Width property, UAX #11: wide and fullwidth characters take 2 columns),
/// or 2 when the cluster asks for emoji presentation (U+FE0F, or a scalar with
/// `Emoji_Presentation`). Control characters and zero-width clusters take 0. `wcwidth` is asked
/// under a UTF-8 locale of its own (`newlocale`, and `uselocale` on the calling thread only), never the process's, so
/// the result does not depend on `LANG`. Where the C library has no UTF-8 locale, every printable
/// cluster counts as one column.
public enum DisplayWidth {
    /// The number of columns `text` takes in a terminal (≥ 0).
    public static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` followed by spaces up to `width` columns (unchanged when it is wider).
    public static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) || first.properties.isEmojiPresentation { return 2 }
        guard let columns = utf8Locale.columns(of: first) else {
            return first.properties.generalCategory == .control ? 0 : 1
        }
        return max(0, columns)
    }

    /// A UTF-8 `LC_CTYPE` locale for `wcwidth`, made once; `nil` where the C library has none.
    private static let utf8Locale = CTypeLocale(candidates: ["C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"])
}

/// A C `LC_CTYPE` locale, used per thread with `uselocale` so that the process's is never changed.
private final class CTypeLocale: @unchecked Sendable {
    // A locale_t is immutable once made and may be used by any thread (POSIX.1-2008 `uselocale`),
    // and this one is never freed.
    private let locale: locale_t?

    init(candidates: [String]) {
        var made: locale_t?
        for name in candidates {
            if let locale = newlocale(Int32(1 << LC_CTYPE), name, nil) {
                made = locale
                break
            }
        }
        locale = made
    }

    /// `wcwidth` of `scalar` under this locale; `nil` when there is no UTF-8 locale.
    func columns(of scalar: Unicode.Scalar) -> Int? {
        guard let locale else { return nil }
        return Int(tendertrail_wcwidth(scalar.value, locale))
    }
}
