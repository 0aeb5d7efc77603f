import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum Terminal {
    /// The terminal's width: `COLUMNS` when set, else the size of standard output's terminal.
    public static func columns(environment: [String: String]) -> Int? {
        if let text = environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        return size().map { Int($0.ws_col) }
    }

    /// The terminal's height: `LINES` when set, else the size of standard output's terminal.
    public static func rows(environment: [String: String]) -> Int? {
        if let text = environment["LINES"], let value = Int(text), value > 0 { return value }
        return size().map { Int($0.ws_row) }
    }

    /// Standard output's terminal size, when it is a terminal that knows it.
    static func size() -> winsize? {
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return size
    }
}

/// Shows text through the user's pager: `LECTOR_PAGER`, else `PAGER`, else `less` (quitting at
/// once when the text fits, keeping colours and the screen), else `more`. An empty
/// `LECTOR_PAGER` turns paging off.
public enum Pager {
    public static func command(environment: [String: String]) -> String? {
        if let chosen = environment["LECTOR_PAGER"] ?? environment["PAGER"] { return chosen.isEmpty ? nil : chosen }
        for candidate in ["/usr/bin/less", "/bin/less"] where access(candidate, X_OK) == 0 { return "less -FRX" }
        for candidate in ["/usr/bin/more", "/bin/more"] where access(candidate, X_OK) == 0 { return "more" }
        return nil
    }

    /// Runs the pager on `text` and waits for it; false when there is none or it cannot start.
    public static func show(_ text: String, environment: [String: String]) -> Bool {
        guard let command = command(environment: environment) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        do { try process.run() } catch { return false }
        // A pager that quits early closes the pipe: the rest is not wanted.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return true
    }
}
