import LectorKit

/// Small analyzers that exercise the pipeline's contracts.
enum Alpha: AnnotationKey {
    typealias Value = JSONValue
    static let name = "alpha"
}

struct ProducesAlpha: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        name: "produce-alpha", summary: "Adds alpha",
        options: [
            OptionSpec("level", .int(1...5), default: .int(1), help: "How much"),
            OptionSpec("mode", .choice(["fast", "careful"]), default: .string("fast"), help: "How"),
            OptionSpec("verbose", .bool, default: .bool(false), help: "Talk more"),
            OptionSpec("label", .string, default: .string(""), help: "A label"),
            OptionSpec("langs", .list(allowed: ["de", "en", "fr"]), default: .list([]), help: "Languages"),
            OptionSpec("ratio", .number(0...1), default: .number(0.5), help: "A ratio"),
        ],
        produces: ["alpha"])
    let level: Int
    let label: String
    init(options: AnalyzerOptions) {
        level = options.int("level")
        label = options.string("label")
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

struct TestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

func testRegistry() -> AnalyzerRegistry {
    var registry = AnalyzerRegistry()
    for type in [ProducesAlpha.self, NeedsAlpha.self, NeedsGamma.self, Explodes.self, SplitLines.self] as [any Analyzer.Type] {
        try! registry.register(AnalyzerFactory(type))
    }
    return registry
}
