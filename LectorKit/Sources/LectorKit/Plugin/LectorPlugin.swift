/// What a Swift plugin exports, and the stamp the host checks before it touches the plugin's
/// Swift code.
///
/// A plugin is a dynamic library with two C entry points (`lector plugin new NAME --swift`
/// writes them):
///
/// ```swift
/// import LectorKit
///
/// @_cdecl("lector_plugin_abi")
/// public func lectorPluginABI() -> UnsafePointer<CChar> { LectorPlugin.abiStamp }
///
/// @_cdecl("lector_plugin_analyzers")
/// public func lectorPluginAnalyzers() -> UnsafeMutableRawPointer { LectorPlugin.export([QuotesAnalyzer.self]) }
/// ```
///
/// Swift has no stable ABI on Linux and LectorKit has no library evolution, so a plugin must
/// be built by the same Swift compiler against the same LectorKit interface as the `lector`
/// that loads it. `abiStamp` is compiled into the plugin (not into LectorKit), so it records
/// what the plugin was built with; the host compares it with `hostStamp` and refuses a mismatch.
public enum LectorPlugin {
    /// LectorKit's plugin interface version. Bump it, in `interfaceVersion` and in every
    /// branch of `stamp()`, whenever a public type plugins use changes shape.
    public static let interfaceVersion = 3

    /// "lectorkit-interface 3; swift 6.3.1", as the plugin's compiler saw it.
    @_alwaysEmitIntoClient
    public static var abiStamp: UnsafePointer<CChar> {
        UnsafeRawPointer(stamp().utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// The same stamp as this LectorKit (and so the host) was built.
    public static var hostStamp: String { stamp().description }

    @_alwaysEmitIntoClient
    public static func stamp() -> StaticString {
        #if compiler(>=7.0)
        return "lectorkit-interface 3; swift 7 or later"
        #elseif compiler(>=6.4)
        return "lectorkit-interface 3; swift 6.4"
        #elseif compiler(>=6.3.2)
        return "lectorkit-interface 3; swift 6.3.2"
        #elseif compiler(>=6.3.1)
        return "lectorkit-interface 3; swift 6.3.1"
        #elseif compiler(>=6.3)
        return "lectorkit-interface 3; swift 6.3.0"
        #elseif compiler(>=6.2)
        return "lectorkit-interface 3; swift 6.2"
        #else
        return "lectorkit-interface 3; swift 6.1 or earlier"
        #endif
    }

    /// The analyzers a plugin exports, as the object `lector_plugin_analyzers` returns
    /// (retained once; the host takes it over).
    public static func export(_ analyzers: [any Analyzer.Type]) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(PluginExports(analyzers.map { AnalyzerFactory(any: $0) })).toOpaque()
    }
}

/// The analyzers of one Swift plugin, as factories the host registers.
public final class PluginExports: Sendable {
    public let factories: [AnalyzerFactory]

    public init(_ factories: [AnalyzerFactory]) {
        self.factories = factories
    }
}

extension AnalyzerFactory {
    /// A factory for an analyzer type known only as `any Analyzer.Type`.
    public init(any type: any Analyzer.Type) {
        func make<A: Analyzer>(_ type: A.Type) -> AnalyzerFactory { AnalyzerFactory(type) }
        self = make(type)
    }
}
