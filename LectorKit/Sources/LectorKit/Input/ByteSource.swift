#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads raw bytes from a file descriptor in large chunks.
final class ByteSource {
    let fd: Int32
    private let ownsDescriptor: Bool
    let location: String
    /// When set and cancelled, a read interrupted by a signal ends the input instead of retrying.
    var cancellation: CancellationFlag?

    /// Opens a file. A FIFO named on the command line is opened without blocking, then waited
    /// on for a writer in short slices, so that Ctrl-C (`cancellation`) ends the wait; `waiting`
    /// is told once when that takes more than a second. A FIFO whose wait was cancelled reads as
    /// empty.
    init(path: String, cancellation: CancellationFlag? = nil, waiting: ((String) -> Void)? = nil) throws(InputError) {
        var info = stat()
        let isFIFO = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
        let fd = open(path, O_RDONLY | O_CLOEXEC | (isFIFO ? O_NONBLOCK : 0))
        guard fd >= 0 else {
            let code = errno
            throw InputError(
                code == ENOENT ? .notFound : .unreadable, location: path,
                message: code == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(code)))")
        }
        self.fd = fd
        self.ownsDescriptor = true
        self.location = path
        self.cancellation = cancellation
        if isFIFO { waitForWriter(waiting) }
    }

    /// Waits until the FIFO has data or its writer closed it, then makes reads blocking again.
    private func waitForWriter(_ waiting: ((String) -> Void)?) {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var slices = 0
        while cancellation?.isCancelled != true {
            if poll(&request, 1, 100) > 0 { break }
            slices += 1
            if slices == 10 { waiting?("\(location): a FIFO with no writer yet; waiting for one (Ctrl-C stops)") }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }

    init(standardInput: ()) {
        fd = 0
        ownsDescriptor = false
        location = "stdin"
    }

    deinit {
        if ownsDescriptor { close(fd) }
        chunk.deallocate()
    }

    /// Appends up to `count` bytes to `buffer`; returns how many were read (0 at the end).
    func read(into buffer: inout [UInt8], count: Int) throws(InputError) -> Int {
        if chunk.count < count {
            chunk.deallocate()
            chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        }
        var result = 0
        repeat {
            result = Glibc.read(fd, chunk.baseAddress!, count)
        } while result < 0 && errno == EINTR && cancellation?.isCancelled != true
        if result < 0 && errno == EINTR { return 0 }
        if result < 0 {
            let code = errno
            let reason = code == EISDIR ? "is a directory" : String(cString: strerror(code))
            throw InputError(.unreadable, location: location, message: "cannot read: \(reason)")
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: chunk.baseAddress, count: result).bindMemory(to: UInt8.self))
        return result
    }

    /// Reused for every read, so reading never zero-fills a fresh buffer.
    private var chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 0, alignment: 16)

    /// The size of a regular file when opened, nil for pipes and terminals.
    lazy var regularFileSize: Int? = {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }()
}
