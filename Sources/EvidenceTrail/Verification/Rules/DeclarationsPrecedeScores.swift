import TenderDocuments
import TenderModel

/// `declarations-precede-scores`: every evaluator recorded a conflict-of-interest declaration before
/// their first score sheet; nobody who declared a conflict with a tenderer (in any declaration,
/// before or after scoring) scored that tenderer's bid; and no declaration withdrew a conflict an
/// earlier one declared (each `conflict-declared` entry lists the member's conflicts, signed).
///
/// Source: Directive 2014/24/EU Art. 24 (conflicts of interest); Public Contracts Regulations 2015
/// reg. 24; eForms irregularity type `conf-int`.
struct DeclarationsPrecedeScores: TrailCheck {
    let id = "declarations-precede-scores"
    let statement =
        "Each evaluator declared before their first score, and a conflicted evaluator scored nothing of that tenderer's"
    let source = "Dir. 2014/24/EU Art. 24; PCR 2015 reg. 24; conf-int"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        // Every conflict ever declared, from the signed entries (and the declaration file now): a
        // conflict once declared stands, whatever a later declaration says.
        var declared: [EvaluatorID: [TendererID: Int]] = [:]
        for entry in context.state.entries where entry.kind == .conflictDeclared {
            let member = entry.actor.member
            let earlier = declared[member, default: [:]].sorted { $0.key.rawValue < $1.key.rawValue }
            for (tenderer, sequence) in earlier where !entry.conflicts.contains(tenderer) {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "\(member) withdrew the conflict of interest with \(tenderer) declared in entry"
                            + " \(sequence); a declared conflict stands"))
            }
            for tenderer in entry.conflicts where declared[member]?[tenderer] == nil {
                declared[member, default: [:]][tenderer] = entry.sequence
            }
        }
        // The conflicts each declaration file declares now, collected once (not once per sheet).
        let declaredNow = context.documents.declarations.mapValues(\.conflicts)
        var reported: Set<String> = []
        for entry in context.state.entries where entry.kind == .scoreSheetSubmitted {
            let member = entry.actor.member
            let declaration = context.state.first(.conflictDeclared, by: member)
            if declaration == nil || (declaration?.sequence ?? 0) > entry.sequence,
                reported.insert(member.rawValue).inserted
            {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message:
                            "\(member) submitted a score sheet (entry \(entry.sequence)) before declaring conflicts of"
                            + " interest"
                            + (declaration.map { " (declared in entry \($0.sequence))" } ?? " (never declared)")))
            }
            guard let subject = entry.subjects.first, let sheet = context.documents.sheets[subject.path],
                let bid = context.documents.bids[sheet.bid]
            else { continue }
            let conflicted =
                declared[member]?[bid.tenderer.id] != nil
                || declaredNow[member]?.contains(bid.tenderer.id) == true
            guard conflicted else { continue }
            findings.append(
                Finding(
                    location: context.entryPath(entry.sequence),
                    message:
                        "\(member) declared a conflict of interest with \(bid.tenderer.id) but scored its bid \(bid.id)"
                ))
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
