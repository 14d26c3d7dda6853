import Testing

@testable import TenderModel

/// `FileLocation` keeps line and column in 32 bits: what goes in comes out, printed as before.
struct FileLocationTests {
    @Test("line and column round-trip, a missing column stays missing, and the text is path:line:column")
    func roundTrip() {
        let whole = FileLocation(path: "tender.xml")
        #expect(whole.line == 0 && whole.column == nil && whole.description == "tender.xml")
        let line = FileLocation(path: "bids/BID-1.xml", line: 65_536)
        #expect(line.line == 65_536 && line.column == nil && line.description == "bids/BID-1.xml:65536")
        let full = FileLocation(path: "scores/EV-1/BID-1.xml", line: 12, column: 1)
        #expect(full.description == "scores/EV-1/BID-1.xml:12:1")
        var moved = full
        moved.line = 2_000_000_000
        moved.column = nil
        #expect(moved.line == 2_000_000_000 && moved.column == nil)
        moved.column = 0
        #expect(moved.column == 0)
    }

    @Test("equality and hashing see path, line and column; nil and 0 columns differ")
    func equality() {
        let base = FileLocation(path: "a.xml", line: 3, column: 4)
        #expect(base == FileLocation(path: "a.xml", line: 3, column: 4))
        #expect(base != FileLocation(path: "b.xml", line: 3, column: 4))
        #expect(base != FileLocation(path: "a.xml", line: 4, column: 4))
        #expect(base != FileLocation(path: "a.xml", line: 3, column: nil))
        #expect(FileLocation(path: "a.xml", line: 3, column: 0) != FileLocation(path: "a.xml", line: 3, column: nil))
        #expect(Set([base, FileLocation(path: "a.xml", line: 3, column: 4), FileLocation(path: "a.xml")]).count == 2)
    }

    @Test("a line or column beyond 32 bits is held as the largest, not wrapped")
    func clamped() {
        let far = FileLocation(path: "a.xml", line: Int(Int32.max) + 10, column: Int.min)
        #expect(far.line == Int(Int32.max))
        #expect(far.column == Int(Int32.min) + 1)
        #expect(MemoryLayout<FileLocation>.size <= 24)
    }
}
