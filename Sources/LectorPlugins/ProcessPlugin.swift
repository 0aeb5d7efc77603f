import Foundation
import LectorKit
#if canImport(Glibc)
import Glibc
#endif

/// A process plugin: an executable in any language that speaks JSON lines on its standard
/// input and output (docs/plugins.md has the protocol). It is declared by a manifest,
/// `NAME.lector-plugin`:
///
/// ```json
/// {"name": "readability", "command": "python3", "arguments": ["readability.py"], "timeout": 30}
/// ```
///
/// The command runs in the manifest's directory. It is started when the plugin is loaded (the
/// handshake gives its descriptor) and kept alive for the whole run; batches go to it one at a
/// time. If it dies, hangs past `timeout` seconds, or breaks the protocol on a batch, it is
/// started again and each document of the batch goes to it alone, so that only the documents it
/// fails on get an error; after two failures in a row the rest of the run goes on without it.
/// Its standard error goes to the diagnostics, line by line.
final class ProcessPlugin: @unchecked Sendable {
    let manifestPath: String
    let name: String
    let command: String
    let arguments: [String]
    let directory: String
    let timeout: TimeInterval
    let diagnostics: @Sendable (String) -> Void

    /// Everything below is used under `lock`: one batch at a time goes to the process.
    private let lock = NSLock()
    private var connection: Connection?
    private var descriptor: AnalyzerDescriptor?
    private var failures = 0
    private var stoppedBecause: String?
    private var nextBatch = 1

    static let protocolVersion = 1

    init(manifestPath: String, diagnostics: @escaping @Sendable (String) -> Void) throws {
        self.manifestPath = manifestPath
        self.diagnostics = diagnostics
        func fail(_ message: String) -> PluginError { PluginError(path: manifestPath, message: message) }
        guard let data = FileManager.default.contents(atPath: manifestPath) else { throw fail("cannot read the manifest") }
        let manifest: JSONValue
        do {
            manifest = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        } catch {
            // The parser counts bytes from the start: say the line and column an editor shows.
            let before = data.prefix(max(0, error.column - 1))
            let line = before.count { $0 == 0x0A } + 1
            let column = before.count - (before.lastIndex(of: 0x0A).map { $0 - before.startIndex + 1 } ?? 0) + 1
            throw PluginError(path: "\(manifestPath):\(line):\(column)", message: "the manifest is not valid JSON: \(error.message)")
        }
        guard let name = manifest["name"]?.stringValue, !name.isEmpty else { throw fail("the manifest has no \"name\"") }
        guard let command = manifest["command"]?.stringValue, !command.isEmpty else { throw fail("the manifest has no \"command\"") }
        guard let arguments = (manifest["arguments"] ?? .array([])).arrayValue, arguments.allSatisfy({ $0.stringValue != nil }) else {
            throw fail("\"arguments\" must be an array of strings")
        }
        self.name = name
        self.command = command
        self.arguments = arguments.compactMap(\.stringValue)
        timeout = manifest["timeout"]?.doubleValue ?? 30
        directory = URL(fileURLWithPath: manifestPath).deletingLastPathComponent().path
    }

    /// Starts the process, reads its descriptor, and makes the factory the registry keeps.
    func factory() throws -> AnalyzerFactory {
        let descriptor: AnalyzerDescriptor = try lock.withLock {
            do {
                return try handshake()
            } catch {
                throw PluginError(path: manifestPath, message: String(describing: error))
            }
        }
        guard descriptor.name == name else {
            throw PluginError(path: manifestPath, message: "the manifest names '\(name)' but the plugin calls itself '\(descriptor.name)'")
        }
        return AnalyzerFactory(descriptor: descriptor) { options in
            // Each run (a pipeline at the prompt, a batch command) gets its own restart.
            self.lock.withLock {
                self.failures = 0
                self.stoppedBecause = nil
            }
            return AnalysisStep { documents in self.analyze(&documents, options: options) }
        }
    }

    /// Ends the process, if it runs.
    func stop() {
        lock.withLock {
            connection?.stop()
            connection = nil
        }
    }

    /// Starts the process if it is not running and returns its descriptor.
    private func handshake() throws -> AnalyzerDescriptor {
        if connection != nil, let descriptor { return descriptor }
        let connection = try Connection(command: command, arguments: arguments, directory: directory, name: name, diagnostics: diagnostics)
        do {
            try connection.send(["type": "hello", "protocol": .int(Self.protocolVersion)])
            let reply = try connection.receive(timeout: timeout)
            guard reply["type"]?.stringValue == "descriptor", let body = reply["descriptor"] else {
                throw ProtocolFailure.unexpected("expected {\"type\": \"descriptor\", ...} first, got \(Self.excerpt(reply))")
            }
            let found = try AnalyzerDescriptor(jsonValue: body)
            if let descriptor, descriptor.produces != found.produces || descriptor.name != found.name {
                throw ProtocolFailure.unexpected("its descriptor changed after a restart")
            }
            self.connection = connection
            descriptor = found
            return found
        } catch {
            connection.stop()
            throw error
        }
    }

    private func analyze(_ documents: inout [Document], options: AnalyzerOptions) {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor != nil else { return }
        do {
            try send(&documents, options: options)
        } catch ProtocolFailure.interrupted {
            // Ctrl-C: these documents were not analysed, and the plugin is not at fault.
            for index in documents.indices { documents[index].recordError(analyzer: name, message: PluginProcesses.interruptedMessage) }
        } catch where documents.count > 1 && stoppedBecause == nil {
            // Which document did it fail on? Each goes alone to the process started again.
            diagnostics("\(name): plugin process failed on a batch (\(error)); sending its \(documents.count) documents one at a time")
            for index in documents.indices {
                var single = [documents[index]]
                do {
                    try send(&single, options: options)
                } catch ProtocolFailure.interrupted {
                    single[0].recordError(analyzer: name, message: PluginProcesses.interruptedMessage)
                } catch {
                    fail(&single, error)
                }
                documents[index] = single[0]
            }
        } catch {
            fail(&documents, error)
        }
    }

    /// Marks documents the process failed on; after two failures in a row it is left out.
    private func fail(_ documents: inout [Document], _ error: any Error) {
        if error is Stopped {
            for index in documents.indices { documents[index].recordError(analyzer: name, message: stoppedBecause ?? "\(error)") }
            return
        }
        failures += 1
        var message = "plugin process failed: \(error)"
        if failures >= 2 {
            stoppedBecause = "plugin process stopped after failing twice in a row (last: \(error)); not analysed"
            message += "; it failed twice in a row, so the rest of this run goes on without it"
        } else {
            message += "; it will be started again"
        }
        diagnostics("\(name): \(message)")
        for index in documents.indices { documents[index].recordError(analyzer: name, message: "plugin process failed: \(error)") }
    }

    /// The plugin was left out for the rest of the run.
    struct Stopped: Error {}

    /// Sends one batch and takes the results into the documents; throws when the process fails
    /// (it is then stopped, to be started again for the next batch).
    private func send(_ documents: inout [Document], options: AnalyzerOptions) throws {
        guard let descriptor else { return }
        if stoppedBecause != nil { throw Stopped() }
        do {
            let connection = try self.connection ?? { _ = try handshake(); return self.connection! }()
            let id = nextBatch
            nextBatch += 1
            let request: JSONValue = [
                "type": "batch", "id": .int(id), "options": options.jsonValue,
                "documents": .array(documents.map { document in
                    // Protocol 1 sends the id as a string, whatever its type in the input record.
                    var item: JSONObject = ["id": .string(document.id), "text": .string(document.text)]
                    if !descriptor.requires.isEmpty {
                        item["annotations"] = .object(JSONObject(uniqueKeysWithValues: descriptor.requires.compactMap { name in
                            document.annotations[name].map { (name, $0) }
                        }))
                    }
                    return .object(item)
                }),
            ]
            try connection.send(request)
            let reply = try connection.receive(timeout: timeout)
            guard reply["type"]?.stringValue == "result", reply["id"]?.intValue == id, let results = reply["results"]?.arrayValue else {
                throw ProtocolFailure.unexpected("expected {\"type\": \"result\", \"id\": \(id), \"results\": [...]}, got \(Self.excerpt(reply))")
            }
            guard results.count == documents.count else {
                throw ProtocolFailure.unexpected("sent \(results.count) results for a batch of \(documents.count) documents")
            }
            failures = 0
            let declared = Set(descriptor.produces)
            for (index, result) in results.enumerated() {
                if let message = result["error"]?.stringValue {
                    documents[index].recordError(analyzer: name, message: message)
                    continue
                }
                guard case .object(let annotations)? = result["annotations"] else {
                    documents[index].recordError(analyzer: name, message: "its result has neither \"annotations\" nor \"error\"")
                    continue
                }
                for (key, value) in annotations {
                    if declared.contains(key) {
                        documents[index].annotations.set(key, value)
                    } else {
                        documents[index].recordError(
                            analyzer: name, message: "produced '\(key)', which it does not declare; add it to produces in its descriptor")
                    }
                }
            }
        } catch {
            self.connection?.stop()
            self.connection = nil
            throw error
        }
    }

    static func excerpt(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

enum ProtocolFailure: Error, CustomStringConvertible {
    case died(String)
    case timedOut(TimeInterval)
    case invalidJSON(String)
    case unexpected(String)
    case interrupted

    var description: String {
        switch self {
        case .interrupted: return PluginProcesses.interruptedMessage
        case .died(let detail): return "it exited (\(detail))"
        case .timedOut(let seconds): return "no answer within \(JSONWriter.format(seconds)) s; stopped it"
        case .invalidJSON(let detail): return "it sent invalid JSON: \(detail)"
        case .unexpected(let detail): return detail
        }
    }
}

/// One running plugin process: its pipes, and a thread passing its standard error on.
final class Connection: @unchecked Sendable {
    let process = Process()
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []

    init(command: String, arguments: [String], directory: String, name: String, diagnostics: @escaping @Sendable (String) -> Void) throws {
        signal(SIGPIPE, SIG_IGN)  // a plugin that dies must not take lector with it
        let program = command.contains("/")
            ? URL(fileURLWithPath: command, relativeTo: URL(fileURLWithPath: directory + "/")).standardizedFileURL.path
            : command
        // With SIGINT ignored (an ignored signal stays ignored across exec), so that Ctrl-C at
        // the terminal cancels lector's run, which keeps the plugin, instead of killing it too.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' INT; exec \"$0\" \"$@\"", program] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw ProtocolFailure.died("could not start '\(command)': \(error.localizedDescription)")
        }
        PluginProcesses.started(process.processIdentifier)
        input = dup(stdin.fileHandleForWriting.fileDescriptor)
        output = dup(stdout.fileHandleForReading.fileDescriptor)
        try? stdin.fileHandleForWriting.close()
        try? stdout.fileHandleForReading.close()
        let errors = dup(stderr.fileHandleForReading.fileDescriptor)
        try? stderr.fileHandleForReading.close()
        let reader = Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, 4096) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: chunk[0..<count])
                while let newline = pending.firstIndex(of: 10) {
                    diagnostics("\(name): " + String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { diagnostics("\(name): " + String(decoding: pending, as: UTF8.self)) }
            close(errors)
        }
        reader.start()
    }

    func send(_ value: JSONValue) throws {
        var line = value.jsonText
        line.append("\n")
        try line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(input, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ProtocolFailure.died(errno == EPIPE ? "its input is closed" : String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }

    /// The next line the plugin writes, parsed; waits at most `timeout` seconds.
    func receive(timeout: TimeInterval) throws -> JSONValue {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                do {
                    return try JSONParser.parse(line)
                } catch {
                    let shown = line.count > 80 ? String(line.prefix(80)) + "…" : line
                    throw ProtocolFailure.invalidJSON("\(error) in \(shown.debugDescription)")
                }
            }
            if PluginProcesses.stopWaiting.isCancelled { throw ProtocolFailure.interrupted }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ProtocolFailure.timedOut(timeout) }
            // A tenth of a second at a time, so that Ctrl-C stops the wait at once.
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 0.1) * 1000))
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            guard ready > 0 else { throw ProtocolFailure.died(String(cString: strerror(errno))) }
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                process.waitUntilExit()
                throw ProtocolFailure.died(process.terminationReason == .uncaughtSignal
                    ? "killed by signal \(process.terminationStatus)" : "status \(process.terminationStatus)")
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Ends the process (it may be hung) and closes the pipes.
    func stop() {
        close(input)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        PluginProcesses.ended(process.processIdentifier)
        close(output)
    }
}
