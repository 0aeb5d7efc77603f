/// An analyzer's declaration as JSON: what `lector analyzers --json` prints and what a
/// process plugin sends in its handshake (docs/plugins.md). Options carry their type as a
/// word (`bool`, `int`, `number`, `string`, `choice`, `list`, `path`), their typed default, and
/// `min`/`max` or `values` when they have them.
extension AnalyzerDescriptor {
    public var jsonValue: JSONValue {
        var object: JSONObject = ["name": .string(name), "summary": .string(summary)]
        if !discussion.isEmpty { object["discussion"] = .string(discussion) }
        object["requires"] = .array(requires.map(JSONValue.string))
        object["produces"] = .array(produces.map(JSONValue.string))
        if !summaryFields.isEmpty { object["summary_fields"] = .array(summaryFields.map(JSONValue.string)) }
        if producesSpans { object["spans"] = true }
        if rewritesText { object["rewrites_text"] = true }
        if readsWholeCorpus { object["corpus"] = true }
        object["options"] = .array(options.map(\.jsonValue))
        return .object(object)
    }

    /// Reads a declaration; the error names the field that is missing or wrong.
    public init(jsonValue: JSONValue) throws {
        func fail(_ message: String) -> DescriptorError { DescriptorError(message: message) }
        guard case .object = jsonValue else { throw fail("the descriptor is not a JSON object") }
        guard let name = jsonValue["name"]?.stringValue, !name.isEmpty else { throw fail("the descriptor has no \"name\"") }
        guard let summary = jsonValue["summary"]?.stringValue else { throw fail("'\(name)': the descriptor has no \"summary\"") }
        func strings(_ key: String) throws -> [String] {
            guard let value = jsonValue[key] else { return [] }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw fail("'\(name)': \"\(key)\" must be an array of strings")
            }
            return items.compactMap(\.stringValue)
        }
        let produces = try strings("produces")
        guard !produces.isEmpty else { throw fail("'\(name)': \"produces\" must name at least one annotation") }
        let options = try (jsonValue["options"]?.arrayValue ?? []).map { try OptionSpec(jsonValue: $0, analyzer: name) }
        let spans = jsonValue["spans"] ?? false
        guard let producesSpans = spans.boolValue else { throw fail("'\(name)': \"spans\" must be true or false") }
        // A process plugin returns annotations only; it cannot rewrite the text.
        self.init(
            name: name, summary: summary, discussion: jsonValue["discussion"]?.stringValue ?? "", options: options,
            requires: try strings("requires"), produces: produces, summaryFields: try strings("summary_fields"),
            producesSpans: producesSpans)
    }
}

public struct DescriptorError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension OptionSpec {
    public var jsonValue: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        switch type {
        case .bool: object["type"] = "bool"
        case .int(let range):
            object["type"] = "int"
            if let range { object["min"] = .int(range.lowerBound); object["max"] = .int(range.upperBound) }
        case .number(let range):
            object["type"] = "number"
            if let range { object["min"] = .double(range.lowerBound); object["max"] = .double(range.upperBound) }
        case .string: object["type"] = "string"
        case .path: object["type"] = "path"
        case .choice(let values):
            object["type"] = "choice"
            object["values"] = .array(values.map(JSONValue.string))
        case .list(let allowed):
            object["type"] = "list"
            if let allowed { object["values"] = .array(allowed.map(JSONValue.string)) }
        }
        object["default"] = defaultValue.jsonValue
        object["expects"] = .string(type.name)
        object["help"] = .string(help)
        return .object(object)
    }

    init(jsonValue: JSONValue, analyzer: String) throws {
        func fail(_ message: String) -> DescriptorError { DescriptorError(message: "'\(analyzer)': \(message)") }
        guard let name = jsonValue["name"]?.stringValue, !name.isEmpty else { throw fail("an option has no \"name\"") }
        let values = jsonValue["values"]?.arrayValue?.compactMap(\.stringValue)
        let type: OptionType
        switch jsonValue["type"]?.stringValue {
        case "bool": type = .bool
        case "int":
            if let low = jsonValue["min"]?.intValue, let high = jsonValue["max"]?.intValue, low <= high { type = .int(low...high) } else { type = .int(nil) }
        case "number":
            if let low = jsonValue["min"]?.doubleValue, let high = jsonValue["max"]?.doubleValue, low <= high { type = .number(low...high) } else { type = .number(nil) }
        case "string": type = .string
        case "path": type = .path
        case "choice":
            guard let values, !values.isEmpty else { throw fail("option '\(name)' is a choice without \"values\"") }
            type = .choice(values)
        case "list": type = .list(allowed: values)
        case let other:
            throw fail("option '\(name)' has type \(other.map { "'\($0)'" } ?? "missing"); use bool, int, number, string, choice, list or path")
        }
        let defaultValue: OptionValue
        switch (type, jsonValue["default"]) {
        case (.bool, .bool(let value)?): defaultValue = .bool(value)
        case (.int, let value?) where value.intValue != nil: defaultValue = .int(value.intValue!)
        case (.number, let value?) where value.doubleValue != nil: defaultValue = .number(value.doubleValue!)
        case (.string, .string(let value)?), (.choice, .string(let value)?), (.path, .string(let value)?): defaultValue = .string(value)
        case (.path, nil): defaultValue = .string("")
        case (.list, .array(let items)?): defaultValue = .list(items.compactMap(\.stringValue))
        default: throw fail("option '\(name)' needs a \"default\" of its type (\(type.name))")
        }
        self.init(name, type, default: defaultValue, help: jsonValue["help"]?.stringValue ?? "")
    }
}

extension OptionValue {
    /// The value as JSON: booleans, numbers, strings and arrays of strings.
    public var jsonValue: JSONValue {
        switch self {
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .number(let value): return .double(value)
        case .string(let value): return .string(value)
        case .list(let items): return .array(items.map(JSONValue.string))
        }
    }
}

extension AnalyzerOptions {
    /// Every option's value, as the JSON object a process plugin receives.
    public var jsonValue: JSONValue {
        .object(JSONObject(uniqueKeysWithValues: values.sorted { $0.key < $1.key }.map { ($0.key, $0.value.jsonValue) }))
    }
}
