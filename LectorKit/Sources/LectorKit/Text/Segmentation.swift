/// Words and sentences for all scripts, in scalar spans (UAX #29 behaviour for words, with
/// fixes for numbers, abbreviations and Hebrew geresh and gershayim inside words).
public enum Segmentation {
    /// Spans of words: letters and digits with the marks that follow them.
    public static func words(in text: String) -> [Span] {
        var spans: [Span] = []
        scanWords(Array(text.unicodeScalars)) { spans.append($0) }
        return spans
    }

    public static func wordCount(in text: String) -> Int {
        var count = 0
        scanWords(Array(text.unicodeScalars)) { _ in count += 1 }
        return count
    }

    /// Words and sentences counted from one copy of the scalars.
    public static func counts(in text: String) -> (words: Int, sentences: Int) {
        let scalars = Array(text.unicodeScalars)
        var words = 0
        scanWords(scalars) { _ in words += 1 }
        return (words, sentences(in: scalars).count)
    }

    enum WordClass { case letter, digit, ideograph, mark, other }

    /// The word class of a scalar: letters and marks as `ScalarTable` classifies them.
    static func classify(_ scalar: Unicode.Scalar) -> WordClass {
        let value = scalar.value
        if value < 0x80 {
            if (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A { return .letter }
            if value >= 0x30 && value <= 0x39 { return .digit }
            return .other
        }
        // Han, kana, and other scripts without spaces: each ideograph is a word, as in UAX #29.
        if (0x3400...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value) || (0x20000...0x3134F).contains(value) {
            return .ideograph
        }
        let kind = ScalarTable.shared.classify(value)
        if kind >= ScalarTable.neutralLetter { return .letter }
        if kind == ScalarTable.mark { return .mark }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return .digit
        default: return value == 0x200C || value == 0x200D ? .mark : .other
        }
    }

    /// Characters that join two word characters into one word: apostrophes, Hebrew geresh and
    /// gershayim (מנכ"ל), and '.'/',' between digits (3.200, 1,5) or between letters (z.B).
    static func joins(_ scalar: Unicode.Scalar, previous: WordClass, next: WordClass, previousScalar: Unicode.Scalar, nextScalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "'", "\u{2019}", "\u{05F3}", "\u{05F4}":
            return previous == .letter && next == .letter
        case "\"":
            return previous == .letter && next == .letter && previousScalar.isHebrew && nextScalar.isHebrew
        case ".":
            return (previous == .digit && next == .digit) || (previous == .letter && next == .letter)
        case ",", "\u{066B}", "\u{066C}":
            return previous == .digit && next == .digit
        default:
            return false
        }
    }

    static func scanWords(_ scalars: [Unicode.Scalar], _ found: (Span) -> Void) {
        var index = 0
        let count = scalars.count
        while index < count {
            let kind = classify(scalars[index])
            if kind == .ideograph {
                var end = index + 1
                while end < count, classify(scalars[end]) == .mark { end += 1 }
                found(Span(start: index, end: end))
                index = end
                continue
            }
            guard kind == .letter || kind == .digit else { index += 1; continue }
            let start = index
            var last = kind
            index += 1
            while index < count {
                let current = classify(scalars[index])
                switch current {
                case .letter, .digit:
                    last = current
                    index += 1
                    continue
                case .mark:
                    index += 1
                    continue
                case .other where index + 1 < count:
                    let next = classify(scalars[index + 1])
                    if joins(scalars[index], previous: last, next: next, previousScalar: scalars[index - 1], nextScalar: scalars[index + 1]) {
                        index += 1
                        continue
                    }
                default:
                    break
                }
                break
            }
            found(Span(start: start, end: index))
        }
    }

    /// Spans of sentences. A line break always ends a sentence (news pastes put headlines and
    /// list items on lines of their own); so do . ! ? … ؟ ۔ 。 when a new sentence follows,
    /// unless the word before the period is an abbreviation, an initial or a day number.
    public static func sentences(in text: String) -> [Span] {
        sentences(in: Array(text.unicodeScalars))
    }

    /// Spans of sentences in text already split into scalars.
    public static func sentences(in scalars: [Unicode.Scalar]) -> [Span] {
        var spans: [Span] = []
        var start = 0
        var index = 0
        func close(_ end: Int) {
            var s = start
            var e = end
            while s < e, isSpace(scalars[s]) { s += 1 }
            while e > s, isSpace(scalars[e - 1]) { e -= 1 }
            if s < e, scalars[s..<e].contains(where: { let c = classify($0); return c == .letter || c == .digit || c == .ideograph }) {
                spans.append(Span(start: s, end: e))
            }
            start = end
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\u{2029}" {
                close(index)
                index += 1
                start = index
                continue
            }
            if isTerminator(scalar) {
                var end = index + 1
                while end < scalars.count, isTerminator(scalars[end]) || isClosing(scalars[end]) { end += 1 }
                let fullWidth = scalar == "。" || scalar == "！" || scalar == "？"
                let followedBySpace = end == scalars.count || isSpace(scalars[end])
                if (fullWidth || followedBySpace) && !(scalar == "." && isAbbreviation(scalars, periodAt: index, nextFrom: end)) {
                    close(end)
                }
                index = end
                continue
            }
            index += 1
        }
        close(scalars.count)
        return spans
    }

    public static func sentenceCount(in text: String) -> Int { sentences(in: text).count }

    /// Unicode white space: a bidi or zero-width mark is not a space here, so that sentences are
    /// cut where they always were (`ScalarTable.isSpace` with `invisibles: false`).
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { ScalarTable.isSpace(scalar.value, invisibles: false) }

    static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", "!", "?", "\u{2026}", "\u{061F}", "\u{06D4}", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{0964}", "\u{0965}", "\u{1362}":
            return true
        default:
            return false
        }
    }

    static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", ")", "]", "»", "\u{201C}", "\u{201D}", "\u{2019}", "\u{201A}", "\u{201E}", "\u{05F4}": return true
        default: return false
        }
    }

    /// Abbreviations that do not end a sentence, lowercased, without the final period.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "jr", "sr", "no", "vol", "fig", "approx", "inc", "ltd", "co",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "z.b", "u.a", "bzw", "ca", "nr", "hr", "fr", "str", "vgl", "usw", "d.h", "s", "dt",
        "mme", "mlle", "av", "sr", "sra", "núm", "pág", "т.е", "т.к", "г", "гг", "ул", "им", "тыс", "млн", "млрд", "руб", "см", "стр",
    ]

    static func isAbbreviation(_ scalars: [Unicode.Scalar], periodAt period: Int, nextFrom next: Int) -> Bool {
        var wordStart = period
        while wordStart > 0, !isSpace(scalars[wordStart - 1]), scalars[wordStart - 1] != "(" { wordStart -= 1 }
        guard wordStart < period else { return false }
        let word = String(String.UnicodeScalarView(scalars[wordStart..<period])).lowercased()
        if abbreviations.contains(word) { return true }
        // A single letter: an initial, as in "J. Smith".
        if word.unicodeScalars.count == 1, classify(word.unicodeScalars.first!) == .letter { return true }
        // A day or ordinal number before a word: "30. Oktober".
        if word.unicodeScalars.count <= 2, word.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            var n = next
            while n < scalars.count, scalars[n] == " " { n += 1 }
            if n < scalars.count, classify(scalars[n]) == .letter { return true }
        }
        // The next sentence starts with a lowercase letter: the period was not an ending.
        var n = next
        while n < scalars.count, isSpace(scalars[n]), scalars[n] != "\n" { n += 1 }
        if n < scalars.count, scalars[n].properties.isLowercase { return true }
        return false
    }
}

extension Unicode.Scalar {
    var isHebrew: Bool { (0x05D0...0x05EA).contains(value) || (0xFB1D...0xFB4F).contains(value) }
}
