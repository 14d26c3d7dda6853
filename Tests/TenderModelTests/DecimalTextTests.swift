import Foundation
import TenderModel
import Testing

@Suite("DecimalText")
struct DecimalTextTests {
    @Test(
        "Strict decimal literals parse to their exact value",
        arguments: [
            ("0", q(0)),
            ("7", q(7)),
            ("007", q(7)),
            ("12.50", q(25, 2)),
            ("-12.50", q(-25, 2)),
            ("-0.5", q(-1, 2)),
            ("0.1", q(1, 10)),
            ("95000.00", q(95000)),
            ("33.68", q(3368, 100)),
            ("-0", q(0)),
            ("0.000001", q(1, 1_000_000)),
        ])
    func parses(text: String, expected: Rational) {
        #expect(DecimalText.isStrictDecimal(text))
        #expect(DecimalText.parse(text) == expected)
    }

    @Test(
        "Anything but -?[0-9]+(.[0-9]+)? is refused",
        arguments: [
            "1,5", "1e5", "1E5", "+1", ".5", "5.", "", " 1", "1 ", "1.2.3", "-", "--1", "-.5", "1_000", "1 000",
            "0x1F", "NaN", "Infinity", "١٢", "½", "１", "1.5\n", "−1",
        ])
    func refuses(text: String) {
        #expect(!DecimalText.isStrictDecimal(text))
        #expect(DecimalText.parse(text) == nil)
        #expect(DecimalText.decimal(text) == nil)
    }

    @Test(
        "A Decimal is given for literals of at most 38 significant digits",
        arguments: [
            "12345678901234567890123456789012345678",
            "-1234567890123456789.0123456789012345678",
            "0.00012345678901234567890123456789012345678",
            "99999999999999999999999999999999999999",
            "000012345678901234567890123456789012345678",
        ])
    func decimalUpTo38Digits(text: String) throws {
        let value = try #require(DecimalText.decimal(text))
        #expect(Rational(value) == DecimalText.parse(text))
    }

    @Test(
        "No Decimal is given for literals with more than 38 significant digits",
        arguments: [
            "123456789012345678901234567890123456789",
            "-1234567890123456789.01234567890123456789",
            "0.000123456789012345678901234567890123456789",
        ])
    func decimalRefusesLongLiterals(text: String) {
        #expect(DecimalText.isStrictDecimal(text))
        #expect(DecimalText.parse(text) != nil)
        #expect(DecimalText.decimal(text) == nil)
    }

    @Test("The Decimal of a short literal is exact")
    func decimalExact() {
        #expect(DecimalText.decimal("0.1") == dec("0.1"))
        #expect(DecimalText.decimal("-12.50").map(Rational.init) == q(-25, 2))
        #expect(
            DecimalText.decimal("1234567.8912345678912").map(Rational.init)
                == DecimalText.parse("1234567.8912345678912"))
    }

    /// Literals of up to 18 digits are built from their digits; the `Decimal` is the one
    /// `Decimal(string:)` gives, to the byte (sign, exponent, length, mantissa), so that nothing
    /// computed or written from it can differ. Around the 18-digit limit, zeros and signs.
    @Test("A short literal's Decimal is Decimal(string:)'s, byte for byte")
    func decimalSameRepresentation() throws {
        func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
        var texts = [
            "0", "0.0", "-0", "-0.00", "7", "7.5", "7.50", "007.50", "-12.50", "100", "100.000", "0.000001",
            "999999999999999999", "99999999999999999.9", "0.999999999999999999", "1000000000000000000",
            "-999999999999999999", "18446744073709551615", "1234567.8912345678912", "4", "10", "3.25",
        ]
        // 2,000 more, the same on every run: 1 to 19 digits, the point anywhere, every third negative.
        for n in 1...2000 {
            let mixed = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            let digits = String(String(mixed).prefix(n % 19 + 1))
            let point = Int(mixed >> 59) % (digits.count + 1)
            let unsigned =
                point == 0 || point == digits.count
                ? digits : String(digits.prefix(point)) + "." + digits.dropFirst(point)
            texts.append(n % 3 == 0 ? "-" + unsigned : unsigned)
        }
        for text in texts {
            let expected = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), "\(text)")
            let value = try #require(DecimalText.decimal(text), "\(text)")
            #expect(bytes(value) == bytes(expected), "\(text)")
        }
    }
}
