public import EvidenceTrail
import Foundation
public import TenderEvaluation
public import TenderModel

/// The evaluation as an Open Contracting Data Standard (OCDS) 1.1 release package: one release
/// with the tender (lots and award criteria), the bids and the recommended awards, for publication
/// or for tools that read OCDS.
///
/// The package follows the OCDS 1.1.5 release-package schema with three extensions, listed in its
/// `extensions` field by URLs pinned to the commits whose schemas the tests validate against:
/// lots (`tender.lots`, `tender.lotGroups`, `relatedLots`), bids (`bids.statistics`, `bids.details`,
/// `awards[].relatedBids`) and awardCriteriaBreakdown (`Lot.awardCriteria.criteria[]`).
///
/// What is written, field by field:
///
/// - Package: `uri` (``Options/packageURI``, by default `urn:tendertrail:ocds-release-package:` and
///   the release ID), `version` `1.1`, `extensions`, `publishedDate` (the release's date: the
///   package is made on demand, so it carries the date of the last change to its contents),
///   `publisher.name` (the contracting authority).
/// - Release: `ocid` (see ``ocid(planID:prefix:)``), `id` (`<ocid>-entry-<n>`, with `n` the trail
///   entry the release reflects: the evaluation, or a later award recommendation), `date` (that
///   entry's time, with its offset), `tag` (`tender`, plus `award` when an award is recommended),
///   `initiationType` `tender`, `parties`, `buyer`, `tender`, `bids`, `awards`.
/// - `parties`: the contracting authority (ID `contracting-authority`, roles `buyer` and
///   `procuringEntity`), then each tenderer by tenderer ID (role `tenderer`, and `supplier` when a
///   bid of theirs is recommended for award). `buyer` and `tender.procuringEntity` refer to the
///   contracting authority.
/// - `tender`: `id` (the plan's ID), `title`, `procuringEntity`, `value` (the estimated value),
///   `awardCriteria` (`priceOnly`, `costOnly`, `qualityOnly` or `ratedCriteria`, from the types of
///   the lots' criteria, when every lot agrees), `tenderPeriod.endDate` (the submission deadline),
///   `numberOfTenderers`, `tenderers`, `lots` (ID, title, estimated value, award criteria) and
///   `lotGroups` for groups of lots (ID, title, member lots, estimated value as `maximumValue`,
///   award criteria).
/// - Award criteria (awardCriteriaBreakdown): each top-level criterion of the lot with its `type`
///   (the eForms award-criterion type: `price`, `cost`, `quality`), `name`, `description` (in the
///   notice's language, else English) and `numbers`: its weight (`percentageExact`,
///   `pointsExact` for a points weighting, `decimalExact` for a decimal one) and its minimum score
///   on its scale (`minimumScore`).
///   Sub-criteria are not listed: the extension has no tree, and their weights are shares of
///   their parent's.
/// - `bids.details`: one bid per bid and lot (ID: the bid ID, or `<bid>-<lot>` for a bid in several
///   lots), with `date` (its receipt as the trail records it), `status` (`valid` when ranked,
///   `disqualified` when excluded, whatever the stage), `tenderers`, `value` (the price as written;
///   the exact sum when it quotes one price per priced criterion; left out for a late bid, which
///   was excluded unread), `relatedLots`, `hasRank` and `rank`.
/// - `bids.statistics`, per lot: `bids` (every bid received for it, late ones included), `bidders`,
///   `validBids` (ranked), `lowestValidBidValue` and `highestValidBidValue` (among ranked bids),
///   `tendersDisqualified` (excluded) and `tendersAbnormallyLow` (rejected as abnormally low).
/// - `awards`: per lot, the award recommendation recorded in the trail on these exact results
///   (the latest, when there are several); none when there is none. `status` is `pending` (a
///   recommendation is not yet an award in force, e.g. during the standstill period), `date` the
///   recommendation's time, `description` its justification, `value` the bid's value,
///   `suppliers`, `relatedBids` and `relatedLots`.
///
/// Left out, because the plan and the trail do not hold them or they are not published here: the
/// procedure type, classifications and items; the tender's and lots' `status` (the trail does not
/// say whether the procedure is complete); the buyer's registered identifier and address; a
/// tenderer's country (OCDS 1.1 has no country code on an address); points and scores (OCDS has no
/// place for them; the CSV score matrix has them); the reasons for exclusion (they may be
/// confidential); contracts; the release `language` (the plan names an EU three-letter code).
/// The award's `description` is the lead's recorded justification: review it before publishing.
///
/// Numbers are exact: every amount, weight and score is written as JSON number text taken from its
/// decimal text (money as the document wrote it, `448750.00`; other decimals in their exact POSIX
/// form), never through `Double`; only leading zeros, which JSON forbids, are dropped.
///
/// Output is deterministic: the same evaluation and trail give the same bytes (UTF-8, two-space
/// indentation, keys in the order above, a final newline).
///
/// Sources: OCDS 1.1.5 release-package and release schemas (open-contracting/standard, tag
/// `1__1__5`); the lots, bids and awardCriteriaBreakdown extensions at the commits in
/// ``extensions``; the bids extension's `statistic` and `bidStatus` codelists; the OCDS
/// `awardCriteria` codelist.
public enum OCDSReleasePackage {
    /// The OCID prefix used when none is given: a placeholder that is obviously not registered.
    ///
    /// An OCID must start with a prefix registered with the Open Contracting Partnership
    /// (`ocds-` and six characters); replace this one with the contracting authority's before
    /// publishing.
    public static let defaultOCIDPrefix = "ocds-xxxxxx"

    /// The extensions the package uses, as the URLs of their `extension.json`, pinned to the commits
    /// whose release schemas it is validated against: lots, bids, awardCriteriaBreakdown.
    public static let extensions = [
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
            + "0666df1efb9c96b62de674cd4c8fee1c5402c443/extension.json",
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/"
            + "d62ff4b0ba393d823ca8113a9039b12edf7acb8f/extension.json",
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteriaBreakdown_extension/"
            + "9391240f353e8536992938fe9f7987cd89235331/extension.json",
    ]

    /// The party ID of the contracting authority (the plan states only its name).
    public static let contractingAuthorityID = "contracting-authority"

    /// Choices the plan does not make.
    public struct Options: Sendable {
        /// The registered OCID prefix (`ocds-` and six characters); by default
        /// ``OCDSReleasePackage/defaultOCIDPrefix``, a placeholder.
        public var ocidPrefix: String
        /// The package's `uri`, ideally where the package will be published; `nil` for
        /// `urn:tendertrail:ocds-release-package:<release ID>` (percent-encoded).
        public var packageURI: String?

        /// Creates options.
        public init(ocidPrefix: String = OCDSReleasePackage.defaultOCIDPrefix, packageURI: String? = nil) {
            self.ocidPrefix = ocidPrefix
            self.packageURI = packageURI
        }
    }

    /// An award recommendation recorded in the trail (`award-recommended`).
    public struct RecommendedAward: Equatable, Sendable {
        /// The lot.
        public var lot: LotID
        /// The bid recommended.
        public var bid: BidID
        /// The lead's justification.
        public var justification: String
        /// When it was recorded, with the recorder's offset.
        public var time: Timestamp
        /// The trail entry (1-based).
        public var sequence: Int

        /// Creates a recommendation record.
        public init(lot: LotID, bid: BidID, justification: String, time: Timestamp, sequence: Int) {
            self.lot = lot
            self.bid = bid
            self.justification = justification
            self.time = time
            self.sequence = sequence
        }
    }

    /// What the evidence trail records that the release needs: the evaluation entry, each bid's
    /// receipt time, and the award recommendations made on the same results.
    public struct TrailRecord: Equatable, Sendable {
        /// The time of the `evaluation-computed` entry that wrote the results.
        public var evaluationTime: Timestamp
        /// Its sequence number (1-based).
        public var evaluationSequence: Int
        /// Each bid's receipt time (its latest `bid-received` entry).
        public var receipts: [BidID: Timestamp]
        /// The latest award recommendation of each lot made on these results, by lot ID.
        public var awards: [RecommendedAward]

        /// Creates a record from its parts.
        public init(
            evaluationTime: Timestamp, evaluationSequence: Int, receipts: [BidID: Timestamp],
            awards: [RecommendedAward]
        ) {
            self.evaluationTime = evaluationTime
            self.evaluationSequence = evaluationSequence
            self.receipts = receipts
            self.awards = awards
        }

        /// Reads the record from `trail` for the results whose digests are `results`: the latest
        /// `evaluation-computed` entry that recorded them, the latest receipt of each bid, and the
        /// latest `award-recommended` entry of each lot that was made on them (a recommendation on
        /// other results no longer stands).
        ///
        /// - Throws: ``LifecycleError/outOfOrder(_:)`` when no evaluation entry recorded these results.
        public init(trail: Trail, results: DocumentDigests) throws(LifecycleError) {
            func isOnResults(_ entry: TrailEntry) -> Bool {
                entry.subjects.contains { $0.role == "results" && $0.digests.identity == results.identity }
            }
            let entries = trail.validEntries
            guard let evaluation = entries.last(where: { $0.kind == .evaluationComputed && isOnResults($0) }) else {
                throw .outOfOrder(
                    "the trail records no evaluation with these results; record it with `tender evaluate` first")
            }
            var receipts: [BidID: Timestamp] = [:]
            for entry in entries where entry.kind == .bidReceived {
                if let receipt = entry.receipt { receipts[receipt.bid] = entry.time }
            }
            let awards = trail.standingRecommendations(onResults: results.identity).compactMap { lot, standing in
                standing.entry.recommendation.map { recommendation in
                    RecommendedAward(
                        lot: lot, bid: standing.bid, justification: recommendation.justification,
                        time: standing.entry.time, sequence: standing.entry.sequence)
                }
            }
            self.init(
                evaluationTime: evaluation.time, evaluationSequence: evaluation.sequence, receipts: receipts,
                awards: awards.sorted { $0.lot < $1.lot })
        }

        /// The latest entry the release reflects: the evaluation or a later recommendation.
        var latest: (time: Timestamp, sequence: Int) {
            awards.reduce((evaluationTime, evaluationSequence)) { latest, award in
                award.sequence > latest.1 ? (award.time, award.sequence) : latest
            }
        }
    }

    /// The OCID: `<prefix>-<plan ID>`, e.g. `ocds-xxxxxx-c4c415ee-…-LOT-0000`.
    ///
    /// OCDS forms an OCID from a prefix registered for the publisher and an identifier of the
    /// contracting process that is unique for that publisher; the plan's ID (imported from the
    /// notice's identifier and lot) is that identifier.
    public static func ocid(planID: String, prefix: String) -> String { "\(prefix)-\(planID)" }

    /// Renders the release package for `result`, evaluated under `plan` from `bids`, as `record`
    /// shows it in the trail.
    ///
    /// - Returns: The JSON text (UTF-8 when written), ending with a newline.
    public static func render(
        plan: TenderPlan, bids: [Bid], result: EvaluationResult, record: TrailRecord, options: Options = Options()
    ) -> String {
        let builder = Builder(plan: plan, bids: bids, result: result, record: record)
        let ocid = ocid(planID: plan.id, prefix: options.ocidPrefix)
        let latest = record.latest
        let releaseID = "\(ocid)-entry-\(latest.sequence)"
        var release: [(String, JSON)] = [
            ("ocid", .string(ocid)), ("id", .string(releaseID)), ("date", .string(latest.time.text)),
            ("tag", .array([.string("tender")] + (builder.awards.isEmpty ? [] : [.string("award")]))),
            ("initiationType", .string("tender")), ("parties", .array(builder.parties())),
            ("buyer", builder.authority), ("tender", builder.tender()), ("bids", builder.bidsSection()),
        ]
        if !builder.awards.isEmpty { release.append(("awards", .array(builder.awards))) }
        let package: JSON = .object([
            ("uri", .string(options.packageURI ?? "urn:tendertrail:ocds-release-package:" + percentEncoded(releaseID))),
            ("version", .string("1.1")), ("extensions", .array(extensions.map(JSON.string))),
            ("publishedDate", .string(latest.time.text)),
            ("publisher", .object([("name", .string(plan.contractingAuthority))])),
            ("releases", .array([.object(release)])),
        ])
        var text = ""
        package.write(into: &text, indent: 0)
        return text + "\n"
    }

    /// `text` with every byte outside RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    // MARK: - Building the release

    /// Builds the release's sections from the evaluation; keeps the tenderers and awards it finds.
    private struct Builder {
        let plan: TenderPlan
        let bidsByID: [BidID: Bid]
        let result: EvaluationResult
        let record: TrailRecord
        /// How many lots each bid is evaluated in (a bid in several gets one OCDS bid per lot).
        let lotCounts: [BidID: Int]
        /// The award objects, in lot order.
        private(set) var awards: [JSON] = []
        /// The tenderers recommended for award.
        private(set) var suppliers: Set<TendererID> = []

        init(plan: TenderPlan, bids: [Bid], result: EvaluationResult, record: TrailRecord) {
            self.plan = plan
            self.bidsByID = Dictionary(bids.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            self.result = result
            self.record = record
            var counts: [BidID: Int] = [:]
            for lot in result.lots { for bid in lot.bids { counts[bid.bid, default: 0] += 1 } }
            self.lotCounts = counts
            buildAwards()
        }

        /// The contracting authority as an organization reference.
        var authority: JSON {
            .object([
                ("id", .string(OCDSReleasePackage.contractingAuthorityID)),
                ("name", .string(plan.contractingAuthority)),
            ])
        }

        /// Every tenderer with a bid in the evaluation, by tenderer ID (the first bid's name).
        var tenderers: [Tenderer] {
            var byID: [TendererID: Tenderer] = [:]
            for lot in result.lots {
                for bid in lot.bids.sorted(by: { $0.bid < $1.bid }) where byID[bid.tenderer.id] == nil {
                    byID[bid.tenderer.id] = bid.tenderer
                }
            }
            return byID.values.sorted { $0.id < $1.id }
        }

        func parties() -> [JSON] {
            var parties: [JSON] = [
                .object([
                    ("id", .string(OCDSReleasePackage.contractingAuthorityID)),
                    ("name", .string(plan.contractingAuthority)),
                    ("roles", .array([.string("buyer"), .string("procuringEntity")])),
                ])
            ]
            for tenderer in tenderers {
                let roles = ["tenderer"] + (suppliers.contains(tenderer.id) ? ["supplier"] : [])
                parties.append(
                    .object([
                        ("id", .string(tenderer.id.rawValue)), ("name", .string(tenderer.name)),
                        ("roles", .array(roles.map(JSON.string))),
                    ]))
            }
            return parties
        }

        func reference(_ tenderer: Tenderer) -> JSON {
            .object([("id", .string(tenderer.id.rawValue)), ("name", .string(tenderer.name))])
        }

        func tender() -> JSON {
            var fields: [(String, JSON)] = [
                ("id", .string(plan.id)), ("title", .string(plan.title)), ("procuringEntity", authority),
            ]
            if let value = plan.estimatedValue.flatMap(JSON.value) { fields.append(("value", value)) }
            let codes = Set(plan.lots.map { awardCriteriaCode($0.criteria.criteria) })
            if codes.count == 1, let code = codes.first { fields.append(("awardCriteria", .string(code))) }
            if let deadline = plan.submissionDeadline {
                fields.append(("tenderPeriod", .object([("endDate", .string(deadline.text))])))
            }
            let tenderers = tenderers
            fields.append(("numberOfTenderers", .number(String(tenderers.count))))
            fields.append(("tenderers", .array(tenderers.map(reference))))
            var lots: [JSON] = []
            var groups: [JSON] = []
            let listed = Set(plan.lots.filter { $0.kind == .lot }.map(\.id))
            var members: [LotID] = []
            for lot in plan.lots {
                var object: [(String, JSON)] = [("id", .string(lot.id.rawValue)), ("title", .string(lot.title))]
                switch lot.kind {
                case .lot:
                    if let value = lot.estimatedValue.flatMap(JSON.value) { object.append(("value", value)) }
                    if let criteria = awardCriteria(lot) { object.append(("awardCriteria", criteria)) }
                    lots.append(.object(object))
                case .group:
                    object.append(("relatedLots", .array(lot.members.map { .string($0.rawValue) })))
                    if let value = lot.estimatedValue.flatMap(JSON.value) { object.append(("maximumValue", value)) }
                    if let criteria = awardCriteria(lot) { object.append(("awardCriteria", criteria)) }
                    groups.append(.object(object))
                    members += lot.members.filter { !listed.contains($0) && !members.contains($0) }
                }
            }
            // A group's member lots that the plan does not list itself, so that references resolve.
            lots += members.map { .object([("id", .string($0.rawValue))]) }
            fields.append(("lots", .array(lots)))
            if !groups.isEmpty { fields.append(("lotGroups", .array(groups))) }
            return .object(fields)
        }

        /// The OCDS `awardCriteria` code for a lot's criteria: `priceOnly` when every criterion is
        /// of type `price`, `costOnly` when every one is `cost`, `qualityOnly` when none is either,
        /// else `ratedCriteria`.
        func awardCriteriaCode(_ criteria: [Criterion]) -> String {
            let types = Set(criteria.map(\.type))
            if types == ["price"] { return "priceOnly" }
            if types == ["cost"] { return "costOnly" }
            if types.isDisjoint(with: ["price", "cost"]) { return "qualityOnly" }
            return "ratedCriteria"
        }

        /// The lot's top-level criteria (awardCriteriaBreakdown), or `nil` when it has none.
        func awardCriteria(_ lot: Lot) -> JSON? {
            let language = plan.source?.language
            let criteria: [JSON] = lot.criteria.criteria.map { criterion in
                var object: [(String, JSON)] = []
                if !criterion.type.isEmpty { object.append(("type", .string(criterion.type))) }
                object.append(("name", .string(criterion.displayName(language: language))))
                let description = language.flatMap { criterion.descriptions[$0] } ?? criterion.descriptions["ENG"]
                if let description, !description.isEmpty { object.append(("description", .string(description))) }
                var numbers: [JSON] = []
                if let weight = criterion.weight {
                    let kind =
                        switch lot.criteria.weighting {
                        case .percent: "percentageExact"
                        case .points: "pointsExact"
                        case .decimal: "decimalExact"
                        }
                    numbers.append(.object([("number", JSON.number(weight)), ("weight", .string(kind))]))
                }
                if let minimum = criterion.minimumScore {
                    numbers.append(.object([("number", JSON.number(minimum)), ("threshold", .string("minimumScore"))]))
                }
                if !numbers.isEmpty { object.append(("numbers", .array(numbers))) }
                return .object(object)
            }
            return criteria.isEmpty ? nil : .object([("criteria", .array(criteria))])
        }

        /// The lots a lot's bids and awards relate to: the lot itself, or a group's member lots.
        func relatedLots(_ lot: LotID) -> [JSON] {
            if let declared = plan.lot(lot), declared.kind == .group, !declared.members.isEmpty {
                return declared.members.map { .string($0.rawValue) }
            }
            return [.string(lot.rawValue)]
        }

        func ocdsBidID(_ bid: BidID, lot: LotID) -> String {
            (lotCounts[bid] ?? 0) > 1 ? "\(bid)-\(lot)" : bid.rawValue
        }

        /// The bid's value in the lot, unless it was late (excluded unread).
        func value(of bid: BidEvaluation, lot: LotID) -> (json: JSON, exact: Rational, text: String, currency: String)?
        {
            if case let .excluded(exclusion) = bid.status, exclusion.stage == .lateSubmission { return nil }
            guard let lotBid = bidsByID[bid.bid]?.lotBid(lot), let price = ScoreMatrixCSV.priceText(lotBid),
                let exact = DecimalText.parse(price.amount), let json = JSON.value(price.amount, price.currency)
            else { return nil }
            return (json, exact, price.amount, price.currency)
        }

        func bidsSection() -> JSON {
            var statistics: [JSON] = []
            var details: [JSON] = []
            for lot in result.lots {
                let isGroup = plan.lot(lot.lot)?.kind == .group
                func statistic(_ measure: String, _ value: JSON, currency: String? = nil) -> JSON {
                    var object: [(String, JSON)] = [
                        ("id", .string("\(lot.lot)-\(measure)")), ("measure", .string(measure)), ("value", value),
                    ]
                    if let currency { object.append(("currency", .string(currency))) }
                    if isGroup {
                        object.append(("notes", .string("For the group of lots \(lot.lot).")))
                    } else {
                        object.append(("relatedLot", .string(lot.lot.rawValue)))
                    }
                    return .object(object)
                }
                let ranked = lot.bids.filter { $0.rank != nil }
                let excluded = lot.bids.filter { $0.rank == nil }
                let rejected = excluded.filter {
                    if case let .excluded(exclusion) = $0.status {
                        exclusion.stage == .abnormallyLowRejected
                    } else {
                        false
                    }
                }
                statistics.append(statistic("bids", .number(String(lot.bids.count))))
                statistics.append(statistic("bidders", .number(String(Set(lot.bids.map(\.tenderer.id)).count))))
                statistics.append(statistic("validBids", .number(String(ranked.count))))
                let values = ranked.compactMap { value(of: $0, lot: lot.lot) }
                if let currency = values.first?.currency, values.allSatisfy({ $0.currency == currency }),
                    let lowest = values.min(by: { $0.exact < $1.exact }),
                    let highest = values.max(by: { $0.exact < $1.exact }),
                    let lowestNumber = JSON.number(decimalText: lowest.text),
                    let highestNumber = JSON.number(decimalText: highest.text)
                {
                    statistics.append(statistic("lowestValidBidValue", lowestNumber, currency: currency))
                    statistics.append(statistic("highestValidBidValue", highestNumber, currency: currency))
                }
                statistics.append(statistic("tendersDisqualified", .number(String(excluded.count))))
                statistics.append(statistic("tendersAbnormallyLow", .number(String(rejected.count))))
                for bid in lot.bids.sorted(by: { $0.bid < $1.bid }) {
                    var object: [(String, JSON)] = [("id", .string(ocdsBidID(bid.bid, lot: lot.lot)))]
                    if let received = record.receipts[bid.bid] { object.append(("date", .string(received.text))) }
                    object.append(("status", .string(bid.rank == nil ? "disqualified" : "valid")))
                    object.append(("tenderers", .array([reference(bid.tenderer)])))
                    if let value = value(of: bid, lot: lot.lot) { object.append(("value", value.json)) }
                    object.append(("relatedLots", .array(relatedLots(lot.lot))))
                    object.append(("hasRank", .bool(bid.rank != nil)))
                    if let rank = bid.rank { object.append(("rank", .number(String(rank)))) }
                    details.append(.object(object))
                }
            }
            return .object([("statistics", .array(statistics)), ("details", .array(details))])
        }

        /// The award objects of the recommendations, in lot order, and the suppliers they name.
        private mutating func buildAwards() {
            for lot in result.lots {
                guard let award = record.awards.first(where: { $0.lot == lot.lot }),
                    let bid = lot.bids.first(where: { $0.bid == award.bid })
                else { continue }
                var object: [(String, JSON)] = [
                    ("id", .string("\(lot.lot)-\(bid.bid)")), ("description", .string(award.justification)),
                    ("status", .string("pending")), ("date", .string(award.time.text)),
                ]
                if let value = value(of: bid, lot: lot.lot) { object.append(("value", value.json)) }
                object.append(("suppliers", .array([reference(bid.tenderer)])))
                object.append(("relatedBids", .array([.string(ocdsBidID(bid.bid, lot: lot.lot))])))
                object.append(("relatedLots", .array(relatedLots(lot.lot))))
                awards.append(.object(object))
                suppliers.insert(bid.tenderer.id)
            }
        }
    }
}

// MARK: - JSON text

extension OCDSReleasePackage {
    /// A JSON value written by hand, so that numbers keep their exact decimal text (Foundation's
    /// encoders would take a `Decimal` through its own formatting or a `Double`).
    enum JSON: Sendable {
        case object([(String, JSON)])
        case array([JSON])
        case string(String)
        /// JSON number text (RFC 8259 §6), already checked.
        case number(String)
        case bool(Bool)

        /// A number from a strict decimal literal (`-?[0-9]+(\.[0-9]+)?`), keeping every digit as
        /// written but the leading zeros of the integer part, which JSON forbids (`007.50` → `7.50`);
        /// `nil` for anything else.
        static func number(decimalText text: String) -> JSON? {
            guard DecimalText.isStrictDecimal(text) else { return nil }
            let negative = text.hasPrefix("-")
            let body = negative ? text.dropFirst() : Substring(text)
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            var integer = String(parts[0].drop { $0 == "0" })
            if integer.isEmpty { integer = "0" }
            let fraction = parts.count > 1 ? "." + parts[1] : ""
            return .number((negative ? "-" : "") + integer + fraction)
        }

        /// A number from a `Decimal`, in its exact POSIX decimal form.
        static func number(_ value: Decimal) -> JSON {
            number(decimalText: Rational(value).exactText) ?? .number("0")
        }

        /// An OCDS `Value` (`amount` and `currency`), or `nil` when `amount` is not a decimal literal.
        static func value(_ amount: String, _ currency: String) -> JSON? {
            number(decimalText: amount).map { .object([("amount", $0), ("currency", .string(currency))]) }
        }

        /// An OCDS `Value` for money, as its document wrote the amount.
        static func value(_ money: Money) -> JSON? { value(money.text, money.currency.code) }

        /// Appends the value's text, pretty-printed with two-space indentation.
        func write(into text: inout String, indent: Int) {
            switch self {
            case let .object(members):
                if members.isEmpty {
                    text += "{}"
                    return
                }
                text += "{\n"
                for (index, (key, value)) in members.enumerated() {
                    text += String(repeating: " ", count: indent + 2)
                    JSON.string(key).write(into: &text, indent: indent + 2)
                    text += ": "
                    value.write(into: &text, indent: indent + 2)
                    text += index + 1 < members.count ? ",\n" : "\n"
                }
                text += String(repeating: " ", count: indent) + "}"
            case let .array(items):
                if items.isEmpty {
                    text += "[]"
                    return
                }
                text += "[\n"
                for (index, item) in items.enumerated() {
                    text += String(repeating: " ", count: indent + 2)
                    item.write(into: &text, indent: indent + 2)
                    text += index + 1 < items.count ? ",\n" : "\n"
                }
                text += String(repeating: " ", count: indent) + "]"
            case let .string(value):
                text += "\""
                for scalar in value.unicodeScalars {
                    switch scalar {
                    case "\"": text += "\\\""
                    case "\\": text += "\\\\"
                    case "\n": text += "\\n"
                    case "\r": text += "\\r"
                    case "\t": text += "\\t"
                    case "\u{08}": text += "\\b"
                    case "\u{0C}": text += "\\f"
                    case "\u{2028}": text += "\\u2028"
                    case "\u{2029}": text += "\\u2029"
                    default:
                        if scalar.value < 0x20 {
                            text += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                        } else {
                            text.unicodeScalars.append(scalar)
                        }
                    }
                }
                text += "\""
            case let .number(value): text += value
            case let .bool(value): text += value ? "true" : "false"
            }
        }
    }
}

extension String {
    /// The string with zeros in front, to at least `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
