import Foundation
import LectorKit

/// `sentiment`: polarity of the document and of each sentence, from a per-language model (the
/// classification engine over n-grams, with the lexicon's score among its features) where there
/// is one, else from the lexicon alone.
public struct SentimentAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "sentiment",
        summary: "Polarity of the document and each sentence: score in [-1, 1], label, confidence (needs langid)",
        discussion: """
            Models for \(SentimentModels.modelLanguages.joined(separator: ", ")) (trained by scripts/train-sentiment); \
            the lexicon alone (negation, intensifiers, contrast such as but/aber/но/لكن/אבל, emphasis) for \
            \(SentimentModels.lexiconOnlyLanguages.joined(separator: ", ")). Each sentence gets probabilities; the \
            document's are their mean, weighted by length, over the article (title and body) when structure has \
            run. score = P(positive) - P(negative). Romanized Hindi (Hinglish) is recognised by its function \
            words, whatever langid says. Other languages get label "und" with the reason. explain=true adds the \
            words that drove the document's label.
            """,
        options: [modelOption.spec, explainOption.spec, sentencesOption.spec, lexiconOnlyOption.spec],
        requires: [LanguageKey.name],
        produces: [SentimentKey.name],
        summaryFields: ["sentiment.label", "sentiment.score"],
        producesSpans: true
    )

    static let modelOption = AnalyzerOption<String?>(
        path: "model", help: "A model from `lector train` with labels negative, neutral, positive, used for every language")
    static let explainOption = AnalyzerOption<Bool>("explain", default: false, help: "Add the words that drove the document's label")
    static let sentencesOption = AnalyzerOption<Bool>("sentences", default: true, help: "List each sentence's polarity")
    static let lexiconOnlyOption = AnalyzerOption<Bool>("lexicon-only", default: false, help: "Use the lexicon layer alone, without the models")

    let models: SentimentModels
    let userModel: (TextClassifier, FeatureSource?)?
    let explain: Bool
    let listSentences: Bool
    let lexiconOnly: Bool

    /// How much of a sentence's probabilities come from the lexicon layer in an article and in
    /// a short text, and the band around neutral an article's score must leave to be polar:
    /// chosen on Tests/Fixtures/sentiment/dev-articles.jsonl (articles) and the val splits
    /// (short texts), never on the test articles.
    static let articleLength = 500
    static let articleLexiconShare = 0.7
    static let shortLexiconShare = 0.0
    static let articlePositiveAbove = 0.04
    static let articleNegativeBelow = -0.15

    public init(options: AnalyzerOptions) throws {
        models = try SentimentModels.shared()
        if let path = try options[Self.modelOption] {
            do {
                let model = try ModelLoader.load(TextClassifier.self, path: path)
                let missing = Set(SentimentModels.labels).subtracting(model.labels)
                guard missing.isEmpty else {
                    throw ClassifierError("its labels are \(model.labels.joined(separator: ", ")); sentiment needs negative, neutral and positive")
                }
                userModel = (model, try FeatureSource.of(model))
            } catch {
                throw OptionError(analyzer: Self.descriptor.name, option: Self.modelOption.name, message: "model=\(path): \(error)")
            }
        } else {
            userModel = nil
        }
        explain = try options[Self.explainOption]
        listSentences = try options[Self.sentencesOption]
        lexiconOnly = try options[Self.lexiconOnlyOption]
    }

    public func analyze(_ document: inout Document) throws {
        let text = document.text
        let scalars = UTF8Text.scalars(of: text)
        let regions = Self.regions(of: document, length: scalars.count)
        let language = document.current(LanguageKey.self)
        let candidates = models.languages(for: language, text: document.articleText)
        // The first candidate with a model or a lexicon reads it (the romanized Hindi model
        // knows no Devanagari: Devanagari Hindi gets the lexicon).
        var method: Method?
        var code = candidates.first
        if let userModel { method = .model(userModel.0, userModel.1) }
        for candidate in candidates where method == nil {
            if !lexiconOnly, language?.script != "Deva" || candidate != "hi", let (model, source) = try models.model(candidate) {
                method = .model(model, source)
            } else if let scorer = models.scorer(candidate) {
                method = .lexicon(scorer)
            }
            if method != nil { code = candidate }
        }
        // A short Latin-script text none of langid's guesses has a model or lexicon for (a
        // tweet it took for Tagalog or Somali): the model that knows most of its words reads
        // it, if one knows a third of them.
        if method == nil, language?.script == "Latn", let (best, found) = models.bestCoverage(document.text) {
            method = .model(found.0, found.1)
            code = best
        }
        // No words to read, or none in a language we know, but emoji or emoticons ("😈😇"):
        // those mean the same in every language.
        if method == nil, let symbols = models.symbols, symbols.score(document.text).compound != 0 {
            method = .lexicon(symbols)
        }
        guard let method else {
            let name = language.map { "\($0.name) (\($0.code))" } ?? "this language"
            document[SentimentKey.self] = Sentiment(
                label: "und", language: language?.code ?? "und",
                reason: language?.code == "und" || language == nil
                    ? "the language is undetermined" : "no sentiment model or lexicon for \(name)")
            return
        }
        var sentences: [Sentiment.Sentence] = []
        var mean = [Double](repeating: 0, count: 3)
        var totalWeight = 0.0
        var scored: [(span: Span, model: [Double], lexicon: [Double]?, weight: Double)] = []
        for region in regions {
            var spans = Segmentation.sentences(in: region.count == scalars.count ? scalars : Array(scalars[region]))
            // A line of emoji alone is no sentence to the segmenter, but it says something.
            if spans.isEmpty, case .lexicon = method, scalars[region].contains(where: { $0.value >= 0x2000 }) {
                spans = [Span(start: 0, end: region.count)]
            }
            for span in spans {
                let start = region.lowerBound + span.start, end = region.lowerBound + span.end
                let (main, lexicon) = method.probabilities(values: scalars[start..<end].map(\.value))
                scored.append((Span(start: start, end: end), main, lexicon, Double(max(1, min(40, (span.end - span.start) / 6)))))
            }
        }
        // An article (a title or paragraphs on lines of their own, three sentences or more and
        // 500 characters) leans on the lexicon layer, which holds up on news better than models
        // trained on tweets; a short text or a comment of one paragraph, however long, is what
        // the models know, and they read it whole, as they were trained.
        // Lines are counted only for a text long enough to be an article.
        let article = scored.count >= 3 && regions.map(\.count).reduce(0, +) >= Self.articleLength
            && (regions.count > 1 || TextLines.with(document.text) { $0.lines.filter { !$0.isBlank }.count } >= 2)
        let lexiconShare = article ? Self.articleLexiconShare : Self.shortLexiconShare
        for item in scored {
            var probabilities = item.model
            if let lexicon = item.lexicon { probabilities = zip(probabilities, lexicon).map { (1 - lexiconShare) * $0 + lexiconShare * $1 } }
            for index in 0..<3 { mean[index] += item.weight * probabilities[index] }
            totalWeight += item.weight
            if listSentences { sentences.append(Sentiment.Sentence(span: item.span, probabilities: probabilities)) }
        }
        guard totalWeight > 0 else {
            document[SentimentKey.self] = Sentiment(label: "und", language: code ?? "und", reason: "the text has no sentences")
            return
        }
        mean = mean.map { $0 / totalWeight }
        // The text read (title and body after structure), made only when it is needed.
        var whole: String { regions.map { UTF8Text.string(scalars[$0]) }.joined(separator: "\n") }
        if !article && scored.count > 1 { mean = method.probabilities(values: whole.unicodeScalars.map(\.value)).main }
        var result = Sentiment(probabilities: mean, language: code ?? "und", method: method.name)
        if article {
            // News reads more negative than it is to models and lexicons alike: an article is
            // polar only beyond a band around neutral, set on the dev articles.
            let score = mean[2] - mean[0]
            result.label = score > Self.articlePositiveAbove ? "positive" : score < Self.articleNegativeBelow ? "negative" : "neutral"
            result.confidence = mean[SentimentModels.labels.firstIndex(of: result.label)!]
        }
        result.sentences = listSentences ? sentences : nil
        if explain {
            result.drivers = method.drivers(whole, label: SentimentModels.labels.firstIndex(of: result.label) ?? 1)
        }
        document[SentimentKey.self] = result
    }

    /// The parts of the text to read: the title and body lines when `structure` has run on this
    /// text, else all of it.
    static func regions(of document: Document, length: Int) -> [Range<Int>] {
        guard let structure = document.current(StructureKey.self), !structure.lines.isEmpty else { return [0..<length] }
        let lines = structure.lines.filter { $0.role == .title || $0.role == .body }.map { $0.span.start..<min($0.span.end, length) }
        return lines.isEmpty ? [0..<length] : lines
    }

    enum Method {
        case model(TextClassifier, FeatureSource?)
        case lexicon(LexiconScorer)

        var name: String {
            switch self {
            case .model(_, let source): source == nil ? "model" : "model+lexicon"
            case .lexicon: "lexicon"
            }
        }

        /// Probabilities of negative, neutral, positive of a text given as scalar values: the
        /// model's (or the lexicon's, without a model), and the lexicon layer's when it stands
        /// beside a model. The lexicon reads the text once, for both the model's features and its own vote.
        func probabilities(values: [UInt32]) -> (main: [Double], lexicon: [Double]?) {
            switch self {
            case .model(let model, let source):
                let score = source?.scorer?.score(values: values)
                let extras = score?.features ?? source?.features(UTF8Text.string(values.compactMap(Unicode.Scalar.init))) ?? []
                let probabilities = values.withUnsafeBufferPointer { model.probabilities(values: $0, extras: extras) }
                let ordered = SentimentModels.labels.map { label in model.labels.firstIndex(of: label).map { probabilities[$0] } ?? 0 }
                return (ordered, score.map { SentimentModels.lexiconProbabilities($0.compound) })
            case .lexicon(let scorer):
                return (SentimentModels.lexiconProbabilities(scorer.score(values: values).compound), nil)
            }
        }

        func drivers(_ text: String, label: Int) -> [TextClassifier.Evidence] {
            switch self {
            case .model(let model, let source):
                guard let index = model.labels.firstIndex(of: SentimentModels.labels[label]) else { return [] }
                // The model's word n-grams (character n-grams and the lexicon's summary features
                // are no words to show), and the lexicon's own words, which count in its features
                // and in an article's vote.
                var totals: [String: Double] = [:]
                for evidence in model.explain(text, extras: source?.features(text) ?? [], label: index, top: 60) where evidence.feature.hasPrefix("w:") {
                    totals[String(evidence.feature.dropFirst(2)), default: 0] += evidence.weight
                }
                if let scorer = source?.scorer, label != 1 {
                    let sign = label == 0 ? -1.0 : 1.0
                    for driver in scorer.score(text, drivers: true).drivers { totals[driver.word, default: 0] += sign * Double(driver.valence) / 4 }
                }
                return TextClassifier.Evidence.strongest(totals, top: 12)
            case .lexicon(let scorer):
                var totals: [String: Double] = [:]
                for driver in scorer.score(text, drivers: true).drivers { totals[driver.word, default: 0] += Double(driver.valence) }
                return TextClassifier.Evidence.strongest(totals, top: 12)
            }
        }
    }
}

/// The shipped sentiment models and lexicon, loaded once.
final class SentimentModels: Sendable {
    static let labels = ["negative", "neutral", "positive"]
    static let hindiCoverageMargin = 0.15
    static let modelLanguages = ["ar", "de", "en", "es", "fr", "he", "hi", "it", "pt", "ru"]
    static let lexiconOnlyLanguages = ["fa", "tr", "uk"]

    /// The models loaded so far, with the source of their extra features: each on first use,
    /// so that a run over one language loads one.
    private let models = ShippedModels(prefix: "sentiment", languages: Set(modelLanguages)) { try FeatureSource.of($0) }
    let lexicon: SentimentLexicon
    let scorers: [String: LexiconScorer]
    /// Emoji and emoticons only, for a text with nothing else to go on.
    let symbols: LexiconScorer?

    private init() throws {
        lexicon = try SentimentLexicon.shipped()
        let lexicon = self.lexicon
        scorers = Dictionary(uniqueKeysWithValues: lexicon.languages.keys.compactMap { code in LexiconScorer(lexicon: lexicon, language: code).map { (code, $0) } })
        symbols = LexiconScorer(lexicon: lexicon, language: "*")
    }

    private static let loaded = Result { try SentimentModels() }
    static func shared() throws -> SentimentModels { try loaded.get() }

    func scorer(_ code: String) -> LexiconScorer? { scorers[code] }



    /// Latin-script languages with a model.
    static let latinModelLanguages = ["de", "en", "es", "fr", "hi", "it", "pt"]

    /// For a short text: the Latin-script model that knows the largest share of its words, when
    /// that share is a third or more.
    func bestCoverage(_ text: String) -> (String, (TextClassifier, FeatureSource?))? {
        guard text.utf8.count < 600 else { return nil }
        var best: (code: String, loaded: (TextClassifier, FeatureSource?), coverage: Double)?
        for code in Self.latinModelLanguages {
            guard let loaded = try? model(code) else { continue }
            let coverage = loaded.0.coverage(text)
            if coverage >= 1.0 / 3, coverage > best?.coverage ?? 0 { best = (code, loaded, coverage) }
        }
        return best.map { ($0.code, $0.loaded) }
    }

    /// The shipped model for a language and the source of its extra features, if there is one.
    func model(_ code: String) throws -> (TextClassifier, FeatureSource?)? { try models.model(code) }

    /// The languages whose model or lexicon may read the text, best first: langid's answer and
    /// its alternatives (a tweet langid takes for Tagalog is read as the English it also
    /// suggests); Latin-script text with enough Hindi function words is romanized Hindi first
    /// (langid calls it en, id or ms).
    func languages(for result: LanguageResult?, text: String) -> [String] {
        guard let result, result.code != "und" else { return [] }
        let guesses = [result.code] + result.alternatives.map(\.code)
        // Romanized Hindi is tweets and comments: a long text langid is sure of is not checked.
        if result.script == "Latn", text.utf8.count < 3000 || result.confidence < 0.9,
           Self.looksHinglish(text) || prefersHindiModel(text, over: guesses[0]) {
            return ["hi"] + guesses.filter { $0 != "hi" }
        }
        return guesses
    }

    /// For a short Latin-script text: whether the romanized Hindi model knows clearly more of its
    /// words than the model of the language langid chose (tweets mix Hindi and English); a
    /// language without a model keeps its lexicon.
    func prefersHindiModel(_ text: String, over code: String) -> Bool {
        guard code != "hi", text.utf8.count < 600, let hindi = try? model("hi"), let other = try? model(code) else { return false }
        return hindi.0.coverage(text) > other.0.coverage(text) + Self.hindiCoverageMargin
    }

    /// Romanized Hindi function words (pronouns, postpositions, auxiliaries, particles).
    static let hinglishWords: Set<String> = [
        "hai", "hain", "tha", "thi", "the", "ho", "hoga", "hogi", "nahi", "nahin", "nhi", "kya", "kyu", "kyun", "ka", "ki", "ke", "ko",
        "se", "mein", "me", "main", "mai", "hum", "tum", "aap", "ap", "yeh", "ye", "woh", "wo", "vo", "ek", "aur", "bhi", "toh", "to",
        "koi", "kuch", "sab", "bahut", "bohot", "bhai", "ji", "kar", "karo", "kiya", "raha", "rahe", "rahi", "gaya", "gayi", "diya",
        "liye", "mera", "meri", "tera", "teri", "apna", "apni", "unka", "uska", "iska", "jab", "tab", "agar", "lekin", "par", "acha",
        "accha", "achha", "abhi", "sirf", "wala", "wale", "wali", "hota", "hoti", "kaise", "kaun", "kahan", "yaar", "jo",
        "gya", "gye", "hua", "hui", "kyuki", "kyunki", "magar", "yahi", "wahi", "saala", "mat", "mt", "bas", "pe", "hy", "nai", "kab",
    ]

    static func looksHinglish(_ text: String) -> Bool {
        var words = 0, hindi = 0, strong = 0
        let scalars = Array(text.unicodeScalars.prefix(4000))
        for span in Segmentation.words(in: UTF8Text.string(scalars)).prefix(400) {
            let word = WordForms.lookupForm(UTF8Text.string(scalars[span.start..<span.end]))
            words += 1
            if hinglishWords.contains(word) {
                hindi += 1
                // Words English, Indonesian and Malay do not have.
                if !["the", "to", "me", "main", "ho", "par", "se", "jo", "ke", "ka", "ki", "ye", "ko", "ji", "ap", "mai", "ek", "kar", "wo", "vo"].contains(word) { strong += 1 }
            }
        }
        // Short texts (tweets) carry few function words: one distinctive word and a quarter of them will do.
        return strong >= 1 && (hindi >= 2 && Double(hindi) >= 0.12 * Double(words) || 4 * hindi >= words)
    }

    /// Probabilities from a lexicon compound score: neutral near 0, polar beyond ±0.05 (VADER's
    /// thresholds), more confident as the compound grows.
    static func lexiconProbabilities(_ compound: Float) -> [Double] {
        let c = Double(compound)
        if abs(c) < 0.05 { return [0.2, 0.6, 0.2] }
        let strength = 0.45 + 0.5 * abs(c)
        let rest = (1 - strength) / 2
        return c > 0 ? [rest, rest, strength] : [strength, rest, rest]
    }
}

/// `sentiment` in the record.
public struct Sentiment: AnnotationValue, Equatable {
    public struct Sentence: Sendable, Equatable {
        public var span: Span
        public var score: Double
        public var label: String
        public var confidence: Double

        init(span: Span, probabilities p: [Double]) {
            let best = p.indices.max { p[$0] < p[$1] }!
            self.span = span
            score = p[2] - p[0]
            label = SentimentModels.labels[best]
            confidence = p[best]
        }

        init(span: Span, score: Double, label: String, confidence: Double) {
            self.span = span
            self.score = score
            self.label = label
            self.confidence = confidence
        }
    }

    public var label: String
    public var score: Double?
    public var confidence: Double?
    public var language: String
    public var method: String?
    public var reason: String?
    public var sentences: [Sentence]?
    public var drivers: [TextClassifier.Evidence]?

    init(label: String, language: String, reason: String) {
        self.label = label
        self.language = language
        self.reason = reason
    }

    init(probabilities: [Double], language: String, method: String) {
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        label = SentimentModels.labels[best]
        score = probabilities[2] - probabilities[0]
        confidence = probabilities[best]
        self.language = language
        self.method = method
    }

    static func rounded(_ value: Double) -> JSONValue { .double((value * 1000).rounded() / 1000) }

    static func sentenceJSON(_ sentence: Sentence) -> JSONValue {
        ["start": .int(sentence.span.start), "end": .int(sentence.span.end), "score": rounded(sentence.score),
         "label": .string(sentence.label), "confidence": rounded(sentence.confidence)]
    }

    public var jsonValue: JSONValue {
        var object: JSONObject = [:]
        if let score { object["score"] = Self.rounded(score) }
        object["label"] = .string(label)
        if let confidence { object["confidence"] = Self.rounded(confidence) }
        object["language"] = .string(language)
        if let method { object["method"] = .string(method) }
        if let reason { object["reason"] = .string(reason) }
        if let sentences { object["sentences"] = .array(sentences.map(Self.sentenceJSON)) }
        if let drivers { object["drivers"] = .array(drivers.map { ["text": .string($0.feature), "weight": Self.rounded($0.weight)] }) }
        return .object(object)
    }

    public init(jsonValue: JSONValue) throws {
        guard let label = jsonValue["label"]?.stringValue else { throw AnnotationDecodingError(annotation: SentimentKey.name, reason: "expected an object with \"label\"") }
        self.label = label
        score = jsonValue["score"]?.doubleValue
        confidence = jsonValue["confidence"]?.doubleValue
        language = jsonValue["language"]?.stringValue ?? "und"
        method = jsonValue["method"]?.stringValue
        reason = jsonValue["reason"]?.stringValue
        sentences = jsonValue["sentences"]?.arrayValue?.compactMap { item in
            guard let start = item["start"]?.intValue, let end = item["end"]?.intValue, let score = item["score"]?.doubleValue,
                  let label = item["label"]?.stringValue, let confidence = item["confidence"]?.doubleValue else { return nil }
            return Sentence(span: Span(start: start, end: end), score: score, label: label, confidence: confidence)
        }
        drivers = jsonValue["drivers"]?.arrayValue?.compactMap { item in
            guard let text = item["text"]?.stringValue, let weight = item["weight"]?.doubleValue else { return nil }
            return TextClassifier.Evidence(feature: text, weight: weight)
        }
    }
}

public enum SentimentKey: AnnotationKey {
    public typealias Value = Sentiment
    public static let name = "sentiment"
}
