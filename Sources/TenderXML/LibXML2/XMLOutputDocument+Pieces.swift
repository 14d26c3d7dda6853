public import TenderConcurrency

extension XMLOutputElement {
    /// Marks where ``XMLOutputDocument/writeInPieces(_:into:)`` writes a section's pieces: put it
    /// as the only child of a child of the root (a "section"; results: a `<Lot>`).
    public static let pieces = XMLOutputElement(piecesName)

    /// The marker's name: no format of ours has an element called this.
    static let piecesName = "TenderTrailPieces"
}

extension XMLOutputDocument {
    /// Writes the document in pieces, in bounded memory: exactly the bytes ``serialized()`` gives
    /// for the whole document, and exactly its exclusive canonical form (what
    /// ``XMLDocument/exclusiveCanonicalForm()`` gives for those bytes parsed back), in consecutive
    /// chunks, with the children of each section built one at a time and dropped once written.
    /// For documents too large to build whole (the results of ten thousand bids).
    ///
    /// Every byte is written by libxml2, as ``serialized()`` writes it: the skeleton (this document,
    /// in which each section holds ``XMLOutputElement/pieces``) is serialised and canonicalised once
    /// and cut at the markers; each piece is serialised and canonicalised inside a frame of the
    /// same depth and namespace (root › section › piece, so it is indented and escaped as it is in
    /// the whole document) and cut out of that frame, whose bytes around it are checked to be the
    /// frame's own. Pieces are separated by the line break and indentation the skeleton has before
    /// the marker, which is what libxml2 writes between sibling elements (and what the canonical
    /// form keeps of them). Pieces are framed on up to `workers` threads (``ParallelWork``), a
    /// batch at a time, and given to `sink` in order: the output does not depend on `workers`.
    ///
    /// - Parameters:
    ///   - pieces: For each marked section (by its index among the marked ones, in document order),
    ///     how many children it has (at least one: a section without children is written without a
    ///     marker) and how to build the child at an index.
    ///   - workers: The threads that frame pieces.
    ///   - sink: Given consecutive chunks of the serialised bytes and of the canonical form.
    /// - Throws: ``XMLError/serializationFailed(reason:)`` when libxml2 cannot write or a marker is
    ///   misplaced or left without pieces; whatever `sink` throws.
    public func writeInPieces(
        _ pieces: (_ section: Int) -> (count: Int, piece: @Sendable (Int) -> XMLOutputElement),
        workers: Int = ParallelWork.defaultWorkers,
        into sink: (_ bytes: [UInt8], _ canonical: [UInt8]) throws(XMLError) -> Void
    ) throws(XMLError) {
        let name = XMLOutputElement.piecesName
        let marked = root.children.count { child in
            guard case let .element(section) = child else { return false }
            return section.children == [.element(.pieces)]
        }
        let skeleton = try serialized()
        let bytes = try Self.cut(skeleton, at: "<\(name)/>", expecting: marked)
        let canonical = try Self.cut(
            XMLDocument.parse(skeleton, path: "<skeleton>").exclusiveCanonicalForm(), at: "<\(name)></\(name)>",
            expecting: marked)
        let frame = try PieceFrame(namespace: namespace, root: root.name)
        let batch = 64 * max(1, workers)
        for section in 0..<marked {
            try sink(bytes[section], canonical[section])
            // The skeleton's line break and indentation before the marker, written between pieces.
            let indentation = bytes[section].reversed().prefix { $0 == UInt8(ascii: " ") }
            let between = [UInt8(ascii: "\n")] + indentation
            let (count, piece) = pieces(section)
            guard count > 0 else {
                throw .serializationFailed(reason: "section \(section + 1) was marked for pieces but given none")
            }
            for start in stride(from: 0, to: count, by: batch) {
                let framed = ParallelWork.map(min(batch, count - start), workers: workers) { offset in
                    Result { () throws(XMLError) in try frame.write(piece(start + offset)) }
                }
                for (offset, result) in framed.enumerated() {
                    let (pieceBytes, pieceCanonical) = try result.get()
                    if start + offset > 0 { try sink(between, between) }
                    try sink(pieceBytes, pieceCanonical)
                }
            }
        }
        try sink(bytes[marked], canonical[marked])
    }

    /// `bytes` cut at each occurrence of `marker`: `count + 1` parts.
    fileprivate static func cut(_ bytes: [UInt8], at marker: String, expecting count: Int) throws(XMLError) -> [[UInt8]]
    {
        let needle = Array(marker.utf8)
        var parts: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) {
                parts.append(Array(bytes[start..<index]))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(Array(bytes[start...]))
        guard parts.count == count + 1 else {
            throw .serializationFailed(
                reason: "expected \(count) piece marker(s) as children of the root's children, found \(parts.count - 1)"
            )
        }
        return parts
    }
}

/// A piece written inside root › section, then cut out of that frame.
private struct PieceFrame: Sendable {
    let namespace: String
    let root: String
    /// The frame's serialised bytes before and after the piece.
    let bytes: (before: [UInt8], after: [UInt8])
    /// The frame's canonical form before and after the piece.
    let canonical: (before: [UInt8], after: [UInt8])

    init(namespace: String, root: String) throws(XMLError) {
        self.namespace = namespace
        self.root = root
        let name = XMLOutputElement.piecesName
        let frame = Self.document(namespace: namespace, root: root, piece: .pieces)
        let serialized = try frame.serialized()
        let canonicalForm = try XMLDocument.parse(serialized, path: "<frame>").exclusiveCanonicalForm()
        bytes = try Self.around(serialized, marker: "<\(name)/>")
        canonical = try Self.around(canonicalForm, marker: "<\(name)></\(name)>")
    }

    /// The piece's bytes and canonical form as they are in the whole document.
    func write(_ piece: XMLOutputElement) throws(XMLError) -> (bytes: [UInt8], canonical: [UInt8]) {
        let serialized = try Self.document(namespace: namespace, root: root, piece: piece).serialized()
        let canonicalForm = try XMLDocument.parse(serialized, path: "<piece>").exclusiveCanonicalForm()
        return (try Self.inside(serialized, bytes), try Self.inside(canonicalForm, canonical))
    }

    private static func document(namespace: String, root: String, piece: XMLOutputElement) -> XMLOutputDocument {
        XMLOutputDocument(
            namespace: namespace,
            root: XMLOutputElement(root, children: [.element(XMLOutputElement("Section", children: [.element(piece)]))])
        )
    }

    private static func around(_ bytes: [UInt8], marker: String) throws(XMLError) -> (before: [UInt8], after: [UInt8]) {
        let parts = try XMLOutputDocument.cut(bytes, at: marker, expecting: 1)
        return (parts[0], parts[1])
    }

    private static func inside(
        _ bytes: [UInt8], _ frame: (before: [UInt8], after: [UInt8])
    ) throws(XMLError) -> [UInt8] {
        guard bytes.count >= frame.before.count + frame.after.count, bytes.starts(with: frame.before),
            bytes.suffix(frame.after.count).elementsEqual(frame.after)
        else { throw .serializationFailed(reason: "a piece was not written inside its frame") }
        return Array(bytes[frame.before.count..<(bytes.count - frame.after.count)])
    }
}
