import Foundation
import LectorKit
import Testing
@testable import LectorAnalyzers

@Suite("normalize")
struct NormalizeTests {
    func normalize(_ text: String, _ options: [String: String] = [:]) throws -> (String, NormalizationReport) {
        let arguments = options.map { OptionArgument(key: $0.key, value: $0.value) }
        let analyzer = try NormalizeAnalyzer(options: AnalyzerOptions(parsing: arguments, for: NormalizeAnalyzer.descriptor))
        var document = Document(id: "t", text: text)
        analyzer.analyze(&document)
        return (document.text, try #require(document[NormalizationReportKey.self]))
    }

    @Test func composesToNFC() throws {
        let (text, report) = try normalize("Cafe\u{301} \u{212B}")
        #expect(text.unicodeScalars.map(\.value) == [0x43, 0x61, 0x66, 0xE9, 0x20, 0xC5])
        #expect(report.recomposed)
    }

    @Test func nfkcFoldsCompatibilityCharacters() throws {
        let (text, _) = try normalize("ﬁne ﻻ x²", ["form": "nfkc"])
        #expect(text == "fine لا x2")
        let (kept, report) = try normalize("ﬁne")
        #expect(kept == "ﬁne")
        #expect(!report.changed)
    }

    @Test func unifiesLineEndings() throws {
        let (text, report) = try normalize("a\r\nb\rc\u{2028}d\u{85}e\n")
        #expect(text == "a\nb\nc\nd\ne\n")
        #expect(report.lineEndings == 4)
    }

    @Test func removesZeroWidthAndBidiControlsButKeepsJoiners() throws {
        let (text, report) = try normalize("\u{FEFF}zero\u{200B}width \u{200F}שלום\u{200E} می\u{200C}خواهم soft\u{AD}hyphen \u{202B}x\u{202C}")
        #expect(text == "zerowidth שלום می\u{200C}خواهم softhyphen x")
        #expect(report.zeroWidth == 3)
        #expect(report.bidiControls == 4)
    }

    @Test func removesTatweel() throws {
        let (text, report) = try normalize("الســـلام")
        #expect(text == "السلام")
        #expect(report.tatweel == 3)
    }

    @Test func eachCleanupCanBeTurnedOff() throws {
        let input = "a\r\nب\u{640}ت\u{200B}\u{200F}"
        let (text, report) = try normalize(input, ["line-endings": "false", "tatweel": "false", "zero-width": "false", "bidi": "false"])
        #expect(text == input)
        #expect(!report.changed)
    }

    @Test func cleanTextIsLeftAloneAndReportedUnchanged() throws {
        let input = "Привет мир. שלום. مرحبا. 日本語。"
        let (text, report) = try normalize(input)
        #expect(text == input)
        #expect(report.jsonValue["changed"] == false)
    }

    @Test func composesOnlyTheLinesThatNeedItAndKeepsTheRest() throws {
        let (text, report) = try normalize("clean line\r\nCafe\u{301} and \u{212B}\nשלום\u{200F}\u{2028}end")
        #expect(text == "clean line\nCafé and Å\nשלום\nend")
        #expect(report.recomposed && report.lineEndings == 2 && report.bidiControls == 1)
    }

    /// The byte-level passes must give what the obvious method gives: filter scalars, then
    /// normalize the whole text with Foundation.
    @Test func agreesWithAPlainReferenceOnRandomText() throws {
        let alphabet: [String] = [
            "a", "e", " ", "\n", "\r", "\r\n", "\u{301}", "\u{308}", "\u{323}", "\u{212B}", "\u{200B}", "\u{200F}", "\u{2067}",
            "\u{640}", "\u{2028}", "\u{85}", "ب", "\u{64E}", "\u{651}", "ש", "\u{5B8}", "й", "\u{306}", "\u{1100}", "\u{1161}",
            "\u{11A8}", "가", "\u{AD}", "\u{FEFF}", "ﬁ", "\u{0B47}", "\u{0B3E}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let input = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            var reference = String.UnicodeScalarView()
            var previousCR = false
            for scalar in input.unicodeScalars {
                defer { previousCR = scalar == "\r" }
                switch scalar.value {
                case 0x0A where previousCR: continue
                case 0x0D, 0x85, 0x2028, 0x2029: reference.append("\n")
                case 0x200B, 0x2060, 0xFEFF, 0xAD, 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0x640: continue
                default: reference.append(scalar)
                }
            }
            let expected = String(reference).precomposedStringWithCanonicalMapping
            let (text, _) = try normalize(input)
            #expect(Array(text.unicodeScalars) == Array(expected.unicodeScalars), "input: \(input.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func quickCheckAgreesWithFullNormalization() {
        // Every scalar the quick check lets through must be unchanged by NFC after a base letter.
        for value in stride(from: 0x300, to: 0x3000, by: 1) {
            guard let scalar = Unicode.Scalar(value), !NormalizeAnalyzer.mayChangeUnderComposition(scalar, compatibility: false) else { continue }
            let text = "a" + String(Character(scalar))
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars), "U+\(String(value, radix: 16))")
        }
    }
}
