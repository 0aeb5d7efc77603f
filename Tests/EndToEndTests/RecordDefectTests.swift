import Foundation
import Testing

/// Defects a new user met in `lector analyze`, each checked on the built binary.
@Suite("lector analyze: records and inputs, end to end")
struct RecordDefectTests {
    func json(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// A fresh folder, removed by the caller.
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "lector-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let french = "Le conseil municipal a voté hier soir le nouveau budget de la ville, après un long débat."

    @Test func aJSONLFileIsReadAsJSONLByAnalyzeAndTheShellAlike() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/corpus.jsonl"
        try (#"{"id":"a","text":"\#(Self.french)"}"# + "\n" + #"{"id":"b","text":"Guten Morgen, wie geht es Ihnen heute?"}"# + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let batch = try LectorBinary.run(["analyze", "-p", "langid", "--output", "csv", "--fields", "id,language.code", path])
        #expect(batch.status == 0)
        #expect(batch.stdout == "id,language.code\r\na,fr\r\nb,de\r\n")
        let shell = try LectorBinary.run(["-c", "load \(path); langid; table id language.code"])
        #expect(shell.status == 0)
        #expect(shell.stdout.contains("loaded 2 documents"))
        let whole = try LectorBinary.run(["analyze", "-p", "stats", "--input", "text", "--no-text", path])
        #expect(whole.lines.count == 1)
        let help = try LectorBinary.run(["analyze", "--help"])
        #expect(help.stdout.contains(".jsonl and .ndjson files are read as JSONL"))
    }

    @Test func standardInputThatStartsWithABraceIsJSONL() throws {
        let input = "\n  " + #"{"id":"a","text":"\#(Self.french)","site":"lemonde"}"# + "\n"
        let result = try LectorBinary.run(["analyze", "-p", "stats", "--no-text"], stdin: input)
        #expect(result.status == 0)
        let record = try json(try #require(result.lines.first))
        #expect(record["id"] as? String == "a")
        #expect(record["site"] as? String == "lemonde")
        let lines = try LectorBinary.run(["analyze", "-p", "stats", "--no-text"], stdin: "first line\n{second}\n")
        #expect(lines.status == 0)
        #expect(try lines.lines.map(json).map { $0["id"] as? String } == ["stdin:1", "stdin:2"])
        let forced = try LectorBinary.run(["analyze", "-p", "stats", "--input", "lines", "--no-text"], stdin: input)
        #expect(try forced.lines.map(json).map { $0["id"] as? String } == ["stdin:2"])
    }

    @Test func aMisspeltCommandGetsASuggestion() throws {
        let result = try LectorBinary.run(["analyse", "-p", "stats", "notes.txt"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown command 'analyse'; did you mean 'analyze'?"))
        let unknown = try LectorBinary.run(["frobnicate"])
        #expect(unknown.stderr.contains("unknown command 'frobnicate'; the commands are analyze, analyzers"))
        // Real commands and options before them still parse.
        #expect(try LectorBinary.run(["analyzers"]).status == 0)
        #expect(try LectorBinary.run(["-c", "help"]).status == 0)
    }

    @Test func utf16WithoutAByteOrderMarkIsRead() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/notes.txt"
        let bytes = Array(Self.french.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let result = try LectorBinary.run(["analyze", "-p", "langid", "--output", "csv", "--fields", "id,language.code", path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == "id,language.code\r\nnotes,fr\r\n")
    }

    @Test func aTypoInFieldsWarnsWithTheClosestFieldAndStillSucceeds() throws {
        let input = #"{"id":"a","text":"\#(Self.french)"}"# + "\n"
        let result = try LectorBinary.run(["analyze", "-p", "langid", "--input", "jsonl", "--output", "csv", "--fields", "id,langauge.code"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == "id,langauge.code\r\na,\r\n")
        #expect(result.stderr.contains("'langauge.code'"))
        #expect(result.stderr.contains("did you mean 'language.code'?"))
        #expect(result.stderr.contains("fields seen: id, source"))
        let good = try LectorBinary.run(["analyze", "-p", "langid", "--input", "jsonl", "--output", "table", "--fields", "id,language.code"], stdin: input)
        #expect(good.status == 0)
        #expect(good.stderr.isEmpty)
        // A field of an analyzer in the pipeline that is empty for this text is no typo.
        let empty = try LectorBinary.run(["analyze", "-p", "ticker", "--output", "csv", "--fields", "id,ticker.headline"], stdin: "line one\n")
        #expect(empty.status == 0)
        #expect(empty.stderr.isEmpty, "\(empty.stderr)")
    }

    @Test func anInputFieldNamedLikeAnAnalyzersFieldMovesAsideToInput() throws {
        let input = (1...3).map { #"{"id":"d\#($0)","text":"\#(Self.french)","language":"xx"}"# }.joined(separator: "\n") + "\n"
        let result = try LectorBinary.run(["analyze", "-p", "langid", "--input", "jsonl", "--no-text"], stdin: input)
        #expect(result.status == 0)
        let records = try result.lines.map(json)
        #expect(records.count == 3)
        for record in records {
            #expect((record["language"] as? [String: Any])?["code"] as? String == "fr")
            #expect((record["input"] as? [String: Any])?["language"] as? String == "xx")
        }
        #expect(result.stderr == "lector: note: 3 input records had their own 'language'; kept as input.language\n")
    }

    @Test func jsonNumbersStayNumbers() throws {
        let input = #"{"id":7,"text":"\#(Self.french)","score":1.0,"count":3,"ratio":0.25,"big":9007199254740993}"# + "\n"
            + #"{"id":7.5,"text":"\#(Self.french)"}"# + "\n"
        let result = try LectorBinary.run(["analyze", "-p", "stats", "--input", "jsonl", "--no-text"], stdin: input)
        #expect(result.status == 0)
        #expect(result.lines.first?.hasPrefix(#"{"id":7,"source":"stdin:1","score":1.0,"count":3,"ratio":0.25,"big":9007199254740993,"#) == true)
        #expect(result.lines.last?.hasPrefix(#"{"id":7.5,"#) == true)
        let csv = try LectorBinary.run(["analyze", "-p", "stats", "--input", "jsonl", "--output", "csv", "--fields", "id,count"], stdin: input)
        #expect(csv.stdout == "id,count\r\n7,3\r\n7.5,\r\n")
    }
}
