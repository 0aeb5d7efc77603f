import Foundation
import LectorTestSupport
import LectorKit
import Testing
@testable import LectorAnalyzers

@Suite("stats")
struct StatsTests {
    func stats(_ text: String, minShare: Double = 0) -> TextStatistics {
        var document = Document(id: "t", text: text)
        try! StatsAnalyzer.configured(["min-share": String(minShare)])
            .analyze(&document)
        return document[TextStatisticsKey.self]!
    }

    @Test func countsAMixedScriptArticle() {
        let result = stats("Марокко и Франция\nמרוקו וצרפת חתמו על הסכם.\nDas ist gut.\n")
        #expect(result.characters == 57)
        #expect(result.words == 11)
        #expect(result.sentences == 3)
        #expect(result.lines == 3)
        #expect(result.scripts.map(\.script.code) == ["Hebr", "Cyrl", "Latn"])
        #expect(abs(result.scripts.map(\.share).reduce(0, +) - 1) < 1e-9)
    }

    @Test func emptyTextHasZeroCountsAndNoScripts() {
        let result = stats("")
        #expect(result == TextStatistics(characters: 0, words: 0, sentences: 0, lines: 0, scripts: []))
    }

    @Test func minShareDropsMinorScripts() {
        let result = stats(String(repeating: "ж", count: 95) + "abcde", minShare: 0.1)
        #expect(result.scripts.map(\.script.code) == ["Cyrl"])
    }

    @Test func jsonViewRoundTrips() throws {
        let result = stats("Hello мир")
        #expect(try TextStatistics(jsonValue: result.jsonValue).words == result.words)
        #expect(throws: AnnotationDecodingError.self) { try TextStatistics(jsonValue: ["words": "many"]) }
    }

    @Test(.enabled(if: SharedData.seeds != nil, "skipped: ../shared/seeds is not beside this checkout"))
    func seedArticlesGetPlausibleCounts() throws {
        let seeds = try #require(SharedData.seeds)
        let expectedScripts = ["000": "Latn", "001": "Hebr", "002": "Arab", "003": "Cyrl", "004": "Arab"]
        for (prefix, script) in expectedScripts {
            let text = try #require(seeds.first { $0.name.hasPrefix(prefix) }).text
            let result = stats(text)
            #expect(result.scripts.first?.script.code == script, "\(prefix)")
            #expect(result.words > 100, "\(prefix)")
            #expect(result.lines >= 10, "\(prefix)")
        }
    }
}

/// `../shared/` beside the checkout, when it is there (CI has it; a user's fresh clone does not).
enum SharedData {
    static var root: String? { TestPaths.shared }

    static var seeds: [(name: String, text: String)]? {
        guard let root else { return nil }
        let folder = root + "/seeds"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        return names.compactMap { name in
            (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)).map { (name, $0) }
        }
    }
}
