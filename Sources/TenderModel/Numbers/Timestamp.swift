/// A point in time as a document states it: ISO 8601 with an explicit UTC offset, kept as the
/// instant and the original text.
///
/// A time without an offset is never accepted: it would have to be guessed (DESIGN §5). Nor is a
/// named time zone (`2025-03-30T01:30:00 Europe/London`, an RFC 9557 `[Europe/London]` suffix,
/// `BST`): TenderTrail never converts a zone name to an offset, so a local time in a daylight-saving
/// change (which happens twice, or never) can never be shifted by an hour; the offset written is
/// the one used. Comparison is by instant, so `2025-03-14T12:00:00+01:00` equals `2025-03-14T11:00:00Z`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z, exact (fractions of a second kept).
    public let instant: Rational
    /// The offset from UTC the text states, in minutes (east positive).
    public let offsetMinutes: Int
    /// The text as written.
    public var text: String {
        if let written { return written }
        // Only whole seconds are left to be rendered (see `written`).
        return Self.render(secondsSince1970: Int(instant.numerator), offsetMinutes: offsetMinutes)
    }
    /// The text when it is not what ``init(secondsSince1970:offsetMinutes:)`` renders for the same
    /// instant and offset (`Z`, a fraction of a second, `-00:00`); `nil` when it is, so that the
    /// trail's hundred thousand times and deadlines in a large case do not each hold their text.
    private let written: String?

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`; `nil` for anything else, including a time
    /// with no offset or an impossible date (2025-02-30).
    public init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for index in range {
                guard ("0"..."9").contains(scalars[index]) else { return nil }
                value = value * 10 + Int(scalars[index].value - 48)
            }
            return value
        }
        guard scalars.count >= 20, scalars[4] == "-", scalars[7] == "-", scalars[10] == "T", scalars[13] == ":",
            scalars[16] == ":",
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = Rational.zero
        if scalars[index] == "." {
            var end = index + 1
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            guard end > index + 1,
                let digits = DecimalText.parse("0" + String(String.UnicodeScalarView(scalars[index..<end])))
            else { return nil }
            fraction = digits
            index = end
        }
        guard index < scalars.count else { return nil }
        let offset: Int
        if scalars[index] == "Z", index + 1 == scalars.count {
            offset = 0
        } else if scalars[index] == "+" || scalars[index] == "-", index + 6 == scalars.count, scalars[index + 3] == ":",
            let offsetHours = number(index + 1..<index + 3), let offsetMinutes = number(index + 4..<index + 6),
            offsetMinutes < 60, offsetHours * 60 + offsetMinutes <= 14 * 60
        {
            offset = (scalars[index] == "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
        } else {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60
        self.instant = Rational(seconds) + fraction
        self.offsetMinutes = offset
        let rendered = fraction.isZero && scalars.count == 25 && (offset != 0 || scalars[19] == "+")
        self.written = rendered && Self.render(secondsSince1970: seconds, offsetMinutes: offset) == text ? nil : text
    }

    /// Creates a timestamp for `secondsSince1970` (whole seconds) written with `offsetMinutes`.
    public init(secondsSince1970: Int, offsetMinutes: Int) {
        self.instant = Rational(secondsSince1970)
        self.offsetMinutes = offsetMinutes
        self.written = nil
    }

    /// `YYYY-MM-DDThh:mm:ss±hh:mm` for the instant, in local time at the offset.
    private static func render(secondsSince1970: Int, offsetMinutes: Int) -> String {
        let local = secondsSince1970 + offsetMinutes * 60
        let days = Self.floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = Self.civilFromDays(days)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T"
            + "\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay % 3600 / 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
            + "\(sign)\(Self.pad(offset / 60, 2)):\(Self.pad(offset % 60, 2))"
    }

    /// The value as text, for people and diagnostics.
    public var description: String { text }

    /// Whether the two values are equal (see the type for what is compared).
    public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.instant == rhs.instant }
    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(instant) }
    /// Whether `lhs` orders before `rhs` (see the type for the order).
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.instant < rhs.instant }

    // MARK: - Calendar arithmetic (proleptic Gregorian; Howard Hinnant's days_from_civil)

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a number of days since 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
