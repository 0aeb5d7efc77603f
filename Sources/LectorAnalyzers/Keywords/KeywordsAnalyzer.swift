import Foundation
import LectorKit

/// `keywords`: the key phrases of a document, YAKE's way (statistics of the document alone:
/// where a word stands, how often, how it is cased, how varied its neighbours are); with
/// contrast=true, what the document stresses compared with the rest of the corpus.
public struct KeywordsAnalyzer: CorpusAnalyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "keywords",
        summary: "The key phrases of each document (YAKE's statistics); contrast=true: what it stresses against the corpus",
        discussion: """
            Candidates are runs of one to three words inside a sentence that neither start nor end with a stop \
            word of the document's language (stopwords-iso, 58 languages). Each word is scored as YAKE scores \
            it: capitalised inside sentences, early, frequent without being everywhere, with few different \
            neighbours; a phrase by its words and its own frequency; near-repeats of a better phrase are left out. \
            score is relative: 1 for the best. contrast=true reads the whole corpus first (the documents in \
            view; the input twice in lector analyze) and weighs each phrase by how few other documents have it, \
            so that a story's own angle comes first. Reads the title and body when structure has run.
            """,
        options: [topOption.spec, contrastOption.spec],
        produces: [KeywordsKey.name],
        summaryFields: ["keywords.text"]
    )

    static let topOption = AnalyzerOption<Int>("top", default: 10, range: 1...100, help: "How many key phrases to list")
    static let contrastOption = AnalyzerOption<Bool>("contrast", default: false, help: "Rank by what the document stresses against the rest of the corpus")

    let top: Int
    let contrast: Bool
    let stopWords: StopWords

    public init(options: AnalyzerOptions) throws {
        top = try options[Self.topOption]
        contrast = try options[Self.contrastOption]
        stopWords = try ModelLoader.load(StopWords.self, resource: "Models/stopwords.bin", in: Bundle.module)
    }

    public struct Statistics: CorpusStatistics {
        var documents = 0
        var frequency: [UInt64: Int] = [:]
        public init() {}
        public mutating func merge(_ other: Statistics) {
            documents += other.documents
            frequency.merge(other.frequency, uniquingKeysWith: +)
        }
    }

    public func observe(_ document: Document, into statistics: inout Statistics) {
        guard contrast else { return }
        statistics.documents += 1
        for key in Set(candidates(of: document, limit: 100).map(\.key)) { statistics.frequency[key, default: 0] += 1 }
    }

    public func analyze(_ document: inout Document, corpus: Statistics) {
        var ranked = candidates(of: document, limit: contrast ? 100 : top)
        if contrast, corpus.documents > 1 {
            // YAKE's score is lower for better phrases; one the rest of the corpus also has
            // counts for less: the score grows as the share of documents that have it.
            for index in ranked.indices {
                let others = Double(max(0, (corpus.frequency[ranked[index].key] ?? 1) - 1))
                ranked[index].score *= 1 + 4 * others / Double(corpus.documents - 1)
            }
            ranked.sort { $0.score < $1.score }
        }
        let chosen = Array(ranked.prefix(top))
        let best = chosen.first?.score ?? 1
        document[KeywordsKey.self] = Keywords(chosen.map { Keywords.Keyword(text: $0.text, score: best > 0 ? best / $0.score : 1) })
    }

    struct Candidate {
        var span: Range<Int>
        var text = ""
        var key: UInt64
        var words: [UInt64]
        var score: Double
    }

    /// The document's best candidate phrases (lowest YAKE score first, `limit` of them),
    /// near-repeats left out.
    func candidates(of document: Document, limit: Int) -> [Candidate] {
        let text = document.articleText
        let scalars = UTF8Text.scalars(of: text)
        let words = EntityText(scalars)
        guard !words.words.isEmpty else { return [] }
        let stop = stopWords.languages[document.current(LanguageKey.self)?.code ?? "und"] ?? []
        // Sentences: a new one starts at each word marked so.
        var sentence = 0
        var sentenceOf: [Int] = []
        for word in words.words {
            if word.flags.contains(.sentenceStart), !sentenceOf.isEmpty { sentence += 1 }
            sentenceOf.append(sentence)
        }
        let sentenceCount = sentence + 1
        func isStop(_ word: EntityText.Word) -> Bool {
            if stop.contains(word.key) || words.length(word) < 2 { return true }
            if word.flags.contains(.arabic) || word.flags.contains(.hebrew) {
                let variants = words.variants(of: word)
                return (1..<max(1, variants.count)).contains { stop.contains(variants.keys[$0]) }
            }
            // Numbers alone are no key phrase.
            return (0..<words.length(word)).allSatisfy { words.foldedValue(word, $0) < 0x3A && words.foldedValue(word, $0) >= 0x30 }
        }
        let stops = words.words.map(isStop)
        // Term statistics.
        struct Term { var count = 0, capitalised = 0, sentences = Set<Int>(), left = Set<UInt64>(), right = Set<UInt64>(), leftCount = 0, rightCount = 0 }
        var terms: [UInt64: Term] = [:]
        for (index, word) in words.words.enumerated() where !stops[index] {
            var term = terms[word.key] ?? Term()
            term.count += 1
            if word.flags.contains(.capitalised) && !word.flags.contains(.sentenceStart) || word.flags.contains(.capitals) { term.capitalised += 1 }
            term.sentences.insert(sentenceOf[index])
            if index > 0, sentenceOf[index - 1] == sentenceOf[index] { term.left.insert(words.words[index - 1].key); term.leftCount += 1 }
            if index + 1 < words.words.count, sentenceOf[index + 1] == sentenceOf[index] { term.right.insert(words.words[index + 1].key); term.rightCount += 1 }
            terms[word.key] = term
        }
        guard !terms.isEmpty else { return [] }
        let counts = terms.values.map { Double($0.count) }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let deviation = (counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(counts.count)).squareRoot()
        let maxCount = counts.max() ?? 1
        var termScore: [UInt64: Double] = [:]
        for (key, term) in terms {
            let count = Double(term.count)
            let casing = Double(term.capitalised) / (1 + log(count))
            let position = log(log(3 + Double(term.sentences.sorted()[term.sentences.count / 2])))
            let frequency = count / (mean + deviation)
            let leftVariety = term.leftCount > 0 ? Double(term.left.count) / Double(term.leftCount) : 0
            let rightVariety = term.rightCount > 0 ? Double(term.right.count) / Double(term.rightCount) : 0
            let relatedness = 1 + (leftVariety + rightVariety) * count / maxCount
            let spread = Double(term.sentences.count) / Double(sentenceCount)
            termScore[key] = relatedness * position / (casing + frequency / relatedness + spread / relatedness)
        }
        // Phrases of one to three words inside a sentence, not starting or ending with a stop word.
        var phrases: [UInt64: (span: Range<Int>, words: [UInt64], count: Int)] = [:]
        for start in words.words.indices where !stops[start] {
            var keys: [UInt64] = []
            var end = start
            while end < words.words.count, end - start < 3 {
                if end > start, !words.words[end].flags.contains(.spaced) || sentenceOf[end] != sentenceOf[start] { break }
                keys.append(words.words[end].key)
                if !stops[end] {
                    var key: UInt64 = 0xCBF2_9CE4_8422_2325
                    for k in keys { key = (key ^ k) &* 0x100_0000_01B3 }
                    if phrases[key] == nil { phrases[key] = (words.words[start].start..<words.words[end].end, keys, 0) }
                    phrases[key]!.count += 1
                }
                end += 1
            }
        }
        var candidates: [Candidate] = phrases.map { key, phrase in
            var product = 1.0, sum = 0.0
            for word in phrase.words {
                guard let score = termScore[word] else { continue }  // a stop word inside
                product *= score
                sum += score
            }
            return Candidate(span: phrase.span, key: key, words: phrase.words, score: product / (Double(phrase.count) * (1 + sum)))
        }
        candidates.sort { ($0.score, $0.span.lowerBound) < ($1.score, $1.span.lowerBound) }
        // A phrase that shares half its words or more with a better one repeats it.
        var chosen: [Candidate] = []
        var chosenWords: [Set<UInt64>] = []
        for candidate in candidates {
            guard chosen.count < limit else { break }
            let words = Set(candidate.words)
            if chosenWords.contains(where: { 2 * $0.intersection(words).count >= words.count }) { continue }
            var named = candidate
            named.text = UTF8Text.string(scalars[candidate.span])
            chosen.append(named)
            chosenWords.append(words)
        }
        return chosen
    }
}

/// Stop words by language (Scripts/keywords/build_stopwords.py documents the file).
final class StopWords: LoadableModel, Sendable {
    static let format = ModelFormat(magic: "LECTSTOP", version: 1, name: "stop-word list", rebuild: "python3 Scripts/keywords/build_stopwords.py")

    let languages: [String: Set<UInt64>]

    init(file: ModelFile) throws(ModelError) {
        var languages: [String: Set<UInt64>] = [:]
        try WordKeys.forEachLine(of: file) { (lineNumber, fields, bytes) throws(ModelError) in
            guard fields.count == 2 else { throw file.damaged("line \(lineNumber) is not LANG, WORD") }
            languages[WordKeys.text(bytes, fields[0]), default: []].insert(WordKeys.key(WordKeys.text(bytes, fields[1]).unicodeScalars.map(\.value)))
        }
        self.languages = languages
    }
}

/// `keywords` in the record: best first.
public struct Keywords: AnnotationValue, Equatable {
    public struct Keyword: Sendable, Equatable {
        public var text: String
        public var score: Double

        init(text: String, score: Double) {
            self.text = text
            self.score = (score * 1000).rounded() / 1000
        }
    }

    public var keywords: [Keyword]

    public init(_ keywords: [Keyword]) { self.keywords = keywords }

    public var jsonValue: JSONValue { .array(keywords.map { ["text": .string($0.text), "score": .double($0.score)] }) }

    public init(jsonValue: JSONValue) throws {
        guard let items = jsonValue.arrayValue else { throw AnnotationDecodingError(annotation: KeywordsKey.name, reason: "expected an array of key phrases") }
        keywords = try items.map { item in
            guard let text = item["text"]?.stringValue else { throw AnnotationDecodingError(annotation: KeywordsKey.name, reason: "each key phrase needs a text") }
            return Keyword(text: text, score: item["score"]?.doubleValue ?? 0)
        }
    }
}

public enum KeywordsKey: AnnotationKey {
    public typealias Value = Keywords
    public static let name = "keywords"
}
