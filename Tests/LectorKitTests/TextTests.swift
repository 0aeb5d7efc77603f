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
