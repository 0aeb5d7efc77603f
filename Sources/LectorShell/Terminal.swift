#if canImport(Glibc)
import Glibc
#endif

public enum Terminal {
    /// The terminal's width: `COLUMNS` when set, else the size of standard output's terminal.
    public static func columns(environment: [String: String]) -> Int? {
        if let text = environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
