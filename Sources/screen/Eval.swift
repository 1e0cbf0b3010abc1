import ArgumentParser
import Foundation
import PostScreen

/// `screen eval`: score the screener against labelled posts (the format of `corpus/dev/*.jsonl`).
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the screener against labelled JSONL posts.",
        discussion: """
            Each record: {"id", "profile", "account", "text", "labels": [{"category", "grade", "span"}]}. \
            A category counts for a post when a finding (or label) of it has grade caution or above. \
            Reports per-category precision, recall and F1, grade agreement, block recall, and the share \
            of clean posts alarmed.
            """)

    @Argument(help: "Labelled JSONL files.")
    var files: [String]

    @Option(name: .long, help: "Folder holding the <profile>.toml files that records name.")
    var profiles: String?

    @Option(name: .long, help: "Output: text or json.")
    var format: EvalFormat = .text

    @Flag(name: .customLong("show-misses"), help: "List missed and false findings with their posts.")
    var showMisses = false

    enum EvalFormat: String, ExpressibleByArgument { case text, json }

    struct Label: Decodable {
        var category: String
        var grade: String
        var span: String?
    }

    struct Record: Decodable {
        var id: String?
        var profile: String?
        var account: String?
        var text: String
        var labels: [Label]?
    }

    struct Counts {
        var tp = 0, fp = 0, fn = 0
        var exact = 0, under = 0, over = 0
        var blockLabels = 0, blockFound = 0
    }

    mutating func run() throws {
        var screeners: [String: Screener] = [:]
        func screener(for profile: String?) throws -> Screener {
            let key = profile ?? ""
            if let s = screeners[key] { return s }
            var schoolProfile = SchoolProfile.generic
            if let profile, let dir = profiles {
                let url = URL(fileURLWithPath: dir).appendingPathComponent(profile + ".toml")
                do {
                    schoolProfile = try ProfileLoader.load(from: url).profile
                } catch {
                    throw CLIFailure(description: error.description)
                }
            }
            let s: Screener
            do { s = try Screener(profile: schoolProfile) } catch { throw CLIFailure(description: error.description) }
            screeners[key] = s
            return s
        }
        let categories = Category.allCases.map(\.rawValue)
        var counts: [String: Counts] = [:]
        var posts = 0
        var clean = 0
        var cleanCaution = 0
        var cleanWarning = 0
        var misses: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIFailure(description: "\(file): cannot read")
            }
            for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let record: Record
                do {
                    record = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
                } catch {
                    throw CLIFailure(description: "\(file):\(n + 1): not a labelled record (\(error))")
                }
                posts += 1
                let account: Account = record.account == "official" ? .official : .personal
                let report = try screener(for: record.profile).screen(record.text, account: account, id: record.id)
                var found: [String: Grade] = [:]
                for f in report.findings where f.grade >= .caution {
                    found[f.category.rawValue] = max(found[f.category.rawValue] ?? f.grade, f.grade)
                }
                var expected: [String: Grade] = [:]
                for l in record.labels ?? [] {
                    guard let g = Grade(name: l.grade), g >= .caution else { continue }
                    expected[l.category] = max(expected[l.category] ?? g, g)
                }
                if (record.labels ?? []).isEmpty {
                    clean += 1
                    if !found.isEmpty { cleanCaution += 1 }
                    if found.values.contains(where: { $0 >= .warning }) { cleanWarning += 1 }
                }
                for c in categories {
                    var k = counts[c] ?? Counts()
                    switch (expected[c], found[c]) {
                    case let (e?, f?):
                        k.tp += 1
                        if e == f { k.exact += 1 } else if f < e { k.under += 1 } else { k.over += 1 }
                    case let (e?, nil):
                        k.fn += 1
                        if showMisses { misses.append("MISS \(c) (\(e)) \(record.id ?? "?"): \(record.text)") }
                    case let (nil, f?):
                        k.fp += 1
                        if showMisses {
                            let spans = report.findings.filter { $0.category.rawValue == c }.map { "\"\($0.text)\" [\($0.rule)]" }
                            misses.append("FALSE \(c) (\(f)) \(record.id ?? "?"): \(record.text)  <- \(spans.joined(separator: ", "))")
                        }
                    case (nil, nil):
                        break
                    }
                    if expected[c] == .block {
                        k.blockLabels += 1
                        if found[c] == .block { k.blockFound += 1 }
                        else if showMisses && found[c] != nil { misses.append("UNDER \(c) (block→\(found[c]!)) \(record.id ?? "?"): \(record.text)") }
                    }
                    counts[c] = k
                }
            }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
        let totalBlock = counts.values.reduce(0) { $0 + $1.blockLabels }
        let totalBlockFound = counts.values.reduce(0) { $0 + $1.blockFound }
        switch format {
        case .json:
            var rows: [[String: Any]] = []
            for c in categories {
                let k = counts[c] ?? Counts()
                let p = ratio(k.tp, k.tp + k.fp), r = ratio(k.tp, k.tp + k.fn)
                rows.append([
                    "category": c, "tp": k.tp, "fp": k.fp, "fn": k.fn, "precision": p, "recall": r,
                    "f1": p + r == 0 ? 0 : 2 * p * r / (p + r), "grade_exact": k.exact, "grade_under": k.under,
                    "grade_over": k.over, "block_labels": k.blockLabels, "block_found": k.blockFound,
                ])
            }
            let object: [String: Any] = [
                "posts": posts, "categories": rows, "block_recall": ratio(totalBlockFound, totalBlock),
                "clean_posts": clean, "clean_caution_rate": ratio(cleanCaution, clean) * (clean == 0 ? 0 : 1),
                "clean_warning_rate": ratio(cleanWarning, clean) * (clean == 0 ? 0 : 1),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            for m in misses { print(m) }
            if !misses.isEmpty { print("") }
            func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
            func f(_ x: Double) -> String { String(format: "%.2f", x) }
            print(pad("category", 17) + "  TP  FP  FN  prec  recall  F1    exact under over  block")
            var macroP = 0.0, macroR = 0.0
            for c in categories {
                let k = counts[c] ?? Counts()
                let p = ratio(k.tp, k.tp + k.fp), r = ratio(k.tp, k.tp + k.fn)
                macroP += p
                macroR += r
                let f1 = p + r == 0 ? 0 : 2 * p * r / (p + r)
                print(
                    pad(c, 17) + String(format: " %3d %3d %3d  ", k.tp, k.fp, k.fn) + f(p) + "  " + f(r) + "    " + f(f1)
                        + String(format: "  %4d  %4d  %4d  ", k.exact, k.under, k.over) + "\(k.blockFound)/\(k.blockLabels)")
            }
            print("")
            print("posts \(posts); block recall \(f(ratio(totalBlockFound, totalBlock))) (\(totalBlockFound)/\(totalBlock))")
            print("clean posts \(clean): \(cleanCaution) alarmed at caution+ (\(f(ratio(cleanCaution, max(clean, 1)) * 100))%), \(cleanWarning) at warning+ (\(f(ratio(cleanWarning, max(clean, 1)) * 100))%)")
        }
    }
}
