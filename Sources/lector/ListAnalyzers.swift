import ArgumentParser
import LectorAnalyzers
import LectorKit

struct ListAnalyzers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyzers",
        abstract: "List the analyzers, with their summaries and options."
    )

    @Flag(help: "Print each analyzer's declaration as a JSON line.")
    var json = false

    func run() throws {
        let registry = BuiltInAnalyzers.registry()
        for entry in registry.all {
            print(json ? AnalyzerHelp.json(entry.descriptor, origin: entry.origin).jsonText : AnalyzerHelp.text(entry.descriptor))
        }
    }
}

/// Help derived from an analyzer's declaration, so it is never written twice.
enum AnalyzerHelp {
    static func text(_ descriptor: AnalyzerDescriptor) -> String {
        var lines = ["\(descriptor.name) — \(descriptor.summary)"]
        if !descriptor.requires.isEmpty { lines.append("  requires: " + descriptor.requires.joined(separator: ", ")) }
        lines.append("  produces: " + descriptor.produces.joined(separator: ", "))
        for option in descriptor.options {
            lines.append("  \(option.name)=\(option.defaultValue)  \(option.help) (\(option.type.name))")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ descriptor: AnalyzerDescriptor, origin: AnalyzerOrigin) -> JSONValue {
        [
            "name": .string(descriptor.name), "summary": .string(descriptor.summary),
            "origin": .string(origin.description),
            "requires": .array(descriptor.requires.map(JSONValue.string)),
            "produces": .array(descriptor.produces.map(JSONValue.string)),
            "options": .array(descriptor.options.map { option in
                [
                    "name": .string(option.name), "type": .string(option.type.name),
                    "default": .string(option.defaultValue.description), "help": .string(option.help),
                ]
            }),
        ]
    }
}
