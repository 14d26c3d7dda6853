import TenderDocuments
import TenderModel

/// `declarations-precede-scores`: every evaluator recorded a conflict-of-interest declaration before
/// their first score sheet, and nobody who declared a conflict with a tenderer scored that
/// tenderer's bid.
///
/// Source: Directive 2014/24/EU Art. 24; Woods Building Services v Milton Keynes Council [2015]
/// EWHC 2011 (TCC); eForms irregularity type `conf-int`.
struct DeclarationsPrecedeScores: TrailCheck {
    let id = "declarations-precede-scores"
    let statement = "Each evaluator declared before their first score, and a conflicted evaluator scored nothing of that tenderer's"
    let source = "Dir. 2014/24/EU Art. 24; Woods v Milton Keynes [2015] EWHC 2011 (TCC); conf-int"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        var reported: Set<String> = []
        for entry in context.state.entries where entry.kind == .scoreSheetSubmitted {
            let member = entry.actor.member
            let declaration = context.state.first(.conflictDeclared, by: member)
            if declaration == nil || (declaration?.sequence ?? 0) > entry.sequence, reported.insert(member.rawValue).inserted {
                findings.append(
                    Finding(
                        location: context.entryPath(entry.sequence),
                        message: "\(member) submitted a score sheet (entry \(entry.sequence)) before declaring conflicts of"
                            + " interest" + (declaration.map { " (declared in entry \($0.sequence))" } ?? " (never declared)")))
            }
            guard let subject = entry.subjects.first, let sheet = context.documents.sheets[subject.path],
                let bid = context.documents.bids[sheet.bid], let declared = context.documents.declarations[member],
                declared.conflicts.contains(bid.tenderer.id)
            else { continue }
            findings.append(
                Finding(
                    location: context.entryPath(entry.sequence),
                    message: "\(member) declared a conflict of interest with \(bid.tenderer.id) but scored its bid \(bid.id)"))
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
