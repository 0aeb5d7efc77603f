import LectorKit

/// The shell's commands, each declared once with what it does: help, completion, "did you mean"
/// and running a command all read this table.
public struct CommandSpec: Sendable {
    public enum Argument: Sendable { case none, path, document, fields, settings, commandOrAnalyzer, pipeline, number, expression }
    public var name: String
    public var usage: String
    public var summary: String
    public var argument: Argument
    /// Commands that can follow `|` in a pipeline.
    public var isFilter = false
    /// Commands that can end a pipeline: they show or write the documents it leaves in view.
    public var endsPipeline = false
    /// Commands that take the rest of the line as written (SQL, a pipeline, a view's filters),
    /// not as words: their quotes, parentheses and '|' are their own.
    public var takesText = false
    /// Lines that use the command, shown by `help NAME` (and run by a test).
    public var examples: [String] = []
    /// Runs the command in a session.
    let run: @Sendable (Session, CommandCall) throws -> Void
}

/// One use of a command: its words after the name, or its text as written, and where they are
/// in the line (for errors that point).
public struct CommandCall {
    public let spec: CommandSpec
    /// The words after the command's name (none for a command that takes text).
    public let words: [PipelineSyntax.Word]
    /// What follows the command's name, as written, and its character offset in the line.
    public let text: String
    public let textOffset: Int
    /// The command's characters in the line.
    public let range: Range<Int>
    /// The offset of the command's text in the line: word ranges are relative to it.
    public let offset: Int
    /// The pipeline segment, for filters.
    let segment: PipelineSyntax.Segment?

    func range(of word: PipelineSyntax.Word) -> Range<Int> { word.range(shiftedBy: offset) }

    func noArguments() throws {
        if let extra = words.first { throw ShellError("'\(spec.name)' takes no arguments; usage: \(spec.usage)", range: range(of: extra)) }
    }

    /// The one word the command takes.
    func single() throws -> PipelineSyntax.Word {
        guard words.count == 1 else { throw ShellError("usage: \(spec.usage)", range: words.count > 1 ? range(of: words[1]) : range) }
        return words[0]
    }

    var usage: ShellError { ShellError("usage: \(spec.usage)", range: range) }
}

public enum Commands {
    public static let all: [CommandSpec] = [
        CommandSpec(name: "load", usage: "load PATH|GLOB ... [as text|lines|jsonl|html] [encoding=NAME] [text-field=NAME] [lossy] [skip-bad]",
                    summary: "Read documents into the session, replacing the current corpus", argument: .path,
                    examples: ["load examples/articles", "load news/*.jsonl as jsonl text-field=body skip-bad"]) { try $0.load($1.words, offset: $1.offset) },
        CommandSpec(name: "open", usage: "open PATH.lector-db",
                    summary: "Work in a workspace file (created when missing): documents, results and history kept between sessions", argument: .path,
                    examples: ["open news.lector-db"]) { session, call in
            let path = try call.single()
            try session.open(path: path.text, range: call.range(of: path))
        },
        CommandSpec(name: "save", usage: "save PATH.lector-db", summary: "Write the corpus and its results to a new workspace file, and work in it", argument: .path,
                    examples: ["save news.lector-db"]) { session, call in
            let path = try call.single()
            try session.save(path: path.text, range: call.range(of: path))
        },
        CommandSpec(name: "sql", usage: "sql SELECT ...",
                    summary: "A read-only SQL query over the tables documents, history, views and columns (the rest of the command, as it is)", argument: .none,
                    takesText: true,
                    examples: ["sql SELECT language, count(*) AS n FROM documents GROUP BY 1 ORDER BY n DESC"]) { try $0.sql($1.text.trimmingWhitespace(), range: $1.range) },
        CommandSpec(name: "ls", usage: "ls", summary: "One row per document: number, id, language, length, title or first line", argument: .none, endsPipeline: true,
                    examples: ["ls", "langid | where language.code == \"de\" | ls"]) {
            try $1.noArguments()
            try $0.listDocuments()
        },
        CommandSpec(name: "show", usage: "show ID|#N [FIELD]", summary: "A document's record, readable, or one of its fields", argument: .document, endsPipeline: true,
                    examples: ["show #1", "show de-hafen language"]) {
            try $0.show($1.words, offset: $1.offset)
        },
        CommandSpec(name: "where", usage: "where EXPR",
                    summary: "Keep documents matching EXPR: ==, !=, <, <=, >, >=, contains, ~ (regex), and, or, not, ( )",
                    argument: .expression, isFilter: true,
                    examples: ["where language.code == \"de\" and stats.words > 100", "where text contains \"Hafen\" or id ~ \"^ru-\""]) { try $0.filter($1) },
        CommandSpec(name: "sort", usage: "sort FIELD [desc]", summary: "Order documents by a field", argument: .fields, isFilter: true,
                    examples: ["sort stats.words desc"]) { try $0.filter($1) },
        CommandSpec(name: "head", usage: "head N", summary: "Keep the first N documents", argument: .number, isFilter: true,
                    examples: ["sort stats.words desc | head 3"]) { try $0.filter($1) },
        CommandSpec(name: "reset", usage: "reset", summary: "Undo where, sort and head: show every loaded document again", argument: .none,
                    examples: ["reset"]) {
            try $1.noArguments()
            $0.resetView()
        },
        CommandSpec(name: "undo", usage: "undo", summary: "Step back one where, sort, head or reset", argument: .none,
                    examples: ["where language.code == \"ru\"; undo"]) {
            try $1.noArguments()
            try $0.undo()
        },
        CommandSpec(name: "view", usage: "view NAME = where ... | sort ... | head N",
                    summary: "Name a view: filters kept as written (in the workspace too) and run again by `use NAME`", argument: .expression,
                    takesText: true,
                    examples: ["view long = where stats.words > 60 | sort stats.words desc"]) { try $0.define(view: $1) },
        CommandSpec(name: "use", usage: "use NAME", summary: "Show a named view: every document, then its filters", argument: .none,
                    examples: ["use long"]) { session, call in
            let name = try call.single()
            try session.use(view: name.text, range: call.range(of: name))
        },
        CommandSpec(name: "views", usage: "views", summary: "The named views and their filters", argument: .none,
                    examples: ["views"]) {
            try $1.noArguments()
            $0.listViews()
        },
        CommandSpec(name: "table", usage: "table FIELD ...", summary: "A table of the given fields", argument: .fields, endsPipeline: true,
                    examples: ["table id language.code sentiment.label"]) { session, call in
            guard !call.words.isEmpty else { throw call.usage }
            try session.checkFields(call.words.map { ($0.text, call.range(of: $0)) })
            session.write(try session.renderTable(paths: call.words.map(\.text)))
        },
        CommandSpec(name: "count", usage: "count by FIELD", summary: "How many documents have each value of FIELD", argument: .fields, endsPipeline: true,
                    examples: ["count by language.code"]) {
            try $0.count($1.words, offset: $1.offset)
        },
        CommandSpec(name: "compare", usage: "compare [by FIELD]",
                    summary: "The documents in view side by side (or grouped by FIELD): language, date, title, topics, entities, sentiment, stance, their own key phrases",
                    argument: .fields, endsPipeline: true,
                    examples: ["compare by language.code"]) { try $0.compare($1.words, offset: $1.offset) },
        CommandSpec(name: "report", usage: "report PATH.html",
                    summary: "One self-contained HTML page: the comparison, each document with sentiment and entities marked, charts", argument: .path,
                    endsPipeline: true,
                    examples: ["report news.html"]) { try $0.report($1.words, offset: $1.offset) },
        CommandSpec(name: "export", usage: "export PATH [as jsonl|csv|tsv]", summary: "Write the current documents to a file", argument: .path, endsPipeline: true,
                    examples: ["export news.csv", "where language.code == \"de\" | export german.jsonl"]) {
            try $0.export($1.words, offset: $1.offset)
        },
        CommandSpec(name: "train", usage: "train out=MODEL [data=FILE.jsonl [text-field=F]] [val=FILE.jsonl] [label=FIELD] [features=SPEC] [c=VALUE]",
                    summary: "Train a classifier on the documents in view (their text and label field), or on a JSONL file", argument: .path,
                    examples: ["train out=tone.model data=labelled.jsonl label=tone val=held-out.jsonl"]) {
            try $0.train($1.words, offset: $1.offset)
        },
        CommandSpec(name: "evaluate", usage: "evaluate FIELD [label=FIELD]",
                    summary: "Score FIELD (such as sentiment.label) against the gold label of the documents in view", argument: .fields,
                    examples: ["evaluate sentiment.label label=gold"]) {
            try $0.evaluate($1.words, offset: $1.offset)
        },
        CommandSpec(name: "analyzers", usage: "analyzers", summary: "List the analyzers", argument: .none,
                    examples: ["analyzers"]) {
            try $1.noArguments()
            $0.write($0.analyzerList())
        },
        CommandSpec(name: "plugins", usage: "plugins", summary: "The plugins loaded, their analyzers, and where each came from", argument: .none,
                    examples: ["plugins"]) {
            try $1.noArguments()
            $0.write($0.pluginList())
        },
        CommandSpec(name: "plugin", usage: "plugin load PATH", summary: "Load a Swift plugin (.so) or a process plugin (.lector-plugin)", argument: .path,
                    examples: ["plugin load ~/lector-plugins/shout.lector-plugin"]) { session, call in
            guard call.words.count == 2, call.words[0].text == "load" else { throw call.usage }
            try session.loadPlugin(call.words[1].text, range: call.range(of: call.words[1]))
        },
        CommandSpec(name: "explain", usage: "explain PIPELINE", summary: "What each step requires and produces, with problems flagged", argument: .pipeline,
                    takesText: true,
                    examples: ["explain normalize | langid | sentiment"]) { $0.write(try $0.explain(text: $1.text, offset: $1.textOffset)) },
        CommandSpec(name: "help", usage: "help [COMMAND|ANALYZER]", summary: "This list, or help on one command or analyzer (? too)", argument: .commandOrAnalyzer,
                    examples: ["help where", "? sentiment"]) { session, call in
            session.write(try session.help(call.words.first.map { ($0.text, call.range(of: $0)) }))
        },
        CommandSpec(name: "set", usage: "set [colour|width|threads|output|timer|rows VALUE]", summary: "Show or change settings", argument: .settings,
                    examples: ["set rows 20", "set output csv"]) {
            try $0.set($1.words, offset: $1.offset)
        },
        CommandSpec(name: "history", usage: "history", summary: "The lines run so far (in the workspace, or kept between sessions)", argument: .none,
                    examples: ["history"]) {
            try $1.noArguments()
            $0.listHistory()
        },
        CommandSpec(name: "source", usage: "source FILE", summary: "Run the commands in a file", argument: .path,
                    examples: ["source session.lector"]) { session, call in
            let file = try call.single()
            try session.source(path: file.text, range: call.range(of: file))
        },
        CommandSpec(name: "quit", usage: "quit", summary: "Leave the shell (Ctrl-D does too)", argument: .none,
                    examples: ["quit"]) { session, _ in session.quit() },
    ]

    public static func named(_ name: String) -> CommandSpec? {
        if name == "exit" { return all.first { $0.name == "quit" } }
        if name == "?" { return all.first { $0.name == "help" } }
        return all.first { $0.name == name }
    }

    public static var names: [String] { all.map(\.name) }
}

/// What `set` changes.
public struct ShellSettings: Sendable {
    public enum ColourMode: String, Sendable, CaseIterable { case auto, on, off }
    public enum OutputMode: String, Sendable, CaseIterable {
        case table, expanded, csv, json, line
        /// Output for reading on screen (cut to the row limit), not for a program.
        var isForPeople: Bool { self == .table || self == .expanded }
    }

    public var colour: ColourMode = .auto
    /// Table width; nil follows the terminal.
    public var width: Int?
    public var threads: Int?
    public var output: OutputMode = .table
    public var timer = false
    /// Rows a table of documents shows at most (nil: all); `head N` shows N.
    public var rows: Int? = 50

    public static let names = ["colour", "width", "threads", "output", "timer", "rows"]

    public static func values(for name: String) -> [String] {
        switch name {
        case "colour", "color": return ColourMode.allCases.map(\.rawValue)
        case "output": return OutputMode.allCases.map(\.rawValue)
        case "timer": return ["on", "off"]
        case "width": return ["auto"]
        case "rows": return ["all", "50"]
        default: return []
        }
    }
}
