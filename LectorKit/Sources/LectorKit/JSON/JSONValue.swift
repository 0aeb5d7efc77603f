@_exported import OrderedCollections

/// An ordered JSON object: keys keep the order they were written in.
public typealias JSONObject = OrderedDictionary<String, JSONValue>

/// A JSON value: the common view of annotations, metadata and records.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value under `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The values at a dotted path such as `language.code` or `ticker.headline`.
    /// Arrays met on the way are mapped over, so `ticker.headline` gives every headline.
    public func values(atPath path: String) -> [JSONValue] {
        values(at: path.split(separator: ".", omittingEmptySubsequences: false))
    }

    /// The values at a path already split into components (for paths used many times).
    public func values(at components: some Collection<Substring>) -> [JSONValue] {
        // Fast path: objects all the way down, no arrays to map over.
        var value = self
        var index = components.startIndex
        while index != components.endIndex, case .object(let object) = value {
            guard let member = object[String(components[index])] else { return [] }
            value = member
            components.formIndex(after: &index)
        }
        if index == components.endIndex { return [value] }
        var current: [JSONValue] = [value]
        for component in components[index...] {
            var next: [JSONValue] = []
            for value in current { value.collect(component: component, into: &next) }
            current = next
            if current.isEmpty { break }
        }
        return current
    }

    private func collect(component: Substring, into result: inout [JSONValue]) {
        switch self {
        case .object(let object):
            if let value = object[String(component)] { result.append(value) }
        case .array(let items):
            if let index = Int(component) {
                if items.indices.contains(index) { result.append(items[index]) }
            } else {
                for item in items { item.collect(component: component, into: &result) }
            }
        default:
            break
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Compact JSON text.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.write(self)
        return writer.string
    }

    /// The value as a person reads it in a table cell: strings bare, numbers short, the rest as JSON.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONWriter.format(d)
        case .string(let s): return s
        case .array, .object: return jsonText
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Keys in a literal are distinct (a repeated key traps, as Swift's own dictionary literals do).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(uniqueKeysWithValues: elements))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}
