// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Lector",
    products: [
        .executable(name: "lector", targets: ["lector"]),
        .library(name: "LectorAnalyzers", targets: ["LectorAnalyzers"]),
        // The host side of plugins, for tools that load them as lector does (Benchmarks/PluginOverhead).
        .library(name: "LectorPlugins", targets: ["LectorPlugins"]),
        // The shell, for the fuzz targets (Fuzz/) that read its where expressions.
        .library(name: "LectorShell", targets: ["LectorShell"]),
    ],
    dependencies: [
        // LectorKit is a separate package so that it is one shared dynamic library (see README, Architecture).
        .package(path: "LectorKit"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The shell's workspace: one SQLite file (needs libsqlite3-dev, which scripts/install-deps installs).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(
            name: "LectorAnalyzers",
            dependencies: [.product(name: "LectorKit", package: "LectorKit")],
            // Every built-in model file: one folder, so that a new analyzer's model needs no line here.
            resources: [.copy("Models")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "LectorPlugins",
            dependencies: [.product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "LectorShell",
            dependencies: [
                "CEditLine", "LectorAnalyzers", "LectorPlugins", .product(name: "LectorKit", package: "LectorKit"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "lector",
            dependencies: [
                "LectorShell",
                "LectorAnalyzers",
                "LectorPlugins",
                .product(name: "LectorKit", package: "LectorKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Paths the test targets share: the repository, the built binary, ../shared.
        .target(name: "LectorTestSupport", path: "Tests/LectorTestSupport", swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(
            name: "LectorKitTests",
            dependencies: [.product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "LectorAnalyzersTests",
            dependencies: ["LectorAnalyzers", "LectorTestSupport", .product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "LectorPluginsTests",
            dependencies: ["LectorPlugins", "LectorTestSupport", .product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "LectorShellTests",
            dependencies: ["LectorShell", "LectorAnalyzers", "LectorTestSupport", .product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["lector", "LectorTestSupport"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Starts a program on a pseudo-terminal, for the shell's terminal tests.
        .target(name: "CPTY", path: "Tests/CPTY"),
        .testTarget(
            name: "ShellTerminalTests",
            dependencies: ["lector", "CPTY", "LectorTestSupport"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
