import Foundation
import Lexicons
import Testing
@testable import PostScreen

/// The `abuse` rule measured on real posts (`../shared/corpus/real`): OLID's offensive tweets, scored
/// against their OFF/NOT label at caution and above, and ordinary tweets, which should almost never be
/// alarmed at warning. Skipped when the corpus is not present.
@Suite(.enabled(if: Support.hasCorpus, "needs ../shared/corpus"))
struct AbuseCorpusTests {
    struct Score {
        var tp = 0, fp = 0, fn = 0
        var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
    }

    /// OLID rows (tweet, offensive?), split into even and odd rows so that tuning on one half can be
    /// checked on the other (scripts/olid_to_jsonl.py makes the same split).
    static func olid(half: Int) throws -> [(String, Bool)] {
        let url = Support.corpus.appendingPathComponent("real/offensive-tweets-train.tsv")
        // The file has CRLF line ends: "\r\n" is one Character in Swift.
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var rows: [(String, Bool)] = []
        for (n, line) in lines.dropFirst().enumerated() where n % 2 == half {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 3 else { continue }
            rows.append((String(columns[1]), columns[2] == "OFF"))
        }
        return rows
    }

    static let rulesOnly = try! Screener(profile: .generic, stages: .rules)

    static func score(_ rows: [(String, Bool)], with screener: Screener) -> Score {
        var s = Score()
        for (text, offensive) in rows {
            let alarmed = screener.screen(text).findings.contains { $0.category == .abuse && $0.grade >= .caution }
            switch (alarmed, offensive) {
            case (true, true): s.tp += 1
            case (true, false): s.fp += 1
            case (false, true): s.fn += 1
            case (false, false): break
            }
        }
        return s
    }

    /// The rules alone, on both halves: the trained scorer learned from every OLID tweet, so the
    /// shipped engine on this file would measure memory. The engine's own OLID figure is the
    /// cross-validated one below.
    @Test("OLID offensive tweets: the abuse rules alone keep their precision and recall", arguments: [0, 1])
    func olidFloors(half: Int) throws {
        let rows = try Self.olid(half: half)
        #expect(rows.count == 6620)
        let s = Self.score(rows, with: Self.rulesOnly)
        #expect(s.precision >= 0.80, "precision \(s.precision)")
        #expect(s.recall >= 0.35, "recall \(s.recall)")
    }

    struct OLIDFigures: Decodable {
        struct Scores: Decodable { var precision: Double, recall: Double, f1: Double }
        struct CV: Decodable { var combined: Scores, rules: Scores, threshold: Double }
        struct Head: Decodable { var category: String, level: Int, threshold: Double }
        var olid_cv: CV
        var heads: [Head]
    }

    /// Issue 11's measure: abuse (rules or the trained scorer) against OLID's OFF label by 5-fold
    /// cross-validation, each fold scored by an abuse gate trained without it, as `make train`
    /// recorded it for the shipped weights.
    @Test("OLID by 5-fold cross-validation (recorded by make train for the shipped weights): the scorer lifts F1 above the rules")
    func olidCrossValidated() throws {
        let figures = try JSONDecoder().decode(OLIDFigures.self, from: Data(try LexiconStore.file("model/manifest.json").utf8))
        #expect(figures.olid_cv.combined.f1 > figures.olid_cv.rules.f1 + 0.05, "\(figures.olid_cv)")
        #expect(figures.olid_cv.combined.f1 >= 0.57, "\(figures.olid_cv)")
        // The figure must be the shipped gate's: measured at its threshold.
        let gate = try #require(figures.heads.first { $0.category == "abuse" && $0.level == 1 })
        #expect(abs(gate.threshold - figures.olid_cv.threshold) < 0.005, "shipped \(gate.threshold), measured at \(figures.olid_cv.threshold)")
        withKnownIssue("issue 11's OLID target, F1 0.65 by cross-validation, not reached") {
            #expect(figures.olid_cv.combined.f1 >= 0.65, "\(figures.olid_cv)")
        }
    }

    /// Odd-numbered tweets only: the scorer learned from the even-numbered half.
    @Test("ordinary tweets (the half never trained on): under 1% raise abuse at warning or above")
    func ordinaryTweets() throws {
        let url = Support.corpus.appendingPathComponent("real/ordinary-tweets.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let unseen = lines.enumerated().filter { $0.offset % 2 == 1 && !$0.element.isEmpty }.map(\.element)
        let alarmed = unseen.filter { line in
            Support.generic.screen(String(line)).findings.contains { $0.category == .abuse && $0.grade >= .warning }
        }
        #expect(Double(alarmed.count) < Double(unseen.count) * 0.01, "\(alarmed.count) of \(unseen.count)")
    }

    @Test("dev drafts: abuse precision and recall at least 0.90")
    func devDrafts() throws {
        var s = Score()
        for school in ["harbourside", "oakfield"] {
            let screener = try Support.corpusScreener(school)
            let url = Support.corpus.appendingPathComponent("dev/\(school).jsonl")
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                let text = record["text"] as? String ?? ""
                let labels = record["labels"] as? [[String: Any]] ?? []
                let expected = labels.contains { $0["category"] as? String == "abuse" }
                let account: Account = record["account"] as? String == "official" ? .official : .personal
                let alarmed = screener.screen(text, account: account).findings.contains {
                    $0.category == .abuse && $0.grade >= .caution
                }
                switch (alarmed, expected) {
                case (true, true): s.tp += 1
                case (true, false): s.fp += 1
                case (false, true): s.fn += 1
                case (false, false): break
                }
            }
        }
        #expect(s.precision >= 0.90, "precision \(s.precision)")
        #expect(s.recall >= 0.90, "recall \(s.recall)")
    }
}
