extension TenderPlan {
    /// The groups of lots that `lot` is a member of, in plan order.
    public func groups(containing lot: LotID) -> [Lot] {
        lots.filter { $0.kind == .group && $0.members.contains(lot) }
    }

    /// What is wrong with how `lot` declares its members, as the readiness check reports it.
    ///
    /// A group of lots (eForms `LotsGroup`, BT-330 with its lots in BT-1375) combines two or more
    /// distinct lots of the same plan, each a lot and not a group, and has award criteria of its own
    /// (checked like any lot's). In a plan with other lots, the members are lots of the plan; a plan
    /// that evaluates the group alone names them only. A lot that is not a group lists no members.
    ///
    /// Source: Directive 2014/24/EU Art. 46(3) (contracts combining several or all lots, where the
    /// notice indicated the lots or groups of lots that may be combined); eForms SDK BT-330, BT-1375.
    func groupProblems(_ lot: Lot) -> [ReadinessProblem] {
        guard lot.kind == .group else {
            guard !lot.members.isEmpty else { return [] }
            return [
                ReadinessProblem(
                    location: lot.location,
                    message:
                        "lot \(lot.id) lists <Member> lots but is not a group of lots; declare it kind=\"group\" (a"
                        + " combined bid is evaluated on the group's own criteria) or remove the <Member> elements")
            ]
        }
        var problems: [ReadinessProblem] = []
        var seen: Set<LotID> = []
        for member in lot.members {
            guard seen.insert(member).inserted else {
                problems.append(
                    ReadinessProblem(
                        location: lot.location, message: "group of lots \(lot.id) lists lot \(member) twice"))
                continue
            }
            // A plan that evaluates the group alone (imported with `--lot GLO-…`) names lots it does not
            // evaluate; a plan with other lots evaluates the group's members too.
            guard let memberLot = self.lot(member) else {
                guard lots.count > 1 else { continue }
                let known = lots.filter { $0.kind == .lot }.map(\.id.rawValue).joined(separator: ", ")
                problems.append(
                    ReadinessProblem(
                        location: lot.location,
                        message:
                            "group of lots \(lot.id) lists lot \(member), which the plan does not have (its lots:"
                            + " \(known.isEmpty ? "none" : known)); a group combines lots the plan evaluates"))
                continue
            }
            if memberLot.kind == .group {
                problems.append(
                    ReadinessProblem(
                        location: lot.location,
                        message:
                            "group of lots \(lot.id) lists \(member), which is itself a group; a group combines lots"))
            }
        }
        if seen.count < 2 {
            problems.append(
                ReadinessProblem(
                    location: lot.location,
                    message:
                        "group of lots \(lot.id) lists \(seen.count == 0 ? "no lots" : "one lot"); a group combines at"
                        + " least two lots: add a <Member lot=\"…\"/> for each (Directive 2014/24/EU Art. 46(3))"))
        }
        return problems
    }
}
