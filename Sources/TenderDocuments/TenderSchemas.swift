public import Foundation
import Synchronization
public import TenderXML

/// The XML formats TenderTrail reads and writes, with their namespaces, root elements and shipped
/// XSDs (package resources under `Schemas/`).
public enum DocumentFormat: String, CaseIterable, Sendable {
    /// The evaluation plan, `tender.xml`.
    case plan
    /// A bid, `bids/<bid-id>.xml`.
    case bid
    /// A score sheet, `scores/<evaluator>/<bid-id>.xml`.
    case scoreSheet
    /// A moderation record, `moderation/<lot>.xml`.
    case moderation
    /// A conflict-of-interest declaration, `declarations/<member>.xml`.
    case declaration
    /// The evaluation results, `evidence/results.xml`.
    case results
    /// An evidence trail entry, `evidence/trail/<sequence>.xml`.
    case trailEntry
    /// The trail's checkpoint, `evidence/checkpoint.xml`.
    case checkpoint

    /// The namespace URI (versioned: `…:1`).
    public var namespace: String {
        switch self {
        case .plan: "urn:tendertrail:tender:1"
        case .bid: "urn:tendertrail:bid:1"
        case .scoreSheet: "urn:tendertrail:score-sheet:1"
        case .moderation: "urn:tendertrail:moderation:1"
        case .declaration: "urn:tendertrail:declaration:1"
        case .results: "urn:tendertrail:results:1"
        case .trailEntry, .checkpoint: "urn:tendertrail:trail:1"
        }
    }

    /// The root element's local name.
    public var rootElement: String {
        switch self {
        case .plan: "TenderPlan"
        case .bid: "Bid"
        case .scoreSheet: "ScoreSheet"
        case .moderation: "Moderation"
        case .declaration: "ConflictDeclaration"
        case .results: "EvaluationResults"
        case .trailEntry: "Entry"
        case .checkpoint: "Checkpoint"
        }
    }

    /// The schema file under `Schemas/TenderTrail/`.
    public var schemaFile: String {
        switch self {
        case .plan: "tender.xsd"
        case .bid: "bid.xsd"
        case .scoreSheet: "score-sheet.xsd"
        case .moderation: "moderation.xsd"
        case .declaration: "declaration.xsd"
        case .results: "results.xsd"
        case .trailEntry, .checkpoint: "trail.xsd"
        }
    }
}

/// Compiled schemas, compiled once per process on first use and shared read-only between threads.
public enum TenderSchemas {
    /// The folder of shipped schemas (`Schemas/` in the package's resource bundle).
    public static var directory: URL {
        (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent("Schemas", isDirectory: true)
    }

    private static let cache = Mutex<[String: Result<XMLSchema, XMLError>]>([:])

    private static func compiled(_ relativePath: String, root: String) throws(XMLError) -> XMLSchema {
        let result = cache.withLock { cache -> Result<XMLSchema, XMLError> in
            if let cached = cache[relativePath] { return cached }
            let url = directory.appendingPathComponent(relativePath)
            let rootURL = directory.appendingPathComponent(root, isDirectory: true)
            let result = Result { () throws(XMLError) -> XMLSchema in
                try XMLSchema(contentsOf: url, trustingFilesUnder: rootURL)
            }
            cache[relativePath] = result
            return result
        }
        return try result.get()
    }

    /// The compiled schema of one of TenderTrail's formats.
    /// - Throws: ``XMLError/schemaUnusable(path:reason:)`` if the shipped XSD is broken (a packaging fault).
    public static func schema(for format: DocumentFormat) throws(XMLError) -> XMLSchema {
        try compiled("TenderTrail/" + format.schemaFile, root: "TenderTrail")
    }

    /// The eForms schema set for a notice's SDK version and root element.
    ///
    /// - Parameters:
    ///   - customizationID: The notice's `cbc:CustomizationID` (`eforms-sdk-1.3`, `eforms-sdk-1.15`, or
    ///     a national extension `eforms-sdk-1.13#extended#…`).
    ///   - rootElement: `ContractNotice`, `ContractAwardNotice` or `PriorInformationNotice`.
    /// - Returns: The 1.3 schemas for SDK 1.3 notices, the 1.15 schemas for every other SDK 1.x.
    public static func eForms(customizationID: String, rootElement: String) throws(XMLError) -> XMLSchema {
        let base = customizationID.split(separator: "#").first.map(String.init) ?? customizationID
        let set = base == "eforms-sdk-1.3" ? "eForms-1.3" : "eForms-1.15"
        return try compiled("\(set)/maindoc/UBL-\(rootElement)-2.3.xsd", root: set)
    }

    /// The ESPD-EDM v4.1.0 schema (UBL 2.3) of an ESPD request or response.
    ///
    /// - Parameter rootElement: `QualificationApplicationRequest` or `QualificationApplicationResponse`.
    /// - Throws: ``XMLError/schemaUnusable(path:reason:)`` if the shipped XSD is broken (a packaging fault).
    /// Source: OP-TED/ESPD-EDM v4.1.0, `ubl-2.3/xsd/` (see `Schemas/PROVENANCE.md`).
    public static func espd(rootElement: String) throws(XMLError) -> XMLSchema {
        try compiled("ESPD-4.1.0/maindoc/UBL-\(rootElement)-2.3.xsd", root: "ESPD-4.1.0")
    }

    /// How schema messages describe TenderTrail's own types and identity constraints.
    public static let messageStyle = SchemaMessageStyle(
        typeDescriptions: [
            "MoneyAmount": "a money amount such as 1250.00 (a full stop before the decimals, no thousands separators)",
            "DecimalNumber": "a decimal number such as 12.5 (a full stop before the decimals, no exponent)",
            "NonNegativeDecimal": "a number of at least zero such as 3 or 2.5 (a full stop before the decimals)",
            "Identifier": "an identifier such as BID-003 (a letter or digit, then letters, digits, '.', '-' or '_')",
            "CurrencyCode": "a three-letter ISO 4217 currency code such as EUR",
            "LanguageCode": "a three-letter EU language code such as ENG",
            "DateTimeWithOffset": "a date and time with a UTC offset such as 2025-03-14T12:00:00+01:00"
                + " (a time without an offset is refused, not guessed)",
            "Text": "text that is not blank",
            "Sha256Hex": "a SHA-256 digest as 64 lowercase hexadecimal digits",
            "ExactNumber": "an exact number such as 33.68 or 640/19",
        ],
        constraintDescriptions: [
            "uniqueLotID": "lot IDs must be unique",
            "scaleID": "scale IDs must be unique",
            "criterionScale": "a criterion's scale must be declared in <Scales>",
            "uniqueEvaluatorID": "panel member IDs must be unique",
            "uniqueGateID": "gate IDs must be unique",
            "uniqueScaleValue": "each value appears once on a scale",
            "uniqueCriterionID": "criterion IDs must be unique within a lot",
            "uniqueLotBid": "a bid has one <LotBid> per lot",
            "uniqueGateDeclaration": "a bid declares once per gate",
            "uniqueResponse": "one response per criterion",
            "uniquePriceCriterion": "one price per criterion",
            "uniqueScoredCriterion": "a score sheet scores each criterion once",
            "uniqueConsensus": "one consensus score per bid and criterion",
            "uniqueAttendee": "each attendee is listed once",
            "uniqueDeclaredTenderer": "a declaration lists each tenderer once",
        ],
        patternDescriptions: [
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+\\-][0-9]{2}:[0-9]{2})":
                "a date and time with a UTC offset such as 2025-03-14T12:00:00+01:00 (a time without an offset is refused,"
                + " not guessed)",
            "[A-Z]{3}": "three capital letters, such as EUR (an ISO 4217 currency code) or ENG (an EU language code)",
            "[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}":
                "an identifier such as BID-003 (a letter or digit, then up to 99 letters, digits, '.', '-' or '_')",
            "[0-9a-f]{64}": "a SHA-256 digest as 64 lowercase hexadecimal digits",
            "[\\s\\S]*\\S[\\s\\S]*": "text that is not blank",
            "-?[0-9]+(\\.[0-9]+)?": "a decimal number such as 1250.00 (a full stop before the decimals, no exponent)",
            "[0-9]+(\\.[0-9]+)?": "a number of at least zero such as 3 or 2.5 (a full stop before the decimals)",
        ])
}

extension XMLDocument {
    /// Checks the root element and validates against the format's shipped schema.
    ///
    /// - Throws: ``XMLError/unexpectedRoot(_:)`` or ``XMLError/schemaInvalid(_:)``.
    public func validate(as format: DocumentFormat) throws(XMLError) {
        try requireRoot(format.rootElement, namespace: format.namespace)
        try validate(against: TenderSchemas.schema(for: format), style: TenderSchemas.messageStyle)
    }
}
