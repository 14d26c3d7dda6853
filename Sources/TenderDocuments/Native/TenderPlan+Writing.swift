import Foundation
public import TenderModel
public import TenderXML

extension TenderPlan {
    /// The plan as a `tender.xml` document (schema `urn:tendertrail:tender:1`), in the order the
    /// schema requires. Languages are written in sorted order, so the output is deterministic.
    public var xmlDocument: XMLOutputDocument {
        var root = XMLOutputElement("TenderPlan", attributes: [("id", id)])
        root.append(XMLOutputElement("Title", text: title))
        root.append(XMLOutputElement("ContractingAuthority", text: contractingAuthority))
        if let currency { root.append(XMLOutputElement("Currency", text: currency.code)) }
        if let submissionDeadline { root.append(XMLOutputElement("SubmissionDeadline", text: submissionDeadline.text)) }
        if let estimatedValue { root.append(Self.money("EstimatedValue", estimatedValue)) }
        if let source { root.append(Self.sourceElement(source)) }
        if let rulesElement = Self.rulesElement(rules) { root.append(rulesElement) }
        if !scales.isEmpty {
            var element = XMLOutputElement("Scales")
            for scale in scales.values.sorted(by: { $0.id < $1.id }) {
                var scaleElement = XMLOutputElement("Scale", attributes: [("id", scale.id.rawValue)])
                for point in scale.points {
                    scaleElement.append(
                        XMLOutputElement("Point", attributes: [("value", "\(point.value)")], text: point.descriptor))
                }
                element.append(scaleElement)
            }
            root.append(element)
        }
        if !panel.isEmpty {
            var element = XMLOutputElement("Panel")
            for member in panel {
                var memberElement = XMLOutputElement("Evaluator", attributes: [("id", member.id.rawValue)])
                memberElement.append(XMLOutputElement("Name", text: member.name))
                for role in member.roles { memberElement.append(XMLOutputElement("Role", text: role.rawValue)) }
                if let key = member.publicKey {
                    memberElement.append(
                        XMLOutputElement("PublicKey", attributes: [("algorithm", "ed25519")], text: key))
                }
                element.append(memberElement)
            }
            root.append(element)
        }
        if !gates.isEmpty {
            var element = XMLOutputElement("Gates", attributes: espdRequest.map { [("espdRequest", $0)] } ?? [])
            for gate in gates {
                var gateElement = XMLOutputElement(
                    "Gate", attributes: [("id", gate.id.rawValue), ("kind", gate.kind.rawValue)])
                gateElement.append(XMLOutputElement("Name", text: gate.name))
                gateElement.append(XMLOutputElement("Requirement", text: gate.requirement))
                for espd in gate.espdCriteria {
                    var attributes = [("id", espd.criterion)]
                    if let indicator = espd.indicator { attributes.append(("indicator", indicator)) }
                    if !espd.expected { attributes.append(("expected", "false")) }
                    if let selfCleaning = espd.selfCleaning { attributes.append(("selfCleaning", selfCleaning)) }
                    if let amount = espd.amount { attributes.append(("amount", amount)) }
                    gateElement.append(XMLOutputElement("EspdCriterion", attributes: attributes))
                }
                element.append(gateElement)
            }
            root.append(element)
        }
        for lot in lots { root.append(Self.lotElement(lot)) }
        return XMLOutputDocument(namespace: DocumentFormat.plan.namespace, root: root)
    }

    private static func money(_ name: String, _ money: Money) -> XMLOutputElement {
        XMLOutputElement(name, attributes: [("currency", money.currency.code)], text: money.text)
    }

    private static func sourceElement(_ source: NoticeSource) -> XMLOutputElement {
        var notice = XMLOutputElement("Notice", attributes: [("file", source.file)])
        notice.set("noticeID", source.noticeID)
        notice.set("noticeVersion", source.noticeVersion)
        notice.set("customizationID", source.customizationID)
        notice.set("noticeType", source.noticeType)
        notice.set("noticeSubType", source.noticeSubType)
        notice.set("language", source.language)
        notice.set("lot", source.lot)
        notice.set("lotScheme", source.lotScheme)
        notice.set("sha256", source.sha256)
        var element = XMLOutputElement("Source")
        element.append(notice)
        for note in source.notes {
            var noteElement = XMLOutputElement("ImportNote", attributes: [("code", note.code)], text: note.message)
            noteElement.set("criterion", note.criterion?.rawValue)
            noteElement.set("rule", note.rule)
            element.append(noteElement)
        }
        return element
    }

    private static func rulesElement(_ rules: EvaluationRules) -> XMLOutputElement? {
        var element = XMLOutputElement("Rules")
        if let rounding = rules.rounding {
            element.append(
                XMLOutputElement(
                    "Rounding",
                    attributes: [
                        ("places", "\(rounding.places)"), ("mode", rounding.mode.rawValue),
                        ("stage", rounding.stage.rawValue),
                    ]))
        }
        if let aggregation = rules.aggregation {
            var aggregationElement = XMLOutputElement(
                "Aggregation", attributes: [("method", aggregation.method.rawValue)])
            aggregationElement.set("maximumSpread", aggregation.maximumSpread.map { "\($0)" })
            aggregationElement.set("minimumSheets", aggregation.minimumSheets.map { "\($0)" })
            element.append(aggregationElement)
        }
        if !rules.tieBreak.isEmpty {
            var tieBreak = XMLOutputElement("TieBreak")
            for rule in rules.tieBreak {
                switch rule {
                case .highestQualityPoints: tieBreak.append(XMLOutputElement("Rule", text: "highest-quality-points"))
                case .lowestPrice: tieBreak.append(XMLOutputElement("Rule", text: "lowest-price"))
                case let .highestCriterionPoints(criterion):
                    tieBreak.append(
                        XMLOutputElement(
                            "Rule", attributes: [("criterion", criterion.rawValue)], text: "highest-criterion-points"))
                }
            }
            element.append(tieBreak)
        }
        if let screen = rules.abnormallyLowScreen {
            element.append(
                XMLOutputElement(
                    "AbnormallyLowScreen",
                    attributes: [("basis", screen.basis.rawValue), ("belowPercent", "\(screen.belowPercent)")]))
        }
        if rules.process != ProcessRules() {
            var process = XMLOutputElement("Process")
            if rules.process.separateQualityAndPriceEvaluators {
                process.set("separateQualityAndPriceEvaluators", "true")
            }
            if rules.process.lockQualityBeforePrices { process.set("lockQualityBeforePrices", "true") }
            element.append(process)
        }
        return element.children.isEmpty ? nil : element
    }

    private static func lotElement(_ lot: Lot) -> XMLOutputElement {
        var attributes: [(name: String, value: String)] = [("id", lot.id.rawValue)]
        if lot.kind == .group { attributes.append(("kind", "group")) }
        var element = XMLOutputElement("Lot", attributes: attributes)
        element.append(XMLOutputElement("Title", text: lot.title))
        for member in lot.members { element.append(XMLOutputElement("Member", attributes: [("lot", member.rawValue)])) }
        if let value = lot.estimatedValue { element.append(money("EstimatedValue", value)) }
        element.append(levelElement("AwardCriteria", lot.criteria))
        if let threshold = lot.qualityThreshold {
            element.append(XMLOutputElement("QualityThreshold", attributes: [("minimumPoints", "\(threshold.value)")]))
        }
        return element
    }

    private static func levelElement(_ name: String, _ level: CriteriaSet) -> XMLOutputElement {
        var element = XMLOutputElement(name, attributes: [("weighting", level.weighting.rawValue)])
        for criterion in level.criteria {
            var criterionElement = XMLOutputElement(
                "Criterion", attributes: [("id", criterion.id.rawValue), ("type", criterion.type)])
            criterionElement.set("weight", criterion.weight.map { "\($0)" })
            if case let .scale(scale) = criterion.method { criterionElement.set("scale", scale.rawValue) }
            criterionElement.set("minimumScore", criterion.minimumScore.map { "\($0)" })
            criterionElement.set("minimumPoints", criterion.minimumPoints.map { "\($0)" })
            criterionElement.set("maximumPassing", criterion.maximumPassing.map { "\($0)" })
            for (language, text) in criterion.names.sorted(by: { $0.key < $1.key }) {
                criterionElement.append(XMLOutputElement("Name", attributes: [("languageID", language)], text: text))
            }
            for (language, text) in criterion.descriptions.sorted(by: { $0.key < $1.key }) {
                criterionElement.append(
                    XMLOutputElement("Description", attributes: [("languageID", language)], text: text))
            }
            for parameter in criterion.published {
                var published = XMLOutputElement("Published")
                published.set("list", parameter.list)
                published.set("code", parameter.code)
                published.set("number", parameter.number)
                published.set("spread", parameter.spread.map { "\($0)" })
                criterionElement.append(published)
            }
            switch criterion.method {
            case let .price(formula):
                var formulaElement = XMLOutputElement("PriceFormula", attributes: [("kind", formula.name)])
                if case let .linearBetweenBounds(full, zero) = formula {
                    formulaElement.set("fullPointsAt", full.text)
                    formulaElement.set("zeroPointsAt", zero.text)
                }
                formulaElement.set("allowZero", criterion.acceptedPrices.zero ? "true" : nil)
                formulaElement.set("allowNegative", criterion.acceptedPrices.negative ? "true" : nil)
                criterionElement.append(formulaElement)
            case let .subCriteria(set):
                criterionElement.append(levelElement("SubCriteria", set))
            case let .fixedPrice(fixed):
                criterionElement.append(
                    XMLOutputElement(
                        "FixedPrice", attributes: [("basis", fixed.basis.rawValue), ("amount", fixed.amount.text)]))
            case .scale, .unstated:
                break
            }
            if let model = criterion.lifeCycleCost {
                var modelElement = XMLOutputElement("LifeCycleCost", attributes: [("years", "\(model.years)")])
                modelElement.set("discountRate", model.discountRatePercent.map { "\($0)" })
                for component in model.components {
                    let attributes = [("id", component.id), ("kind", component.kind.rawValue)]
                    var componentElement =
                        component.name.map { XMLOutputElement("Component", attributes: attributes, text: $0) }
                        ?? XMLOutputElement("Component", attributes: attributes)
                    if component.timing != component.kind.defaultTiming {
                        componentElement.set("timing", component.timing.rawValue)
                    }
                    modelElement.append(componentElement)
                }
                criterionElement.append(modelElement)
            }
            element.append(criterionElement)
        }
        return element
    }
}
