import LectorKit

/// The languages Lector identifies: English names, and the scripts each is written in.
enum Languages {
    static let names: [String: String] = [
        "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
        "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
        "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
        "fi": "Finnish", "fr": "French", "ga": "Irish", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
        "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
        "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "la": "Latin", "lg": "Ganda", "lt": "Lithuanian", "lv": "Latvian",
        "mi": "Maori", "mk": "Macedonian", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "nb": "Norwegian Bokmål",
        "nl": "Dutch", "nn": "Norwegian Nynorsk", "pa": "Punjabi", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
        "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
        "st": "Southern Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "th": "Thai", "tl": "Tagalog",
        "tn": "Tswana", "tr": "Turkish", "ts": "Tsonga", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "xh": "Xhosa",
        "yo": "Yoruba", "zh": "Chinese", "zu": "Zulu",
    ]

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
