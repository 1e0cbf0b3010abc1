/// How to turn one parsed JSON record of each export into a post. Twitter's records are decoded by
/// ``TwitterArchive`` (long posts are matched up as they are read) and CSV rows by ``CSVHistory``.
enum JSONRecordKind: Sendable {
    /// Facebook `your_posts*.json`, with the file's name for ids.
    case facebook(String)
    /// Instagram `posts_*.json`.
    case instagram(String)
    /// Mastodon `outbox.json` activities.
    case mastodon
    /// JSON Lines.
    case jsonl(String)

    func decode(_ value: JSONValue, bytes: [UInt8], position: HistoryPosition) -> HistoryItem {
        switch self {
        case .facebook(let file): Self.facebook(value, file: file, position)
        case .instagram(let file): Self.instagram(value, file: file, position)
        case .mastodon: Self.mastodon(value, position)
        case .jsonl(let file): Self.jsonLine(value, bytes: bytes, file: file, position)
        }
    }

    /// `{"timestamp": 1577836800, "data": [{"post": "…"}], "attachments": […], "title": "…"}`; comments
    /// (`comments_v2`) carry `data: [{"comment": {"comment": "…"}}]`.
    static func facebook(_ v: JSONValue, file: String, _ position: HistoryPosition) -> HistoryItem {
        guard case .object = v else { return .unreadable(position, "not a Facebook post (expected an object)") }
        var texts: [String] = []
        for item in v["data"]?.array ?? [] {
            if let post = item["post"]?.string { texts.append(post) }
            if let comment = item["comment"]?["comment"]?.string { texts.append(comment) }
        }
        let text = MojibakeRepair.repair(texts.joined(separator: "\n\n"))
        guard !text.trimmingSpaces.isEmpty else {
            return .skipped(position, "no words to screen (a photo, check-in or shared link on its own)")
        }
        let date = v["timestamp"]?.scalarText.map(HistoryDate.normalise)
        return .post(HistoryPost(id: "\(file)#\(position.record)", text: text, createdAt: date, source: .facebook, kind: "post", position: position))
    }

    /// `{"media": [{"uri", "creation_timestamp", "title"}], "title", "creation_timestamp"}`: the caption
    /// is the post's `title`, or its one photo's.
    static func instagram(_ v: JSONValue, file: String, _ position: HistoryPosition) -> HistoryItem {
        guard case .object = v else { return .unreadable(position, "not an Instagram post (expected an object)") }
        let media = v["media"]?.array ?? []
        let caption = v["title"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? media.first?["title"]?.string ?? ""
        let text = MojibakeRepair.repair(caption)
        guard !text.trimmingSpaces.isEmpty else { return .skipped(position, "no caption to screen (a photo on its own)") }
        let stamp = v["creation_timestamp"]?.scalarText ?? media.first?["creation_timestamp"]?.scalarText
        return .post(HistoryPost(
            id: "\(file)#\(position.record)", text: text, createdAt: stamp.map(HistoryDate.normalise), source: .instagram,
            kind: "post", position: position))
    }

    /// An ActivityPub activity: `Create` of a `Note` is a post (its HTML `content` turned into text,
    /// with its content warning first); an `Announce` is a boost of someone else's post, which the
    /// export holds only as a link.
    static func mastodon(_ v: JSONValue, _ position: HistoryPosition) -> HistoryItem {
        guard case .object = v else { return .unreadable(position, "not an ActivityPub activity (expected an object)") }
        let type = v["type"]?.string ?? "?"
        guard type == "Create" else {
            if type == "Announce" { return .skipped(position, "a boost of someone else's post: the export holds only its link") }
            return .skipped(position, "a \(type) activity, not a post")
        }
        guard let object = v["object"], case .object = object else {
            return .unreadable(position, "a Create activity without its object")
        }
        guard let html = object["content"]?.string else {
            return .skipped(position, "a \(object["type"]?.string ?? "?") with no text")
        }
        var text = HTMLText.text(html)
        if let warning = object["summary"]?.string, !warning.isEmpty { text = HTMLText.text(warning) + "\n\n" + text }
        guard !text.trimmingSpaces.isEmpty else { return .skipped(position, "a post with no words (media on its own)") }
        let id = object["id"]?.string ?? v["id"]?.string ?? "outbox.json#\(position.record)"
        let date = (object["published"]?.string ?? v["published"]?.string).map(HistoryDate.normalise)
        let reply = object["inReplyTo"].map { !$0.isNull } ?? false
        return .post(HistoryPost(
            id: id, text: text, createdAt: date, url: object["url"]?.string ?? object["id"]?.string, source: .mastodon,
            kind: reply ? "reply" : "post", position: position))
    }

    /// Fields JSONL records may use for each part of a post (the first present wins).
    static let textKeys = ["text", "full_text", "content", "body", "message", "post"]
    static let idKeys = ["id", "id_str", "post_id", "tweet_id"]
    static let dateKeys = ["created_at", "date", "timestamp", "published", "time"]
    static let urlKeys = ["url", "link", "permalink"]

    /// `{"id": …, "text": …}` plus optional `created_at`, `url`, `source`, `kind`; every other field is
    /// passed through as written.
    static func jsonLine(_ v: JSONValue, bytes: [UInt8], file: String, _ position: HistoryPosition) -> HistoryItem {
        guard case .object(let members) = v else { return .unreadable(position, "not a JSON object") }
        func first(_ keys: [String]) -> (String, String)? {
            for k in keys { if let s = v[k]?.scalarText { return (k, s) } }
            return nil
        }
        guard let (textKey, text) = first(textKeys) else {
            return .unreadable(position, "no text field (expected \"text\")")
        }
        let idPair = first(idKeys)
        let datePair = first(dateKeys)
        let urlPair = first(urlKeys)
        var post = HistoryPost(
            id: idPair?.1 ?? "\(file)#\(position.record)", text: text, createdAt: datePair.map { HistoryDate.normalise($0.1) },
            url: urlPair?.1, source: .jsonl, kind: v["kind"]?.string, position: position)
        let used: Set<String> = [textKey, idPair?.0 ?? "", datePair?.0 ?? "", urlPair?.0 ?? "", "kind"]
        for m in members where !used.contains(m.key) && !HistoryPost.outputKeys.contains(m.key) {
            post.passthrough.append((m.key, String(decoding: bytes[m.range], as: UTF8.self)))
        }
        return .post(post)
    }
}

extension HistoryPost {
    /// Keys the output writes itself; input fields of these names are not passed through.
    static let outputKeys: Set<String> = [
        "id", "created_at", "url", "source", "kind", "verdict", "findings", "input_warnings", "position",
    ]
}
