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
