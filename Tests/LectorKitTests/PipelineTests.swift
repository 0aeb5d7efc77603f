import Foundation
import Testing
@testable import LectorKit

@Suite("Pipeline syntax and validation")
struct PipelineValidationTests {
    let registry = testRegistry()

    @Test func parsesStagesAndOptions() throws {
        let syntax = try PipelineSyntax.parse(#"produce-alpha level=2 | need-alpha|explodes label="x|y""#)
        #expect(syntax.stages.map(\.name) == ["produce-alpha", "need-alpha", "explodes"])
        #expect(syntax.stages[0].arguments == [OptionArgument(key: "level", value: "2", range: 14..<21)])
        #expect(syntax.stages[2].arguments.first?.value == "x|y")
    }

    @Test func emptyStepsAndDanglingPipeAreErrors() {
        #expect(throws: PipelineError.self) { try PipelineSyntax.parse("a || b") }
        let dangling = #expect(throws: PipelineError.self) { try PipelineSyntax.parse("a |") }
        #expect(dangling?.message.contains("ends with '|'") == true)
        let unterminated = #expect(throws: PipelineError.self) { try PipelineSyntax.parse(#"a x="open"#) }
        #expect(unterminated?.message.contains("unterminated quote") == true)
        #expect(throws: PipelineError.self) { try Pipeline("  ", registry: registry) }
    }

    @Test func unknownAnalyzerSuggestsTheClosestName() throws {
        let error = try #require(throws: PipelineError.self) { try Pipeline("produce-alpah", registry: registry) }
        #expect(error.message == "unknown analyzer 'produce-alpah'")
        #expect(error.suggestion == "produce-alpha")
        #expect(error.range == 0..<13)
    }

    @Test func missingRequirementNamesStepAndProducer() throws {
        let error = try #require(throws: PipelineError.self) { try Pipeline("explodes | need-alpha", registry: registry) }
        #expect(error.message == "step 2 'need-alpha' requires 'alpha', which no earlier step produces; add 'produce-alpha' before it")
        #expect(error.range == 11..<21)
    }

    @Test func requirementProducedLaterSaysToMoveIt() throws {
        let error = try #require(throws: PipelineError.self) { try Pipeline("need-alpha | produce-alpha", registry: registry) }
        #expect(error.message.contains("'produce-alpha' (step 2) produces it only afterwards; move 'produce-alpha' before 'need-alpha'"))
    }

    @Test func requirementNoAnalyzerProducesIsExplained() throws {
        let error = try #require(throws: PipelineError.self) { try Pipeline("need-gamma", registry: registry) }
        #expect(error.message.hasSuffix("no known analyzer produces it"))
    }

    @Test func requirementsSatisfiedByInputAreAccepted() throws {
        _ = try Pipeline("need-gamma", registry: registry, provided: ["gamma"])
    }

    @Test func aStepThatRewritesTheTextAfterSpansWereFoundIsFlagged() throws {
        #expect(try Pipeline("shout | find-pact | need-pact", registry: registry).warnings.isEmpty)
        let text = "find-pact | shout | need-pact"
        let warnings = try Pipeline(text, registry: registry).warnings
        #expect(warnings.map(\.message) == [
            "step 2 'shout' rewrites the text after 'pact' found spans in it: those spans will not match the text; run 'shout' first",
            "step 3 'need-pact' requires 'pact', which was found before 'shout' (step 2) rewrote the text; run 'shout' before the step that produces 'pact'",
        ])
        #expect(warnings.map(\.range) == [12..<17, 20..<29])
        // Spans read from the input count too.
        #expect(try Pipeline("shout", registry: registry, provided: ["pact"]).warnings.count == 1)
        #expect(try Pipeline("produce-alpha | shout", registry: registry).warnings.isEmpty)
    }

    @Test func rewritingTheTextMakesEarlierAnnotationsStale() throws {
        var document = Document(id: "d", text: "the pact")
        try FindsPact.configured().analyze(&document)
        #expect(document.annotations.current(Alpha.self) == nil)
        enum PactKey: AnnotationKey { typealias Value = JSONValue; static let name = "pact" }
        #expect(document.current(PactKey.self) != nil)
        try Shouts.configured().analyze(&document)
        #expect(document.current(PactKey.self) == nil, "found before the rewrite")
        #expect(document[PactKey.self] != nil, "still in the record")
        #expect(document.annotations.isStale("pact"))
        enum ShoutedKey: AnnotationKey { typealias Value = JSONValue; static let name = "shouted" }
        #expect(document.current(ShoutedKey.self) == .bool(true), "set after the rewrite")
    }

    @Test func textRoundTripsNonDefaultOptions() throws {
        let pipeline = try Pipeline(#"produce-alpha label="two words" level=1 | need-alpha"#, registry: registry)
        #expect(pipeline.text == #"produce-alpha label="two words" | need-alpha"#)
    }
}

@Suite("Running a corpus")
struct PipelineRunnerTests {
    let registry = testRegistry()

    func documents(_ count: Int, text: (Int) -> String = { "document \($0)" }) -> [Document] {
        (0..<count).map { Document(id: "d\($0)", text: text($0)) }
    }

    func run(_ pipelineText: String, _ input: [Document], threads: Int, batch: Int = 7) throws -> [Document] {
        var runner = PipelineRunner(pipeline: try Pipeline(pipelineText, registry: registry), threads: threads)
        runner.batchDocuments = batch
        var stream = DocumentArrayStream(input)
        var output: [Document] = []
        try runner.run(&stream, reopen: { DocumentArrayStream(input) }) { output.append($0) }
        return output
    }

    @Test(arguments: [1, 2, 4])
    func aCorpusAnalyzerSeesEveryDocumentBeforeItJudgesOne(threads: Int) throws {
        // 40 documents; the first word is "a" in 10 of them, "b" in 30; batches of 7.
        let input = documents(40) { $0 % 4 == 0 ? "a x" : "b y" }
        let output = try run("produce-alpha | shared-first-word", input, threads: threads)
        #expect(output.count == 40)
        for (index, document) in output.enumerated() {
            #expect(document.id == "d\(index)")
            #expect(document.annotations["shared"] == ["documents": .int(index % 4 == 0 ? 10 : 30), "corpus": .int(40)])
            #expect(document.annotations["alpha"] != nil, "the steps before it ran in the writing pass too")
        }
        #expect(try Pipeline("produce-alpha | shared-first-word", registry: registry).steps[1].descriptor.readsWholeCorpus)
    }

    @Test func theFirstPassSeesTheTextAsTheStepsBeforeItLeftIt() throws {
        let output = try run("shout | produce-alpha | shared-first-word", documents(3) { _ in "pact signed" }, threads: 2)
        #expect(output.map { $0.annotations["shared"]?["documents"] } == [.int(3), .int(3), .int(3)])
        #expect(output.first?.text == "!PACT SIGNED")
    }

    @Test func aCorpusAnalyzerNeedsAnInputThatCanBeReadTwice() throws {
        let runner = PipelineRunner(pipeline: try Pipeline("produce-alpha | shared-first-word", registry: registry), threads: 2)
        var stream = DocumentArrayStream(documents(3))
        let error = try #require(throws: CorpusInputError.self) { try runner.run(&stream) { _ in } }
        #expect(error.message == "'shared-first-word' reads the whole corpus before it judges a document, and this input cannot be read twice")
    }

    @Test func aCorpusAnalyzerOnItsOwnTreatsOneDocumentAsTheCorpus() throws {
        var document = Document(id: "d", text: "a b a")
        try SharedFirstWord.configured().analyze(&document)
        #expect(document.annotations["shared"] == ["documents": .int(1), "corpus": .int(1)])
    }

    @Test(arguments: [1, 2, 4, 8])
    func keepsInputOrderOnAnyNumberOfThreads(threads: Int) throws {
        let output = try run("produce-alpha | need-alpha", documents(1000), threads: threads)
        #expect(output.map(\.id) == (0..<1000).map { "d\($0)" })
        #expect(output.allSatisfy { $0.annotations["beta"] != nil })
    }

    @Test func aFailingDocumentRecordsItsErrorAndTheOthersGoOn() throws {
        let input = documents(20) { $0 == 5 ? "boom" : "fine \($0)" }
        let output = try run("explodes | produce-alpha", input, threads: 2)
        #expect(output.count == 20)
        #expect(output[5].errors == [AnalysisError(analyzer: "explodes", message: "cannot handle boom")])
        #expect(output[5].annotations["alpha"] != nil)
        #expect(output.enumerated().allSatisfy { $0.offset == 5 || ($0.element.errors.isEmpty && $0.element.annotations["survived"] == true) })
    }

    @Test func childDocumentsFollowTheirParentAndGoThroughLaterSteps() throws {
        let input = [Document(id: "a", text: "one\ntwo"), Document(id: "b", text: "three")]
        let output = try run("split-lines | produce-alpha", input, threads: 2)
        #expect(output.map(\.id) == ["a", "a/1", "a/2", "b", "b/1"])
        #expect(output[1].parentID == "a")
        #expect(output[2].text == "two")
        #expect(output.allSatisfy { $0.annotations["alpha"] != nil })
    }

    @Test func cancellationWritesEverythingAlreadyReadAndStopsReading() throws {
        struct EndlessStream: DocumentStream {
            var produced = 0
            let cancelAfter: Int
            let flag: CancellationFlag
            mutating func next() -> Document? {
                produced += 1
                if produced == cancelAfter { flag.cancel() }
                return Document(id: "e\(produced)", text: "x")
            }
        }
        let flag = CancellationFlag()
        var stream = EndlessStream(cancelAfter: 500, flag: flag)
        var runner = PipelineRunner(pipeline: try Pipeline("produce-alpha", registry: registry), threads: 2)
        runner.batchDocuments = 64
        var written: [String] = []
        let summary = try runner.run(&stream, cancellation: flag) { written.append($0.id) }
        #expect(summary.cancelled)
        #expect(summary.documentsRead == 500)
        #expect(written == (1...500).map { "e\($0)" })
    }

    /// Documents "odd" and "even" by number, then a malformed line at `failAt`.
    struct FailingStream: DocumentStream {
        let failAt: Int
        var index = 0
        init(failAt: Int) { self.failAt = failAt }
        mutating func next() throws -> Document? {
            index += 1
            if index == failAt { throw InputError(.malformedJSON, location: "in.jsonl", line: failAt, message: "bad") }
            return Document(id: "f\(index)", text: index % 2 == 0 ? "even" : "odd")
        }
    }

    @Test func anInputErrorStillWritesWhatCameBefore() throws {
        var stream = FailingStream(failAt: 300)
        var runner = PipelineRunner(pipeline: try Pipeline("produce-alpha", registry: registry), threads: 2)
        runner.batchDocuments = 50
        var written = 0
        #expect(throws: InputError.self) { try runner.run(&stream) { _ in written += 1 } }
        #expect(written == 299)
    }

    @Test func aCorpusAnalyzerAfterAnInputErrorJudgesAndWritesWhatCameBefore() throws {
        var stream = FailingStream(failAt: 30)
        var runner = PipelineRunner(pipeline: try Pipeline("produce-alpha | shared-first-word", registry: registry), threads: 2)
        runner.batchDocuments = 4
        var progress: [Int] = []
        runner.progress = { progress.append($0) }
        var written: [Document] = []
        #expect(throws: InputError.self) { try runner.run(&stream, reopen: { FailingStream(failAt: 30) }) { written.append($0) } }
        #expect(written.count == 29)
        #expect(written.first?.annotations["shared"] == ["documents": .int(15), "corpus": .int(29)], "15 odd documents before the error")
        // Progress counts the writing pass only, so it never goes back to zero.
        #expect(progress == progress.sorted() && progress.last == 29)
    }

    @Test func cancellingTheFirstPassWritesNothingAndSaysSo() throws {
        let flag = CancellationFlag()
        flag.cancel()
        var runner = PipelineRunner(pipeline: try Pipeline("produce-alpha | shared-first-word", registry: registry), threads: 2)
        runner.batchDocuments = 4
        var stream = DocumentArrayStream(documents(20))
        var written = 0
        let summary = try runner.run(&stream, reopen: { DocumentArrayStream(self.documents(20)) }, cancellation: flag) { _ in written += 1 }
        #expect(summary.cancelled && written == 0)
    }

    @Test func memoryStaysBoundedByTheWindow() throws {
        // A stream that counts documents alive at once: read but not yet written.
        final class Counter: @unchecked Sendable { var alive = 0; var peak = 0 }
        struct CountingStream: DocumentStream {
            let counter: Counter
            var index = 0
            mutating func next() -> Document? {
                index += 1
                guard index <= 20_000 else { return nil }
                counter.alive += 1
                counter.peak = max(counter.peak, counter.alive)
                return Document(id: "\(index)", text: "x")
            }
        }
        let counter = Counter()
        var stream = CountingStream(counter: counter)
        var runner = PipelineRunner(pipeline: try Pipeline("produce-alpha", registry: registry), threads: 2)
        runner.batchDocuments = 100
        try runner.run(&stream) { _ in counter.alive -= 1 }
        // window = 4 × threads batches, plus the batch being filled.
        #expect(counter.peak <= (4 * 2 + 1) * 100)
    }
}
