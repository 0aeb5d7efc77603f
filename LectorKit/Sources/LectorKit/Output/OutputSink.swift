#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to a file descriptor. A closed pipe (`lector ... | head`) ends output
/// quietly with `OutputClosed` instead of killing the process.
public final class OutputSink {
    public struct OutputClosed: Error, CustomStringConvertible {
        public var description: String { "the output was closed" }
    }
    public struct WriteFailed: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "cannot write the output: \(reason)" }
    }

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Where the output began in its file, and how many bytes were written since; and how many
    /// of those end with a whole line, for cutting a file back to whole records when a write fails.
    private lazy var start: off_t = lseek(fd, 0, SEEK_CUR)
    private var written: off_t = 0
    private var wholeLines: off_t = 0

    public init(fd: Int32 = 1, capacity: Int = 1 << 16) {
        self.fd = fd
        self.ownsDescriptor = false
        self.capacity = capacity
        buffer.reserveCapacity(capacity * 2)
    }

    /// Writes to a new file (truncating an old one).
    public init(path: String, capacity: Int = 1 << 16) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteFailed(reason: "\(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.ownsDescriptor = true
        self.capacity = capacity
    }

    deinit {
        try? flush()
        if ownsDescriptor { close(fd) }
    }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws {
        _ = start
        var written = 0
        defer { buffer.removeFirst(min(written, buffer.count)) }
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EPIPE { buffer.removeAll(); written = 0; throw OutputClosed() }
                // A full disk or a size limit: a file keeps whole records only.
                let cut = cutBackToWholeLines()
                throw WriteFailed(reason: String(cString: strerror(code)) + (cut ? "; the output ends with the last whole record written" : ""))
            }
            if let newline = buffer[written..<(written + result)].lastIndex(of: 0x0A) {
                wholeLines = self.written + off_t(newline + 1)
            }
            self.written += off_t(result)
            written += result
        }
    }

    /// Cuts a regular file back to the end of its last whole line; false for a pipe or a terminal.
    private func cutBackToWholeLines() -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, start >= 0 else { return false }
        return ftruncate(fd, start + wholeLines) == 0
    }
}
