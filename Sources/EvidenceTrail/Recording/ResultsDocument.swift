import Foundation
public import TenderConcurrency
import TenderDocuments
public import TenderEvaluation
public import TenderModel
public import TenderXML

/// The evaluation results as `evidence/results.xml` (schema `urn:tendertrail:results:1`).
///
/// Deterministic: the same result gives the same bytes. Holds no time, so that evaluating the same
/// inputs twice writes byte-identical results.
public enum ResultsDocument {
    /// The results document for `result`, evaluated under `plan`, built whole (see
    /// ``write(_:plan:workers:into:)`` for the same document in bounded memory).
    public static func make(_ result: EvaluationResult, plan: TenderPlan) -> XMLOutputDocument {
        let places = plan.rules.rounding?.places
        var root = XMLOutputElement("EvaluationResults", attributes: [("plan", result.planID)])
        for lot in result.lots {
            var element = lotElement(lot)
            let (count, child) = lotChildren(lot, places: places)
            element.append(contentsOf: (0..<count).map(child))
            root.append(element)
        }
        return XMLOutputDocument(namespace: DocumentFormat.results.namespace, root: root)
    }

    /// Writes the results document for `result` in pieces (a lot's children a batch at a time: a
    /// bid's element is built, written and dropped), giving `sink` consecutive chunks of exactly
    /// the bytes ``make(_:plan:)`` serialises to and of their exclusive canonical form
    /// (``XMLOutputDocument/writeInPieces(_:workers:into:)``). Memory does not grow with the bids.
    ///
    /// - Parameter workers: The threads that write bids' elements; the output is the same for any.
    /// - Throws: ``XMLError/serializationFailed(reason:)``, or what `sink` throws.
    public static func write(
        _ result: EvaluationResult, plan: TenderPlan, workers: Int = ParallelWork.defaultWorkers,
        into sink: (_ bytes: [UInt8], _ canonical: [UInt8]) throws(XMLError) -> Void
    ) throws(XMLError) {
        let places = plan.rules.rounding?.places
        var root = XMLOutputElement("EvaluationResults", attributes: [("plan", result.planID)])
        var marked: [(count: Int, piece: @Sendable (Int) -> XMLOutputElement)] = []
        for lot in result.lots {
            var element = lotElement(lot)
            let children = lotChildren(lot, places: places)
            if children.count > 0 {
                element.append(.pieces)
                marked.append(children)
            }
            root.append(element)
        }
        try XMLOutputDocument(namespace: DocumentFormat.results.namespace, root: root).writeInPieces(
            { section in marked[section] }, workers: workers, into: sink)
    }

    /// A lot's element without its children.
    private static func lotElement(_ lot: LotEvaluation) -> XMLOutputElement {
        XMLOutputElement(
            "Lot", attributes: [("id", lot.lot.rawValue), ("pointsAvailable", lot.pointsAvailable.exactText)])
    }

    /// A lot's children in document order: how many, and the one at an index (a bid's element is
    /// built when asked for; the few others are built here).
    private static func lotChildren(
        _ lot: LotEvaluation, places: Int?
    ) -> (count: Int, piece: @Sendable (Int) -> XMLOutputElement) {
        var before: [XMLOutputElement] = []
        for check in lot.weightingChecks {
            var element = XMLOutputElement(
                "WeightingCheck",
                attributes: [
                    ("criterion", check.criterion.rawValue), ("kind", check.kind.rawValue),
                    ("code", check.published.code ?? ""), ("published", check.published.number),
                ], text: check.explanation)
            element.set("spread", check.published.spread.map { "\($0)" })
            element.set("weight", "\(check.weight)")
            element.set("weighting", check.weighting.rawValue)
            element.set("consistent", check.isConsistent ? "true" : "false")
            before.append(element)
        }
        for benchmark in lot.benchmarks {
            var element = XMLOutputElement(
                "PriceBenchmark",
                attributes: [("criterion", benchmark.criterion.rawValue), ("formula", benchmark.formula.name)])
            element.set("lowest", benchmark.lowest?.text)
            element.set(
                "lowestBids",
                benchmark.lowestBids.isEmpty ? nil : benchmark.lowestBids.map(\.rawValue).joined(separator: " "))
            element.set("highest", benchmark.highest?.text)
            if case let .linearBetweenBounds(full, zero) = benchmark.formula {
                element.set("fullPointsAt", full.text)
                element.set("zeroPointsAt", zero.text)
            }
            element.set("lowestCost", benchmark.lowestCost?.exactText)
            element.set("highestCost", benchmark.highestCost?.exactText)
            element.set("mean", benchmark.mean?.exactText)
            element.set("lowestPricePerQualityPoint", benchmark.lowestPricePerQualityPoint?.exactText)
            element.set("admissibleBids", "\(benchmark.admissibleBids)")
            before.append(element)
        }
        for screen in lot.abnormallyLowScreens {
            var element = XMLOutputElement(
                "AbnormallyLowScreen",
                attributes: [
                    ("criterion", screen.criterion.rawValue), ("basis", screen.screen.basis.rawValue),
                    ("basisValue", screen.basisValue.exactText), ("belowPercent", "\(screen.screen.belowPercent)"),
                    ("threshold", screen.threshold.exactText),
                ])
            element.set(
                "flaggedBids", screen.flagged.isEmpty ? nil : screen.flagged.map(\.rawValue).joined(separator: " "))
            before.append(element)
        }
        let after = lot.ties.map { tie in
            XMLOutputElement(
                "Tie",
                attributes: [
                    ("rank", "\(tie.rank)"), ("bids", tie.bids.map(\.rawValue).joined(separator: " ")),
                    ("resolved", tie.resolved ? "true" : "false"),
                ],
                text: tie.explanation)
        }
        let bids = lot.bids
        return (
            before.count + bids.count + after.count,
            { [before] index in
                if index < before.count { return before[index] }
                if index < before.count + bids.count { return bidElement(bids[index - before.count], places: places) }
                return after[index - before.count - bids.count]
            }
        )
    }

    private static func bidElement(_ bid: BidEvaluation, places: Int?) -> XMLOutputElement {
        var attributes: [(name: String, value: String)] = [
            ("id", bid.bid.rawValue), ("tenderer", bid.tenderer.id.rawValue),
        ]
        switch bid.status {
        case let .ranked(rank):
            attributes += [("status", "ranked"), ("rank", "\(rank)")]
        case .excluded:
            attributes.append(("status", "excluded"))
        }
        var element = XMLOutputElement("Bid", attributes: attributes)
        element.append(XMLOutputElement("Tenderer", text: bid.tenderer.name))
        for gate in bid.gates {
            var gateElement = XMLOutputElement(
                "Gate", attributes: [("id", gate.gate.rawValue), ("outcome", gate.outcome.rawValue)])
            for reason in gate.reasons { gateElement.append(XMLOutputElement("Reason", text: reason)) }
            element.append(gateElement)
        }
        for criterion in bid.criteria { element.append(criterionElement(criterion, places: places)) }
        if let quality = bid.qualityPoints { element.append(pointsElement("QualityPoints", quality, places: places)) }
        if let price = bid.pricePoints { element.append(pointsElement("PricePoints", price, places: places)) }
        if let total = bid.totalPoints { element.append(pointsElement("TotalPoints", total, places: places)) }
        if case let .excluded(exclusion) = bid.status {
            element.append(
                XMLOutputElement("Exclusion", attributes: [("stage", exclusion.stage.rawValue)], text: exclusion.reason)
            )
        }
        for flag in bid.flags {
            element.append(XMLOutputElement("Flag", attributes: [("code", flag.code)], text: flag.message))
        }
        return element
    }

    private static func criterionElement(_ criterion: CriterionEvaluation, places: Int?) -> XMLOutputElement {
        var element = XMLOutputElement(
            "Criterion", attributes: [("id", criterion.criterion.rawValue)] + points(criterion.points, places: places))
        switch criterion.detail {
        case let .score(detail):
            var score = XMLOutputElement(
                "Score",
                attributes: [
                    ("value", detail.value.exactText), ("basis", detail.basis.rawValue),
                    ("scaleMaximum", "\(detail.scaleMaximum)"),
                ])
            score.set("spread", detail.spread.map { "\($0)" })
            for individual in detail.individual {
                score.append(
                    XMLOutputElement(
                        "Individual",
                        attributes: [("evaluator", individual.evaluator.rawValue), ("value", "\(individual.value)")]))
            }
            element.append(score)
        case let .price(money):
            element.append(
                XMLOutputElement("Price", attributes: [("amount", money.text), ("currency", money.currency.code)]))
        case let .lifeCycleCost(cost):
            var costElement = XMLOutputElement(
                "LifeCycleCost",
                attributes: [
                    ("total", cost.total.exactText), ("currency", cost.currency.code), ("years", "\(cost.years)"),
                ])
            if !cost.total.hasFiniteDecimalForm { costElement.set("approx", cost.total.approximateText(places: 10)) }
            costElement.set("discountRate", cost.discountRatePercent.map { "\($0)" })
            for line in cost.lines {
                var lineElement = XMLOutputElement(
                    "Component",
                    attributes: [
                        ("id", line.component), ("kind", line.kind.rawValue), ("timing", line.timing.rawValue),
                        ("figure", line.figure.text), ("presentValue", line.presentValue.exactText),
                    ])
                if !line.presentValue.hasFiniteDecimalForm {
                    lineElement.set("approx", line.presentValue.approximateText(places: 10))
                }
                costElement.append(lineElement)
            }
            element.append(costElement)
        case .subCriteria:
            break
        }
        for child in criterion.children { element.append(criterionElement(child, places: places)) }
        return element
    }

    private static func pointsElement(_ name: String, _ value: PointsValue, places: Int?) -> XMLOutputElement {
        XMLOutputElement(name, attributes: points(value, places: places))
    }

    /// `points`, and `unrounded` when rounding changed the value, and `approx` when the value has no
    /// finite decimal form. With a declared rounding, decimals are written to that many places.
    static func points(_ value: PointsValue, places: Int?) -> [(name: String, value: String)] {
        func text(_ number: Rational) -> String { places.map { number.fixedText(places: $0) } ?? number.exactText }
        var attributes: [(name: String, value: String)] = [("points", text(value.used))]
        if value.unrounded != value.used { attributes.append(("unrounded", value.unrounded.exactText)) }
        if !value.used.hasFiniteDecimalForm { attributes.append(("approx", value.used.approximateText(places: 10))) }
        return attributes
    }
}
