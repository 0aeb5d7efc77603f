import LectorKit

/// One line read as a headline-ticker item: a time (and perhaps a date) and a headline.
///
/// Formats: `- 15:21Headline` (time glued to the headline), `15:21 Headline`, `15:21 – Headline`,
/// `[15:21] Headline`, `15:21 | Headline`, `• 15:21 | Headline`, `Headline (15:21)`, `15h21`,
/// `3:05 PM`, `11.20 Uhr`, a date before the time (`30.10.2024, 11:20 Uhr`), in any digits.
/// Whether a line that reads this way really is a ticker item is for `TickerAnalyzer` to say
/// (ticker items come in runs; a time in a body sentence does not).
public struct TickerLine: Sendable, Equatable {
    public var hour: Int
    public var minute: Int
    public var date: FoundDate?
    /// The headline, in scalars of the line.
    public var headline: Range<Int>
    /// Whether the line marks itself as a list item (a bullet, brackets or a separator after
    /// the time), as opposed to a bare time followed by text.
    public var marked: Bool

    /// "15:21"
    public var time: String { Self.format(hour: hour, minute: minute) }

    /// HH:MM, 24 h.
    static func format(hour: Int, minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func parse(_ line: [Unicode.Scalar]) -> TickerLine? {
        var index = 0
        skipSpaces(line, &index)
        guard index < line.count else { return nil }
        // A cheap first test: a ticker line starts with a digit, a bullet or a bracket, or ends with a bracket.
        let first = line[index]
        let startsLikeAnItem = WordForms.digitValue(first) != nil || bullets.contains(first) || first == "[" || first == "("
        if startsLikeAnItem, let item = parseLeading(line, from: index) { return item }
        return parseTrailing(line)
    }

    /// A cheap test before `parse`: an item starts with a digit, a bullet or a bracket, or ends
    /// with a bracket.
    static func mayBeAnItem(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let value = UTF8Text.decode(bytes, &index)
            if ScalarTable.isSpace(value) { continue }
            let first = Unicode.Scalar(value)!
            if WordForms.digitValue(first) != nil || bullets.contains(first) || first == "[" || first == "(" { return true }
            break
        }
        var end = range.upperBound
        while end > range.lowerBound {
            let value = UTF8Text.decode(bytes, before: &end)
            if !ScalarTable.isSpace(value) { return value == 0x29 || value == 0x5D }
        }
        return false
    }

    static let bullets: Set<Unicode.Scalar> = ["-", "\u{2013}", "\u{2014}", "\u{2022}", "*", "\u{00B7}", "\u{25AA}", "\u{25BA}", "\u{25B8}", ">", "|"]
    static let separators: Set<Unicode.Scalar> = ["|", "-", "\u{2013}", "\u{2014}", ":", "\u{2022}", "/", "\u{00B7}"]

    static func parseLeading(_ line: [Unicode.Scalar], from start: Int) -> TickerLine? {
        var index = start
        var marked = false
        if bullets.contains(line[index]) {
            marked = true
            index += 1
            skipSpaces(line, &index)
        }
        var closing: Unicode.Scalar?
        if index < line.count, line[index] == "[" || line[index] == "(" {
            closing = line[index] == "[" ? "]" : ")"
            marked = true
            index += 1
            skipSpaces(line, &index)
        }
        // A date before the time: 30.10.2024, 11:20 Uhr
        var date: FoundDate?
        if index < line.count, WordForms.digitValue(line[index]) != nil, !startsWithTime(line, index) {
            let window = Array(line[index..<min(line.count, index + 40)])
            if let found = DateFinder.dates(in: window).first, found.span.start == 0 {
                date = found
                index += found.span.end
                skipSpaces(line, &index)
                if index < line.count, line[index] == "," || line[index] == "-" || line[index] == "|" || line[index] == "\u{2013}" {
                    index += 1
                    skipSpaces(line, &index)
                }
            }
        }
        guard let (hour, minute) = parseTime(line, &index) else { return nil }
        if let closing {
            skipSpaces(line, &index)
            guard index < line.count, line[index] == closing else { return nil }
            index += 1
        }
        let beforeSeparator = index
        skipSpaces(line, &index)
        if index < line.count, separators.contains(line[index]) {
            marked = true
            index += 1
            skipSpaces(line, &index)
        } else if index == beforeSeparator, index < line.count, !ScalarTable.shared.isLetter(line[index]) {
            return nil  // 12:345, 15:21x9...
        }
        let headline = trimmed(line, index..<line.count)
        guard isHeadline(line, headline) else { return nil }
        // A bare time before text that starts in lower case is a sentence, not a list item.
        if !marked, line[headline.lowerBound].properties.isLowercase { return nil }
        return TickerLine(hour: hour, minute: minute, date: date, headline: headline, marked: marked)
    }

    /// Headline (15:21) or Headline [15:21]
    static func parseTrailing(_ line: [Unicode.Scalar]) -> TickerLine? {
        var end = line.count
        while end > 0, ScalarTable.isSpace(line[end - 1].value) { end -= 1 }
        guard end > 0, line[end - 1] == ")" || line[end - 1] == "]" else { return nil }
        let opening: Unicode.Scalar = line[end - 1] == ")" ? "(" : "["
        guard let open = line[..<(end - 1)].lastIndex(of: opening) else { return nil }
        var index = open + 1
        skipSpaces(line, &index)
        guard let (hour, minute) = parseTime(line, &index) else { return nil }
        skipSpaces(line, &index)
        guard index == end - 1 else { return nil }
        var headlineEnd = open
        while headlineEnd > 0, ScalarTable.isSpace(line[headlineEnd - 1].value) || separators.contains(line[headlineEnd - 1]) { headlineEnd -= 1 }
        let headline = trimmed(line, 0..<headlineEnd)
        guard isHeadline(line, headline) else { return nil }
        return TickerLine(hour: hour, minute: minute, date: nil, headline: headline, marked: true)
    }

    /// Whether the digits at `index` are followed by ':' or 'h' (a time, not a date).
    static func startsWithTime(_ line: [Unicode.Scalar], _ index: Int) -> Bool {
        var cursor = index
        while cursor < line.count, cursor - index < 2, WordForms.digitValue(line[cursor]) != nil { cursor += 1 }
        return cursor < line.count && (line[cursor] == ":" || line[cursor] == "h" || line[cursor] == "H")
    }

    /// HH:MM, H:MM, HHhMM, HH.MM Uhr, with Uhr, h, AM/PM (a.m./p.m.) after it.
    static func parseTime(_ line: [Unicode.Scalar], _ index: inout Int) -> (Int, Int)? {
        var cursor = index
        guard cursor < line.count, let first = WordForms.digitValue(line[cursor]) else { return nil }
        var hour = first
        cursor += 1
        if cursor < line.count, let second = WordForms.digitValue(line[cursor]) {
            hour = hour * 10 + second
            cursor += 1
        }
        guard cursor < line.count else { return nil }
        let separator = line[cursor]
        guard separator == ":" || separator == "h" || separator == "H" || separator == "." else { return nil }
        cursor += 1
        guard cursor + 1 < line.count, let tens = WordForms.digitValue(line[cursor]), let ones = WordForms.digitValue(line[cursor + 1]) else { return nil }
        let minute = tens * 10 + ones
        cursor += 2
        if cursor < line.count, WordForms.digitValue(line[cursor]) != nil { return nil }
        // What follows the time: Uhr, h, AM/PM.
        var after = cursor
        skipSpaces(line, &after)
        var suffix = ""
        var suffixEnd = after
        while suffixEnd < line.count, suffixEnd - after < 5, ScalarTable.shared.isLetter(line[suffixEnd]) || line[suffixEnd] == "." {
            suffix.unicodeScalars.append(line[suffixEnd])
            suffixEnd += 1
        }
        let lowered = suffix.lowercased()
        var meridiem: String?
        switch lowered {
        case "uhr", "h", "uhr.":
            cursor = suffixEnd
        case "am", "pm", "a.m.", "p.m.":
            meridiem = lowered.hasPrefix("a") ? "am" : "pm"
            cursor = suffixEnd
        default:
            // "Uhr" glued to a headline, as in "11:20 UhrHeadline", is not worth guessing at.
            if separator == "." { return nil }  // 10.30 alone is a number, not a time
        }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = meridiem == "am" ? hour % 12 : hour % 12 + 12
        }
        guard hour <= 23, minute <= 59 else { return nil }
        index = cursor
        return (hour, minute)
    }

    static func isHeadline(_ line: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        var letters = 0
        var words = 0
        var inWord = false
        for scalar in line[range] {
            if ScalarTable.shared.isLetter(scalar) {
                letters += 1
                if !inWord { words += 1 }
                inWord = true
            } else if ScalarTable.isSpace(scalar.value) {
                inWord = false
            }
        }
        return letters >= 8 && (words >= 2 || letters >= 12)
    }

    static func skipSpaces(_ line: [Unicode.Scalar], _ index: inout Int) {
        while index < line.count, ScalarTable.isSpace(line[index].value) { index += 1 }
    }

    static func trimmed(_ line: [Unicode.Scalar], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, ScalarTable.isSpace(line[lower].value) { lower += 1 }
        while upper > lower, ScalarTable.isSpace(line[upper - 1].value) { upper -= 1 }
        return lower..<upper
    }
}
