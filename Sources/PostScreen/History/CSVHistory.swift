import CSV
import Foundation

/// CSV exports: LinkedIn's `Shares.csv` (`Date, ShareLink, ShareCommentary, …`) and any CSV with a
/// text column, parsed by CSV.swift (quoted fields, doubled quotes, line breaks inside quotes).
enum CSVHistory {
    static let textNames = ["text", "full_text", "sharecommentary", "content", "message", "body", "post", "tweet",
        "status", "caption", "commentary", "comment"]
    static let idNames = ["id", "id_str", "post_id", "tweet_id", "status_id", "share_id"]
    static let dateNames = ["created_at", "date", "timestamp", "published", "created", "time", "datetime", "posted_at"]
    static let urlNames = ["url", "sharelink", "link", "permalink", "post_url", "tweet_url"]

    static func read(
        _ part: ByteStream, format: HistoryFormat, options: HistoryReadOptions, progress: (Int) -> Void,
        _ deliver: (HistoryRecord) throws -> Void
    ) throws {
        try withoutActuallyEscaping(progress) { progress in
            try read(part, format: format, options: options, escapingProgress: progress, deliver)
        }
    }

    private static func read(
        _ part: ByteStream, format: HistoryFormat, options: HistoryReadOptions, escapingProgress: @escaping (Int) -> Void,
        _ deliver: (HistoryRecord) throws -> Void
    ) throws {
        let stream: QuoteCountingStream
        switch part.origin {
        case .file(let path):
            guard let s = InputStream(fileAtPath: path) else { throw HistoryError(file: part.name, "cannot open") }
            stream = QuoteCountingStream(s)
        case .standardInput:
            stream = QuoteCountingStream(InputStream(fileAtPath: "/dev/stdin")!)
        case .zipEntry, .tarEntry:
            // Inside an archive CSV files are small (LinkedIn's Shares.csv); read the entry whole.
            stream = QuoteCountingStream(InputStream(data: Data(try part.readAll())))
        }
        stream.progress = escapingProgress
        defer { stream.progress = nil }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false)
        } catch {
            throw HistoryError(file: part.name, "cannot read as CSV (\(Self.describe(error)))")
        }
        guard let first = reader.next() else { return }
        let columns = try Columns(first: first, textColumn: options.textColumn, file: part.name)
        var record = 0
        var line = 1
        var row: [String]? = columns.headerRow ? nil : first
        if columns.headerRow { line += newlines(first) + 1 }
        // Each row is delivered once the next is read: only at the end is it known whether the last
        // one was cut off.
        var pending: ([String], HistoryPosition)?
        while true {
            if row == nil { row = reader.next() }
            guard let fields = row else { break }
            row = nil
            record += 1
            if let (f, p) = pending { try deliver(HistoryRecord(p, .decoded(columns.item(f, file: part.baseName, format: format, p)))) }
            pending = (fields, HistoryPosition(file: part.name, record: record, line: line))
            line += newlines(fields) + 1
        }
        // CSV.swift reports reaching the end of the stream as `cannotReadFile`.
        if let error = reader.error, !(stream.reachedEnd && Self.isEndOfStream(error)) {
            if let (_, p) = pending { try deliver(HistoryRecord(p, .decoded(.unreadable(p, "not valid UTF-8 (\(Self.describe(error)))")))) }
            throw HistoryError(file: part.name, "unreadable after record \(record) (line \(line)): \(Self.describe(error)); is it saved as UTF-8?")
        }
        guard let (fields, position) = pending else { return }
        if stream.quotes % 2 == 1 {
            try deliver(.cutOff(position))
            throw TruncatedRecord(position: position).error
        }
        try deliver(HistoryRecord(position, .decoded(columns.item(fields, file: part.baseName, format: format, position))))
    }

    /// CSV.swift's errors in words (its own descriptions are case names such as "cannotReadFile").
    private static func describe(_ error: any Error) -> String {
        switch error as? CSVError {
        case .streamErrorHasOccurred(let underlying)?: FileProblem.reason(underlying)
        case .unicodeDecoding?, .cannotReadFile?, .stringEncodingMismatch?: "bytes that are not text in the expected encoding"
        case .cannotOpenFile?: "cannot be opened"
        case .cannotReadHeaderRow?: "no header row"
        case .stringEndianMismatch?: "UTF-16 text in an unexpected byte order"
        case .cannotWriteStream?, nil: FileProblem.reason(error)
        }
    }

    private static func isEndOfStream(_ error: Error) -> Bool {
        if case CSVError.cannotReadFile? = error as? CSVError { return true }
        return false
    }

    private static func newlines(_ fields: [String]) -> Int {
        fields.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
    }

    /// Which column holds what.
    struct Columns {
        var headerRow: Bool
        var text: Int
        var id: Int?
        var date: Int?
        var url: Int?

        init(first: [String], textColumn: String?, file: String) throws(HistoryError) {
            let names = first.map { $0.trimmingSpaces.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "\u{FEFF}", with: "") }
            let known = Set(CSVHistory.textNames + CSVHistory.idNames + CSVHistory.dateNames + CSVHistory.urlNames)
            func find(_ candidates: [String]) -> Int? {
                for c in candidates { if let i = names.firstIndex(of: c) { return i } }
                return nil
            }
            if let textColumn, let n = Int(textColumn) {
                guard n >= 1 else { throw HistoryError(file: file, "--text-column counts from 1") }
                headerRow = names.contains(where: known.contains)
                text = n - 1
            } else if let textColumn {
                guard let i = names.firstIndex(of: textColumn.lowercased().replacingOccurrences(of: " ", with: "_")) else {
                    throw HistoryError(file: file, "no column named \"\(textColumn)\"; the first row is: \(first.joined(separator: ", "))")
                }
                headerRow = true
                text = i
            } else if let i = find(CSVHistory.textNames) {
                headerRow = true
                text = i
            } else if first.count == 1 {
                headerRow = false
                text = 0
            } else {
                throw HistoryError(
                    file: file, "cannot tell which column holds the posts' text; pass --text-column NAME or NUMBER "
                        + "(the first row is: \(first.prefix(8).joined(separator: ", ")))")
            }
            if headerRow {
                id = find(CSVHistory.idNames)
                date = find(CSVHistory.dateNames)
                url = find(CSVHistory.urlNames)
            }
        }

        func item(_ fields: [String], file: String, format: HistoryFormat, _ position: HistoryPosition) -> HistoryItem {
            guard text < fields.count else {
                return .unreadable(position, "has \(fields.count) field\(fields.count == 1 ? "" : "s"); the text is in column \(text + 1)")
            }
            let body = fields[text]
            guard !body.trimmingSpaces.isEmpty else { return .skipped(position, "empty text") }
            func field(_ i: Int?) -> String? {
                guard let i, i < fields.count, !fields[i].trimmingSpaces.isEmpty else { return nil }
                return fields[i].trimmingSpaces
            }
            return .post(HistoryPost(
                id: field(id) ?? "\(file)#\(position.record)", text: body, createdAt: field(date).map(HistoryDate.normalise),
                url: field(url), source: format, position: position))
        }
    }
}

/// Passes a stream through to CSV.swift, counting double quotes: a well-formed CSV has an even
/// number, so an odd count at the end means the file stops inside a quoted field (truncated).
final class QuoteCountingStream: InputStream {
    private let base: InputStream
    private(set) var quotes = 0
    private(set) var reachedEnd = false
    var progress: ((Int) -> Void)?

    init(_ base: InputStream) {
        self.base = base
        super.init(data: Data())
    }

    override func open() { base.open() }
    override func close() { base.close() }
    override var streamStatus: Stream.Status { base.streamStatus }
    override var streamError: Error? { base.streamError }
    override var hasBytesAvailable: Bool { base.hasBytesAvailable }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        let n = base.read(buffer, maxLength: len)
        if n == 0 { reachedEnd = true }
        if n > 0 {
            progress?(n)
            for k in 0..<n where buffer[k] == 0x22 { quotes += 1 }
        }
        return n
    }
}
