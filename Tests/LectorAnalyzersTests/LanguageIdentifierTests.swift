import Foundation
import LectorKit
import Testing
@testable import LectorAnalyzers

@Suite("langid")
struct LanguageIdentifierTests {
    func identifier(_ options: [String: String] = [:]) throws -> LanguageIdentifier {
        try LanguageIdentifier.configured(options)
    }

    /// A web page's declared language settles a close call and never outweighs the text; with
    /// hints, the user's priors are used instead.
    @Test func aPageDeclaredLanguageIsAHintNotTheAnswer() throws {
        func page(_ text: String, lang: String) -> Document {
            Document(id: "p", text: text, metadata: ["page": ["lang": .string(lang)]])
        }
        func code(_ document: Document, _ options: [String: String] = [:]) throws -> String? {
            var document = document
            try identifier(options).analyze(&document)
            return document[LanguageKey.self]?.code
        }
        let close = "Selamat pagi semua"
        #expect(try identifier().identify(close).code == "ms")
        #expect(try code(page(close, lang: "id-ID")) == "id")
        #expect(try code(page(close, lang: "ms")) == "ms")
        #expect(try code(page("Jeg kommer i morgen", lang: "nb")) == "nb")
        #expect(try code(page("Der Hafen von Rostock meldet einen Rekordumschlag.", lang: "en")) == "de")
        #expect(try code(page("Hvala vam puno", lang: "sr")) == "hr")
        #expect(try code(page(close, lang: "id"), ["hints": "ms:0.9"]) == "ms")
    }

    @Test func theModelIsLoadedOnceAndSharedByEveryInstance() throws {
        #expect(try identifier().model === identifier(["top": "1"]).model)
    }

    @Test func aModelAtAUserPathIsLoadedAndAReplacedFileIsReadAgain() throws {
        let shipped = try #require(Bundle.module.path(forResource: "langid", ofType: "bin", inDirectory: "Models"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lector-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("my-langid.bin").path
        try FileManager.default.copyItem(atPath: shipped, toPath: copy)
        let custom = try identifier(["model": copy])
        #expect(custom.identify("Der Hafen von Rostock meldet einen Rekordumschlag.").code == "de")
        #expect(custom.model !== (try identifier()).model)
        #expect(try identifier(["model": copy]).model === custom.model)
        // Trained again under the same name (a new file renamed into place): the next pipeline reads it.
        try FileManager.default.copyItem(atPath: shipped, toPath: copy + ".partial")
        #expect(rename(copy + ".partial", copy) == 0)
        let retrained = try identifier(["model": copy]).model
        #expect(retrained !== custom.model)
        // The same file touched (same inode, a later modification time) is read again too.
        var times = [timeval(tv_sec: time(nil) + 10, tv_usec: 0), timeval(tv_sec: time(nil) + 10, tv_usec: 0)]
        #expect(utimes(copy, &times) == 0)
        #expect(try identifier(["model": copy]).model !== retrained)
        // A file that is not a model is refused when the pipeline is built, with how to build one.
        let text = folder.appendingPathComponent("notes.txt").path
        try Data("not a model at all".utf8).write(to: URL(fileURLWithPath: text))
        let error = try #require(throws: OptionError.self) { try identifier(["model": text]) }
        #expect(error.option == "model")
        #expect(error.message == "model=\(text): \(text) is not a Lector language model (it does not start with LECTORLI); build one with python3 Scripts/langid/train.py DATA PATH (scripts/train-langid rebuilds the shipped one)")
        // In a pipeline, the caret is under the option.
        let pipelineText = "stats | langid model=\(text)"
        let pipelineError = try #require(throws: PipelineError.self) { try Pipeline(pipelineText, registry: BuiltInAnalyzers.registry()) }
        #expect(pipelineError.range == 15..<(pipelineText.count))
    }

    func code(_ text: String, _ options: [String: String] = [:]) throws -> String {
        try identifier(options).identify(text).code
    }

    @Test(arguments: [
        ("Der Hafen von Rostock meldet einen Rekordumschlag im dritten Quartal.", "de"),
        ("The central library reopened on Saturday after a long renovation.", "en"),
        ("La métropole de Lyon a inauguré mardi une piste cyclable.", "fr"),
        ("Новый мост через Волгу откроют к концу года.", "ru"),
        ("Новий міст через Дніпро відкриють до кінця року.", "uk"),
        ("Нови мост преко Саве биће отворен до краја године.", "sr"),
        ("Novi most preko Save biće otvoren do kraja godine, rekao je gradonačelnik.", "sr"),
        ("קו רכבת חדש יחבר את באר שבע לאילת", "he"),
        ("موسم الزيتون في شمال المغرب يبشر بإنتاج وفير", "ar"),
        ("نمایشگاه بین‌المللی کتاب تهران امروز گشایش یافت", "fa"),
        ("Η βιβλιοθήκη άνοιξε ξανά το Σάββατο", "el"),
        ("도서관이 토요일에 다시 문을 열었다", "ko"),
        ("図書館は土曜日に再開しました", "ja"),
        ("图书馆星期六重新开放了", "zh"),
    ])
    func identifiesSentences(text: String, expected: String) throws {
        #expect(try code(text) == expected)
    }

    /// Close languages: the twin model decides between them.
    @Test(arguments: [
        ("Regjeringen la fram statsbudsjettet i dag, og finansministeren sier at økonomien går bedre enn ventet.", "nb"),
        ("Regjeringa la fram statsbudsjettet i dag, og finansministeren seier at økonomien går betre enn venta.", "nn"),
        ("Pemerintah mengumumkan bahwa harga bahan bakar akan naik mulai bulan depan.", "id"),
        ("Kerajaan mengumumkan bahawa harga minyak akan dinaikkan mulai bulan hadapan.", "ms"),
    ])
    func tellsCloseLanguagesApart(text: String, expected: String) throws {
        let result = try identifier().identify(text)
        #expect(result.code == expected)
    }

    @Test func longTextsAndLongRunsWithoutSpaces() throws {
        // A run of Han characters longer than a word is scored in pieces; a long article is
        // decided by its first words and does not overflow.
        #expect(try code(String(repeating: "图书馆星期六重新开放了", count: 40)) == "zh")
        let article = String(repeating: "Der Hafen von Rostock meldet einen Rekordumschlag im dritten Quartal. ", count: 5000)
        let result = try identifier().identify(article)
        #expect(result.code == "de" && result.confidence > 0.99)
    }

    @Test func damagedModelFilesAreRefusedWithTheReason() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lector-langid-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        func refusal(_ bytes: [UInt8]) throws -> ModelError? {
            try Data(bytes).write(to: url)
            do {
                _ = try LanguageModel(file: ModelFile(path: url.path, format: LanguageModel.format))
                return nil
            } catch {
                return error
            }
        }
        let damaged = try refusal(Array("LECTORLI".utf8) + [5, 0, 0, 0] + [UInt8](repeating: 0, count: 64))
        #expect(damaged?.problem == .damaged("76 bytes, expected 72: truncated or written by another script"))
        let stale = try refusal(Array("LECTORLI".utf8) + [4, 0, 0, 0] + [UInt8](repeating: 0, count: 64))
        #expect(stale?.problem == .staleVersion(found: 4))
        #expect("\(stale.map(String.init(describing:)) ?? "")".contains("rebuild it with python3 Scripts/langid/train.py"))
        let other = try refusal(Array("NOTLECTR".utf8) + [5, 0, 0, 0])
        #expect(other?.problem == .notThisKind)
    }

    @Test func theDirectJSONWriterMatchesTheJSONView() throws {
        let langid = try identifier(["top": "3"])
        for text in ["Die Vereinigten Staaten fordern Verhandlungen", "Novi most preko Save", "図書館", "", "x"] {
            let result = langid.identify(text)
            var direct = JSONWriter()
            result.writeJSON(into: &direct)
            #expect(direct.string == result.jsonValue.jsonText, "\(text)")
        }
        for value in [0.0, 1.0, 0.5, 0.0294, 0.0296, 0.999, 0.9996, 0.1, 0.123456] {
            var writer = JSONWriter()
            writer.writeFraction(value)
            #expect(writer.string == JSONWriter.format((value * 1000).rounded() / 1000), "\(value)")
        }
    }

    @Test func textWithoutLettersIsUndetermined() throws {
        #expect(try code("12:45 — 3.200 $ !!!") == "und")
        #expect(try code("") == "und")
    }

    @Test func resultHasNameScriptConfidenceAndAlternatives() throws {
        let result = try identifier(["top": "3"]).identify("Die Vereinigten Staaten fordern Verhandlungen")
        #expect(result.code == "de" && result.name == "German" && result.script == "Latn")
        #expect(result.confidence > 0.5 && result.confidence <= 1)
        #expect(result.alternatives.count == 2)
        #expect(abs(result.confidence + result.alternatives.map(\.confidence).reduce(0, +)) <= 1.0001)
        let serbianLatin = try identifier().identify("Novi most preko Save biće otvoren do kraja godine, rekao je gradonačelnik.")
        #expect(serbianLatin.script == "Latn")
    }

    @Test func onlyRestrictsAndHintsShiftCloseCalls() throws {
        #expect(try code("Das ist gut", ["only": "nl,en"]) != "de")
        #expect(try code("موسم الزيتون", ["only": "de,fr"]) == "und")
        let hinted = try identifier(["hints": "nn:0.9"]).identify("Det er ein fin dag i dag")
        #expect(hinted.code == "nn")
        #expect(throws: OptionError.self) { try identifier(["hints": "de:2"]) }
        #expect(throws: OptionError.self) { try identifier(["hints": "xx:0.5"]) }
    }

    @Test func minConfidenceGivesUnd() throws {
        #expect(try code("taxi", ["min-confidence": "0.99"]) == "und")
    }

    @Test func segmentsFollowTheLanguagesOfLines() throws {
        let text = "Новый мост через Волгу откроют к концу года.\nThe bridge will open in December, the governor said.\nЖители опасаются роста шума."
        var document = Document(id: "m", text: text)
        try identifier(["mode": "segments"]).analyze(&document)
        let segments = try #require(document[LanguageKey.self]?.segments)
        #expect(segments.map(\.code) == ["ru", "en", "ru"])
        #expect(segments[1].span.start == 45)
    }

    @Test(.enabled(if: SharedData.seeds != nil, "skipped: ../shared/seeds is not beside this checkout"))
    func seedArticlesAndTheirTickerHeadlines() throws {
        let seeds = try #require(SharedData.seeds)
        let expected = ["000": "de", "001": "he", "002": "ar", "003": "ru", "004": "ar"]
        let langid = try identifier()
        for (prefix, language) in expected {
            let text = try #require(seeds.first { $0.name.hasPrefix(prefix) }).text
            #expect(langid.identify(text).code == language, "\(prefix)")
            guard prefix == "000" || prefix == "001" else { continue }
            // Ticker lines: "- HH:MMHeadline".
            let headlines = text.split(separator: "\n").filter { $0.hasPrefix("- ") && $0.count > 8 }.map { String($0.dropFirst(7)) }
            #expect(headlines.count == 9, "\(prefix)")
            for headline in headlines {
                #expect(langid.identify(headline).code == language, "\(prefix): \(headline)")
            }
        }
    }
}
