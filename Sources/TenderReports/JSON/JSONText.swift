import Foundation

/// TenderTrail's JSON output: pretty-printed, keys sorted, slashes unescaped, so the same value
/// always gives the same text. Exact numbers (points, money) are JSON strings in their exact form
/// (`"84.4"`, `"640/19"`), never JSON numbers, which most readers turn into binary floating point.
public enum JSONText {
    /// `value` encoded; `{}` if it cannot be (only a value with a non-conforming `Encodable`
    /// implementation could fail, and none here does).
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
