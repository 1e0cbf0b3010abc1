import Foundation

/// One record cut from an export, not yet decoded. Records are cut in order on one thread and
/// decoded (JSON parsed, HTML turned into text, mis-encoding repaired) with ``decode()`` on any
/// thread, so the expensive part runs in parallel.
public struct HistoryRecord: Sendable {
    /// Where the record is in the input.
    public let position: HistoryPosition
    let payload: Payload

    enum Payload: Sendable {
        case decoded(HistoryItem)
        case json([UInt8], JSONRecordKind)
    }

    init(_ position: HistoryPosition, _ payload: Payload) {
        self.position = position
        self.payload = payload
    }

    /// The record the input ends inside of.
    static func cutOff(_ position: HistoryPosition) -> HistoryRecord {
        HistoryRecord(position, .decoded(.unreadable(position, "cut off: the file ends inside this record")))
    }

    /// The post it holds, or why there is nothing to screen.
    public func decode() -> HistoryItem {
        switch payload {
        case .decoded(let item): return item
        case .json(let bytes, let kind):
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch {
                return .unreadable(position, "not valid JSON (\(error))")
            }
            return kind.decode(value, bytes: bytes, position: position)
        }
    }
}

/// Options for reading exports.
public struct HistoryReadOptions: Sendable {
    /// CSV: the text column, by header name or 1-based number. Found from the header when nil.
    public var textColumn: String?

    /// Creates options.
    public init(textColumn: String? = nil) { self.textColumn = textColumn }
}

/// Reads one post-history export — a file, a folder, a zip archive or standard input (`-`) — and
/// hands over its records in order, without holding the whole export in memory.
///
/// ```swift
/// let reader = try HistoryReader(path: "twitter-archive.zip")
/// try reader.read { record in
///     if case .post(let post) = record.decode() { print(screener.screen(post.text).verdictName) }
/// }
/// ```
public struct HistoryReader: Sendable {
    /// The format, given or detected.
    public let format: HistoryFormat
    /// The path as given.
    public let path: String
    /// Bytes to read, for progress (nil when unknown, as for standard input).
    public var estimatedBytes: Int? {
        parts.reduce(0 as Int?) { sum, p in sum.flatMap { s in p.size.map { s + $0 } } }
    }

    let parts: [ByteStream]
    let sideFiles: [String: ByteStream]
    let options: HistoryReadOptions

    /// Opens `path` (`-` for standard input) and finds its format, unless `format` is given.
    /// - Throws: ``HistoryError`` when it cannot be opened or its format cannot be told.
    public init(path: String, format: HistoryFormat? = nil, options: HistoryReadOptions = .init()) throws(HistoryError) {
        self.path = path
        self.options = options
        if path == "-" {
            guard let format else {
                throw HistoryError(file: "<stdin>", "standard input needs --input-format (the format cannot be told from a name)")
            }
            self.format = format
            parts = [.standardInput]
            sideFiles = [:]
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HistoryError(file: path, "no such file or folder")
        }
        let layout = try isDirectory.boolValue
            ? ExportLayout.folder(path, format: format) : ExportLayout.file(path, format: format)
        self.format = layout.format
        parts = layout.parts
        sideFiles = layout.sideFiles
    }

    /// Reads the export, calling `deliver` with each record in order; `progress` gets the number of
    /// bytes read as they are read.
    /// - Throws: ``HistoryError`` when the input is truncated or corrupt (after delivering every
    ///   record before the damage, and the damaged record itself as unreadable), or what `deliver`
    ///   throws.
    public func read(progress: (Int) -> Void = { _ in }, _ deliver: (HistoryRecord) throws -> Void) throws {
        switch format {
        case .twitter:
            try TwitterArchive(parts: parts, sideFiles: sideFiles).read(progress: progress, deliver)
        case .facebook, .instagram, .mastodon:
            let (keys, top): (Set<String>, Bool) =
                switch format {
                case .mastodon: (["orderedItems"], false)
                case .facebook: (["status_updates", "comments_v2", "comments"], true)
                default: (["ig_posts"], true)
                }
            for part in parts {
                let kind: JSONRecordKind =
                    format == .mastodon ? .mastodon : format == .facebook ? .facebook(part.baseName) : .instagram(part.baseName)
                var splitter = JSONArraySplitter(keys: keys, topLevelArray: top)
                try Self.readJSONList(part, &splitter, progress: progress) { bytes, record, line in
                    try deliver(HistoryRecord(HistoryPosition(file: part.name, record: record, line: line), .json(bytes, kind)))
                } cutOff: { position in
                    try deliver(.cutOff(position))
                }
            }
        case .jsonl:
            for part in parts { try JSONLines.read(part, progress: progress, deliver) }
        case .csv, .linkedin:
            for part in parts { try CSVHistory.read(part, format: format, options: options, progress: progress, deliver) }
        }
    }

    /// Feeds a JSON list through `splitter`; at its end, turns a cut-off record into an unreadable
    /// one and the truncation into an error.
    static func readJSONList(
        _ part: ByteStream, _ splitter: inout JSONArraySplitter, progress: (Int) -> Void,
        _ emit: ([UInt8], Int, Int) throws -> Void, cutOff: (HistoryPosition) throws -> Void
    ) throws {
        try part.read { chunk in
            progress(chunk.count)
            try splitter.feed(chunk, emit)
        }
        switch splitter.finish() {
        case nil: return
        case .noList?:
            throw HistoryError(file: part.name, "no list of posts found: is this the right file, or is it empty or cut off?")
        case .openList?:
            throw HistoryError(
                file: part.name, "truncated: the file ends after record \(splitter.records) before its list closes")
        case .insideRecord(let record, let line)?:
            let position = HistoryPosition(file: part.name, record: record, line: line)
            try cutOff(position)
            throw TruncatedRecord(position: position).error
        }
    }
}

/// The file ends inside a record: the record is unreadable and the file is truncated.
struct TruncatedRecord: Error {
    var position: HistoryPosition
    var error: HistoryError {
        HistoryError(file: position.file, "truncated: the file ends inside record \(position.record)"
            + (position.line.map { " (line \($0))" } ?? ""))
    }
}

/// JSON Lines: one object per line with `text` (or `full_text`, `content`) and ideally `id`;
/// `created_at` (or `date`, `timestamp`), `url` and `source` are used; other fields pass through.
enum JSONLines {
    static func read(_ part: ByteStream, progress: (Int) -> Void, _ deliver: (HistoryRecord) throws -> Void) throws {
        var splitter = LineSplitter()
        var record = 0
        let kind = JSONRecordKind.jsonl(part.baseName)
        try part.read { chunk in
            progress(chunk.count)
            try splitter.feed(chunk) { bytes, line in
                record += 1
                try deliver(HistoryRecord(HistoryPosition(file: part.name, record: record, line: line), .json(bytes, kind)))
            }
        }
        guard let (bytes, line) = splitter.finish() else { return }
        record += 1
        let position = HistoryPosition(file: part.name, record: record, line: line)
        // A last line with no newline is normal; one that is also not valid JSON was cut off.
        if (try? JSONParser.parse(bytes)) == nil {
            try deliver(.cutOff(position))
            throw TruncatedRecord(position: position).error
        }
        try deliver(HistoryRecord(position, .json(bytes, kind)))
    }
}

/// Where the files of an export are, and which format they are.
struct ExportLayout {
    var format: HistoryFormat
    var parts: [ByteStream]
    var sideFiles: [String: ByteStream] = [:]

    static func file(_ path: String, format given: HistoryFormat?) throws(HistoryError) -> ExportLayout {
        let head = Self.head(path)
        if ZipArchive.recognises(head) {
            return try zip(path, format: given)
        }
        if TarArchive.recognises(head) { return try tar(path, format: given) }
        let name = (path as NSString).lastPathComponent
        let format: HistoryFormat
        if let given { format = given } else { format = try detect(name: name, head: head, path: path) }
        if format == .twitter {
            // A lone tweets.js: its side files are beside it, as in the archive's data folder.
            let folder = (path as NSString).deletingLastPathComponent
            var layout = ExportLayout(format: .twitter, parts: [.file(path)])
            for side in ["account.js", "note-tweet.js"] {
                let p = (folder.isEmpty ? "." : folder) + "/" + side
                if side != name, FileManager.default.fileExists(atPath: p) { layout.sideFiles[side] = .file(p) }
            }
            return layout
        }
        return ExportLayout(format: format, parts: [.file(path)])
    }

    static func folder(_ path: String, format given: HistoryFormat?) throws(HistoryError) -> ExportLayout {
        var files: [String] = []
        if let walker = FileManager.default.enumerator(atPath: path) {
            while let relative = walker.nextObject() as? String {
                if walker.level > 5 { walker.skipDescendants() }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(relative)
                }
            }
        }
        guard let (format, chosen, side) = choose(files.sorted(), given: given) else {
            throw HistoryError(
                file: path,
                "no export found in this folder (looked for data/tweets.js, your_posts*.json, posts_*.json, outbox.json, "
                    + "Shares.csv, *.csv, *.jsonl)")
        }
        return ExportLayout(
            format: format, parts: chosen.map { .file(path + "/" + $0) },
            sideFiles: side.mapValues { .file(path + "/" + $0) })
    }

    static func zip(_ path: String, format given: HistoryFormat?) throws(HistoryError) -> ExportLayout {
        let archive = try ZipArchive(path: path)
        let files = archive.entries.map(\.path)
        guard let (format, chosen, side) = choose(files, given: given) else {
            throw HistoryError(file: path, "no export found in this archive (looked for data/tweets.js, your_posts*.json, "
                + "posts_*.json, outbox.json, Shares.csv, *.csv, *.jsonl)")
        }
        func stream(_ p: String) -> ByteStream {
            ByteStream(origin: .zipEntry(archive: path, path: p), name: path + ":" + p, size: archive.entry(p).map { Int(clamping: $0.size) })
        }
        return ExportLayout(format: format, parts: chosen.map(stream), sideFiles: side.mapValues(stream))
    }

    /// A tar archive, plain or gzip-compressed: Mastodon's export.
    static func tar(_ path: String, format given: HistoryFormat?) throws(HistoryError) -> ExportLayout {
        let entries = try TarArchive.entries(path)
        guard let (format, chosen, side) = choose(entries.map(\.path), given: given) else {
            throw HistoryError(file: path, "no export found in this archive (looked for outbox.json, data/tweets.js, "
                + "your_posts*.json, posts_*.json, Shares.csv, *.csv, *.jsonl)")
        }
        let sizes = Dictionary(entries.map { ($0.path, $0.size) }, uniquingKeysWith: { a, _ in a })
        func stream(_ p: String) -> ByteStream {
            ByteStream(origin: .tarEntry(archive: path, path: p), name: path + ":" + p, size: sizes[p])
        }
        return ExportLayout(format: format, parts: chosen.map(stream), sideFiles: side.mapValues(stream))
    }

    /// Picks the post files of the export among `files` (paths relative to the folder or archive).
    static func choose(_ files: [String], given: HistoryFormat?) -> (HistoryFormat, [String], [String: String])? {
        func base(_ p: String) -> String { (p as NSString).lastPathComponent }
        func isTweets(_ b: String) -> Bool {
            b == "tweets.js" || b == "tweet.js" || (b.hasPrefix("tweets-part") && b.hasSuffix(".js"))
                || (b.hasPrefix("tweet-part") && b.hasSuffix(".js"))
        }
        var candidates: [(HistoryFormat, [String], [String: String])] = []
        let tweets = files.filter { isTweets(base($0)) }
        if !tweets.isEmpty {
            var side: [String: String] = [:]
            for f in files where base(f) == "account.js" || base(f) == "note-tweet.js" { side[base(f)] = f }
            candidates.append((.twitter, tweets, side))
        }
        let facebook = files.filter { base($0).hasPrefix("your_posts") && $0.hasSuffix(".json") }
        if !facebook.isEmpty { candidates.append((.facebook, facebook, [:])) }
        let instagram = files.filter { base($0).hasPrefix("posts_") && $0.hasSuffix(".json") }
        if !instagram.isEmpty { candidates.append((.instagram, instagram, [:])) }
        let mastodon = files.filter { base($0) == "outbox.json" }
        if !mastodon.isEmpty { candidates.append((.mastodon, mastodon, [:])) }
        let linkedin = files.filter { base($0).lowercased() == "shares.csv" }
        if !linkedin.isEmpty { candidates.append((.linkedin, linkedin, [:])) }
        let jsonl = files.filter { $0.hasSuffix(".jsonl") || $0.hasSuffix(".ndjson") }
        if !jsonl.isEmpty { candidates.append((.jsonl, jsonl, [:])) }
        let csv = files.filter { $0.lowercased().hasSuffix(".csv") }
        if !csv.isEmpty { candidates.append((.csv, csv, [:])) }
        if let given { return candidates.first(where: { $0.0 == given || ($0.0 == .linkedin && given == .csv) }) }
        return candidates.first
    }

    /// Tells the format of one file from its name, then from its first bytes.
    static func detect(name: String, head: [UInt8], path: String) throws(HistoryError) -> HistoryFormat {
        let lower = name.lowercased()
        if lower.hasSuffix(".js") && String(decoding: head.prefix(64), as: UTF8.self).contains("window.YTD.") { return .twitter }
        if lower.hasPrefix("your_posts") && lower.hasSuffix(".json") { return .facebook }
        if lower.hasPrefix("posts_") && lower.hasSuffix(".json") { return .instagram }
        if lower == "outbox.json" { return .mastodon }
        if lower == "shares.csv" { return .linkedin }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        let text = String(decoding: head, as: UTF8.self)
        let start = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if start.hasPrefix("window.YTD.") { return .twitter }
        if start.hasPrefix("{") {
            if text.contains("\"orderedItems\"") || text.contains("activitystreams") { return .mastodon }
            if let firstLine = start.split(separator: "\n", maxSplits: 1).first, (try? JSONParser.parse(Array(firstLine.utf8))) != nil {
                return .jsonl
            }
            if text.contains("\"status_updates\"") { return .facebook }
        }
        if start.hasPrefix("[") {
            if text.contains("\"media\"") && text.contains("\"uri\"") { return .instagram }
            if text.contains("\"timestamp\"") { return .facebook }
        }
        throw HistoryError(file: path, "cannot tell the export format; pass --input-format")
    }

    private static func head(_ path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: 4096)) ?? Data())
    }
}
