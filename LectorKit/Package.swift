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
        // libxml2's HTML parser and zlib, for reading web pages (--input html).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev", "zlib1g-dev"])]),
        // uchardet, for the encoding of a web page that declares none (or a wrong one).
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"]), .brew(["uchardet"])]),
        .target(
            name: "LectorKit",
            dependencies: ["CLibXML2", "CUchardet", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
