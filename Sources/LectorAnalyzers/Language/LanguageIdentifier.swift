import Foundation
import LectorKit

/// `langid`: the language of a text, from a single word to a whole article.
///
/// A rule stage on scripts first: a script written by one language decides it (Hangul, Greek,
/// Hebrew...), and others narrow the candidates (Cyrillic to eight languages). Then a naive
/// Bayes score over character 2- to 4-grams and whole words, for the candidates only (the
/// model also holds unigrams; scoring them cost a third of the time and gained nothing).
public struct LanguageIdentifier: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "langid",
        summary: "Identifies the language (75 languages): ISO 639-1 code, script, confidence, alternatives",
        discussion: """
            Scripts narrow the candidates first (a script of one language decides it); character \
            n-grams and word frequencies, trained from news text, the UDHR and subtitle word lists, \
            rank the rest. `und` when the text has no letters or the best guess is under \
            min-confidence. mode=segments also gives language spans line by line, merged when \
            neighbours agree.
            """,
        options: [
            OptionSpec("top", .int(1...75), default: .int(3), help: "How many hypotheses to report, the best included"),
            OptionSpec("hints", .string, default: .string(""), help: "Prior probabilities, such as de:0.6,nl:0.2"),
            OptionSpec("only", .list(allowed: Languages.names.keys.sorted()), default: .list([]), help: "Allowed languages, such as ar,fa,ur"),
            OptionSpec("min-confidence", .number(0...1), default: .number(0), help: "Answer und below this confidence"),
            OptionSpec("mode", .choice(["document", "segments"]), default: .string("document"), help: "segments: also a language per span of lines"),
        ],
        produces: [LanguageKey.name],
        summaryFields: ["language.code", "language.confidence"]
    )

    let model: LanguageModel
    let top: Int
    let priors: [String: Double]
    let allowed: Set<String>?
    let minConfidence: Double
    let segments: Bool
    /// For each script, the model indices of the languages written in it.
    let candidatesByScript: [String: [Int]]
    /// delta[order][value]: what a stored (quantised) value adds over the floor, the word model
    /// weighted; the floors are shared by all languages, so only these differences rank them.
    let delta: [[Float]]

    public init(options: AnalyzerOptions) throws {
        model = try LanguageModel.shared.get()
        let model = self.model
        candidatesByScript = Languages.byScript.mapValues { codes in codes.compactMap { model.languages.firstIndex(of: $0) } }
        delta = (0..<LanguageModel.orders).map { order in
            let weight: Float = order == LanguageModel.orders - 1 ? Float(Self.wordWeight) : 1
            return (0..<256).map { weight * (Float($0) * model.quantum - model.floors[order]) }
        }
        top = options.int("top")
        allowed = options.list("only").isEmpty ? nil : Set(options.list("only"))
        minConfidence = options.number("min-confidence")
        segments = options.string("mode") == "segments"
        priors = try Self.parseHints(options.string("hints"))
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

    public func analyze(_ document: inout Document) {
        var result = identify(document.text)
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
    public func identify(_ text: String) -> LanguageResult {
        // Letters by script (consecutive letters mostly share one, so the count is kept in a
        // local until the script changes), and the words to score as UTF-8.
        var scriptCounts: [String: Int] = [:]
        var lastScript = ""
        var lastCount = 0
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for original in text.unicodeScalars {
            let scalar = Self.lowercase(original)
            let value = scalar.value
            let isLetter: Bool
            let script: String
            if value < 0x80 {
                isLetter = value >= 0x61 && value <= 0x7A
                script = "Latn"
            } else if (0x300...0x36F).contains(value) {
                current.append(contentsOf: UTF8.encode(scalar)!)  // combining marks belong to their letter
                continue
            } else {
                isLetter = scalar.properties.isAlphabetic
                script = isLetter ? Script.code(of: scalar) : ""
            }
            if isLetter {
                if script != "Zyyy" && script != "Zinh" {
                    if script == lastScript { lastCount += 1 } else {
                        if lastCount > 0 { scriptCounts[lastScript, default: 0] += lastCount }
                        lastScript = script
                        lastCount = 1
                    }
                }
                if value < 0x80 { current.append(UInt8(value)) } else { current.append(contentsOf: UTF8.encode(scalar)!) }
            } else if (scalar == "'" || scalar == "\u{2019}" || scalar == "-") && !current.isEmpty {
                current.append(contentsOf: UTF8.encode(scalar)!)
            } else if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(current) }
        if lastCount > 0 { scriptCounts[lastScript, default: 0] += lastCount }
        let letters = scriptCounts.values.reduce(0, +)
        guard letters > 0 else { return .undetermined }

        // Rule stage: the scripts present decide or narrow the candidates (model indices).
        var isCandidate = [Bool](repeating: false, count: model.languages.count)
        for (script, count) in scriptCounts where Double(count) >= 0.1 * Double(letters) {
            for index in candidatesByScript[script] ?? [] { isCandidate[index] = true }
        }
        // Kana means Japanese even among Han characters.
        if scriptCounts["Hira"] != nil || scriptCounts["Kana"] != nil, let chinese = model.languages.firstIndex(of: "zh") {
            isCandidate[chinese] = false
        }
        if let allowed {
            for index in isCandidate.indices where !allowed.contains(Languages.code(ofModel: model.languages[index])) { isCandidate[index] = false }
        }
        let candidateCount = isCandidate.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard candidateCount > 0 else { return .undetermined }
        let dominantScript = scriptCounts.max { $0.value < $1.value }!.key

        var ranked: [(String, Double)]
        if candidateCount == 1 {
            ranked = [(model.languages[isCandidate.firstIndex(of: true)!], 1)]
        } else {
            ranked = score(words, isCandidate: isCandidate)
        }
        // Serbian in Latin script is a model of its own; report it as sr.
        ranked = ranked.map { (Languages.code(ofModel: $0.0), $0.1) }
        if !priors.isEmpty {
            let rest = (1 - priors.values.reduce(0, +)) / Double(max(1, ranked.count - priors.count))
            ranked = ranked.map { ($0.0, $0.1 * (priors[$0.0] ?? max(rest, 1e-6))) }
            let total = ranked.reduce(0) { $0 + $1.1 }
            ranked = ranked.map { ($0.0, $0.1 / total) }.sorted { $0.1 > $1.1 }
        }
        guard let best = ranked.first, best.1 >= minConfidence else { return .undetermined }
        let script = dominantScript == "Hira" || dominantScript == "Kana" ? "Jpan" : dominantScript == "Hani" && best.0 == "ja" ? "Jpan" : dominantScript
        return LanguageResult(
            code: best.0, name: Languages.names[best.0] ?? best.0, script: script, confidence: best.1,
            alternatives: ranked.dropFirst().prefix(top - 1).map { LanguageResult.Hypothesis(code: $0.0, confidence: $0.1) },
            segments: nil)
    }

    /// Posterior probabilities of the candidates, best first. Every candidate pays the (shared)
    /// floor for each key looked up; the keys a language knows add their difference from it.
    func score(_ words: [[UInt8]], isCandidate: [Bool]) -> [(String, Double)] {
        let languageCount = model.languages.count
        let orders = LanguageModel.orders
        let delta = self.delta
        var gains = [Float](repeating: 0, count: languageCount)
        var lookups = [Int](repeating: 0, count: orders)
        var padded: [UInt8] = []
        var starts: [Int] = []
        isCandidate.withUnsafeBufferPointer { isCandidate in
            gains.withUnsafeMutableBufferPointer { gains in
                func add(_ range: Range<Int>, _ table: UnsafeBufferPointer<Float>) {
                    for pair in range {
                        let (language, value) = model.posting(pair)
                        if isCandidate[language] { gains[language] += table[value] }
                    }
                }
                for (wordIndex, word) in words.enumerated() {
                    // Stop early once the leader is out of reach: later words would not change
                    // the answer, only sharpen a confidence that is already near 1.
                    if wordIndex >= Self.earlyStopAfterWords && Self.isDecided(gains, isCandidate, lookups: lookups) { break }
                    padded.removeAll(keepingCapacity: true)
                    padded.append(0x20)
                    padded.append(contentsOf: word)
                    padded.append(0x20)
                    starts.removeAll(keepingCapacity: true)
                    for (index, byte) in padded.enumerated() where byte & 0xC0 != 0x80 { starts.append(index) }
                    starts.append(padded.count)
                    let characters = starts.count - 1
                    padded.withUnsafeBufferPointer { bytes in
                        for order in Self.scoredOrders where characters >= order {
                            delta[order - 1].withUnsafeBufferPointer { table in
                                for first in 0...(characters - order) where order > 1 || bytes[starts[first]] != 0x20 {
                                    lookups[order - 1] += 1
                                    let slice = UnsafeBufferPointer(rebasing: bytes[starts[first]..<starts[first + order]])
                                    if let range = model.postingRange(hash: LanguageModel.hash(slice)) { add(range, table) }
                                }
                            }
                        }
                        // The whole word, in the word model's own key space.
                        lookups[orders - 1] += 1
                        let inner = UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])
                        if let range = model.postingRange(hash: LanguageModel.hash(inner, seed: LanguageModel.wordSeed)) {
                            delta[orders - 1].withUnsafeBufferPointer { add(range, $0) }
                        }
                    }
                }
            }
        }
        // The floors are the same for every candidate, so only the gains tell them apart.
        let total = lookups.reduce(0, +)
        // Naive Bayes is overconfident: temper the log-likelihoods by the evidence size.
        let temperature = Self.temperature * max(1, Double(total).squareRoot())
        let best = isCandidate.indices.filter { isCandidate[$0] }.map { Double(gains[$0]) }.max() ?? 0
        var posteriors: [(String, Double)] = []
        var sum = 0.0
        for (index, isIn) in isCandidate.enumerated() where isIn {
            let value = exp((Double(gains[index]) - best) / temperature)
            posteriors.append((model.languages[index], value))
            sum += value
        }
        return posteriors.map { ($0.0, $0.1 / sum) }.sorted { $0.1 > $1.1 }
    }

    static let scoredOrders = 2...4

    /// Lower case, one scalar at a time: ASCII by arithmetic, U+0080–U+1FFF (Latin, Greek,
    /// Cyrillic, Armenian, Georgian) from a table, the rest from the Unicode data. String's
    /// own lowercased() cost a fifth of the identification time.
    @inline(__always)
    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value | 0x20)) : scalar }
        if value < 0x2000 { return Unicode.Scalar(lowercaseTable[Int(value)]) ?? scalar }
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first! : scalar
    }

    private static let lowercaseTable: [UInt32] = (0..<0x2000).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return UInt32(value) }
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first!.value : UInt32(value)
    }
    static let earlyStopAfterWords = 4
    /// The tempered lead (in nats) at which the answer is taken as settled: e^6, about 400 to 1.
    static let decisiveLead = 6.0

    static func isDecided(_ gains: UnsafeMutableBufferPointer<Float>, _ isCandidate: UnsafeBufferPointer<Bool>, lookups: [Int]) -> Bool {
        var best = -Float.infinity
        var second = -Float.infinity
        for index in 0..<gains.count where isCandidate[index] {
            let gain = gains[index]
            if gain > best { second = best; best = gain } else if gain > second { second = gain }
        }
        let temperature = Self.temperature * max(1, Double(lookups.reduce(0, +)).squareRoot())
        return Double(best - second) / temperature > decisiveLead
    }
    static let wordWeight = 6.0
    static let temperature = 1.8
}
