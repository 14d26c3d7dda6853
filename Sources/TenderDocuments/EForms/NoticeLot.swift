public import TenderModel

/// A lot (`cbc:ID/@schemeName='Lot'`, BT-137) or group of lots (`'LotsGroup'`, BT-330) of an
/// eForms notice, as published: one `cac:ProcurementProjectLot` element.
///
/// Texts are whitespace-normalised (runs of XML whitespace collapsed to one space, trimmed) and
/// keyed by the notice's `languageID` (three-letter EU codes: `ENG`, `FRA`, …); numbers keep the
/// text the notice wrote (`20.0` stays `20.0`).
public struct NoticeLot: Equatable, Sendable {
    /// The lot's ID (`LOT-0001`) or group's ID (`GLO-0001`), BT-137 / BT-330.
    public var id: String
    /// `Lot` or `LotsGroup`: the `schemeName` of `cbc:ID`.
    public var scheme: String
    /// The lot's title per language (BT-21, `cac:ProcurementProject/cbc:Name`); empty when none.
    public var titles: [String: String]
    /// How many `cac:AwardingCriterion` elements (BG-707 "Award criteria") the lot has; usually 1.
    public var awardingCriterionBlocks: Int
    /// The award criteria (BG-38) of every block, in document order.
    public var criteria: [NoticeCriterion]
    /// For a group of lots, the IDs of its lots (BT-1375, from the procedure's
    /// `cac:TenderingTerms/cac:LotDistribution/cac:LotsGroup[cbc:LotsGroupID]/
    /// cac:ProcurementProjectLotReference/cbc:ID`), in document order; empty for a lot.
    public var members: [String]
    /// The estimated value of the lot (BT-27, `cac:ProcurementProject/cac:RequestedTenderTotal/
    /// cbc:EstimatedOverallContractAmount`), when published.
    public var estimatedValue: NoticeAmount?
    /// The time limit for receipt of tenders (BT-131, `cac:TenderingProcess/
    /// cac:TenderSubmissionDeadlinePeriod`), when published.
    public var submissionDeadline: NoticeDeadline?
    /// The description of a complicated award method per language (BT-543,
    /// `cac:AwardingCriterion/cbc:CalculationExpression`); blocks' texts are joined by a blank line.
    public var calculationExpressions: [String: String]
    /// The justification of the order of importance per language (BT-733,
    /// `cac:AwardingCriterion/cbc:Description` of a block that is not itself a criterion).
    public var orderJustifications: [String: String]
    /// Where the `cac:ProcurementProjectLot` element starts.
    public var location: FileLocation

    /// Creates a lot.
    public init(
        id: String, scheme: String, titles: [String: String] = [:], awardingCriterionBlocks: Int,
        criteria: [NoticeCriterion], members: [String] = [], estimatedValue: NoticeAmount? = nil,
        submissionDeadline: NoticeDeadline? = nil, calculationExpressions: [String: String] = [:],
        orderJustifications: [String: String] = [:], location: FileLocation
    ) {
        self.id = id
        self.scheme = scheme
        self.titles = titles
        self.awardingCriterionBlocks = awardingCriterionBlocks
        self.criteria = criteria
        self.members = members
        self.estimatedValue = estimatedValue
        self.submissionDeadline = submissionDeadline
        self.calculationExpressions = calculationExpressions
        self.orderJustifications = orderJustifications
        self.location = location
    }

    /// Whether this is a group of lots (`LotsGroup`), evaluated on its own criteria.
    public var isGroup: Bool { scheme == "LotsGroup" }
}

/// One award criterion (BG-38) as the notice publishes it.
///
/// Normally a `cac:SubordinateAwardingCriterion`; a criterion written directly on
/// `cac:AwardingCriterion` (a known encoding error, e.g. the SDK's `can_25_ITA.xml`) is read too
/// and marked ``misplacedOnAwardingCriterion``.
public struct NoticeCriterion: Equatable, Sendable {
    /// The award-criterion type (BT-539, `cbc:AwardingCriterionTypeCode`): `price`, `cost`,
    /// `quality`, or a national code, as written; `nil` when absent.
    public var type: String?
    /// The criterion's name per language (BT-734, `cbc:Name`); empty when none. Empty elements
    /// are left out.
    public var names: [String: String]
    /// The criterion's description per language (BT-540, `cbc:Description`), in full; empty when
    /// none. Empty elements are left out.
    public var descriptions: [String: String]
    /// The numbers published for it (`efac:AwardCriterionParameter`), in document order: the code
    /// list (`efbc:ParameterCode/@listName`: `number-weight`, `number-fixed`, `number-threshold`,
    /// or `nil` when there is no `ParameterCode`), the code (BT-5421 / BT-5422 / BT-5423) and the
    /// number (BT-541, `efbc:ParameterNumeric`) exactly as written.
    public var parameters: [PublishedParameter]
    /// Codes of parameters that have a `efbc:ParameterCode` but no `efbc:ParameterNumeric`
    /// (`(list, code)`, code `nil` for an empty element); they cannot be kept as published numbers.
    public var parametersWithoutNumber: [NoticeParameterCode]
    /// Whether the criterion is written directly on `cac:AwardingCriterion` (it has its own type,
    /// name or parameter there) rather than in a `cac:SubordinateAwardingCriterion`.
    public var misplacedOnAwardingCriterion: Bool
    /// The 1-based index of its `cac:AwardingCriterion` block within the lot.
    public var block: Int
    /// Where the criterion's element starts.
    public var location: FileLocation

    /// Creates a criterion.
    public init(
        type: String?, names: [String: String] = [:], descriptions: [String: String] = [:],
        parameters: [PublishedParameter] = [], parametersWithoutNumber: [NoticeParameterCode] = [],
        misplacedOnAwardingCriterion: Bool = false, block: Int = 1, location: FileLocation
    ) {
        self.type = type
        self.names = names
        self.descriptions = descriptions
        self.parameters = parameters
        self.parametersWithoutNumber = parametersWithoutNumber
        self.misplacedOnAwardingCriterion = misplacedOnAwardingCriterion
        self.block = block
        self.location = location
    }
}

/// The code of an `efac:AwardCriterionParameter` that has no number.
public struct NoticeParameterCode: Equatable, Sendable {
    /// `efbc:ParameterCode/@listName`, when given.
    public var list: String?
    /// The code, when the element is not empty.
    public var code: String?

    /// Creates a parameter code.
    public init(list: String?, code: String?) {
        self.list = list
        self.code = code
    }
}

/// An amount as the notice writes it (e.g. BT-27 `cbc:EstimatedOverallContractAmount`).
public struct NoticeAmount: Equatable, Sendable {
    /// The amount's text, whitespace-trimmed, otherwise as written (`9999999.99`).
    public var text: String
    /// The `currencyID` attribute (ISO 4217, `EUR`), when given.
    public var currency: String?
    /// Where the element starts.
    public var location: FileLocation

    /// Creates an amount.
    public init(text: String, currency: String?, location: FileLocation) {
        self.text = text
        self.currency = currency
        self.location = location
    }

    /// The amount as ``Money``, when it has a currency and is an `xs:decimal` of at most 38
    /// significant digits; `nil` otherwise. The text stays as written when it is already strict
    /// (`-?[0-9]+(\.[0-9]+)?`), else its strict form (`+5` → `5`).
    public var money: Money? {
        guard let currency, !currency.isEmpty else { return nil }
        if let money = Money(text: text, currency: CurrencyCode(currency)) { return money }
        return EFormsNumber.strictText(text).flatMap { Money(text: $0, currency: CurrencyCode(currency)) }
    }
}

/// A deadline as the notice writes it: a date and a time in separate elements (`cbc:EndDate`
/// `2023-10-11+02:00`, `cbc:EndTime` `14:00:00+02:00`).
public struct NoticeDeadline: Equatable, Sendable {
    /// `cbc:EndDate` (`xs:date`, with or without an offset), when given.
    public var endDate: String?
    /// `cbc:EndTime` (`xs:time`, with or without an offset), when given.
    public var endTime: String?
    /// Where the period element starts.
    public var location: FileLocation

    /// Creates a deadline.
    public init(endDate: String?, endTime: String?, location: FileLocation) {
        self.endDate = endDate
        self.endTime = endTime
        self.location = location
    }

    /// The date and time as one instant with the time's offset (`2023-10-11T14:00:00+02:00`), or
    /// `nil` when they cannot be combined without guessing: the date or time is missing, the time
    /// has no UTC offset, the date states an offset different from the time's, or either is not a
    /// valid `xs:date` / `xs:time`. ``problem`` says which.
    public var timestamp: Timestamp? { resolved().timestamp }

    /// Why ``timestamp`` is `nil`, as a clause such as `"the time 14:00:00 has no UTC offset"`;
    /// `nil` when the deadline resolves.
    public var problem: String? { resolved().problem }

    private func resolved() -> (timestamp: Timestamp?, problem: String?) {
        guard let endDate, !endDate.isEmpty else {
            return (nil, endTime.map { "it gives a time (\($0)) but no date" } ?? "it gives neither a date nor a time")
        }
        guard let endTime, !endTime.isEmpty else {
            return (nil, "it gives a date (\(endDate)) but no time")
        }
        let dateScalars = Array(endDate.unicodeScalars)
        guard dateScalars.count >= 10 else { return (nil, "the date \(endDate) is not a valid date") }
        let datePart = String(String.UnicodeScalarView(dateScalars[0..<10]))
        let dateOffset = String(String.UnicodeScalarView(dateScalars[10...]))
        guard let timeOffset = Self.offset(ofTime: endTime) else {
            return (nil, "the time \(endTime) has no UTC offset, and TenderTrail does not guess one")
        }
        guard let timestamp = Timestamp(datePart + "T" + endTime) else {
            return (nil, "\(endDate) \(endTime) is not a valid date and time")
        }
        if !dateOffset.isEmpty {
            guard let minutes = Self.minutes(ofOffset: dateOffset) else {
                return (nil, "the date \(endDate) is not a valid date")
            }
            if minutes != Self.minutes(ofOffset: timeOffset) {
                return (nil, "the date's UTC offset (\(dateOffset)) differs from the time's (\(timeOffset))")
            }
        }
        return (timestamp, nil)
    }

    /// The offset suffix of an `xs:time` (`Z`, `+02:00`), or `nil` when it has none.
    private static func offset(ofTime time: String) -> String? {
        if time.hasSuffix("Z") { return "Z" }
        let scalars = Array(time.unicodeScalars)
        guard scalars.count >= 6 else { return nil }
        let sign = scalars[scalars.count - 6]
        guard sign == "+" || sign == "-", scalars[scalars.count - 3] == ":" else { return nil }
        return String(String.UnicodeScalarView(scalars[(scalars.count - 6)...]))
    }

    /// Minutes east of UTC for `Z` or `±hh:mm`.
    private static func minutes(ofOffset offset: String) -> Int? {
        if offset == "Z" { return 0 }
        let scalars = Array(offset.unicodeScalars)
        guard scalars.count == 6, scalars[0] == "+" || scalars[0] == "-", scalars[3] == ":",
            let hours = Int(String(String.UnicodeScalarView(scalars[1..<3]))),
            let minutes = Int(String(String.UnicodeScalarView(scalars[4..<6])))
        else { return nil }
        return (scalars[0] == "-" ? -1 : 1) * (hours * 60 + minutes)
    }
}

/// An organisation named in the notice's `efac:Organizations` (BT-500 names).
public struct NoticeOrganization: Equatable, Sendable {
    /// The organisation's ID (`ORG-0001`, OPT-200).
    public var id: String
    /// Its official name per language (BT-500, `cac:PartyName/cbc:Name`); empty when the ID does
    /// not resolve to an `efac:Organization`.
    public var names: [String: String]

    /// Creates an organisation.
    public init(id: String, names: [String: String]) {
        self.id = id
        self.names = names
    }
}
