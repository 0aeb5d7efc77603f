import Foundation

/// What makes one person's name in Latin, Cyrillic, Greek, Arabic, Persian and Hebrew letters
/// the same: its consonant skeleton. Each script's letters fall into classes by sound (Hasanov,
/// Гасанов, حسنوف, חסנוב are all H S N B), vowels and the letters that write them in Arabic and
/// Hebrew (ا و ي, א ו י) are dropped after the first letter, and a doubled class is one. The
/// classes are broad on purpose: transcriptions disagree on g/h, s/z/sh, t/d, b/v/f/p.
enum PersonNames {
    /// The skeleton of a word in lookup form.
    static func skeleton(_ values: ArraySlice<UInt32>) -> String {
        var letters: [Character] = []
        var scalars = Array(values)
        // The Arabic article of a family name (العثماني) is not part of it.
        if scalars.count > 4, scalars[0] == 0x0627, scalars[1] == 0x0644 { scalars.removeFirst(2) }
        var index = 0
        while index < scalars.count {
            let value = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : 0
            let initial = letters.isEmpty
            var consumed = 1
            var letter: Character?
            switch value {
            // Latin, after removing accents, with the digraphs of transcriptions.
            case 0x61...0x7A, 0xC0...0x24F:
                let base = latinBase(value)
                switch (base, next.latinBase) {
                case ("k", "h"), ("g", "h"): letter = "H"; consumed = 2
                case ("s", "h"), ("c", "h"), ("z", "h"), ("t", "s"): letter = "S"; consumed = 2
                case ("d", "h"): letter = "S"; consumed = 2
                case ("t", "h"): letter = "T"; consumed = 2
                case ("p", "h"): letter = "B"; consumed = 2
                case ("c", "k"): letter = "K"; consumed = 2
                default:
                    switch base {
                    case "a", "e", "i", "o", "u", "y", "ı": letter = initial ? "A" : nil
                    case "w": letter = initial ? "B" : nil
                    case "h", "g", "x": letter = value == 0x11F ? nil : "H"  // Turkish ğ is silent
                    case "k", "q": letter = "K"
                    case "c": letter = value == 0xE7 ? "S" : (["e", "i", "y"].contains(next.latinBase) ? "S" : "K")
                    case "s", "z", "j": letter = "S"
                    case "t", "d": letter = "T"
                    case "b", "p", "f", "v": letter = "B"
                    case "l": letter = "L"
                    case "m": letter = "M"
                    case "n": letter = "N"
                    case "r": letter = "R"
                    default: letter = nil
                    }
                }
            // Cyrillic.
            case 0x0400...0x04FF:
                switch value {
                case 0x0430, 0x0435, 0x0451, 0x0438, 0x043E, 0x0443, 0x044B, 0x044D, 0x044E, 0x044F, 0x0456, 0x0457, 0x0454:
                    letter = initial ? "A" : nil
                case 0x0433, 0x0445, 0x0491: letter = "H"
                case 0x043A: letter = "K"
                case 0x0441, 0x0437, 0x0448, 0x0449, 0x0446, 0x0447, 0x0436: letter = "S"
                case 0x0442, 0x0434: letter = "T"
                case 0x0431, 0x043F, 0x0444, 0x0432: letter = "B"
                case 0x043B: letter = "L"
                case 0x043C: letter = "M"
                case 0x043D: letter = "N"
                case 0x0440: letter = "R"
                default: letter = nil  // й ь ъ
                }
            // Greek.
            case 0x0370...0x03FF:
                switch value {
                case 0x03B1, 0x03B5, 0x03B7, 0x03B9, 0x03BF, 0x03C5, 0x03C9, 0x03AC, 0x03AD, 0x03AE, 0x03AF, 0x03CC, 0x03CD, 0x03CE:
                    letter = initial ? "A" : nil
                case 0x03B3, 0x03C7: letter = "H"
                case 0x03BA: letter = "K"
                case 0x03C3, 0x03C2, 0x03B6, 0x03BE, 0x03C8: letter = "S"
                case 0x03C4, 0x03B4, 0x03B8: letter = "T"
                case 0x03B2, 0x03C0, 0x03C6: letter = "B"
                case 0x03BB: letter = "L"
                case 0x03BC: letter = "M"
                case 0x03BD: letter = "N"
                case 0x03C1: letter = "R"
                default: letter = nil
                }
            // Arabic and Persian (in lookup form: ا for its hamza forms, ه for ة, ي for ى).
            case 0x0600...0x06FF:
                switch value {
                case 0x0627, 0x0639, 0x0621, 0x0626, 0x0624: letter = initial ? "A" : nil
                case 0x0648: letter = initial ? "B" : nil
                case 0x064A, 0x06CC: letter = nil
                case 0x0647: letter = index == scalars.count - 1 ? nil : "H"
                case 0x062D, 0x062E, 0x063A, 0x06AF: letter = "H"
                case 0x0642, 0x0643, 0x06A9: letter = "K"
                case 0x0633, 0x0635, 0x0632, 0x0634, 0x062B, 0x0630, 0x0638, 0x062C, 0x0686, 0x0698: letter = "S"
                case 0x062A, 0x062F, 0x0637, 0x0636: letter = "T"
                case 0x0628, 0x0641, 0x067E, 0x06A4: letter = "B"
                case 0x0644: letter = "L"
                case 0x0645: letter = "M"
                case 0x0646: letter = "N"
                case 0x0631: letter = "R"
                default: letter = nil
                }
            // Hebrew.
            case 0x05D0...0x05EA:
                switch value {
                case 0x05D0, 0x05E2: letter = initial ? "A" : nil
                case 0x05D5: letter = initial ? "B" : nil
                case 0x05D9: letter = nil
                case 0x05D4: letter = index == scalars.count - 1 ? nil : "H"
                case 0x05D2, 0x05D7: letter = next == 0x05F3 || next == 0x27 ? "S" : "H"
                case 0x05DB, 0x05DA, 0x05E7: letter = "K"
                case 0x05E1, 0x05E9, 0x05E6, 0x05E5, 0x05D6: letter = "S"
                case 0x05D3, 0x05D8, 0x05EA: letter = "T"
                case 0x05D1, 0x05E4, 0x05E3: letter = "B"
                case 0x05DC: letter = "L"
                case 0x05DE, 0x05DD: letter = "M"
                case 0x05E0, 0x05DF: letter = "N"
                case 0x05E8: letter = "R"
                default: letter = nil
                }
            default:
                letter = nil
            }
            if let letter, letters.last != letter { letters.append(letter) }
            index += consumed
        }
        return String(letters)
    }

    static func latinBase(_ value: UInt32) -> Character {
        if value < 0x80 { return Character(Unicode.Scalar(UInt8(value))) }
        if value < 0x250 { return latinBases[Int(value)] }
        return Unicode.Scalar(value).map(Character.init) ?? " "
    }

    /// The letter without its accents, for U+0000 to U+024F (ı stays ı: it is a vowel of its own).
    static let latinBases: [Character] = (0..<0x250).map { value in
        guard value >= 0x80, value != 0x131, let scalar = Unicode.Scalar(value) else { return Unicode.Scalar(value).map(Character.init) ?? " " }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
        return decomposed.value < 0x80 ? Character(decomposed) : Character(scalar)
    }

    /// A name in Cyrillic or Greek letters in Latin ones (Гасанов → Gasanov); other scripts as written.
    static func romanized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x0370...0x04FF).contains($0.value) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            let lower = Character(scalar).lowercased()
            guard let latin = romanization[lower] else { out.unicodeScalars.append(scalar); continue }
            out += Character(scalar).isUppercase ? latin.prefix(1).uppercased() + latin.dropFirst() : latin
        }
        return out
    }

    static let romanization: [String: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye", "ж": "zh", "з": "z", "и": "i",
        "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "yu", "я": "ya",
        "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z", "η": "i", "ή": "i", "θ": "th", "ι": "i",
        "ί": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "ό": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s",
        "τ": "t", "υ": "y", "ύ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o", "ώ": "o",
    ]
}

private extension UInt32 {
    var latinBase: Character { (0x61...0x7A).contains(self) || (0xC0...0x24F).contains(self) ? PersonNames.latinBase(self) : " " }
}
