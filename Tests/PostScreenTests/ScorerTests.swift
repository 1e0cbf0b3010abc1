import Foundation
import Lexicons
import Testing
@testable import PostScreen

/// The trained scorer (issue 11): the shipped weights load and match their manifest, its findings
/// have the contract's shape, and the profile's sensitivity and the stages switch do what they say.
@Suite("trained scorer")
struct ScorerTests {
    struct Manifest: Decodable {
        struct Head: Decodable {
            var category: String
            var grade: Int
            var threshold: Double
        }
        var format: String
        var feature_version: UInt32
        var bits: Int
        var bytes: Int
        var crc32: UInt32
        var heads: [Head]
    }

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(try LexiconStore.file("model/manifest.json").utf8))
    }

    @Test("the shipped weights load, match their manifest byte for byte, and cover every language category")
    func weightsMatchManifest() throws {
        let bytes = try LexiconStore.bytes(ScorerWeights.path)
        let m = try Self.manifest()
        #expect(m.format == "PSSCORE2")
        #expect(bytes.count == m.bytes)
        #expect(bytes.count <= 10_000_000, "weights must stay within 10 MB")
        let crc = ScorerWeights.checksum(bytes)
        #expect(crc == m.crc32, "scorer.bin does not match manifest.json: retrain with make train")
        #expect(m.feature_version == SentenceFeatures.version)
        let weights = try ScorerWeights(bytes: bytes, name: "scorer.bin")
        #expect(weights.bits == m.bits)
        #expect(weights.heads.count == m.heads.count)
        for (head, described) in zip(weights.heads, m.heads) {
            #expect(head.category.rawValue == described.category)
            #expect(head.grade.rawValue == described.grade)
            #expect(abs(Double(head.threshold) - described.threshold) < 1e-6)
        }
        #expect(Set(weights.heads.map(\.category)) == Set(LanguageScorer.categories))
    }

    @Test("a damaged weight file is refused with a message, never read past its end")
    func damagedWeights() throws {
        let bytes = try LexiconStore.bytes(ScorerWeights.path)
        for cut in [0, 4, 8, 20, 40, bytes.count - 1] {
            #expect(throws: ScorerWeights.Failure.self) { try ScorerWeights(bytes: Array(bytes.prefix(cut)), name: "cut.bin") }
        }
        var wrongVersion = bytes
        wrongVersion[8] &+= 1
        let error = #expect(throws: ScorerWeights.Failure.self) { try ScorerWeights(bytes: wrongVersion, name: "v.bin") }
        #expect(error?.description.contains("make train") == true)
    }

    /// Posts written for this test (not in any corpus), each of which the scorer should read as its
    /// category although no phrase list holds its wording.
    static let paraphrases: [(String, Category)] = [
        ("Genuinely think our deputy head couldn't organise a piss-up in a brewery, let alone a timetable.", .defamation),
        ("Twelve years in this place and the leadership still treat us like furniture. Not what I signed up for.", .grievance),
    ]

    @Test("a model finding spans its sentence, has rule <category>.model, a calibrated confidence and evidence from the sentence")
    func findingShape() throws {
        var seen = 0
        for (text, category) in Self.paraphrases {
            let report = Support.generic.screen(text)
            for f in report.findings where f.rule.hasSuffix(".model") {
                seen += 1
                #expect(f.rule == f.category.rawValue + ".model")
                #expect(f.confidence > 0 && f.confidence < 1)
                #expect(!f.evidence.isEmpty && f.evidence.count <= 3)
                for e in f.evidence { #expect(f.text.contains(e), "\(e) not in \(f.text)") }
                #expect(Array(text.utf8)[f.start..<f.end].elementsEqual(Array(f.text.utf8)))
                let json = ReportEncoding.json(report)
                #expect(json.contains("\"evidence\":["))
            }
            _ = category
        }
        #expect(seen > 0, "the scorer raised nothing on posts written to need it")
    }

    @Test("rules-only screening raises no model finding; model-only raises no language rule finding")
    func stages() throws {
        let rules = try Screener(profile: .generic, stages: .rules)
        let model = try Screener(profile: .generic, stages: .model)
        for (text, _) in Self.paraphrases {
            #expect(!rules.screen(text).findings.contains { $0.rule.hasSuffix(".model") })
            #expect(!model.screen(text).findings.contains {
                LanguageScorer.categories.contains($0.category) && !$0.rule.hasSuffix(".model")
            })
        }
    }

    @Test("[sensitivity] high never finds less than normal, low never more")
    func sensitivity() throws {
        let toml = "[sensitivity]\ngrievance = \"high\"\ndefamation = \"high\"\n"
        let high = try Screener(profile: ProfileLoader.parse(toml, path: "high.toml", baseDirectory: Support.fixtures).profile)
        let low = try Screener(profile: ProfileLoader.parse(
            toml.replacingOccurrences(of: "high", with: "low"), path: "low.toml", baseDirectory: Support.fixtures).profile)
        var counts = (low: 0, normal: 0, high: 0)
        for (text, _) in Self.paraphrases + [("Meetings again tonight. Whatever.", .grievance), ("Our head is ok I suppose", .defamation)] {
            func n(_ s: Screener) -> Int { s.screen(text).findings.filter { $0.rule.hasSuffix(".model") }.count }
            counts.low += n(low)
            counts.normal += n(Support.generic)
            counts.high += n(high)
        }
        #expect(counts.low <= counts.normal && counts.normal <= counts.high, "\(counts)")
        #expect(throws: ProfileError.self) {
            try ProfileLoader.parse("[sensitivity]\nschool-branding = \"high\"\n", path: "bad.toml", baseDirectory: Support.fixtures)
        }
        #expect(throws: ProfileError.self) {
            try ProfileLoader.parse("[sensitivity]\ngrievance = \"max\"\n", path: "bad.toml", baseDirectory: Support.fixtures)
        }
    }
}

extension ScorerTests {
    @Test("screening sums exactly the features training reads (the per-word reuse changes nothing)")
    func trainingAndScreeningAgree() throws {
        let screener = Support.generic
        let scorer = try #require(screener.scorer)
        let texts = [
            "The head has been pocketing the raffle money. Everyone knows it. Everyone!",
            "SLT SLT SLT, again and again: the same meeting, the same meeting, the same meeting.",
            "th1ef th1ef — Y11 Y11 🙃 #TeamALNS @someone ok ok ok",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            let draft = Draft(FoldedText(source: bytes), knowledge: screener.knowledge, account: .personal)
            let candidates = screener.ruleCandidates(draft, account: .personal)
            var list = BucketList(bits: scorer.weights.bits)
            var expected: [SIMD16<Int32>] = []
            scorer.features.forEachSentence(of: draft, candidates: candidates, account: .personal, into: &list) { _, _, _, list in
                expected.append(list.buckets.reduce(SIMD16<Int32>()) { $0 &+ scorer.weights.row(Int($1)) })
                list.buckets.removeAll()
            }
            // Twice, so the second pass reads every word from the per-thread sums.
            for _ in 0..<2 {
                var sink = ScoreSink(weights: scorer.weights)
                var got: [SIMD16<Int32>] = []
                scorer.features.forEachSentence(of: draft, candidates: candidates, account: .personal, into: &sink) { _, _, _, sink in
                    got.append(sink.sums)
                    sink.reset()
                }
                #expect(got == expected, "\(text)")
            }
        }
    }
}
