/// A panel member's conflict-of-interest declaration for the tenderers whose bids were opened, read
/// from `declarations/<member>.xml` (schema `urn:tendertrail:declaration:1`).
///
/// Source: Directive 2014/24/EU Art. 24 (conflicts of interest); Public Contracts Regulations 2015
/// reg. 24.
public struct ConflictDeclaration: Equatable, Sendable {
    /// One tenderer's line of the declaration.
    public struct Entry: Equatable, Sendable {
        /// The tenderer.
        public var tenderer: TendererID
        /// Whether the member declares a conflict of interest with this tenderer.
        public var conflict: Bool
        /// The member's statement (the relationship, or why there is none).
        public var statement: String
        /// Where it was read.
        public var location: FileLocation

        /// Creates an entry.
        public init(tenderer: TendererID, conflict: Bool, statement: String, location: FileLocation) {
            self.tenderer = tenderer
            self.conflict = conflict
            self.statement = statement
            self.location = location
        }
    }

    /// The panel member declaring.
    public var member: EvaluatorID
    /// One entry per tenderer.
    public var entries: [Entry]
    /// Where the root element was read.
    public var location: FileLocation

    /// Creates a declaration.
    public init(member: EvaluatorID, entries: [Entry], location: FileLocation) {
        self.member = member
        self.entries = entries
        self.location = location
    }

    /// The tenderers the member declares a conflict with.
    public var conflicts: Set<TendererID> { Set(entries.filter(\.conflict).map(\.tenderer)) }
}
