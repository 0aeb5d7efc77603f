/// A writing system, by its ISO 15924 code.
public struct Script: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// ISO 15924 code: `Latn`, `Cyrl`, `Arab`, `Hebr`... `Zyyy` for characters common to all
    /// scripts (digits, punctuation) and `Zinh` for marks that take their base's script.
    public let code: String

    public init(code: String) { self.code = code }

    public static let common = Script(code: "Zyyy")
    public static let inherited = Script(code: "Zinh")
    public static let unknown = Script(code: "Zzzz")

    public var description: String { code }
    public static func < (lhs: Script, rhs: Script) -> Bool { lhs.code < rhs.code }

    /// The English name of the script.
    public var name: String { Self.names[code] ?? code }

    /// The script of a scalar; `common` for digits, punctuation and symbols shared by scripts.
    public static func of(_ scalar: Unicode.Scalar) -> Script {
        Script(code: code(of: scalar))
    }

    /// The script code of a scalar, without building a `Script` (for hot loops).
    public static func code(of scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        if value < 0x80 {
            return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A ? "Latn" : "Zyyy"
        }
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let entry = ranges[middle]
            if value < entry.0 { high = middle - 1 } else if value > entry.1 { low = middle + 1 } else { return entry.2 }
        }
        return scalar.properties.isAlphabetic ? "Zzzz" : "Zyyy"
    }

    /// Letters by script, in ranges from Unicode's Scripts.txt (merged where a block is all one script).
    /// Kept sorted for binary search; anything absent is common or unknown.
    private static let ranges: [(UInt32, UInt32, String)] = [
        (0x00AA, 0x00AA, "Latn"), (0x00BA, 0x00BA, "Latn"), (0x00C0, 0x00D6, "Latn"), (0x00D8, 0x00F6, "Latn"),
        (0x00F8, 0x02B8, "Latn"), (0x02E0, 0x02E4, "Latn"), (0x0300, 0x036F, "Zinh"), (0x0370, 0x0373, "Grek"),
        (0x0375, 0x0377, "Grek"), (0x037A, 0x037D, "Grek"), (0x037F, 0x037F, "Grek"), (0x0384, 0x0384, "Grek"),
        (0x0386, 0x0386, "Grek"), (0x0388, 0x03E1, "Grek"), (0x03E2, 0x03EF, "Copt"), (0x03F0, 0x03FF, "Grek"),
        (0x0400, 0x0484, "Cyrl"), (0x0485, 0x0486, "Zinh"), (0x0487, 0x052F, "Cyrl"), (0x0531, 0x058F, "Armn"),
        (0x0591, 0x05FF, "Hebr"), (0x0600, 0x0604, "Arab"), (0x0606, 0x060B, "Arab"), (0x060D, 0x061A, "Arab"),
        (0x061C, 0x061E, "Arab"), (0x0620, 0x063F, "Arab"), (0x0640, 0x0640, "Zyyy"), (0x0641, 0x064A, "Arab"), (0x064B, 0x0655, "Zinh"),
        (0x0656, 0x066F, "Arab"), (0x0670, 0x0670, "Zinh"), (0x0671, 0x06DC, "Arab"), (0x06DE, 0x06FF, "Arab"),
        (0x0700, 0x074F, "Syrc"), (0x0750, 0x077F, "Arab"), (0x0780, 0x07BF, "Thaa"), (0x07C0, 0x07FF, "Nkoo"),
        (0x0800, 0x083F, "Samr"), (0x0840, 0x085F, "Mand"), (0x0860, 0x086F, "Syrc"), (0x0870, 0x08FF, "Arab"),
        (0x0900, 0x0950, "Deva"), (0x0951, 0x0954, "Zinh"), (0x0955, 0x0963, "Deva"), (0x0966, 0x097F, "Deva"),
        (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"), (0x0A80, 0x0AFF, "Gujr"), (0x0B00, 0x0B7F, "Orya"),
        (0x0B80, 0x0BFF, "Taml"), (0x0C00, 0x0C7F, "Telu"), (0x0C80, 0x0CFF, "Knda"), (0x0D00, 0x0D7F, "Mlym"),
        (0x0D80, 0x0DFF, "Sinh"), (0x0E00, 0x0E3A, "Thai"), (0x0E40, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Laoo"),
        (0x0F00, 0x0FD4, "Tibt"), (0x0FD9, 0x0FFF, "Tibt"), (0x1000, 0x109F, "Mymr"), (0x10A0, 0x10FA, "Geor"),
        (0x10FC, 0x10FF, "Geor"), (0x1100, 0x11FF, "Hang"), (0x1200, 0x139F, "Ethi"), (0x13A0, 0x13FF, "Cher"),
        (0x1400, 0x167F, "Cans"), (0x1680, 0x169F, "Ogam"), (0x16A0, 0x16EA, "Runr"), (0x16EE, 0x16FF, "Runr"),
        (0x1700, 0x171F, "Tglg"), (0x1780, 0x17FF, "Khmr"), (0x1800, 0x1801, "Mong"), (0x1804, 0x1804, "Mong"),
        (0x1806, 0x18AF, "Mong"), (0x1950, 0x197F, "Tale"), (0x19E0, 0x19FF, "Khmr"), (0x1AB0, 0x1AFF, "Zinh"),
        (0x1C80, 0x1C8F, "Cyrl"), (0x1C90, 0x1CBF, "Geor"), (0x1D00, 0x1D25, "Latn"), (0x1D26, 0x1D2A, "Grek"),
        (0x1D2B, 0x1D2B, "Cyrl"), (0x1D2C, 0x1D5C, "Latn"), (0x1D5D, 0x1D61, "Grek"), (0x1D62, 0x1D65, "Latn"),
        (0x1D66, 0x1D6A, "Grek"), (0x1D6B, 0x1D77, "Latn"), (0x1D78, 0x1D78, "Cyrl"), (0x1D79, 0x1DBE, "Latn"),
        (0x1DBF, 0x1DBF, "Grek"), (0x1DC0, 0x1DFF, "Zinh"), (0x1E00, 0x1EFF, "Latn"), (0x1F00, 0x1FFE, "Grek"),
        (0x200C, 0x200D, "Zinh"), (0x2071, 0x2071, "Latn"), (0x207F, 0x207F, "Latn"), (0x2090, 0x209C, "Latn"),
        (0x20D0, 0x20F0, "Zinh"), (0x212A, 0x212B, "Latn"), (0x2132, 0x2132, "Latn"), (0x214E, 0x214E, "Latn"),
        (0x2160, 0x2188, "Latn"), (0x2C00, 0x2C5F, "Glag"), (0x2C60, 0x2C7F, "Latn"), (0x2C80, 0x2CFF, "Copt"),
        (0x2D00, 0x2D2F, "Geor"), (0x2D30, 0x2D7F, "Tfng"), (0x2D80, 0x2DDF, "Ethi"), (0x2DE0, 0x2DFF, "Cyrl"),
        (0x2E80, 0x2FD5, "Hani"), (0x3005, 0x3005, "Hani"), (0x3007, 0x3007, "Hani"), (0x3021, 0x3029, "Hani"),
        (0x302A, 0x302D, "Zinh"), (0x3038, 0x303B, "Hani"), (0x3041, 0x3096, "Hira"), (0x3099, 0x309A, "Zinh"),
        (0x309D, 0x309F, "Hira"), (0x30A1, 0x30FA, "Kana"), (0x30FD, 0x30FF, "Kana"), (0x3105, 0x312F, "Bopo"),
        (0x3131, 0x318E, "Hang"), (0x31A0, 0x31BF, "Bopo"), (0x31F0, 0x31FF, "Kana"), (0x3200, 0x321E, "Hang"),
        (0x3260, 0x327E, "Hang"), (0x32D0, 0x32FE, "Kana"), (0x3300, 0x3357, "Kana"), (0x3400, 0x4DBF, "Hani"),
        (0x4E00, 0x9FFF, "Hani"), (0xA000, 0xA4CF, "Yiii"), (0xA4D0, 0xA4FF, "Lisu"), (0xA500, 0xA62B, "Vaii"),
        (0xA640, 0xA69F, "Cyrl"), (0xA6A0, 0xA6F7, "Bamu"), (0xA722, 0xA787, "Latn"), (0xA78B, 0xA7FF, "Latn"),
        (0xA800, 0xA82C, "Sylo"), (0xA840, 0xA877, "Phag"), (0xA8E0, 0xA8FF, "Deva"), (0xA960, 0xA97C, "Hang"),
        (0xAB30, 0xAB5A, "Latn"), (0xAB5C, 0xAB64, "Latn"), (0xAB65, 0xAB65, "Grek"), (0xAB66, 0xAB69, "Latn"),
        (0xAB70, 0xABBF, "Cher"), (0xAC00, 0xD7FB, "Hang"), (0xF900, 0xFAFF, "Hani"), (0xFB00, 0xFB06, "Latn"),
        (0xFB13, 0xFB17, "Armn"), (0xFB1D, 0xFB4F, "Hebr"), (0xFB50, 0xFDFF, "Arab"), (0xFE00, 0xFE0F, "Zinh"),
        (0xFE20, 0xFE2D, "Zinh"), (0xFE2E, 0xFE2F, "Cyrl"), (0xFE70, 0xFEFC, "Arab"), (0xFF21, 0xFF3A, "Latn"),
        (0xFF41, 0xFF5A, "Latn"), (0xFF66, 0xFF6F, "Kana"), (0xFF71, 0xFF9D, "Kana"), (0xFFA0, 0xFFDC, "Hang"),
        (0x10330, 0x1034A, "Goth"), (0x10400, 0x1044F, "Dsrt"), (0x1E900, 0x1E95F, "Adlm"), (0x1EE00, 0x1EEFF, "Arab"),
        (0x1F200, 0x1F200, "Hira"), (0x20000, 0x2A6DF, "Hani"), (0x2A700, 0x2EBEF, "Hani"), (0x30000, 0x3134F, "Hani"),
        (0xE0100, 0xE01EF, "Zinh"),
    ]

    private static let names: [String: String] = [
        "Adlm": "Adlam", "Arab": "Arabic", "Armn": "Armenian", "Bamu": "Bamum", "Beng": "Bengali", "Bopo": "Bopomofo",
        "Cans": "Canadian Syllabics", "Cher": "Cherokee", "Copt": "Coptic", "Cyrl": "Cyrillic", "Deva": "Devanagari",
        "Dsrt": "Deseret", "Ethi": "Ethiopic", "Geor": "Georgian", "Glag": "Glagolitic", "Goth": "Gothic",
        "Grek": "Greek", "Gujr": "Gujarati", "Guru": "Gurmukhi", "Hang": "Hangul", "Hani": "Han", "Hebr": "Hebrew",
        "Hira": "Hiragana", "Kana": "Katakana", "Khmr": "Khmer", "Knda": "Kannada", "Laoo": "Lao", "Latn": "Latin",
        "Lisu": "Lisu", "Mand": "Mandaic", "Mlym": "Malayalam", "Mong": "Mongolian", "Mymr": "Myanmar", "Nkoo": "N’Ko",
        "Ogam": "Ogham", "Orya": "Odia", "Phag": "Phags-pa", "Runr": "Runic", "Samr": "Samaritan", "Sinh": "Sinhala",
        "Sylo": "Syloti Nagri", "Syrc": "Syriac", "Tale": "Tai Le", "Taml": "Tamil", "Telu": "Telugu",
        "Tfng": "Tifinagh", "Tglg": "Tagalog", "Thaa": "Thaana", "Thai": "Thai", "Tibt": "Tibetan", "Vaii": "Vai",
        "Yiii": "Yi", "Zinh": "Inherited", "Zyyy": "Common", "Zzzz": "Unknown",
    ]
}
