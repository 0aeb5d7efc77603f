import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A model an analyzer reads from a `ModelFile`: a language model, a classifier, a gazetteer.
/// Built-in analyzers and plugins declare theirs the same way and load them through
/// `ModelLoader`, which maps each file once per process and shares the result.
public protocol LoadableModel: AnyObject, Sendable {
    /// The file format: magic, version, and how to rebuild it.
    static var format: ModelFormat { get }
    /// Reads the model from a mapped file whose header has been checked; throws
    /// `file.damaged(...)` when the payload does not have the expected shape.
    init(file: ModelFile) throws(ModelError)
}

/// Loads models once per process: every analyzer instance (one per pipeline step, per shell
/// command) that names the same file gets the same object. A file replaced on disk (a model
/// trained again under the same name) is loaded anew.
public enum ModelLoader {
    private struct Key: Hashable {
        var type: ObjectIdentifier
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int
        var modifiedNanoseconds: Int
    }

    private static let cache = Mutex<[Key: any LoadableModel]>([:])

    /// The model in the file at `path` (relative paths are to the current folder).
    public static func load<Model: LoadableModel>(_ type: Model.Type, path: String) throws(ModelError) -> Model {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let problem: ModelError.Problem = errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))
            throw ModelError(path: path, format: Model.format, problem: problem)
        }
        let key = Key(
            type: ObjectIdentifier(Model.self), device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec)
        let result: Result<Model, ModelError> = cache.withLock { models in
            if let model = models[key] as? Model { return .success(model) }
            do throws(ModelError) {
                let model = try Model(file: ModelFile(path: path, format: Model.format))
                models[key] = model
                return .success(model)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The model shipped as a resource of a target (`Bundle.module`), by its path in the
    /// bundle, such as langid's `Models/langid.bin`; a plugin ships its models the same way.
    public static func load<Model: LoadableModel>(_ type: Model.Type, resource name: String, in bundle: Bundle) throws(ModelError) -> Model {
        let url = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: "/"))
        let folder = url.deletingLastPathComponent().path.dropFirst()
        let path = bundle.path(
            forResource: url.deletingPathExtension().lastPathComponent, ofType: url.pathExtension,
            inDirectory: folder.isEmpty ? nil : String(folder))
        guard let path else { throw ModelError(path: bundle.bundlePath + "/" + name, format: Model.format, problem: .missing) }
        return try load(type, path: path)
    }
}
