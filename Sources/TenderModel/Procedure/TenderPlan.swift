public import Foundation

/// The evaluation plan: everything fixed before bids are opened about how they will be evaluated.
///
/// Read from `tender.xml` (schema `urn:tendertrail:tender:1`). Values carry their
/// ``FileLocation`` so that errors can name the line. Whether the plan can be evaluated is derived
/// from its content (``TenderPlan/readinessProblems()``), never from a flag.
public struct TenderPlan: Equatable, Sendable {
    /// The plan's identifier.
    public var id: String
    /// The procedure's title.
    public var title: String
    /// The contracting authority (the buyer).
    public var contractingAuthority: String
    /// The currency in which prices must be stated; `nil` until stated (the plan is then not ready).
    public var currency: CurrencyCode?
    /// The deadline for receipt of tenders, when stated.
    public var submissionDeadline: Timestamp?
    /// The estimated value of the procurement, when stated.
    public var estimatedValue: Money?
    /// The contract notice the plan was imported from, when it was.
    public var source: NoticeSource?
    /// Rounding, aggregation, tie-break and abnormally-low screen.
    public var rules: EvaluationRules
    /// Scoring scales by ID.
    public var scales: [ScaleID: ScoringScale]
    /// The evaluation panel.
    public var panel: [PanelMember]
    /// Pass/fail gates (exclusion grounds, selection criteria, mandatory requirements), in plan order.
    public var gates: [Gate]
    /// The ESPD request the gates decided by ESPD responses refer to (`<Gates espdRequest>`): a file
    /// in the case folder, `espd-request.xml`; `nil` when no gate is decided by an ESPD.
    public var espdRequest: String?
    /// Lots and groups of lots, in plan order.
    public var lots: [Lot]
    /// Where the root element was read.
    public var location: FileLocation

    /// Creates a plan.
    public init(
        id: String, title: String, contractingAuthority: String, currency: CurrencyCode?,
        submissionDeadline: Timestamp?, estimatedValue: Money?, source: NoticeSource?, rules: EvaluationRules,
        scales: [ScaleID: ScoringScale], panel: [PanelMember], gates: [Gate], lots: [Lot], location: FileLocation
    ) {
        self.id = id
        self.title = title
        self.contractingAuthority = contractingAuthority
        self.currency = currency
        self.submissionDeadline = submissionDeadline
        self.estimatedValue = estimatedValue
        self.source = source
        self.rules = rules
        self.scales = scales
        self.panel = panel
        self.gates = gates
        self.lots = lots
        self.location = location
        self.espdRequest = nil
    }

    /// The lot with this ID.
    public func lot(_ id: LotID) -> Lot? { lots.first { $0.id == id } }

    /// The panel member with this ID.
    public func member(_ id: EvaluatorID) -> PanelMember? { panel.first { $0.id == id } }
}

/// Where an imported plan came from: the notice, the lot, and what the import found.
public struct NoticeSource: Equatable, Sendable {
    /// The notice file, relative to the plan (`notice.xml`).
    public var file: String
    /// The notice identifier and version (BT-701, BT-757).
    public var noticeID: String?
    /// The notice version (BT-757).
    public var noticeVersion: String?
    /// `eforms-sdk-1.15` etc. (BT-… `cbc:CustomizationID`).
    public var customizationID: String?
    /// `cn-standard` etc. (BT-02) and the subtype (OPP-070).
    public var noticeType: String?
    /// The notice subtype (OPP-070), e.g. `16`.
    public var noticeSubType: String?
    /// The notice language (BT-702), an EU three-letter code.
    public var language: String?
    /// The lot or group of lots imported (BT-137 / BT-330); `nil` when the plan imports every lot and
    /// group of lots of the notice (`tender import-notice --all-lots`).
    public var lot: String?
    /// `Lot` or `LotsGroup` (the `schemeName` of the lot's `cbc:ID`); `nil` for every lot.
    public var lotScheme: String?
    /// SHA-256 of the notice's exact bytes at import, in lowercase hex.
    public var sha256: String?
    /// What the import found worth saying (weights not exact, business rules failed, …).
    public var notes: [ImportNote]

    /// Creates a source record.
    public init(
        file: String, noticeID: String? = nil, noticeVersion: String? = nil, customizationID: String? = nil,
        noticeType: String? = nil, noticeSubType: String? = nil, language: String? = nil, lot: String?,
        lotScheme: String? = nil, sha256: String? = nil, notes: [ImportNote] = []
    ) {
        self.file = file
        self.noticeID = noticeID
        self.noticeVersion = noticeVersion
        self.customizationID = customizationID
        self.noticeType = noticeType
        self.noticeSubType = noticeSubType
        self.language = language
        self.lot = lot
        self.lotScheme = lotScheme
        self.sha256 = sha256
        self.notes = notes
    }
}

/// One finding of `tender import-notice`, kept in the plan as provenance.
public struct ImportNote: Equatable, Sendable, CustomStringConvertible {
    /// A stable code. Weights: `weight-not-exact` (range or order of importance), `weight-fixed`
    /// (fix-tot/fix-unit not imported as a price gate), `fixed-price` (imported as a price gate),
    /// `weight-without-kind` (a number without a code), `weight-unknown-kind`,
    /// `no-weight`, `several-weights`, `weights-mixed-kinds`, `business-rule` (with ``rule``).
    /// Criteria: `threshold-max-pass` (imported as maximumPassing), `threshold-min-score` (to be
    /// applied by the authority), `threshold-published`, `misplaced-criterion`, `no-criteria`, `no-type`,
    /// `method-described` (BT-543), `order-justification` (BT-733), `parameter-without-number`,
    /// `parameter-unknown-kind`, `number-not-decimal`. Lot and notice: `no-deadline`,
    /// `deadline-from-member-lots`, `no-contracting-authority`, `no-title`, `group-without-members`,
    /// `group-member-unknown`, `estimated-value-unusable`.
    public var code: String
    /// The criterion concerned, when one is.
    public var criterion: CriterionID?
    /// The eForms business rule, for `business-rule` notes (e.g. `BR-BT-00539-0200`).
    public var rule: String?
    /// The explanation.
    public var message: String

    /// Creates a note.
    public init(code: String, criterion: CriterionID? = nil, rule: String? = nil, message: String) {
        self.code = code
        self.criterion = criterion
        self.rule = rule
        self.message = message
    }

    /// `[rule] message` or `message`.
    public var description: String { (rule.map { "\($0): " } ?? "") + message }
}

/// The plan's evaluation rules.
public struct EvaluationRules: Equatable, Sendable {
    /// The rounding the plan declares, or `nil` for none (everything exact).
    public var rounding: Rounding?
    /// How individual evaluators' scores become one score when there is no moderated score;
    /// `nil` until stated (a plan with scored criteria is then not ready).
    public var aggregation: Aggregation?
    /// The ordered tie-break rules; empty when the plan declares none.
    public var tieBreak: [TieBreakRule]
    /// The abnormally-low screen, when declared.
    public var abnormallyLowScreen: AbnormallyLowScreen?
    /// Process requirements that `tender verify` checks.
    public var process: ProcessRules

    /// Creates rules.
    public init(
        rounding: Rounding? = nil, aggregation: Aggregation? = nil, tieBreak: [TieBreakRule] = [],
        abnormallyLowScreen: AbnormallyLowScreen? = nil, process: ProcessRules = ProcessRules()
    ) {
        self.rounding = rounding
        self.aggregation = aggregation
        self.tieBreak = tieBreak
        self.abnormallyLowScreen = abnormallyLowScreen
        self.process = process
    }
}

/// Process requirements the plan sets for the evaluation, checked by `tender verify`'s rule catalogue.
public struct ProcessRules: Equatable, Sendable {
    /// No quality evaluator may sign the price evaluation (the evaluation entry).
    public var separateQualityAndPriceEvaluators: Bool
    /// No score sheet or moderation record may be recorded after prices are opened (the first
    /// evaluation): quality scores are locked first.
    public var lockQualityBeforePrices: Bool

    /// Creates process rules (both off by default).
    public init(separateQualityAndPriceEvaluators: Bool = false, lockQualityBeforePrices: Bool = false) {
        self.separateQualityAndPriceEvaluators = separateQualityAndPriceEvaluators
        self.lockQualityBeforePrices = lockQualityBeforePrices
    }
}

/// How individual scores are aggregated when no moderated (consensus) score exists.
public struct Aggregation: Equatable, Sendable {
    /// The statistic.
    public enum Method: String, Equatable, Sendable {
        /// The median; with an even number of scores, the mean of the two middle ones.
        case median
        /// The arithmetic mean.
        case mean
    }

    /// The statistic used.
    public var method: Method
    /// The largest spread (highest minus lowest individual score, in scale units) accepted without
    /// moderation; above it a moderated score is required. `nil`: no limit.
    public var maximumSpread: Decimal?
    /// The least number of independent score sheets each bid needs on each scored criterion, moderated
    /// or not; `nil`: at least one (or a moderated score).
    public var minimumSheets: Int?

    /// Creates an aggregation rule.
    public init(method: Method, maximumSpread: Decimal?, minimumSheets: Int? = nil) {
        self.method = method
        self.maximumSpread = maximumSpread
        self.minimumSheets = minimumSheets
    }
}

/// One tie-break rule, applied in the plan's order to bids with equal totals.
public enum TieBreakRule: Equatable, Sendable, CustomStringConvertible {
    /// The bid with more quality points ranks higher.
    case highestQualityPoints
    /// The bid with the lower price (sum of its prices in the lot) ranks higher.
    case lowestPrice
    /// The bid with more points on this criterion ranks higher.
    case highestCriterionPoints(CriterionID)

    /// The value as text, for people and diagnostics.
    public var description: String {
        switch self {
        case .highestQualityPoints: "highest-quality-points"
        case .lowestPrice: "lowest-price"
        case let .highestCriterionPoints(criterion): "highest-criterion-points(\(criterion))"
        }
    }
}

/// The plan's rule for flagging abnormally low tenders.
///
/// A price below `belowPercent`% of the basis is flagged. The basis is computed over the prices of
/// admissible bids (those past the gates and quality thresholds), including the bid itself.
/// Source: Directive 2014/24/EU Art. 69 (the authority must ask for an explanation before rejecting).
public struct AbnormallyLowScreen: Equatable, Sendable {
    /// What the percentage applies to.
    public enum Basis: String, Equatable, Sendable {
        /// The mean of admissible prices.
        case mean
        /// The median of admissible prices.
        case median
        /// The plan's (or lot's) estimated value.
        case estimatedValue = "estimated-value"
    }

    /// The basis.
    public var basis: Basis
    /// The percentage of the basis below which a price is flagged (e.g. 70).
    public var belowPercent: Decimal

    /// Creates a screen.
    public init(basis: Basis, belowPercent: Decimal) {
        self.basis = basis
        self.belowPercent = belowPercent
    }
}

/// A scoring scale: the values an evaluator may give, each with its descriptor.
public struct ScoringScale: Equatable, Sendable {
    /// One point of the scale.
    public struct Point: Equatable, Sendable {
        /// The score (≥ 0).
        public var value: Decimal
        /// What the score means ("Good: meets the requirement with minor weaknesses").
        public var descriptor: String

        /// Creates a scale point.
        public init(value: Decimal, descriptor: String) {
            self.value = value
            self.descriptor = descriptor
        }
    }

    /// The scale's ID.
    public var id: ScaleID
    /// The points, in plan order.
    public var points: [Point]
    /// Where the scale was declared.
    public var location: FileLocation

    /// Creates a scale.
    public init(id: ScaleID, points: [Point], location: FileLocation) {
        self.id = id
        self.points = points
        self.location = location
    }

    /// The highest value: a score of this value earns the criterion's full weight.
    public var maximum: Decimal { points.lazy.map(\.value).max() ?? 0 }

    /// Whether `value` is one of the scale's values.
    public func contains(_ value: Decimal) -> Bool { points.contains { $0.value == value } }

    /// The descriptor for `value`, when it is on the scale.
    public func descriptor(for value: Decimal) -> String? { points.first { $0.value == value }?.descriptor }
}

/// A member of the evaluation panel.
public struct PanelMember: Equatable, Sendable {
    /// A role on the panel.
    public enum Role: String, Equatable, Sendable, CaseIterable {
        /// Leads the evaluation and signs the plan.
        case lead
        /// Scores quality criteria.
        case qualityEvaluator = "quality-evaluator"
        /// Evaluates prices.
        case priceEvaluator = "price-evaluator"
        /// Chairs moderation (consensus).
        case moderator
    }

    /// The member's ID (used in score-sheet folders: `scores/<id>/`).
    public var id: EvaluatorID
    /// The member's name.
    public var name: String
    /// The member's roles.
    public var roles: [Role]
    /// The member's Ed25519 public key: base64 of its DER SubjectPublicKeyInfo (RFC 8410), when
    /// stated. Every entry the member records in the evidence trail must be signed by this key.
    public var publicKey: String?

    /// Creates a member.
    public init(id: EvaluatorID, name: String, roles: [Role], publicKey: String? = nil) {
        self.id = id
        self.name = name
        self.roles = roles
        self.publicKey = publicKey
    }
}

/// A pass/fail gate: an exclusion ground, a selection criterion or a mandatory requirement.
/// A bid that does not declare that it meets every gate is excluded before scoring.
///
/// Source: Directive 2014/24/EU Art. 57 (exclusion), Art. 58 (selection), Art. 56(1) (compliance).
public struct Gate: Equatable, Sendable {
    /// The kind of gate.
    public enum Kind: String, Equatable, Sendable {
        case exclusion
        case selection
        case mandatoryRequirement = "mandatory-requirement"
    }

    /// The gate's ID.
    public var id: GateID
    /// The kind.
    public var kind: Kind
    /// A short name.
    public var name: String
    /// What a bid must meet.
    public var requirement: String
    /// The criteria of the plan's ESPD request that decide this gate from each tenderer's ESPD
    /// response (`<EspdCriterion>`); empty for a gate decided by the bid's own declaration.
    public var espdCriteria: [ESPDGateCriterion]
    /// Where the gate was declared.
    public var location: FileLocation?

    /// Creates a gate.
    public init(
        id: GateID, kind: Kind, name: String, requirement: String, espdCriteria: [ESPDGateCriterion] = [],
        location: FileLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.requirement = requirement
        self.espdCriteria = espdCriteria
        self.location = location
    }

    /// Whether the gate is decided from ESPD responses rather than from the bid's declaration.
    public var isDecidedByESPD: Bool { !espdCriteria.isEmpty }
}

/// One criterion of the ESPD request that decides a gate (`<EspdCriterion id="…">` in the plan).
///
/// Everything else comes from the request: the questions asked, the conditions between them, the
/// thresholds and expected values. The optional property IDs name, where the request's structure
/// does not single it out, the question that decides (see docs/0007-espd-gates.md).
public struct ESPDGateCriterion: Equatable, Sendable {
    /// The request criterion's `cbc:ID` (a UUID).
    public var criterion: String
    /// The yes/no question that decides: for an exclusion gate, the ground question (default: the
    /// criterion's first `INDICATOR` question); for a selection gate, a question whose answer must
    /// be ``expected``.
    public var indicator: String?
    /// The value ``indicator`` must have for a selection gate to pass (default `true`).
    public var expected: Bool
    /// The self-cleaning question of an exclusion ground (default: the criterion's `INDICATOR`
    /// question whose text names self-cleaning).
    public var selfCleaning: String?
    /// The amount question a minimum amount applies to (default: the only `AMOUNT` question under
    /// the requirement's group).
    public var amount: String?
    /// Where it was declared.
    public var location: FileLocation

    /// Creates a reference.
    public init(
        criterion: String, indicator: String? = nil, expected: Bool = true, selfCleaning: String? = nil,
        amount: String? = nil, location: FileLocation
    ) {
        self.criterion = criterion
        self.indicator = indicator
        self.expected = expected
        self.selfCleaning = selfCleaning
        self.amount = amount
        self.location = location
    }
}
