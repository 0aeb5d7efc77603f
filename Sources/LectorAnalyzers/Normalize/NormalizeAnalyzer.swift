import Foundation
import LectorKit

/// `normalize`: one canonical form of the text, so that later analyzers and comparisons see
/// the same characters however a page encoded them. It rewrites the text, so put it first.
public struct NormalizeAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        name: "normalize",
        summary: "Cleans text: Unicode NFC, line endings, zero-width and bidi controls, Arabic tatweel",
        discussion: """
            Rewrites the document text and reports what it changed. Zero-width joiners and non-joiners \
            (U+200C, U+200D) are kept: Persian, Indic scripts and emoji need them. Spans from analyzers \
            that ran before it no longer match the text, so run it first.
            """,
        options: [formOption.spec, lineEndingsOption.spec, zeroWidthOption.spec, bidiOption.spec, tatweelOption.spec],
        produces: [NormalizationReportKey.name],
        summaryFields: ["normalize.changed"],
        rewritesText: true
    )

    enum Form: String, CaseIterable { case nfc, nfkc, none }

    static let formOption = AnalyzerOption<String>(
        "form", choices: Form.allCases.map(\.rawValue), default: "nfc",
        help: "Unicode normal form; nfkc also folds compatibility characters (ﬁ → fi, ﻻ → لا)")
    static let lineEndingsOption = AnalyzerOption<Bool>("line-endings", default: true, help: "Turn CRLF, CR, NEL, U+2028 and U+2029 into LF")
    static let zeroWidthOption = AnalyzerOption<Bool>(
        "zero-width", default: true, help: "Remove zero-width spaces, word joiners, byte-order marks and soft hyphens")
    static let bidiOption = AnalyzerOption<Bool>("bidi", default: true, help: "Remove bidirectional marks, embeddings and isolates")
    static let tatweelOption = AnalyzerOption<Bool>("tatweel", default: true, help: "Remove Arabic tatweel (ـ), used only to stretch words")

    let form: Form
    let lineEndings: Bool
    let zeroWidth: Bool
    let bidi: Bool
    let tatweel: Bool

    public init(options: AnalyzerOptions) throws {
        // The choices are the enum's cases, so the raw value always maps back.
        form = Form(rawValue: try options[Self.formOption])!
        lineEndings = try options[Self.lineEndingsOption]
        zeroWidth = try options[Self.zeroWidthOption]
        bidi = try options[Self.bidiOption]
        tatweel = try options[Self.tatweelOption]
    }

    public func analyze(_ document: inout Document) {
        var report = NormalizationReport()
        let normalized = normalize(document.text, report: &report)
        // Only a real change makes earlier annotations stale.
        if report.changed { document.text = normalized }
        document[NormalizationReportKey.self] = report
    }

    /// The cleaned text; `report` counts what changed. Both passes work on UTF-8 bytes and copy
    /// unchanged runs whole, so clean text costs little more than reading it.
    func normalize(_ text: String, report: inout NormalizationReport) -> String {
        var text = text
        var cleaned: [UInt8]? = text.withUTF8 { utf8 in
            utf8.baseAddress.flatMap { cleanUp($0, count: utf8.count, report: &report) }
        }
        if form != .none {
            let composed: [UInt8]? = if let bytes = cleaned {
                bytes.withUnsafeBufferPointer { compose($0.baseAddress!, count: $0.count) }
            } else {
                text.withUTF8 { utf8 in utf8.baseAddress.flatMap { compose($0, count: utf8.count) } }
            }
            if let composed {
                report.recomposed = true
                cleaned = composed
            }
        }
        return cleaned.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    enum Action { case lineEnding, zeroWidth, bidi, tatweel }

    func action(for value: UInt32) -> Action? {
        switch value {
        case 0x0085, 0x2028, 0x2029: return lineEndings ? .lineEnding : nil
        case 0x200B, 0x2060, 0xFEFF, 0x00AD: return zeroWidth ? .zeroWidth : nil
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return bidi ? .bidi : nil
        case 0x0640: return tatweel ? .tatweel : nil
        default: return nil
        }
    }

    /// Decodes the scalar starting at `index`; the bytes are valid UTF-8 because they come from a String.
    @inline(__always)
    private static func decode(_ base: UnsafePointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let byte = UInt32(base[index])
        let second = UInt32(base[index + 1] & 0x3F)
        if byte < 0xE0 { return ((byte & 0x1F) << 6 | second, 2) }
        let third = UInt32(base[index + 2] & 0x3F)
        if byte < 0xF0 { return ((byte & 0x0F) << 12 | second << 6 | third, 3) }
        return ((byte & 0x07) << 18 | second << 12 | third << 6 | UInt32(base[index + 3] & 0x3F), 4)
    }

    /// Skips ASCII bytes eight at a time; stops at a non-ASCII byte or, when `stopAtCR`, a CR.
    @inline(__always)
    private static func skipASCII(_ base: UnsafePointer<UInt8>, from start: Int, count: Int, stopAtCR: Bool) -> Int {
        var index = start
        let raw = UnsafeRawPointer(base)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            if stopAtCR {
                // A byte equal to 0x0D makes (word ^ 0x0D...) have a zero byte.
                let x = word ^ 0x0D0D_0D0D_0D0D_0D0D
                if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { break }
            }
            index += 8
        }
        return index
    }

    /// UTF-8 lead bytes that can start a character the clean-up removes or replaces
    /// (U+0085, U+00AD, U+061C, U+0640, U+200B–U+206F, U+FEFF); any other sequence is copied as is.
    private static let cleanupLeadBytes: [Bool] = (0..<256).map { [0xC2, 0xD8, 0xD9, 0xE2, 0xEF].contains($0) }

    /// The byte length of the UTF-8 sequence a lead byte starts.
    @inline(__always)
    private static func sequenceLength(_ byte: UInt8) -> Int { byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2 }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) } }
    }

    /// Line endings, zero-width and bidi controls, tatweel; nil when nothing changed.
    private func cleanUp(_ base: UnsafePointer<UInt8>, count: Int, report: inout NormalizationReport) -> [UInt8]? {
        var output: [UInt8]?
        var runStart = 0
        var index = 0
        let leadBytes = Self.cleanupLeadBytes  // one lazy-initialisation check, not one per character
        func replace(upTo end: Int, with replacement: UInt8?, resumeAt next: Int) {
            if output == nil { output = []; output!.reserveCapacity(count) }
            output!.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
            if let replacement { output!.append(replacement) }
            runStart = next
        }
        while index < count {
            index = Self.skipASCII(base, from: index, count: count, stopAtCR: lineEndings)
            guard index < count else { break }
            let byte = base[index]
            if byte < 0x80 {
                if byte == 0x0D && lineEndings {
                    let next = index + 1 < count && base[index + 1] == 0x0A ? index + 2 : index + 1
                    replace(upTo: index, with: 0x0A, resumeAt: next)
                    report.lineEndings += 1
                    index = next
                } else {
                    index += 1
                }
                continue
            }
            guard leadBytes[Int(byte)] else {
                index += Self.sequenceLength(byte)
                continue
            }
            let (value, length) = Self.decode(base, at: index)
            if let action = action(for: value) {
                replace(upTo: index, with: action == .lineEnding ? 0x0A : nil, resumeAt: index + length)
                switch action {
                case .lineEnding: report.lineEndings += 1
                case .zeroWidth: report.zeroWidth += 1
                case .bidi: report.bidiControls += 1
                case .tatweel: report.tatweel += 1
                }
            }
            index += length
        }
        if output != nil { output!.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
        return output
    }

    /// The Unicode normal form, applied only to lines holding a character that composition may
    /// change (a line break is a stable boundary for NFC and NFKC); nil when nothing changed.
    private func compose(_ base: UnsafePointer<UInt8>, count: Int) -> [UInt8]? {
        var output: [UInt8]?
        var copiedUpTo = 0
        var index = 0
        let compatibility = form == .nfkc
        let table = compatibility ? Self.compatibilityTable : Self.canonicalTable  // hoisted out of the loop
        while index < count {
            index = Self.skipASCII(base, from: index, count: count, stopAtCR: false)
            guard index < count else { break }
            if base[index] < 0x80 { index += 1; continue }
            let (value, length) = Self.decode(base, at: index)
            let mayChange = value < 0x10000
                ? table[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
                : Self.mayChangeUnderComposition(value, compatibility: compatibility)
            guard mayChange else {
                index += length
                continue
            }
            // Normalize the whole line around this character, then go on after it.
            var lineStart = index
            while lineStart > copiedUpTo, base[lineStart - 1] != 0x0A { lineStart -= 1 }
            let lineEnd = memchr(base + index, 0x0A, count - index).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
            let line = String(decoding: UnsafeBufferPointer(start: base + lineStart, count: lineEnd - lineStart), as: UTF8.self)
            let composed = form == .nfkc ? line.precomposedStringWithCompatibilityMapping : line.precomposedStringWithCanonicalMapping
            if !Self.sameBytes(composed, line) {
                if output == nil { output = []; output!.reserveCapacity(count) }
                output!.append(contentsOf: UnsafeBufferPointer(start: base + copiedUpTo, count: lineStart - copiedUpTo))
                output!.append(contentsOf: composed.utf8)
                copiedUpTo = lineEnd
            }
            index = lineEnd
        }
        if output != nil { output!.append(contentsOf: UnsafeBufferPointer(start: base + copiedUpTo, count: count - copiedUpTo)) }
        return output
    }

    /// A quick check in the spirit of Unicode's NFC_Quick_Check: false means composition cannot
    /// change this scalar, so most text skips the costly normalization entirely.
    static func mayChangeUnderComposition(_ value: UInt32, compatibility: Bool) -> Bool {
        if value < 0x300 && !compatibility { return false }
        if value < 0x10000 {
            let table = compatibility ? compatibilityTable : canonicalTable
            return table[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
        }
        return Unicode.Scalar(value).map { computeMayChange($0, compatibility: compatibility) } ?? false
    }

    static func mayChangeUnderComposition(_ scalar: Unicode.Scalar, compatibility: Bool) -> Bool {
        mayChangeUnderComposition(scalar.value, compatibility: compatibility)
    }

    /// The quick check for every BMP scalar, computed once (a property lookup per scalar is slow).
    private static let canonicalTable = bitmap(compatibility: false)
    private static let compatibilityTable = bitmap(compatibility: true)

    private static func bitmap(compatibility: Bool) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: 0x10000 / 64)
        for value in UInt32(0)..<0x10000 {
            if let scalar = Unicode.Scalar(value), computeMayChange(scalar, compatibility: compatibility) {
                words[Int(value >> 6)] |= 1 << UInt64(value & 63)
            }
        }
        return words
    }

    private static func computeMayChange(_ scalar: Unicode.Scalar, compatibility: Bool) -> Bool {
        let value = scalar.value
        let properties = scalar.properties
        // NFKC also rewrites compatibility characters (ﬁ, ², NBSP...): those that NFKC case folding
        // changes although plain case folding does not.
        if compatibility && properties.changesWhenNFKCCaseFolded && !properties.changesWhenCaseFolded { return true }
        if value < 0x300 { return false }
        if properties.canonicalCombiningClass.rawValue != 0 || properties.isFullCompositionExclusion { return true }
        switch value {
        // Hangul medial vowels and final consonants compose with a preceding syllable.
        case 0x1161...0x1175, 0x11A8...0x11C2: return true
        // Vowel signs of Indic and Myanmar scripts that compose with the sign before them (NFC_QC = Maybe, ccc = 0).
        case 0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57,
             0x0DCF, 0x0DDF, 0x102E, 0x1B35:
            return true
        default: return false
        }
    }
}
