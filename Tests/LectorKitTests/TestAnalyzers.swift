import LectorKit

/// Small analyzers that exercise the pipeline's contracts.
enum Alpha: AnnotationKey {
    typealias Value = JSONValue
    static let name = "alpha"
}

struct ProducesAlpha: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        name: "produce-alpha", summary: "Adds alpha",
        options: [level.spec, mode.spec, verbose.spec, label.spec, langs.spec, ratio.spec, lexicon.spec],
        produces: ["alpha"])
    static let level = AnalyzerOption<Int>("level", default: 1, range: 1...5, help: "How much")
    static let mode = AnalyzerOption<String>("mode", choices: ["fast", "careful"], default: "fast", help: "How")
    static let verbose = AnalyzerOption<Bool>("verbose", help: "Talk more")
    static let label = AnalyzerOption<String>("label", help: "A label")
    static let langs = AnalyzerOption<[String]>("langs", allowed: ["de", "en", "fr"], help: "Languages")
    static let ratio = AnalyzerOption<Double>("ratio", default: 0.5, range: 0...1, help: "A ratio")
    static let lexicon = AnalyzerOption<String?>(path: "lexicon", help: "A word list")
    let level: Int
    let label: String
    init(options: AnalyzerOptions) throws {
        level = try options[Self.level]
        label = try options[Self.label]
    }
    func analyze(_ document: inout Document) {
        document[Alpha.self] = ["level": .int(level), "label": .string(label), "length": .int(document.text.count)]
    }
}

struct NeedsAlpha: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "need-alpha", summary: "Uses alpha", requires: ["alpha"], produces: ["beta"])
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) throws {
        guard let alpha = document[Alpha.self] else { throw TestFailure(message: "alpha missing") }
        document.annotations["beta"] = .int((alpha["length"]?.intValue ?? 0) * 2)
    }
}

struct NeedsGamma: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "need-gamma", summary: "Uses gamma", requires: ["gamma"], produces: ["delta"])
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) {}
}

/// Fails on documents whose text contains "boom".
struct Explodes: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "explodes", summary: "Fails on boom", produces: ["survived"])
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) throws {
        if document.text.contains("boom") { throw TestFailure(message: "cannot handle boom") }
        document.annotations["survived"] = true
    }
}

/// Splits each line into a child document.
struct SplitLines: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "split-lines", summary: "One child per line", produces: ["parts"])
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) {
        let lines = document.text.split(separator: "\n")
        document.annotations["parts"] = .int(lines.count)
        document.children = lines.enumerated().map { document.child(suffix: String($0.offset + 1), text: String($0.element), line: $0.offset + 1) }
    }
}

/// Finds the span of each word "pact" (a step whose results hold spans).
struct FindsPact: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "find-pact", summary: "Spans of 'pact'", produces: ["pact"], producesSpans: true)
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) {
        let spans = Segmentation.words(in: document.text).filter { document.text.text(in: $0) == "pact" }
        document.annotations["pact"] = .array(spans.map(\.jsonValue))
    }
}

/// Upper-cases the text (a step that rewrites it).
struct Shouts: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "shout", summary: "Upper case", produces: ["shouted"], rewritesText: true)
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) {
        document.text = "!" + document.text.uppercased()
        document.annotations["shouted"] = true
    }
}

/// Changes the text without saying so in its descriptor (PluginChecks must notice).
struct RewritesQuietly: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "rewrite-quietly", summary: "Trims the text", produces: ["trimmed"])
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) {
        document.text = document.text.trimmingWhitespace()
        document.annotations["trimmed"] = true
    }
}

/// Requires the spans of "pact".
struct NeedsPact: Analyzer {
    static let descriptor = AnalyzerDescriptor(name: "need-pact", summary: "Uses pact", requires: ["pact"], produces: ["pact-count"])
    init(options: AnalyzerOptions) {}
    func analyze(_ document: inout Document) {
        document.annotations["pact-count"] = .int(document.annotations["pact"]?.arrayValue?.count ?? 0)
    }
}

/// For each document: in how many documents of the corpus its first word (after `shout`, if
/// that ran before) appears; requires alpha, so the steps before it run in the first pass.
struct SharedFirstWord: CorpusAnalyzer {
    static let descriptor = AnalyzerDescriptor(
        name: "shared-first-word", summary: "Documents sharing the first word", requires: ["alpha"], produces: ["shared"])
    struct Statistics: CorpusStatistics {
        var documents: [String: Int] = [:]
        var observed = 0
        init() {}
        mutating func merge(_ other: Statistics) {
            documents.merge(other.documents, uniquingKeysWith: +)
            observed += other.observed
        }
    }
    init(options: AnalyzerOptions) {}
    func observe(_ document: Document, into statistics: inout Statistics) {
        statistics.observed += 1
        for word in Set(document.text.split(separator: " ").map(String.init)) { statistics.documents[word, default: 0] += 1 }
    }
    func analyze(_ document: inout Document, corpus: Statistics) {
        let first = document.text.split(separator: " ").first.map(String.init) ?? ""
        document.annotations["shared"] = ["documents": .int(corpus.documents[first] ?? 0), "corpus": .int(corpus.observed)]
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

func testRegistry() -> AnalyzerRegistry {
    var registry = AnalyzerRegistry()
    for type in [ProducesAlpha.self, NeedsAlpha.self, NeedsGamma.self, Explodes.self, SplitLines.self, FindsPact.self, Shouts.self, NeedsPact.self, SharedFirstWord.self, RewritesQuietly.self] as [any Analyzer.Type] {
        try! registry.register(AnalyzerFactory(type))
    }
    return registry
}
