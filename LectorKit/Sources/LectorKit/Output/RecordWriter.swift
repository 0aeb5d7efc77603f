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

/// Turns one document into bytes. Encoders are value types safe to use on worker threads,
/// so a run can encode its output in parallel and the writing thread only copies bytes.
public protocol RecordEncoder: Sendable {
    func encode(_ document: Document, into bytes: inout [UInt8])
}

/// One JSON object per line, as DESIGN.md's record.
public struct JSONLEncoder: RecordEncoder {
    public var includeText: Bool
    public init(includeText: Bool = true) { self.includeText = includeText }

    public func encode(_ document: Document, into bytes: inout [UInt8]) {
        var writer = JSONWriter()
        swap(&writer.bytes, &bytes)
        Record(document, includeText: includeText).writeJSON(into: &writer)
        writer.bytes.append(0x0A)
        swap(&writer.bytes, &bytes)
    }
}

/// Writes records encoded by a `RecordEncoder`, with an optional header line first.
public struct EncodedRecordWriter: RecordWriter {
    public let encoder: any RecordEncoder
    private let sink: OutputSink
    private var header: String?
    private var bytes: [UInt8] = []

    public init(sink: OutputSink, encoder: any RecordEncoder, header: String? = nil) {
        self.sink = sink
        self.encoder = encoder
        self.header = header
    }

    public mutating func write(_ document: Document) throws {
        bytes.removeAll(keepingCapacity: true)
        encoder.encode(document, into: &bytes)
        try write(encoded: bytes)
    }

    /// Writes bytes that `encoder` produced elsewhere (on a worker thread).
    public mutating func write(encoded: [UInt8]) throws {
        try writeHeaderOnce()
        try sink.write(encoded)
    }

    /// Flushes; the header is written even when there were no records.
    public mutating func finish() throws {
        try writeHeaderOnce()
        try sink.flush()
    }

    /// The writer for a machine format: JSONL, or CSV/TSV with `fields` and a header line; nil for a table.
    public init?(sink: OutputSink, format: OutputFormat, fields: FieldSelection, includeText: Bool = true) {
        switch format {
        case .jsonl:
            self.init(sink: sink, encoder: JSONLEncoder(includeText: includeText))
        case .csv, .tsv:
            let encoder = DelimitedEncoder(style: format == .csv ? .csv : .tsv, fields: fields)
            self.init(sink: sink, encoder: encoder, header: encoder.headerLine)
        case .table:
            return nil
        }
    }

    private mutating func writeHeaderOnce() throws {
        guard let header else { return }
        try sink.write(header)
        self.header = nil
    }
}

/// Columns chosen by dotted field paths, for CSV, TSV and tables.
public struct FieldSelection: Sendable, Hashable {
    public var paths: [String]

    public init(paths: [String]) { self.paths = paths }

    /// The id, then each group of fields (one per analyzer) without repeats, then `text` when asked for.
    public init(summaryOf groups: [[String]], includeText: Bool) {
        var paths = ["id"]
        for field in groups.joined() where !paths.contains(field) { paths.append(field) }
        self.init(paths: includeText ? paths + ["text"] : paths)
    }

    /// The cell text of each column: scalars as written, several values joined with "; ",
    /// objects and arrays as compact JSON.
    public func cells(for document: Document) -> [String] {
        let record = Record(document)
        return paths.map { path in
            let values = record.values(atPath: path)
            return values.map(\.plainText).joined(separator: "; ")
        }
    }
}

/// Comma- or tab-separated values; the header row comes from `headerLine`.
public struct DelimitedEncoder: RecordEncoder {
    public enum Style: Sendable { case csv, tsv }
    public let style: Style
    public let fields: FieldSelection

    public init(style: Style, fields: FieldSelection) {
        self.style = style
        self.fields = fields
    }

    public var headerLine: String { line(fields.paths) }

    public func encode(_ document: Document, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: line(fields.cells(for: document)).utf8)
    }

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
