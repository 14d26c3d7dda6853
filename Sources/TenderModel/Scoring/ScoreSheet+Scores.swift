import Foundation

extension ScoreSheet {
    /// A sheet's scores in document order: a random-access, mutable collection of
    /// ``CriterionScore``, held in 20 bytes a score rather than 80.
    ///
    /// A case of ten thousand bids has over a million scores, kept from reading to the end of
    /// evaluation (issue 7's memory target). Each score is held as its line and column and three
    /// places: its criterion's among the sheet's criteria (a table that sheets scoring the same
    /// criteria in the same order share: ``shareCriteria(with:)``), its value's among the sheet's
    /// distinct values (a sheet's scores take a few of a scale's points) and its location's file
    /// among the files (one: the sheet's). The justifications are held apart, and not at all while
    /// every one is empty (``removeJustifications()``: `tender evaluate` does not read them). Every
    /// score reads back exactly as it was given — the same `Decimal` (value and exponent),
    /// justification and location — and two collections are equal when their scores are, in
    /// order, however held.
    public struct Scores: RandomAccessCollection, MutableCollection, Equatable, Sendable {
        /// A score as held: 20 bytes.
        private struct Packed: Sendable {
            /// Its criterion's place in ``criteria``.
            var criterion: UInt32
            /// Its value's place in ``values``.
            var value: UInt32
            /// Its location's file's place in ``paths``.
            var path: UInt32
            var line: Int32
            /// `Int32.min` when the location has no column.
            var column: Int32
        }

        private var packed: [Packed] = []
        /// The distinct criteria, in order of first use.
        private var criteria: [CriterionID] = []
        /// The distinct values, in order of first use.
        private var values: [Decimal] = []
        /// The distinct location files, in order of first use.
        private var paths: [String] = []
        /// One per score, or none while every justification is empty.
        private var justifications: [String] = []

        /// No scores.
        public init() {}

        /// The scores given, in their order.
        public init(_ scores: some Sequence<CriterionScore>) {
            packed.reserveCapacity(scores.underestimatedCount)
            // A sheet scores each criterion once, usually: found by hash while the table is made.
            var criterionPlaces: [CriterionID: UInt32] = [:]
            for score in scores {
                let index = packed.count
                let criterion: UInt32
                if let place = criterionPlaces[score.criterion] {
                    criterion = place
                } else {
                    criterion = UInt32(criteria.count)
                    criterionPlaces[score.criterion] = criterion
                    criteria.append(score.criterion)
                }
                packed.append(pack(score, criterion: criterion))
                if !score.justification.isEmpty {
                    if justifications.isEmpty { justifications = Array(repeating: "", count: index) }
                    justifications.append(score.justification)
                } else if !justifications.isEmpty {
                    justifications.append("")
                }
            }
        }

        /// 0.
        public var startIndex: Int { 0 }
        /// The number of scores.
        public var endIndex: Int { packed.count }

        /// The score at `position` (`0 ..< count`).
        public subscript(position: Int) -> CriterionScore {
            get {
                let score = packed[position]
                return CriterionScore(
                    criterion: criteria[Int(score.criterion)], value: values[Int(score.value)],
                    justification: justifications.isEmpty ? "" : justifications[position],
                    location: FileLocation(
                        path: paths[Int(score.path)], line: Int(score.line),
                        column: score.column == .min ? nil : Int(score.column)))
            }
            set {
                let criterion = Self.place(of: newValue.criterion, in: &criteria, where: ==)
                packed[position] = pack(newValue, criterion: criterion)
                if justifications.isEmpty, !newValue.justification.isEmpty {
                    justifications = Array(repeating: "", count: packed.count)
                }
                if !justifications.isEmpty { justifications[position] = newValue.justification }
            }
        }

        /// The criterion of the score at `position`, without making the whole score.
        public func criterion(at position: Int) -> CriterionID { criteria[Int(packed[position].criterion)] }

        /// Takes the table of criteria from `pool` when another sheet's is the same (the same
        /// criteria in the same order, as the sheets of one lot usually are), else adds this one's:
        /// the scores read the same, and thirty thousand sheets hold a few tables rather than one
        /// each (some 20 MB at ten thousand bids).
        public mutating func shareCriteria(with pool: inout Set<[CriterionID]>) {
            if let shared = pool.firstIndex(of: criteria) {
                criteria = pool[shared]
            } else {
                pool.insert(criteria)
            }
        }

        /// Empties every justification (what is kept of a sheet when its justifications are not read).
        public mutating func removeJustifications() { justifications = [] }

        /// Whether both hold the same scores in the same order.
        public static func == (lhs: Scores, rhs: Scores) -> Bool { lhs.elementsEqual(rhs) }

        private mutating func pack(_ score: CriterionScore, criterion: UInt32) -> Packed {
            Packed(
                criterion: criterion,
                value: Self.place(of: score.value, in: &values) { $0 == $1 && $0.exponent == $1.exponent },
                path: Self.place(of: score.location.path, in: &paths, where: ==),
                line: Int32(clamping: score.location.line),
                column: score.location.column.map { Int32(clamping: Swift.max($0, Int(Int32.min) + 1)) } ?? .min)
        }

        /// Where `item` is in `table` (searched from the most recently added: a sheet's scores take
        /// few distinct values and files), appended when it is not there.
        private static func place<Item>(
            of item: Item, in table: inout [Item], where same: (Item, Item) -> Bool
        ) -> UInt32 {
            if let index = table.lastIndex(where: { same($0, item) }) { return UInt32(index) }
            table.append(item)
            return UInt32(table.count - 1)
        }
    }
}
