import TenderModel
import TenderXML

/// Reads a schema-valid eForms notice into a ``ContractNotice``, collecting the content problems
/// the XSD cannot express (a lot without an ID, a lot ID used twice).
struct EFormsNoticeReader {
    private typealias NS = EFormsNamespace

    let root: XMLElement
    /// The notice language (BT-702), used for texts that carry no `languageID`.
    private let language: String?
    private(set) var problems: [DocumentProblem] = []

    init(root: XMLElement) {
        self.root = root
        self.language = root.eformsCBC("NoticeLanguageCode").first.map(\.normalizedText).flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    mutating func notice() -> ContractNotice {
        let ids = root.eformsCBC("ID")
        let noticeID = (ids.first { $0.attribute("schemeName") == "notice-id" } ?? ids.first).map(\.normalizedText)
        let extensions = root.eformsExtensions
        let subType = extensions.flatMap {
            $0.eformsPath([(NS.efac, "NoticeSubType"), (NS.cbc, "SubTypeCode")])
        }.first
        let project = root.eformsCAC("ProcurementProject").first
        return ContractNotice(
            path: root.document.path,
            rootElement: root.localName,
            customizationID: text(root.eformsCBC("CustomizationID").first),
            noticeID: noticeID.flatMap { $0.isEmpty ? nil : $0 },
            noticeVersion: text(root.eformsCBC("VersionID").first),
            noticeType: text(root.eformsCBC("NoticeTypeCode").first),
            noticeSubType: text(subType),
            language: language,
            additionalLanguages: root.eformsPath([(NS.cac, "AdditionalNoticeLanguage"), (NS.cbc, "ID")])
                .compactMap { text($0) },
            procedureCode: text(root.eformsPath([(NS.cac, "TenderingProcess"), (NS.cbc, "ProcedureCode")]).first),
            procedureTitles: project.map { texts($0.eformsCBC("Name")) } ?? [:],
            procedureEstimatedValue: project.flatMap(estimatedValue),
            buyers: buyers(extensions),
            lots: lots(),
            location: root.location)
    }

    // MARK: - Procedure

    private func buyers(_ extensions: [XMLElement]) -> [NoticeOrganization] {
        var names: [String: [String: String]] = [:]
        let companies = extensions.flatMap {
            $0.eformsPath([(NS.efac, "Organizations"), (NS.efac, "Organization"), (NS.efac, "Company")])
        }
        for company in companies {
            guard let id = text(company.eformsPath([(NS.cac, "PartyIdentification"), (NS.cbc, "ID")]).first),
                names[id] == nil
            else { continue }
            names[id] = texts(company.eformsPath([(NS.cac, "PartyName"), (NS.cbc, "Name")]))
        }
        var seen: Set<String> = []
        var result: [NoticeOrganization] = []
        let ids = root.eformsPath([
            (NS.cac, "ContractingParty"), (NS.cac, "Party"), (NS.cac, "PartyIdentification"), (NS.cbc, "ID"),
        ])
        for element in ids {
            guard let id = text(element), seen.insert(id).inserted else { continue }
            result.append(NoticeOrganization(id: id, names: names[id] ?? [:]))
        }
        return result
    }

    /// Group ID → member lot IDs, from the procedure's `cac:LotDistribution`.
    private func groupMembers() -> [String: [String]] {
        var members: [String: [String]] = [:]
        let groups = root.eformsPath([(NS.cac, "TenderingTerms"), (NS.cac, "LotDistribution"), (NS.cac, "LotsGroup")])
        for group in groups {
            guard let id = text(group.eformsCBC("LotsGroupID").first) else { continue }
            let lots = group.eformsPath([(NS.cac, "ProcurementProjectLotReference"), (NS.cbc, "ID")]).compactMap {
                text($0)
            }
            members[id, default: []].append(contentsOf: lots.filter { !(members[id] ?? []).contains($0) })
        }
        return members
    }

    // MARK: - Lots

    private mutating func lots() -> [NoticeLot] {
        let members = groupMembers()
        var result: [NoticeLot] = []
        var firstSeen: [String: FileLocation] = [:]
        for element in root.eformsCAC("ProcurementProjectLot") {
            let idElement = element.eformsCBC("ID").first
            guard let idElement, let id = text(idElement) else {
                problems.append(
                    DocumentProblem(
                        location: element.location,
                        message:
                            "<cac:ProcurementProjectLot> has no <cbc:ID> (BT-137, the lot's identifier such as LOT-0001)"
                    ))
                continue
            }
            let scheme = idElement.attribute("schemeName") ?? ""
            guard scheme == "Lot" || scheme == "LotsGroup" else { continue }
            if let first = firstSeen[id] {
                problems.append(
                    DocumentProblem(
                        location: idElement.location,
                        message: "lot ID \(id) is used by two <cac:ProcurementProjectLot> elements (the first at line"
                            + " \(first.line)); lot IDs must be unique"))
                continue
            }
            firstSeen[id] = idElement.location
            result.append(lot(element, id: id, scheme: scheme, members: members[id] ?? []))
        }
        return result
    }

    private func lot(_ element: XMLElement, id: String, scheme: String, members: [String]) -> NoticeLot {
        let blocks = element.eformsPath([
            (NS.cac, "TenderingTerms"), (NS.cac, "AwardingTerms"), (NS.cac, "AwardingCriterion"),
        ])
        var criteria: [NoticeCriterion] = []
        var calculation: [String: [String]] = [:]
        var justification: [String: [String]] = [:]
        for (index, block) in blocks.enumerated() {
            let number = index + 1
            let misplaced =
                !block.eformsCBC("AwardingCriterionTypeCode").isEmpty || !block.eformsCBC("Name").isEmpty
                || !parameterElements(block).isEmpty
            if misplaced {
                criteria.append(criterion(block, misplaced: true, block: number))
            } else {
                for (language, text) in textList(block.eformsCBC("Description")) {
                    justification[language, default: []].append(text)
                }
            }
            for (language, text) in textList(block.eformsCBC("CalculationExpression")) {
                calculation[language, default: []].append(text)
            }
            for sub in block.eformsCAC("SubordinateAwardingCriterion") {
                criteria.append(criterion(sub, misplaced: false, block: number))
            }
        }
        let project = element.eformsCAC("ProcurementProject").first
        let period = element.eformsPath([(NS.cac, "TenderingProcess"), (NS.cac, "TenderSubmissionDeadlinePeriod")])
            .first
        let deadline = period.map {
            NoticeDeadline(
                endDate: text($0.eformsCBC("EndDate").first), endTime: text($0.eformsCBC("EndTime").first),
                location: $0.location)
        }
        return NoticeLot(
            id: id,
            scheme: scheme,
            titles: project.map { texts($0.eformsCBC("Name")) } ?? [:],
            awardingCriterionBlocks: blocks.count,
            criteria: criteria,
            members: members,
            estimatedValue: project.flatMap(estimatedValue),
            submissionDeadline: deadline,
            calculationExpressions: calculation.mapValues { $0.joined(separator: "\n\n") },
            orderJustifications: justification.mapValues { $0.joined(separator: "\n\n") },
            location: element.location)
    }

    /// The `efac:AwardCriterionParameter` elements in an element's own eForms extension.
    private func parameterElements(_ element: XMLElement) -> [XMLElement] {
        element.eformsExtensions.flatMap { $0.children("AwardCriterionParameter", namespace: NS.efac) }
    }

    private func criterion(_ element: XMLElement, misplaced: Bool, block: Int) -> NoticeCriterion {
        var parameters: [PublishedParameter] = []
        var withoutNumber: [NoticeParameterCode] = []
        for parameter in parameterElements(element) {
            let codeElement = parameter.children("ParameterCode", namespace: NS.efbc).first
            let list = codeElement?.attribute("listName")
            let code = codeElement.flatMap { text($0) }
            if let numeric = parameter.children("ParameterNumeric", namespace: NS.efbc).first {
                parameters.append(PublishedParameter(list: list, code: code, number: numeric.normalizedText))
            } else if codeElement != nil {
                withoutNumber.append(NoticeParameterCode(list: list, code: code))
            }
        }
        return NoticeCriterion(
            type: text(element.eformsCBC("AwardingCriterionTypeCode").first),
            names: texts(element.eformsCBC("Name")),
            descriptions: texts(element.eformsCBC("Description")),
            parameters: parameters,
            parametersWithoutNumber: withoutNumber,
            misplacedOnAwardingCriterion: misplaced,
            block: block,
            location: element.location)
    }

    private func estimatedValue(_ project: XMLElement) -> NoticeAmount? {
        let amount = project.eformsPath([(NS.cac, "RequestedTenderTotal"), (NS.cbc, "EstimatedOverallContractAmount")])
            .first
        guard let amount, let value = text(amount) else { return nil }
        return NoticeAmount(text: value, currency: amount.attribute("currencyID"), location: amount.location)
    }

    // MARK: - Text

    /// Whitespace-normalised text, or `nil` for a missing or empty element.
    private func text(_ element: XMLElement?) -> String? {
        guard let element else { return nil }
        let text = element.normalizedText
        return text.isEmpty ? nil : text
    }

    /// Language → text of multilingual elements, whitespace-normalised; empty texts left out, the
    /// first text of a language kept. An element without `languageID` counts as the notice language.
    private func texts(_ elements: [XMLElement]) -> [String: String] {
        var result: [String: String] = [:]
        for (language, text) in textList(elements) where result[language] == nil {
            result[language] = text
        }
        return result
    }

    private func textList(_ elements: [XMLElement]) -> [(String, String)] {
        elements.compactMap { element in
            guard let text = text(element) else { return nil }
            let language = element.attribute("languageID").flatMap { $0.isEmpty ? nil : $0 } ?? language ?? ""
            return (language, text)
        }
    }
}
