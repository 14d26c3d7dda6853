/// A value held in a shared box until one of its holders changes it (copy on write), so that
/// copies of a large value cost a reference each rather than the value's size.
///
/// A large case's documents are held by several collections at once (the loaded case, the
/// evaluation's index by lot and bid, the verification's index by file, the trail and the case
/// state): at ten thousand bids, a full copy of each score sheet or trail entry for each holder
/// was tens of megabytes (issue 7's memory target). Wrapping a type's stored properties in
/// `CopyOnWrite` keeps its value semantics: a change through ``value`` copies the box first when
/// another holder shares it, and equality is the values' (a shared box is equal without a look).
public struct CopyOnWrite<Value: Equatable & Sendable>: Equatable, Sendable {
    private final class Box: @unchecked Sendable {
        // Changed only through `value`'s modify accessor, when no other holder shares the box:
        // what is shared between threads is never changed.
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    /// Holds `value`.
    public init(_ value: Value) { box = Box(value) }

    /// The value; changing it copies it first when the box is shared.
    public var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    /// Whether the two values are equal.
    public static func == (lhs: CopyOnWrite, rhs: CopyOnWrite) -> Bool {
        lhs.box === rhs.box || lhs.box.value == rhs.box.value
    }
}
