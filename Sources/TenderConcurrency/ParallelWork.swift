import Dispatch
import Foundation
import Synchronization

/// Independent pieces of work (one per file: read, parse, validate, canonicalise, hash; one per
/// bid: its scores aggregated and its points computed) spread over the machine's cores, with the
/// results in the order of the work, so that whatever follows sees exactly what a sequential loop
/// would have given.
///
/// Each worker takes the next unclaimed index (in small chunks), so a slow file does not hold up
/// the others. The work must not share libxml2 state: every parse makes its own parser and
/// validation context with its own structured-error handler, and compiled schemas are shared
/// read-only (`TenderSchemas`, see docs and LIBXML2-NOTES item 7).
public enum ParallelWork {
    /// How many workers to use: `TENDER_THREADS` when set to a positive number (`1` gives the
    /// sequential path), otherwise the number of active processors.
    public static var defaultWorkers: Int {
        if let text = ProcessInfo.processInfo.environment["TENDER_THREADS"], let value = Int(text), value > 0 {
            return value
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Why `TENDER_THREADS` in `environment` cannot be used: set, but not a positive whole number
    /// (``defaultWorkers`` would ignore it). `nil` when it is unset or usable. The `tender` command
    /// refuses to run with such a setting rather than silently use every core.
    public static func threadsProblem(in environment: [String: String]) -> String? {
        guard let text = environment["TENDER_THREADS"] else { return nil }
        if let value = Int(text), value > 0 { return nil }
        return "TENDER_THREADS must be a positive whole number of threads (1 for one thread); found \"\(text)\""
    }

    /// `body(0) … body(count - 1)` on up to `workers` threads; the results in index order.
    ///
    /// With one worker (or one piece of work) the loop runs on the calling thread, in order.
    public static func map<T: Sendable>(
        _ count: Int, workers: Int = defaultWorkers, _ body: @Sendable (Int) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        let threads = min(max(1, workers), count)
        guard threads > 1 else { return (0..<count).map(body) }
        // One slot per index, each written once; the lock is taken once per file read, which
        // costs nothing beside the parse, validation and hashing each piece of work does.
        let slots = Mutex<[T?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let chunk = max(1, min(16, count / (threads * 8)))
        withoutActuallyEscaping(body) { body in
            let body = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                    guard start < count else { return }
                    for index in start..<min(start + chunk, count) {
                        let value = body.value(index)
                        slots.withLock { $0[index] = value }
                    }
                }
            }
        }
        return slots.withLock { slots in
            slots.map { value in
                guard let value else { preconditionFailure("ParallelWork: an index was never run") }
                return value
            }
        }
    }
}

/// A closure that is only called while ``ParallelWork/map(_:workers:_:)`` waits for it.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
