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

    /// `load` reads .html files as web pages, and `as html` any file.
    @Test func loadReadsWebPages() throws {
        let shell = try SessionHarness()
        let fixtures = SessionHarness.repository + "/Tests/Fixtures/html"
        try shell.run("load \(fixtures)/hebrew.html \(fixtures)/article.html")
        #expect(shell.ids == ["hebrew", "article"])
        #expect(try shell.run("show article page.author") == "Mara Lindqvist\n")
        #expect(try shell.run("show hebrew text").hasPrefix("הרכבת הקלה מגיעה לחיפה\n"))
        try shell.run("load \(fixtures)/hidden.expected.json as html")
        #expect(shell.session.corpus.first?.metadata["page"] != nil)
        let missing = #expect(throws: ShellError.self) { try shell.run("load \(fixtures)/article.html as") }
        #expect(missing?.message.contains("text, lines, jsonl or html") == true)
    }

    /// `show` of a web page gives its page fields and the article, not every line of the page.
    @Test func showOfAWebPageShowsTheArticle() throws {
        let shell = try SessionHarness()
        try shell.run("load \(SessionHarness.repository)/Tests/Fixtures/html/gallery.html")
        let shown = try shell.run("show gallery")
        #expect(shown.contains("page.title"))
        #expect(shown.contains("Ferry service to the islands resumes after storm"))
        #expect(shown.contains("article"))
        #expect(shown.contains("The ferry to the outer islands sailed again"))
        #expect(!shown.contains("Council votes") && !shown.contains("Back to Gallery"))
        #expect(shown.contains("show gallery text"))
        #expect(try shell.run("show gallery text").contains("Council votes"))
        // A page whose title structure cannot find: the article begins with its first paragraph.
        try shell.run("load \(SessionHarness.repository)/Tests/Fixtures/html-own/html/zh-tw-big5.html")
        let untitled = try shell.run("show zh-tw-big5")
        #expect(untitled.contains("\n  位於老街轉角") && !untitled.contains("\n\n  位於老街轉角"))
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

    @Test func aViewingCommandMayEndAPipeline() throws {
        let shell = try SessionHarness()
        let listing = try shell.run("langid | where language.code == \"de\" | ls")
        #expect(listing.contains("#1  de-hafen") && !listing.contains("ru-most"))
        try shell.run("reset")
        let counts = try shell.run("langid | count by language.code")
        #expect(counts.hasPrefix("language.code  count") && counts.contains("ru             1"))
        #expect(try shell.run("stats | sort stats.words desc | head 1 | show #1 id") == "de-hafen\n")
        let error = #expect(throws: ShellError.self) { try shell.run("langid | ls | stats") }
        #expect(error?.message.contains("can end a pipeline") == true)
    }

    /// A defect a user hit: a line that ended in an error had already applied its `where`.
    @Test func aLineThatEndsInAnErrorLeavesTheViewAsItWas() throws {
        let shell = try SessionHarness()
        try shell.run("langid")
        #expect(throws: ShellError.self) { try shell.run("where language.code == \"de\" | stast") }
        #expect(shell.ids.count == 7)
        #expect(throws: ShellError.self) { try shell.run("where language.code == \"de\" | sentiment bogus=1") }
        #expect(shell.ids.count == 7)
    }

    /// A defect a user hit: `stats.words > "5"` compared text, and `> abc` matched nothing in silence.
    @Test func orderingComparesNumbersAsNumbersOrSaysWhyNot() throws {
        let shell = try SessionHarness()
        try shell.run("stats | langid")
        try shell.run("where stats.words > \"90\"")
        #expect(shell.ids == ["de-hafen"])
        #expect(shell.errors.contains("note: \"90\" compared as the number 90, as stats.words holds numbers"))
        try shell.run("reset")
        let text = #expect(throws: ShellError.self) { try shell.run("where stats.words > abc") }
        #expect(text?.message == "stats.words holds numbers, and 'abc' is not one: '>' cannot compare them")
        let number = #expect(throws: ShellError.self) { try shell.run("where language.code >= 5") }
        #expect(number?.message.contains("holds text") == true)
        #expect(shell.ids.count == 7)
        // Text against text still orders as text.
        try shell.run("where language.code > \"he\"")
        #expect(shell.ids == ["ru-most"])
    }

    /// A defect a user hit: of two JSONL records with one id, the first lost its results.
    @Test func documentsThatShareAnIdEachKeepTheirResults() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            {"id": "a", "text": "Bonjour tout le monde, comment allez-vous aujourd'hui ?"}
            {"id": "a", "text": "Guten Morgen, wie geht es Ihnen heute?"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try SessionHarness(loadExamples: false)
        try shell.run("load \(path); langid")
        #expect(shell.session.corpus.map { $0.annotations["language"]?["code"]?.stringValue } == ["fr", "de"])
    }

    /// A defect a user hit: `source ~/x.lector` said "no such file" for a file that is there but not UTF-8.
    @Test func sourceSaysAFileIsNotUTF8() throws {
        let name = "lector-\(UUID().uuidString).lector"
        let path = NSTemporaryDirectory() + name
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x6C, 0x73, 0xFF, 0xFE, 0x0A]))
        let shell = try SessionHarness(loadExamples: false)
        let error = #expect(throws: ShellError.self) { try shell.run("source ~/\(name)") }
        #expect(error?.message == "cannot read ~/\(name): not UTF-8 text")
    }

    /// Defects a user hit: `load` errors named the batch flags (--encoding, --lossy,
    /// --text-field), `help load` left out text-field=, and `lossyy` was taken for a path.
    @Test func loadSpeaksInItsOwnOptions() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x61, 0x75, 0x0A]))
        let shell = try SessionHarness()
        let encoding = #expect(throws: ShellError.self) { try shell.run("load \(path)") }
        #expect(encoding?.message.contains("encoding=NAME") == true && encoding?.message.contains("or lossy to replace") == true)
        #expect(encoding?.message.contains("--") == false)
        #expect(try shell.run("help load").contains("text-field=NAME"))
        let typo = #expect(throws: ShellError.self) { try shell.run("load \(SessionHarness.articles) lossyy") }
        #expect(typo?.suggestion == "lossy")
        #expect(shell.session.corpus.count == 7)
    }

    @Test func undoStepsBackOneFilterAtATime() throws {
        let shell = try SessionHarness()
        try shell.run("stats | where stats.words > 60 | sort stats.words desc")
        let sorted = shell.ids
        try shell.run("head 2")
        try shell.run("undo")
        #expect(shell.ids == sorted)
        try shell.run("undo")
        #expect(Set(shell.ids) == Set(sorted) && shell.ids != sorted)
        try shell.run("undo")
        #expect(shell.ids.count == 7)
        try shell.run("head 1; reset; undo")
        #expect(shell.ids == ["ar-mawsim"])
        try shell.run("undo")
        #expect(shell.ids.count == 7)
        #expect(throws: ShellError.self) { try shell.run("undo") }
    }

    @Test func namedViewsRunTheirFiltersAgainOnUse() throws {
        let shell = try SessionHarness()
        #expect(try shell.run("view long = where stats.words > 80 | sort id") == "view long = where stats.words > 80 | sort id\n")
        // The filters read what the documents hold when the view is used: no stats yet.
        let early = #expect(throws: ShellError.self) { try shell.run("head 3; use long") }
        #expect(early?.message == "view long (where stats.words > 80 | sort id): no document has a field 'stats.words'")
        #expect(shell.ids.count == 3)
        try shell.run("reset; stats; use long")
        #expect(shell.ids == ["de-hafen", "en-library", "ru-most"].filter { id in shell.session.corpus.first { $0.id == id }!.annotations["stats"]!["words"]!.doubleValue! > 80 })
        #expect(!shell.ids.isEmpty)
        try shell.run("undo")
        #expect(shell.ids.count == 7)
        #expect(try shell.run("views").contains("long  where stats.words > 80 | sort id"))
        let unknown = #expect(throws: ShellError.self) { try shell.run("use lng") }
        #expect(unknown?.suggestion == "long")
        #expect(throws: ShellError.self) { try shell.run("view bad = stats") }
        #expect(throws: ShellError.self) { try shell.run("view bad = where (") }
        #expect(throws: ShellError.self) { try shell.run("view = where x") }
    }

    /// A defect a user hit: `head 100` still showed 50 rows.
    @Test func headAndSetRowsDecideHowManyRowsAreShown() throws {
        let shell = try SessionHarness()
        try shell.run("set rows 2")
        let two = try shell.run("ls")
        #expect(two.contains("#2  de-hafen") && !two.contains("#3") && two.contains("… 5 more"))
        let five = try shell.run("head 5 | ls")
        #expect(five.contains("#5  fr-velo") && !five.contains("more"))
        try shell.run("reset; set rows all")
        #expect(try shell.run("ls").contains("#7  ru-most"))
        #expect(throws: ShellError.self) { try shell.run("set rows 0") }
    }

    @Test func aQuestionMarkIsHelp() throws {
        let shell = try SessionHarness()
        #expect(try shell.run("?") == (try shell.run("help")))
        #expect(try shell.run("? load").contains("text-field=NAME"))
    }

    @Test func countByDrawsBarsOnATerminalOnly() throws {
        let shell = try SessionHarness()
        try shell.run("langid")
        #expect(!(try shell.run("count by language.code")).contains("█"))
        shell.session.isTerminal = true
        shell.session.settings.colour = .off
        let lines = try shell.run("count by language.code").split(separator: "\n")
        #expect(lines.count == 9 && lines[2].contains("█"))
    }

    /// Defects a user hit: `ls` read all of a 100 MB one-line document; cut headers such as
    /// `lan…` and `lang…` could not be told apart; `help` cut its own table; `show ID FIELD`
    /// did not wrap; the caret under a word of a very long line landed elsewhere.
    @Test func outputFitsTheScreen() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try String(repeating: "word ", count: 400_000).write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try SessionHarness(loadExamples: false)
        try shell.run("load \(path); set width 80")
        let listing = try shell.run("ls")
        #expect(listing.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(listing.contains("2000000"))
        try shell.run("load \(SessionHarness.articles); langid")
        let header = try #require(try shell.run("set width 40; table id language.code language.confidence").split(separator: "\n").first)
        #expect(header.contains("language.code") && header.contains("l.confidence"))
        try shell.run("set width 60")
        let help = try shell.run("help")
        for spec in Commands.all { #expect(help.contains(spec.usage)) }
        #expect(help.contains("Read documents into the session, replacing the current") && !help.contains("…"))
        let text = try shell.run("show en-library text")
        #expect(text.split(separator: "\n").count > 3 && text.split(separator: "\n").allSatisfy { $0.count <= 60 })
        let long = "where " + String(repeating: "language.code == \"de\" or ", count: 10) + "bogus == 1"
        let error = #expect(throws: ShellError.self) { try shell.run(long) }
        let described = shell.session.describe(try #require(error), line: long)
        let lines = described.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].count <= 60)
        let caret = try #require(lines[2].firstIndex(of: "^"))
        let column = lines[2].distance(from: lines[2].startIndex, to: caret)
        #expect(Array(lines[1])[column...].starts(with: "bogus"))
    }

    @Test func everyTableFollowsTheOutputMode() throws {
        let shell = try SessionHarness()
        try shell.run("langid | where language.code == \"de\" or language.code == \"fr\"")
        try shell.run("set output csv")
        #expect(try shell.run("count by language.code") == "language.code,count\nde,1\nfr,1\n")
        #expect(try shell.run("table id language.code") == "id,language.code\nde-hafen,de\nfr-velo,fr\n")
        #expect(try shell.run("sql select id, 'a,\"b' as odd from documents where id = 'de-hafen'") == "id,odd\nde-hafen,\"a,\"\"b\"\n")
        try shell.run("set output expanded")
        let expanded = try shell.run("ls")
        #expect(expanded.hasPrefix("-[ 1 ]---") && expanded.contains("\nid       | de-hafen\n"))
        try shell.run("set output json")
        #expect(try shell.run("views") == "no named views: `view NAME = where ... | sort ...` makes one\n")
        #expect(try shell.run("sql select count(*) as n from documents") == "{\"n\":\"7\"}\n")
        let bad = #expect(throws: ShellError.self) { try shell.run("set output xml") }
        #expect(bad?.message.contains("table, expanded, csv, json, line") == true)
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
        #expect(try shell.run("ls").contains("id = ar-mawsim"))  // every table follows the output mode
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
        #expect(try shell.session.documentsInView.count == 2)
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
