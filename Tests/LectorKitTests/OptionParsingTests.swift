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
        #expect(options.int("level") == 1)
        #expect(options.string("mode") == "fast")
        #expect(options.bool("verbose") == false)
        #expect(options.number("ratio") == 0.5)
    }

    @Test func typedValuesAreParsed() throws {
        let options = try parse(["level=3", "mode=careful", "verbose=yes", "ratio=0.25", "langs=de,fr"])
        #expect(options.int("level") == 3)
        #expect(options.string("mode") == "careful")
        #expect(options.bool("verbose"))
        #expect(options.number("ratio") == 0.25)
        #expect(options.list("langs") == ["de", "fr"])
    }

    @Test func quotedValuesKeepSpacesPipesAndEquals() throws {
        let options = try parse([#"label="a | b = c""#])
        #expect(options.string("label") == "a | b = c")
        let single = try parse(["label='it \"works\"'"])
        #expect(single.string("label") == "it \"works\"")
        let escaped = try parse([#"label="say \"hi\"""#])
        #expect(escaped.string("label") == #"say "hi""#)
    }

    @Test func bareBooleanMeansTrue() throws {
        #expect(try parse(["verbose"]).bool("verbose"))
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
