import CPTY
import Foundation
import LectorTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `lector` running on a pseudo-terminal, driven by keystrokes, as a person would use it.
final class TerminalSession {
    let pid: pid_t
    let master: Int32
    private(set) var output = ""
    private var exitStatus: Int32?

    static let binary = TestPaths.lectorBinary
    static let repository = TestPaths.repository

    init(historyFile: String, arguments: [String] = [], columns: UInt16 = 100, environment extra: [String] = ["LECTOR_PAGER="]) throws {
        let argv = ([Self.binary] + arguments).map { strdup($0) } + [nil]
        let environment = ["TERM=xterm", "LANG=C.UTF-8", "LECTOR_HISTORY=\(historyFile)", "HOME=\(NSTemporaryDirectory())", "NO_COLOR=1"] + extra
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var master: Int32 = -1
        pid = cpty_spawn(Self.binary, argv, envp, Self.repository, columns, 30, &master)
        guard pid > 0 else { throw TerminalError(message: "could not start \(Self.binary) on a pseudo-terminal") }
        self.master = master
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if exitStatus == nil { kill(pid, SIGKILL); _ = waitForExit(timeout: 2) }
        close(master)
    }

    func send(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = Glibc.write(master, buffer.baseAddress, buffer.count) }
    }

    static let up = "\u{1B}[A", tab = "\t", ctrlC = "\u{03}", ctrlD = "\u{04}", enter = "\r"

    /// Reads until `text` appears after `position` (escape sequences removed), or fails after `timeout`.
    @discardableResult
    func waitFor(_ text: String, after position: String.Index? = nil, timeout: TimeInterval = 10) throws -> String.Index {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            pump()
            let plain = Self.stripEscapes(output)
            let start = position.map { min($0, plain.endIndex) } ?? plain.startIndex
            if let range = plain[start...].range(of: text) {
                return range.upperBound
            }
            if Date() > deadline {
                throw TerminalError(message: "timed out waiting for \(text.debugDescription); the screen had:\n\(plain.suffix(1500))")
            }
            usleep(20_000)
        }
    }

    var plainOutput: String { pump(); return Self.stripEscapes(output) }

    private func pump() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { break }
            output += String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    /// The exit status, once the program has ended (nil if it is still running at `timeout`).
    /// Ctrl-D at the prompt, sent again if the shell has not left after a while (a key sent
    /// just as libedit switches the terminal to raw mode can be flushed on a busy machine).
    func leaveWithCtrlD() -> Int32? {
        for _ in 0..<3 {
            send(Self.ctrlD)
            if let status = waitForExit(timeout: 4) { return status }
        }
        return nil
    }

    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            pump()
            if waitpid(pid, &status, WNOHANG) == pid {
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                return code
            }
            usleep(20_000)
        }
        return nil
    }

    static func stripEscapes(_ text: String) -> String {
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
                }
                continue
            }
            if scalar == "\r" || scalar == "\u{07}" || scalar == "\u{2068}" || scalar == "\u{2069}" { continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

struct TerminalError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
