// swift-tools-version: 6.1
// libFuzzer targets over PostScreen (issue 6). Not part of the product or of CI: build and run them with
// `make fuzz` from the repository root, which passes -sanitize=fuzzer,address (Linux only).
import PackageDescription

let fuzzDependencies: [Target.Dependency] = ["FuzzDriver", .product(name: "PostScreen", package: "PostScreen")]

let package = Package(
    name: "PostScreenFuzz",
    dependencies: [.package(name: "PostScreen", path: "..")],
    targets: [
        // One executable per entry point: libFuzzer supplies `main`, each target supplies
        // LLVMFuzzerTestOneInput.
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzScreen", dependencies: fuzzDependencies),
        .executableTarget(name: "FuzzProfile", dependencies: fuzzDependencies),
        .executableTarget(name: "FuzzRoster", dependencies: fuzzDependencies),
        .executableTarget(name: "FuzzHistory", dependencies: fuzzDependencies),
    ]
)
