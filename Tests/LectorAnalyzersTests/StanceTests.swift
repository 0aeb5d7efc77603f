import Foundation
import LectorKit
import LectorTestSupport
import Testing
@testable import LectorAnalyzers

@Suite("stance")
struct StanceTests {
    func run(_ pipeline: String, _ documents: [Document]) throws -> [Document] {
        try BuiltInPipelines.run(pipeline, documents)
    }

    func stance(_ text: String, _ options: String = "") throws -> [String: String] {
        let document = try run("stance \(options)", [Document(id: "d", text: text)])[0]
        #expect(document.errors.isEmpty, "\(document.errors)")
        let results = try #require(document[StanceKey.self]).results
        return Dictionary(results.map { ($0.target, $0.label) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func favourAndHostilityTowardNamedCountries() throws {
        #expect(try stance("Germany praised Morocco for its successful reforms and welcomed the new partnership.")["MA"] == "favor")
        #expect(try stance("The European Union condemned Russia and imposed new sanctions over the attack.")["RU"] == "against")
        #expect(try stance("Die Regierung verurteilte Russland scharf und kündigte neue Sanktionen an.")["RU"] == "against")
        #expect(try stance("Азербайджан и Марокко подписали соглашение о стратегическом партнёрстве и сотрудничестве.")["MA"] == "favor")
        #expect(try stance("Le président a félicité le Maroc pour ce succès.")["MA"] == "favor")
        #expect(try stance("The ministers of Chile and Peru met in Lima on Tuesday.")["CL"] == "neutral")
    }

    @Test func negationTurnsACue() throws {
        #expect(try stance("Germany praised Morocco for its reforms.")["MA"] == "favor")
        #expect(try stance("Germany did not praise Morocco; it condemned the crackdown and accused Morocco of abuses.")["MA"] == "against")
    }

    @Test func targetsByIdOrByNameInAnyLanguage() throws {
        let text = "Azerbaijan and Morocco ratified a defence cooperation agreement, strengthening their partnership."
        let byID = try run("stance targets=MA,AZ", [Document(id: "d", text: text)])[0][StanceKey.self]!.results
        #expect(byID.map(\.target) == ["MA", "AZ"])
        #expect(byID.map(\.name) == ["Morocco", "Azerbaijan"])
        #expect(byID.allSatisfy { $0.label == "favor" && !$0.evidence.isEmpty })
        let byName = try run("stance target=Marokko", [Document(id: "d", text: text)])[0][StanceKey.self]!.results
        #expect(byName.map(\.target) == ["Marokko"])
        #expect(byName.map(\.label) == ["favor"])
        let evidence = try #require(byName.first?.evidence.first)
        #expect(evidence.start == 0)
    }

    @Test func targetFieldGivesOneEntryPerRecordWithItsSpan() throws {
        let documents = [
            Document(id: "a", text: "Критики обвинили Иванова в коррупции и провале реформы.", metadata: ["entity": "Иванова", "start": 17, "end": 24]),
            Document(id: "b", text: "Morocco welcomed the agreement.", metadata: ["entity": "MA"]),
            Document(id: "c", text: "No field here."),
        ]
        let results = try run("stance target-field=entity", documents)
        let a = try #require(results[0][StanceKey.self]?.results)
        #expect(a.count == 1 && a[0].target == "Иванова" && a[0].label == "against")
        // One sentence with its span: the RuSentNE model judged it, on that sentence.
        #expect(a[0].sentences == 1 && a[0].evidence == [Span(start: 0, end: 55)], "\(a)")
        let b = try #require(results[1][StanceKey.self]?.results)
        #expect(b.count == 1 && b[0].target == "MA" && b[0].label == "favor")
        #expect(results[2][StanceKey.self] == nil)
        #expect(results[2].errors.first?.message.contains("no entity field") == true, "\(results[2].errors)")
    }

    @Test func aSpanOutsideTheTextIsAnErrorNotACrash() throws {
        let document = Document(id: "a", text: "Short.", metadata: ["entity": "X", "start": 3, "end": 99])
        let result = try run("stance target-field=entity", [document])[0]
        #expect(result.errors.first?.message.contains("not a span") == true)
        let notNumbers = Document(id: "b", text: "Short text.", metadata: ["entity": "X", "start": "3", "end": 5])
        #expect(try run("stance target-field=entity", [notNumbers])[0].errors.first?.message.contains("whole numbers") == true)
    }

    @Test func whoActsIsNotWhatTheActIsAbout() throws {
        let result = try stance("France condemned Russia.")
        #expect(result["RU"] == "against" && result["FR"] == "neutral", "\(result)")
        // Two names in one hyphenated word, as the lexicons read it.
        let hyphenated = try stance("The Azerbaijani-Moroccan partnership was praised.")
        #expect(hyphenated["MA"] == "favor" && hyphenated["AZ"] == "favor", "\(hyphenated)")
        // Names joined by "and" share what is said of them.
        let joint = try stance("Japan and the Philippines held a joint drill, a milestone in their partnership.")
        #expect(joint["JP"] == "favor" && joint["PH"] == "favor", "\(joint)")
    }

    @Test func optionsThatCannotGoTogetherAreRefused() throws {
        #expect(throws: (any Error).self) { try Pipeline("stance target=MA target-field=entity", registry: BuiltInPipelines.registry) }
        #expect(throws: (any Error).self) { try Pipeline("stance models=/no/such/folder", registry: BuiltInPipelines.registry) }
    }

    @Test func anIssueTargetIsJudgedOnTheWholeText() throws {
        let text = "We must act now. Climate action is urgent and renewable energy is a great success."
        let result = try #require(try run("stance target=\"Climate Change is a Real Concern\"", [Document(id: "d", text: text)])[0][StanceKey.self]?.results.first)
        #expect(result.sentences == 0)
        #expect(result.label == "favor")
    }

    @Test func usesTheEntitiesAnnotationWhenEntitiesHasRun() throws {
        // An entities annotation from before (a plugin's, say) is what stance reads: here it
        // calls "Marokko" XX, and stance judges XX.
        var document = Document(id: "d", text: "Frankreich lobt Marokko für die erfolgreiche Zusammenarbeit.")
        document[EntitiesKey.self] = Entities([EntityMention(id: "XX", type: .country, name: "Somewhere", text: "Marokko", start: 16, end: 23)])
        let result = try run("stance", [document])[0][StanceKey.self]?.results
        #expect(result?.map(\.target) == ["XX"])
        #expect(result?.first?.label == "favor")
        let alone = try run("stance", [Document(id: "d", text: document.text)])[0][StanceKey.self]?.results
        #expect(alone?.contains { $0.target == "MA" && $0.label == "favor" } == true)
    }

    @Test func annotationRoundTripsThroughJSON() throws {
        let value = try #require(try run("stance", [Document(id: "d", text: "France praised Morocco.")])[0][StanceKey.self])
        #expect(try Stance(jsonValue: value.jsonValue) == value)
    }

    /// The seeds: every outlet's treatment of Morocco and Azerbaijan is favourable.
    @Test(.enabled(if: SharedData.seeds != nil, "skipped: ../shared/seeds is not beside this checkout"))
    func seeds() throws {
        let seeds = try #require(SharedData.seeds)
        let documents = try run("structure | stance targets=MA,AZ", seeds.map { Document(id: $0.name, text: $0.text) })
        for document in documents {
            let labels = document[StanceKey.self]!.results.map(\.label)
            #expect(labels == ["favor", "favor"], "\(document.id)")
        }
    }

    /// The articles written for Lector (Tests/Fixtures/entities): the stance toward each country
    /// and organisation, fixed before the analyzer ran.
    @Test func testArticles() throws {
        let path = TestPaths.repository + "/Tests/Fixtures/entities/articles.jsonl"
        let articles = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let documents = try run("stance", articles.map { Document(id: $0["id"]!.stringValue!, text: $0["text"]!.stringValue!) })
        var right = 0, total = 0
        for (article, document) in zip(articles, documents) {
            let found = Dictionary((document[StanceKey.self]?.results ?? []).map { ($0.target, $0.label) }, uniquingKeysWith: { a, _ in a })
            for (target, label) in article["stance"]!.objectValue! {
                total += 1
                if (found[target] ?? "neutral") == label.stringValue { right += 1 }
            }
        }
        // Measured when the bar was set: 0.742; all neutral scores 0.577.
        #expect(Double(right) / Double(total) >= 0.7)
    }
}
