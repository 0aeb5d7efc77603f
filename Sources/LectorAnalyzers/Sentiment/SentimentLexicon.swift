import Foundation
import LectorKit

/// The sentiment word lists (`Scripts/sentiment/build_lexicon.py` writes them): per language,
/// words and stems with a valence from -4 to 4, negators, intensifiers and contrast words; and
/// emoji and emoticons that hold in every language.
///
/// Layout: "LECTSLEX", UInt32 version 1, then UTF-8 lines `LANG<TAB>KIND<TAB>TERM<TAB>VALUE`,
/// terms in lookup form (`WordForms.lookupForm`); LANG `*` for every language.
final class SentimentLexicon: LoadableModel, Sendable {
    static let format = ModelFormat(
        magic: "LECTSLEX", version: 1, name: "sentiment lexicon", rebuild: "python3 Scripts/sentiment/build_lexicon.py")

    /// What a term is in one language. Terms are keyed by the hash of their lookup form's
    /// scalars (`key(_:)`), so that a text is scored without making a string per word.
    struct Entry: Sendable {
        var valence: Float?
        var negator = false
        var intensifier: Float?
        var contrast = false
    }

    struct Language: Sendable {
        var entries = KeyTable<Entry>()
        var stems = KeyTable<Float>()
        /// Bit n set: some stem has n scalars.
        var stemLengths: UInt64 = 0
    }

    /// A language's lists as the file is read.
    struct LanguageBuilder {
        var entries: [UInt64: Entry] = [:]
        var stems: [UInt64: Float] = [:]
        var stemLengths: UInt64 = 0
        var language: Language { Language(entries: KeyTable(entries), stems: KeyTable(stems), stemLengths: stemLengths) }
    }

    let languages: [String: Language]
    let shared: Language

    static func shipped() throws(ModelError) -> SentimentLexicon {
        try ModelLoader.load(SentimentLexicon.self, resource: "Models/sentiment-lexicon.bin", in: Bundle.module)
    }

    init(file: ModelFile) throws(ModelError) {
        var languages: [String: LanguageBuilder] = [:]
        var scalars: [UInt32] = []
        try WordKeys.forEachLine(of: file) { (lineNumber, fields, bytes) throws(ModelError) in
            func text(_ range: Range<Int>) -> String { WordKeys.text(bytes, range) }
            guard fields.count == 4, let value = Float(text(fields[3])) else { throw file.damaged("line \(lineNumber) is not LANG, KIND, TERM, VALUE") }
            scalars.removeAll(keepingCapacity: true)
            var index = fields[2].lowerBound
            let term = UnsafeBufferPointer(rebasing: bytes[..<fields[2].upperBound])
            while index < fields[2].upperBound {
                WordForms.fold(Unicode.Scalar(UTF8Text.decode(term, &index)) ?? " ") { scalars.append($0.value) }
            }
            let key = WordKeys.key(scalars)
            let code = text(fields[0])
            // Mutated in place: a copy of a language's tables per line would copy them whole.
            switch text(fields[1]) {
            case "word": languages[code, default: LanguageBuilder()].entries[key, default: Entry()].valence = value
            case "stem":
                guard scalars.count < 64 else { throw file.damaged("line \(lineNumber): a stem of \(scalars.count) letters") }
                languages[code, default: LanguageBuilder()].stems[key] = value
                languages[code, default: LanguageBuilder()].stemLengths |= 1 << UInt64(scalars.count)
            case "negator": languages[code, default: LanguageBuilder()].entries[key, default: Entry()].negator = true
            case "intensifier": languages[code, default: LanguageBuilder()].entries[key, default: Entry()].intensifier = value
            case "contrast": languages[code, default: LanguageBuilder()].entries[key, default: Entry()].contrast = true
            default: throw file.damaged("line \(lineNumber) has an unknown kind '\(text(fields[1]))'")
            }
        }
        shared = languages.removeValue(forKey: "*")?.language ?? Language()
        self.languages = languages.mapValues(\.language)
    }
}

/// A text's lexicon score, VADER's way: each word's valence, scaled by an intensifier before it,
/// flipped (and damped) by a negator within three words before it (or two after, in languages
/// that negate after the word: tr, fa, hi); words after a contrast word ("but", "aber", "но",
/// "لكن", "אבל") count 1.5 times and those before it half; "!" and capitals add emphasis.
struct LexiconScore: Sendable, Equatable {
    /// Sum of the positive and of the negative valences, after the rules.
    var positive: Float = 0
    var negative: Float = 0
    /// Words without a valence.
    var neutralWords = 0
    var compound: Float = 0
    /// With `drivers: true`: the words that carried a valence, with what they added.
    var drivers: [(word: String, valence: Float)] = []

    static func == (a: LexiconScore, b: LexiconScore) -> Bool {
        a.positive == b.positive && a.negative == b.negative && a.compound == b.compound && a.neutralWords == b.neutralWords
    }

    /// The dense features a classifier reads: compound, positive and negative shares, and the
    /// compound's positive and negative parts, doubled (so that L2 regularisation treats them
    /// as it does a text's normalised n-grams).
    var features: [Float] {
        let total = positive + abs(negative) + Float(neutralWords)
        let share: (Float) -> Float = { total > 0 ? $0 / total : 0 }
        return [compound, share(positive), share(abs(negative)), max(compound, 0), min(compound, 0)].map { $0 * 2 }
    }

    static let featureNames = ["compound", "positive", "negative", "compound+", "compound-"]
}

struct LexiconScorer: Sendable {
    let lexicon: SentimentLexicon
    let language: SentimentLexicon.Language
    let code: String
    /// Romanized Hindi mixes in English: its words are looked up in English too.
    let fallback: SentimentLexicon.Language?
    let negatesAfter: Bool
    /// Letters a word may begin with that are clitics to strip (Arabic, Persian, Hebrew), and
    /// whether the Arabic article ال may follow them.
    let clitics: [UInt32]
    let article: Bool

    /// The scorer of a language's lists; `*` gives the emoji and emoticons alone.
    init?(lexicon: SentimentLexicon, language code: String) {
        guard let language = code == "*" ? lexicon.shared : lexicon.languages[code] else { return nil }
        self.lexicon = lexicon
        self.language = language
        self.code = code
        fallback = code == "hi" ? lexicon.languages["en"] : nil
        negatesAfter = ["tr", "fa", "hi", "ja", "ko", "ur"].contains(code)
        switch code {
        case "ar": clitics = "وفبكل".unicodeScalars.map(\.value); article = true
        case "fa": clitics = "وب".unicodeScalars.map(\.value); article = false
        case "he": clitics = "והבלמשכ".unicodeScalars.map(\.value); article = false
        default: clitics = []; article = false
        }
    }

    struct Token {
        var entry: SentimentLexicon.Entry
        var exclamation = false
        var allCaps = false
        /// Where the word is in the text's scalars (for drivers).
        var range: Range<Int>
    }

    /// A word's entry (in lookup form, with its key): as listed; without clitics (Arabic و ف ب ك ل
    /// and ال, Hebrew ו ה ב ל מ ש כ); by its longest listed stem; in English for romanized Hindi.
    func entry(of word: ArraySlice<UInt32>, key: UInt64) -> SentimentLexicon.Entry? {
        if let entry = language.entries[key] { return entry }
        if let valence = WordKeys.longestStem(of: word, in: language.stems, lengths: language.stemLengths) {
            return SentimentLexicon.Entry(valence: valence)
        }
        if !clitics.isEmpty {
            /// The word after a prefix: as listed, else its longest listed stem.
            func unprefixed(_ start: Int) -> SentimentLexicon.Entry? {
                let candidate = word[start...]
                if let entry = language.entries[WordKeys.key(candidate)] { return entry }
                return WordKeys.longestStem(of: candidate, in: language.stems, lengths: language.stemLengths).map { SentimentLexicon.Entry(valence: $0) }
            }
            // Up to three clitics, then the Arabic article.
            var start = word.startIndex
            while start < word.endIndex - 2, start - word.startIndex < 3, clitics.contains(word[start]) {
                start += 1
                if let entry = unprefixed(start) { return entry }
            }
            if article, word.endIndex - start > 3, word[start] == 0x0627, word[start + 1] == 0x0644, let entry = unprefixed(start + 2) { return entry }
        }
        return fallback?.entries[key]
    }

    func entry(of word: ArraySlice<UInt32>) -> SentimentLexicon.Entry? { entry(of: word, key: WordKeys.key(word)) }

    /// Tokens: white-space chunks that are emoticons as a whole (":-)"), else their words, their
    /// emoji one by one, and "!".
    func tokens(_ scalars: some Collection<UInt32>) -> [Token] {
        var tokens: [Token] = []
        let table = ScalarTable.shared
        // The word being read: its folded scalars and their key, where it began, its letters and capitals.
        var word: [UInt32] = []
        var key = WordKeys.basis
        var wordStart = 0, letters = 0, uppers = 0
        var chunkStart = 0, chunkHasLetter = false
        var index = 0
        var iterator = scalars.makeIterator()
        while true {
            let next = iterator.next()
            let value = next ?? 0x20
            if next != nil, !ScalarTable.isSpace(value) {
                let kind = table.classify(value)
                if kind >= ScalarTable.neutralLetter || kind == ScalarTable.mark || (value >= 0x30 && value <= 0x39) || (kind == ScalarTable.joiner && !word.isEmpty) {
                    if word.isEmpty { wordStart = index }
                    if kind >= ScalarTable.neutralLetter {
                        chunkHasLetter = true
                        letters += 1
                        if table.lowercased(value) != value { uppers += 1 }
                    }
                    if let folded = WordForms.foldedValue(value) {
                        word.append(folded)
                        key = (key ^ UInt64(folded)) &* WordKeys.prime
                    }
                    index += 1
                    continue
                }
            }
            if !word.isEmpty {
                tokens.append(Token(entry: entry(of: word[...], key: key) ?? SentimentLexicon.Entry(), allCaps: letters > 1 && uppers == letters, range: wordStart..<index))
                word.removeAll(keepingCapacity: true)
                key = WordKeys.basis
                letters = 0
                uppers = 0
            }
            if next == nil || ScalarTable.isSpace(value) {
                // A chunk without letters may be an emoticon, which replaces what its characters made.
                if !chunkHasLetter, index - chunkStart >= 2, index - chunkStart <= 8 {
                    var folded: [UInt32] = []
                    for value in scalars.dropFirst(chunkStart).prefix(index - chunkStart) {
                        if let value = WordForms.foldedValue(value) { folded.append(value) }
                    }
                    if let valence = lexicon.shared.entries[WordKeys.key(folded)]?.valence {
                        while let last = tokens.last, last.range.lowerBound >= chunkStart { tokens.removeLast() }
                        tokens.append(Token(entry: SentimentLexicon.Entry(valence: valence), range: chunkStart..<index))
                    }
                }
                chunkStart = index + 1
                chunkHasLetter = false
                if next == nil { break }
            } else if value == 0x21 {
                tokens.append(Token(entry: SentimentLexicon.Entry(), exclamation: true, range: index..<(index + 1)))
            } else if value >= 0x2000, value != 0xFE0F, value != 0x200D, let valence = lexicon.shared.entries[WordKeys.key(CollectionOfOne(value))]?.valence {
                tokens.append(Token(entry: SentimentLexicon.Entry(valence: valence), range: index..<(index + 1)))
            }
            index += 1
        }
        return tokens
    }

    func score(_ text: some StringProtocol, drivers: Bool = false) -> LexiconScore {
        score(values: text.unicodeScalars.map(\.value), drivers: drivers)
    }

    /// Each token of a text with its valence after the rules (intensifier, negation, contrast,
    /// capitals); 0 for a word without one.
    func valences(_ tokens: [Token]) -> [Float] {
        var valences = [Float](repeating: 0, count: tokens.count)
        let contrastAt = tokens.lastIndex { $0.entry.contrast }
        let anyLower = tokens.contains { !$0.allCaps && !$0.exclamation }
        for (index, token) in tokens.enumerated() {
            guard !token.exclamation, var value = token.entry.valence else { continue }
            if token.allCaps && anyLower { value += value > 0 ? 0.733 : -0.733 }
            if index > 0, let factor = tokens[index - 1].entry.intensifier { value *= factor }
            let before = tokens[max(0, index - 3)..<index].contains { $0.entry.negator }
            let after = negatesAfter && tokens[(index + 1)..<min(tokens.count, index + 3)].contains { $0.entry.negator }
            if before || after { value *= -0.74 }
            if let contrastAt { value *= index > contrastAt ? 1.5 : index < contrastAt ? 0.5 : 1 }
            valences[index] = value
        }
        return valences
    }

    /// The score of a text given as scalar values (a caller that has them saves decoding it again).
    func score(values scalars: [UInt32], drivers: Bool = false) -> LexiconScore {
        let tokens = tokens(scalars)
        let valences = valences(tokens)
        var score = LexiconScore()
        var exclamations: Float = 0
        for (index, token) in tokens.enumerated() {
            if token.exclamation { exclamations += 1; continue }
            guard token.entry.valence != nil else {
                if !token.entry.negator, token.entry.intensifier == nil, !token.entry.contrast { score.neutralWords += 1 }
                continue
            }
            let value = valences[index]
            if drivers {
                let word = WordForms.lookupForm(UTF8Text.string(token.range.map { Unicode.Scalar(scalars[$0]) ?? " " }))
                score.drivers.append((word, value))
            }
        }
        var sum = valences.reduce(0, +)
        if sum != 0 { sum += (sum > 0 ? 1 : -1) * min(4, exclamations) * 0.292 }
        for value in valences {
            if value > 0 { score.positive += value + 1 } else if value < 0 { score.negative += value - 1 }
        }
        score.compound = sum / (sum * sum + 15).squareRoot()
        return score
    }
}
