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
/// - `columns`: values of one field for every document, kept so that `where`, `sort` and `count by`
///   over a large workspace read a few megabytes instead of every row (see `Column`); a row is
///   dropped whenever the annotation it comes from is written again.
///
/// A workspace file is the corpus itself: the shell reads documents from it a batch at a time
/// (`documents(at:)`), so a corpus larger than memory can be loaded, analysed and queried.
final class Workspace {
    /// Where the workspace is; nil for one in memory.
    let path: String?
    let database: DatabaseQueue
    /// How many documents it holds; their `seq` runs from 1 to `count` with no gaps.
    private(set) var count = 0

    static let formatVersion = 2
    static let fileExtension = "lector-db"

    /// Opens the workspace at `path`, creating it when there is no file there.
    init(path: String?) throws(ShellError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.label = "lector workspace"
            // A pipeline's reader connection may hold the file for a moment while a batch commits.
            configuration.busyMode = .timeout(30)
            database = try path.map { try DatabaseQueue(path: $0, configuration: configuration) } ?? DatabaseQueue(configuration: configuration)
            try database.write { db in try Self.prepare(db) }
            count = try database.read { db in try Int.fetchOne(db, sql: "SELECT max(seq) FROM documents") ?? 0 }
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
            // Format 1 had no kept columns and no index of ids: both are added in place.
            if version == 1 {
                try db.execute(sql: columnTables + "UPDATE meta SET value = '\(formatVersion)' WHERE key = 'format';")
                return
            }
            guard version == formatVersion else {
                throw ShellError("a workspace of format \(version); this Lector reads formats 1 and \(formatVersion)")
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
            """ + columnTables)
    }

    private static let columnTables = """
        CREATE TABLE columns (path TEXT PRIMARY KEY, root TEXT NOT NULL, kind TEXT NOT NULL, data BLOB NOT NULL);
        CREATE INDEX documents_id ON documents (id);
        """

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

    static let documentColumns = "id, source_path, source_line, parent, text, input, annotations, stale, errors, seq"

    /// The documents at `indices` (0-based: the document with `seq` index + 1), in that order.
    func documents(at indices: some Collection<Int>) throws(ShellError) -> [Document] {
        try Self.documents(at: Array(indices), from: database, path: path)
    }

    /// A second connection to the file, for reading the next batch of a pipeline while this one
    /// writes the last (nil for a workspace in memory).
    private(set) lazy var reader: DatabaseQueue? = path.flatMap { path in
        var configuration = Configuration()
        configuration.label = "lector workspace reader"
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        return try? DatabaseQueue(path: path, configuration: configuration)
    }

    /// `documents(at:)` through any connection (a function of its own, so that another thread
    /// can run it with `reader`).
    static func documents(at indices: [Int], from database: DatabaseQueue, path: String?) throws(ShellError) -> [Document] {
        guard let first = indices.first else { return [] }
        do {
            return try database.read { db in
                // A run of consecutive documents (the common case: ls, a pipeline over everything)
                // is one range query; any other set is asked for in groups of seqs.
                if let last = indices.last, last - first + 1 == indices.count, zip(indices, indices.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
                    return try Row.fetchAll(db, sql: "SELECT \(Self.documentColumns) FROM documents WHERE seq BETWEEN ? AND ? ORDER BY seq",
                                            arguments: [first + 1, last + 1]).map(Self.document)
                }
                var found: [Int: Document] = [:]
                let wanted = indices
                for start in stride(from: 0, to: wanted.count, by: 500) {
                    let group = wanted[start..<min(wanted.count, start + 500)]
                    let marks = Array(repeating: "?", count: group.count).joined(separator: ",")
                    let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.documentColumns) FROM documents WHERE seq IN (\(marks))",
                                                   arguments: StatementArguments(group.map { $0 + 1 }))
                    while let row = try rows.next() { found[row[9] as Int - 1] = try Self.document(row) }
                }
                return try wanted.map { index in
                    guard let document = found[index] else { throw ShellError("document #\(index + 1) is missing from the file") }
                    return document
                }
            }
        } catch {
            throw ShellError("\(path ?? "the workspace"): \(Self.describe(error))")
        }
    }

    /// The index of the first document with this id.
    func index(ofID id: String) -> Int? {
        (try? database.read { db in try Int.fetchOne(db, sql: "SELECT min(seq) FROM documents WHERE id = ?", arguments: [id]) }).flatMap { $0 }.map { $0 - 1 }
    }

    /// Some ids, for suggestions and completion.
    func someIDs(limit: Int) -> [String] {
        (try? database.read { db in try String.fetchAll(db, sql: "SELECT id FROM documents ORDER BY seq LIMIT ?", arguments: [limit]) }) ?? []
    }

    /// A document from a row of `documentColumns` (read by position; the empty `{}` and `[]`
    /// most rows hold are not parsed).
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
        document.errors = analysisErrors(try json(8, "errors"))
        return document
    }

    /// The `errors` column's entries as a document holds them.
    static func analysisErrors(_ list: JSONValue?) -> [AnalysisError] {
        (list?.arrayValue ?? []).compactMap { error in
            guard let analyzer = error["analyzer"]?.stringValue, let message = error["message"]?.stringValue else { return nil }
            return AnalysisError(analyzer: analyzer, message: message)
        }
    }

    /// Replaces every document with `documents`, in one transaction: the workspace holds either
    /// the old corpus or the new one, whatever happens in between.
    func replaceDocuments(_ documents: [Document]) throws(ShellError) {
        var remaining = documents.makeIterator()
        do {
            _ = try replaceDocuments(reading: { remaining.next() }, keeping: { _ in true })
        } catch {
            throw (error as? ShellError) ?? ShellError("\(error)")
        }
    }

    /// Replaces every document with those `next` gives, written as they come, in one transaction:
    /// committed when `keeping` (asked with how many were read) says so, else rolled back, as it
    /// is when `next` throws. Returns how many were read.
    func replaceDocuments(reading next: () throws -> Document?, keeping: (Int) -> Bool) throws -> Int {
        var read = 0
        var kept = false
        do {
            try database.writeWithoutTransaction { db in
                try db.inTransaction {
                    try db.execute(sql: "DELETE FROM documents; DELETE FROM columns")
                    let statement = try Self.insertStatement(db)
                    while let document = try next() {
                        read += 1
                        try Self.insert(document, seq: read, with: statement)
                    }
                    kept = keeping(read)
                    return kept ? .commit : .rollback
                }
            }
        } catch let error as DatabaseError {
            throw ShellError("\(path ?? "the workspace"): \(Self.describe(error)); it holds what it held before this command")
        }
        if kept { count = read }
        return read
    }

    /// Writes documents again (their annotations or text changed), encoded already on the threads
    /// that analysed them, in one transaction, and drops the kept columns of the annotations named
    /// in `roots` (every column when nil).
    func update(_ rows: [(index: Int, columns: Columns)], roots: Set<String>?) throws(ShellError) {
        try write { db in
            let statement = try db.makeStatement(sql: "UPDATE documents SET text = ?, annotations = ?, stale = ?, errors = ? WHERE seq = ?")
            for (index, columns) in rows {
                try statement.execute(arguments: [columns.text, columns.annotations, columns.stale, columns.errors, index + 1])
            }
            try Self.dropColumns(roots, in: db)
        }
    }

    /// Puts each group of child documents right after its parent (at `parent`, 0-based),
    /// numbering the documents after them on, in one transaction.
    func insertChildren(_ groups: [(parent: Int, children: [Document])]) throws(ShellError) {
        let groups = groups.filter { !$0.children.isEmpty }.sorted { $0.parent < $1.parent }
        guard !groups.isEmpty else { return }
        try write { db in
            // Each document moves down by the number of children placed before it.
            try db.execute(sql: "CREATE TEMP TABLE shifts (after INTEGER PRIMARY KEY, shift INTEGER NOT NULL)")
            defer { try? db.execute(sql: "DROP TABLE temp.shifts") }
            var total = 0
            let shift = try db.makeStatement(sql: "INSERT INTO temp.shifts VALUES (?, ?)")
            for group in groups {
                total += group.children.count
                try shift.execute(arguments: [group.parent + 1, total])
            }
            try db.execute(sql: """
                UPDATE documents SET seq = -(seq + coalesce((SELECT shift FROM temp.shifts WHERE after < documents.seq ORDER BY after DESC LIMIT 1), 0));
                UPDATE documents SET seq = -seq;
                """)
            let statement = try Self.insertStatement(db)
            var before = 0
            for group in groups {
                let parentSeq = group.parent + 1 + before
                for (offset, child) in group.children.enumerated() {
                    try Self.insert(child, seq: parentSeq + 1 + offset, with: statement)
                }
                before += group.children.count
            }
            try Self.dropColumns(nil, in: db)
        }
        count += groups.reduce(0) { $0 + $1.children.count }
    }

    private static func insertStatement(_ db: Database) throws -> Statement {
        try db.makeStatement(sql: """
            INSERT INTO documents (seq, id, source, source_path, source_line, parent, text, input, annotations, stale, errors)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    private static func insert(_ document: Document, seq: Int, with statement: Statement) throws {
        let columns = Columns(document)
        try statement.execute(arguments: [
            seq, document.id, document.source.description, document.source.path, document.source.line, document.parentID,
            document.text, document.metadata.isEmpty ? "{}" : text(.object(document.metadata)), columns.annotations, columns.stale, columns.errors,
        ])
    }

    /// What a document's analysis changes in its row, as SQLite takes it.
    struct Columns: Sendable {
        var text: String
        var annotations: String
        var stale: String
        var errors: String

        init(_ document: Document) {
            var annotations = JSONObject()
            var stale: [JSONValue] = []
            for (name, value) in document.annotations.json {
                annotations[name] = value
                if document.annotations.isStale(name) { stale.append(.string(name)) }
            }
            self.text = document.text
            self.annotations = Workspace.text(.object(annotations))
            self.stale = stale.isEmpty ? "[]" : Workspace.text(.array(stale))
            self.errors = document.errors.isEmpty ? "[]" : Workspace.text(.array(document.errors.map(\.jsonValue)))
        }
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
