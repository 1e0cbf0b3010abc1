import Dispatch
import Foundation
import PostMix
import Synchronization
@_spi(Benchmarks) import PostScreen

// A plain driver over the benchmark workloads, without the harness: for callgrind (repeatable
// instruction counts on a shared machine), for the 1-to-2-core scaling check, and to write the
// 2,000-pupil roster profile that the start-up measurement (hyperfine) uses.
//
//   screen-mix run [--stage tokenise|match|screen] [--roster] [--tweets] [--posts N] [--passes N] [--threads N]
//   screen-mix profile DIR
//   screen-mix draft          (prints one short draft of the mix, for timing the CLI)

let usage = """
    usage: screen-mix run [--stage tokenise|match|screen] [--stages rules|model|combined] [--roster] [--tweets] [--ascii] [--posts N] [--passes N] [--threads N]
           screen-mix profile DIR
    """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    print(usage)
    exit(2)
}
arguments.removeFirst()

@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
@MainActor func flag(_ name: String) -> Bool { arguments.contains(name) }

switch command {
case "profile":
    guard let dir = arguments.first else {
        print(usage)
        exit(2)
    }
    try Roster.write(to: URL(fileURLWithPath: dir))
case "run":
    let stage = option("--stage") ?? "screen"
    let count = Int(option("--posts") ?? "") ?? 10_000
    let passes = Int(option("--passes") ?? "") ?? 5
    let threads = Int(option("--threads") ?? "") ?? 1
    let stages = ScoringStages(rawValue: option("--stages") ?? "combined") ?? .combined
    let screener = try Screener(profile: flag("--roster") ? Roster.profile() : .generic, stages: stages)
    let posts = flag("--tweets") ? RealCorpus.tweets() : flag("--ascii") ? PostMix.asciiPosts(count: count) : PostMix.posts(count: count)
    let workload = Workload(posts)
    var tokenised = stage == "match" ? posts.map { screener.tokenised($0) } : []

    let runner = Runner(screener: screener, posts: posts, stage: stage, passes: passes)
    // Warm up first (outside the measured function, for callgrind too): bulk work runs with the
    // spelling dictionary loaded and its cache warm.
    if stage == "screen" { _ = Runner(screener: screener, posts: posts, stage: stage, passes: 1).warm() }
    let start = DispatchTime.now().uptimeNanoseconds
    var sink = 0
    if stage == "match" {
        sink = runner.match(&tokenised)
    } else {
        sink = runner.run(threads: threads)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let mb = Double(workload.bytes * passes) / 1e6
    print(
        String(
            format: "%@ %@: %d posts (%.1f KB) x %d passes, %d thread(s): %.3f s, %.1f MB/s, %.0f posts/s [%d]",
            stage, flag("--roster") ? "roster-2000" : "default", posts.count, Double(workload.bytes) / 1e3, passes,
            threads, seconds, mb / seconds, Double(posts.count * passes) / seconds, sink))
case "digest":
    // A fingerprint of every finding over the mix and the real tweets, with both profiles: an
    // optimisation must leave it unchanged.
    let count = Int(option("--posts") ?? "") ?? 10_000
    for (name, profile) in [("default", SchoolProfile.generic), ("roster-2000", Roster.profile())] {
        let screener = try Screener(profile: profile)
        for (set, posts) in [("mix", PostMix.posts(count: count)), ("tweets", RealCorpus.tweets()), ("dev", RealCorpus.devDrafts())] {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var findings = 0
            for post in posts {
                for f in screener.screen(bytes: post).findings {
                    findings += 1
                    for b in "\(f.rule) \(f.grade) \(f.start) \(f.end) \(f.message) \(f.suggestion ?? "")|".utf8 {
                        h = (h ^ UInt64(b)) &* 0x100_0000_01b3
                    }
                }
                h = (h ^ 0xFF) &* 0x100_0000_01b3
            }
            print("\(name) \(set): \(posts.count) posts, \(findings) findings, digest \(String(h, radix: 16))")
        }
    }
case "draft":
    print(String(decoding: PostMix.posts(count: 1)[0], as: UTF8.self))
default:
    print(usage)
    exit(2)
}

/// Screens its share of the posts on each of `threads` threads, `passes` times.
struct Runner: Sendable {
    let screener: Screener
    let posts: [[UInt8]]
    let stage: String
    let passes: Int

    func run(share: Range<Int>) -> Int {
        var sink = 0
        for _ in 0..<passes {
            for i in share {
                switch stage {
                case "tokenise": sink &+= BenchmarkHooks.tokenise(posts[i])
                default: sink &+= screener.screen(bytes: posts[i]).findings.count
                }
            }
        }
        return sink
    }

    func warm() -> Int { posts.reduce(0) { $0 &+ screener.screen(bytes: $1).findings.count } }

    /// Lexicon matching alone over already tokenised posts.
    func match(_ tokenised: inout [TokenisedDraft]) -> Int {
        var sink = 0
        for _ in 0..<passes {
            for i in tokenised.indices { sink &+= screener.matchLexicons(&tokenised[i]) }
        }
        return sink
    }

    func run(threads: Int) -> Int {
        guard threads > 1 else { return run(share: 0..<posts.count) }
        let chunk = (posts.count + threads - 1) / threads
        let sinks = Mutex([Int](repeating: 0, count: threads))
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let result = run(share: min(t * chunk, posts.count)..<min((t + 1) * chunk, posts.count))
            sinks.withLock { $0[t] = result }
        }
        return sinks.withLock { $0.reduce(0, &+) }
    }
}
