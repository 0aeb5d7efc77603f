import Foundation
import LectorTestSupport
import Testing

/// The batch command under faults: nothing already read is lost, duplicated or reordered, and
/// the exit status says how the run ended.
@Suite("lector analyze under faults", .serialized)
struct FaultTests {
    static let lines: String = {
        let path = NSTemporaryDirectory() + "lector-faults-\(getpid()).txt"
        if !FileManager.default.fileExists(atPath: path) {
            try? String(repeating: "Guten Morgen, wie geht es Ihnen heute? Das Wetter ist schön.\n", count: 300_000)
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        return path
    }()

    /// The records in a JSONL output, checked to be whole and to follow the input's lines from
    /// the first, each once; returns how many there are.
    func wholeRecordsInOrder(_ output: String) throws -> Int {
        var count = 0
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "a record cut short: \(line.suffix(60))")
            count += 1
            #expect(record["source"] as? String == "\(Self.lines):\(count)")
        }
        #expect(output.isEmpty || output.hasSuffix("\n"))
        return count
    }

    @Test(arguments: [(SIGTERM, 0.4), (SIGINT, 0.8), (SIGTERM, 1.3), (SIGINT, 2.0)])
    func aSignalAtAnyMomentLosesNothingAlreadyRead(signal: Int32, after delay: Double) throws {
        let outputPath = NSTemporaryDirectory() + "lector-signal-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LectorBinary.path)
        process.arguments = ["analyze", "-p", "stats", "--input", "lines", "--no-text", Self.lines]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        usleep(UInt32(delay * 1_000_000))
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try output.close()
        let written = try wholeRecordsInOrder(try String(contentsOfFile: outputPath, encoding: .utf8))
        if process.terminationStatus == 0 {
            #expect(written == 300_000)  // it finished before the signal
        } else {
            #expect(process.terminationStatus == 130)
            // Every document read before the signal was written.
            let read = try #require(stderr.split(separator: "\n").first { $0.contains("reading stopped after") }).split(separator: ":").last.flatMap { Int($0) }
            #expect(written == read, "\(stderr)")
        }
    }

    /// A FIFO named on the command line is read (a writer may come late, with a word on stderr
    /// while it is awaited), after the files before it; Ctrl-C ends a wait for a writer that
    /// never comes.
    @Test func aNamedFIFOIsReadWhenItsWriterComesAndCtrlCEndsTheWait() throws {
        let directory = NSTemporaryDirectory() + "lector-fifo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fifo = directory + "/feed"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            usleep(1_500_000)
            try? "Ein Satz aus der Leitung.\n".write(toFile: fifo, atomically: false, encoding: .utf8)
        }
        writer.start()
        let fed = try LectorBinary.run(["analyze", "-p", "stats", "--no-text", "examples/articles/de-hafen.txt", fifo])
        #expect(fed.status == 0)
        #expect(fed.lines.count == 2 && fed.lines[1].contains(#""id":"feed""#), "\(fed.stdout)")
        #expect(fed.stderr.contains("feed: a FIFO with no writer yet; waiting for one (Ctrl-C stops)"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: LectorBinary.path)
        process.arguments = ["analyze", "-p", "stats", "--no-text", fifo]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        usleep(500_000)
        let interrupted = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(interrupted) < 2)
        #expect(process.terminationStatus == 130)
    }

    /// A disk that fills, as a file size limit: an error that says so, status 1, and a file of
    /// whole records (not one cut short).
    @Test func aFullDiskEndsTheRunWithWholeRecords() throws {
        let outputPath = NSTemporaryDirectory() + "lector-full-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let result = try LectorBinary.run(shell: "ulimit -f 100; exec \"$0\" analyze -p stats --input lines \"$1\" > \"$2\"", arguments: [Self.lines, outputPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write the output: File too large; the output ends with the last whole record written"))
        let written = try wholeRecordsInOrder(try String(contentsOfFile: outputPath, encoding: .utf8))
        #expect(written > 100)
    }

    @Test func aClosedOutputEndsQuietly() throws {
        let result = try LectorBinary.run(shell: "\"$0\" analyze -p stats --input lines \"$1\" | head -c 1000 > /dev/null", arguments: [Self.lines])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }
}
