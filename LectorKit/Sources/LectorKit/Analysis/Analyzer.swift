/// An analyzer: it declares what it is once, and reads a document to add annotations.
///
/// The declaration drives everything users see: `lector analyzers`, `help NAME`, option
/// validation, tab completion and pipeline checks. An analyzer must be safe to run on many
/// documents at once, and it never prints.
public protocol Analyzer: Sendable {
    /// Name, summary, options, and the annotations it requires and produces.
    static var descriptor: AnalyzerDescriptor { get }
    /// Configures the analyzer with validated options (every declared option has a value).
    init(options: AnalyzerOptions) throws
    /// Adds this analyzer's annotations to `document`. Throwing records the error on this
    /// document only; the rest of the corpus goes on.
    func analyze(_ document: inout Document) throws
}

/// What an analyzer says about itself.
public struct AnalyzerDescriptor: Sendable {
    public var name: String
    public var summary: String
    /// Longer help: method, caveats, examples.
    public var discussion: String
    public var options: [OptionSpec]
    /// Annotations that must exist before this analyzer runs.
    public var requires: [String]
    /// Annotations this analyzer adds.
    public var produces: [String]
    /// Field paths worth a column when its results are shown as a table (`stats.words`...).
    public var summaryFields: [String]
    /// Whether it changes the document's text (as `normalize` does): spans that earlier steps
    /// found no longer point at the same characters, which validation and `explain` flag.
    public var rewritesText: Bool
    /// Whether what it produces holds spans of the text (offsets that a later rewrite makes stale).
    public var producesSpans: Bool
    /// Whether it is a `CorpusAnalyzer`, which reads every document before it judges one (set
    /// by the registry from the type).
    public internal(set) var readsWholeCorpus = false

    public init(
        name: String, summary: String, discussion: String = "", options: [OptionSpec] = [],
        requires: [String] = [], produces: [String], summaryFields: [String] = [],
        rewritesText: Bool = false, producesSpans: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.requires = requires
        self.produces = produces
        self.summaryFields = summaryFields
        self.rewritesText = rewritesText
        self.producesSpans = producesSpans
    }

    public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }

    /// The fields a table of this analyzer's results shows: its summary fields, else what it produces.
    public var tableFields: [String] { summaryFields.isEmpty ? produces : summaryFields }
}

/// Makes configured analyzers by name. Built-in and Swift plugin analyzers come from an
/// `Analyzer` type; process plugins supply a descriptor and a batch function of their own.
public struct AnalyzerFactory: Sendable {
    public let descriptor: AnalyzerDescriptor
    private let make: @Sendable (AnalyzerOptions) throws -> AnalysisStep

    public init<A: Analyzer>(_ type: A.Type) {
        let name = A.descriptor.name
        var descriptor = A.descriptor
        descriptor.readsWholeCorpus = A.self is any CorpusAnalyzer.Type
        self.descriptor = descriptor
        self.make = { options in
            let analyzer = try A(options: options)
            if let corpusAnalyzer = analyzer as? any CorpusAnalyzer {
                return Self.corpusStep(corpusAnalyzer, name: name)
            }
            return AnalysisStep { documents in
                for index in documents.indices {
                    do {
                        try analyzer.analyze(&documents[index])
                    } catch {
                        documents[index].recordError(analyzer: name, message: String(describing: error))
                    }
                }
            }
        }
    }

    /// An analyzer that works on whole batches, such as one that sends them to another process.
    public init(descriptor: AnalyzerDescriptor, make: @escaping @Sendable (AnalyzerOptions) throws -> AnalysisStep) {
        self.descriptor = descriptor
        self.make = make
    }

    /// Parses `key=value` arguments against the declared options and configures an analyzer.
    public func configure(_ arguments: [OptionArgument]) throws -> (options: AnalyzerOptions, step: AnalysisStep) {
        let options = try AnalyzerOptions(parsing: arguments, for: descriptor)
        return (options, try makeStep(options))
    }

    public func makeStep(_ options: AnalyzerOptions) throws -> AnalysisStep {
        do {
            return try make(options)
        } catch let error as OptionError {
            throw error
        } catch {
            throw OptionError(analyzer: descriptor.name, option: nil, message: String(describing: error))
        }
    }
}

/// A configured analyzer as the pipeline runs it: a function over a batch of documents,
/// which records failures on the documents themselves.
public struct AnalysisStep: Sendable {
    public let run: @Sendable (inout [Document]) -> Void
    public let close: (@Sendable () -> Void)?
    /// The first pass of a corpus analyzer, which the runner drives over every document
    /// before `run` (nil for an analyzer that reads one document at a time).
    public let corpus: CorpusPass?

    public init(
        close: (@Sendable () -> Void)? = nil, corpus: CorpusPass? = nil, run: @escaping @Sendable (inout [Document]) -> Void
    ) {
        self.run = run
        self.close = close
        self.corpus = corpus
    }
}

extension Analyzer {
    /// The analyzer configured as a user would configure it, with `key=value` texts checked
    /// against the descriptor: for tests, benchmarks and tools that run one analyzer alone.
    ///
    /// ```swift
    /// var document = Document(id: "t", text: "15:21 Erste Meldung\n15:40 Zweite Meldung")
    /// try TickerAnalyzer.configured(["min-run": "2"]).analyze(&document)
    /// ```
    public static func configured(_ options: [String: String] = [:]) throws -> Self {
        let arguments = options.sorted { $0.key < $1.key }.map { OptionArgument(key: $0.key, value: $0.value) }
        return try Self(options: AnalyzerOptions(parsing: arguments, for: descriptor))
    }
}
