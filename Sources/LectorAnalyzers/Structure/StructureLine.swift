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
    /// Ends with a full stop (. 。 । ۔ ։): a sentence, not a prompt or a counter.
    var endsWithFullStop = false
    /// Ends with … or ... : a cut-off link text.
    var truncated = false
    var hasBreadcrumb = false
    /// A hash of the line's text, to find repeated lines (short lines only).
    var key: UInt64?
    var cue: Cue?
    /// A read-more or related header: the page's tail of link lists may start here (a line that
    /// links one article, "Читайте також: ...", is boilerplate but does not start it).
    var startsTail = false
    var isCounter = false
    /// A word or two and a count in brackets, in any script and digits: "نظرات (۰)",
    /// "Коментарі (9)", "Comments [12]". Boilerplate outside the body's run of paragraphs.
    var isBracketCounter = false
    /// "Von Anna Schmidt", "Автор: ...", "김민수 기자": a byline cue and a name.
    var isByline = false
    var isDomain = false
    var isShareButtons = false
    var dates: [FoundDate] = []
    var isDateline = false
    var isTimeOnly = false
    var time: String?

    static let shortLineWords = 30

    init(_ line: TextLines.Line, of lines: TextLines, cues: CueLexicon, isTickerItem: Bool = false) {
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
        var runLetters = 0
        var numbers = 0, inNumber = false, dots = 0
        // A breadcrumb's separator has spaces on both sides ("Home › World"); « or ‹ in the line
        // make » and › quotation marks, in either direction (« ... », » ... «).
        var previousValue: UInt32 = 0x20, separatorAfterSpace = false, spacedSeparator = false, quotes = false
        let table = ScalarTable.shared
        let lettersPerWord = Self.lettersPerWord
        var index = lower
        while index < upper {
            let value = UTF8Text.decode(bytes, &index)
            length += 1
            let kind = table.classify(value)
            var isDigit = false
            if kind >= ScalarTable.neutralLetter {
                letters += 1
                if !inWord {
                    words += 1
                    runLetters = 0
                } else if lettersPerWord[Int(kind)] != 0 {
                    // Chinese, Japanese and Thai put no space between words: a word every few letters.
                    runLetters += 1
                    if runLetters % Int(lettersPerWord[Int(kind)]) == 0 { words += 1 }
                }
                inWord = true
            } else if Self.isDigit(value) {
                isDigit = true
                digits += 1
                if !inNumber { numbers += 1 }
                if !inWord { words += 1 }
                inWord = true
            } else if value == 0xBB || value == 0x203A || value == 0x3E {  // » › >
                separatorAfterSpace = ScalarTable.isSpace(previousValue)
                inWord = false
            } else if !(value == 0x27 || value == 0x2D || value == 0x2019 || value == 0x2E || value == 0x22 || kind == ScalarTable.mark) {
                inWord = false
            }
            // A number goes on over the separators inside it (1.234, 1,5, ١٬٢٣٤); a section
            // number (1.1.2) counts as more than one.
            if inNumber && value == 0x2E {
                dots += 1
                if dots == 2 { numbers += 1 }
            } else if !inNumber {
                dots = 0
            }
            inNumber = isDigit || (inNumber && (value == 0x2E || value == 0x2C || value == 0x66B || value == 0x66C))
            if separatorAfterSpace && previousValue != value {
                spacedSeparator = spacedSeparator || ScalarTable.isSpace(value)
                separatorAfterSpace = false
            }
            quotes = quotes || value == 0xAB || value == 0x2039
            previousValue = value
        }
        hasBreadcrumb = spacedSeparator && !quotes && words <= 15
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
            endsWithFullStop = endsSentence && (final == 0x2E || final == 0x3002 || final == 0x0964 || final == 0x06D4 || final == 0xFF61 || final == 0x0589)
        }
        guard words <= Self.shortLineWords, !isTickerItem else { return }

        // Short lines: counters, domains, dates, cues, repeats.
        let content = UTF8Text.Scalars(bytes, lower..<upper)
        key = (lower..<upper).reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64(bytes[$1])) &* 0x100_0000_01B3 }
        let lineWords = words <= 12 ? Cue.words(of: content) : Array(Cue.words(of: content.prefix(24)).prefix(1))
        var firstScalar = content
        isCounter = !endsWithFullStop && Self.isCounter(first: firstScalar.next(), words: words, letters: letters, digits: digits, numbers: numbers)
        isBracketCounter = digits > 0 && words <= 4 && Self.isBracketCounter(text)
        isDomain = words <= 3 && Self.isDomain(text)
        isShareButtons = !lineWords.isEmpty && words <= 8 && lineWords.allSatisfy { cues.shareWords.contains($0) }
        let matches = cues.matches(in: lineWords)
        // Platforms' names, with a case ending perhaps ("Telegram-da"), do not count against a prompt.
        let platforms = matches.isEmpty || words > 12 ? 0 : Cue.words(of: content, stems: true).count { cues.shareWords.contains($0) }
        for match in matches {
            let phrase = match.phrase
            switch phrase.cue {
            case .byline, .bylineAfter:
                if !isByline && words <= 6 && !endsSentence { isByline = bylineMatches(match, lineWords: lineWords.count) }
            default:
                // A line of more than twelve words has only its first word read (for captions).
                guard cue == nil, phrase.cue == .caption || !endsWithFullStop, phrase.cue.marksBoilerplate(
                    words: words > 12 ? words : lineWords.count, phraseWords: phrase.words.count, position: match.position,
                    platforms: platforms - phrase.words.count { cues.shareWords.contains($0) }, counted: numbers == 1,
                    hasBreadcrumb: hasBreadcrumb, separated: { self.separator(after: phrase, in: "\u{3A}\u{FF1A}|-\u{2013}\u{2014}\u{BB}>") })
                else { continue }
                cue = phrase.cue
                startsTail = phrase.cue.startsTail && lineWords.count <= phrase.words.count + 2
            }
        }
        if cue == nil, text.unicodeScalars.first == "©" || (words <= 12 && text.unicodeScalars.contains("©")) {
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

    /// A decimal digit of any script.
    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool {
        value < 0x80 ? (value >= 0x30 && value <= 0x39) : (value >= 0x660 && WordForms.digitValue(Unicode.Scalar(value)!) != nil)
    }

    static let closers: Set<Unicode.Scalar> = ["\"", "'", "»", "”", "’", ")", "]", "»", "\u{201C}", " ", "*", "）", "」", "』"]
    /// . ! ? and the Arabic ؟, Urdu ۔, Chinese and Japanese 。！？｡, Devanagari । ॥ and Armenian ։.
    static let sentenceEnds: Set<Unicode.Scalar> = [
        ".", "!", "?", "\u{061F}", "\u{06D4}", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF61}", "\u{0964}", "\u{0965}", "\u{0589}", ":", ";",
    ]

    /// Letters a word has in scripts written without spaces between words (Chinese and Japanese
    /// words are about two characters long, Thai, Lao, Khmer and Burmese ones about three), by
    /// `ScalarTable` class; 0 for scripts whose words spaces part.
    static let lettersPerWord: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (script, letters) in [("Hani", 2), ("Hira", 2), ("Kana", 2), ("Thai", 3), ("Laoo", 3), ("Khmr", 3), ("Mymr", 3)] {
            if let kind = ScalarTable.shared.scriptClass(of: script) { table[Int(kind)] = UInt8(letters) }
        }
        return table
    }()

    /// Whether one of `marks` follows the phrase that begins the line, before any other word:
    /// "Baca juga: ...", "Читайте також — ...", "Autor: ...".
    func separator(after phrase: CueLexicon.Phrase, in marks: String) -> Bool {
        var seen = 0
        for scalar in text.unicodeScalars.prefix(phrase.length + 4) {
            seen += 1
            if seen > phrase.length && ScalarTable.shared.isLetter(scalar) { return false }
            if marks.unicodeScalars.contains(scalar) { return true }
        }
        return false
    }

    /// A byline: the byline cue begins the line and a name follows it, with a capital where its
    /// script has them ("Von Anna Schmidt", not "Von der Leyen besucht Kiew"), or the name comes
    /// first and the cue ends the line ("김민수 기자").
    func bylineMatches(_ match: CueLexicon.Match, lineWords: Int) -> Bool {
        let phrase = match.phrase
        let nameWords = lineWords - phrase.words.count
        // "Staff reporter" alone is a byline too.
        guard (1...4).contains(nameWords) || (nameWords == 0 && phrase.words.count >= 2) else { return false }
        if phrase.cue == .bylineAfter { return match.position == nameWords }
        guard match.position == 0, !phrase.needsColon || separator(after: phrase, in: ":\u{FF1A}") else { return false }
        guard nameWords > 0 else { return true }
        // The first letter of the word after the phrase.
        var wordsSeen = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isLetter = ScalarTable.shared.isLetterOrMark(scalar) || (inWord && (scalar == "'" || scalar == "-"))
            if isLetter && !inWord {
                if wordsSeen == phrase.words.count { return !Self.isCasedLowercase(scalar) }
                wordsSeen += 1
            }
            inWord = isLetter
        }
        return false
    }

    static let bracketPairs: [Unicode.Scalar: Unicode.Scalar] = ["(": ")", "[": "]", "\u{FF08}": "\u{FF09}", "\u{FF3B}": "\u{FF3D}", "\u{3010}": "\u{3011}", "\u{3014}": "\u{3015}"]

    /// "Comments (12)", "نظرات (۰)", "評論（3）", "Views [1.2K]": one to three words (after an
    /// icon, perhaps), then a count in brackets, in any digits, and nothing after it.
    static func isBracketCounter(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last, bracketPairs.values.contains(last) else { return false }
        let scalars = Array(text.unicodeScalars)
        guard let close = scalars.last, let open = scalars.lastIndex(where: { bracketPairs[$0] != nil }), bracketPairs[scalars[open]] == close
        else { return false }
        var count = 0
        for (offset, scalar) in scalars[(open + 1)..<(scalars.count - 1)].enumerated() {
            if WordForms.digitValue(scalar) != nil {
                count += 1
            } else if count == 0 || !(",.' \u{202F}\u{066B}\u{066C}".unicodeScalars.contains(scalar)
                || (offset == scalars.count - open - 3 && "KkMm+".unicodeScalars.contains(scalar))) {
                return false
            }
        }
        guard (1...7).contains(count) else { return false }
        let table = ScalarTable.shared
        var words = 0, letters = 0, inWord = false
        for scalar in scalars[..<open] {
            if table.isLetterOrMark(scalar) || (inWord && (scalar == "'" || scalar == "-" || scalar == "\u{2019}")) {
                if !inWord { words += 1 }
                inWord = true
                letters += 1
            } else if WordForms.digitValue(scalar) != nil || (words > 0 && !ScalarTable.isSpace(scalar.value) && scalar != ":") {
                return false  // a number before the count, or punctuation between the words
            } else {
                inWord = false
            }
        }
        return (1...3).contains(words) && letters <= 30
    }

    /// "# 8913", "1.234", "(12)", "12 Kommentare" without other words, "1.2K views".
    static func isCounter(first: Unicode.Scalar?, words: Int, letters: Int, digits: Int, numbers: Int) -> Bool {
        guard digits > 0 else { return false }
        if letters == 0 { return words <= 2 }
        // One number with one or two short words: "1.2K views", "341 مشاهدة", "12 Kommentare"
        // (not a date: "8 آبان 1403").
        return words <= 3 && letters <= 14 && numbers == 1 && first.map { WordForms.digitValue($0) != nil || $0 == "#" || $0 == "(" } == true
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
        text.unicodeScalars.first { ScalarTable.shared.isLetter($0) }.map(Self.isCasedLowercase) ?? false
    }

    /// A lower-case letter of a script that writes capitals at the start of sentences and names
    /// (Latin, Greek, Cyrillic, Armenian): Georgian's letters are lower case to Unicode, but
    /// its texts have no capitals.
    static func isCasedLowercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return scalar.properties.isLowercase && (value < 0x0590 || (0x1D00...0x1FFF).contains(value) || (0x2C60...0x2C7F).contains(value) || (0xA640...0xA7FF).contains(value))
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

}
