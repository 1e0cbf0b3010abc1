// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "PostScreen",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PostScreen", targets: ["PostScreen"]),
        .executable(name: "screen", targets: ["screen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // `screen serve` (issue 15). Its default traits pull in swift-configuration, which the server does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        // ICU's C symbols carry a version suffix added by macros, which Swift cannot import: a small C shim.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]),
        // Google's libphonenumber is C++: a small shim with a C header, so Swift needs no C++ interop.
        // It opens the library with dlopen on the first number that needs it (libphonenumber-dev).
        .target(name: "CPhoneNumbers", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev", "hunspell-en-gb"])]),
        // zlib, for Mastodon's .tar.gz archives.
        .systemLibrary(name: "PSZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Lexicons", resources: [.copy("Data")]),
        .target(
            name: "PostScreen",
            dependencies: [
                "CICU", "CPhoneNumbers", "CHunspell", "PSZlib", "Lexicons",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // The local web page and HTTP API: a front door like the CLI, page and OpenAPI document built in (one binary to deploy).
        .target(
            name: "PostScreenServe",
            dependencies: [
                "PostScreen", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ]),
        .executableTarget(
            name: "screen",
            dependencies: [
                "PostScreen", "PostScreenServe", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "PostScreenTests",
            dependencies: ["PostScreen", "PostScreenServe", "Lexicons", "CPhoneNumbers"],
            resources: [.copy("Fixtures")]),
    ],
    cxxLanguageStandard: .cxx17
)
