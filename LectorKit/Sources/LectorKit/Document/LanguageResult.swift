/// `language` in the record (what `langid` writes): the most likely language, with ranked
/// alternatives.
public struct LanguageResult: AnnotationValue, Equatable {
    /// A language the text may be in.
    public struct Hypothesis: Sendable, Equatable {
        /// ISO 639-1.
        public var code: String
        /// Probability, 0 to 1.
        public var confidence: Double

        /// Language `code` with probability `confidence`.
        public init(code: String, confidence: Double) {
            self.code = code
            self.confidence = confidence
        }
    }

    /// A span of the text in one language (`mode=segments`).
    public struct Segment: Sendable, Equatable {
        /// ISO 639-1.
        public var code: String
        /// Probability, 0 to 1.
        public var confidence: Double
        /// The scalars of the text in this language.
        public var span: Span

        /// `span` is in language `code`, with probability `confidence`.
        public init(code: String, confidence: Double, span: Span) {
            self.code = code
            self.confidence = confidence
            self.span = span
        }
    }

    /// ISO 639-1, or `und` when the text has no letters or nothing is confident.
    public var code: String
    /// The language's English name.
    public var name: String
    /// ISO 15924 script of the text's letters, as written here (Serbian: Cyrl or Latn).
    public var script: String
    /// Probability of `code`, 0 to 1.
    public var confidence: Double
    /// The next most likely languages, most likely first.
    public var alternatives: [Hypothesis]
    /// Language spans, with `mode=segments`.
    public var segments: [Segment]?

    /// No language: the text has no letters, or nothing is confident enough.
    public static let undetermined = LanguageResult(code: "und", name: "Undetermined", script: "Zyyy", confidence: 0, alternatives: [], segments: nil)

    /// A result with every field given.
    public init(code: String, name: String, script: String, confidence: Double, alternatives: [Hypothesis], segments: [Segment]?) {
        self.code = code
        self.name = name
        self.script = script
        self.confidence = confidence
        self.alternatives = alternatives
        self.segments = segments
    }

    /// English names of the languages `langid` identifies, by ISO 639-1 code.
    public static let names: [String: String] = [
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

    static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// The record's `language` object.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "code": .string(code), "name": .string(name), "script": .string(script), "confidence": .double(Self.round(confidence)),
            "alternatives": .array(alternatives.map { ["code": .string($0.code), "confidence": .double(Self.round($0.confidence))] }),
        ]
        if let segments {
            object["segments"] = .array(segments.map {
                ["code": .string($0.code), "confidence": .double(Self.round($0.confidence)), "start": .int($0.span.start), "end": .int($0.span.end)]
            })
        }
        return .object(object)
    }

    /// The same JSON as `jsonValue`, written directly: langid's result is written for every
    /// document, and building the tree cost as much as identifying the language.
    public func writeJSON(into writer: inout JSONWriter) {
        guard segments == nil else { return writer.write(jsonValue) }
        writer.bytes.append(UInt8(ascii: "{"))
        writer.writeKey("code", first: true)
        writer.writeString(code)
        writer.writeKey("name", first: false)
        writer.writeString(name)
        writer.writeKey("script", first: false)
        writer.writeString(script)
        writer.writeKey("confidence", first: false)
        writer.writeFraction(confidence)
        writer.writeKey("alternatives", first: false)
        writer.writeArray(alternatives) { writer, alternative in
            writer.bytes.append(UInt8(ascii: "{"))
            writer.writeKey("code", first: true)
            writer.writeString(alternative.code)
            writer.writeKey("confidence", first: false)
            writer.writeFraction(alternative.confidence)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        writer.bytes.append(UInt8(ascii: "}"))
    }

    /// Reads the record's `language` object; a missing name is looked up in `names`.
    public init(jsonValue: JSONValue) throws {
        guard let code = jsonValue["code"]?.stringValue else {
            throw AnnotationDecodingError(annotation: LanguageKey.name, reason: "expected an object with a \"code\"")
        }
        self.code = code
        name = jsonValue["name"]?.stringValue ?? Self.names[code] ?? code
        script = jsonValue["script"]?.stringValue ?? "Zyyy"
        confidence = jsonValue["confidence"]?.doubleValue ?? 0
        alternatives = (jsonValue["alternatives"]?.arrayValue ?? []).compactMap { item in
            item["code"]?.stringValue.map { Hypothesis(code: $0, confidence: item["confidence"]?.doubleValue ?? 0) }
        }
        segments = jsonValue["segments"]?.arrayValue?.compactMap { item in
            guard let code = item["code"]?.stringValue, let start = item["start"]?.intValue, let end = item["end"]?.intValue, start <= end else { return nil }
            return Segment(code: code, confidence: item["confidence"]?.doubleValue ?? 0, span: Span(start: start, end: end))
        }
    }
}

/// The annotation `langid` writes: `document[LanguageKey.self]`.
public enum LanguageKey: AnnotationKey {
    public typealias Value = LanguageResult
    public static let name = "language"
}
