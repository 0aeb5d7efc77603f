import FuzzSupport
import Foundation
import LectorKit

// The corpus reader on any bytes, as a file read whole, as lines and as JSONL, with the
// encoding found (UTF-8, UTF-16 by its byte-order mark) or given (through iconv), strict and
// lossy: documents or an error that says where, never a crash or a hang.
let path = "/dev/shm/lector-fuzz-reader-\(getpid())"
let formats: [InputFormat?] = [.text, .lines, .jsonl, nil]
let encodings: [TextEncoding] = [.automatic, .named("windows-1256"), .named("utf-16le")]

fuzz { data, size in
    FileManager.default.createFile(atPath: path, contents: Data(FuzzSupport.bytes(data, size)))
    for format in formats {
        for encoding in encodings {
            for lossy in [false, true] {
                var options = InputOptions(format: format)
                options.encoding = encoding
                options.lossy = lossy
                options.skipBad = lossy
                guard let reader = try? CorpusReader(paths: [path], options: options, report: { _ in }) else { continue }
                var count = 0
                while let document = try? reader.next() {
                    _ = document.text.unicodeScalars.count
                    count += 1
                    precondition(count <= size + 1, "more documents than bytes")
                }
            }
        }
    }
    return 0
}
