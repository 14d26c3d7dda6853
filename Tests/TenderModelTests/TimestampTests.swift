import TenderModel
import Testing

@Suite("Timestamp")
struct TimestampTests {
    /// 2025-03-14T11:00:00Z: 20161 days after 1970-01-01 (55 years with 14 leap days, then
    /// 31 + 28 + 13 days) × 86400 + 11 × 3600.
    static let march14 = 1_741_950_000

    @Test(
        "Offsets are parsed and the instant is the same across them",
        arguments: [
            ("2025-03-14T11:00:00Z", 0),
            ("2025-03-14T11:00:00+00:00", 0),
            ("2025-03-14T12:00:00+01:00", 60),
            ("2025-03-14T05:30:00-05:30", -330),
            ("2025-03-15T00:45:00+13:45", 825),
            ("2025-03-13T23:00:00-12:00", -720),
        ])
    func offsets(text: String, offsetMinutes: Int) throws {
        let timestamp = try #require(Timestamp(text))
        #expect(timestamp.instant == q(Self.march14))
        #expect(timestamp.offsetMinutes == offsetMinutes)
        #expect(timestamp.text == text)
        #expect(timestamp.description == text)
    }

    @Test("The same instant written with different offsets is equal and hashes equally")
    func equalAcrossOffsets() throws {
        let utc = try #require(Timestamp("2025-03-14T11:00:00Z"))
        let paris = try #require(Timestamp("2025-03-14T12:00:00+01:00"))
        let newYork = try #require(Timestamp("2025-03-14T06:00:00-05:00"))
        #expect(utc == paris)
        #expect(paris == newYork)
        #expect(Set([utc, paris, newYork]).count == 1)
        #expect(paris.text != utc.text)
    }

    @Test("Comparison is by instant, not by the local clock time")
    func orderByInstant() throws {
        // 12:30 in Paris is 11:30Z, before 11:45Z although "12:30" sorts after "11:45".
        let paris = try #require(Timestamp("2025-03-14T12:30:00+01:00"))
        let utc = try #require(Timestamp("2025-03-14T11:45:00Z"))
        #expect(paris < utc)
        // 00:30 on the 15th at +14:00 is 10:30Z on the 14th.
        let kiribati = try #require(Timestamp("2025-03-15T00:30:00+14:00"))
        #expect(kiribati < utc)
    }

    @Test(
        "Fractional seconds are kept exactly",
        arguments: [
            ("2025-03-14T11:00:00.5Z", q(1, 2)),
            ("2025-03-14T11:00:00.25+00:00", q(1, 4)),
            ("2025-03-14T12:00:00.001+01:00", q(1, 1000)),
            ("2025-03-14T11:00:00.123456789Z", q(123_456_789, 1_000_000_000)),
            ("2025-03-14T11:00:00.0Z", q(0)),
        ])
    func fractions(text: String, fraction: Rational) throws {
        #expect(try #require(Timestamp(text)).instant == q(Self.march14) + fraction)
    }

    @Test("A fraction of a second orders correctly")
    func fractionOrder() throws {
        let earlier = try #require(Timestamp("2025-03-14T11:59:59.999+01:00"))
        let later = try #require(Timestamp("2025-03-14T11:00:00Z"))
        #expect(earlier < later)
        #expect(earlier != later)
    }

    @Test(
        "Leap days and other dates give the right instant",
        arguments: [
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("2000-02-29T23:59:59Z", 951_868_799),
            ("1970-01-01T00:00:00Z", 0),
            ("1970-01-01T01:00:00+01:00", 0),
            ("1969-12-31T23:59:59Z", -1),
            ("1969-07-20T20:17:40Z", -14_182_940),
            ("1900-03-01T00:00:00Z", -2_203_891_200),
        ])
    func instants(text: String, seconds: Int) throws {
        #expect(try #require(Timestamp(text)).instant == q(seconds))
    }

    @Test(
        "Anything but a valid date and time with an explicit offset is refused",
        arguments: [
            // No offset.
            "2025-03-14T11:00:00", "2025-03-14T11:00:00.5",
            // Impossible dates.
            "2025-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z",
            "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-01-00T00:00:00Z", "2025-01-32T00:00:00Z",
            // Impossible times.
            "2025-03-14T24:00:00Z", "2025-03-14T12:60:00Z", "2025-03-14T12:00:60Z",
            // Bad offsets.
            "2025-03-14T11:00:00+1:00", "2025-03-14T11:00:00+01", "2025-03-14T11:00:00+0100",
            "2025-03-14T11:00:00+15:00",
            "2025-03-14T11:00:00+01:60", "2025-03-14T11:00:00 +01:00", "2025-03-14T11:00:00z", "2025-03-14T11:00:00UTC",
            "2025-03-14T11:00:00+01:00 ", "2025-03-14T11:00:00Z ", "2025-03-14T11:00:00ZZ",
            // Bad shapes.
            "2025-03-14 11:00:00Z", "2025-03-14t11:00:00Z", "2025-3-14T11:00:00Z", "25-03-14T11:00:00Z",
            "2025-03-14T11:00Z", "2025-03-14T11:00:00.Z", "2025-03-14", "", "2025/03/14T11:00:00Z",
            "2025-03-14T1a:00:00Z", " 2025-03-14T11:00:00Z",
        ])
    func refuses(text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test(
        "A timestamp made from seconds is written with its offset and reads back equal",
        arguments: [
            (march14, 60, "2025-03-14T12:00:00+01:00"),
            (march14, -330, "2025-03-14T05:30:00-05:30"),
            (march14, 0, "2025-03-14T11:00:00+00:00"),
            (-1, 0, "1969-12-31T23:59:59+00:00"),
            (1_709_164_800, -60, "2024-02-28T23:00:00-01:00"),
            (951_868_799, 0, "2000-02-29T23:59:59+00:00"),
        ])
    func fromSeconds(seconds: Int, offsetMinutes: Int, text: String) throws {
        let timestamp = Timestamp(secondsSince1970: seconds, offsetMinutes: offsetMinutes)
        #expect(timestamp.text == text)
        #expect(timestamp.instant == q(seconds))
        #expect(timestamp.offsetMinutes == offsetMinutes)
        let parsed = try #require(Timestamp(text))
        #expect(parsed == timestamp)
        #expect(parsed.offsetMinutes == offsetMinutes)
    }

    @Test(
        "Every text reads back as written, whether or not it is the form rendered from its instant",
        arguments: [
            "2025-03-14T11:00:00+00:00", "2025-03-14T11:00:00-00:00", "2025-03-14T11:00:00Z",
            "2025-03-14T11:00:00.500+01:00", "2025-03-14T11:00:00.0+01:00", "0999-01-01T00:00:00+14:00",
            "2024-02-29T23:59:59-12:00",
        ])
    func keepsText(text: String) throws {
        let timestamp = try #require(Timestamp(text))
        #expect(timestamp.text == text)
        #expect(Timestamp(timestamp.text)?.offsetMinutes == timestamp.offsetMinutes)
    }

    @Test("Whole seconds at any offset: rendered, read back, the same text and instant")
    func renderedRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let offset = Int.random(in: -14 * 60...14 * 60, using: &generator)
            let rendered = Timestamp(secondsSince1970: seconds, offsetMinutes: offset)
            let parsed = try #require(Timestamp(rendered.text))
            #expect(parsed.text == rendered.text && parsed == rendered && parsed.offsetMinutes == offset)
        }
    }
}
