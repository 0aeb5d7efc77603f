import ArgumentParser
import Foundation
import LectorAnalyzers
import LectorKit
import LectorShell

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a text classifier from labelled JSONL; `classify model=MODEL` runs it.",
        discussion: """
            Each line of the data is a JSON object such as {"text": "...", "label": "positive"}; any set of \
            labels. The model is multinomial logistic regression over hashed word 1-2-grams and character \
            2-5-grams, fitted on all cores. With --val, C is chosen by macro-F1 on the validation set and the \
            probabilities are calibrated on it (temperature scaling); the validation scores are printed.
            """)

    @Option(help: "Training examples (JSONL).") var data: String
    @Option(help: "Validation examples (JSONL): choose C, calibrate, report scores.") var val: String?
    @Option(help: "The model file to write (replaced if it exists).") var out: String
    @Option(help: "The field holding the text.") var textField = "text"
    @Option(help: "The field holding the label (a dotted path works).") var labelField = "label"
    @Option(help: "Dense features to add, such as sentiment-lexicon:de.") var features = ""
    @Option(help: "Inverse regularisation strength (default: chosen on --val from 0.3, 1, 3, 10; else 3).") var c: Double?
    @Option(help: "Hash space: 2^bits buckets (8-24).") var bits = 18
    @Option(help: "Word n-grams from 1 to this (0-3).") var wordNgrams = 2
    @Option(help: "Character n-gram lengths, MIN-MAX (such as 2-5), or 0 for none.") var charNgrams = "2-5"
    @Flag(help: "Do not weigh classes by their inverse frequency.") var noBalance = false
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        if let c, !(c > 0) { throw ValidationError("--c must be above 0") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
        _ = try charRange()
    }

    func charRange() throws -> (Int, Int) {
        if charNgrams == "0" { return (0, 0) }
        let parts = charNgrams.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { throw ValidationError("--char-ngrams is MIN-MAX such as 2-5, or 0; not '\(charNgrams)'") }
        return (parts[0], parts[1])
    }

    func run() throws {
        var options = TrainingOptions()
        let (charMin, charMax) = try charRange()
        options.features = TextFeatureConfig(bits: bits, wordNGrams: wordNgrams, charMin: charMin, charMax: charMax)
        options.c = c
        options.balanced = !noBalance
        if let threads { options.threads = threads }
        options.info["data"] = .string((data as NSString).lastPathComponent)
        installInterruptHandler(batch: true)
        do {
            let examples = try LabelledData.read(path: data, textField: textField, labelField: labelField)
            let validation = try val.map { try LabelledData.read(path: $0, textField: textField, labelField: labelField) } ?? []
            let text = try ClassifierCommands.train(
                examples, validation: validation, features: features, options: options, out: out,
                cancellation: interruptFlag, progress: { if !quiet { printError($0) } })
            print(text)
        } catch let error as ClassifierError {
            printError("\(error)")
            throw ExitCode(error.description == ClassifierError.cancelled.description ? 130 : 1)
        }
    }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a pipeline against gold labels: per-class precision, recall, F1, macro-F1, accuracy, confusion matrix.",
        discussion: """
            Runs the pipeline over the data (JSONL with a text and a gold label per line) and compares the \
            field it produces (such as sentiment.label or classes.0.label) with the gold label.
            """)

    @Option(name: [.short, .long], help: "Analyzers to run, such as 'langid | sentiment'.") var pipeline: String
    @Option(help: "Labelled examples (JSONL).") var data: String
    @Option(help: "The predicted field, as a dotted path: sentiment.label, classes.0.label.") var field: String
    @Option(help: "The field holding the gold label.") var labelField = "label"
    @Option(help: "The field holding the text.") var textField = "text"
    @Option(help: "table (for people) or json.") var output = "table"
    @Option(help: "Worker threads (default: all cores).") var threads: Int?

    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        guard ["table", "json"].contains(output) else { throw ValidationError("--output is table or json, not '\(output)'") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    func run() throws {
        let pipeline = try pluginOptions.pipeline(self.pipeline)
        defer { pipeline.close() }
        var options = InputOptions(format: .jsonl)
        options.textField = textField
        var documents: [Document] = []
        do {
            let reader = try CorpusReader(paths: [data], options: options) { printError($0.description) }
            installInterruptHandler(batch: true)
            reader.cancellation = interruptFlag
            var runner = PipelineRunner(pipeline: pipeline)
            if let threads { runner.threads = threads }
            var stream = AnyDocumentStream(reader)
            let summary = try runner.run(&stream, reopen: nil, cancellation: interruptFlag) { documents.append($0) }
            if summary.cancelled {
                printError("interrupted after \(documents.count) documents")
                throw ExitCode(130)
            }
            let (report, unlabelled, first) = try ClassifierCommands.evaluate(documents, field: field, goldField: labelField)
            if unlabelled > 0 {
                printError("warning: \(unlabelled) documents have no '\(labelField)' label and were left out (the first: \(first ?? "?")); choose the field with --label-field")
            }
            if output == "json" {
                var object = report.json
                object["field"] = .string(field)
                object["pipeline"] = .string(self.pipeline)
                var writer = JSONWriter()
                writer.write(.object(object))
                print(writer.string)
            } else {
                print("\(field) against \(labelField), \(data):\n" + report.table)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
