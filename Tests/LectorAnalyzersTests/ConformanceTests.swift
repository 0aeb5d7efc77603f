import LectorAnalyzers
import LectorKit
import Testing

/// Every built-in analyzer passes the checks a plugin author runs on theirs.
@Suite("built-in analyzers pass PluginChecks")
struct ConformanceTests {
    static let configurations: [(any Analyzer.Type, [String: String])] = BuiltInAnalyzers.all.map { ($0, [:]) } + [
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

    private func check<A: Analyzer>(_ type: A.Type, _ options: [String: String]) throws -> [String] {
        try PluginChecks.run(type, options: options)
    }

    @Test func aValueWrittenAsADoubleThatReadsBackAsAnIntegerIsTheSameJSON() {
        #expect(PluginChecks.sameJSON(.double(1), .int(1)))
        #expect(PluginChecks.sameJSON(["share": .double(1)], ["share": .int(1)]))
        #expect(!PluginChecks.sameJSON(.double(1.5), .int(1)))
    }
}
