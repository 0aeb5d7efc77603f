import LectorKit

/// A command that cannot run: what is wrong, where in the line (character offsets), and what
/// was probably meant. The same value as a pipeline's error, so both point the same way.
public typealias ShellError = PipelineError

extension PipelineError {
    init(_ message: String, range: Range<Int>? = nil, suggestion: String? = nil) {
        self.init(message: message, range: range, suggestion: suggestion)
    }

    /// The error with its range moved by `offset` characters (from a part of a line to the line).
    init(_ error: PipelineError, offset: Int) {
        self.init(message: error.message, range: error.range.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }, suggestion: error.suggestion)
    }
}
