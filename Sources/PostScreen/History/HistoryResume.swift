import Foundation

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
        guard FileManager.default.fileExists(atPath: path) else { return resume }
        var offset = 0
        var lastNewline = 0
        try ByteStream.file(path).read { chunk in
            if let k = chunk.lastIndex(of: 0x0A) { lastNewline = offset + k + 1 }
            offset += chunk.count
        }
        resume.completeLength = lastNewline
        var consumed = 0
        var splitter = LineSplitter()
        try ByteStream.file(path).read { chunk in
            let usable = max(0, min(chunk.count, lastNewline - consumed))
            consumed += chunk.count
            try splitter.feed(UnsafeBufferPointer(rebasing: chunk[0..<usable])) { bytes, _ in
                guard let v = try? JSONParser.parse(bytes), let id = v["id"]?.scalarText else { return }
                let verdict = v["verdict"]?.string.flatMap { Grade(name: $0) }
                var categories = Set<Category>()
                for f in v["findings"]?.array ?? [] {
                    if let c = f["category"]?.string.flatMap(Category.init(rawValue:)) { categories.insert(c) }
                }
                let year = HistoryDate.yearMonth(v["created_at"]?.string)?.year
                resume.entries[id] = Entry(verdict: verdict, categories: categories, year: year)
            }
        }
        return resume
    }
}
