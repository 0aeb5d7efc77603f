import Foundation
import LectorKit

/// The documents in view lined up side by side, a column each (or a column per group with
/// `compare by FIELD`): what `compare` prints and `report` puts at the top of its page. Every
/// cell comes from the records' fields, so whatever analyzers ran fill it, and a field no
/// analyzer produced shows "—".
struct Comparison {
    struct Column {
        var heading: String
        var documents: [Document]
    }

    /// The rows: a name and how a column fills it.
    static let aspects: [(name: String, cell: @Sendable (Column, Comparison) -> String)] = [
        ("documents", { column, _ in String(column.documents.count) }),
        ("language", { column, _ in distinct(column.documents, "language.code") }),
        ("date", { column, _ in distinct(column.documents, "structure.date", or: "dates.published") }),
        ("title", { column, _ in column.documents.count == 1 ? title(column.documents[0]) : distinct(column.documents, "structure.title") }),
        ("topics", { column, _ in frequent(column.documents, "topics.id", top: 2) }),
        ("entities", { column, _ in frequent(column.documents, "entities.id", top: 4, skipping: ["name"]) }),
        ("sentiment", { column, _ in sentiment(column.documents) }),
        ("stance", { column, _ in stance(column.documents) }),
        ("only here", { column, comparison in comparison.ownKeywords(column) }),
    ]

    let columns: [Column]
    /// How many columns hold each keyword (in lookup form), for "only here".
    let keywordColumns: [String: Int]

    init(documents: [Document], groupBy path: String?) {
        if let path {
            var groups: [String: [Document]] = [:]
            var order: [String] = []
            for document in documents {
                let key = document.values(at: FieldPath(path)).first?.plainText ?? "(none)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(document)
            }
            columns = order.map { Column(heading: $0, documents: groups[$0]!) }
        } else {
            columns = documents.map { Column(heading: $0.id, documents: [$0]) }
        }
        var counts: [String: Int] = [:]
        for column in columns {
            for keyword in Set(column.documents.flatMap { Self.keywords($0) }) { counts[keyword, default: 0] += 1 }
        }
        keywordColumns = counts
    }

    /// The rows and columns as a table (aspects down, documents across).
    func table() -> (header: [String], rows: [[String]]) {
        let header = [""] + columns.map(\.heading)
        let rows = Self.aspects.map { aspect in [aspect.name] + columns.map { aspect.cell($0, self) } }
        return (header, rows)
    }

    // MARK: Cells

    static func values(_ document: Document, _ path: String) -> [String] {
        document.values(at: FieldPath(path)).map(\.plainText).filter { !$0.isEmpty }
    }

    static func distinct(_ documents: [Document], _ path: String, or fallback: String? = nil) -> String {
        var seen: [String] = []
        for document in documents {
            var found = values(document, path)
            if found.isEmpty, let fallback { found = values(document, fallback) }
            for value in found where !seen.contains(value) { seen.append(value) }
        }
        return seen.isEmpty ? "—" : seen.prefix(3).joined(separator: ", ") + (seen.count > 3 ? "…" : "")
    }

    static func title(_ document: Document) -> String {
        if let title = values(document, "structure.title").first { return title }
        let line = document.text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        return line.isEmpty ? "—" : String(line.prefix(80))
    }

    /// The most frequent values of a field over the column, with their counts when above one.
    static func frequent(_ documents: [Document], _ path: String, top: Int, skipping types: Set<String> = []) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        let typePath = path.replacingOccurrences(of: ".id", with: ".type")
        for document in documents {
            let ids = values(document, path)
            let kinds = types.isEmpty ? [] : values(document, typePath)
            for (index, id) in ids.enumerated() where kinds.count != ids.count || !types.contains(kinds[index]) {
                if counts[id] == nil { order.append(id) }
                counts[id, default: 0] += 1
            }
        }
        guard !order.isEmpty else { return "—" }
        return order.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
            .prefix(top).map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }.joined(separator: ", ")
    }

    static func sentiment(_ documents: [Document]) -> String {
        let scores = documents.compactMap { $0.values(at: FieldPath("sentiment.score")).first?.doubleValue }
        let labels = documents.flatMap { values($0, "sentiment.label") }
        guard !labels.isEmpty else { return "—" }
        if documents.count == 1 { return labels[0] + (scores.first.map { String(format: " %+.2f", $0) } ?? "") }
        let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        return String(format: "mean %+.2f", mean) + " (" + ["positive", "neutral", "negative"].compactMap { label in
            let count = labels.filter { $0 == label }.count
            return count > 0 ? "\(count) \(label)" : nil
        }.joined(separator: ", ") + ")"
    }

    /// Each target with + (favor), − (against) or = (neutral); in a group, the most common label.
    static func stance(_ documents: [Document]) -> String {
        var labels: [String: [String]] = [:]
        var order: [String] = []
        for document in documents {
            let targets = values(document, "stance.target"), found = values(document, "stance.label")
            for (target, label) in zip(targets, found) {
                if labels[target] == nil { order.append(target) }
                labels[target, default: []].append(label)
            }
        }
        guard !order.isEmpty else { return "—" }
        let mark = ["favor": "+", "against": "−", "neutral": "="]
        return order.prefix(6).map { target in
            let all = labels[target]!
            let best = ["neutral", "against", "favor"].max { a, b in all.filter { $0 == a }.count < all.filter { $0 == b }.count }!
            return target + mark[best]!
        }.joined(separator: " ")
    }

    static func keywords(_ document: Document) -> [String] {
        values(document, "keywords.text").map { WordForms.lookupForm($0) }
    }

    /// The column's key phrases that no other column has.
    func ownKeywords(_ column: Column) -> String {
        guard columns.count > 1 else { return Self.distinct(column.documents, "keywords.text") }
        var own: [String] = []
        for document in column.documents {
            for (phrase, folded) in zip(Self.values(document, "keywords.text"), Self.keywords(document)) where keywordColumns[folded] == 1 && !own.contains(phrase) {
                own.append(phrase)
            }
        }
        return own.isEmpty ? "—" : own.prefix(3).joined(separator: "; ")
    }
}
