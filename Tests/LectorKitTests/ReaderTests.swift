import Foundation
import Testing
@testable import LectorKit

@Suite("Reading corpora")
struct ReaderTests {
    func read(_ paths: [String], _ configure: (inout InputOptions) -> Void = { _ in }) throws -> (documents: [Document], warnings: [String]) {
        var options = InputOptions()
        configure(&options)
        let warnings = WarningLog()
        let reader = try CorpusReader(paths: paths, options: options) { warnings.add($0.message) }
        var documents: [Document] = []
        while let document = try reader.next() { documents.append(document) }
        return (documents, warnings.messages)
    }

    final class WarningLog: @unchecked Sendable {
        var messages: [String] = []
        func add(_ message: String) { messages.append(message) }
    }

    @Test func aFileIsOneDocumentNamedAfterIt() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("000_abc.txt", "Hallo Welt\nZweite Zeile\n")
        let (documents, _) = try read([path])
        #expect(documents.count == 1)
        #expect(documents[0].id == "000_abc")
        #expect(documents[0].text == "Hallo Welt\nZweite Zeile\n")
        #expect(documents[0].source.description == path)
    }

    @Test func aDirectoryIsReadRecursivelyInOrderSkippingHiddenFiles() throws {
        let folder = TemporaryDirectory()
        folder.write("b.txt", "b")
        folder.write("a.txt", "a")
        folder.write("sub/c.txt", "c")
        folder.write(".hidden.txt", "h")
        folder.write(".git/config", "x")
        let (documents, _) = try read([folder.path])
        #expect(documents.map(\.id) == ["a", "b", "sub/c"])
    }

    @Test func aGlobExpandsInSortedOrder() throws {
        let folder = TemporaryDirectory()
        folder.write("x2.txt", "2")
        folder.write("x1.txt", "1")
        folder.write("y.md", "y")
        let (documents, _) = try read([folder.path + "/x*.txt"])
        #expect(documents.map(\.text) == ["1", "2"])
    }

    @Test func aMissingPathOrEmptyGlobIsAnErrorBeforeReading() throws {
        let folder = TemporaryDirectory()
        let missing = #expect(throws: InputError.self) { try read([folder.path + "/nope.txt"]) }
        #expect(missing?.kind == .notFound)
        let glob = #expect(throws: InputError.self) { try read([folder.path + "/*.none"]) }
        #expect(glob?.message == "no files match this pattern")
    }

    @Test func sameNamesGetDistinctIds() throws {
        let folder = TemporaryDirectory()
        let one = folder.write("one/notes.txt", "1")
        let two = folder.write("two/notes.txt", "2")
        let (documents, _) = try read([one, two])
        #expect(documents.map(\.id) == ["notes", "notes~2"])
    }

    @Test func linesModeSkipsBlankLinesAndKeepsLineNumbers() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("l.txt", "first\r\n\n  \nsecond\nthird")
        let (documents, _) = try read([path]) { $0.format = .lines }
        #expect(documents.map(\.text) == ["first", "second", "third"])
        #expect(documents.map(\.id) == ["l:1", "l:4", "l:5"])
        #expect(documents[1].source.description == path + ":4")
    }

    @Test func utf8ByteOrderMarkIsRemoved() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bom.txt", [0xEF, 0xBB, 0xBF] + Array("שלום".utf8))
        #expect(try read([path]).documents[0].text == "שלום")
    }

    @Test(arguments: [("UTF-16LE", [UInt8]([0xFF, 0xFE])), ("UTF-16BE", [UInt8]([0xFE, 0xFF]))])
    func utf16WithByteOrderMarkIsDecoded(encoding: String, bom: [UInt8]) throws {
        let folder = TemporaryDirectory()
        let text = "Привет, мир\nמה נשמע"
        let units = Array(text.utf16)
        let bytes = units.flatMap { encoding == "UTF-16LE" ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let path = folder.write("u16.txt", bom + bytes)
        #expect(try read([path]).documents[0].text == text)
        let lines = try read([path]) { $0.format = .lines }.documents
        #expect(lines.map(\.text) == ["Привет, мир", "מה נשמע"])
    }

    func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        Array(text.utf16).flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    @Test(arguments: [
        ("Notes from the harbour\nThe ferry leaves at 9:15.\n", true),
        ("Новый мост через Волгу открыли в субботу.\nДлина — четыре километра.\n", true),
        ("مرحبا بالعالم، هذا نص تجريبي.\nسطر ثان.\n", false),
        ("Un été à Paris 😀, and more.\n", false),
    ])
    func utf16WithoutByteOrderMarkIsRecognised(text: String, littleEndian: Bool) throws {
        let folder = TemporaryDirectory()
        let path = folder.write("u16.txt", utf16(text, littleEndian: littleEndian))
        let (documents, warnings) = try read([path])
        #expect(warnings.isEmpty)
        #expect(documents.map(\.text) == [text])
        #expect(try read([path]) { $0.format = .lines }.documents.count == 2 || !text.contains("\n\n"))
    }

    @Test func nulBytesThatMayBeUTF16NameTheEncodingToTry() throws {
        let folder = TemporaryDirectory()
        // Chinese has no one high byte, so this is not sure enough to convert.
        let path = folder.write("zh.txt", utf16("北京今天天气很好我们去公园散步吧然后吃饭 ok.\n", littleEndian: true))
        let (documents, warnings) = try read([path])
        #expect(documents.isEmpty)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasSuffix("if it is UTF-16LE text without a byte-order mark, read it with --encoding utf-16le") == true)
        #expect(try read([path]) { $0.encoding = .named("utf-16le") }.documents.map(\.text) == ["北京今天天气很好我们去公园散步吧然后吃饭 ok.\n"])
        #expect(UTF16Sniffer.examine([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]) == .none)
    }

    @Test(arguments: [
        ("windows-1251", [UInt8]([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]), "Привет"),
        ("windows-1256", [UInt8]([0xE3, 0xD1, 0xCD, 0xC8, 0xC7]), "مرحبا"),
        ("iso-8859-8", [UInt8]([0xF9, 0xEC, 0xE5, 0xED]), "שלום"),
    ])
    func legacyEncodingsAreConvertedThroughIconv(name: String, bytes: [UInt8], expected: String) throws {
        let folder = TemporaryDirectory()
        let path = folder.write("legacy.txt", bytes)
        #expect(try read([path]) { $0.encoding = .named(name) }.documents[0].text == expected)
    }

    @Test func unknownEncodingIsAClearError() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("x.txt", "x")
        let error = #expect(throws: InputError.self) { try read([path]) { $0.encoding = .named("klingon-8") } }
        #expect(error?.message.contains("unknown encoding 'klingon-8'") == true)
    }

    @Test func invalidUTF8NamesTheFileAndByteOffset() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bad.txt", Array("ok\nbad ".utf8) + [0xC3, 0x28] + Array(" end".utf8))
        let error = try #require(throws: InputError.self) { try read([path]) }
        #expect(error.kind == .invalidUTF8)
        #expect(error.byteOffset == 7)
        #expect(error.description.hasPrefix(path + ": invalid UTF-8 at byte 7 (0xC3 0x28"))
        let lineError = try #require(throws: InputError.self) { try read([path]) { $0.format = .lines } }
        #expect(lineError.line == 2)
        #expect(lineError.byteOffset == 7)
        #expect(lineError.description.hasPrefix(path + ":2:5: invalid UTF-8"))
    }

    @Test func lossyReplacesInvalidBytes() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bad.txt", Array("a".utf8) + [0xFF] + Array("b".utf8))
        #expect(try read([path]) { $0.lossy = true }.documents[0].text == "a\u{FFFD}b")
    }

    @Test func binaryFilesAreSkippedWithAWarning() throws {
        let folder = TemporaryDirectory()
        let binary = folder.write("a.bin", [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        let text = folder.write("b.txt", "text")
        for format in [InputFormat.text, .lines] {
            let (documents, warnings) = try read([binary, text]) { $0.format = format }
            #expect(documents.map(\.text) == ["text"])
            #expect(warnings == ["\(binary): skipped: binary file (NUL byte at offset 4)"])
        }
    }

    @Test func emptyFilesGiveAnEmptyDocumentOrNoLines() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("empty.txt", "")
        #expect(try read([path]).documents.map(\.text) == [""])
        #expect(try read([path]) { $0.format = .lines }.documents.isEmpty)
    }

    @Test func tooLargeDocumentIsAnErrorThatSaysWhatToDo() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("big.txt", String(repeating: "x", count: 5000))
        let error = #expect(throws: InputError.self) { try read([path]) { $0.maxDocumentBytes = 1000 } }
        #expect(error?.message.contains("--input lines") == true)
    }

    @Test func jsonlKeepsIdAndOtherFieldsAsMetadata() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("c.jsonl", #"{"id":"x1","text":"Hallo","lang":"de","n":3}"# + "\n" + #"{"text":"Hi","id":42}"# + "\n\n" + #"{"body":"B"}"#)
        let (documents, _) = try read([path]) { $0.format = .jsonl; $0.skipBad = true }
        #expect(documents.map(\.id) == ["x1", "42"])
        #expect(documents[0].metadata == ["lang": "de", "n": 3])
        #expect(documents[1].metadata == ["id": 42])
        #expect(documents[1].record().id == 42)
        let custom = try read([path]) { $0.format = .jsonl; $0.textField = "body"; $0.skipBad = true }.documents
        #expect(custom.map(\.text) == ["B"])
        #expect(custom[0].id == "c:4")
    }

    @Test func jsonlAndNdjsonFilesAreJSONLUnlessTheFormatIsGiven() throws {
        let folder = TemporaryDirectory()
        let record = #"{"id":"r1","text":"Hallo"}"# + "\n" + #"{"id":"r2","text":"Welt"}"# + "\n"
        let jsonl = folder.write("a.jsonl", record)
        let ndjson = folder.write("b.NDJSON", record)
        let text = folder.write("c.txt", record)
        #expect(try read([jsonl, ndjson, text]).documents.map(\.id) == ["r1", "r2", "r1", "r2", "c"])
        #expect(try read([jsonl]) { $0.format = .text }.documents.map(\.id) == ["a"])
        #expect(CorpusReader.defaultFormat(forPath: "x/y.jsonl") == .jsonl)
        #expect(CorpusReader.defaultFormat(forPath: "x/y.json") == .text)
        #expect(CorpusReader.defaultFormat(forPath: nil) == nil)
    }

    @Test func malformedJSONLGivesLineAndColumn() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("m.jsonl", #"{"text":"ok"}"# + "\n" + #"{"text": "x", oops}"#)
        let error = try #require(throws: InputError.self) { try read([path]) { $0.format = .jsonl } }
        #expect(error.description == path + #":2:15: malformed JSON: expected a quoted key, found 'o'"#)
    }

    @Test func jsonlRecordsWithoutTextOrNotObjectsAreErrors() throws {
        let folder = TemporaryDirectory()
        let noText = folder.write("n.jsonl", #"{"title":"x"}"#)
        let error = #expect(throws: InputError.self) { try read([noText]) { $0.format = .jsonl } }
        #expect(error?.message.contains(#"no "text" field (it has: title); use --text-field"#) == true)
        let array = folder.write("a.jsonl", "[1,2]")
        let arrayError = #expect(throws: InputError.self) { try read([array]) { $0.format = .jsonl } }
        #expect(arrayError?.message == "expected a JSON object, found an array")
        let number = folder.write("t.jsonl", #"{"text": 5}"#)
        let numberError = #expect(throws: InputError.self) { try read([number]) { $0.format = .jsonl } }
        #expect(numberError?.message == #"the "text" field is a number, not a string"#)
    }

    @Test func skipBadReportsAndContinues() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("s.jsonl", [#"{"text":"a"}"#, "{broken", #"{"text":"b"}"#].joined(separator: "\n"))
        let (documents, warnings) = try read([path]) { $0.format = .jsonl; $0.skipBad = true }
        #expect(documents.map(\.text) == ["a", "b"])
        #expect(warnings.count == 1)
        #expect(warnings[0].hasPrefix(path + ":2:2: malformed JSON"))
    }

    @Test func longLinesAcrossChunkBoundariesAreWhole() throws {
        let folder = TemporaryDirectory()
        let long = String(repeating: "ж", count: 1_500_000)  // 3 MB, beyond the 1 MiB read chunk
        let path = folder.write("long.txt", "short\n" + long + "\nend\n")
        let documents = try read([path]) { $0.format = .lines }.documents
        #expect(documents.map(\.text.count) == [5, 1_500_000, 3])
    }
}
