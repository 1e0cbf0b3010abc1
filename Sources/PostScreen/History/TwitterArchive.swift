import Foundation

/// A Twitter/X archive: `data/tweets.js` (or `tweet.js`, or `tweets-part1.js`… in large archives),
/// each `window.YTD.tweets.part0 = [{"tweet": {…}}, …]`; `account.js` for the user name in post
/// links; `note-tweet.js` for long posts, whose full text replaces the cut-off text of the tweet
/// posted at the same second.
struct TwitterArchive {
    let parts: [ByteStream]
    let sideFiles: [String: ByteStream]

    /// A long post from `note-tweet.js`.
    struct Note {
        var id: String
        var text: String
        var createdAt: String
        var used = false
    }

    func read(progress: (Int) -> Void, _ deliver: (HistoryRecord) throws -> Void) throws {
        let username = try sideFiles["account.js"].flatMap { try Self.username(Self.list($0.readAll(), name: $0.name)) }
        var notes: [Int: [Note]] = [:]
        var noteOrder: [(Int, Int)] = []
        if let file = sideFiles["note-tweet.js"] {
            for item in try Self.list(file.readAll(), name: file.name) {
                let n = item["noteTweet"] ?? item
                guard let text = n["core"]?["text"]?.string, let created = n["createdAt"]?.string else { continue }
                let iso = HistoryDate.normalise(created)
                guard let seconds = HistoryDate.epochSeconds(iso: iso) else { continue }
                notes[seconds, default: []].append(Note(id: n["noteTweetId"]?.scalarText ?? "note-\(noteOrder.count + 1)", text: text, createdAt: iso))
                noteOrder.append((seconds, notes[seconds]!.count - 1))
            }
        }
        for part in parts {
            var splitter = JSONArraySplitter()
            try HistoryReader.readJSONList(part, &splitter, progress: progress) { bytes, record, line in
                let position = HistoryPosition(file: part.name, record: record, line: line)
                let item: HistoryItem
                do {
                    item = Self.tweet(try JSONParser.parse(bytes), username: username, notes: &notes, position)
                } catch {
                    item = .unreadable(position, "not valid JSON (\(error))")
                }
                try deliver(HistoryRecord(position, .decoded(item)))
            } cutOff: { position in
                try deliver(.cutOff(position))
            }
        }
        // Long posts not matched to a tweet are posts in their own right.
        var extra = 0
        for (seconds, index) in noteOrder {
            guard let note = notes[seconds]?[index], !note.used else { continue }
            extra += 1
            let position = HistoryPosition(file: sideFiles["note-tweet.js"]?.name ?? "note-tweet.js", record: extra)
            try deliver(HistoryRecord(position, .decoded(.post(HistoryPost(
                id: note.id, text: note.text, createdAt: note.createdAt, source: .twitter, kind: "post", position: position)))))
        }
    }

    static func tweet(_ v: JSONValue, username: String?, notes: inout [Int: [Note]], _ position: HistoryPosition) -> HistoryItem {
        let t = v["tweet"] ?? v
        guard case .object = t, let id = t["id_str"]?.scalarText ?? t["id"]?.scalarText else {
            return .unreadable(position, "not a tweet (no id)")
        }
        guard var text = t["full_text"]?.string ?? t["text"]?.string else { return .unreadable(position, "a tweet with no text") }
        text = HTMLText.decodeTwitterEntities(text)
        let created = t["created_at"]?.string.map(HistoryDate.normalise)
        // A long post: the tweet holds its first part and a link; note-tweet.js holds it whole.
        if let created, let seconds = HistoryDate.epochSeconds(iso: created) {
            let stem = String(Self.withoutTrailingLink(text).prefix(40))
            outer: for s in [seconds, seconds - 1, seconds + 1] {
                guard let candidates = notes[s] else { continue }
                for (k, note) in candidates.enumerated() where !note.used && note.text.hasPrefix(stem) {
                    notes[s]![k].used = true
                    text = note.text
                    break outer
                }
            }
        }
        // t.co links are expanded so that where a link really goes (a WhatsApp group, say) is screened.
        for u in t["entities"]?["urls"]?.array ?? [] {
            if let short = u["url"]?.string, let expanded = u["expanded_url"]?.string, !short.isEmpty {
                text = text.replacingAll(short, with: expanded)
            }
        }
        let kind: String =
            text.hasPrefix("RT @") ? "repost" : (t["in_reply_to_status_id_str"].map { !$0.isNull } ?? false) ? "reply" : "post"
        let url = username.map { "https://x.com/\($0)/status/\(id)" } ?? "https://x.com/i/web/status/\(id)"
        return .post(HistoryPost(id: id, text: text, createdAt: created, url: url, source: .twitter, kind: kind, position: position))
    }

    /// The text before a cut-off post's trailing `…` and t.co link.
    static func withoutTrailingLink(_ text: String) -> Substring {
        var s = Substring(text)
        if let r = s.range(of: " https://t.co/", options: .backwards) { s = s[..<r.lowerBound] }
        while s.last == "…" || s.last == " " { s = s.dropLast() }
        return s
    }

    /// The list in a small side file (`window.YTD.account.part0 = […]`).
    static func list(_ bytes: [UInt8], name: String) throws(HistoryError) -> [JSONValue] {
        guard let start = bytes.firstIndex(of: 0x5B) else { throw HistoryError(file: name, "no list found") }
        do {
            return try JSONParser.parse(Array(bytes[start...])).array ?? []
        } catch {
            throw HistoryError(file: name, "not valid JSON (\(error))")
        }
    }

    static func username(_ list: [JSONValue]) -> String? {
        list.first?["account"]?["username"]?.string
    }
}
