import TenderDocuments
import TenderEvaluation
import TenderModel

/// `self-cleaning-decided`: every self-cleaning claim in an ESPD response under an exclusion
/// ground that decides a gate has a recorded decision of the contracting authority, and every
/// decision was taken after the bids were opened, on the ESPD response as it was received, on a
/// claim that response makes.
///
/// A ground answered yes passes its gate only through an accepted decision (see
/// docs/0007-espd-gates.md), so a gate passed without one, or a decision on a claim never made,
/// is an unjustified result. Source: Directive 2014/24/EU Art. 57(6); Public Contracts
/// Regulations 2015 reg 57(13)–(17); eForms irregularity type `unj-excl`.
struct SelfCleaningDecided: TrailCheck {
    let id = "self-cleaning-decided"
    let statement =
        "Every self-cleaning claimed under an ESPD exclusion ground has a recorded decision, taken after opening on the"
        + " ESPD response as received"
    let source = "Dir. 2014/24/EU Art. 57(6); PCR 2015 reg 57(13)-(17); unj-excl"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        // Nothing to check when no gate of the sealed plan is decided by ESPD and nothing was decided.
        let usesESPD = context.sealedPlan?.gates.contains { $0.isDecidedByESPD } == true
        if !usesESPD && context.state.selfCleaningDecisions.isEmpty { return .passed(notes: []) }
        guard case let .success(evaluation) = context.evaluation else {
            return .skipped(because: "needs inputs-are-valid")
        }
        var findings: [Finding] = []
        let claims = selfCleaningClaims(in: evaluation.input)
        for claim in claims where context.state.selfCleaningDecisions[claim.bid]?[claim.criterion] == nil {
            findings.append(
                Finding(
                    location:
                        "\(context.display(claim.location.path.hasPrefix("espd/") ? claim.location.path : "espd/\(claim.bid).xml")):\(claim.location.line)",
                    message: "\(claim.bid) claims self-cleaning under exclusion ground \(claim.criterion) (gate"
                        + " \(claim.gate)) but no decision of the contracting authority is recorded"))
        }
        for (bid, byCriterion) in context.state.selfCleaningDecisions.sorted(by: { $0.key < $1.key }) {
            for (criterion, entry) in byCriterion.sorted(by: { $0.key < $1.key }) {
                let location = context.entryPath(entry.sequence)
                if let opening = context.state.opening, entry.sequence < opening.sequence {
                    findings.append(
                        Finding(
                            location: location, message: "decides on \(bid)'s self-cleaning before the bids were opened"
                        ))
                } else if context.state.opening == nil {
                    findings.append(
                        Finding(
                            location: location, message: "decides on \(bid)'s self-cleaning, but no bids were opened"))
                }
                let received = context.state.latestReceipts[bid]?.subjects.first {
                    $0.role == CaseFile.Role.espdResponse.rawValue
                }
                if received?.digests.identity != entry.subjects.first?.digests.identity {
                    findings.append(
                        Finding(
                            location: location,
                            message: "decides on an ESPD response of \(bid) that is not the one its receipt recorded"))
                }
                if !claims.contains(where: { $0.bid == bid && $0.criterion == criterion }) {
                    findings.append(
                        Finding(
                            location: location,
                            message:
                                "decides on \(bid)'s self-cleaning under \(criterion), which its ESPD response does"
                                + " not claim under an exclusion ground of the plan"))
                }
            }
        }
        let decided = context.state.selfCleaningDecisions.values.reduce(0) { $0 + $1.count }
        return findings.isEmpty
            ? .passed(notes: claims.isEmpty ? [] : ["\(claims.count) claim(s), \(decided) decision(s) recorded"])
            : .failed(findings)
    }
}
