import LectorKit

/// `language` in the record: the most likely language, with ranked alternatives.
public struct LanguageResult: AnnotationValue, Equatable {
    public struct Hypothesis: Sendable, Equatable {
        public var code: String
        public var confidence: Double
    }

    public struct Segment: Sendable, Equatable {
        public var code: String
        public var confidence: Double
        public var span: Span
    }

    /// ISO 639-1, or `und` when the text has no letters or nothing is confident.
    public var code: String
    public var name: String
    /// ISO 15924 script of the text's letters, as written here (Serbian: Cyrl or Latn).
    public var script: String
    public var confidence: Double
    public var alternatives: [Hypothesis]
    /// Language spans, with `mode=segments`.
    public var segments: [Segment]?

    public static let undetermined = LanguageResult(code: "und", name: "Undetermined", script: "Zyyy", confidence: 0, alternatives: [], segments: nil)

    public init(code: String, name: String, script: String, confidence: Double, alternatives: [Hypothesis], segments: [Segment]?) {
        self.code = code
        self.name = name
        self.script = script
        self.confidence = confidence
        self.alternatives = alternatives
        self.segments = segments
    }

    static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

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

    public init(jsonValue: JSONValue) throws {
        guard let code = jsonValue["code"]?.stringValue else {
            throw AnnotationDecodingError(annotation: LanguageKey.name, reason: "expected an object with a \"code\"")
        }
        self.code = code
        name = jsonValue["name"]?.stringValue ?? Languages.names[code] ?? code
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

public enum LanguageKey: AnnotationKey {
    public typealias Value = LanguageResult
    public static let name = "language"
}
