import Foundation
import LectorKit
import Testing
@testable import LectorShell

@Suite("workspaces and sql")
struct WorkspaceTests {
    /// A fresh folder for a test's workspace files, removed afterwards.
    final class Folder {
        let path = NSTemporaryDirectory() + "lector-workspace-" + UUID().uuidString
        init() { try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Every document's record, as `lector analyze` would write it, and which annotations are stale.
    static func records(_ session: Session) -> [String] {
        session.corpus.map { document in
            var writer = JSONWriter()
            Record(document).writeJSON(into: &writer)
            return writer.string + " stale:" + document.annotations.names.filter { document.annotations.isStale($0) }.joined(separator: ",")
        }
    }

    @Test func reopeningAWorkspaceGivesTheSameCorpusAndResultsWithoutRunningAnything() throws {
        let folder = Folder()
        let path = folder.path + "/news.lector-db"
        let first = try SessionHarness()
        #expect(try first.run("open \(path)") == "created \(path) with the 7 documents in memory\n")
        try first.run("langid | structure | sentiment | topics")
        // A step that rewrites the text leaves the annotations before it stale; that is kept too.
        try first.run("where language.code == \"fa\" | normalize")
        try first.run("reset")
        // Opening reads the file and writes nothing back (the helper that measured a million
        // documents found every open rewrote them all).
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        usleep(20_000)
        let second = try SessionHarness(loadExamples: false)
        try second.session.open(path: path)  // not through a line, which the history keeps
        #expect(second.output == "opened \(path): 7 documents\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
        #expect(Self.records(second.session) == Self.records(first.session))
        #expect(Self.records(second.session).contains { $0.contains(" stale:language,structure") })
        #expect(try second.run("table id sentiment.label") == (try first.run("table id sentiment.label")))
    }

    @Test func sqlReadsTheDocumentsAndAnnotations() throws {
        let shell = try SessionHarness()
        try shell.run("langid")
        let counts = try shell.run("sql SELECT language, count(*) AS n FROM documents GROUP BY language ORDER BY n DESC, language LIMIT 2")
        let lines = counts.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines[0] == "language n")
        #expect(lines[2] == "ar 1" && lines.last == "(2 rows)")
        // Annotation fields through SQLite's JSON functions; the rest of the command as it is.
        let persian = try shell.run("sql select id from documents where annotations ->> '$.language.code' = 'fa' and text like '%|%' or json_extract(annotations, '$.language.code') = 'fa'")
        #expect(persian.contains("fa-ketab") && persian.hasSuffix("(1 row)\n"))
        // Without a workspace the tables follow the corpus.
        try shell.run("load \(SessionHarness.articles)/de-hafen.txt")
        #expect(try shell.run("sql select count(*) from documents").contains("1\n"))
    }

    @Test func sqlRefusesWritesAndSaysWhatIsWrong() throws {
        let shell = try SessionHarness()
        let write = #expect(throws: ShellError.self) { try shell.run("sql DELETE FROM documents") }
        #expect(write?.message.contains("queries that read") == true)
        let quoted = #expect(throws: ShellError.self) { try shell.run("sql select id from documents where language = \"de\"") }
        #expect(quoted?.message == "no such column: de (SQL writes strings in single quotes: 'de')")
        let syntax = #expect(throws: ShellError.self) { try shell.run("sql selec 1") }
        #expect(syntax?.message.contains("syntax error") == true)
        #expect(throws: ShellError.self) { try shell.run("sql") }
        #expect(shell.session.corpus.count == 7)
    }

    @Test func saveWritesANewWorkspaceAndWorksInIt() throws {
        let folder = Folder()
        let path = folder.path + "/saved.lector-db"
        let shell = try SessionHarness()
        try shell.run("langid")
        #expect(try shell.run("save \(path)") == "saved 7 documents to \(path); working in it from now on\n")
        try shell.run("sentiment")
        let error = #expect(throws: ShellError.self) { try shell.run("save \(path)") }
        #expect(error?.message.contains("exists") == true)
        let reopened = try SessionHarness(loadExamples: false)
        try reopened.run("open \(path)")
        #expect(Self.records(reopened.session) == Self.records(shell.session))
        #expect(try reopened.run("history").contains("sentiment"))
    }

    @Test func namedViewsAreKeptInTheWorkspace() throws {
        let folder = Folder()
        let path = folder.path + "/views.lector-db"
        let shell = try SessionHarness()
        try shell.run("view latin = where language.code == \"de\" or language.code == \"fr\"")
        try shell.run("open \(path); langid")
        let reopened = try SessionHarness(loadExamples: false)
        try reopened.run("open \(path); use latin")
        #expect(reopened.ids == ["de-hafen", "fr-velo"])
        #expect(try reopened.run("sql select name from views") .contains("latin"))
    }

    @Test func aLoadThatLoadsNothingOrIsRefusedKeepsTheCorpus() throws {
        let folder = Folder()
        let binary = folder.path + "/data.bin"
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0, 1, 2, 0xFF, 0, 0, 7]))
        let shell = try SessionHarness()
        let error = #expect(throws: ShellError.self) { try shell.run("load \(binary) skip-bad") }
        #expect(error?.message.hasPrefix("nothing was loaded (skipped 1); the corpus is unchanged (7 documents)") == true)
        #expect(shell.session.corpus.count == 7)
    }

    @Test func aFileThatIsNoWorkspaceIsRefused() throws {
        let folder = Folder()
        let text = folder.path + "/notes.lector-db"
        try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
        let shell = try SessionHarness()
        let error = #expect(throws: ShellError.self) { try shell.run("open \(text)") }
        #expect(error?.message.contains("not an SQLite file") == true || error?.message.contains("not a database") == true)
        #expect(shell.session.corpus.count == 7)
    }
}
