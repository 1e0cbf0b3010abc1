import Benchmark
import Foundation
import PostMix
@_spi(Benchmarks) import PostScreen

// PostScreen's benchmark suite: each stage of the pipeline on its own, then the whole.
//
// Bulk benchmarks run over 1,000 posts per iteration with `scalingFactor: .kilo`, so the scaled
// figures (marked * in the output) are per post: wall clock per post, mallocs per post, and
// throughput in posts/s. MB/s is a custom metric measured over each whole iteration.
// Run from the repository root: `make bench` (docs/benchmarks.md). Names carry no spaces or
// slashes: the threshold files are named after them, and the harness looks them up verbatim.

/// MB/s over one iteration (higher is better); not scaled, it is already a rate.
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Per-iteration metrics for bulk workloads.
let bulkMetrics: [BenchmarkMetric] = [
    .throughput, .wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond,
]

/// Shared machines are noisy: time-based metrics may drift 25% before a run counts as a regression;
/// allocation counts are deterministic and may not grow at all.
nonisolated(unsafe) let timeTolerance = BenchmarkThresholds(relative: [.p50: 25, .p75: 30], absolute: [:])
nonisolated(unsafe) let rateTolerance = BenchmarkThresholds(relative: [.p50: 25, .p75: 30], absolute: [:])
nonisolated(unsafe) let countTolerance = BenchmarkThresholds(relative: [.p50: 2, .p90: 2], absolute: [.p50: 1, .p90: 2])
nonisolated(unsafe) let memoryTolerance = BenchmarkThresholds(relative: [.p90: 20], absolute: [:])
nonisolated(unsafe) let tolerances: [BenchmarkMetric: BenchmarkThresholds] = [
    .throughput: rateTolerance, .wallClock: timeTolerance, .cpuTotal: timeTolerance,
    .mallocCountTotal: countTolerance, .peakMemoryResident: memoryTolerance, megabytesPerSecond: rateTolerance,
]

let posts = 1_000  // must equal the scaling factor below

func bulk(_ name: String, _ workload: Workload, body: @escaping @Sendable (Int) -> Int) {
    precondition(workload.posts.count == posts, "\(name): \(workload.posts.count) posts")
    Benchmark(
        name,
        configuration: .init(
            metrics: bulkMetrics, timeUnits: .microseconds, warmupIterations: 3, scalingFactor: .kilo,
            maxDuration: .seconds(2), maxIterations: 1_000, thresholds: tolerances)
    ) { benchmark in
        let start = ContinuousClock.now
        var sink = 0
        for i in benchmark.scaledIterations { sink &+= body(i) }
        let elapsed = ContinuousClock.now - start
        blackHole(sink)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(megabytesPerSecond, Int(Double(workload.bytes) / 1e6 / seconds))
    }
}

let benchmarks: @Sendable () -> Void = {
    let generic = try! Screener(profile: .generic)
    let rostered = try! Screener(profile: Roster.profile())
    let mix = Workload(PostMix.posts(count: posts))
    let ascii = Workload(PostMix.asciiPosts(count: posts))

    // MARK: Text: fold + tokenise

    bulk("Text.tokenise+normalise.ASCII", ascii) { BenchmarkHooks.tokenise(ascii.posts[$0]) }
    bulk("Text.tokenise+normalise.mix", mix) { BenchmarkHooks.tokenise(mix.posts[$0]) }

    // MARK: Matching: label + scan every lexicon over already tokenised posts

    nonisolated(unsafe) var tokenised = mix.posts.map { generic.tokenised($0) }
    bulk("Matching.lexicons.mix", mix) { generic.matchLexicons(&tokenised[$0]) }

    // MARK: Rules: each family over already analysed posts

    let analysed = mix.posts.map { generic.analysed($0) }
    for category in Category.allCases {
        let runner = generic.ruleRunner(category)
        bulk("Rule.\(category.rawValue)", mix) { runner.run(analysed[$0]) }
    }
    let analysedRostered = mix.posts.map { rostered.analysed($0) }
    let pupilNames = rostered.ruleRunner(.pupilName)
    bulk("Rule.pupil-name.roster-2000", mix) { pupilNames.run(analysedRostered[$0]) }

    // MARK: The whole

    let draft = Array("Well done to everyone in Year 9 for a brilliant sports day! Views my own. #TeamEnglish".utf8)
    Benchmark(
        "Screen.one-short-draft",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], timeUnits: .microseconds,
            warmupIterations: 10, maxDuration: .seconds(2), maxIterations: 100_000,
            thresholds: tolerances.filter { [.wallClock, .cpuTotal, .mallocCountTotal, .throughput].contains($0.key) })
    ) { benchmark in
        blackHole(generic.screen(bytes: draft))
    }

    bulk("Screen.mix.default", mix) { generic.screen(bytes: mix.posts[$0]).findings.count }
    bulk("Screen.mix.roster-2000", mix) { rostered.screen(bytes: mix.posts[$0]).findings.count }

    let tweets = RealCorpus.tweets(limit: posts)
    if tweets.count == posts {
        let real = Workload(tweets)
        bulk("Screen.ordinary-tweets.default", real) { generic.screen(bytes: real.posts[$0]).findings.count }
    }
}
