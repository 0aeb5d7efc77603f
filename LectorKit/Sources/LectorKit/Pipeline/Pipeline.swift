/// A validated chain of configured analyzers.
public struct Pipeline: Sendable {
    public struct Step: Sendable {
        public var descriptor: AnalyzerDescriptor
        public var options: AnalyzerOptions
        public var analysis: AnalysisStep
        /// Character offsets of the analyzer's name in the pipeline text, when parsed from text.
        public var range: Range<Int>?

        public init(descriptor: AnalyzerDescriptor, options: AnalyzerOptions, analysis: AnalysisStep, range: Range<Int>? = nil) {
            self.descriptor = descriptor
            self.options = options
            self.analysis = analysis
            self.range = range
        }
    }

    public let steps: [Step]
    /// The annotations every document already has before the first step (from the input).
    public let provided: Set<String>
    /// What is allowed but probably not meant: a step that rewrites the text after spans were
    /// found in it (see `warnings(in:registry:provided:)`).
    public let warnings: [PipelineError]

    /// Parses and validates `text` such as `normalize | stats`. Errors point at the word at fault.
    public init(_ text: String, registry: AnalyzerRegistry, provided: Set<String> = []) throws(PipelineError) {
        let syntax = try PipelineSyntax.parse(text)
        var steps: [Step] = []
        for stage in syntax.stages {
            let factory: AnalyzerFactory
            do {
                factory = try registry.factory(named: stage.name)
            } catch {
                let registryError = error as? RegistryError
                throw PipelineError(
                    message: registryError?.message ?? "unknown analyzer '\(stage.name)'", range: stage.nameRange,
                    suggestion: registryError?.suggestion)
            }
            do {
                let (options, analysis) = try factory.configure(stage.arguments)
                steps.append(Step(descriptor: factory.descriptor, options: options, analysis: analysis, range: stage.nameRange))
            } catch let error as OptionError {
                // An option the analyzer refused after parsing (a model that will not load) points at its word.
                let range = error.range ?? stage.arguments.first { $0.key == error.option }?.range ?? stage.nameRange
                throw PipelineError(message: error.message, range: range, suggestion: error.suggestion)
            } catch {
                throw PipelineError(message: "\(stage.name): \(error)", range: stage.nameRange)
            }
        }
        try self.init(steps: steps, registry: registry, provided: provided)
    }

    /// Validates configured steps: each requirement must be produced by an earlier step.
    public init(steps: [Step], registry: AnalyzerRegistry, provided: Set<String> = []) throws(PipelineError) {
        guard !steps.isEmpty else { throw PipelineError(message: "the pipeline is empty: name at least one analyzer") }
        self.steps = steps
        self.provided = provided
        self.warnings = Self.warnings(in: steps, registry: registry, provided: provided)
        if let problem = Self.problems(in: steps, registry: registry, provided: provided).first {
            steps.forEach { $0.analysis.close?() }
            throw problem
        }
    }

    /// Everything wrong with the order of `steps`, one error per missing requirement.
    public static func problems(in steps: [Step], registry: AnalyzerRegistry, provided: Set<String> = []) -> [PipelineError] {
        var available = provided
        var problems: [PipelineError] = []
        for (index, step) in steps.enumerated() {
            for requirement in step.descriptor.requires where !available.contains(requirement) {
                let name = step.descriptor.name
                let position = "step \(index + 1) '\(name)' requires '\(requirement)'"
                if let later = steps[(index + 1)...].firstIndex(where: { $0.descriptor.produces.contains(requirement) }) {
                    let producer = steps[later].descriptor.name
                    problems.append(PipelineError(
                        message: "\(position), but '\(producer)' (step \(later + 1)) produces it only afterwards; move '\(producer)' before '\(name)'",
                        range: step.range))
                } else {
                    let producers = registry.producers(of: requirement)
                    let advice = producers.isEmpty
                        ? "no known analyzer produces it"
                        : "add " + producers.map { "'\($0)'" }.joined(separator: " or ") + " before it"
                    problems.append(PipelineError(message: "\(position), which no earlier step produces; \(advice)", range: step.range))
                }
            }
            available.formUnion(step.descriptor.produces)
        }
        return problems
    }

    /// Steps that rewrite the text (`rewritesText`) after spans were found in it, by an earlier
    /// step or in the input: those spans no longer point at the characters they named, in the
    /// record written out or for a later step that reads them. One warning on the rewriting step,
    /// and one on each later step that requires an annotation found before the rewrite.
    public static func warnings(in steps: [Step], registry: AnalyzerRegistry, provided: Set<String> = []) -> [PipelineError] {
        var warnings: [PipelineError] = []
        // Annotations found so far, with whether they hold spans, in the order they were found.
        var found: [(name: String, spans: Bool)] = provided.sorted().map { name in
            (name, registry.all.contains { $0.descriptor.produces.contains(name) && $0.descriptor.producesSpans })
        }
        var rewrittenBy: [String: (name: String, step: Int)] = [:]
        for (index, step) in steps.enumerated() {
            let descriptor = step.descriptor
            for requirement in descriptor.requires {
                guard let rewriter = rewrittenBy[requirement] else { continue }
                warnings.append(PipelineError(
                    message: "step \(index + 1) '\(descriptor.name)' requires '\(requirement)', which was found before '\(rewriter.name)' (step \(rewriter.step + 1)) rewrote the text; run '\(rewriter.name)' before the step that produces '\(requirement)'",
                    range: step.range))
            }
            if descriptor.rewritesText {
                let stale = found.filter(\.spans).map(\.name)
                if !stale.isEmpty {
                    let names = stale.map { "'\($0)'" }.joined(separator: ", ")
                    warnings.append(PipelineError(
                        message: "step \(index + 1) '\(descriptor.name)' rewrites the text after \(names) found spans in it: those spans will not match the text; run '\(descriptor.name)' first",
                        range: step.range))
                }
                for annotation in found { rewrittenBy[annotation.name] = (descriptor.name, index) }
            }
            for name in descriptor.produces {
                found.removeAll { $0.name == name }
                found.append((name, descriptor.producesSpans))
                rewrittenBy[name] = nil
            }
        }
        return warnings
    }

    /// Runs every step on a batch, in order. Child documents an analyzer splits off are placed
    /// right after their parent and go through the remaining steps.
    public func process(_ documents: inout [Document]) {
        process(&documents, steps: steps.indices)
    }

    /// Runs the steps in `range` on a batch (the runner's first passes stop before a corpus step).
    public func process(_ documents: inout [Document], steps range: Range<Int>) {
        for step in steps[range] {
            step.analysis.run(&documents)
            if documents.contains(where: { !$0.children.isEmpty }) {
                var expanded: [Document] = []
                expanded.reserveCapacity(documents.count * 2)
                for var document in documents {
                    let children = document.children
                    document.children = []
                    expanded.append(document)
                    expanded.append(contentsOf: children)
                }
                documents = expanded
            }
        }
    }

    /// Every annotation a step of the pipeline produces.
    public var produces: Set<String> { Set(steps.flatMap(\.descriptor.produces)) }

    /// The positions of the steps that read the whole corpus before they judge a document.
    public var corpusSteps: [Int] { steps.indices.filter { steps[$0].analysis.corpus != nil } }

    /// Analyzes one document (and returns it with any child documents after it).
    public func process(_ document: Document) -> [Document] {
        var batch = [document]
        process(&batch)
        return batch
    }

    /// Columns for a table of results: the id, each step's summary fields, then the text.
    public var summaryFields: FieldSelection {
        FieldSelection(summaryOf: steps.map(\.descriptor.tableFields), includeText: true)
    }

    /// Releases what the steps hold (such as plugin processes).
    public func close() {
        for step in steps { step.analysis.close?() }
    }

    /// The pipeline written back as text, with options that differ from their defaults.
    public var text: String {
        steps.map { step in
            let defaults = AnalyzerOptions(defaultsFor: step.descriptor)
            let changed = step.descriptor.options.compactMap { spec -> String? in
                guard let value = step.options[spec.name], value != defaults[spec.name] else { return nil }
                let text = value.description
                let needsQuotes = text.isEmpty || text.contains { $0 == " " || $0 == "|" || $0 == "\"" || $0 == "'" }
                return "\(spec.name)=" + (needsQuotes ? "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" : text)
            }
            return ([step.descriptor.name] + changed).joined(separator: " ")
        }.joined(separator: " | ")
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
