import LectorKit

/// The analyzers that ship with Lector.
public enum BuiltInAnalyzers {
    public static let all: [any Analyzer.Type] = [
        NormalizeAnalyzer.self,
        StatsAnalyzer.self,
        LanguageIdentifier.self,
        StructureAnalyzer.self,
        TickerAnalyzer.self,
        DatesAnalyzer.self,
        DuplicatesAnalyzer.self,
        ClassifyAnalyzer.self,
        SentimentAnalyzer.self,
        EntitiesAnalyzer.self,
        StanceAnalyzer.self,
        TopicsAnalyzer.self,
        KeywordsAnalyzer.self,
    ]

    /// A registry holding every built-in analyzer.
    public static func registry() -> AnalyzerRegistry {
        var registry = AnalyzerRegistry()
        for type in all {
            // Built-in names are distinct by construction; a clash is a programming error.
            try! registry.register(AnalyzerFactory(type))
        }
        return registry
    }
}
