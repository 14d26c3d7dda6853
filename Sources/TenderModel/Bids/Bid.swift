/// A tenderer's bid, read from `bids/<bid-id>.xml` (schema `urn:tendertrail:bid:1`).
public struct Bid: Equatable, Sendable {
    /// The bid's values, shared by its copies until one is changed (``CopyOnWrite``): a large case's
    /// bids are held by the loaded case, by the evaluation's checks and by each lot's evaluation.
    private var storage: CopyOnWrite<Fields>

    private struct Fields: Equatable, Sendable {
        var id: BidID
        var tenderer: Tenderer
        var submittedAt: Timestamp?
        var gateDeclarations: [GateDeclaration]
        var lotBids: [LotBid]
        var location: FileLocation
    }

    /// The bid's ID.
    public var id: BidID {
        get { storage.value.id }
        set { storage.value.id = newValue }
    }

    /// Who submitted it.
    public var tenderer: Tenderer {
        get { storage.value.tenderer }
        set { storage.value.tenderer = newValue }
    }

    /// When the tenderer (or the portal) says it was submitted, when stated. Informational: receipt
    /// is recorded by the authority, not claimed by the tenderer.
    public var submittedAt: Timestamp? {
        get { storage.value.submittedAt }
        set { storage.value.submittedAt = newValue }
    }

    /// Declarations against the plan's gates, by gate.
    public var gateDeclarations: [GateDeclaration] {
        get { storage.value.gateDeclarations }
        set { storage.value.gateDeclarations = newValue }
    }

    /// The lots bid for.
    public var lotBids: [LotBid] {
        get { storage.value.lotBids }
        _modify { yield &storage.value.lotBids }
    }

    /// Where the bid's root element was read.
    public var location: FileLocation {
        get { storage.value.location }
        set { storage.value.location = newValue }
    }

    /// Creates a bid.
    public init(
        id: BidID, tenderer: Tenderer, submittedAt: Timestamp?, gateDeclarations: [GateDeclaration], lotBids: [LotBid],
        location: FileLocation
    ) {
        storage = CopyOnWrite(
            Fields(
                id: id, tenderer: tenderer, submittedAt: submittedAt, gateDeclarations: gateDeclarations,
                lotBids: lotBids, location: location))
    }

    /// The part of the bid for `lot`, when it bids for it.
    public func lotBid(_ lot: LotID) -> LotBid? { lotBids.first { $0.lot == lot } }

    /// The declaration against `gate`, when made.
    public func declaration(for gate: GateID) -> GateDeclaration? { gateDeclarations.first { $0.gate == gate } }
}

/// An economic operator submitting a bid.
public struct Tenderer: Equatable, Sendable {
    /// The tenderer's ID.
    public var id: TendererID
    /// The tenderer's name.
    public var name: String
    /// ISO 3166-1 alpha-2 country, when stated.
    public var country: String?

    /// Creates a tenderer.
    public init(id: TendererID, name: String, country: String?) {
        self.id = id
        self.name = name
        self.country = country
    }
}

/// A tenderer's declaration that it meets (or does not meet) one gate.
public struct GateDeclaration: Equatable, Sendable {
    /// The gate.
    public var gate: GateID
    /// Whether the tenderer declares it meets the requirement.
    public var meets: Bool
    /// The tenderer's statement or evidence reference.
    public var statement: String
    /// Where the declaration was read.
    public var location: FileLocation

    /// Creates a declaration.
    public init(gate: GateID, meets: Bool, statement: String, location: FileLocation) {
        self.gate = gate
        self.meets = meets
        self.statement = statement
        self.location = location
    }
}

/// The part of a bid for one lot (or one group of lots): its price(s) and its response to each criterion.
public struct LotBid: Equatable, Sendable {
    /// The lot, or the group of lots for a combined bid.
    public var lot: LotID
    /// For a combined bid for a group of lots: the lots it covers, as the bid states them
    /// (`<Covers lot="…"/>`, in document order). They must be exactly the group's members as the
    /// plan declares them (Directive 2014/24/EU Art. 46(3): a combined bid is for the lots the notice
    /// said may be combined). Empty for a bid for a single lot.
    public var covers: [LotID]
    /// The prices quoted (one per priced criterion that is not a life-cycle cost criterion).
    public var prices: [PriceQuote]
    /// The responses, by criterion (made from ``answeredCriteria`` and their texts when read).
    public var responses: [CriterionID: String] {
        get {
            Dictionary(
                uniqueKeysWithValues: answeredCriteria.indices.map {
                    (answeredCriteria[$0], responseTexts.isEmpty ? "" : responseTexts[$0])
                })
        }
        set {
            answeredCriteria = newValue.keys.sorted()
            let texts = answeredCriteria.map { newValue[$0] ?? "" }
            responseTexts = texts.allSatisfy(\.isEmpty) ? [] : texts
        }
    }
    /// The criteria the bid responds to, in ascending order.
    public private(set) var answeredCriteria: [CriterionID] = []
    /// The responses' texts in the order of ``answeredCriteria``, or none while every one is empty:
    /// what is read of a bid for evaluation is which criteria it answers, not the answers (ten
    /// thousand bids' forty criteria as a dictionary were 21 MB; issue 7).
    private var responseTexts: [String] = []
    /// Where the lot bid was read.
    public var location: FileLocation
    /// The figures given for life-cycle cost criteria (one per such criterion).
    public var lifeCycleCosts: [LifeCycleCostQuote]

    /// Creates a lot bid.
    public init(
        lot: LotID, covers: [LotID] = [], prices: [PriceQuote], responses: [CriterionID: String],
        location: FileLocation, lifeCycleCosts: [LifeCycleCostQuote] = []
    ) {
        self.lifeCycleCosts = lifeCycleCosts
        self.lot = lot
        self.covers = covers
        self.prices = prices
        self.location = location
        self.responses = responses
    }

    /// Empties every response's text, keeping which criteria are answered.
    public mutating func removeResponseTexts() { responseTexts = [] }
}

/// A price quoted in a bid, for one priced criterion (or for the lot's only one).
public struct PriceQuote: Equatable, Sendable {
    /// The amount.
    public var amount: Money
    /// The criterion it answers; `nil` when the lot has exactly one priced criterion.
    public var criterion: CriterionID?
    /// Where the price was read.
    public var location: FileLocation

    /// Creates a price quote.
    public init(amount: Money, criterion: CriterionID?, location: FileLocation) {
        self.amount = amount
        self.criterion = criterion
        self.location = location
    }
}
