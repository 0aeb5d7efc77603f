import FuzzSupport
import Foundation
import LectorKit

// The HTML reader on any bytes: decoding (declared, detected or given encodings, U+FFFD for
// what does not decode), libxml2's parse and the walk, metadata and JSON-LD, and gzip through
// the corpus reader. A page, never a crash or a hang; the markup describes every line.
let path = "/dev/shm/lector-fuzz-html-\(getpid()).html"

fuzz { data, size in
    let bytes = Array(FuzzSupport.bytes(data, size))
    for encoding in [nil, "windows-1251", "shift_jis"] as [String?] {
        let page = HTMLPage(bytes: bytes, encoding: encoding)
        let lines = page.text.isEmpty ? 0 : page.text.split(separator: "\n", omittingEmptySubsequences: false).count
        precondition(page.markup.furniture.count == lines, "markup for \(page.markup.furniture.count) lines, text of \(lines)")
        precondition(page.page["encoding"] != nil, "no encoding")
    }
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    if let reader = try? CorpusReader(paths: [path], options: InputOptions(format: .html), report: { _ in }) {
        while let document = try? reader.next() { _ = document.text.unicodeScalars.count }
    }
    return 0
}
