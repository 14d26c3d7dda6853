public import Foundation
public import TenderDocuments
import TenderXML
import ZIPFoundation

/// A case bundled for an auditor: a zip of the plan, the notice, the ESPD request and responses, the bids, declarations, score
/// sheets, moderation records, explanations and the evidence (trail, signatures, checkpoints,
/// sealed plans, results), with the assessment summaries given to tenderers (`reports/summaries`,
/// which `verify` checks against the record) — and nothing private: no hidden files, no lock, and
/// never a private key. Other reports (the award report, exports) are derived for people and stay out.
public enum CaseBundle {
    /// The folders whose files go into a bundle.
    static let folders = [
        "bids", "espd", "declarations", "scores", "moderation", "explanations", "evidence", "reports/summaries",
    ]
    /// The top-level files that go into a bundle.
    static let topLevel = ["tender.xml", "notice.xml", "espd-request.xml", "README.md"]
    /// Limits when unpacking a bundle: at most this many entries and bytes.
    static let maximumEntries = 200_000
    static let maximumBytes: UInt64 = 2 << 30

    /// Writes the bundle of `folder` to `output` (a new file). Entries are stored under the case
    /// folder's name, in sorted order, so unpacking gives the folder back.
    ///
    /// - Returns: The case-relative paths packed.
    /// - Throws: ``LifecycleError`` when the output exists or lies inside the case, or a file to be
    ///   packed holds a private key.
    public static func pack(_ folder: CaseFolder, to output: URL) throws(LifecycleError) -> [String] {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: output.path) else {
            throw .usage("\(output.path): error: exists; choose another --output (a bundle is never overwritten)")
        }
        let root = folder.url.standardizedFileURL.path
        if output.standardizedFileURL.path.hasPrefix(root + "/") {
            throw .usage("\(output.path): error: inside the case folder; write the bundle elsewhere")
        }
        var files = topLevel.filter { manager.fileExists(atPath: folder.url(for: $0).path) }
        for name in folders {
            guard let walker = manager.enumerator(atPath: folder.url(for: name).path) else { continue }
            while let next = walker.nextObject() as? String {
                let relative = name + "/" + next
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: folder.url(for: relative).path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    files.append(relative)
                }
            }
        }
        files.sort()
        for file in files {
            if let data = manager.contents(atPath: folder.url(for: file).path),
                String(decoding: data, as: UTF8.self).contains("PRIVATE KEY-----")
            {
                throw .inconsistent([
                    "\(folder.displayPath(for: file)): error: holds a private key; nothing private goes into a bundle"
                ])
            }
        }
        let base = folder.url.lastPathComponent
        let temporary = output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).\(getpid()).tmp")
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for file in files {
                try archive.addEntry(
                    with: base + "/" + file, fileURL: folder.url(for: file), compressionMethod: .deflate)
            }
        } catch {
            try? manager.removeItem(at: temporary)
            throw .write(AtomicFile.WriteError(path: output.path, reason: "\(error)"))
        }
        guard rename(temporary.path, output.path) == 0 else {
            try? manager.removeItem(at: temporary)
            throw .write(AtomicFile.WriteError(path: output.path, reason: String(cString: strerror(errno))))
        }
        return files
    }

    /// Unpacks a bundle into a temporary folder (refusing absolute paths, `..`, links and oversized
    /// archives) and verifies it as ``Verifier/verify(_:publishedCheckpoint:)`` verifies a folder.
    /// Findings name files as `BUNDLE/<path>`.
    public static func verify(
        _ bundle: URL, displayPath: String, publishedCheckpoint: URL? = nil
    ) throws(LifecycleError)
        -> VerificationReport
    {
        let manager = FileManager.default
        let scratch = manager.temporaryDirectory.appendingPathComponent("tendertrail-bundle-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: scratch) }
        let caseRoot: URL
        do {
            let archive = try Archive(url: bundle, accessMode: .read)
            var count = 0
            var bytes: UInt64 = 0
            var roots: Set<String> = []
            for entry in archive {
                count += 1
                bytes += entry.uncompressedSize
                let path = entry.path
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                guard count <= maximumEntries, bytes <= maximumBytes, !path.hasPrefix("/"), !parts.contains(".."),
                    entry.type != .symlink
                else {
                    throw LifecycleError.usage(
                        "\(displayPath): error: \(path) is not a safe bundle entry (absolute, '..', a link, or too large)"
                    )
                }
                if let first = parts.first { roots.insert(String(first)) }
                guard entry.type == .file else { continue }
                let target = scratch.appendingPathComponent(path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                _ = try archive.extract(entry, to: target, skipCRC32: false)
            }
            guard roots.count == 1, let root = roots.first else {
                throw LifecycleError.usage("\(displayPath): error: a bundle holds exactly one case folder")
            }
            caseRoot = scratch.appendingPathComponent(root, isDirectory: true)
        } catch let error as LifecycleError {
            throw error
        } catch {
            throw .invalidDocuments(
                .xml(.unreadable(path: displayPath, reason: "not a zip bundle made by `tender pack`")))
        }
        return try Verifier.verify(
            CaseFolder(url: caseRoot, displayPath: displayPath), publishedCheckpoint: publishedCheckpoint)
    }
}
