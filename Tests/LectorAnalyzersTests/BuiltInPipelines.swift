import LectorKit
@testable import LectorAnalyzers

/// Pipelines of the built-in analyzers over documents, as the analyzer tests run them.
enum BuiltInPipelines {
    static let registry = BuiltInAnalyzers.registry()

    static func run(_ pipeline: String, _ documents: [Document]) throws -> [Document] {
        let pipeline = try Pipeline(pipeline, registry: registry)
        var documents = documents
        pipeline.process(&documents)
        return documents
    }

    /// The texts as documents d0, d1...
    static func run(_ pipeline: String, texts: [String]) throws -> [Document] {
        try run(pipeline, texts.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) })
    }
}
