import Foundation
import Testing
@testable import LectorKit

@Suite("Text classification engine")
struct ClassifierTests {
    /// Three labels told apart by their words, with filler shared by all.
    static func examples(count: Int, seed: Int) -> [TrainingExample] {
        let words = ["sport": ["goal", "match", "striker", "league"], "weather": ["rain", "storm", "sunny", "forecast"], "money": ["bank", "shares", "inflation", "market"]]
        let filler = ["the", "a", "today", "said", "and", "news", "people"]
        var generator = SplitMix(seed: UInt64(seed))
        return (0..<count).map { index in
            let label = ["sport", "weather", "money"][index % 3]
            let cue = words[label]!
            let text = (0..<8).map { position in position % 3 == 0 ? cue[Int(generator.next() % 4)] : filler[Int(generator.next() % 7)] }.joined(separator: " ")
            return TrainingExample(text: text, label: label)
        }
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func learnsSeparableLabelsAndExplainsThem() throws {
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 14)
        let (model, summary) = try ClassifierTrainer.train(Self.examples(count: 300, seed: 1), validation: Self.examples(count: 60, seed: 2), options: options)
        #expect(model.labels == ["money", "sport", "weather"])
        #expect(summary.validation?.accuracy == 1)
        #expect(summary.tried.count == options.grid.count)
        let probabilities = model.probabilities("the striker scored a goal in the match")
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
        #expect(model.classify("the striker scored a goal in the match").first?.label == "sport")
        #expect(model.classify("heavy rain and a storm in the forecast").first?.label == "weather")
        let evidence = model.explain("shares fell as the bank warned of inflation", label: 0, top: 5)
        #expect(evidence.contains { $0.feature == "w:bank" && $0.weight > 0 })
        #expect(evidence.first.map { $0.weight > 0 } == true)
    }

    @Test func modelFileRoundTripsAndRefusesDamage() throws {
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 12)
        options.c = 1
        let (model, _) = try ClassifierTrainer.train(Self.examples(count: 90, seed: 3), options: options)
        let folder = TemporaryDirectory()
        let path = folder.path + "/m.bin"
        try model.write(to: path)
        let loaded = try ModelLoader.load(TextClassifier.self, path: path)
        #expect(loaded.labels == model.labels)
        #expect(loaded.info["trained"]?["examples"]?.intValue == 90)
        let text = "a storm and rain today"
        for (a, b) in zip(model.probabilities(text), loaded.probabilities(text)) { #expect(abs(a - b) < 0.01) }
        // Truncated: refused with the file named.
        let bytes = model.fileBytes()
        let cut = folder.write("cut.bin", Array(bytes.prefix(bytes.count - 10)))
        let error = #expect(throws: ModelError.self) { try ModelLoader.load(TextClassifier.self, path: cut) }
        #expect(error?.description.contains("cut.bin") == true && error?.description.contains("damaged") == true)
    }

    /// What the model predicts, through its stored rows (Float16, idf folded in, padded stride),
    /// is what the trainer scored on the validation set with its own matrices: five labels, so
    /// the general (not the SIMD4) path.
    @Test func predictionAgreesWithTraining() throws {
        let topics = ["sport": "goal match", "weather": "rain storm", "money": "bank shares", "art": "museum painting", "food": "bread cheese"]
        var generator = SplitMix(seed: 9)
        let filler = ["the", "a", "today", "said", "and", "news", "people", "goal", "rain", "bank"]
        let examples = (0..<400).map { index -> TrainingExample in
            let label = topics.keys.sorted()[index % 5]
            let cue = topics[label]!.split(separator: " ")
            // Noisy on purpose: some examples carry another label's cue.
            let noise = generator.next() % 4 == 0 ? topics.values.sorted()[Int(generator.next() % 5)] : ""
            let words = (0..<6).map { _ in filler[Int(generator.next() % 10)] } + [String(cue[Int(generator.next() % 2)]), noise]
            return TrainingExample(text: words.joined(separator: " "), label: label)
        }
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 16)
        options.c = 1
        let (model, summary) = try ClassifierTrainer.train(examples, validation: examples, options: options)
        #expect(TextClassifier.stride(labels: 5) == 8)
        let predicted = examples.map { model.classify($0.text).first!.label }
        let report = ClassificationReport(gold: examples.map(\.label), predicted: predicted)
        let trained = try #require(summary.validation)
        // Float16 weights may turn a near tie; nothing more.
        #expect(abs(report.accuracy - trained.accuracy) <= 0.01)
        #expect(trained.accuracy > 0.5 && trained.accuracy < 1)
        let folder = TemporaryDirectory()
        try model.write(to: folder.path + "/five.bin")
        let loaded = try ModelLoader.load(TextClassifier.self, path: folder.path + "/five.bin")
        for example in examples.prefix(20) {
            for (a, b) in zip(model.logits(example.text), loaded.logits(example.text)) { #expect(abs(a - b) < 0.01, "Float16 weights in the file") }
        }
    }

    /// The scores summed in SIMD registers, in batches (strides of 4, 8 and 16) or through
    /// memory (wider), are the sums of the feature rows taken one by one; and a text given as
    /// scalar values scores as its string does.
    @Test(arguments: [2, 3, 5, 7, 9, 17])
    func scoresAreTheSumOfTheFeatureRows(labels k: Int) throws {
        let labels = (0..<k).map { "label\($0)" }
        let cues = ["goal", "rain", "bank", "museum", "bread", "train", "vote", "virus", "court"]
        let examples = (0..<(k * 20)).map { index in
            TrainingExample(text: "\(cues[index % k % cues.count]) news \(index % 7) today \(labels[index % k])", label: labels[index % k])
        }
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 12)
        options.c = 1
        let (model, _) = try ClassifierTrainer.train(examples, options: options)
        struct Buckets: TextFeatureSink {
            static var wantsNames: Bool { false }
            var found: [(block: Int, bucket: Int)] = []
            mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) { found.append((block, bucket)) }
        }
        // Long enough to fill several batches; Arabic with harakat, capitals, Turkish İ, emoji.
        let text = String(repeating: "Die BANK sagte İstanbul: «Регби» لِلْمَدْرَسَةِ 😀 goal rain, bread! ", count: 40)
        var buckets = Buckets()
        model.scanner.scan(text, into: &buckets)
        #expect(buckets.found.count > 600)
        var sums = [[Double]](repeating: [Double](repeating: 0, count: model.stride), count: 2)
        for (block, bucket) in buckets.found {
            for index in 0..<model.stride { sums[block][index] += Double(model.rows[bucket * model.stride + index]) }
        }
        var expected = model.bias.map(Double.init)
        for block in 0..<2 where sums[block][model.stride - 1] > 0 {
            for label in 0..<k { expected[label] += sums[block][label] / sums[block][model.stride - 1].squareRoot() }
        }
        let logits = model.logits(text)
        for (a, b) in zip(logits, expected) { #expect(abs(a - b) < 1e-3 * max(1, abs(b))) }
        let values = text.unicodeScalars.map(\.value)
        #expect(values.withUnsafeBufferPointer { model.logits(values: $0) } == logits)
    }

    @Test func refusesBadOptionsWithoutCrashing() throws {
        let examples = Self.examples(count: 30, seed: 5)
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 12, wordNGrams: 1, charMin: 0, charMax: 0)
        // Words only: no character n-grams is a configuration, not a crash.
        let (model, _) = try ClassifierTrainer.train(examples, options: options)
        #expect(model.classify("goal match").count == 3)
        options.maxIterations = 0
        #expect(throws: ClassifierError.self) { try ClassifierTrainer.train(examples, options: options) }
        options.maxIterations = 10
        options.grid = []
        #expect(throws: ClassifierError.self) { try ClassifierTrainer.train(examples, validation: examples, options: options) }
        #expect(TextFeatureConfig(charMin: 2, charMax: -1).problem != nil)
        #expect(TextFeatureConfig(charMin: 0, charMax: 3).problem != nil)
    }

    @Test func refusesOneLabelAndMismatchedExtras() {
        let one = [TrainingExample(text: "a", label: "x"), TrainingExample(text: "b", label: "x")]
        #expect(throws: ClassifierError.self) { try ClassifierTrainer.train(one, options: TrainingOptions()) }
        var options = TrainingOptions()
        options.extraNames = ["lexicon"]
        #expect(throws: ClassifierError.self) { try ClassifierTrainer.train(Self.examples(count: 6, seed: 4), options: options) }
    }

    @Test func extraFeaturesCarryWeight() throws {
        // The text says nothing; the extra feature decides.
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 10)
        options.extraNames = ["signal"]
        options.c = 10
        let examples = (0..<100).map { TrainingExample(text: "same words", label: $0 % 2 == 0 ? "up" : "down", extras: [$0 % 2 == 0 ? 1 : -1]) }
        let (model, _) = try ClassifierTrainer.train(examples, options: options)
        #expect(model.classify("same words", extras: [1]).first?.label == "up")
        #expect(model.classify("same words", extras: [-1]).first?.label == "down")
        #expect(model.explain("same words", extras: [1], label: model.labels.firstIndex(of: "up")!).first?.feature == "x:signal")
    }

    @Test func featuresAreWordsAndPaddedCharacterGrams() {
        struct Names: TextFeatureSink {
            static var wantsNames: Bool { true }
            var names: [String] = []
            mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) { names.append((block == 0 ? "w:" : "c:") + name()) }
        }
        var sink = Names()
        TextFeatureScanner(TextFeatureConfig(bits: 10, wordNGrams: 2, charMin: 2, charMax: 3)).scan("Good DAY! 😀", into: &sink)
        #expect(sink.names.filter { $0.hasPrefix("w:") } == ["w:good", "w:day", "w:good day", "w:!", "w:day !", "w:😀", "w:! 😀"])
        #expect(sink.names.contains("c: go") && sink.names.contains("c:ay!") && sink.names.contains("c:! ") && !sink.names.contains("c: "))
    }

    @Test func reportCountsLikeScikitLearn() {
        let report = ClassificationReport(gold: ["a", "a", "b", "b", "c"], predicted: ["a", "b", "b", "b", nil])
        #expect(report.accuracy == 0.6)
        #expect(report.missing == 1)
        let a = report.classes.first { $0.label == "a" }!
        #expect(a.precision == 1 && a.recall == 0.5)
        let b = report.classes.first { $0.label == "b" }!
        #expect(abs(b.precision - 2.0 / 3) < 1e-12 && b.recall == 1 && abs(b.f1 - 0.8) < 1e-12)
        // c: no prediction, F1 0; macro-F1 = (2/3 + 0.8 + 0) / 3.
        #expect(abs(report.macroF1 - (2.0 / 3 + 0.8) / 3) < 1e-12)
        #expect(report.confusion == [[1, 1, 0, 0], [0, 2, 0, 0], [0, 0, 0, 1]])
        #expect(report.table.contains("macro-F1 0.489"))
        // A predicted label no gold example has is not averaged: its predictions are misses.
        let extra = ClassificationReport(gold: ["a", "b"], predicted: ["a", "und"])
        #expect(extra.labels == ["a", "b", "und"] && extra.macroF1 == 0.5)
    }
}
