import Foundation
import LectorKit
import Testing
@testable import LectorShell

@Suite("The shell and the writers see one record")
struct RecordAgreementTests {
    /// A document with every kind of field: a numeric input id, input fields (one named like an
    /// annotation, one like a record field), input errors and new ones, a parent, annotations.
    func document() -> Document {
        var document = Document(
            id: "7", text: "Hallo Welt", source: SourceLocation(path: "in.jsonl", line: 3),
            metadata: ["id": 7, "site": "dw", "score": .double(1), "language": "xx", "source": "afp",
                       "errors": [["analyzer": "old", "message": "earlier run"]]],
            parentID: "p")
        document.annotations["language"] = ["code": "de", "alternatives": [["code": "nl"]]]
        document.annotations["stats"] = ["words": 2]
        document.recordError(analyzer: "sentiment", message: "no model")
        return document
    }

    @Test func everyFieldOfTheWrittenRecordIsWhatTheShellFinds() throws {
        let document = document()
        var bytes: [UInt8] = []
        JSONLEncoder().encode(document, into: &bytes)
        let written = try #require(try JSONParser.parse(String(decoding: bytes.dropLast(), as: UTF8.self)).objectValue)
        #expect(Array(written.keys) == ["id", "source", "parent", "text", "site", "score", "input", "language", "stats", "errors"])
        for (key, value) in written {
            #expect(document.values(at: key) == [value], "field \(key)")
        }
        #expect(document.values(at: "errors.message") == ["earlier run", "no model"])
        #expect(document.values(at: "input.language") == ["xx"])
        #expect(document.values(at: "input.source") == ["afp"])
        #expect(document.values(at: "id") == [7])
        #expect(document.values(at: "language.alternatives.code") == ["nl"])
    }

    @Test func showAndWhereUseTheSameRecord() throws {
        let folder = NSTemporaryDirectory() + "lector-record-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/c.jsonl"
        try (#"{"id":7,"text":"Der Hafen wird erweitert, sagte der Bürgermeister am Montag in Hamburg.","language":"xx","errors":[{"analyzer":"old","message":"earlier run"}]}"# + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try SessionHarness(loadExamples: false)
        try shell.run("load \(path)")
        try shell.run("langid")
        #expect(try shell.run("show #1 input.language") == "xx\n")
        #expect(try shell.run("show #1 language.code") == "de\n")
        #expect(try shell.run("show #1 errors.message") == "earlier run\n")
        try shell.run("where input.language == \"xx\" and id == 7")
        #expect(shell.ids == ["7"])
        #expect(shell.errors.contains("note: 1 input record had its own 'language'; kept as input.language"))
    }
}
