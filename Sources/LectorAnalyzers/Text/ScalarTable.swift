import LectorKit

/// What language identification needs to know of a scalar, from one table for the Basic
/// Multilingual Plane (built on first use, in about 7 ms): whether it is a letter, a mark or a
/// word-inner joiner, the script of a letter, and its lower case. The Unicode properties are
/// looked up only for scalars beyond the BMP. Structure, ticker and date reading use it too.
struct ScalarTable: Sendable {
    static let separator: UInt8 = 0
    /// A combining mark (Mn, Mc, Me): part of the word, not counted for the script.
    static let mark: UInt8 = 1
    /// ' ’ - : inside a word when a letter follows.
    static let joiner: UInt8 = 2
    /// A letter of no particular script (common or inherited).
    static let neutralLetter: UInt8 = 3
    /// Classes from here on are letters of `scripts[class]`.
    static let firstScript: UInt8 = 4

    /// Script codes by class (the first four are placeholders).
    let scripts: [String]
    private let scriptClass: [String: UInt8]
    private let classes: [UInt8]
    /// The lower case of each BMP scalar, 0 where it is unchanged (or not a single scalar).
    private let lowercase: [UInt16]

    static let shared = ScalarTable()

    private init() {
        var scripts = ["", "", "", ""]
        var scriptClass: [String: UInt8] = [:]
        var classes = [UInt8](repeating: Self.separator, count: 0x10000)
        var lowercase = [UInt16](repeating: 0, count: 0x10000)
        for value in 0..<0x10000 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let properties = scalar.properties
            if Self.isLetter(properties.generalCategory) {
                let script = Script.code(of: scalar)
                if script == "Zyyy" || script == "Zinh" || script == "Zzzz" {
                    classes[value] = Self.neutralLetter
                } else if let known = scriptClass[script] {
                    classes[value] = known
                } else {
                    precondition(scripts.count < 255, "too many scripts for one byte")
                    scriptClass[script] = UInt8(scripts.count)
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
        self.scriptClass = scriptClass
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

    /// The class of a scalar value.
    @inline(__always)
    func classify(_ value: UInt32) -> UInt8 {
        if value < 0x10000 { return classes[Int(value)] }
        guard let scalar = Unicode.Scalar(value) else { return Self.separator }
        let category = scalar.properties.generalCategory
        if Self.isMark(category) { return Self.mark }
        guard Self.isLetter(category) else { return Self.separator }
        return scriptClass[Script.code(of: scalar)] ?? Self.neutralLetter
    }

    /// A letter (general category L), of any script.
    @inline(__always)
    func isLetter(_ scalar: Unicode.Scalar) -> Bool { classify(scalar.value) >= Self.neutralLetter }

    /// A letter or a combining mark.
    @inline(__always)
    func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        let kind = classify(scalar.value)
        return kind >= Self.neutralLetter || kind == Self.mark
    }

    /// The class of a script code, if any BMP letter has it.
    func scriptClass(of code: String) -> UInt8? { scriptClass[code] }

    @inline(__always)
    func lowercased(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value | 0x20 : value }
        if value < 0x10000 {
            let lower = lowercase[Int(value)]
            return lower == 0 ? value : UInt32(lower)
        }
        return Unicode.Scalar(value).flatMap(Self.singleLowercase)?.value ?? value
    }
}
