import ArgumentParser
import EvidenceTrail
import Foundation
import TenderDocuments
import TenderReports

extension TenderCommand {
    /// `tender evaluate CASE-DIR [--key PRICE-EVALUATOR.key]`: validate every input, evaluate, print
    /// the ranking, and record the results and the evaluation in the trail.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a case and record the results (signed by a price evaluator).",
            discussion: """
                Every input must be the version its lifecycle step recorded (seal, receive, declare, \
                score, moderate). Refuses anything malformed or inconsistent, naming file and line, and \
                then writes nothing. Otherwise prints the ranking per lot and writes \
                evidence/results.xml with an evaluation-computed entry and a checkpoint. When the trail \
                already records this exact evaluation, it prints the ranking, writes nothing and needs \
                no key.
                """)

        @OptionGroup var options: CaseOptions
        @OptionGroup var signing: KeyOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let folder = options.folder
            let key = try signing.load(outside: folder, required: false)
            _ = try LifecycleRunner.run("evaluate", folder, output) { lifecycle throws(LifecycleError) in
                // The ranking it prints does not need the justifications' text.
                try lifecycle.evaluate(key: key, keepingJustifications: false)
            }
        }
    }
}
