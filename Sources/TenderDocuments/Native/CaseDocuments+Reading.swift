public import Foundation
public import TenderModel
public import TenderXML

extension Bid {
    /// Reads a bid (`bids/<bid-id>.xml`, schema `urn:tendertrail:bid:1`).
    /// - Throws: ``DocumentReadError`` naming file, line and column.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> Bid {
        try read(from: NativeDocument.load(.bid, contentsOf: url, displayPath: displayPath))
    }

    /// Reads a bid from a document already loaded and validated as ``DocumentFormat/bid``.
    public static func read(from document: XMLDocument) throws(DocumentReadError) -> Bid {
        var reader = ElementReader(namespace: DocumentFormat.bid.namespace)
        let root = document.root
        let tenderer = reader.child(root, "Tenderer")
        let declarations = reader.children(root, "GateDeclaration").map { declaration in
            GateDeclaration(
                gate: GateID(declaration.attribute("gate") ?? ""),
                meets: declaration.attribute("meets") == "true" || declaration.attribute("meets") == "1",
                statement: reader.prose(declaration),
                location: declaration.location)
        }
        let lotBids = reader.children(root, "LotBid").map { lotBid in
            let prices = reader.children(lotBid, "Price").compactMap { price -> PriceQuote? in
                reader.money(price, currency: price.attribute("currency")).map {
                    PriceQuote(
                        amount: $0, criterion: price.attribute("criterion").map { CriterionID($0) },
                        location: price.location)
                }
            }
            var responses: [CriterionID: String] = [:]
            for response in reader.children(lotBid, "Response") {
                responses[CriterionID(response.attribute("criterion") ?? "")] = reader.prose(response)
            }
            let costs = reader.children(lotBid, "LifeCycleCost").map { costs in
                LifeCycleCostQuote(
                    criterion: costs.attribute("criterion").map { CriterionID($0) },
                    figures: reader.children(costs, "Cost").compactMap { cost in
                        reader.money(cost, currency: cost.attribute("currency")).map {
                            LifeCycleCostQuote.Figure(
                                component: cost.attribute("component") ?? "", amount: $0, location: cost.location)
                        }
                    },
                    location: costs.location)
            }
            return LotBid(
                lot: LotID(lotBid.attribute("lot") ?? ""), prices: prices, responses: responses,
                location: lotBid.location, lifeCycleCosts: costs)
        }
        let bid = Bid(
            id: BidID(root.attribute("id") ?? ""),
            tenderer: Tenderer(
                id: TendererID(tenderer?.attribute("id") ?? ""),
                name: tenderer.flatMap { reader.name($0, "Name") } ?? "",
                country: tenderer.flatMap { reader.name($0, "Country") }),
            submittedAt: reader.child(root, "SubmittedAt").flatMap { reader.timestamp($0) },
            gateDeclarations: declarations,
            lotBids: lotBids,
            location: root.location)
        try reader.finish()
        return bid
    }
}

extension ScoreSheet {
    /// Reads a score sheet (`scores/<evaluator>/<bid-id>.xml`, schema `urn:tendertrail:score-sheet:1`).
    /// - Throws: ``DocumentReadError`` naming file, line and column.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> ScoreSheet {
        try read(from: NativeDocument.load(.scoreSheet, contentsOf: url, displayPath: displayPath))
    }

    /// Reads a score sheet from a document already loaded and validated as ``DocumentFormat/scoreSheet``.
    public static func read(from document: XMLDocument) throws(DocumentReadError) -> ScoreSheet {
        var reader = ElementReader(namespace: DocumentFormat.scoreSheet.namespace)
        let root = document.root
        let scores = reader.children(root, "Score").compactMap { score -> CriterionScore? in
            guard let value = reader.decimal(score, attribute: "value") else { return nil }
            return CriterionScore(
                criterion: CriterionID(score.attribute("criterion") ?? ""),
                value: value,
                justification: reader.child(score, "Justification").map { reader.prose($0) } ?? "",
                location: score.location(ofAttribute: "value"))
        }
        let sheet = ScoreSheet(
            evaluator: EvaluatorID(root.attribute("evaluator") ?? ""),
            bid: BidID(root.attribute("bid") ?? ""),
            lot: LotID(root.attribute("lot") ?? ""),
            completedAt: reader.child(root, "CompletedAt").flatMap { reader.timestamp($0) },
            scores: scores,
            location: root.location)
        try reader.finish()
        return sheet
    }
}

extension Moderation {
    /// Reads a moderation record (`moderation/<lot>.xml`, schema `urn:tendertrail:moderation:1`).
    /// - Throws: ``DocumentReadError`` naming file, line and column.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> Moderation {
        try read(from: NativeDocument.load(.moderation, contentsOf: url, displayPath: displayPath))
    }

    /// Reads a moderation record from a document already loaded and validated as
    /// ``DocumentFormat/moderation``.
    public static func read(from document: XMLDocument) throws(DocumentReadError) -> Moderation {
        var reader = ElementReader(namespace: DocumentFormat.moderation.namespace)
        let root = document.root
        let heldAtElement = reader.child(root, "HeldAt")
        let heldAt = heldAtElement.flatMap { reader.timestamp($0) }
        let consensus = reader.children(root, "Consensus").compactMap { element -> ConsensusScore? in
            guard let score = reader.decimal(element, attribute: "score") else { return nil }
            return ConsensusScore(
                bid: BidID(element.attribute("bid") ?? ""),
                criterion: CriterionID(element.attribute("criterion") ?? ""),
                score: score,
                reason: reader.child(element, "Reason").map { reader.prose($0) } ?? "",
                location: element.location(ofAttribute: "score"))
        }
        try reader.finish()
        return Moderation(
            lot: LotID(root.attribute("lot") ?? ""),
            heldAt: heldAt ?? Timestamp(secondsSince1970: 0, offsetMinutes: 0),
            attendees: reader.children(root, "Attendee").compactMap {
                $0.attribute("evaluator").map { EvaluatorID($0) }
            },
            consensus: consensus,
            location: root.location)
    }
}

extension ConflictDeclaration {
    /// Reads a conflict-of-interest declaration (`declarations/<member>.xml`, schema
    /// `urn:tendertrail:declaration:1`).
    /// - Throws: ``DocumentReadError`` naming file, line and column.
    public static func read(contentsOf url: URL, displayPath: String) throws(DocumentReadError) -> ConflictDeclaration {
        try read(from: NativeDocument.load(.declaration, contentsOf: url, displayPath: displayPath))
    }

    /// Reads a declaration from a document already loaded and validated as ``DocumentFormat/declaration``.
    public static func read(from document: XMLDocument) throws(DocumentReadError) -> ConflictDeclaration {
        let reader = ElementReader(namespace: DocumentFormat.declaration.namespace)
        let root = document.root
        return ConflictDeclaration(
            member: EvaluatorID(root.attribute("member") ?? ""),
            entries: reader.children(root, "Tenderer").map { entry in
                ConflictDeclaration.Entry(
                    tenderer: TendererID(entry.attribute("id") ?? ""),
                    conflict: ["true", "1"].contains(entry.attribute("conflict") ?? ""),
                    statement: reader.prose(entry),
                    location: entry.location)
            },
            location: root.location)
    }
}
