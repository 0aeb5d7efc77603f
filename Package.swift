// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Lector",
    products: [
        .executable(name: "lector", targets: ["lector"]),
        .library(name: "LectorAnalyzers", targets: ["LectorAnalyzers"]),
    ],
    dependencies: [
        // LectorKit is a separate package so that it is one shared dynamic library (see README, Architecture).
        .package(path: "LectorKit"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "LectorAnalyzers",
            dependencies: [.product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "lector",
            dependencies: [
                "LectorAnalyzers",
                .product(name: "LectorKit", package: "LectorKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "LectorKitTests",
            dependencies: [.product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "LectorAnalyzersTests",
            dependencies: ["LectorAnalyzers", .product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["lector"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
