// tender-bench-gen N FOLDER: writes a synthetic case of N bids into FOLDER (which must not exist)
// and records its whole lifecycle with the EvidenceTrail library, deterministically: the same N
// gives the same files, byte for byte (seeded text, fixed clock, keys from public seeds).
//
// The case: one lot with 40 quality criteria (Q01…Q40, 1.5 % each, scale 0–4) and price (40 %,
// lowest-price ratio); N bids (BID-00001…), each answering every criterion with 1–2 KB of text;
// three quality evaluators (EV-1…EV-3) who each score every bid (40 scores with ~200-character
// justifications, within the plan's maximum spread of 1); a lead who also moderates (LEAD) and a
// price evaluator (FIN); five conflict-of-interest declarations covering every tenderer; one
// moderation record. Then: seal, receive every bid, open, declare, score every sheet, moderate,
// evaluate. Receipts and score sheets go through the library's batch steps
// (`Lifecycle.receiveAll`, `Lifecycle.scoreAll`), which write exactly what the single-step
// commands would, without re-reading the whole trail for every step.
//
// The keys are derived from public seeds: benchmark data only, never real keys.

import EvidenceTrail
import Foundation
import Synchronization
import TenderDocuments
import TenderModel

// MARK: - Deterministic text

/// SplitMix64: a small, fast, seeded generator (the same seed gives the same sequence everywhere).
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

let vocabulary = """
    asset register baseline audit barcoded tag frequency inspection testing schedule portal export weekly \
    monthly quarterly report contract manager supervisor calibration instrument defect repair labelled \
    responsible person building school care home holiday term visit consent staff vetting disclosure \
    apprentice placement training living wage guaranteed hours subcontractor agency supply chain local \
    spend community benefit carbon emissions vehicle electric route planning waste recycling packaging \
    mobilisation handover exit plan continuity contingency escalation helpdesk response time resolution \
    key performance indicator target measured evidence appendix certificate accreditation insurance \
    method statement risk assessment safe system of work permit isolation lock out competent person \
    qualification experience reference similar contract council authority premises occupants disruption \
    minimised evening weekend programme milestone dated named lead review meeting minutes action \
    improvement plan lessons learned innovation digital data accuracy reconciliation validation sample \
    re-test five per cent failure rate trend analysis recommendation approval written variation price \
    schedule of rates labour materials overheads profit value for money whole life cost benefit
    """.split(separator: " ").map(String.init)

/// Sentences of vocabulary words until the text is at least `length` characters long.
func prose(_ random: inout SplitMix64, length: Int, lead: String) -> String {
    var text = lead
    var sentence = 0
    while text.utf8.count < length {
        sentence += 1
        text += " (\(sentence)) We will"
        for _ in 0..<(8 + random.below(10)) { text += " " + vocabulary[random.below(vocabulary.count)] }
        text += "."
    }
    return text
}

func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
}

// MARK: - The case

let criteria = (1...40).map { String(format: "Q%02d", $0) }
let members = ["LEAD", "EV-1", "EV-2", "EV-3", "FIN"]
let evaluators = ["EV-1", "EV-2", "EV-3"]

func key(_ member: String) -> PrivateSigningKey {
    guard let key = PrivateSigningKey(seed: Digest(of: Array("tendertrail benchmark \(member)".utf8)).bytes) else {
        fatalError("a 32-byte seed always makes a key")
    }
    return key
}

func bidID(_ index: Int) -> String { String(format: "BID-%05d", index) }
func tendererID(_ index: Int) -> String { String(format: "T-%05d", index) }

func plan() -> String {
    let panel = [
        ("LEAD", "Lena Lead", ["lead", "moderator"]), ("EV-1", "Evan One", ["quality-evaluator"]),
        ("EV-2", "Eve Two", ["quality-evaluator"]), ("EV-3", "Ezra Three", ["quality-evaluator"]),
        ("FIN", "Fay Finance", ["price-evaluator"]),
    ].map { id, name, roles in
        "    <Evaluator id=\"\(id)\"><Name>\(name)</Name>" + roles.map { "<Role>\($0)</Role>" }.joined()
            + "<PublicKey algorithm=\"ed25519\">\(key(id).publicKey.spkiBase64)</PublicKey></Evaluator>"
    }
    let quality = criteria.map { id in
        "      <Criterion id=\"\(id)\" type=\"quality\" weight=\"1.5\" scale=\"S04\">"
            + "<Name languageID=\"ENG\">Quality question \(id)</Name></Criterion>"
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <TenderPlan xmlns="urn:tendertrail:tender:1" id="BENCH-1">
          <Title>Synthetic benchmark case</Title>
          <ContractingAuthority>Example Benchmark Council</ContractingAuthority>
          <Currency>EUR</Currency>
          <SubmissionDeadline>2025-03-14T12:00:00+00:00</SubmissionDeadline>
          <Rules>
            <Rounding places="2" mode="half-up" stage="criterion-points"/>
            <Aggregation method="median" maximumSpread="1"/>
            <TieBreak><Rule>highest-quality-points</Rule><Rule>lowest-price</Rule></TieBreak>
          </Rules>
          <Scales>
            <Scale id="S04">
              <Point value="0">Unacceptable</Point>
              <Point value="1">Poor</Point>
              <Point value="2">Acceptable</Point>
              <Point value="3">Good</Point>
              <Point value="4">Excellent</Point>
            </Scale>
          </Scales>
          <Panel>
        \(panel.joined(separator: "\n"))
          </Panel>
          <Gates>
            <Gate id="G-1" kind="selection"><Name>Insurance</Name><Requirement>EUR 5m public liability</Requirement></Gate>
          </Gates>
          <Lot id="LOT-1">
            <Title>Everything</Title>
            <AwardCriteria weighting="percent">
        \(quality.joined(separator: "\n"))
              <Criterion id="P" type="price" weight="40"><Name languageID="ENG">Price</Name><PriceFormula kind="lowest-price-ratio"/></Criterion>
            </AwardCriteria>
          </Lot>
        </TenderPlan>

        """
}

/// Bid `index`: a unique price between 95 000 and 115 000 EUR, and 1–2 KB per response.
func bid(_ index: Int) -> String {
    var random = SplitMix64(state: UInt64(index) &* 7919)
    let cents = 9_500_000 + (index * 7_919) % 2_000_000
    let price = "\(cents / 100).\(String(format: "%02d", cents % 100))"
    var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Bid xmlns="urn:tendertrail:bid:1" id="\(bidID(index))">
          <Tenderer id="\(tendererID(index))"><Name>Tenderer \(index) Ltd</Name></Tenderer>
          <GateDeclaration gate="G-1" meets="true">Public liability insurance of EUR 5m; schedule attached.</GateDeclaration>
          <LotBid lot="LOT-1">
            <Price currency="EUR">\(price)</Price>

        """
    for criterion in criteria {
        let length = 1_000 + random.below(1_000)
        text +=
            "    <Response criterion=\"\(criterion)\">\(escaped(prose(&random, length: length, lead: "Our answer to \(criterion):")))</Response>\n"
    }
    text += "  </LotBid>\n</Bid>\n"
    return text
}

/// The scores of bid `index` by each evaluator: a base score per criterion, and each evaluator
/// at most one above it (so the spread never exceeds the plan's maximum of 1).
func scores(_ index: Int) -> [[Int]] {
    var random = SplitMix64(state: UInt64(index) &* 104_729)
    let base = criteria.map { _ in 1 + random.below(3) }
    return evaluators.map { _ in base.map { $0 + random.below(2) } }
}

func sheet(evaluator: String, evaluatorIndex: Int, bid index: Int, scores: [Int]) -> String {
    var random = SplitMix64(state: UInt64(index) &* 31 &+ UInt64(evaluatorIndex))
    var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ScoreSheet xmlns="urn:tendertrail:score-sheet:1" evaluator="\(evaluator)" bid="\(bidID(index))" lot="LOT-1">

        """
    for (criterion, value) in zip(criteria, scores) {
        let justification = prose(
            &random, length: 180 + random.below(40),
            lead: "Paragraph \(1 + random.below(9)) of the \(criterion) answer:")
        text +=
            "  <Score criterion=\"\(criterion)\" value=\"\(value)\"><Justification>\(escaped(justification))</Justification></Score>\n"
    }
    text += "</ScoreSheet>\n"
    return text
}

func declaration(_ member: String, bids: Int) -> String {
    var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ConflictDeclaration xmlns="urn:tendertrail:declaration:1" member="\(member)">

        """
    for index in 1...bids {
        text +=
            "  <Tenderer id=\"\(tendererID(index))\" conflict=\"false\">No relationship with Tenderer \(index) Ltd.</Tenderer>\n"
    }
    text += "</ConflictDeclaration>\n"
    return text
}

let moderation = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Moderation xmlns="urn:tendertrail:moderation:1" lot="LOT-1">
      <HeldAt>2025-03-21T09:00:00+00:00</HeldAt>
      <Attendee evaluator="EV-1"/>
      <Attendee evaluator="EV-2"/>
      <Attendee evaluator="EV-3"/>
      <Consensus bid="BID-00001" criterion="Q01" score="2">
        <Reason>The panel compared paragraphs 2 and 3 of the Q01 answer: the method is complete but undated, which the scale places at 2 (Acceptable). Agreed 2.</Reason>
      </Consensus>
    </Moderation>

    """

// MARK: - The clock

/// A clock set to a time, optionally ticking one second after each reading.
final class BenchClock: Sendable {
    private let state = Mutex<(seconds: Int, ticking: Bool)>((0, false))

    func set(_ text: String, ticking: Bool = false) {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { fatalError("bad time \(text)") }
        state.withLock { $0 = (Int(date.timeIntervalSince1970), ticking) }
    }

    func now() -> Timestamp {
        state.withLock { state in
            let time = Timestamp(secondsSince1970: state.seconds, offsetMinutes: 0)
            if state.ticking { state.seconds += 1 }
            return time
        }
    }
}

// MARK: - Main

func write(_ text: String, to relative: String, in folder: URL) throws {
    let url = folder.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func step(_ name: String, _ body: () throws(LifecycleError) -> LifecycleOutcome) {
    let start = Date()
    do {
        let outcome = try body()
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("\(name): \(outcome.appended.count) entr(ies), \(seconds) s\n".utf8))
    } catch {
        fail("\(name) failed:\n\(error.description)")
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[1]), count >= 1, count <= 99_999 else {
    fail("usage: tender-bench-gen N FOLDER   (1 ≤ N ≤ 99999; FOLDER must not exist)")
}
let folder = URL(fileURLWithPath: arguments[2], isDirectory: true).standardizedFileURL
guard !FileManager.default.fileExists(atPath: folder.path) else { fail("\(arguments[2]): already exists") }

do {
    try write(plan(), to: "tender.xml", in: folder)
    for index in 1...count {
        try write(bid(index), to: "bids/\(bidID(index)).xml", in: folder)
        for (evaluatorIndex, (evaluator, values)) in zip(evaluators, scores(index)).enumerated() {
            try write(
                sheet(evaluator: evaluator, evaluatorIndex: evaluatorIndex, bid: index, scores: values),
                to: "scores/\(evaluator)/\(bidID(index)).xml", in: folder)
        }
    }
    for member in members { try write(declaration(member, bids: count), to: "declarations/\(member).xml", in: folder) }
    try write(moderation, to: "moderation/LOT-1.xml", in: folder)
} catch {
    fail("cannot write the case: \(error)")
}
FileHandle.standardError.write(Data("wrote \(count) bid(s) and \(3 * count) score sheet(s)\n".utf8))

let clock = BenchClock()
let lifecycle = Lifecycle(folder: CaseFolder(path: folder.path), clock: clock.now)
clock.set("2025-03-01T09:00:00Z")
step("seal") { () throws(LifecycleError) in try lifecycle.seal(key: key("LEAD")) }
clock.set("2025-03-02T00:00:00Z", ticking: true)
let bidFiles = (1...count).map { folder.appendingPathComponent("bids/\(bidID($0)).xml") }
step("receive") { () throws(LifecycleError) in try lifecycle.receiveAll(bidFiles, key: key("LEAD")) }
clock.set("2025-03-14T13:00:00Z")
step("open") { () throws(LifecycleError) in try lifecycle.open(key: key("LEAD")) }
for (index, member) in members.enumerated() {
    clock.set("2025-03-15T09:0\(index):00Z")
    step("declare \(member)") { () throws(LifecycleError) in try lifecycle.declare(key: key(member)) }
}
clock.set("2025-03-16T00:00:00Z", ticking: true)
let keys = Dictionary(uniqueKeysWithValues: evaluators.map { ($0, key($0)) })
let sheets = (1...count).flatMap { index in
    evaluators.map { (path: "scores/\($0)/\(bidID(index)).xml", key: keys[$0] ?? key($0)) }
}
step("score") { () throws(LifecycleError) in try lifecycle.scoreAll(sheets) }
clock.set("2025-03-21T10:00:00Z")
step("moderate") { () throws(LifecycleError) in try lifecycle.moderate(lot: "LOT-1", key: key("LEAD")) }
clock.set("2025-03-21T12:00:00Z")
step("evaluate") { () throws(LifecycleError) in try lifecycle.evaluate(key: key("FIN")) }
