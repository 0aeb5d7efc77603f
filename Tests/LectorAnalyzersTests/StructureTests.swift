import Foundation
import LectorKit
import LectorTestSupport
import Testing
@testable import LectorAnalyzers

@Suite("structure")
struct StructureTests {
    let cues: CueLexicon

    init() throws { cues = try CueLexicon.shipped() }

    func structure(_ text: String) -> Structure { StructureAnalyzer.structure(of: text, cues: cues) }

    /// On a web page, lines the markup puts in furniture (a menu, a share or comment block) are
    /// boilerplate whatever their shape; markup for other lines than the text's is not used.
    @Test func markupFurnitureIsBoilerplate() {
        let text = """
            The harbour reopens after two years
            The old harbour opened again on Thursday, after two years of repairs that cost the town more than it had planned.
            Readers who liked this story also read about the new ferry line, which opens next spring for visitors.
            Fishing boats were the first to come in, and the ferry follows next week, the harbour master said to reporters.
            """
        let plain = StructureAnalyzer.structure(of: text, cues: cues)
        #expect(plain.body.count == 3)
        let markup = PageMarkup(furniture: [false, false, true, false], linkShare: [0, 0, 0, 0])
        let read = StructureAnalyzer.structure(of: text, cues: cues, markup: markup)
        #expect(read.title == "The harbour reopens after two years")
        #expect(read.body.count == 2 && !read.body.contains { $0.hasPrefix("Readers") })
        #expect(read.boilerplate.contains { $0.hasPrefix("Readers") })
        let mismatched = PageMarkup(furniture: [true], linkShare: [1])
        #expect(StructureAnalyzer.structure(of: text, cues: cues, markup: mismatched).body == plain.body)
    }

    /// A web page as the HTML reader gives it: text, markup and `page` fields.
    func page(_ name: String) throws -> Document {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/html/\(name).html").path
        let page = HTMLPage(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        var document = Document(id: name, text: page.text, metadata: ["page": .object(page.page)])
        document.markup = page.markup
        return document
    }

    /// The article of a page whose title is said twice (over a photo gallery, then over the
    /// article), with a byline, a subheading, a most-read column of running text and comments:
    /// expected lines written down before the code ran.
    @Test func aWebPageGivesItsArticleFromTheMarkup() throws {
        var document = try page("gallery")
        try StructureAnalyzer(options: AnalyzerOptions(defaultsFor: StructureAnalyzer.descriptor)).analyze(&document)
        let found = try #require(document[StructureKey.self])
        #expect(found.title == "Ferry service to the islands resumes after storm")
        #expect(found.body.map { String($0.prefix(40)) } == [
            "The ferry to the outer islands sailed ag", "Harbour master Jonas Berg said the repai", "What changes for passengers",
            "Until the second pontoon is replaced, ca", "Tickets bought for cancelled crossings c",
        ])
        for outside in ["The ferry Margarethe", "Passengers wait", "Council votes", "A bakery", "Finally!", "Forty minutes"] {
            #expect(found.boilerplate.contains { $0.hasPrefix(outside) }, "\(outside)")
        }
        // The same text without its markup cannot tell the gallery's captions from the article.
        let plain = StructureAnalyzer.structure(of: document.text, cues: cues)
        #expect(plain.body.contains { $0.hasPrefix("The ferry Margarethe") })
    }

    /// A ticker block in a page's markup is read as a ticker, beside the article.
    @Test func aTickerBlockInAWebPage() throws {
        var document = try page("ticker")
        try StructureAnalyzer(options: AnalyzerOptions(defaultsFor: StructureAnalyzer.descriptor)).analyze(&document)
        try TickerAnalyzer(options: AnalyzerOptions(defaultsFor: TickerAnalyzer.descriptor)).analyze(&document)
        let found = try #require(document[StructureKey.self])
        #expect(found.title == "Hafen: Streik legt Terminals lahm")
        #expect(found.body.count == 2 && found.body[0].hasPrefix("Seit dem frühen Morgen"))
        let items = try #require(document[TickerKey.self]).items
        #expect(items.map(\.time) == ["10:32", "10:15", "09:58", "09:40"])
        #expect(items.first?.headline == "Streik im Hamburger Hafen ausgeweitet")
    }

    func roles(_ result: Structure) -> [Int: Structure.Role] {
        Dictionary(uniqueKeysWithValues: result.lines.map { ($0.line, $0.role) })
    }

    /// Expected per seed: the title, the ticker lines, and the boilerplate lines.
    static let seedExpectations: [(prefix: String, title: String?, ticker: ClosedRange<Int>?, boilerplate: [Int], date: String?)] = [
        ("000", "Stärkung der militärischen Beziehungen: Aserbaidschan und Marokko ratifizieren Abkommen zur Verteidigungskooperation", 1...9, [10, 17], nil),
        ("001", "חיזוק הקשרים הצבאיים: אזרבייג'ן ומרוקו אשררו את הסכם שיתוף הפעולה הביטחוני", 1...9, [10, 17], nil),
        ("002", "المملكة المغربية", nil,
         [1, 15, 17, 21, 23, 25, 27, 28, 29, 30, 31, 33, 35, 36, 37, 38, 40, 42, 43, 44, 45, 47, 49, 50, 51, 52, 54, 56, 57, 58, 59, 61, 63, 64, 65, 66, 68, 70, 71, 72, 73, 74],
         nil),
        ("003", "Азербайджан усиливает военные связи с африканским партнером США - АНАЛИТИКА", nil, [3, 29, 30, 34, 35], "2024-10-30"),
        ("004", "المغرب يوقع اتفاقيتين للتعاون العسكري مع أذربيجان والتشيك", nil, [], nil),
    ]

    @Test(.enabled(if: SharedData.seeds != nil, "skipped: ../shared/seeds is not beside this checkout"))
    func seedArticles() throws {
        let seeds = try #require(SharedData.seeds)
        for expected in Self.seedExpectations {
            let text = try #require(seeds.first { $0.name.hasPrefix(expected.prefix) }).text
            let result = structure(text)
            let roles = roles(result)
            #expect(result.title == expected.title, "\(expected.prefix)")
            #expect(result.date == expected.date, "\(expected.prefix)")
            let tickerLines = roles.filter { $0.value == .ticker }.keys.sorted()
            #expect(tickerLines == (expected.ticker.map(Array.init) ?? []), "\(expected.prefix): ticker lines")
            let boilerplate = roles.filter { $0.value == .boilerplate }.keys.sorted()
            #expect(boilerplate == expected.boilerplate, "\(expected.prefix): boilerplate lines")
            #expect(!result.body.isEmpty, "\(expected.prefix)")
        }
    }

    @Test func tickerAfterNormalizeDoesNotReuseWhatStructureFoundBeforeIt() throws {
        // Zero-width spaces in the first item: normalize removes them, which moves every later offset.
        let text = "Nachrichten\n15:21 Erste\u{200B} Meldung\u{200B} zum Pakt\n15:40 Zweite Meldung\n"
        func ticker(_ steps: [any Analyzer]) throws -> [TickerItem] {
            var document = Document(id: "t", text: text)
            for step in steps { try step.analyze(&document) }
            return try #require(document[TickerKey.self]).items
        }
        let reused = try ticker([StructureAnalyzer.configured(), NormalizeAnalyzer.configured(), TickerAnalyzer.configured()])
        let fresh = try ticker([NormalizeAnalyzer.configured(), TickerAnalyzer.configured()])
        #expect(reused == fresh)
        #expect(reused.last?.span.start == 47)
    }

    @Test(.enabled(if: SharedData.seeds != nil, "skipped: ../shared/seeds is not beside this checkout"))
    func seedTickersHaveTheirTimesAndHeadlines() throws {
        let seeds = try #require(SharedData.seeds)
        for prefix in ["000", "001"] {
            let text = try #require(seeds.first { $0.name.hasPrefix(prefix) }).text
            var document = Document(id: prefix, text: text)
            try TickerAnalyzer.configured().analyze(&document)
            let items = try #require(document[TickerKey.self]).items
            #expect(items.count == 9, "\(prefix)")
            // The item is the line minus "- HH:MM", time and text alike.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for item in items {
                let line = lines[item.line - 1]
                #expect(line.hasPrefix("- \(item.time)"), "\(prefix) line \(item.line)")
                #expect(String(line.dropFirst(7)).trimmingWhitespace() == item.headline, "\(prefix) line \(item.line)")
            }
        }
    }

    /// Articles written for these tests (Tests/Fixtures/structure: every ticker format, 13
    /// languages, three without a ticker), ones written after the rules were settled
    /// (structure-heldout), and pages in twenty languages written before the cue lexicon covered
    /// them (structure-languages). Prints precision and recall of ticker items and boilerplate
    /// lines, and of boilerplate by language (the file name's prefix).
    @Test(arguments: ["structure", "structure-heldout", "structure-languages", "structure-languages-later"])
    func fixtureArticles(folder: String) throws {
        var ticker = Tally()
        var boilerplate = Tally()
        var byLanguage: [String: Tally] = [:]
        let fixtures = try StructureFixture.all(in: folder)
        #expect(fixtures.count >= 4)
        for fixture in fixtures {
            let name = fixture.name
            var document = Document(id: name, text: fixture.text)
            try StructureAnalyzer.configured().analyze(&document)
            try TickerAnalyzer.configured().analyze(&document)
            let result = try #require(document[StructureKey.self])
            #expect(result.title == fixture.expected["title"]?.stringValue, "\(name)")
            #expect(result.date == fixture.expected["date"]?.stringValue, "\(name)")

            let items = Set(try #require(document[TickerKey.self]).items.map { "\($0.line) \($0.time) \($0.headline)" })
            let wantedItems = Set((fixture.expected["ticker"]?.arrayValue ?? []).map {
                "\($0["line"]?.intValue ?? 0) \($0["time"]?.stringValue ?? "") \($0["headline"]?.stringValue ?? "")"
            })
            ticker.add(found: items, expected: wantedItems)
            #expect(items == wantedItems, "\(name): ticker")

            let lines = Set(result.lines.filter { $0.role == .boilerplate }.map(\.line))
            let wantedLines = Set(fixture.lines("boilerplate"))
            boilerplate.add(found: lines, expected: wantedLines)
            byLanguage[fixture.language, default: Tally()].add(found: lines, expected: wantedLines)
            #expect(lines == wantedLines, "\(name): boilerplate lines")
            #expect(lines.isDisjoint(with: fixture.lines("body")), "\(name): body lines taken for boilerplate")
        }
        print("""
            \(folder) (\(fixtures.count) articles): ticker items \(ticker.summary) (\(ticker.expected) items); \
            boilerplate lines \(boilerplate.summary) (\(boilerplate.expected) lines)
            """)
        if folder.hasPrefix("structure-languages") {
            for (language, tally) in byLanguage.sorted(by: { $0.key < $1.key }) {
                print("  \(language): boilerplate lines \(tally.summary) (\(tally.expected) lines)")
            }
        }
    }

    /// Each cue line of the pages in many languages (a comment counter, share, follow-us and
    /// newsletter prompts, read-more and related headers) is flagged on its own: after the page's
    /// title and body with nothing else, where no related-news list or neighbour can carry it.
    @Test(arguments: ["structure-languages", "structure-languages-later"])
    func cueLinesAreFlaggedOnTheirOwn(folder: String) throws {
        var flagged = 0, total = 0
        for fixture in try StructureFixture.all(in: folder) {
            let lines = fixture.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let title = try #require(fixture.expected["title"]?.stringValue)
            let body = fixture.lines("body").map { lines[$0 - 1] }
            var missed: [String] = []
            for number in fixture.lines("cues") {
                let page = ([title] + body + [lines[number - 1]]).joined(separator: "\n")
                let result = structure(page)
                let role = result.lines.first { $0.line == body.count + 2 }?.role
                if role == .boilerplate { flagged += 1 } else { missed.append(lines[number - 1]) }
                total += 1
                #expect(result.title == title, "\(fixture.name): the title, with \(lines[number - 1])")
                #expect(result.lines.filter { $0.role == .body }.count == body.count, "\(fixture.name): the body, with \(lines[number - 1])")
            }
            #expect(missed.isEmpty, "\(fixture.name): cue lines not flagged on their own: \(missed)")
        }
        print("\(folder): \(flagged) of \(total) cue lines flagged on their own")
    }

    /// Running text and headlines in every language langid knows (../shared/data/langid: NTREX-128
    /// news with its headlines, UDHR, Vuk'uzenzele; langid-extra), each line alone as a page:
    /// none may be taken for boilerplate by a cue or a counter. Prints how many lines were read
    /// and the few flagged, by language.
    @Test(.enabled(if: SharedData.root != nil, "skipped: ../shared/data is not beside this checkout"))
    func cuesFlagNoLineOfRunningText() throws {
        let root = try #require(SharedData.root) + "/data"
        var files: [(language: String, path: String)] = []
        for folder in ["langid", "langid-extra"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
            for name in names.sorted() where name.hasSuffix(".txt") {
                files.append((String(name.prefix { $0 != "." && $0 != "-" }), root + "/" + folder + "/" + name))
            }
        }
        var read = 0
        var flagged: [String: [String]] = [:]
        for file in files {
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            for line in text.split(separator: "\n").prefix(3000) where line.count <= 300 {
                read += 1
                let result = structure(String(line))
                if result.lines.contains(where: { $0.role == .boilerplate }) { flagged[file.language, default: []].append(String(line)) }
            }
        }
        let count = flagged.values.map(\.count).reduce(0, +)
        print("running text: \(count) of \(read) lines in \(Set(files.map(\.language)).count) languages taken for boilerplate")
        for (language, lines) in flagged.sorted(by: { $0.key < $1.key }) {
            print("  \(language) \(lines.count): \(lines.prefix(8).joined(separator: " | "))")
        }
        #expect(Double(count) <= Double(read) * 0.0005, "more than 1 line in 2,000 of running text taken for boilerplate")
    }

    /// A word or two and a count in brackets is a counter in any script and digits, with no
    /// lexicon: the words here are in no cue list ("Zorblats" is no word at all).
    @Test(arguments: [
        "Zorblats (12)", "Reakcje [4]", "Vélemények (8)", "Կարծիքներ (3)", "प्रतिक्रियाएँ (५)", "মতামত (১২)", "آراء القراء (٧)",
        "نظرات (۰)", "Коментарі (9)", "ความเห็น (2)", "評論（3）", "Views [1.2K]", "💬 Antworten (0)",
    ])
    func bracketCountersAreCountersWithoutALexicon(line: String) {
        #expect(StructureLine.isBracketCounter(line))
        let page = "Ein Titel für den Test\nDer Text des Artikels ist lang genug, um als Absatz zu gelten, und endet mit einem Punkt.\n" + line
        #expect(structure(page).lines.last?.role == .boilerplate, "\(line)")
    }

    @Test(arguments: [
        "Chapter 2", "(12)", "Comments", "12 (3)", "Brexit, explained (2)", "Three words and more here (2)", "Gol (2-1)", "Wert (3a)",
        "The library later printed them as a small book (2019).",
    ])
    func otherLinesAreNotBracketCounters(line: String) {
        #expect(!StructureLine.isBracketCounter(line))
    }

    /// Between two paragraphs of the body, "Chapter (2)" is a heading; above the body or after
    /// its last paragraph, a word and a count are a counter.
    @Test func aBracketCounterInsideTheBodyIsAHeading() {
        let first = "Der Text des Artikels ist lang genug, um als Absatz zu gelten, und endet mit einem Punkt."
        let second = "Der zweite Absatz geht nach der Überschrift weiter und endet ebenfalls mit einem Punkt."
        let result = structure(["Ein Titel für den Test", "Zorblats (3)", first, "Chapter (2)", second, "Zorblats [4]"].joined(separator: "\n"))
        #expect(result.lines.map(\.role) == [.title, .boilerplate, .body, .body, .body, .boilerplate])
    }

    /// A byline cue starts a byline only when a name follows it: "Von der Leyen besucht Kiew"
    /// and "Per il governo è una vittoria" stay titles; "Γράφει ο ...", "김민수 기자" are bylines.
    @Test(arguments: [
        ("Von der Leyen besucht Kiew", false), ("Von Anna Schmidt", true), ("Per il governo", false), ("Autor: Jan Nowak", true),
        ("Autor do ataque preso", false), ("Γράφει ο Γιώργος Παπαδόπουλος", true), ("김민수 기자", true), ("ავტორი: ნინო ბერიძე", true),
        ("নিজস্ব প্রতিবেদক", true),
    ])
    func bylinesNeedAName(line: String, isByline: Bool) {
        let text = [line, "Der Text des Artikels ist lang genug, um als Absatz zu gelten, und endet mit einem Punkt."].joined(separator: "\n")
        #expect((structure(text).lines.first?.role == .byline) == isByline, "\(line)")
    }

    /// A read-more line that links one article ("Читайте також: ...") is boilerplate inside the
    /// body, but does not start the page's tail: the short paragraph after it stays body.
    @Test func aReadAlsoLineInTheBodyDoesNotEndIt() {
        let result = structure([
            "Нацбанк залишив облікову ставку без змін",
            "Національний банк України в четвер ухвалив рішення зберегти облікову ставку на рівні 13 відсотків.",
            "Читайте також: Гривня зміцнилася на міжбанку",
            "Банкіри очікують, що ставка не зміниться до кінця року.",
        ].joined(separator: "\n"))
        #expect(result.lines.map(\.role) == [.title, .body, .boilerplate, .body])
    }

    /// Every language langid knows has cue phrases of each kind the page furniture needs.
    @Test func theLexiconCoversEveryLanguage() throws {
        for kind in [Cue.comments, .readAlso, .related, .share, .social, .newsletter] {
            #expect(cues.languages(of: kind).isSuperset(of: Set(Languages.names.keys)), "\(kind)")
        }
    }

    @Test func bodyParagraphsJoinHardWrappedLinesButNotSubheadings() {
        let text = """
            Ein Titel für den Test
            Dies ist ein langer Absatz, der in der Mitte einer Zeile umbrochen wurde, weil
            der Text aus einer E-Mail stammt und so weiter geht bis zum Ende des Satzes.
            Zwischentitel
            Der nächste Absatz beginnt hier und endet auch ordentlich mit einem Punkt am Ende.
            """
        let result = structure(text)
        #expect(result.title == "Ein Titel für den Test")
        #expect(result.body.count == 3)
        #expect(result.body.first?.hasSuffix("Ende des Satzes.") == true)
        #expect(result.body[1] == "Zwischentitel")
    }

    @Test func emptyAndOneLineTexts() {
        #expect(structure("").body.isEmpty && structure("").title == nil)
        #expect(structure("   \n\n").lines.isEmpty)
        let headline = structure("Marokko und Aserbaidschan vereinbaren Zusammenarbeit")
        #expect(headline.title == "Marokko und Aserbaidschan vereinbaren Zusammenarbeit")
    }

    @Test func articleTextIsTitleAndBodyWhenStructureRan() {
        var document = Document(id: "x", text: "Folgen Sie uns auf Facebook\nEin Titel hier\nDer Text des Artikels ist lang genug, um als Absatz zu gelten, und endet mit einem Punkt.\nKommentare (0)")
        #expect(document.articleText == document.text)
        document[StructureKey.self] = structure(document.text)
        #expect(document.articleText == "Ein Titel hier\nDer Text des Artikels ist lang genug, um als Absatz zu gelten, und endet mit einem Punkt.")
    }

    @Test func jsonViewRoundTrips() throws {
        let result = structure("Ein Titel hier\n30. Oktober 2024\nDer Text des Artikels ist lang genug, um als Absatz zu gelten, und endet mit einem Punkt.")
        #expect(result.date == "2024-10-30")
        #expect(try Structure(jsonValue: result.jsonValue) == result)
        // The direct writer writes the same JSON as the view.
        for text in ["", "x", "Von Anna Schmidt\nTitel\n# 14:25\nText \"zitiert\" mit genug Wörtern für einen Absatz am Ende."] {
            let value = structure(text)
            var writer = JSONWriter()
            value.writeJSON(into: &writer)
            #expect(writer.string == value.jsonValue.jsonText)
        }
    }
}

/// A page of Tests/Fixtures/FOLDER with what it should give (NAME.expected.json).
struct StructureFixture {
    var name: String
    var text: String
    var expected: JSONValue

    /// The language: the file name up to its first hyphen.
    var language: String { String(name.prefix { $0 != "-" }) }

    /// Line numbers listed under `key`.
    func lines(_ key: String) -> [Int] { (expected[key]?.arrayValue ?? []).compactMap(\.intValue) }

    static func all(in folder: String) throws -> [StructureFixture] {
        let directory = TestPaths.repository + "/Tests/Fixtures/" + folder
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".txt") }.sorted()
        return try names.map { name in
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            let json = try String(contentsOfFile: directory + "/" + name.replacingOccurrences(of: ".txt", with: ".expected.json"), encoding: .utf8)
            return StructureFixture(name: name, text: text, expected: try JSONParser.parse(json))
        }
    }
}

/// Precision and recall of what was found against what was expected.
struct Tally {
    var found = 0, right = 0, expected = 0

    mutating func add<Item: Hashable>(found: Set<Item>, expected: Set<Item>) {
        self.found += found.count
        right += found.intersection(expected).count
        self.expected += expected.count
    }

    var summary: String {
        func rate(_ part: Int, _ whole: Int) -> String { whole == 0 ? "n/a" : String(format: "%.3f", Double(part) / Double(whole)) }
        return "precision \(rate(right, found)) recall \(rate(right, expected))"
    }
}

@Suite("ticker")
struct TickerTests {
    func parse(_ line: String) -> (String, String)? {
        let scalars = Array(line.unicodeScalars)
        return TickerLine.parse(scalars).map { ($0.time, String(String.UnicodeScalarView(scalars[$0.headline]))) }
    }

    @Test(arguments: [
        ("- 15:21Historisches Abkommen unterzeichnet", "15:21", "Historisches Abkommen unterzeichnet"),
        ("15:21 Historisches Abkommen unterzeichnet", "15:21", "Historisches Abkommen unterzeichnet"),
        ("15:21 – Historisches Abkommen unterzeichnet", "15:21", "Historisches Abkommen unterzeichnet"),
        ("[15:21] Historisches Abkommen unterzeichnet", "15:21", "Historisches Abkommen unterzeichnet"),
        ("15:21 | Historisches Abkommen unterzeichnet", "15:21", "Historisches Abkommen unterzeichnet"),
        ("• 15:21 | Historisches Abkommen unterzeichnet", "15:21", "Historisches Abkommen unterzeichnet"),
        ("Historisches Abkommen unterzeichnet (15:21)", "15:21", "Historisches Abkommen unterzeichnet"),
        ("15h21 Le parlement adopte la réforme", "15:21", "Le parlement adopte la réforme"),
        ("3:05 PM Port of Tangier posts record traffic", "15:05", "Port of Tangier posts record traffic"),
        ("12:10 AM Port of Tangier posts record traffic", "00:10", "Port of Tangier posts record traffic"),
        ("30.10.2024, 11:20 Uhr Bundestag debattiert den Haushalt", "11:20", "Bundestag debattiert den Haushalt"),
        ("11.20 Uhr Bundestag debattiert den Haushalt", "11:20", "Bundestag debattiert den Haushalt"),
        ("١٥:٢١ – المغرب يسجل رقما قياسيا في الصادرات", "15:21", "المغرب يسجل رقما قياسيا في الصادرات"),
        ("۱۵:۲۱ مجلس لایحه بودجه را تصویب کرد", "15:21", "مجلس لایحه بودجه را تصویب کرد"),
        ("- 14:02כוחות ישראליים עוצרים את מנהל בית החולים", "14:02", "כוחות ישראליים עוצרים את מנהל בית החולים"),
    ])
    func readsEveryFormat(line: String, time: String, headline: String) throws {
        let parsed = try #require(parse(line))
        #expect(parsed.0 == time && parsed.1 == headline)
    }

    @Test(arguments: [
        "15:21 traf der Zug in Rostock ein, eine Stunde zu spät.",  // a sentence, not an item
        "25:10 Eine unmögliche Uhrzeit im Text",
        "12:345 Zahlen sind keine Uhrzeit",
        "10.30 Millionen Euro fehlen im Haushalt",
        "2024 wurde das Abkommen unterzeichnet",
        "# 14:25",
        "15:21",
        "Um 15:21 Uhr traf der Zug ein.",
    ])
    func otherLinesAreNotItems(line: String) {
        #expect(parse(line) == nil)
    }

    func run(_ text: String, _ options: [String: String] = [:]) throws -> Document {
        var document = Document(id: "doc", text: text)
        let arguments = options.map { OptionArgument(key: $0.key, value: $0.value) }
        try TickerAnalyzer(options: AnalyzerOptions(parsing: arguments, for: TickerAnalyzer.descriptor)).analyze(&document)
        return document
    }

    @Test func aLoneItemShapedLineIsNotATickerUnlessAsked() throws {
        let text = "Ein Titel\n15:21 Uhr Der Zug fuhr ab und kam spät an.\nMehr Text hier."
        #expect(try run(text)[TickerKey.self]?.items.isEmpty == true)
        #expect(try run(text, ["min-run": "1"])[TickerKey.self]?.items.count == 1)
    }

    @Test func explodeMakesChildDocumentsWithTimeAndParent() throws {
        let text = "- 15:21Erste Schlagzeile des Tages\n\n- 14:40Zweite Schlagzeile des Tages\nTitel"
        let document = try run(text, ["explode": "true"])
        #expect(document[TickerKey.self]?.items.map(\.line) == [1, 3])
        #expect(document.children.map(\.id) == ["doc/ticker-1", "doc/ticker-2"])
        #expect(document.children.map(\.text) == ["Erste Schlagzeile des Tages", "Zweite Schlagzeile des Tages"])
        #expect(document.children.allSatisfy { $0.parentID == "doc" })
        #expect(document.children.first?.metadata["time"] == .string("15:21"))
        #expect(document.children.last?.source.line == 3)
    }

    @Test func spansPointAtTheHeadlineInTheDocument() throws {
        let text = "Kopf\n- 15:21Erste Schlagzeile des Tages\n- 14:40Zweite Schlagzeile des Tages"
        let items = try #require(try run(text)[TickerKey.self]).items
        let scalars = Array(text.unicodeScalars)
        for item in items {
            #expect(String(String.UnicodeScalarView(scalars[item.span.start..<item.span.end])) == item.headline)
        }
    }
}

@Suite("dates")
struct DateTests {
    @Test(arguments: [
        ("30 октября 2024", "2024-10-30"),
        ("الأربعاء 30 أكتوبر 2024", "2024-10-30"),
        ("الأربعاء ٣٠ أكتوبر ٢٠٢٤", "2024-10-30"),
        ("30 تشرين الأول 2024", "2024-10-30"),
        ("30. Oktober 2024", "2024-10-30"),
        ("Mittwoch, 30. Oktober 2024, 14:25 Uhr", "2024-10-30"),
        ("October 30, 2024", "2024-10-30"),
        ("Oct. 30 2024", "2024-10-30"),
        ("30th October 2024", "2024-10-30"),
        ("30 de octubre de 2024", "2024-10-30"),
        ("1er novembre 2024", "2024-11-01"),
        ("30 באוקטובר 2024", "2024-10-30"),
        ("30 Ekim 2024 Çarşamba", "2024-10-30"),
        ("2024-10-30", "2024-10-30"),
        ("30.10.2024", "2024-10-30"),
        ("10/30/2024", "2024-10-30"),
        ("29.02.2024", "2024-02-29"),
    ])
    func findsDates(text: String, iso: String) {
        #expect(DateFinder.dates(in: text).first?.iso == iso)
    }

    @Test(arguments: ["31.02.2024", "29.02.2023", "30 Octember 2024", "Platz 67 in der Weltrangliste", "3.200-Dollar-Marke", "13/13/2024"])
    func rejectsWhatIsNotADate(text: String) {
        #expect(DateFinder.dates(in: text).isEmpty)
    }

    @Test func spansCountScalars() throws {
        let text = "Berlin, 30. Oktober 2024 – Der Text"
        let date = try #require(DateFinder.dates(in: text).first)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[date.span.start..<date.span.end])) == "30. Oktober 2024")
    }

    @Test func analyzerPrefersADatelineForThePublicationDate() throws {
        var document = Document(id: "d", text: "Ein Rückblick auf den 3. Oktober 2023 und seine Folgen\n30. Oktober 2024\nText vom 1. November 2024.")
        try DatesAnalyzer.configured().analyze(&document)
        let dates = try #require(document[DatesKey.self])
        #expect(dates.published == "2024-10-30")
        #expect(dates.all.map(\.date) == ["2023-10-03", "2024-10-30", "2024-11-01"])
        #expect(try Dates(jsonValue: dates.jsonValue) == dates)
    }
}
