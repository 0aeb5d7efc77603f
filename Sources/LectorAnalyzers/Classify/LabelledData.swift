import Foundation
import LectorKit

/// Labelled examples for training and evaluation: JSONL files of `{"text": ..., "label": ...}`
/// (field names configurable), or documents already loaded with a label field.
public enum LabelledData {
    /// The examples in a JSONL file, in order. A line that is not a JSON object, or lacks the
    /// text or the label, is an error naming the file and line: training on what happens to
    /// parse would hide the problem.
    public static func read(path: String, textField: String = "text", labelField: String = "label") throws -> [TrainingExample] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClassifierError(FileManager.default.fileExists(atPath: path) ? "cannot read \(path)" : "no such file: \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ClassifierError("\(path) is not UTF-8 text") }
        var examples: [TrainingExample] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            let where_ = "\(path):\(lineNumber)"
            let value: JSONValue
            do {
                value = try JSONParser.parse(String(trimmed))
            } catch {
                throw ClassifierError("\(where_): not JSON: \(error.message) at column \(error.column)")
            }
            guard value.objectValue != nil else { throw ClassifierError("\(where_): expected a JSON object with \"\(textField)\" and \"\(labelField)\"") }
            guard let textValue = value.values(atPath: textField).first, let body = textValue.stringValue else {
                throw ClassifierError("\(where_): no \"\(textField)\" string (choose the field with --text-field)")
            }
            guard let label = value.values(atPath: labelField).first.flatMap(labelText) else {
                throw ClassifierError("\(where_): no \"\(labelField)\" label (choose the field with --label-field)")
            }
            examples.append(TrainingExample(text: body, label: label))
        }
        guard !examples.isEmpty else { throw ClassifierError("\(path) has no examples") }
        return examples
    }

    /// A label as text: strings, numbers and booleans; nil for null, objects and arrays.
    public static func labelText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .int, .double, .bool: return value.plainText
        default: return nil
        }
    }
}
