import LectorKit
import Testing
@testable import LectorAnalyzers

@Suite("duplicates")
struct DuplicatesTests {
    /// Runs `pipeline` over the texts as one corpus, in batches of 2 on 2 threads, and returns
    /// each document's duplicates annotation.
    func duplicates(_ pipeline: String, _ texts: [String]) throws -> [Duplicates?] {
        let documents = texts.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) }
        var runner = PipelineRunner(pipeline: try Pipeline(pipeline, registry: BuiltInAnalyzers.registry()), threads: 2)
        runner.batchDocuments = 2
        var stream = DocumentArrayStream(documents)
        var results: [Duplicates?] = []
        try runner.run(&stream, reopen: { DocumentArrayStream(documents) }) { results.append($0[DuplicatesKey.self]) }
        return results
    }

    @Test func copiesMatchWhateverTheCaseSpacingPunctuationAndArabicMarks() throws {
        let found = try duplicates("duplicates", [
            "Marokko und Aserbaidschan unterzeichnen ein Verteidigungsabkommen.",
            "Aserbaidschan und Marokko unterzeichnen ein Verteidigungsabkommen.",
            "MAROKKO und  Aserbaidschan unterzeichnen – ein Verteidigungsabkommen!",
            "وَقَّعَ المغرب وأذربيجان اتفاقية دفاع",
            "وقع المغرب وأذربيجان اتفاقية دفاع",
            "Марокко и Азербайджан подписали соглашение.",
            "",
        ])
        #expect(found.map { $0?.copies } == [2, 1, 2, 2, 2, 1, nil])
        #expect(found[0]?.group == found[2]?.group)
        #expect(found[3]?.group == found[4]?.group)
        #expect(found[0]?.group != found[1]?.group, "the same words in another order are another text")
    }

    @Test func theArticleIsComparedWhenStructureRanBeforeIt() throws {
        // One agency story on two sites: different menus, tickers and share prompts.
        let story = "Rabat und Baku vereinbaren engere Zusammenarbeit\n\nDie Verteidigungsminister beider Länder unterzeichneten am Mittwoch in Rabat ein Abkommen über gemeinsame Übungen und Ausbildung.\n\nDas Abkommen tritt nach der Ratifizierung durch beide Parlamente in Kraft, teilte das Ministerium mit.\n"
        let first = "Startseite | Politik | Wirtschaft\n\n" + story + "\nKommentare (12)\n"
        let second = "Home › Nachrichten › Welt\n\n" + story + "\nJetzt den Newsletter abonnieren\nMehr zum Thema\n"
        #expect(try duplicates("structure | duplicates", [first, second]).map { $0?.copies } == [2, 2])
        #expect(try duplicates("structure | duplicates of=text", [first, second]).map { $0?.copies } == [1, 1])
    }

    @Test func aDocumentOnItsOwnIsACorpusOfOne() throws {
        var document = Document(id: "d", text: "Ein Satz.")
        try DuplicatesAnalyzer.configured().analyze(&document)
        #expect(document[DuplicatesKey.self]?.copies == 1)
        #expect(DuplicatesAnalyzer.descriptor.name == "duplicates")
        #expect(try Pipeline("duplicates", registry: BuiltInAnalyzers.registry()).steps[0].descriptor.readsWholeCorpus)
    }

    @Test func theGroupReadsBackFromJSON() throws {
        let value = Duplicates(copies: 3, group: 0x00AB_CDEF_0123_4567)
        #expect(value.jsonValue == ["copies": .int(3), "group": .string("00abcdef01234567")])
        #expect(try Duplicates(jsonValue: value.jsonValue) == value)
        #expect(throws: AnnotationDecodingError.self) { try Duplicates(jsonValue: ["copies": .int(1)]) }
    }
}
