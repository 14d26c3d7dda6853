public import Foundation
public import TenderModel
import TenderXML

/// A parsed eForms notice: what a contracting authority published about a procedure, read as
/// data so that an evaluation plan can be imported from it (``importPlan(lot:noticeFile:noticeSHA256:)``).
///
/// Reads the three UBL 2.3 roots that carry award criteria: `ContractNotice` (competition notices,
/// subtypes 10–24 and E3), `ContractAwardNotice` (result notices, 25–37 and E4) and
/// `PriorInformationNotice` (PIN, including PINs used as a call for competition), from eForms SDK
/// 1.3 to 1.15. Elements are matched by namespace URI, never by prefix.
///
/// Every notice is validated against the eForms XSD of its SDK version
/// (``TenderSchemas/eForms(customizationID:rootElement:)``) before it is read. The XSD does not
/// check the eForms business rules; the rules on award-criterion weights are checked at import
/// and reported as notes, not errors: a published notice is a fact, and the plan records what is
/// wrong with it.
///
/// Source: eForms SDK 1.15 (`fields.json`, schematron rules BR-BT-00539-*), OP-TED/eForms-SDK;
/// Commission Implementing Regulation (EU) 2019/1780 (the eForms business terms, "BT-…").
public struct ContractNotice: Equatable, Sendable {
    /// The file as the caller named it, for diagnostics.
    public var path: String
    /// The root element's local name: `ContractNotice`, `ContractAwardNotice` or
    /// `PriorInformationNotice`.
    public var rootElement: String
    /// `cbc:CustomizationID` (OPT-002), the SDK version: `eforms-sdk-1.3` … `eforms-sdk-1.15`,
    /// possibly with a national suffix (`…#extended#urn:…`).
    public var customizationID: String?
    /// The notice identifier (BT-701, `cbc:ID[@schemeName='notice-id']`), a UUID in published notices.
    public var noticeID: String?
    /// The notice version (BT-757, `cbc:VersionID`), e.g. `01`.
    public var noticeVersion: String?
    /// The notice type (BT-02, `cbc:NoticeTypeCode`), e.g. `cn-standard`, `can-social`, `pin-cfc-standard`.
    public var noticeType: String?
    /// The notice subtype (OPP-070, `efac:NoticeSubType/cbc:SubTypeCode`), e.g. `16`.
    public var noticeSubType: String?
    /// The notice's official language (BT-702(a), `cbc:NoticeLanguageCode`), an EU code such as `ENG`.
    public var language: String?
    /// Further official languages (BT-702(b), `cac:AdditionalNoticeLanguage/cbc:ID`), in document order.
    public var additionalLanguages: [String]
    /// The procedure type (BT-105, `cac:TenderingProcess/cbc:ProcedureCode`), e.g. `open`.
    public var procedureCode: String?
    /// The procedure's title per language (BT-21 of the procedure, `cac:ProcurementProject/cbc:Name`).
    public var procedureTitles: [String: String]
    /// The estimated value of the whole procedure (BT-27 of the procedure), when published.
    public var procedureEstimatedValue: NoticeAmount?
    /// The buyers (`cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID`, OPT-300),
    /// resolved to their names in `efac:Organizations`, in document order. Several buyers mean a
    /// joint procurement.
    public var buyers: [NoticeOrganization]
    /// Every lot (`schemeName='Lot'`) and group of lots (`'LotsGroup'`), in document order.
    /// `cac:ProcurementProjectLot` elements of any other scheme (a PIN's `Part`) are not listed.
    public var lots: [NoticeLot]
    /// Where the root element starts.
    public var location: FileLocation

    /// Creates a notice from its parts (for tests and other readers); ``parse(_:path:)`` is the
    /// usual way.
    public init(
        path: String, rootElement: String, customizationID: String? = nil, noticeID: String? = nil,
        noticeVersion: String? = nil, noticeType: String? = nil, noticeSubType: String? = nil,
        language: String? = nil, additionalLanguages: [String] = [], procedureCode: String? = nil,
        procedureTitles: [String: String] = [:], procedureEstimatedValue: NoticeAmount? = nil,
        buyers: [NoticeOrganization] = [], lots: [NoticeLot], location: FileLocation
    ) {
        self.path = path
        self.rootElement = rootElement
        self.customizationID = customizationID
        self.noticeID = noticeID
        self.noticeVersion = noticeVersion
        self.noticeType = noticeType
        self.noticeSubType = noticeSubType
        self.language = language
        self.additionalLanguages = additionalLanguages
        self.procedureCode = procedureCode
        self.procedureTitles = procedureTitles
        self.procedureEstimatedValue = procedureEstimatedValue
        self.buyers = buyers
        self.lots = lots
        self.location = location
    }

    /// The lot or group of lots with this ID.
    public func lot(_ id: String) -> NoticeLot? { lots.first { $0.id == id } }

    // MARK: - Reading

    /// Reads, validates and parses a notice file.
    ///
    /// - Parameters:
    ///   - url: The notice file.
    ///   - displayPath: How to name the file in diagnostics (as the user typed it).
    /// - Throws: ``DocumentReadError/xml(_:)`` with ``XMLError/unreadable(path:reason:)`` if the
    ///   file cannot be read; otherwise as ``parse(_:path:)``.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> ContractNotice {
        let document: XMLDocument
        do {
            document = try XMLDocument.read(contentsOf: url, displayPath: displayPath)
        } catch {
            throw .xml(error)
        }
        return try read(document)
    }

    /// Parses and validates a notice from its bytes.
    ///
    /// Steps: secure parse (no DTD, no network); root check; XSD validation against the eForms
    /// schemas of the notice's `cbc:CustomizationID` (SDK 1.3 schemas for `eforms-sdk-1.3`, else
    /// 1.15); then reading.
    ///
    /// - Parameters:
    ///   - bytes: The notice's bytes (UTF-8 or UTF-16 with BOM).
    ///   - path: How to name the file in diagnostics.
    /// - Throws: ``DocumentReadError/xml(_:)`` for malformed XML, a DOCTYPE, a remote schema
    ///   location, a root that is not one of the three notice roots in its UBL namespace
    ///   (``XMLError/unexpectedRoot(_:)``) or any XSD violation (``XMLError/schemaInvalid(_:)``,
    ///   every violation with file and line); ``DocumentReadError/invalidContent(_:)`` for a lot
    ///   without an ID or two lots with the same ID, each with file and line.
    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentReadError) -> ContractNotice {
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes, path: path)
        } catch {
            throw .xml(error)
        }
        return try read(document)
    }

    /// Checks, validates and reads a parsed notice.
    static func read(_ document: XMLDocument) throws(DocumentReadError) -> ContractNotice {
        let root = document.root
        guard EFormsNamespace.roots.contains(root.localName), root.namespaceURI == EFormsNamespace.root(root.localName)
        else {
            let found =
                root.namespaceURI.map { "<\(root.qualifiedName)> in namespace \($0)" }
                ?? "<\(root.qualifiedName)> in no namespace"
            throw .xml(
                .unexpectedRoot(
                    XMLDiagnostic(
                        path: document.path, line: root.line, column: root.column,
                        message: "expected an eForms notice (<ContractNotice>, <ContractAwardNotice> or"
                            + " <PriorInformationNotice> in its UBL 2.3 namespace"
                            + " urn:oasis:names:specification:ubl:schema:xsd:<root>-2); found \(found)")))
        }
        let customizationID = root.eformsCBC("CustomizationID").first?.normalizedText
        do {
            let schema = try TenderSchemas.eForms(customizationID: customizationID ?? "", rootElement: root.localName)
            try document.validate(against: schema)
        } catch {
            throw .xml(error)
        }
        var reader = EFormsNoticeReader(root: root)
        let notice = reader.notice()
        if !reader.problems.isEmpty { throw .invalidContent(reader.problems) }
        return notice
    }
}
