/// `structure` in the record: what each line of a page is, and the article (title, date,
/// byline and paragraphs) that `articleText` gives later analyzers.
public struct Structure: AnnotationValue, Equatable {
    /// What a line is.
    public enum Role: String, Sendable, CaseIterable {
        case title, dateline, byline, body, ticker, boilerplate
    }

    /// The role of one line.
    public struct LineRole: Sendable, Equatable {
        /// 1-based line of the document.
        public var line: Int
        /// What the line is.
        public var role: Role
        /// The line without its surrounding white space, in scalars of the document.
        public var span: Span

        /// The role of line `line`, which covers `span`.
        public init(line: Int, role: Role, span: Span) {
            self.line = line
            self.role = role
            self.span = span
        }
    }

    /// The article's headline.
    public var title: String?
    /// ISO 8601, from a dateline.
    public var date: String?
    /// HH:MM, when a dateline gave a time.
    public var time: String?
    /// The source or author line.
    public var byline: String?
    /// The article's paragraphs.
    public var body: [String] = []
    /// The lines taken out as page furniture.
    public var boilerplate: [String] = []
    /// Every non-blank line's role.
    public var lines: [LineRole] = []
    /// What the analyzer that built this value keeps for analyzers after it in the same run
    /// (`structure` keeps the ticker items it found, for `ticker`); not part of the record or
    /// of equality, so nil when the value was read back from JSON.
    public var runCache: (any Sendable)?

    /// No title, date or lines.
    public init() {}

    /// The article's text: its title and paragraphs (what analyzers after `structure` read).
    public var articleText: String {
        ([title].compactMap { $0 } + body).joined(separator: "\n")
    }

    /// Equal in every field of the record.
    public static func == (lhs: Structure, rhs: Structure) -> Bool {
        (lhs.title, lhs.date, lhs.time, lhs.byline) == (rhs.title, rhs.date, rhs.time, rhs.byline)
            && (lhs.body, lhs.boilerplate, lhs.lines) == (rhs.body, rhs.boilerplate, rhs.lines)
    }

    /// The record's `structure` object.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "title": title.map(JSONValue.string) ?? .null,
            "date": date.map(JSONValue.string) ?? .null,
        ]
        if let time { object["time"] = .string(time) }
        if let byline { object["byline"] = .string(byline) }
        object["body"] = .array(body.map(JSONValue.string))
        object["boilerplate"] = .array(boilerplate.map(JSONValue.string))
        object["lines"] = .array(lines.map { ["line": .int($0.line), "role": .string($0.role.rawValue), "start": .int($0.span.start), "end": .int($0.span.end)] })
        return .object(object)
    }

    /// The same JSON as `jsonValue`, written directly (a record per line makes the tree costly).
    public func writeJSON(into writer: inout JSONWriter) {
        writer.bytes.append(UInt8(ascii: "{"))
        writer.writeKey("title", first: true)
        writer.writeOptional(title)
        writer.writeKey("date", first: false)
        writer.writeOptional(date)
        if let time {
            writer.writeKey("time", first: false)
            writer.writeString(time)
        }
        if let byline {
            writer.writeKey("byline", first: false)
            writer.writeString(byline)
        }
        for (key, texts) in [("body", body), ("boilerplate", boilerplate)] {
            writer.writeKey(key, first: false)
            writer.writeArray(texts) { $0.writeString($1) }
        }
        writer.writeKey("lines", first: false)
        writer.writeArray(lines) { writer, line in
            writer.bytes.append(UInt8(ascii: "{"))
            writer.writeKey("line", first: true)
            writer.writeInt(line.line)
            writer.writeKey("role", first: false)
            writer.writeString(line.role.rawValue)
            writer.writeKey("start", first: false)
            writer.writeInt(line.span.start)
            writer.writeKey("end", first: false)
            writer.writeInt(line.span.end)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        writer.bytes.append(UInt8(ascii: "}"))
    }

    /// Reads the record's `structure` object.
    public init(jsonValue: JSONValue) throws {
        guard jsonValue["body"]?.arrayValue != nil else { throw AnnotationDecodingError(annotation: StructureKey.name, reason: "expected an object with a \"body\"") }
        title = jsonValue["title"]?.stringValue
        date = jsonValue["date"]?.stringValue
        time = jsonValue["time"]?.stringValue
        byline = jsonValue["byline"]?.stringValue
        body = jsonValue["body"]?.arrayValue?.compactMap(\.stringValue) ?? []
        boilerplate = jsonValue["boilerplate"]?.arrayValue?.compactMap(\.stringValue) ?? []
        lines = (jsonValue["lines"]?.arrayValue ?? []).compactMap { item in
            guard let line = item["line"]?.intValue, let role = item["role"]?.stringValue.flatMap(Role.init(rawValue:)),
                  let start = item["start"]?.intValue, let end = item["end"]?.intValue else { return nil }
            return LineRole(line: line, role: role, span: Span(start: start, end: end))
        }
    }
}

/// The annotation `structure` writes: `document[StructureKey.self]`.
public enum StructureKey: AnnotationKey {
    public typealias Value = Structure
    public static let name = "structure"
}

extension Document {
    /// What content analyzers (sentiment, topics, entities) read: the article's title and body
    /// when `structure` has run, else the whole text.
    public var articleText: String {
        self[StructureKey.self]?.articleText ?? text
    }
}
