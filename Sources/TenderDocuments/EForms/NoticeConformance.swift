public import TenderModel

extension TenderPlan {
    /// Everything in this plan that no longer says what the contract notice it was imported from
    /// published; empty when the plan is faithful to the notice, or when it has no ``source`` (it was
    /// not imported from a notice).
    ///
    /// Imports ``NoticeSource/lot`` from `notice` again
    /// (``ContractNotice/importPlan(lot:noticeFile:noticeSHA256:)``) and compares:
    /// - **the submission deadline** (BT-131), when the notice gives one: the same instant, whatever
    ///   the offset it is written with (`12:00:00+01:00` is `11:00:00Z`);
    /// - **the lot**: the notice has it, and it is the plan's only lot; for a plan of every lot
    ///   (``NoticeSource/lot`` is `nil`, ``ContractNotice/importAllLots(noticeFile:noticeSHA256:)``), the
    ///   plan's lots are exactly the notice's lots and groups, each checked as below;
    /// - **groups of lots**: a group is a group in both, combining the same lots (BT-1375);
    /// - **the estimated value** (BT-27), when the notice gives one and the plan's abnormally-low
    ///   screen uses it: the lot's value, else the plan's, must equal the published amount and currency;
    /// - **the award criteria** (BT-539): the same top-level criterion IDs (`AC-1`, `AC-2`, … in the
    ///   notice's order), and each criterion's `<Published>` elements exactly as imported: list, code
    ///   and number as written (`20.0` is not `20`), in order. Sub-criteria are the authority's (eForms
    ///   criteria have none), so they must not claim published numbers.
    ///
    /// Names, descriptions, types, scales and price formulas are not compared: the authority completes
    /// and words them; scoring follows the method, and weights are checked against `<Published>` by
    /// ``TenderPlan/readinessProblems()``. Whether `notice` is the file the plan was imported from is
    /// the caller's to check (``NoticeSource/sha256``).
    ///
    /// Problems come in the order of this list, missing criteria before the plan's in plan order. Each
    /// is located at the plan element at fault (the root for the deadline and the source, which the
    /// model does not locate; `<AwardCriteria>` for a missing criterion) and cites the notice's line,
    /// e.g. `tender.xml:75:7: error: criterion AC-1 of lot LOT-0000 records <Published
    /// list="number-weight" code="per-exa" number="20"/>, but notice.xml:262 published <Published
    /// list="number-weight" code="per-exa" number="15"/>; …`.
    ///
    /// Source: Directive 2014/24/EU Art. 67(5) (weightings stated in the procurement documents) and
    /// Art. 47 (time limits); ECJ C-532/06 *Lianakis* (no criteria or weightings not published in
    /// advance); eForms irregularity types `eva-add-crit`, `eva-diff-crit`, `nc-timl`.
    public func conformanceProblems(to notice: ContractNotice) -> [DocumentProblem] {
        guard let source else { return [] }
        let published: TenderPlan
        do {
            if let lot = source.lot {
                published = try notice.importPlan(lot: lot, noticeFile: source.file, noticeSHA256: source.sha256)
            } else {
                published = try notice.importAllLots(noticeFile: source.file, noticeSHA256: source.sha256)
            }
        } catch {
            let what =
                switch error {
                case let .unknownLot(_, available):
                    "which has no such lot or group of lots (it has "
                        + (available.isEmpty ? "none" : EFormsText.list(available)) + ")"
                case .planIDNotDerivable: "whose lot ID has no ASCII letter or digit, so no plan can be imported"
                case .noLots: "which has no lot or group of lots"
                }
            guard let lot = source.lot else {
                return [problem(location, "the plan's <Source> imports every lot of \(notice.path), \(what)")]
            }
            return [
                problem(
                    location,
                    "the plan's <Source> names lot \(lot) of \(notice.path), \(what); a plan imported from a"
                        + " notice must name the lot it was imported from in <Notice lot=\"…\">")
            ]
        }
        var problems: [DocumentProblem] = []
        let noticeLot = source.lot.flatMap { notice.lot($0) }
        if let deadline = published.submissionDeadline, submissionDeadline != deadline {
            let cited = noticeLot?.submissionDeadline.map { ", \(Self.cite($0.location))" } ?? ""
            problems.append(
                problem(
                    location,
                    "the plan's submission deadline is \(submissionDeadline?.text ?? "not stated"), but \(notice.path)"
                        + " published \(deadline.text) as the time limit for receipt of tenders (BT-131\(cited)); state"
                        + " <SubmissionDeadline>\(deadline.text)</SubmissionDeadline>: a published time limit changes"
                        + " only by a change notice (Directive 2014/24/EU Art. 47)"))
        }
        if source.lot != nil {
            guard let publishedLot = published.lots.first else { return problems }
            for lot in lots where lot.id != publishedLot.id {
                problems.append(
                    problem(
                        lot.location,
                        "lot \(lot.id) is not lot \(publishedLot.id) of \(notice.path), which the plan's <Source>"
                            + " imports; a plan imported from a notice evaluates that lot alone: remove lot \(lot.id)"))
            }
            guard let lot = lot(publishedLot.id) else {
                problems.append(
                    problem(
                        location,
                        "the plan has no lot \(publishedLot.id), the lot its <Source> imports from \(notice.path);"
                            + " restore <Lot id=\"\(publishedLot.id)\"> with the criteria the notice published"))
                return problems
            }
            problems += conformanceProblems(of: lot, to: publishedLot, in: published, notice: notice)
            return problems
        }
        // Every lot and group of lots of the notice, and no other.
        let publishedIDs = published.lots.map(\.id)
        for lot in lots where !publishedIDs.contains(lot.id) {
            problems.append(
                problem(
                    lot.location,
                    "lot \(lot.id) is not a lot or group of lots of \(notice.path) (it has"
                        + " \(EFormsText.list(publishedIDs.map(\.rawValue)))), whose every lot the plan's <Source>"
                        + " imports: remove lot \(lot.id)"))
        }
        for publishedLot in published.lots {
            guard let lot = lot(publishedLot.id) else {
                problems.append(
                    problem(
                        location,
                        "the plan has no lot \(publishedLot.id), which \(Self.cite(publishedLot.location)) published and"
                            + " the plan's <Source> imports (every lot); restore <Lot id=\"\(publishedLot.id)\"> with"
                            + " the criteria the notice published"))
                continue
            }
            problems += conformanceProblems(of: lot, to: publishedLot, in: published, notice: notice)
        }
        return problems
    }

    /// One lot of the plan against the same lot as `notice` published it (`publishedLot`, of the plan
    /// `published` imported again): its estimated value where it decides something, and its criteria.
    private func conformanceProblems(
        of lot: Lot, to publishedLot: Lot, in published: TenderPlan, notice: ContractNotice
    ) -> [DocumentProblem] {
        var problems: [DocumentProblem] = []
        let noticeLot = notice.lot(lot.id.rawValue)
        if lot.kind != publishedLot.kind || lot.members != publishedLot.members {
            let described = { (lot: Lot) -> String in
                lot.kind == .group
                    ? "a group of lots combining "
                        + (lot.members.isEmpty ? "no lots" : EFormsText.list(lot.members.map(\.rawValue)))
                    : "a lot"
            }
            problems.append(
                problem(
                    lot.location,
                    "lot \(lot.id) is \(described(lot)) in the plan, but \(Self.cite(publishedLot.location)) published"
                        + " \(described(publishedLot)) (BT-330, BT-1375); state it as published: the lots that may be"
                        + " combined are those the notice indicated (Directive 2014/24/EU Art. 46(3))"))
        }
        // The estimated value matters only where it decides something: an abnormally-low screen on the
        // estimated value flags more bids as its basis rises, so it must be the value published.
        if rules.abnormallyLowScreen?.basis == .estimatedValue,
            let value = publishedLot.estimatedValue ?? published.estimatedValue,
            lot.estimatedValue ?? estimatedValue != value
        {
            let stated = (lot.estimatedValue ?? estimatedValue).map(\.description) ?? "(none)"
            let amount = noticeLot?.estimatedValue ?? notice.procedureEstimatedValue
            let cited = amount.map { ", \(Self.cite($0.location))" }
            problems.append(
                problem(
                    lot.estimatedValue == nil ? location : lot.location,
                    "the abnormally-low screen uses the estimated value \(stated) of lot \(lot.id), but"
                        + " \(notice.path) published \(value) (BT-27\(cited ?? "")); state <EstimatedValue"
                        + " currency=\"\(value.currency)\">\(value.text)</EstimatedValue> as published"))
        }
        let planIDs = Set(lot.criteria.criteria.map(\.id))
        for missing in publishedLot.criteria.criteria where !planIDs.contains(missing.id) {
            problems.append(
                problem(
                    lot.criteria.location,
                    "lot \(lot.id) has no criterion \(missing.id) (\"\(missing.displayName())\"), which"
                        + " \(Self.cite(missing.location)) published; restore it as published: every published"
                        + " criterion is evaluated with its weighting (Directive 2014/24/EU Art. 67(5))"))
        }
        for criterion in lot.criteria.criteria {
            guard let expected = publishedLot.criteria.criteria.first(where: { $0.id == criterion.id }) else {
                let ids = publishedLot.criteria.criteria.map(\.id.rawValue)
                problems.append(
                    problem(
                        criterion.location,
                        "criterion \(criterion.id) of lot \(lot.id) is not among the award criteria \(notice.path)"
                            + " published for it (\(ids.isEmpty ? "none" : EFormsText.list(ids))); remove it: criteria"
                            + " not published in advance cannot be applied (ECJ C-532/06 Lianakis)"))
                continue
            }
            if criterion.published != expected.published {
                problems.append(
                    problem(
                        criterion.location,
                        "criterion \(criterion.id) of lot \(lot.id) records \(Self.xml(criterion.published)), but"
                            + " \(Self.cite(expected.location)) published \(Self.xml(expected.published)); write the"
                            + " <Published> elements as the notice published them: a published weighting cannot"
                            + " change after publication (Directive 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis)"))
            }
            guard case let .subCriteria(level) = criterion.method else { continue }
            for sub in level.flattened where !sub.published.isEmpty {
                problems.append(
                    problem(
                        sub.location,
                        "sub-criterion \(sub.id) of criterion \(criterion.id) records \(Self.xml(sub.published)), but"
                            + " \(notice.path) publishes no sub-criteria (eForms award criteria have none); remove"
                            + " its <Published> elements"))
            }
        }
        return problems
    }

    private func problem(_ location: FileLocation, _ message: String) -> DocumentProblem {
        DocumentProblem(location: location, message: message)
    }

    /// `notice.xml:262`: the file and line, without the column.
    private static func cite(_ location: FileLocation) -> String {
        FileLocation(path: location.path, line: location.line).description
    }

    /// The parameters as the plan writes them, or `no <Published> element`.
    private static func xml(_ parameters: [PublishedParameter]) -> String {
        guard !parameters.isEmpty else { return "no <Published> element" }
        return parameters.map { parameter in
            "<Published" + (parameter.list.map { " list=\"\($0)\"" } ?? "")
                + (parameter.code.map { " code=\"\($0)\"" } ?? "") + " number=\"\(parameter.number)\"/>"
        }.joined(separator: " ")
    }
}
