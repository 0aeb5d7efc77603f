import Foundation
import LectorAnalyzers
import LectorKit
import Testing

/// Every built-in analyzer passes the checks a plugin author runs on theirs.
@Suite("built-in analyzers pass PluginChecks")
struct ConformanceTests {
    // classify needs a model: checked below with one trained for the test.
    static let configurations: [(any Analyzer.Type, [String: String])] = BuiltInAnalyzers.all.filter { $0 != ClassifyAnalyzer.self }.map { ($0, [:]) } + [
        (SentimentAnalyzer.self, ["explain": "true"]),
        (SentimentAnalyzer.self, ["lexicon-only": "true", "sentences": "false"]),
        (LanguageIdentifier.self, ["mode": "segments", "top": "5"]),
        (TickerAnalyzer.self, ["explode": "true", "min-run": "1"]),
        (NormalizeAnalyzer.self, ["form": "nfkc"]),
        (StatsAnalyzer.self, ["min-share": "0.2"]),
    ]

    @Test(arguments: configurations.indices)
    func passesTheChecks(configuration: Int) throws {
        let (type, options) = Self.configurations[configuration]
        let problems = try check(type, options)
        #expect(problems.isEmpty, "\(type.descriptor.name) \(options): \(problems.joined(separator: "; "))")
    }

    @Test func classifyWithATrainedModel() throws {
        let examples = (0..<60).map { TrainingExample(text: $0 % 2 == 0 ? "good fine great \($0)" : "bad poor awful \($0)", label: $0 % 2 == 0 ? "up" : "down") }
        var options = TrainingOptions()
        options.features = TextFeatureConfig(bits: 10)
        let (model, _) = try ClassifierTrainer.train(examples, options: options)
        let path = NSTemporaryDirectory() + "lector-conformance-\(getpid()).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.write(to: path)
        for options in [["model": path], ["model": path, "explain": "true", "top": "1"]] {
            let problems = try check(ClassifyAnalyzer.self, options)
            #expect(problems.isEmpty, "classify \(options): \(problems.joined(separator: "; "))")
        }
    }

    private func check<A: Analyzer>(_ type: A.Type, _ options: [String: String]) throws -> [String] {
        try PluginChecks.run(type, options: options)
    }

    @Test func aValueWrittenAsADoubleThatReadsBackAsAnIntegerIsTheSameJSON() {
        #expect(PluginChecks.sameJSON(.double(1), .int(1)))
        #expect(PluginChecks.sameJSON(["share": .double(1)], ["share": .int(1)]))
        #expect(!PluginChecks.sameJSON(.double(1.5), .int(1)))
    }
}
