import Foundation
import TenderDocuments
import TenderModel
import TenderXML
import Testing

/// `ContractNotice.importPlan`: what a plan imported from a real notice holds, and the notes.
@Suite("eForms plan import")
struct EFormsImportTests {
    private func plan(_ path: String, lot: String) throws -> TenderPlan {
        try EFormsFixtures.notice(path).importPlan(lot: lot, noticeFile: "notice.xml", noticeSHA256: nil)
    }

    private func decimals(_ texts: [String?]) -> [Decimal?] {
        texts.map { $0.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }
    }

    // MARK: - Real notices

    @Test("Points weights (poi-exa 50.0/5.0/30.0/15.0) import as points, as written, from an SDK 1.3 notice")
    func pointsWeights() throws {
        let notice = try EFormsFixtures.notice("ted-eforms-pipeline/notices/295399-2023.xml")
        #expect(notice.customizationID == "eforms-sdk-1.3")
        let plan = try notice.importPlan(lot: "LOT-0000", noticeFile: "notice.xml", noticeSHA256: nil)
        let criteria = try #require(plan.lots.first).criteria
        #expect(criteria.weighting == .points)
        #expect(criteria.criteria.map(\.weight) == decimals(["50", "5", "30", "15"]))
        #expect(criteria.criteria.map { $0.published.map(\.number) } == [["50.0"], ["5.0"], ["30.0"], ["15.0"]])
        #expect(criteria.criteria.map(\.type) == ["quality", "cost", "quality", "cost"])
        #expect(criteria.total == 100)
        #expect(plan.noteCodes == ["no-deadline"])
        #expect(plan.contractingAuthority == "Tallinna 21. Kool")
        #expect(plan.title == "21. Kooli toitlustushange")
        #expect(plan.source?.language == "EST")
    }

    @Test("Numbers without a ParameterCode are kept as data and flagged weight-without-kind")
    func weightWithoutKind() throws {
        let notice = try EFormsFixtures.notice("ted-eforms-pipeline/notices/583624-2023.xml")
        #expect(notice.lots.map(\.id) == ["LOT-0001", "LOT-0002", "LOT-0003", "LOT-0004"])
        for lot in notice.lots {
            let plan = try notice.importPlan(lot: lot.id, noticeFile: "notice.xml", noticeSHA256: nil)
            let criteria = try #require(plan.lots.first).criteria.criteria
            #expect(criteria.map(\.weight) == [nil, nil])
            #expect(
                criteria.map(\.published) == [
                    [PublishedParameter(list: nil, code: nil, number: "40")],
                    [PublishedParameter(list: nil, code: nil, number: "60")],
                ])
            #expect(plan.noteCodes == ["weight-without-kind", "weight-without-kind"])
            #expect(plan.submissionDeadline?.text == "2023-10-19T12:00:00+03:00")
        }
        let plan = try notice.importPlan(lot: "LOT-0001", noticeFile: "notice.xml", noticeSHA256: nil)
        #expect(plan.importNotes.first?.criterion == "AC-1")
        #expect(
            plan.importNotes.first?.message
                == "criterion AC-1 publishes the number 40 without saying what kind of number it is (no"
                + " efbc:ParameterCode/@listName, BT-5421/5422/5423); it is kept as data but not used as a weight, and"
                + " the plan cannot be evaluated until the contracting authority states exact weightings")
        // The model's readiness check explains the same gap in its own words.
        #expect(plan.readinessProblems().contains { $0.message.contains("without saying what kind of number it is") })
    }

    @Test("A criterion written directly on cac:AwardingCriterion is imported and flagged")
    func misplacedCriterion() throws {
        let plan = try plan("eforms-sdk/notices/can_25_ITA.xml", lot: "LOT-0000")
        let criterion = try #require(plan.lots.first?.criteria.criteria.first)
        #expect(plan.lots.first?.criteria.criteria.count == 1)
        #expect(criterion.id == "AC-1")
        #expect(criterion.type == "price")
        #expect(criterion.names == ["ENG": "Price"])
        #expect(criterion.weight == 100)
        #expect(criterion.location == FileLocation(path: "eforms-sdk/notices/can_25_ITA.xml", line: 318, column: 5))
        #expect(plan.lots.first?.criteria.weighting == .percent)
        #expect(plan.noteCodes == ["no-deadline", "misplaced-criterion"])
        #expect(
            plan.importNotes.last?.description
                == "criterion AC-1 is written directly on cac:AwardingCriterion (line 318) instead of in a"
                + " cac:SubordinateAwardingCriterion; it is imported as a criterion of lot LOT-0000")
    }

    @Test("A group of lots keeps its own criteria and lists its members in document order")
    func lotGroup() throws {
        let notice = try EFormsFixtures.notice("ted-eforms-pipeline/notices/665175-2023.xml")
        let group = try #require(notice.lot("GLO-0008"))
        #expect(group.isGroup && group.members == ["LOT-0001", "LOT-0003", "LOT-0002", "LOT-0004"])
        let plan = try notice.importPlan(lot: "GLO-0008", noticeFile: "notice.xml", noticeSHA256: nil)
        let lot = try #require(plan.lots.first)
        #expect(lot.kind == .group)
        #expect(lot.members == ["LOT-0001", "LOT-0003", "LOT-0002", "LOT-0004"])
        #expect(plan.source?.lotScheme == "LotsGroup")
        #expect(plan.id == "c7580eab-e355-4b1e-874f-f4a818703953-GLO-0008")
        #expect(lot.criteria.criteria.map(\.weight) == decimals(["40", "10", "35", "5", "10"]))
        #expect(lot.criteria.criteria.last?.names == ["POL": "Kryterium „Dyspozycyjność Wykonawcy” Pd: - 10 pkt"])
        let member = try notice.importPlan(lot: "LOT-0001", noticeFile: "notice.xml", noticeSHA256: nil)
        #expect(member.lots.first?.criteria.criteria.last?.names == ["POL": "Kryterium „Dyspozycyjność Wykonawcy”"])
        #expect(member.lots.first?.kind == .lot && member.lots.first?.members == [])
    }

    @Test("A group member that is not a lot of the notice is noted")
    func unknownGroupMember() throws {
        var text = try EFormsFixtures.text("eforms-sdk/notices/cn_24_maximal.xml")
        // The first occurrence is in cac:LotDistribution, before the lots themselves.
        let member = try #require(text.range(of: #"<cbc:ID schemeName="Lot">LOT-0002</cbc:ID>"#))
        text.replaceSubrange(member, with: #"<cbc:ID schemeName="Lot">LOT-0009</cbc:ID>"#)
        let plan = try ContractNotice.parse(Array(text.utf8), path: "cn.xml")
            .importPlan(lot: "GLO-0001", noticeFile: "notice.xml", noticeSHA256: nil)
        #expect(plan.lots.first?.members == ["LOT-0001", "LOT-0009"])
        #expect(
            plan.importNotes.first { $0.code == "group-member-unknown" }?.message
                == "group of lots GLO-0001 lists LOT-0009 in cac:LotDistribution (BT-1375), which is not a lot of the"
                + " notice")
    }

    @Test("All 100 lots of the stress-test notice import, each with cost 60 and quality 40")
    func hundredLots() throws {
        let notice = try EFormsFixtures.notice("eforms-sdk/notices/cn_24_maximal_100_lots.xml")
        #expect(notice.lots.count == 100)
        #expect(
            notice.lots.map(\.id)
                == (1...100).map { "LOT-" + String(repeating: "0", count: 4 - String($0).count) + String($0) })
        for lot in notice.lots {
            let plan = try notice.importPlan(lot: lot.id, noticeFile: "notice.xml", noticeSHA256: nil)
            let criteria = try #require(plan.lots.first).criteria
            #expect(criteria.criteria.map(\.type) == ["cost", "quality"])
            #expect(criteria.criteria.map(\.weight) == decimals(["60", "40"]))
            #expect(criteria.weightSum == 100)
            #expect(!plan.noteCodes.contains("business-rule"))
        }
    }

    @Test("Selection-criterion thresholds are not read as award-criterion parameters")
    func selectionThresholdsIgnored() throws {
        let notice = try EFormsFixtures.notice("eforms-sdk/notices/cn_24_maximal.xml")
        let parameters = notice.lots.flatMap(\.criteria).flatMap(\.parameters)
        #expect(parameters.allSatisfy { $0.list == "number-weight" && $0.code == "per-exa" })
        #expect(parameters.count == 6)
    }

    @Test("dec-exa weights import as decimals, as written, and the converter's sums break BR-BT-00539-0201")
    func decimalWeightsFromConverter() throws {
        let plan = try plan("ted-legacy/eforms-xml/22-104446-001-EXP.xml", lot: "LOT-0003")
        let criteria = try #require(plan.lots.first).criteria
        #expect(criteria.weighting == .decimal)
        #expect(criteria.total == 1)
        #expect(criteria.criteria.map(\.weight) == decimals(["200", "50", "50", "300"]))
        #expect(criteria.criteria.map { $0.published.first?.number } == ["200", "50", "50", "300"])
        #expect(plan.noteCodes == ["business-rule"])
        let note = try #require(plan.importNotes.first)
        #expect(note.rule == "BR-BT-00539-0201" && note.criterion == nil)
        #expect(
            note.description
                == "BR-BT-00539-0201: The sum of all 'Award criterion number' (BT-541) of type 'Weight (decimal, exact)'"
                + " must equal 1 for each criteria in the lot; found 600 (AC-1 = 200, AC-2 = 50, AC-3 = 50, AC-4 = 300)"
                + " in lot LOT-0003, outside 1 ± 0.04")
        #expect(
            plan.readinessProblems().contains {
                $0.message
                    == "the decimal weightings of criteria AC-1, AC-2, AC-3, AC-4 in lot LOT-0003 sum to 600, not"
                    + " exactly 1"
            })

        let flattened = try self.plan("ted-legacy/eforms-xml/20-156049-001-EXP.xml", lot: "LOT-0000")
        #expect(flattened.importNotes.map(\.rule) == ["BR-BT-00539-0201"])
        #expect(flattened.importNotes.first?.message.contains("found 132 (AC-1 = 32, AC-2 = 8") == true)
    }

    @Test("Order of importance is carried as published, with no weight and no business-rule failure")
    func orderOfImportance() throws {
        let plan = try plan("ted-legacy/eforms-xml/20-271232-001-EXP.xml", lot: "LOT-0000")
        let criteria = try #require(plan.lots.first).criteria.criteria
        #expect(criteria.map(\.weight) == [nil, nil])
        #expect(
            criteria.map(\.published) == [
                [PublishedParameter(list: "number-weight", code: "ord-imp", number: "1")],
                [PublishedParameter(list: "number-weight", code: "ord-imp", number: "1")],
            ])
        #expect(plan.noteCodes == ["no-deadline", "weight-not-exact", "weight-not-exact"])
        #expect(
            plan.importNotes[1].message
                == "criterion AC-1 publishes ord-imp = 1 (Order of importance), an order of importance rather than an"
                + " exact weighting; it is kept as published, and the plan cannot be evaluated until the contracting"
                + " authority states exact weightings consistent with it")
        #expect(plan.contractingAuthority == "SNCF; SNCF Voyageurs")
    }

    @Test("A real notice with fixed values on its quality criteria: its fix-tot price is noted, not made a gate")
    func fixedValuesOnQuality() throws {
        // 2024-OJS065-00191536 (NL): quality criteria carry fix-unit money values and the price fix-tot
        // 4000000, yet the winning tender is 3 887 000 EUR: not a fixed price all tenderers quote.
        let plan = try plan("ted-eforms-mapping/notices/2024-OJS065-00191536.xml", lot: "LOT-0000")
        #expect(plan.currency == "EUR")
        let criteria = try #require(plan.lots.first).criteria.criteria
        #expect(criteria.map(\.type) == ["quality", "quality", "quality", "quality", "price"])
        #expect(criteria.allSatisfy { $0.method == .unstated && $0.weight == nil })
        #expect(
            criteria.map { $0.published.first?.code } == ["fix-unit", "fix-unit", "fix-unit", "fix-unit", "fix-tot"])
        let notes = plan.importNotes.filter { $0.criterion != nil }
        #expect(notes.map(\.code) == Array(repeating: "weight-fixed", count: 5))
        #expect(
            notes.last?.message
                == "criterion AC-5 publishes fix-tot = 4000000 (Fixed value (total)), a fixed value (BT-5422) rather than"
                + " a weighting; other criteria of the lot publish fixed values too, so it is not taken as a fixed price"
                + " on which tenderers compete on quality alone; it is kept as published, and the plan cannot be"
                + " evaluated until the contracting authority states exact weightings")
    }

    @Test("Weights published as the middle of a range import as published, and readiness asks for the spread")
    func rangesImportAsPublished() throws {
        let plan = try NoticeBuilder.weights([("per-mid", "60"), ("per-mid", "40")]).plan()
        var lot = try #require(plan.lots.first)
        #expect(lot.criteria.criteria.map(\.weight) == [nil, nil])
        #expect(plan.noteCodes.filter { $0 == "weight-not-exact" }.count == 2)
        // The authority states 62 and 38 with the ranges' spread from its procurement documents.
        lot.criteria.criteria[0].weight = 62
        lot.criteria.criteria[1].weight = 38
        lot.criteria.criteria[0].published[0].spread = 10
        let checks = TenderPlan.publishedWeightingChecks(of: lot)
        #expect(checks.map(\.isConsistent) == [true, false])
        #expect(
            checks[1].explanation
                == "criterion AC-2 has weight 38 but the notice published only the middle of a range (per-mid = 40);"
                + " eForms does not carry the range's spread: state it from the procurement documents"
                + " (<Published … spread=\"…\"/>) so that the weight can be checked against the range (Directive"
                + " 2014/24/EU Art. 67(5))")
    }

    @Test("A plan with every weighting kind writes valid XML and reads back equal")
    func planRoundTrip() throws {
        let plan = try NoticeBuilder.weights([("dec-mid", "0.6"), ("dec-mid", "0.4")]).plan()
        var lot = try #require(plan.lots.first)
        lot.criteria.criteria[0].weight = Decimal(string: "0.62", locale: Locale(identifier: "en_US_POSIX"))
        lot.criteria.criteria[0].published[0].spread = Decimal(string: "0.1", locale: Locale(identifier: "en_US_POSIX"))
        lot.criteria.criteria[0].method = .scale("S")
        lot.criteria.criteria[0].minimumPoints = 10
        lot.criteria.criteria[0].maximumPassing = 3
        let euros = try #require(Money(text: "1000.50", currency: "EUR"))
        lot.criteria.criteria[1].method = .fixedPrice(FixedPrice(basis: .unit, amount: euros))
        var edited = plan
        edited.currency = "EUR"
        edited.lots = [lot]
        edited.scales = [
            "S": ScoringScale(
                id: "S", points: [.init(value: 0, descriptor: "no"), .init(value: 4, descriptor: "yes")],
                location: plan.location)
        ]
        let bytes = try edited.xmlDocument.serialized()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"<AwardCriteria weighting="decimal">"#))
        #expect(text.contains(#"minimumPoints="10" maximumPassing="3""#))
        #expect(text.contains(#"<Published list="number-weight" code="dec-mid" number="0.6" spread="0.1"/>"#))
        #expect(text.contains(#"<FixedPrice basis="unit" amount="1000.50"/>"#))
        let reread = try TenderPlan.parse(bytes, path: "tender.xml")
        let again = try #require(reread.lots.first).criteria.criteria
        #expect(again.map(\.weight) == lot.criteria.criteria.map(\.weight))
        #expect(again.map(\.method) == lot.criteria.criteria.map(\.method))
        #expect(again.map(\.published) == lot.criteria.criteria.map(\.published))
        #expect(again[0].minimumPoints == 10 && again[0].maximumPassing == 3)
        #expect(reread.lots.first?.criteria.weighting == .decimal)
        #expect(try reread.xmlDocument.serialized() == bytes)
    }

    @Test("The real ord-imp notice: both criteria rank 1, so any weights the authority states respect the order")
    func orderOfImportanceStated() throws {
        let plan = try plan("ted-legacy/eforms-xml/20-271232-001-EXP.xml", lot: "LOT-0000")
        var lot = try #require(plan.lots.first)
        #expect(lot.criteria.weighting == .percent)
        lot.criteria.criteria[0].weight = 70
        lot.criteria.criteria[1].weight = 30
        let checks = TenderPlan.publishedWeightingChecks(of: lot)
        #expect(checks.map(\.kind) == [.orderOfImportance, .orderOfImportance])
        #expect(checks.allSatisfy { $0.isConsistent })
        #expect(
            checks[0].explanation
                == "criterion AC-1 has weight 70, which respects the published order of importance (rank 1): of equal"
                + " rank with AC-2 (rank 1, weight 30), in any order")
        // The weights are no longer what stops the plan; scales, formulas and the panel still are.
        var stated = plan
        stated.lots = [lot]
        #expect(!stated.readinessProblems().contains { $0.message.contains("weighting") && $0.message.contains("AC-") })
    }

    @Test("Mixed exact kinds (dec-exa with poi-exa) give no weight at all")
    func mixedKinds() throws {
        let plan = try plan("ted-legacy/eforms-xml/21-000934-001-EXP.xml", lot: "LOT-0000")
        let criteria = try #require(plan.lots.first).criteria.criteria
        #expect(criteria.map(\.weight) == [nil, nil, nil, nil])
        #expect(criteria.map { $0.published.first?.code } == ["dec-exa", "dec-exa", "dec-exa", "poi-exa"])
        #expect(plan.noteCodes == ["no-deadline", "weights-mixed-kinds", "business-rule"])
        #expect(
            plan.importNotes[1].message
                == "lot LOT-0000 states its weights in more than one kind (dec-exa on AC-1, AC-2 and AC-3; poi-exa on"
                + " AC-4), which cannot be combined without converting one kind into another; no weight is imported,"
                + " and the plan cannot be evaluated until the contracting authority states exact weightings of one kind"
        )
        #expect(criteria.first?.descriptions.count == 24)
    }

    @Test("Criteria texts are kept per language, whitespace-normalised and in full")
    func multilingualTexts() throws {
        let notice = try EFormsFixtures.notice("eforms-sdk/notices/cn_24_multilingual.xml")
        let criterion = try #require(notice.lots.first?.criteria.first)
        #expect(criterion.descriptions.count == 24)
        #expect(criterion.descriptions.values.allSatisfy { !$0.contains("\n") && !$0.contains("  ") })
        #expect(notice.additionalLanguages.count == 23)
        let plan = try notice.importPlan(lot: "LOT-0000", noticeFile: "notice.xml", noticeSHA256: nil)
        #expect(plan.lots.first?.criteria.criteria.first?.descriptions == criterion.descriptions)
        #expect(plan.contractingAuthority == "Publications Office of the European Union")
        #expect(plan.submissionDeadline == Timestamp("2020-02-03T13:00:00Z"))
    }

    @Test("Deadline, currency and estimated value come from the lot, else the procedure")
    func valuesAndDeadline() throws {
        let open = try plan("eforms-sdk/notices/cn_24_open.xml", lot: "LOT-0000")
        #expect(open.submissionDeadline?.text == "2020-04-03T12:00:00+01:00")
        #expect(open.submissionDeadline == Timestamp("2020-04-03T11:00:00Z"))
        #expect(open.currency == "EUR")
        #expect(open.estimatedValue?.text == "500000")
        #expect(open.lots.first?.estimatedValue == nil)
        #expect(open.importNotes.isEmpty)
        #expect(
            open.title
                == "Term Contract for a Planned Programme of In-service Inspection and Testing of Electrical Equipment")

        let maximal = try plan("eforms-sdk/notices/cn_24_maximal.xml", lot: "LOT-0002")
        #expect(maximal.estimatedValue == Money(text: "9999999.99", currency: "EUR"))
        #expect(maximal.lots.first?.estimatedValue == Money(text: "9999999.99", currency: "EUR"))
        #expect(maximal.title == "Title Lot 2---")

        let french = try plan("eforms-sdk/notices/cn_24_FRA_comments.xml", lot: "LOT-0002")
        #expect(french.submissionDeadline?.text == "2019-06-24T16:00:00Z")
        #expect(french.currency == nil && french.estimatedValue == nil)
        #expect(french.title == "Agence Hauts de Rouen")
    }

    @Test("The plan records the notice it came from")
    func source() throws {
        let plan = try EFormsFixtures.notice("eforms-sdk/notices/cn_24_open.xml")
            .importPlan(lot: "LOT-0000", noticeFile: "notice.xml", noticeSHA256: String(repeating: "0f", count: 32))
        #expect(
            plan.source
                == NoticeSource(
                    file: "notice.xml", noticeID: "c4c415ee-ac08-4465-8fa6-57568cf69462", noticeVersion: "01",
                    customizationID: "eforms-sdk-1.15", noticeType: "cn-standard", noticeSubType: "16",
                    language: "ENG", lot: "LOT-0000", lotScheme: "Lot",
                    sha256: String(repeating: "0f", count: 32), notes: []))
        #expect(plan.id == "c4c415ee-ac08-4465-8fa6-57568cf69462-LOT-0000")
        #expect(plan.location.path == "eforms-sdk/notices/cn_24_open.xml")
    }

    @Test("An ID that is not a lot or group of the notice is refused with the IDs it has")
    func unknownLot() throws {
        let notice = try EFormsFixtures.notice("eforms-sdk/notices/cn_24_maximal.xml")
        let error = #expect(throws: NoticeImportError.self) {
            try notice.importPlan(lot: "LOT-0009", noticeFile: "notice.xml", noticeSHA256: nil)
        }
        #expect(error == .unknownLot("LOT-0009", available: ["GLO-0001", "LOT-0001", "LOT-0002"]))
        #expect(
            error?.description
                == #"error: the notice has no lot or group of lots "LOT-0009"; it has GLO-0001, LOT-0001 and LOT-0002"#)
    }

    // MARK: - Built notices

    @Test("A time without a UTC offset gives no deadline and a note, never a guessed offset")
    func deadlineWithoutOffset() throws {
        var builder = NoticeBuilder.weights([("per-exa", "100")])
        builder.deadline = ("2025-03-14+01:00", "12:00:00")
        let plan = try builder.plan()
        let line =
            try #require(
                builder.xml.components(separatedBy: "\n").firstIndex {
                    $0.contains("<cac:TenderSubmissionDeadlinePeriod>")
                }) + 1
        #expect(plan.submissionDeadline == nil)
        #expect(plan.noteCodes == ["no-deadline"])
        #expect(
            plan.importNotes.first?.message
                == "the time limit for receipt of tenders (BT-131, line \(line)) of lot LOT-0001 cannot be used: the time"
                + " 12:00:00 has no UTC offset, and TenderTrail does not guess one; the plan has no submission deadline"
                + " until the authority states one with a UTC offset")
    }

    @Test(
        "Deadlines that cannot be combined without guessing are refused",
        arguments: [
            (
                date: String?("2025-03-14+01:00"), time: String?("12:00:00+02:00"),
                problem: "the date's UTC offset (+01:00) differs from the time's (+02:00)"
            ),
            (date: nil, time: "12:00:00+01:00", problem: "it gives a time (12:00:00+01:00) but no date"),
            (date: "2025-03-14+01:00", time: nil, problem: "it gives a date (2025-03-14+01:00) but no time"),
            (date: "2025-02-30", time: "12:00:00Z", problem: "2025-02-30 12:00:00Z is not a valid date and time"),
        ])
    func unusableDeadlines(date: String?, time: String?, problem: String) throws {
        let deadline = NoticeDeadline(endDate: date, endTime: time, location: FileLocation(path: "n.xml", line: 3))
        #expect(deadline.timestamp == nil)
        #expect(deadline.problem == problem)
    }

    @Test("A date without an offset takes the time's; Z and +00:00 agree")
    func usableDeadlines() {
        #expect(
            NoticeDeadline(endDate: "2025-03-14", endTime: "12:00:00+01:00", location: FileLocation(path: "n"))
                .timestamp?.text
                == "2025-03-14T12:00:00+01:00")
        #expect(
            NoticeDeadline(endDate: "2025-03-14Z", endTime: "12:00:00+00:00", location: FileLocation(path: "n"))
                .timestamp
                == Timestamp("2025-03-14T12:00:00Z"))
    }

    @Test("A group without its own deadline takes the one its member lots all state")
    func groupDeadlineFromMembers() throws {
        let text = try EFormsFixtures.text("eforms-sdk/notices/cn_24_maximal.xml").replacingOccurrences(
            of: "<cac:ParticipationRequestReceptionPeriod>",
            with: "<cac:TenderSubmissionDeadlinePeriod><cbc:EndDate>2023-05-22+01:00</cbc:EndDate>"
                + "<cbc:EndTime>12:00:00+01:00</cbc:EndTime></cac:TenderSubmissionDeadlinePeriod>"
                + "<cac:ParticipationRequestReceptionPeriod>")
        let notice = try ContractNotice.parse(Array(text.utf8), path: "cn.xml")
        let plan = try notice.importPlan(lot: "GLO-0001", noticeFile: "notice.xml", noticeSHA256: nil)
        #expect(plan.submissionDeadline?.text == "2023-05-22T12:00:00+01:00")
        #expect(plan.noteCodes == ["deadline-from-member-lots"])
        #expect(
            plan.importNotes.first?.message
                == "group of lots GLO-0001 states no time limit for receipt of tenders (BT-131); its member lots"
                + " LOT-0001 and LOT-0002 all state 2023-05-22T12:00:00+01:00, which the plan uses")
    }

    @Test("Without a named buyer the authority is a placeholder and a note says so")
    func missingAuthority() throws {
        var builder = NoticeBuilder.weights([("per-exa", "100")])
        builder.buyerName = nil
        let plan = try builder.plan()
        #expect(plan.contractingAuthority == "[contracting authority not named in the notice]")
        #expect(plan.contractingAuthority == ContractNotice.contractingAuthorityPlaceholder)
        #expect(plan.noteCodes == ["no-contracting-authority"])
        #expect(
            plan.importNotes.first?.message
                == "the buyer ORG-0001 has no name in efac:Organizations (BT-500); the contracting authority is"
                + " \"[contracting authority not named in the notice]\" until the authority states it")
    }

    @Test("Without a lot title the procedure's title is used")
    func titleFallback() throws {
        var builder = NoticeBuilder.weights([("per-exa", "100")])
        builder.lotTitle = nil
        let plan = try builder.plan()
        #expect(plan.title == "Test procedure")
        #expect(plan.lots.first?.title == "Test procedure")
    }

    @Test(
        "Plan IDs are made valid: other characters become '-', long notice IDs are shortened",
        arguments: [
            (noticeID: "notice/2024 ü", expected: "notice-2024---LOT-0001"),
            (noticeID: "-x", expected: "x-LOT-0001"),
            (noticeID: String(repeating: "a", count: 120), expected: String(repeating: "a", count: 91) + "-LOT-0001"),
        ])
    func planIDs(noticeID: String, expected: String) throws {
        var builder = NoticeBuilder.weights([("per-exa", "100")])
        builder.noticeID = noticeID
        let plan = try builder.plan()
        #expect(plan.id == expected)
        #expect(plan.id.range(of: #"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$"#, options: .regularExpression) != nil)
    }

    @Test("A lot ID without a letter or digit gives no plan ID")
    func planIDNotDerivable() throws {
        var builder = NoticeBuilder.weights([("per-exa", "100")])
        builder.lotID = "--"
        let error = #expect(throws: NoticeImportError.self) { try builder.plan() }
        #expect(error == .planIDNotDerivable(noticeID: "test-notice", lot: "--"))
        #expect(
            error?.description
                == #"error: no plan identifier can be derived from notice ID "test-notice" and lot "--": the lot ID"#
                + " contains no ASCII letter or digit")
    }

    @Test("A lot without award criteria imports empty with a no-criteria note")
    func noCriteria() throws {
        var builder = NoticeBuilder()
        builder.blocks = []
        let notice = try builder.notice()
        #expect(notice.lots.first?.awardingCriterionBlocks == 0)
        let plan = try builder.plan()
        #expect(plan.lots.first?.criteria.criteria.isEmpty == true)
        #expect(plan.noteCodes == ["no-criteria"])
        #expect(
            plan.importNotes.first?.message
                == "lot LOT-0001 publishes no award criteria (BG-38, cac:AwardingCriterion/cac:SubordinateAwardingCriterion);"
                + " the contracting authority must state them before the plan can be evaluated")
        #expect(
            plan.readinessProblems().contains {
                $0.message == "lot LOT-0001 has no award criteria; state them in <AwardCriteria>"
            })
    }

    @Test("dec-exa fractions that sum to 1 stay decimals that sum to exactly 1")
    func decimalFractions() throws {
        let plan = try NoticeBuilder.weights([("dec-exa", "0.35"), ("dec-exa", "0.65")]).plan()
        let criteria = try #require(plan.lots.first).criteria
        #expect(criteria.criteria.map(\.weight) == decimals(["0.35", "0.65"]))
        #expect(criteria.weightSum == 1)
        #expect(criteria.weighting == .decimal)
        #expect(plan.importNotes.isEmpty)
    }

    @Test("Ranges, unknown codes and min-score are kept as published with a note; a fixed price becomes a gate")
    func otherParameters() throws {
        var builder = NoticeBuilder()
        builder.blocks = [
            [
                .init(type: "quality", parameters: [("number-weight", "per-mid", "40")]),
                .init(type: "price", parameters: [("number-fixed", "fix-tot", "4000000")]),
                .init(type: "quality-nor-env-criteria", parameters: [("number-weight", "per-foo", "10")]),
                .init(
                    type: "quality",
                    parameters: [("number-weight", "per-exa", "50"), ("number-threshold", "min-score", "30")]),
                .init(type: "cost", parameters: []),
            ]
        ]
        let plan = try builder.plan()
        let criteria = try #require(plan.lots.first).criteria.criteria
        #expect(criteria.map(\.weight) == [nil, nil, nil, 50, nil])
        #expect(criteria.map(\.type) == ["quality", "price", "quality-nor-env-criteria", "quality", "cost"])
        #expect(
            criteria[3].published == [
                PublishedParameter(list: "number-weight", code: "per-exa", number: "50"),
                PublishedParameter(list: "number-threshold", code: "min-score", number: "30"),
            ])
        #expect(criteria[3].minimumScore == nil && criteria[3].minimumPoints == nil)
        // The notice's currency makes the fixed total a price gate.
        #expect(plan.currency != nil)
        #expect(
            criteria[1].method
                == .fixedPrice(
                    FixedPrice(basis: .total, amount: try #require(Money(text: "4000000", currency: plan.currency!)))))
        #expect(
            plan.importNotes.map { "\($0.criterion?.rawValue ?? "-") \($0.code)" } == [
                "AC-1 weight-not-exact", "AC-2 fixed-price", "AC-3 weight-unknown-kind", "AC-4 threshold-min-score",
                "AC-5 no-weight", "- business-rule",
            ])
        #expect(
            plan.importNotes[1].message.hasPrefix("criterion AC-2 publishes fix-tot = 4000000 (Fixed value (total))"))
        #expect(
            plan.importNotes[3].message
                == "criterion AC-4 publishes min-score = 30 (Minimum score), a minimum score (BT-5423); the notice does"
                + " not say whether it is on the scoring scale or in weighted points, so the contracting authority must"
                + " apply it as published: minimumScore=\"30\" (on the scale) or minimumPoints=\"30\" (in points)")
        #expect(
            plan.readinessProblems().contains {
                $0.message.hasPrefix("criterion AC-4 of lot LOT-0001: the notice published min-score = 30")
            })
        #expect(plan.importNotes[5].rule == "BR-BT-00539-0200")
    }

    @Test("Several award-criteria blocks are read in order and checked one by one")
    func severalBlocks() throws {
        var builder = NoticeBuilder()
        builder.blocks = [
            [
                .init(parameters: [("number-weight", "per-exa", "60")]),
                .init(parameters: [("number-weight", "per-exa", "40")]),
            ],
            [
                .init(parameters: [("number-weight", "per-exa", "50")]),
                .init(parameters: [("number-weight", "per-exa", "40")]),
            ],
        ]
        let notice = try builder.notice()
        let lot = try #require(notice.lots.first)
        #expect(lot.awardingCriterionBlocks == 2)
        #expect(lot.criteria.map(\.block) == [1, 1, 2, 2])
        let plan = try builder.plan()
        #expect(plan.lots.first?.criteria.criteria.map(\.id) == ["AC-1", "AC-2", "AC-3", "AC-4"])
        #expect(plan.importNotes.map(\.rule) == ["BR-BT-00539-0200"])
        #expect(
            plan.importNotes.first?.message.hasSuffix(
                "found 90 (AC-3 = 50, AC-4 = 40) in lot LOT-0001 (award criteria block 2 of 2), outside 100 ± 2")
                == true)
    }

    @Test("Prefixes do not matter: a urn: root prefix, renamed prefixes and unused declarations read the same")
    func prefixesIgnored() throws {
        let builder = NoticeBuilder.weights([("per-exa", "40"), ("per-exa", "60")])
        let text = builder.xml
            .replacingOccurrences(
                of: "<ContractNotice xmlns=",
                with:
                    "<urn:ContractNotice xmlns:ns7=\"urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2\" xmlns:urn="
            )
            .replacingOccurrences(of: "</ContractNotice>", with: "</urn:ContractNotice>")
            .replacingOccurrences(of: "cac:", with: "a:").replacingOccurrences(of: "xmlns:cac=", with: "xmlns:a=")
        let renamed = try ContractNotice.parse(Array(text.utf8), path: "renamed.xml")
        var original = try builder.notice()
        original.path = "renamed.xml"
        #expect(
            renamed.lots.map(\.criteria).map { $0.map(\.parameters) }
                == original.lots.map(\.criteria).map { $0.map(\.parameters) })
        #expect(renamed.lots.map(\.id) == ["LOT-0001"])
        #expect(renamed.rootElement == "ContractNotice")
    }
}
