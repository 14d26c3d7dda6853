import Foundation
import TenderDocuments
import TenderModel
import TenderXML
import TestSupport
import Testing

/// `ESPDRequest` / `ESPDResponse` reading: the official ESPD-EDM v4.1.0 pair, and what is refused.
@Suite("ESPD reading")
struct ESPDReadingTests {
    /// The 1-based line of the first line of `text` containing `needle`.
    private func line(of needle: String, in text: String) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(needle) }) + 1
    }

    @Test("The official request: 62 criteria, 623 properties, the turnover threshold read exactly")
    func request() throws {
        let text = try ESPDFixtures.requestText()
        let request = try ESPDRequest.parse(Array(text.utf8), path: "espd-request.xml")
        // Counted in the file: 62 <cac:TenderingCriterion>, 623 <cac:TenderingCriterionProperty>.
        #expect(request.criteria.count == 62)
        #expect(request.criteria.flatMap(\.allProperties).count == 623)
        #expect(request.id == "ESPDREQ-DGPE-c36103ab-3c9e-4b0c-a977-a161bd200453")
        let crime = try #require(request.criterion(ESPDFixtures.crimeOrg))
        #expect(crime.typeCode == "crime-org")
        #expect(crime.name == "Participation in a criminal organisation")
        let answer = try #require(crime.property(ESPDFixtures.crimeOrgAnswer))
        #expect(answer.kind == .question && answer.valueType == "INDICATOR" && answer.description == "Your answer")
        // The property's element starts on the line before its <cbc:ID>.
        #expect(answer.location.line == (try line(of: ">\(ESPDFixtures.crimeOrgAnswer)</cbc:ID>", in: text)) - 1)
        #expect(crime.groups.first?.subgroups.first?.condition == .onTrue)

        let turnover = try #require(request.criterion(ESPDFixtures.generalTurnover))
        #expect(turnover.typeCode == "gen-year-to")
        let requirements = turnover.allProperties.filter { $0.kind == .requirement }
        #expect(requirements.map(\.valueType) == ["LOT_IDENTIFIER", "QUANTITY_YEAR", "CODE_BOOLEAN", "MINIMUM_AMOUNT"])
        #expect(requirements[1].expected == .numeric(3))
        #expect(requirements[2].expected == .code("CHECKBOX_TRUE"))
        guard case let .minimumAmount(minimum)? = requirements[3].expected else {
            Issue.record("expected a minimum amount, got \(String(describing: requirements[3].expected))")
            return
        }
        #expect(minimum.text == "100000" && minimum.currency == "EUR")
    }

    @Test("The official response: 393 answers, each kind of value read")
    func response() throws {
        let text = try ESPDFixtures.responseText()
        let response = try ESPDResponse.parse(Array(text.utf8), path: "espd/BID-001.xml")
        #expect(response.answers.count == 393)
        #expect(response.economicOperator == "__Procurer Official Name__")
        #expect(response.answers(to: ESPDFixtures.crimeOrgAnswer).map(\.value) == [.indicator(true)])
        #expect(response.answers(to: ESPDFixtures.crimeOrgSelfCleaning).map(\.value) == [.indicator(true)])
        let amounts = response.answers(to: ESPDFixtures.turnoverAmount)
        #expect(amounts.map(\.value) == [.amount(try #require(Money(text: "1000000000", currency: "EUR")))])
        #expect(
            response.answers(to: ESPDFixtures.turnoverPeriod).map(\.value) == [
                .period(start: "2017-01-01", end: "2017-12-12")
            ])
        #expect(response.answers(to: "C1_EG_crime-org/QG1/QSG1/Q1").map(\.value) == [.date("2000-01-01")])
        // The example leaves tax-pay's ground question unanswered.
        #expect(response.answers(to: "C7_EG_tax-pay/RG1/QSG1/Q1").isEmpty)
        let first = try #require(amounts.first)
        #expect(first.location.path == "espd/BID-001.xml")
        #expect(first.location.line == (try line(of: ">\(ESPDFixtures.turnoverAmount)</cbc:Validated", in: text)) - 2)
    }

    @Test("A response read as a request is refused with its root and namespace")
    func wrongRoot() throws {
        let text = try ESPDFixtures.responseText()
        let error = #expect(throws: DocumentReadError.self) {
            try ESPDRequest.parse(Array(text.utf8), path: "espd-request.xml")
        }
        #expect(
            error?.description
                == "espd-request.xml:2:1: error: expected an ESPD request (<QualificationApplicationRequest> in namespace"
                + " urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2); found"
                + " <QualificationApplicationResponse> in namespace"
                + " urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2")
    }

    @Test("An amount the ESPD schema refuses names the file and line")
    func schemaViolation() throws {
        var edit = ESPDEdit(try ESPDFixtures.responseText())
        #expect(
            edit.replace(
                ">1000000000</cbc:ResponseAmount>", with: ">1,000,000</cbc:ResponseAmount>",
                inAnswersTo: ESPDFixtures.turnoverAmount) == 1)
        let error = #expect(throws: DocumentReadError.self) {
            try ESPDResponse.parse(Array(edit.text.utf8), path: "espd/BID-002.xml")
        }
        guard case let .xml(.schemaInvalid(diagnostics))? = error else {
            Issue.record("expected a schema error, got \(String(describing: error))")
            return
        }
        #expect(diagnostics.first?.path == "espd/BID-002.xml")
        #expect(diagnostics.first?.line == (try line(of: ">1,000,000</cbc:ResponseAmount>", in: edit.text)))
        #expect(diagnostics.first?.message.contains("1,000,000") == true)
    }

    @Test("An ESPD of another version than 4.x is refused, naming the version")
    func version() throws {
        let text = try ESPDFixtures.requestText().replacingOccurrences(
            of: "schemeVersionID=\"4.1.0\">4.1.0</cbc:VersionID>",
            with: "schemeVersionID=\"4.1.0\">2.1.1</cbc:VersionID>")
        let error = #expect(throws: DocumentReadError.self) {
            try ESPDRequest.parse(Array(text.utf8), path: "espd-request.xml")
        }
        let versionLine = try line(of: ">2.1.1</cbc:VersionID>", in: text)
        #expect(
            error?.description
                == "espd-request.xml:\(versionLine):3: error: expected an ESPD-EDM v4 document (<cbc:VersionID> 4.x, such"
                + " as 4.1.0); found \"2.1.1\". Older ESPD versions (2.x) are not read")
    }

    @Test("A DOCTYPE is refused before anything is read")
    func doctype() throws {
        let text = try ESPDFixtures.requestText().replacingOccurrences(
            of: "<QualificationApplicationRequest ",
            with: "<!DOCTYPE QualificationApplicationRequest [<!ENTITY x \"y\">]>\n<QualificationApplicationRequest ")
        #expect(throws: DocumentReadError.self) {
            try ESPDRequest.parse(Array(text.utf8), path: "espd-request.xml")
        }
    }

    @Test("Two criteria with one ID are refused with both lines")
    func duplicateCriterion() throws {
        let text = try ESPDFixtures.requestText()
        let edited = text.replacingOccurrences(
            of: ">c27b7c4e-c837-4529-b867-ed55ce639db5</cbc:ID>", with: ">\(ESPDFixtures.crimeOrg)</cbc:ID>")
        let error = #expect(throws: DocumentReadError.self) {
            try ESPDRequest.parse(Array(edited.utf8), path: "espd-request.xml")
        }
        let first = try line(of: ">\(ESPDFixtures.crimeOrg)</cbc:ID>", in: edited) - 1
        #expect(
            error?.problems.first?.message
                == "criterion \(ESPDFixtures.crimeOrg) is already stated on line \(first); each criterion once")
    }
}
