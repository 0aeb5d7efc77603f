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
/// trained again under the same name and renamed into place) is loaded anew. A model file must
/// be replaced, never rewritten in place: a mapped file that shrinks under a running process
/// takes it down.
public enum ModelLoader {
    private struct Key: Hashable {
        var type: ObjectIdentifier
        var file: FileIdentity
    }

    private static let cache = Mutex<[Key: any LoadableModel]>([:])

    /// The model in the file at `path` (relative paths are to the current folder).
    public static func load<Model: LoadableModel>(_ type: Model.Type, path: String) throws(ModelError) -> Model {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let problem: ModelError.Problem = errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))
            throw ModelError(path: path, format: Model.format, problem: problem)
        }
        if let model = cache.withLock({ $0[Key(type: ObjectIdentifier(Model.self), file: FileIdentity(info))] }) as? Model {
            return model
        }
        // Read outside the lock, so that a model may load another and other loads need not wait;
        // two threads that race keep the first one stored.
        let file = try ModelFile(path: path, format: Model.format)
        let model = try Model(file: file)
        let key = Key(type: ObjectIdentifier(Model.self), file: file.identity)
        return cache.withLock { models in
            if let stored = models[key] as? Model { return stored }
            models[key] = model
            return model
        }
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
