public import BigInt
public import Foundation

/// An exact rational number: the arithmetic behind every computed point.
///
/// Scores and money are read as `Decimal`, but points are quotients (a lowest-price ratio such as
/// `40 × 80000 ÷ 95000` is 640/19, which no decimal holds), and a threshold or a tie decided in
/// the 38th digit of a rounded quotient would not be a decision the tender declared. So
/// computation is exact, and rounding happens only in ``rounded(places:mode:)``, called where the
/// plan declares it.
///
/// Always in lowest terms with a positive denominator, so `==` is value equality.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value in lowest terms with a positive denominator, in machine integers whenever both
    /// parts fit in them (nearly every value of an evaluation: a score, a weighting, a price ratio)
    /// and in `BigInt` otherwise. The form is decided by the value alone, so the synthesised `==`
    /// and hash are value equality.
    private enum Form: Hashable, Sendable {
        /// Both parts within ±(2⁶³ − 1) (`Int64.min` is never a part: its magnitude does not fit).
        case small(numerator: Int64, denominator: Int64)
        /// A part beyond ±(2⁶³ − 1).
        indirect case large(numerator: BigInt, denominator: BigInt)
    }

    private let form: Form

    /// The numerator; carries the sign.
    public var numerator: BigInt {
        switch form {
        case let .small(numerator, _): BigInt(numerator)
        case let .large(numerator, _): numerator
        }
    }

    /// The denominator; always ≥ 1.
    public var denominator: BigInt {
        switch form {
        case let .small(_, denominator): BigInt(denominator)
        case let .large(_, denominator): denominator
        }
    }

    /// Zero.
    public static let zero = Rational(form: .small(numerator: 0, denominator: 1))
    /// One.
    public static let one = Rational(form: .small(numerator: 1, denominator: 1))

    private init(form: Form) { self.form = form }

    /// Parts already in lowest terms with a positive denominator, in the small form when they fit.
    private init(normalizedNumerator numerator: BigInt, denominator: BigInt) {
        if let top = Self.machine(numerator), let bottom = Self.machine(denominator) {
            form = .small(numerator: top, denominator: bottom)
        } else {
            form = .large(numerator: numerator, denominator: denominator)
        }
    }

    /// `top ÷ bottom` in lowest terms, by Euclid on machine integers. - Precondition: `bottom != 0`,
    /// and neither part is `Int64.min`.
    private init(reducing top: Int64, _ bottom: Int64) {
        let divisor = Self.greatestCommonDivisor(top, bottom)
        let sign: Int64 = bottom < 0 ? -1 : 1
        form = .small(numerator: sign * (top / divisor), denominator: sign * (bottom / divisor))
    }

    /// `value` as a part of the small form: within ±(2⁶³ − 1).
    private static func machine(_ value: BigInt) -> Int64? {
        guard let part = Int64(exactly: value), part != .min else { return nil }
        return part
    }

    /// `numerator ÷ denominator` in lowest terms.
    ///
    /// - Precondition: `denominator != 0`. Callers check divisors before dividing (a zero price is an
    ///   input error reported with its location, never a trap).
    public init(_ numerator: BigInt, _ denominator: BigInt) {
        precondition(denominator != 0, "Rational with a zero denominator")
        if let top = Self.machine(numerator), let bottom = Self.machine(denominator) {
            self.init(reducing: top, bottom)
            return
        }
        let divisor = numerator.greatestCommonDivisor(with: denominator)
        var top = numerator / divisor
        var bottom = denominator / divisor
        if bottom < 0 {
            top = -top
            bottom = -bottom
        }
        self.init(normalizedNumerator: top, denominator: bottom)
    }

    /// An integer.
    public init(_ value: Int) {
        if value == .min {
            self.init(normalizedNumerator: BigInt(value), denominator: 1)
        } else {
            self.init(form: .small(numerator: Int64(value), denominator: 1))
        }
    }

    /// The exact value of a `Decimal` (significand × 10^exponent). NaN is not a number here and traps.
    public init(_ value: Decimal) {
        precondition(!value.isNaN, "Rational from a NaN Decimal")
        if let small = Self.small(value) {
            self = small
            return
        }
        // `significand` is a non-negative integral Decimal; its description is its digits.
        let digits = BigInt("\(value.significand)") ?? 0
        let signed = value.sign == .minus ? -digits : digits
        let exponent = value.exponent
        if exponent >= 0 {
            self.init(signed * BigInt(10).power(Int(exponent)), 1)
        } else {
            self.init(signed, BigInt(10).power(Int(-exponent)))
        }
    }

    /// The exact value of a `Decimal` whose significand fits in 63 bits and whose exponent is
    /// within ±18 (every score, weight and price in practice), without going through its text;
    /// `nil` for any other, which the general path converts through the significand's digits. The
    /// significand is taken as an `Int64` only when converting it back gives the same `Decimal`;
    /// the fraction is reduced by ``init(_:_:)`` (in machine integers, as its parts are small).
    private static func small(_ value: Decimal) -> Rational? {
        let exponent = value.exponent
        guard exponent >= -18, exponent <= 18 else { return nil }
        let significand = value.significand
        let magnitude = NSDecimalNumber(decimal: significand).int64Value
        guard magnitude >= 0, Decimal(magnitude) == significand else { return nil }
        guard let scale = powerOfTen(abs(exponent)) else { return nil }
        let signed = value.sign == .minus ? -magnitude : magnitude
        if exponent >= 0 {
            let (product, overflow) = signed.multipliedReportingOverflow(by: scale)
            return overflow || product == .min ? nil : Rational(form: .small(numerator: product, denominator: 1))
        }
        return Rational(reducing: signed, scale)
    }

    /// Parses a decimal literal (`-12.50`) or a fraction (`640/19`), the forms ``exactText`` writes.
    /// Returns `nil` for anything else (no exponent, no spaces, no thousands separators).
    public init?(exactText text: String) {
        if let slash = text.firstIndex(of: "/") {
            guard let top = BigInt(String(text[..<slash]), radix: 10),
                let bottom = BigInt(String(text[text.index(after: slash)...]), radix: 10), bottom > 0,
                text[..<slash].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }),
                text[text.index(after: slash)...].allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            self.init(top, bottom)
            return
        }
        guard let parsed = DecimalText.parse(text) else { return nil }
        self = parsed
    }

    /// Whether the value is below zero.
    public var isNegative: Bool {
        switch form {
        case let .small(numerator, _): numerator < 0
        case let .large(numerator, _): numerator < 0
        }
    }

    /// Whether the value is zero.
    public var isZero: Bool {
        if case let .small(numerator, _) = form { return numerator == 0 }
        return false  // zero is small
    }

    /// Whether the value has a finite decimal form (its denominator has no prime factor but 2 and 5).
    public var hasFiniteDecimalForm: Bool {
        if case let .small(_, denominator) = form { return Self.decimalPlaces(denominator) != nil }
        var rest = denominator
        while rest % 2 == 0 { rest /= 2 }
        while rest % 5 == 0 { rest /= 5 }
        return rest == 1
    }

    /// The exact value as text: a decimal such as `33.68` (no trailing zeros beyond the integer) when
    /// it has a finite decimal form, otherwise `numerator/denominator` in lowest terms (`640/19`).
    public var exactText: String {
        if case let .small(top, bottom) = form {
            guard let places = Self.decimalPlaces(bottom) else { return "\(top)/\(bottom)" }
            if let factor = Self.powerOfTen(places) {
                let (scaled, overflow) = top.multipliedReportingOverflow(by: factor / bottom)
                if !overflow { return Self.decimalText(scaledValue: scaled, places: places) }
            }
        }
        guard hasFiniteDecimalForm else { return "\(numerator)/\(denominator)" }
        var places = 0
        var scale = BigInt(1)
        while (numerator * scale) % denominator != 0 {
            places += 1
            scale *= 10
        }
        return Self.decimalText(scaledValue: numerator * scale / denominator, places: places)
    }

    /// The value rounded half-up to `places` decimals as text, always with exactly `places` decimals
    /// (for reading only; never use it to decide anything).
    public func approximateText(places: Int) -> String {
        let rounded = self.rounded(places: places, mode: .halfUp)
        if case let .small(top, bottom) = rounded.form, let scale = Self.powerOfTen(places) {
            // `bottom` divides 10^places: the rounded value has at most `places` decimals.
            let (scaled, overflow) = top.multipliedReportingOverflow(by: scale / bottom)
            if !overflow { return Self.decimalText(scaledValue: scaled, places: places) }
        }
        return Self.decimalText(
            scaledValue: rounded.numerator * BigInt(10).power(places) / rounded.denominator, places: places)
    }

    /// The value as text with exactly `places` decimals, when it has at most that many (e.g. a value
    /// rounded to 2 places written as `84.40`); otherwise ``exactText``.
    public func fixedText(places: Int) -> String {
        if case let .small(top, bottom) = form, let scale = Self.powerOfTen(places) {
            let (scaled, overflow) = top.multipliedReportingOverflow(by: scale)
            if !overflow {
                guard scaled % bottom == 0 else { return exactText }
                return Self.decimalText(scaledValue: scaled / bottom, places: places)
            }
        }
        let scaled = numerator * BigInt(10).power(places)
        guard scaled % denominator == 0 else { return exactText }
        return Self.decimalText(scaledValue: scaled / denominator, places: places)
    }

    /// The value as a `Decimal`, when it has a finite decimal form that `Decimal` holds exactly
    /// (at most 38 significant digits); `nil` otherwise.
    public var decimalValue: Decimal? {
        guard hasFiniteDecimalForm else { return nil }
        let text = exactText
        guard text.filter(\.isNumber).count <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The fewest decimal places of a fraction with this (positive) denominator in lowest terms:
    /// the larger power of 2 or 5 in it; `nil` when it has another prime factor.
    private static func decimalPlaces(_ denominator: Int64) -> Int? {
        var rest = denominator
        var twos = 0
        var fives = 0
        while rest % 2 == 0 {
            rest /= 2
            twos += 1
        }
        while rest % 5 == 0 {
            rest /= 5
            fives += 1
        }
        return rest == 1 ? max(twos, fives) : nil
    }

    /// 10^places when it is a machine integer (places ≤ 18).
    private static func powerOfTen(_ places: Int) -> Int64? {
        guard places >= 0, places <= 18 else { return nil }
        var power: Int64 = 1
        for _ in 0..<places { power *= 10 }
        return power
    }

    private static func decimalText<Value: BinaryInteger>(scaledValue: Value, places: Int) -> String {
        let negative = scaledValue < 0
        var digits = String(scaledValue.magnitude)
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (negative ? "-" : "") + digits
    }

    /// The value as text, for people and diagnostics.
    public var description: String { exactText }

    // MARK: - Arithmetic

    /// The exact sum.
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if case let .small(a, b) = lhs.form, case let .small(c, d) = rhs.form {
            if b == d {
                let (sum, overflow) = a.addingReportingOverflow(c)
                if !overflow, sum != .min { return Rational(reducing: sum, b) }
            } else {
                let (ad, overflow1) = a.multipliedReportingOverflow(by: d)
                let (cb, overflow2) = c.multipliedReportingOverflow(by: b)
                let (bd, overflow3) = b.multipliedReportingOverflow(by: d)
                let (sum, overflow4) = ad.addingReportingOverflow(cb)
                if !(overflow1 || overflow2 || overflow3 || overflow4), sum != .min {
                    return Rational(reducing: sum, bd)
                }
            }
        }
        if lhs.denominator == rhs.denominator { return Rational(lhs.numerator + rhs.numerator, lhs.denominator) }
        return Rational(
            lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    /// The exact difference.
    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        lhs + (-rhs)
    }

    /// The exact negation.
    public static prefix func - (value: Rational) -> Rational {
        switch value.form {
        case let .small(numerator, denominator): Rational(form: .small(numerator: -numerator, denominator: denominator))
        case let .large(numerator, denominator): Rational(normalizedNumerator: -numerator, denominator: denominator)
        }
    }

    /// The exact product.
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if case let .small(a, b) = lhs.form, case let .small(c, d) = rhs.form {
            // Cancelled crosswise first (Knuth, TAOCP 4.5.1): a/b and c/d are in lowest terms, so
            // (a/g)(c/h) / ((b/h)(d/g)) is too, and the parts stay as small as they can.
            let g = Self.greatestCommonDivisor(a, d)
            let h = Self.greatestCommonDivisor(c, b)
            let (top, overflow1) = (a / g).multipliedReportingOverflow(by: c / h)
            let (bottom, overflow2) = (b / h).multipliedReportingOverflow(by: d / g)
            if !(overflow1 || overflow2), top != .min {
                return Rational(form: .small(numerator: top, denominator: bottom))
            }
        }
        return Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// Exact division. - Precondition: `rhs` is not zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "division by zero")
        if case let .small(c, d) = rhs.form {
            // The reciprocal d/c, its sign moved to the numerator (neither part is Int64.min).
            return lhs * Rational(form: .small(numerator: c < 0 ? -d : d, denominator: abs(c)))
        }
        return Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    /// Adds `rhs` to `lhs` exactly.
    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }

    /// Whether `lhs` orders before `rhs` (see the type for the order).
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if case let .small(a, b) = lhs.form, case let .small(c, d) = rhs.form {
            // a·d < c·b on 128-bit products (denominators are positive).
            let left = a.multipliedFullWidth(by: d)
            let right = c.multipliedFullWidth(by: b)
            return left.high < right.high || (left.high == right.high && left.low < right.low)
        }
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// The greatest common divisor of the magnitudes, ≥ 1 when `b` is not zero.
    private static func greatestCommonDivisor(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(x)
    }

    /// The smaller of the two values' magnitudes, etc. are left to `Comparable`; this is `|value|`.
    public var magnitude: Rational { isNegative ? -self : self }

    // MARK: - Rounding

    /// The value rounded to `places` decimal places by `mode`: the only rounding in TenderTrail.
    ///
    /// - Parameters:
    ///   - places: Decimal places to keep, ≥ 0.
    ///   - mode: How to round (see ``RoundingMode``).
    /// - Returns: A value with a finite decimal form of at most `places` decimals.
    public func rounded(places: Int, mode: RoundingMode) -> Rational {
        precondition(places >= 0, "negative rounding places")
        if case let .small(top, bottom) = form, let scale = Self.powerOfTen(places) {
            let (scaled, overflow) = top.multipliedReportingOverflow(by: scale)
            if !overflow, let rounded = Self.rounded(scaled: scaled, by: bottom, mode: mode) {
                return Rational(reducing: rounded, scale)
            }
        }
        let scale = BigInt(10).power(places)
        let scaled = numerator * scale
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: denominator)
        guard remainder != 0 else { return Rational(quotient, scale) }
        let awayFromZero = BigInt(scaled < 0 ? -1 : 1)
        let twiceRemainder = remainder.magnitude * 2
        let adjusted: BigInt
        switch mode {
        case .down:
            adjusted = quotient
        case .up:
            adjusted = quotient + awayFromZero
        case .halfUp:
            adjusted = twiceRemainder >= denominator.magnitude ? quotient + awayFromZero : quotient
        case .halfEven:
            if twiceRemainder > denominator.magnitude {
                adjusted = quotient + awayFromZero
            } else if twiceRemainder < denominator.magnitude {
                adjusted = quotient
            } else {
                adjusted = quotient % 2 == 0 ? quotient : quotient + awayFromZero
            }
        }
        return Rational(adjusted, scale)
    }

    /// `scaled ÷ divisor` rounded to an integer by `mode`, in machine integers (`divisor` ≥ 1);
    /// `nil` if the result would not be one.
    private static func rounded(scaled: Int64, by divisor: Int64, mode: RoundingMode) -> Int64? {
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: divisor)
        guard remainder != 0 else { return quotient }
        let awayFromZero: Int64 = scaled < 0 ? -1 : 1
        // remainder < divisor ≤ 2⁶³ − 1, so twice it is a UInt64.
        let twiceRemainder = remainder.magnitude * 2
        let away: Bool
        switch mode {
        case .down: away = false
        case .up: away = true
        case .halfUp: away = twiceRemainder >= divisor.magnitude
        case .halfEven:
            away = twiceRemainder == divisor.magnitude ? quotient % 2 != 0 : twiceRemainder > divisor.magnitude
        }
        guard away else { return quotient }
        let (adjusted, overflow) = quotient.addingReportingOverflow(awayFromZero)
        return overflow || adjusted == .min ? nil : adjusted
    }
}

/// How a value is rounded to a number of decimal places, as the tender declares it.
public enum RoundingMode: String, Sendable, CaseIterable {
    /// Ties away from zero (2.345 → 2.35; the usual commercial rounding).
    case halfUp = "half-up"
    /// Ties to the even neighbour (2.345 → 2.34, 2.355 → 2.36; "banker's rounding").
    case halfEven = "half-even"
    /// Toward zero (truncation: 2.349 → 2.34).
    case down
    /// Away from zero (2.341 → 2.35).
    case up
}

/// Strict decimal literals: `-?[0-9]+(\.[0-9]+)?`, nothing else.
///
/// `Decimal(string:)` reads `"1,5"` as 1 and silently rounds beyond 38 digits; inputs are checked
/// here first so that a value is either read whole and exactly, or refused.
public enum DecimalText {
    /// The exact value of a strict decimal literal, or `nil` if `text` is not one.
    public static func parse(_ text: String) -> Rational? {
        guard isStrictDecimal(text) else { return nil }
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard let magnitude = BigInt(String(integerDigits + fraction), radix: 10) else { return nil }
        let value = Rational(magnitude, BigInt(10).power(fraction.count))
        return negative ? -value : value
    }

    /// Whether `text` matches `-?[0-9]+(\.[0-9]+)?`.
    public static func isStrictDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        guard let first = scalars.first, ("0"..."9").contains(first) else { return false }
        var seenPoint = false
        var digitsAfterPoint = 0
        for scalar in scalars {
            if ("0"..."9").contains(scalar) {
                if seenPoint { digitsAfterPoint += 1 }
            } else if scalar == "." && !seenPoint {
                seenPoint = true
            } else {
                return false
            }
        }
        return !seenPoint || digitsAfterPoint > 0
    }

    /// The `Decimal` for a strict decimal literal with at most 38 significant digits (what `Decimal`
    /// holds exactly); `nil` otherwise.
    public static func decimal(_ text: String) -> Decimal? {
        guard isStrictDecimal(text) else { return nil }
        if let small = smallDecimal(text) { return small }
        let significant = text.drop(while: { $0 == "-" || $0 == "0" || $0 == "." }).filter(\.isNumber)
        guard significant.count <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// ``decimal(_:)`` of a strict decimal literal of at most 18 digits and not zero (a score, most
    /// prices): its digits as a machine integer and its decimal places as the exponent, the same
    /// `Decimal` as `Decimal(string:)` gives (tested), without parsing the text again.
    private static func smallDecimal(_ text: String) -> Decimal? {
        var text = text
        return text.withUTF8 { bytes -> Decimal? in
            let negative = bytes.first == UInt8(ascii: "-")
            var significand: UInt64 = 0
            var digits = 0
            var places = 0
            var seenPoint = false
            for byte in bytes.dropFirst(negative ? 1 : 0) {
                if byte == UInt8(ascii: ".") {
                    seenPoint = true
                    continue
                }
                digits += 1
                guard digits <= 18 else { return nil }
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                if seenPoint { places += 1 }
            }
            // Zero keeps `Decimal(string:)`'s own form (its exponent differs for "0.0").
            guard significand != 0 else { return nil }
            return Decimal(sign: negative ? .minus : .plus, exponent: -places, significand: Decimal(significand))
        }
    }
}
