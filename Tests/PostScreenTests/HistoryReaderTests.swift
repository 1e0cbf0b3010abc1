import Foundation
import Testing

@testable import PostScreen

/// Reading post-history exports: every record of each fixture export is a post, skipped or
/// unreadable, and the posts' text is what the person wrote.
enum HistoryFixtures {
    static let folder = Support.fixtures.appendingPathComponent("history")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Every item of an export, and the error that stopped it (if any).
    static func items(_ name: String, format: HistoryFormat? = nil, textColumn: String? = nil) throws -> (
        [HistoryItem], HistoryError?
    ) {
        let reader = try HistoryReader(path: path(name), format: format, options: HistoryReadOptions(textColumn: textColumn))
        var items: [HistoryItem] = []
        do {
            try reader.read { items.append($0.decode()) }
        } catch let error as HistoryError {
            return (items, error)
        }
        return (items, nil)
    }

    static func posts(_ items: [HistoryItem]) -> [HistoryPost] {
        items.compactMap { if case .post(let p) = $0 { p } else { nil } }
    }

    static func count(_ items: [HistoryItem]) -> (posts: Int, skipped: Int, unreadable: Int) {
        var c = (posts: 0, skipped: 0, unreadable: 0)
        for i in items {
            switch i {
            case .post: c.posts += 1
            case .skipped: c.skipped += 1
            case .unreadable: c.unreadable += 1
            }
        }
        return c
    }
}

@Suite("History readers")
struct HistoryReaderTests {
    @Test("reads a Twitter/X archive alike as a zip, its folder and data/tweets.js")
    func twitterForms() throws {
        let forms = ["twitter-archive.zip", "twitter", "twitter/data/tweets.js"]
        var texts: [[String]] = []
        for form in forms {
            let (items, error) = try HistoryFixtures.items(form)
            #expect(error == nil)
            let reader = try HistoryReader(path: HistoryFixtures.path(form))
            #expect(reader.format == .twitter)
            let posts = HistoryFixtures.posts(items)
            #expect(posts.count == 6)
            texts.append(posts.map(\.text))
            #expect(posts[0].id == "1050118621198921728")
            #expect(posts[0].createdAt == "2018-10-10T20:19:24Z")
            #expect(posts[0].url == "https://x.com/MsTeachesMaths/status/1050118621198921728")
            #expect(posts[0].text.contains("sea this morning & a coffee"))
            #expect(posts.map { $0.kind ?? "" } == ["post", "post", "reply", "repost", "post", "post"])
        }
        #expect(texts[0] == texts[1] && texts[1] == texts[2])
    }

    @Test("puts a long post's full text from note-tweet.js in place of the cut-off tweet")
    func noteTweets() throws {
        let posts = HistoryFixtures.posts(try HistoryFixtures.items("twitter").0)
        let long = try #require(posts.first { $0.id == "1623000000000000000" })
        #expect(long.text.hasSuffix("Going to the papers if nothing changes by half term."))
        #expect(!posts.contains { $0.id == "1622999999999999999" })
    }

    @Test("expands t.co links so where a link goes is screened")
    func expandsLinks() throws {
        let posts = HistoryFixtures.posts(try HistoryFixtures.items("twitter").0)
        #expect(posts[2].text == "@parentgroup Parents can join our class chat here https://chat.whatsapp.com/Kx9aBcDeF")
    }

    @Test("repairs Facebook's mis-encoded UTF-8 and skips posts with no words")
    func facebook() throws {
        let (items, error) = try HistoryFixtures.items("facebook/your_posts_1.json")
        #expect(error == nil)
        #expect(HistoryFixtures.count(items) == (3, 1, 0))
        let posts = HistoryFixtures.posts(items)
        #expect(posts[0].text == "Café trip with the Year 9s — brilliant day! Zoë organised it all 🎉")
        #expect(posts[0].createdAt == "2020-01-01T12:00:00Z")
        #expect(posts[0].id == "your_posts_1.json#1")
        #expect(posts[2].id == "your_posts_1.json#4")
    }

    @Test("leaves text that is already right alone")
    func mojibakeOnlyWhenMisEncoded() {
        #expect(MojibakeRepair.repair("Zoë and Chloë") == "Zoë and Chloë")
        #expect(MojibakeRepair.repair("Zo\u{00C3}\u{00AB}") == "Zoë")
        #expect(MojibakeRepair.repair("£5 – “quoted”") == "£5 – “quoted”")
        #expect(MojibakeRepair.repair("plain") == "plain")
    }

    @Test("reads Instagram captions, repaired, and skips photos with none")
    func instagram() throws {
        let (items, _) = try HistoryFixtures.items("instagram/posts_1.json")
        #expect(HistoryFixtures.count(items) == (2, 1, 0))
        let posts = HistoryFixtures.posts(items)
        #expect(posts[0].text == "Sports day pics of my class 📸 so proud of them all")
        #expect(posts[1].text == "Beach day ☀️ with the family")
    }

    @Test("turns Mastodon HTML into text: paragraphs, line breaks, entities, links")
    func mastodon() throws {
        let (items, error) = try HistoryFixtures.items("mastodon/outbox.json")
        #expect(error == nil)
        #expect(HistoryFixtures.count(items) == (3, 1, 0))
        let posts = HistoryFixtures.posts(items)
        #expect(posts[0].text == "Marking done & dusted.\n\nRock & roll night at the pub — who's in?")
        #expect(
            posts[1].text
                == "@parents Parents can reach me at\n07700 900123 or jo.home@gmail.com\n\nSee https://example.org/a/very/long/path <3")
        #expect(posts[1].kind == "reply")
        #expect(posts[1].url == "https://mastodon.example/@jo/2")
    }

    @Test("reports findings against the converted Mastodon text")
    func mastodonOffsets() throws {
        let post = HistoryFixtures.posts(try HistoryFixtures.items("mastodon/outbox.json").0)[1]
        let report = Support.generic.screen(post.text, id: post.id)
        #expect(!report.findings.isEmpty)
        let bytes = Array(post.text.utf8)
        for f in report.findings {
            #expect(String(decoding: bytes[f.start..<f.end], as: UTF8.self) == f.text)
        }
        #expect(report.findings.contains { $0.text == "07700 900123" && $0.line == 2 })
    }

    @Test("reads LinkedIn Shares.csv with quoted multi-line fields and doubled quotes")
    func linkedin() throws {
        let (items, error) = try HistoryFixtures.items("linkedin/Shares.csv")
        #expect(error == nil)
        #expect(HistoryFixtures.count(items) == (2, 1, 0))
        let posts = HistoryFixtures.posts(items)
        #expect(posts[0].source == .linkedin)
        #expect(posts[1].text == "Three lines:\r\n\"quoted words\", a comma, and\r\na third line")
        #expect(posts[1].url == "https://www.linkedin.com/feed/update/urn:li:share:2")
        #expect(posts[1].createdAt == "2022-06-15T12:30:00")
        #expect(posts.map(\.position.line) == [2, 4])
        if case .skipped(let p, _) = items[2] { #expect(p.line == 7) } else { Issue.record("record 3 should be skipped") }
    }

    @Test("finds a CSV's text column from its header, or by --text-column name or number")
    func csvColumns() throws {
        let (items, _) = try HistoryFixtures.items("posts.csv")
        #expect(HistoryFixtures.count(items) == (3, 0, 1))
        let posts = HistoryFixtures.posts(items)
        #expect(posts[2].text == "A line\nthat continues")
        #expect(posts[0].url == "https://example.org/p/1")
        let byName = HistoryFixtures.posts(try HistoryFixtures.items("posts.csv", textColumn: "Message").0)
        let byNumber = HistoryFixtures.posts(try HistoryFixtures.items("posts.csv", textColumn: "2").0)
        #expect(byName.map(\.text) == posts.map(\.text))
        #expect(byNumber.map(\.text) == posts.map(\.text))
        let (none, error) = try HistoryFixtures.items("posts.csv", textColumn: "Nope")
        #expect(none.isEmpty)
        #expect(error?.message.contains("no column named \"Nope\"") == true)
    }

    @Test("reads JSONL: id and text, other fields passed through as written, bad lines unreadable")
    func jsonl() throws {
        let (items, error) = try HistoryFixtures.items("posts.jsonl")
        #expect(error == nil)
        #expect(HistoryFixtures.count(items) == (4, 0, 2))
        let posts = HistoryFixtures.posts(items)
        #expect(posts.map(\.id) == ["p1", "p2", "3", "p6"])
        #expect(posts[0].passthrough.map(\.key) == ["likes", "tags"])
        #expect(posts[0].passthrough[1].json == "[\"holiday\", \"walking\"]")
        #expect(posts[2].createdAt == "2024-11-17T10:40:00Z")
        let unreadable = items.compactMap { if case .unreadable(let p, let r) = $0 { (p.line, r) } else { nil } }
        #expect(unreadable.map(\.0) == [5, 6])
        #expect(unreadable[1].1.contains("no text"))
    }

    @Test("a truncated file: records before the cut, the cut record unreadable, then an error", arguments: [
        ("tweets-truncated.js", 2), ("truncated.jsonl", 2), ("truncated.csv", 1),
    ])
    func truncated(name: String, complete: Int) throws {
        let (items, error) = try HistoryFixtures.items(name)
        let e = try #require(error)
        #expect(e.message.contains("truncated"))
        #expect(HistoryFixtures.count(items).posts == complete)
        guard case .unreadable(let p, let reason) = items.last else {
            Issue.record("the cut record should be listed as unreadable")
            return
        }
        #expect(p.record == complete + 1)
        #expect(reason.contains("cut off"))
    }

    @Test("a truncated zip archive is a clear error")
    func truncatedZip() {
        #expect(throws: HistoryError.self) { try HistoryReader(path: HistoryFixtures.path("archive-truncated.zip")) }
    }

    /// Reads a damaged copy of an archive to the end: an error or records, but it must return.
    static func readDamaged(_ bytes: [UInt8], name: String) -> (records: Int, error: Bool) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(getpid())-\(name)")
        defer { try? FileManager.default.removeItem(at: url) }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else { return (0, true) }
        var records = 0
        do {
            try HistoryReader(path: url.path).read { _ = $0.decode(); records += 1 }
        } catch {
            return (records, true)
        }
        return (records, false)
    }

    @Test("a zip archive cut short or with a byte changed anywhere is read or refused, never a hang")
    func damagedZip() throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: HistoryFixtures.path("twitter-archive.zip"))))
        #expect(Self.readDamaged(whole, name: "whole.zip") == (6, false))
        var refused = 0
        for cut in stride(from: 4, to: whole.count, by: 29) {
            if Self.readDamaged(Array(whole.prefix(cut)), name: "cut.zip").error { refused += 1 }
        }
        // Without its directory (at the end) no cut archive can be read.
        #expect(refused == (whole.count - 4 + 28) / 29)
        var changed = 0
        for at in stride(from: 0, to: whole.count, by: 3) {
            var copy = whole
            copy[at] ^= 0x5A
            let r = Self.readDamaged(copy, name: "flip.zip")
            if r.error || r.records != 6 { changed += 1 }
        }
        // The CRC and the structure checks catch most changes; changes to unused fields go unseen.
        #expect(changed > whole.count / 3 / 2)
    }

    @Test("reads Mastodon's .tar.gz export (and a plain pax tar) as it comes, past the media", arguments: [
        "mastodon-archive.tar.gz", "mastodon-pax.tar",
    ])
    func mastodonArchive(name: String) throws {
        let reader = try HistoryReader(path: HistoryFixtures.path(name))
        #expect(reader.format == .mastodon)
        let (items, error) = try HistoryFixtures.items(name)
        #expect(error == nil)
        let (plain, _) = try HistoryFixtures.items("mastodon/outbox.json")
        #expect(HistoryFixtures.posts(items).map(\.text) == HistoryFixtures.posts(plain).map(\.text))
        #expect(HistoryFixtures.count(items) == (3, 1, 0))
    }

    @Test("a truncated or corrupt .tar.gz is a clear error", arguments: [2_500, 600, 40])
    func truncatedTarGz(keep: Int) throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: HistoryFixtures.path("mastodon-archive.tar.gz")))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(getpid())-\(keep).tar.gz")
        try whole.prefix(keep).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        let error = #expect(throws: HistoryError.self) {
            let reader = try HistoryReader(path: cut.path)
            try reader.read { _ in }
        }
        #expect(error?.message.contains("truncated") == true, "\(String(describing: error))")
        // Flipped bytes in the compressed data are reported, not crashed on.
        var corrupt = whole
        for k in stride(from: 200, to: min(corrupt.count, 1_200), by: 7) { corrupt[k] ^= 0x5A }
        try corrupt.write(to: cut)
        #expect(throws: HistoryError.self) {
            let reader = try HistoryReader(path: cut.path)
            try reader.read { _ in }
        }
    }

    @Test("a Mastodon tar or .tar.gz cut short or with a byte changed anywhere is read or refused, never a trap or hang", arguments: [
        "mastodon-archive.tar.gz", "mastodon-pax.tar",
    ])
    func damagedTar(name: String) throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: HistoryFixtures.path(name))))
        let ext = name.hasSuffix(".gz") ? "tar.gz" : "tar"
        #expect(Self.readDamaged(whole, name: "whole.\(ext)") == (4, false))
        var refused = 0
        let step = max(1, whole.count / 400)
        for cut in stride(from: 1, to: whole.count, by: step) {
            if Self.readDamaged(Array(whole.prefix(cut)), name: "cut.\(ext)").error { refused += 1 }
        }
        // outbox.json sits before the media: a cut after it may still read, a cut before it cannot.
        #expect(refused > 0)
        var changed = 0
        for at in stride(from: 0, to: whole.count, by: step) {
            var copy = whole
            copy[at] ^= 0x5A
            let r = Self.readDamaged(copy, name: "flip.\(ext)")
            if r.error || r.records != 4 { changed += 1 }
        }
        #expect(changed > 0)
    }

    @Test("pax records: a length shorter than its prefix, past the data, or unreadable is corrupt input at its byte")
    func paxRecords() throws {
        // The record, and the byte of the header data (at 512 in the file) where the damage starts.
        let cases = [("1 path=abc\n", 512), ("99 path=abc\n", 512), ("x path=abc\n", 512), ("0 path=abc\n", 512),
                     ("5 path=abc\n", 517)]
        for (bad, byte) in cases {
            let error = #expect(throws: HistoryError.self) { try TarArchive.paxPath(Array(bad.utf8), file: "a.tar", at: 512) }
            #expect(error?.message.hasPrefix("corrupt at byte \(byte)") == true, "\(bad): \(String(describing: error))")
        }
        #expect(try TarArchive.paxPath(Array("13 path=abcd\n".utf8), file: "a.tar", at: 0) == "abcd")
        #expect(try TarArchive.paxPath(Array("12 uid=1000\n13 path=abcd\n\0\0".utf8), file: "a.tar", at: 0) == "abcd")
    }

    @Test("tells formats apart from names and content")
    func detection() throws {
        let expected: [(String, HistoryFormat)] = [
            ("facebook/your_posts_1.json", .facebook), ("instagram/posts_1.json", .instagram),
            ("mastodon/outbox.json", .mastodon), ("linkedin/Shares.csv", .linkedin), ("posts.csv", .csv),
            ("posts.jsonl", .jsonl), ("twitter-archive.zip", .twitter), ("mastodon", .mastodon),
        ]
        for (name, format) in expected { #expect(try HistoryReader(path: HistoryFixtures.path(name)).format == format) }
        let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("history-export-\(getpid()).json")
        try FileManager.default.copyItem(atPath: HistoryFixtures.path("mastodon/outbox.json"), toPath: renamed.path)
        defer { try? FileManager.default.removeItem(at: renamed) }
        #expect(try HistoryReader(path: renamed.path).format == .mastodon)
    }

    @Test("normalises the exports' dates to ISO 8601")
    func dates() {
        #expect(HistoryDate.normalise("Wed Oct 10 20:19:24 +0000 2018") == "2018-10-10T20:19:24Z")
        #expect(HistoryDate.normalise("2023-02-10T17:23:45.000Z") == "2023-02-10T17:23:45Z")
        #expect(HistoryDate.normalise("1577880000") == "2020-01-01T12:00:00Z")
        #expect(HistoryDate.normalise("1577880000000") == "2020-01-01T12:00:00Z")
        #expect(HistoryDate.normalise("yesterday") == "yesterday")
        #expect(HistoryDate.yearMonth("2024-02-29T00:00:00Z")! == (2024, 2))
    }
}
