public import Foundation

/// An ISO 4217 alphabetic currency code (`EUR`, `GBP`).
public struct CurrencyCode: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The three capital letters.
    public let code: String

    /// Wraps a code; the XML schema has already checked it is three capital letters.
    public init(_ code: String) { self.code = code }
    /// Wraps a literal code.
    public init(stringLiteral value: String) { self.code = value }

    /// The value as text, for people and diagnostics.
    public var description: String { code }
    /// Whether `lhs` orders before `rhs` (see the type for the order).
    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.code < rhs.code }
}

/// An amount of money in a currency, exactly as written in the bid or plan.
///
/// The amount is a `Decimal` read from the document's text (never through `Double`); ``text`` keeps
/// the lexical form (`95000.00`) so that outputs can repeat it exactly.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount, excluding VAT unless the tender says otherwise.
    public let amount: Decimal
    /// The currency.
    public let currency: CurrencyCode
    /// The amount as written (`95000.00`).
    public let text: String

    /// Creates money from its written form. Returns `nil` unless `text` is a strict decimal literal
    /// (`-?[0-9]+(\.[0-9]+)?`) with at most 38 significant digits.
    public init?(text: String, currency: CurrencyCode) {
        guard let amount = DecimalText.decimal(text) else { return nil }
        self.amount = amount
        self.currency = currency
        self.text = text
    }

    /// The exact amount.
    public var exact: Rational { Rational(amount) }

    /// `95000.00 EUR`.
    public var description: String { "\(text) \(currency)" }

    /// Whether the two values are equal (see the type for what is compared).
    public static func == (lhs: Money, rhs: Money) -> Bool { lhs.amount == rhs.amount && lhs.currency == rhs.currency }
    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(amount)
        hasher.combine(currency)
    }
}
