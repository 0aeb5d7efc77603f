import Synchronization

/// An analyzer that needs the whole corpus before it can judge one document: what a document
/// stresses compared with the rest, names already seen in other documents, copies of the same
/// text. It works in two passes. First it observes every document (after the steps before it
/// in the pipeline) and gathers `Statistics`; then it analyzes each document with the
/// statistics of the whole corpus. It is declared, registered and configured like any analyzer.
///
/// Over files, `lector analyze` reads the input twice (standard input is held in memory); at
/// the prompt, the documents in view are the corpus. The first pass runs on every core: each
/// worker observes its batches into statistics of its own, which are then merged.
///
/// ```swift
/// struct Rarity: CorpusAnalyzer {
///     struct Statistics: CorpusStatistics {
///         var documents = 0, frequency: [String: Int] = [:]
///         init() {}
///         mutating func merge(_ other: Self) { documents += other.documents; frequency.merge(other.frequency, uniquingKeysWith: +) }
///     }
///     func observe(_ document: Document, into statistics: inout Statistics) { ... }
///     func analyze(_ document: inout Document, corpus: Statistics) throws { ... }
/// }
/// ```
public protocol CorpusAnalyzer: Analyzer {
    associatedtype Statistics: CorpusStatistics
    /// First pass: adds what one document contributes. Called on worker threads, each with
    /// statistics of its own.
    func observe(_ document: Document, into statistics: inout Statistics)
    /// Second pass: the document's annotations, given the statistics of the whole corpus.
    func analyze(_ document: inout Document, corpus: Statistics) throws
}

/// What a corpus analyzer gathers in its first pass.
public protocol CorpusStatistics: Sendable {
    /// Statistics of no documents.
    init()
    /// Adds statistics gathered by another worker.
    mutating func merge(_ other: Self)
}

extension CorpusAnalyzer {
    /// A document on its own is a corpus of one (for a caller that runs the analyzer without
    /// the corpus pass, such as a unit test).
    public func analyze(_ document: inout Document) throws {
        var statistics = Statistics()
        observe(document, into: &statistics)
        try analyze(&document, corpus: statistics)
    }
}

/// The first pass of a configured corpus analyzer, as the pipeline runner drives it:
/// `reset`, then `observe` every batch (on any thread), then `finish`; the step's `run` then
/// analyzes with the statistics of everything observed. Without a first pass, each batch is
/// analyzed as a corpus of its own.
public struct CorpusPass: Sendable {
    public let reset: @Sendable () -> Void
    public let observe: @Sendable ([Document]) -> Void
    public let finish: @Sendable () -> Void
}

/// The state behind a `CorpusPass`: statistics being gathered, then the finished ones.
final class CorpusState<A: CorpusAnalyzer>: Sendable {
    let analyzer: A
    private let gathering = Mutex(A.Statistics())
    private let finished = Mutex<A.Statistics?>(nil)

    init(_ analyzer: A) { self.analyzer = analyzer }

    var pass: CorpusPass {
        CorpusPass(
            reset: {
                self.gathering.withLock { $0 = A.Statistics() }
                self.finished.withLock { $0 = nil }
            },
            observe: { documents in
                var local = A.Statistics()
                for document in documents { self.analyzer.observe(document, into: &local) }
                self.gathering.withLock { $0.merge(local) }
            },
            finish: {
                let statistics = self.gathering.withLock { $0 }
                self.finished.withLock { $0 = statistics }
            })
    }

    /// The second pass over a batch.
    func run(_ documents: inout [Document], name: String) {
        let corpus: A.Statistics
        if let statistics = finished.withLock({ $0 }) {
            corpus = statistics
        } else {
            var local = A.Statistics()
            for document in documents { analyzer.observe(document, into: &local) }
            corpus = local
        }
        for index in documents.indices {
            do {
                try analyzer.analyze(&documents[index], corpus: corpus)
            } catch {
                documents[index].recordError(analyzer: name, message: String(describing: error))
            }
        }
    }
}

extension AnalyzerFactory {
    /// The step of a corpus analyzer: its second pass, with the first pass beside it.
    static func corpusStep<A: CorpusAnalyzer>(_ analyzer: A, name: String) -> AnalysisStep {
        let state = CorpusState(analyzer)
        return AnalysisStep(corpus: state.pass) { documents in state.run(&documents, name: name) }
    }
}
