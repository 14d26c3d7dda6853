/// A position in an input file, printed the way compilers print it: `path:line:column`.
///
/// Line and column are held in 32 bits each (24 bytes with the path, not 40): a case of ten
/// thousand bids holds over a million locations, one for each score. A line or column beyond
/// 2,147,483,647 is held as that number.
public struct FileLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (relative to the case folder for case files), not resolved.
    public var path: String
    /// 1-based line; 0 when the fact concerns the whole file.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Self.stored(newValue) }
    }
    /// 1-based column in Unicode scalars (libxml2's unit for UTF-8 input), when known.
    public var column: Int? {
        get { storedColumn == Self.unknown ? nil : Int(storedColumn) }
        set { storedColumn = newValue.map(Self.stored) ?? Self.unknown }
    }
    private var storedLine: Int32
    private var storedColumn: Int32
    /// The stored column when none is known (no column is stored as it: see ``stored(_:)``).
    private static let unknown = Int32.min

    private static func stored(_ value: Int) -> Int32 { Int32(clamping: max(value, Int(Int32.min) + 1)) }

    /// Creates a location.
    public init(path: String, line: Int = 0, column: Int? = nil) {
        self.path = path
        storedLine = Self.stored(line)
        storedColumn = column.map(Self.stored) ?? Self.unknown
    }

    /// `path:line:column`, leaving out what is unknown.
    public var description: String {
        guard line > 0 else { return path }
        return "\(path):\(line)" + (column.map { ":\($0)" } ?? "")
    }
}

/// A value together with where it was read, so that errors about it can name the file and line.
///
/// Equality and hashing look at the value only: the same plan read from a reformatted file is the
/// same plan.
public struct Located<Value: Sendable>: Sendable {
    /// The value.
    public var value: Value
    /// Where it was read.
    public var location: FileLocation

    /// Wraps a value with its location.
    public init(_ value: Value, at location: FileLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {
    /// Whether the two values are equal (see the type for what is compared).
    public static func == (lhs: Located, rhs: Located) -> Bool { lhs.value == rhs.value }
}

extension Located: Hashable where Value: Hashable {
    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
