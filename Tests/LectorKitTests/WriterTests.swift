import Foundation
import Testing
@testable import LectorKit

@Suite("Writing records")
struct WriterTests {
    func sample() -> Document {
        var document = Document(id: "000", text: "Line one\nLine \"two\"", source: SourceLocation(path: "in.txt"), metadata: ["lang": "de"])
        document.annotations["stats"] = ["words": 4, "scripts": [["code": "Latn"], ["code": "Cyrl"]]]
        document.recordError(analyzer: "sentiment", message: "no model")
        return document
    }

    func output(_ body: (OutputSink) throws -> Void) throws -> String {
        let folder = TemporaryDirectory()
        let path = folder.path + "/out"
        do {
            let sink = try OutputSink(path: path)
            try body(sink)
            try sink.flush()
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func jsonlRecordFollowsTheContract() throws {
        let text = try output { sink in
            var writer = EncodedRecordWriter(sink: sink, encoder: JSONLEncoder())
            try writer.write(sample())
            try writer.finish()
        }
        #expect(text == #"{"id":"000","source":"in.txt","text":"Line one\nLine \"two\"","lang":"de","stats":{"words":4,"scripts":[{"code":"Latn"},{"code":"Cyrl"}]},"errors":[{"analyzer":"sentiment","message":"no model"}]}"# + "\n")
    }

    @Test func inputFieldsNamedLikeAnAnnotationMoveAsideToInput() {
        var document = Document(id: "x", text: "t", metadata: ["stats": "old", "keep": 1, "source": "afp"])
        document.annotations["stats"] = ["words": 1]
        let record = document.record(includeText: false).object
        #expect(Array(record.keys) == ["id", "source", "keep", "input", "stats"])
        #expect(record["stats"] == ["words": 1])
        #expect(record["input"] == ["stats": "old", "source": "afp"])
        #expect(document.record().movedInputFields == ["stats", "source"])
    }

    @Test func analysingARecordAgainKeepsTheOriginalInputValue() {
        // The output of a run read back: `language` is the old result, input.language the original.
        var document = Document(id: "x", text: "t", metadata: ["language": ["code": "de"], "input": ["language": "xx"]])
        document.annotations["language"] = ["code": "fr"]
        let record = document.record().object
        #expect(record["language"] == ["code": "fr"])
        #expect(record["input"] == ["language": "xx"])
    }

    @Test func inputNumbersKeepTheirJSONType() {
        let document = Document(id: "7", text: "t", metadata: ["id": 7, "score": .double(1), "ratio": 0.5, "n": 9_007_199_254_740_993, "nested": [["x": .double(2)]]])
        var writer = JSONWriter()
        document.record(includeText: false).writeJSON(into: &writer)
        #expect(writer.string == #"{"id":7,"source":"","score":1.0,"ratio":0.5,"n":9007199254740993,"nested":[{"x":2.0}]}"#)
        var renamed = document
        renamed.id = "other"
        #expect(renamed.record().id == "other")
        #expect(renamed.record().input == ["id": 7])
    }

    @Test func inputErrorsComeBeforeNewOnes() {
        var document = Document(id: "x", text: "t", metadata: ["errors": [["analyzer": "a", "message": "old"]]])
        document.recordError(analyzer: "b", message: "new")
        #expect(document.record().errors == [["analyzer": "a", "message": "old"], ["analyzer": "b", "message": "new"]])
    }

    @Test func childRecordsNameTheirParent() {
        let parent = Document(id: "p", text: "a\nb", source: SourceLocation(path: "f.txt"))
        let child = parent.child(suffix: "2", text: "b", line: 2)
        let record = child.record(includeText: false).object
        #expect(record["parent"] == "p")
        #expect(record["id"] == "p/2")
        #expect(record["source"] == "f.txt:2")
    }

    @Test func csvQuotesAndFlattensFieldPaths() throws {
        let text = try output { sink in
            let encoder = DelimitedEncoder(style: .csv, fields: FieldSelection(paths: ["id", "stats.words", "stats.scripts.code", "text", "missing"]))
            var writer = EncodedRecordWriter(sink: sink, encoder: encoder, header: encoder.headerLine)
            try writer.write(sample())
            try writer.finish()
        }
        #expect(text == "id,stats.words,stats.scripts.code,text,missing\r\n000,4,Latn; Cyrl,\"Line one\nLine \"\"two\"\"\",\r\n")
    }

    @Test func tsvEscapesTabsAndLineBreaks() throws {
        let text = try output { sink in
            let encoder = DelimitedEncoder(style: .tsv, fields: FieldSelection(paths: ["id", "text"]))
            var writer = EncodedRecordWriter(sink: sink, encoder: encoder, header: encoder.headerLine)
            var document = sample()
            document.text = "a\tb\nc\\d"
            try writer.write(document)
            try writer.finish()
        }
        #expect(text == "id\ttext\n000\ta\\tb\\nc\\\\d\n")
    }

    @Test func tableAlignsByDisplayWidthAndIsolatesRightToLeft() throws {
        let documents = [
            Document(id: "ja", text: "日本語のテキスト"),
            Document(id: "he", text: "שלום עולם"),
            Document(id: "de", text: "Cafe\u{301} am See"),
        ]
        let text = try output { sink in
            var writer = TableWriter(sink: sink, fields: FieldSelection(paths: ["text", "id"]), maxWidth: 80)
            for document in documents { try writer.write(document) }
            try writer.finish()
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // Every row puts the id column at the same display column.
        let idColumns = lines.dropFirst(2).map { line in DisplayWidth.of(String(line[..<line.range(of: "  ", options: .backwards)!.upperBound])) }
        #expect(Set(idColumns).count == 1)
        #expect(lines[3].hasPrefix("\u{2068}שלום עולם\u{2069}"))
    }

    @Test func tableCutsLongCellsToFit() {
        let widths = TableWriter.fitWidths(header: ["id", "text"], rows: [["a", String(repeating: "x", count: 300)]], maxWidth: 40)
        #expect(widths.reduce(0, +) + 2 == 40)
        #expect(DisplayWidth.truncate(String(repeating: "x", count: 50), to: 10) == "xxxxxxxxx…")
    }
}

@Suite("JSON")
struct JSONTests {
    @Test func roundTripsValuesKeepingKeyOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\z\n\u00e9\ud83d\ude00"],"c":{"d":1e3}}"#
        let value = try JSONParser.parse(text)
        #expect(Array(value.objectValue!.keys) == ["b", "a", "c"])
        #expect(value["a"]?.arrayValue?[4] == "x\"y\\z\né😀")
        #expect(value["c"]?["d"] == .double(1000))
        #expect(value.jsonText == #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\z\né😀"],"c":{"d":1000}}"#)
    }

    @Test(arguments: [
        ("{\"a\":1,}", 8, "expected a quoted key"), ("[1 2]", 4, "expected ',' or ']'"), ("\"abc", 1, "unterminated string"),
        ("{\"a\" 1}", 6, "expected ':'"), ("tru", 1, "invalid literal"), ("01x", 2, "unexpected text"), ("", 1, "expected a value"),
    ])
    func syntaxErrorsGiveColumnAndReason(text: String, column: Int, reason: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error?.column == column)
        #expect(error?.message.hasPrefix(reason) == true)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error?.message.contains("nesting deeper") == true)
    }

    @Test func writerEscapesControlCharactersAndLineSeparators() {
        #expect(JSONValue.string("a\u{1}b\u{2028}c\td").jsonText == #""a\u0001b\u2028c\td""#)
        #expect(JSONValue.double(.nan).jsonText == "null")
    }

    @Test func pathsMapOverArrays() {
        let value: JSONValue = ["ticker": [["time": "15:21"], ["time": "14:40"]], "language": ["code": "de"]]
        #expect(value.values(atPath: "ticker.time") == ["15:21", "14:40"])
        #expect(value.values(atPath: "ticker.1.time") == ["14:40"])
        #expect(value.values(atPath: "language.code") == ["de"])
        #expect(value.values(atPath: "language.nope").isEmpty)
    }
}
