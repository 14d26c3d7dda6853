import BigInt
import Foundation
import TenderModel
import Testing

@Suite("Rational")
struct RationalTests {
    // MARK: - Normalisation

    @Test(
        "Values are kept in lowest terms with a positive denominator",
        arguments: [
            (q(6, -4), "-3/2"),
            (q(-6, -4), "3/2"),
            (q(0, -5), "0/1"),
            (q(10, 5), "2/1"),
            (q(-7), "-7/1"),
            (q(80000 * 40, 95000), "640/19"),
            (q(1), "1/1"),
        ])
    func normalisation(value: Rational, expected: String) {
        #expect(parts(value) == expected)
    }

    @Test("Equal values are equal and hash equally, however they were written")
    func equalityAndHashing() {
        #expect(q(2, 4) == q(1, 2))
        #expect(q(2, 4).hashValue == q(1, 2).hashValue)
        #expect(q(-3, 6) == -q(1, 2))
        #expect(r("0.50") == q(1, 2))
        #expect(Set([q(2, 4), q(1, 2), q(3, 6)]).count == 1)
        #expect(q(1, 3) != q(333, 1000))
    }

    // MARK: - Arithmetic

    @Test(
        "Arithmetic is exact",
        arguments: [
            (q(1, 3) + q(1, 6), q(1, 2)),
            (q(1, 2) - q(3, 4), q(-1, 4)),
            (q(2, 3) * q(9, 4), q(3, 2)),
            (q(3, 4) / q(9, 8), q(2, 3)),
            (q(-3, 4) / q(-9, 8), q(2, 3)),
            (q(1, 10) + q(2, 10), q(3, 10)),
            (q(40) * q(80000) / q(95000), q(640, 19)),
            (q(1, 7) + q(1, 7) + q(1, 7) + q(1, 7) + q(1, 7) + q(1, 7) + q(1, 7), q(1)),
            (-q(5, 3), q(-5, 3)),
            (q(5, 3) - q(5, 3), Rational.zero),
            (q(2, 5) * Rational.zero, Rational.zero),
        ])
    func arithmetic(computed: Rational, expected: Rational) {
        #expect(computed == expected)
    }

    @Test("Ten tenths from Decimal text add to exactly one, where Double does not")
    func tenthsAddExactly() {
        var exact = Rational.zero
        var binary = 0.0
        for _ in 0..<10 {
            exact += Rational(dec("0.1"))
            binary += 0.1
        }
        #expect(exact == Rational.one)
        #expect(binary != 1.0)
    }

    @Test(
        "Comparison orders by value, including negatives",
        arguments: [
            (q(-1, 2), q(-1, 3)),
            (q(1, 3), r("0.34")),
            (r("0.333"), q(1, 3)),
            (q(-5), Rational.zero),
            (q(640, 19), r("33.6843")),
            (r("33.6842"), q(640, 19)),
            (q(99, 100), Rational.one),
        ])
    func comparison(smaller: Rational, larger: Rational) {
        #expect(smaller < larger)
        #expect(!(larger < smaller))
        #expect(smaller != larger)
        #expect(max(smaller, larger) == larger)
    }

    @Test("Sign, zero and magnitude")
    func signAndMagnitude() {
        #expect(q(-1, 3).isNegative)
        #expect(!q(1, 3).isNegative)
        #expect(!Rational.zero.isNegative)
        #expect(Rational.zero.isZero)
        #expect(!q(1, 1000).isZero)
        #expect(q(-7, 2).magnitude == q(7, 2))
        #expect(q(7, 2).magnitude == q(7, 2))
    }

    // MARK: - Text

    @Test(
        "exactText writes terminating values as decimals and others as fractions",
        arguments: [
            (q(3368, 100), "33.68"),
            (q(640, 19), "640/19"),
            (q(-640, 19), "-640/19"),
            (q(1, 3), "1/3"),
            (q(-1, 8), "-0.125"),
            (q(1, 40), "0.025"),
            (q(5), "5"),
            (q(-3, 2), "-1.5"),
            (Rational.zero, "0"),
            (q(100), "100"),
            (q(1, 1024), "0.0009765625"),
            (q(1, 6), "1/6"),
            (q(2770, 57), "2770/57"),
        ])
    func exactText(value: Rational, expected: String) {
        #expect(value.exactText == expected)
        #expect(value.description == expected)
    }

    @Test(
        "exactText reads back to the same value",
        arguments: [
            q(3368, 100), q(640, 19), q(-640, 19), q(-1, 8), q(5), Rational.zero, q(1, 1024), q(-7, 3),
        ])
    func exactTextRoundTrip(value: Rational) throws {
        #expect(try #require(Rational(exactText: value.exactText)) == value)
    }

    @Test(
        "Parsing exact text accepts decimals and fractions only",
        arguments: [
            ("640/19", q(640, 19)),
            ("-640/19", q(-640, 19)),
            ("4/2", q(2)),
            ("-12.50", q(-25, 2)),
            ("0", Rational.zero),
        ])
    func parseExactText(text: String, expected: Rational) {
        #expect(Rational(exactText: text) == expected)
    }

    @Test(
        "Parsing exact text refuses anything else",
        arguments: [
            "1/0", "1/-2", "1/+2", "+1/2", "a/2", "1/b", "1 / 2", "1/2/3", "/2", "-/2", "1/", "1e5", "1,5", "", " 1",
            "0x10",
        ])
    func parseExactTextRefuses(text: String) {
        #expect(Rational(exactText: text) == nil)
    }

    @Test(
        "fixedText pads to the places when the value fits, else writes it exactly",
        arguments: [
            (q(422, 5), 2, "84.40"),
            (q(-1, 2), 2, "-0.50"),
            (q(5), 2, "5.00"),
            (q(5), 0, "5"),
            (Rational.zero, 3, "0.000"),
            (q(1, 8), 2, "0.125"),
            (q(1, 3), 2, "1/3"),
            (q(1, 100), 2, "0.01"),
            (q(-1, 100), 4, "-0.0100"),
        ])
    func fixedText(value: Rational, places: Int, expected: String) {
        #expect(value.fixedText(places: places) == expected)
    }

    @Test(
        "approximateText rounds half-up and always writes the places",
        arguments: [
            (q(640, 19), 2, "33.68"),
            (q(2, 3), 2, "0.67"),
            (q(-2, 3), 2, "-0.67"),
            (q(1, 200), 2, "0.01"),
            (q(-1, 200), 2, "-0.01"),
            (q(1, 300), 2, "0.00"),
            (q(5), 2, "5.00"),
            (q(5, 2), 0, "3"),
            (q(2770, 57), 4, "48.5965"),
            (q(76000), 2, "76000.00"),
        ])
    func approximateText(value: Rational, places: Int, expected: String) {
        #expect(value.approximateText(places: places) == expected)
    }

    @Test(
        "A finite decimal form exists exactly when the denominator has only the factors 2 and 5",
        arguments: [
            (q(1, 2), true), (q(1, 5), true), (q(3, 40), true), (q(7), true), (q(1, 1280), true),
            (q(1, 3), false), (q(1, 6), false), (q(640, 19), false), (q(1, 30), false),
        ])
    func finiteDecimalForm(value: Rational, finite: Bool) {
        #expect(value.hasFiniteDecimalForm == finite)
        #expect((value.decimalValue != nil) == finite)
    }

    @Test("decimalValue gives the exact Decimal")
    func decimalValue() {
        #expect(q(3368, 100).decimalValue == dec("33.68"))
        #expect(q(-1, 8).decimalValue == dec("-0.125"))
        #expect(q(640, 19).decimalValue == nil)
    }

    // MARK: - From Decimal

    @Test(
        "A Decimal read from text becomes its exact value",
        arguments: [
            ("0.1", q(1, 10)),
            ("10.1", q(101, 10)),
            ("-12.50", q(-25, 2)),
            ("95000.00", q(95000)),
            ("0", Rational.zero),
            ("0.000001", q(1, 1_000_000)),
            ("1500", q(1500)),
            ("123456789.123456789", q(123_456_789_123_456_789, 1_000_000_000)),
        ])
    func fromDecimal(text: String, expected: Rational) {
        #expect(Rational(dec(text)) == expected)
    }

    /// Small Decimals (significand within 63 bits, exponent within ±18) take a machine-integer
    /// path; on either side of its limits the value must be the exact one all the same.
    @Test(
        "Decimals at the edges of the machine-integer path convert exactly",
        arguments: [
            "9223372036854775807", "-9223372036854775807", "9223372036854775808", "18446744073709551616",
            "922337203685477580.7", "0.000000000000000001", "0.0000000000000000001", "-0.000000000000000025",
            "1000000000000000000", "10000000000000000000", "4", "-3.75", "0.5", "250000.125",
        ])
    func fromDecimalEdges(text: String) throws {
        let exact = try #require(Rational(exactText: text))
        #expect(Rational(dec(text)) == exact)
        #expect(Rational(dec(text)).exactText == exact.exactText)
    }

    /// Fractions whose parts fit in 63 bits are reduced in machine integers, larger ones through
    /// `BigInt`; on both sides of that limit the result is in lowest terms with a positive
    /// denominator and equal to the fraction given.
    @Test("Fractions are reduced to lowest terms with a positive denominator, on either side of 63 bits")
    func lowestTerms() {
        let big = BigInt(Int64.max)
        let values: [BigInt] = [
            0, 1, -1, 2, -6, 10, 640, -19, 1_000_000_007, big, -big, big - 1, big + 1, -(big + 1), big * big,
            -(big * 3), BigInt(Int64.min), BigInt(Int64.min) + 1,
        ]
        for numerator in values {
            for denominator in values where denominator != 0 {
                let value = Rational(numerator, denominator)
                #expect(value.denominator > 0)
                #expect(value.numerator.greatestCommonDivisor(with: value.denominator) == 1)
                #expect(value.numerator * denominator == numerator * value.denominator)
            }
        }
    }

    /// Values on both sides of the machine-integer form (parts within ±(2⁶³ − 1)), and fractions
    /// whose sums and products overflow it.
    static let boundaryValues: [Rational] = {
        let big = BigInt(Int64.max)
        let parts: [BigInt] = [0, -1, 640, 1_000_000_007, big, -big, big + 1, -(big * 5)]
        let denominators: [BigInt] = [1, 19, 1_000_000_007, big - 1, big * 4]
        return parts.flatMap { top in denominators.map { Rational(top, $0) } }
    }()

    /// The sum, product, quotient, order and rounding of every pair, against the same arithmetic
    /// done on the parts in `BigInt`: the machine-integer paths (and their overflow to `BigInt`)
    /// give the same values.
    @Test("Arithmetic on machine integers equals arithmetic on BigInt, on either side of 63 bits")
    func machineIntegerArithmetic() {
        func reference(_ top: BigInt, _ bottom: BigInt) -> (BigInt, BigInt) {
            let divisor = top.greatestCommonDivisor(with: bottom)
            let sign: BigInt = bottom < 0 ? -1 : 1
            return (sign * top / divisor, sign * bottom / divisor)
        }
        func parts(_ value: Rational) -> (BigInt, BigInt) { (value.numerator, value.denominator) }
        for lhs in Self.boundaryValues {
            let (a, b) = parts(lhs)
            #expect(parts(-lhs) == (-a, b))
            for rhs in Self.boundaryValues {
                let (c, d) = parts(rhs)
                #expect(parts(lhs + rhs) == reference(a * d + c * b, b * d))
                #expect(parts(lhs - rhs) == reference(a * d - c * b, b * d))
                #expect(parts(lhs * rhs) == reference(a * c, b * d))
                if c != 0 { #expect(parts(lhs / rhs) == reference(a * d, b * c)) }
                #expect((lhs < rhs) == (a * d < c * b))
                #expect((lhs == rhs) == (a * d == c * b))
                #expect((lhs.hashValue == rhs.hashValue) || lhs != rhs)
            }
            for places in [0, 2, 18, 19] {
                let scale = BigInt(10).power(places)
                let (quotient, remainder) = (a * scale).quotientAndRemainder(dividingBy: b)
                let down = Rational(quotient, scale)
                let away = remainder == 0 ? down : Rational(quotient + (a < 0 ? -1 : 1), scale)
                #expect(lhs.rounded(places: places, mode: .down) == down)
                #expect(lhs.rounded(places: places, mode: .up) == away)
                let twice = remainder.magnitude * 2
                let halfUp = twice >= b.magnitude ? away : down
                #expect(lhs.rounded(places: places, mode: .halfUp) == (remainder == 0 ? down : halfUp))
                let halfEven = twice == b.magnitude ? (quotient % 2 == 0 ? down : away) : halfUp
                #expect(lhs.rounded(places: places, mode: .halfEven) == (remainder == 0 ? down : halfEven))
                #expect(lhs.fixedText(places: places).hasPrefix(lhs.isNegative ? "-" : ""))
            }
            #expect(Rational(exactText: lhs.exactText) == lhs)
        }
    }

    @Test("A Decimal with 38 significant digits converts without loss")
    func fromLongDecimal() throws {
        let text = "12345678901234567890123456789012345678"
        let value = Rational(dec(text))
        #expect(value.exactText == text)
        #expect(Rational(dec("-0.\(text)")).exactText == "-0.\(text)")
        #expect(
            Rational(dec("1" + String(repeating: "0", count: 37))).exactText == "1" + String(repeating: "0", count: 37))
    }

    // MARK: - Rounding

    /// (value, places, half-up, half-even, down, up)
    static let roundingTable: [(String, Int, String, String, String, String)] = [
        // Ties.
        ("2.345", 2, "2.35", "2.34", "2.34", "2.35"),
        ("2.355", 2, "2.36", "2.36", "2.35", "2.36"),
        ("-2.345", 2, "-2.35", "-2.34", "-2.34", "-2.35"),
        ("-2.355", 2, "-2.36", "-2.36", "-2.35", "-2.36"),
        ("2.5", 0, "3", "2", "2", "3"),
        ("3.5", 0, "4", "4", "3", "4"),
        ("-2.5", 0, "-3", "-2", "-2", "-3"),
        ("0.5", 0, "1", "0", "0", "1"),
        ("-0.5", 0, "-1", "0", "0", "-1"),
        ("0.125", 2, "0.13", "0.12", "0.12", "0.13"),
        // Not ties.
        ("2.341", 2, "2.34", "2.34", "2.34", "2.35"),
        ("2.349", 2, "2.35", "2.35", "2.34", "2.35"),
        ("-2.349", 2, "-2.35", "-2.35", "-2.34", "-2.35"),
        ("-2.341", 2, "-2.34", "-2.34", "-2.34", "-2.35"),
        ("2.3450001", 2, "2.35", "2.35", "2.34", "2.35"),
        ("2.3449999", 2, "2.34", "2.34", "2.34", "2.35"),
        ("-0.001", 2, "0", "0", "0", "-0.01"),
        ("0.001", 2, "0", "0", "0", "0.01"),
        ("9.999", 2, "10", "10", "9.99", "10"),
        // Already exact at the places.
        ("2.34", 2, "2.34", "2.34", "2.34", "2.34"),
        ("-7", 0, "-7", "-7", "-7", "-7"),
        ("2.3", 4, "2.3", "2.3", "2.3", "2.3"),
    ]

    @Test("Every rounding mode rounds decimal ties and non-ties as documented", arguments: roundingTable)
    func roundingDecimals(row: (String, Int, String, String, String, String)) {
        let (text, places, halfUp, halfEven, down, up) = row
        let value = r(text)
        #expect(value.rounded(places: places, mode: .halfUp) == r(halfUp), "half-up \(text)")
        #expect(value.rounded(places: places, mode: .halfEven) == r(halfEven), "half-even \(text)")
        #expect(value.rounded(places: places, mode: .down) == r(down), "down \(text)")
        #expect(value.rounded(places: places, mode: .up) == r(up), "up \(text)")
    }

    @Test(
        "Rounding a non-terminating value is exact in every mode",
        arguments: [
            // 640/19 = 33.684210…
            (q(640, 19), 2, q(3368, 100), q(3368, 100), q(3368, 100), q(3369, 100)),
            (q(-640, 19), 2, q(-3368, 100), q(-3368, 100), q(-3368, 100), q(-3369, 100)),
            (q(640, 19), 1, q(337, 10), q(337, 10), q(336, 10), q(337, 10)),
            // 2/3 = 0.666…
            (q(2, 3), 0, q(1), q(1), q(0), q(1)),
            (q(1, 3), 2, q(33, 100), q(33, 100), q(33, 100), q(34, 100)),
            (q(-1, 3), 2, q(-33, 100), q(-33, 100), q(-33, 100), q(-34, 100)),
        ])
    func roundingFractions(
        value: Rational, places: Int, halfUp: Rational, halfEven: Rational, down: Rational, up: Rational
    ) {
        #expect(value.rounded(places: places, mode: .halfUp) == halfUp)
        #expect(value.rounded(places: places, mode: .halfEven) == halfEven)
        #expect(value.rounded(places: places, mode: .down) == down)
        #expect(value.rounded(places: places, mode: .up) == up)
    }

    @Test("Rounding modes have the names plans use")
    func roundingModeNames() {
        #expect(RoundingMode.allCases.map(\.rawValue) == ["half-up", "half-even", "down", "up"])
        #expect(RoundingMode(rawValue: "half-even") == .halfEven)
        #expect(RoundingMode(rawValue: "HALF_UP") == nil)
    }
}
