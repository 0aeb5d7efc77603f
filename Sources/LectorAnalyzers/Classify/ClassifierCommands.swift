import Foundation
import LectorKit

/// What `train` and `evaluate` do, for `lector train`/`lector evaluate` and the shell's commands alike.
public enum ClassifierCommands {
    /// Trains on `examples` (with the extra features of `features`, such as
    /// "sentiment-lexicon:de"), writes the model to exactly `out`, and returns what to print.
    public static func train(
        _ examples: [TrainingExample], validation: [TrainingExample], features: String, options: TrainingOptions,
        out: String, cancellation: CancellationFlag?, progress: (String) -> Void
    ) throws -> String {
        // A model that cannot be written is found out before training, not after.
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ClassifierError("cannot write the model to \(out): there is no folder \(folder)")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else { throw ClassifierError("cannot write the model to \(out): the folder \(folder) is not writable") }
        var options = options
        var examples = examples, validation = validation
        if let source = try FeatureSource.named(features) {
            options.extraNames = source.names
            options.extraSource = source.spec
            examples = examples.map { TrainingExample(text: $0.text, label: $0.label, extras: source.features($0.text)) }
            validation = validation.map { TrainingExample(text: $0.text, label: $0.label, extras: source.features($0.text)) }
        }
        let unknown = Set(validation.map(\.label)).subtracting(examples.map(\.label))
        if !unknown.isEmpty { progress("warning: validation labels not in the training data (always wrong): \(unknown.sorted().joined(separator: ", "))") }
        let (model, summary) = try ClassifierTrainer.train(examples, validation: validation, options: options, cancellation: cancellation, progress: progress)
        try model.write(to: out)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        var lines = [
            "trained on \(summary.examples) examples, labels \(summary.labels.joined(separator: ", ")), \(summary.features) features, C=\(JSONWriter.format(summary.c)), in \(String(format: "%.1f", summary.seconds)) s",
        ]
        if summary.tried.count > 1 {
            lines.append("validation macro-F1 by C: " + summary.tried.map { "\(JSONWriter.format($0.c)): \(String(format: "%.3f", $0.macroF1))" }.joined(separator: ", "))
        }
        if let report = summary.validation {
            lines.append("validation (\(report.count) examples):")
            lines.append(report.table)
            if let loss = summary.logLoss {
                lines.append(String(format: "calibration: temperature %.2f, log-loss %.3f -> %.3f", summary.temperature, loss.raw, loss.calibrated))
            }
        }
        lines.append("wrote \(out) (\(size / 1024) KB)")
        return lines.joined(separator: "\n")
    }

    /// Scores `field` of analysed documents against their gold `goldField`; documents without a
    /// gold label are left out (counted, and the first named by its source).
    public static func evaluate(_ documents: [Document], field: String, goldField: String) throws -> (report: ClassificationReport, unlabelled: Int, firstUnlabelled: String?) {
        var gold: [String] = []
        var predicted: [String?] = []
        var unlabelled = 0
        var firstUnlabelled: String?
        for document in documents {
            let record = Record(document)
            guard let truth = record.values(atPath: goldField).first.flatMap(LabelledData.labelText) else {
                unlabelled += 1
                if firstUnlabelled == nil { firstUnlabelled = record.values(atPath: "source").first?.plainText ?? document.id }
                continue
            }
            gold.append(truth)
            predicted.append(record.values(atPath: field).first.flatMap(LabelledData.labelText))
        }
        guard !gold.isEmpty else {
            throw ClassifierError("no document has a gold label in '\(goldField)'" + (documents.isEmpty ? " (there are no documents)" : ""))
        }
        return (ClassificationReport(gold: gold, predicted: predicted), unlabelled, firstUnlabelled)
    }
}
