import Foundation

/// One line of `screen history` output (JSONL), read back: what the report, the summary and
/// `--resume` need of it.
public struct HistoryOutputLine: Sendable {
    /// One finding of the line, as written.
    public struct Finding: Sendable {
        /// What it is about.
        public var category: Category
        /// The rule that raised it, such as `contact-details.phone`.
        public var rule: String
        /// How serious it is.
        public var grade: Grade
        /// Where its span starts: a UTF-8 byte offset into the post's text (SPEC.md).
        public var start: Int
        /// Where its span ends (exclusive), in UTF-8 bytes.
        public var end: Int
        /// The span's text.
        public var text: String
        /// What is wrong, for a person.
        public var message: String
        /// The policy behind it.
        public var reason: String
        /// How to fix it, when there is a suggestion.
        public var suggestion: String?
    }

    /// The post's id.
    public var id: String
    /// The post's verdict (nil for clear).
    public var verdict: Grade?
    /// When it was posted, as written (`created_at`).
    public var createdAt: String?
    /// A link to the original post.
    public var url: String?
    /// The export format it came from (`source`).
    public var source: String?
    /// `post`, `reply` or `repost`, where the export says (`kind`).
    public var kind: String?
    /// Its findings, as written.
    public var findings: [Finding]

    /// Year and month of ``createdAt``, when it is a recognised date.
    public var yearMonth: (year: Int, month: Int)? { HistoryDate.yearMonth(createdAt) }

    /// Parses one output line; nil when it is not an object with an `id` (not a line of ours).
    public init?(_ bytes: [UInt8]) {
        guard let v = try? JSONParser.parse(bytes), let id = v["id"]?.scalarText else { return nil }
        self.id = id
        verdict = v["verdict"]?.string.flatMap { Grade(name: $0) }
        createdAt = v["created_at"]?.string
        url = v["url"]?.string
        source = v["source"]?.string
        kind = v["kind"]?.string
        findings = (v["findings"]?.array ?? []).compactMap { f in
            guard let category = f["category"]?.string.flatMap(Category.init(rawValue:)),
                let grade = f["grade"]?.string.flatMap({ Grade(name: $0) })
            else { return nil }
            return Finding(
                category: category, rule: f["rule"]?.string ?? "", grade: grade,
                start: f["start"]?.scalarText.flatMap { Int($0) } ?? 0, end: f["end"]?.scalarText.flatMap { Int($0) } ?? 0,
                text: f["text"]?.string ?? "", message: f["message"]?.string ?? "", reason: f["reason"]?.string ?? "",
                suggestion: f["suggestion"]?.string)
        }
    }

    /// Reads the complete lines of an output file (a half-written last line is left out), or its
    /// first `length` bytes, and hands each line of ours to `each`. Returns the length of the
    /// complete lines in bytes; a missing file is empty.
    /// - Throws: ``HistoryError`` when the file exists but cannot be read.
    @discardableResult
    public static func read(path: String, length: Int? = nil, _ each: (HistoryOutputLine) throws -> Void) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        var offset = 0
        var lastNewline = length ?? 0
        if length == nil {
            try ByteStream.file(path).read { chunk in
                if let k = chunk.lastIndex(of: 0x0A) { lastNewline = offset + k + 1 }
                offset += chunk.count
            }
        }
        var consumed = 0
        var splitter = LineSplitter()
        try ByteStream.file(path).read { chunk in
            let usable = max(0, min(chunk.count, lastNewline - consumed))
            consumed += chunk.count
            try splitter.feed(UnsafeBufferPointer(rebasing: chunk[0..<usable])) { bytes, _ in
                if let line = HistoryOutputLine(bytes) { try each(line) }
            }
        }
        return lastNewline
    }
}

/// What an earlier run already wrote to a JSONL output file, so `--resume` can skip those posts and
/// still count them in the summary and the exit status.
public struct HistoryResume: Sendable {
    /// What one earlier output line says about its post.
    public struct Entry: Sendable {
        /// The post's verdict (nil for clear).
        public var verdict: Grade?
        /// Categories of its findings.
        public var categories: Set<Category>
        /// The year it was posted, if known.
        public var year: Int?
    }

    /// Earlier posts by id.
    public private(set) var entries: [String: Entry] = [:]
    /// Bytes of the file up to its last complete line: an interrupted run may have left half a
    /// line, which the next run cuts off before appending.
    public private(set) var completeLength = 0

    /// No earlier output.
    public init() {}

    /// Reads an output file written by `screen history`. A missing file is an empty resume.
    /// - Throws: ``HistoryError`` when it exists but cannot be read.
    public static func load(path: String) throws -> HistoryResume {
        var resume = HistoryResume()
        resume.completeLength = try HistoryOutputLine.read(path: path) { line in
            resume.entries[line.id] = Entry(
                verdict: line.verdict, categories: Set(line.findings.map(\.category)), year: line.yearMonth?.year)
        }
        return resume
    }
}
