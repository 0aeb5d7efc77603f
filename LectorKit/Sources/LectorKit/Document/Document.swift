/// One text to analyse, with everything analyzers have learned about it.
public struct Document: Sendable {
    /// Stable identifier: a file's name without extension, a JSONL record's `id`, or `name:LINE`.
    public var id: String
    /// Where the text came from.
    public var source: SourceLocation
    /// The text. Spans count Unicode scalars from its start. Rewriting it marks the annotations
    /// found so far as stale (see `Annotations.current`).
    public var text: String {
        didSet { annotations.markTextRewritten() }
    }
    /// Fields the input carried besides the text (JSONL), kept and written back out.
    public var metadata: JSONObject
    /// What analyzers have added, in the order they added it.
    public var annotations: Annotations
    /// The id of the document this one was taken from, for child documents such as ticker headlines.
    public var parentID: String?
    /// Documents an analyzer split off this one; the pipeline places them right after it.
    public var children: [Document]
    /// Analyzers that failed on this document, and why.
    public var errors: [AnalysisError]
    /// What a web page's markup says of each line of `text` (HTML input only). Not part of the
    /// record: a document read back from JSONL or a workspace has none, and `structure` then
    /// reads the lines alone.
    public var markup: PageMarkup?

    public init(
        id: String, text: String, source: SourceLocation = .none, metadata: JSONObject = [:],
        parentID: String? = nil
    ) {
        self.id = id
        self.source = source
        self.text = text
        self.metadata = metadata
        self.annotations = Annotations()
        self.parentID = parentID
        self.children = []
        self.errors = []
        self.markup = nil
    }

    /// A child document for a part of this one (a headline, a quotation...).
    /// Its id is `parentID/suffix`; its source is the parent's, at `line` when given.
    public func child(suffix: String, text: String, line: Int? = nil) -> Document {
        var source = self.source
        if let line { source.line = (self.source.line ?? 1) - 1 + line }
        return Document(id: "\(id)/\(suffix)", text: text, source: source, parentID: id)
    }

    /// Typed access to an annotation.
    public subscript<Key: AnnotationKey>(key: Key.Type) -> Key.Value? {
        get { annotations[key] }
        set { annotations[key] = newValue }
    }

    /// The typed annotation, only when it was found on the text as it is now.
    public func current<Key: AnnotationKey>(_ key: Key.Type) -> Key.Value? { annotations.current(key) }

    /// Records that `analyzer` failed on this document.
    public mutating func recordError(analyzer: String, message: String) {
        errors.append(AnalysisError(analyzer: analyzer, message: message))
    }
}

/// Where a document came from: a file, or a line of a file or of standard input.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// File path, or nil for standard input.
    public var path: String?
    /// 1-based line number, for inputs read line by line.
    public var line: Int?

    public init(path: String?, line: Int? = nil) {
        self.path = path
        self.line = line
    }

    public var isStandardInput: Bool { path == nil }

    public static let none = SourceLocation(path: "", line: nil)
    public static func standardInput(line: Int?) -> SourceLocation { SourceLocation(path: nil, line: line) }

    /// `path`, `path:LINE` or `stdin:LINE`, as in the JSONL record.
    public var description: String {
        let base = path ?? "stdin"
        guard let line else { return base }
        return "\(base):\(line)"
    }
}

/// An analyzer's failure on one document, kept in the record's `errors` field.
public struct AnalysisError: Sendable, Hashable {
    public var analyzer: String
    public var message: String

    public init(analyzer: String, message: String) {
        self.analyzer = analyzer
        self.message = message
    }

    public var jsonValue: JSONValue { ["analyzer": .string(analyzer), "message": .string(message)] }
}

/// The markup's word on each line of a page's text, as the HTML reader wrote the lines.
public struct PageMarkup: Sendable, Hashable {
    /// Per line (index = line number - 1): most of its text is inside page furniture: `nav`,
    /// `footer`, `aside`, `form`, `menu`, or an element whose class or id names furniture (nav,
    /// menu, footer, sidebar, share, social, related, comment, ad, banner, promo, newsletter,
    /// subscribe, cookie, breadcrumb, widget...).
    public var furniture: [Bool]
    /// Per line: the share of its characters inside links.
    public var linkShare: [Float]
    /// Per line: it is inside the page's main content, the element (and its siblings) where the
    /// running text is (`HTMLContent`). All true when the page has no running text to find.
    public var main: [Bool]
    /// Per line: the level of the heading element it is (1 to 6), or 0.
    public var heading: [UInt8]

    public init(furniture: [Bool] = [], linkShare: [Float] = [], main: [Bool]? = nil, heading: [UInt8]? = nil) {
        self.furniture = furniture
        self.linkShare = linkShare
        self.main = main ?? Array(repeating: true, count: furniture.count)
        self.heading = heading ?? Array(repeating: 0, count: furniture.count)
    }
}
