// swift-tools-version:6.0
import Foundation
import PackageDescription

// A path dependency is known by its folder's name: the repository's, whatever the clone is called.
let lector = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Coverage-guided fuzz targets (libFuzzer), built only by scripts/fuzz with
// -sanitize=fuzzer,address (and undefined where the toolchain has it); never by the main build
// or its tests. Each target's seed corpus is in Fuzz/Corpus/TARGET.
let package = Package(
    name: "LectorFuzz",
    dependencies: [.package(path: ".."), .package(path: "../LectorKit")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport", .product(name: "LectorKit", package: "LectorKit")]),
        .executableTarget(name: "FuzzPipeline", dependencies: [
            "FuzzSupport", .product(name: "LectorKit", package: "LectorKit"), .product(name: "LectorAnalyzers", package: lector),
        ]),
        .executableTarget(name: "FuzzWhere", dependencies: [
            "FuzzSupport", .product(name: "LectorKit", package: "LectorKit"), .product(name: "LectorShell", package: lector),
        ]),
        .executableTarget(name: "FuzzReader", dependencies: ["FuzzSupport", .product(name: "LectorKit", package: "LectorKit")]),
        .executableTarget(name: "FuzzHTML", dependencies: ["FuzzSupport", .product(name: "LectorKit", package: "LectorKit")]),
        .executableTarget(name: "FuzzAnalyzers", dependencies: [
            "FuzzSupport", .product(name: "LectorKit", package: "LectorKit"), .product(name: "LectorAnalyzers", package: lector),
        ]),
    ]
)
