import Foundation
import LectorTestSupport
import Testing

/// The example plugins in Plugins/, built and loaded as a user would.
@Suite("plugins, end to end", .serialized)
struct PluginTests {
    /// Builds Plugins/Quotes (its own package) once; the path of the library.
    /// An incremental build can fail after LectorKit gains or loses files (SwiftPM reuses a stale
    /// build plan of the path dependency), so a failed build is tried once more with the plan
    /// removed before its output is reported. A fresh clone builds at the first try.
    static let quotesLibrary: Result<String, Error> = Result {
        let package = TestPaths.repository + "/Plugins/Quotes"
        var output = ""
        for _ in 1...2 {
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = ["swift", "build", "--package-path", package]
            let pipe = Pipe()
            build.standardOutput = pipe
            build.standardError = pipe
            try build.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            build.waitUntilExit()
            if build.terminationStatus == 0 { return package + "/.build/debug/libLectorQuotesPlugin.so" }
            output = String(decoding: data, as: UTF8.self)
            for stale in ["debug.yaml", "build.db"] { try? FileManager.default.removeItem(atPath: package + "/.build/" + stale) }
        }
        throw PluginBuildFailure(output: output)
    }

    struct PluginBuildFailure: Error, CustomStringConvertible {
        var output: String
        var description: String { "swift build of Plugins/Quotes failed:\n" + output.suffix(3000) }
    }

    @Test(.timeLimit(.minutes(10)))
    func theSwiftExampleBuildsLoadsAndRuns() throws {
        let library = try Self.quotesLibrary.get()
        let result = try LectorBinary.run(
            ["analyze", "--plugin", library, "-p", "quotes", "--no-text", "-"], stdin: "„Wir sind bereit“, sagte die Ministerin.\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""quotes":[{"text":"Wir sind bereit","start":0,"end":17,"speaker":"die Ministerin","verb":"sagte"}]"#))
    }

    @Test(.timeLimit(.minutes(10)))
    func pluginsOnTheSearchPathLoadAndHelpAndCompletionKnowThem() throws {
        let library = try Self.quotesLibrary.get()
        let directory = NSTemporaryDirectory() + "lector-plugin-path-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: library, toPath: directory + "/libLectorQuotesPlugin.so")
        let environment = ["LECTOR_PLUGIN_PATH": directory, "XDG_DATA_HOME": directory + "/none"]
        let listed = try LectorBinary.run(["plugins"], environment: environment)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("quotes  swift plugin  \(directory)/libLectorQuotesPlugin.so"))
        let shell = try LectorBinary.run(
            ["-c", "help quotes; plugin load Plugins/readability/readability.lector-plugin; plugins; load examples/articles; readability | quotes; table id readability.level"],
            environment: environment)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout.contains("min-words=2  Shortest quotation, in words"))
        #expect(shell.stdout.contains("loaded process plugin"))
        #expect(shell.stdout.contains("de-hafen"))
        let analyzers = try LectorBinary.run(["analyzers"], environment: environment)
        #expect(analyzers.stdout.contains("from: \(directory)/libLectorQuotesPlugin.so"))
    }

    @Test func aPluginThatCannotLoadIsReportedAndTheRestWorks() throws {
        let directory = NSTemporaryDirectory() + "lector-bad-plugin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "not a library".write(toFile: directory + "/broken.so", atomically: true, encoding: .utf8)
        let result = try LectorBinary.run(
            ["analyze", "-p", "stats", "--no-text", "-"], stdin: "Ein Satz.\n", environment: ["LECTOR_PLUGIN_PATH": directory])
        #expect(result.status == 0)
        #expect(result.stderr.contains("plugin \(directory)/broken.so: cannot load it"))
        #expect(result.stdout.contains(#""stats":"#))
    }

    @Test func pluginNewWritesAProcessPluginThatRuns() throws {
        let directory = NSTemporaryDirectory() + "lector-new-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = try LectorBinary.run(["plugin", "new", "shouting", "--process", "--directory", directory])
        #expect(made.status == 0)
        let run = try LectorBinary.run(
            ["analyze", "--plugin", directory + "/shouting.lector-plugin", "-p", "shouting min-length=5", "--no-text", "-"],
            stdin: "short words and extraordinary ones\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""shouting":{"words":5,"long-words":3}"#))
    }
    /// A plugin that fails on one document: the run writes every record (exit 0, the error in
    /// that record), and --strict makes the status say so (3).
    @Test func strictMakesADocumentsErrorsTheExitStatus() throws {
        let directory = NSTemporaryDirectory() + "lector-strict-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
            import json, sys
            for line in sys.stdin:
                message = json.loads(line)
                if message["type"] == "hello":
                    reply = {"type": "descriptor", "protocol": 1, "descriptor": {"name": "picky", "summary": "Fails on 'bad'", "produces": ["picky"]}}
                else:
                    reply = {"type": "result", "id": message["id"], "results": [
                        {"id": d["id"], "error": "I do not like this one"} if "bad" in d["text"] else {"id": d["id"], "annotations": {"picky": True}}
                        for d in message["documents"]]}
                print(json.dumps(reply), flush=True)
            """.write(toFile: directory + "/picky.py", atomically: true, encoding: .utf8)
        try #"{"name": "picky", "command": "python3", "arguments": ["picky.py"]}"#.write(toFile: directory + "/picky.lector-plugin", atomically: true, encoding: .utf8)
        let arguments = ["analyze", "--plugin", directory + "/picky.lector-plugin", "-p", "picky", "--no-text", "--input", "lines", "-"]
        let lenient = try LectorBinary.run(arguments, stdin: "good one\nbad one\ngood two\n")
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.split(separator: "\n").count == 3)
        #expect(lenient.stdout.contains("I do not like this one"))
        let strict = try LectorBinary.run(arguments + ["--strict"], stdin: "good one\nbad one\ngood two\n")
        #expect(strict.status == 3)
        #expect(strict.stdout == lenient.stdout)
    }

    /// A defect a user hit: a manifest error printed Swift's debug text; it says file, line, column.
    @Test func aManifestErrorSaysWhere() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).lector-plugin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\n  \"name\": \"x\",\n  \"command\": \"cat\"\n  \"timeout\": 3\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try LectorBinary.run(["plugins", "--plugin", path])
        #expect(result.stderr.contains("\(path):4:3: the manifest is not valid JSON: expected ',' or '}'"))
        #expect(!result.stderr.contains("JSONSyntaxError"))
    }
    /// A defect a user hit: after Ctrl-C, lector analyze exited 130 and left a hung plugin
    /// running (its parent 1). No plugin process outlives the run.
    @Test func aSecondCtrlCLeavesNoPluginProcessBehind() throws {
        let plugin = try SleepyPlugin()
        defer { plugin.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LectorBinary.path)
        process.arguments = ["analyze", "--plugin", plugin.manifest, "-p", "sleepy", "examples/articles"]
        process.currentDirectoryURL = URL(fileURLWithPath: LectorBinary.repository)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while plugin.pid == nil, Date() < deadline { usleep(50_000) }
        let pid = try #require(plugin.pid)
        usleep(500_000)
        kill(process.processIdentifier, SIGINT)
        usleep(300_000)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(SleepyPlugin.isGone(pid))
    }
    /// Defects a user hit: a plugin folder copied into the plugin directory was not found; an
    /// installed copy blocked --plugin of the working copy; `plugin new langid` made a plugin
    /// that could never load.
    @Test func pluginFoldersAreFoundAndTheOneAskedForWins() throws {
        let root = NSTemporaryDirectory() + "lector-installed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try LectorBinary.run(["plugin", "new", "shouting", "--process", "--directory", root + "/plugins/shouting"]).status == 0)
        #expect(try LectorBinary.run(["plugin", "new", "shouting", "--process", "--directory", root + "/work/shouting"]).status == 0)
        let environment = ["LECTOR_PLUGIN_PATH": root + "/plugins"]
        let listed = try LectorBinary.run(["plugins"], environment: environment)
        #expect(listed.stdout.contains(root + "/plugins/shouting/shouting.lector-plugin"), "\(listed.stdout)\(listed.stderr)")
        let explicit = try LectorBinary.run(
            ["analyze", "--plugin", root + "/work/shouting/shouting.lector-plugin", "-p", "shouting", "--no-text", "-"], stdin: "some words\n",
            environment: environment)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(explicit.stderr.contains("note: plugin \(root)/plugins/shouting/shouting.lector-plugin: left out: 'shouting' comes from the plugin given with --plugin"))
        let taken = try LectorBinary.run(["plugin", "new", "langid", "--process", "--directory", root + "/langid"])
        #expect(taken.status == 1 && taken.stderr.contains("a built-in analyzer's name"))
    }
}
