import Foundation
public import TenderModel

extension ContractNotice {
    /// Imports the evaluation plan of every lot and group of lots of the notice (`tender
    /// import-notice --all-lots`): one plan whose lots are the notice's lots and groups, in document
    /// order, each imported as ``importPlan(lot:noticeFile:noticeSHA256:)`` imports it (title, estimated
    /// value, criteria with their published numbers, weights, business rules; a group keeps its own
    /// criteria and its members).
    ///
    /// The plan as a whole:
    /// - **id**: the notice ID (BT-701) made into an identifier as for one lot, without a lot part;
    /// - **title**: the procedure's title (BT-21 of the procedure) in the notice language, else
    ///   English, else any; else `Notice <notice ID>` with a `no-title` note;
    /// - **contracting authority**: as for one lot;
    /// - **currency and estimated value**: the procedure's BT-27; without one, the currency of the
    ///   lots' estimated values when they all state the same one. Each lot keeps its own value;
    /// - **submission deadline**: the time limit (BT-131) of the lots, when every lot that states one
    ///   states the same instant written the same way (groups without their own take their members'),
    ///   else none, with a `deadlines-differ` note: a plan has one deadline, so lots with different
    ///   deadlines are evaluated in separate plans (`--lot`);
    /// - **source**: the notice with no lot (``NoticeSource/lot`` is `nil`: every lot and group).
    ///
    /// Notes about a criterion are prefixed with its lot (`lot LOT-0002: criterion AC-1 …`), since
    /// criterion IDs repeat from lot to lot.
    ///
    /// - Throws: ``NoticeImportError/noLots`` when the notice has no lot or group;
    ///   ``NoticeImportError/planIDNotDerivable(noticeID:lot:)`` when the notice ID gives no identifier.
    public func importAllLots(noticeFile: String, noticeSHA256: String?) throws(NoticeImportError) -> TenderPlan {
        guard !lots.isEmpty else { throw .noLots }
        let planID = try Self.planID(noticeID: nil, lot: noticeID ?? "")
        var notes: [ImportNote] = []
        var imported: [Lot] = []
        var deadlines: [(lot: String, deadline: Timestamp)] = []
        for noticeLot in lots {
            let single = try importPlan(lot: noticeLot.id, noticeFile: noticeFile, noticeSHA256: noticeSHA256)
            guard let lot = single.lots.first else { continue }
            imported.append(lot)
            // Plan-level notes (the contracting authority) are said once, below.
            for note in single.source?.notes ?? [] where note.code != "no-contracting-authority" {
                if note.code == "no-deadline" { continue }
                // The procedure's unusable value is said once, below.
                if note.code == "estimated-value-unusable", note.message.contains("of the procedure") { continue }
                var prefixed = note
                if note.criterion != nil { prefixed.message = "\(Self.describe(noticeLot)): " + note.message }
                notes.append(prefixed)
            }
            if let deadline = single.submissionDeadline {
                deadlines.append((noticeLot.id, deadline))
            }
        }
        var authorityNotes: [ImportNote] = []
        let authority = try importPlan(lot: lots[0].id, noticeFile: noticeFile, noticeSHA256: noticeSHA256)
        authorityNotes = (authority.source?.notes ?? []).filter { $0.code == "no-contracting-authority" }

        let title: String
        if let procedureTitle = EFormsText.pick(procedureTitles, language: language) {
            title = procedureTitle
        } else {
            title = "Notice \(noticeID ?? planID)"
            notes.insert(
                ImportNote(
                    code: "no-title", message: "the procedure has no title (BT-21); the plan is titled \"\(title)\""),
                at: 0)
        }

        var deadline: Timestamp?
        if let first = deadlines.first {
            if deadlines.allSatisfy({ $0.deadline == first.deadline && $0.deadline.text == first.deadline.text }) {
                deadline = first.deadline
                let without = lots.map(\.id).filter { id in !deadlines.contains { $0.lot == id } }
                if !without.isEmpty {
                    notes.append(
                        ImportNote(
                            code: "deadline-from-other-lots",
                            message: "\(EFormsText.list(without)) \(without.count == 1 ? "states" : "state") no time"
                                + " limit for receipt of tenders (BT-131); the plan uses the one the other lots state,"
                                + " \(first.deadline.text)"))
                }
            } else {
                let listed = deadlines.map { "\($0.lot) \($0.deadline.text)" }.joined(separator: ", ")
                notes.append(
                    ImportNote(
                        code: "deadlines-differ",
                        message: "the lots state different time limits for receipt of tenders (BT-131: \(listed)); a"
                            + " plan has one submission deadline, so the plan has none: evaluate lots with different"
                            + " deadlines in separate plans (--lot)"))
            }
        } else {
            notes.append(
                ImportNote(
                    code: "no-deadline",
                    message: "the notice states no time limit for receipt of tenders (BT-131,"
                        + " cac:TenderSubmissionDeadlinePeriod) for any lot; the plan has no submission deadline until"
                        + " the authority states one with a UTC offset"))
        }

        var procedureNotes: [ImportNote] = []
        let procedureValue = procedureEstimatedValue.flatMap { amount -> Money? in
            if let money = amount.money { return money }
            procedureNotes.append(
                ImportNote(
                    code: "estimated-value-unusable",
                    message: "the estimated value of the procedure (BT-27, line \(amount.location.line)) is"
                        + " \"\(amount.text)\"" + (amount.currency.map { " \($0)" } ?? " without a currency")
                        + ", which is not an amount TenderTrail can hold exactly; it is not imported"))
            return nil
        }
        let lotCurrencies = Set(imported.compactMap { $0.estimatedValue?.currency })
        let currency =
            procedureValue?.currency ?? (lotCurrencies.count == 1 ? lotCurrencies.first : nil)
            ?? procedureEstimatedValue?.currency.flatMap { $0.isEmpty ? nil : CurrencyCode($0) }

        let source = NoticeSource(
            file: noticeFile, noticeID: noticeID, noticeVersion: noticeVersion, customizationID: customizationID,
            noticeType: noticeType, noticeSubType: noticeSubType, language: language, lot: nil, lotScheme: nil,
            sha256: noticeSHA256, notes: authorityNotes + procedureNotes + notes)
        return TenderPlan(
            id: planID, title: title, contractingAuthority: authority.contractingAuthority, currency: currency,
            submissionDeadline: deadline, estimatedValue: procedureValue, source: source, rules: EvaluationRules(),
            scales: [:], panel: [], gates: [], lots: imported, location: location)
    }
}
