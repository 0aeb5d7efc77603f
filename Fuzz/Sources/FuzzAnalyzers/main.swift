import FuzzSupport
import LectorAnalyzers
import LectorKit

// Every built-in analyzer on any valid text: annotations or a document error, never a crash or
// a hang. The text analyzers run twice, on the text as it comes and after normalize rewrote it;
// the corpus analyzers (keywords, duplicates) run over the text's lines as documents, through
// the runner that reads a corpus twice. (classify needs a model of the user's; the classifier
// it runs is the one sentiment and topics use here.)
let registry = BuiltInAnalyzers.registry()
let raw = try! Pipeline("langid | structure | ticker explode=true | dates | stats", registry: registry)
let normalized = try! Pipeline(
    "normalize | langid | structure | ticker explode=true | dates | stats | entities | sentiment explain=true | stance | topics",
    registry: registry)
var corpusRunner = PipelineRunner(pipeline: try! Pipeline("langid | keywords | duplicates", registry: registry), threads: 1)
corpusRunner.batchDocuments = 4

fuzz { data, size in
    let text = FuzzSupport.text(data, size)
    var documents = [Document(id: "fuzz", text: text)]
    raw.process(&documents)
    documents = [Document(id: "fuzz", text: text)]
    normalized.process(&documents)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(16).enumerated().map {
        Document(id: "line-\($0.offset)", text: String($0.element))
    }
    var stream = DocumentArrayStream(lines)
    _ = try? corpusRunner.run(&stream, reopen: { DocumentArrayStream(lines) }) { _ in }
    return 0
}
