import Foundation
import TenderDocuments
import TenderModel

/// `abnormally-low-explanation-requested`: every request for explanation of an abnormally low price
/// follows the evaluation that flagged the bid (it cites that evaluation's results by their digests,
/// and the bid is flagged, or rejected as abnormally low, in the recorded results); its questions
/// file is kept unchanged; and every decision that cites a request cites an earlier request for the
/// same bid that no other decision answered, and without the tenderer's answer is taken only after
/// the response deadline.
///
/// Decisions recorded in one step without a request are reported by
/// ``AbnormallyLowRequestOnRecord`` (a warning), not here.
///
/// Source: Public Contracts Regulations 2015 reg. 69(1)–(3); Directive 2014/24/EU Art. 69(1) and (3)
/// (the authority shall require the tenderer to explain, and assess the information provided by
/// consulting the tenderer, before it may reject); eForms irregularity type `ab-low`.
struct AbnormallyLowExplanationRequested: TrailCheck {
    let id = "abnormally-low-explanation-requested"
    let statement =
        "Every decision on an abnormally low tender answers an earlier request for explanation, made after the evaluation that flagged the bid"
    let source = "PCR 2015 reg. 69(1); Dir. 2014/24/EU Art. 69(1); ab-low"
    let prerequisites = ["signatures-are-valid"]
    let readsRecordedStandings = true

    func check(_ context: VerificationContext) -> CheckOutcome {
        var findings: [Finding] = []
        let entries = context.state.entries
        // Only requests can be cited (a decision citing any other entry fails the same way as one
        // citing no entry): not every entry, which is forty thousand copies in a large case.
        let requestsBySequence = Dictionary(
            entries.filter { $0.kind == .abnormallyLowRequested }.map { ($0.sequence, $0) },
            uniquingKeysWith: { first, _ in first })
        var requests = 0
        for entry in entries where entry.kind == .abnormallyLowRequested {
            requests += 1
            let location = context.entryPath(entry.sequence)
            guard let request = entry.request else {
                findings.append(Finding(location: location, message: "records no <Request> (which bid, by when)"))
                continue
            }
            // The evaluation it cites: the latest before it, whose results digests it records.
            let evaluation = entries.last { $0.kind == .evaluationComputed && $0.sequence < entry.sequence }
            let cited = entry.subjects.first { $0.role == "results" }
            if let evaluation {
                let results = evaluation.subjects.first { $0.role == "results" }
                if cited == nil || results?.digests.identity != cited?.digests.identity {
                    findings.append(
                        Finding(
                            location: location,
                            message: "requests an explanation from \(request.bid) but does not cite the results of the"
                                + " evaluation before it (entry \(evaluation.sequence))"))
                }
            } else {
                findings.append(
                    Finding(
                        location: location,
                        message: "requests an explanation from \(request.bid) before any evaluation flagged the bid"))
            }
            let standing = context.recordedResults.values.compactMap { $0[request.bid] }.first
            if let standing, !standing.flags.contains("abnormally-low"), standing.stage != "abnormally-low-rejected" {
                findings.append(
                    Finding(
                        location: location,
                        message: "requests an explanation from \(request.bid), which the results do not flag as"
                            + " abnormally low"))
            }
            if request.respondBy <= entry.time {
                findings.append(
                    Finding(
                        location: location,
                        message: "the response deadline \(request.respondBy.text) is not after the request"
                            + " (\(entry.time)): the tenderer was given no time to answer"))
            }
            for subject in entry.subjects where subject.role == "request" {
                let now = FileManager.default.contents(atPath: context.folder.url(for: subject.path).path)
                    .map { Lifecycle.digests([UInt8]($0)) }
                if now == nil {
                    findings.append(
                        Finding(
                            location: context.display(subject.path),
                            message: "the questions recorded by entry \(entry.sequence) are missing"))
                } else if now?.identity != subject.digests.identity {
                    findings.append(
                        Finding(
                            location: context.display(subject.path),
                            message: "differs from the questions entry \(entry.sequence) recorded"))
                }
            }
        }
        var answered: [Int: Int] = [:]
        for entry in entries where entry.kind == .abnormallyLowDecided {
            guard let decision = entry.decision, let cited = decision.request else { continue }
            let location = context.entryPath(entry.sequence)
            guard let request = requestsBySequence[cited], let asked = request.request
            else {
                findings.append(
                    Finding(
                        location: location,
                        message: "decides on \(decision.bid) answering entry \(cited), which is not a request for"
                            + " explanation"))
                continue
            }
            if asked.bid != decision.bid {
                findings.append(
                    Finding(
                        location: location,
                        message: "decides on \(decision.bid) answering entry \(cited), a request to \(asked.bid)"))
            }
            if cited >= entry.sequence {
                findings.append(
                    Finding(
                        location: location,
                        message: "decides on \(decision.bid) before the request it answers (entry \(cited))"))
            }
            if let other = answered[cited] {
                findings.append(
                    Finding(
                        location: location,
                        message: "answers the request of entry \(cited), which entry \(other) already answered"))
            }
            answered[cited] = entry.sequence
            if !entry.subjects.contains(where: { $0.role == "explanation" }) {
                if decision.isAccepted {
                    findings.append(
                        Finding(
                            location: location,
                            message: "accepts the explanation of \(decision.bid) but records no answer from the"
                                + " tenderer"))
                } else if entry.time <= asked.respondBy {
                    findings.append(
                        Finding(
                            location: location,
                            message: "rejects \(decision.bid) without an answer before its response deadline"
                                + " \(asked.respondBy.text) (entry \(cited))"))
                }
            }
        }
        guard findings.isEmpty else { return .failed(findings) }
        return .passed(notes: requests == 0 ? [] : ["\(requests) request(s) for explanation recorded"])
    }
}

/// `abnormally-low-request-on-record` (warning): every decision on an abnormally low tender cites
/// the request for explanation it answers. A decision recorded in one step with the explanation (as
/// TenderTrail recorded them before requests were) shows that the tenderer explained, but not when
/// or what it was asked, or by when: the request is not in the trail.
///
/// Source: Public Contracts Regulations 2015 reg. 69(1); Directive 2014/24/EU Art. 69(1); eForms
/// irregularity type `ab-low`.
struct AbnormallyLowRequestOnRecord: TrailCheck {
    let id = "abnormally-low-request-on-record"
    let statement = "Every decision on an abnormally low tender cites the recorded request for explanation it answers"
    let severity = Severity.warning
    let source = "PCR 2015 reg. 69(1); Dir. 2014/24/EU Art. 69(1); ab-low"
    let prerequisites = ["signatures-are-valid"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        let findings = context.state.entries.compactMap { entry -> Finding? in
            guard entry.kind == .abnormallyLowDecided, let decision = entry.decision, decision.request == nil else {
                return nil
            }
            return Finding(
                location: context.entryPath(entry.sequence),
                message: "decides on \(decision.bid) in one step with its explanation: the request for explanation"
                    + " (what was asked, when, and by when) is not in the trail")
        }
        return findings.isEmpty ? .passed(notes: []) : .failed(findings)
    }
}
