import LectorKit

/// A command that cannot run: what is wrong, and where in the line (character offsets).
public struct ShellError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var range: Range<Int>?
    public var suggestion: String?

    public init(_ message: String, range: Range<Int>? = nil, suggestion: String? = nil) {
        self.message = message
        self.range = range
        self.suggestion = suggestion
    }

    public var description: String {
        guard let suggestion else { return message }
        return "\(message); did you mean '\(suggestion)'?"
    }

    init(_ error: PipelineError, offset: Int = 0) {
        self.init(error.message, range: error.range.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }, suggestion: error.suggestion)
    }
}
