import ArgumentParser
import LectorAnalyzers
import LectorKit
import LectorShell

struct ListAnalyzers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyzers",
        abstract: "List the analyzers, with their summaries and options."
    )

    @Flag(help: "Print each analyzer's declaration as a JSON line.")
    var json = false

    @OptionGroup var pluginOptions: PluginOptions

    func run() throws {
        let registry = pluginOptions.registry().0
        for entry in registry.all {
            print(json ? AnalyzerHelp.json(entry.descriptor, origin: entry.origin).jsonText : AnalyzerHelp.text(entry.descriptor, origin: entry.origin))
        }
    }
}
