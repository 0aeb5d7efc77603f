import Synchronization

/// Watches the records of a run for chosen field paths (`--fields`) that no record has, most
/// likely typos, so that the run can warn at its end and name the closest field it saw. A stream
/// cannot know a path is missing until it ends: a field may appear in the last record only.
public final class FieldUsage: Sendable {
    private struct State {
        var unmatched: [String]
        var seen: OrderedSet<String> = []
        var records = 0
    }

    private let state: Mutex<State>
    /// Set once every path has matched, so that the rest of a run skips the lock.
    private let allMatched = Atomic<Bool>(false)
    /// Records whose field paths are collected for suggestions; enough to see every kind of record.
    private static let sampleLimit = 1000

    /// `produced`: the annotations the run's steps declare. A path into one of them is not
    /// warned about when no record has it, since many fields are simply empty for some texts
    /// (`ticker.headline` on a page without a ticker).
    public init(paths: [String], produced: Set<String> = []) {
        let paths = paths.filter { !produced.contains(String($0.prefix { $0 != "." })) }
        state = Mutex(State(unmatched: paths))
        if paths.isEmpty { allMatched.store(true, ordering: .relaxed) }
    }

    /// Notes which paths `record` has. Safe to call from the threads that encode records.
    public func observe(_ record: Record) {
        if allMatched.load(ordering: .relaxed) { return }
        state.withLock { state in
            state.records += 1
            state.unmatched.removeAll { !record.values(atPath: $0).isEmpty }
            if state.unmatched.isEmpty {
                allMatched.store(true, ordering: .relaxed)
            } else if state.records <= Self.sampleLimit {
                record.forEachFieldPath { state.seen.append($0) }
            }
        }
    }

    /// One warning per path no record had, naming the closest field seen and listing the fields seen.
    public var warnings: [String] {
        state.withLock { state in
            guard state.records > 0 else { return [] }
            let seen = Array(state.seen)
            let listed = seen.prefix(40).joined(separator: ", ") + (seen.count > 40 ? ", …" : "")
            return state.unmatched.map { path in
                var message = "warning: no record has the field '\(path)' named in --fields"
                if let suggestion = closestMatch(to: path, in: seen) { message += "; did you mean '\(suggestion)'?" }
                return message + " (fields seen: \(listed))"
            }
        }
    }
}
