/// Checks a plugin author runs in their own tests: the basics `lector` relies on when it runs
/// an analyzer it did not build. (It lives in LectorKit itself: a separate testing library
/// would link a second, static copy of LectorKit into the tests.)
///
/// ```swift
/// @Test func passesTheChecksLectorReliesOn() throws {
///     #expect(try PluginChecks.run(QuotesAnalyzer.self).isEmpty)
/// }
/// ```
public enum PluginChecks {
    /// Texts every analyzer should take: empty, blank, Latin, Arabic, Hebrew (right to left),
    /// Cyrillic, Han, mixed scripts, combining marks and emoji, and a very long text.
    public static let sampleTexts: [(name: String, text: String)] = [
        ("empty", ""),
        ("blank", "  \n\t\n"),
        ("German", "„Wir sind bereit“, sagte die Ministerin am Mittwoch in Berlin. Die Gespräche dauern an."),
        ("English", "\"We are ready,\" the minister said on Wednesday. Talks continue."),
        ("Arabic", "قال الوزير يوم الأربعاء: «نحن مستعدون». وتستمر المحادثات."),
        ("Hebrew", "השר אמר ביום רביעי: ״אנחנו מוכנים״. השיחות נמשכות."),
        ("Russian", "«Мы готовы», — заявил министр в среду. Переговоры продолжаются."),
        ("Chinese", "部长周三表示：“我们已经准备好了。”谈判仍在继续。"),
        ("mixed", "Berlin — ברלין — برلين — Берлин: 3.200 € (e\u{301}te\u{301}), 👩🏽‍💻 \u{200F}RTL\u{200E}"),
        ("long", String(repeating: "Die Gespräche dauern an, sagte sie. ", count: 30_000)),
    ]

    /// Runs the analyzer (with `options`, as `key=value` texts) on the sample texts twice and
    /// returns what is wrong: an option set it refuses, a declared annotation it does not
    /// produce on a text with letters, one it produces but does not declare, a value whose JSON
    /// view does not read back, a rewritten text its descriptor does not announce, or a different
    /// result the second time. Empty means all is well.
    public static func run<A: Analyzer>(_ type: A.Type, options: [String: String] = [:]) throws -> [String] {
        let descriptor = A.descriptor
        var problems: [String] = []
        let arguments = options.sorted { $0.key < $1.key }.map { OptionArgument(key: $0.key, value: $0.value) }
        let analyzer = try A(options: try AnalyzerOptions(parsing: arguments, for: descriptor))
        for option in descriptor.options where option.help.isEmpty {
            problems.append("option '\(option.name)' has no help text")
        }
        for (name, text) in sampleTexts {
            var first = Document(id: name, text: text)
            var second = first
            do {
                try analyzer.analyze(&first)
                try analyzer.analyze(&second)
            } catch {
                // Throwing is allowed (the document gets an error), but not on ordinary text.
                if name != "empty" && name != "blank" { problems.append("\(name) text: it threw \(error)") }
                continue
            }
            if first.text != text && !descriptor.rewritesText {
                problems.append("\(name) text: it changed the text, but its descriptor does not say rewritesText: true")
            }
            let produced = first.annotations.names
            for undeclared in produced where !descriptor.produces.contains(undeclared) {
                problems.append("\(name) text: it produced '\(undeclared)', which its descriptor does not declare")
            }
            if text.contains(where: \.isLetter) {
                for missing in descriptor.produces where !produced.contains(missing) {
                    problems.append("\(name) text: it did not produce '\(missing)', which its descriptor declares")
                }
            }
            for (annotation, value) in first.annotations.json {
                if second.annotations[annotation] != value {
                    problems.append("\(name) text: '\(annotation)' differs between two runs (it should be deterministic)")
                }
                if let reparsed = try? JSONParser.parse(value.jsonText), !Self.sameJSON(reparsed, value) {
                    problems.append("\(name) text: the JSON of '\(annotation)' does not read back as the same value")
                }
            }
        }
        return problems
    }

    /// JSON equality as a reader sees it: a number written as `1` reads back as an integer,
    /// whether the value held the integer 1 or the double 1.0.
    public static func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        case (.object(let x), .object(let y)):
            return x.keys == y.keys && zip(x.values, y.values).allSatisfy { sameJSON($0, $1) }
        default: return a == b
        }
    }
}
