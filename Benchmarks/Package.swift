// swift-tools-version: 6.1
// The benchmark suite, kept as its own package so that the library's users never resolve the
// benchmark harness. Run it from the repository root with `make bench` (see docs/benchmarks.md).
import PackageDescription

// A path dependency is known by its folder's name, which differs between clones ("main", "postscreen").
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "postscreen"

let package = Package(
    name: "PostScreenBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The realistic mix of posts, generated from a seed, and the 2,000-pupil roster profile.
        .target(name: "PostMix", dependencies: [.product(name: "PostScreen", package: root)]),
        // A plain driver over the same workloads, for callgrind, hyperfine and the 1-to-2-core check.
        .executableTarget(
            name: "screen-mix", dependencies: ["PostMix", .product(name: "PostScreen", package: root)]),
        .executableTarget(
            name: "Screening",
            dependencies: [
                "PostMix", .product(name: "PostScreen", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Screening",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
