import Foundation
import TenderModel
import Testing

/// TenderTrail never converts a named time zone (`Europe/London`, `BST`) into an offset: a time
/// must state its UTC offset, and the offset written is the one used. A named zone cannot be
/// turned into an instant without the zone's rules, and around a daylight-saving change those
/// rules give two answers (01:30 on 26 October 2025 happened twice in London) or none (01:30 on
/// 30 March 2025 never happened there); guessing would shift a deadline by an hour. So a time with
/// a zone name is refused, and a time with an offset is never adjusted.
@Suite("Time zones: offsets only, never a named zone")
struct TimeZoneTests {
    @Test(
        "A time with a named zone instead of (or besides) an offset is refused",
        arguments: [
            "2025-03-30T01:30:00 Europe/London",
            "2025-03-30T01:30:00[Europe/London]",
            "2025-03-30T01:30:00+01:00[Europe/London]",  // RFC 9557 (IXDTF) suffix
            "2025-10-26T01:30:00Z[Europe/London]",
            "2025-10-26T01:30:00+00:00[!Europe/London]",
            "2025-10-26T01:30:00 BST",
            "2025-10-26T01:30:00GMT",
            "2025-10-26T01:30:00 UTC+1",
            "2025-10-26T01:30:00+01:00 (BST)",
            "2025-10-26T01:30:00 Europe/London +01:00",
            "2025-10-26T01:30:00Europe/London",
        ])
    func namedZoneRefused(text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test("The two 01:30s of the autumn change are two instants, one hour apart, each kept as written")
    func autumnAmbiguity() throws {
        let summer = try #require(Timestamp("2025-10-26T01:30:00+01:00"))  // BST, first pass
        let winter = try #require(Timestamp("2025-10-26T01:30:00+00:00"))  // GMT, second pass
        #expect(winter.instant - summer.instant == Rational(3600))
        #expect(summer < winter)
        #expect(summer.text == "2025-10-26T01:30:00+01:00")
        #expect(winter.text == "2025-10-26T01:30:00+00:00")
        #expect((summer.offsetMinutes, winter.offsetMinutes) == (60, 0))
    }

    @Test("A local time that a zone skips in spring is taken with the offset written, never moved")
    func springGap() throws {
        // 01:30 on 30 March 2025 does not exist in London; with an explicit offset it is a plain instant.
        let written = try #require(Timestamp("2025-03-30T01:30:00+00:00"))
        let day = 20177  // days from 1970-01-01 to 2025-03-30
        #expect(written.instant == Rational(day * 86_400 + 5_400))
        #expect(written.text == "2025-03-30T01:30:00+00:00")
        let other = try #require(Timestamp("2025-03-30T01:30:00+01:00"))
        #expect(written.instant - other.instant == Rational(3600))
    }

    @Test("Making a timestamp from an instant writes the offset given, whatever the machine's zone")
    func fromInstant() {
        // 2025-10-26T00:30:00Z: written at +01:00 it is the first 01:30, at +00:00 the 00:30 before it.
        let instant = 20_387 * 86_400 + 1_800
        #expect(Timestamp(secondsSince1970: instant, offsetMinutes: 60).text == "2025-10-26T01:30:00+01:00")
        #expect(Timestamp(secondsSince1970: instant, offsetMinutes: 0).text == "2025-10-26T00:30:00+00:00")
    }

    @Test("No source file looks a named time zone up")
    func noZoneLookups() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(atPath: sources.path))
        var offenders: [String] = []
        while let path = walker.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for lookup in ["TimeZone(identifier", "TimeZone(abbreviation", "knownTimeZoneIdentifiers", "NSTimeZone"]
            where text.contains(lookup) {
                offenders.append("\(path): \(lookup)")
            }
        }
        // (The system clock reads the machine's offset for the current instant, which is never ambiguous.)
        #expect(offenders.isEmpty)
    }
}
