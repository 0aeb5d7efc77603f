import Foundation
import LectorTestSupport

/// Runs the built `lector` binary, as a user would.
struct LectorBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static let path = TestPaths.lectorBinary
    /// The repository root, for the bundled examples.
    static let repository = TestPaths.repository

    /// Runs `lector` through `/bin/sh -c SCRIPT`, with `$0` the binary and `$1`... `arguments`
    /// (for a redirection or a limit set with ulimit).
    static func run(shell script: String, arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, path] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: errors, as: UTF8.self))
    }

    static func run(_ arguments: [String], stdin: String? = nil, directory: String? = nil, environment extra: [String: String] = [:]) throws -> Result {
        ignoreBrokenPipes()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? repository)
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "100"
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let writer = Thread {
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(err.fileHandleForReading)
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// A child that exits before reading all its input must not kill the test process.
func ignoreBrokenPipes() {
    signal(SIGPIPE, SIG_IGN)
}

/// Reads a pipe on another thread, so a full stderr cannot block the child.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }
    func wait() -> Data {
        done.wait()
        return data
    }
}
