import Foundation
import LectorAnalyzers
import LectorKit
import LectorPlugins

/// The shell's state and commands: the loaded corpus, the current view of it, the settings.
public final class Session {
    public var registry: AnalyzerRegistry
    /// The plugins loaded, and the ones that could not be (with why).
    public var plugins: [LoadedPlugin] = []
    public var pluginProblems: [String] = []
    /// The loaded documents, with what analyzers added, when there is no workspace file. With one,
    /// the documents are in the file and read a batch at a time (`documents(at:)`): this is empty.
    var memory: [Document] = []
    /// Every document (read from the workspace file when there is one).
    public var corpus: [Document] {
        guard let workspace else { return memory }
        return (try? workspace.documents(at: 0..<workspace.count)) ?? []
    }
    /// How many documents the corpus has.
    public var corpusCount: Int { workspace?.count ?? memory.count }
    /// Indices into the corpus (0-based, in corpus order) of the documents in view, after
    /// `where`, `sort` and `head`.
    public internal(set) var view: [Int] = [] {
        // The fields offered and checked are those of the documents in view.
        didSet {
            knownFieldsCache = nil
            rowsAskedFor = nil
        }
    }
    /// The views before each `where`, `sort`, `head` and `reset`, for `undo`; emptied when the
    /// corpus is replaced or documents are added.
    var earlierViews: [[Int]] = []
    /// `head N`'s N, while its view lasts: its table shows that many rows.
    var rowsAskedFor: Int?
    /// Named views: their filters, run again on `use`.
    var namedViews: [(name: String, definition: String)] = []
    /// The workspace file the corpus is kept in (`open`, `save`, `lector FILE.lector-db`); nil: in memory only.
    var workspace: Workspace?
    /// Bumped whenever the corpus changes, so that the in-memory tables `sql` reads without a
    /// workspace are built again only when they are behind.
    var corpusGeneration = 0
    var memoryTables: (workspace: Workspace, generation: Int)?
    /// What Ctrl-C sets: the shell's SIGINT flag, unless a caller (a test) gives its own.
    public var interruption: CancellationFlag = interruptFlag
    public var settings = ShellSettings()
    public var editor: LineEditor?
    /// Whether output goes to a terminal (then colour and progress are allowed).
    public var isTerminal: Bool
    public var environment: [String: String]
    let writeOutput: (String) -> Void
    /// At an interactive terminal: shows text longer than the screen through a pager; false
    /// when it could not (the text is then written as it is).
    public var pager: ((String) -> Bool)?
    /// A command's output while it runs, when a pager may show it.
    private var pending: String?
    let writeError: (String) -> Void
    var sourceDepth = 0
    /// Set by `quit`.
    public private(set) var wantsToQuit = false
    /// The fields seen in the corpus, for completion and suggestions; rebuilt when it changes.
    var knownFieldsCache: [String]?

    public init(
        registry: AnalyzerRegistry, isTerminal: Bool, environment: [String: String],
        write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
    ) {
        self.registry = registry
        self.isTerminal = isTerminal
        self.environment = environment
        self.writeOutput = write
        self.writeError = writeError
    }

    public var documentsInView: [Document] {
        get throws(ShellError) { try documents(at: view) }
    }

    /// Ids offered when completing a command's argument: those of the first documents in view.
    public var idsForCompletion: [String] { ((try? documents(at: view.prefix(10_000))) ?? []).map(\.id) }

    /// The documents at these indices of the corpus, in that order.
    func documents(at indices: some Collection<Int>) throws(ShellError) -> [Document] {
        if let workspace { return try workspace.documents(at: indices) }
        return indices.map { memory[$0] }
    }

    /// The documents in view, a batch at a time (a workspace's corpus need not fit in memory),
    /// with their indices.
    func forEachBatchInView(_ body: (ArraySlice<Int>, [Document]) throws -> Void) throws {
        guard workspace != nil else { return try body(view[...], view.map { memory[$0] }) }
        for start in stride(from: 0, to: view.count, by: Self.batchSize) {
            let indices = view[start..<min(view.count, start + Self.batchSize)]
            try body(indices, try documents(at: indices))
        }
    }

    /// Documents read from and written to a workspace file at a time.
    static let batchSize = 4096

    var useColour: Bool {
        switch settings.colour {
        case .on: return true
        case .off: return false
        case .auto: return isTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        }
    }

    var width: Int { settings.width ?? Terminal.columns(environment: environment) ?? 100 }

    /// Right-to-left text in an isolate, on a terminal only (the marks would reach a pipe or a
    /// file as characters).
    func isolated(_ text: String) -> String { isTerminal ? bidiIsolated(text) : text }

    /// A table at the session's width; right-to-left cells isolated on a terminal only.
    func formatTable(header: [String], rows: [[String]]) -> String {
        TableWriter.format(header: header, rows: rows, maxWidth: width, isolate: isTerminal)
    }

    // MARK: Running lines

    /// Runs one line: commands separated by unquoted `;`. Throws the first error.
    public func run(line: String) throws(ShellError) {
        try run(line: line, goingOnAfter: nil)
    }

    /// Writes a command's output: held while a command runs when a pager may show it.
    public func write(_ text: String) {
        if pending != nil { pending! += text } else { writeOutput(text) }
    }

    /// Runs `body` with its output held, then writes it, through the pager when it is longer
    /// than the screen.
    private func paging<T>(_ body: () throws -> T) rethrows -> T {
        guard let pager, pending == nil else { return try body() }
        pending = ""
        defer {
            let text = pending ?? ""
            pending = nil
            let rows = Terminal.rows(environment: environment) ?? 24
            if text.utf8.count(where: { $0 == 0x0A }) < rows - 1 || !pager(text) { writeOutput(text) }
        }
        return try body()
    }

    /// Runs one line; with `goingOnAfter`, an error in one command is handed to it and the
    /// line's next commands still run (`--keep-going`). Returns whether every command ran.
    @discardableResult
    public func run(line: String, goingOnAfter report: ((ShellError) -> Void)?) throws(ShellError) -> Bool {
        // A comment is the whole line, ';' and all.
        if line.trimmingWhitespace().hasPrefix("#") { return true }
        // Kept after the line ran, so that a line that opens a workspace is in its history.
        defer { if sourceDepth == 0, !line.trimmingWhitespace().isEmpty { workspace?.appendHistory(line) } }
        var succeeded = true
        for (command, offset) in Self.splitCommands(line) {
            let trimmed = command.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let started = Date()
            do throws(ShellError) {
                do {
                    try paging { try execute(command, offset: offset) }
                } catch let error as ShellError {
                    throw error
                } catch {
                    throw ShellError("\(error)")
                }
            } catch {
                guard let report else { throw error }
                report(error)
                succeeded = false
                continue
            }
            if settings.timer { write(String(format: "time: %.3f s\n", Date().timeIntervalSince(started))) }
            if wantsToQuit { break }
        }
        return succeeded
    }

    /// Splits a line on `;` outside quotes, keeping each part's character offset.
    static func splitCommands(_ line: String) -> [(String, Int)] {
        var parts: [(String, Int)] = []
        var current = ""
        var start = 0
        var quote: Character?
        for (index, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "\"" || character == "'" {
                quote = character
                current.append(character)
            } else if character == ";" {
                parts.append((current, start))
                current = ""
                start = index + 1
            } else {
                current.append(character)
            }
        }
        parts.append((current, start))
        return parts
    }

    /// An error rendered for a person: the message, then the line with carets under the word at fault.
    public func describe(_ error: ShellError, line: String, location: String? = nil) -> String {
        let prefix = location.map { "\($0): " } ?? ""
        var text = "\(prefix)error: \(error.description)"
        if useColour { text = "\u{1B}[31m" + text + "\u{1B}[0m" }
        if let range = error.range, !line.isEmpty {
            text += "\n" + caretLines(text: line, range: range, maxWidth: width)
        }
        return text + "\n"
    }

    func execute(_ text: String, offset: Int) throws {
        // A command that takes the rest of the line as written is not split into words.
        let characters = Array(text)
        let nameStart = characters.firstIndex { !$0.isWhitespace } ?? characters.count
        let nameEnd = characters[nameStart...].firstIndex { $0.isWhitespace } ?? characters.count
        if let spec = Commands.named(String(characters[nameStart..<nameEnd])), spec.takesText {
            try spec.run(self, CommandCall(
                spec: spec, words: [], text: String(characters[nameEnd...]), textOffset: offset + nameEnd,
                range: (offset + nameStart)..<(offset + nameEnd), offset: offset, segment: nil))
            return
        }
        let segments: [PipelineSyntax.Segment]
        do {
            segments = try PipelineSyntax.splitStages(text)
        } catch {
            throw ShellError(error, offset: offset)
        }
        guard let first = segments.first?.words.first else {
            if segments.count > 1 { throw ShellError("nothing before '|'", range: offset..<(offset + 1)) }
            return
        }
        if let spec = Commands.named(first.text), !spec.isFilter {
            guard segments.count == 1 else {
                let bar = segments[0].range.upperBound + offset
                throw ShellError("'\(spec.name)' cannot be followed by '|'", range: bar..<(bar + 1))
            }
            try spec.run(self, call(spec, segments[0], text: text, offset: offset))
        } else {
            try runPipeline(segments, text: text, offset: offset)
        }
    }

    /// A command's use in a segment of the line.
    func call(_ spec: CommandSpec, _ segment: PipelineSyntax.Segment, text: String, offset: Int) -> CommandCall {
        let name = segment.words[0]
        let characters = Array(text)
        let rest = String(characters[min(name.range.upperBound, characters.count)..<min(segment.range.upperBound, characters.count)])
        return CommandCall(
            spec: spec, words: Array(segment.words.dropFirst()), text: rest, textOffset: offset + name.range.upperBound,
            range: (offset + segment.range.lowerBound)..<(offset + segment.range.upperBound), offset: offset, segment: segment)
    }

    // MARK: Commands

    func resetView() {
        let all = Array(0..<corpusCount)
        if view != all { earlierViews.append(view) }
        view = all
        write("\(view.count) documents\n")
    }

    func undo() throws {
        guard let earlier = earlierViews.popLast() else { throw ShellError("nothing to undo: no where, sort, head or reset since the corpus changed") }
        view = earlier
        write("\(Self.documents(view.count)) in view\n")
    }

    func listViews() {
        write(namedViews.isEmpty ? "no named views: `view NAME = where ... | sort ...` makes one\n"
            : render(header: ["view", "definition"], rows: namedViews.map { [$0.name, $0.definition] }))
    }

    func loadPlugin(_ path: String, range: Range<Int>) throws {
        let plugin: LoadedPlugin
        do {
            plugin = try PluginLoader.load(path, into: &registry, alreadyLoaded: plugins, diagnostics: { Shell.writeToStandardError($0 + "\n") })
        } catch {
            throw ShellError(String(describing: error), range: range)
        }
        plugins.append(plugin)
        write("loaded \(plugin.kind.rawValue) plugin \(plugin.path): \(plugin.analyzers.joined(separator: ", "))\n")
    }

    func listHistory() {
        let lines = workspace?.history() ?? editor?.history ?? []
        write(lines.enumerated().map { String(format: "%5d  ", $0.offset + 1) + $0.element }.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))
    }

    func quit() { wantsToQuit = true }

    func load(_ words: [PipelineSyntax.Word], offset: Int) throws {
        var paths: [String] = []
        var options = InputOptions()
        var format: InputFormat?
        var index = 0
        while index < words.count {
            let word = words[index]
            let wordRange = word.range(shiftedBy: offset)
            if word.text == "as" && !word.quoted {
                guard index + 1 < words.count, let chosen = InputFormat(rawValue: words[index + 1].text) else {
                    throw ShellError("'as' needs a format: text, lines, jsonl or html", range: index + 1 < words.count ? words[index + 1].range(shiftedBy: offset) : wordRange)
                }
                format = chosen
                index += 2
                continue
            }
            if let assignment = word.assignment, !word.quoted {
                switch assignment.key {
                case "encoding": options.encoding = .named(assignment.value)
                case "text-field": options.textField = assignment.value
                default: throw ShellError("'load' has no option '\(assignment.key)'; it takes encoding=NAME and text-field=NAME", range: wordRange, suggestion: closestMatch(to: assignment.key, in: ["encoding", "text-field"]))
                }
            } else if word.text == "lossy" && !word.quoted {
                options.lossy = true
            } else if word.text == "skip-bad" && !word.quoted {
                options.skipBad = true
            } else {
                // A word that names nothing but is close to an option was meant as the option.
                let options = ["lossy", "skip-bad", "as", "encoding=", "text-field="]
                if !word.quoted, !word.text.contains(where: { "*?[/".contains($0) }), !FileManager.default.fileExists(atPath: expandHome(word.text)),
                   let meant = closestMatch(to: word.text, in: options) {
                    throw ShellError("no file or folder '\(word.text)' (an option of load?)", range: wordRange, suggestion: meant)
                }
                paths.append(expandHome(word.text))
            }
            index += 1
        }
        guard !paths.isEmpty else { throw ShellError("usage: load PATH|GLOB ... [as text|lines|jsonl|html] [encoding=NAME]") }
        options.format = format
        let reader: CorpusReader
        do {
            reader = try CorpusReader(paths: paths, options: options) { [writeError] in writeError(Self.shellSpelling("\($0)") + "\n") }
        } catch {
            throw ShellError(Self.shellSpelling("\(error)"))
        }
        reader.cancellation = interruption
        interruption.reset()
        let earlierCount = corpusCount, interruption = self.interruption
        // The new corpus replaces the old one only when it loaded: read to the end, not empty.
        let complete = { (count: Int) in !interruption.isCancelled && (count > 0 || earlierCount == 0) }
        let count: Int
        do {
            if let workspace {
                // Written to the file as it is read, in one transaction, so that a corpus larger
                // than memory loads.
                count = try workspace.replaceDocuments(reading: { interruption.isCancelled ? nil : try reader.next() }, keeping: complete)
            } else {
                var loaded: [Document] = []
                while !interruption.isCancelled, let document = try reader.next() { loaded.append(document) }
                count = loaded.count
                if complete(count) { memory = loaded }
            }
        } catch let error as ShellError {
            throw error
        } catch {
            throw ShellError(Self.shellSpelling("\(error)") + " (nothing was loaded; the corpus is unchanged)")
        }
        let skipped = reader.skipped > 0 ? " (skipped \(reader.skipped))" : ""
        let kept = "the corpus is unchanged (\(Self.documents(earlierCount)))"
        if interruption.isCancelled {
            interruption.reset()
            throw ShellError("load interrupted after \(Self.documents(count))\(skipped); \(kept)")
        }
        if !complete(count) {
            throw ShellError("nothing was loaded\(skipped); \(kept)")
        }
        corpusReplaced()
        write("loaded \(Self.documents(count))\(skipped)\(workspace.map { " into \($0.path ?? "the workspace")" } ?? "")\n")
    }

    /// A reader's message as the shell's `load` takes its options: `encoding=NAME`, not `--encoding NAME`.
    static func shellSpelling(_ message: String) -> String {
        message.replacingOccurrences(of: "--encoding NAME", with: "encoding=NAME")
            .replacingOccurrences(of: "--encoding ", with: "encoding=")
            .replacingOccurrences(of: "--text-field", with: "text-field=NAME")
            .replacingOccurrences(of: "--lossy", with: "lossy")
            .replacingOccurrences(of: "--skip-bad", with: "skip-bad")
    }

    func expandHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = environment["HOME"] else { return path }
        return home + path.dropFirst()
    }

    func listDocuments() throws {
        let rows = try documents(at: shownRows).enumerated().map { position, document -> [String] in
            let language = document.annotations["language"]?["code"]?.plainText ?? ""
            // The first line, read no further than a row can show (a text may be 100 MB on one line).
            let title = document.annotations["structure"]?["title"]?.stringValue
                ?? String(document.text.prefix(width).prefix { !$0.isNewline })
            return ["#\(position + 1)", document.id, language, String(document.text.unicodeScalars.count), title]
        }
        write(renderRows(header: ["#", "id", "language", "length", "title"], rows: rows, documents: view.count))
    }

    private func document(for word: PipelineSyntax.Word, offset: Int) throws -> Document {
        let wordRange = word.range(shiftedBy: offset)
        if word.text.hasPrefix("#"), let number = Int(word.text.dropFirst()) {
            guard number >= 1 && number <= view.count else {
                throw ShellError("there is no document #\(number): \(view.count) in view", range: wordRange)
            }
            return try documents(at: [view[number - 1]])[0]
        }
        if let workspace {
            if let index = workspace.index(ofID: word.text) { return try documents(at: [index])[0] }
        } else if let found = memory.first(where: { $0.id == word.text }) {
            return found
        }
        let ids = workspace?.someIDs(limit: 10_000) ?? memory.map(\.id)
        throw ShellError("no document with id '\(word.text)'", range: wordRange, suggestion: closestMatch(to: word.text, in: ids))
    }

    func show(_ words: [PipelineSyntax.Word], offset: Int) throws {
        guard let first = words.first else { throw ShellError("usage: show ID|#N [FIELD]") }
        let document = try document(for: first, offset: offset)
        if words.count > 1 {
            let field = words[1]
            try checkFields([(field.text, field.range(shiftedBy: offset))])
            let values = document.values(at: field.text)
            let lines = values.map { RecordFormatter.pretty($0) }.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            write(lines.flatMap { RecordFormatter.wrap(String($0), width: width) }.map(isolated).joined(separator: "\n") + "\n")
            return
        }
        switch settings.output {
        case .json:
            var writer = JSONWriter()
            document.record().writeJSON(into: &writer)
            write(writer.string + "\n")
        default: write(RecordFormatter.readable(document, width: width, colour: useColour, isolate: isolated))
        }
    }

    func count(_ words: [PipelineSyntax.Word], offset: Int) throws {
        guard words.count == 2, words[0].text == "by" else { throw ShellError("usage: count by FIELD") }
        let field = words[1]
        try checkFields([(field.text, field.range(shiftedBy: offset))])
        var counts: [String: Int] = [:]
        var order: [String] = []
        for (values, number) in try tally(FieldPath(field.text)) {
            let keys = values.isEmpty ? ["(none)"] : Set(values.map(\.plainText)).sorted()
            for key in keys {
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += number
            }
        }
        let sorted = order.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        guard isTerminal, settings.output == .table, let most = sorted.first.flatMap({ counts[$0] }) else {
            write(render(header: [field.text, "count"], rows: sorted.map { [$0, String(counts[$0]!)] }))
            return
        }
        // On a terminal, a bar beside each count, the largest as wide as a fifth of the screen.
        let full = max(10, width / 5)
        write(render(header: [field.text, "count", ""], rows: sorted.map { key in
            let count = counts[key]!
            return [key, String(count), Self.bar(Double(count) / Double(most) * Double(full))]
        }))
    }

    /// A bar of `cells` character cells, in eighths.
    static func bar(_ cells: Double) -> String {
        let eighths = Int((cells * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial + (eighths == 0 ? "▏" : "")
    }

    /// Columns at most: more documents than this are compared in groups (`compare by`) or after `head`.
    static let compareColumns = 8

    func compare(_ words: [PipelineSyntax.Word], offset: Int) throws {
        var group: String?
        if !words.isEmpty {
            guard words.count == 2, words[0].text == "by" else { throw ShellError("usage: compare [by FIELD]", range: words[0].range(shiftedBy: offset)) }
            try checkFields([(words[1].text, words[1].range(shiftedBy: offset))])
            group = words[1].text
        }
        let documents = try documentsInView
        guard !documents.isEmpty else { write(corpusCount == 0 ? "no documents: load some with `load PATH`\n" : "no documents match (`reset` shows them all)\n"); return }
        let comparison = Comparison(documents: documents, groupBy: group)
        let shown = comparison.columns.count
        var (header, rows) = comparison.table()
        if shown > Self.compareColumns {
            header = Array(header.prefix(Self.compareColumns + 1))
            rows = rows.map { Array($0.prefix(Self.compareColumns + 1)) }
        }
        var text = formatTable(header: header, rows: rows)
        if useColour, let end = text.firstIndex(of: "\n") { text = "\u{1B}[1m" + text[..<end] + "\u{1B}[0m" + text[end...] }
        if shown > Self.compareColumns {
            text += "… \(shown - Self.compareColumns) more \(group == nil ? "documents" : "groups") (`head N`, `where`, or `compare by FIELD`)\n"
        }
        write(text)
    }

    func report(_ words: [PipelineSyntax.Word], offset: Int) throws {
        guard words.count == 1 else { throw ShellError("usage: report PATH.html") }
        let path = expandHome(words[0].text)
        let documents = try documentsInView
        guard !documents.isEmpty else { throw ShellError(corpusCount == 0 ? "no documents to report on: load some with `load PATH`" : "no documents match (`reset` shows them all)") }
        let page = Report(documents: documents).html()
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ShellError("cannot write \(path): \((error as NSError).localizedDescription)", range: words[0].range(shiftedBy: offset))
        }
        write("wrote \(path): \(documents.count) document\(documents.count == 1 ? "" : "s"), \(page.utf8.count / 1024) KB\n")
    }

    func export(_ words: [PipelineSyntax.Word], offset: Int) throws {
        guard let pathWord = words.first else { throw ShellError("usage: export PATH [as jsonl|csv|tsv]") }
        var format: OutputFormat = pathWord.text.hasSuffix(".csv") ? .csv : pathWord.text.hasSuffix(".tsv") ? .tsv : .jsonl
        if words.count >= 2 {
            guard words[1].text == "as", words.count == 3, let chosen = OutputFormat(rawValue: words[2].text), chosen != .table else {
                let last = words.last!
                throw ShellError("usage: export PATH [as jsonl|csv|tsv]", range: (words[1].range.lowerBound + offset)..<(last.range.upperBound + offset))
            }
            format = chosen
        }
        let path = expandHome(pathWord.text)
        let sink: OutputSink
        do {
            sink = try OutputSink(path: path)
        } catch {
            throw ShellError("\(error)", range: pathWord.range(shiftedBy: offset))
        }
        // `as table` was refused above, so a writer always exists here.
        guard var writer = EncodedRecordWriter(sink: sink, format: format, fields: FieldSelection(paths: try summaryPaths())) else { return }
        try forEachBatchInView { _, batch in for document in batch { try writer.write(document) } }
        try writer.finish()
        write("wrote \(Self.documents(view.count)) to \(path)\n")
    }

    // MARK: Classifiers

    /// `key=value` options of a command, checked against the keys it takes.
    private func assignments(_ words: [PipelineSyntax.Word], offset: Int, command: String, keys: [String]) throws -> [String: (String, Range<Int>)] {
        var found: [String: (String, Range<Int>)] = [:]
        for word in words {
            guard let assignment = word.assignment, !word.quoted else { continue }
            guard keys.contains(assignment.key) else {
                throw ShellError("'\(command)' has no option '\(assignment.key)'; it takes \(keys.map { $0 + "=" }.joined(separator: ", "))",
                                 range: word.range(shiftedBy: offset), suggestion: closestMatch(to: assignment.key, in: keys))
            }
            found[assignment.key] = (expandHome(assignment.value), word.range(shiftedBy: offset))
        }
        return found
    }

    func train(_ words: [PipelineSyntax.Word], offset: Int) throws {
        let usage = Commands.named("train")!.usage
        if let stray = words.first(where: { $0.assignment == nil || $0.quoted }) {
            throw ShellError("usage: \(usage)", range: stray.range(shiftedBy: offset))
        }
        let options = try assignments(words, offset: offset, command: "train", keys: ["out", "data", "val", "label", "text-field", "features", "c"])
        guard let out = options["out"]?.0 else { throw ShellError("usage: \(usage) (out= names the model file to write)") }
        let labelField = options["label"]?.0 ?? "label"
        let textField = options["text-field"]?.0 ?? "text"
        var training = TrainingOptions()
        if let (text, range) = options["c"] {
            guard let c = Double(text), c > 0 else { throw ShellError("c= is a number above 0", range: range) }
            training.c = c
        }
        do {
            let examples: [TrainingExample]
            if let data = options["data"]?.0 {
                examples = try LabelledData.read(path: data, textField: textField, labelField: labelField)
            } else {
                if let (_, range) = options["text-field"] {
                    throw ShellError("text-field= is for data=FILE; the documents in view are read as classify reads them (the article, after structure)", range: range)
                }
                examples = try documentsInView.compactMap { document in
                    document.values(at: FieldPath(labelField)).first.flatMap(LabelledData.labelText).map { TrainingExample(text: document.articleText, label: $0) }
                }
                guard !examples.isEmpty else {
                    throw ShellError("no document in view has a '\(labelField)' label; load labelled JSONL, or give data=FILE.jsonl", range: nil)
                }
            }
            let validation = try options["val"].map { try LabelledData.read(path: $0.0, textField: textField, labelField: labelField) } ?? []
            interruption.reset()
            let progress: (String) -> Void = { [writeError, isTerminal] line in if isTerminal { writeError(line + "\n") } }
            write(try ClassifierCommands.train(
                examples, validation: validation, features: options["features"]?.0 ?? "", options: training, out: out,
                cancellation: interruption, progress: progress) + "\n")
        } catch let error as ClassifierError {
            throw ShellError(error.description)
        }
    }

    func evaluate(_ words: [PipelineSyntax.Word], offset: Int) throws {
        let fields = words.filter { $0.assignment == nil || $0.quoted }
        guard fields.count == 1 else { throw ShellError("usage: \(Commands.named("evaluate")!.usage)") }
        let options = try assignments(words, offset: offset, command: "evaluate", keys: ["label"])
        let field = fields[0]
        // An index (classes.0.label) picks an array item; the field names around it are checked.
        let named = field.text.split(separator: ".").filter { Int($0) == nil }.joined(separator: ".")
        try checkFields([(named, field.range(shiftedBy: offset))])
        let gold = options["label"]?.0 ?? "label"
        do {
            let (report, unlabelled, first) = try ClassifierCommands.evaluate(try documentsInView, field: field.text, goldField: gold)
            if unlabelled > 0 { writeError("\(unlabelled) documents in view have no '\(gold)' label and were left out (the first: \(first ?? "?"))\n") }
            if settings.output == .json {
                var writer = JSONWriter()
                writer.write(.object(report.json))
                write(writer.string + "\n")
            } else {
                write(report.table + "\n")
            }
        } catch let error as ClassifierError {
            throw ShellError(error.description, range: options["label"]?.1 ?? field.range(shiftedBy: offset))
        }
    }

    // MARK: Pipelines

    private func runPipeline(_ segments: [PipelineSyntax.Segment], text: String, offset: Int) throws {
        var analyzerStages: [PipelineSyntax.Segment] = []
        var ranAnalyzers: [AnalyzerDescriptor] = []
        func flushAnalyzers() throws {
            guard !analyzerStages.isEmpty else { return }
            let start = analyzerStages.first!.range.lowerBound
            let end = analyzerStages.last!.range.upperBound
            let pipelineText = String(Array(text)[start..<end])
            let pipeline: Pipeline
            let provided = try providedAnnotations()
            do {
                pipeline = try Pipeline(pipelineText, registry: registry, provided: provided)
            } catch {
                throw ShellError(error, offset: offset + start)
            }
            for warning in pipeline.warnings { writeError("warning: \(warning.description)\n") }
            ranAnalyzers += pipeline.steps.map(\.descriptor)
            try analyze(with: pipeline)
            analyzerStages = []
        }
        // Every step is checked before any runs, so that a line that ends in an error has
        // changed nothing; a viewing command may end the pipeline.
        var ending: (spec: CommandSpec, segment: PipelineSyntax.Segment)?
        for (position, segment) in segments.enumerated() {
            guard let first = segment.words.first else {
                throw ShellError("empty step in the pipeline: nothing between two '|'", range: (offset + segment.range.lowerBound)..<(offset + max(segment.range.upperBound, segment.range.lowerBound + 1)))
            }
            let range = (offset + first.range.lowerBound)..<(offset + first.range.upperBound)
            if let spec = Commands.named(first.text) {
                if spec.isFilter { continue }
                guard spec.endsPipeline, position == segments.count - 1 else {
                    let enders = Commands.all.filter(\.endsPipeline).map(\.name).joined(separator: ", ")
                    throw ShellError("'\(spec.name)' cannot follow '|'; where, sort and head can, and \(enders) can end a pipeline", range: range)
                }
                ending = (spec, segment)
            } else if registry.entry(named: first.text) == nil {
                throw ShellError("unknown command or analyzer '\(first.text)'", range: range, suggestion: closestMatch(to: first.text, in: Commands.names + registry.names))
            }
        }
        let earlierView = view, earlierCount = corpusCount
        do {
            for segment in segments.dropLast(ending == nil ? 0 : 1) {
                if let spec = Commands.named(segment.words[0].text) {
                    try flushAnalyzers()
                    try spec.run(self, call(spec, segment, text: text, offset: offset))
                } else {
                    analyzerStages.append(segment)
                }
            }
            try flushAnalyzers()
        } catch {
            // What analyzers added stays (it is work done); the view is as it was.
            if corpusCount == earlierCount { view = earlierView }
            throw error
        }
        if let ending {
            try ending.spec.run(self, call(ending.spec, ending.segment, text: text, offset: offset))
        } else {
            write(try renderTable(paths: summaryPaths(for: ranAnalyzers)))
        }
    }

    /// Annotations every document in view already has, so a pipeline may build on earlier runs.
    private func providedAnnotations() throws -> Set<String> {
        guard let first = view.first else { return [] }
        let names = try documents(at: [first])[0].annotations.names
        if let workspace { return workspace.annotations(names, onEveryOf: view) }
        var present = Set(names)
        for index in view.dropFirst() { present.formIntersection(memory[index].annotations.names) }
        return present
    }

    /// Runs `pipeline` over the documents in view on all cores and keeps what it adds. Ctrl-C
    /// stops it; documents analysed by then keep their results.
    private func analyze(with pipeline: Pipeline) throws {
        defer { pipeline.close() }
        interruption.reset()
        PluginProcesses.stopWaiting.reset()
        var runner = PipelineRunner(pipeline: pipeline)
        if let threads = settings.threads { runner.threads = threads }
        let total = view.count
        let started = Date()
        var progressShown = false
        if isTerminal {
            runner.progress = { [writeError] done in
                let elapsed = Date().timeIntervalSince(started)
                guard elapsed > 0.5 else { return }
                progressShown = true
                writeError(String(format: "\r  analysed %d of %d documents (%.1f s)… ", done, total, elapsed))
            }
        }
        var results: [Document] = []
        let summary: RunSummary
        let before = corpusCount
        var interrupted = 0
        if let workspace {
            (summary, interrupted, results) = try analyzeInWorkspace(workspace, runner: runner, pipeline: pipeline)
        } else {
            let documents = view.map { memory[$0] }
            var stream = DocumentArrayStream(documents)
            results.reserveCapacity(total)
            // A corpus analyzer's corpus is the documents in view.
            summary = try runner.run(&stream, reopen: { DocumentArrayStream(documents) }, cancellation: interruption) { results.append($0) }
            // Documents a plugin was still working on at Ctrl-C were not analysed: they keep what they had.
            interrupted = summary.cancelled ? results.filter(Self.wasInterrupted).count : 0
            if interrupted > 0 { results.removeAll(where: Self.wasInterrupted) }
            merge(results)
        }
        if progressShown { writeError("\r\u{1B}[K") }
        // Documents added (children) move the others: earlier views no longer point at them.
        if corpusCount != before { earlierViews = [] }
        corpusChanged()
        let produced = pipeline.produces
        let moved = MovedFieldTally()
        for document in results { moved.count(Record(document), only: produced) }
        for note in moved.notes { writeError(note + "\n") }
        if summary.documentsWithErrors > 0 {
            writeError("\(summary.documentsWithErrors) document\(summary.documentsWithErrors == 1 ? "" : "s") had analyzer errors (show one to see its errors field)\n")
        }
        if summary.cancelled {
            interruption.reset()
            let kept = workspace == nil ? "" : " and saved"
            writeError("interrupted: \(summary.documentsRead - interrupted) of \(total) documents analysed\(kept); the rest keep what they had\n")
        }
    }

    static func wasInterrupted(_ document: Document) -> Bool {
        document.errors.contains { $0.message == PluginProcesses.interruptedMessage }
    }

    /// Puts analysed documents back in place; child documents go right after their parent.
    private func merge(_ results: [Document]) {
        // Positions by id, in view order: documents that share an id (a JSONL file may repeat
        // one) each get their own result back, in turn.
        var positions: [String: ArraySlice<Int>] = [:]
        for index in view { positions[memory[index].id, default: []].append(index) }
        var children: [Int: [Document]] = [:]
        // A child follows its parent: the document of that id placed last.
        var placed: [String: Int] = [:]
        for var document in results {
            document.annotations.convertToJSON()
            if let index = positions[document.id]?.popFirst() {
                memory[index] = document
                placed[document.id] = index
            } else if let parent = document.parentID, let parentIndex = placed[parent] {
                children[parentIndex, default: []].append(document)
            }
        }
        guard !children.isEmpty else { return }
        var newCorpus: [Document] = []
        var newView: [Int] = []
        let inView = Set(view)
        for (index, document) in memory.enumerated() {
            if inView.contains(index) { newView.append(newCorpus.count) }
            newCorpus.append(document)
            for child in children[index] ?? [] {
                newView.append(newCorpus.count)
                newCorpus.append(child)
            }
        }
        memory = newCorpus
        view = newView
    }

    /// `where`, `sort` and `head`, alone or in a pipeline.
    func filter(_ call: CommandCall) throws {
        let before = view
        defer { if view != before { earlierViews.append(before) } }
        let spec = call.spec, words = call.words, offset = call.offset
        let segment = call.segment!
        let name = segment.words[0]
        switch spec.name {
        case "where":
            let start = name.range.upperBound
            let expressionText = call.text
            let expression = try ExpressionParser.parse(expressionText, offset: offset + start)
            try checkFields(expression.paths.map { path in
                // Point at the field in the expression when it can be found there.
                let found = expressionText.range(of: path).map { expressionText.distance(from: expressionText.startIndex, to: $0.lowerBound) }
                return (path, found.map { (offset + start + $0)..<(offset + start + $0 + path.count) } ?? name.range(shiftedBy: offset))
            })
            var notes: [String] = []
            let sample = try documents(at: view.prefix(200))
            let typed = try expression.typed(sample: { path in
                for document in sample { if let value = document.values(at: path).first(where: { !$0.isNull }) { return value } }
                return nil
            }, notes: &notes)
            for note in notes { writeError("note: \(note)\n") }
            if let workspace, !expression.paths.contains(where: { Workspace.unkeptRoots.contains(String(FieldPath($0).components[0])) }) {
                // Over a workspace, the fields' columns, not the documents.
                let columns = try Set(expression.paths).map { path throws(ShellError) in (path, try workspace.column(FieldPath(path))) }
                if columns.count == 1, case .coded(let lists, let codes) = columns[0].1.storage {
                    // One field with few distinct values: the expression is asked once per value.
                    let path = columns[0].0
                    let verdicts = lists.map { typed.matches(FixedValues(path: path, values: $0)) }
                    view = view.filter { verdicts[Int(codes[$0])] }
                } else {
                    view = Self.parallelFilter(view) { typed.matches(ColumnRow(columns: columns, row: $0)) }
                }
            } else if workspace != nil {
                // A document's own text or id: the documents in view a batch at a time.
                var kept: [Int] = []
                try forEachBatchInView { indices, batch in
                    kept += Self.parallelFilter(Array(batch.indices)) { typed.matches(batch[$0]) }.map { indices[indices.startIndex + $0] }
                }
                view = kept
            } else {
                let memory = self.memory
                view = Self.parallelFilter(view) { typed.matches(memory[$0]) }
            }
        case "sort":
            guard let field = words.first, words.count <= 2 else { throw ShellError("usage: sort FIELD [desc]", range: name.range(shiftedBy: offset)) }
            let descending = words.count == 2
            if descending, words[1].text != "desc" && words[1].text != "asc" {
                throw ShellError("expected 'desc' or 'asc' after the field", range: words[1].range(shiftedBy: offset))
            }
            try checkFields([(field.text, field.range(shiftedBy: offset))])
            let descendingOrder = descending && words[1].text == "desc"
            let values = try fieldValues(FieldPath(field.text))
            let keys = view.map { SortKey(values($0).first) }
            let order = view.indices.sorted { a, b in
                let (x, y) = (keys[a], keys[b])
                if x.isMissing != y.isMissing { return !x.isMissing }  // missing values last either way
                return descendingOrder ? y < x : x < y
            }
            view = order.map { view[$0] }
        case "head":
            guard words.count == 1, let count = Int(words[0].text), count >= 0 else {
                throw ShellError("usage: head N, with N a whole number", range: words.first.map { $0.range(shiftedBy: offset) } ?? name.range(shiftedBy: offset))
            }
            view = Array(view.prefix(count))
            rowsAskedFor = count
        default:
            break
        }
    }

    /// A field's values in the document at an index of the corpus: read from the document in
    /// memory, or from the field's column in a workspace.
    func fieldValues(_ path: FieldPath) throws(ShellError) -> (Int) -> [JSONValue] {
        if let workspace {
            let column = try workspace.column(path)
            return { column.values($0) }
        }
        let memory = self.memory
        return { memory[$0].values(at: path) }
    }

    /// How many documents in view have each list of values at `path`. Over a workspace, the
    /// column's codes are counted, not the values.
    func tally(_ path: FieldPath) throws(ShellError) -> [(values: [JSONValue], count: Int)] {
        if let workspace {
            switch try workspace.column(path).storage {
            case .coded(let lists, let codes):
                var counts = [Int](repeating: 0, count: lists.count)
                for index in view { counts[Int(codes[index])] += 1 }
                return zip(lists, counts).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
            case .numbers(let numbers, let integers):
                var counts: [Double: Int] = [:]
                var missing = 0
                for index in view {
                    let number = numbers[index]
                    if number.isNaN { missing += 1 } else { counts[number, default: 0] += 1 }
                }
                return counts.map { ([integers ? .int(Int($0.key)) : .double($0.key)], $0.value) } + (missing > 0 ? [([], missing)] : [])
            }
        }
        var counts: [[JSONValue]: Int] = [:]
        for index in view { counts[memory[index].values(at: path), default: 0] += 1 }
        return counts.map { ($0.key, $0.value) }
    }

    /// The indices that satisfy `keep`, in order, evaluated on all cores.
    static func parallelFilter(_ indices: [Int], _ keep: @escaping @Sendable (Int) -> Bool) -> [Int] {
        let chunk = 4096
        let chunks = (indices.count + chunk - 1) / chunk
        guard chunks > 1 else { return indices.filter(keep) }
        var flags = [Bool](repeating: false, count: indices.count)
        flags.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { part in
                for position in (part * chunk)..<min(indices.count, (part + 1) * chunk) {
                    output[position] = keep(indices[position])
                }
            }
        }
        return indices.indices.filter { flags[$0] }.map { indices[$0] }
    }

    // MARK: Fields

    /// Field paths present in the documents in view (sampled), for completion and suggestions.
    public var knownFields: [String] {
        if let knownFieldsCache { return knownFieldsCache }
        var seen = Set<String>()
        var ordered: [String] = []
        for document in (try? documents(at: view.prefix(200))) ?? [] {
            document.record().forEachFieldPath { path in if seen.insert(path).inserted { ordered.append(path) } }
        }
        knownFieldsCache = ordered
        return ordered
    }

    /// A field no document in view has is most likely a typo: say so, with the closest field.
    func checkFields(_ fields: [(String, Range<Int>)]) throws {
        guard !view.isEmpty else { return }
        let known = knownFields
        for (field, range) in fields where !known.contains(field) {
            throw ShellError("no document has a field '\(field)'", range: range, suggestion: closestMatch(to: field, in: known))
        }
    }

    /// Columns for the results of `analyzers`: id, their summary fields, title.
    /// With no analyzers given, the columns come from the annotations the documents already have.
    func summaryPaths(for analyzers: [AnalyzerDescriptor] = []) throws -> [String] {
        var groups = analyzers.map(\.tableFields)
        if analyzers.isEmpty {
            groups = (try view.first.map { try documents(at: [$0])[0].annotations.names } ?? []).map { name in
                registry.all.first { $0.descriptor.produces.contains(name) }?.descriptor.tableFields ?? [name]
            }
        }
        return FieldSelection(summaryOf: groups, includeText: false).paths
    }

    // MARK: Rendering

    func renderTable(paths: [String]) throws -> String {
        // JSON keeps each value's type (a number stays a number).
        if settings.output == .json {
            var text = ""
            try forEachBatchInView { _, batch in for document in batch { text += JSONValue.object(Self.project(document, paths: paths)).jsonText + "\n" } }
            return text
        }
        let selection = FieldSelection(paths: paths)
        return renderRows(header: paths, rows: try documents(at: shownRows).map { selection.cells(for: $0) }, documents: view.count)
    }

    /// The documents in view that a table of them shows: up to the row limit on screen, all of
    /// them for CSV, JSON and lines.
    var shownRows: ArraySlice<Int> { settings.output.isForPeople ? view.prefix(rowLimit) : view[...] }

    static func project(_ document: Document, paths: [String]) -> JSONObject {
        var object = JSONObject()
        for path in paths {
            let values = document.values(at: path)
            object[path] = values.count == 1 ? values[0] : .array(values)
        }
        return object
    }

    /// How many rows a table of documents shows: `set rows`, or more when `head N` asked for more.
    var rowLimit: Int { max(settings.rows ?? Int.max, rowsAskedFor ?? 0) }

    private func renderRows(header: [String], rows: [[String]], documents: Int) -> String {
        guard documents > 0 else { return corpusCount == 0 ? "no documents: load some with `load PATH`\n" : "no documents match (`reset` shows them all)\n" }
        var text = render(header: header, rows: rows)
        if settings.output.isForPeople, documents > rows.count {
            text += "… \(documents - rows.count) more (\(documents) in all; `head N`, `set rows N` or `export` for the rest)\n"
        }
        return text
    }

    /// Rows in the output mode set (`set output`): an aligned table, expanded records (one
    /// field a line, as psql's \\x), CSV, JSON objects, or `field = value` lines.
    func render(header: [String], rows: [[String]]) -> String {
        switch settings.output {
        case .table:
            var text = formatTable(header: header, rows: rows)
            if useColour, let end = text.firstIndex(of: "\n") { text = "\u{1B}[1m" + text[..<end] + "\u{1B}[0m" + text[end...] }
            return text
        case .expanded:
            let keyWidth = header.map(DisplayWidth.of).max() ?? 0
            return rows.enumerated().map { number, row in
                let title = "-[ \(number + 1) ]"
                var block = title + String(repeating: "-", count: max(3, min(width, 40) - title.count)) + "\n"
                for (name, value) in zip(header, row) {
                    let key = name + String(repeating: " ", count: keyWidth - DisplayWidth.of(name)) + " | "
                    let lines = RecordFormatter.wrap(TableWriter.singleLine(String(value.prefix(20 * width))), width: max(20, width - keyWidth - 3))
                    block += key + isolated(lines.first ?? "") + "\n"
                    for line in lines.dropFirst() { block += String(repeating: " ", count: keyWidth) + " | " + isolated(line) + "\n" }
                }
                return block
            }.joined()
        case .csv:
            func field(_ text: String) -> String {
                text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            }
            return ([header] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
        case .json:
            return rows.map { row in
                var object = JSONObject()
                for (name, value) in zip(header, row) { object[name] = .string(value) }
                return JSONValue.object(object).jsonText + "\n"
            }.joined()
        case .line:
            return rows.map { zip(header, $0).map { "\($0) = \($1)" }.joined(separator: "\n") + "\n\n" }.joined()
        }
    }

    func analyzerList() -> String {
        let rows = registry.all.map { [$0.descriptor.name, $0.descriptor.summary, $0.origin.description] }
        return render(header: ["analyzer", "summary", "from"], rows: rows)
    }

    func pluginList() -> String {
        var text = plugins.isEmpty
            ? "no plugins loaded (search path: LECTOR_PLUGIN_PATH, then \(PluginLoader.userDirectory(environment: environment)))\n"
            : formatTable(
                header: ["plugin", "kind", "analyzers", "from"],
                rows: plugins.map { [URL(fileURLWithPath: $0.path).lastPathComponent, $0.kind.rawValue, $0.analyzers.joined(separator: ", "), $0.path] })
        for problem in pluginProblems { text += "not loaded: \(problem)\n" }
        return text
    }

    // MARK: explain, help, set, source

    func explain(text: String, offset: Int) throws -> String {
        let syntax: PipelineSyntax
        do {
            syntax = try PipelineSyntax.parse(text)
        } catch {
            throw ShellError(error, offset: offset)
        }
        var steps: [Pipeline.Step] = []
        var rows: [[String]] = []
        for stage in syntax.stages {
            do {
                let factory = try registry.factory(named: stage.name)
                let (options, analysis) = try factory.configure(stage.arguments)
                steps.append(Pipeline.Step(descriptor: factory.descriptor, options: options, analysis: analysis, range: stage.nameRange))
            } catch {
                throw ShellError(PipelineError(message: "\(error)", range: stage.nameRange), offset: offset)
            }
        }
        defer { steps.forEach { $0.analysis.close?() } }
        let provided = try providedAnnotations()
        let problems = Pipeline.problems(in: steps, registry: registry, provided: provided)
        let warnings = Pipeline.warnings(in: steps, registry: registry, provided: provided)
        for (index, step) in steps.enumerated() {
            let own = problems.filter { $0.range == step.range }.map(\.message)
                + warnings.filter { $0.range == step.range }.map { _ in "warning (below)" }
            var produces = step.descriptor.produces.joined(separator: ", ")
            if step.descriptor.rewritesText { produces += produces.isEmpty ? "(rewrites the text)" : " (rewrites the text)" }
            rows.append([String(index + 1), step.descriptor.name, step.descriptor.requires.joined(separator: ", "),
                         produces, own.isEmpty ? "ok" : own.joined(separator: "; ")])
        }
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        let verdict = problems.isEmpty ? "the pipeline is valid" : plural(problems.count, "problem")
        return formatTable(header: ["step", "analyzer", "requires", "produces", "problems"], rows: rows)
            + warnings.map { "warning: \($0.message)\n" }.joined()
            + verdict + (warnings.isEmpty ? "" : (problems.isEmpty ? ", with " : ", ") + plural(warnings.count, "warning")) + "\n"
    }

    func help(_ topic: (String, Range<Int>)?) throws -> String {
        guard let (name, range) = topic else {
            // Usage on a line of its own, the summary wrapped under it: nothing is cut.
            let body = Commands.all.map { spec in
                ([spec.usage] + RecordFormatter.wrap(spec.summary, width: max(20, width - 4)).map { "    " + $0 }).joined(separator: "\n")
            }.joined(separator: "\n")
            return body + "\n"
                + "\nA line that starts with an analyzer runs a pipeline on the documents in view: normalize | stats\n"
                + "where, sort and head may follow '|'. Separate commands with ';'. `help NAME` for one command or analyzer.\n"
        }
        if let spec = Commands.named(name) {
            return "usage: \(spec.usage)\n\(spec.summary)\n" + (spec.examples.isEmpty ? "" : "examples:\n" + spec.examples.map { "  \($0)\n" }.joined())
        }
        if let entry = registry.entry(named: name) { return AnalyzerHelp.text(entry.descriptor, origin: entry.origin) + "\n" }
        throw ShellError("no command or analyzer named '\(name)'", range: range, suggestion: closestMatch(to: name, in: Commands.names + registry.names))
    }

    func set(_ words: [PipelineSyntax.Word], offset: Int) throws {
        guard let nameWord = words.first else {
            write("""
                colour   \(settings.colour.rawValue)\(settings.colour == .auto ? " (\(useColour ? "on" : "off"))" : "")
                width    \(settings.width.map(String.init) ?? "auto (\(width))")
                threads  \(settings.threads.map(String.init) ?? "all cores")
                output   \(settings.output.rawValue)
                timer    \(settings.timer ? "on" : "off")
                rows     \(settings.rows.map(String.init) ?? "all")

                """)
            return
        }
        let name = nameWord.text == "color" ? "colour" : nameWord.text
        guard ShellSettings.names.contains(name) else {
            throw ShellError("no setting '\(nameWord.text)'; settings: \(ShellSettings.names.joined(separator: ", "))", range: nameWord.range(shiftedBy: offset), suggestion: closestMatch(to: nameWord.text, in: ShellSettings.names))
        }
        guard words.count == 2 else { throw ShellError("usage: set \(name) VALUE", range: nameWord.range(shiftedBy: offset)) }
        let valueWord = words[1]
        let value = valueWord.text
        let bad = ShellError("'\(value)' is not a value for \(name)\(ShellSettings.values(for: name).isEmpty ? "" : "; expected " + ShellSettings.values(for: name).joined(separator: ", "))", range: valueWord.range(shiftedBy: offset))
        switch name {
        case "colour": settings.colour = try ShellSettings.ColourMode(rawValue: value) ?? { throw bad }()
        case "output": settings.output = try ShellSettings.OutputMode(rawValue: value) ?? { throw bad }()
        case "timer":
            guard value == "on" || value == "off" else { throw bad }
            settings.timer = value == "on"
        case "width":
            if value == "auto" { settings.width = nil } else {
                guard let number = Int(value), number >= 20 else { throw ShellError("width is 'auto' or a number of columns, 20 or more", range: valueWord.range(shiftedBy: offset)) }
                settings.width = number
            }
        case "threads":
            guard let number = Int(value), number >= 1 else { throw ShellError("threads is a number, 1 or more", range: valueWord.range(shiftedBy: offset)) }
            settings.threads = number
        case "rows":
            if value == "all" { settings.rows = nil } else {
                guard let number = Int(value), number >= 1 else { throw ShellError("rows is 'all' or a number, 1 or more", range: valueWord.range(shiftedBy: offset)) }
                settings.rows = number
            }
        default: break
        }
    }

    /// Runs a script file; its errors say the file and line.
    public func source(path: String, range: Range<Int>? = nil, keepGoing: Bool = false) throws {
        guard sourceDepth < 16 else { throw ShellError("`source` nested more than 16 deep (does a file source itself?)", range: range) }
        let text: String
        do {
            text = try String(contentsOfFile: expandHome(path), encoding: .utf8)
        } catch {
            throw ShellError("cannot read \(path): \(FileManager.default.fileExists(atPath: expandHome(path)) ? "not UTF-8 text" : "no such file")", range: range)
        }
        sourceDepth += 1
        defer { sourceDepth -= 1 }
        var failures = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        for (number, line) in Shell.joined(lines) {
            let location = "\(path):\(number)"
            do {
                if try !run(line: line, goingOnAfter: keepGoing ? { [self] in writeError(describe($0, line: line, location: location)) } : nil) { failures += 1 }
            } catch {
                writeError(describe(error, line: line, location: location))
                failures += 1
                if !keepGoing { throw ScriptFailed(path: path, line: number) }
            }
            if wantsToQuit { break }
        }
        if failures > 0 { throw ScriptFailed(path: path, line: nil) }
    }
}

/// A script stopped (or finished) with errors, which were already reported.
public struct ScriptFailed: Error, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var description: String { line.map { "\(path):\($0): the script stopped here" } ?? "\(path): the script had errors" }
}

/// Sort keys: numbers before text, compared within their kind.
struct SortKey: Comparable {
    var number: Double?
    var text: String?
    init(_ value: JSONValue?) {
        number = value?.doubleValue
        text = number == nil ? value.map(\.plainText) : nil
    }
    var isMissing: Bool { number == nil && text == nil }
    static func < (a: SortKey, b: SortKey) -> Bool {
        switch (a.number, b.number, a.text, b.text) {
        case (let x?, let y?, _, _): return x < y
        case (_?, nil, _, _): return true
        case (nil, _?, _, _): return false
        default: return (a.text ?? "").localizedStandardCompare(b.text ?? "") == .orderedAscending
        }
    }
}

extension PipelineSyntax.Word {
    /// The word's character range in the whole line, for a command that starts at `offset`.
    func range(shiftedBy offset: Int) -> Range<Int> { (range.lowerBound + offset)..<(range.upperBound + offset) }
}

extension Document: FieldSource {
    /// Values at a dotted path of the record (`Record`), as the writers write it.
    public func values(at path: FieldPath) -> [JSONValue] {
        Record(self).values(at: path.components)
    }
}
