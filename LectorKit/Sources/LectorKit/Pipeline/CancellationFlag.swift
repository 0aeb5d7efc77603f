import Synchronization

/// Set once to ask a running pipeline to stop; safe to set from a signal handler's queue.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    public func cancel() { flag.store(true, ordering: .relaxed) }
    /// Clears the flag, for a shell that runs one pipeline after another.
    public func reset() { flag.store(false, ordering: .relaxed) }
}
