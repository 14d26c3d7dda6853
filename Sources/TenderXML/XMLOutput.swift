/// An element to be written: a plain value tree that ``XMLOutputDocument`` serialises through
/// libxml2, so that escaping and encoding are libxml2's, not ours.
///
/// Every element is in the document's namespace (declared as the default namespace on the root)
/// unless it names its own ``namespace``, which it and its descendants then use (declared as the
/// default namespace on that element: SVG inside XHTML, say). Attributes are unqualified.
/// Attribute order is kept as given.
public struct XMLOutputElement: Equatable, Sendable {
    /// A child: an element or a text node.
    public enum Child: Equatable, Sendable {
        /// A child element.
        case element(XMLOutputElement)
        /// A text node (escaped on output).
        case text(String)
    }

    /// The local name.
    public var name: String
    /// Attributes in output order, as (name, value) pairs.
    public var attributes: [(name: String, value: String)]
    /// Children in output order.
    public var children: [Child]
    /// The namespace URI of this element and its descendants when it differs from its parent's;
    /// `nil`: the parent's (the document's for the root).
    public var namespace: String?

    /// Creates an element with attributes (in order) and children, in its parent's namespace or
    /// in `namespace`.
    public init(
        _ name: String, attributes: [(name: String, value: String)] = [], children: [Child] = [],
        namespace: String? = nil
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.namespace = namespace
    }

    /// Creates an element holding only text.
    public init(_ name: String, attributes: [(name: String, value: String)] = [], text: String) {
        self.init(name, attributes: attributes, children: [.text(text)])
    }

    /// Appends a child element.
    public mutating func append(_ element: XMLOutputElement) { children.append(.element(element)) }

    /// Appends child elements.
    public mutating func append(contentsOf elements: [XMLOutputElement]) {
        children.append(contentsOf: elements.map { .element($0) })
    }

    /// Appends an attribute (when `value` is not `nil`).
    public mutating func set(_ name: String, _ value: String?) {
        guard let value else { return }
        attributes.append((name, value))
    }

    /// Whether the two values are equal (see the type for what is compared).
    public static func == (lhs: XMLOutputElement, rhs: XMLOutputElement) -> Bool {
        lhs.name == rhs.name && lhs.namespace == rhs.namespace && lhs.children == rhs.children
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }
}

/// A document to be written: a root element in one namespace.
public struct XMLOutputDocument: Sendable {
    /// The namespace URI of every element.
    public var namespace: String
    /// The root element.
    public var root: XMLOutputElement

    /// Creates a document.
    public init(namespace: String, root: XMLOutputElement) {
        self.namespace = namespace
        self.root = root
    }
}
