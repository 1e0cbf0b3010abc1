import Foundation
import Synchronization
import Testing
@testable import PostScreen

/// One `Screener` shared by many threads (issue 6): the documented way to use it in a server or a
/// bulk job. Every thread must get exactly the report a single thread gets. Run under ThreadSanitizer
/// with `make tsan`.
struct ConcurrencyTests {
    static let drafts = [
        "Well done Ben Smith for the award! Year 11s, text me on 07700 900412",
        "Parents can reach me at jo.smith82 at gmail dot com 😀 — Веn Ѕmith was brilliant",
        "Housewarming at 22 Kingfisher Close, BS40 7TJ. Mr Jones stole money from the PTA",
        "K a i  V a r t y and B.e.n S.m.i.t.h, 日本語のテキスト, Zoë O'Connor",
        "Brilliant day today #TestProud, proud to teach at Test Community School",
        "Hollingworth Freya and Varty Kai: Unfamiliarword Xylophonist in Year 9",  // dictionary lookups
    ]

    @Test("many threads screening with one shared Screener agree with one thread")
    func sharedScreener() async {
        // A fresh screener, so the spelling dictionary's lazy load is raced too.
        let screener = try! Screener(profile: Support.schoolProfile)
        let expected = Self.drafts.map { Support.school.screen($0) }
        let threads = 8
        let rounds = 25
        let results = await withTaskGroup(of: [(Int, Report)].self) { group in
            for t in 0..<threads {
                group.addTask {
                    var out: [(Int, Report)] = []
                    for r in 0..<rounds {
                        let i = (t + r) % Self.drafts.count
                        out.append((i, screener.screen(Self.drafts[i])))
                    }
                    return out
                }
            }
            var all: [(Int, Report)] = []
            for await r in group { all += r }
            return all
        }
        #expect(results.count == threads * rounds)
        for (i, report) in results {
            #expect(report == expected[i], "thread result differs for draft \(i)")
        }
    }

    @Test("plain threads too (not just the cooperative pool)")
    func rawThreads() {
        let screener = Support.school
        let expected = Self.drafts.map { screener.screen($0) }
        let mismatches = Mutex(0)
        let group = DispatchGroup()
        for t in 0..<6 {
            group.enter()
            Thread {
                for r in 0..<30 {
                    let i = (t * 7 + r) % Self.drafts.count
                    if screener.screen(Self.drafts[i]) != expected[i] { mismatches.withLock { $0 += 1 } }
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(mismatches.withLock { $0 } == 0)
    }
}
