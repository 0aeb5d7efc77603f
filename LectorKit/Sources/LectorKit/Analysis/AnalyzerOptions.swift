import Foundation

/// The type of an analyzer option, with the values it allows.
public enum OptionType: Sendable, Hashable {
    case bool
    case int(ClosedRange<Int>? = nil)
    case number(ClosedRange<Double>? = nil)
    case string
    /// One of a fixed set of words.
    case choice([String])
    /// Comma-separated words, each one of `allowed` when given.
    case list(allowed: [String]? = nil)
    /// A file that must exist (a model, a lexicon); the shell completes it like `load`.
    case path

    /// How help and error messages name the type.
    public var name: String {
        switch self {
        case .bool: return "true or false"
        case .int(let range?): return "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .int(nil): return "an integer"
        case .number(let range?): return "a number from \(JSONWriter.format(range.lowerBound)) to \(JSONWriter.format(range.upperBound))"
        case .number(nil): return "a number"
        case .string: return "text"
        case .choice(let values): return "one of " + values.joined(separator: ", ")
        case .list(let allowed?): return "a comma-separated list of " + allowed.joined(separator: ", ")
        case .list(nil): return "a comma-separated list"
        case .path: return "the path of a file"
        }
    }

    /// Values worth offering in completion and help.
    public var suggestedValues: [String] {
        switch self {
        case .bool: return ["true", "false"]
        case .choice(let values): return values
        case .list(let allowed?): return allowed
        default: return []
        }
    }
}

/// A value given to an option.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case list([String])

    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return JSONWriter.format(d)
        case .string(let s): return s
        case .list(let items): return items.joined(separator: ",")
        }
    }
}

/// One option an analyzer accepts: its name, type, default and help.
public struct OptionSpec: Sendable, Hashable {
    public var name: String
    public var type: OptionType
    public var defaultValue: OptionValue
    public var help: String

    public init(_ name: String, _ type: OptionType, default defaultValue: OptionValue, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
    }

    /// Parses the text of a value; the error says what was expected.
    public func parse(_ text: String, analyzer: String) throws -> OptionValue {
        func fail() -> OptionError {
            OptionError(
                analyzer: analyzer, option: name,
                message: "option '\(name)' of '\(analyzer)' expects \(type.name), not '\(text)'")
        }
        switch type {
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: throw fail()
            }
        case .int(let range):
            guard let value = Int(text), range?.contains(value) ?? true else { throw fail() }
            return .int(value)
        case .number(let range):
            guard let value = Double(text), value.isFinite, range?.contains(value) ?? true else { throw fail() }
            return .number(value)
        case .string:
            return .string(text)
        case .path:
            let path = OptionSpec.expandingHome(text)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw OptionError(analyzer: analyzer, option: name, message: "option '\(name)' of '\(analyzer)': no file at '\(text)'")
            }
            guard !isDirectory.boolValue else {
                throw OptionError(analyzer: analyzer, option: name, message: "option '\(name)' of '\(analyzer)': '\(text)' is a folder, not a file")
            }
            return .string(path)
        case .choice(let values):
            guard values.contains(text) else {
                var error = fail()
                error.suggestion = closestMatch(to: text, in: values)
                throw error
            }
            return .string(text)
        case .list(let allowed):
            let items = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            if let allowed, let bad = items.first(where: { !allowed.contains($0) }) {
                throw OptionError(
                    analyzer: analyzer, option: name,
                    message: "option '\(name)' of '\(analyzer)' does not allow '\(bad)'; expected \(type.name)",
                    suggestion: closestMatch(to: bad, in: allowed))
            }
            return .list(items)
        }
    }
}

extension OptionSpec {
    /// `~/x` as the user's home folder; other paths as given (relative ones to the current folder).
    static func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
        return home + path.dropFirst()
    }
}

/// A `key=value` word from a pipeline, with where it stood in the command line.
public struct OptionArgument: Sendable, Hashable {
    public var key: String
    /// nil for a bare `key`, which means `key=true` for a boolean option.
    public var value: String?
    /// Character offsets of the whole word in the pipeline text.
    public var range: Range<Int>

    public init(key: String, value: String?, range: Range<Int> = 0..<0) {
        self.key = key
        self.value = value
        self.range = range
    }
}

/// A wrong option: which analyzer, which option, what was expected.
public struct OptionError: Error, Sendable, CustomStringConvertible {
    public var analyzer: String
    public var option: String?
    public var message: String
    public var suggestion: String?
    /// Character offsets of the offending word, when known.
    public var range: Range<Int>?

    public init(analyzer: String, option: String?, message: String, suggestion: String? = nil, range: Range<Int>? = nil) {
        self.analyzer = analyzer
        self.option = option
        self.message = message
        self.suggestion = suggestion
        self.range = range
    }

    public var description: String {
        guard let suggestion else { return message }
        return "\(message) (did you mean '\(suggestion)'?)"
    }
}

/// Validated option values for one analyzer; every declared option has a value.
public struct AnalyzerOptions: Sendable, Hashable {
    public private(set) var values: [String: OptionValue]
    /// The analyzer these options are for, and the type of each of its options.
    public let analyzer: String
    private let declaredTypes: [String: OptionType]

    /// Options holding only defaults.
    public init(defaultsFor descriptor: AnalyzerDescriptor) {
        analyzer = descriptor.name
        // A name declared twice keeps its first declaration (the registry refuses such descriptors).
        values = Dictionary(descriptor.options.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
        declaredTypes = Dictionary(descriptor.options.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    }

    /// Parses `key=value` arguments; an unknown key or a wrong value is an `OptionError`.
    public init(parsing arguments: [OptionArgument], for descriptor: AnalyzerDescriptor) throws {
        self.init(defaultsFor: descriptor)
        var seen: Set<String> = []
        for argument in arguments {
            guard let spec = descriptor.option(named: argument.key) else {
                let known = descriptor.options.map(\.name)
                let list = known.isEmpty ? "it takes no options" : "its options are " + known.joined(separator: ", ")
                throw OptionError(
                    analyzer: descriptor.name, option: argument.key,
                    message: "'\(descriptor.name)' has no option '\(argument.key)'; \(list)",
                    suggestion: closestMatch(to: argument.key, in: known), range: argument.range)
            }
            guard seen.insert(argument.key).inserted else {
                throw OptionError(
                    analyzer: descriptor.name, option: argument.key,
                    message: "option '\(argument.key)' of '\(descriptor.name)' is given twice", range: argument.range)
            }
            do {
                if let text = argument.value {
                    values[spec.name] = try spec.parse(text, analyzer: descriptor.name)
                } else if spec.type == .bool {
                    values[spec.name] = .bool(true)
                } else {
                    throw OptionError(
                        analyzer: descriptor.name, option: spec.name,
                        message: "option '\(spec.name)' of '\(descriptor.name)' needs a value: \(spec.name)=<\(spec.type.name)>")
                }
            } catch var error as OptionError {
                error.range = argument.range
                throw error
            }
        }
    }

    /// The raw value of the option called `name` (for code that handles any option, such as
    /// writing a pipeline back as text); analyzers read their options through `AnalyzerOption` keys.
    public subscript(name: String) -> OptionValue? { values[name] }

    /// The value of a declared option. Reading an option the descriptor does not declare, or
    /// declares with another type, throws: an analyzer's `init` fails in every test that makes
    /// it, instead of quietly reading 0, false or "" at run time.
    public subscript<Value>(option: AnalyzerOption<Value>) -> Value {
        get throws(OptionError) {
            guard let value = values[option.name] else {
                throw OptionError(
                    analyzer: analyzer, option: option.name,
                    message: "'\(analyzer)' reads option '\(option.name)', which its descriptor does not declare")
            }
            guard declaredTypes[option.name] == option.spec.type, let typed = Value(optionValue: value) else {
                throw OptionError(
                    analyzer: analyzer, option: option.name,
                    message: "'\(analyzer)' reads option '\(option.name)' as \(option.spec.type.name), but its descriptor declares \(declaredTypes[option.name]?.name ?? "another type")")
            }
            return typed
        }
    }
}
