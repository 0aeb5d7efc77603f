import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LectorKit
import LectorTestSupport
import Testing
@testable import LectorShell

@Suite("compare and report")
struct CompareTests {
    static let pipeline = "langid | structure | entities | sentiment | stance | topics | keywords"

    @Test func documentsSideBySide() throws {
        let shell = try SessionHarness()
        try shell.run(Self.pipeline)
        try shell.run("where language.code == \"ar\" or language.code == \"he\" or language.code == \"ru\"")
        let table = try shell.run("compare")
        let lines = table.split(separator: "\n")
        // A column per document, a row per aspect.
        #expect(lines[0].contains("ar-mawsim") && lines[0].contains("he-rakevet") && lines[0].contains("ru-most"))
        for aspect in ["language", "title", "topics", "entities", "sentiment", "stance", "only here"] {
            #expect(lines.contains { $0.hasPrefix(aspect) }, "\(aspect)")
        }
        #expect(lines.first { $0.hasPrefix("language") }?.contains("ar") == true)
        // Right-to-left titles are isolated on a terminal, so the columns stay in place; output
        // for a pipe or a file carries no isolate marks.
        #expect(!table.contains("\u{2068}"))
        shell.session.isTerminal = true
        #expect(try shell.run("compare").contains("\u{2068}"))
    }

    @Test func groupedByAField() throws {
        let shell = try SessionHarness()
        try shell.run(Self.pipeline)
        let table = try shell.run("compare by language.code")
        let header = try #require(table.split(separator: "\n").first)
        for code in ["ar", "de", "en", "fa", "fr", "he", "ru"] { #expect(header.contains(" \(code)"), "\(code)") }
        #expect(throws: ShellError.self) { try shell.run("compare by") }
        #expect(throws: ShellError.self) { try shell.run("compare with language.code") }
    }

    @Test func aThousandDocumentsInUnderASecondOrSo() throws {
        // Not a timing assertion: the view is capped at a screen's columns and the note says so.
        let shell = try SessionHarness(loadExamples: false)
        let folder = NSTemporaryDirectory() + "lector-compare-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = (0..<1000).map { "Morocco and Azerbaijan signed agreement number \($0)." }.joined(separator: "\n")
        try lines.write(toFile: folder + "/many.txt", atomically: true, encoding: .utf8)
        try shell.run("load \(folder)/many.txt as lines")
        try shell.run("langid | entities | keywords")
        let table = try shell.run("compare")
        #expect(table.contains("… 992 more documents"))
        #expect(try shell.run("compare by language.code").contains("en"))
    }

    @Test func aReportIsOneSelfContainedPage() throws {
        let shell = try SessionHarness()
        try shell.run(Self.pipeline)
        let path = NSTemporaryDirectory() + "lector-report-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let said = try shell.run("report \(path)")
        #expect(said.hasPrefix("wrote \(path): 7 documents"))
        let page = try String(contentsOfFile: path, encoding: .utf8)
        // Nothing fetched from elsewhere: no scripts, no links, no external sources.
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("href="))
        // Well-formed: an XML parser reads it whole.
        let parser = XMLParser(data: Data(page.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["table"] == 1)
        #expect(counter.counts["h2", default: 0] >= 7 + 2)
        #expect(counter.counts["mark", default: 0] >= 5)
        #expect(counter.counts["svg", default: 0] >= 2)
        #expect(page.contains("dir=\"auto\""))
        #expect(throws: ShellError.self) { try shell.run("report /no/such/folder/page.html") }
    }
}

final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
}
