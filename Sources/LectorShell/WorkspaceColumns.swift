import Foundation
import GRDB
import LectorKit

/// One field's values for every document of a workspace, in corpus order: what `where`, `sort`
/// and `count by` read over a corpus too large to hold, instead of every row's JSON. Numbers
/// (one or none per document) are kept as doubles, NaN for none; any other field as a code per
/// document into its distinct value lists.
struct Column: Sendable {
    enum Storage: Sendable {
        case numbers([Double], integers: Bool)
        case coded(lists: [[JSONValue]], codes: [UInt32])
    }
    let storage: Storage

    var count: Int {
        switch storage {
        case .numbers(let numbers, _): return numbers.count
        case .coded(_, let codes): return codes.count
        }
    }

    /// The field's values in the document at `row`, as `Document.values(at:)` gives them.
    func values(_ row: Int) -> [JSONValue] {
        switch storage {
        case .numbers(let numbers, let integers):
            let number = numbers[row]
            if number.isNaN { return [] }
            return [integers ? .int(Int(number)) : .double(number)]
        case .coded(let lists, let codes):
            return lists[Int(codes[row])]
        }
    }

    /// The column as kept in the `columns` table: a kind and bytes.
    func encoded() -> (kind: String, data: Data) {
        switch storage {
        case .numbers(let numbers, let integers):
            return (integers ? "integers" : "numbers", numbers.withUnsafeBytes { Data($0) })
        case .coded(let lists, let codes):
            // JSON text has no raw line breaks: a line per list.
            let text = Data(lists.map { JSONValue.array($0).jsonText }.joined(separator: "\n").utf8)
            var data = Data()
            withUnsafeBytes(of: UInt64(text.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(text)
            codes.withUnsafeBytes { data.append(contentsOf: $0) }
            return ("coded", data)
        }
    }

    init(storage: Storage) { self.storage = storage }

    /// A column from the `columns` table; nil when the bytes are not one (it is built again).
    init?(kind: String, data: Data, count: Int) {
        switch kind {
        case "numbers", "integers":
            guard data.count == count * 8 else { return nil }
            let numbers = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            storage = .numbers(numbers, integers: kind == "integers")
        case "coded":
            guard data.count >= 8 else { return nil }
            let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
            guard length >= 0, data.count == 8 + length + count * 4 else { return nil }
            let text = data.dropFirst(8).prefix(length)
            var lists: [[JSONValue]] = []
            for line in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
                guard let list = (try? JSONParser.parse(String(decoding: line, as: UTF8.self)))?.arrayValue else { return nil }
                lists.append(list)
            }
            let codes = data.dropFirst(8 + length).withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
            guard codes.allSatisfy({ Int($0) < lists.count }) else { return nil }
            storage = .coded(lists: lists, codes: codes)
        default:
            return nil
        }
    }
}

/// Builds a column a document at a time.
struct ColumnBuilder {
    private var numbers: [Double] = []
    private var integers = true
    private var lists: [[JSONValue]] = []
    private var codes: [UInt32] = []
    private var codeOf: [[JSONValue]: UInt32] = [:]
    /// Whether every value so far was one number or none.
    private var numeric = true

    mutating func append(_ values: [JSONValue]) {
        if numeric {
            if values.isEmpty {
                numbers.append(.nan)
                return
            }
            if values.count == 1, let number = values[0].doubleValue, !number.isNaN {
                if case .int(let whole) = values[0] { integers = integers && abs(whole) < 1 << 53 } else { integers = false }
                numbers.append(number)
                return
            }
            // Not a number column after all: what was kept so far becomes codes.
            numeric = false
            let earlier = numbers
            numbers = []
            for number in earlier { code(number.isNaN ? [] : [integers ? .int(Int(number)) : .double(number)]) }
        }
        code(values)
    }

    private mutating func code(_ values: [JSONValue]) {
        if let known = codeOf[values] {
            codes.append(known)
        } else {
            let new = UInt32(lists.count)
            codeOf[values] = new
            lists.append(values)
            codes.append(new)
        }
    }

    func build() -> Column {
        numeric ? Column(storage: .numbers(numbers, integers: integers)) : Column(storage: .coded(lists: lists, codes: codes))
    }
}

/// A document's values at several paths, read from columns (for `where` over a workspace).
struct ColumnRow: FieldSource {
    let columns: [(path: String, column: Column)]
    let row: Int
    func values(at path: FieldPath) -> [JSONValue] {
        columns.first { $0.path == path.text }?.column.values(row) ?? []
    }
}

/// One field's values, as a document that has nothing else.
struct FixedValues: FieldSource {
    let path: String
    let values: [JSONValue]
    func values(at path: FieldPath) -> [JSONValue] { path.text == self.path ? values : [] }
}

extension Workspace {
    /// Fields whose columns are not kept: a document's own text, id, source and parent are
    /// mostly distinct, and reading them from the rows is as fast.
    static let unkeptRoots: Set<String> = ["text", "id", "source", "parent"]

    /// Kept columns larger than this are used once and not kept.
    static let keptColumnLimit = 64 << 20

    /// The values of `path` in every document, from the `columns` table when it has them, else
    /// read from every row (and kept for the next time, except for `unkeptRoots`).
    func column(_ path: FieldPath) throws(ShellError) -> Column {
        let count = self.count
        do {
            if let row = try database.read({ db in try Row.fetchOne(db, sql: "SELECT kind, data FROM columns WHERE path = ?", arguments: [path.text]) }),
               let column = Column(kind: row[0], data: row[1], count: count) {
                return column
            }
            let root = String(path.components.first ?? "")
            var builder = ColumnBuilder()
            try database.read { db in
                // Only what the path can reach is read: one annotation, not all of them.
                let text = root == "text" ? "text" : "''"
                let errors = root == "errors" ? "errors" : "'[]'"
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, source_path, source_line, parent, \(text), input, annotations -> ?, \(errors) FROM documents ORDER BY seq
                    """, arguments: ["$.\"\(root.replacingOccurrences(of: "\"", with: "\\\""))\""])
                while let row = try rows.next() {
                    var document = Document(id: row[0], text: row[4], source: SourceLocation(path: row[1], line: row[2]), parentID: row[3])
                    let input: String = row[5]
                    if input != "{}" { document.metadata = try JSONParser.parse(input).objectValue ?? [:] }
                    if let annotation = row[6] as String? { document.annotations[root] = try JSONParser.parse(annotation) }
                    let errorList: String = row[7]
                    if errorList != "[]" { document.errors = Self.analysisErrors(try JSONParser.parse(errorList)) }
                    builder.append(document.values(at: path))
                }
            }
            let column = builder.build()
            if !Self.unkeptRoots.contains(root) { keep(column, path: path) }
            return column
        } catch let error as ShellError {
            throw error
        } catch {
            throw ShellError("\(self.path ?? "the workspace"): \(Self.describe(error))")
        }
    }

    /// Keeps a column built from documents just written (a pipeline's summary fields).
    func keep(_ column: Column, path: FieldPath) {
        guard column.count == count else { return }
        let (kind, data) = column.encoded()
        guard data.count <= Self.keptColumnLimit else { return }
        try? database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO columns (path, root, kind, data) VALUES (?, ?, ?, ?)",
                           arguments: [path.text, String(path.components.first ?? ""), kind, data])
        }
    }

    /// Drops the kept columns under these annotation names (every one when nil).
    static func dropColumns(_ roots: Set<String>?, in db: Database) throws {
        guard let roots else {
            try db.execute(sql: "DELETE FROM columns")
            return
        }
        for root in roots { try db.execute(sql: "DELETE FROM columns WHERE root = ?", arguments: [root]) }
    }

    /// The names among `names` that every document at `indices` has an annotation of.
    func annotations(_ names: [String], onEveryOf indices: [Int]) -> Set<String> {
        var present = Set<String>()
        for name in names {
            let key = "$.\"\(name.replacingOccurrences(of: "\"", with: "\\\""))\""
            let lacking = (try? database.read { db in
                try Int.fetchAll(db, sql: "SELECT seq - 1 FROM documents WHERE annotations -> ? IS NULL", arguments: [key])
            }) ?? indices
            if lacking.isEmpty || Set(lacking).isDisjoint(with: indices) { present.insert(name) }
        }
        return present
    }

    /// Writes a copy of the whole workspace (documents, history, views, kept columns) to a new file.
    func copy(to target: String) throws(ShellError) {
        do {
            try database.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [target]) }
        } catch {
            throw ShellError("cannot write \(target): \(Self.describe(error))")
        }
    }
}
