import Foundation
import LectorKit
#if canImport(Glibc)
import Glibc
#endif

/// A plugin `lector` has loaded, and where from.
public struct LoadedPlugin: Sendable {
    public enum Kind: String, Sendable {
        case swift, process
    }

    public var path: String
    public var kind: Kind
    public var analyzers: [String]
}

public struct PluginError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "plugin \(path): \(message)" }
}

/// Finds and loads plugins: Swift dynamic libraries (`*.so`) and process plugins (a
/// `*.lector-plugin` manifest). Plugins run with the user's rights, so they are loaded only from
/// the directories in `LECTOR_PLUGIN_PATH` (absolute paths only), the user plugin directory
/// (`$XDG_DATA_HOME/lector/plugins`, else `~/.local/share/lector/plugins`), and paths given
/// explicitly (`--plugin PATH`, `plugin load PATH`); never from the current directory unasked.
public enum PluginLoader {
    public static let manifestExtension = "lector-plugin"

    /// The directories searched, with a warning for each `LECTOR_PLUGIN_PATH` entry skipped.
    public static func directories(environment: [String: String]) -> (directories: [String], warnings: [String]) {
        var directories: [String] = []
        var warnings: [String] = []
        for entry in (environment["LECTOR_PLUGIN_PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init) {
            if entry.isEmpty { continue }  // an empty entry would mean the current directory
            guard entry.hasPrefix("/") else {
                warnings.append("LECTOR_PLUGIN_PATH: skipped '\(entry)', which is not an absolute path")
                continue
            }
            directories.append(entry)
        }
        directories.append(userDirectory(environment: environment))
        return (directories, warnings)
    }

    /// Where `lector plugin new` suggests installing, and where plugins are looked for after
    /// `LECTOR_PLUGIN_PATH`.
    public static func userDirectory(environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/lector/plugins" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/lector/plugins"
    }

    /// The plugin files in `directories`, in order (a directory's files sorted by name): those
    /// directly in it, and those in a plugin's own folder inside it (as `lector plugin new` makes
    /// one: a manifest beside its program, or a Swift plugin's `.build/release/lib...Plugin.so`).
    public static func candidates(in directories: [String]) -> [String] {
        let files = FileManager.default
        return directories.flatMap { directory -> [String] in
            let names = (try? files.contentsOfDirectory(atPath: directory)) ?? []
            return names.sorted().filter { !$0.hasPrefix(".") }.flatMap { name -> [String] in
                let path = directory + "/" + name
                if isPluginFile(name) { return [path] }
                var isDirectory: ObjCBool = false
                guard files.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
                let inside = ((try? files.contentsOfDirectory(atPath: path)) ?? []).sorted().filter(isPluginFile).map { path + "/" + $0 }
                let built = ((try? files.contentsOfDirectory(atPath: path + "/.build/release")) ?? []).sorted()
                    .filter { $0.hasPrefix("lib") && $0.hasSuffix("Plugin.so") }.map { path + "/.build/release/" + $0 }
                return inside + built
            }
        }
    }

    static func isPluginFile(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".so") || name.hasSuffix("." + manifestExtension))
    }

    /// Loads the plugins found on the search path and those given explicitly into `registry`.
    /// A plugin that cannot be loaded is reported in `problems` and the others still load.
    public static func loadAll(
        explicit: [String], environment: [String: String], into registry: inout AnalyzerRegistry,
        diagnostics: @escaping @Sendable (String) -> Void
    ) -> (loaded: [LoadedPlugin], problems: [String]) {
        let (directories, warnings) = self.directories(environment: environment)
        var loaded: [LoadedPlugin] = []
        var problems = warnings
        // Plugins given explicitly first: a copy installed on the search path (an older build of
        // the plugin being worked on) must not block the one asked for.
        for path in explicit {
            do {
                loaded.append(try load(path, into: &registry, alreadyLoaded: loaded, diagnostics: diagnostics))
            } catch {
                problems.append(String(describing: error))
            }
        }
        let explicitAnalyzers = Set(loaded.flatMap(\.analyzers))
        for path in candidates(in: directories) {
            do {
                loaded.append(try load(path, into: &registry, alreadyLoaded: loaded, diagnostics: diagnostics, skipping: explicitAnalyzers))
            } catch let error as PluginError where error.message.hasPrefix("left out: ") {
                diagnostics("note: \(error)")
            } catch {
                problems.append(String(describing: error))
            }
        }
        return (loaded, problems)
    }

    /// Loads one plugin file into `registry`.
    /// `skipping`: analyzer names a plugin given explicitly has; a plugin with one of them is left
    /// out (a `PluginError` whose message starts "left out: ").
    public static func load(
        _ path: String, into registry: inout AnalyzerRegistry, alreadyLoaded: [LoadedPlugin] = [],
        diagnostics: @escaping @Sendable (String) -> Void, skipping: Set<String> = []
    ) throws -> LoadedPlugin {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: absolute) else { throw PluginError(path: path, message: "no such file") }
        if alreadyLoaded.contains(where: { $0.path == absolute }) { throw PluginError(path: path, message: "already loaded") }
        let kind: LoadedPlugin.Kind
        let factories: [AnalyzerFactory]
        var process: ProcessPlugin?
        if absolute.hasSuffix("." + manifestExtension) {
            kind = .process
            process = try ProcessPlugin(manifestPath: absolute, diagnostics: diagnostics)
            factories = [try process!.factory()]
        } else if absolute.hasSuffix(".so") {
            kind = .swift
            factories = try loadSwift(absolute)
        } else {
            throw PluginError(path: path, message: "not a plugin: a Swift plugin is a .so library, a process plugin a .\(manifestExtension) manifest")
        }
        if let name = factories.map(\.descriptor.name).first(where: skipping.contains) {
            process?.stop()
            throw PluginError(path: path, message: "left out: '\(name)' comes from the plugin given with --plugin")
        }
        // Check every name before registering any, so that a clash leaves the registry as it was.
        var trial = registry
        for factory in factories {
            do {
                try trial.register(guarded(factory), origin: .plugin(path: absolute))
            } catch {
                process?.stop()  // not used: do not leave it running
                throw PluginError(path: path, message: String(describing: error))
            }
        }
        registry = trial
        return LoadedPlugin(path: absolute, kind: kind, analyzers: factories.map(\.descriptor.name))
    }

    typealias StampFunction = @convention(c) () -> UnsafePointer<CChar>
    typealias ExportFunction = @convention(c) () -> UnsafeMutableRawPointer

    /// Opens a Swift plugin: checks its build stamp first, then takes its analyzers. The
    /// library is never closed: Swift type metadata stays registered with the runtime.
    static func loadSwift(_ path: String) throws -> [AnalyzerFactory] {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw PluginError(path: path, message: "cannot load it: \(dlerror().map { String(cString: $0) } ?? "unknown error")")
        }
        guard let stampSymbol = dlsym(handle, "lector_plugin_abi") else {
            throw PluginError(path: path, message: "not a Lector plugin: it has no lector_plugin_abi entry point (see docs/plugins.md)")
        }
        let stamp = String(cString: unsafeBitCast(stampSymbol, to: StampFunction.self)())
        guard stamp == LectorPlugin.hostStamp else {
            throw PluginError(path: path, message: """
                built with \(stamp), but this lector has \(LectorPlugin.hostStamp); rebuild the plugin \
                with this lector's Swift and LectorKit (swift build -c release in its package) and load it again
                """)
        }
        guard let exportSymbol = dlsym(handle, "lector_plugin_analyzers") else {
            throw PluginError(path: path, message: "it has no lector_plugin_analyzers entry point (see docs/plugins.md)")
        }
        let object = Unmanaged<AnyObject>.fromOpaque(unsafeBitCast(exportSymbol, to: ExportFunction.self)()).takeRetainedValue()
        guard let exports = object as? PluginExports else {
            throw PluginError(path: path, message: """
                its analyzers are not this lector's types: it carries a LectorKit of its own. Link LectorKit \
                as the dynamic product of its own package (docs/plugins.md) and rebuild
                """)
        }
        guard !exports.factories.isEmpty else { throw PluginError(path: path, message: "it exports no analyzers") }
        return exports.factories
    }

    /// A plugin's analyzer, checked after each batch: an annotation it did not declare in
    /// `produces` is taken out again, with an error on the document that says so.
    static func guarded(_ factory: AnalyzerFactory) -> AnalyzerFactory {
        let descriptor = factory.descriptor
        let declared = Set(descriptor.produces)
        return AnalyzerFactory(descriptor: descriptor) { options in
            let step = try factory.makeStep(options)
            return AnalysisStep(close: step.close) { documents in
                let before = documents.map(\.annotations.count)
                step.run(&documents)
                for index in documents.indices where documents[index].annotations.count > (index < before.count ? before[index] : 0) {
                    let names = documents[index].annotations.names
                    for name in names.dropFirst(index < before.count ? before[index] : 0) where !declared.contains(name) {
                        documents[index].annotations.set(name, nil)
                        documents[index].recordError(
                            analyzer: descriptor.name,
                            message: "produced '\(name)', which it does not declare; add it to produces in its descriptor")
                    }
                }
            }
        }
    }
}
