import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Documents read one at a time, so a corpus never has to fit in memory.
public protocol DocumentStream {
    /// The next document, nil at the end. Throws when an input cannot be read.
    mutating func next() throws -> Document?
}

/// An in-memory corpus as a stream.
public struct DocumentArrayStream: DocumentStream {
    private var iterator: IndexingIterator<[Document]>
    public init(_ documents: [Document]) { iterator = documents.makeIterator() }
    public mutating func next() -> Document? { iterator.next() }
}

/// Any stream, behind one type (for a run whose input is files or, read again, memory).
public struct AnyDocumentStream: DocumentStream {
    private var base: any DocumentStream
    public init(_ base: any DocumentStream) { self.base = base }
    public mutating func next() throws -> Document? { try base.next() }
}

/// How a corpus run went.
public struct RunSummary: Sendable {
    public var documentsRead = 0
    public var documentsWritten = 0
    /// Documents with at least one analyzer error.
    public var documentsWithErrors = 0
    public var cancelled = false
    /// Where the last document read came from: after a cancellation, the input goes on after it.
    public var lastRead: SourceLocation?

    public init(cancelled: Bool = false) { self.cancelled = cancelled }
}

/// Runs a pipeline over a stream on worker threads. Batches are read in order, analysed in
/// parallel, and written in input order; at most `window` batches are in memory at once.
public struct PipelineRunner {
    public var pipeline: Pipeline
    public var threads: Int
    /// A batch closes at this many documents...
    public var batchDocuments = 256
    /// ...or this many bytes of text, whichever comes first.
    public var batchBytes = 1 << 20
    /// Called on the calling thread with the number of documents written so far, after each batch.
    public var progress: ((Int) -> Void)?

    public init(pipeline: Pipeline, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.pipeline = pipeline
        self.threads = max(1, threads)
    }

    /// Runs the corpus, calling `output` for each analysed document in input order as soon as
    /// it and everything before it are done. An input error stops reading, but everything read
    /// before it is still analysed and written before the error is rethrown.
    ///
    /// A pipeline with a corpus analyzer reads its input more than once: `reopen` gives the
    /// input again from its start (see `CorpusAnalyzer`); without it such a pipeline is an error.
    @discardableResult
    public func run<Stream: DocumentStream>(
        _ stream: inout Stream, reopen: (() throws -> Stream)? = nil, cancellation: CancellationFlag? = nil,
        output: (Document) throws -> Void
    ) throws -> RunSummary {
        try run(&stream, reopen: reopen, cancellation: cancellation, finish: { $0 }) { documents in
            for document in documents { try output(document) }
        }
    }

    /// Runs the corpus and encodes each batch on the worker that analysed it, so only copying
    /// bytes is left to the calling thread; `output` gets each batch's bytes in input order.
    @discardableResult
    public func run<Stream: DocumentStream>(
        _ stream: inout Stream, reopen: (() throws -> Stream)? = nil, cancellation: CancellationFlag? = nil,
        encoder: any RecordEncoder, output: ([UInt8]) throws -> Void
    ) throws -> RunSummary {
        try run(&stream, reopen: reopen, cancellation: cancellation, finish: { documents in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(documents.count * 256)
            for document in documents { encoder.encode(document, into: &bytes) }
            return bytes
        }, output: output)
    }

    /// Runs the corpus and hands each analysed batch to `finish` on the worker that analysed it
    /// (to encode or measure it there), then `finish`'s result to `output`, in input order, on
    /// the calling thread.
    ///
    /// Drives the passes: one first pass over the input for each corpus analyzer (running the
    /// steps before it, then its `observe`), then the pass that runs every step and writes.
    @discardableResult
    public func run<Stream: DocumentStream, Finished: Sendable>(
        _ stream: inout Stream, reopen: (() throws -> Stream)?, cancellation: CancellationFlag?,
        finish: @escaping @Sendable ([Document]) -> Finished, output: (Finished) throws -> Void
    ) throws -> RunSummary {
        let pipeline = self.pipeline
        let corpusSteps = pipeline.corpusSteps
        guard !corpusSteps.isEmpty else {
            let (summary, readError) = try pass(&stream, cancellation: cancellation, progress: progress, work: { pipeline.process(&$0) }, finish: finish, output: output)
            if let readError { throw readError }
            return summary
        }
        guard let reopen else {
            let names = corpusSteps.map { "'\(pipeline.steps[$0].descriptor.name)'" }.joined(separator: ", ")
            throw CorpusInputError(message: "\(names) reads the whole corpus before it judges a document, and this input cannot be read twice")
        }
        let passes = corpusSteps.map { pipeline.steps[$0].analysis.corpus! }
        defer { passes.forEach { $0.reset() } }
        // An input error in a first pass ends that pass where it happened; the corpus is what
        // was read before it, and the writing pass writes those documents before rethrowing.
        var readError: Error?
        var readable = Int.max
        for (number, index) in corpusSteps.enumerated() {
            let corpus = passes[number]
            corpus.reset()
            if number > 0 { stream = try reopen() }
            var limited = PrefixStream(base: stream, limit: readable)
            let (summary, error) = try pass(&limited, cancellation: cancellation, progress: nil, work: { documents in
                pipeline.process(&documents, steps: 0..<index)
                corpus.observe(documents)
            }, finish: { _ in () }, output: { _ in })
            if summary.cancelled { return RunSummary(cancelled: true) }
            if let error, readError == nil {
                readError = error
                readable = summary.documentsRead
            }
            corpus.finish()
        }
        var limited = PrefixStream(base: try reopen(), limit: readable)
        let (summary, error) = try pass(&limited, cancellation: cancellation, progress: progress, work: { pipeline.process(&$0) }, finish: finish, output: output)
        if let failure = readError ?? error { throw failure }
        return summary
    }

    /// One pass over the input: the calling thread reads batches and hands them out; workers
    /// apply `work` and `finish` to each; the calling thread passes finished batches to `output`
    /// in input order.
    /// An output error is thrown; an input error is returned beside what was written before it.
    private func pass<Finished: Sendable>(
        _ stream: inout some DocumentStream, cancellation: CancellationFlag?, progress: ((Int) -> Void)?,
        work: @escaping @Sendable (inout [Document]) -> Void,
        finish: @escaping @Sendable ([Document]) -> Finished, output: (Finished) throws -> Void
    ) throws -> (RunSummary, Error?) {
        let queue = WorkQueue<Finished>(window: threads * 4)
        let workers = (0..<threads).map { index in
            let thread = Thread {
                blockInterruptSignals()
                while let (sequence, batch) = queue.take() {
                    var documents = batch
                    work(&documents)
                    let failed = documents.reduce(0) { $0 + ($1.errors.isEmpty ? 0 : 1) }
                    queue.finish(sequence, Outcome(value: finish(documents), documents: documents.count, failed: failed))
                }
            }
            thread.name = "lector-worker-\(index)"
            thread.stackSize = 8 << 20
            return thread
        }
        workers.forEach { $0.start() }

        var summary = RunSummary()
        var readError: Error?
        var outputError: Error?
        var submitted = 0
        var emitted = 0

        func emit(_ outcome: Outcome<Finished>) {
            emitted += 1
            guard outputError == nil else { return }
            do {
                try output(outcome.value)
                summary.documentsWritten += outcome.documents
                summary.documentsWithErrors += outcome.failed
                progress?(summary.documentsWritten)
            } catch {
                outputError = error
            }
        }

        var batch: [Document] = []
        var batchSize = 0
        func submit() {
            guard !batch.isEmpty else { return }
            queue.submit(submitted, batch)
            submitted += 1
            batch = []
            batchSize = 0
            // Write whatever is ready; wait only when the window is full.
            while let outcome = queue.result(emitted, wait: submitted - emitted >= queue.window) { emit(outcome) }
        }

        // After a cancellation nothing more is read, but every document already read is still
        // analysed and written: the window bounds how long that takes.
        reading: while outputError == nil {
            if cancellation?.isCancelled == true { break }
            do {
                guard let document = try stream.next() else { break reading }
                summary.documentsRead += 1
                summary.lastRead = document.source
                batchSize += document.text.utf8.count + 64
                batch.append(document)
                if batch.count >= batchDocuments || batchSize >= batchBytes { submit() }
            } catch {
                readError = error
                break
            }
        }
        submit()
        queue.close()
        while emitted < submitted, let outcome = queue.result(emitted, wait: true) { emit(outcome) }
        if cancellation?.isCancelled == true { summary.cancelled = true }
        if let outputError { throw outputError }
        return (summary, readError)
    }
}

/// The first `limit` documents of a stream (a later pass stops where an earlier one met an input error).
private struct PrefixStream<Base: DocumentStream>: DocumentStream {
    var base: Base
    var limit: Int
    mutating func next() throws -> Document? {
        guard limit > 0 else { return nil }
        limit -= 1
        return try base.next()
    }
}

/// A pipeline with a corpus analyzer was given an input it cannot read twice.
public struct CorpusInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A finished batch and what it held.
private struct Outcome<Value: Sendable>: Sendable {
    var value: Value
    var documents: Int
    var failed: Int
}

/// Workers never take SIGINT or SIGTERM: the thread that reads the input does, so that a read
/// waiting on a pipe is interrupted and the run can stop cleanly.
private func blockInterruptSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &set, nil)
}

/// The hand-off between the reading thread and the workers.
private final class WorkQueue<Value: Sendable>: @unchecked Sendable {
    let window: Int
    private let condition = NSCondition()
    private var pending: [(Int, [Document])] = []
    private var pendingHead = 0
    private var results: [Int: Outcome<Value>] = [:]
    private var closed = false

    init(window: Int) { self.window = window }

    func submit(_ sequence: Int, _ batch: [Document]) {
        condition.lock()
        pending.append((sequence, batch))
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// A worker's next batch; nil once the queue is closed and empty.
    func take() -> (Int, [Document])? {
        condition.lock()
        defer { condition.unlock() }
        while pendingHead == pending.count && !closed { condition.wait() }
        guard pendingHead < pending.count else { return nil }
        let item = pending[pendingHead]
        pending[pendingHead] = (item.0, [])
        pendingHead += 1
        if pendingHead > 1024 && pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        return item
    }

    func finish(_ sequence: Int, _ result: Outcome<Value>) {
        condition.lock()
        results[sequence] = result
        condition.broadcast()
        condition.unlock()
    }

    /// The result for `sequence`, waiting for it when `wait` is true.
    func result(_ sequence: Int, wait: Bool) -> Outcome<Value>? {
        condition.lock()
        defer { condition.unlock() }
        while results[sequence] == nil {
            guard wait else { return nil }
            condition.wait()
        }
        return results.removeValue(forKey: sequence)
    }
}
