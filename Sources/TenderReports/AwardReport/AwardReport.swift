public import EvidenceTrail
public import TenderEvaluation
public import TenderModel
public import TenderXML

/// The award report: one self-contained HTML page that sets out a recorded evaluation for the
/// contracting authority's decision-maker and for an auditor.
///
/// The page holds, per lot: the evaluation plan (award criteria with their weightings, scoring
/// scales with their descriptors, price formulas with their parameters, minimum scores and quality
/// thresholds, pass/fail gates, the rules); each bid's gate outcomes with the tenderer's
/// declarations; the score matrix (every evaluator's score, the spread, the score used, moderated
/// with the panel's reason or the plan's median or mean, and the weighted points); price scoring with
/// the formula and its benchmark; totals and the ranking, with ties and exclusions explained; the
/// abnormally-low screen, flags and the authority's recorded decisions; the decision analysis
/// (``DecisionAnalysis``); and the evidence (the latest checkpoint, every input's digests as the
/// evaluation recorded them, the results' digests, and the outcome of `tender verify`). Two charts
/// are inline SVG with a title, a description and a table of the same numbers beside them: weighted
/// points per ranked bid stacked by criterion (``PointsChart``), and the evaluators' spread per
/// scored criterion (``SpreadChart``).
///
/// Points are written as ``RankingTable`` writes them (the plan's decimal places where it rounds,
/// exactly otherwise); other exact values that have no finite decimal form are written as a
/// fraction followed by a four-place approximation marked `≈`. SVG coordinates are computed from
/// the exact values and rounded for drawing only.
///
/// The page has no external references (no scripts, fonts, images or style sheets: CSS is inline,
/// with a print style sheet) and a viewport for phones; wide tables scroll in their own container.
public enum AwardReport {
    /// Everything the report shows: the recorded evaluation's documents and result, the decision
    /// analysis of that result, and the evidence summary.
    public struct Input: Sendable {
        /// The evaluation plan.
        public var plan: TenderPlan
        /// The bids, in any order.
        public var bids: [Bid]
        /// The evaluators' score sheets, in any order.
        public var scoreSheets: [ScoreSheet]
        /// The moderation records (at most one per lot).
        public var moderations: [Moderation]
        /// The process facts the evaluation used: late bids and the decisions on abnormally low tenders.
        public var process: ProcessFacts
        /// The evaluation of these documents.
        public var result: EvaluationResult
        /// `DecisionAnalysis.analyse(_:result:)` of ``result``.
        public var analysis: DecisionAnalysis
        /// The evidence behind the evaluation.
        public var evidence: EvidenceSummary

        /// Creates an input.
        public init(
            plan: TenderPlan, bids: [Bid], scoreSheets: [ScoreSheet], moderations: [Moderation], process: ProcessFacts,
            result: EvaluationResult, analysis: DecisionAnalysis, evidence: EvidenceSummary
        ) {
            self.plan = plan
            self.bids = bids
            self.scoreSheets = scoreSheets
            self.moderations = moderations
            self.process = process
            self.result = result
            self.analysis = analysis
            self.evidence = evidence
        }
    }

    /// The evidence summary: what an auditor needs to tie the page to the trail.
    public struct EvidenceSummary: Sendable {
        /// The latest checkpoint (`evidence/checkpoints/`), or `nil` when none could be read.
        public var checkpoint: Checkpoint?
        /// Every input file with the digests the evaluation recorded (the subjects of its
        /// `evaluation-computed` entry).
        public var inputs: [RecordedInput]
        /// The inputs (case-relative paths) whose bytes differ now from what the evaluation recorded
        /// while their exclusive canonical form is the same: reformatted since (CRLF line endings, say).
        public var reformatted: Set<String>
        /// The digests of `evidence/results.xml` as the evaluation writes it.
        public var results: DocumentDigests
        /// What `tender verify` found, check by check.
        public var verification: VerificationReport
        /// What the trail records about these results: the `evaluation-computed` entry that wrote them
        /// and the award recommendations made on them (``OCDSReleasePackage/TrailRecord``); `nil`
        /// when not read, and then the page says nothing about recommendations.
        public var record: OCDSReleasePackage.TrailRecord?

        /// Creates a summary.
        public init(
            checkpoint: Checkpoint?, inputs: [RecordedInput], reformatted: Set<String> = [], results: DocumentDigests,
            verification: VerificationReport, record: OCDSReleasePackage.TrailRecord? = nil
        ) {
            self.checkpoint = checkpoint
            self.inputs = inputs
            self.reformatted = reformatted
            self.results = results
            self.verification = verification
            self.record = record
        }
    }

    /// The page as a tree: `<html>` in the XHTML namespace, with inline SVG in the SVG namespace.
    /// A pure function of `input`: the same input always gives the same tree.
    public static func document(_ input: Input) -> XMLOutputDocument {
        XMLOutputDocument(namespace: HTML.namespace, root: Page(input).html())
    }

    /// The page as UTF-8 bytes: HTML5 in XML syntax (``XMLOutputDocument/serializedAsHTML()``), so
    /// that it parses both as HTML and as XML. Deterministic.
    ///
    /// - Throws: ``XMLError/serializationFailed(reason:)`` if libxml2 cannot write the tree.
    public static func render(_ input: Input) throws(XMLError) -> [UInt8] {
        try document(input).serializedAsHTML()
    }
}
