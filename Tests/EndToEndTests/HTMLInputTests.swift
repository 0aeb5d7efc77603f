import Foundation
import Testing

@Suite("lector analyze on web pages, end to end")
struct HTMLInputTests {
    func json(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func htmlFilesAreReadAsPagesWithoutInput() throws {
        let result = try LectorBinary.run(["analyze", "-p", "stats", "Tests/Fixtures/html/article.html", "Tests/Fixtures/html/windows-1251.html"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let records = try result.lines.map(json)
        #expect(records.map { $0["id"] as? String } == ["article", "windows-1251"])
        #expect(records.first?["source"] as? String == "Tests/Fixtures/html/article.html")
        let page = try #require(records.first?["page"] as? [String: Any])
        #expect(page["title"] as? String == "The harbour reopens")
        #expect(page["published"] as? String == "2024-05-02T08:30:00+01:00")
        let text = try #require(records.first?["text"] as? String)
        #expect(text.contains("The old harbour opened again on Thursday, after two years of repairs.\n"))
        #expect(!text.contains("<p>") && !text.contains("NewsArticle"))
        let russian = try #require(records.last?["text"] as? String)
        #expect(russian.hasPrefix("Мост через реку открыт\n"))
    }

    @Test func inputHTMLReadsAnyFileAndStandardInputAsAPage() throws {
        let page = #"<html lang="fr"><head><title>Le marché</title><script>var x = 1;</script></head><body><p>Le marché ouvre à huit heures.</p></body></html>"#
        let result = try LectorBinary.run(["analyze", "--input", "html", "-p", "structure"], stdin: page)
        #expect(result.status == 0)
        let record = try json(try #require(result.lines.first))
        #expect(record["source"] as? String == "stdin")
        #expect(record["text"] as? String == "Le marché ouvre à huit heures.")
        #expect((record["page"] as? [String: Any])?["lang"] as? String == "fr")
        #expect((record["structure"] as? [String: Any])?["body"] as? [String] == ["Le marché ouvre à huit heures."])
        // The same page read as text keeps its markup.
        let asText = try LectorBinary.run(["analyze", "--input", "text", "-p", "stats"], stdin: page)
        #expect(try json(try #require(asText.lines.first))["text"] as? String == page)
    }

    @Test func aWronglyDeclaredPageIsReadWithAWarning() throws {
        let result = try LectorBinary.run(["analyze", "-p", "stats", "--no-text", "Tests/Fixtures/html/wrong-charset.html", "Tests/Fixtures/html/broken-utf8.html"])
        #expect(result.status == 0)
        #expect(result.lines.count == 2)
        #expect(result.stderr.contains("wrong-charset.html: declares windows-1252 but is UTF-8"))
        #expect(result.stderr.contains("broken-utf8.html: 1 byte sequence not valid utf-8, read as U+FFFD"))
    }
}
