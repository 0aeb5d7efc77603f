// swift-tools-version:6.0
import PackageDescription

// Measures what loading an analyzer as a Swift plugin costs: the quotes analyzer compiled
// into this program (module BuiltInQuotes, the plugin's own source through a symbolic link)
// against the same analyzer loaded from Plugins/Quotes' library the way lector loads it.
let package = Package(
    name: "PluginOverhead",
    dependencies: [.package(path: "../../LectorKit"), .package(name: "Lector", path: "../..")],
    targets: [
        .target(name: "BuiltInQuotes", dependencies: [.product(name: "LectorKit", package: "LectorKit")]),
        .executableTarget(
            name: "plugin-overhead",
            dependencies: [
                "BuiltInQuotes",
                .product(name: "LectorKit", package: "LectorKit"),
                .product(name: "LectorPlugins", package: "Lector"),
            ]
        ),
    ]
)
