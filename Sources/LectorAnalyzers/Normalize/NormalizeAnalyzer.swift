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
        options: [
            OptionSpec("form", .choice(["nfc", "nfkc", "none"]), default: .string("nfc"),
                       help: "Unicode normal form; nfkc also folds compatibility characters (ﬁ → fi, ﻻ → لا)"),
            OptionSpec("line-endings", .bool, default: .bool(true), help: "Turn CRLF, CR, NEL, U+2028 and U+2029 into LF"),
            OptionSpec("zero-width", .bool, default: .bool(true),
                       help: "Remove zero-width spaces, word joiners, byte-order marks and soft hyphens"),
            OptionSpec("bidi", .bool, default: .bool(true), help: "Remove bidirectional marks, embeddings and isolates"),
            OptionSpec("tatweel", .bool, default: .bool(true), help: "Remove Arabic tatweel (ـ), used only to stretch words"),
        ],
        produces: [NormalizationReportKey.name],
        summaryFields: ["normalize.changed"]
    )

    enum Form: String { case nfc, nfkc, none }

    let form: Form
    let lineEndings: Bool
    let zeroWidth: Bool
    let bidi: Bool
    let tatweel: Bool

    public init(options: AnalyzerOptions) {
        form = Form(rawValue: options.string("form")) ?? .nfc
        lineEndings = options.bool("line-endings")
        zeroWidth = options.bool("zero-width")
        bidi = options.bool("bidi")
        tatweel = options.bool("tatweel")
    }

    public func analyze(_ document: inout Document) {
        var report = NormalizationReport()
        document.text = normalize(document.text, report: &report)
        document[NormalizationReportKey.self] = report
    }

    /// The cleaned text; `report` counts what changed.
    func normalize(_ text: String, report: inout NormalizationReport) -> String {
        var needsRewrite = false
        var needsComposition = false
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                if scalar == "\r" && lineEndings { needsRewrite = true }
                continue
            }
            if action(for: scalar) != nil { needsRewrite = true }
            if form != .none && !needsComposition && Self.mayChangeUnderComposition(scalar, compatibility: form == .nfkc) {
                needsComposition = true
            }
            if needsRewrite && (needsComposition || form == .none) { break }
        }
        var result = text
        if needsRewrite { result = rewrite(text, report: &report) }
        if needsComposition {
            let composed = form == .nfkc
                ? result.precomposedStringWithCompatibilityMapping
                : result.precomposedStringWithCanonicalMapping
            if !composed.unicodeScalars.elementsEqual(result.unicodeScalars) {
                report.recomposed = true
                result = composed
            }
        }
        return result
    }

    enum Action { case lineEnding, zeroWidth, bidi, tatweel }

    func action(for scalar: Unicode.Scalar) -> Action? {
        switch scalar.value {
        case 0x0085, 0x2028, 0x2029: return lineEndings ? .lineEnding : nil
        case 0x200B, 0x2060, 0xFEFF, 0x00AD: return zeroWidth ? .zeroWidth : nil
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return bidi ? .bidi : nil
        case 0x0640: return tatweel ? .tatweel : nil
        default: return nil
        }
    }

    private func rewrite(_ text: String, report: inout NormalizationReport) -> String {
        var output = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            if lineEndings {
                if scalar == "\r" {
                    output.append("\n")
                    report.lineEndings += 1
                    continue
                }
                if scalar == "\n" && previousWasCR { continue }
            }
            switch action(for: scalar) {
            case .lineEnding?: output.append("\n"); report.lineEndings += 1
            case .zeroWidth?: report.zeroWidth += 1
            case .bidi?: report.bidiControls += 1
            case .tatweel?: report.tatweel += 1
            case nil: output.append(scalar)
            }
        }
        return String(output)
    }

    /// A quick check in the spirit of Unicode's NFC_Quick_Check: false means composition cannot
    /// change this scalar, so most text skips the costly normalization entirely.
    static func mayChangeUnderComposition(_ scalar: Unicode.Scalar, compatibility: Bool) -> Bool {
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
