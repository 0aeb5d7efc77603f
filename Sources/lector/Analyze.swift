import ArgumentParser
import Foundation
import LectorAnalyzers
import LectorKit
import LectorShell

extension InputFormat: @retroactive ExpressibleByArgument {}
extension OutputFormat: @retroactive ExpressibleByArgument {}

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline of analyzers over files or standard input.",
        discussion: """
            Reads every PATH (a file, a directory read recursively in sorted order with hidden files \
            skipped, a glob, or - for standard input; no PATH reads standard input) and writes one \
            record per document to standard output, in input order. Diagnostics go to standard error.

            Without --input, .jsonl and .ndjson files are read as JSONL (one document per JSON object), \
            .html and .htm files (and .html.gz) as HTML (one document per page: its visible text, a line \
            per block, and its metadata in the record's page field), other files as text (one document per file), and standard input as JSONL when its first \
            non-blank character is '{', else as lines (one document per non-blank line). The shell's \
            `load` follows the same rule.

            Exit status: 0 when every record was written (an analyzer's failure on a document is in that \
            record's errors field), 1 when an input could not be read (everything before it is still \
            written), 2 when the pipeline or an option is invalid, 3 with --strict when a document had \
            analyzer errors, 130 when interrupted.
            """
    )

    @Option(name: [.short, .long], help: "Analyzers to run, such as 'normalize | stats min-share=0.1'.")
    var pipeline: String

    @Option(help: "How inputs become documents: text (one per file), lines (one per line), jsonl (one per JSON object), html (one per web page, gzip-compressed or not). Default: jsonl for .jsonl and .ndjson files, html for .html, .htm, .html.gz and .htm.gz, text for other files; standard input is jsonl when its first non-blank character is '{', else lines.")
    var input: InputFormat?

    @Option(help: "Output format: jsonl, csv, tsv or table.")
    var output: OutputFormat = .jsonl

    @Option(help: "Columns for csv, tsv and table output, as dotted paths: id,language.code,stats.words.")
    var fields: String?

    @Option(help: "The JSONL field holding the text.")
    var textField = "text"

    @Option(help: "Legacy input encoding, by its iconv name (windows-1251, windows-1256, iso-8859-8...). Default: UTF-8, or UTF-16 with a byte-order mark or recognised without one.")
    var encoding: String?

    @Flag(help: "Replace invalid UTF-8 with U+FFFD instead of stopping.")
    var lossy = false

    @Flag(help: "Report malformed JSONL lines and unreadable files, and go on.")
    var skipBad = false

    @Flag(help: "Leave the text out of JSONL records.")
    var noText = false

    @Flag(help: "Exit with status 3 when any document had analyzer errors (its record still says which).")
    var strict = false

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: "Table width in columns (default: the terminal's, else 120).")
    var width: Int?

    @Argument(help: "Files, directories or globs to read; - or nothing for standard input.")
    var paths: [String] = []

    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
        if let width, width < 20 { throw ValidationError("--width must be at least 20, not \(width)") }
        if fields != nil && output == .jsonl { throw ValidationError("--fields applies to csv, tsv and table output; add --output csv") }
    }

    func run() throws {
        let batch = try pluginOptions.batchPipeline(self.pipeline)
        let pipeline = batch.pipeline
        defer { pipeline.close() }

        var options = InputOptions(format: input)
        options.encoding = encoding.map(TextEncoding.named) ?? .automatic
        options.lossy = lossy
        options.skipBad = skipBad
        options.textField = textField

        let reader: CorpusReader
        do {
            reader = try CorpusReader(paths: paths, options: options) { printError($0.description) }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }

        let sink = OutputSink()
        let cancellation = interruptFlag
        installInterruptHandler(batch: true)
        reader.cancellation = cancellation

        var runner = PipelineRunner(pipeline: pipeline)
        if let threads { runner.threads = threads }
        var stream = AnyDocumentStream(reader)
        var summary: RunSummary?
        var failure: Error?
        // A corpus analyzer reads the input twice: files are opened again (their diagnostics were
        // given the first time); standard input, which cannot be, is held in memory.
        var reopen: (() throws -> AnyDocumentStream)?
        if !pipeline.corpusSteps.isEmpty {
            if paths.isEmpty || paths.contains("-") {
                var documents: [Document] = []
                do {
                    while let document = try reader.next() { documents.append(document) }
                } catch {
                    failure = error
                }
                stream = AnyDocumentStream(DocumentArrayStream(documents))
                reopen = { AnyDocumentStream(DocumentArrayStream(documents)) }
            } else {
                reopen = { [paths] in
                    let again = try CorpusReader(paths: paths, options: options) { _ in }
                    again.cancellation = cancellation
                    return AnyDocumentStream(again)
                }
            }
        }
        var writer = makeWriter(sink: sink, defaults: pipeline.summaryFields)
        let moved = MovedFieldTally()
        let usage = chosenFields.map { FieldUsage(paths: $0.paths, produced: pipeline.produces) }
        // Only a document with input fields can have moved one aside (lines and text have none).
        let observe: @Sendable (Document) -> Void = { document in
            if !document.metadata.isEmpty { moved.count(Record(document)) }
            usage?.observe(Record(document))
        }
        // head N: once N records are written, reading stops (the run is stopped as Ctrl-C would, and not reported as such).
        var written = 0, headReached = false
        var held: [Document] = []
        do {
            if batch.sort != nil {
                // sort: every record is held until the input ends, then written in order.
                summary = try runner.run(&stream, reopen: reopen, cancellation: cancellation) { document in
                    observe(document)
                    held.append(document)
                }
                for document in batch.sorted(held).prefix(batch.head ?? Int.max) { try writer.write(document) }
            } else if let head = batch.head, head == 0 {
                headReached = true
            } else if let head = batch.head {
                summary = try runner.run(&stream, reopen: reopen, cancellation: cancellation) { document in
                    guard written < head else { return }
                    observe(document)
                    try writer.write(document)
                    written += 1
                    if written == head {
                        headReached = true
                        cancellation.cancel()
                    }
                }
            } else if var encoded = writer as? EncodedRecordWriter {
                let encoder = ObservingEncoder(encoder: encoded.encoder, observe: observe)
                summary = try runner.run(&stream, reopen: reopen, cancellation: cancellation, encoder: encoder) { try encoded.write(encoded: $0) }
                writer = encoded
            } else {
                summary = try runner.run(&stream, reopen: reopen, cancellation: cancellation) { document in
                    observe(document)
                    try writer.write(document)
                }
            }
        } catch {
            failure = failure ?? error
        }
        do {
            try writer.finish()
        } catch {
            failure = failure ?? error
        }

        for note in moved.notes { printError(note) }
        for warning in usage?.warnings ?? [] { printError(warning) }
        if let failure {
            if failure is OutputSink.OutputClosed { return }
            printError("\(failure)")
            throw ExitCode(1)
        }
        guard let summary else { return }
        if summary.documentsWithErrors > 0 {
            printError("\(summary.documentsWithErrors) of \(summary.documentsWritten) documents had analyzer errors (see their errors field)")
        }
        if reader.skipped > 0 {
            printError("skipped \(reader.skipped) bad input\(reader.skipped == 1 ? "" : "s")")
        }
        if summary.cancelled && !headReached {
            let resume = summary.lastRead.map { "; reading stopped after \($0)" } ?? ""
            printError("interrupted: wrote \(summary.documentsWritten) documents\(resume)")
            throw ExitCode(130)
        }
        if strict && summary.documentsWithErrors > 0 { throw ExitCode(3) }
    }

    /// The columns `--fields` names, if it was given.
    var chosenFields: FieldSelection? {
        fields.map { FieldSelection(paths: $0.split(separator: ",").map { $0.trimmingWhitespace() }) }
    }

    func makeWriter(sink: OutputSink, defaults: FieldSelection) -> any RecordWriter {
        let chosen = chosenFields
        // Delimited output is for programs: the default columns leave out the long text.
        let delimited = chosen ?? FieldSelection(paths: defaults.paths.filter { $0 != "text" })
        if let writer = EncodedRecordWriter(sink: sink, format: output, fields: delimited, includeText: !noText) { return writer }
        return TableWriter(
            sink: sink, fields: chosen ?? defaults, maxWidth: width ?? Terminal.columns(environment: ProcessInfo.processInfo.environment) ?? 120,
            isolate: isatty(1) == 1)
    }
}
