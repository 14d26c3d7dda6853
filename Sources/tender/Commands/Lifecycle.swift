import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderModel

extension TenderCommand {
    /// `tender seal CASE --key LEAD.key [--reason TEXT]`.
    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal the evaluation plan (the lead), or record an amendment with --reason before the deadline.",
            discussion: """
                The plan must be ready (exact weightings, scales, price formula, panel with public keys). \
                After sealing, tender.xml can change only by an amendment recorded with --reason before \
                the deadline and before bids are opened. A copy of each sealed version is kept in \
                evidence/plans/.
                """)
        @OptionGroup var options: CaseOptions
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions
        @Option(help: "Why the sealed plan is amended (required to amend).") var reason: String?

        func run() throws {
            try LifecycleRunner.runSigned("seal", options, signing, output) { lifecycle, key throws(LifecycleError) in
                try lifecycle.seal(key: key, reason: reason)
            }
        }
    }

    /// `tender receive CASE BID-FILE --key LEAD.key`.
    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record the receipt of a bid: its hashes and the time; after the deadline it is late and excluded.",
            discussion: """
                The bid is not read (its ID is its file name, <bid-id>.xml); a file outside the case is \
                copied into bids/. The tenderer's ESPD response, espd/<bid-id>.xml in the case or given with \
                --espd (then copied there), is validated and received with it, in the same entry.
                """)
        @OptionGroup var options: CaseOptions
        @Argument(help: "The bid file (<bid-id>.xml).") var bidFile: String
        @Option(help: "The tenderer's ESPD response (QualificationApplicationResponse); copied to espd/<bid-id>.xml.")
        var espd: String?
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try LifecycleRunner.runSigned("receive", options, signing, output) {
                lifecycle, key throws(LifecycleError) in
                try lifecycle.receive(
                    bidFile: URL(fileURLWithPath: bidFile), espdFile: espd.map { URL(fileURLWithPath: $0) }, key: key)
            }
        }
    }

    /// `tender open CASE --key LEAD.key`.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the bids after the deadline, listing every bid received.")
        @OptionGroup var options: CaseOptions
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try LifecycleRunner.runSigned("open", options, signing, output) { lifecycle, key throws(LifecycleError) in
                try lifecycle.open(key: key)
            }
        }
    }

    /// `tender declare CASE --key MEMBER.key`.
    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record your conflict-of-interest declaration (declarations/<your-id>.xml) before your first score.")
        @OptionGroup var options: CaseOptions
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try LifecycleRunner.runSigned("declare", options, signing, output) {
                lifecycle, key throws(LifecycleError) in
                try lifecycle.declare(key: key)
            }
        }
    }

    /// `tender score CASE scores/EV-1/BID-001.xml --key EV-1.key`.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit your score sheet for a bid (scores/<your-id>/<bid-id>.xml), signed with your key.")
        @OptionGroup var options: CaseOptions
        @Argument(
            help:
                "The score sheet: scores/<your-id>/<bid-id>.xml inside the case (relative to the case folder, or any path to it)."
        )
        var sheet: String
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard let relative = CaseRelativePath.make(sheet, in: options.folder) else {
                Console.error(
                    "\(sheet): error: the score sheet is not inside the case \(options.folder.displayPath); score sheets"
                        + " must be inside the case at scores/<your-id>/<bid-id>.xml")
                throw ExitCode(2)
            }
            try LifecycleRunner.runSigned("score", options, signing, output) { lifecycle, key throws(LifecycleError) in
                try lifecycle.score(sheet: relative, key: key)
            }
        }
    }

    /// `tender moderate CASE LOT --key MODERATOR.key`.
    struct Moderate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the consensus (moderation/<lot>.xml) for a lot, signed by a moderator.")
        @OptionGroup var options: CaseOptions
        @Argument(help: "The lot.") var lot: String
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try LifecycleRunner.runSigned("moderate", options, signing, output) {
                lifecycle, key throws(LifecycleError) in
                try lifecycle.moderate(lot: lot, key: key)
            }
        }
    }

    /// `tender abnormally-low (request | decide) …`: the request for explanation of an abnormally low
    /// price, then the tenderer's answer and the decision. `decide` is the default subcommand, so the
    /// earlier one-step form `tender abnormally-low CASE BID --explanation FILE …` still parses (and
    /// now needs a recorded request).
    struct AbnormallyLow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "abnormally-low",
            abstract: "Require a tenderer to explain an abnormally low price, then record its answer and the decision.",
            discussion: """
                A bid the plan's screen flags cannot be rejected or awarded until the lead has recorded a \
                request for explanation (`request`, after the evaluation that flagged it) and the tenderer's \
                answer with the decision (`decide`): regulation 69 of the Public Contracts Regulations 2015, \
                Article 69 of Directive 2014/24/EU. A rejected bid is excluded and leaves the price benchmark; \
                run `tender evaluate` again afterwards.
                """,
            subcommands: [Request.self, Decide.self], defaultSubcommand: Decide.self)

        /// `tender abnormally-low request CASE BID (--questions FILE | --reason TEXT) --respond-by TIME --key LEAD.key`.
        struct Request: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record the request that a tenderer explain its abnormally low price (the lead).",
                discussion: """
                    The bid must be flagged in the latest recorded evaluation. The questions file (the letter \
                    sent to the tenderer, any format) is kept in evidence/requests/ and recorded by its hashes.
                    """)
            @OptionGroup var options: CaseOptions
            @Argument(help: "The flagged bid.") var bid: String
            @Option(help: "The questions sent to the tenderer (any file; kept in evidence/requests/).")
            var questions: String?
            @Option(help: "What the tenderer must explain (text, recorded in the entry).") var reason: String?
            @Option(
                name: .customLong("respond-by"),
                help: "The response deadline, ISO 8601 with its UTC offset (2020-05-01T12:00:00+01:00).")
            var respondBy: String
            @OptionGroup var signing: KeyOption
            @OptionGroup var output: OutputOptions

            func validate() throws {
                guard questions != nil || reason != nil else {
                    throw ValidationError("give the questions with --questions FILE, --reason TEXT, or both")
                }
                guard Timestamp(respondBy) != nil else {
                    throw ValidationError(
                        "--respond-by must be a date and time with its UTC offset, e.g. 2020-05-01T12:00:00+01:00;"
                            + " found \"\(respondBy)\"")
                }
            }

            func run() throws {
                guard let deadline = Timestamp(respondBy) else { throw ValidationError("--respond-by is not a time") }
                try LifecycleRunner.runSigned("abnormally-low request", options, signing, output) {
                    lifecycle, key throws(LifecycleError) in
                    try lifecycle.requestAbnormallyLowExplanation(
                        bid: BidID(bid), questions: reason, questionsFile: questions.map { URL(fileURLWithPath: $0) },
                        respondBy: deadline, key: key)
                }
            }
        }

        /// `tender abnormally-low [decide] CASE BID (--explanation FILE | --no-answer) (--accept | --reject) --reason TEXT --key LEAD.key`.
        struct Decide: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record the tenderer's answer and the decision on an abnormally low tender (the lead).",
                discussion: """
                    Needs a recorded request for explanation from the bid. The answer (any file) is copied \
                    into explanations/ and recorded by its hashes. --no-answer rejects a bid whose tenderer \
                    did not answer by the response deadline (only after it).
                    """)
            @OptionGroup var options: CaseOptions
            @Argument(help: "The flagged bid.") var bid: String
            @Option(help: "The tenderer's explanation (any file; copied into explanations/).") var explanation: String?
            @Flag(help: "The tenderer did not answer by the response deadline (with --reject only).") var noAnswer =
                false
            @Flag(help: "Accept the explanation: the bid stays in the evaluation.") var accept = false
            @Flag(help: "Reject the bid as abnormally low: it is excluded.") var reject = false
            @Option(help: "Why.") var reason: String
            @OptionGroup var signing: KeyOption
            @OptionGroup var output: OutputOptions

            func validate() throws {
                guard accept != reject else { throw ValidationError("give exactly one of --accept or --reject") }
                guard (explanation != nil) != noAnswer else {
                    throw ValidationError("give exactly one of --explanation FILE or --no-answer")
                }
                guard !(noAnswer && accept) else {
                    throw ValidationError("--no-answer goes with --reject: an explanation not given cannot be accepted")
                }
            }

            func run() throws {
                try LifecycleRunner.runSigned("abnormally-low", options, signing, output) {
                    lifecycle, key throws(LifecycleError) in
                    try lifecycle.decideAbnormallyLow(
                        bid: BidID(bid), explanation: explanation.map { URL(fileURLWithPath: $0) }, accepted: accept,
                        reason: reason, key: key)
                }
            }
        }
    }

    /// `tender self-cleaning CASE BID --criterion UUID --accept|--reject --reason TEXT --key LEAD.key`.
    struct SelfCleaning: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "self-cleaning",
            abstract:
                "Record the decision on a tenderer's self-cleaning under an ESPD exclusion ground (the lead).",
            discussion: """
                The bid's ESPD response (espd/<bid-id>.xml) must answer yes to the ground and claim \
                self-cleaning. Accepted: the ground's gate passes; rejected: it fails. Run `tender evaluate` \
                again afterwards. Source: PCR 2015 reg 57(13)-(17); Directive 2014/24/EU Art. 57(6).
                """)
        @OptionGroup var options: CaseOptions
        @Argument(help: "The bid.") var bid: String
        @Option(help: "The ESPD request criterion of the exclusion ground (its cbc:ID, a UUID).") var criterion: String
        @Flag(help: "Accept the measures as sufficient: the ground no longer excludes the tenderer.") var accept = false
        @Flag(help: "Reject them: the tenderer is excluded on the ground.") var reject = false
        @Option(help: "Why (given to the tenderer when rejected).") var reason: String
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard accept != reject else { throw ValidationError("give exactly one of --accept or --reject") }
        }

        func run() throws {
            try LifecycleRunner.runSigned("self-cleaning", options, signing, output) {
                lifecycle, key throws(LifecycleError) in
                try lifecycle.decideSelfCleaning(
                    bid: BidID(bid), criterion: criterion, accepted: accept, reason: reason, key: key)
            }
        }
    }

    /// `tender award CASE LOT BID --justification TEXT --key LEAD.key`.
    struct Award: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record the award recommendation for a lot (the lead); refused while any abnormally-low flag is undecided."
        )
        @OptionGroup var options: CaseOptions
        @Argument(help: "The lot.") var lot: String
        @Argument(help: "The bid recommended (it must be ranked first).") var bid: String
        @Option(help: "The justification.") var justification: String
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try LifecycleRunner.runSigned("award", options, signing, output) { lifecycle, key throws(LifecycleError) in
                try lifecycle.award(lot: LotID(lot), bid: BidID(bid), justification: justification, key: key)
            }
        }
    }
}

/// Turns a path typed by the user into one relative to the case folder.
enum CaseRelativePath {
    /// The path relative to the case folder of `path`: a path (absolute, or relative to the current
    /// folder) to a file inside the case, or a path relative to the case folder that stays inside it.
    /// `nil` for anything outside the case (never glued onto the case folder).
    static func make(_ path: String, in folder: CaseFolder) -> String? {
        let roots = Set([
            folder.url.standardizedFileURL.path, folder.url.standardizedFileURL.resolvingSymlinksInPath().path,
        ])
        func inside(_ url: URL) -> String? {
            let candidates = [url.standardizedFileURL.path, url.standardizedFileURL.resolvingSymlinksInPath().path]
            for candidate in candidates {
                for root in roots where candidate.hasPrefix(root + "/") {
                    return String(candidate.dropFirst(root.count + 1))
                }
            }
            return nil
        }
        if let relative = inside(URL(fileURLWithPath: path)) { return relative }
        guard !path.hasPrefix("/") else { return nil }
        return inside(folder.url.appendingPathComponent(path))
    }
}
