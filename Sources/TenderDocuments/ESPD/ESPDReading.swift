public import Foundation
public import TenderModel
import TenderXML

/// The two ESPD-EDM v4 documents TenderTrail reads, each a UBL 2.3 main document.
enum ESPDFormat: String, Sendable {
    /// The contracting authority's request: `QualificationApplicationRequest`.
    case request = "QualificationApplicationRequest"
    /// A tenderer's response: `QualificationApplicationResponse`.
    case response = "QualificationApplicationResponse"

    /// `urn:oasis:names:specification:ubl:schema:xsd:<root>-2`.
    var namespace: String { "urn:oasis:names:specification:ubl:schema:xsd:\(rawValue)-2" }

    /// How the document is named in diagnostics.
    var title: String { self == .request ? "an ESPD request" : "an ESPD response" }
}

extension ESPDRequest {
    /// Reads, validates and parses an ESPD request file (`espd-request.xml`).
    ///
    /// Steps: secure parse (no DTD, no network, no schemaLocation hint followed); root
    /// `QualificationApplicationRequest` in its UBL 2.3 namespace; `cbc:VersionID` 4.x (ESPD-EDM
    /// v4); XSD validation against the ESPD-EDM v4.1.0 UBL 2.3 schemas shipped in
    /// `Schemas/ESPD-4.1.0`; then reading every `cac:TenderingCriterion` with its property groups.
    ///
    /// - Parameters:
    ///   - url: The file.
    ///   - displayPath: How to name the file in diagnostics (as the user typed it).
    /// - Throws: ``DocumentReadError/xml(_:)`` for an unreadable or malformed file, a DOCTYPE, the
    ///   wrong root (``XMLError/unexpectedRoot(_:)``) or an XSD violation, each with file and line;
    ///   ``DocumentReadError/invalidContent(_:)`` for a version other than 4.x, two criteria or two
    ///   properties with one ID, or an amount or number that is not an exact decimal.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> ESPDRequest {
        var reader = try ESPDReader.read(ESPDReader.load(url, displayPath: displayPath), as: .request)
        return try reader.request()
    }

    /// Parses and validates an ESPD request from its bytes; see ``read(contentsOf:displayPath:)``.
    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentReadError) -> ESPDRequest {
        var reader = try ESPDReader.read(ESPDReader.parse(bytes, path: path), as: .request)
        return try reader.request()
    }
}

extension ESPDResponse {
    /// Reads, validates and parses a tenderer's ESPD response (`espd/<bid-id>.xml`).
    ///
    /// Same steps as ``ESPDRequest/read(contentsOf:displayPath:)`` with the root
    /// `QualificationApplicationResponse`; then every `cac:TenderingCriterionResponse` is read as an
    /// answer to the property its `cbc:ValidatedCriterionPropertyID` names. Which answers the
    /// request needs is decided later, against the request (``ESPDRequest``), not here.
    ///
    /// - Throws: as ``ESPDRequest/read(contentsOf:displayPath:)``; also
    ///   ``DocumentReadError/invalidContent(_:)`` for an answer that names no property.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> ESPDResponse {
        var reader = try ESPDReader.read(ESPDReader.load(url, displayPath: displayPath), as: .response)
        return try reader.response()
    }

    /// Parses and validates an ESPD response from its bytes; see ``read(contentsOf:displayPath:)``.
    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentReadError) -> ESPDResponse {
        var reader = try ESPDReader.read(ESPDReader.parse(bytes, path: path), as: .response)
        return try reader.response()
    }
}

/// Reads a schema-valid ESPD document into the model, collecting what the XSD cannot express.
struct ESPDReader {
    private typealias NS = EFormsNamespace

    let root: XMLElement
    private(set) var problems: [DocumentProblem] = []

    static func load(_ url: URL, displayPath: String) throws(DocumentReadError) -> XMLDocument {
        do {
            return try XMLDocument.read(contentsOf: url, displayPath: displayPath)
        } catch {
            throw .xml(error)
        }
    }

    static func parse(_ bytes: [UInt8], path: String) throws(DocumentReadError) -> XMLDocument {
        do {
            return try XMLDocument.parse(bytes, path: path)
        } catch {
            throw .xml(error)
        }
    }

    /// Checks the root and the version, then validates against the shipped ESPD-EDM v4.1.0 schemas.
    static func read(_ document: XMLDocument, as format: ESPDFormat) throws(DocumentReadError) -> ESPDReader {
        let root = document.root
        guard root.localName == format.rawValue, root.namespaceURI == format.namespace else {
            let found =
                root.namespaceURI.map { "<\(root.qualifiedName)> in namespace \($0)" }
                ?? "<\(root.qualifiedName)> in no namespace"
            throw .xml(
                .unexpectedRoot(
                    XMLDiagnostic(
                        path: document.path, line: root.line, column: root.column,
                        message: "expected \(format.title) (<\(format.rawValue)> in namespace \(format.namespace));"
                            + " found \(found)")))
        }
        do {
            try document.validate(against: TenderSchemas.espd(rootElement: format.rawValue))
        } catch {
            throw .xml(error)
        }
        let version = root.child("VersionID", namespace: NS.cbc)
        guard let version, version.normalizedText.split(separator: ".").first == "4" else {
            throw .invalidContent([
                DocumentProblem(
                    location: (version ?? root).location,
                    message: "expected an ESPD-EDM v4 document (<cbc:VersionID> 4.x, such as 4.1.0); found "
                        + (version.map { "\"\($0.normalizedText)\"" } ?? "no <cbc:VersionID>")
                        + ". Older ESPD versions (2.x) are not read")
            ])
        }
        return ESPDReader(root: root)
    }

    // MARK: - Request

    mutating func request() throws(DocumentReadError) -> ESPDRequest {
        var criteria: [ESPDCriterion] = []
        var seenCriteria: [String: Int] = [:]
        for element in root.children("TenderingCriterion", namespace: NS.cac) {
            guard let criterion = criterion(element) else { continue }
            if let line = seenCriteria[criterion.id] {
                problem(element, "criterion \(criterion.id) is already stated on line \(line); each criterion once")
                continue
            }
            seenCriteria[criterion.id] = element.line
            criteria.append(criterion)
        }
        var seenProperties: [String: Int] = [:]
        for property in criteria.flatMap(\.allProperties) {
            if let line = seenProperties[property.id] {
                problems.append(
                    DocumentProblem(
                        location: property.location,
                        message: "property \(property.id) is already stated on line \(line); answers could not tell"
                            + " them apart"))
            }
            seenProperties[property.id] = property.location.line
        }
        if !problems.isEmpty { throw .invalidContent(problems) }
        return ESPDRequest(id: text(root.child("ID", namespace: NS.cbc)), criteria: criteria, location: root.location)
    }

    private mutating func criterion(_ element: XMLElement) -> ESPDCriterion? {
        guard let id = text(element.child("ID", namespace: NS.cbc)) else {
            problem(element, "<cac:TenderingCriterion> has no <cbc:ID>; a gate could not refer to it")
            return nil
        }
        let groups = element.children("TenderingCriterionPropertyGroup", namespace: NS.cac).compactMap { group($0) }
        return ESPDCriterion(
            id: id, typeCode: text(element.child("CriterionTypeCode", namespace: NS.cbc)),
            name: text(element.child("Name", namespace: NS.cbc)) ?? "", groups: groups, location: element.location)
    }

    private mutating func group(_ element: XMLElement) -> ESPDPropertyGroup? {
        guard let id = text(element.child("ID", namespace: NS.cbc)) else {
            problem(element, "<\(element.qualifiedName)> has no <cbc:ID>")
            return nil
        }
        let condition = ESPDPropertyGroup.Condition(
            code: text(element.child("PropertyGroupTypeCode", namespace: NS.cbc)) ?? "ON*")
        var properties: [ESPDProperty] = []
        var subgroups: [ESPDPropertyGroup] = []
        for child in element.children where child.namespaceURI == NS.cac {
            switch child.localName {
            case "TenderingCriterionProperty":
                if let property = property(child) { properties.append(property) }
            case "SubsidiaryTenderingCriterionPropertyGroup":
                if let subgroup = group(child) { subgroups.append(subgroup) }
            default:
                continue
            }
        }
        return ESPDPropertyGroup(id: id, condition: condition, properties: properties, subgroups: subgroups)
    }

    private mutating func property(_ element: XMLElement) -> ESPDProperty? {
        guard let id = text(element.child("ID", namespace: NS.cbc)) else {
            problem(element, "<cac:TenderingCriterionProperty> has no <cbc:ID>; answers could not refer to it")
            return nil
        }
        var expected: ESPDExpectedValue?
        for child in element.children where child.namespaceURI == NS.cbc {
            let value: ESPDExpectedValue? =
                switch child.localName {
                case "MinimumAmount": money(child).map { .minimumAmount($0) }
                case "MaximumAmount": money(child).map { .maximumAmount($0) }
                case "ExpectedAmount": money(child).map { .amount($0) }
                case "ExpectedValueNumeric": number(child).map { .numeric($0) }
                case "MinimumValueNumeric": number(child).map { .minimumNumeric($0) }
                case "MaximumValueNumeric": number(child).map { .maximumNumeric($0) }
                case "ExpectedCode": text(child).map { .code($0) }
                case "ExpectedID": text(child).map { .identifier($0) }
                case "ExpectedDescription": text(child).map { .description($0) }
                default: nil
                }
            if let value, expected == nil { expected = value }
        }
        return ESPDProperty(
            id: id, kind: ESPDProperty.Kind(code: text(element.child("TypeCode", namespace: NS.cbc)) ?? ""),
            valueType: text(element.child("ValueDataTypeCode", namespace: NS.cbc)) ?? "",
            description: text(element.child("Description", namespace: NS.cbc)) ?? "", expected: expected,
            location: element.location)
    }

    // MARK: - Response

    mutating func response() throws(DocumentReadError) -> ESPDResponse {
        var answers: [ESPDAnswer] = []
        for element in root.children("TenderingCriterionResponse", namespace: NS.cac) {
            guard let property = text(element.child("ValidatedCriterionPropertyID", namespace: NS.cbc)) else {
                problem(element, "<cac:TenderingCriterionResponse> names no <cbc:ValidatedCriterionPropertyID>")
                continue
            }
            answers.append(ESPDAnswer(property: property, value: answerValue(element), location: element.location))
        }
        if !problems.isEmpty { throw .invalidContent(problems) }
        let operatorName = root.child("EconomicOperatorParty", namespace: NS.cac)?
            .child("Party", namespace: NS.cac)?.child("PartyName", namespace: NS.cac)?.child("Name", namespace: NS.cbc)
        return ESPDResponse(
            id: text(root.child("ID", namespace: NS.cbc)), economicOperator: text(operatorName), answers: answers,
            location: root.location)
    }

    private mutating func answerValue(_ element: XMLElement) -> ESPDAnswerValue? {
        if let value = element.child("ResponseValue", namespace: NS.cac) {
            for child in value.children where child.namespaceURI == NS.cbc {
                switch child.localName {
                case "ResponseIndicator":
                    let raw = child.normalizedText
                    return .indicator(raw == "true" || raw == "1")
                case "ResponseAmount": return money(child).map { .amount($0) }
                case "ResponseNumeric", "ResponseQuantity": return number(child).map { .numeric($0) }
                case "ResponseDate": return text(child).map { .date($0) }
                case "Description": return text(child).map { .description($0) }
                case "ResponseCode": return text(child).map { .code($0) }
                case "ResponseID": return text(child).map { .identifier($0) }
                case "ResponseURI": return text(child).map { .uri($0) }
                default: continue
                }
            }
        }
        if let period = element.child("ApplicablePeriod", namespace: NS.cac) {
            return .period(
                start: text(period.child("StartDate", namespace: NS.cbc)),
                end: text(period.child("EndDate", namespace: NS.cbc)))
        }
        if let evidence = element.child("EvidenceSupplied", namespace: NS.cac)?.child("ID", namespace: NS.cbc) {
            return text(evidence).map { .evidence($0) }
        }
        return nil
    }

    // MARK: - Values

    /// An amount with its `currencyID`, exact; a problem if the text is not an exact decimal.
    private mutating func money(_ element: XMLElement) -> Money? {
        guard let currency = element.attribute("currencyID").map({ $0.trimmingCharacters(in: .whitespaces) }),
            !currency.isEmpty
        else {
            problem(element, "<\(element.qualifiedName)> states no currencyID; an amount needs its currency")
            return nil
        }
        guard let strict = EFormsNumber.strictText(element.text),
            let money = Money(text: strict, currency: .init(currency))
        else {
            problem(
                element,
                "<\(element.qualifiedName)> must be an exact decimal amount such as 100000.00 (at most 38 significant"
                    + " digits); found \"\(element.normalizedText)\"")
            return nil
        }
        return money
    }

    /// A number, exact; a problem if the text is not an exact decimal.
    private mutating func number(_ element: XMLElement) -> Decimal? {
        guard let value = EFormsNumber.decimal(element.text) else {
            problem(
                element,
                "<\(element.qualifiedName)> must be an exact decimal number such as 3; found \"\(element.normalizedText)\""
            )
            return nil
        }
        return value
    }

    private func text(_ element: XMLElement?) -> String? {
        guard let value = element?.normalizedText, !value.isEmpty else { return nil }
        return value
    }

    private mutating func problem(_ element: XMLElement, _ message: String) {
        problems.append(DocumentProblem(location: element.location, message: message))
    }
}
