import LectorKit

/// `stats`: characters, words, sentences, lines and the scripts a document is written in.
public struct StatsAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "stats",
        summary: "Counts characters, words, sentences and lines, and the scripts present",
        discussion: """
            Characters are Unicode scalars (as Python counts them). Words follow UAX #29: letters and \
            digits with their marks; each Han ideograph is a word. A line break always ends a sentence. \
            Scripts are ISO 15924 codes with the share of the document's letters in each.
            """,
        options: [minShareOption.spec],
        produces: [TextStatisticsKey.name],
        summaryFields: ["stats.words", "stats.sentences", "stats.scripts.code"]
    )

    static let minShareOption = AnalyzerOption<Double>(
        "min-share", default: 0, range: 0...1, help: "Leave out scripts with a smaller share of the letters")

    let minShare: Double

    public init(options: AnalyzerOptions) throws {
        minShare = try options[Self.minShareOption]
    }

    public func analyze(_ document: inout Document) {
        document[TextStatisticsKey.self] = statistics(of: document.text)
    }

    func statistics(of text: String) -> TextStatistics {
        var characters = 0
        var lines = 0
        var lastWasNewline = true
        var letters = 0
        var latin = 0  // counted apart: most letters are Latin, and a dictionary update per letter is slow
        var scriptCounts: [String: Int] = [:]
        let table = ScalarTable.shared
        let latinClass = table.scriptClass(of: "Latn")
        for scalar in text.unicodeScalars {
            characters += 1
            if scalar == "\n" {
                lines += 1
                lastWasNewline = true
                continue
            }
            lastWasNewline = false
            if scalar.value < 0x80 {
                if (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A {
                    letters += 1
                    latin += 1
                }
            } else if case let kind = table.classify(scalar.value), kind >= ScalarTable.firstScript {
                letters += 1
                if kind == latinClass { latin += 1 } else { scriptCounts[table.scripts[Int(kind)], default: 0] += 1 }
            } else if scalar.properties.isAlphabetic {
                // Alphabetic but not a letter of a script in the table: vowel signs, letter numbers,
                // letters of no BMP script.
                let code = Script.code(of: scalar)
                if code == "Latn" {
                    letters += 1
                    latin += 1
                } else if code != "Zyyy" && code != "Zinh" {
                    letters += 1
                    scriptCounts[code, default: 0] += 1
                }
            }
        }
        if latin > 0 { scriptCounts["Latn"] = latin }
        if !lastWasNewline { lines += 1 }
        let total = Double(max(1, letters))
        var scripts: [TextStatistics.ScriptShare] = []
        for (code, count) in scriptCounts where Double(count) / total >= minShare {
            scripts.append(TextStatistics.ScriptShare(script: Script(code: code), share: Double(count) / total))
        }
        scripts.sort { ($1.share, $0.script.code) < ($0.share, $1.script.code) }
        let (words, sentences) = Segmentation.counts(in: text)
        return TextStatistics(characters: characters, words: words, sentences: sentences, lines: lines, scripts: scripts)
    }
}
