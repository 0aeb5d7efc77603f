/// The shell's commands, declared once: help, completion and "did you mean" all read this table.
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
}

public enum Commands {
    public static let all: [CommandSpec] = [
        CommandSpec(name: "load", usage: "load PATH|GLOB ... [as text|lines|jsonl] [encoding=NAME] [text-field=NAME] [lossy] [skip-bad]",
                    summary: "Read documents into the session, replacing the current corpus", argument: .path),
        CommandSpec(name: "open", usage: "open PATH.lector-db",
                    summary: "Work in a workspace file (created when missing): documents, results and history kept between sessions", argument: .path),
        CommandSpec(name: "save", usage: "save PATH.lector-db", summary: "Write the corpus and its results to a new workspace file, and work in it", argument: .path),
        CommandSpec(name: "sql", usage: "sql SELECT ...",
                    summary: "A read-only SQL query over the tables documents and history (the rest of the command, as it is)", argument: .none),
        CommandSpec(name: "ls", usage: "ls", summary: "One row per document: number, id, language, length, title or first line", argument: .none, endsPipeline: true),
        CommandSpec(name: "show", usage: "show ID|#N [FIELD]", summary: "A document's record, readable, or one of its fields", argument: .document, endsPipeline: true),
        CommandSpec(name: "where", usage: "where EXPR",
                    summary: "Keep documents matching EXPR: ==, !=, <, <=, >, >=, contains, ~ (regex), and, or, not, ( )",
                    argument: .expression, isFilter: true),
        CommandSpec(name: "sort", usage: "sort FIELD [desc]", summary: "Order documents by a field", argument: .fields, isFilter: true),
        CommandSpec(name: "head", usage: "head N", summary: "Keep the first N documents", argument: .number, isFilter: true),
        CommandSpec(name: "reset", usage: "reset", summary: "Undo where, sort and head: show every loaded document again", argument: .none),
        CommandSpec(name: "undo", usage: "undo", summary: "Step back one where, sort, head or reset", argument: .none),
        CommandSpec(name: "view", usage: "view NAME = where ... | sort ... | head N",
                    summary: "Name a view: filters kept as written (in the workspace too) and run again by `use NAME`", argument: .expression),
        CommandSpec(name: "use", usage: "use NAME", summary: "Show a named view: every document, then its filters", argument: .none),
        CommandSpec(name: "views", usage: "views", summary: "The named views and their filters", argument: .none),
        CommandSpec(name: "table", usage: "table FIELD ...", summary: "A table of the given fields", argument: .fields, endsPipeline: true),
        CommandSpec(name: "count", usage: "count by FIELD", summary: "How many documents have each value of FIELD", argument: .fields, endsPipeline: true),
        CommandSpec(name: "compare", usage: "compare [by FIELD]",
                    summary: "The documents in view side by side (or grouped by FIELD): language, date, title, topics, entities, sentiment, stance, their own key phrases",
                    argument: .fields, endsPipeline: true),
        CommandSpec(name: "report", usage: "report PATH.html",
                    summary: "One self-contained HTML page: the comparison, each document with sentiment and entities marked, charts", argument: .path, endsPipeline: true),
        CommandSpec(name: "export", usage: "export PATH [as jsonl|csv|tsv]", summary: "Write the current documents to a file", argument: .path, endsPipeline: true),
        CommandSpec(name: "train", usage: "train out=MODEL [data=FILE.jsonl [text-field=F]] [val=FILE.jsonl] [label=FIELD] [features=SPEC] [c=VALUE]",
                    summary: "Train a classifier on the documents in view (their text and label field), or on a JSONL file", argument: .path),
        CommandSpec(name: "evaluate", usage: "evaluate FIELD [label=FIELD]",
                    summary: "Score FIELD (such as sentiment.label) against the gold label of the documents in view", argument: .fields),
        CommandSpec(name: "analyzers", usage: "analyzers", summary: "List the analyzers", argument: .none),
        CommandSpec(name: "plugins", usage: "plugins", summary: "The plugins loaded, their analyzers, and where each came from", argument: .none),
        CommandSpec(name: "plugin", usage: "plugin load PATH", summary: "Load a Swift plugin (.so) or a process plugin (.lector-plugin)", argument: .path),
        CommandSpec(name: "explain", usage: "explain PIPELINE", summary: "What each step requires and produces, with problems flagged", argument: .pipeline),
        CommandSpec(name: "help", usage: "help [COMMAND|ANALYZER]", summary: "This list, or help on one command or analyzer", argument: .commandOrAnalyzer),
        CommandSpec(name: "set", usage: "set [colour|width|threads|output|timer|rows VALUE]", summary: "Show or change settings", argument: .settings),
        CommandSpec(name: "history", usage: "history", summary: "The lines typed so far (kept between sessions)", argument: .none),
        CommandSpec(name: "source", usage: "source FILE", summary: "Run the commands in a file", argument: .path),
        CommandSpec(name: "quit", usage: "quit", summary: "Leave the shell (Ctrl-D does too)", argument: .none),
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
