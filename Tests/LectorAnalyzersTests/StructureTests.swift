import Foundation
import LectorKit
import LectorTestSupport
import Testing
@testable import LectorAnalyzers

@Suite("structure")
struct StructureTests {
    func structure(_ text: String) -> Structure { StructureAnalyzer.structure(of: text) }

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
    /// languages, three without a ticker) and ones written after the rules were settled
    /// (structure-heldout). Prints precision and recall of ticker items and boilerplate lines.
    @Test(arguments: ["structure", "structure-heldout"])
    func fixtureArticles(folder: String) throws {
        let directory = TestPaths.repository + "/Tests/Fixtures/" + folder
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count >= 4)
        var ticker = (found: 0, right: 0, expected: 0)
        var boilerplate = (found: 0, right: 0, expected: 0)
        for name in names {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            let expectedData = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name.replacingOccurrences(of: ".txt", with: ".expected.json")))
            let expected = try JSONParser.parse(String(decoding: expectedData, as: UTF8.self))
            var document = Document(id: name, text: text)
            try StructureAnalyzer.configured().analyze(&document)
            try TickerAnalyzer.configured().analyze(&document)
            let result = try #require(document[StructureKey.self])
            #expect(result.title == expected["title"]?.stringValue, "\(name)")
            #expect(result.date == expected["date"]?.stringValue, "\(name)")

            let items = Set(try #require(document[TickerKey.self]).items.map { "\($0.line) \($0.time) \($0.headline)" })
            let wantedItems = Set((expected["ticker"]?.arrayValue ?? []).map {
                "\($0["line"]?.intValue ?? 0) \($0["time"]?.stringValue ?? "") \($0["headline"]?.stringValue ?? "")"
            })
            ticker.found += items.count
            ticker.right += items.intersection(wantedItems).count
            ticker.expected += wantedItems.count
            #expect(items == wantedItems, "\(name): ticker")

            let lines = Set(result.lines.filter { $0.role == .boilerplate }.map(\.line))
            let wantedLines = Set((expected["boilerplate"]?.arrayValue ?? []).compactMap(\.intValue))
            boilerplate.found += lines.count
            boilerplate.right += lines.intersection(wantedLines).count
            boilerplate.expected += wantedLines.count
            #expect(lines == wantedLines, "\(name): boilerplate lines")
        }
        func rate(_ part: Int, _ whole: Int) -> String { whole == 0 ? "n/a" : String(format: "%.3f", Double(part) / Double(whole)) }
        print("""
            \(folder) (\(names.count) articles): ticker items precision \(rate(ticker.right, ticker.found)) recall \(rate(ticker.right, ticker.expected)) \
            (\(ticker.expected) items); boilerplate lines precision \(rate(boilerplate.right, boilerplate.found)) \
            recall \(rate(boilerplate.right, boilerplate.expected)) (\(boilerplate.expected) lines)
            """)
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
