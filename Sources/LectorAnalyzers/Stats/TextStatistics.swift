import LectorKit

/// Counts for one document: `stats` in the record.
public struct TextStatistics: AnnotationValue, Equatable {
    public struct ScriptShare: Sendable, Equatable {
        public var script: Script
        /// Fraction of the document's letters written in this script.
        public var share: Double
    }

    /// Unicode scalars, as Python's `len` counts characters.
    public var characters: Int
    public var words: Int
    public var sentences: Int
    public var lines: Int
    /// Scripts of the letters, most used first.
    public var scripts: [ScriptShare]

    public var jsonValue: JSONValue {
        [
            "characters": .int(characters), "words": .int(words), "sentences": .int(sentences), "lines": .int(lines),
            "scripts": .array(scripts.map {
                ["code": .string($0.script.code), "name": .string($0.script.name), "share": .double(($0.share * 1000).rounded() / 1000)]
            }),
        ]
    }

    public init(characters: Int, words: Int, sentences: Int, lines: Int, scripts: [ScriptShare]) {
        self.characters = characters
        self.words = words
        self.sentences = sentences
        self.lines = lines
        self.scripts = scripts
    }

    public init(jsonValue: JSONValue) throws {
        guard let characters = jsonValue["characters"]?.intValue, let words = jsonValue["words"]?.intValue,
              let sentences = jsonValue["sentences"]?.intValue, let lines = jsonValue["lines"]?.intValue
        else { throw AnnotationDecodingError(annotation: "stats", reason: "characters, words, sentences and lines must be integers") }
        let scripts = (jsonValue["scripts"]?.arrayValue ?? []).compactMap { item -> ScriptShare? in
            guard let code = item["code"]?.stringValue, let share = item["share"]?.doubleValue else { return nil }
            return ScriptShare(script: Script(code: code), share: share)
        }
        self.init(characters: characters, words: words, sentences: sentences, lines: lines, scripts: scripts)
    }
}

public enum TextStatisticsKey: AnnotationKey {
    public typealias Value = TextStatistics
    public static let name = "stats"
}
