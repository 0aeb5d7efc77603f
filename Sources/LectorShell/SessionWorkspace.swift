import Foundation
import LectorKit

/// The commands that keep the corpus in a workspace file and query it: `open`, `save`, `sql`.
extension Session {
    /// Opens the workspace at `path` (created when there is no file): an existing one becomes the
    /// corpus; a new one takes the documents in memory, when the session has no workspace yet,
    /// so that nothing is lost.
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
            let documents = try opened.documents()
            workspace = opened
            namedViews = opened.views()
            // What the file holds is the corpus: nothing to write back.
            try replaceCorpus(documents, writing: false)
            write("opened \(given): \(Self.documents(documents.count))\n")
        } else if workspace == nil, !corpus.isEmpty {
            try opened.replaceDocuments(corpus)
            for view in namedViews { try opened.saveView(name: view.name, definition: view.definition) }
            workspace = opened
            write("created \(given) with the \(Self.documents(corpus.count)) in memory\n")
        } else {
            workspace = opened
            namedViews = []
            try replaceCorpus([])
            write("created \(given), empty: `load PATH` puts documents in it\n")
        }
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
            target = try Workspace(path: path)
        } catch {
            throw ShellError(error.message, range: range)
        }
        try target.replaceDocuments(corpus)
        for line in workspace?.history() ?? [] { target.appendHistory(line) }
        for view in namedViews { try target.saveView(name: view.name, definition: view.definition) }
        workspace = target
        write("saved \(Self.documents(corpus.count)) to \(given); working in it from now on\n")
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
            try tables.replaceDocuments(corpus)
            memoryTables = (tables, corpusGeneration)
        }
        let result = try tables.query(query)
        var text = render(header: result.columns, rows: result.rows.map { $0.map { $0 ?? "NULL" } })
        if settings.output.isForPeople { text += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n" }
        write(text)
    }

    /// Makes `documents` the corpus, every one in view, and keeps it in the workspace (unless
    /// they came from it).
    func replaceCorpus(_ documents: [Document], writing: Bool = true) throws(ShellError) {
        corpus = documents
        view = Array(corpus.indices)
        earlierViews = []
        if writing {
            try corpusChanged(updating: nil)
        } else {
            knownFieldsCache = nil
            corpusGeneration += 1
        }
    }

    /// After the corpus changed: the field list and `sql`'s tables are behind, and the workspace
    /// gets the documents at `indices` again (all of them when nil), in one transaction.
    func corpusChanged(updating indices: [Int]?) throws(ShellError) {
        knownFieldsCache = nil
        corpusGeneration += 1
        guard let workspace else { return }
        if let indices {
            try workspace.updateDocuments(corpus, at: indices)
        } else {
            try workspace.replaceDocuments(corpus)
        }
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
        view = Array(corpus.indices)
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
}
