public import EvidenceTrail
import TenderDocuments
import TenderEvaluation
import TenderModel

/// What a lifecycle step (`seal` … `award`, `evaluate`) recorded, as versioned JSON for scripts
/// (`--format json`). Format `tendertrail-step`, version 1; keys sorted.
///
/// `appended` lists the sequence numbers of the trail entries written (empty when the step was
/// already recorded); `checkpoint` the signed checkpoint written with them (absent when nothing was
/// appended); `messages` and `warnings` the lines the text output prints; `evaluation` the ranking
/// (``EvaluationJSON``'s document) for `evaluate`.
public enum StepJSON {
    /// The format identifier written in every document.
    public static let format = "tendertrail-step"
    /// The version; changes that remove or rename fields increase it.
    public static let version = 1

    struct Document: Encodable {
        var format = StepJSON.format
        var version = StepJSON.version
        var step: String
        var caseFolder: String
        var appended: [Int]
        var checkpoint: CheckpointJSON?
        var messages: [String]
        var warnings: [String]
        var evaluation: EvaluationJSON.Document?
    }

    struct CheckpointJSON: Encodable {
        var size: Int
        var head: String?
        var file: String
    }

    /// Renders the `outcome` of `step` (the command's name, e.g. `seal`) in the case `caseFolder`
    /// (as typed); `checkpointFile` names the checkpoint written, as the text output does.
    public static func render(
        step: String, caseFolder: String, outcome: LifecycleOutcome, checkpointFile: String
    ) -> String {
        JSONText.encode(
            Document(
                step: step, caseFolder: caseFolder, appended: outcome.appended,
                checkpoint: outcome.appended.isEmpty
                    ? nil : CheckpointJSON(size: outcome.size, head: outcome.head?.hex, file: checkpointFile),
                messages: outcome.messages, warnings: outcome.warnings,
                evaluation: outcome.evaluation.map {
                    EvaluationJSON.document($0.result, plan: $0.loaded.plan)
                }))
    }
}

/// The rule catalogue as versioned JSON (`tender rules --format json`). Format
/// `tendertrail-rules`, version 1: `rules`, in the order `verify` runs them, each with `id`,
/// `statement`, `severity` and `source`.
public enum RulesJSON {
    /// The format identifier written in every document.
    public static let format = "tendertrail-rules"
    /// The version; changes that remove or rename fields increase it.
    public static let version = 1

    struct Document: Encodable {
        var format = RulesJSON.format
        var version = RulesJSON.version
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var statement: String
        var severity: String
        var source: String
    }

    /// Renders `catalogue`.
    public static func render(_ catalogue: [RuleDescription]) -> String {
        JSONText.encode(
            Document(
                rules: catalogue.map {
                    Rule(id: $0.id, statement: $0.statement, severity: $0.severity.rawValue, source: $0.source)
                }))
    }
}

/// A key pair written by `tender key generate --format json`. Format `tendertrail-key`, version 1:
/// `privateKey` and `publicKey` (the files written), `keyID` (hex SHA-256 of the raw public key) and
/// `publicKeySPKI` (the base64 SubjectPublicKeyInfo to put in the plan's `<PublicKey>`).
public enum KeyJSON {
    struct Document: Encodable {
        var format = "tendertrail-key"
        var version = 1
        var privateKey: String
        var publicKey: String
        var keyID: String
        var publicKeySPKI: String
    }

    /// Renders the files written and the public key's identity.
    public static func render(privateKey: String, publicKey: String, keyID: String, spkiBase64: String) -> String {
        JSONText.encode(
            Document(privateKey: privateKey, publicKey: publicKey, keyID: keyID, publicKeySPKI: spkiBase64))
    }
}
