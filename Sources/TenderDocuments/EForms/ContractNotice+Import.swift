import Foundation
public import TenderModel

extension ContractNotice {
    /// The text used as the contracting authority when the notice names none (a note says so).
    public static let contractingAuthorityPlaceholder = "[contracting authority not named in the notice]"

    /// Imports the evaluation plan of one lot or group of lots: what the notice published, exactly,
    /// and nothing it did not.
    ///
    /// The plan has one ``Lot`` (a group keeps its own criteria and lists its member lots) with:
    /// - **id**: `<notice ID>-<lot ID>` (BT-701, BT-137/BT-330), characters outside `[A-Za-z0-9._-]`
    ///   replaced by `-`, leading non-alphanumerics dropped, and the notice part shortened so that
    ///   the whole is at most 100 characters;
    /// - **title**: the lot's title (BT-21) in the notice language (BT-702), else English, else any;
    ///   else the procedure's title the same way;
    /// - **contracting authority**: the buyers' names (`cac:ContractingParty` resolved through
    ///   `efac:Organizations`, BT-500) in the notice language, joined by `; `; when there is none,
    ///   ``contractingAuthorityPlaceholder`` and a `no-contracting-authority` note;
    /// - **currency and estimated value**: BT-27 (`cbc:EstimatedOverallContractAmount` and its
    ///   `currencyID`) of the lot, else of the procedure; `nil` when neither is published;
    /// - **submission deadline**: BT-131, `cbc:EndDate` + `cbc:EndTime` as one ISO 8601 instant with
    ///   the time's UTC offset. A time without an offset, a missing date or time, or a date whose
    ///   offset contradicts the time's gives no deadline and a `no-deadline` note: an offset is never
    ///   guessed. A group without its own deadline takes its member lots' deadline when they all state
    ///   the same one (`deadline-from-member-lots` note);
    /// - **criteria**: `AC-1`, `AC-2`, … in document order, type (BT-539), names (BT-734) and
    ///   descriptions (BT-540) per language, every published number in `published` as published,
    ///   and method ``Criterion/Method/unstated``: the import never invents a scale or a price formula;
    /// - **weights**: `per-exa` → ``WeightingKind/percent`` with the number as written; `dec-exa` →
    ///   ``WeightingKind/decimal`` with the number as written; `poi-exa` → ``WeightingKind/points``
    ///   with the number: nothing is converted. Everything else leaves the weight `nil` with a note:
    ///   ranges and order of importance (`weight-not-exact`: the authority states weights, which
    ///   readiness checks against the publication), fixed values (`weight-fixed`), a number without
    ///   a `ParameterCode` (`weight-without-kind`), no number (`no-weight`), two exact kinds in one
    ///   lot (`weights-mixed-kinds`: no weight at all);
    /// - **fixed price**: a price or cost criterion with one `fix-tot` / `fix-unit` number and no
    ///   weight becomes ``Criterion/Method/fixedPrice(_:)`` in the plan's currency (`fixed-price`);
    /// - **thresholds**: `max-pass` → ``Criterion/maximumPassing`` (`threshold-max-pass`);
    ///   `min-score` is kept as published for the authority to apply on the scale or in points
    ///   (`threshold-min-score`); readiness requires both applied as published;
    /// - **business rules** BR-BT-00539-0194/0197/0200/0201/0209 (and their LotsGroup twins) per
    ///   `cac:AwardingCriterion` block, each failure a `business-rule` note with its rule ID;
    /// - **rules, scales, panel and gates** left empty (``EvaluationRules()``): the authority completes
    ///   them. ``TenderPlan/readinessProblems()`` lists what stops the plan from being evaluated.
    ///
    /// A group's members are checked against the notice's lots (`group-member-unknown` note).
    /// The notes, in order (plan, lot, criteria, lot weights, business rules), go to the plan's
    /// ``TenderPlan/source`` with the notice's identity, the lot and its scheme, and `noticeSHA256`.
    /// Locations point into the notice (``path``).
    ///
    /// - Parameters:
    ///   - lotID: The lot (`LOT-0001`) or group of lots (`GLO-0001`) to import.
    ///   - noticeFile: The notice file as the plan should name it (relative to the plan: `notice.xml`).
    ///   - noticeSHA256: SHA-256 of the notice's exact bytes in lowercase hex, when the caller has it.
    /// - Returns: A plan that is usually not ready to evaluate until the authority completes it.
    /// - Throws: ``NoticeImportError/unknownLot(_:available:)`` when `lotID` is not a lot or group of
    ///   the notice; ``NoticeImportError/planIDNotDerivable(noticeID:lot:)`` when no valid plan ID
    ///   can be formed.
    public func importPlan(
        lot lotID: String, noticeFile: String, noticeSHA256: String?
    ) throws(NoticeImportError)
        -> TenderPlan
    {
        guard let lot = self.lot(lotID) else { throw .unknownLot(lotID, available: lots.map(\.id)) }
        let planID = try Self.planID(noticeID: noticeID, lot: lot.id)
        var notes: [ImportNote] = []

        let authority = contractingAuthority(notes: &notes)
        let title = self.title(of: lot, notes: &notes)
        let lotValue = money(lot.estimatedValue, of: lot, notes: &notes)
        let procedureValue = lot.estimatedValue == nil ? money(procedureEstimatedValue, of: nil, notes: &notes) : nil
        let amount = lot.estimatedValue ?? procedureEstimatedValue
        let currency =
            (lotValue ?? procedureValue)?.currency
            ?? amount?.currency.flatMap { $0.isEmpty ? nil : CurrencyCode($0) }
        let deadline = submissionDeadline(of: lot, notes: &notes)

        let strangers = lot.members.filter { member in !lots.contains { $0.id == member && !$0.isGroup } }
        if !strangers.isEmpty {
            notes.append(
                ImportNote(
                    code: "group-member-unknown",
                    message:
                        "\(Self.describe(lot)) lists \(EFormsText.list(strangers)) in cac:LotDistribution (BT-1375),"
                        + " which \(strangers.count == 1 ? "is not a lot" : "are not lots") of the notice"))
        }
        var criteriaImport = EFormsCriteriaImport(lot: lot, currency: currency)
        let criteria = criteriaImport.run()
        notes += criteriaImport.notes

        let importedLot = Lot(
            id: LotID(lot.id), kind: lot.isGroup ? .group : .lot, title: title, members: lot.members.map { LotID($0) },
            estimatedValue: lotValue, criteria: criteria, qualityThreshold: nil, location: lot.location)
        let source = NoticeSource(
            file: noticeFile, noticeID: noticeID, noticeVersion: noticeVersion, customizationID: customizationID,
            noticeType: noticeType, noticeSubType: noticeSubType, language: language, lot: lot.id,
            lotScheme: lot.scheme, sha256: noticeSHA256, notes: notes)
        return TenderPlan(
            id: planID, title: title, contractingAuthority: authority, currency: currency,
            submissionDeadline: deadline, estimatedValue: lotValue ?? procedureValue, source: source,
            rules: EvaluationRules(), scales: [:], panel: [], gates: [], lots: [importedLot], location: location)
    }

    // MARK: - Plan fields

    /// `<notice ID>-<lot ID>` made into a valid plan identifier.
    static func planID(noticeID: String?, lot: String) throws(NoticeImportError) -> String {
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        func clean(_ text: String) -> String {
            String(
                String.UnicodeScalarView(
                    text.unicodeScalars.map { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "-" }))
        }
        func trimmedStart(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.drop { !isAlphanumeric($0) }))
        }
        let lotPart = String(trimmedStart(clean(lot)).unicodeScalars.prefix(100))
        var noticePart = trimmedStart(clean(noticeID ?? ""))
        guard !lotPart.isEmpty else { throw .planIDNotDerivable(noticeID: noticeID, lot: lot) }
        guard !noticePart.isEmpty, lotPart.unicodeScalars.count < 99 else { return lotPart }
        noticePart = String(noticePart.unicodeScalars.prefix(100 - 1 - lotPart.unicodeScalars.count))
        return noticePart + "-" + lotPart
    }

    private func contractingAuthority(notes: inout [ImportNote]) -> String {
        let named = buyers.compactMap { EFormsText.pick($0.names, language: language) }
        let unresolved = buyers.filter { $0.names.isEmpty }.map(\.id)
        if named.isEmpty {
            let detail =
                buyers.isEmpty
                ? "the notice names no buyer (cac:ContractingParty)"
                : "the buyer \(EFormsText.list(unresolved)) has no name in efac:Organizations (BT-500)"
            notes.append(
                ImportNote(
                    code: "no-contracting-authority",
                    message: "\(detail); the contracting authority is \"\(Self.contractingAuthorityPlaceholder)\""
                        + " until the authority states it"))
            return Self.contractingAuthorityPlaceholder
        }
        if !unresolved.isEmpty {
            notes.append(
                ImportNote(
                    code: "no-contracting-authority",
                    message: "the buyer \(EFormsText.list(unresolved)) has no name in efac:Organizations (BT-500); the"
                        + " contracting authority names only the other buyers"))
        }
        var seen: Set<String> = []
        return named.filter { seen.insert($0).inserted }.joined(separator: "; ")
    }

    private func title(of lot: NoticeLot, notes: inout [ImportNote]) -> String {
        if let title = EFormsText.pick(lot.titles, language: language)
            ?? EFormsText.pick(procedureTitles, language: language)
        {
            return title
        }
        let title = (lot.isGroup ? "Group of lots " : "Lot ") + lot.id
        notes.append(
            ImportNote(
                code: "no-title",
                message: "neither \(Self.describe(lot)) nor the procedure has a title (BT-21); the plan is titled"
                    + " \"\(title)\""))
        return title
    }

    private func money(_ amount: NoticeAmount?, of lot: NoticeLot?, notes: inout [ImportNote]) -> Money? {
        guard let amount else { return nil }
        if let money = amount.money { return money }
        let owner = lot.map { "of \(Self.describe($0))" } ?? "of the procedure"
        notes.append(
            ImportNote(
                code: "estimated-value-unusable",
                message: "the estimated value \(owner) (BT-27, line \(amount.location.line)) is \"\(amount.text)\""
                    + (amount.currency.map { " \($0)" } ?? " without a currency")
                    + ", which is not an amount TenderTrail can hold exactly; it is not imported"))
        return nil
    }

    private func submissionDeadline(of lot: NoticeLot, notes: inout [ImportNote]) -> Timestamp? {
        let suffix = "; the plan has no submission deadline until the authority states one with a UTC offset"
        if let deadline = lot.submissionDeadline {
            if let timestamp = deadline.timestamp { return timestamp }
            notes.append(
                ImportNote(
                    code: "no-deadline",
                    message: "the time limit for receipt of tenders (BT-131, line \(deadline.location.line)) of"
                        + " \(Self.describe(lot)) cannot be used: \(deadline.problem ?? "it is not a date and time")"
                        + suffix))
            return nil
        }
        if lot.isGroup, !lot.members.isEmpty {
            let memberDeadlines = lot.members.map { self.lot($0)?.submissionDeadline?.timestamp }
            if let first = memberDeadlines.first ?? nil,
                memberDeadlines.allSatisfy({ $0.map { $0 == first && $0.text == first.text } ?? false })
            {
                notes.append(
                    ImportNote(
                        code: "deadline-from-member-lots",
                        message: "group of lots \(lot.id) states no time limit for receipt of tenders (BT-131); its"
                            + " member lots \(EFormsText.list(lot.members)) all state \(first.text), which the plan uses"
                    ))
                return first
            }
        }
        notes.append(
            ImportNote(
                code: "no-deadline",
                message: "the notice states no time limit for receipt of tenders (BT-131,"
                    + " cac:TenderSubmissionDeadlinePeriod) for \(Self.describe(lot))" + suffix))
        return nil
    }

    /// `lot LOT-0001` or `group of lots GLO-0001`.
    static func describe(_ lot: NoticeLot) -> String {
        (lot.isGroup ? "group of lots " : "lot ") + lot.id
    }
}
