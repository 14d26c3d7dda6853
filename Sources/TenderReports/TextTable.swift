import TenderXML

/// A plain-text table for a terminal: columns aligned by display width (``DisplayWidth``: combining
/// accents take no column, CJK and emoji two), numbers right-aligned, colour applied to padded cells.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Per row, the role of each cell (missing or `nil`: no colour).
    var roles: [[TerminalStyle.Role?]] = []

    /// Appends a row, with the roles of its cells. Explicit directional formatting characters in a
    /// cell are made visible first (``BidiControls``), so that widths count what is shown.
    mutating func append(_ cells: [String], roles: [TerminalStyle.Role?] = []) {
        rows.append(cells.map(BidiControls.visible))
        self.roles.append(roles)
    }

    func render(indent: String = "  ", style: TerminalStyle = .plain) -> String {
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        func line(_ cells: [String], roles: [TerminalStyle.Role?]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
                let isLast = index == cells.count - 1
                let styled = style.apply(index < roles.count ? roles[index] : nil, to: cell)
                switch alignments[index] {
                case .left: parts.append(isLast ? styled : styled + padding)
                case .right: parts.append(padding + styled)
                }
            }
            var line = indent + parts.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
        let body = rows.indices.map { line(rows[$0], roles: $0 < roles.count ? roles[$0] : []) }
        return ([line(headers, roles: [])] + body).joined(separator: "\n")
    }
}
