import Testing
@testable import LectorKit

@Suite("Text utilities")
struct TextTests {
    @Test(arguments: [
        ("abc", 3), ("日本", 4), ("e\u{301}", 1), ("שלום", 4), ("😀", 2), ("👩‍💻", 2), ("ｶﾀｶﾅ", 4), ("한국", 4), ("\u{200F}a", 1),
    ])
    func displayWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func scriptsOfLetters() {
        #expect(Script.of("a").code == "Latn")
        #expect(Script.of("ж").code == "Cyrl")
        #expect(Script.of("ש").code == "Hebr")
        #expect(Script.of("ب").code == "Arab")
        #expect(Script.of("ა").code == "Geor")
        #expect(Script.of("न").code == "Deva")
        #expect(Script.of("中").code == "Hani")
        #expect(Script.of("7").code == "Zyyy")
        #expect(Script(code: "Arab").name == "Arabic")
    }

    @Test func spansCountUnicodeScalarsAsPythonDoes() {
        let text = "e\u{301}😀 שלום"
        let range = text.range(of: "שלום")!
        let span = text.span(of: range)
        #expect(span == Span(start: 4, end: 8))
        #expect(text.text(in: span) == "שלום")
        #expect(text.text(in: Span(start: 7, end: 20)) == nil)
    }

    @Test(arguments: [
        ("Hello, world!", 2), ("מנכ\"ל רכבת ישראל", 3), ("מל\"טים", 1), ("3.200 Dollar, 8,5 Prozent", 4),
        ("l'homme d'État", 2), ("日本語です", 4), ("geht's z.B. gut", 3), ("", 0), ("— … !", 0), ("مرحبا، كيف حالك؟", 3),
    ])
    func wordCounts(text: String, words: Int) {
        #expect(Segmentation.wordCount(in: text) == words)
    }

    @Test(arguments: [
        ("One. Two! Three?", 3), ("Dr. Smith arrived. He sat.", 2), ("Am 30. Oktober kam er. Dann ging er.", 2),
        ("Headline without period\nBody sentence here.", 2), ("هل جاء؟ نعم.", 2), ("J. R. R. Tolkien wrote it.", 1),
        ("这是第一句。这是第二句。", 2), ("...", 0),
    ])
    func sentenceCounts(text: String, sentences: Int) {
        #expect(Segmentation.sentenceCount(in: text) == sentences)
    }

    @Test func suggestionsFindTyposAndTranspositions() {
        #expect(closestMatch(to: "lnagid", in: ["langid", "stats"]) == "langid")
        #expect(closestMatch(to: "stat", in: ["langid", "stats"]) == "stats")
        #expect(closestMatch(to: "zzzzzz", in: ["langid", "stats"]) == nil)
    }
}

@Suite("Scripts of marks and signs")
struct ScriptEdgeTests {
    @Test func tatweelAndMarksAreNotUnknown() {
        #expect(Script.of("\u{640}").code == "Zyyy")
        #expect(Script.of("\u{301}").code == "Zinh")
        #expect(Script.of("\u{64E}").code == "Zinh")
    }
}

@Suite("Word forms")
struct WordFormTests {
    @Test func lookupFormFoldsWhatSpellingsVary() {
        #expect(WordForms.lookupForm("قد يهمك أيضــــــــــــــا") == "قد يهمك ايضا")
        #expect(WordForms.lookupForm("مُباحثات") == "مباحثات")
        #expect(WordForms.lookupForm("إعلان") == "اعلان")
        #expect(WordForms.lookupForm("مدرسة") == "مدرسه")
        #expect(WordForms.lookupForm("שָׁלוֹם") == "שלום")
        #expect(WordForms.lookupForm("İlgili Haberler") == "ilgili haberler")
        #expect(WordForms.lookupForm("٣٠ Oktober") == "30 oktober")
        #expect(WordForms.lookupForm("a\u{200F}b") == "ab")
    }

    @Test func arabicCandidatesStripCliticsButKeepStems() {
        let forms = WordForms.arabicCandidates(WordForms.lookupForm("والكتاب"))
        #expect(forms.first == "والكتاب")
        #expect(forms.contains("كتاب"))
        #expect(WordForms.arabicCandidates(WordForms.lookupForm("بالمغرب")).contains("مغرب"))
        #expect(WordForms.arabicCandidates(WordForms.lookupForm("كتابهم")).contains("كتاب"))
        #expect(WordForms.arabicCandidates("لا") == ["لا"])
        #expect(!WordForms.arabicCandidates(WordForms.lookupForm("ولد")).contains("د"))
    }

    @Test func digitsInAnyScript() {
        #expect(WordForms.digitValue("7") == 7)
        #expect(WordForms.digitValue("٧") == 7)
        #expect(WordForms.digitValue("۷") == 7)
        #expect(WordForms.digitValue("a") == nil)
    }

    @Test func arabicPunctuationAndHebrewAbbreviationsSegment() {
        let arabic = "هل وصل الوفد؟ نعم، وصل صباحا؛ ثم بدأ الاجتماع."
        #expect(Segmentation.sentences(in: arabic).count == 2)
        #expect(Segmentation.wordCount(in: "نعم، وصل") == 2)
        let hebrew = "למרוקו יש את הצי השני בגודלו של מל\"טים צבאיים. מנכ\"ל החברה הודיע."
        let words = Segmentation.words(in: hebrew).map { span in String(String.UnicodeScalarView(Array(hebrew.unicodeScalars)[span.start..<span.end])) }
        #expect(words.contains("מל\"טים") && words.contains("מנכ\"ל"))
        #expect(Segmentation.sentences(in: hebrew).count == 2)
    }
}

@Suite("UTF-8 text a scalar at a time")
struct UTF8TextTests {
    /// One scalar of each UTF-8 length, and the edges of each length.
    static let samples: [Unicode.Scalar] = ["A", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "ж", "中", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}"]

    @Test func encodingThenDecodingGivesBackEveryScalarOfEveryLength() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4)
        defer { buffer.deallocate() }
        for scalar in Self.samples {
            let count = UTF8Text.encode(scalar.value, into: buffer)
            let bytes = UnsafeBufferPointer(start: buffer, count: count)
            #expect(Array(bytes) == Array(String(scalar).utf8), "\(scalar.value)")
            #expect(UTF8Text.sequenceLength(bytes[0]) == count)
            var index = 0
            #expect(UTF8Text.decode(bytes, &index) == scalar.value)
            #expect(index == count)
            var end = count
            #expect(UTF8Text.decode(bytes, before: &end) == scalar.value)
            #expect(end == 0)
        }
    }

    @Test func decodingAStringForwardAndBackwardGivesItsScalars() {
        var text = String(String.UnicodeScalarView(Self.samples))
        text.withUTF8 { bytes in
            #expect(UTF8Text.scalars(bytes, 0..<bytes.count) == Self.samples)
            #expect(Array(UTF8Text.Scalars(bytes, 0..<bytes.count)) == Self.samples)
            #expect(UTF8Text.string(bytes, 0..<bytes.count) == String(String.UnicodeScalarView(Self.samples)))
            var end = bytes.count
            var backward: [Unicode.Scalar] = []
            while end > 0 { backward.append(Unicode.Scalar(UTF8Text.decode(bytes, before: &end))!) }
            #expect(backward == Self.samples.reversed())
        }
        #expect(UTF8Text.string(Self.samples[3...6]) == "é\u{7FF}\u{800}ж")
    }
}

@Suite("Text lines")
struct TextLinesTests {
    func lines(_ text: String) -> [TextLines.Line] { TextLines.with(text) { $0.lines } }

    @Test func linesAreNumberedFromOneWithScalarOffsets() {
        let lines = lines("Erste\nzweite Zeile\n\nшаг")
        #expect(lines.map(\.number) == [1, 2, 3, 4])
        #expect(lines.map(\.start) == [0, 6, 19, 20])
        #expect(lines.map(\.isBlank) == [false, false, true, false])
        TextLines.with("a\nжё") { text in
            #expect(text.scalars(text.lines[1]) == ["ж", "ё"])
        }
    }

    @Test func aCarriageReturnBeforeTheLineFeedIsNotPartOfTheLine() {
        TextLines.with("one\r\ntwo\r\n") { text in
            #expect(text.lines.map { UTF8Text.string(text.bytes, $0.bytes) } == ["one", "two"])
            #expect(text.lines.map(\.start) == [0, 5])
        }
    }

    @Test func emptyTextIsOneBlankLineAndAFinalLineFeedAddsNone() {
        #expect(lines("") == [TextLines.Line(bytes: 0..<0, number: 1, start: 0, isBlank: true)])
        #expect(lines("a\n").count == 1)
    }

    @Test func aLineOfSpacesAndInvisibleMarksIsBlank() {
        #expect(lines(" \t\u{A0}\u{200F}\u{FEFF}\u{3000}\nx").map(\.isBlank) == [true, false])
    }
}

@Suite("Scalar table")
struct ScalarTableTests {
    let table = ScalarTable.shared

    @Test func spaceIncludesBidiAndZeroWidthMarksAndTheByteOrderMark() {
        for value: UInt32 in [0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x2003, 0x3000, 0x200B, 0x200E, 0x200F, 0x061C, 0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF] {
            #expect(ScalarTable.isSpace(value), "\(value)")
        }
        for value: UInt32 in [0x41, 0x5F, 0x2010, 0x05D0, 0x0301, 0x1F600] { #expect(!ScalarTable.isSpace(value), "\(value)") }
    }

    @Test func spaceWithoutInvisiblesIsUnicodeWhiteSpace() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ScalarTable.isSpace(value, invisibles: false) != scalar.properties.isWhitespace { Issue.record("U+\(String(value, radix: 16))") }
        }
        #expect(!ScalarTable.isSpace(0x200F, invisibles: false))
        #expect(!"\u{200F}a".trimmingWhitespace().isEmpty)
    }

    @Test func lettersCarryTheirScriptAndMarksAndJoinersHaveClassesOfTheirOwn() {
        #expect(table.scripts[Int(table.classify(0x41))] == "Latn")
        #expect(table.scripts[Int(table.classify(0x0436))] == "Cyrl")
        #expect(table.scripts[Int(table.classify(0x05D0))] == "Hebr")
        #expect(table.classify(0x1D400) == ScalarTable.neutralLetter)  // mathematical bold A: common script
        #expect(table.classify(0x0301) == ScalarTable.mark)
        #expect(table.classify(0x2019) == ScalarTable.joiner)
        #expect(table.classify(0x30) == ScalarTable.separator)
        #expect(table.isLetter("ß") && !table.isLetter("\u{301}") && table.isLetterOrMark("\u{301}"))
        #expect(table.scriptClass(of: "Grek").map { table.scripts[Int($0)] } == "Grek")
    }

    @Test func lowerCaseIsOneScalarOrNone() {
        #expect(table.lowercased(0x41) == 0x61)
        #expect(table.lowercased(0x0416) == 0x0436)  // Ж
        #expect(table.lowercased(0x10400) == 0x10428)  // Deseret
        #expect(table.lowercased(0x0130) == 0x0130)  // İ lower-cases to two scalars: kept
        #expect(table.lowercased(0x2160) == 0x2160)  // a Roman numeral is not a letter
    }
}

@Suite("Lookup forms of cased scripts")
struct LookupFormCaseTests {
    @Test(arguments: [
        ("МОСКВА Київ", "москва київ"), ("ΑΘΗΝΑ Σοφία", "αθηνα σοφία"), ("İSTANBUL İzmir", "istanbul izmir"), ("IĞDIR", "iğdir"),
        ("ÉTÉ Straße", "été straße"), ("ԱՐՄԵՆԻԱ", "արմենիա"), ("ＡＢＣ", "ａｂｃ"), ("\u{10400}", "\u{10428}"), ("\u{212A} \u{24B6} \u{216B}", "\u{212A} \u{24B6} \u{216B}"),
    ])
    func lowerCaseOfCyrillicGreekTurkishAndOthers(text: String, form: String) {
        #expect(WordForms.lookupForm(text) == form)
    }
}

@Suite("Built-in annotations a plugin reads")
struct BuiltInAnnotationTests {
    @Test func articleTextIsTheTitleAndBodyOnceStructureRan() {
        var document = Document(id: "a", text: "Menu\nTitle\nFirst paragraph.")
        #expect(document.articleText == document.text)
        var structure = Structure()
        structure.title = "Title"
        structure.body = ["First paragraph."]
        document[StructureKey.self] = structure
        #expect(document.articleText == "Title\nFirst paragraph.")
    }

    @Test func languageReadBackFromJSONNamesTheLanguage() throws {
        let result = try LanguageResult(jsonValue: ["code": "de", "confidence": 0.9])
        #expect(result.name == "German")
        #expect(result.script == "Zyyy")
        let written = LanguageResult(code: "fa", name: "Persian", script: "Arab", confidence: 0.8,
                                     alternatives: [.init(code: "ar", confidence: 0.2)], segments: nil)
        #expect(try LanguageResult(jsonValue: written.jsonValue) == written)
    }
}
