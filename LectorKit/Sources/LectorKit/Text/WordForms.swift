/// The forms words are looked up by in lexicons (cue phrases, month names, sentiment and topic
/// word lists), so that one entry matches the spellings a text may use.
public enum WordForms {
    /// Lower case, without tatweel, Arabic harakat or Hebrew points, with the Arabic letters
    /// written several ways folded to one (أ إ آ ٱ → ا, ى → ي, ة → ه), Persian and Arabic-Indic
    /// digits as ASCII, and bidi and zero-width controls removed.
    public static func lookupForm<S: StringProtocol>(_ text: S) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            fold(scalar) { folded in
                if folded.value < 0x80 { bytes.append(UInt8(folded.value)) } else { bytes.append(contentsOf: UTF8.encode(folded)!) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lookup form of one scalar: none (a mark or control that is dropped) or one.
    @inlinable
    public static func fold(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        if let folded = foldedValue(scalar.value) { body(Unicode.Scalar(folded)!) }
    }

    /// The lookup form of one scalar value, or nil when it is dropped (harakat, points, tatweel,
    /// zero-width and bidi controls). For hot loops: no closure.
    @inlinable @inline(__always)
    public static func foldedValue(_ value: UInt32) -> UInt32? {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value | 0x20 : value }
        switch value {
        case 0x0640, 0x064B...0x065F, 0x0670, 0x06D6...0x06ED:
            return nil  // tatweel, harakat and Quranic marks
        case 0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7:
            return nil  // Hebrew points and cantillation (not maqaf or sof pasuq)
        case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return nil
        case 0x0130: return 0x69  // Turkish İ, without the combining dot its lower case carries
        case 0x0622, 0x0623, 0x0625, 0x0671: return 0x0627
        case 0x0649: return 0x064A
        case 0x0629: return 0x0647
        case 0x0660...0x0669: return 0x30 + value - 0x0660
        case 0x06F0...0x06F9: return 0x30 + value - 0x06F0
        case 0x80..<0x2000, 0x2C00...0x2D2F, 0xA640...0xA7FF, 0xFF21...0xFF3A, 0x10400...:
            // Latin, Greek, Cyrillic, Armenian, Georgian, and the few cased letters above U+2000
            // (Glagolitic, Cyrillic and Latin extensions, full-width Latin, Deseret...): every
            // other script there has no case, and letter-like symbols (K Ω Ⓐ Ⅻ) keep theirs.
            return ScalarTable.shared.lowercased(value)
        default:
            return value
        }
    }

    /// The forms an Arabic word (in lookup form) may be listed under: itself, then without the
    /// proclitics it may carry (the conjunctions و ف, the prepositions ب ك ل, the article ال),
    /// then without a pronoun suffix, longest stripping last; each stem keeps two letters or more.
    public static func arabicCandidates(_ form: String) -> [String] {
        let scalars = Array(form.unicodeScalars)
        guard scalars.count > 2 else { return [form] }
        var results = [form]
        func add(_ part: ArraySlice<Unicode.Scalar>) {
            guard part.count >= 2 else { return }
            let text = String(String.UnicodeScalarView(part))
            if !results.contains(text) { results.append(text) }
        }
        var stems: [ArraySlice<Unicode.Scalar>] = [scalars[...]]
        for prefix in proclitics {
            let prefixScalars = Array(prefix.unicodeScalars)
            if scalars.count - prefixScalars.count >= 2, scalars.starts(with: prefixScalars) {
                stems.append(scalars[prefixScalars.count...])
            }
        }
        for stem in stems { add(stem) }
        for stem in stems {
            for suffix in enclitics {
                let suffixScalars = Array(suffix.unicodeScalars)
                if stem.count - suffixScalars.count >= 2, stem.reversed().starts(with: suffixScalars.reversed()) {
                    add(stem.dropLast(suffixScalars.count))
                }
            }
        }
        return results
    }

    /// Longest first, so that وال is tried before و.
    static let proclitics = ["وبال", "وكال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ك", "ل"]
    static let enclitics = ["هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ني", "ه", "ك", "ي"]

    /// The value of a decimal digit in any script (ASCII, Arabic-Indic, Persian, Devanagari...).
    @inline(__always)
    public static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        if value >= 0x30 && value <= 0x39 { return Int(value - 0x30) }
        guard value >= 0x660 else { return nil }
        return scalar.properties.numericType == .decimal ? scalar.properties.numericValue.map { Int($0) } : nil
    }
}
