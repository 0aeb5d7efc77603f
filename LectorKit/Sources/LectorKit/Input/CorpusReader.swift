import Foundation

/// How input is cut into documents.
public enum InputFormat: String, Sendable, CaseIterable {
    /// One document per file.
    case text
    /// One document per non-blank line.
    case lines
    /// One JSON object per line, with the text in a field (`text` unless told otherwise).
    case jsonl
    /// One web page per file (gzip-compressed or not): its visible text, a line per block, and
    /// its metadata in the record's `page` field (HTMLPage).
    case html
}

/// Settings for reading a corpus.
public struct InputOptions: Sendable {
    /// How every input is cut into documents; nil follows `CorpusReader.defaultFormat`, input by input.
    public var format: InputFormat?
    public var encoding: TextEncoding = .automatic
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    public var lossy = false
    /// Report malformed records and unreadable files, then go on.
    public var skipBad = false
    /// The JSONL field holding the text.
    public var textField = "text"
    /// The largest single document (a file in `text` mode, a line otherwise).
    public var maxDocumentBytes = 512 << 20

    public init(format: InputFormat? = nil) { self.format = format }
}

/// Reads documents from files, directories, globs and standard input, one at a time.
public final class CorpusReader: DocumentStream {
    /// One input to read: a file, or standard input.
    public struct Input: Sendable, Hashable {
        public var path: String?  // nil: standard input
        /// The name the document ids start with: the file name without extension, or its
        /// path below the directory that was named, or `stdin`.
        public var name: String
    }

    public let inputs: [Input]
    private let options: InputOptions
    private let report: (Diagnostic) -> Void
    private var nextInput = 0
    private var lines: LineReader?
    private var current: Input?
    private var currentFormat: InputFormat = .lines
    private var usedNames: [String: Int] = [:]
    /// Set it to the run's flag so that Ctrl-C also ends a read waiting on a pipe or terminal.
    public var cancellation: CancellationFlag?
    /// Number of records or files skipped because of errors (with `skipBad`) or as binary.
    public private(set) var skipped = 0

    /// Resolves `paths` (files, directories, globs, `-` for stdin; none means stdin).
    /// A path that does not exist is an error before anything is read.
    public init(paths: [String], options: InputOptions, report: @escaping (Diagnostic) -> Void) throws {
        self.options = options
        self.report = report
        var skipped: [(path: String, kind: String)] = []
        self.inputs = try Self.resolve(paths.isEmpty ? ["-"] : paths, skipped: &skipped)
        for file in skipped { report(Diagnostic(.warning, "\(file.path): skipped: \(file.kind), not a regular file")) }
    }

    /// The inputs the paths name; files in folders that are not regular files (FIFOs, sockets,
    /// devices, which could block a run forever) go to `skipped`.
    static func resolve(_ paths: [String], skipped: inout [(path: String, kind: String)]) throws -> [Input] {
        var inputs: [Input] = []
        let files = FileManager.default
        for path in paths {
            if path == "-" {
                inputs.append(Input(path: nil, name: "stdin"))
                continue
            }
            var isDirectory: ObjCBool = false
            if files.fileExists(atPath: path, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    inputs += try directoryInputs(path, skipped: &skipped)
                } else {
                    inputs.append(Input(path: path, name: stem(of: path)))
                }
            } else if path.contains(where: { "*?[".contains($0) }) {
                let matches = try glob(path)
                if matches.isEmpty {
                    throw InputError(.notFound, location: path, message: "no files match this pattern")
                }
                for match in matches {
                    var matchIsDirectory: ObjCBool = false
                    _ = files.fileExists(atPath: match, isDirectory: &matchIsDirectory)
                    if matchIsDirectory.boolValue { inputs += try directoryInputs(match, skipped: &skipped) }
                    else { inputs.append(Input(path: match, name: stem(of: match))) }
                }
            } else {
                throw InputError(.notFound, location: path, message: "no such file or directory")
            }
        }
        return inputs
    }

    /// Every regular file below `root`, sorted by path, hidden files and folders skipped; other
    /// kinds of file go to `skipped`.
    static func directoryInputs(_ root: String, skipped: inout [(path: String, kind: String)]) throws -> [Input] {
        let files = FileManager.default
        var result: [Input] = []
        func walk(_ relative: String) throws {
            let full = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do {
                names = try files.contentsOfDirectory(atPath: full)
            } catch {
                throw InputError(.unreadable, location: full, message: "cannot list directory")
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                let childFull = root + "/" + childRelative
                var info = stat()
                guard stat(childFull, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: try walk(childRelative)
                case S_IFREG: result.append(Input(path: childFull, name: dropExtension(childRelative)))
                case S_IFIFO: skipped.append((childFull, "a FIFO"))
                case S_IFSOCK: skipped.append((childFull, "a socket"))
                default: skipped.append((childFull, "a device"))
                }
            }
        }
        try walk("")
        return result
    }

    static func glob(_ pattern: String) throws -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = Glibc.glob(pattern, 0, nil, &result)
        if status == GLOB_NOMATCH { return [] }
        guard status == 0 else { throw InputError(.unreadable, location: pattern, message: "cannot expand this pattern") }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
            .filter { !($0.split(separator: "/").last?.hasPrefix(".") ?? false) }
            .sorted()
    }

    static func stem(of path: String) -> String {
        dropExtension(String(path.split(separator: "/").last ?? Substring(path)))
    }

    /// `notes.txt` is `notes`; a compressed page `page.html.gz` is `page`.
    static func dropExtension(_ name: String) -> String {
        let lowered = name.lowercased()
        if lowered.hasSuffix(".html.gz") || lowered.hasSuffix(".htm.gz") { return dropExtension(String(name.dropLast(3))) }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
              !name[dot...].contains("/") else { return name }
        return String(name[..<dot])
    }

    /// A name unique within this run: a second `notes` becomes `notes~2`.
    private func uniqueName(_ name: String) -> String {
        let count = usedNames[name, default: 0] + 1
        usedNames[name] = count
        return count == 1 ? name : "\(name)~\(count)"
    }

    private func location(of input: Input) -> String { input.path ?? "stdin" }

    private func openStream(_ input: Input) throws(InputError) -> DecodedByteStream {
        let source = try input.path.map { (path) throws(InputError) in
            try ByteSource(path: path, cancellation: cancellation) { [report] in report(Diagnostic(.warning, $0)) }
        } ?? ByteSource(standardInput: ())
        source.cancellation = cancellation
        return DecodedByteStream(source: source, encoding: options.encoding)
    }

    public func next() throws -> Document? {
        while true {
            if lines != nil {
                if let document = try nextRecord() { return document }
                lines = nil
                current = nil
            }
            guard nextInput < inputs.count else { return nil }
            let input = inputs[nextInput]
            nextInput += 1
            do {
                switch options.format ?? Self.defaultFormat(forPath: input.path) {
                case .text?:
                    if let document = try readWholeFile(input) { return document }
                case .html?:
                    return try readHTMLPage(input)
                case let format:
                    try startLines(input, format: format)
                }
            } catch let error as InputError where options.skipBad {
                skipped += 1
                report(Diagnostic(.warning, "\(error) (skipped)"))
            } catch var error as InputError where error.kind == .unreadable && inputs.count > 1 {
                error.message += " (--skip-bad reports such a file and goes on with the others)"
                throw error
            }
        }
    }

    private func readWholeFile(_ input: Input) throws -> Document? {
        let stream = try openStream(input)
        let place = location(of: input)
        let bytes = try wholeInput(at: place, size: stream.regularFileSize, advice: "; read it with --input lines") { try stream.read(into: &$0) }
        let nulOffset = bytes.withUnsafeBufferPointer { buffer in
            buffer.isEmpty ? nil : memchr(buffer.baseAddress!, 0, buffer.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(buffer.baseAddress!) }
        }
        if !stream.isConverted, let nul = nulOffset {
            skipped += 1
            report(Diagnostic(.warning, "\(place): skipped: \(Self.binaryReason(nul: nul, stream: stream))"))
            return nil
        }
        let text = try bytes.withUnsafeBufferPointer { buffer in
            try UTF8Validation.decode(buffer, lossy: options.lossy, location: place, line: nil, baseOffset: stream.utf8BOMLength)
        }
        let source = SourceLocation(path: input.path)
        return Document(id: uniqueName(input.name), text: text, source: source)
    }

    /// All of an input's bytes, `read` a chunk at a time while it says there is more; an error
    /// (with `advice` after it) when they are more than one document may hold.
    private func wholeInput(at place: String, size: Int?, advice: String, read: (inout [UInt8]) throws -> Bool) throws -> [UInt8] {
        let limit = options.maxDocumentBytes
        if let size, size > limit {
            throw InputError(.tooLarge, location: place, message: "the file is \(size >> 20) MiB, more than the \(limit >> 20) MiB allowed for one document\(advice)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((size ?? 0) + 1)
        while try read(&bytes) {
            if bytes.count > limit {
                throw InputError(.tooLarge, location: place, message: "the input is more than the \(limit >> 20) MiB allowed for one document\(advice)")
            }
        }
        return bytes
    }

    /// A web page: its bytes as served (gunzipped when gzip), decoded as browsers do (HTMLDecoding),
    /// never refused for its encoding: bytes that do not decode become U+FFFD, with one warning.
    private func readHTMLPage(_ input: Input) throws -> Document {
        let source = try input.path.map { (path) throws(InputError) in
            try ByteSource(path: path, cancellation: cancellation) { [report] in report(Diagnostic(.warning, $0)) }
        } ?? ByteSource(standardInput: ())
        source.cancellation = cancellation
        let place = location(of: input)
        var bytes = try wholeInput(at: place, size: source.regularFileSize, advice: "") {
            try source.read(into: &$0, count: DecodedByteStream.chunkSize) > 0
        }
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, limit: options.maxDocumentBytes, location: place) }
        var given: String?
        if case .named(let name) = options.encoding { given = name }
        let page = HTMLPage(bytes: bytes, encoding: given)
        // One warning for the page: what was noticed of its encoding, and the bytes that did not decode.
        var notes = page.encodingNote.map { [$0] } ?? []
        if page.replacedBytes > 0 {
            let encoding = page.page["encoding"]?.stringValue ?? "its encoding"
            notes.append("\(page.replacedBytes) byte sequence\(page.replacedBytes == 1 ? "" : "s") not valid \(encoding), read as U+FFFD")
        }
        if !notes.isEmpty { report(Diagnostic(.warning, "\(place): " + notes.joined(separator: "; "))) }
        var document = Document(id: uniqueName(input.name), text: page.text, source: SourceLocation(path: input.path), metadata: ["page": .object(page.page)])
        document.markup = page.markup
        return document
    }

    /// Why a file was taken for binary, with the encoding to try when it may be UTF-16 without a byte-order mark.
    private static func binaryReason(nul: Int, stream: DecodedByteStream) -> String {
        var reason = "binary file (NUL byte at offset \(nul + stream.utf8BOMLength))"
        if let encoding = stream.possibleEncoding {
            reason += "; if it is \(encoding.uppercased()) text without a byte-order mark, read it with --encoding \(encoding)"
        }
        return reason
    }

    /// The one rule for inputs that `--input` (or the shell's `as`) does not name: `.jsonl` and
    /// `.ndjson` files are JSONL, `.html` and `.htm` files (gzip-compressed or not) HTML, other
    /// files text; standard input is decided by its first bytes (nil here): JSONL when its first
    /// non-blank character is `{`, else lines.
    public static func defaultFormat(forPath path: String?) -> InputFormat? {
        guard let path else { return nil }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") { return .jsonl }
        if isHTMLName(lowered) { return .html }
        return .text
    }

    static func isHTMLName(_ lowered: String) -> Bool {
        [".html", ".htm", ".html.gz", ".htm.gz"].contains { lowered.hasSuffix($0) }
    }

    /// `format` nil: JSONL or lines, by the first non-blank byte (peeked, so nothing is lost).
    private func startLines(_ input: Input, format: InputFormat?) throws {
        let stream = try openStream(input)
        let reader = LineReader(stream: stream, maxLineBytes: options.maxDocumentBytes)
        currentFormat = try format ?? (reader.firstNonBlankByte() == UInt8(ascii: "{") ? .jsonl : .lines)
        // NUL bytes near the start mark a binary file (as grep and git decide); UTF-16 is converted first.
        if try reader.prefetch(), !stream.isConverted, let nul = reader.firstByte(0, within: 64 << 10) {
            skipped += 1
            report(Diagnostic(.warning, "\(location(of: input)): skipped: \(Self.binaryReason(nul: nul, stream: stream))"))
            return
        }
        current = Input(path: input.path, name: uniqueName(input.name))
        lines = reader
    }

    private func nextRecord() throws -> Document? {
        guard let reader = lines, let input = current else { return nil }
        while true {
            var document: Document?
            var blank = false
            let hadLine: Bool
            do {
                hadLine = try reader.next { bytes, line, offset in
                    blank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                    if blank { return }
                    document = try makeRecord(bytes, input: input, line: line, offset: offset)
                } != nil
            } catch let error as InputError where options.skipBad {
                skipped += 1
                report(Diagnostic(.warning, "\(error) (skipped)"))
                if error.kind == .tooLarge || error.kind == .badEncoding || error.kind == .unreadable { return nil }
                continue
            }
            guard hadLine else { return nil }
            if let document { return document }
        }
    }

    private func makeRecord(_ bytes: UnsafeBufferPointer<UInt8>, input: Input, line: Int, offset: Int) throws -> Document {
        let place = location(of: input)
        let source = SourceLocation(path: input.path, line: line)
        if bytes.contains(0) {
            throw InputError(.binary, location: place, line: line, message: "line \(line) contains NUL bytes: binary data, not text")
        }
        switch currentFormat {
        case .jsonl:
            return try makeJSONRecord(bytes, input: input, line: line, source: source)
        default:
            let text = try UTF8Validation.decode(bytes, lossy: options.lossy, location: place, line: line, baseOffset: offset)
            return Document(id: "\(input.name):\(line)", text: text, source: source)
        }
    }

    private func makeJSONRecord(_ bytes: UnsafeBufferPointer<UInt8>, input: Input, line: Int, source: SourceLocation) throws -> Document {
        let place = location(of: input)
        if !options.lossy, String(validating: bytes, as: UTF8.self) == nil {
            _ = try UTF8Validation.decode(bytes, lossy: false, location: place, line: line, baseOffset: 0)
        }
        let value: JSONValue
        do {
            if options.lossy, String(validating: bytes, as: UTF8.self) == nil {
                value = try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
            } else {
                value = try JSONParser.parse(bytes)
            }
        } catch {
            throw InputError(
                .malformedJSON, location: place, line: line, column: error.column,
                message: "malformed JSON: \(error.message)")
        }
        guard case .object(var object) = value else {
            throw InputError(.malformedJSON, location: place, line: line, message: "expected a JSON object, found \(value.kindName)")
        }
        guard let textValue = object.removeValue(forKey: options.textField) else {
            let fields = object.keys.prefix(8).joined(separator: ", ")
            throw InputError(
                .malformedJSON, location: place, line: line,
                message: "the record has no \"\(options.textField)\" field (it has: \(fields.isEmpty ? "none" : fields)); use --text-field to name the text field")
        }
        guard case .string(let text) = textValue else {
            throw InputError(
                .malformedJSON, location: place, line: line,
                message: "the \"\(options.textField)\" field is \(textValue.kindName), not a string")
        }
        var id = "\(input.name):\(line)"
        // A numeric id stays in the metadata so that the record writes it back as a number;
        // an id that is neither string nor number moves aside to `input.id` there (see Record).
        if case .string(let given)? = object["id"] {
            id = given
            object.removeValue(forKey: "id")
        } else if let given = object["id"].flatMap(Record.idText) {
            id = given
        }
        return Document(id: id, text: text, source: source, metadata: object)
    }
}

extension JSONValue {
    /// "a string", "an array"... for messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
