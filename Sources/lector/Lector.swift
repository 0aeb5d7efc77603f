import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LectorKit
import LectorShell

@main
struct Lector: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lector",
        abstract: "Explore and analyse news articles in many languages.",
        discussion: """
            With no arguments, starts the interactive shell (or runs commands from standard input when \
            it is not a terminal); `lector WORKSPACE.lector-db` starts it in a workspace file (created when \
            missing) that keeps the documents, their results and the history between sessions. `lector analyze --pipeline 'normalize | stats' FILES...` runs a batch; \
            `lector analyzers` lists the analyzers, `lector plugins` the plugins, and \
            `lector plugin new NAME` writes a plugin skeleton.
            """,
        version: LectorVersion.string,
        subcommands: [Analyze.self, ListAnalyzers.self, Train.self, Evaluate.self, RunScript.self, ListPlugins.self, PluginCommand.self]
    )

    @Option(name: .customShort("c"), help: "Run one line of shell commands (separate several with ';') and exit.")
    var command: String?

    @Flag(help: "With -c, `run` or commands on standard input: go on after an error (the exit status is still 1).")
    var keepGoing = false

    @OptionGroup var pluginOptions: PluginOptions

    /// The workspace named first on the command line (`lector WORKSPACE.lector-db [-c ...]`). It is
    /// taken out before the parser sees the arguments: an operand on the root command would take
    /// the subcommands' names too.
    nonisolated(unsafe) static var workspace: String?

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, first.hasSuffix(".\(workspaceExtension)") {
            workspace = first
            arguments.removeFirst()
        } else if let first = arguments.first, let error = unknownCommand(first) {
            exit(withError: error)
        }
        main(arguments)
    }

    static let workspaceExtension = "lector-db"

    /// The error for a first argument that is meant as a command but names none (`analyse`), with
    /// the closest command: the parser alone only says "Unexpected argument". The root command
    /// takes no operands, but an option or a file that exists is left to the parser, so that a
    /// root command that one day takes files still gets them.
    static func unknownCommand(_ word: String) -> ValidationError? {
        guard !word.hasPrefix("-"), !FileManager.default.fileExists(atPath: word) else { return nil }
        let names = configuration.subcommands.flatMap { [$0._commandName] + $0.configuration.aliases } + ["help"]
        guard !names.contains(word) else { return nil }
        let hint = closestMatch(to: word, in: names).map { "did you mean '\($0)'?" }
            ?? "the commands are " + names.joined(separator: ", ")
        return ValidationError("unknown command '\(word)'; \(hint)")
    }

    func run() throws {
        let session = Shell.makeSession(plugins: pluginOptions.plugins)
        if let workspace = Self.workspace {
            do {
                try session.open(path: workspace)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
        let status: Int32
        if let command {
            status = Shell.script(session, lines: [command], name: "-c", keepGoing: keepGoing)
        } else if isatty(0) == 1 {
            status = Shell.interactive(session)
        } else {
            var lines: [String] = []
            while let line = readLine() { lines.append(line) }
            status = Shell.script(session, lines: lines, name: "stdin", keepGoing: keepGoing)
        }
        // Ends here, without freeing the corpus document by document: a million of them took
        // seconds to free, after everything was done (the workspace file has its own copy).
        Glibc.exit(status)
    }
}

struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a file of shell commands; stop at the first error unless --keep-going.")

    @Argument(help: "The script: one command per line, # for comments.")
    var file: String

    /// `--keep-going` is declared once, on `lector`, for -c, standard input and scripts alike.
    @ParentCommand var lector: Lector

    @OptionGroup var pluginOptions: PluginOptions

    func run() throws {
        let session = Shell.makeSession(plugins: pluginOptions.plugins + lector.pluginOptions.plugins)
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("\(file): no such file")
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("\(file): not UTF-8 text")
            throw ExitCode(1)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        Glibc.exit(Shell.script(session, lines: lines, name: file, keepGoing: lector.keepGoing))
    }
}

/// Writes a diagnostic line to standard error.
func printError(_ message: String) {
    var line = "lector: \(message)\n"
    line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}
