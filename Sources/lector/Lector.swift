import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import LectorAnalyzers
import LectorKit

@main
struct Lector: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lector",
        abstract: "Explore and analyse news articles in many languages.",
        discussion: """
            Run analyzers over a corpus with `lector analyze --pipeline 'normalize | stats' FILES...`; \
            list them with `lector analyzers`.
            """,
        version: LectorVersion.string,
        subcommands: [Analyze.self, ListAnalyzers.self]
    )
}

enum LectorVersion {
    static let string = "0.1.0"
}

/// Writes a diagnostic line to standard error.
func printError(_ message: String) {
    var standardError = StandardError()
    print("lector: \(message)", to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) }
    }
}
