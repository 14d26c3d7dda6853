import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel
import TestSupport
import Testing

/// Flipping any byte of any signed entry or checkpoint is caught by the check meant to catch it
/// (STYLE §9's property), on a freshly run mini case and on a copy of the shipped case.
///
/// Every file in `evidence/trail/` and `evidence/checkpoints/` is flipped at deterministic positions
/// (a ``FlipGenerator`` seeded with the file's path), one flip at a time, and the case verified;
/// then the byte is restored. What each flip must do depends on the file and on what the flip did to
/// it, which the test works out from the bytes alone, before verifying:
///
/// | file | the flip left it | checks that must fail | checks that may also fail |
/// |---|---|---|---|
/// | `.sig` of an entry or checkpoint | 64 different bytes | `signatures-are-valid` | none |
/// | entry `.xml` | not a valid entry (no parse, schema, or unusable value) | `entries-are-well-formed`, `checkpoints-are-consistent` (every entry heads a checkpoint), `entries-are-hash-chained` unless it is the last entry; and exactly the checks that need `entries-are-well-formed` are skipped (``Violation/dependents(of:)``), so that no rule judges a trail that silently lacks the entry | `results-reproduce` if it records a decision or receipt the evaluation uses |
/// | entry `.xml` | a valid entry with a different canonical form | `signatures-are-valid`, `checkpoints-are-consistent`, `entries-are-hash-chained` unless it is the last entry and its `Previous` is unchanged, `entries-are-well-formed` if its sequence changed | the checks that read what the forged entry now says: ``ByteFlipTests/Expected/readsEntryContent`` |
/// | checkpoint `.xml` | not a valid checkpoint | `checkpoints-are-consistent` | none |
/// | checkpoint `.xml` | a valid checkpoint with a different canonical form | `signatures-are-valid`, and `checkpoints-are-consistent` if its size or head changed | none |
/// | any `.xml` | the same exclusive canonical form | nothing: the case verifies (note 0002: formatting is not content) | none |
///
/// A flip that leaves the canonical form unchanged is not a change of meaning. Such flips are
/// counted separately and must verify; to keep that honest, each must also be at a position where
/// XML says formatting lives: in the prolog (the XML declaration), after the root element, or a
/// whitespace byte inside a tag turned into another whitespace byte. Besides random bit flips, each
/// entry and checkpoint of the mini case gets one deliberate such flip (a space between attributes
/// turned into a tab, or the XML declaration's version or encoding name changed to an equivalent),
/// so that the no-op path is exercised on every run. Where `xmllint` is installed (CI installs it),
/// every no-op is also confirmed the auditor's way: `xmllint --exc-c14n` prints the same bytes.
///
/// The number of flips is a budget: one verification takes 0.05–0.15 s. The mini case gets the
/// ends, seeded flips and a probe for every entry and checkpoint, and one end of every signature;
/// the shipped case one seeded flip of every entry and checkpoint and of every other signature
/// (odd-numbered entries', even-numbered checkpoints'). Each run prints its tally per group.
@Suite("Flipping a byte of the signed evidence")
struct ByteFlipTests {
    /// One group of files flipped in one copy of a case.
    struct Group: CustomTestStringConvertible, Sendable {
        var name: String
        var isShipped: Bool
        var kind: FileKind
        /// Random flips per file, besides the ends.
        var seeded: Int
        /// Which ends of each file are flipped too.
        var ends: Ends
        /// Whether each `.xml` file also gets one deliberate formatting flip.
        var probe: Bool
        /// When set, only the files whose sequence (or size) has this parity.
        var parity: Int?

        init(
            _ name: String, _ kind: FileKind, shipped: Bool = false, seeded: Int = 0, ends: Ends = .none,
            probe: Bool = false, parity: Int? = nil
        ) {
            self.name = name
            self.isShipped = shipped
            self.kind = kind
            self.seeded = seeded
            self.ends = ends
            self.probe = probe
            self.parity = parity
        }

        var testDescription: String { name }

        /// Flips per file.
        var flipsPerFile: Int { seeded + (ends == .both ? 2 : ends == .alternate ? 1 : 0) + (probe ? 1 : 0) }
    }

    /// Which ends of a file a group flips.
    enum Ends: Sendable {
        /// The first and the last byte.
        case both
        /// The first byte of odd-numbered files, the last byte of even-numbered ones.
        case alternate
        /// Neither.
        case none
    }

    static let groups: [Group] = [
        Group("mini case: entries", .entry, seeded: 3, ends: .both, probe: true),
        Group("mini case: checkpoints", .checkpoint, seeded: 1, ends: .both, probe: true),
        Group("mini case: entry signatures", .entrySignature, ends: .alternate),
        Group("mini case: checkpoint signatures", .checkpointSignature, ends: .alternate),
        Group("shipped case: entries", .entry, shipped: true, seeded: 1),
        Group("shipped case: checkpoints", .checkpoint, shipped: true, seeded: 1),
        Group("shipped case: odd entries' signatures", .entrySignature, shipped: true, seeded: 1, parity: 1),
        Group("shipped case: even checkpoints' signatures", .checkpointSignature, shipped: true, seeded: 1, parity: 0),
    ]

    @Test(
        "Every flip fails the checks meant to catch it and names the file; canonical no-ops verify", arguments: groups)
    func flips(_ group: Group) throws {
        let start = ContinuousClock.now
        let folder = group.isShipped ? try TrailFixture.shippedCase() : try TrailFixture.miniCase()
        let baseline = try TrailFixture.verify(folder)
        try #require(
            baseline.isVerified, "the case must verify before its evidence is flipped\n\(baseline.findingsText)")
        let all = try group.kind.files(in: folder)
        #expect(all.count == (group.isShipped ? 35 : 15))
        let files = all.filter { group.parity == nil || $0.sequence % 2 == group.parity }
        let scratch = try TestSupport.temporaryFolder("flip-scratch")
        var tally = Tally()
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            let original = [UInt8](try Data(contentsOf: url))
            defer { try? Data(original).write(to: url) }
            let before = try TrailFixture.read(original, asEntry: file.kind.isEntry, scratch: scratch)
            var auditorsForm: String??
            for flip in Flip.flips(for: file, in: original, group: group) {
                var bytes = original
                bytes[flip.position] ^= flip.mask
                let after = try TrailFixture.read(bytes, asEntry: file.kind.isEntry, scratch: scratch)
                let expected = Expected(file: file, before: before, after: after, lastSequence: all.count)
                if expected.effect == .noOp, TrailFixture.hasXmllint {
                    // A no-op by the verifier's canonicalisation must be one by the auditor's too.
                    if auditorsForm == nil {
                        try Data(original).write(to: url)
                        auditorsForm = try TrailFixture.xmllintCanonicalForm(url)
                    }
                    try Data(bytes).write(to: url)
                    let flipped = try TrailFixture.xmllintCanonicalForm(url)
                    #expect(
                        flipped != nil && flipped == auditorsForm,
                        "\(file.path) byte \(flip.position): xmllint disagrees")
                    tally.confirmedByXmllint += 1
                }
                try Data(bytes).write(to: url)
                let verdict = try TrailFixture.verify(folder)
                tally.count(expected.effect, probe: flip.isProbe)
                check(verdict, expected, flip: flip, file: file, folder: folder, original: original)
            }
        }
        // Restored byte for byte, the case verifies again.
        #expect(try TrailFixture.verify(folder).isVerified)
        print("byte flips, \(group.name): \(files.count) files, \(tally) (\(ContinuousClock.now - start))")
        #expect(tally.total == files.count * group.flipsPerFile)
        if group.probe { #expect(tally.probesThatWereNoOps == files.count) }
        if group.kind.isSignature { #expect(tally.total == tally.signature) }
    }

    /// Checks one verdict against what the flip must do.
    private func check(
        _ verdict: TrailVerdict, _ expected: Expected, flip: Flip, file: FlippedFile, folder: URL, original: [UInt8]
    ) {
        let what = "\(file.path) byte \(flip.position) ^ 0x\(String(flip.mask, radix: 16)) (\(expected.effect))"
        if expected.effect == .noOp {
            #expect(
                verdict.isVerified,
                "\(what): the canonical form is unchanged, so it must verify\n\(verdict.findingsText)")
            #expect(
                Flip.isFormatting(position: flip.position, original: original, mask: flip.mask),
                "\(what): a canonical no-op at a position that is not formatting")
            return
        }
        #expect(!verdict.isVerified, "\(what): verified")
        let failed = Set(verdict.failed)
        #expect(
            expected.required.isSubset(of: failed),
            "\(what): \(expected.required.subtracting(failed).sorted()) did not fail\n\(verdict.findingsText)")
        let unexpected = failed.subtracting(expected.required).subtracting(expected.tolerated)
        #expect(unexpected.isEmpty, "\(what): \(unexpected.sorted()) failed too\n\(verdict.findingsText)")
        if let skipped = expected.skipped {
            #expect(
                Set(verdict.skipped) == skipped,
                "\(what): skipped \(verdict.skipped.sorted()), expected \(skipped.sorted())\n\(verdict.findingsText)")
        }
        let location = folder.path + "/" + file.xmlPath
        #expect(
            verdict.findings(expected.naming).contains { $0.location == location },
            "\(what): no \(expected.naming) finding names \(file.xmlPath)\n\(verdict.findingsText)")
    }
}

extension ByteFlipTests {
    /// The kind of evidence file flipped.
    enum FileKind: String, Sendable {
        case entry, entrySignature, checkpoint, checkpointSignature

        var isSignature: Bool { self == .entrySignature || self == .checkpointSignature }
        var isEntry: Bool { self == .entry || self == .entrySignature }

        /// The files of this kind in the case, in sequence order.
        func files(in folder: URL) throws -> [FlippedFile] {
            let directory = isEntry ? Trail.folder : Trail.checkpointFolder
            let suffix = isSignature ? ".sig" : ".xml"
            return try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(directory).path)
                .filter { $0.hasSuffix(suffix) }.sorted()
                .map { name in
                    let sequence = Int(name.dropLast(4)) ?? 0
                    return FlippedFile(kind: self, sequence: sequence, path: directory + "/" + name)
                }
        }
    }

    /// A file being flipped: its kind, its sequence (or size) and its case-relative path.
    struct FlippedFile: Sendable {
        var kind: FileKind
        var sequence: Int
        var path: String

        /// The `.xml` the file is (or signs): where findings about it are located.
        var xmlPath: String { kind.isSignature ? String(path.dropLast(4)) + ".xml" : path }
    }

    /// One flip: XOR `mask` into the byte at `position`.
    struct Flip: Sendable {
        var position: Int
        var mask: UInt8
        /// A deliberate formatting flip (see ``flips(for:in:group:)``).
        var isProbe: Bool = false

        /// The flips for a file, as its group asks: the ends (one random bit of eight each), `seeded`
        /// distinct positions between them, and a formatting probe. Deterministic: seeded by the path.
        ///
        /// The seeded flips of XML files flip one of the three low bits, which keeps most bytes printable
        /// ASCII of the same class (a hex digit often stays a hex digit), so that more flipped files still
        /// parse and validate and must be caught by their signature, not by the schema; those of a
        /// signature flip any bit.
        static func flips(for file: FlippedFile, in bytes: [UInt8], group: Group) -> [Flip] {
            var generator = FlipGenerator(seed: file.path)
            func bit(_ bits: ClosedRange<UInt8>) -> UInt8 { UInt8(1) << UInt8.random(in: bits, using: &generator) }
            var flips: [Flip] = []
            switch group.ends {
            case .both:
                flips.append(Flip(position: 0, mask: bit(0...7)))
                flips.append(Flip(position: bytes.count - 1, mask: bit(0...7)))
            case .alternate:
                flips.append(Flip(position: file.sequence % 2 == 1 ? 0 : bytes.count - 1, mask: bit(0...7)))
            case .none:
                break
            }
            var taken = Set(flips.map(\.position))
            let ends = flips.count
            while flips.count < ends + group.seeded {
                let position = Int.random(in: 1..<(bytes.count - 1), using: &generator)
                if taken.insert(position).inserted {
                    flips.append(Flip(position: position, mask: bit(file.kind.isSignature ? 0...7 : 0...2)))
                }
            }
            if group.probe {
                // Odd-numbered files: a space between attributes (or in the XML declaration) becomes a tab.
                // Even-numbered files: the XML declaration says version "1.1" or encoding "uTF-8", "UtF-8" or
                // "UTf-8". Exclusive C14N drops the declaration and normalises whitespace in tags.
                let candidates =
                    file.sequence % 2 == 1
                    ? spacesBetweenAttributes(bytes).map { ($0, UInt8(0x20 ^ 0x09)) }
                    : declarationLetters(bytes)
                if !candidates.isEmpty {
                    let (position, mask) = candidates[Int.random(in: 0..<candidates.count, using: &generator)]
                    flips.append(Flip(position: position, mask: mask, isProbe: true))
                }
            }
            return flips
        }

        /// In `<?xml version="1.0" encoding="UTF-8"?>`: the `0` of the version (to `1`) and the letters of
        /// the encoding name (to lower case), with the mask that does it.
        static func declarationLetters(_ bytes: [UInt8]) -> [(Int, UInt8)] {
            let declaration = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
            guard bytes.starts(with: declaration) else { return [] }
            let zero = declaration.firstIndex(of: UInt8(ascii: "0")) ?? 0
            let first = declaration.firstIndex(of: UInt8(ascii: "U")) ?? 0
            let last = declaration.firstIndex(of: UInt8(ascii: "F")) ?? 0
            return [(zero, 0x01)] + (first...last).map { ($0, 0x20) }
        }

        /// Positions of spaces inside a tag (including the XML declaration) but outside attribute values.
        static func spacesBetweenAttributes(_ bytes: [UInt8]) -> [Int] {
            var positions: [Int] = []
            var inTag = false
            var quote: UInt8?
            for (index, byte) in bytes.enumerated() {
                if let open = quote {
                    if byte == open { quote = nil }
                } else if inTag {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
                    case UInt8(ascii: ">"): inTag = false
                    case UInt8(ascii: " "): positions.append(index)
                    default: break
                    }
                } else if byte == UInt8(ascii: "<") {
                    inTag = true
                }
            }
            return positions
        }

        /// Whether a flip at `position` is one that XML treats as formatting: in the prolog before the
        /// root element, after the root element's end, or whitespace inside a tag turned into whitespace.
        static func isFormatting(position: Int, original: [UInt8], mask: UInt8) -> Bool {
            let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
            let rootStart =
                original.indices.first { index in
                    original[index] == UInt8(ascii: "<") && index + 1 < original.count
                        && ![UInt8(ascii: "?"), UInt8(ascii: "!")].contains(original[index + 1])
                } ?? original.count
            let rootEnd = (original.lastIndex(of: UInt8(ascii: ">")) ?? original.count - 1) + 1
            if position < rootStart || position >= rootEnd { return true }
            let before = original[..<position]
            let inTag =
                (before.lastIndex(of: UInt8(ascii: "<")) ?? -1) > (before.lastIndex(of: UInt8(ascii: ">")) ?? -1)
            return inTag && whitespace.contains(original[position]) && whitespace.contains(original[position] ^ mask)
        }
    }

    /// What a flip did to a file, worked out from the bytes, and the checks that must (and may) fail.
    struct Expected {
        /// What the flip did.
        enum Effect: String, CustomStringConvertible {
            /// A signature file changed.
            case signature
            /// The XML no longer parses, is not schema-valid, or holds an unusable value.
            case unreadable
            /// A valid document whose canonical form changed: a change of meaning.
            case changed
            /// The same canonical form: formatting only.
            case noOp

            var description: String { rawValue }
        }

        /// The checks that read what an entry says (its kind, time, subjects, receipt, decision) and do
        /// not need `signatures-are-valid`, so a forged entry can make them fail too: they report the
        /// consequence of believing it (a flipped digit in a time can date an entry before its predecessor).
        static let readsEntryContent: Set<String> = [
            "entries-are-in-time-order", "evaluation-is-current", "inputs-match-record", "results-match-record",
            "results-reproduce",
            "plan-sealed-before-opening", "every-bid-has-a-final-status", "abnormally-low-decided",
            "abnormally-low-explanation-requested", "abnormally-low-request-on-record", "recommended-is-rank-one",
            "tie-break-applied",
        ]

        var effect: Effect
        var required: Set<String>
        var tolerated: Set<String> = []
        /// When known, exactly the checks that must be skipped.
        var skipped: Set<String>?
        /// The check whose findings must name the file.
        var naming: String

        init(
            file: FlippedFile, before: (canonical: [UInt8]?, entry: TrailEntry?, checkpoint: Checkpoint?),
            after: (canonical: [UInt8]?, entry: TrailEntry?, checkpoint: Checkpoint?), lastSequence: Int
        ) {
            let isLast = file.sequence == lastSequence
            if file.kind.isSignature {
                effect = .signature
                required = ["signatures-are-valid"]
                naming = "signatures-are-valid"
                return
            }
            if after.canonical != nil, after.canonical == before.canonical {
                effect = .noOp
                required = []
                naming = ""
                return
            }
            if file.kind == .entry {
                guard let entry = after.entry else {
                    effect = .unreadable
                    required = ["entries-are-well-formed", "checkpoints-are-consistent"]
                    if !isLast { required.insert("entries-are-hash-chained") }
                    if before.entry?.decision != nil || before.entry?.receipt != nil {
                        tolerated.insert("results-reproduce")
                    }
                    // Nothing that reads the entries' content runs without the damaged entry.
                    skipped = Violation.dependents(of: "entries-are-well-formed")
                    naming = "entries-are-well-formed"
                    return
                }
                effect = .changed
                required = ["signatures-are-valid", "checkpoints-are-consistent"]
                if !isLast || entry.previous != before.entry?.previous { required.insert("entries-are-hash-chained") }
                if entry.sequence != before.entry?.sequence { required.insert("entries-are-well-formed") }
                tolerated = Self.readsEntryContent
                naming = "signatures-are-valid"
            } else {
                guard let checkpoint = after.checkpoint else {
                    effect = .unreadable
                    required = ["checkpoints-are-consistent"]
                    naming = "checkpoints-are-consistent"
                    return
                }
                effect = .changed
                required = ["signatures-are-valid"]
                if checkpoint.size != before.checkpoint?.size || checkpoint.head != before.checkpoint?.head {
                    required.insert("checkpoints-are-consistent")
                }
                naming = "signatures-are-valid"
            }
        }
    }

    /// How many flips had each effect.
    struct Tally: CustomStringConvertible {
        var signature = 0
        var unreadable = 0
        var changed = 0
        var noOps = 0
        var probesThatWereNoOps = 0
        /// Canonical no-ops for which `xmllint --exc-c14n` printed the same bytes as for the original.
        var confirmedByXmllint = 0

        var total: Int { signature + unreadable + changed + noOps }

        mutating func count(_ effect: Expected.Effect, probe: Bool) {
            switch effect {
            case .signature: signature += 1
            case .unreadable: unreadable += 1
            case .changed: changed += 1
            case .noOp:
                noOps += 1
                if probe { probesThatWereNoOps += 1 }
            }
        }

        var description: String {
            "\(total) flips: \(signature) of a signature, \(unreadable) left no valid document, \(changed) changed the meaning,"
                + " \(noOps) canonical no-ops (\(probesThatWereNoOps) of them deliberate, \(confirmedByXmllint) confirmed by"
                + " xmllint)"
        }
    }
}
