// swift-tools-version:6.0
import PackageDescription

// An example Swift plugin (`lector plugin new quotes` wrote its skeleton). It links LectorKit as
// the dynamic product of its own package, so that at run time it shares lector's copy.
let package = Package(
    name: "LectorQuotesPlugin",
    products: [.library(name: "LectorQuotesPlugin", type: .dynamic, targets: ["LectorQuotesPlugin"])],
    dependencies: [.package(path: "../../LectorKit")],
    targets: [
        .target(
            name: "LectorQuotesPlugin",
            dependencies: [.product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "LectorQuotesPluginTests",
            dependencies: ["LectorQuotesPlugin", .product(name: "LectorKit", package: "LectorKit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
