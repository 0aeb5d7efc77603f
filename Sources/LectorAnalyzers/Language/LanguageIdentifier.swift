import Foundation
import LectorKit

/// `langid`: the language of a text, from a single word to a whole article.
///
/// A rule stage on scripts first: a script written by one language decides it (Hangul, Greek,
/// Hebrew...), and others narrow the candidates (Cyrillic to eight languages). Then a naive
/// Bayes score over character 2- to 4-grams and whole words, for the candidates only
/// (unigrams cost a third of the time and gained nothing, so the model has none).
public struct LanguageIdentifier: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "langid",
        summary: "Identifies the language (75 languages): ISO 639-1 code, script, confidence, alternatives",
        discussion: """
            Scripts narrow the candidates first (a script of one language decides it); character \
            n-grams and word frequencies, trained from news text, the UDHR and subtitle word lists, \
            rank the rest. `und` when the text has no letters or the best guess is under \
            min-confidence. mode=segments also gives language spans line by line, merged when \
            neighbours agree. On a web page (--input html), the language the page declares (page.lang) \
            counts as four to one in its favour: it settles a close call between languages the text \
            fits equally, and never outweighs the text (not with hints=, which replace it).
            """,
        options: [topOption.spec, hintsOption.spec, onlyOption.spec, minConfidenceOption.spec, modeOption.spec, modelOption.spec],
        produces: [LanguageKey.name],
        summaryFields: ["language.code", "language.confidence"],
        producesSpans: true
    )

    static let topOption = AnalyzerOption<Int>("top", default: 3, range: 1...75, help: "How many hypotheses to report, the best included")
    static let hintsOption = AnalyzerOption<String>("hints", help: "Prior probabilities, such as de:0.6,nl:0.2")
    static let onlyOption = AnalyzerOption<[String]>("only", allowed: Languages.names.keys.sorted(), help: "Allowed languages, such as ar,fa,ur")
    static let minConfidenceOption = AnalyzerOption<Double>("min-confidence", default: 0, range: 0...1, help: "Answer und below this confidence")
    static let modeOption = AnalyzerOption<String>(
        "mode", choices: ["document", "segments"], default: "document", help: "segments: also a language per span of lines")
    static let modelOption = AnalyzerOption<String?>(
        path: "model", help: "A language model file built by scripts/train-langid (default: the one shipped with Lector)")

    let model: LanguageModel
    let scalars: ScalarTable
    let top: Int
    /// Prior weights by model index (empty without hints), and the weight left for the others.
    let priors: [Double]
    let hintTotal: Double
    let hintCount: Int
    let minConfidence: Double
    let segments: Bool
    /// For each scalar class (script), the model indices of the languages written in it that
    /// `only` allows.
    let allowedByScript: [[Int]]
    let hiragana: UInt8?, katakana: UInt8?, han: UInt8?
    let chinese: Int?, japanese: Int?

    public init(options: AnalyzerOptions) throws {
        if let path = try options[Self.modelOption] {
            do {
                model = try ModelLoader.load(LanguageModel.self, path: path)
            } catch {
                throw OptionError(analyzer: Self.descriptor.name, option: Self.modelOption.name, message: "model=\(path): \(error)")
            }
        } else {
            model = try LanguageModel.shipped()
        }
        scalars = ScalarTable.shared
        let model = self.model, scalars = self.scalars
        let only = Set(try options[Self.onlyOption])
        allowedByScript = scalars.scripts.map { code in
            (Languages.byScript[code] ?? []).compactMap { model.languages.firstIndex(of: $0) }
                .filter { only.isEmpty || only.contains(Languages.code(ofModel: model.languages[$0])) }
        }
        hiragana = scalars.scriptClass(of: "Hira")
        katakana = scalars.scriptClass(of: "Kana")
        han = scalars.scriptClass(of: "Hani")
        chinese = model.languages.firstIndex(of: "zh")
        japanese = model.languages.firstIndex(of: "ja")
        top = try options[Self.topOption]
        minConfidence = try options[Self.minConfidenceOption]
        segments = try options[Self.modeOption] == "segments"
        let hints = try Self.parseHints(options[Self.hintsOption])
        priors = hints.isEmpty ? [] : model.languages.map { hints[Languages.code(ofModel: $0)] ?? 0 }
        hintTotal = hints.values.reduce(0, +)
        hintCount = hints.count
    }

    static func parseHints(_ text: String) throws -> [String: Double] {
        var priors: [String: Double] = [:]
        for item in text.split(separator: ",") where !item.trimmingWhitespace().isEmpty {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let weight = Double(parts[1].trimmingWhitespace()), weight > 0, weight <= 1 else {
                throw OptionError(analyzer: "langid", option: "hints", message: "hints are code:weight pairs with weights in (0, 1], such as de:0.6,nl:0.2; not '\(item)'")
            }
            let code = parts[0].trimmingWhitespace()
            guard Languages.names[code] != nil else {
                throw OptionError(analyzer: "langid", option: "hints", message: "hints: unknown language '\(code)'",
                                  suggestion: closestMatch(to: code, in: Languages.names.keys.sorted()))
            }
            priors[code] = weight
        }
        if priors.values.reduce(0, +) > 1.0001 { throw OptionError(analyzer: "langid", option: "hints", message: "hints add up to more than 1") }
        return priors
    }

    /// How much more likely a web page's declared language (`page.lang`, `<html lang>`) is
    /// than the text alone says: enough to settle a close call, never enough to outweigh the
    /// text. Not used with `hints`, which say what the user knows of the corpus.
    static let declaredLanguageOdds = 4.0

    /// The language a web page declares (`en-GB` is `en`).
    func declaredLanguage(_ document: Document) -> String? {
        guard priors.isEmpty, let lang = document.metadata["page"]?.objectValue?["lang"]?.stringValue else { return nil }
        return lang.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() }
    }

    public func analyze(_ document: inout Document) {
        var result = identify(document.text, declared: declaredLanguage(document))
        if segments { result.segments = segmentSpans(document.text) }
        document[LanguageKey.self] = result
    }

    /// Language spans: each non-empty line identified on its own, neighbours with the same
    /// language merged. A line too short to be sure takes its neighbours' language.
    func segmentSpans(_ text: String) -> [LanguageResult.Segment] {
        var spans: [LanguageResult.Segment] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.unicodeScalars.count
            defer { offset += length + 1 }
            let result = identify(String(line))
            guard result.code != "und" else { continue }
            let span = Span(start: offset, end: offset + length)
            if let last = spans.last, last.code == result.code || (result.confidence < 0.5 && Segmentation.wordCount(in: String(line)) <= 3) {
                spans[spans.count - 1].span = Span(start: last.span.start, end: span.end)
                spans[spans.count - 1].confidence = max(last.confidence, result.code == last.code ? result.confidence : last.confidence)
            } else {
                spans.append(LanguageResult.Segment(code: result.code, confidence: result.confidence, span: span))
            }
        }
        return spans
    }

    /// The language of `text`.
    /// The language of `text`; `declared` is the code of the language its page says it is in
    /// (`declaredLanguageOdds`).
    public func identify(_ text: String, declared: String? = nil) -> LanguageResult {
        var text = text
        return text.withUTF8 { identify(utf8: $0, declared: declared) }
    }

    /// Two passes over the UTF-8: the first counts letters by script, which decides or narrows
    /// the candidates (the rule stage); the second lower-cases words one at a time and scores
    /// them, stopping once the answer is settled, so a long text is not read to the end.
    func identify(utf8 text: UnsafeBufferPointer<UInt8>, declared: String? = nil) -> LanguageResult {
        let scalars = self.scalars
        // Letters by script class.
        var counts = [Int32](repeating: 0, count: scalars.scripts.count)
        var letters: Int32 = 0
        var index = 0
        while index < text.count {
            let kind = scalars.classify(UTF8Text.decode(text, &index))
            if kind >= ScalarTable.firstScript {
                counts[Int(kind)] &+= 1
                letters &+= 1
            }
        }
        guard letters > 0 else { return .undetermined }
        let dominant = counts.indices.max { counts[$0] < counts[$1] }!

        // The rule stage: the scripts with a tenth of the letters or more give the candidates.
        var candidates: [Int] = []
        var isCandidate = [Bool](repeating: false, count: model.languages.count)
        for (kind, count) in counts.enumerated() where count > 0 && 10 * count >= letters {
            for language in allowedByScript[kind] where !isCandidate[language] {
                isCandidate[language] = true
                candidates.append(language)
            }
        }
        // A Han or kana character carries about as much as a word of letters: a text where they
        // weigh as much as the other letters together ('Morgan 饰演', a Chinese sentence with an
        // English name) is Chinese or Japanese.
        let cjk = [han, hiragana, katakana].reduce(Int32(0)) { $0 + ($1.map { counts[Int($0)] } ?? 0) }
        if cjk > 0, Self.cjkWeight * cjk >= letters - cjk, let chinese, let japanese {
            candidates = [chinese, japanese]
            isCandidate = isCandidate.indices.map { $0 == chinese || $0 == japanese }
        }
        // Kana means Japanese even among Han characters.
        if let chinese, isCandidate[chinese], [hiragana, katakana].contains(where: { $0.map { counts[Int($0)] > 0 } ?? false }) {
            candidates.removeAll { $0 == chinese }
        }
        guard !candidates.isEmpty else { return .undetermined }

        var ranked: [(language: Int, probability: Double)] = []
        ranked.reserveCapacity(candidates.count)
        if candidates.count == 1 {
            ranked.append((candidates[0], 1))
        } else {
            let scored = score(text, candidates: candidates)
            // Between Chinese and Japanese (Han with no kana), the twin model reads characters:
            // how common each is in each language decides a word or two of Han.
            let hanOnly = candidates.count == 2 && candidates.contains(chinese ?? -1) && candidates.contains(japanese ?? -1)
            let gains = twinGains(scored.gains, candidates: candidates, words: hanOnly ? hanCharacterHashes(text) : scored.words) ?? scored.gains
            // Naive Bayes is overconfident: the gains are already tempered by the evidence size.
            var best = -Double.infinity
            for language in candidates { best = max(best, gains[language]) }
            var total = 0.0
            for language in candidates {
                var probability = exp(gains[language] - best)
                if !priors.isEmpty {
                    probability *= priors[language] > 0 ? priors[language] : max((1 - hintTotal) / Double(max(1, candidates.count - hintCount)), 1e-6)
                } else if let declared, Languages.code(ofModel: model.languages[language]) == declared {
                    probability *= Self.declaredLanguageOdds
                }
                total += probability
                ranked.append((language, probability))
            }
            // The best `top` to the front, by selection: no need to sort them all.
            for rank in 0..<min(top, ranked.count) {
                var next = rank
                for other in (rank + 1)..<ranked.count where ranked[other].probability > ranked[next].probability { next = other }
                ranked.swapAt(rank, next)
                ranked[rank].probability /= total
            }
        }
        let best = ranked[0]
        guard best.probability >= minConfidence else { return .undetermined }
        let code = Languages.code(ofModel: model.languages[best.language])
        let isJapanese = dominant == Int(hiragana ?? 0) || dominant == Int(katakana ?? 0) || (dominant == Int(han ?? 0) && best.language == japanese)
        return LanguageResult(
            code: code, name: Languages.names[code] ?? code, script: isJapanese ? "Jpan" : scalars.scripts[dominant],
            confidence: best.probability,
            alternatives: ranked[1..<min(top, ranked.count)].map {
                LanguageResult.Hypothesis(code: Languages.code(ofModel: model.languages[$0.language]), confidence: $0.probability)
            },
            segments: nil)
    }

    /// The tempered log-likelihood gains of every language (only those of candidates mean
    /// anything). Every language pays the same floor for each key looked up, so only what the
    /// keys a language knows add over it ranks them. Words are scored as they are read: each
    /// character's 2- to 4-grams (one incremental hash per start), then the whole word.
    func score(_ text: UnsafeBufferPointer<UInt8>, candidates: [Int]) -> (gains: [Double], words: [UInt64]) {
        let scalars = self.scalars
        var scorer = WordScorer(identifier: self, candidates: candidates)
        defer { scorer.deallocate() }
        var index = 0
        var joiner: UInt32 = 0
        scanning: while index < text.count {
            let value = UTF8Text.decode(text, &index)
            let kind = scalars.classify(value)
            if kind == ScalarTable.mark || kind >= ScalarTable.neutralLetter {
                if joiner != 0 {
                    // A joiner stays inside a word only when a letter follows it.
                    if kind != ScalarTable.mark { scorer.append(joiner) } else if !scorer.scoreWord() { break scanning }
                    joiner = 0
                }
                scorer.append(scalars.lowercased(value))
                if scorer.wordLetters >= Self.maximumWordLength && !scorer.scoreWord() { break scanning }
            } else if kind == ScalarTable.joiner && scorer.wordEnd > 1 && joiner == 0 {
                joiner = value
            } else {
                joiner = 0
                if scorer.wordEnd > 1 && !scorer.scoreWord() { break scanning }
            }
        }
        if scorer.wordEnd > 1 && scorer.wordCount < Self.maximumWords { _ = scorer.scoreWord() }
        let scale = Double(model.step) / (Self.temperature * max(1, Double(scorer.lookups).squareRoot()))
        return ((0..<model.languages.count).map { Double(scorer.scalarGains[$0]) * scale }, scorer.wordHashes)
    }

    /// The state of scoring one text: the word being read, scratch space for its keys, and the
    /// gains so far. (A struct rather than closures over local variables, which the compiler
    /// boxes and checks for exclusive access on every use.)
    struct WordScorer {
        let identifier: LanguageIdentifier
        let model: LanguageModel
        let candidates: [Int]
        let gains: UnsafeMutablePointer<SIMD16<Int32>>
        var scalarGains: UnsafeMutablePointer<Int32> { UnsafeMutableRawPointer(gains).assumingMemoryBound(to: Int32.self) }
        /// A word's bytes (padded with spaces), its n-gram hashes and their slots. A word is
        /// scored when it reaches `maximumWordLength` letters (long runs of Han or Thai).
        let word: UnsafeMutablePointer<UInt8>
        let keys: UnsafeMutablePointer<UInt64>
        let entries: UnsafeMutablePointer<UInt64>
        var wordEnd = 1
        var wordLetters = 0
        var wordCount = 0
        var lookups = 0
        var wordHashes: [UInt64] = []

        init(identifier: LanguageIdentifier, candidates: [Int]) {
            self.identifier = identifier
            model = identifier.model
            self.candidates = candidates
            let lanes = LanguageModel.rowWidth / 16
            gains = UnsafeMutablePointer<SIMD16<Int32>>.allocate(capacity: lanes)
            gains.initialize(repeating: .zero, count: lanes)
            let keyCapacity = 3 * (LanguageIdentifier.maximumWordLength + 1)
            word = UnsafeMutablePointer<UInt8>.allocate(capacity: 4 * LanguageIdentifier.maximumWordLength + 2)
            keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * keyCapacity)
            entries = keys + keyCapacity
            word[0] = 0x20
            wordHashes.reserveCapacity(32)
        }

        func deallocate() {
            gains.deallocate()
            word.deallocate()
            keys.deallocate()
        }

        @inline(__always)
        mutating func append(_ value: UInt32) {
            wordEnd += UTF8Text.encode(value, into: word + wordEnd)
            wordLetters += 1
        }

        /// Scores `word`; false once the answer is settled.
        mutating func scoreWord() -> Bool {
            word[wordEnd] = 0x20
            let end = wordEnd + 1
            // All of the word's n-gram hashes first, then their slots, read in a loop with no
            // branches on them so that the cache misses overlap, then the payloads.
            var keyCount = 0
            var start = 0
            while start < end - 1 {
                var hash = LanguageModel.offsetBasis
                var position = start
                var order = 0
                while order < 4 && position < end {
                    let next = position + UTF8Text.sequenceLength(word[position])
                    while position < next {
                        hash = (hash ^ UInt64(word[position])) &* LanguageModel.prime
                        position += 1
                    }
                    order += 1
                    if order >= 2 {
                        keys[keyCount] = hash
                        keyCount += 1
                    }
                }
                start += UTF8Text.sequenceLength(word[start])
            }
            var wordHash = LanguageModel.offsetBasis
            for position in 1..<(end - 1) { wordHash = (wordHash ^ UInt64(word[position])) &* LanguageModel.prime }
            let wordEntry = model.words.entry(forHash: wordHash)
            for key in 0..<keyCount { entries[key] = model.grams.entry(forHash: keys[key]) }
            for key in 0..<keyCount { identifier.add(model.grams.payload(hash: keys[key], first: entries[key]), weight: 1, to: gains) }
            identifier.add(model.words.payload(hash: wordHash, first: wordEntry), weight: LanguageIdentifier.wordWeight, to: gains)
            wordHashes.append(wordHash)
            lookups += keyCount + 1
            wordEnd = 1
            wordLetters = 0
            wordCount += 1
            // Stop early once the leader is out of reach: later words would not change the
            // answer, only sharpen a confidence that is already near 1; and a long text is
            // decided by its first words.
            if wordCount >= LanguageIdentifier.maximumWords { return false }
            return wordCount < LanguageIdentifier.earlyStopAfterWords || !identifier.isDecided(scalarGains, candidates, lookups: lookups)
        }
    }

    /// When the two best candidates are close languages (bs/hr/sr, ms/id, nb/nn/da), what the
    /// twin model's words add to each member of their group, tempered like the main gains.
    /// The FNV-1a hash of each Han character's UTF-8, as the model keys the Chinese/Japanese
    /// twin table (at most `maximumWords` of them).
    func hanCharacterHashes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        guard let han else { return [] }
        var hashes: [UInt64] = []
        var index = 0
        while index < text.count, hashes.count < Self.maximumWords {
            let start = index
            if scalars.classify(UTF8Text.decode(text, &index)) == han {
                var hash = LanguageModel.offsetBasis
                for byte in text[start..<index] { hash = (hash ^ UInt64(byte)) &* LanguageModel.prime }
                hashes.append(hash)
            }
        }
        return hashes
    }

    func twinGains(_ gains: [Double], candidates: [Int], words: [UInt64]) -> [Double]? {
        var best = -1, second = -1
        for index in candidates {
            if best < 0 || gains[index] > gains[best] { second = best; best = index } else if second < 0 || gains[index] > gains[second] { second = index }
        }
        let group = model.twinGroups[best]
        guard group != 0, second >= 0, model.twinGroups[second] == group else { return nil }
        let lanes = LanguageModel.rowWidth / 16
        let twins = UnsafeMutablePointer<SIMD16<Int32>>.allocate(capacity: lanes)
        twins.initialize(repeating: .zero, count: lanes)
        defer { twins.deallocate() }
        for hash in words { add(model.twins.payload(hash: hash, first: model.twins.entry(forHash: hash)), weight: 1, to: twins) }
        let scalarTwins = UnsafeMutableRawPointer(twins).assumingMemoryBound(to: Int32.self)
        let scale = Self.twinWeight * Double(model.twinStep) / max(1, Double(words.count).squareRoot())
        return gains.indices.map { model.twinGroups[$0] == group ? gains[$0] + Double(scalarTwins[$0]) * scale : gains[$0] }
    }

    /// Adds what a key's payload gives each language, times `weight`, to `gains` (80 lanes).
    @inline(__always)
    func add(_ payload: UInt32, weight: Int32, to gains: UnsafeMutablePointer<SIMD16<Int32>>) {
        let scalarGains = UnsafeMutableRawPointer(gains).assumingMemoryBound(to: Int32.self)
        if payload & 0x8000_0000 != 0 {
            scalarGains[Int((payload >> 8) & 0x7F)] &+= weight &* Int32(payload & 0xFF)
        } else if payload & 0x4000_0000 != 0 {
            let row = model.rows + Int(payload & 0x3FFF_FFFF) * LanguageModel.rowWidth
            for lane in 0..<LanguageModel.rowWidth / 16 {
                let values = SIMD16<Int32>(truncatingIfNeeded: row.loadUnaligned(fromByteOffset: lane * 16, as: SIMD16<UInt8>.self))
                gains[lane] &+= values &* weight
            }
        } else if payload != 0 {
            let first = Int(payload >> 8)
            for pair in first..<(first + Int(payload & 0xFF)) {
                scalarGains[Int(model.pairs[pair * 2])] &+= weight &* Int32(model.pairs[pair * 2 + 1])
            }
        }
    }

    /// How many letters of an alphabet a Han or kana character counts as, when a text mixes them.
    static let cjkWeight: Int32 = 3

    static let earlyStopAfterWords = 4
    /// The tempered lead (in nats) at which the answer is taken as settled: e^6, about 400 to 1.
    static let decisiveLead = 6.0

    func isDecided(_ gains: UnsafeMutablePointer<Int32>, _ candidates: [Int], lookups: Int) -> Bool {
        var best = Int32.min
        var second = Int32.min
        for index in candidates {
            let gain = gains[index]
            if gain > best { second = best; best = gain } else if gain > second { second = gain }
        }
        let temperature = Self.temperature * max(1, Double(lookups).squareRoot())
        return Double(best - second) * Double(model.step) / temperature > Self.decisiveLead
    }
    /// The twin model's weight beside the main model.
    static let twinWeight = 4.0
    /// The whole-word model's weight beside the n-grams.
    static let wordWeight: Int32 = 6
    /// Words scored at most: the first 2,000 words of a text decide its language.
    static let maximumWords = 2000
    /// Letters (and marks) in a word before it is scored: a run of Han or Thai has no spaces.
    static let maximumWordLength = 64
    static let temperature = 1.8
}
