import Foundation
import LectorAnalyzers
import LectorKit
import LectorPlugins
#if canImport(Glibc)
import Glibc
#endif

/// Runs the shell: at a terminal with libedit, or over script lines.
public enum Shell {
    /// A session writing to standard output and error, with the built-in analyzers and the
    /// plugins on the search path and in `plugins`.
    public static func makeSession(plugins: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment) -> Session {
        let out = OutputSink(fd: 1, capacity: 1 << 14)
        let (registry, loaded, problems) = makeRegistry(plugins: plugins, environment: environment)
        let session = Session(
            registry: registry, isTerminal: isatty(1) == 1, environment: environment,
            write: { text in try? out.write(text); try? out.flush() },
            writeError: writeToStandardError)
        session.plugins = loaded
        session.pluginProblems = problems
        for problem in problems { writeToStandardError("lector: \(problem)\n") }
        return session
    }

    /// The built-in analyzers and the plugins found on the search path and given explicitly.
    public static func makeRegistry(plugins: [String], environment: [String: String]) -> (AnalyzerRegistry, [LoadedPlugin], [String]) {
        var registry = BuiltInAnalyzers.registry()
        let (loaded, problems) = PluginLoader.loadAll(
            explicit: plugins, environment: environment, into: &registry, diagnostics: { writeToStandardError($0 + "\n") })
        return (registry, loaded, problems)
    }

    @Sendable static func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// The interactive loop. Returns the exit status.
    public static func interactive(_ session: Session) -> Int32 {
        installInterruptHandler()
        var completer = Completer(
            registry: session.registry, documentIDs: { session.idsForCompletion }, fields: { session.knownFields },
            currentDirectory: FileManager.default.currentDirectoryPath)
        let editor = LineEditor(historyPath: LineEditor.defaultHistoryPath(environment: session.environment)) { completer.complete($0) }
        session.editor = editor
        if session.isTerminal { session.pager = { [environment = session.environment] in Pager.show($0, environment: environment) } }
        session.write("Lector \(LectorVersion.string) — `help` for commands, Tab to complete, Ctrl-D to leave.\n")
        while !session.wantsToQuit {
            switch editor.readLine(prompt: "lector> ") {
            case .endOfInput:
                session.write("\n")
                return 0
            case .interrupted:
                session.write("^C\n")
            case .line(var line):
                // A line that ends in '|' or '\' goes on on the next.
                var abandoned = false
                while let joined = Self.continuing(line) {
                    guard case .line(let next) = editor.readLine(prompt: "   ...> ") else { abandoned = true; break }
                    line = joined + next
                }
                if abandoned { session.write("^C\n"); continue }
                editor.remember(line)
                do {
                    try session.run(line: line)
                } catch {
                    session.writeError(session.describe(error, line: line))
                }
                completer.registry = session.registry  // `plugin load` adds analyzers
            }
        }
        return 0
    }

    /// Runs lines as a script: stops at the first error (status 1) unless `keepGoing`.
    /// The line so far when `line` goes on on the next (it ends in `|`, or in `\`, which is
    /// dropped); nil when it is whole. A comment never goes on.
    static func continuing(_ line: String) -> String? {
        let trimmed = line.trimmingWhitespace()
        guard !trimmed.hasPrefix("#") else { return nil }
        if trimmed.hasSuffix("\\") { return String(trimmed.dropLast()) + " " }
        if trimmed.hasSuffix("|") { return trimmed + " " }
        return nil
    }

    /// Script lines joined where one goes on on the next, each with the number of its first line.
    static func joined(_ lines: [String]) -> [(number: Int, line: String)] {
        var result: [(Int, String)] = []
        var pending: (number: Int, text: String)?
        for (index, line) in lines.enumerated() {
            let text = (pending?.text ?? "") + line
            let number = pending?.number ?? index + 1
            if let head = continuing(text) { pending = (number, head) } else { result.append((number, text)); pending = nil }
        }
        if let pending { result.append((pending.number, pending.text)) }
        return result
    }

    public static func script(_ session: Session, lines: [String], name: String, keepGoing: Bool) -> Int32 {
        installInterruptHandler()
        var failed = false
        for (number, line) in joined(lines) {
            let location = "\(name):\(number)"
            do {
                let report: ((ShellError) -> Void)? = keepGoing ? { session.writeError(session.describe($0, line: line, location: location)) } : nil
                if try !session.run(line: line, goingOnAfter: report) { failed = true }
            } catch {
                session.writeError(session.describe(error, line: line, location: location))
                failed = true
                if !keepGoing { return 1 }
            }
            if session.wantsToQuit { break }
        }
        return failed ? 1 : 0
    }
}

public enum LectorVersion {
    public static let string = "0.2.0"
}
