import Foundation
import Testing

@Suite("lector analyze, end to end")
struct AnalyzeCommandTests {
    func json(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func analyzesTheBundledExamplesInOrder() throws {
        let result = try LectorBinary.run(["analyze", "-p", "normalize | stats", "examples/articles"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let records = try result.lines.map(json)
        #expect(records.map { $0["id"] as? String } == ["ar-mawsim", "de-hafen", "en-library", "fa-ketab", "fr-velo", "he-rakevet", "ru-most"])
        let hebrew = try #require(records.first { $0["id"] as? String == "he-rakevet" })
        #expect(hebrew["source"] as? String == "examples/articles/he-rakevet.txt")
        let stats = try #require(hebrew["stats"] as? [String: Any])
        let scripts = try #require(stats["scripts"] as? [[String: Any]])
        #expect(scripts.first?["code"] as? String == "Hebr")
        #expect((hebrew["text"] as? String)?.contains("מנכ\"ל") == true)
        // The Persian example is written with CRLF, a tatweel, an RLM and a decomposed é.
        let persian = try #require(records.first { $0["id"] as? String == "fa-ketab" })
        let report = try #require(persian["normalize"] as? [String: Any])
        #expect(report["line_endings"] as? Int == 7)
        #expect(report["tatweel"] as? Int == 3)
        #expect(report["bidi_controls"] as? Int == 1)
        #expect(report["recomposed"] as? Bool == true)
        let text = try #require(persian["text"] as? String)
        #expect(text.contains("Café Ketab") && text.contains("بین\u{200C}المللی") && !text.contains("\r"))
    }

    @Test func whereSortAndHeadFilterTheRecords() throws {
        let sorted = try LectorBinary.run([
            "analyze", "-p", "langid | where language.code == \"de\" or language.code == \"ru\" or language.code == \"fr\" | stats | sort stats.words desc | head 2",
            "--output", "csv", "--fields", "id,stats.words", "examples/articles",
        ])
        #expect(sorted.status == 0)
        #expect(sorted.stdout.replacingOccurrences(of: "\r\n", with: "\n") == "id,stats.words\nde-hafen,98\nfr-velo,74\n")
        // head stops reading once it has written N: the rest of a long input is never analysed.
        let lines = String(repeating: "Bonjour tout le monde\n", count: 50_000)
        let head = try LectorBinary.run(["analyze", "-p", "langid | head 3", "--input", "lines", "--no-text"], stdin: lines)
        #expect(head.status == 0 && head.stderr.isEmpty)
        #expect(head.stdout.split(separator: "\n").count == 3)
        let misplaced = try LectorBinary.run(["analyze", "-p", "head 2 | langid", "examples/articles"])
        #expect(misplaced.status == 2)
        #expect(misplaced.stderr.contains("sort and head come last"))
    }

    /// Defects a user hit: a FIFO in a folder blocked the run forever; a file that could not
    /// be read stopped it with no word of --skip-bad.
    @Test func aFolderWalkSkipsWhatIsNoFileAndSaysHowToGoOn() throws {
        let directory = NSTemporaryDirectory() + "lector-walk-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "Guten Morgen, wie geht es Ihnen heute?".write(toFile: directory + "/a.txt", atomically: true, encoding: .utf8)
        #expect(mkfifo(directory + "/b-pipe", 0o600) == 0)
        let walked = try LectorBinary.run(["analyze", "-p", "stats", "--no-text", directory])
        #expect(walked.status == 0)
        #expect(walked.stdout.contains(#""id":"a""#))
        #expect(walked.stderr.contains("b-pipe: skipped: a FIFO, not a regular file"))
        // A file that cannot be read (/proc/self/mem fails at offset 0 even for root, who could
        // read a file without permission).
        let arguments = ["analyze", "-p", "stats", "--no-text", directory + "/a.txt", "/proc/self/mem", "examples/articles/de-hafen.txt"]
        let unreadable = try LectorBinary.run(arguments)
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr.contains("/proc/self/mem: cannot read: Input/output error (--skip-bad reports such a file and goes on with the others)"))
        let skipping = try LectorBinary.run(arguments + ["--skip-bad"])
        #expect(skipping.status == 0 && skipping.stdout.contains(#""id":"de-hafen""#))
    }

    @Test func readsLinesFromStandardInput() throws {
        let result = try LectorBinary.run(["analyze", "-p", "stats", "--no-text"], stdin: "Привет мир\n\nשלום עולם\n")
        #expect(result.status == 0)
        let records = try result.lines.map(json)
        #expect(records.map { $0["source"] as? String } == ["stdin:1", "stdin:3"])
        #expect(records.allSatisfy { $0["text"] == nil })
    }

    @Test func readsJSONLAndKeepsOtherFields() throws {
        let input = #"{"id":"a1","text":"Bonjour le monde","site":"lemonde"}"# + "\n"
        let result = try LectorBinary.run(["analyze", "-p", "stats", "--input", "jsonl"], stdin: input)
        #expect(result.status == 0)
        let record = try json(try #require(result.lines.first))
        #expect(record["id"] as? String == "a1")
        #expect(record["site"] as? String == "lemonde")
        #expect(record["text"] as? String == "Bonjour le monde")
    }

    @Test func malformedJSONLStopsWithLineNumberAndKeepsEarlierRecords() throws {
        let input = #"{"text":"one"}"# + "\n" + "{oops\n" + #"{"text":"three"}"# + "\n"
        let result = try LectorBinary.run(["analyze", "-p", "stats", "--input", "jsonl"], stdin: input)
        #expect(result.status == 1)
        #expect(result.lines.count == 1)
        #expect(result.stderr.contains("stdin:2:2: malformed JSON: expected a quoted key"))
        let skipped = try LectorBinary.run(["analyze", "-p", "stats", "--input", "jsonl", "--skip-bad"], stdin: input)
        #expect(skipped.status == 0)
        #expect(skipped.lines.count == 2)
        #expect(skipped.stderr.contains("warning: stdin:2:2: malformed JSON"))
    }

    @Test func invalidUTF8NamesFileAndOffsetUnlessLossy() throws {
        let folder = NSTemporaryDirectory() + "lector-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        FileManager.default.createFile(atPath: folder + "/bad.txt", contents: Data([0x61, 0x62, 0xFF, 0x63]))
        FileManager.default.createFile(atPath: folder + "/good.txt", contents: Data("fine".utf8))
        FileManager.default.createFile(atPath: folder + "/image.bin", contents: Data([0x89, 0x50, 0x00, 0x00]))
        let strict = try LectorBinary.run(["analyze", "-p", "stats", folder])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(folder)/bad.txt: invalid UTF-8 at byte 2 (0xFF 0x63)"))
        let lossy = try LectorBinary.run(["analyze", "-p", "stats", "--lossy", "--no-text", folder])
        #expect(lossy.status == 0)
        #expect(lossy.lines.count == 2)
        #expect(lossy.stderr.contains("\(folder)/image.bin: skipped: binary file"))
    }

    @Test func invalidPipelinesExitTwoAndPointAtTheWord() throws {
        let unknown = try LectorBinary.run(["analyze", "-p", "normalize | stast", "examples/articles"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("unknown analyzer 'stast'; did you mean 'stats'?"))
        #expect(unknown.stderr.contains("  normalize | stast\n              ^^^^^"))
        let option = try LectorBinary.run(["analyze", "-p", "normalize form=nfx", "examples/articles"])
        #expect(option.status == 2)
        #expect(option.stderr.contains("option 'form' of 'normalize' expects one of nfc, nfkc, none, not 'nfx'"))
    }

    @Test func missingInputIsAnError() throws {
        let result = try LectorBinary.run(["analyze", "-p", "stats", "no/such/file.txt"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no/such/file.txt: no such file or directory"))
    }

    @Test func csvAndTableOutputs() throws {
        let csv = try LectorBinary.run(["analyze", "-p", "stats", "--output", "csv", "--fields", "id,stats.words,stats.scripts.code", "examples/articles/ru-most.txt", "examples/articles/de-hafen.txt"])
        #expect(csv.status == 0)
        #expect(csv.stdout == "id,stats.words,stats.scripts.code\r\nru-most,60,Cyrl\r\nde-hafen,98,Latn\r\n")
        let table = try LectorBinary.run(["analyze", "-p", "stats", "--output", "table", "examples/articles"])
        #expect(table.status == 0)
        #expect(table.lines.first?.hasPrefix("id ") == true)
        #expect(table.lines.count == 9)
        #expect(table.lines.allSatisfy { $0.count <= 100 + 2 })
    }

    @Test func threadsOptionGivesTheSameOutput() throws {
        let one = try LectorBinary.run(["analyze", "-p", "normalize | stats", "--threads", "1", "examples/articles"])
        let four = try LectorBinary.run(["analyze", "-p", "normalize | stats", "--threads", "4", "examples/articles"])
        #expect(one.stdout == four.stdout)
        let zero = try LectorBinary.run(["analyze", "-p", "stats", "--threads", "0", "examples/articles"])
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--threads must be at least 1"))
    }

    @Test func listsAnalyzersWithOptions() throws {
        let result = try LectorBinary.run(["analyzers"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("normalize — "))
        #expect(result.stdout.contains("  tatweel=true  Remove Arabic tatweel"))
        #expect(result.stdout.contains("stats — "))
        let json = try LectorBinary.run(["analyzers", "--json"])
        let first = try self.json(try #require(json.lines.first))
        #expect(first["name"] as? String == "normalize")
        #expect((first["options"] as? [[String: Any]])?.count == 5)
    }

    @Test func interruptWritesEveryDocumentReadAndSaysWhereItStopped() throws {
        ignoreBrokenPipes()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LectorBinary.path)
        process.arguments = ["analyze", "-p", "stats", "--no-text"]
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        process.standardError = err
        try process.run()
        let errors = ErrorCollector(err.fileHandleForReading)
        // Feed lines but keep standard input open: lector is waiting in read() when the signal comes.
        try input.fileHandleForWriting.write(contentsOf: Data((1...1000).map { "line \($0)\n" }.joined().utf8))
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, SIGINT)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 130)
        let ids = try String(decoding: output, as: UTF8.self).split(separator: "\n").map { try json(String($0))["id"] as? String }
        #expect(!ids.isEmpty)
        #expect(ids == (1...ids.count).map { "stdin:\($0)" })
        let message = String(decoding: errors.wait(), as: UTF8.self)
        #expect(message.contains("interrupted: wrote \(ids.count) documents; reading stopped after stdin:\(ids.count)"))
    }

    @Test func closedOutputPipeEndsQuietly() throws {
        ignoreBrokenPipes()
        let text = (1...20000).map { "line \($0)" }.joined(separator: "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"\(LectorBinary.path)\" analyze -p stats | head -n 2; echo \"status ${PIPESTATUS:-}\""]
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try input.fileHandleForWriting.close()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.split(separator: "\n").count == 3)
        #expect(errors.isEmpty)
    }
}

@Suite("corpus analyzers, end to end")
struct CorpusAnalyzerCommandTests {
    func copies(_ result: LectorBinary.Result) throws -> [Int?] {
        try result.lines.map { line in
            let record = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (record["duplicates"] as? [String: Any])?["copies"] as? Int
        }
    }

    @Test func filesAreReadTwiceAndStandardInputIsHeldInMemory() throws {
        let folder = NSTemporaryDirectory() + "lector-duplicates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, text) in [("a", "Das Abkommen wurde unterzeichnet."), ("b", "das abkommen  wurde unterzeichnet"), ("c", "Ein anderer Text.")] {
            try text.write(toFile: "\(folder)/\(name).txt", atomically: true, encoding: .utf8)
        }
        let files = try LectorBinary.run(["analyze", "-p", "duplicates", "--no-text", folder])
        #expect(files.status == 0, "\(files.stderr)")
        #expect(try copies(files) == [2, 2, 1])
        let lines = try LectorBinary.run(["analyze", "-p", "normalize | duplicates", "--no-text"], stdin: "eins zwei\ndrei\nEins, zwei!\n")
        #expect(lines.status == 0, "\(lines.stderr)")
        #expect(try copies(lines) == [2, 1, 2])
    }
}
