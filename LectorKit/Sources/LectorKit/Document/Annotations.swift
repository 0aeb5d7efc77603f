/// A value an analyzer attaches to a document. Every value has a JSON view, which is what
/// the shell filters on, the writers export, and process plugins exchange.
public protocol AnnotationValue: Sendable {
    var jsonValue: JSONValue { get }
    /// Rebuilds the value from its JSON view (annotations read back from JSONL or sent by a plugin).
    init(jsonValue: JSONValue) throws
    /// Writes the JSON view. The default writes `jsonValue`; a value written for every
    /// document of a large run can write itself directly and skip building the tree.
    func writeJSON(into writer: inout JSONWriter)
}

extension AnnotationValue {
    public func writeJSON(into writer: inout JSONWriter) { writer.write(jsonValue) }
}

/// Names an annotation and the type of its value, like SwiftUI's environment keys.
///
/// ```swift
/// enum WordCountKey: AnnotationKey {
///     typealias Value = WordCount
///     static let name = "wordcount"
/// }
/// document[WordCountKey.self] = WordCount(words: 12)
/// ```
public protocol AnnotationKey {
    associatedtype Value: AnnotationValue
    /// The field name in the JSONL record, and the name `requires`/`produces` use.
    static var name: String { get }
}

/// The error thrown when an annotation's JSON view does not have the shape its type expects.
public struct AnnotationDecodingError: Error, Sendable, CustomStringConvertible {
    public var annotation: String
    public var reason: String
    public init(annotation: String, reason: String) {
        self.annotation = annotation
        self.reason = reason
    }
    public var description: String { "annotation '\(annotation)': \(reason)" }
}

extension JSONValue: AnnotationValue {
    public var jsonValue: JSONValue { self }
    public init(jsonValue: JSONValue) { self = jsonValue }
}

/// The annotations of one document, in the order they were added.
/// There are few per document, so a small array beats a dictionary here.
public struct Annotations: Sendable {
    /// `stale`: found on an earlier version of the text, before a step rewrote it.
    private var entries: [(name: String, value: any AnnotationValue, stale: Bool)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var names: [String] { entries.map(\.name) }

    private func position(of name: String) -> Int? { entries.firstIndex { $0.name == name } }

    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The typed value. A value stored only as JSON (read from a file or sent by a process
    /// plugin) is decoded on access; nil when it is absent or has another shape.
    public subscript<Key: AnnotationKey>(key: Key.Type) -> Key.Value? {
        get {
            guard let index = position(of: Key.name) else { return nil }
            let value = entries[index].value
            if let typed = value as? Key.Value { return typed }
            return try? Key.Value(jsonValue: value.jsonValue)
        }
        set { set(Key.name, newValue) }
    }

    /// The typed value, only when it was found on the text as it is now: nil when a step
    /// rewrote the text after it (its spans and any state it carries would point at the wrong
    /// characters). Analyzers that reuse another's work read it this way.
    public func current<Key: AnnotationKey>(_ key: Key.Type) -> Key.Value? {
        guard let index = position(of: Key.name), !entries[index].stale else { return nil }
        return self[key]
    }

    /// Whether the annotation called `name` was found before the text was last rewritten.
    public func isStale(_ name: String) -> Bool {
        position(of: name).map { entries[$0].stale } ?? false
    }

    /// Marks every annotation as found on an earlier text (the document's text was rewritten).
    mutating func markTextRewritten() {
        for index in entries.indices { entries[index].stale = true }
    }

    /// The JSON view of the annotation called `name`.
    public subscript(name: String) -> JSONValue? {
        get { position(of: name).map { entries[$0].value.jsonValue } }
        set { set(name, newValue) }
    }

    /// Stores `value` under `name`, replacing an earlier value; nil removes it.
    public mutating func set(_ name: String, _ value: (any AnnotationValue)?) {
        let index = position(of: name)
        switch (index, value) {
        case (let index?, let value?): entries[index] = (name, value, false)
        case (nil, let value?): entries.append((name, value, false))
        case (let index?, nil): entries.remove(at: index)
        case (nil, nil): break
        }
    }

    /// Marks the annotation called `name` as found on an earlier text (a store that kept it so).
    public mutating func markStale(_ name: String) {
        if let index = position(of: name) { entries[index].stale = true }
    }

    /// Replaces every typed value by its JSON view, for a store that filters and sorts the same
    /// documents many times (typed access still works: values decode on access).
    public mutating func convertToJSON() {
        for index in entries.indices where !(entries[index].value is JSONValue) {
            entries[index].value = entries[index].value.jsonValue
        }
    }

    /// Name and value of each annotation, in order.
    public func forEach(_ body: (String, any AnnotationValue) -> Void) {
        for entry in entries { body(entry.name, entry.value) }
    }

    /// Name and JSON view of each annotation, in order.
    public var json: [(name: String, value: JSONValue)] { entries.map { ($0.name, $0.value.jsonValue) } }
}
