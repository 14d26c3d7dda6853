/// A position in an input file, printed the way compilers print it: `path:line:column`.
public struct FileLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (relative to the case folder for case files), not resolved.
    public var path: String
    /// 1-based line; 0 when the fact concerns the whole file.
    public var line: Int
    /// 1-based column in Unicode scalars (libxml2's unit for UTF-8 input), when known.
    public var column: Int?

    /// Creates a location.
    public init(path: String, line: Int = 0, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
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
