import Foundation
import Testing
@testable import PostScreen

/// The accuracy targets of issues 2 and 3, measured on the shared development corpus (when present)
/// and on held-out posts written after the rules.
struct AccuracyTests {
    struct Labelled: Decodable {
        struct Label: Decodable {
            var category: String
            var grade: String
        }
        var id: String?
        var profile: String?
        var account: String?
        var text: String
        var labels: [Label]?
    }

    static func evaluate(_ files: [URL], profiles: URL?) throws -> Evaluation {
        var screeners: [String: Screener] = [:]
        var evaluation = Evaluation()
        for file in files {
        for line in try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let record = try JSONDecoder().decode(Labelled.self, from: Data(line.utf8))
            let key = record.profile ?? ""
            if screeners[key] == nil {
                if let name = record.profile, let profiles {
                    let profile = try ProfileLoader.load(from: profiles.appendingPathComponent("\(name).toml")).profile
                    screeners[key] = try Screener(profile: profile)
                } else {
                    screeners[key] = Support.generic
                }
            }
            let labels = (record.labels ?? []).compactMap { l -> (Category, Grade)? in
                guard let c = Category(rawValue: l.category), let g = Grade(name: l.grade) else { return nil }
                return (c, g)
            }
            let report = screeners[key]!.screen(record.text, account: record.account == "official" ? .official : .personal, id: record.id)
            evaluation.add(report, text: record.text, labels: labels)
        }
        }
        return evaluation
    }

    /// Precision and recall of at least `floor` in every category.
    static func expectEveryCategory(_ e: Evaluation, atLeast floor: Double) {
        for c in Category.allCases {
            let k = e.counts(for: c)
            #expect(k.precision >= floor, "\(c.rawValue) precision \(k.precision) — \(describe(e))")
            #expect(k.recall >= floor, "\(c.rawValue) recall \(k.recall) — \(describe(e))")
        }
    }

    static func describe(_ e: Evaluation) -> String {
        Category.allCases.map { c in
            let k = e.counts(for: c)
            return "\(c.rawValue) P=\(String(format: "%.2f", k.precision)) R=\(String(format: "%.2f", k.recall))"
        }.joined(separator: "; ")
    }

    @Test("dev corpus: every category has precision and recall of at least 0.90", .enabled(if: Support.hasCorpus))
    func devCorpus() throws {
        let e = try Self.evaluate(
            ["harbourside", "oakfield"].map { Support.corpus.appendingPathComponent("dev/\($0).jsonl") },
            profiles: Support.corpus.appendingPathComponent("profiles"))
        Self.expectEveryCategory(e, atLeast: 0.90)
        #expect(e.blockRecall >= 0.95, "block recall \(e.blockRecall)")
        #expect(e.cleanWarningRate <= 0.03, "clean posts alarmed at warning+: \(e.cleanWarningRate)")
    }

    @Test("dev corpus: no roster pupil's full name is missed", .enabled(if: Support.hasCorpus))
    func noRosterPupilMissed() throws {
        for school in ["harbourside", "oakfield"] {
            let e = try Self.evaluate(
                [Support.corpus.appendingPathComponent("dev/\(school).jsonl")], profiles: Support.corpus.appendingPathComponent("profiles"))
            let k = e.counts(for: .pupilName)
            #expect(k.blockFound == k.blockLabels, "\(school): \(k.blockFound)/\(k.blockLabels) roster names blocked")
        }
    }

    @Test("held-out posts: every category found, no clean post alarmed")
    func heldOut() throws {
        let dir = Support.fixtures.appendingPathComponent("holdout")
        let e = try Self.evaluate([dir.appendingPathComponent("holdout.jsonl")], profiles: dir)
        for c in Category.allCases {
            let k = e.counts(for: c)
            #expect(k.recall >= 0.9, "\(c.rawValue): \(Self.describe(e)) misses: \(e.misses.map(\.text))")
            #expect(k.precision >= 0.9, "\(c.rawValue): \(Self.describe(e)) misses: \(e.misses.map(\.text))")
        }
        #expect(e.cleanCautionRate == 0, "\(e.misses.map(\.text))")
    }

    @Test("probe posts (written to find gaps, then fixed generally) stay found")
    func probe() throws {
        let dir = Support.fixtures.appendingPathComponent("holdout")
        let e = try Self.evaluate([dir.appendingPathComponent("probe.jsonl")], profiles: dir)
        #expect(e.misses.isEmpty, "\(e.misses.map { "\($0.kind.rawValue) \($0.category.rawValue): \($0.text)" })")
    }

    /// Probe sets written from SPEC.md alone by people who had not seen the rules (nine sets of 200
    /// posts, 75 clean each), each scored unseen first (README: Accuracy), then used to find gaps
    /// that were fixed with general rules. They guard those fixes: every category at precision and
    /// recall 0.9 or better, block recall 0.94 (0.95 measured; hinted affairs and doctored data are
    /// graded as insinuation, a warning, where some labellers said block), no clean post alarmed.
    @Test("probe sets: every category at 0.9, no clean post alarmed", .enabled(if: Support.hasCorpus))
    func probeSets() throws {
        let dir = Support.fixtures.appendingPathComponent("probes")
        let sets = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "jsonl" }
        #expect(sets.count == 9)
        let e = try Self.evaluate(sets, profiles: Support.corpus.appendingPathComponent("profiles"))
        Self.expectEveryCategory(e, atLeast: 0.90)
        #expect(e.blockRecall >= 0.94, "block recall \(e.blockRecall)")
        #expect(e.cleanCautionRate == 0, "clean posts alarmed: \(e.misses.filter { $0.kind == .falseAlarm }.map(\.text))")
    }

    /// The trained scorer learns from the even-numbered tweets (0-based), so false alarms are
    /// measured on the odd-numbered half it never saw. Abuse is judged against OLID's labels
    /// (AbuseCorpusTests, README), not counted here, as issue 11 sets out.
    @Test("ordinary tweets (the half never trained on): under 1% raise pupil-name, contact-details or branding at warning+; at most 1% anything but abuse", .enabled(if: Support.hasCorpus))
    func ordinaryTweets() throws {
        let lines = try String(contentsOf: Support.corpus.appendingPathComponent("real/ordinary-tweets.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        var foundation = 0
        var other = 0
        var unseen = 0
        for (n, line) in lines.enumerated() where n % 2 == 1 && !line.isEmpty {
            unseen += 1
            let report = Support.generic.screen(String(line))
            let serious = report.findings.filter { $0.grade >= .warning }
            if serious.contains(where: { [.pupilName, .contactDetails, .schoolBranding].contains($0.category) }) { foundation += 1 }
            if serious.contains(where: { $0.category != .abuse }) { other += 1 }
        }
        #expect(unseen >= 990)
        #expect(Double(foundation) / Double(unseen) < 0.01, "\(foundation) of \(unseen)")
        #expect(Double(other) / Double(unseen) <= 0.01, "\(other) of \(unseen)")
    }

    @Test("the given-name list covers at least 95% of babies named in England and Wales, 1996–2024", .enabled(if: Support.hasCorpus))
    func givenNameCoverage() throws {
        let csv = try String(contentsOf: Support.corpus.appendingPathComponent("names/ons-given-names-1996-2024.csv"), encoding: .utf8)
        let knowledge = Support.generic.knowledge
        var covered = 0.0
        var total = 0.0
        var header: [String] = []
        for (n, line) in csv.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if n == 0 {
                header = fields.map { $0.lowercased() }
                continue
            }
            guard let nameColumn = header.firstIndex(where: { $0.contains("name") }),
                let totalColumn = header.firstIndex(where: { $0.contains("total") }), fields.count > max(nameColumn, totalColumn),
                let count = Double(fields[totalColumn])
            else { continue }
            total += count
            let keys = PhraseMatcher.keys(of: fields[nameColumn])
            if let key = keys.first, keys.count == 1, knowledge.isGivenName(Array(key.utf8)) { covered += count }
        }
        #expect(total > 0)
        #expect(covered / total >= 0.95, "coverage \(covered / total)")
    }
}
