import Foundation
import GRDB
import LectorKit

/// A workspace: one SQLite file with the documents, every annotation, and the command history,
/// so that closing the shell and opening the file again gives the same corpus and results
/// without running anything again. Without a file, the same tables live in memory for `sql`.
///
/// Tables (documented in the README; `sql` reads them):
/// - `documents`: a row per document in corpus order: `seq` (from 1), `id`, `source`, `parent`,
///   `text`, `input` (the input's other fields, a JSON object), `annotations` (a JSON object,
///   one member per annotation, in the order they were added), `errors` (a JSON array), and
///   generated columns for the fields asked most: `language`, `title`, `sentiment`.
/// - `history`: each line run in the workspace, with when (`seq`, `line`, `at`).
/// - `views`: the named views (`seq`, `name`, `definition`: the filters as written).
/// - `meta`: the format version.
final class Workspace {
    /// Where the workspace is; nil for one in memory.
    let path: String?
    private let database: DatabaseQueue

    static let formatVersion = 1
    static let fileExtension = "lector-db"

    /// Opens the workspace at `path`, creating it when there is no file there.
    init(path: String?) throws(ShellError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.label = "lector workspace"
            database = try path.map { try DatabaseQueue(path: $0, configuration: configuration) } ?? DatabaseQueue(configuration: configuration)
            try database.write { db in try Self.prepare(db) }
        } catch let error as ShellError {
            throw error
        } catch {
            throw ShellError("\(path ?? "the workspace in memory"): \(Self.describe(error))")
        }
    }

    private static func prepare(_ db: Database) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.contains("meta") {
            let version = try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") ?? 0
            guard version == formatVersion else {
                throw ShellError("a workspace of format \(version); this Lector reads format \(formatVersion)")
            }
            return
        }
        guard tables.isEmpty else { throw ShellError("an SQLite file, but not a Lector workspace (it has the tables \(tables.joined(separator: ", ")))") }
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('format', '\(formatVersion)');
            CREATE TABLE documents (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL,
                source TEXT,
                source_path TEXT,
                source_line INTEGER,
                parent TEXT,
                text TEXT NOT NULL,
                input TEXT NOT NULL DEFAULT '{}',
                annotations TEXT NOT NULL DEFAULT '{}',
                stale TEXT NOT NULL DEFAULT '[]',
                errors TEXT NOT NULL DEFAULT '[]',
                language TEXT GENERATED ALWAYS AS (json_extract(annotations, '$.language.code')) VIRTUAL,
                title TEXT GENERATED ALWAYS AS (json_extract(annotations, '$.structure.title')) VIRTUAL,
                sentiment TEXT GENERATED ALWAYS AS (json_extract(annotations, '$.sentiment.label')) VIRTUAL
            );
            CREATE TABLE history (seq INTEGER PRIMARY KEY, line TEXT NOT NULL, at TEXT NOT NULL);
            CREATE TABLE views (seq INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NOT NULL);
            """)
    }

    /// An SQLite error as a user reads it: SQLite's own message, without GRDB's framing.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB { return "not an SQLite file" }
            return error.message ?? "\(error.resultCode)"
        }
        if let error = error as? ShellError { return error.description }
        return "\(error)"
    }

    // MARK: Documents

    /// Every document, in corpus order.
    func documents() throws(ShellError) -> [Document] {
        do {
            return try database.read { db in
                var documents: [Document] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT id, source_path, source_line, parent, text, input, annotations, stale, errors FROM documents ORDER BY seq")
                while let row = try rows.next() {
                    documents.append(try Self.document(row))
                }
                return documents
            }
        } catch {
            throw ShellError("\(path ?? "the workspace"): \(Self.describe(error))")
        }
    }

    /// A document from a row of `SELECT id, source_path, source_line, parent, text, input,
    /// annotations, stale, errors` (columns read by position; the empty `{}` and `[]` most rows
    /// hold are not parsed).
    private static func document(_ row: Row) throws -> Document {
        func json(_ index: Int, _ column: String) throws -> JSONValue? {
            let text: String = row[index]
            if text == "{}" || text == "[]" { return nil }
            do {
                return try JSONParser.parse(text)
            } catch {
                throw ShellError("document \(row[0] as String? ?? "?"): its \(column) are not JSON (\(error.message))")
            }
        }
        var document = Document(
            id: row[0], text: row[4], source: SourceLocation(path: row[1], line: row[2]),
            metadata: try json(5, "input")?.objectValue ?? [:], parentID: row[3])
        for (name, value) in try json(6, "annotations")?.objectValue ?? [:] { document.annotations[name] = value }
        for name in try json(7, "stale")?.arrayValue ?? [] { if let name = name.stringValue { document.annotations.markStale(name) } }
        for error in try json(8, "errors")?.arrayValue ?? [] {
            if let analyzer = error["analyzer"]?.stringValue, let message = error["message"]?.stringValue {
                document.errors.append(AnalysisError(analyzer: analyzer, message: message))
            }
        }
        return document
    }

    /// Replaces every document with `documents`, in one transaction: the workspace holds either
    /// the old corpus or the new one, whatever happens in between.
    func replaceDocuments(_ documents: [Document]) throws(ShellError) {
        try write { db in
            try db.execute(sql: "DELETE FROM documents")
            try Self.insert(documents, startingAt: 1, into: db)
        }
    }

    /// Writes the documents at `indices` of `corpus` again (their annotations changed), in one transaction.
    func updateDocuments(_ corpus: [Document], at indices: [Int]) throws(ShellError) {
        try write { db in
            let statement = try db.makeStatement(sql: "UPDATE documents SET text = ?, annotations = ?, stale = ?, errors = ? WHERE seq = ?")
            for index in indices {
                let columns = Self.columns(corpus[index])
                try statement.execute(arguments: [corpus[index].text, columns.annotations, columns.stale, columns.errors, index + 1])
            }
        }
    }

    private static func insert(_ documents: [Document], startingAt first: Int, into db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO documents (seq, id, source, source_path, source_line, parent, text, input, annotations, stale, errors)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (offset, document) in documents.enumerated() {
            let columns = columns(document)
            try statement.execute(arguments: [
                first + offset, document.id, document.source.description, document.source.path, document.source.line, document.parentID,
                document.text, text(.object(document.metadata)), columns.annotations, columns.stale, columns.errors,
            ])
        }
    }

    private static func columns(_ document: Document) -> (annotations: String, stale: String, errors: String) {
        var annotations = JSONObject()
        var stale: [JSONValue] = []
        for (name, value) in document.annotations.json {
            annotations[name] = value
            if document.annotations.isStale(name) { stale.append(.string(name)) }
        }
        return (text(.object(annotations)), text(.array(stale)), text(.array(document.errors.map(\.jsonValue))))
    }

    private static func text(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return writer.string
    }

    // MARK: History

    func appendHistory(_ line: String) {
        try? database.write { db in
            try db.execute(sql: "INSERT INTO history (line, at) VALUES (?, ?)", arguments: [line, ISO8601DateFormatter().string(from: Date())])
        }
    }

    func history() -> [String] {
        (try? database.read { db in try String.fetchAll(db, sql: "SELECT line FROM history ORDER BY seq") }) ?? []
    }

    // MARK: Named views

    func views() -> [(name: String, definition: String)] {
        (try? database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, definition FROM views ORDER BY seq").map { ($0["name"], $0["definition"]) }
        }) ?? []
    }

    /// Keeps a named view (a view of that name is replaced, keeping its place).
    func saveView(name: String, definition: String) throws(ShellError) {
        try write { db in
            try db.execute(sql: "INSERT INTO views (name, definition) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET definition = excluded.definition",
                           arguments: [name, definition])
        }
    }

    // MARK: Queries and copies

    /// The result of a read-only query: column names and rows of text (NULL as nil).
    func query(_ sql: String) throws(ShellError) -> (columns: [String], rows: [[String?]]) {
        do {
            return try database.read { db in
                let statement = try db.makeStatement(sql: sql)
                guard statement.isReadonly else {
                    throw ShellError("sql runs queries that read (SELECT, WITH, EXPLAIN, PRAGMA that reads); the documents change through load and analyzers")
                }
                var rows: [[String?]] = []
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    rows.append(row.databaseValues.map(Self.display))
                }
                return (statement.columnNames, rows)
            }
        } catch let error as ShellError {
            throw error
        } catch {
            var message = Self.describe(error)
            // "no such column: de" for "de": SQL's strings take single quotes.
            if message.hasPrefix("no such column: "), sql.contains("\"\(message.dropFirst(16))\"") {
                message += " (SQL writes strings in single quotes: '\(message.dropFirst(16))')"
            }
            throw ShellError(message)
        }
    }

    private static func display(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return JSONValue.double(number).jsonText
        case .string(let text): return text
        case .blob(let data): return "<\(data.count) bytes>"
        }
    }

    private func write(_ body: (Database) throws -> Void) throws(ShellError) {
        do {
            try database.write { db in try body(db) }
        } catch let error as ShellError {
            throw error
        } catch {
            throw ShellError("\(path ?? "the workspace"): \(Self.describe(error)); it holds what it held before this command")
        }
    }
}
