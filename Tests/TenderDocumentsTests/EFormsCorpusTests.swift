import Foundation
import TenderDocuments
import TenderModel
import Testing

/// Every notice of the corpus reads as `expected-values.json` records it, and every lot imports.
@Suite("eForms corpus walk")
struct EFormsCorpusTests {
    @Test("The fixtures hold exactly the 24 corpus notices and their expected values")
    func fixturesAreComplete() throws {
        #expect(EFormsFixtures.corpusNotices.count == 24)
        #expect(try EFormsFixtures.expected().keys.sorted() == EFormsFixtures.corpusNotices.sorted())
        #expect(try EFormsFixtures.expectedLegacy().keys.sorted() == EFormsFixtures.legacyNotices.sorted())
        let files = try FileManager.default.subpathsOfDirectory(atPath: EFormsFixtures.directory().path)
            .filter { $0.hasSuffix(".xml") }.sorted()
        let all = EFormsFixtures.corpusNotices + EFormsFixtures.legacyNotices + EFormsFixtures.mappingNotices
        #expect(files == all.sorted())
    }

    @Test(
        "Each corpus notice reads with the lots and criteria recorded in expected-values.json",
        arguments: EFormsFixtures.corpusNotices)
    func corpusNoticeMatchesExpectedValues(path: String) throws {
        let expected = try #require(try EFormsFixtures.expected()[path])
        try check(EFormsFixtures.notice(path), against: expected)
    }

    @Test(
        "Each converter output reads with the lots and criteria recorded in expected-values.json",
        arguments: EFormsFixtures.legacyNotices)
    func legacyNoticeMatchesExpectedValues(path: String) throws {
        let expected = try #require(try EFormsFixtures.expectedLegacy()[path])
        try check(EFormsFixtures.notice(path), against: expected)
    }

    @Test(
        "Every lot of every notice imports a plan that keeps what was published",
        arguments: EFormsFixtures.corpusNotices + EFormsFixtures.legacyNotices)
    func everyLotImports(path: String) throws {
        let notice = try EFormsFixtures.notice(path)
        let expected = try #require(
            try (EFormsFixtures.expected().merging(EFormsFixtures.expectedLegacy()) { a, _ in a })[path])
        for expectedLot in expected.lots {
            let plan = try notice.importPlan(lot: expectedLot.id, noticeFile: "notice.xml", noticeSHA256: "ab12")
            try checkImport(plan, of: expectedLot, in: notice)
        }
    }

    // MARK: - Checks

    private func check(_ notice: ContractNotice, against expected: ExpectedNotice) throws {
        #expect(notice.rootElement == expected.root)
        #expect(notice.customizationID == expected.customizationID)
        #expect(notice.noticeSubType == expected.noticeSubType)
        #expect(notice.noticeType == expected.noticeTypeCode)
        #expect(notice.language == expected.noticeLanguage)
        #expect(notice.additionalLanguages == expected.additionalLanguages)
        #expect(notice.procedureCode == expected.procedureCode)
        // Lots: ID, scheme and number of award-criteria blocks, in document order.
        #expect(notice.lots.map(\.id) == expected.lots.map(\.id))
        #expect(notice.lots.map(\.scheme) == expected.lots.map(\.scheme))
        #expect(notice.lots.map(\.awardingCriterionBlocks) == expected.lots.map(\.awardingCriterionBlocks))
        for (lot, expectedLot) in zip(notice.lots, expected.lots) {
            try #require(
                lot.criteria.count == expectedLot.criteria.count, "lot \(lot.id) of \(notice.path): criteria count")
            for (index, (criterion, expectedCriterion)) in zip(lot.criteria, expectedLot.criteria).enumerated() {
                let at = Comment(rawValue: "\(notice.path) \(lot.id) criterion \(index + 1)")
                #expect(criterion.type == expectedCriterion.type, at)
                #expect(criterion.names == (expectedCriterion.name ?? [:]), at)
                #expect(
                    criterion.descriptions.mapValues(Self.prefix80)
                        == (expectedCriterion.descriptionPrefix ?? [:]).compactMapValues { $0 }, at)
                #expect(
                    criterion.parameters.map { ExpectedParameter(list: $0.list, code: $0.code, number: $0.number) }
                        == expectedCriterion.parameters, at)
                #expect(
                    criterion.misplacedOnAwardingCriterion == (expectedCriterion.misplacedOnAwardingCriterion ?? false),
                    at)
            }
            #expect(Set(lot.calculationExpressions.keys) == Set(expectedLot.calculationExpressionBT543Present ?? []))
            #expect(Set(lot.orderJustifications.keys) == Set(expectedLot.orderJustificationBT733Present ?? []))
        }
    }

    /// The corpus's `descriptionPrefix`: the first 80 Unicode scalars (Python code points) of the
    /// whitespace-normalised description.
    static func prefix80(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(80)))
    }

    private func checkImport(_ plan: TenderPlan, of expected: ExpectedLot, in notice: ContractNotice) throws {
        let at = Comment(rawValue: "\(notice.path) \(expected.id)")
        #expect(plan.id.range(of: #"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$"#, options: .regularExpression) != nil, at)
        #expect(plan.id == "\(notice.noticeID ?? "")-\(expected.id)", at)
        #expect(plan.rules == EvaluationRules(), at)
        #expect(plan.scales.isEmpty && plan.panel.isEmpty && plan.gates.isEmpty, at)
        #expect(!plan.contractingAuthority.isEmpty, at)
        let source = try #require(plan.source)
        #expect(source.file == "notice.xml" && source.sha256 == "ab12", at)
        #expect(source.lot == expected.id && source.lotScheme == expected.scheme, at)
        #expect(source.noticeID == notice.noticeID && source.customizationID == notice.customizationID, at)
        #expect(source.noticeSubType == notice.noticeSubType && source.language == notice.language, at)

        let lot = try #require(plan.lots.first)
        #expect(plan.lots.count == 1, at)
        #expect(lot.id.rawValue == expected.id, at)
        #expect(lot.kind == (expected.scheme == "LotsGroup" ? .group : .lot), at)
        let criteria = lot.criteria.criteria
        #expect(criteria.map(\.id.rawValue) == expected.criteria.indices.map { "AC-\($0 + 1)" }, at)
        // A price or cost with one fixed value and no weight is a price gate; everything else is
        // left for the authority to state.
        let fixed = expected.criteria.map {
            WeightOracle.fixedPrice($0, among: expected.criteria, currency: plan.currency)
        }
        #expect(criteria.map(\.method) == fixed.map { $0.map(Criterion.Method.fixedPrice) ?? .unstated }, at)
        #expect(criteria.allSatisfy { $0.minimumScore == nil && $0.minimumPoints == nil }, at)
        #expect(
            criteria.map { $0.published.map { ExpectedParameter(list: $0.list, code: $0.code, number: $0.number) } }
                == expected.criteria.map(\.parameters), at)
        #expect(criteria.map(\.type) == expected.criteria.map { $0.type ?? "" }, at)

        // Weights follow from the published parameters alone.
        let oracle = WeightOracle(expected.criteria)
        #expect(lot.criteria.weighting == oracle.weighting, at)
        #expect(criteria.map(\.weight) == oracle.weights, at)
        if expected.criteria.isEmpty { #expect(plan.noteCodes.contains("no-criteria"), at) }
        for (index, criterion) in expected.criteria.enumerated() {
            let codes = plan.importNotes.filter { $0.criterion?.rawValue == "AC-\(index + 1)" }.map(\.code)
            let code =
                WeightOracle.fixedPrice(criterion, among: expected.criteria, currency: plan.currency) != nil
                ? "fixed-price" : oracle.noteCode(criterion)
            #expect(codes.contains(code) || code == "", at)
            if criterion.misplacedOnAwardingCriterion == true { #expect(codes.contains("misplaced-criterion"), at) }
        }
        #expect(plan.noteCodes.contains("weights-mixed-kinds") == oracle.mixed, at)
    }
}

/// An independent statement of the weight semantics, from the expected parameters.
struct WeightOracle {
    var weighting: WeightingKind
    var weights: [Decimal?]
    var mixed: Bool

    init(_ criteria: [ExpectedCriterion]) {
        let exact = criteria.map { criterion -> (String, Decimal)? in
            let weights = criterion.parameters.filter { $0.list == "number-weight" }
            guard weights.count == 1, let code = weights[0].code, ["per-exa", "dec-exa", "poi-exa"].contains(code),
                let number = Decimal(string: weights[0].number, locale: Locale(identifier: "en_US_POSIX"))
            else { return nil }
            return (code, number)
        }
        let kinds = Set(exact.compactMap { $0?.0 })
        mixed = kinds.count > 1
        weights = mixed ? criteria.map { _ in nil } : exact.map { $0?.1 }
        let firstCode =
            exact.compactMap { $0?.0 }.first
            ?? criteria.flatMap(\.parameters).first { $0.list == "number-weight" && $0.code != nil }?.code
        let code = firstCode ?? ""
        weighting = code.hasPrefix("poi-") ? .points : code.hasPrefix("dec-") ? .decimal : .percent
    }

    /// The fixed price a price or cost criterion publishes (one `number-fixed` number, no weight,
    /// and no other criterion of the lot with a fixed value), when the plan has a currency.
    static func fixedPrice(
        _ criterion: ExpectedCriterion, among criteria: [ExpectedCriterion], currency: CurrencyCode?
    ) -> FixedPrice? {
        let fixed = criterion.parameters.filter { $0.list == "number-fixed" }
        let withFixed = criteria.filter { $0.parameters.contains { $0.list == "number-fixed" } }
        guard let currency, ["price", "cost"].contains(criterion.type ?? ""), fixed.count == 1, withFixed.count == 1,
            !criterion.parameters.contains(where: { $0.list == "number-weight" }),
            let amount = Money(text: fixed[0].number, currency: currency)
        else { return nil }
        switch fixed[0].code {
        case "fix-tot": return FixedPrice(basis: .total, amount: amount)
        case "fix-unit": return FixedPrice(basis: .unit, amount: amount)
        default: return nil
        }
    }

    /// The note a criterion must carry about its weight, or "" when its weight is exact.
    func noteCode(_ criterion: ExpectedCriterion) -> String {
        let weights = criterion.parameters.filter { $0.list == "number-weight" }
        if weights.count > 1 { return "several-weights" }
        if let code = weights.first?.code {
            return ["per-exa", "dec-exa", "poi-exa"].contains(code) ? "" : "weight-not-exact"
        }
        if criterion.parameters.contains(where: { $0.list == nil }) { return "weight-without-kind" }
        if criterion.parameters.contains(where: { $0.list == "number-fixed" }) { return "weight-fixed" }
        return "no-weight"
    }
}
