import Foundation
import Testing
@testable import LectorKit

/// Web pages in legacy encodings (Tests/Fixtures/html-encodings): news paragraphs of our own
/// writing in twenty languages (texts/LANG.txt), encoded by generate.py with Python's codecs into
/// each encoding their pages were saved in, with a declaration, without one, declaring UTF-8
/// wrongly, and as a title alone. Each must decode to the text exactly.
@Suite("Reading HTML encodings")
struct HTMLEncodingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html-encodings").path

    /// The pages, by name without `.html`: LANG.ENCODING.VARIANT.
    static let pages: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/pages")) ?? [])
        .filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()

    /// The pages that do not decode to their text, and why.
    static let misread: [String: String] = [
        // "V Brně otevřeli novou knihovnu": two letters outside ASCII, which uchardet reads as
        // Czech in IBM852, an MS-DOS code page no browser reads; the page falls back to windows-1252.
        "cs.iso-8859-2.short": "five words with two non-ASCII letters: uchardet answers IBM852, read as windows-1252",
        "cs.windows-1250.short": "five words with two non-ASCII letters: uchardet answers IBM852, read as windows-1252",
    ]

    struct Page {
        var lang: String
        var encoding: String
        var variant: String
        var bytes: [UInt8]
        var lines: [String]

        init(_ name: String) throws {
            let parts = name.split(separator: ".").map(String.init)
            (lang, encoding, variant) = (parts[0], parts[1], parts[2])
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(HTMLEncodingTests.folder)/pages/\(name).html")))
            let text = try String(contentsOfFile: "\(HTMLEncodingTests.folder)/texts/\(lang).txt", encoding: .utf8)
            lines = text.split(separator: "\n").map(String.init)
            // A short page is its title alone.
            if variant == "short" { lines = [lines[0]] }
        }

        /// Whether `decoded` has every line of the page's text, exactly.
        func isRead(by decoded: HTMLDecoding) -> Bool {
            let text = String(decoding: decoded.utf8, as: UTF8.self)
            return decoded.replaced == 0 && lines.allSatisfy { text.contains($0) }
        }
    }

    @Test(arguments: pages)
    func eachPageDecodesToItsText(_ name: String) throws {
        let page = try Page(name)
        let decoded = HTMLDecoding(page.bytes)
        if let reason = Self.misread[name] {
            let read = page.isRead(by: decoded)
            #expect(!read, "\(name) is read now: take it off the list (\(reason))")
            return
        }
        let read = page.isRead(by: decoded)
        #expect(read, "\(name) read as \(decoded.encoding)")
        switch page.variant {
        case "decl":
            #expect(decoded.encoding == page.encoding)
            #expect(decoded.note == nil)
        case "none", "short":
            #expect(decoded.note == nil)
        case "utf8decl":
            let note = try #require(decoded.note)
            #expect(note.hasPrefix("declares UTF-8 but is "), "\(note)")
            #expect(note.hasSuffix("read as \(decoded.encoding)"), "\(note)")
        case "legacydecl":
            #expect(decoded.encoding == "utf-8")
            #expect(decoded.note?.hasSuffix("but is UTF-8; read as UTF-8") == true, "\(decoded.note ?? "no note")")
        default:
            Issue.record("unknown variant \(page.variant)")
        }
        if page.encoding == "utf-8" { #expect(decoded.encoding == "utf-8") }
    }

    /// Detection on the pages without a declaration: uchardet's answer and how many read exactly.
    @Test func detectionAccuracy() throws {
        var tally: [String: (read: Int, pages: Int)] = [:]
        var report: [String] = []
        for name in Self.pages where !name.contains(".utf-8.") && (name.hasSuffix(".none") || name.hasSuffix(".short")) {
            let page = try Page(name)
            let decoded = HTMLDecoding(page.bytes)
            let read = page.isRead(by: decoded)
            tally[page.variant, default: (0, 0)].pages += 1
            if read { tally[page.variant, default: (0, 0)].read += 1 }
            // The encoding name may differ where two encodings write the text's letters alike
            // (Lithuanian in windows-1257 and ISO-8859-13).
            if !read || decoded.encoding != page.encoding { report.append("\(name) → \(decoded.encoding)\(read ? " (same text)" : "")") }
        }
        print("detection: \(tally["none"]?.read ?? 0)/\(tally["none"]?.pages ?? 0) pages, \(tally["short"]?.read ?? 0)/\(tally["short"]?.pages ?? 0) titles read exactly")
        for line in report { print("  \(line)") }
        #expect((tally["none"]?.read ?? 0) == (tally["none"]?.pages ?? -1))
        #expect((tally["short"]?.pages ?? 0) - (tally["short"]?.read ?? 0) == Self.misread.count)
    }

    @Test func labelsAreReadAsBrowsersReadThem() {
        let cases = [
            ("latin1", "windows-1252"), ("ISO-8859-1", "windows-1252"), ("ascii", "windows-1252"), ("US-ASCII", "windows-1252"),
            ("x-sjis", "shift_jis"), ("Shift_JIS", "shift_jis"), ("windows-31j", "shift_jis"), ("gb2312", "gbk"), ("GB_2312-80", "gbk"),
            ("ks_c_5601-1987", "euc-kr"), ("windows-949", "euc-kr"), ("tis-620", "windows-874"), ("iso-8859-11", "windows-874"),
            ("iso-8859-9", "windows-1254"), ("latin2", "iso-8859-2"), ("cp1251", "windows-1251"), ("koi8", "koi8-r"),
            ("koi8-ru", "koi8-u"), ("cp866", "ibm866"), ("x-euc-jp", "euc-jp"), ("big5-hkscs", "big5"), ("logical", "iso-8859-8-i"),
            ("unicode-1-1-utf-8", "utf-8"), (" UTF8 ", "utf-8"), ("x-mac-ukrainian", "x-mac-cyrillic"),
            // Not in the standard: kept for iconv to try.
            ("cp850", "cp850"),
        ]
        for (label, name) in cases { #expect(HTMLDecoding.canonicalName(label) == name, "\(label)") }
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta charset="latin1">"#.utf8)) == "windows-1252")
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta http-equiv="Content-Type" content="text/html; charset=x-sjis">"#.utf8)) == "shift_jis")
        #expect(HTMLDecoding.declaredEncoding(Array(#"<META HTTP-EQUIV=content-type CONTENT="text/html;charset='ks_c_5601-1987'">"#.utf8)) == "euc-kr")
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta charset=UTF-16LE>"#.utf8)) == "utf-8")
        #expect(HTMLDecoding.declaredEncoding(Array(#"<meta charset="x-user-defined">"#.utf8)) == "windows-1252")
        // The iconv names behind the WHATWG ones exist here.
        for name in ["shift_jis", "euc-kr", "gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "windows-874", "ibm866", "koi8-u",
                     "iso-8859-8-i", "x-mac-cyrillic", "macintosh", "windows-1258", "iso-8859-16"] {
            var output: [UInt8] = []
            #expect(HTMLDecoding.convertLossy(Array("ok".utf8), from: HTMLDecoding.iconvName(name), into: &output) == 0, "\(name)")
            #expect(output == Array("ok".utf8), "\(name)")
        }
    }

    @Test func shiftJISKeepsBackslashAndTildeAsBrowsersDo() {
        // glibc's SHIFT_JIS reads 0x5C as ¥ and 0x7E as ‾, which would change every script and
        // path on the page; WHATWG's Shift_JIS (Microsoft's) keeps them.
        let bytes: [UInt8] = Array("<meta charset=shift_jis><p>C:\\temp ~ ".utf8) + [0x93, 0xFA, 0x96, 0x7B]
        let decoded = HTMLDecoding(bytes)
        #expect(String(decoding: decoded.utf8, as: UTF8.self).hasSuffix("C:\\temp ~ 日本"))
    }

    @Test func theCallersEncodingIsUsedAsItIs() throws {
        let page = try Page("ru.windows-1251.none")
        // A page read as the caller says, even when detection would say otherwise.
        let asKOI8 = HTMLDecoding(page.bytes, given: "KOI8-R")
        #expect(asKOI8.encoding == "koi8-r")
        let readAsKOI8 = page.isRead(by: asKOI8)
        #expect(!readAsKOI8)
        let asUTF8 = HTMLDecoding(page.bytes, given: "utf8")
        #expect(asUTF8.encoding == "utf-8")
        #expect(asUTF8.replaced > 100 && asUTF8.note == nil)
        // One this system does not know: detection, saying so.
        let unknown = HTMLDecoding(page.bytes, given: "x-no-such-encoding")
        let readUnknown = page.isRead(by: unknown)
        #expect(unknown.encoding == "windows-1251" && readUnknown)
        #expect(unknown.note == "the encoding given ('x-no-such-encoding') is not one this system knows; read as windows-1251")
    }

    @Test func anUnknownDeclarationIsDetected() throws {
        let page = try Page("el.windows-1253.none")
        let bytes = Array("<meta charset=\"x-greek-legacy\">".utf8) + page.bytes
        let decoded = HTMLDecoding(bytes)
        let read = page.isRead(by: decoded)
        #expect(decoded.encoding == "windows-1253" && read)
        #expect(decoded.note == "declares an encoding this system does not know ('x-greek-legacy'); read as windows-1253")
    }

    @Test func aFewStrayBytesInUTF8AreDamageNotAnEncoding() {
        // Declared UTF-8: three stray Latin-1 bytes are U+FFFD, even with no valid UTF-8 around them.
        var stray: [UInt8] = Array("<meta charset=utf-8><p>Caf".utf8) + [0xE9]
        stray += Array(" cr".utf8) + [0xE8] + Array("me br".utf8) + [0xFB] + Array("l".utf8) + [0xE9, 0x65]
        let declared = HTMLDecoding(Array(stray.dropLast(2)))
        #expect(declared.encoding == "utf-8" && declared.replaced == 3 && declared.note == nil)
        // Four are more than a few: the page is Latin-1.
        let four = HTMLDecoding(stray)
        #expect(four.encoding == "windows-1252" && four.replaced == 0)
        #expect(String(decoding: four.utf8, as: UTF8.self).hasSuffix("Café crème brûlée"))
        #expect(four.note == "declares UTF-8 but is not (4 bytes are not valid UTF-8); read as windows-1252")
        // Undeclared: more invalid than valid is enough.
        let undeclared = HTMLDecoding(Array("<p>Caf".utf8) + [0xE9])
        #expect(undeclared.encoding == "windows-1252" && String(decoding: undeclared.utf8, as: UTF8.self) == "<p>Café")
        // Mostly valid UTF-8 with one bad byte stays UTF-8.
        let damaged = HTMLDecoding(Array("<p>Привет, как дела? ".utf8) + [0xFF])
        #expect(damaged.encoding == "utf-8" && damaged.replaced == 1)
    }

    @Test func detectionReadsTheTextNotTheMarkup() {
        // Non-ASCII in a script and a comment before the text: only the text's words are sampled.
        let text: [UInt8] = Array("Во вторник в городе открылась новая библиотека.".data(using: .windowsCP1251)!)
        var bytes: [UInt8] = Array("<script>var s = '".utf8) + [0xE9, 0xE9]
        bytes += Array("';</script><!-- ".utf8) + [0xFC] + Array(" --><p>".utf8)
        bytes += text + Array("</p>".utf8)
        // Every word of the text has a Cyrillic letter in it.
        #expect(HTMLDecoding.textSample(bytes, skippingMarkup: true) == text + [0x20])
        #expect(HTMLDecoding(bytes).encoding == "windows-1251")
        // Non-ASCII only in attributes: the words wherever they are.
        let words: [UInt8] = Array("Улица Ленина, дом семь".data(using: .windowsCP1251)!)
        let attribute: [UInt8] = Array("<img alt=\"".utf8) + words + Array("\">".utf8)
        #expect(HTMLDecoding(attribute).encoding == "windows-1251")
    }

    @Test func correctionsOfTheDetectorsAnswer() {
        // An English page with curly quotes: uchardet answers windows-1250, which reads every
        // byte of it as windows-1252 does.
        let english = Array("<p>It’s the city’s “oldest” bridge — and it reopened.</p>".data(using: .windowsCP1252)!)
        #expect(HTMLDecoding(english).encoding == "windows-1252")
        // ISO-8859-7 with a curly quote (0x93) is windows-1253.
        #expect(HTMLDecoding.refine("iso-8859-7", bytes: [0x93, 0xE1]) == "windows-1253")
        // 0xA2 starting a word before a small letter is Ά (windows-1253), after a letter ’ (ISO-8859-7).
        #expect(HTMLDecoding.refine("iso-8859-7", bytes: Array(" ".utf8) + [0xA2, 0xEB, 0xEB, 0xEF, 0xE9]) == "windows-1253")
        #expect(HTMLDecoding.refine("iso-8859-7", bytes: [0xF3, 0xA2, 0x20, 0xE1]) == "iso-8859-7")
        #expect(HTMLDecoding.refine("koi8-r", bytes: [0xC1, 0xA6]) == "koi8-u")
        #expect(HTMLDecoding.refine("koi8-r", bytes: [0xC1, 0xD2]) == "koi8-r")
        // Answers no browser reads a page in are not taken.
        for name in ["IBM852", "IBM855", "MAC-CENTRALEUROPE", "VISCII", "EUC-TW", "ISO-2022-KR", "HZ-GB-2312", "UTF-16", "ASCII", ""] {
            #expect(HTMLDecoding.webEncoding(name) == nil, "\(name)")
        }
        #expect(HTMLDecoding.webEncoding("UHC") == "euc-kr")
        #expect(HTMLDecoding.webEncoding("TIS-620") == "windows-874")
        #expect(HTMLDecoding.webEncoding("ISO-8859-1") == "windows-1252")
    }

    /// Detection's cost on a 100 KB page (the text repeated), the whole decoding's beside it.
    /// Printed, for the README; the bound is loose because debug builds and a busy machine are slow.
    @Test(arguments: ["ru.windows-1251.none", "fr.windows-1252.none", "ja.shift_jis.none", "th.windows-874.none", "vi.windows-1258.none"])
    func detectionIsCheap(_ name: String) throws {
        let page = try Page(name)
        let start = try #require(page.bytes.firstRange(of: Array("<article".utf8))?.lowerBound)
        let end = try #require(page.bytes.firstRange(of: Array("</article>".utf8))?.lowerBound)
        let article = Array(page.bytes[start..<end])
        var big = Array(page.bytes[..<start])
        while big.count < 100_000 { big += article }
        big += page.bytes[end...]
        func best(_ runs: Int, _ body: () -> Void) -> Duration {
            var fastest = Duration.seconds(1000)
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let elapsed = clock.measure(body)
                fastest = min(fastest, elapsed)
            }
            return fastest
        }
        var detected: String?
        let detection = best(50) { detected = HTMLDecoding.detect(big) }
        let decoding = best(10) { _ = HTMLDecoding(big) }
        #expect(detected == page.encoding)
        print("\(name) \(big.count) bytes: detection \(detection), whole decoding \(decoding)")
        #expect(detection < .milliseconds(50))
    }
}
