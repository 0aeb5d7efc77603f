/// The words of a pipeline such as `langid top=3 | normalize tatweel=false`, with the
/// character offsets of each word so errors can point at it.
public struct PipelineSyntax: Sendable, Hashable {
    public struct Stage: Sendable, Hashable {
        public var name: String
        public var nameRange: Range<Int>
        public var arguments: [OptionArgument]
        /// Every word of the stage (name first) as written, for consumers with a grammar of their own.
        public var words: [Word]
    }

    public struct Word: Sendable, Hashable {
        public var text: String
        public var range: Range<Int>
        /// Whether any part of the word was quoted (then `=` and `|` inside are literal).
        public var quoted: Bool
        /// For a `key=value` word (an unquoted `=`): its two sides.
        public var assignment: Assignment?
    }

    public struct Assignment: Sendable, Hashable {
        public var key: String
        public var value: String
    }

    public var stages: [Stage]

    /// Splits on `|` outside quotes, and each stage into words. Quotes: "..." (with \" and \\
    /// escapes) and '...'.
    public static func parse(_ text: String) throws(PipelineError) -> PipelineSyntax {
        var stages: [Stage] = []
        for segment in try splitStages(text) {
            guard let first = segment.words.first else {
                throw PipelineError(
                    message: segment.isLast && !stages.isEmpty
                        ? "the pipeline ends with '|' and no analyzer after it"
                        : "empty step in the pipeline: nothing between two '|'",
                    range: segment.range)
            }
            var arguments: [OptionArgument] = []
            for word in segment.words.dropFirst() {
                arguments.append(optionArgument(from: word))
            }
            stages.append(Stage(name: first.text, nameRange: first.range, arguments: arguments, words: segment.words))
        }
        return PipelineSyntax(stages: stages)
    }

    static func optionArgument(from word: Word) -> OptionArgument {
        // `key=value`: the key is the text before the first '='; quoting applies to the value.
        if let assignment = word.assignment {
            return OptionArgument(key: assignment.key, value: assignment.value, range: word.range)
        }
        return OptionArgument(key: word.text, value: nil, range: word.range)
    }

    /// The words between two unquoted `|`, with the character range they span.
    public struct Segment: Sendable {
        public var words: [Word]
        public var range: Range<Int>
        public var isLast: Bool
    }

    /// Tokenizes the whole line: words inside stages, stages separated by unquoted `|`.
    public static func splitStages(_ text: String) throws(PipelineError) -> [Segment] {
        let characters = Array(text)
        var segments: [Segment] = []
        var words: [Word] = []
        var segmentStart = 0
        var index = 0
        var current = ""
        var currentStart: Int?
        var quoted = false
        var rawKey: String?  // set once an unquoted '=' is met in the current word

        func endWord() {
            if let start = currentStart {
                let assignment = rawKey.map { Assignment(key: $0, value: String(current.dropFirst($0.count + 1))) }
                words.append(Word(text: current, range: start..<index, quoted: quoted, assignment: assignment))
            }
            current = ""
            currentStart = nil
            quoted = false
            rawKey = nil
        }

        while index < characters.count {
            let character = characters[index]
            switch character {
            case "|":
                endWord()
                segments.append(Segment(words: words, range: segmentStart..<index, isLast: false))
                words = []
                segmentStart = index + 1
                index += 1
            case " ", "\t", "\n", "\r":
                endWord()
                index += 1
            case "\"", "'":
                if currentStart == nil { currentStart = index }
                quoted = true
                let quote = character
                let open = index
                index += 1
                var closed = false
                while index < characters.count {
                    let c = characters[index]
                    if c == quote { closed = true; index += 1; break }
                    if quote == "\"", c == "\\", index + 1 < characters.count {
                        current.append(characters[index + 1])
                        index += 2
                        continue
                    }
                    current.append(c)
                    index += 1
                }
                if !closed {
                    throw PipelineError(message: "unterminated quote: \(quote) opened here is never closed", range: open..<characters.count)
                }
            default:
                if currentStart == nil { currentStart = index }
                if character == "=", rawKey == nil, !quoted { rawKey = current }
                current.append(character)
                index += 1
            }
        }
        endWord()
        segments.append(Segment(words: words, range: segmentStart..<characters.count, isLast: true))
        return segments
    }
}

/// A pipeline that cannot run: what is wrong, and where in the pipeline text.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Character offsets in the pipeline text of the word at fault.
    public var range: Range<Int>?
    public var suggestion: String?

    public init(message: String, range: Range<Int>? = nil, suggestion: String? = nil) {
        self.message = message
        self.range = range
        self.suggestion = suggestion
    }

    public var description: String {
        guard let suggestion else { return message }
        return "\(message); did you mean '\(suggestion)'?"
    }

    /// The message, then the pipeline text with carets under the offending word.
    public func pointing(into text: String, indent: String = "  ") -> String {
        guard let range else { return description }
        return "\(description)\n" + caretLines(text: text, range: range, indent: indent)
    }
}

/// Two lines: `text`, and carets under the characters in `range` (display-width aware).
public func caretLines(text: String, range: Range<Int>, indent: String = "  ", maxWidth: Int? = nil) -> String {
    let characters = Array(text)
    let clamped = range.clamped(to: 0..<characters.count)
    var start = 0, end = characters.count
    if let maxWidth, DisplayWidth.of(indent) + DisplayWidth.of(text) > maxWidth {
        // A line wider than the screen would wrap and the carets land elsewhere: show the part
        // around the range, a third of the room before it, with "…" where it is cut.
        let room = max(20, maxWidth - DisplayWidth.of(indent) - 2)
        func width(_ part: ArraySlice<Character>) -> Int { part.reduce(0) { $0 + DisplayWidth.of($1) } }
        start = clamped.lowerBound
        end = clamped.lowerBound
        while start > 0, width(characters[(start - 1)..<clamped.lowerBound]) <= room / 3 { start -= 1 }
        var used = width(characters[start..<end])
        while end < characters.count, used + DisplayWidth.of(characters[end]) <= room {
            used += DisplayWidth.of(characters[end])
            end += 1
        }
    }
    let before = start > 0 ? "…" : "", after = end < characters.count ? "…" : ""
    let shown = before + String(characters[start..<end]) + after
    let pad = DisplayWidth.of(before) + DisplayWidth.of(String(characters[start..<max(start, clamped.lowerBound)]))
    let carets = max(1, DisplayWidth.of(String(characters[clamped.clamped(to: start..<max(start, end))])))
    return indent + shown + "\n" + indent + String(repeating: " ", count: pad) + String(repeating: "^", count: carets)
}
