import Foundation
import LectorKit

/// The commands that keep the corpus in a workspace file and query it: `open`, `save`, `sql`.
extension Session {
    /// Opens the workspace at `path` (created when there is no file): an existing one becomes the
    /// corpus; a new one takes the documents in memory, when the session has no workspace yet,
    /// so that nothing is lost. From then on the documents live in the file and are read from it
    /// as commands need them: opening reads none.
    public func open(path given: String, range: Range<Int>? = nil) throws(ShellError) {
        let path = expandHome(given)
        let exists = FileManager.default.fileExists(atPath: path)
        let opened: Workspace
        do {
            opened = try Workspace(path: path)
        } catch {
            throw ShellError(error.message, range: range)
        }
        if exists {
            namedViews = opened.views()
            work(in: opened)
            write("opened \(given): \(Self.documents(opened.count))\n")
        } else if workspace == nil, !memory.isEmpty {
            try opened.replaceDocuments(memory)
            for view in namedViews { try opened.saveView(name: view.name, definition: view.definition) }
            work(in: opened)
            write("created \(given) with the \(Self.documents(opened.count)) in memory\n")
        } else {
            namedViews = []
            work(in: opened)
            write("created \(given), empty: `load PATH` puts documents in it\n")
        }
    }

    /// Makes `opened` the corpus, every document in view.
    private func work(in opened: Workspace) {
        workspace = opened
        memory = []
        corpusReplaced()
    }

    /// Writes the corpus, with its results and the workspace's history, to a new workspace file,
    /// and works in that file from then on.
    func save(path given: String, range: Range<Int>?) throws(ShellError) {
        let path = expandHome(given)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ShellError("\(given) exists; save writes a new file (`open \(given)` works in that one)", range: range)
        }
        let target: Workspace
        do {
            if let workspace {
                // A copy of the file as it is: documents, kept columns, history and views.
                try workspace.copy(to: path)
                target = try Workspace(path: path)
            } else {
                target = try Workspace(path: path)
                try target.replaceDocuments(memory)
                for view in namedViews { try target.saveView(name: view.name, definition: view.definition) }
            }
        } catch {
            throw ShellError(error.message, range: range)
        }
        let earlierView = view
        work(in: target)
        // The documents and their order are the same: so is the view.
        view = earlierView
        write("saved \(Self.documents(target.count)) to \(given); working in it from now on\n")
    }

    /// `sql QUERY`: a read-only query over the workspace's tables (in memory when there is no
    /// workspace file), printed as a table or in the output mode set.
    func sql(_ query: String, range: Range<Int>) throws(ShellError) {
        guard !query.isEmpty else {
            throw ShellError("usage: sql SELECT ... (the tables: documents, history; see `help sql`)", range: range)
        }
        let tables: Workspace
        if let workspace {
            tables = workspace
        } else if let memoryTables, memoryTables.generation == corpusGeneration {
            tables = memoryTables.workspace
        } else {
            tables = try Workspace(path: nil)
            try tables.replaceDocuments(memory)
            memoryTables = (tables, corpusGeneration)
        }
        let result = try tables.query(query)
        var text = render(header: result.columns, rows: result.rows.map { $0.map { $0 ?? "NULL" } })
        if settings.output.isForPeople { text += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n" }
        write(text)
    }

    /// After a new corpus came (`load`, `open`): every document in view, nothing to undo.
    func corpusReplaced() {
        view = Array(0..<corpusCount)
        earlierViews = []
        corpusChanged()
    }

    /// After the documents changed: the field list and `sql`'s tables in memory are behind.
    func corpusChanged() {
        knownFieldsCache = nil
        corpusGeneration += 1
    }

    static func documents(_ count: Int) -> String { "\(count) document\(count == 1 ? "" : "s")" }

    // MARK: Named views

    /// `view NAME = FILTERS`: checks the filters, keeps them as written.
    func define(view call: CommandCall) throws(ShellError) {
        let characters = Array(call.text)
        let offset = call.textOffset
        guard let equals = characters.firstIndex(of: "=") else { throw call.usage }
        let name = String(characters[..<equals]).trimmingWhitespace()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw ShellError("a view's name is letters, digits, _ and -, such as 'recent'", range: call.range.lowerBound..<(offset + equals))
        }
        let definition = String(characters[(equals + 1)...]).trimmingWhitespace()
        let definitionOffset = offset + equals + 1 + characters[(equals + 1)...].prefix { $0.isWhitespace }.count
        let segments: [PipelineSyntax.Segment]
        do {
            segments = try PipelineSyntax.splitStages(definition)
        } catch {
            throw ShellError(error, offset: definitionOffset)
        }
        guard !segments.isEmpty else { throw ShellError("view \(name) has no filters: write where, sort or head after '='", range: call.range) }
        for segment in segments {
            guard let first = segment.words.first, let spec = Commands.named(first.text), spec.isFilter else {
                let range = segment.words.first.map { (definitionOffset + $0.range.lowerBound)..<(definitionOffset + $0.range.upperBound) }
                throw ShellError("a view is made of where, sort and head", range: range)
            }
            if spec.name == "where" {
                let start = first.range.upperBound
                _ = try ExpressionParser.parse(String(Array(definition)[start..<segment.range.upperBound]), offset: definitionOffset + start)
            }
        }
        try workspace?.saveView(name: name, definition: definition)
        if let index = namedViews.firstIndex(where: { $0.name == name }) {
            namedViews[index].definition = definition
        } else {
            namedViews.append((name, definition))
        }
        write("view \(name) = \(definition)\n")
    }

    /// `use NAME`: every document, then the view's filters, run again on what the documents hold now.
    func use(view name: String, range: Range<Int>) throws(ShellError) {
        guard let definition = namedViews.first(where: { $0.name == name })?.definition else {
            throw ShellError(namedViews.isEmpty ? "no view '\(name)': `view NAME = where ...` makes one" : "no view '\(name)'",
                             range: range, suggestion: closestMatch(to: name, in: namedViews.map(\.name)))
        }
        let earlier = view, depth = earlierViews.count
        view = Array(0..<corpusCount)
        do {
            try execute(definition, offset: 0)
        } catch {
            view = earlier
            earlierViews.removeLast(earlierViews.count - depth)
            throw ShellError("view \(name) (\(definition)): \((error as? ShellError)?.message ?? "\(error)")")
        }
        // One step for undo: back to the view before `use`.
        earlierViews.removeLast(earlierViews.count - depth)
        earlierViews.append(earlier)
    }

    // MARK: Pipelines over a workspace

    /// Runs a pipeline over the documents in view of a workspace file: read a batch at a time,
    /// and written back a batch at a time, each batch in its own transaction, so that the corpus
    /// need not fit in memory and Ctrl-C or a crash keeps every batch written. The columns of the
    /// pipeline's summary fields are kept on the way when the view is the whole corpus.
    /// Returns the summary, how many documents were interrupted (and keep what they had), and
    /// the results when they are few enough to report on (else only the last batch's).
    func analyzeInWorkspace(_ workspace: Workspace, runner: PipelineRunner, pipeline: Pipeline)
        throws -> (RunSummary, Int, [Document])
    {
        let view = self.view
        let read = WorkspaceStream.ReadIDs()
        func stream() -> WorkspaceStream { WorkspaceStream(workspace: workspace, indices: view, read: read) }
        var input = stream()
        var pending: [(index: Int, columns: Workspace.Columns)] = []
        var children: [(parent: Int, children: [Document])] = []
        var interrupted = 0
        var position = 0
        var reported: [Document] = []
        // The annotations written: their kept columns are out of date.
        var roots = Set(pipeline.produces)
        if pipeline.steps.contains(where: \.descriptor.rewritesText) { roots.insert("text") }
        let wholeCorpus = view.count == workspace.count && view.elementsEqual(0..<workspace.count)
        let keptPaths = wholeCorpus ? Array(Set(pipeline.steps.flatMap(\.descriptor.tableFields))).map(FieldPath.init) : []
        var builders = [ColumnBuilder](repeating: ColumnBuilder(), count: keptPaths.count)
        func flush() throws {
            guard !pending.isEmpty else { return }
            try workspace.update(pending, roots: roots)
            pending.removeAll(keepingCapacity: true)
        }
        /// A result as the file takes it, made on the thread that analysed it.
        struct Encoded: Sendable {
            var document: Document
            var columns: Workspace.Columns
            var values: [[JSONValue]]
        }
        let summary = try runner.run(&input, reopen: stream, cancellation: interruption, finish: { documents in
            documents.map { result in
                var document = result
                document.annotations.convertToJSON()
                return Encoded(document: document, columns: Workspace.Columns(document), values: keptPaths.map { document.values(at: $0) })
            }
        }) { batch in
            for result in batch {
                let document = result.document
                // A result whose id is not the next document read is a child of the one before it.
                guard let expected = read.first, expected == document.id || document.parentID == nil || position == 0 else {
                    let parent = view[position - 1]
                    if children.last?.parent == parent { children[children.count - 1].children.append(document) } else { children.append((parent, [document])) }
                    continue
                }
                read.removeFirst()
                let index = view[position]
                position += 1
                if Self.wasInterrupted(document) {
                    interrupted += 1
                    continue
                }
                for (number, values) in result.values.enumerated() { builders[number].append(values) }
                pending.append((index, result.columns))
                if reported.count < Self.batchSize { reported.append(document) }
            }
            if pending.count >= Self.batchSize { try flush() }
        }
        try flush()
        if !children.isEmpty {
            try workspace.insertChildren(children)
            self.view = Self.view(view, after: children)
        }
        if children.isEmpty, interrupted == 0, !summary.cancelled, position == view.count, !keptPaths.isEmpty {
            for (path, builder) in zip(keptPaths, builders) { workspace.keep(builder.build(), path: path) }
        }
        return (summary, interrupted, reported)
    }

    /// A view after child documents were placed after their parents (`Workspace.insertChildren`):
    /// each document moves down by the children placed before it, and the children are in view
    /// right after their parent.
    static func view(_ view: [Int], after groups: [(parent: Int, children: [Document])]) -> [Int] {
        let groups = groups.sorted { $0.parent < $1.parent }
        var parents: [Int] = [], placedBefore: [Int] = [], childCount: [Int: Int] = [:]
        var total = 0
        for group in groups {
            parents.append(group.parent)
            placedBefore.append(total)
            total += group.children.count
            childCount[group.parent] = group.children.count
        }
        func moved(_ index: Int) -> Int {
            // Children of the parents before `index` (a parent's own come after it).
            var low = 0, high = parents.count
            while low < high {
                let middle = (low + high) / 2
                if parents[middle] < index { low = middle + 1 } else { high = middle }
            }
            return index + (low < parents.count ? placedBefore[low] : total)
        }
        var result: [Int] = []
        result.reserveCapacity(view.count + total)
        for index in view {
            let position = moved(index)
            result.append(position)
            for offset in 0..<(childCount[index] ?? 0) { result.append(position + 1 + offset) }
        }
        return result
    }
}

/// The documents at some indices of a workspace, read a batch at a time for a pipeline. The
/// ids it hands out wait in `read` until their results come back, so that the pipeline's results
/// can be told from the child documents an analyzer adds.
struct WorkspaceStream: DocumentStream {
    /// Ids read and not yet seen come back, oldest first.
    final class ReadIDs {
        private var ids: [String] = []
        private var position = 0
        var first: String? { position < ids.count ? ids[position] : nil }
        func append(_ id: String) {
            if position > 4096, position * 2 > ids.count {
                ids.removeFirst(position)
                position = 0
            }
            ids.append(id)
        }
        func removeFirst() { position += 1 }
        func removeAll() {
            ids = []
            position = 0
        }
    }

    let workspace: Workspace
    let indices: [Int]
    let read: ReadIDs
    private var nextIndex = 0
    private var batch: [Document] = []
    private var batchPosition = 0

    /// A stream from the first of `indices`; what `read` held is forgotten.
    init(workspace: Workspace, indices: [Int], read: ReadIDs) {
        self.workspace = workspace
        self.indices = indices
        self.read = read
        read.removeAll()
    }

    mutating func next() throws -> Document? {
        if batchPosition == batch.count {
            guard nextIndex < indices.count else { return nil }
            let end = min(indices.count, nextIndex + Session.batchSize)
            if let prefetch, prefetch.range == nextIndex..<end {
                prefetch.done.wait()
                self.prefetch = nil
                batch = try prefetch.result!.get()
            } else {
                batch = try workspace.documents(at: indices[nextIndex..<end])
            }
            batchPosition = 0
            nextIndex = end
            startReading(nextIndex..<min(indices.count, nextIndex + Session.batchSize))
        }
        let document = batch[batchPosition]
        batchPosition += 1
        read.append(document.id)
        return document
    }

    /// A batch read on another thread through the workspace's second connection, while the
    /// pipeline analyses and writes the one before it.
    final class Prefetch: @unchecked Sendable {
        let range: Range<Int>
        var result: Result<[Document], ShellError>?
        let done = DispatchSemaphore(value: 0)
        init(range: Range<Int>) { self.range = range }
    }
    private var prefetch: Prefetch?

    private mutating func startReading(_ range: Range<Int>) {
        guard !range.isEmpty, let reader = workspace.reader else { return }
        let next = Prefetch(range: range)
        let wanted = Array(indices[range]), path = workspace.path
        DispatchQueue.global().async {
            next.result = Result { () throws(ShellError) in try Workspace.documents(at: wanted, from: reader, path: path) }
            next.done.signal()
        }
        prefetch = next
    }
}
