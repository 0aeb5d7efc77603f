import Foundation

/// `lector plugin new NAME`: a plugin skeleton that builds and loads as it is, with a test.
public enum PluginTemplate {
    public enum Kind: String, Sendable, CaseIterable {
        case swift, process
    }

    /// Writes the skeleton into `directory` (which must not exist) and returns the files written.
    /// A Swift plugin's package depends on LectorKit at `lectorKitPath`.
    /// `taken`: names a plugin cannot have (the built-in analyzers').
    public static func write(name: String, kind: Kind, directory: String, lectorKitPath: String?, taken: [String] = []) throws -> [String] {
        guard name.range(of: "^[a-z][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw PluginError(path: directory, message: "'\(name)' is not a good analyzer name: use lower-case letters, digits and '-', starting with a letter")
        }
        guard !taken.contains(name) else {
            throw PluginError(path: directory, message: "'\(name)' is a built-in analyzer's name, which a plugin cannot take; choose another")
        }
        guard !FileManager.default.fileExists(atPath: directory) else {
            throw PluginError(path: directory, message: "it already exists; choose another name or --directory")
        }
        let files: [(String, String)]
        switch kind {
        case .swift:
            guard let lectorKitPath else {
                throw PluginError(path: directory, message: "cannot find LectorKit (the LectorKit folder of Lector's source); give it with --lectorkit PATH")
            }
            files = swiftFiles(name: name, lectorKitPath: lectorKitPath)
        case .process:
            files = processFiles(name: name)
        }
        // Something to try it on, which the README's example loads.
        let sample = ("examples/sample.txt", """
            A sample article for trying the plugin.
            Extraordinarily long words and short ones, one line after another.

            """)
        var written: [String] = []
        for (relative, content) in files + [sample] {
            let path = directory + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
        }
        if kind == .process { chmod(directory + "/\(name).py", 0o755) }
        return written
    }

    /// "word-count" → "WordCount"
    static func typeName(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The Swift module (and library) of a plugin: "word-count" → "LectorWordCountPlugin".
    public static func moduleName(_ name: String) -> String { "Lector\(typeName(name))Plugin" }

    static func swiftFiles(name: String, lectorKitPath: String) -> [(String, String)] {
        let type = typeName(name)
        let module = moduleName(name)
        // LectorKit's own dependency, from the checkout lector was built with, so that building
        // the plugin needs no network (a local package stands in for the remote one of that name).
        let lectorRoot = (lectorKitPath as NSString).deletingLastPathComponent
        let local = [lectorRoot + "/.build/checkouts/swift-collections", lectorKitPath + "/.build/checkouts/swift-collections"]
            .first { FileManager.default.fileExists(atPath: $0 + "/Package.swift") }
        let dependencies = ["        .package(path: \"\(lectorKitPath)\"),"] + (local.map { ["        .package(path: \"\($0)\"),"] } ?? [])
        return [
            ("Package.swift", """
                // swift-tools-version:6.0
                import PackageDescription

                // A Lector plugin: a dynamic library that links LectorKit dynamically, so that it shares
                // lector's own copy (docs/plugins.md explains why).
                let package = Package(
                    name: "\(module)",
                    products: [.library(name: "\(module)", type: .dynamic, targets: ["\(module)"])],
                    dependencies: [
                \(dependencies.joined(separator: "\n"))
                    ],
                    targets: [
                        .target(name: "\(module)", dependencies: [.product(name: "LectorKit", package: "LectorKit")]),
                        .testTarget(name: "\(module)Tests", dependencies: ["\(module)", .product(name: "LectorKit", package: "LectorKit")]),
                    ]
                )

                """),
            ("Sources/\(module)/\(type)Analyzer.swift", """
                import LectorKit

                /// `\(name)`: what it finds (change this).
                public struct \(type)Analyzer: Analyzer {
                    public static let descriptor = AnalyzerDescriptor(
                        name: "\(name)",
                        summary: "Counts the words of at least min-length letters",
                        options: [minimumLengthOption.spec],
                        produces: ["\(name)"],
                        summaryFields: ["\(name).long-words"]
                    )

                    let minimumLength: Int

                    static let minimumLengthOption = AnalyzerOption<Int>("min-length", default: 6, range: 1...100, help: "Shortest word counted")

                    public init(options: AnalyzerOptions) throws {
                        minimumLength = try options[Self.minimumLengthOption]
                    }

                    public func analyze(_ document: inout Document) throws {
                        let words = Segmentation.words(in: document.text)
                        let long = words.filter { $0.end - $0.start >= minimumLength }.count
                        document.annotations["\(name)"] = ["long-words": .int(long), "words": .int(words.count)]
                    }
                }

                // The two entry points lector looks for.
                @_cdecl("lector_plugin_abi")
                public func lectorPluginABI() -> UnsafePointer<CChar> { LectorPlugin.abiStamp }

                @_cdecl("lector_plugin_analyzers")
                public func lectorPluginAnalyzers() -> UnsafeMutableRawPointer { LectorPlugin.export([\(type)Analyzer.self]) }

                """),
            ("Tests/\(module)Tests/\(type)Tests.swift", """
                import LectorKit
                import Testing
                @testable import \(module)

                @Test func passesTheChecksLectorReliesOn() throws {
                    #expect(try PluginChecks.run(\(type)Analyzer.self).isEmpty)
                }

                @Test func countsLongWords() throws {
                    var document = Document(id: "1", text: "Ein außergewöhnlich langer Satz")
                    try \(type)Analyzer.configured().analyze(&document)
                    #expect(document.annotations["\(name)"]?["long-words"]?.intValue == 2)
                }

                """),
            ("README.md", """
                # \(name): a Lector plugin

                    swift build -c release
                    swift test
                    lector --plugin .build/release/lib\(module).so
                    lector> load examples/ ; \(name) ; table id \(name).long-words

                Install it for every session by copying this folder, or `.build/release/lib\(module).so`,
                into `~/.local/share/lector/plugins/` (or a directory on `LECTOR_PLUGIN_PATH`). Rebuild it
                whenever lector is updated: a plugin built by another Swift or against another LectorKit
                is refused, with a message that says so.

                """),
        ]
    }

    static func processFiles(name: String) -> [(String, String)] {
        [
            ("\(name).lector-plugin", """
                {"name": "\(name)", "command": "python3", "arguments": ["\(name).py"], "timeout": 30}

                """),
            ("\(name).py", #"""
                #!/usr/bin/env python3
                """A Lector process plugin: JSON lines on standard input and output (docs/plugins.md)."""
                import json
                import sys

                DESCRIPTOR = {
                    "name": "\#(name)",
                    "summary": "Counts the words of at least min-length letters",
                    "options": [{"name": "min-length", "type": "int", "min": 1, "max": 100, "default": 6,
                                 "help": "Shortest word counted"}],
                    "requires": [],
                    "produces": ["\#(name)"],
                    "summary_fields": ["\#(name).long-words"],
                }


                def analyze(text, options):
                    words = text.split()
                    return {"\#(name)": {"words": len(words), "long-words": sum(len(w) >= options["min-length"] for w in words)}}


                def main():
                    for line in sys.stdin:
                        message = json.loads(line)
                        if message["type"] == "hello":
                            reply = {"type": "descriptor", "protocol": 1, "descriptor": DESCRIPTOR}
                        else:  # a batch
                            results = []
                            for document in message["documents"]:
                                try:
                                    results.append({"id": document["id"], "annotations": analyze(document["text"], message["options"])})
                                except Exception as error:  # one bad document must not stop the others
                                    results.append({"id": document["id"], "error": f"{type(error).__name__}: {error}"})
                            reply = {"type": "result", "id": message["id"], "results": results}
                        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
                        sys.stdout.flush()


                if __name__ == "__main__":
                    main()

                """#),
            ("README.md", """
                # \(name): a Lector process plugin

                    lector --plugin \(name).lector-plugin
                    lector> load examples/ ; \(name) ; table id \(name).long-words

                Install it for every session by copying this folder, or its two files, into
                `~/.local/share/lector/plugins/` (or a directory on `LECTOR_PLUGIN_PATH`).

                """),
        ]
    }
}
