#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes as UTF-8: the byte-order mark removed, UTF-16 and legacy encodings converted.
final class DecodedByteStream {
    private let source: ByteSource
    private let encoding: TextEncoding
    private var converter: IconvConverter?
    private var pendingRaw: [UInt8] = []
    private var started = false
    private var finished = false
    /// Bytes of the file read so far.
    private(set) var rawOffset = 0
    /// Length of the byte-order mark removed from a UTF-8 file, to turn offsets back into file offsets.
    private(set) var utf8BOMLength = 0
    /// Whether the bytes are converted (then NUL bytes are not a sign of a binary file).
    var isConverted: Bool { converter != nil }
    /// The encoding to suggest when NUL bytes look like UTF-16 without a byte-order mark, but not
    /// clearly enough to convert (`utf-16le`).
    private(set) var possibleEncoding: String?
    var location: String { source.location }
    var regularFileSize: Int? { source.regularFileSize }

    static let chunkSize = 1 << 20

    init(source: ByteSource, encoding: TextEncoding) {
        self.source = source
        self.encoding = encoding
    }

    /// Appends the next chunk of UTF-8 to `buffer`; returns false at the end of the input.
    func read(into buffer: inout [UInt8]) throws(InputError) -> Bool {
        if finished { return false }
        var raw = pendingRaw
        pendingRaw = []
        // A small file is read in one call of its own size (plus one byte to see the end).
        let size = min(Self.chunkSize, (source.regularFileSize.map { max(0, $0 - rawOffset) } ?? Self.chunkSize) + 1)
        let count = try source.read(into: &raw, count: max(size, 4))
        let atEnd = count == 0
        if !started {
            started = true
            // Make sure the first chunk holds enough bytes to recognise a byte-order mark.
            while raw.count < 4, try source.read(into: &raw, count: Self.chunkSize) > 0 {}
            try setUp(firstBytes: &raw)
        }
        if let converter {
            let used = try converter.convert(raw, into: &buffer, final: atEnd, baseOffset: rawOffset, location: source.location)
            rawOffset += used
            pendingRaw = Array(raw[used...])
        } else {
            rawOffset += raw.count
            buffer.append(contentsOf: raw)
        }
        if atEnd { finished = true }
        return !atEnd
    }

    private func setUp(firstBytes raw: inout [UInt8]) throws(InputError) {
        switch encoding {
        case .named(let name):
            converter = try IconvConverter(from: name, location: source.location)
        case .automatic:
            if raw.starts(with: [0xEF, 0xBB, 0xBF]) {
                raw.removeFirst(3)
                rawOffset = 3
                utf8BOMLength = 3
            } else if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
                let name = raw[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
                raw.removeFirst(2)
                rawOffset = 2
                converter = try IconvConverter(from: name, location: source.location)
            } else if raw.prefix(UTF16Sniffer.sampleSize).contains(0) {
                // NUL bytes: binary, or UTF-16 without a byte-order mark; a few hundred bytes tell.
                while raw.count < UTF16Sniffer.sampleSize, try source.read(into: &raw, count: Self.chunkSize) > 0 {}
                switch UTF16Sniffer.examine(raw) {
                case .utf16(let name): converter = try IconvConverter(from: name, location: source.location)
                case .possible(let name): possibleEncoding = name.lowercased()
                case .none: break
                }
            }
        }
    }
}

/// Splits a decoded stream into lines without holding more than a chunk or so in memory.
final class LineReader {
    private let stream: DecodedByteStream
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanFrom = 0
    private var exhausted = false
    private(set) var lineNumber = 0
    /// Offset in the decoded stream of the current line's first byte.
    private(set) var lineOffset = 0
    private var consumedBefore = 0
    let maxLineBytes: Int

    init(stream: DecodedByteStream, maxLineBytes: Int) {
        self.stream = stream
        self.maxLineBytes = maxLineBytes
    }

    /// Reads the first chunk; false when the input is empty.
    func prefetch() throws(InputError) -> Bool {
        if buffer.isEmpty, !exhausted, try !stream.read(into: &buffer) { exhausted = true }
        return !buffer.isEmpty
    }

    /// The first byte that is not a space, tab or line break, reading more of the input as
    /// needed but keeping all of it for the lines; nil when the input is blank.
    func firstNonBlankByte() throws(InputError) -> UInt8? {
        var index = start
        while true {
            while index < buffer.count {
                switch buffer[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return buffer[index]
                }
            }
            if exhausted || index - start > maxLineBytes { return nil }
            if try !stream.read(into: &buffer) { exhausted = true }
        }
    }

    /// The offset of the first `byte` among the first `limit` buffered bytes.
    func firstByte(_ byte: UInt8, within limit: Int) -> Int? {
        buffer[start..<min(buffer.count, start + limit)].firstIndex(of: byte).map { $0 - start }
    }

    /// Calls `body` with the next line (without its line ending), its 1-based number and the
    /// offset of its first byte; nil at the end.
    func next<R>(_ body: (UnsafeBufferPointer<UInt8>, Int, Int) throws -> R) throws -> R? {
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { pointer in
                guard scanFrom < pointer.count else { return nil }
                let base = pointer.baseAddress! + scanFrom
                guard let hit = memchr(base, 0x0A, pointer.count - scanFrom) else { return nil }
                return scanFrom + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
            }
            if let newline = found {
                return try emit(upTo: newline, skip: 1, body)
            }
            scanFrom = buffer.count
            if exhausted {
                guard start < buffer.count else { return nil }
                return try emit(upTo: buffer.count, skip: 0, body)
            }
            if buffer.count - start > maxLineBytes {
                throw InputError(
                    .tooLarge, location: stream.location, line: lineNumber + 1,
                    message: "line \(lineNumber + 1) is longer than \(maxLineBytes >> 20) MiB")
            }
            if start > 0 && start >= buffer.count / 2 {
                buffer.removeFirst(start)
                consumedBefore += start
                scanFrom -= start
                start = 0
            }
            if try !stream.read(into: &buffer) { exhausted = true }
        }
    }

    private func emit<R>(upTo end: Int, skip: Int, _ body: (UnsafeBufferPointer<UInt8>, Int, Int) throws -> R) throws -> R {
        lineNumber += 1
        lineOffset = consumedBefore + start
        var lineEnd = end
        if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let lineStart = start
        // Move past the line first: a line the body rejects must not be read again.
        start = end + skip
        scanFrom = start
        return try buffer.withUnsafeBufferPointer { pointer in
            try body(UnsafeBufferPointer(rebasing: pointer[lineStart..<lineEnd]), lineNumber, lineOffset)
        }
    }
}
