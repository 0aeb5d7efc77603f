/// The candidate closest to a misspelt word, when one is close enough to be a likely meaning.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    rankedMatches(to: word, in: candidates).first
}

/// Candidates within a small edit distance of `word`, closest first; prefixes count as close.
public func rankedMatches(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
    let lowered = word.lowercased()
    let scored: [(String, Int)] = candidates.compactMap { candidate in
        let target = candidate.lowercased()
        if target == lowered { return (candidate, 0) }
        let distance = editDistance(Array(lowered.unicodeScalars), Array(target.unicodeScalars))
        let allowed = max(1, min(3, max(lowered.unicodeScalars.count, target.unicodeScalars.count) / 3))
        if distance <= allowed { return (candidate, distance) }
        if lowered.count >= 2, target.hasPrefix(lowered) { return (candidate, allowed) }
        return nil
    }
    return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
}

/// Damerau–Levenshtein distance (with adjacent transpositions), so `lnagid` is one step from `langid`.
func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                value = min(value, previous2[j - 2] + 1)
            }
            current[j] = value
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}

extension StringProtocol {
    /// The text without leading and trailing Unicode white space (spaces, tabs, newlines;
    /// `ScalarTable.isSpace` without the invisible marks).
    public func trimmingWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !ScalarTable.isSpace($0.value, invisibles: false) }) else { return "" }
        let last = scalars.lastIndex(where: { !ScalarTable.isSpace($0.value, invisibles: false) })!
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
