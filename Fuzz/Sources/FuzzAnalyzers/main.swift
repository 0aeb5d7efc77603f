import FuzzSupport
import LectorAnalyzers
import LectorKit

// Every built-in analyzer that reads a text, on any valid text: annotations or a document
// error, never a crash or a hang. (classify needs a model of the user's; keywords and
// duplicates read a corpus and are fuzzed through `lector analyze` in the tests.)
let pipeline = try! Pipeline(
    "normalize | langid | structure | ticker explode=true | dates | stats | entities | sentiment explain=true | stance | topics",
    registry: BuiltInAnalyzers.registry())

fuzz { data, size in
    var documents = [Document(id: "fuzz", text: FuzzSupport.text(data, size))]
    pipeline.process(&documents)
    return 0
}
