import ArgumentParser
import Foundation
@_spi(Training) import PostScreen

/// `screen features` (hidden): the trained scorer's input for labelled posts, one line per
/// sentence, for `scripts/train.py`. Training reads what screening computes, through the same code.
///
/// Output, tab-separated: post id, sentence number, labels of the sentence (`category=grade` with
/// the grade's number, comma-separated; a label whose span lies in the sentence, or a label with no
/// span, which applies to every sentence), and the feature buckets (space-separated).
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the trained scorer's sentence features for labelled JSONL posts (for make train).",
        shouldDisplay: false)

    @Argument(help: "Labelled JSONL files (the format of screen eval).")
    var files: [String]

    @Option(name: .long, help: "Folder holding the <profile>.toml files that records name.")
    var profiles: String?

    mutating func run() throws {
        let records = try Eval.read(files)
        var screeners = Eval.Screeners(folder: profiles, stages: .rules)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        for (n, r) in records.enumerated() {
            let text = r.record.text
            let bytes = Array(text.utf8)
            // Each label's byte range: its span's first occurrence, or the whole post.
            var spans: [(String, Int, Range<Int>)] = []
            for label in r.record.labels ?? [] {
                guard let grade = Grade(name: label.grade) else { continue }
                var range = 0..<bytes.count
                if let span = label.span, !span.isEmpty, let found = Self.find(Array(span.utf8), in: bytes) { range = found }
                spans.append((label.category, grade.rawValue, range))
            }
            let sentences = try screeners.screener(for: r.record.profile).trainingFeatures(text, account: r.account)
            let id = r.record.id ?? "\(n)"
            for (k, sentence) in sentences.enumerated() {
                var labels: [String: Int] = [:]
                for (category, grade, range) in spans where range.overlaps(sentence.range) {
                    labels[category] = max(labels[category] ?? 0, grade)
                }
                var line = id + "\t\(k)\t"
                line += labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
                line += "\t" + sentence.buckets.map(String.init).joined(separator: " ") + "\n"
                out.append(contentsOf: line.utf8)
            }
            if out.count > 1 << 20 {
                _ = StandardOutput.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        _ = StandardOutput.write(out)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
        }
        return nil
    }
}
