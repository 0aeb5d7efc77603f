/// What a text analyzer needs to know of a scalar, from one table for the Basic Multilingual
/// Plane (built on first use, in about 7 ms): whether it is a letter, a mark or a word-inner
/// joiner, the script of a letter, and its lower case; and whether it is white space. The
/// Unicode properties are looked up only for scalars beyond the BMP.
///
/// The lookups are inlinable, so that hot loops in analyzers and plugins pay no call for them.
public struct ScalarTable: Sendable {
    /// Neither a letter, a mark nor a joiner: digits, punctuation, symbols, space.
    @inlinable public static var separator: UInt8 { 0 }
    /// A combining mark (Mn, Mc, Me): part of the word, not counted for the script.
    @inlinable public static var mark: UInt8 { 1 }
    /// ' ’ - : inside a word when a letter follows.
    @inlinable public static var joiner: UInt8 { 2 }
    /// A letter of no particular script (common, inherited or unknown).
    @inlinable public static var neutralLetter: UInt8 { 3 }
    /// Classes from here on are letters of `scripts[class]`.
    @inlinable public static var firstScript: UInt8 { 4 }

    /// Script codes by class (the first four are placeholders).
    public let scripts: [String]
    @usableFromInline let scriptClasses: [String: UInt8]
    @usableFromInline let classes: [UInt8]
    /// The lower case of each BMP letter, 0 where it is unchanged (or not a single scalar).
    @usableFromInline let lowercase: [UInt16]

    /// The table, built on first use.
    public static let shared = ScalarTable()

    private init() {
        var scripts = ["", "", "", ""]
        var scriptClasses: [String: UInt8] = [:]
        var classes = [UInt8](repeating: Self.separator, count: 0x10000)
        var lowercase = [UInt16](repeating: 0, count: 0x10000)
        for value in 0..<0x10000 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let properties = scalar.properties
            if Self.isLetter(properties.generalCategory) {
                let script = Script.code(of: scalar)
                if script == "Zyyy" || script == "Zinh" || script == "Zzzz" {
                    classes[value] = Self.neutralLetter
                } else if let known = scriptClasses[script] {
                    classes[value] = known
                } else {
                    precondition(scripts.count < 255, "too many scripts for one byte")
                    scriptClasses[script] = UInt8(scripts.count)
                    classes[value] = UInt8(scripts.count)
                    scripts.append(script)
                }
                if properties.changesWhenLowercased, let lower = Self.singleLowercase(scalar), lower.value < 0x10000 {
                    lowercase[value] = UInt16(lower.value)
                }
            } else if Self.isMark(properties.generalCategory) {
                classes[value] = Self.mark
            }
        }
        for joiner in ["'", "\u{2019}", "-"] { classes[Int(joiner.unicodeScalars.first!.value)] = Self.joiner }
        self.scripts = scripts
        self.scriptClasses = scriptClasses
        self.classes = classes
        self.lowercase = lowercase
    }

    private static func isLetter(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    private static func isMark(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func singleLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first : nil
    }

    /// The class of a scalar value: `separator`, `mark`, `joiner`, `neutralLetter`, or a script's.
    @inlinable @inline(__always)
    public func classify(_ value: UInt32) -> UInt8 {
        if value < 0x10000 { return classes[Int(value)] }
        return classifyBeyondBMP(value)
    }

    @usableFromInline
    func classifyBeyondBMP(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return Self.separator }
        let category = scalar.properties.generalCategory
        if Self.isMark(category) { return Self.mark }
        guard Self.isLetter(category) else { return Self.separator }
        return scriptClasses[Script.code(of: scalar)] ?? Self.neutralLetter
    }

    /// A letter (general category L), of any script.
    @inlinable @inline(__always)
    public func isLetter(_ scalar: Unicode.Scalar) -> Bool { classify(scalar.value) >= Self.neutralLetter }

    /// A letter or a combining mark.
    @inlinable @inline(__always)
    public func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        let kind = classify(scalar.value)
        return kind >= Self.neutralLetter || kind == Self.mark
    }

    /// The class of a script code, if any BMP letter has it.
    public func scriptClass(of code: String) -> UInt8? { scriptClasses[code] }

    /// The lower case of a scalar value when it is a single scalar (İ keeps its case); ASCII
    /// and BMP letters from the table, other scalars from their Unicode properties.
    @inlinable @inline(__always)
    public func lowercased(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value | 0x20 : value }
        if value < 0x10000 {
            let lower = lowercase[Int(value)]
            return lower == 0 ? value : UInt32(lower)
        }
        return Self.lowercasedBeyondBMP(value)
    }

    @usableFromInline
    static func lowercasedBeyondBMP(_ value: UInt32) -> UInt32 {
        Unicode.Scalar(value).flatMap(singleLowercase)?.value ?? value
    }

    /// White space: Unicode's White_Space and, unless `invisibles` is false, the invisible
    /// marks pasted text carries (bidi and zero-width controls, the Mongolian vowel separator, BOM).
    @inlinable @inline(__always)
    public static func isSpace(_ value: UInt32, invisibles: Bool = true) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        case 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return invisibles
        default: return false
        }
    }
}
