import Foundation
import Testing

@testable import EvidenceTrail

/// `Digest` holds its 32 bytes inline: what goes in comes out, equality sees every byte, and the
/// text is SHA-256's usual hex.
struct DigestTests {
    @Test("the FIPS 180-2 test vector for \"abc\", as hex and as bytes")
    func testVector() throws {
        let digest = Digest(of: Array("abc".utf8))
        #expect(digest.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let expected: [UInt8] = [
            0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
            0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
        ]
        #expect(digest.bytes == expected)
        #expect(digest.short == "ba7816bf8f01")
        #expect(Digest(hex: digest.hex) == digest)
    }

    @Test("a digest differing in any one byte is unequal, and hashes apart in a set")
    func everyByteCounts() throws {
        let base = Digest(of: Array("tender".utf8))
        var seen: Set<Digest> = [base]
        for position in 0..<32 {
            var bytes = base.bytes
            bytes[position] ^= 0x01
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let changed = try #require(Digest(hex: hex))
            #expect(changed != base, "byte \(position)")
            #expect(changed.bytes == bytes, "byte \(position)")
            #expect(changed.hex == hex, "byte \(position)")
            seen.insert(changed)
        }
        #expect(seen.count == 33)
        #expect(seen.contains(Digest(of: Array("tender".utf8))))
    }

    @Test("hex that is not 64 lowercase hex digits is refused")
    func badHex() {
        let good = String(repeating: "0f", count: 32)
        #expect(Digest(hex: good) != nil)
        #expect(Digest(hex: String(good.dropLast())) == nil)
        #expect(Digest(hex: good + "00") == nil)
        #expect(Digest(hex: good.uppercased()) == nil)
        #expect(Digest(hex: String(good.dropLast()) + "g") == nil)
    }
}
