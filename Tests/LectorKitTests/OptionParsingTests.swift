import Foundation
import Testing
@testable import LectorKit

@Suite("Analyzer options")
struct OptionParsingTests {
    let descriptor = ProducesAlpha.descriptor

    func parse(_ words: [String]) throws -> AnalyzerOptions {
        let syntax = try PipelineSyntax.parse((["produce-alpha"] + words).joined(separator: " "))
        return try AnalyzerOptions(parsing: syntax.stages[0].arguments, for: descriptor)
    }

    @Test func defaultsFillEveryDeclaredOption() throws {
        let options = try parse([])
        #expect(try options[ProducesAlpha.level] == 1)
        #expect(try options[ProducesAlpha.mode] == "fast")
        #expect(try options[ProducesAlpha.verbose] == false)
        #expect(try options[ProducesAlpha.ratio] == 0.5)
        #expect(try options[ProducesAlpha.lexicon] == nil)
    }

    @Test func typedValuesAreParsed() throws {
        let options = try parse(["level=3", "mode=careful", "verbose=yes", "ratio=0.25", "langs=de,fr"])
        #expect(try options[ProducesAlpha.level] == 3)
        #expect(try options[ProducesAlpha.mode] == "careful")
        #expect(try options[ProducesAlpha.verbose])
        #expect(try options[ProducesAlpha.ratio] == 0.25)
        #expect(try options[ProducesAlpha.langs] == ["de", "fr"])
    }

    @Test func quotedValuesKeepSpacesPipesAndEquals() throws {
        let options = try parse([#"label="a | b = c""#])
        #expect(try options[ProducesAlpha.label] == "a | b = c")
        let single = try parse(["label='it \"works\"'"])
        #expect(try single[ProducesAlpha.label] == "it \"works\"")
        let escaped = try parse([#"label="say \"hi\"""#])
        #expect(try escaped[ProducesAlpha.label] == #"say "hi""#)
    }

    @Test func bareBooleanMeansTrue() throws {
        #expect(try parse(["verbose"])[ProducesAlpha.verbose])
    }

    @Test func readingAnUndeclaredOptionFails() throws {
        let options = try parse([])
        let undeclared = AnalyzerOption<Int>("levels", default: 1, help: "not declared")
        let error = try #require(throws: OptionError.self) { try options[undeclared] }
        #expect(error.message == "'produce-alpha' reads option 'levels', which its descriptor does not declare")
    }

    @Test func readingAnOptionAsAnotherTypeFails() throws {
        let options = try parse([])
        let asText = AnalyzerOption<String>("level", default: "1", help: "declared as an integer")
        let error = try #require(throws: OptionError.self) { try options[asText] }
        #expect(error.message.contains("reads option 'level' as text, but its descriptor declares an integer from 1 to 5"))
        let otherRange = AnalyzerOption<Int>("level", default: 1, range: 1...9, help: "another range")
        #expect(throws: OptionError.self) { try options[otherRange] }
    }

    @Test func anAnalyzerReadingAnUndeclaredOptionCannotBeConfigured() throws {
        struct Misspelt: Analyzer {
            static let descriptor = AnalyzerDescriptor(name: "misspelt", summary: "Reads an option it does not declare", produces: ["x"])
            static let top = AnalyzerOption<Int>("top", default: 3, help: "not in the descriptor")
            let top: Int
            init(options: AnalyzerOptions) throws { top = try options[Self.top] }
            func analyze(_ document: inout Document) {}
        }
        let error = try #require(throws: OptionError.self) { try AnalyzerFactory(Misspelt.self).configure([]) }
        #expect(error.message.contains("does not declare"))
    }

    @Test func aPathOptionNeedsAnExistingFile() throws {
        let missing = try #require(throws: OptionError.self) { try parse(["lexicon=/nonexistent/words.txt"]) }
        #expect(missing.message == "option 'lexicon' of 'produce-alpha': no file at '/nonexistent/words.txt'")
        let folder = try #require(throws: OptionError.self) { try parse(["lexicon=/tmp"]) }
        #expect(folder.message.contains("is a folder"))
        let path = NSTemporaryDirectory() + "lector-words-\(UUID().uuidString).txt"
        try Data("pact\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try parse(["lexicon=\(path)"])
        #expect(try file[ProducesAlpha.lexicon] == path)
    }

    @Test func aDescriptorDeclaringAnOptionTwiceIsRefused() throws {
        struct Twice: Analyzer {
            static let descriptor = AnalyzerDescriptor(
                name: "twice", summary: "Declares top twice",
                options: [OptionSpec("top", .int(), default: .int(1), help: "a"), OptionSpec("top", .bool, default: .bool(false), help: "b")],
                produces: ["x"])
            init(options: AnalyzerOptions) {}
            func analyze(_ document: inout Document) {}
        }
        var registry = AnalyzerRegistry()
        let error = try #require(throws: RegistryError.self) { try registry.register(Twice.self) }
        #expect(error.message == "'twice' declares option 'top' twice")
    }

    @Test func unknownOptionNamesAnalyzerAndSuggests() throws {
        let error = try #require(throws: OptionError.self) { try parse(["levle=2"]) }
        #expect(error.analyzer == "produce-alpha")
        #expect(error.option == "levle")
        #expect(error.suggestion == "level")
        #expect(error.message.contains("its options are level, mode"))
    }

    @Test func wrongTypeNamesOptionAndExpectedType() throws {
        let error = try #require(throws: OptionError.self) { try parse(["level=many"]) }
        #expect(error.message == "option 'level' of 'produce-alpha' expects an integer from 1 to 5, not 'many'")
        let range = try #require(throws: OptionError.self) { try parse(["level=9"]) }
        #expect(range.message.contains("from 1 to 5"))
        let ratio = try #require(throws: OptionError.self) { try parse(["ratio=2"]) }
        #expect(ratio.message.contains("a number from 0 to 1"))
    }

    @Test func choiceErrorListsAllowedValues() throws {
        let error = try #require(throws: OptionError.self) { try parse(["mode=carefull"]) }
        #expect(error.message.contains("one of fast, careful"))
        #expect(error.suggestion == "careful")
    }

    @Test func listErrorNamesTheBadItem() throws {
        let error = try #require(throws: OptionError.self) { try parse(["langs=de,xx"]) }
        #expect(error.message.contains("does not allow 'xx'"))
        #expect(error.message.contains("de, en, fr"))
    }

    @Test func repeatedOptionIsAnError() throws {
        let error = try #require(throws: OptionError.self) { try parse(["level=2", "level=3"]) }
        #expect(error.message.contains("given twice"))
    }

    @Test func nonBooleanWithoutValueIsAnError() throws {
        let error = try #require(throws: OptionError.self) { try parse(["level"]) }
        #expect(error.message.contains("needs a value"))
    }

    @Test func errorRangePointsAtTheWord() throws {
        let text = "produce-alpha level=2 mode=slow"
        let error = try #require(throws: PipelineError.self) { try Pipeline(text, registry: testRegistry()) }
        let range = try #require(error.range)
        #expect(String(Array(text)[range]) == "mode=slow")
        #expect(error.pointing(into: text).hasSuffix("                      ^^^^^^^^^"))
    }
}
