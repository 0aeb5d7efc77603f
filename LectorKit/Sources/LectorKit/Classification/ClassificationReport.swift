import Foundation

/// How well predicted labels match gold ones: per-class precision, recall and F1, macro-F1,
/// accuracy and the confusion matrix, as a table for people or JSON.
public struct ClassificationReport: Sendable {
    public struct ClassScore: Sendable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Gold examples with this label.
        public var support: Int
    }

    /// Every label, gold or predicted, sorted; the confusion matrix's rows (gold) and columns
    /// (predicted) are in this order, then a column for documents with no prediction.
    public let labels: [String]
    public let classes: [ClassScore]
    public let confusion: [[Int]]
    /// Documents with no predicted value (the field was missing or null).
    public let missing: Int
    public let count: Int
    public let accuracy: Double
    /// The mean F1 over the gold labels. A predicted label that no gold example has (such as
    /// sentiment's "und") is no class to average: those predictions count as misses of the gold
    /// classes, in their recall.
    public let macroF1: Double

    /// `predicted[i]` nil: no prediction for document i (counted wrong).
    public init(gold: [String], predicted: [String?]) {
        precondition(gold.count == predicted.count)
        let labels = Array(Set(gold).union(predicted.compactMap { $0 })).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var confusion = Array(repeating: [Int](repeating: 0, count: labels.count + 1), count: labels.count)
        for (truth, guess) in zip(gold, predicted) {
            confusion[index[truth]!][guess.map { index[$0]! } ?? labels.count] += 1
        }
        self.labels = labels
        self.confusion = confusion
        missing = predicted.filter { $0 == nil }.count
        count = gold.count
        let correct = labels.indices.map { confusion[$0][$0] }.reduce(0, +)
        accuracy = gold.isEmpty ? 0 : Double(correct) / Double(gold.count)
        classes = labels.indices.map { label in
            let truePositives = Double(confusion[label][label])
            let predictedCount = Double(confusion.map { $0[label] }.reduce(0, +))
            let support = confusion[label].reduce(0, +)
            let precision = predictedCount > 0 ? truePositives / predictedCount : 0
            let recall = support > 0 ? truePositives / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassScore(label: labels[label], precision: precision, recall: recall, f1: f1, support: support)
        }
        let goldClasses = classes.filter { $0.support > 0 }
        macroF1 = goldClasses.isEmpty ? 0 : goldClasses.map(\.f1).reduce(0, +) / Double(goldClasses.count)
    }

    static func rounded(_ value: Double) -> JSONValue { .double((value * 10000).rounded() / 10000) }

    /// `{"documents", "accuracy", "macro_f1", "missing", "classes": [...], "confusion": {"labels", "matrix"}}`.
    public var json: JSONObject {
        var columns = labels
        if missing > 0 { columns.append("(none)") }
        return [
            "documents": .int(count), "accuracy": Self.rounded(accuracy), "macro_f1": Self.rounded(macroF1), "missing": .int(missing),
            "classes": .array(classes.map {
                .object(["label": .string($0.label), "precision": Self.rounded($0.precision), "recall": Self.rounded($0.recall),
                         "f1": Self.rounded($0.f1), "support": .int($0.support)])
            }),
            "confusion": .object([
                "labels": .array(labels.map { .string($0) }),
                "predicted": .array(columns.map { .string($0) }),
                "matrix": .array(confusion.map { row in .array(row.prefix(columns.count).map { .int($0) }) }),
            ]),
        ]
    }

    /// The scores and the confusion matrix as aligned text.
    public var table: String {
        func cell(_ text: String, _ width: Int) -> String {
            let pad = max(0, width - DisplayWidth.of(text))
            return String(repeating: " ", count: pad) + text
        }
        let width = max(8, labels.map { DisplayWidth.of($0) }.max() ?? 0)
        var lines = [cell("label", width) + "  precision  recall      f1  support"]
        for score in classes {
            lines.append(cell(score.label, width) + String(format: "  %9.3f  %6.3f  %6.3f  %7d", score.precision, score.recall, score.f1, score.support))
        }
        lines.append("")
        lines.append(String(format: "accuracy %.3f   macro-F1 %.3f   documents %d", accuracy, macroF1, count) + (missing > 0 ? "   without a prediction \(missing)" : ""))
        lines.append("")
        var columns = labels
        if missing > 0 { columns.append("(none)") }
        let columnWidth = max(6, columns.map { DisplayWidth.of($0) }.max() ?? 0)
        lines.append(cell("gold \\ predicted", width + 9) + columns.map { "  " + cell($0, columnWidth) }.joined())
        for (row, label) in labels.enumerated() {
            lines.append(cell(label, width + 9) + confusion[row].prefix(columns.count).map { "  " + cell(String($0), columnWidth) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
