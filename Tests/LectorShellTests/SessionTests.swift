import Foundation
import LectorKit
import Testing
@testable import LectorShell

@Suite("Shell commands")
struct SessionTests {
    @Test func loadListsAndShows() throws {
        let shell = try SessionHarness()
        #expect(shell.session.corpus.count == 7)
        let listing = try shell.run("ls")
        #expect(listing.contains("#1  ar-mawsim"))
        #expect(listing.contains("Новый мост через Волгу"))
        let record = try shell.run("show ru-most")
        #expect(record.contains("source  \(SessionHarness.articles)/ru-most.txt"))
        #expect(record.contains("Мост длиной почти четыре километра"))
        #expect(try shell.run("show #7 id") == "ru-most\n")
    }

    @Test func aPipelineKeepsItsAnnotationsAndPrintsATable() throws {
        let shell = try SessionHarness()
        let table = try shell.run("normalize | stats")
        #expect(table.hasPrefix("id  "))
        #expect(table.contains("stats.words"))
        #expect(shell.session.corpus.allSatisfy { $0.annotations["stats"] != nil && $0.annotations["normalize"] != nil })
        // A later pipeline may build on annotations from an earlier one.
        #expect(try shell.run("show fa-ketab normalize.tatweel") == "3\n")
    }

    @Test func whereSortHeadAndResetShapeTheView() throws {
        let shell = try SessionHarness()
        try shell.run("stats")
        try shell.run(#"where stats.scripts.code == "Latn" or stats.scripts.code == "Cyrl""#)
        #expect(shell.ids == ["de-hafen", "en-library", "fa-ketab", "fr-velo", "ru-most"])
        try shell.run("sort stats.words desc | head 2")
        #expect(shell.ids == ["de-hafen", "en-library"])
        try shell.run("reset")
        #expect(shell.ids.count == 7)
        try shell.run("stats | where id ~ \"^(he|ar)\" | sort id desc")
        #expect(shell.ids == ["he-rakevet", "ar-mawsim"])
    }

    /// A defect a user hit: the fields known after `head` were still the only ones known after `reset`.
    @Test func theFieldsKnownFollowTheView() throws {
        let shell = try SessionHarness()
        try shell.run("where id == \"fa-ketab\" | normalize")
        try shell.run("reset; head 1; table id; reset")
        try shell.run("where normalize.changed == true")
        #expect(shell.ids == ["fa-ketab"])
    }

    @Test func countByGroupsValues() throws {
        let shell = try SessionHarness()
        try shell.run("stats")
        let table = try shell.run("count by stats.scripts.code")
        let rows = table.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.first == ["Latn", "4"])
        #expect(rows.contains(["Hebr", "1"]))
    }

    @Test func tableShowsChosenFields() throws {
        let shell = try SessionHarness()
        try shell.run("stats")
        let table = try shell.run("table id stats.lines")
        #expect(table.split(separator: "\n")[0].hasPrefix("id          stats.lines"))
    }

    @Test func exportWritesTheView() throws {
        let shell = try SessionHarness()
        let path = NSTemporaryDirectory() + "lector-export-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try shell.run("stats | where stats.words > 75; export \(path)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let csvPath = path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: csvPath) }
        try shell.run("export \(csvPath) as csv")
        #expect(try String(contentsOfFile: csvPath, encoding: .utf8).hasPrefix("id,stats.words"))
    }

    @Test func errorsPointAtTheWordAndSuggest() throws {
        let shell = try SessionHarness()
        let line = "stats | sotr id"
        let error = try #require(throws: ShellError.self) { try shell.run(line) }
        #expect(error.message == "unknown command or analyzer 'sotr'")
        #expect(error.suggestion == "sort")
        #expect(error.range == 8..<12)
        #expect(shell.session.describe(error, line: line) == "error: unknown command or analyzer 'sotr'; did you mean 'sort'?\n  stats | sotr id\n          ^^^^\n")
        let option = try #require(throws: ShellError.self) { try shell.run("stats min-shar=1") }
        #expect(option.suggestion == "min-share")
        let misspelt = try #require(throws: ShellError.self) { try shell.run("shwo #1") }
        #expect(misspelt.suggestion == "show")
        let field = try #require(throws: ShellError.self) { try shell.run("stats; sort stats.wrods") }
        #expect(field.suggestion == "stats.words")
        #expect(field.range == 12..<23)
    }

    @Test func loadErrorsLeaveTheCorpusAlone() throws {
        let shell = try SessionHarness()
        #expect(throws: ShellError.self) { try shell.run("load /no/such/place") }
        #expect(shell.session.corpus.count == 7)
    }

    @Test func explainFlagsProblems() throws {
        let shell = try SessionHarness()
        let text = try shell.run("explain stats | normalize form=nfkc")
        #expect(text.contains("the pipeline is valid"))
        let stale = try shell.run("explain structure | normalize | ticker")
        #expect(stale.contains("normalize (rewrites the text)"))
        #expect(stale.contains("warning: step 2 'normalize' rewrites the text after 'structure' found spans in it"))
        #expect(stale.contains("the pipeline is valid, with 1 warning"))
        let error = #expect(throws: ShellError.self) { try shell.run("explain stats | nope") }
        #expect(error?.range == 16..<20)
    }

    @Test func settingsChangeOutput() throws {
        let shell = try SessionHarness()
        try shell.run("set output json; stats | head 1")
        #expect(shell.output.hasPrefix(#"{"id":"ar-mawsim","stats.words":74"#))
        try shell.run("set output line")
        #expect(try shell.run("ls").contains("id = ar-mawsim") == false)  // ls is always a table
        #expect(throws: ShellError.self) { try shell.run("set colour purple") }
        #expect(throws: ShellError.self) { try shell.run("set widht 80") }
        try shell.run("set timer on")
        #expect(try shell.run("ls").contains("time: "))
    }

    @Test func sourceRunsAFileAndNamesTheFailingLine() throws {
        let shell = try SessionHarness(loadExamples: false)
        let path = NSTemporaryDirectory() + "lector-script-\(UUID().uuidString).lector"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# a comment\nload \(SessionHarness.articles)\nstats | head 2\nbogus\nls\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ScriptFailed.self) { try shell.session.source(path: path) }
        #expect(shell.errors.contains("\(path):4: error: unknown command or analyzer 'bogus'"))
        #expect(shell.session.documentsInView.count == 2)
    }

    @Test func aCommentLineIsSkippedEvenWithASemicolonInIt() throws {
        let shell = try SessionHarness()
        #expect(try shell.run("# first this; then that") == "")
    }

    @Test func commandsSplitOnSemicolonsOutsideQuotes() {
        let parts = Session.splitCommands(#"load x; where text ~ "a;b"; ls"#).map(\.0)
        #expect(parts == ["load x", #" where text ~ "a;b""#, " ls"])
    }
}

@Suite("Colour")
struct ColourTests {
    func session(terminal: Bool, environment: [String: String]) -> Session {
        Session(registry: AnalyzerRegistry(), isTerminal: terminal, environment: environment, write: { _ in }, writeError: { _ in })
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() {
        #expect(session(terminal: true, environment: ["TERM": "xterm"]).useColour)
        #expect(!session(terminal: false, environment: ["TERM": "xterm"]).useColour)
        #expect(!session(terminal: true, environment: ["TERM": "xterm", "NO_COLOR": "1"]).useColour)
        #expect(!session(terminal: true, environment: ["TERM": "dumb"]).useColour)
        let forced = session(terminal: false, environment: [:])
        forced.settings.colour = .on
        #expect(forced.useColour)
    }
}
