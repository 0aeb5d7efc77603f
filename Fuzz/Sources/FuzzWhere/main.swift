import FuzzSupport
import LectorKit
import LectorShell

// `where` expressions: parsed (or refused with an error), then matched against a document
// with nested fields, arrays, numbers and right-to-left text.
var document = Document(id: "d", text: "Marokko und Aserbaidschan unterzeichnen ein Abkommen. المغرب")
document.annotations["language"] = ["code": "de", "confidence": 0.93, "alternatives": [["code": "nl", "confidence": 0.04]]]
document.annotations["ticker"] = [["time": "14:02", "headline": "Abkommen"], ["time": "15:21", "headline": "Besuch"]]
document.annotations["stats"] = ["words": 9, "scripts": [["code": "Latn", "share": 0.8], ["code": "Arab", "share": 0.2]]]
let sample = document

fuzz { data, size in
    guard let expression = try? ExpressionParser.parse(FuzzSupport.text(data, size)) else { return 0 }
    var notes: [String] = []
    let typed = (try? expression.typed(sample: { sample.values(at: $0).first }, notes: &notes)) ?? expression
    _ = typed.matches(sample)
    _ = expression.matches(Document(id: "empty", text: ""))
    return 0
}
