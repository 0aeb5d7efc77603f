import Foundation
import LectorKit
import Testing
@testable import LectorAnalyzers

@Suite("normalize")
struct NormalizeTests {
    func normalize(_ text: String, _ options: [String: String] = [:]) throws -> (String, NormalizationReport) {
        let arguments = options.map { OptionArgument(key: $0.key, value: $0.value) }
        let analyzer = NormalizeAnalyzer(options: try AnalyzerOptions(parsing: arguments, for: NormalizeAnalyzer.descriptor))
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

    @Test func quickCheckAgreesWithFullNormalization() {
        // Every scalar the quick check lets through must be unchanged by NFC after a base letter.
        for value in stride(from: 0x300, to: 0x3000, by: 1) {
            guard let scalar = Unicode.Scalar(value), !NormalizeAnalyzer.mayChangeUnderComposition(scalar, compatibility: false) else { continue }
            let text = "a" + String(Character(scalar))
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars), "U+\(String(value, radix: 16))")
        }
    }
}
