/// A range of a document's text in Unicode scalars, counted as Python counts characters,
/// so that offsets written by Lector line up with other tools.
public struct Span: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "a span cannot end before it starts")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var description: String { "\(start)..<\(end)" }

    public static func < (lhs: Span, rhs: Span) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    public var jsonValue: JSONValue { ["start": .int(start), "end": .int(end)] }
}

extension String {
    /// The scalar offset of `index` from the start of the string.
    public func scalarOffset(of index: String.Index) -> Int {
        unicodeScalars.distance(from: unicodeScalars.startIndex, to: index)
    }

    /// The span of `range` in scalar offsets.
    public func span(of range: Range<String.Index>) -> Span {
        let start = scalarOffset(of: range.lowerBound)
        return Span(start: start, end: start + unicodeScalars.distance(from: range.lowerBound, to: range.upperBound))
    }

    /// The text a span covers; nil when it lies outside the string.
    public func text(in span: Span) -> Substring? {
        let scalars = unicodeScalars
        guard span.start >= 0,
              let lower = scalars.index(scalars.startIndex, offsetBy: span.start, limitedBy: scalars.endIndex),
              let upper = scalars.index(lower, offsetBy: span.length, limitedBy: scalars.endIndex)
        else { return nil }
        return self[lower..<upper]
    }
}
