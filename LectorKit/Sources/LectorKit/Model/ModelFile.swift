import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a kind of model file looks like and how to rebuild it: its 8-byte magic, the format
/// version this build reads, and what the errors tell a user to do.
public struct ModelFormat: Sendable, Hashable {
    /// Eight ASCII bytes at the start of every file of this kind, such as "LECTORLI".
    public var magic: String
    /// The version (a little-endian UInt32 after the magic) this build reads.
    public var version: UInt32
    /// What the file is, in a user's words: "language model".
    public var name: String
    /// How to rebuild it: "scripts/train-langid ../shared/data".
    public var rebuild: String

    public init(magic: String, version: UInt32, name: String, rebuild: String) {
        precondition(magic.utf8.count == 8 && magic.allSatisfy(\.isASCII), "a model magic is 8 ASCII bytes")
        self.magic = magic
        self.version = version
        self.name = name
        self.rebuild = rebuild
    }
}

/// A model file mapped into memory: the header (magic and version) is checked, and the bytes
/// after it are the model's own. The mapping lives as long as the process, and its pages are
/// shared with every other process that maps the same file.
// Unchecked: the mapping is read-only and never unmapped, so its pointer is safe to share.
public final class ModelFile: @unchecked Sendable {
    /// The file's path, as found.
    public let path: String
    public let format: ModelFormat
    /// The whole file, header included.
    public let bytes: UnsafeRawBufferPointer
    /// The size of the header: magic and version.
    public static let headerSize = 12
    /// Which file was mapped, as the file system knows it (device, inode, size, modification time).
    public let identity: FileIdentity

    /// Maps `path` and checks that it is a `format` file of the version this build reads.
    public init(path: String, format: ModelFormat) throws(ModelError) {
        self.path = path
        self.format = format
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ModelError(path: path, format: format, problem: errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno))))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ModelError(path: path, format: format, problem: .unreadable(String(cString: strerror(errno)))) }
        identity = FileIdentity(info)
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ModelError(path: path, format: format, problem: .unreadable("not a regular file")) }
        let size = Int(info.st_size)
        guard size >= Self.headerSize else { throw ModelError(path: path, format: format, problem: .damaged("\(size) bytes, too short for a model header")) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw ModelError(path: path, format: format, problem: .unreadable("cannot map it: \(String(cString: strerror(errno)))"))
        }
        let base = UnsafeRawPointer(mapped)
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        guard memcmp(base, format.magic, 8) == 0 else {
            munmap(mapped, size)
            throw ModelError(path: path, format: format, problem: .notThisKind)
        }
        let version = base.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard version == format.version else {
            munmap(mapped, size)
            throw ModelError(path: path, format: format, problem: .staleVersion(found: version))
        }
    }

    /// The bytes after the header.
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize...]) }

    /// An error about this file's contents, for a model type that finds its payload damaged.
    public func damaged(_ reason: String) -> ModelError {
        ModelError(path: path, format: format, problem: .damaged(reason))
    }
}

/// A file as the file system knows it: a file replaced under the same name (written to a
/// temporary file and renamed, as the training scripts do) has another identity.
public struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int
    var modifiedNanoseconds: Int

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = info.st_mtimespec.tv_sec
        modifiedNanoseconds = info.st_mtimespec.tv_nsec
        #else
        modified = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
        #endif
    }
}

/// A model file that cannot be used, with the file, the problem, and how to rebuild it.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case missing
        case unreadable(String)
        /// The file does not start with the format's magic.
        case notThisKind
        /// Written by another version of the training script.
        case staleVersion(found: UInt32)
        case damaged(String)
    }

    public var path: String
    public var format: ModelFormat
    public var problem: Problem

    public init(path: String, format: ModelFormat, problem: Problem) {
        self.path = path
        self.format = format
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .missing: what = "no \(format.name) at \(path)"
        case .unreadable(let reason): what = "cannot read the \(format.name) \(path): \(reason)"
        case .notThisKind: what = "\(path) is not a Lector \(format.name) (it does not start with \(format.magic))"
        case .staleVersion(let found):
            what = "\(path) is a \(format.name) of format version \(found); this Lector reads version \(format.version)"
        case .damaged(let reason): what = "the \(format.name) \(path) is damaged: \(reason)"
        }
        switch problem {
        case .missing, .notThisKind: return "\(what); build one with \(format.rebuild)"
        default: return "\(what); rebuild it with \(format.rebuild)"
        }
    }
}
