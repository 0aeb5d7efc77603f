import Foundation
import Testing

@Suite("lector scripts, end to end")
struct ScriptTests {
    @Test func theTourScriptRuns() throws {
        let result = try LectorBinary.run(["run", "examples/scripts/tour.lector"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("loaded 7 documents"))
        #expect(result.stdout.contains("tatweel: 3"))
    }

    @Test func thePagesScriptSplitsTickersIntoHeadlines() throws {
        let result = try LectorBinary.run(["run", "examples/scripts/pages.lector"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("loaded 14 documents"))
        #expect(result.stdout.contains("- Читайте также"))
        #expect(result.stdout.contains("ru-pipe/ticker-4            12:02  ru"))
    }

    @Test func aScriptStopsAtTheFirstErrorWithFileAndLine() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).lector"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "load examples/articles\nstats | hed 2\nls\n".write(toFile: path, atomically: true, encoding: .utf8)
        let stopped = try LectorBinary.run(["run", path])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.hasPrefix("\(path):2: error: unknown command or analyzer 'hed'; did you mean 'head'?\n  stats | hed 2\n          ^^^"))
        #expect(!stopped.stdout.contains("#1  ar-mawsim"))
        let going = try LectorBinary.run(["run", "--keep-going", path])
        #expect(going.status == 1)
        #expect(going.stdout.contains("#1  ar-mawsim"))
    }

    @Test func aWorkspaceNamedFirstKeepsTheCorpusBetweenRuns() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).lector-db"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try LectorBinary.run([path, "-c", "load examples/articles; langid"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("created \(path), empty: `load PATH` puts documents in it\nloaded 7 documents into \(path)\n"))
        let second = try LectorBinary.run([path, "-c", "sql select id, language from documents where language = 'ru'; history"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("ru-most  ru"))
        #expect(second.stdout.contains("1  load examples/articles; langid"))
        // Subcommands still come first.
        #expect(try LectorBinary.run(["analyzers"]).stdout.contains("langid"))
    }

    /// A defect a user hit: isolate marks (U+2068, U+2069) around right-to-left cells reached
    /// output for a pipe. They are for a terminal only.
    @Test func tablesForAPipeCarryNoIsolateMarks() throws {
        let shell = try LectorBinary.run(["-c", "load examples/articles; langid; show he-rakevet"])
        let batch = try LectorBinary.run(["analyze", "--output", "table", "-p", "structure", "examples/articles/he-rakevet.txt"])
        for output in [shell.stdout, batch.stdout] {
            #expect(output.unicodeScalars.contains { (0x0590...0x05FF).contains($0.value) })
            #expect(!output.unicodeScalars.contains { $0.value == 0x2068 || $0.value == 0x2069 })
        }
    }

    /// A defect a user hit: `--keep-going -c 'load x; where bad; ls'` stopped at the error.
    @Test func keepGoingGoesOnWithinALine() throws {
        let result = try LectorBinary.run(["--keep-going", "-c", "load examples/articles; where bad; ls"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("-c:1: error: no document has a field 'bad'"))
        #expect(result.stdout.contains("#7  ru-most"))
    }

    @Test func aLineEndingInABarOrABackslashGoesOn() throws {
        let path = NSTemporaryDirectory() + "lector-\(UUID().uuidString).lector"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "load examples/articles\nlangid |\n  where language.code == \"de\" \\\n  | ls\nbad\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try LectorBinary.run(["run", path])
        #expect(result.stdout.contains("#1  de-hafen") && !result.stdout.contains("ru-most"))
        // Errors name the line where the command began.
        #expect(result.stderr.hasPrefix("\(path):5: error: unknown command or analyzer 'bad'"))
    }

    @Test func dashCRunsOneLineOfCommands() throws {
        let result = try LectorBinary.run(["-c", "load examples/articles; stats | where stats.words > 90; show #1 id"])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("de-hafen\n"))
    }

    @Test func commandsOnStandardInputRunWithoutAPrompt() throws {
        let result = try LectorBinary.run([], stdin: "# comment\nload examples/articles/ru-most.txt\nshow #1 id\n")
        #expect(result.status == 0)
        #expect(result.stdout == "loaded 1 document\nru-most\n")
        let failing = try LectorBinary.run([], stdin: "bogus\n")
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("stdin:1: error: unknown command or analyzer 'bogus'"))
    }

    @Test func aMissingScriptIsAClearError() throws {
        let result = try LectorBinary.run(["run", "no-such-script.lector"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no-such-script.lector: no such file"))
    }
}
