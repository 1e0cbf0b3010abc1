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

    @Argument(help: "Labelled JSONL files; - for standard input.")
    var files: [String]

    // Not --profile: a labelled corpus mixes schools, and each record names its own ("profile": "oakfield").
    @Option(name: .long, help: ArgumentHelp(
        "Folder of profiles: a record's \"profile\": \"NAME\" is screened with NAME.toml from here.",
        discussion: "Unlike --profile (one file for every draft), a labelled corpus mixes schools. Records without a profile, or without --profiles, use the built-in profile.",
        valueName: "folder"))
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

    @Option(name: .long, help: "Which stages raise the language categories: combined (default), rules, model, or all three side by side.")
    var stages: StageChoice = .combined

    enum StageChoice: String, ExpressibleByArgument {
        case combined, rules, model, all
        var list: [ScoringStages] {
            switch self {
            case .combined: [.combined]
            case .rules: [.rules]
            case .model: [.model]
            case .all: [.rules, .model, .combined]
            }
        }
    }

    /// A labelled record, checked.
    struct Labelled {
        var record: Record
        var labels: [(Category, Grade)]
        var account: Account
    }

    /// Reads every record of `files`; a bad line is an error naming the file and line.
    static func read(_ files: [String]) throws -> [Labelled] {
        var out: [Labelled] = []
        for file in files {
            let data: Data
            do {
                data = file == "-" ? Data(try DraftInput.read(FileHandle.standardInput, name: "<stdin>").utf8) : try FileProblem.contents(of: file, what: "labelled JSONL")
            } catch {
                throw CLIFailure(error, path: file)
            }
            for (n, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                let record: Record
                do {
                    record = try JSONDecoder().decode(Record.self, from: Data(line))
                } catch {
                    throw CLIFailure(
                        description: "\(file):\(n + 1): not a labelled record (\(Self.problem(error))). Each line needs "
                            + "{\"text\": \"…\"} and may have \"id\", \"profile\", \"account\" and \"labels\"")
                }
                let account: Account
                switch record.account {
                case nil, "personal"?: account = .personal
                case "official"?: account = .official
                case let other?:
                    throw CLIFailure(
                        description: "\(file):\(n + 1): unknown account \"\(other)\". Write \"personal\" or \"official\", "
                            + "or leave \"account\" out for personal")
                }
                var labels: [(Category, Grade)] = []
                for l in record.labels ?? [] {
                    guard let c = Category(rawValue: l.category), let g = Grade(name: l.grade) else {
                        throw CLIFailure(description: "\(file):\(n + 1): unknown category or grade in label \(l.category)/\(l.grade)")
                    }
                    labels.append((c, g))
                }
                out.append(Labelled(record: record, labels: labels, account: account))
            }
        }
        return out
    }

    /// What is wrong with a line JSONDecoder refused, in words (not the decoder's own description).
    static func problem(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            let at = path(context.codingPath)
            return "no \"\(key.stringValue)\"\(at.isEmpty ? "" : " in \(at)")"
        case .typeMismatch(let type, let context)?, .valueNotFound(let type, let context)?:
            let kind = type == String.self ? "a string" : "\(type)".hasPrefix("Array") ? "a list" : "an object"
            return "\"\(path(context.codingPath))\" must be \(kind)"
        default:
            return "not valid JSON"
        }
    }

    /// Builds (once per profile name) the screener for a record's profile.
    struct Screeners {
        var folder: String?
        var stages: ScoringStages
        private var cache: [String: Screener] = [:]

        init(folder: String?, stages: ScoringStages) {
            self.folder = folder
            self.stages = stages
        }

        mutating func screener(for profile: String?) throws -> Screener {
            let key = profile ?? ""
            if let s = cache[key] { return s }
            var schoolProfile = SchoolProfile.generic
            if let profile, let dir = folder {
                let url = URL(fileURLWithPath: dir).appendingPathComponent(profile + ".toml")
                do {
                    schoolProfile = try ProfileLoader.load(from: url).profile
                } catch {
                    throw CLIFailure(description: error.description)
                }
            }
            let s: Screener
            do { s = try Screener(profile: schoolProfile, stages: stages) } catch { throw CLIFailure(description: error.description) }
            cache[key] = s
            return s
        }
    }

    mutating func run() throws {
        let records = try Self.read(files)
        var jsonByStage: [String: Any] = [:]
        for stage in stages.list {
            var screeners = Screeners(folder: profiles, stages: stage)
            var evaluation = Evaluation()
            for r in records {
                let report = try screeners.screener(for: r.record.profile).screen(r.record.text, account: r.account, id: r.record.id)
                evaluation.add(report, text: r.record.text, labels: r.labels)
            }
            if stages.list.count > 1 && format == .text { print("== \(stage.rawValue)") }
            if let object = try show(evaluation) { jsonByStage[stage.rawValue] = object }
            if stages.list.count > 1 && format == .text { print("") }
        }
        if format == .json {
            let object: Any = stages.list.count == 1 ? jsonByStage.values.first! : jsonByStage
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// Prints the text table, or returns the JSON object.
    private func show(_ evaluation: Evaluation) throws -> [String: Any]? {
        func f(_ x: Double) -> String { String(format: "%.2f", x) }
        switch format {
        case .json:
            var rows: [[String: Any]] = []
            for c in Category.allCases {
                let k = evaluation.counts(for: c)
                rows.append([
                    "category": c.rawValue, "tp": k.truePositives, "fp": k.falsePositives, "fn": k.falseNegatives,
                    "precision": k.precision, "recall": k.recall, "f1": k.f1, "grade_exact": k.exact,
                    "grade_under": k.under, "grade_over": k.over, "block_labels": k.blockLabels, "block_found": k.blockFound,
                ])
            }
            return [
                "posts": evaluation.posts, "categories": rows, "block_recall": evaluation.blockRecall,
                "clean_posts": evaluation.cleanPosts, "clean_caution_rate": evaluation.cleanCautionRate,
                "clean_warning_rate": evaluation.cleanWarningRate,
            ]
        case .text:
            if showMisses {
                for m in evaluation.misses {
                    let grades = m.kind == .underGraded ? "block→\(m.found!)" : "\((m.expected ?? m.found)!)"
                    let spans = m.spans.isEmpty ? "" : "  <- " + m.spans.map { "\"\($0)\"" }.joined(separator: ", ")
                    print("\(m.kind.rawValue) \(m.category.rawValue) (\(grades)) \(m.id ?? "?"): \(m.text)\(spans)")
                }
                if !evaluation.misses.isEmpty { print("") }
            }
            func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
            print(pad("category", 17) + "  TP  FP  FN  prec  recall  F1    exact under over  block")
            for c in Category.allCases {
                let k = evaluation.counts(for: c)
                print(
                    pad(c.rawValue, 17) + String(format: " %3d %3d %3d  ", k.truePositives, k.falsePositives, k.falseNegatives)
                        + f(k.precision) + "  " + f(k.recall) + "    " + f(k.f1)
                        + String(format: "  %4d  %4d  %4d  ", k.exact, k.under, k.over) + "\(k.blockFound)/\(k.blockLabels)")
            }
            print("")
            print("posts \(evaluation.posts); block recall \(f(evaluation.blockRecall))")
            print(
                "clean posts \(evaluation.cleanPosts): \(evaluation.cleanAlarmedCaution) alarmed at caution+ (\(f(evaluation.cleanCautionRate * 100))%), "
                    + "\(evaluation.cleanAlarmedWarning) at warning+ (\(f(evaluation.cleanWarningRate * 100))%)")
            return nil
        }
    }
}
