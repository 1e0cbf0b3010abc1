/// One post read from a post-history export, ready to screen.
public struct HistoryPost: Sendable {
    /// The post's id in the export; when the export has none, `file#record`.
    public var id: String
    /// The text to screen (HTML already turned into text, mis-encoded text repaired).
    public var text: String
    /// When it was posted: ISO 8601 (`2018-10-10T20:19:24Z`) when the export's date was recognised,
    /// otherwise the export's own string.
    public var createdAt: String?
    /// A link to the original post, where the export gives one or it can be built.
    public var url: String?
    /// The export format it came from, such as `twitter`.
    public var source: HistoryFormat
    /// `post`, `reply` or `repost`, where the export says.
    public var kind: String?
    /// Where it is in the input.
    public var position: HistoryPosition
    /// Further fields of a JSONL record, as raw JSON, passed through to the output.
    public var passthrough: [(key: String, json: String)] = []

    /// Creates a post.
    public init(
        id: String, text: String, createdAt: String? = nil, url: String? = nil, source: HistoryFormat,
        kind: String? = nil, position: HistoryPosition
    ) {
        self.id = id
        self.text = text
        self.createdAt = createdAt
        self.url = url
        self.source = source
        self.kind = kind
        self.position = position
    }

    /// Year and month of ``createdAt``, when it was recognised.
    public var yearMonth: (year: Int, month: Int)? { HistoryDate.yearMonth(createdAt) }
}

/// Where a record sits in the input: the file (or archive entry), the record number, and the line
/// where it starts when the format has lines.
public struct HistoryPosition: Sendable, Hashable, CustomStringConvertible {
    /// The file, or `archive.zip:data/tweets.js` for an archive entry.
    public var file: String
    /// 1-based number of the record in that file.
    public var record: Int
    /// 1-based line where the record starts, when known.
    public var line: Int?

    /// Creates a position.
    public init(file: String, record: Int, line: Int? = nil) {
        self.file = file
        self.record = record
        self.line = line
    }

    /// `tweets.js: record 12 (line 340)`.
    public var description: String {
        "\(file): record \(record)" + (line.map { " (line \($0))" } ?? "")
    }
}

/// The export formats `screen history` reads.
public enum HistoryFormat: String, CaseIterable, Sendable {
    /// A Twitter/X archive: the `.zip`, its unpacked folder, or `data/tweets.js`.
    case twitter
    /// Facebook's `your_posts*.json`.
    case facebook
    /// Instagram's `posts_*.json`.
    case instagram
    /// A Mastodon `outbox.json`.
    case mastodon
    /// LinkedIn's `Shares.csv`.
    case linkedin
    /// Any CSV with a text column.
    case csv
    /// JSON Lines with `id` and `text`.
    case jsonl
}

/// What became of one input record.
public enum HistoryItem: Sendable {
    /// A post to screen.
    case post(HistoryPost)
    /// A record with nothing to screen (a boost, a photo with no caption), with the reason.
    case skipped(HistoryPosition, String)
    /// A record that could not be read, with the reason.
    case unreadable(HistoryPosition, String)
}

/// A problem that stops reading an input: it cannot be opened, is not the format it should be, or
/// ends part-way (truncated). Records before the problem have been delivered.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    /// The file (or archive entry) concerned.
    public var file: String
    /// What is wrong, for a person.
    public var message: String

    /// Creates an error.
    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    /// `file: message`.
    public var description: String { "\(file): \(message)" }
}
