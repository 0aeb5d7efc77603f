/// The JSONL record of a document (DESIGN.md): the one definition of its fields, read by the
/// writers, the shell's field lookup and process plugins.
///
/// Fields, in order: `id`, `source`, `parent`, `text`, the input's other fields, `input`, each
/// annotation, `errors`. An input field whose name the record uses itself (an annotation's name,
/// or `id`, `source`, `parent`, `text`) is not lost: it moves aside into the `input` object, so
/// `"language": "xx"` in the input and a `language` annotation give `language` (the annotation)
/// and `input.language` ("xx"). The input's own `errors` come before the new ones.
public struct Record {
    public let document: Document
    /// Whether `text` is one of the fields (`--no-text` leaves it out).
    public let includeText: Bool

    public init(_ document: Document, includeText: Bool = true) {
        self.document = document
        self.includeText = includeText
    }

    /// How the record uses one of the input's fields.
    private enum Placement { case kept, ownField, movedAside }

    private func placement(of key: String, _ value: JSONValue) -> Placement {
        switch key {
        case "id": return keepsInputID ? .ownField : .movedAside
        case "errors": return value.arrayValue != nil ? .ownField : .movedAside
        case "input": return value.objectValue != nil ? .ownField : .movedAside
        case "source", "parent", "text": return .movedAside
        default: return document.annotations.contains(key) ? .movedAside : .kept
        }
    }

    /// Whether the input's `id` (a number, kept in the metadata) is still the document's id.
    private var keepsInputID: Bool {
        guard !document.metadata.isEmpty, let original = document.metadata["id"] else { return false }
        return Self.idText(original) == document.id
    }

    /// The text of a numeric id as `Document.id` holds it; nil for values that cannot be ids.
    static func idText(_ value: JSONValue) -> String? {
        switch value {
        case .int(let number): return String(number)
        case .double: return value.asReadJSONText
        default: return nil
        }
    }

    /// The `id` field: the input's own JSON value (a number stays a number), else the id as a string.
    public var id: JSONValue {
        if keepsInputID, let original = document.metadata["id"] { return original }
        return .string(document.id)
    }

    /// The `errors` field: the input's errors, then the analyzers' failures; nil when there are none.
    public var errors: JSONValue? {
        if document.errors.isEmpty && document.metadata.isEmpty { return nil }
        var values = document.errors.map(\.jsonValue)
        if case .array(let earlier)? = document.metadata["errors"] { values = earlier + values }
        return values.isEmpty ? nil : .array(values)
    }

    /// The `input` field: the input's own `input` object, with the input fields that moved aside
    /// added (an `input.NAME` already there wins: it holds the original input's value when a
    /// record is analysed again); nil when there is neither.
    public var input: JSONObject? { placeInputFields().input }

    /// Names of the input fields that moved aside into `input` in this record.
    public var movedInputFields: [String] { placeInputFields().moved }

    /// Places each input field in one pass: `kept` gets the fields the record keeps under their
    /// own names, in order; the result is the `input` object and the names moved into it.
    private func placeInputFields(kept: (String, JSONValue) -> Void = { _, _ in }) -> (input: JSONObject?, moved: [String]) {
        let own = document.metadata["input"]?.objectValue
        var object = own ?? [:]
        var moved: [String] = []
        for (key, value) in document.metadata {
            switch placement(of: key, value) {
            case .kept: kept(key, value)
            case .movedAside where object[key] == nil:
                object[key] = value
                moved.append(key)
            case .movedAside, .ownField: break
            }
        }
        return (own == nil && moved.isEmpty ? nil : object, moved)
    }

    /// Each field in order; annotations as their typed values, for writers that let a value write
    /// its own JSON.
    public func forEachField(_ body: (String, JSONValue) -> Void, annotation: (String, any AnnotationValue) -> Void) {
        body("id", id)
        body("source", .string(document.source.description))
        if let parentID = document.parentID { body("parent", .string(parentID)) }
        if includeText { body("text", .string(document.text)) }
        // Text and lines inputs carry no fields of their own: the common case skips the placement.
        if !document.metadata.isEmpty, let input = placeInputFields(kept: body).input {
            body("input", .object(input))
        }
        document.annotations.forEach(annotation)
        if let errors { body("errors", errors) }
    }

    /// Each field in order, as JSON.
    public func forEachField(_ body: (String, JSONValue) -> Void) {
        forEachField(body, annotation: { body($0, $1.jsonValue) })
    }

    /// The value of one field, or nil when the record has no such field.
    public func field(named name: String) -> JSONValue? {
        switch name {
        case "id": return id
        case "source": return .string(document.source.description)
        case "parent": return document.parentID.map(JSONValue.string)
        case "text": return includeText ? .string(document.text) : nil
        case "errors": return errors
        case "input": return input.map(JSONValue.object)
        default: return document.annotations[name] ?? document.metadata[name]
        }
    }

    /// The values at a dotted path split into components (`language.code`); arrays on the way are mapped over.
    public func values(at components: some Collection<Substring>) -> [JSONValue] {
        guard let head = components.first, let root = field(named: String(head)) else { return [] }
        let tail = components.dropFirst()
        return tail.isEmpty ? [root] : root.values(at: tail)
    }

    /// The values at a dotted path such as `language.code` or `input.language`.
    public func values(atPath path: String) -> [JSONValue] {
        values(at: path.split(separator: ".", omittingEmptySubsequences: false))
    }

    /// The record as one JSON object.
    public var object: JSONObject {
        var object = JSONObject()
        forEachField { object[$0] = $1 }
        return object
    }

    /// Writes the record as one compact JSON object. Values from the input are written as they
    /// were read, so `1.0` stays `1.0` (a float to the program reading the output), not `1`.
    public func writeJSON(into writer: inout JSONWriter) {
        writer.bytes.append(UInt8(ascii: "{"))
        var first = true
        forEachField({ key, value in
            writer.writeKey(key, first: first)
            first = false
            value.writeAsRead(into: &writer)
        }, annotation: { key, value in
            writer.writeKey(key, first: first)
            first = false
            value.writeJSON(into: &writer)
        })
        writer.bytes.append(UInt8(ascii: "}"))
    }

    /// Every field path the record has, such as `language` and `language.code`, three levels
    /// deep at most, looking into the first few objects of an array; for completion and "did you mean".
    public func forEachFieldPath(_ body: (String) -> Void) {
        func walk(_ value: JSONValue, _ path: String, depth: Int) {
            body(path)
            guard depth < 3 else { return }
            switch value {
            case .object(let object): for (key, member) in object { walk(member, path + "." + key, depth: depth + 1) }
            case .array(let items): for item in items.prefix(5) { if case .object = item { walk(item, path, depth: depth) } }
            default: break
            }
        }
        forEachField { key, value in walk(value, key, depth: 0) }
    }
}

extension Document {
    /// The document's JSONL record.
    public func record(includeText: Bool = true) -> Record { Record(self, includeText: includeText) }
}

extension JSONValue {
    /// Writes the value as compact JSON, a whole float with its `.0` (JSONWriter writes `1`,
    /// right for analyzers' scores but not for an input's own `1.0`).
    func writeAsRead(into writer: inout JSONWriter) {
        switch self {
        case .double(let value) where value.isFinite && value == value.rounded() && abs(value) < 1e15:
            writer.append(String(Int(value)) + ".0")
        case .array(let items):
            writer.writeArray(items) { $1.writeAsRead(into: &$0) }
        case .object(let object):
            writer.bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in object {
                writer.writeKey(key, first: first)
                first = false
                value.writeAsRead(into: &writer)
            }
            writer.bytes.append(UInt8(ascii: "}"))
        default:
            writer.write(self)
        }
    }

    /// Compact JSON text with whole floats written as read (`1.0`).
    var asReadJSONText: String {
        var writer = JSONWriter()
        writeAsRead(into: &writer)
        return writer.string
    }
}
