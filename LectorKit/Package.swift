// swift-tools-version:6.0
import PackageDescription

// LectorKit is its own package so that it can be one shared dynamic library:
// a Swift plugin loaded at run time must see the same LectorKit types as the host,
// and SwiftPM links targets of the same package statically.
let package = Package(
    name: "LectorKit",
    products: [
        .library(name: "LectorKit", type: .dynamic, targets: ["LectorKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .target(
            name: "LectorKit",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
