/// Where an analyzer came from, shown by `lector analyzers` and `lector plugins`.
public enum AnalyzerOrigin: Sendable, Hashable, CustomStringConvertible {
    case builtIn
    case plugin(path: String)

    public var description: String {
        switch self {
        case .builtIn: return "built-in"
        case .plugin(let path): return path
        }
    }
}

/// Maps analyzer names to factories: built-ins first, then plugins.
public struct AnalyzerRegistry: Sendable {
    public struct Entry: Sendable {
        public var factory: AnalyzerFactory
        public var origin: AnalyzerOrigin
        public var descriptor: AnalyzerDescriptor { factory.descriptor }
    }

    private var entries: OrderedDictionary<String, Entry> = [:]

    public init() {}

    /// Adds an analyzer. A name already taken is an error that says by whom.
    public mutating func register(_ factory: AnalyzerFactory, origin: AnalyzerOrigin = .builtIn) throws {
        let name = factory.descriptor.name
        guard Self.isValidName(name) else {
            throw RegistryError(message: "'\(name)' is not a valid analyzer name (letters, digits, '-' and '_', starting with a letter)")
        }
        var optionNames: Set<String> = []
        if let twice = factory.descriptor.options.first(where: { !optionNames.insert($0.name).inserted }) {
            throw RegistryError(message: "'\(name)' declares option '\(twice.name)' twice")
        }
        if let existing = entries[name] {
            throw RegistryError(message: "an analyzer named '\(name)' is already registered (\(existing.origin))")
        }
        entries[name] = Entry(factory: factory, origin: origin)
    }

    public mutating func register<A: Analyzer>(_ type: A.Type, origin: AnalyzerOrigin = .builtIn) throws {
        try register(AnalyzerFactory(type), origin: origin)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    public var names: [String] { Array(entries.keys) }
    public var all: [Entry] { Array(entries.values) }

    public func entry(named name: String) -> Entry? { entries[name] }

    /// The factory for `name`; an unknown name is an error suggesting the closest ones.
    public func factory(named name: String) throws -> AnalyzerFactory {
        if let entry = entries[name] { return entry.factory }
        throw RegistryError(
            message: "unknown analyzer '\(name)'", suggestion: closestMatch(to: name, in: names))
    }

    /// Analyzers that produce the annotation `name`.
    public func producers(of name: String) -> [String] {
        entries.values.filter { $0.descriptor.produces.contains(name) }.map(\.descriptor.name)
    }
}

public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var suggestion: String?
    public init(message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }
    public var description: String {
        guard let suggestion else { return message }
        return "\(message); did you mean '\(suggestion)'?"
    }
}
