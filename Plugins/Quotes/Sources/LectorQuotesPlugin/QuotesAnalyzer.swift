import LectorKit

/// `quotes`: quoted speech — in „…“, “…”, «…», "…", ״…״ and ‹…› — and who is quoted, when a
/// speech verb stands next to the quotation ("sagte die Ministerin", "the minister said",
/// "قال الوزير", "אמר השר", "заявил министр").
public struct QuotesAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "quotes",
        summary: "Finds quoted speech and, when a speech verb is near, who is quoted",
        discussion: """
            Quotations in „…“ “…” «…» ‹…› "…" and ״…״ (Hebrew), of at least min-words words. The speaker \
            is the phrase after a speech verb that follows the quotation ("…“, sagte die Ministerin"), or \
            the words before a verb that introduces it ("Die Ministerin sagte: „…“"). Speech verbs in \
            German, English, French, Spanish, Russian, Hebrew and Arabic.
            """,
        options: [
            minimumWordsOption.spec,
            speakersOption.spec,
        ],
        produces: ["quotes"],
        summaryFields: ["quotes.text", "quotes.speaker"],
        producesSpans: true
    )

    let minimumWords: Int
    let findSpeakers: Bool

    static let minimumWordsOption = AnalyzerOption<Int>("min-words", default: 2, range: 1...50, help: "Shortest quotation, in words")
    static let speakersOption = AnalyzerOption<Bool>("speakers", default: true, help: "Look for who is quoted")

    public init(options: AnalyzerOptions) throws {
        minimumWords = try options[Self.minimumWordsOption]
        findSpeakers = try options[Self.speakersOption]
    }

    /// Opening marks and the marks that may close them.
    static let pairs: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "„": ["“", "”"], "“": ["”"], "«": ["»"], "»": ["«"], "‹": ["›"], "\"": ["\""], "\u{05F4}": ["\u{05F4}"], "‚": ["‘"],
    ]

    /// In lookup form (WordForms), as words are compared: أكد matches اكد and أكّد.
    static let speechVerbs: Set<String> = Set([
        "sagte", "sagt", "erklärte", "betonte", "sagten", "meinte", "fügte", "so",
        "said", "says", "told", "added", "stated", "explained",
        "dit", "déclaré", "a", "affirmé", "ajouté", "explique",
        "dijo", "afirmó", "declaró", "añadió", "explicó",
        "сказал", "сказала", "заявил", "заявила", "сообщил", "отметил", "добавил",
        "אמר", "אמרה", "הוסיף", "הדגיש", "מסר",
        "قال", "قالت", "أكد", "أضاف", "صرح", "أوضح",
    ].map { WordForms.lookupForm($0) })

    public func analyze(_ document: inout Document) throws {
        let scalars = Array(document.text.unicodeScalars)
        var quotes: [JSONValue] = []
        var index = 0
        while index < scalars.count {
            guard let closers = Self.pairs[scalars[index]], !isInsideWord(scalars, index),
                  let end = closingMark(scalars, after: index, closers: closers) else {
                index += 1
                continue
            }
            let inner = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            let words = inner.split(whereSeparator: { $0.isWhitespace }).count
            // A straight quote closes at the next one; a short run between two (a name, a title) is not speech.
            guard words >= minimumWords, !inner.contains("\n") else {
                index = end + 1
                continue
            }
            var quote: JSONObject = ["text": .string(inner), "start": .int(index), "end": .int(end + 1)]
            if findSpeakers, let speaker = speaker(scalars, quoteStart: index, quoteEnd: end + 1) {
                quote["speaker"] = .string(speaker.name)
                quote["verb"] = .string(speaker.verb)
            }
            quotes.append(.object(quote))
            index = end + 1
        }
        document.annotations["quotes"] = .array(quotes)
    }

    /// A straight quote between two letters is part of a word: Hebrew gershayim (מנכ"ל).
    func isInsideWord(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        scalars[index] == "\"" && index > 0 && index + 1 < scalars.count
            && ScalarTable.shared.isLetter(scalars[index - 1]) && ScalarTable.shared.isLetter(scalars[index + 1])
    }

    func closingMark(_ scalars: [Unicode.Scalar], after start: Int, closers: Set<Unicode.Scalar>) -> Int? {
        var index = start + 1
        while index < scalars.count, index - start < 2000 {
            if closers.contains(scalars[index]) && !isInsideWord(scalars, index) { return index }
            if scalars[index] == "\n" && index + 1 < scalars.count && scalars[index + 1] == "\n" { return nil }
            index += 1
        }
        return nil
    }

    /// A speech verb right after the quotation (", sagte die Ministerin") or right before it
    /// ("Die Ministerin sagte: „…“"), with up to three words of speaker.
    func speaker(_ scalars: [Unicode.Scalar], quoteStart: Int, quoteEnd: Int) -> (name: String, verb: String)? {
        let after = words(scalars, from: quoteEnd, limit: 6)
        if let verbIndex = after.prefix(2).firstIndex(where: { Self.speechVerbs.contains(WordForms.lookupForm($0)) }) {
            let name = after[(verbIndex + 1)...].prefix(3).prefix { !$0.isEmpty }
            if !name.isEmpty { return (name.joined(separator: " "), after[verbIndex]) }
        }
        let before = words(scalars, upTo: quoteStart, limit: 5)
        if let verb = before.last, Self.speechVerbs.contains(WordForms.lookupForm(verb)) {
            let name = before.dropLast().suffix(3)
            if !name.isEmpty { return (name.joined(separator: " "), verb) }
        }
        // Verb first, as Arabic writes it: "قال الوزير «…»".
        if let verbIndex = before.firstIndex(where: { Self.speechVerbs.contains(WordForms.lookupForm($0)) }), verbIndex + 1 < before.count {
            return (before[(verbIndex + 1)...].prefix(3).joined(separator: " "), before[verbIndex])
        }
        return nil
    }

    /// Words after `start` up to the end of the clause (. ! ? or a line break) or `end`.
    func words(_ scalars: [Unicode.Scalar], from start: Int, to end: Int? = nil, limit: Int) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var index = start
        while index < (end ?? scalars.count), words.count < limit {
            let scalar = scalars[index]
            if ScalarTable.shared.isLetterOrMark(scalar) || scalar == "-" {
                current.append(scalar)
            } else {
                if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
                if scalar == "." || scalar == "!" || scalar == "?" || scalar == "\n" || scalar == "\u{061F}" { break }
            }
            index += 1
        }
        if !current.isEmpty && words.count < limit { words.append(String(current)) }
        return words
    }

    /// Words before `end`, back to the start of the clause, in reading order.
    func words(_ scalars: [Unicode.Scalar], upTo end: Int, limit: Int) -> [String] {
        var start = end
        while start > 0 {
            let scalar = scalars[start - 1]
            if scalar == "." || scalar == "!" || scalar == "?" || scalar == "\n" || Self.pairs[scalar] != nil || scalar == "”" || scalar == "“" { break }
            start -= 1
        }
        return Array(words(scalars, from: start, to: end, limit: 50).suffix(limit))
    }
}

// The two entry points lector looks for.
@_cdecl("lector_plugin_abi")
public func lectorPluginABI() -> UnsafePointer<CChar> { LectorPlugin.abiStamp }

@_cdecl("lector_plugin_analyzers")
public func lectorPluginAnalyzers() -> UnsafeMutableRawPointer { LectorPlugin.export([QuotesAnalyzer.self]) }
