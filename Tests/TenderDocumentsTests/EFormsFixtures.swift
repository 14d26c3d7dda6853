import Foundation
import TenderDocuments
import TenderModel
import Testing

/// The eForms notices in `Fixtures/eforms/` (copied from the team corpus; see its PROVENANCE.md)
/// and their expected values.
enum EFormsFixtures {
    /// The 24 notices of the corpus walk, as keyed in `expected-values.json`.
    static let corpusNotices = sdkNotices + pipelineNotices

    /// `eforms-sdk/notices/` (13).
    static let sdkNotices = [
        "eforms-sdk/notices/can_24_FRA_comments.xml", "eforms-sdk/notices/can_24_LSBU.xml",
        "eforms-sdk/notices/can_24_UKRI.xml", "eforms-sdk/notices/can_24_maximal.xml",
        "eforms-sdk/notices/can_24_no_tenders.xml", "eforms-sdk/notices/can_25_ITA.xml",
        "eforms-sdk/notices/can_25_withheld_lots.xml", "eforms-sdk/notices/cn_24_FRA_comments.xml",
        "eforms-sdk/notices/cn_24_maximal.xml", "eforms-sdk/notices/cn_24_maximal_100_lots.xml",
        "eforms-sdk/notices/cn_24_multilingual.xml", "eforms-sdk/notices/cn_24_open.xml",
        "eforms-sdk/notices/pin-cfc_25.xml",
    ]

    /// `ted-eforms-pipeline/notices/` (11).
    static let pipelineNotices = [
        "ted-eforms-pipeline/notices/2024-OJS015-043489.xml", "ted-eforms-pipeline/notices/295399-2023.xml",
        "ted-eforms-pipeline/notices/402363-2023.xml", "ted-eforms-pipeline/notices/547670-2023.xml",
        "ted-eforms-pipeline/notices/583624-2023.xml", "ted-eforms-pipeline/notices/665175-2023.xml",
        "ted-eforms-pipeline/notices/665431-2023.xml", "ted-eforms-pipeline/notices/739962-2023.xml",
        "ted-eforms-pipeline/notices/740217-2023.xml", "ted-eforms-pipeline/notices/746475-2023.xml",
        "ted-eforms-pipeline/notices/761524-2023.xml",
    ]

    /// The converter outputs of OP-TED/ted-xml-data-converter (dec-exa, ord-imp, mixed kinds).
    static let legacyNotices = [
        "ted-legacy/eforms-xml/20-156049-001-EXP.xml", "ted-legacy/eforms-xml/20-271232-001-EXP.xml",
        "ted-legacy/eforms-xml/21-000934-001-EXP.xml", "ted-legacy/eforms-xml/22-104446-001-EXP.xml",
    ]

    /// A real notice of OP-TED/ted-rdf-mapping-eforms with `number-fixed` values (not in the corpus walk).
    static let mappingNotices = ["ted-eforms-mapping/notices/2024-OJS065-00191536.xml"]

    /// `Fixtures/eforms/` in the test bundle.
    static func directory() throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent("eforms", isDirectory: true)
    }

    /// The URL of a fixture, by its path under `Fixtures/eforms/`.
    static func url(_ path: String) throws -> URL { try directory().appendingPathComponent(path) }

    /// The bytes of a fixture.
    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(path))) }

    /// The text of a fixture (UTF-8).
    static func text(_ path: String) throws -> String { String(decoding: try bytes(path), as: UTF8.self) }

    /// Reads a fixture notice through ``ContractNotice/read(contentsOf:displayPath:)``, named by its path.
    static func notice(_ path: String) throws -> ContractNotice {
        try ContractNotice.read(contentsOf: url(path), displayPath: path)
    }

    /// `expected-values.json` (the 24 corpus notices).
    static func expected() throws -> [String: ExpectedNotice] { try decode("expected-values.json") }

    /// `expected-values-ted-legacy.json` (the 4 converter outputs).
    static func expectedLegacy() throws -> [String: ExpectedNotice] { try decode("expected-values-ted-legacy.json") }

    private static func decode(_ name: String) throws -> [String: ExpectedNotice] {
        try JSONDecoder().decode([String: ExpectedNotice].self, from: Data(contentsOf: url(name)))
    }
}

/// One notice's entry in the corpus's `expected-values.json` (the eForms fields only).
struct ExpectedNotice: Decodable, Sendable {
    var root: String
    var customizationID: String?
    var noticeSubType: String?
    var noticeTypeCode: String?
    var noticeLanguage: String?
    var additionalLanguages: [String]
    var procedureCode: String?
    var lots: [ExpectedLot]
}

/// A lot in `expected-values.json`.
struct ExpectedLot: Decodable, Sendable {
    var id: String
    var scheme: String
    var awardingCriterionBlocks: Int
    var criteria: [ExpectedCriterion]
    var calculationExpressionBT543Present: [String]?
    var orderJustificationBT733Present: [String]?
}

/// A criterion in `expected-values.json`. `descriptionPrefix` maps a language to the first 80
/// Unicode scalars of the whitespace-normalised description, or to null for an empty element.
struct ExpectedCriterion: Decodable, Sendable {
    var type: String?
    var name: [String: String]?
    var descriptionPrefix: [String: String?]?
    var parameters: [ExpectedParameter]
    var misplacedOnAwardingCriterion: Bool?
}

/// A published parameter in `expected-values.json`.
struct ExpectedParameter: Decodable, Sendable, Equatable {
    var list: String?
    var code: String?
    var number: String
}

/// Builds small schema-valid eForms contract notices for rule and edge-case tests.
struct NoticeBuilder {
    /// One `cac:SubordinateAwardingCriterion`: type and `(listName, code, number)` parameters; a
    /// `nil` list or code leaves the attribute or element out.
    struct Criterion {
        var type = "quality"
        var name: String?
        var parameters: [(list: String?, code: String?, number: String)] = []
    }

    var customizationID = "eforms-sdk-1.15"
    var noticeID = "test-notice"
    var language = "ENG"
    var buyerName: String? = "Test Authority"
    var lotScheme = "Lot"
    var lotID = "LOT-0001"
    var lotTitle: String? = "Lot title"
    var amount: (text: String, currency: String)? = ("100000.00", "EUR")
    var deadline: (date: String?, time: String?)? = ("2025-03-14+01:00", "12:00:00+01:00")
    /// The `cac:AwardingCriterion` blocks, each a list of criteria.
    var blocks: [[Criterion]] = []

    /// A notice with one lot whose only block has criteria with these weight parameters.
    static func weights(_ parameters: [(code: String?, number: String)], scheme: String = "Lot") -> NoticeBuilder {
        var builder = NoticeBuilder()
        builder.lotScheme = scheme
        builder.lotID = scheme == "Lot" ? "LOT-0001" : "GLO-0001"
        builder.blocks = [
            parameters.map { Criterion(parameters: [(list: "number-weight", code: $0.code, number: $0.number)]) }
        ]
        return builder
    }

    var xml: String {
        let organization =
            buyerName.map {
                """
                <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
                <efac:Organizations><efac:Organization><efac:Company><cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name languageID="\(language)">\($0)</cbc:Name></cac:PartyName></efac:Company></efac:Organization></efac:Organizations>
                </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>

                """
            } ?? ""
        let blocksXML = blocks.map { criteria in
            let subs = criteria.map { criterion in
                let parameters = criterion.parameters.map { parameter in
                    let code =
                        parameter.code.map { code in
                            "<efbc:ParameterCode" + (parameter.list.map { " listName=\"\($0)\"" } ?? "")
                                + ">\(code)</efbc:ParameterCode>"
                        } ?? ""
                    return
                        "<efac:AwardCriterionParameter>\(code)<efbc:ParameterNumeric>\(parameter.number)</efbc:ParameterNumeric></efac:AwardCriterionParameter>"
                }.joined()
                let extensions =
                    parameters.isEmpty
                    ? ""
                    : "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>\(parameters)</efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>"
                let name = criterion.name.map { "<cbc:Name languageID=\"\(language)\">\($0)</cbc:Name>" } ?? ""
                return """
                          <cac:SubordinateAwardingCriterion>\(extensions)<cbc:AwardingCriterionTypeCode listName="award-criterion-type">\(criterion.type)</cbc:AwardingCriterionTypeCode>\(name)</cac:SubordinateAwardingCriterion>
                    """
            }.joined(separator: "\n")
            return
                "        <cac:AwardingCriterion>\n\(subs)\n        </cac:AwardingCriterion>"
        }.joined(separator: "\n")
        let terms =
            blocks.isEmpty
            ? ""
            : """
                <cac:TenderingTerms>
                  <cac:AwardingTerms>
            \(blocksXML)
                  </cac:AwardingTerms>
                </cac:TenderingTerms>

            """
        let deadlineXML =
            deadline.map { deadline in
                "    <cac:TenderingProcess><cac:TenderSubmissionDeadlinePeriod>"
                    + (deadline.date.map { "<cbc:EndDate>\($0)</cbc:EndDate>" } ?? "")
                    + (deadline.time.map { "<cbc:EndTime>\($0)</cbc:EndTime>" } ?? "")
                    + "</cac:TenderSubmissionDeadlinePeriod></cac:TenderingProcess>\n"
            } ?? ""
        let project =
            lotTitle == nil && amount == nil
            ? ""
            : "    <cac:ProcurementProject>"
                + (lotTitle.map { "<cbc:Name languageID=\"\(language)\">\($0)</cbc:Name>" } ?? "")
                + (amount.map {
                    "<cac:RequestedTenderTotal><cbc:EstimatedOverallContractAmount currencyID=\"\($0.currency)\">\($0.text)</cbc:EstimatedOverallContractAmount></cac:RequestedTenderTotal>"
                } ?? "") + "</cac:ProcurementProject>\n"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1" xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1" xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1">
            \(organization)  <cbc:CustomizationID>\(customizationID)</cbc:CustomizationID>
              <cbc:ID schemeName="notice-id">\(noticeID)</cbc:ID>
              <cbc:ContractFolderID>folder</cbc:ContractFolderID>
              <cbc:IssueDate>2025-01-01Z</cbc:IssueDate>
              <cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
              <cbc:NoticeLanguageCode>\(language)</cbc:NoticeLanguageCode>
              <cac:ContractingParty><cac:Party><cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID></cac:PartyIdentification></cac:Party></cac:ContractingParty>
              <cac:ProcurementProject><cbc:Name languageID="\(language)">Test procedure</cbc:Name></cac:ProcurementProject>
              <cac:ProcurementProjectLot>
                <cbc:ID schemeName="\(lotScheme)">\(lotID)</cbc:ID>
            \(terms)\(deadlineXML)\(project)  </cac:ProcurementProjectLot>
            </ContractNotice>

            """
    }

    /// Parses the built notice, named `built.xml`.
    func notice() throws -> ContractNotice { try ContractNotice.parse(Array(xml.utf8), path: "built.xml") }

    /// Imports the plan of the built notice's lot.
    func plan() throws -> TenderPlan {
        try notice().importPlan(lot: lotID, noticeFile: "notice.xml", noticeSHA256: nil)
    }
}

extension TenderPlan {
    /// The import notes.
    var importNotes: [ImportNote] { source?.notes ?? [] }

    /// The codes of the import notes, in order.
    var noteCodes: [String] { importNotes.map(\.code) }
}
