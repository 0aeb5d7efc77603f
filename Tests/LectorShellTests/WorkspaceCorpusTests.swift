import Foundation
import LectorKit
import Testing
@testable import LectorShell

/// A workspace file holds the corpus itself: commands read its documents a batch at a time and
/// its fields' columns, and pipelines write back a batch at a time. Everything must answer as the
/// same commands do on the corpus in memory.
@Suite("a corpus kept in a workspace file")
struct WorkspaceCorpusTests {
    /// Lines run in memory and in a workspace: analyzers (one that adds child documents, one that
    /// rewrites the text), filters on numbers and text, sorting, counting, undo and output modes.
    static let lines = [
        "langid | structure", "ls", "count by language.code",
        "stats | sort stats.words desc | head 3", "undo", "undo", "ls",
        "where stats.words > 100 | table id stats.words language.code",
        "sort language.code | table id language.code",
        "reset", "where language.code == \"de\" or language.script == \"Cyrl\"", "count by language.script", "show #1 language",
        // ticker explode adds a document after each parent: later views and columns move with them.
        "reset", "ticker explode=true", "ls", "count by parent", "where parent != \"\" | sort time desc | head 4 | ls",
        // normalize rewrites the text: stats' columns are out of date until stats runs again.
        "reset", "where language.code == \"fa\" | normalize | stats", "reset", "sort stats.words | table id stats.words",
        "where text contains \"Hafen\" | ls", "reset", "set output json", "where stats.words < 60 | table id stats.words", "set output csv", "ls",
    ]

    @Test func aWorkspaceAnswersAsTheCorpusInMemoryDoes() throws {
        let folder = WorkspaceTests.Folder()
        let path = folder.path + "/news.lector-db"
        let inMemory = try SessionHarness()
        let inFile = try SessionHarness(loadExamples: false)
        try inFile.run("open \(path)")
        #expect(try inFile.run("load \(SessionHarness.articles)") == "loaded 7 documents into \(path)\n")
        for line in Self.lines {
            let expected = try inMemory.run(line), errors = inMemory.errors
            #expect(try inFile.run(line) == expected, "\(line)")
            #expect(inFile.errors == errors, "\(line)")
            inMemory.errors = ""
            inFile.errors = ""
        }
        #expect(inFile.session.corpusCount == inMemory.session.corpusCount)
        #expect(WorkspaceTests.records(inFile.session) == WorkspaceTests.records(inMemory.session))
        // The file keeps columns of the fields asked about, and reopening gives the same answers.
        #expect(try inFile.run("set output table; sql select count(*) > 0 from columns where path = 'stats.words'").contains("1"))
        let reopened = try SessionHarness(loadExamples: false)
        try reopened.session.open(path: path)
        try reopened.run("set output csv")
        try inMemory.run("reset")
        #expect(try reopened.run("sort stats.words | table id stats.words") == (try inMemory.run("sort stats.words | table id stats.words")))
    }

    @Test func aColumnKeptInTheFileIsDroppedWhenItsAnnotationIsWrittenAgain() throws {
        let folder = WorkspaceTests.Folder()
        let path = folder.path + "/news.lector-db"
        let shell = try SessionHarness()
        try shell.run("open \(path); stats; count by stats.words")
        #expect(try shell.run("sql select path from columns").contains("stats.words"))
        // stats run again on one document: the kept column of the whole corpus is out of date.
        try shell.run("where id == \"de-hafen\" | stats")
        #expect(!(try shell.run("sql select path from columns")).contains("stats.words"))
        // langid, run on every document, keeps its summary fields' columns as it writes.
        try shell.run("reset; langid")
        #expect(try shell.run("sql select path from columns order by path").contains("language.code"))
    }

    @Test func anInterruptedLoadLeavesTheWorkspaceAsItWas() throws {
        let folder = WorkspaceTests.Folder()
        let path = folder.path + "/news.lector-db"
        let lines = folder.path + "/lines.txt"
        try String(repeating: "eine Zeile Text\n", count: 50_000).write(toFile: lines, atomically: true, encoding: .utf8)
        let shell = try SessionHarness()
        try shell.run("open \(path); langid")
        // Ctrl-C while the file is read: the transaction is rolled back.
        // A flag of the test's own: tests run side by side, and the shell's is shared.
        let flag = CancellationFlag()
        shell.session.interruption = flag
        let interrupter = Thread { usleep(20_000); flag.cancel() }
        interrupter.start()
        let error = #expect(throws: ShellError.self) { try shell.run("load \(lines) as lines") }
        #expect(error?.message.hasPrefix("load interrupted after ") == true)
        #expect(error?.message.hasSuffix("the corpus is unchanged (7 documents)") == true)
        #expect(shell.session.corpusCount == 7)
        #expect(try shell.run("sql select count(*) from documents").contains("7"))
        #expect(try shell.run("count by language.code").contains("de"))
    }

    @Test func anInterruptedPipelineKeepsEveryBatchItWroteAndSaysHowMany() throws {
        let folder = WorkspaceTests.Folder()
        let path = folder.path + "/lines.lector-db"
        let lines = folder.path + "/lines.txt"
        try (1...60_000).map { "Zeile \($0) mit ein paar Wörtern darin, damit stats zu tun hat.\n" }.joined()
            .write(toFile: lines, atomically: true, encoding: .utf8)
        let shell = try SessionHarness(loadExamples: false)
        try shell.run("open \(path); load \(lines) as lines")
        let flag = CancellationFlag()
        shell.session.interruption = flag
        let interrupter = Thread { usleep(300_000); flag.cancel() }
        interrupter.start()
        try shell.run("stats")
        let saved = try shell.run("set output csv; sql select count(*) from documents where annotations -> '$.stats' is not null")
            .split(separator: "\n").last.flatMap { Int($0) }
        if let stopped = shell.errors.firstMatch(of: /interrupted: (\d+) of 60000 documents analysed and saved; the rest keep what they had/) {
            #expect(saved == Int(stopped.1), "\(shell.errors)")
            #expect(saved! < 60_000)
        } else {
            #expect(saved == 60_000)  // it finished first
        }
        // What was saved is in the file for the next session too.
        let reopened = try SessionHarness(loadExamples: false)
        try reopened.session.open(path: path)
        try reopened.run("where stats.words > 0")
        #expect(reopened.ids.count == saved)
    }
}

@Suite("help")
struct CommandHelpTests {
    /// Every command's help shows an example, and the examples run: in a workspace file, after
    /// the analyzers they name, with the files they write in a fresh folder. (Those that need
    /// files of the user's, or end the session, are only checked for being there.)
    @Test func everyCommandHasAnExampleAndTheExamplesRun() throws {
        let folder = WorkspaceTests.Folder()
        let needsUsersFiles: Set = ["train", "evaluate", "plugin", "source", "quit"]
        let shell = try SessionHarness()
        try shell.run("langid | structure | stats | sentiment")
        for spec in Commands.all {
            #expect(!spec.examples.isEmpty, "\(spec.name) has no example")
            #expect(try shell.run("help \(spec.name)").contains("examples:\n  \(spec.examples.first ?? "?")\n"))
            guard !needsUsersFiles.contains(spec.name) else { continue }
            for example in spec.examples where !example.contains("news/*.jsonl") {
                let line = example
                    .replacingOccurrences(of: "examples/articles", with: SessionHarness.articles)
                    .replacingOccurrences(of: "save news.lector-db", with: "save \(folder.path)/copy.lector-db")
                    .replacingOccurrences(of: "news.", with: "\(folder.path)/news.")
                    .replacingOccurrences(of: "german.", with: "\(folder.path)/german.")
                #expect(throws: Never.self, "\(example)") { try shell.run(line) }
                if spec.name == "load" { try shell.run("langid | structure | stats | sentiment") }
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder.path + "/news.html"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/german.jsonl"))
    }
}
