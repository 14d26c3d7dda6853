public import Foundation
public import TenderModel
public import TenderXML

extension TenderPlan {
    /// Reads an evaluation plan (`tender.xml`, schema `urn:tendertrail:tender:1`).
    ///
    /// - Parameters:
    ///   - url: The file.
    ///   - displayPath: How to name it in diagnostics (as the user typed it).
    /// - Throws: ``DocumentReadError`` naming file, line and column for anything malformed, refused,
    ///   schema-invalid or contradictory (e.g. a criterion with both a scale and a price formula).
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> TenderPlan {
        try read(from: NativeDocument.load(.plan, contentsOf: url, displayPath: displayPath))
    }

    /// Reads a plan from bytes (see ``read(contentsOf:displayPath:)``).
    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentReadError) -> TenderPlan {
        try read(from: NativeDocument.load(.plan, bytes: bytes, path: path))
    }

    /// Reads a plan from a document already loaded and validated as ``DocumentFormat/plan``.
    public static func read(from document: XMLDocument) throws(DocumentReadError) -> TenderPlan {
        var reader = ElementReader(namespace: DocumentFormat.plan.namespace)
        let root = document.root
        let currency = reader.name(root, "Currency")
        var plan = TenderPlan(
            id: root.attribute("id") ?? "",
            title: reader.name(root, "Title") ?? "",
            contractingAuthority: reader.name(root, "ContractingAuthority") ?? "",
            currency: currency.map { CurrencyCode($0) },
            submissionDeadline: reader.child(root, "SubmissionDeadline").flatMap { reader.timestamp($0) },
            estimatedValue: reader.child(root, "EstimatedValue").flatMap {
                reader.money($0, currency: $0.attribute("currency"))
            },
            source: reader.child(root, "Source").map { readSource($0, reader: reader) },
            rules: EvaluationRules(),
            scales: [:], panel: [], gates: [], lots: [], location: root.location)
        if let rules = reader.child(root, "Rules") { plan.rules = readRules(rules, reader: &reader) }
        for scale in reader.child(root, "Scales").map({ reader.children($0, "Scale") }) ?? [] {
            let points = reader.children(scale, "Point").compactMap { point -> ScoringScale.Point? in
                reader.decimal(point, attribute: "value").map {
                    ScoringScale.Point(value: $0, descriptor: point.normalizedText)
                }
            }
            let id = ScaleID(scale.attribute("id") ?? "")
            plan.scales[id] = ScoringScale(id: id, points: points, location: scale.location)
        }
        plan.panel = (reader.child(root, "Panel").map { reader.children($0, "Evaluator") } ?? []).map { member in
            PanelMember(
                id: EvaluatorID(member.attribute("id") ?? ""),
                name: reader.name(member, "Name") ?? "",
                roles: reader.children(member, "Role").compactMap { PanelMember.Role(rawValue: $0.normalizedText) },
                publicKey: reader.child(member, "PublicKey").map { $0.text.filter { !$0.isWhitespace } })
        }
        let gates = reader.child(root, "Gates")
        plan.espdRequest = gates?.attribute("espdRequest")
        plan.gates = (gates.map { reader.children($0, "Gate") } ?? []).compactMap { gate in
            guard let kind = Gate.Kind(rawValue: gate.attribute("kind") ?? "") else { return nil }
            let espd = reader.children(gate, "EspdCriterion").map { element in
                ESPDGateCriterion(
                    criterion: element.attribute("id") ?? "", indicator: element.attribute("indicator"),
                    expected: element.attribute("expected").map { $0 == "true" || $0 == "1" } ?? true,
                    selfCleaning: element.attribute("selfCleaning"), amount: element.attribute("amount"),
                    location: element.location)
            }
            return Gate(
                id: GateID(gate.attribute("id") ?? ""), kind: kind, name: reader.name(gate, "Name") ?? "",
                requirement: reader.name(gate, "Requirement") ?? "", espdCriteria: espd, location: gate.location)
        }
        if !plan.gates.contains(where: \.isDecidedByESPD), let gates, gates.attribute("espdRequest") != nil {
            reader.problem(
                gates.location(ofAttribute: "espdRequest"),
                "<Gates espdRequest> names an ESPD request but no <Gate> has an <EspdCriterion>; name the request"
                    + " criteria that decide each gate, or leave espdRequest out")
        }
        if let gate = plan.gates.first(where: \.isDecidedByESPD), plan.espdRequest == nil {
            reader.problem(
                gate.espdCriteria[0].location,
                "gate \(gate.id) is decided by the ESPD request's criteria, but <Gates> names no request; add"
                    + " espdRequest=\"espd-request.xml\" and put the request in the case folder")
        }
        if let file = plan.espdRequest, file != "espd-request.xml", let gates {
            reader.problem(
                gates.location(ofAttribute: "espdRequest"),
                "espdRequest=\"\(file)\": the ESPD request lives in the case folder as espd-request.xml")
        }
        plan.lots = reader.children(root, "Lot").map { readLot($0, currency: currency, reader: &reader) }
        try reader.finish()
        return plan
    }

    private static func readSource(_ element: XMLElement, reader: ElementReader) -> NoticeSource {
        let notice = reader.child(element, "Notice")
        return NoticeSource(
            file: notice?.attribute("file") ?? "",
            noticeID: notice?.attribute("noticeID"),
            noticeVersion: notice?.attribute("noticeVersion"),
            customizationID: notice?.attribute("customizationID"),
            noticeType: notice?.attribute("noticeType"),
            noticeSubType: notice?.attribute("noticeSubType"),
            language: notice?.attribute("language"),
            lot: notice?.attribute("lot") ?? "",
            lotScheme: notice?.attribute("lotScheme"),
            sha256: notice?.attribute("sha256"),
            notes: reader.children(element, "ImportNote").map { note in
                ImportNote(
                    code: note.attribute("code") ?? "",
                    criterion: note.attribute("criterion").map { CriterionID($0) },
                    rule: note.attribute("rule"),
                    message: note.normalizedText)
            })
    }

    private static func readRules(_ element: XMLElement, reader: inout ElementReader) -> EvaluationRules {
        var rules = EvaluationRules()
        if let rounding = reader.child(element, "Rounding"),
            let places = rounding.attribute("places").flatMap({ Int($0) }),
            let mode = RoundingMode(rawValue: rounding.attribute("mode") ?? ""),
            let stage = Rounding.Stage(rawValue: rounding.attribute("stage") ?? "")
        {
            if places > 20 {
                reader.problem(
                    rounding.location(ofAttribute: "places"), "<Rounding> places must be at most 20; found \(places)")
            }
            rules.rounding = Rounding(places: min(places, 20), mode: mode, stage: stage)
        }
        if let aggregation = reader.child(element, "Aggregation"),
            let method = Aggregation.Method(rawValue: aggregation.attribute("method") ?? "")
        {
            rules.aggregation = Aggregation(
                method: method, maximumSpread: reader.decimal(aggregation, attribute: "maximumSpread"),
                minimumSheets: aggregation.attribute("minimumSheets").flatMap { Int($0) })
        }
        if let tieBreak = reader.child(element, "TieBreak") {
            rules.tieBreak = reader.children(tieBreak, "Rule").compactMap { rule -> TieBreakRule? in
                switch rule.normalizedText {
                case "highest-quality-points": return .highestQualityPoints
                case "lowest-price": return .lowestPrice
                case "highest-criterion-points":
                    guard let criterion = rule.attribute("criterion") else {
                        reader.problem(rule.location, "tie-break rule highest-criterion-points needs criterion=\"…\"")
                        return nil
                    }
                    return .highestCriterionPoints(CriterionID(criterion))
                default: return nil
                }
            }
        }
        if let screen = reader.child(element, "AbnormallyLowScreen"),
            let basis = AbnormallyLowScreen.Basis(rawValue: screen.attribute("basis") ?? ""),
            let percent = reader.decimal(screen, attribute: "belowPercent")
        {
            rules.abnormallyLowScreen = AbnormallyLowScreen(basis: basis, belowPercent: percent)
        }
        if let process = reader.child(element, "Process") {
            func flag(_ name: String) -> Bool { ["true", "1"].contains(process.attribute(name) ?? "false") }
            rules.process = ProcessRules(
                separateQualityAndPriceEvaluators: flag("separateQualityAndPriceEvaluators"),
                lockQualityBeforePrices: flag("lockQualityBeforePrices"))
        }
        return rules
    }

    private static func readLot(_ element: XMLElement, currency: String?, reader: inout ElementReader) -> Lot {
        let criteriaElement = reader.child(element, "AwardCriteria")
        let criteria =
            criteriaElement.map { readLevel($0, currency: currency, reader: &reader) }
            ?? CriteriaSet(weighting: .percent, criteria: [], location: element.location)
        let threshold = reader.child(element, "QualityThreshold").flatMap { threshold in
            reader.decimal(threshold, attribute: "minimumPoints").map {
                Located($0, at: threshold.location(ofAttribute: "minimumPoints"))
            }
        }
        return Lot(
            id: LotID(element.attribute("id") ?? ""),
            kind: Lot.Kind(rawValue: element.attribute("kind") ?? "lot") ?? .lot,
            title: reader.name(element, "Title") ?? "",
            members: reader.children(element, "Member").compactMap { $0.attribute("lot").map { LotID($0) } },
            estimatedValue: reader.child(element, "EstimatedValue").flatMap {
                reader.money($0, currency: $0.attribute("currency"))
            },
            criteria: criteria,
            qualityThreshold: threshold,
            location: element.location)
    }

    private static func readLevel(_ element: XMLElement, currency: String?, reader: inout ElementReader) -> CriteriaSet
    {
        CriteriaSet(
            weighting: WeightingKind(rawValue: element.attribute("weighting") ?? "") ?? .percent,
            criteria: reader.children(element, "Criterion").map {
                readCriterion($0, currency: currency, reader: &reader)
            },
            location: element.location)
    }

    private static func readCriterion(
        _ element: XMLElement, currency: String?, reader: inout ElementReader
    ) -> Criterion {
        let id = CriterionID(element.attribute("id") ?? "")
        var methods: [Criterion.Method] = []
        if let scale = element.attribute("scale") { methods.append(.scale(ScaleID(scale))) }
        if let formula = reader.child(element, "PriceFormula") {
            if let parsed = readFormula(formula, currency: currency, reader: &reader) { methods.append(.price(parsed)) }
        }
        if let subCriteria = reader.child(element, "SubCriteria") {
            methods.append(.subCriteria(readLevel(subCriteria, currency: currency, reader: &reader)))
        }
        if let fixed = reader.child(element, "FixedPrice") {
            if let currency {
                if let amount = reader.money(fixed, text: fixed.attribute("amount") ?? "", currency: currency) {
                    let basis = FixedPrice.Basis(rawValue: fixed.attribute("basis") ?? "") ?? .total
                    methods.append(.fixedPrice(FixedPrice(basis: basis, amount: amount)))
                }
            } else {
                reader.problem(fixed.location, "a fixed price needs the plan's <Currency>")
            }
        }
        if methods.count > 1 {
            reader.problem(
                element.location,
                "criterion \(id) states more than one scoring method; give it exactly one of scale=\"…\", <PriceFormula>,"
                    + " <SubCriteria> or <FixedPrice>")
        }
        func localised(_ name: String) -> [String: String] {
            var values: [String: String] = [:]
            for child in reader.children(element, name) {
                if let language = child.attribute("languageID") { values[language] = child.normalizedText }
            }
            return values
        }
        let formulaElement = reader.child(element, "PriceFormula")
        func flag(_ name: String) -> Bool { ["true", "1"].contains(formulaElement?.attribute(name) ?? "false") }
        return Criterion(
            id: id,
            type: element.attribute("type") ?? "",
            names: localised("Name"),
            descriptions: localised("Description"),
            weight: reader.decimal(element, attribute: "weight"),
            method: methods.first ?? .unstated,
            minimumScore: reader.decimal(element, attribute: "minimumScore"),
            published: reader.children(element, "Published").map {
                PublishedParameter(
                    list: $0.attribute("list"), code: $0.attribute("code"), number: $0.attribute("number") ?? "",
                    spread: reader.decimal($0, attribute: "spread"))
            },
            location: element.location,
            minimumPoints: reader.decimal(element, attribute: "minimumPoints"),
            maximumPassing: element.attribute("maximumPassing").flatMap { Int($0) },
            lifeCycleCost: reader.child(element, "LifeCycleCost").flatMap { readCostModel($0, reader: &reader) },
            acceptedPrices: AcceptedPrices(zero: flag("allowZero"), negative: flag("allowNegative")))
    }

    private static func readCostModel(_ element: XMLElement, reader: inout ElementReader) -> LifeCycleCostModel? {
        guard let years = element.attribute("years").flatMap({ Int($0) }) else {
            reader.problem(
                element.location(ofAttribute: "years"), "<LifeCycleCost> years must be a whole number of years")
            return nil
        }
        if years > 100 {
            reader.problem(
                element.location(ofAttribute: "years"), "<LifeCycleCost> years must be at most 100; found \(years)")
        }
        let components = reader.children(element, "Component").compactMap { component -> CostComponent? in
            let id = component.attribute("id") ?? ""
            guard let kind = CostComponent.Kind(rawValue: component.attribute("kind") ?? "") else { return nil }
            let timing = component.attribute("timing").flatMap { CostComponent.Timing(rawValue: $0) }
            guard let timing = timing ?? kind.defaultTiming else {
                reader.problem(
                    component.location,
                    "cost component \(id) is of kind other: say when it falls with timing=\"start\", \"yearly\" or"
                        + " \"end\"")
                return nil
            }
            let name = reader.prose(component)
            return CostComponent(id: id, kind: kind, timing: timing, name: name.isEmpty ? nil : name)
        }
        return LifeCycleCostModel(
            years: min(max(years, 1), 100), discountRatePercent: reader.decimal(element, attribute: "discountRate"),
            components: components, location: element.location)
    }

    private static func readFormula(
        _ element: XMLElement, currency: String?, reader: inout ElementReader
    ) -> PriceFormula? {
        let full = element.attribute("fullPointsAt")
        let zero = element.attribute("zeroPointsAt")
        let relative: [String: PriceFormula] = [
            "lowest-price-ratio": .lowestPriceRatio, "linear-lowest-to-highest": .linearLowestToHighest,
            "price-per-quality-point": .pricePerQualityPoint, "relative-to-average": .relativeToAverage,
        ]
        switch element.attribute("kind") {
        case let kind? where relative[kind] != nil:
            if full != nil || zero != nil {
                reader.problem(
                    element.location,
                    "fullPointsAt and zeroPointsAt apply only to kind=\"linear-between-bounds\"; the \(kind)"
                        + " formula takes its benchmark from the bids")
            }
            return relative[kind]
        case "linear-between-bounds":
            guard let full, let zero else {
                reader.problem(
                    element.location,
                    "<PriceFormula kind=\"linear-between-bounds\"> needs both fullPointsAt and zeroPointsAt (the prices that"
                        + " earn full and zero points, fixed before bids are opened)")
                return nil
            }
            guard let currency else {
                reader.problem(element.location, "price bounds need the plan's <Currency>")
                return nil
            }
            guard let fullMoney = reader.money(element, text: full, currency: currency),
                let zeroMoney = reader.money(element, text: zero, currency: currency)
            else { return nil }
            return .linearBetweenBounds(fullPointsAt: fullMoney, zeroPointsAt: zeroMoney)
        default:
            return nil
        }
    }
}
