import Foundation
import LectorKit

/// `report PATH.html`: one page that needs nothing else (no network, no scripts): the
/// comparison of the documents in view, charts of what `count by` would show, and every
/// document with its sentences coloured by sentiment and its entities marked. Written as
/// well-formed XHTML-style markup, so that an XML parser reads it too.
struct Report {
    let documents: [Document]

    static let style = """
        body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
        h1{font-size:1.6em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;font-size:.9em;margin:1em 0;display:block;overflow-x:auto}
        th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:start;unicode-bidi:plaintext}
        th{background:#f4f4f4}.pos{background:#e3f6e3}.neg{background:#fbe3e3}
        mark{background:#fff3b0;border-bottom:2px solid #d4a500;padding:0 .1em}
        .charts{display:flex;flex-wrap:wrap;gap:2em}.chart h3{font-size:1em;margin:.5em 0}
        .meta{color:#666;font-size:.9em}.text{white-space:pre-wrap;unicode-bidi:plaintext}
        .legend span{padding:0 .4em;margin-right:.5em}
        """

    func html() -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        page += "<meta name=\"generator\" content=\"Lector\"/>\n<title>Lector report: \(documents.count) documents</title>\n"
        page += "<style>\(Self.style)</style>\n</head>\n<body>\n"
        page += "<h1>Lector report</h1>\n<p class=\"meta\">\(documents.count) document\(documents.count == 1 ? "" : "s")</p>\n"
        page += comparisonTable()
        page += charts()
        page += "<p class=\"legend\"><span class=\"pos\">positive sentence</span><span class=\"neg\">negative sentence</span><mark>entity</mark></p>\n"
        for document in documents { page += section(document) }
        page += "</body>\n</html>\n"
        return page
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    func comparisonTable() -> String {
        let comparison = Comparison(documents: documents, groupBy: documents.count > 12 ? "language.code" : nil)
        let (header, rows) = comparison.table()
        var html = "<h2>The documents side by side\(documents.count > 12 ? ", by language" : "")</h2>\n<table>\n<tr>"
        html += header.map { "<th dir=\"auto\">\(Self.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr><th>\(Self.escape(row[0]))</th>" + row.dropFirst().map { "<td dir=\"auto\">\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// Bar charts, as inline SVG, of how many documents have each value of a few fields.
    func charts() -> String {
        let fields = [("language.code", "Languages"), ("topics.id", "Topics"), ("entities.id", "Entities"), ("sentiment.label", "Sentiment")]
        var html = "<h2>Counts</h2>\n<div class=\"charts\">\n"
        for (path, title) in fields {
            var counts: [String: Int] = [:]
            for document in documents {
                for value in Set(document.values(at: FieldPath(path)).map(\.plainText)) where !value.isEmpty { counts[value, default: 0] += 1 }
            }
            guard !counts.isEmpty else { continue }
            let bars = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
            let top = Double(bars.first!.value)
            let height = bars.count * 22 + 4
            html += "<div class=\"chart\"><h3>\(title) (count by \(path))</h3>\n"
            html += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"\(height)\" role=\"img\" aria-label=\"\(title)\">\n"
            for (index, bar) in bars.enumerated() {
                let y = index * 22 + 2
                let width = Int(170 * Double(bar.value) / top)
                html += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(Self.escape(String(bar.key.prefix(18))))</text>"
                html += "<rect x=\"120\" y=\"\(y + 3)\" width=\"\(max(width, 1))\" height=\"16\" fill=\"#6a8fd0\"/>"
                html += "<text x=\"\(126 + width)\" y=\"\(y + 15)\" font-size=\"12\">\(bar.value)</text>\n"
            }
            html += "</svg></div>\n"
        }
        return html + "</div>\n"
    }

    /// The items of a list field (the list itself is one value at its path).
    static func elements(_ document: Document, _ path: String) -> [JSONValue] {
        document.values(at: FieldPath(path)).flatMap { $0.arrayValue ?? [$0] }
    }

    /// A document's text, its sentences coloured by sentiment and its entities marked.
    func section(_ document: Document) -> String {
        let scalars = Array(document.text.unicodeScalars)
        var sentenceClass = [UInt8](repeating: 0, count: scalars.count)
        for sentence in Self.elements(document, "sentiment.sentences") {
            guard let start = sentence["start"]?.intValue, let end = sentence["end"]?.intValue, start >= 0, start < end, end <= scalars.count else { continue }
            let label = sentence["label"]?.stringValue
            let mark: UInt8 = label == "positive" ? 1 : label == "negative" ? 2 : 0
            for index in start..<end { sentenceClass[index] = mark }
        }
        var entityAt = [Int](repeating: -1, count: scalars.count)
        var entities: [(id: String, type: String)] = []
        for entity in Self.elements(document, "entities") {
            guard let start = entity["start"]?.intValue, let end = entity["end"]?.intValue, start >= 0, start < end, end <= scalars.count,
                  (start..<end).allSatisfy({ entityAt[$0] == -1 }) else { continue }
            entities.append((entity["id"]?.stringValue ?? "?", entity["type"]?.stringValue ?? ""))
            for index in start..<end { entityAt[index] = entities.count - 1 }
        }
        var html = "<h2 dir=\"auto\">\(Self.escape(document.id)): \(Self.escape(Comparison.title(document)))</h2>\n"
        let facts = [("language", "language.code"), ("topics", "topics.id"), ("sentiment", "sentiment.label")].compactMap { name, path -> String? in
            let values = document.values(at: FieldPath(path)).map(\.plainText).filter { !$0.isEmpty }
            return values.isEmpty ? nil : "\(name): \(values.prefix(3).joined(separator: ", "))"
        }
        if !facts.isEmpty { html += "<p class=\"meta\">\(Self.escape(facts.joined(separator: " · ")))</p>\n" }
        html += "<div class=\"text\" dir=\"auto\">"
        var openSentence: UInt8 = 0, openEntity = -1
        var run = String.UnicodeScalarView()
        func flush() {
            html += Self.escape(String(run))
            run.removeAll()
        }
        for (index, scalar) in scalars.enumerated() {
            let sentence = sentenceClass[index], entity = entityAt[index]
            if entity != openEntity || sentence != openSentence {
                flush()
                if openEntity >= 0 { html += "</mark>"; openEntity = -1 }
                if sentence != openSentence {
                    if openSentence != 0 { html += "</span>" }
                    if sentence != 0 { html += sentence == 1 ? "<span class=\"pos\">" : "<span class=\"neg\">" }
                    openSentence = sentence
                }
                if entity >= 0 {
                    html += "<mark title=\"\(Self.escape(entities[entity].id)) (\(Self.escape(entities[entity].type)))\">"
                    openEntity = entity
                }
            }
            run.append(scalar)
        }
        flush()
        if openEntity >= 0 { html += "</mark>" }
        if openSentence != 0 { html += "</span>" }
        return html + "</div>\n"
    }
}
