import Foundation
import LectorKit
import LectorTestSupport
import Testing
@testable import LectorPlugins

/// A process plugin whose misbehaviour is chosen by its argument.
let fakePlugin = #"""
import json, signal, sys, time
mode = sys.argv[1]
sigint = "sigint ignored" if signal.getsignal(signal.SIGINT) == signal.SIG_IGN else "sigint handled"
produces = ["fake"]
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print("starting", file=sys.stderr, flush=True)
        print(json.dumps({"type": "descriptor", "protocol": 1, "descriptor": {
            "name": "fake-" + mode, "summary": "misbehaves: " + mode + "; " + sigint, "produces": produces,
            "options": [{"name": "level", "type": "int", "min": 0, "max": 9, "default": 1, "help": "a number"}]}}), flush=True)
        continue
    results = []
    for document in message["documents"]:
        text = document["text"]
        if mode == "crash" and "CRASH" in text:
            sys.exit(3)
        if mode == "hang" and "HANG" in text:
            time.sleep(30)
        if mode == "error" and "BAD" in text:
            results.append({"id": document["id"], "error": "cannot read this one"})
            continue
        annotations = {"fake": {"length": len(text), "level": message["options"]["level"], "id": document["id"]}}
        if mode == "undeclared":
            annotations["secret"] = 1
        results.append({"id": document["id"], "annotations": annotations})
    if mode == "invalid":
        print("this is not JSON", flush=True)
        continue
    print(json.dumps({"type": "result", "id": message["id"], "results": results}), flush=True)
"""#

final class Diagnostics: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite("process plugins")
struct ProcessPluginTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "lector-plugins-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try fakePlugin.write(toFile: directory + "/fake.py", atomically: true, encoding: .utf8)
        for mode in ["ok", "crash", "hang", "error", "undeclared", "invalid"] {
            let timeout = mode == "hang" ? 1 : 10
            try #"{"name": "fake-\#(mode)", "command": "python3", "arguments": ["fake.py", "\#(mode)"], "timeout": \#(timeout)}"#
                .write(toFile: directory + "/fake-\(mode).lector-plugin", atomically: true, encoding: .utf8)
        }
    }

    func load(_ mode: String, diagnostics: Diagnostics = Diagnostics()) throws -> AnalyzerFactory {
        var registry = AnalyzerRegistry()
        _ = try PluginLoader.load(directory + "/fake-\(mode).lector-plugin", into: &registry, diagnostics: { diagnostics.append($0) })
        return try #require(registry.entry(named: "fake-\(mode)")).factory
    }

    func run(_ factory: AnalyzerFactory, _ texts: [String], options: [OptionArgument] = []) throws -> [Document] {
        var documents = texts.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) }
        try factory.configure(options).step.run(&documents)
        return documents
    }

    @Test func theHandshakeGivesTheDescriptorAndBatchesComeBack() throws {
        let diagnostics = Diagnostics()
        let factory = try load("ok", diagnostics: diagnostics)
        #expect(factory.descriptor.produces == ["fake"])
        // Ctrl-C at the terminal reaches the whole process group: the plugin ignores it.
        #expect(factory.descriptor.summary.hasSuffix("; sigint ignored"))
        #expect(factory.descriptor.option(named: "level")?.type == .int(0...9))
        let documents = try run(factory, ["one", "three", ""], options: [OptionArgument(key: "level", value: "4")])
        #expect(documents.map { $0.annotations["fake"]?["length"]?.intValue } == [3, 5, 0])
        #expect(documents.allSatisfy { $0.annotations["fake"]?["level"]?.intValue == 4 && $0.errors.isEmpty })
        // Its standard error reaches the diagnostics, line by line, with its name.
        for _ in 0..<50 where !diagnostics.all.contains("fake-ok: starting") { usleep(20_000) }
        #expect(diagnostics.all.contains("fake-ok: starting"))
    }

    @Test func documentsGoOutWithStringIdsAndTheRecordKeepsTheInputsIdType() throws {
        let factory = try load("ok")
        var documents = [
            Document(id: "7", text: "seven", metadata: ["id": 7, "fake": "the input's own"]),
            Document(id: "a", text: "a"),
        ]
        try factory.configure([]).step.run(&documents)
        // Protocol 1: ids are strings; the written record still has the input's number.
        #expect(documents.map { $0.annotations["fake"]?["id"] } == ["7", "a"])
        #expect(documents[0].record().id == 7)
        #expect(documents[0].record().field(named: "fake")?["length"] == 5)
        #expect(documents[0].record().input == ["fake": "the input's own"])
    }

    @Test func aDocumentItFailsOnGetsAnErrorAndTheOthersGoOn() throws {
        let documents = try run(try load("error"), ["fine", "BAD text", "fine too"])
        #expect(documents[1].errors.map(\.message) == ["cannot read this one"])
        #expect(documents[0].annotations["fake"] != nil && documents[2].annotations["fake"] != nil)
    }

    /// A defect a user hit: one document that crashed the plugin failed its whole batch.
    @Test func aDocumentThatCrashesItFailsAloneAndTheOthersAreAnalysed() throws {
        let diagnostics = Diagnostics()
        let documents = try run(try load("crash", diagnostics: diagnostics), ["one", "CRASH here", "two", "three"])
        #expect(documents[1].errors.first?.message.contains("it exited (status 3)") == true)
        #expect([0, 2, 3].allSatisfy { documents[$0].annotations["fake"] != nil && documents[$0].errors.isEmpty })
        #expect(diagnostics.all.contains { $0.contains("sending its 4 documents one at a time") })
    }

    @Test func itIsStartedAgainAfterDyingAndLeftOutAfterTwoFailuresInARow() throws {
        let diagnostics = Diagnostics()
        let factory = try load("crash", diagnostics: diagnostics)
        let step = try factory.configure([]).step
        var batches = [["a", "CRASH"], ["b"], ["CRASH"], ["CRASH"], ["c"]].map { $0.map { Document(id: $0, text: $0) } }
        for index in batches.indices { step.run(&batches[index]) }
        #expect(batches[0][0].annotations["fake"] != nil)
        #expect(batches[0][1].errors.first?.message.contains("it exited (status 3)") == true)
        #expect(batches[1][0].annotations["fake"] != nil)  // started again
        #expect(batches[2][0].errors.first?.message.contains("it exited") == true)
        #expect(batches[3][0].errors.first?.message.contains("it exited") == true)
        #expect(batches[4][0].errors.first?.message.contains("stopped after failing twice in a row") == true)
        #expect(diagnostics.all.contains { $0.contains("the rest of this run goes on without it") })
    }

    @Test func aHangHitsTheTimeout() throws {
        let started = Date()
        let documents = try run(try load("hang"), ["HANG"])
        #expect(documents[0].errors.first?.message.contains("no answer within 1 s") == true)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func invalidJSONAndUndeclaredFieldsAreErrorsNotCrashes() throws {
        let invalid = try run(try load("invalid"), ["x"])
        #expect(invalid[0].errors.first?.message.contains("invalid JSON") == true)
        #expect(invalid[0].errors.first?.message.contains("this is not JSON") == true)
        let undeclared = try run(try load("undeclared"), ["x"])
        #expect(undeclared[0].annotations["secret"] == nil && undeclared[0].annotations["fake"] != nil)
        #expect(undeclared[0].errors.map(\.message) == ["produced 'secret', which it does not declare; add it to produces in its descriptor"])
    }

    @Test func badManifestsAreRefusedWithTheReason() throws {
        let path = directory + "/broken.lector-plugin"
        var registry = AnalyzerRegistry()
        try #"{"name": "broken"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PluginError.self) { try PluginLoader.load(path, into: &registry, diagnostics: { _ in }) }
        try #"{"name": "other", "command": "python3", "arguments": ["fake.py", "ok"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try PluginLoader.load(path, into: &registry, diagnostics: { _ in })
            Issue.record("a manifest naming another analyzer was accepted")
        } catch {
            #expect("\(error)".contains("the manifest names 'other' but the plugin calls itself 'fake-ok'"))
        }
        try #"{"name": "gone", "command": "./no-such-program"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PluginError.self) { try PluginLoader.load(path, into: &registry, diagnostics: { _ in }) }
        #expect(registry.names.isEmpty)
    }

    @Test func aNameTakenAlreadyIsRefusedAndLeavesTheRegistryAsItWas() throws {
        var registry = AnalyzerRegistry()
        _ = try PluginLoader.load(directory + "/fake-ok.lector-plugin", into: &registry, diagnostics: { _ in })
        let copy = directory + "/copy.lector-plugin"
        try FileManager.default.copyItem(atPath: directory + "/fake-ok.lector-plugin", toPath: copy)
        do {
            _ = try PluginLoader.load(copy, into: &registry, diagnostics: { _ in })
            Issue.record("a second analyzer named fake-ok was registered")
        } catch {
            #expect("\(error)".contains("an analyzer named 'fake-ok' is already registered (\(directory)/fake-ok.lector-plugin)"))
        }
        #expect(registry.names == ["fake-ok"])
    }

    @Test func theReadabilityExampleWorks() throws {
        var registry = AnalyzerRegistry()
        let plugin = try PluginLoader.load(TestPaths.repository + "/Plugins/readability/readability.lector-plugin", into: &registry, diagnostics: { _ in })
        #expect(plugin.kind == .process && plugin.analyzers == ["readability"])
        let factory = try #require(registry.entry(named: "readability")).factory
        let documents = try run(factory, ["Short words. Very easy text here.", "", "Außergewöhnliche Verhandlungsergebnisse überraschten Beobachter."])
        #expect(documents[0].annotations["readability"]?["sentences"]?.intValue == 2)
        #expect(documents[0].annotations["readability"]?["level"]?.stringValue == "very easy")
        #expect(documents[1].annotations["readability"]?["words"]?.intValue == 0)
        #expect((documents[2].annotations["readability"]?["lix"]?.doubleValue ?? 0) > 60)
    }
}

@Suite("plugin paths and Swift plugins")
struct PluginLoaderTests {
    @Test func onlyAbsoluteSearchPathsAndNeverTheCurrentDirectory() {
        let (directories, warnings) = PluginLoader.directories(environment: [
            "LECTOR_PLUGIN_PATH": "/opt/a::relative/b:/opt/c:", "XDG_DATA_HOME": "/data", "HOME": "/home/u",
        ])
        #expect(directories == ["/opt/a", "/opt/c", "/data/lector/plugins"])
        #expect(warnings == ["LECTOR_PLUGIN_PATH: skipped 'relative/b', which is not an absolute path"])
        #expect(PluginLoader.userDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/lector/plugins")
        #expect(PluginLoader.isPluginFile("quotes.so") && PluginLoader.isPluginFile("x.lector-plugin"))
        #expect(!PluginLoader.isPluginFile("notes.txt") && !PluginLoader.isPluginFile(".hidden.so"))
    }

    @Test func aLibraryThatIsNotAPluginIsRefused() throws {
        let path = NSTemporaryDirectory() + "lector-notaplugin-\(UUID().uuidString).so"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6"].first { FileManager.default.fileExists(atPath: $0) }
        try FileManager.default.copyItem(atPath: try #require(libm), toPath: path)
        var registry = AnalyzerRegistry()
        do {
            _ = try PluginLoader.load(path, into: &registry, diagnostics: { _ in })
            Issue.record("libm was loaded as a plugin")
        } catch {
            #expect("\(error)".contains("not a Lector plugin: it has no lector_plugin_abi entry point"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/cc"), "skipped: no C compiler"))
    func aPluginBuiltForAnotherLectorKitIsRefusedWithHowToRebuild() throws {
        let directory = NSTemporaryDirectory() + "lector-stale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"const char *lector_plugin_abi(void) { return "lectorkit-interface 0; swift 5.9"; }"#
            .write(toFile: directory + "/stale.c", atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        compiler.arguments = ["-shared", "-fPIC", "-o", directory + "/stale.so", directory + "/stale.c"]
        try compiler.run()
        compiler.waitUntilExit()
        #expect(compiler.terminationStatus == 0)
        var registry = AnalyzerRegistry()
        do {
            _ = try PluginLoader.load(directory + "/stale.so", into: &registry, diagnostics: { _ in })
            Issue.record("a stale plugin was loaded")
        } catch {
            #expect("\(error)".contains("built with lectorkit-interface 0; swift 5.9, but this lector has \(LectorPlugin.hostStamp); rebuild the plugin"))
        }
    }

    struct Sneaky: Analyzer {
        static let descriptor = AnalyzerDescriptor(name: "sneaky", summary: "adds what it does not declare", produces: ["sneaky"])
        init(options: AnalyzerOptions) {}
        func analyze(_ document: inout Document) {
            document.annotations["sneaky"] = true
            document.annotations["other"] = 1
        }
    }

    @Test func aSwiftPluginsUndeclaredAnnotationIsTakenOutWithAnError() throws {
        let factory = PluginLoader.guarded(AnalyzerFactory(Sneaky.self))
        var documents = [Document(id: "a", text: "x")]
        try factory.configure([]).step.run(&documents)
        #expect(documents[0].annotations.names == ["sneaky"])
        #expect(documents[0].errors.map(\.message) == ["produced 'other', which it does not declare; add it to produces in its descriptor"])
    }

    @Test func skeletonsAreWrittenAndRefuseToOverwrite() throws {
        let root = NSTemporaryDirectory() + "lector-new-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let process = try PluginTemplate.write(name: "word-count", kind: .process, directory: root + "/p", lectorKitPath: nil)
        #expect(process.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == ["README.md", "sample.txt", "word-count.lector-plugin", "word-count.py"])
        // The README's example loads a folder the skeleton has.
        let readme = try String(contentsOfFile: root + "/p/README.md", encoding: .utf8)
        #expect(readme.contains("load examples/") && FileManager.default.fileExists(atPath: root + "/p/examples/sample.txt"))
        #expect(throws: PluginError.self) { try PluginTemplate.write(name: "langid", kind: .process, directory: root + "/l", lectorKitPath: nil, taken: ["langid"]) }
        let swift = try PluginTemplate.write(name: "word-count", kind: .swift, directory: root + "/s", lectorKitPath: "/x/LectorKit")
        #expect(swift.contains { $0.hasSuffix("Sources/LectorWordCountPlugin/WordCountAnalyzer.swift") })
        // Against this repository's LectorKit, LectorKit's own dependency comes from the checkout
        // lector was built with (no network).
        let local = TestPaths.repository + "/.build/checkouts/swift-collections"
        if FileManager.default.fileExists(atPath: local + "/Package.swift") {
            _ = try PluginTemplate.write(name: "word-count", kind: .swift, directory: root + "/t", lectorKitPath: TestPaths.repository + "/LectorKit")
            #expect(try String(contentsOfFile: root + "/t/Package.swift", encoding: .utf8).contains(".package(path: \"\(local)\")"))
        }
        #expect(throws: PluginError.self) { try PluginTemplate.write(name: "word-count", kind: .process, directory: root + "/p", lectorKitPath: nil) }
        #expect(throws: PluginError.self) { try PluginTemplate.write(name: "Bad Name", kind: .process, directory: root + "/q", lectorKitPath: nil) }
        // The process skeleton runs as written.
        var registry = AnalyzerRegistry()
        _ = try PluginLoader.load(root + "/p/word-count.lector-plugin", into: &registry, diagnostics: { _ in })
        var documents = [Document(id: "a", text: "ordinary extraordinary")]
        try #require(registry.entry(named: "word-count")).factory.configure([]).step.run(&documents)
        #expect(documents[0].annotations["word-count"]?["long-words"]?.intValue == 2)
    }
}
