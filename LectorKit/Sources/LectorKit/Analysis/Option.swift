/// A typed analyzer option: an analyzer declares each option once, as a static `Option`, lists its
/// `spec` in the descriptor, and reads the value through the same key, so the name and type
/// cannot drift apart.
///
/// ```swift
/// static let minLength = AnalyzerOption<Int>("min-length", default: 7, range: 1...100, help: "Shortest long word")
/// static let descriptor = AnalyzerDescriptor(name: "words", summary: "...", options: [minLength.spec], produces: ["words"])
/// init(options: AnalyzerOptions) throws { minimumLength = try options[Self.minLength] }
/// ```
public struct AnalyzerOption<Value: OptionValueConvertible>: Sendable {
    /// The declaration that goes into `AnalyzerDescriptor.options`.
    public let spec: OptionSpec
    public var name: String { spec.name }

    init(spec: OptionSpec) { self.spec = spec }
}

/// A Swift type an option's value reads as.
public protocol OptionValueConvertible: Sendable {
    init?(optionValue: OptionValue)
}

extension Bool: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        guard case .bool(let value) = optionValue else { return nil }
        self = value
    }
}

extension Int: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        guard case .int(let value) = optionValue else { return nil }
        self = value
    }
}

extension Double: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        switch optionValue {
        case .number(let value): self = value
        case .int(let value): self = Double(value)
        default: return nil
        }
    }
}

extension String: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        guard case .string(let value) = optionValue else { return nil }
        self = value
    }
}

extension Array: OptionValueConvertible where Element == String {
    public init?(optionValue: OptionValue) {
        guard case .list(let items) = optionValue else { return nil }
        self = items
    }
}

extension Optional: OptionValueConvertible where Wrapped == String {
    /// A path option's value: nil when it was not given.
    public init?(optionValue: OptionValue) {
        guard case .string(let path) = optionValue else { return nil }
        self = path.isEmpty ? .none : path
    }
}

extension AnalyzerOption where Value == Bool {
    public init(_ name: String, default defaultValue: Bool = false, help: String) {
        self.init(spec: OptionSpec(name, .bool, default: .bool(defaultValue), help: help))
    }
}

extension AnalyzerOption where Value == Int {
    public init(_ name: String, default defaultValue: Int, range: ClosedRange<Int>? = nil, help: String) {
        self.init(spec: OptionSpec(name, .int(range), default: .int(defaultValue), help: help))
    }
}

extension AnalyzerOption where Value == Double {
    public init(_ name: String, default defaultValue: Double, range: ClosedRange<Double>? = nil, help: String) {
        self.init(spec: OptionSpec(name, .number(range), default: .number(defaultValue), help: help))
    }
}

extension AnalyzerOption where Value == String {
    /// Free text.
    public init(_ name: String, default defaultValue: String = "", help: String) {
        self.init(spec: OptionSpec(name, .string, default: .string(defaultValue), help: help))
    }

    /// One of a fixed set of words.
    public init(_ name: String, choices: [String], default defaultValue: String, help: String) {
        precondition(choices.contains(defaultValue), "the default of option '\(name)' is not one of its choices")
        self.init(spec: OptionSpec(name, .choice(choices), default: .string(defaultValue), help: help))
    }
}

extension AnalyzerOption where Value == [String] {
    /// Comma-separated words, each one of `allowed` when given.
    public init(_ name: String, allowed: [String]? = nil, default defaultValue: [String] = [], help: String) {
        self.init(spec: OptionSpec(name, .list(allowed: allowed), default: .list(defaultValue), help: help))
    }
}

extension AnalyzerOption where Value == String? {
    /// A file such as a model (`model=PATH`): checked to exist when the pipeline is built; nil
    /// when not given.
    public init(path name: String, help: String) {
        self.init(spec: OptionSpec(name, .path, default: .string(""), help: help))
    }
}
