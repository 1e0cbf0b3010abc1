// swift-tools-version: 6.1
// libFuzzer targets over PostScreen (issue 6). Not part of the product or of CI: build and run them with
// `make fuzz` from the repository root, which passes -sanitize=fuzzer,address (Linux only).
import PackageDescription

let package = Package(
    name: "PostScreenFuzz",
    dependencies: [.package(name: "PostScreen", path: "..")],
    targets: [
        // One executable per entry point: libFuzzer supplies `main`, each target supplies
        // LLVMFuzzerTestOneInput.
        .executableTarget(name: "FuzzScreen", dependencies: [.product(name: "PostScreen", package: "PostScreen")]),
        .executableTarget(name: "FuzzProfile", dependencies: [.product(name: "PostScreen", package: "PostScreen")]),
        .executableTarget(name: "FuzzRoster", dependencies: [.product(name: "PostScreen", package: "PostScreen")]),
    ]
)
