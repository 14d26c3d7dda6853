/// A typed identifier: `Identifier<Bid>` and `Identifier<Lot>` cannot be mixed up.
///
/// The raw value is the identifier as written in the documents (e.g. `LOT-0001`, `BID-003`).
/// Identifiers order by their raw value's Unicode scalars, so sorting never depends on locale.
public struct Identifier<Subject>: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier as written.
    public let rawValue: String

    /// Wraps a raw identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Wraps a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The value as text, for people and diagnostics.
    public var description: String { rawValue }

    /// What a valid identifier looks like, for messages: the rule of the `Identifier` type in the
    /// shipped schemas (`common.xsd`, pattern `[A-Za-z0-9][A-Za-z0-9._\-]{0,99}`).
    public static var rule: String {
        "a letter or digit (A-Z, a-z, 0-9), then up to 99 letters, digits, '.', '-' or '_'"
            + " (no spaces or other characters)"
    }

    /// Whether `rawValue` is an identifier the schemas accept, exactly as written: an ASCII letter
    /// or digit, then up to 99 ASCII letters, digits, `.`, `-` or `_` (`common.xsd`, `Identifier`).
    /// Stricter than the schema's `xs:token` base, which would first collapse surrounding
    /// whitespace: a raw value with any whitespace is refused.
    public static func isValid(_ rawValue: String) -> Bool {
        let scalars = Array(rawValue.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 100, isAlphanumeric(first) else { return false }
        return scalars.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// Whether `lhs` orders before `rhs` (see the type for the order).
    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        lhs.rawValue.unicodeScalars.lexicographicallyPrecedes(rhs.rawValue.unicodeScalars)
    }
}

/// Identifies a lot or a group of lots (`LOT-0001`, `GLO-0001`).
public typealias LotID = Identifier<Lot>
/// Identifies an award criterion within a lot (`AC-1`).
public typealias CriterionID = Identifier<Criterion>
/// Identifies a bid (`BID-003`).
public typealias BidID = Identifier<Bid>
/// Identifies a tenderer (an economic operator submitting a bid).
public typealias TendererID = Identifier<Tenderer>
/// Identifies a member of the evaluation panel (`EV-2`).
public typealias EvaluatorID = Identifier<PanelMember>
/// Identifies a pass/fail gate (`G-INS`).
public typealias GateID = Identifier<Gate>
/// Identifies a scoring scale (`QUALITY-0-5`).
public typealias ScaleID = Identifier<ScoringScale>
