public import Foundation

/// Writes files so that a reader sees either the old content or the new, never a mixture: the
/// bytes go to a temporary file in the same folder, are flushed to disk, and the temporary file is
/// renamed over the target (`rename(2)` is atomic within a file system); then the folder is flushed
/// so the rename itself survives a crash.
public enum AtomicFile {
    /// Why a write failed.
    public struct WriteError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file being written.
        public var path: String
        /// The system's reason.
        public var reason: String

        /// The value as text, for people and diagnostics.
        public var description: String { "\(path): error: cannot write: \(reason)" }
    }

    /// Writes `bytes` to `url` atomically, creating missing parent folders.
    ///
    /// - Parameter durable: Whether the file and its folder are flushed to disk before returning
    ///   (`fsync(2)`). A batch of writes may pass `false` and flush once at its end (`sync(2)`):
    ///   the rename is still atomic, only the moment the writes reach the disk changes.
    ///
    /// - Throws: ``WriteError`` naming the file and the system's reason; the previous content of
    ///   `url`, if any, is then unchanged.
    public static func write(_ bytes: [UInt8], to url: URL, durable: Bool = true) throws(WriteError) {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder.path, reason: "\(error.localizedDescription)")
        }
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
                throw WriteError(path: url.path, reason: "cannot create a temporary file in \(folder.path)")
            }
            if durable {
                let handle = try FileHandle(forUpdating: temporary)
                try handle.synchronize()
                try handle.close()
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw WriteError(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary.path)
            if let error = error as? WriteError { throw error }
            throw WriteError(path: url.path, reason: error.localizedDescription)
        }
        guard durable else { return }
        let folderDescriptor = open(folder.path, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
