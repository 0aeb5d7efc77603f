import ArgumentParser
import Foundation
import LectorAnalyzers
import LectorKit
import LectorPlugins
import LectorShell

/// `--plugin PATH`, accepted by every command that runs analyzers.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugin"), help: ArgumentHelp(
        "Load a plugin: a Swift plugin (.so) or a process plugin's manifest (.lector-plugin). Repeatable.",
        discussion: "Plugins on LECTOR_PLUGIN_PATH and in ~/.local/share/lector/plugins load without it.",
        valueName: "path"))
    var plugins: [String] = []

    /// The built-in analyzers and every plugin; problems loading one go to standard error.
    func registry() -> (AnalyzerRegistry, [LoadedPlugin], [String]) {
        let made = Shell.makeRegistry(plugins: plugins, environment: ProcessInfo.processInfo.environment)
        for problem in made.2 { printError(problem) }
        return made
    }

    /// The pipeline `text` describes, with `where`, `sort` and `head` allowed (`lector analyze`);
    /// its warnings on standard error; an invalid one is printed with a caret under the word and
    /// ends the command with status 2.
    func batchPipeline(_ text: String) throws -> BatchPipeline {
        try checked(text, warnings: \.pipeline.warnings) { text throws(PipelineError) in try BatchPipeline(text, registry: registry().0) }
    }

    /// The same for a pipeline of analyzers only.
    func pipeline(_ text: String) throws -> Pipeline {
        try checked(text, warnings: \.warnings) { text throws(PipelineError) in try Pipeline(text, registry: registry().0) }
    }

    private func checked<T>(_ text: String, warnings: (T) -> [PipelineError], _ make: (String) throws(PipelineError) -> T) throws -> T {
        let made: T
        do {
            made = try make(text)
        } catch {
            printError("invalid pipeline: " + error.pointing(into: text))
            throw ExitCode(2)
        }
        for warning in warnings(made) { printError("warning: " + warning.pointing(into: text)) }
        return made
    }
}

struct ListPlugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List the plugins that load, their analyzers, and where each came from.")

    @OptionGroup var pluginOptions: PluginOptions

    func run() throws {
        let (_, loaded, problems) = pluginOptions.registry()
        let directories = PluginLoader.directories(environment: ProcessInfo.processInfo.environment).directories
        print("search path: " + directories.joined(separator: ":"))
        for plugin in loaded {
            print("\(plugin.analyzers.joined(separator: ", "))  \(plugin.kind.rawValue) plugin  \(plugin.path)")
        }
        if loaded.isEmpty { print("no plugins loaded") }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin", abstract: "Work with plugins.", subcommands: [New.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a plugin skeleton that builds and loads as it is.",
            discussion: "docs/plugins.md walks from here to using the analyzer in a pipeline.")

        @Argument(help: "The analyzer's name: lower-case letters, digits and '-'.")
        var name: String

        @Flag(help: "A Swift plugin (a dynamic library; the default) or a process plugin (Python, any language).")
        var kind: PluginTemplate.Kind = .swift

        @Option(help: "Where to write it (default: ./NAME).")
        var directory: String?

        @Option(help: "The LectorKit package to build against (default: the one beside this lector's build).")
        var lectorkit: String?

        func run() throws {
            let directory = self.directory ?? name
            do {
                let files = try PluginTemplate.write(
                    name: name, kind: kind, directory: directory, lectorKitPath: lectorkit ?? Self.lectorKitBesideBinary(),
                    taken: BuiltInAnalyzers.registry().names)
                for file in files { print("wrote \(file)") }
                switch kind {
                case .swift:
                    print("next: cd \(directory) && swift build -c release && lector --plugin .build/release/lib\(PluginTemplate.moduleName(name)).so")
                case .process:
                    print("next: lector --plugin \(directory)/\(name).lector-plugin")
                }
            } catch {
                printError(String(describing: error))
                throw ExitCode(1)
            }
        }

        /// `<repository>/LectorKit` when this lector runs from `<repository>/.build/...`.
        static func lectorKitBesideBinary() -> String? {
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("LectorKit/Package.swift").path
                if FileManager.default.fileExists(atPath: candidate) { return folder.appendingPathComponent("LectorKit").path }
                folder.deleteLastPathComponent()
            }
            return nil
        }
    }
}

extension PluginTemplate.Kind: EnumerableFlag {}
