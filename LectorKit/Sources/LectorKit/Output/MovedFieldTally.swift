import Synchronization

/// Counts, across the threads of a run, the records whose input fields moved aside to `input`,
/// so that a run says so once per field at its end instead of once per record.
public final class MovedFieldTally: Sendable {
    private let counts = Mutex<OrderedDictionary<String, Int>>([:])

    public init() {}

    /// Counts the fields `record` moved aside; `only` limits it to those names (a shell pipeline's annotations).
    public func count(_ record: Record, only names: Set<String>? = nil) {
        let moved = record.movedInputFields.filter { names?.contains($0) ?? true }
        guard !moved.isEmpty else { return }
        counts.withLock { counts in
            for name in moved { counts[name, default: 0] += 1 }
        }
    }

    /// One line per field, such as `note: 12 input records had their own 'language'; kept as input.language`.
    public var notes: [String] {
        counts.withLock { counts in
            counts.map { name, count in
                "note: \(count) input record\(count == 1 ? " had its" : "s had their") own '\(name)'; kept as input.\(name)"
            }
        }
    }
}
