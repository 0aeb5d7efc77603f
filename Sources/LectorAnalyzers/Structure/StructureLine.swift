import LectorKit

/// What `StructureAnalyzer` knows of one non-blank line: its shape first, cues second.
struct StructureLine {
    var number: Int
    var start: Int
    var end: Int
    var text: String
    var words = 0
    var letters = 0
    var digits = 0
    var length = 0
    /// Ends with . ! ? … ؟ ۔ 。 (before closing quotes and brackets).
    var endsSentence = false
    /// Ends with … or ... : a cut-off link text.
    var truncated = false
    var hasBreadcrumb = false
    /// Lookup form, for lines of six words or fewer (bylines are looked for in them).
    var folded: String?
    /// A hash of the line's text, to find repeated lines (short lines only).
    var key: UInt64?
    var cue: Cue?
    var isCounter = false
    var isDomain = false
    var isShareButtons = false
    var dates: [FoundDate] = []
    var isDateline = false
    var isTimeOnly = false
    var time: String?

    static let shortLineWords = 30

    init(_ line: TextLines.Line, of lines: TextLines, isTickerItem: Bool = false) {
        number = line.number
        let bytes = lines.bytes
        var lower = line.bytes.lowerBound, upper = line.bytes.upperBound
        var leading = 0
        while lower < upper {
            var next = lower
            guard ScalarTable.isSpace(UTF8Text.decode(bytes, &next)) else { break }
            lower = next
            leading += 1
        }
        while upper > lower {
            var previous = upper
            guard ScalarTable.isSpace(UTF8Text.decode(bytes, before: &previous)) else { break }
            upper = previous
        }
        text = UTF8Text.string(bytes, lower..<upper)
        var inWord = false
        let table = ScalarTable.shared
        var index = lower
        while index < upper {
            let value = UTF8Text.decode(bytes, &index)
            length += 1
            let kind = table.classify(value)
            if kind >= ScalarTable.neutralLetter {
                letters += 1
                if !inWord { words += 1 }
                inWord = true
            } else if value < 0x80 ? (value >= 0x30 && value <= 0x39) : (value >= 0x660 && WordForms.digitValue(Unicode.Scalar(value)!) != nil) {
                digits += 1
                if !inWord { words += 1 }
                inWord = true
            } else if value == 0xBB || value == 0x203A || value == 0x3E {  // » › >
                hasBreadcrumb = true
                inWord = false
            } else if !(value == 0x27 || value == 0x2D || value == 0x2019 || value == 0x2E || value == 0x22 || kind == ScalarTable.mark) {
                inWord = false
            }
        }
        start = line.start + leading
        end = start + length
        // The final character, before closing quotes and brackets.
        var last = upper
        var final: UInt32 = 0
        while last > lower {
            final = UTF8Text.decode(bytes, before: &last)
            if !Self.closers.contains(Unicode.Scalar(final)!) { break }
            final = 0
        }
        if final != 0 {
            truncated = final == 0x2026 || (last - lower >= 2 && bytes[last] == 0x2E && bytes[last - 1] == 0x2E && bytes[last - 2] == 0x2E)
            endsSentence = !truncated && Self.sentenceEnds.contains(Unicode.Scalar(final)!)
        }
        if hasBreadcrumb { hasBreadcrumb = words <= 15 }
        guard words <= Self.shortLineWords, !isTickerItem else { return }

        // Short lines: counters, domains, dates, cues, repeats.
        let content = UTF8Text.Scalars(bytes, lower..<upper)
        key = (lower..<upper).reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64(bytes[$1])) &* 0x100_0000_01B3 }
        if words <= 6 { folded = WordForms.lookupForm(text) }
        let lineWords = words <= 12 ? Cue.words(of: content) : Array(Cue.words(of: content.prefix(24)).prefix(1))
        var firstScalar = content
        isCounter = Self.isCounter(first: firstScalar.next(), words: words, letters: letters, digits: digits)
        isDomain = words <= 3 && Self.isDomain(text)
        isShareButtons = !lineWords.isEmpty && lineWords.count <= 8 && lineWords.allSatisfy { Cue.shareWords.contains($0) }
        if let found = Cue.find(in: lineWords), found.cue.marksBoilerplate(words: lineWords.count, position: found.position, hasDigit: digits > 0, hasBreadcrumb: hasBreadcrumb) {
            cue = found.cue
        } else if text.unicodeScalars.first == "©" || (words <= 12 && text.unicodeScalars.contains("©")) {
            cue = .caption
        }
        // A date has a four-digit year and a day; a time alone three digits or more.
        if digits >= 3 && words <= 12 {
            let array = Array(content)
            if digits >= 5 {
                dates = DateFinder.dates(in: array)
                isDateline = Self.isDateline(array, dates: dates)
            }
            if let time = Self.timeOnly(array) {
                isTimeOnly = true
                self.time = time
            }
        }
    }

    static let closers: Set<Unicode.Scalar> = ["\"", "'", "»", "”", "’", ")", "]", "»", "\u{201C}", " ", "*"]
    static let sentenceEnds: Set<Unicode.Scalar> = [".", "!", "?", "\u{061F}", "\u{06D4}", "\u{3002}", "\u{FF01}", "\u{FF1F}", ":", ";"]

    /// "# 8913", "1.234", "(12)", "12 Kommentare" without other words, "1.2K views".
    static func isCounter(first: Unicode.Scalar?, words: Int, letters: Int, digits: Int) -> Bool {
        guard digits > 0 else { return false }
        if letters == 0 { return words <= 2 }
        // A number with one or two short words: "1.2K views", "341 مشاهدة", "12 Kommentare".
        return words <= 3 && letters <= 14 && digits >= 1 && first.map { WordForms.digitValue($0) != nil || $0 == "#" || $0 == "(" } == true
    }

    /// "Vesti.az", "www.example.com", "Almaghribtoday.net"
    static func isDomain(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.contains(0x20), let dot = bytes.lastIndex(of: 0x2E) else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        let tld = bytes[bytes.index(after: dot)...]
        let name = bytes[..<dot]
        return (2...6).contains(tld.count) && tld.allSatisfy(isLetter) && name.count >= 2
            && name.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }
    }

    /// A line that is a date (or a date and a time), with at most a weekday, a place or "Uhr"
    /// beside it: "30 октября 2024", "Mittwoch, 30. Oktober 2024, 14:25 Uhr", "الأربعاء 30 أكتوبر 2024".
    static func isDateline(_ scalars: [Unicode.Scalar], dates: [FoundDate]) -> Bool {
        guard let date = dates.first else { return false }
        // Words of two letters or more beside the date ("h" in 14h25 and "à" do not count).
        var otherWords = 0
        var letters = 0
        var index = 0
        while index <= scalars.count {
            if index == date.span.start {
                index = date.span.end
                if letters >= 2 { otherWords += 1 }
                letters = 0
                continue
            }
            if index < scalars.count, ScalarTable.shared.isLetter(scalars[index]) {
                letters += 1
            } else {
                if letters >= 2 { otherWords += 1 }
                letters = 0
            }
            index += 1
        }
        return otherWords <= 3 && scalars.count <= 80
    }

    /// "# 14:25", "14:25", "14:25 Uhr": a time alone on its line.
    static func timeOnly(_ scalars: [Unicode.Scalar]) -> String? {
        var index = 0
        while index < scalars.count, ScalarTable.isSpace(scalars[index].value) || scalars[index] == "#" || scalars[index] == "|" { index += 1 }
        guard let (hour, minute) = TickerLine.parseTime(scalars, &index) else { return nil }
        while index < scalars.count, ScalarTable.isSpace(scalars[index].value) { index += 1 }
        guard index == scalars.count else { return nil }
        return TickerLine.format(hour: hour, minute: minute)
    }

    /// Whether the first letter is a lower-case one: a hard-wrapped paragraph's next line.
    var startsInLowerCase: Bool {
        text.unicodeScalars.first { ScalarTable.shared.isLetter($0) }?.properties.isLowercase ?? false
    }

    /// A line that could be a title: a few words to a long headline, not a sentence of running text.
    var isTitleShaped: Bool {
        words >= 2 && words <= 30 && length <= 300 && letters >= 6 && !truncated && !(endsSentence && text.last == ".")
    }

    /// A line of running text: the anchor where the body begins.
    var isParagraph: Bool {
        (endsSentence && words >= 8) || words >= 30
    }

    /// "Rabat - Morocco Today", "Berlin (dpa)": a place and a source on a line of their own.
    var isPlaceAndSource: Bool {
        guard words <= 6, !endsSentence else { return false }
        return text.contains(" - ") || text.contains(" – ") || text.contains(" — ") || (text.contains("(") && text.hasSuffix(")"))
    }

    /// "Von Anna Schmidt", "By Jane Doe", "Par ...", "Por ...", "От ...", "מאת ...", "بقلم ..."
    var isByline: Bool {
        guard words <= 6, let folded else { return false }
        return Self.bylineStarts.contains { folded.hasPrefix($0) }
    }

    static let bylineStarts = [
        "von ", "by ", "par ", "por ", "di ", "door ", "av ", "af ", "oleh ", "yazan:", "от ", "автор:", "автор ", "מאת ", "بقلم ", "كتب ",
    ].map { WordForms.lookupForm($0) }
}
