import LectorKit

/// The languages Lector identifies: English names, and the scripts each is written in.
enum Languages {
    /// English names by code (kept with `LanguageResult`, which reads them back from JSON too).
    static var names: [String: String] { LanguageResult.names }

    /// The model's name for Serbian in Latin script; it is reported as `sr`.
    static func code(ofModel name: String) -> String { name == "srl" ? "sr" : name }

    /// Languages written in each script; a script of one language decides it outright.
    static let byScript: [String: [String]] = [
        "Arab": ["ar", "fa", "ur"], "Armn": ["hy"], "Beng": ["bn"], "Cyrl": ["ru", "uk", "be", "bg", "mk", "sr", "kk", "mn"],
        "Deva": ["hi", "mr"], "Geor": ["ka"], "Grek": ["el"], "Gujr": ["gu"], "Guru": ["pa"], "Hang": ["ko"], "Hani": ["zh", "ja"],
        "Hebr": ["he"], "Hira": ["ja"], "Kana": ["ja"], "Taml": ["ta"], "Telu": ["te"], "Thai": ["th"],
        "Latn": ["af", "az", "bs", "ca", "cs", "cy", "da", "de", "en", "eo", "es", "et", "eu", "fi", "fr", "ga", "hr", "hu", "id",
                 "is", "it", "la", "lg", "lt", "lv", "mi", "ms", "nb", "nl", "nn", "pl", "pt", "ro", "sk", "sl", "sn", "so", "sq",
                 "srl", "st", "sv", "sw", "tl", "tn", "tr", "ts", "vi", "xh", "yo", "zu"],
    ]
}
