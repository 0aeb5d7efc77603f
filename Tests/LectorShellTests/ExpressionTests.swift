import LectorKit
import Testing
@testable import LectorShell

@Suite("where expressions")
struct ExpressionTests {
    struct Record: FieldSource {
        var value: JSONValue
        func values(at path: FieldPath) -> [JSONValue] { value.values(at: path.components) }
    }

    let record = Record(value: [
        "id": "001", "language": ["code": "ar", "confidence": 0.93], "sentiment": ["score": -0.4],
        "ticker": [["time": "15:21", "headline": "Historisches Abkommen"], ["time": "09:10", "headline": "Marokko"]],
        "text": "שלום and hello", "flag": false,
    ])

    func holds(_ text: String) throws -> Bool { try ExpressionParser.parse(text).matches(record) }

    @Test(arguments: [
        (#"language.code == "ar""#, true), ("language.code == ar", true), (#"language.code != "ar""#, false),
        ("sentiment.score < 0", true), ("sentiment.score >= 0", false), ("language.confidence > 0.9", true),
        (#"ticker.time > "12:00""#, true), (#"ticker.headline contains "marokko""#, true),
        (#"text ~ "\p{Hebrew}+""#, true), (#"text ~ "^hello""#, false),
        (#"language.code == "ar" and sentiment.score < 0"#, true), (#"language.code == "de" or id == "001""#, true),
        (#"not language.code == "ar""#, false), (#"not (language.code == "de" or flag)"#, true),
        ("missing.field == 1", false), ("missing.field != 1", true), ("flag == false", true), ("flag", false), ("ticker", true),
    ])
    func evaluates(expression: String, expected: Bool) throws {
        #expect(try holds(expression) == expected)
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(try holds(#"id == "x" and flag or language.code == "ar""#))
        #expect(try !holds(#"id == "x" and (flag or language.code == "ar")"#))
    }

    @Test(arguments: [
        ("language.code = 1", "use '==' to compare", 14..<15),
        (#"language.code == "ar"#, "unterminated string", 17..<20),
        ("stats.words > ", "expected a value after '>'", 14..<15),
        ("a == 1 b == 2", "unexpected 'b'; join conditions with 'and' or 'or'", 7..<8),
        (#"text ~ "(unclosed""#, "invalid regular expression", 7..<18),
        ("", "expected a condition", 0..<1),
        ("(a == 1", "expected ')'", 7..<8),
    ])
    func errorsPointAtTheWord(text: String, message: String, range: Range<Int>) {
        let error = #expect(throws: ShellError.self) { try ExpressionParser.parse(text) }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
        #expect(error?.range == range)
    }

    @Test func offsetsShiftIntoTheCommandLine() {
        let error = #expect(throws: ShellError.self) { try ExpressionParser.parse("x = 1", offset: 6) }
        #expect(error?.range == 8..<9)
    }
}

@Suite("contains")
struct ContainsTests {
    @Test(arguments: [
        ("Hello World", "world", true), ("Hello World", "lo w", true), ("Hello", "hellO".lowercased(), true), ("abc", "abcd", false),
        ("Straße in BERLIN", "berlin", true), ("Привет МИР", "мир", true), ("שלום", "של", true), ("", "", true), ("ab", "", true),
    ])
    func matchesIgnoringCase(text: String, needle: String, expected: Bool) {
        #expect(Expression.containsIgnoringCase(text, lowercasedNeedle: needle) == expected)
    }
}
