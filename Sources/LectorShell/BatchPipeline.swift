import LectorKit

/// A pipeline for `lector analyze -p` with the shell's filters in it: `where` anywhere (a step
/// that drops the documents that do not match as they stream past), and `sort` and `head` at
/// the end, on the records written (`sort` holds every record until the input ends; `head N`
/// stops reading once N are written).
public struct BatchPipeline {
    public let pipeline: Pipeline
    public let sort: (path: FieldPath, descending: Bool)?
    public let head: Int?

    public init(_ text: String, registry: AnalyzerRegistry) throws(PipelineError) {
        let segments = try PipelineSyntax.splitStages(text)
        let characters = Array(text)
        var steps: [Pipeline.Step] = []
        var produced = Set<String>()
        var analyzers: [PipelineSyntax.Segment] = []
        var sort: (path: FieldPath, descending: Bool)?
        var head: Int?
        func addAnalyzers() throws(PipelineError) {
            guard let first = analyzers.first, let last = analyzers.last else { return }
            let start = first.range.lowerBound
            let part: Pipeline
            do {
                part = try Pipeline(String(characters[start..<last.range.upperBound]), registry: registry, provided: produced)
            } catch {
                throw PipelineError(error, offset: start)
            }
            steps += part.steps.map { step in
                var step = step
                step.range = step.range.map { ($0.lowerBound + start)..<($0.upperBound + start) }
                return step
            }
            produced.formUnion(part.produces)
            analyzers = []
        }
        for segment in segments {
            guard let first = segment.words.first else {
                throw PipelineError(message: "empty step in the pipeline: nothing between two '|'", range: segment.range.lowerBound..<(segment.range.lowerBound + 1))
            }
            let words = Array(segment.words.dropFirst())
            guard ["where", "sort", "head"].contains(first.text) else {
                if sort != nil || head != nil {
                    throw PipelineError(message: "sort and head come last in lector analyze: they order and cut the records written", range: first.range)
                }
                analyzers.append(segment)
                continue
            }
            try addAnalyzers()
            switch first.text {
            case "where":
                guard sort == nil, head == nil else {
                    throw PipelineError(message: "where comes before sort and head in lector analyze", range: first.range)
                }
                let start = first.range.upperBound
                let expression = try ExpressionParser.parse(String(characters[start..<segment.range.upperBound]), offset: start)
                steps.append(Self.filter(expression, range: first.range))
            case "sort":
                guard head == nil, sort == nil, let field = words.first, words.count <= 2,
                      words.count == 1 || words[1].text == "desc" || words[1].text == "asc" else {
                    throw PipelineError(message: "usage: sort FIELD [desc], once, before head", range: first.range)
                }
                sort = (FieldPath(field.text), words.count == 2 && words[1].text == "desc")
            default:
                guard head == nil, words.count == 1, let count = Int(words[0].text), count >= 0 else {
                    throw PipelineError(message: "usage: head N, with N a whole number, once", range: first.range)
                }
                head = count
            }
        }
        try addAnalyzers()
        pipeline = try Pipeline(steps: steps, registry: registry)
        self.sort = sort
        self.head = head
    }

    static let whereDescriptor = AnalyzerDescriptor(
        name: "where", summary: "Keeps the documents that match an expression (as the shell's where)", produces: [])

    /// A step that keeps the documents of a batch that match.
    static func filter(_ expression: Expression, range: Range<Int>) -> Pipeline.Step {
        Pipeline.Step(
            descriptor: whereDescriptor, options: AnalyzerOptions(defaultsFor: whereDescriptor),
            analysis: AnalysisStep { documents in documents.removeAll { !expression.matches($0) } }, range: range)
    }

    /// The records in `sort`'s order (missing values last either way, ties in input order).
    public func sorted(_ documents: [Document]) -> [Document] {
        guard let sort else { return documents }
        let keys = documents.map { SortKey($0.values(at: sort.path).first) }
        let order = documents.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.isMissing != y.isMissing { return !x.isMissing }
            if sort.descending ? y < x : x < y { return true }
            if sort.descending ? x < y : y < x { return false }
            return a < b
        }
        return order.map { documents[$0] }
    }
}
