import LectorKit

/// `duplicates`: documents whose text appears more than once in the corpus, such as one
/// agency story run by several outlets, or the same page saved twice. A corpus analyzer: it
/// reads every document before it judges one.
public struct DuplicatesAnalyzer: CorpusAnalyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "duplicates",
        summary: "Finds texts that appear more than once in the corpus (same words, any case, spacing or punctuation)",
        discussion: """
            Reads the whole corpus first (the documents in view at the prompt; the input, twice, in \
            lector analyze). Two documents are copies when their words, in lookup form (lower case, \
            Arabic and Hebrew marks and letter variants folded), are the same in the same order. With \
            of=article (the default) and structure before it, only the title and body are compared, so \
            the same story under two sites' menus and tickers is found; without structure the whole text \
            is. copies is how many documents share the text (1: none other); group names the set, for \
            count by duplicates.group.
            """,
        options: [ofOption.spec],
        produces: [DuplicatesKey.name],
        summaryFields: ["duplicates.copies", "duplicates.group"]
    )

    static let ofOption = AnalyzerOption<String>(
        "of", choices: ["article", "text"], default: "article", help: "Compare the article (title and body, when structure ran) or the whole text")

    let wholeText: Bool

    public init(options: AnalyzerOptions) throws {
        wholeText = try options[Self.ofOption] == "text"
    }

    /// How many documents have each fingerprint.
    public struct Statistics: CorpusStatistics {
        var copies: [UInt64: Int] = [:]
        public init() {}
        public mutating func merge(_ other: Statistics) { copies.merge(other.copies, uniquingKeysWith: +) }
    }

    public func observe(_ document: Document, into statistics: inout Statistics) {
        guard let fingerprint = fingerprint(of: document) else { return }
        statistics.copies[fingerprint, default: 0] += 1
    }

    public func analyze(_ document: inout Document, corpus: Statistics) {
        guard let fingerprint = fingerprint(of: document) else { return }
        document[DuplicatesKey.self] = Duplicates(copies: corpus.copies[fingerprint] ?? 1, group: fingerprint)
    }

    /// A 64-bit FNV-1a hash of the words' lookup forms, each followed by a space; nil without words.
    func fingerprint(of document: Document) -> UInt64? {
        let text = wholeText ? document.text : document.articleText
        let words = Segmentation.words(in: text)
        guard !words.isEmpty else { return nil }
        let scalars = Array(text.unicodeScalars)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func add(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for span in words {
            for scalar in scalars[span.start..<span.end] {
                WordForms.fold(scalar) { folded in
                    UTF8.encode(folded, into: add)
                }
            }
            add(0x20)
        }
        return hash
    }
}

/// `duplicates` in the record.
public struct Duplicates: AnnotationValue, Equatable {
    /// How many documents of the corpus have this text, this one included.
    public var copies: Int
    /// The fingerprint the copies share.
    public var group: UInt64

    public var jsonValue: JSONValue {
        ["copies": .int(copies), "group": .string(Self.hex(group))]
    }

    public init(copies: Int, group: UInt64) {
        self.copies = copies
        self.group = group
    }

    public init(jsonValue: JSONValue) throws {
        guard let copies = jsonValue["copies"]?.intValue, let text = jsonValue["group"]?.stringValue, let group = UInt64(text, radix: 16) else {
            throw AnnotationDecodingError(annotation: DuplicatesKey.name, reason: "expected {\"copies\": N, \"group\": \"hex\"}")
        }
        self.init(copies: copies, group: group)
    }

    /// 16 hex digits, zero-padded.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

public enum DuplicatesKey: AnnotationKey {
    public typealias Value = Duplicates
    public static let name = "duplicates"
}
