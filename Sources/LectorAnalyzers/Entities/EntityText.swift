import Foundation
import LectorKit

/// A text split into words for name lookup: each word's key (its lookup form, hashed), where it
/// is, how it is cased, and what separates it from the word before. Apostrophes and hyphens
/// split words (Türkiye'nin, l'Italie, UN-Weltrangliste), and names of several words match
/// across them; in scripts written without spaces (Chinese, Japanese, Thai) every letter is a
/// word, so that a name is found inside a run of text.
struct EntityText {
    struct Word {
        /// Scalar offsets in the document text.
        var start: Int
        var end: Int
        /// The word's folded scalars in `folded`.
        var foldedStart: Int
        var foldedEnd: Int
        var key: UInt64
        var flags: Flags
    }

    struct Flags: OptionSet {
        let rawValue: UInt16
        /// The first letter is upper case.
        static let capitalised = Flags(rawValue: 1)
        /// Letters with case, all of them upper case.
        static let capitals = Flags(rawValue: 2)
        /// Written in a script with case (Latin, Cyrillic, Greek...).
        static let cased = Flags(rawValue: 4)
        /// First in its sentence (first in the text, after a line break or . ! ? …).
        static let sentenceStart = Flags(rawValue: 8)
        /// Follows the word before with no more than a space, hyphen, apostrophe, quote or
        /// period between them (one word of a name may follow another).
        static let joined = Flags(rawValue: 16)
        /// A comma stands between it and the word before.
        static let commaBefore = Flags(rawValue: 32)
        /// Arabic-script or Hebrew letters.
        static let arabic = Flags(rawValue: 64)
        static let hebrew = Flags(rawValue: 128)
        /// Only a space (or hyphen) between it and the word before.
        static let spaced = Flags(rawValue: 256)
    }

    var words: [Word] = []
    /// Whether a capitalised word in s may be a genitive of a name (Frankreichs, Marokkos): in
    /// the languages that write it so, not in English (Frances, the Americas).
    var genitiveS = false
    /// The folded scalars of every word, one after another, and the document offset of each.
    var folded: [UInt32] = []
    var origins: [Int32] = []

    @inline(__always)
    static func isWordScalar(_ value: UInt32, _ table: ScalarTable = .shared) -> Bool {
        if value < 0x80 { return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39) }
        let kind = table.classify(value)
        return kind >= ScalarTable.neutralLetter || kind == ScalarTable.mark
    }

    /// A letter of a script written without spaces between words: a word of its own.
    @inline(__always)
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:
            return true
        default:
            return false
        }
    }

    init(_ scalars: [Unicode.Scalar]) {
        // Written through buffers of the greatest size they can need (a folded scalar for each
        // scalar), then cut to what was written: no append checks in the loop.
        var words: [Word] = []
        words.reserveCapacity(scalars.count / 5)
        var folded = [UInt32](repeating: 0, count: scalars.count)
        var origins = [Int32](repeating: 0, count: scalars.count)
        var written = 0
        folded.withUnsafeMutableBufferPointer { folded in
        origins.withUnsafeMutableBufferPointer { origins in
        let table = ScalarTable.shared
        var index = 0
        var gapStart = 0
        var previousStart = 0
        var previousEnd = -1
        let count = scalars.count
        while index < count {
            let value = scalars[index].value
            guard Self.isWordScalar(value, table) else { index += 1; continue }
            // A word: its scalars up to the next one that is not of a word.
            let start = index
            let foldedStart = written
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            var flags: Flags = []
            var sawLetter = false
            var allUpper = true
            var anyCased = false
            var previousWasDigit = false
            repeat {
                let raw = scalars[index].value
                let kind = raw < 0x80 ? 0 : table.classify(raw)
                let isLetter = raw < 0x80 ? (raw | 0x20) >= 0x61 && (raw | 0x20) <= 0x7A : kind >= ScalarTable.neutralLetter
                if !isLetter, !(raw >= 0x30 && raw <= 0x39), kind != ScalarTable.mark, !Self.isDropped(raw) { break }
                if Self.standsAlone(raw) && index > start { break }
                // Digits and letters are words of their own ("14:00Marokko" in a ticker).
                let isDigit = raw >= 0x30 && raw <= 0x39
                if index > start, isDigit != previousWasDigit { break }
                previousWasDigit = isDigit
                // Decomposed text (e + ◌́) is read as composed, as the names were listed (NFC).
                var current = raw, extra = 0
                if raw >= 0x41, raw < 0x530, index + 1 < count, (0x0300...0x036F).contains(scalars[index + 1].value),
                   let composed = Self.composed(current, scalars[index + 1].value) {
                    current = composed
                    extra = 1
                }
                let lower = current < 0x80
                    ? (current >= 0x41 && current <= 0x5A ? current | 0x20 : current)
                    : table.lowercased(current)
                if lower != current || current == 0x130 {  // Turkish İ keeps its case in the table
                    anyCased = true
                    if !sawLetter { flags.insert(.capitalised) }
                } else if Self.hasCase(current) {
                    anyCased = true
                    allUpper = false
                }
                if current >= 0x0600 && current <= 0x06FF { flags.insert(.arabic) } else if current >= 0x05D0 && current <= 0x05EA { flags.insert(.hebrew) }
                if isLetter { sawLetter = true }
                if var value = current < 0x80 ? lower : WordForms.foldedValue(current) {
                    if value == 0x03C2 { value = 0x03C3 }  // Greek final sigma, as ΚΥΠΡΟΣ lower-cases
                    folded[written] = value
                    origins[written] = Int32(index)
                    written += 1
                    hash = (hash ^ UInt64(value)) &* 0x100_0000_01B3
                }
                index += 1 + extra
                if Self.standsAlone(current) { break }
            } while index < count
            // Marks or tatweel alone fold to nothing: no word.
            if written == foldedStart { continue }
            if anyCased { flags.insert(.cased); if allUpper { flags.insert(.capitals) } }
            // What lies between this word and the one before.
            if previousEnd < 0 {
                flags.insert(.sentenceStart)
            } else {
                var clean = start - gapStart <= 3, spaced = clean
                for position in gapStart..<start {
                    switch scalars[position].value {
                    case 0x0A, 0x0D, 0x2029:
                        flags.insert(.sentenceStart); clean = false; spaced = false
                    case 0x2E:
                        // A period ends a sentence unless it ends an initial or an abbreviation
                        // written without a space after it (U.S.).
                        spaced = false
                        if position + 1 < start, !Self.isInitial(scalars, previousEnd) {
                            flags.insert(.sentenceStart)
                            // A name goes on across the period of an abbreviation (EE. UU.), not
                            // across a sentence's end (South. Africa).
                            if !Self.isAbbreviation(scalars, previousStart, previousEnd) { clean = false }
                        }
                    case 0x21, 0x3F, 0x2026, 0x061F, 0x3002, 0x06D4:
                        flags.insert(.sentenceStart); clean = false; spaced = false
                    case 0x20, 0xA0, 0x202F, 0x2D, 0x2010, 0x2011, 0x200B...0x200F: break
                    case 0x27, 0x2019, 0x05F3, 0x02BC, 0x22, 0x05F4, 0xB7, 0x30FB, 0x26: spaced = false  // also &: Trinidad & Tobago
                    case 0x2C, 0x060C, 0x3001: flags.insert(.commaBefore); clean = false; spaced = false
                    default: clean = false; spaced = false
                    }
                }
                if start == gapStart { clean = true; spaced = true }
                if clean { flags.insert(.joined) }
                if spaced && clean { flags.insert(.spaced) }
            }
            words.append(Word(start: start, end: index, foldedStart: foldedStart, foldedEnd: written, key: hash, flags: flags))
            previousStart = start
            previousEnd = index
            gapStart = index
        }
        }
        }
        folded.removeSubrange(written...)
        origins.removeSubrange(written...)
        self.words = words
        self.folded = folded
        self.origins = origins
    }

    /// Dropped by the lookup form inside a word: Arabic harakat and tatweel, Hebrew points,
    /// zero-width joiners (the Persian ZWNJ of روسیه‌ی).
    @inline(__always)
    static func isDropped(_ value: UInt32) -> Bool {
        switch value {
        case 0x0640, 0x064B...0x065F, 0x0670, 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// A lower-case letter of a script with case (Latin, Greek, Cyrillic, Armenian).
    @inline(__always)
    static func hasCase(_ value: UInt32) -> Bool {
        switch value {
        case 0x61...0x7A, 0xDF...0x24F, 0x1E00...0x1EFF, 0x370...0x52F, 0x561...0x587: true
        default: false
        }
    }

    /// A capitalised word of up to three letters before a period: an abbreviation (EE. UU.,
    /// St. Lucia), not the end of a sentence.
    static func isAbbreviation(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        end - start >= 1 && end - start <= 3 && ScalarTable.shared.lowercased(scalars[start].value) != scalars[start].value
    }

    /// A base letter and a combining mark as one scalar, when Unicode composes them.
    static func composed(_ base: UInt32, _ mark: UInt32) -> UInt32? {
        guard let first = Unicode.Scalar(base), let second = Unicode.Scalar(mark) else { return nil }
        let text = String(String.UnicodeScalarView([first, second])).precomposedStringWithCanonicalMapping
        return text.unicodeScalars.count == 1 ? text.unicodeScalars.first!.value : nil
    }

    /// The word ending at `end` is one capital letter (an initial: "J. Smith", "U.S.").
    static func isInitial(_ scalars: [Unicode.Scalar], _ end: Int) -> Bool {
        end >= 1 && (end == 1 || !isWordScalar(scalars[end - 2].value)) && ScalarTable.shared.lowercased(scalars[end - 1].value) != scalars[end - 1].value
    }

    /// The key of a word's folded scalars from `from` to `to` (offsets within the word), with
    /// `prefix` before them.
    func key(_ word: Word, from: Int, to: Int? = nil, prefix: [UInt32] = []) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in prefix { hash = (hash ^ UInt64(value)) &* 0x100_0000_01B3 }
        for index in (word.foldedStart + from)..<(to.map { word.foldedStart + $0 } ?? word.foldedEnd) {
            hash = (hash ^ UInt64(folded[index])) &* 0x100_0000_01B3
        }
        return hash
    }

    func length(_ word: Word) -> Int { word.foldedEnd - word.foldedStart }

    func foldedValue(_ word: Word, _ offset: Int) -> UInt32 { folded[word.foldedStart + offset] }

    /// The document offset where a word's folded scalar `offset` came from.
    func origin(_ word: Word, _ offset: Int) -> Int { Int(origins[word.foldedStart + offset]) }
}

// MARK: - The ways a word may be written

extension EntityText {
    /// Proclitics an Arabic-script word may carry before a name, longest first: the
    /// conjunctions و ف, the prepositions ب ك ل, and the article ال (لل is ل with ال).
    static let arabicPrefixes: [[UInt32]] = ["وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ك", "ل"]
        .map { $0.unicodeScalars.map(\.value) }
    static let article: [UInt32] = "ال".unicodeScalars.map(\.value)
    /// Hebrew prefix letters: ו ה ב ל מ ש כ.
    static let hebrewPrefixes: Set<UInt32> = [0x05D5, 0x05D4, 0x05D1, 0x05DC, 0x05DE, 0x05E9, 0x05DB]
    /// Persian ی (and Arabic ي) of the ezafe or an adjective; ها of a plural.
    static let persianYeh: Set<UInt32> = [0x06CC, 0x064A]

    /// Keys a word may be looked up by, and how many folded scalars the mention leaves out at
    /// its start for each: kept inline (no allocation for the most common case of one).
    struct Variants {
        static let capacity = 12
        var keys = InlineArray<12, UInt64>(repeating: 0)
        var skips = InlineArray<12, Int32>(repeating: 0)
        var count = 0

        @inline(__always)
        mutating func append(_ key: UInt64, _ skip: Int) {
            guard count < Self.capacity else { return }
            keys[count] = key
            skips[count] = Int32(skip)
            count += 1
        }
    }

    /// Where a word's stem may start: 0, and after each Arabic proclitic (with the article) or
    /// run of Hebrew prefix letters it begins with, leaving two letters or more.
    func stemStarts(_ word: Word) -> [Int] {
        var starts = [0]
        let length = self.length(word)
        if word.flags.contains(.arabic) {
            for prefix in Self.arabicPrefixes where length - prefix.count >= 2 && (0..<prefix.count).allSatisfy({ foldedValue(word, $0) == prefix[$0] }) {
                starts.append(prefix.count)
            }
        } else if word.flags.contains(.hebrew) {
            var stripped = 0
            while stripped < 3, length - stripped - 1 >= 2, Self.hebrewPrefixes.contains(foldedValue(word, stripped)) {
                stripped += 1
                starts.append(stripped)
            }
        }
        return starts
    }

    /// Whether a word may be written another way than as its name is listed: Arabic and Hebrew
    /// words (prefixes), a capitalised word ending in s (a genitive).
    @inline(__always)
    func hasVariants(_ word: Word) -> Bool {
        word.flags.contains(.arabic) || word.flags.contains(.hebrew)
            || (genitiveS && word.flags.contains(.capitalised) && length(word) > 3 && foldedValue(word, length(word) - 1) == 0x73)
    }

    /// Ways the first word of a name may be written: whole, then without an Arabic proclitic or
    /// Hebrew prefix letters (the mention starts after them), without a Persian ezafe or plural,
    /// without a genitive s (Frankreichs, Marokkos).
    @inline(__always)
    func variants(of word: Word) -> Variants {
        var result = Variants()
        result.append(word.key, 0)
        let length = self.length(word)
        if word.flags.contains(.arabic) {
            for prefix in EntityText.arabicPrefixes where length - prefix.count >= 2 {
                guard (0..<prefix.count).allSatisfy({ foldedValue(word, $0) == prefix[$0] }) else { continue }
                let endsWithArticle = prefix.count >= 2 && prefix[prefix.count - 2] == EntityText.article[0] && prefix[prefix.count - 1] == EntityText.article[1]
                let isLamLam = prefix.count >= 2 && prefix[prefix.count - 1] == 0x0644 && prefix[prefix.count - 2] == 0x0644
                if endsWithArticle || isLamLam {
                    // بالمغرب is ب + المغرب, للأمم is ل + الأمم, and المغربية the article and a
                    // demonym listed without it: the mention keeps the article.
                    let kept = isLamLam ? prefix.count - 1 : prefix.count - 2
                    result.append(key(word, from: prefix.count, prefix: EntityText.article), kept)
                    result.append(key(word, from: prefix.count), kept)
                } else {
                    result.append(key(word, from: prefix.count), prefix.count)
                }
            }
            let last = foldedValue(word, length - 1)
            if length > 3, EntityText.persianYeh.contains(last) { result.append(key(word, from: 0, to: length - 1), 0) }
            if length > 4, foldedValue(word, length - 2) == 0x0647, last == 0x0627 { result.append(key(word, from: 0, to: length - 2), 0) }
        } else if word.flags.contains(.hebrew) {
            var stripped = 0
            while stripped < 3, length - stripped - 1 >= 2, EntityText.hebrewPrefixes.contains(foldedValue(word, stripped)) {
                stripped += 1
                result.append(key(word, from: stripped), stripped)
                // ב ל כ swallow the article: בנציבות is ב + הנציבות.
                if Self.hebrewArticleSwallowers.contains(foldedValue(word, stripped - 1)) {
                    result.append(key(word, from: stripped, prefix: Self.hebrewArticle), stripped)
                }
            }
        } else if genitiveS, word.flags.contains(.capitalised), length > 3, foldedValue(word, length - 1) == 0x73 {
            result.append(key(word, from: 0, to: length - 1), 0)
        }
        return result
    }

    static let hebrewArticle: [UInt32] = [0x05D4]
    static let hebrewArticleSwallowers: Set<UInt32> = [0x05D1, 0x05DC, 0x05DB]

}
