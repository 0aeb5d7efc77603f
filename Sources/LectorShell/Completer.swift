import Foundation
import LectorKit

/// Tab completion that knows where it is: commands and analyzers first, analyzers after `|`,
/// `key=` options and their values after an analyzer, paths after load/export/source and after a
/// path option (`model=`), document ids after show, fields after where/sort/table/count by.
public struct Completer {
    public var commands: [CommandSpec] = Commands.all
    public var registry: AnalyzerRegistry
    public var documentIDs: () -> [String]
    public var fields: () -> [String]
    public var currentDirectory: String

    public init(registry: AnalyzerRegistry, documentIDs: @escaping () -> [String], fields: @escaping () -> [String], currentDirectory: String) {
        self.registry = registry
        self.documentIDs = documentIDs
        self.fields = fields
        self.currentDirectory = currentDirectory
    }

    /// Candidates replacing the word before the cursor (the text after the last space, `|`, `=` or quote).
    public func complete(_ lineBeforeCursor: String) -> Completion {
        let command = lineBeforeCursor.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let stages = command.split(separator: "|", omittingEmptySubsequences: false)
        let stage = String(stages.last ?? "")
        let isFirstStage = stages.count == 1
        let wordStart = stage.lastIndex { Completion.wordBreakCharacters.contains($0) }.map { stage.index(after: $0) } ?? stage.startIndex
        let word = String(stage[wordStart...])
        let before = stage[..<wordStart]
        let previous = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let afterEquals = before.last == "="

        guard let first = previous.first else {
            let filters = commands.filter(\.isFilter).map(\.name)
            let names = isFirstStage ? commands.map(\.name) + registry.names : registry.names + filters
            return Completion(candidates: matching(word, names))
        }
        if let spec = commands.first(where: { $0.name == first }) {
            return complete(word, for: spec, previous: Array(previous.dropFirst()))
        }
        guard let entry = registry.entry(named: first) else { return Completion(candidates: []) }
        let options = entry.descriptor.options
        if afterEquals {
            let key = previous.last.map { String($0.dropLast()) } ?? String(before.dropLast().split(separator: " ").last ?? "")
            guard let spec = options.first(where: { $0.name == key }) else { return Completion(candidates: []) }
            if spec.type == .path { return paths(word) }
            return Completion(candidates: matching(word, spec.type.suggestedValues))
        }
        let given = Set(previous.dropFirst().compactMap { $0.split(separator: "=").first.map(String.init) })
        return Completion(candidates: matching(word, options.map(\.name).filter { !given.contains($0) }.map { $0 + "=" }), appendSpace: false)
    }

    private func complete(_ word: String, for spec: CommandSpec, previous: [String]) -> Completion {
        switch spec.argument {
        case .path:
            if spec.name == "plugin" && previous.isEmpty { return Completion(candidates: matching(word, ["load"])) }
            if previous.last == "as" { return Completion(candidates: matching(word, spec.name == "export" ? ["jsonl", "csv", "tsv"] : ["text", "lines", "jsonl", "html"])) }
            return paths(word)
        case .document:
            if previous.isEmpty {
                let numbered = word.hasPrefix("#") ? (1...max(1, min(documentIDs().count, 200))).map { "#\($0)" } : []
                return Completion(candidates: matching(word, documentIDs() + numbered))
            }
            return Completion(candidates: matching(word, fields()))
        case .fields:
            if spec.name == "count" && previous.isEmpty { return Completion(candidates: matching(word, ["by"])) }
            if spec.name == "sort" && previous.count == 1 { return Completion(candidates: matching(word, ["desc", "asc"])) }
            return Completion(candidates: matching(word, fields()))
        case .expression:
            let operators = ["==", "!=", "<", "<=", ">", ">=", "contains", "~"]
            if let last = previous.last, fields().contains(last) { return Completion(candidates: matching(word, operators)) }
            return Completion(candidates: matching(word, fields() + ["and", "or", "not"]))
        case .commandOrAnalyzer:
            return Completion(candidates: matching(word, commands.map(\.name) + registry.names))
        case .pipeline:
            return previous.isEmpty ? Completion(candidates: matching(word, registry.names)) : Completion(candidates: [])
        case .settings:
            if previous.isEmpty { return Completion(candidates: matching(word, ShellSettings.names)) }
            return Completion(candidates: matching(word, ShellSettings.values(for: previous[0])))
        case .number, .none:
            return Completion(candidates: [])
        }
    }

    private func matching(_ prefix: String, _ candidates: [String]) -> [String] {
        var seen = Set<String>()
        return candidates.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    /// File and folder names; a folder ends in '/' and takes no space after it.
    func paths(_ word: String) -> Completion {
        let expanded = word.hasPrefix("~/") ? (ProcessInfo.processInfo.environment["HOME"] ?? "~") + word.dropFirst() : word
        let slash = expanded.lastIndex(of: "/")
        let folderPart = slash.map { String(expanded[...$0]) } ?? ""
        let namePrefix = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let folder = folderPart.isEmpty ? currentDirectory : (folderPart.hasPrefix("/") ? folderPart : currentDirectory + "/" + folderPart)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        // "~/" expands only the start, so the folder as typed is the word up to its last "/".
        let shownFolder = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
        var candidates: [String] = []
        for name in names.sorted() where name.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !name.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory)
            candidates.append(shownFolder + name + (isDirectory.boolValue ? "/" : ""))
        }
        let onlyFolder = candidates.count == 1 && candidates[0].hasSuffix("/")
        return Completion(candidates: candidates, appendSpace: !onlyFolder)
    }
}
