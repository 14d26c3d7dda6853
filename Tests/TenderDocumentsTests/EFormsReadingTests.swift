import Foundation
import TenderDocuments
import TenderModel
import TenderXML
import Testing

/// `ContractNotice.read` / `parse`: what is refused, and how the errors say where.
@Suite("eForms notice reading")
struct EFormsReadingTests {
    @Test("A document that is not an eForms notice is refused with its root and namespace")
    func wrongRoot() throws {
        let text = NoticeBuilder().xml
            .replacingOccurrences(
                of: "<ContractNotice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2\"",
                with: "<ContractNotice xmlns=\"urn:example:not-ubl\"")
        let error = #expect(throws: DocumentReadError.self) {
            try ContractNotice.parse(Array(text.utf8), path: "odd.xml")
        }
        #expect(
            error?.description
                == "odd.xml:2:1: error: expected an eForms notice (<ContractNotice>, <ContractAwardNotice> or"
                + " <PriorInformationNotice> in its UBL 2.3 namespace urn:oasis:names:specification:ubl:schema:xsd:<root>-2);"
                + " found <ContractNotice> in namespace urn:example:not-ubl")
    }

    @Test("A schema violation names the file and line")
    func schemaViolation() throws {
        let text = NoticeBuilder.weights([("per-exa", "forty")]).xml
        let error = #expect(throws: DocumentReadError.self) {
            try ContractNotice.parse(Array(text.utf8), path: "bad.xml")
        }
        guard case let .xml(.schemaInvalid(diagnostics))? = error else {
            Issue.record("expected a schema error, got \(String(describing: error))")
            return
        }
        let line = try #require(
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(">forty<") })
        #expect(diagnostics.first?.path == "bad.xml")
        #expect(diagnostics.first?.line == line + 1)
        #expect(diagnostics.first?.message.contains("forty") == true)
    }

    @Test("The schema set follows cbc:CustomizationID: an SDK 1.3 notice fails the 1.15 schemas")
    func schemaVersion() throws {
        let path = "ted-eforms-pipeline/notices/295399-2023.xml"
        #expect(try EFormsFixtures.notice(path).lots.count == 1)
        let relabelled = try EFormsFixtures.text(path).replacingOccurrences(
            of: "<cbc:CustomizationID>eforms-sdk-1.3</cbc:CustomizationID>",
            with: "<cbc:CustomizationID>eforms-sdk-1.15</cbc:CustomizationID>")
        let error = #expect(throws: DocumentReadError.self) {
            try ContractNotice.parse(Array(relabelled.utf8), path: path)
        }
        #expect(error?.description.contains("ChangedSectionIdentifier") == true)
    }

    @Test("A DOCTYPE is refused before anything is read")
    func doctype() throws {
        let text = NoticeBuilder().xml.replacingOccurrences(
            of: "<ContractNotice ", with: "<!DOCTYPE ContractNotice [<!ENTITY x \"y\">]>\n<ContractNotice ")
        let error = #expect(throws: DocumentReadError.self) {
            try ContractNotice.parse(Array(text.utf8), path: "doctype.xml")
        }
        guard case .xml(.doctypeRefused)? = error else {
            Issue.record("expected a refused DOCTYPE, got \(String(describing: error))")
            return
        }
    }

    @Test("A missing file is reported with the name the user gave")
    func missingFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "no-such-notice-\(UUID().uuidString).xml")
        let error = #expect(throws: DocumentReadError.self) {
            try ContractNotice.read(contentsOf: url, displayPath: "tenders/x/notice.xml")
        }
        #expect(error?.problems.first?.location.path == "tenders/x/notice.xml")
    }

    @Test("Two lots with the same ID are refused with the line of each")
    func duplicateLot() throws {
        let builder = NoticeBuilder.weights([("per-exa", "100")])
        var lines = builder.xml.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("<cac:ProcurementProjectLot>") })
        let end = try #require(lines.firstIndex { $0.contains("</cac:ProcurementProjectLot>") })
        lines.insert(contentsOf: lines[start...end], at: end + 1)
        let error = #expect(throws: DocumentReadError.self) {
            try ContractNotice.parse(Array(lines.joined(separator: "\n").utf8), path: "twice.xml")
        }
        let secondID = end + 3
        #expect(
            error?.description
                == "twice.xml:\(secondID):5: error: lot ID LOT-0001 is used by two <cac:ProcurementProjectLot> elements"
                + " (the first at line \(start + 2)); lot IDs must be unique")
    }

    @Test("Notice metadata is read from its business terms")
    func metadata() throws {
        let notice = try EFormsFixtures.notice("eforms-sdk/notices/can_24_maximal.xml")
        #expect(notice.rootElement == "ContractAwardNotice")
        #expect(notice.noticeID == "15377ca1-6cf7-4060-90f0-9290128957a3")
        #expect(notice.noticeVersion == "03")
        #expect(notice.noticeType == "can-standard")
        #expect(notice.noticeSubType == "29")
        #expect(notice.language == "ENG")
        #expect(notice.procedureCode == "neg-w-call")
        #expect(
            notice.buyers == [NoticeOrganization(id: "ORG-0001", names: ["ENG": "Financial Adinistration for ..."])])
        #expect(notice.procedureEstimatedValue?.money == Money(text: "9999999.99", currency: "EUR"))
        #expect(notice.lots.map(\.id) == ["GLO-0001", "LOT-0001", "LOT-0002"])
        #expect(notice.lots.map(\.isGroup) == [true, false, false])
        #expect(notice.lot("GLO-0001")?.members == ["LOT-0001", "LOT-0002"])
        #expect(notice.location.path == "eforms-sdk/notices/can_24_maximal.xml")
    }

    @Test("Amounts in xs:decimal forms that are not strict still become exact money")
    func lenientAmounts() {
        let location = FileLocation(path: "n.xml", line: 1)
        #expect(
            NoticeAmount(text: "+5.", currency: "EUR", location: location).money == Money(text: "5", currency: "EUR"))
        #expect(NoticeAmount(text: ".50", currency: "EUR", location: location).money?.text == "0.50")
        #expect(NoticeAmount(text: "12,50", currency: "EUR", location: location).money == nil)
        #expect(NoticeAmount(text: "12.50", currency: nil, location: location).money == nil)
    }
}
