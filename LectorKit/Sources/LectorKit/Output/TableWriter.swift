/// An aligned table for people: widths by display width, long cells cut with "…",
/// right-to-left cells isolated so they cannot scramble the row on a terminal (`isolate`; text
/// for a pipe or a file gets no isolate marks).
public struct TableWriter: RecordWriter {
    private let sink: OutputSink
    private let fields: FieldSelection
    private let maxWidth: Int
    private let isolate: Bool
    /// Rows held back to measure column widths; later rows use the widths found.
    private var held: [[String]] = []
    private var widths: [Int]?
    private let sampleRows = 500

    public init(sink: OutputSink, fields: FieldSelection, maxWidth: Int = 120, isolate: Bool = true) {
        self.sink = sink
        self.fields = fields
        self.maxWidth = max(20, maxWidth)
        self.isolate = isolate
    }

    public mutating func write(_ document: Document) throws {
        let cells = fields.cells(for: document).map { Self.singleLine(Self.clipped($0, maxWidth)) }
        if let widths {
            try sink.write(Self.render(cells, widths: widths, isolate: isolate))
        } else {
            held.append(cells)
            if held.count >= sampleRows { try flushHeld() }
        }
    }

    public mutating func finish() throws {
        try flushHeld()
        try sink.flush()
    }

    private mutating func flushHeld() throws {
        guard widths == nil else { return }
        let header = fields.paths
        let widths = Self.fitWidths(header: header, rows: held, maxWidth: maxWidth)
        self.widths = widths
        try sink.write(Self.render(Self.abbreviated(header, widths: widths), widths: widths, isolate: isolate))
        try sink.write(Self.rule(widths))
        for row in held { try sink.write(Self.render(row, widths: widths, isolate: isolate)) }
        held = []
    }

    /// Natural widths, then the widest columns shrunk one column at a time until the row fits
    /// `maxWidth`: first down to their widest value (at most 30, or 16 columns of header), then
    /// headers give way to the values under them, and only then the values themselves.
    public static func fitWidths(header: [String], rows: [[String]], maxWidth: Int) -> [Int] {
        var content = header.map { _ in 1 }
        for row in rows {
            for (index, cell) in row.enumerated() where index < content.count {
                content[index] = max(content[index], DisplayWidth.of(cell))
            }
        }
        var widths = zip(header, content).map { max(DisplayWidth.of($0), $1) }
        let separators = 2 * max(0, widths.count - 1)
        // Long values (a text column) may shrink to 30 columns before any header is cut.
        let claimed = content.map { min($0, 30) }
        let floors = [
            zip(header, claimed).map { max($1, min(DisplayWidth.of($0), 16)) },
            claimed.map { max($0, 4) },
            widths.map { _ in 4 },
        ]
        for floor in floors {
            while widths.reduce(0, +) + separators > maxWidth {
                guard let widest = widths.indices.filter({ widths[$0] > floor[$0] }).max(by: { widths[$0] < widths[$1] })
                else { break }
                widths[widest] -= 1
            }
        }
        return widths
    }

    /// A whole table as text: header, rule, rows, fitted to `maxWidth`.
    public static func format(header: [String], rows: [[String]], maxWidth: Int, isolate: Bool = true) -> String {
        let rows = rows.map { $0.map { singleLine(clipped($0, maxWidth)) } }
        let widths = fitWidths(header: header, rows: rows, maxWidth: maxWidth)
        var text = render(abbreviated(header, widths: widths), widths: widths, isolate: isolate)
        text += rule(widths)
        for row in rows { text += render(row, widths: widths, isolate: isolate) }
        return text
    }

    /// A cell no wider than a row can show, read no further (a text may be 100 MB on one line).
    static func clipped(_ text: String, _ maxWidth: Int) -> String {
        text.utf8.count > 4 * maxWidth ? String(text.prefix(maxWidth + 1)) : text
    }

    /// Headers that do not fit their column with the leading parts of a dotted path cut to
    /// their first letter (`language.confidence` → `l.confidence`), so that headers cut with "…"
    /// are still told apart by their last part.
    static func abbreviated(_ header: [String], widths: [Int]) -> [String] {
        zip(header, widths).map { name, width in
            guard DisplayWidth.of(name) > width, name.contains(".") else { return name }
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            return (parts.dropLast().map { String($0.prefix(1)) } + [String(parts.last!)]).joined(separator: ".")
        }
    }

    static func rule(_ widths: [Int]) -> String {
        widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
    }

    public static func render(_ cells: [String], widths: [Int], isolate: Bool = true) -> String {
        var line = ""
        for (index, width) in widths.enumerated() {
            let cell = index < cells.count ? DisplayWidth.truncate(cells[index], to: width) : ""
            let padding = width - DisplayWidth.of(cell)
            let isLast = index == widths.count - 1
            line += isolate ? bidiIsolated(cell) : cell
            if !isLast { line += String(repeating: " ", count: padding) + "  " }
        }
        return line + "\n"
    }

    /// Line breaks and tabs become spaces: a table row is one line.
    public static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
