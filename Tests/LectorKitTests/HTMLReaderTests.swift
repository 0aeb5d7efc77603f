import Foundation
import Testing
@testable import LectorKit

/// Pages of our own writing (Tests/Fixtures/html), each with the text lines, `page` fields and
/// warning it must give, written down before the reader was run on it.
@Suite("Reading HTML")
struct HTMLReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html").path

    struct Expected {
        var lines: [String]
        var page: JSONObject
        var warning: String?
    }

    func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/\(name).expected.json"))
        let object = try #require(try JSONParser.parse(String(decoding: data, as: UTF8.self)).objectValue)
        return Expected(
            lines: object["lines"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            page: object["page"]?.objectValue ?? [:],
            warning: object["warning"]?.stringValue)
    }

    func read(_ paths: [String], format: InputFormat? = nil) throws -> (documents: [Document], warnings: [String]) {
        let warnings = ReaderTests.WarningLog()
        let reader = try CorpusReader(paths: paths, options: InputOptions(format: format)) { warnings.add($0.message) }
        var documents: [Document] = []
        while let document = try reader.next() { documents.append(document) }
        return (documents, warnings.messages)
    }

    @Test(arguments: ["article", "windows-1251", "wrong-charset", "hidden", "hebrew", "chinese-gbk", "broken-utf8"])
    func aPageGivesItsLinesAndPageFields(_ name: String) throws {
        let want = try expected(name)
        // .html files are HTML without --input.
        let path = "\(Self.fixtures)/\(name).html"
        let (documents, warnings) = try read([path])
        let document = try #require(documents.first)
        #expect(document.id == name)
        #expect(document.source.description == path)
        #expect(document.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == want.lines)
        let page = try #require(document.metadata["page"]?.objectValue)
        #expect(page == want.page)
        if let warning = want.warning {
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains(warning) == true, "\(warnings)")
        } else {
            #expect(warnings.isEmpty, "\(warnings)")
        }
    }

    @Test func theRecordHasPageAsATopLevelField() throws {
        let (documents, _) = try read(["\(Self.fixtures)/article.html"])
        let record = Record(try #require(documents.first))
        #expect(record.values(atPath: "page.author") == [.string("Mara Lindqvist")])
        #expect(record.input == nil)
    }

    @Test func theMarkupMarksFurnitureAndLinkLines() throws {
        let (documents, _) = try read(["\(Self.fixtures)/article.html"])
        let document = try #require(documents.first)
        let markup = try #require(document.markup)
        let lines = document.text.split(separator: "\n").map(String.init)
        #expect(markup.furniture.count == lines.count && markup.linkShare.count == lines.count)
        let furniture = Set(lines.indices.filter { markup.furniture[$0] }.map { lines[$0] })
        // The nav's items, the photo's caption and the footer; not the article's lines.
        #expect(furniture == ["News", "Sport", "Boats in the inner basin.", "© 2024 Coastal Courier & partners"])
        #expect(markup.linkShare[0] == 1 && markup.linkShare[3] == 0)
        // A page-wide form, or a layout container named sidebar, that holds the article is not furniture.
        let paragraph = String(repeating: "The council met on Monday to talk about the harbour and its future. ", count: 3)
        let page = HTMLPage(bytes: Array("<form><div class=\"main penci_sidebar\"><p>\(paragraph)</p><div class=share>Share this</div></div></form><ol class=comment-list><li><p>\(paragraph)</p></li></ol>".utf8))
        // A comment thread is furniture, running text and all.
        #expect(page.markup.furniture == [false, true, true])
    }

    /// The main content is the element with the running text and its kin: not the menu, the
    /// gallery's captions, a column of teasers or the comments.
    @Test func theMarkupFindsTheMainContent() throws {
        let page = HTMLPage(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/gallery.html"))))
        let lines = page.text.split(separator: "\n").map(String.init)
        let main = lines.indices.filter { page.markup.main[$0] }.map { String(lines[$0].prefix(20)) }
        // The article's element: its heading and byline are in the column around it, for
        // `structure` to read by their shape.
        #expect(main == ["The ferry to the out", "Harbour master Jonas", "What changes for pas", "Until the second pon", "Tickets bought for c"])
        #expect(page.markup.heading[lines.firstIndex(of: "What changes for passengers")!] == 2)
        #expect(page.markup.heading[lines.firstIndex(of: "By Mara Lindqvist")!] == 0)
        // No running text: everything is main content.
        #expect(HTMLPage(bytes: Array("<ul><li>Home</li><li>News</li></ul>".utf8)).markup.main == [true, true])
    }

    @Test func gzipCompressedPagesAndAnyNameWithInputHTML() throws {
        let folder = TemporaryDirectory()
        let page = try Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/hebrew.html"))
        let plain = folder.write("page.txt", String(decoding: page, as: UTF8.self))
        let compressed = folder.path + "/page2.html.gz"
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c \"$0\" > \"$1\"", plain, compressed]
        try gzip.run()
        gzip.waitUntilExit()
        let (documents, warnings) = try read([compressed])
        #expect(warnings.isEmpty)
        #expect(documents.first?.id == "page2")
        #expect(documents.first?.text.hasPrefix("הרכבת הקלה מגיעה לחיפה\n") == true)
        // A .txt file is text unless --input html says otherwise.
        #expect(try read([plain]).documents.first?.text.hasPrefix("<!DOCTYPE html>") == true)
        #expect(try read([plain], format: .html).documents.first?.metadata["page"]?.objectValue?["lang"] == .string("he"))
    }

    @Test func anEmptyOrBinaryPageIsReadNotRefused() throws {
        let folder = TemporaryDirectory()
        let empty = folder.write("empty.html", "")
        let (documents, warnings) = try read([empty])
        #expect(documents.first?.text == "")
        #expect(documents.first?.metadata["page"]?.objectValue?["encoding"] == .string("utf-8"))
        #expect(warnings.isEmpty)
        let junk = folder.path + "/junk.html"
        FileManager.default.createFile(atPath: junk, contents: Data([0x3C, 0x70, 0x3E, 0xFF, 0x00, 0xFE, 0x41, 0x80]))
        let read = try read([junk])
        #expect(read.documents.count == 1)
        #expect(read.warnings.count <= 1)
    }

    @Test func theDeclarationIsFoundAsBrowsersReadIt() {
        #expect(HTMLDecoding.declaredEncoding(Array(#"<html><head><META CHARSET="KOI8-R">"#.utf8)) == "koi8-r")
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta http-equiv=content-type content='text/html;charset=Shift_JIS'>"#.utf8)) == "shift_jis")
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta name="x" content="charset=koi8-r">"#.utf8)) == nil)
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta charset=utf-16>"#.utf8)) == "utf-8")
        // Undeclared Cyrillic bytes that are not UTF-8 are windows-1251; Western ones windows-1252.
        let russian = Array("<p>Привет, как дела у всех сегодня?</p>".data(using: .windowsCP1251)!)
        #expect(HTMLDecoding(russian).encoding == "windows-1251")
        let french = Array("<p>Le café est très bon, merci beaucoup.</p>".data(using: .windowsCP1252)!)
        #expect(HTMLDecoding(french).encoding == "windows-1252")
    }
}
