import Foundation
import TenderModel

/// An exact decimal from its text (never through `Double`).
func dec(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        preconditionFailure("not a decimal literal: \(text)")
    }
    return value
}

/// The rational `numerator ÷ denominator`.
func q(_ numerator: Int, _ denominator: Int = 1) -> Rational { Rational(numerator) / Rational(denominator) }

/// A rational read from a decimal literal, for readable tables ("2.345").
func r(_ text: String) -> Rational {
    guard let value = DecimalText.parse(text) else { preconditionFailure("not a decimal literal: \(text)") }
    return value
}

/// The numerator and denominator as text (BigInt is not imported by this target).
func parts(_ value: Rational) -> String { "\(value.numerator)/\(value.denominator)" }
