public import Foundation

/// An ESPD request (`QualificationApplicationRequest`, ESPD-EDM v4): the exclusion grounds and
/// selection criteria a contracting authority asks tenderers to answer, with the questions and the
/// requirements (thresholds) of each.
///
/// Read from `espd-request.xml` in the case folder (the plan names it in `<Gates espdRequest>`).
/// Source: Commission Implementing Regulation (EU) 2016/7 (the ESPD standard form); ESPD-EDM v4.1.0
/// (OP-TED/ESPD-EDM), which encodes it in UBL 2.3.
public struct ESPDRequest: Equatable, Sendable {
    /// The document's `cbc:ID`, when stated.
    public var id: String?
    /// The criteria (`cac:TenderingCriterion`), in document order.
    public var criteria: [ESPDCriterion]
    /// Where the root element was read.
    public var location: FileLocation

    /// Creates a request.
    public init(id: String?, criteria: [ESPDCriterion], location: FileLocation) {
        self.id = id
        self.criteria = criteria
        self.location = location
    }

    /// The criterion with this `cbc:ID` (a UUID in ESPD-EDM v4).
    public func criterion(_ id: String) -> ESPDCriterion? { criteria.first { $0.id == id } }
}

/// One ESPD criterion (`cac:TenderingCriterion`): an exclusion ground, a selection criterion or
/// another question (e.g. `crime-org`, `gen-year-to`), with its property groups.
public struct ESPDCriterion: Equatable, Sendable {
    /// The criterion's `cbc:ID` (a UUID, e.g. `005eb9ed-1347-4ca3-bb29-9bc0db64e1ab`).
    public var id: String
    /// The `cbc:CriterionTypeCode` from the EU `criterion` authority table (e.g. `crime-org`), when stated.
    public var typeCode: String?
    /// The `cbc:Name`.
    public var name: String
    /// The top-level property groups (`cac:TenderingCriterionPropertyGroup`), in document order.
    public var groups: [ESPDPropertyGroup]
    /// Where the criterion was read.
    public var location: FileLocation

    /// Creates a criterion.
    public init(id: String, typeCode: String?, name: String, groups: [ESPDPropertyGroup], location: FileLocation) {
        self.id = id
        self.typeCode = typeCode
        self.name = name
        self.groups = groups
        self.location = location
    }

    /// Every property of the criterion, depth first in document order.
    public var allProperties: [ESPDProperty] { groups.flatMap(\.allProperties) }

    /// The property with this `cbc:ID`.
    public func property(_ id: String) -> ESPDProperty? { allProperties.first { $0.id == id } }
}

/// A group of properties (`cac:TenderingCriterionPropertyGroup` or a
/// `cac:SubsidiaryTenderingCriterionPropertyGroup`), which applies always or only after a yes or a no.
public struct ESPDPropertyGroup: Equatable, Sendable {
    /// When the group applies (`cbc:PropertyGroupTypeCode`, ESPD-EDM code list `property-group-type`).
    public enum Condition: Equatable, Sendable {
        /// `ON*`: always.
        case always
        /// `ONTRUE`: when the last indicator question of the enclosing group is answered true (yes).
        case onTrue
        /// `ONFALSE`: when it is answered false (no).
        case onFalse
        /// Any other code, kept as written; such a group is treated as always applying.
        case other(String)

        /// Reads a `cbc:PropertyGroupTypeCode`.
        public init(code: String) {
            switch code {
            case "ON*": self = .always
            case "ONTRUE": self = .onTrue
            case "ONFALSE": self = .onFalse
            default: self = .other(code)
            }
        }
    }

    /// The group's `cbc:ID`.
    public var id: String
    /// When it applies.
    public var condition: Condition
    /// Its own properties, in document order.
    public var properties: [ESPDProperty]
    /// Its subsidiary groups, in document order.
    public var subgroups: [ESPDPropertyGroup]

    /// Creates a group.
    public init(id: String, condition: Condition, properties: [ESPDProperty], subgroups: [ESPDPropertyGroup]) {
        self.id = id
        self.condition = condition
        self.properties = properties
        self.subgroups = subgroups
    }

    /// Its properties and those of every subgroup, depth first in document order.
    public var allProperties: [ESPDProperty] { properties + subgroups.flatMap(\.allProperties) }
}

/// One property (`cac:TenderingCriterionProperty`): a question the tenderer answers, a requirement
/// the authority states (with its expected value or threshold), or a caption.
public struct ESPDProperty: Equatable, Sendable {
    /// `cbc:TypeCode` (ESPD-EDM code list `criterion-element-type`).
    public enum Kind: Equatable, Sendable {
        /// `QUESTION`: the tenderer answers it.
        case question
        /// `REQUIREMENT`: the authority states it (an expected value or a threshold).
        case requirement
        /// `CAPTION`: text only.
        case caption
        /// Any other code, as written.
        case other(String)

        /// Reads a `cbc:TypeCode`.
        public init(code: String) {
            switch code {
            case "QUESTION": self = .question
            case "REQUIREMENT": self = .requirement
            case "CAPTION": self = .caption
            default: self = .other(code)
            }
        }
    }

    /// The property's `cbc:ID`: what a response's `cbc:ValidatedCriterionPropertyID` refers to.
    public var id: String
    /// Question, requirement or caption.
    public var kind: Kind
    /// `cbc:ValueDataTypeCode` (ESPD-EDM code list `response-data-type`: `INDICATOR`, `AMOUNT`,
    /// `MINIMUM_AMOUNT`, `QUANTITY_YEAR`, `CODE_BOOLEAN`, `DESCRIPTION`, …), as written.
    public var valueType: String
    /// The `cbc:Description` (the question's text), or empty.
    public var description: String
    /// What the authority states, for a requirement: the threshold or expected value.
    public var expected: ESPDExpectedValue?
    /// Where the property was read.
    public var location: FileLocation

    /// Creates a property.
    public init(
        id: String, kind: Kind, valueType: String, description: String, expected: ESPDExpectedValue?,
        location: FileLocation
    ) {
        self.id = id
        self.kind = kind
        self.valueType = valueType
        self.description = description
        self.expected = expected
        self.location = location
    }
}

/// The value a requirement states.
public enum ESPDExpectedValue: Equatable, Sendable {
    /// `cbc:MinimumAmount` (a minimum such as a yearly turnover), exact, with its currency.
    case minimumAmount(Money)
    /// `cbc:MaximumAmount`.
    case maximumAmount(Money)
    /// `cbc:ExpectedAmount`.
    case amount(Money)
    /// `cbc:ExpectedValueNumeric` (e.g. the number of financial years), exact.
    case numeric(Decimal)
    /// `cbc:MinimumValueNumeric`.
    case minimumNumeric(Decimal)
    /// `cbc:MaximumValueNumeric`.
    case maximumNumeric(Decimal)
    /// `cbc:ExpectedCode` (e.g. `CHECKBOX_TRUE`).
    case code(String)
    /// `cbc:ExpectedID`.
    case identifier(String)
    /// `cbc:ExpectedDescription`.
    case description(String)
}

/// A tenderer's ESPD response (`QualificationApplicationResponse`, ESPD-EDM v4), read from
/// `espd/<bid-id>.xml`: its answers, each to one property of the request.
public struct ESPDResponse: Equatable, Sendable {
    /// The document's `cbc:ID`, when stated.
    public var id: String?
    /// The economic operator's name (`cac:EconomicOperatorParty/cac:Party/cac:PartyName/cbc:Name`), when stated.
    public var economicOperator: String?
    /// The answers (`cac:TenderingCriterionResponse`), in document order.
    public var answers: [ESPDAnswer]
    /// Where the root element was read.
    public var location: FileLocation

    /// Creates a response.
    public init(id: String?, economicOperator: String?, answers: [ESPDAnswer], location: FileLocation) {
        self.id = id
        self.economicOperator = economicOperator
        self.answers = answers
        self.location = location
    }

    /// Every answer to the property with this ID, in document order (a repeatable group, such as
    /// one turnover per financial year, gives several).
    public func answers(to property: String) -> [ESPDAnswer] { answers.filter { $0.property == property } }
}

/// One answer (`cac:TenderingCriterionResponse`) to one property of the request.
public struct ESPDAnswer: Equatable, Sendable {
    /// The property answered (`cbc:ValidatedCriterionPropertyID`).
    public var property: String
    /// The value given; `nil` when the response element carries none.
    public var value: ESPDAnswerValue?
    /// Where the answer was read.
    public var location: FileLocation

    /// Creates an answer.
    public init(property: String, value: ESPDAnswerValue?, location: FileLocation) {
        self.property = property
        self.value = value
        self.location = location
    }
}

/// The value of an ESPD answer (`cac:ResponseValue` child, `cac:ApplicablePeriod` or `cac:EvidenceSupplied`).
public enum ESPDAnswerValue: Equatable, Sendable {
    /// `cbc:ResponseIndicator` (`true` is yes).
    case indicator(Bool)
    /// `cbc:ResponseAmount`, exact, with its currency.
    case amount(Money)
    /// `cbc:ResponseNumeric` or `cbc:ResponseQuantity`, exact.
    case numeric(Decimal)
    /// `cbc:ResponseDate` as written (`YYYY-MM-DD`).
    case date(String)
    /// `cbc:Description`.
    case description(String)
    /// `cbc:ResponseCode`.
    case code(String)
    /// `cbc:ResponseID`.
    case identifier(String)
    /// `cbc:ResponseURI`.
    case uri(String)
    /// `cac:ApplicablePeriod`: start and end dates as written.
    case period(start: String?, end: String?)
    /// `cac:EvidenceSupplied/cbc:ID`.
    case evidence(String)
}
