/// Turns analysed documents into output, one record per document.
public protocol RecordWriter {
    mutating func write(_ document: Document) throws
    /// Writes whatever was held back (a table's first rows) and flushes.
    mutating func finish() throws
}

/// Output formats of `lector analyze --output`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case jsonl, csv, tsv, table
}

extension Document {
    /// The JSONL record: id, source, parent, text, the input's other fields, each annotation, errors.
    /// Annotations win over input fields of the same name, so re-analysing a file replaces old results.
    public func record(includeText: Bool = true) -> JSONObject {
        var record: JSONObject = ["id": .string(id), "source": .string(source.description)]
        if let parentID { record["parent"] = .string(parentID) }
        if includeText { record["text"] = .string(text) }
        for (key, value) in metadata where record[key] == nil && !annotations.contains(key) && key != "errors" {
            record[key] = value
        }
        for (name, value) in annotations.json { record[name] = value }
        var errorValues = errors.map(\.jsonValue)
        if case .array(let earlier)? = metadata["errors"] { errorValues = earlier + errorValues }
        if !errorValues.isEmpty { record["errors"] = .array(errorValues) }
        return record
    }
}

/// One JSON object per line, as DESIGN.md's record.
public struct JSONLWriter: RecordWriter {
    private let sink: OutputSink
    private var writer = JSONWriter()
    public var includeText: Bool

    public init(sink: OutputSink, includeText: Bool = true) {
        self.sink = sink
        self.includeText = includeText
    }

    public mutating func write(_ document: Document) throws {
        writer.bytes.removeAll(keepingCapacity: true)
        writer.write(.object(document.record(includeText: includeText)))
        writer.bytes.append(0x0A)
        try sink.write(writer.bytes)
    }

    public mutating func finish() throws { try sink.flush() }
}

/// Columns chosen by dotted field paths, for CSV, TSV and tables.
public struct FieldSelection: Sendable {
    public var paths: [String]

    public init(paths: [String]) { self.paths = paths }

    /// The cell text of each column: scalars as written, several values joined with "; ",
    /// objects and arrays as compact JSON.
    public func cells(for document: Document) -> [String] {
        let record = JSONValue.object(document.record())
        return paths.map { path in
            let values = record.values(atPath: path)
            return values.map(\.plainText).joined(separator: "; ")
        }
    }
}

/// Comma- or tab-separated values with a header row.
public struct DelimitedWriter: RecordWriter {
    public enum Style: Sendable { case csv, tsv }
    private let sink: OutputSink
    private let style: Style
    private let fields: FieldSelection
    private var headerWritten = false

    public init(sink: OutputSink, style: Style, fields: FieldSelection) {
        self.sink = sink
        self.style = style
        self.fields = fields
    }

    public mutating func write(_ document: Document) throws {
        if !headerWritten {
            try sink.write(line(fields.paths))
            headerWritten = true
        }
        try sink.write(line(fields.cells(for: document)))
    }

    public mutating func finish() throws { try sink.flush() }

    private func line(_ cells: [String]) -> String {
        switch style {
        case .csv: return cells.map(Self.csvEscape).joined(separator: ",") + "\r\n"
        case .tsv: return cells.map(Self.tsvEscape).joined(separator: "\t") + "\n"
        }
    }

    /// RFC 4180: quote when the cell has a comma, quote, or line break; double inner quotes.
    static func csvEscape(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }

    /// TSV has no quoting: tabs, line breaks and backslashes are written as \t, \n, \r, \\.
    static func tsvEscape(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\\" || $0 == "\r\n" }) else { return cell }
        var out = ""
        for scalar in cell.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
