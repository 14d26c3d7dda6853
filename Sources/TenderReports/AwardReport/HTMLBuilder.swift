import TenderModel
import TenderXML

/// Small helpers for building an XHTML tree of ``XMLOutputElement`` values. Every string goes into
/// the tree as a text node or an attribute value, so libxml2 escapes it on output; nothing here
/// writes markup as text.
enum HTML {
    /// The XHTML namespace.
    static let namespace = "http://www.w3.org/1999/xhtml"
    /// The SVG namespace.
    static let svgNamespace = "http://www.w3.org/2000/svg"

    typealias Attributes = [(name: String, value: String)]

    /// An element with attributes and children.
    static func element(
        _ name: String, _ attributes: Attributes = [], _ children: [XMLOutputElement.Child] = []
    ) -> XMLOutputElement {
        XMLOutputElement(name, attributes: attributes, children: children)
    }

    /// An element holding only text, without attributes.
    static func text(_ name: String, _ text: String) -> XMLOutputElement { XMLOutputElement(name, text: text) }

    /// An element holding only text.
    static func text(_ name: String, _ attributes: Attributes = [], _ text: String) -> XMLOutputElement {
        XMLOutputElement(name, attributes: attributes, text: text)
    }

    /// A paragraph of text.
    static func paragraph(_ text: String, class className: String? = nil) -> XMLOutputElement {
        XMLOutputElement("p", attributes: className.map { [("class", $0)] } ?? [], text: text)
    }

    /// A paragraph with a bold lead-in.
    static func labelled(_ label: String, _ value: String) -> XMLOutputElement {
        element("p", [], [.element(text("strong", label + ": ")), .text(value)])
    }

    /// An unordered list of plain text items.
    static func list(_ items: [String]) -> XMLOutputElement {
        element("ul", [], items.map { .element(text("li", $0)) })
    }

    /// One table cell: its content and whether it holds a number (right-aligned).
    struct Cell {
        var children: [XMLOutputElement.Child]
        var className: String?

        init(_ text: String, class className: String? = nil) {
            self.children = [.text(text)]
            self.className = className
        }

        init(children: [XMLOutputElement.Child], class className: String? = nil) {
            self.children = children
            self.className = className
        }

        /// A right-aligned number.
        static func number(_ text: String) -> Cell { Cell(text, class: "num") }

        /// A name (a tenderer's), kept wide enough to read beside long text.
        static func name(_ text: String) -> Cell { Cell(text, class: "name") }
    }

    /// A table with a header row inside a horizontally scrolling container, so that a wide table
    /// never widens the page on a phone; the caption (when given) is a paragraph above the container
    /// and the table's `aria-label`.
    static func table(
        caption: String?, headers: [String], rows: [[Cell]], numericColumns: Set<Int> = [], wide: Bool = false
    ) -> XMLOutputElement {
        var attributes: Attributes = wide ? [("class", "wide")] : []
        if let caption { attributes.append(("aria-label", caption)) }
        var table = element("table", attributes)
        let head = element(
            "tr", [],
            headers.enumerated().map { index, header in
                .element(
                    text(
                        "th", [("scope", "col")] + (numericColumns.contains(index) ? [("class", "num")] : []), header))
            })
        table.append(element("thead", [], [.element(head)]))
        table.append(
            element(
                "tbody", [],
                rows.map { row in
                    .element(
                        element(
                            "tr", [],
                            row.map { cell in
                                .element(element("td", cell.className.map { [("class", $0)] } ?? [], cell.children))
                            }))
                }))
        // The caption sits above the scrolling container (a <caption> would scroll out of sight with a
        // wide table on a phone); the table carries it as its accessible name.
        let scroll = element("div", [("class", "table-scroll")], [.element(table)])
        guard let caption else { return scroll }
        return element(
            "div", [("class", "table-block")], [.element(text("p", [("class", "caption")], caption)), .element(scroll)])
    }

    /// A section with an `id` (for the table of contents) and a heading.
    static func section(id: String, heading: String, level: Int = 2, _ content: [XMLOutputElement]) -> XMLOutputElement
    {
        element(
            "section", [("id", id)], [.element(text("h\(level)", heading))] + content.map { .element($0) })
    }
}

/// How the report writes numbers: exactly, with an approximation marked `≈` where the exact value
/// has no finite decimal form.
enum ReportNumber {
    /// `33.68`, or `640/19 (≈ 33.6842)`.
    static func exact(_ value: Rational) -> String {
        if value.hasFiniteDecimalForm { return value.exactText }
        return "\(value.exactText) (≈ \(value.approximateText(places: 4)))"
    }

    /// A value for drawing (SVG coordinates): rounded half-up to two places. Used for geometry only,
    /// never to decide or to report anything.
    static func coordinate(_ value: Rational) -> String { value.approximateText(places: 2) }

    /// A coordinate from an integer.
    static func coordinate(_ value: Int) -> String { coordinate(Rational(value)) }
}
