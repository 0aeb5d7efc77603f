import LectorAnalyzers
import LectorKit

/// A record for people: one field per line, nested values indented, the text wrapped.
enum RecordFormatter {
    static func readable(_ document: Document, width: Int, colour: Bool, isolate bidiIsolated: (String) -> String) -> String {
        var fields: [(String, JSONValue)] = []
        document.record(includeText: false).forEachField { fields.append(($0, $1)) }
        // A web page: its page fields one by one (not the publisher's copy of the body), then the
        // article instead of every line of the page.
        let article = document.metadata["page"] == nil ? nil : try? StructureAnalyzer.article(of: document)
        if article != nil, let index = fields.firstIndex(where: { $0.0 == "page" }), case .object(var page) = fields[index].1 {
            page["articleBody"] = nil
            fields.replaceSubrange(index...index, with: page.map { ("page.\($0.key)", $0.value) })
        }
        let keyWidth = max(6, fields.map { DisplayWidth.of($0.0) }.max() ?? 0)
        var text = ""
        func key(_ name: String) -> String {
            let padded = name + String(repeating: " ", count: keyWidth - DisplayWidth.of(name))
            return colour ? "\u{1B}[1m\(padded)\u{1B}[0m" : padded
        }
        for (name, value) in fields {
            let body = pretty(value).split(separator: "\n", omittingEmptySubsequences: false)
            text += key(name) + "  " + bidiIsolated(String(body.first ?? "")) + "\n"
            for line in body.dropFirst() { text += String(repeating: " ", count: keyWidth + 2) + bidiIsolated(String(line)) + "\n" }
        }
        if let article, article.title != nil || !article.body.isEmpty {
            text += key("article") + "\n"
            if let title = article.title {
                for line in wrap(title, width: max(20, width - 2)) { text += "  " + bidiIsolated(colour ? "\u{1B}[1m\(line)\u{1B}[0m" : line) + "\n" }
            }
            for (index, paragraph) in article.body.enumerated() {
                if index > 0 || article.title != nil { text += "\n" }
                for line in wrap(paragraph, width: max(20, width - 2)) { text += "  " + bidiIsolated(line) + "\n" }
            }
            let lines = document.text.split(separator: "\n").count
            text += "(the article of a web page; its \(lines) lines of text: show \(document.id) text)\n"
            return text
        }
        text += key("text") + "\n"
        for paragraph in markedText(document, colour: colour).split(separator: "\n", omittingEmptySubsequences: false) {
            for line in wrap(String(paragraph), width: max(20, width - 2)) { text += "  " + bidiIsolated(line) + "\n" }
        }
        return text
    }

    /// The text with each sentence `sentiment` judged positive or negative marked: green or red
    /// on a terminal, else a [+] or [-] before it.
    static func markedText(_ document: Document, colour: Bool) -> String {
        guard let sentences = document.current(SentimentKey.self)?.sentences, !sentences.isEmpty else { return document.text }
        let scalars = Array(document.text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var position = 0
        for sentence in sentences where sentence.label != "neutral" && sentence.span.start >= position && sentence.span.end <= scalars.count {
            result.append(contentsOf: scalars[position..<sentence.span.start])
            let positive = sentence.label == "positive"
            let body = scalars[sentence.span.start..<sentence.span.end]
            if colour {
                result.append(contentsOf: (positive ? "\u{1B}[32m" : "\u{1B}[31m").unicodeScalars)
                result.append(contentsOf: body)
                result.append(contentsOf: "\u{1B}[0m".unicodeScalars)
            } else {
                result.append(contentsOf: (positive ? "[+] " : "[-] ").unicodeScalars)
                result.append(contentsOf: body)
            }
            position = sentence.span.end
        }
        result.append(contentsOf: scalars[position...])
        return String(result)
    }

    /// Scalars as they are, short objects and arrays on one line, long ones indented.
    static func pretty(_ value: JSONValue, indent: String = "") -> String {
        switch value {
        case .object(let object):
            let inline = value.jsonText
            if DisplayWidth.of(inline) <= 70 { return inline }
            return object.map { "\(indent)\($0.key): " + pretty($0.value, indent: indent + "  ").trimmingWhitespace() }
                .joined(separator: "\n")
        case .array(let items):
            let inline = value.jsonText
            if DisplayWidth.of(inline) <= 70 { return inline }
            return items.map { "\(indent)- " + pretty($0, indent: indent + "  ").trimmingWhitespace() }.joined(separator: "\n")
        default:
            return value.plainText
        }
    }

    /// Breaks a paragraph into lines of at most `width` columns, at spaces where it can.
    static func wrap(_ paragraph: String, width: Int) -> [String] {
        guard DisplayWidth.of(paragraph) > width else { return [paragraph] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = DisplayWidth.of(word)
            if lineWidth > 0 && lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 { line += " "; lineWidth += 1 }
            line += word
            lineWidth += wordWidth
        }
        lines.append(line)
        return lines
    }
}

/// Help derived from an analyzer's declaration, so it is never written twice.
public enum AnalyzerHelp {
    public static func text(_ descriptor: AnalyzerDescriptor, origin: AnalyzerOrigin? = nil) -> String {
        var lines = ["\(descriptor.name) — \(descriptor.summary)"]
        if let origin, origin != .builtIn { lines.append("  from: \(origin)") }
        if !descriptor.requires.isEmpty { lines.append("  requires: " + descriptor.requires.joined(separator: ", ")) }
        lines.append("  produces: " + descriptor.produces.joined(separator: ", "))
        if descriptor.rewritesText { lines.append("  rewrites the text: spans found before it no longer match; run it first") }
        if descriptor.readsWholeCorpus { lines.append("  reads the whole corpus (the documents in view) before it judges a document") }
        for option in descriptor.options {
            lines.append("  \(option.name)=\(option.defaultValue)  \(option.help) (\(option.type.name))")
        }
        if !descriptor.discussion.isEmpty {
            lines += RecordFormatter.wrap(descriptor.discussion, width: 88).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ descriptor: AnalyzerDescriptor, origin: AnalyzerOrigin) -> JSONValue {
        guard case .object(var object) = descriptor.jsonValue else { return descriptor.jsonValue }
        object.updateValue(.string(origin.description), forKey: "origin", insertingAt: 2)
        return .object(object)
    }
}
