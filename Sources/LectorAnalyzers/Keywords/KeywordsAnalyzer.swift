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
        let list = words.words
        guard !list.isEmpty else { return [] }
        let stop = stopWords.languages[document.current(LanguageKey.self)?.code ?? "und"] ?? KeyTable()
        // Sentences: a new one starts at each word marked so.
        var sentenceOf = [Int](repeating: 0, count: list.count)
        var sentence = 0
        for index in list.indices {
            if index > 0, list[index].flags.contains(.sentenceStart) { sentence += 1 }
            sentenceOf[index] = sentence
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
        let stops = list.map(isStop)
        // Term statistics: each word that is no stop word is a term, numbered as first seen.
        struct Term { var count = 0, capitalised = 0, sentences = 0, lastSentence = -1, medianSentence = 0, left = 0, right = 0, leftCount = 0, rightCount = 0 }
        var terms: [Term] = []
        var termOf = [Int](repeating: -1, count: list.count)
        var numbering = KeyNumbering(capacity: list.count / 2)
        // A term and a neighbour on one side, to count the different neighbours.
        var neighbours = KeyNumbering(capacity: list.count)
        func neighbour(_ term: Int, _ key: UInt64, side: UInt64) -> UInt64 { (key &* 0x9E37_79B9_7F4A_7C15) ^ ((UInt64(term) << 1 | side) &* 0xC2B2_AE3D_27D4_EB4F) }
        for (index, word) in list.enumerated() where !stops[index] {
            let (term, new) = numbering.number(word.key)
            if new { terms.append(Term()) }
            termOf[index] = term
            terms[term].count += 1
            if word.flags.contains(.capitalised) && !word.flags.contains(.sentenceStart) || word.flags.contains(.capitals) { terms[term].capitalised += 1 }
            if terms[term].lastSentence != sentenceOf[index] {
                terms[term].sentences += 1
                terms[term].lastSentence = sentenceOf[index]
            }
            if index > 0, sentenceOf[index - 1] == sentenceOf[index] {
                terms[term].leftCount += 1
                if neighbours.number(neighbour(term, list[index - 1].key, side: 0)).new { terms[term].left += 1 }
            }
            if index + 1 < list.count, sentenceOf[index + 1] == sentenceOf[index] {
                terms[term].rightCount += 1
                if neighbours.number(neighbour(term, list[index + 1].key, side: 1)).new { terms[term].right += 1 }
            }
        }
        guard !terms.isEmpty else { return [] }
        // The median of each term's sentences: the one its count/2-th new sentence is.
        var seen = [Int](repeating: 0, count: terms.count)
        for index in list.indices where termOf[index] >= 0 {
            let term = termOf[index]
            if seen[term] == 0 || terms[term].lastSentence != sentenceOf[index] {
                if seen[term] == terms[term].sentences / 2 { terms[term].medianSentence = sentenceOf[index] }
                seen[term] += 1
                terms[term].lastSentence = sentenceOf[index]
            }
        }
        let counts = terms.map { Double($0.count) }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let deviation = (counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(counts.count)).squareRoot()
        let maxCount = counts.max() ?? 1
        let termScore = terms.map { term in
            let count = Double(term.count)
            let casing = Double(term.capitalised) / (1 + log(count))
            let position = log(log(3 + Double(term.medianSentence)))
            let frequency = count / (mean + deviation)
            let leftVariety = term.leftCount > 0 ? Double(term.left) / Double(term.leftCount) : 0
            let rightVariety = term.rightCount > 0 ? Double(term.right) / Double(term.rightCount) : 0
            let relatedness = 1 + (leftVariety + rightVariety) * count / maxCount
            let spread = Double(term.sentences) / Double(sentenceCount)
            return relatedness * position / (casing + frequency / relatedness + spread / relatedness)
        }
        // Phrases of one to three words inside a sentence, not starting or ending with a stop
        // word, keyed by their words' keys: where each first stands, and how often.
        var phrases: [(key: UInt64, start: Int, length: Int, count: Int)] = []
        var phraseNumbering = KeyNumbering(capacity: list.count)
        for start in list.indices where !stops[start] {
            var key = WordKeys.basis
            var end = start
            while end < list.count, end - start < 3 {
                if end > start, !list[end].flags.contains(.spaced) || sentenceOf[end] != sentenceOf[start] { break }
                key = (key ^ list[end].key) &* WordKeys.prime
                if !stops[end] {
                    let (phrase, new) = phraseNumbering.number(key)
                    if new { phrases.append((key, start, end - start + 1, 0)) }
                    phrases[phrase].count += 1
                }
                end += 1
            }
        }
        var ranked: [(score: Double, offset: Int, phrase: Int)] = phrases.enumerated().map { number, phrase in
            var product = 1.0, sum = 0.0
            for index in phrase.start..<(phrase.start + phrase.length) where termOf[index] >= 0 {  // a stop word inside has no score
                product *= termScore[termOf[index]]
                sum += termScore[termOf[index]]
            }
            return (product / (Double(phrase.count) * (1 + sum)), list[phrase.start].start, number)
        }
        ranked.sort { ($0.score, $0.offset) < ($1.score, $1.offset) }
        // A phrase that shares half its words or more with a better one repeats it.
        var chosen: [Candidate] = []
        var chosenWords: [Set<UInt64>] = []
        for item in ranked {
            guard chosen.count < limit else { break }
            let phrase = phrases[item.phrase]
            let keys = list[phrase.start..<(phrase.start + phrase.length)].map(\.key)
            let words = Set(keys)
            if chosenWords.contains(where: { 2 * $0.intersection(words).count >= words.count }) { continue }
            let span = list[phrase.start].start..<list[phrase.start + phrase.length - 1].end
            chosen.append(Candidate(span: span, text: UTF8Text.string(scalars[span]), key: phrase.key, words: keys, score: item.score))
            chosenWords.append(words)
        }
        return chosen
    }
}

/// Stop words by language (Scripts/keywords/build_stopwords.py documents the file).
final class StopWords: LoadableModel, Sendable {
    static let format = ModelFormat(magic: "LECTSTOP", version: 1, name: "stop-word list", rebuild: "python3 Scripts/keywords/build_stopwords.py")

    let languages: [String: KeyTable<Bool>]

    init(file: ModelFile) throws(ModelError) {
        var languages: [String: [UInt64: Bool]] = [:]
        try WordKeys.forEachLine(of: file) { (lineNumber, fields, bytes) throws(ModelError) in
            guard fields.count == 2 else { throw file.damaged("line \(lineNumber) is not LANG, WORD") }
            languages[WordKeys.text(bytes, fields[0]), default: [:]][WordKeys.key(WordKeys.text(bytes, fields[1]).unicodeScalars.map(\.value))] = true
        }
        self.languages = languages.mapValues { KeyTable($0) }
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
