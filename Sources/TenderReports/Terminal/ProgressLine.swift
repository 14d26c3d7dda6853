import Foundation
import Synchronization
public import TenderDocuments

/// A progress line for a terminal's standard error while a case is read: nothing for the first
/// moment (most cases read in well under a second), then `Reading the case: 1200/10000 files`,
/// rewritten in place (carriage return, ECMA-48 erase-line) at most every tenth of a second, and
/// erased once every file is read. Only for terminals: the caller decides (standard error is a
/// terminal, `--quiet` not given).
///
/// Thread-safe; the clock and the writer are injected so that tests can drive it.
public final class ProgressLine: Sendable {
    private struct State {
        var shownAt: Duration?
        var visible = false
    }

    private let title: String
    private let delay: Duration
    private let interval: Duration
    private let elapsed: @Sendable () -> Duration
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// A line titled `title`, shown once `delay` has passed since it was made (per `elapsed`, the
    /// time since then), updated at most every `interval`, written with `write`.
    public init(
        title: String, delay: Duration = .milliseconds(500), interval: Duration = .milliseconds(100),
        elapsed: @escaping @Sendable () -> Duration, write: @escaping @Sendable (String) -> Void
    ) {
        self.title = title
        self.delay = delay
        self.interval = interval
        self.elapsed = elapsed
        self.write = write
    }

    /// A line on standard error, timed by the continuous clock from now.
    public static func onStandardError(title: String) -> ProgressLine {
        let start = ContinuousClock.now
        return ProgressLine(
            title: title, elapsed: { ContinuousClock.now - start },
            write: { text in FileHandle.standardError.write(Data(text.utf8)) })
    }

    /// `read` of `total` files are read: shows, updates or (when all are read) erases the line.
    public func update(read: Int, total: Int) {
        let now = elapsed()
        let text: String? = state.withLock { state in
            if read >= total {
                guard state.visible else { return nil }
                state.visible = false
                return "\r\u{1B}[K"
            }
            guard now >= delay else { return nil }
            if let shown = state.shownAt, now - shown < interval { return nil }
            state.shownAt = now
            state.visible = true
            return "\r\(title): \(read)/\(total) files\u{1B}[K"
        }
        if let text { write(text) }
    }

    /// The observer to give a case folder (`CaseFolder.progress`).
    public var observer: ReadingProgress { ReadingProgress { [self] read, total in update(read: read, total: total) } }
}
