@preconcurrency import CEditLine
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LectorKit

/// The interactive line reader: libedit with Emacs keys, persistent history and completion.
/// libedit's readline API keeps its state in C globals, so there is one editor per process.
public final class LineEditor {
    /// Candidates for the word before the cursor, given the line up to the cursor.
    public typealias CompletionProvider = (_ lineBeforeCursor: String) -> Completion

    public let historyPath: String?
    private var lastEntry: String?
    static let historyLimit: Int32 = 1000

    /// Sets the locale (without it libedit drops every non-ASCII character), loads the history
    /// and installs completion.
    public init(historyPath: String?, completion: @escaping CompletionProvider) {
        setlocale(LC_CTYPE, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        self.historyPath = historyPath
        completionProvider = completion
        rl_readline_name = UnsafePointer(strdup("lector"))
        rl_completer_word_break_characters = UnsafeMutablePointer(mutating: Completion.wordBreakCString)
        rl_attempted_completion_function = { text, _, _ in
            rl_attempted_completion_over = 1  // never fall back to libedit's own file names
            return rl_completion_matches(text, completionGenerator)
        }
        using_history()
        stifle_history(Self.historyLimit)
        if let historyPath {
            _ = read_history(historyPath)  // a missing file on the first run is fine
            lastEntry = history_length > 0 ? history_get(history_base + history_length - 1).flatMap { $0.pointee.line }.map { String(cString: $0) } : nil
        }
    }

    /// The next line, nil at end of input (Ctrl-D). Ctrl-C at the prompt gives `.interrupted`.
    public func readLine(prompt: String) -> LineResult {
        interruptFlag.reset()
        guard let raw = readline(prompt) else {
            if interruptFlag.isCancelled {
                interruptFlag.reset()
                return .interrupted
            }
            return .endOfInput
        }
        let line = String(cString: raw)
        free(raw)
        return .line(line)
    }

    /// Adds a line to the history (trimmed, and not when it repeats the previous one) and saves
    /// the file at once, so a crash or Ctrl-C cannot lose it.
    public func remember(_ line: String) {
        let trimmed = line.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed != lastEntry else { return }
        lastEntry = trimmed
        add_history(trimmed)
        if let historyPath {
            _ = write_history(historyPath)
            chmod(historyPath, 0o600)
        }
    }

    /// Every line in the history, oldest first.
    public var history: [String] {
        (0..<history_length).compactMap { offset in
            history_get(history_base + offset).flatMap { $0.pointee.line }.map { String(cString: $0) }
        }
    }

    /// `$LECTOR_HISTORY`, else `$XDG_STATE_HOME/lector/history` (`~/.local/state/...`),
    /// else `~/.lector_history` when that folder cannot be made.
    public static func defaultHistoryPath(environment: [String: String]) -> String? {
        if let path = environment["LECTOR_HISTORY"] { return path.isEmpty ? nil : path }
        guard let home = environment["HOME"] else { return nil }
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        let folder = state + "/lector"
        if mkdirAll(folder) { return folder + "/history" }
        return home + "/.lector_history"
    }

    private static func mkdirAll(_ path: String) -> Bool {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}

public enum LineResult: Equatable {
    case line(String)
    case interrupted
    case endOfInput
}

/// What completion offers for the word before the cursor.
public struct Completion: Equatable, Sendable {
    public var candidates: [String]
    /// Whether to add a space after a single match (not after `key=` or a folder's `/`).
    public var appendSpace: Bool

    public init(candidates: [String], appendSpace: Bool = true) {
        self.candidates = candidates
        self.appendSpace = appendSpace
    }

    /// Characters that end a word for completion: spaces, '|', '=' and quotes.
    public static let wordBreakCharacters: Set<Character> = [" ", "\t", "\n", "|", "=", "\"", "'", "("]
    nonisolated(unsafe) static let wordBreakCString: UnsafePointer<CChar> = UnsafePointer(strdup(" \t\n|=\"'("))
}

// C callbacks cannot capture context: the completion state lives in globals.
nonisolated(unsafe) private var completionProvider: LineEditor.CompletionProvider = { _ in Completion(candidates: []) }
nonisolated(unsafe) private var currentMatches: [String] = []
nonisolated(unsafe) private var matchIndex = 0

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    if state == 0 {
        let buffer = rl_line_buffer.map { String(cString: $0) } ?? ""
        let cursor = Int(rl_point)
        let before = String(decoding: Array(buffer.utf8).prefix(cursor), as: UTF8.self)
        let completion = completionProvider(before)
        currentMatches = completion.candidates
        matchIndex = 0
        rl_completion_append_character = completion.appendSpace ? 0x20 : 0
    }
    guard matchIndex < currentMatches.count else { return nil }
    defer { matchIndex += 1 }
    return strdup(currentMatches[matchIndex])  // libedit frees it
}
