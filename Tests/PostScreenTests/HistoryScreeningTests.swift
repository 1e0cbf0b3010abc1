import Foundation
import Testing

@testable import PostScreen

@Suite("History screening, summary and report")
struct HistoryScreeningTests {
    /// A JSONL history of `n` posts, every seventh one risky; with `years`, spread over 2016–2020,
    /// with other risks (a door code, a grievance) and some undated posts.
    static func history(_ n: Int, years: Bool = false) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(getpid())-\(n)-\(UUID().uuidString).jsonl")
        var text = ""
        let risks = ["Year 10, text me on 07700 900%d about the trip", "The door code is %d for the side gate", "SLT have stitched us up again, %d hours of meetings"]
        for i in 0..<n {
            let risk = years ? risks[i / 7 % risks.count] : risks[0]
            let body = i % 7 == 0 ? String(format: risk, 100 + i % 900) : "Post number \(i): a walk and a coffee."
            let month = i % 12 + 1
            let year = years ? 2016 + i % 5 : 2020
            let date = years && i % 11 == 0 ? "" : ",\"created_at\":\"\(year)-\(month < 10 ? "0" : "")\(month)-01T00:00:00Z\""
            text += "{\"id\":\"n\(i)\",\"text\":\"\(body)\"\(date)}\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func run(_ path: String, jobs: Int, resume: Set<String> = []) throws -> ([String], HistorySummary) {
        var screening = HistoryScreening(screener: Support.generic, jobs: jobs)
        screening.batchSize = 16
        if !resume.isEmpty { screening.alreadyScreened = { resume.contains($0) } }
        let reader = try HistoryReader(path: path)
        var lines: [String] = []
        var summary = HistorySummary()
        try screening.run(
            { emit in try reader.read(emit) },
            prepare: { outcome -> (HistoryOutcome, String?) in
                guard case .screened(_, let report) = outcome else { return (outcome, nil) }
                return (outcome, ReportEncoding.json(report))
            },
            deliver: { outcome, line in
                summary.add(outcome)
                if let line { lines.append(line) }
            })
        return (lines, summary)
    }

    @Test("screens in parallel and delivers in input order, the same as one thread")
    func order() throws {
        let url = try Self.history(2_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let (one, _) = try Self.run(url.path, jobs: 1)
        let (four, summary) = try Self.run(url.path, jobs: 4)
        #expect(one.count == 2_000)
        #expect(one == four)
        #expect(four.first?.hasPrefix("{\"id\":\"n0\"") == true)
        #expect(four.last?.hasPrefix("{\"id\":\"n1999\"") == true)
        #expect(summary.read == 2_000 && summary.screened == 2_000)
        #expect(summary.byVerdict["block"] == 286)
    }

    @Test("every record is counted once: screened, skipped or unreadable")
    func summaryAddsUp() throws {
        for name in ["posts.jsonl", "mastodon/outbox.json", "facebook/your_posts_1.json", "posts.csv", "twitter"] {
            let (_, s) = try Self.run(HistoryFixtures.path(name), jobs: 2)
            #expect(s.read == s.screened + s.skipped + s.unreadable + s.resumed)
            #expect(s.byVerdict.values.reduce(0, +) == s.screened)
            #expect(s.byYear.values.reduce(0) { $0 + $1.posts } == s.screened)
        }
    }

    @Test("delivers what was read before a truncated file's error")
    func truncatedDeliversFirst() throws {
        var delivered = 0
        let reader = try HistoryReader(path: HistoryFixtures.path("truncated.jsonl"))
        let screening = HistoryScreening(screener: Support.generic, jobs: 2)
        #expect(throws: HistoryError.self) {
            try screening.run({ emit in try reader.read(emit) }, prepare: { $0 }, deliver: { _ in delivered += 1 })
        }
        #expect(delivered == 3)
    }

    @Test("resume: skips ids already in the output, and ignores a half-written last line")
    func resume() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: out) }
        let earlier = """
            {"id":"p1","created_at":"2024-10-26T09:00:00Z","source":"jsonl","verdict":"clear","findings":[]}
            {"id":"p2","source":"jsonl","verdict":"block","findings":[{"category":"pupil-contact","grade":"block"}]}
            {"id":"3","source":"js
            """
        try earlier.write(to: out, atomically: true, encoding: .utf8)
        let resume = try HistoryResume.load(path: out.path)
        #expect(Set(resume.entries.keys) == ["p1", "p2"])
        #expect(resume.entries["p2"]?.verdict == .block)
        #expect(resume.entries["p2"]?.categories == [.pupilContact])
        #expect(resume.entries["p1"]?.year == 2024)
        #expect(resume.completeLength == earlier.utf8.count - "{\"id\":\"3\",\"source\":\"js".utf8.count)
        let (lines, summary) = try Self.run(HistoryFixtures.path("posts.jsonl"), jobs: 2, resume: Set(resume.entries.keys))
        #expect(lines.count == 2)
        #expect(summary.resumed == 2 && summary.screened == 2)
        #expect(try HistoryResume.load(path: "/nonexistent/out.jsonl").entries.isEmpty)
    }

    /// The output line `screen history` writes for a post, read back.
    static func outputLine(_ post: HistoryPost, _ report: Report) throws -> HistoryOutputLine {
        var bytes: [UInt8] = []
        ReportEncoding.append(report, extras: [("created_at", post.createdAt), ("url", post.url), ("source", post.source.rawValue)], to: &bytes)
        return try #require(HistoryOutputLine(bytes))
    }

    @Test("the report embeds flagged posts compactly, safe inside a script element, with spans in UTF-16 units")
    func reportList() throws {
        let post = HistoryPost(
            id: "x1", text: "😀 </script><b>Text me</b> on 07700 900123 & Year 11", createdAt: "2023-05-01T10:00:00Z",
            url: "https://x.com/MsT/status/1", source: .twitter, position: HistoryPosition(file: "t", record: 1))
        let report = Support.generic.screen(post.text, id: post.id)
        let line = try Self.outputLine(post, report)
        var list = HistoryReportList()
        list.add(line, text: post.text)
        let clean = HistoryPost(id: "x2", text: "A walk and a coffee.", source: .jsonl, position: HistoryPosition(file: "t", record: 2))
        list.add(try Self.outputLine(clean, Support.generic.screen(clean.text, id: clean.id)), text: clean.text)
        #expect(list.total == 1 && list.kept == 1)
        let json = String(decoding: list.json(), as: UTF8.self)
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        #expect(json.contains("\\u003c/script\\u003e"))
        #expect(json.contains("\"accounts\":[\"@MsT\"]"))
        // The phone number's span, counted in UTF-16 code units (the emoji is two) as JavaScript slices.
        let phone = try #require(line.findings.first { $0.category == .contactDetails })
        let span = try #require(HistoryReportList.utf16Span(post.text, phone))
        let utf16 = Array(post.text.utf16)
        #expect(String(decoding: utf16[span], as: UTF16.self) == "07700 900123")
        #expect(json.contains("[\(span.lowerBound),\(span.upperBound),"))
        // A span that does not pick out its text (the text changed since) is not marked.
        var moved = phone
        moved.start += 1
        moved.end += 1
        #expect(HistoryReportList.utf16Span(post.text, moved) == nil)
        // A post in the output whose text is not known (not in this run's inputs): its findings, unmarked.
        var unknown = HistoryReportList()
        unknown.add(line, text: nil)
        #expect(unknown.withoutText == 1 && String(decoding: unknown.json(), as: UTF8.self).contains("[-1,-1,"))
        let page = String(decoding: HistoryReportPage.page(
            summary: HistorySummary(), list: unknown, title: "t", provenance: .init(profile: "built-in default profile", account: "personal", version: "0")),
            as: UTF8.self)
        #expect(page.contains("1 post is in the output but not in this run's inputs"))
    }

    @Test("the report's budget keeps blocks first and counts what it leaves out")
    func reportBudget() throws {
        var list = HistoryReportList(minimum: .caution, budget: 3_000)
        let texts = ["The door code is 4821 for the side gate", "Year 10, text me on 07700 900123 about the trip"]
        for i in 0..<60 {
            let post = HistoryPost(id: "p\(i)", text: texts[i % 2], source: .jsonl, position: HistoryPosition(file: "t", record: i + 1))
            list.add(try Self.outputLine(post, Support.generic.screen(post.text, id: post.id)), text: post.text)
        }
        #expect(list.total == 60)
        #expect(list.kept < 60 && list.kept + list.omitted.values.reduce(0, +) == 60)
        #expect(list.json().count <= 3_000 + 2_000)
        let topGrade = try #require(list.seen.keys.max())
        // Whatever was left out is of a lower grade than anything kept at the top.
        #expect(list.omitted[topGrade] == nil || list.seen.count == 1)
        let page = String(decoding: HistoryReportPage.page(
            summary: HistorySummary(), list: list, title: "t", provenance: .init(profile: "built-in default profile", account: "personal", version: "0")),
            as: UTF8.self)
        #expect(page.contains("id=\"capped\""))
    }

    @Test("the page: provenance with the profile's SHA-256, a grade key, a partial run's resume command, escaping")
    func reportPage() throws {
        let profile = Support.fixtures.appendingPathComponent("school/postscreen.toml").path
        let provenance = HistoryReportPage.Provenance(
            profile: profile, account: "official", version: "9.9", made: Date(timeIntervalSince1970: 1_800_000_000),
            timeZone: TimeZone(identifier: "Europe/London")!)
        #expect(provenance.profileSHA256 == SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: profile)))))
        var summary = HistorySummary()
        summary.interrupted = true
        summary.read = 1234
        let page = String(decoding: HistoryReportPage.page(
            summary: summary, list: HistoryReportList(), title: "Report <test>", provenance: provenance, resume: "screen history a.zip --resume"),
            as: UTF8.self)
        #expect(page.contains("Report &lt;test&gt;"))
        #expect(page.contains("Made 2027-01-15 08:00 (time zone Europe/London, UTC+00:00) by PostScreen 9.9"))
        #expect(page.contains("SHA-256 <code class=\"hash\">\(provenance.profileSHA256!)</code>"))
        #expect(page.contains("account official"))
        #expect(page.contains("Key to the grades"))
        #expect(page.contains("This report is partial") && page.contains("after 1,234 records"))
        #expect(page.contains("<code>screen history a.zip --resume</code>"))
        #expect(!page.contains("src=\"http") && !page.contains("<link"))
        #expect(HistoryReportPage.grouped(1_000_000) == "1,000,000" && HistoryReportPage.grouped(999) == "999")
    }

    @Test("SHA-256 matches the standard's examples")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("a post's account comes from its link: @name on X, @name@server on Mastodon, else the format")
    func accounts() {
        #expect(HistoryReportList.account(url: "https://x.com/MsT/status/1", source: "twitter") == "@MsT")
        #expect(HistoryReportList.account(url: "https://x.com/i/web/status/1", source: "twitter") == "twitter")
        #expect(HistoryReportList.account(url: "https://mastodon.social/@jo/1099", source: "mastodon") == "@jo@mastodon.social")
        #expect(HistoryReportList.account(url: "https://social.example/users/jo/statuses/9", source: "mastodon") == "@jo@social.example")
        #expect(HistoryReportList.account(url: nil, source: "facebook") == "facebook")
    }

    /// Chromium, when installed (Debian's `chromium`), renders the report for real.
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test("the HTML report renders in headless Chromium", .enabled(if: chromium != nil, "needs chromium"))
    func reportRenders() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var summary = HistorySummary()
        var list = HistoryReportList()
        for name in ["twitter", "mastodon/outbox.json", "facebook/your_posts_1.json", "posts.jsonl"] {
            let reader = try HistoryReader(path: HistoryFixtures.path(name))
            try reader.read { record in
                let outcome = HistoryScreening(screener: Support.generic, jobs: 1).outcome(record)
                summary.add(outcome)
                if case .screened(let post, let report) = outcome {
                    let line = try Self.outputLine(post, report)
                    list.add(line, text: post.text)
                }
            }
        }
        let html = HistoryReportPage.page(
            summary: summary, list: list, title: "Fixture report",
            provenance: .init(profile: "built-in default profile", account: "personal", version: "test"))
        let page = dir.appendingPathComponent("report.html")
        try Data(html).write(to: page)
        // The DOM Chromium built once the page's script ran: the chart and every flagged post are there.
        let dom = try Self.chromium(["--dump-dom", "--virtual-time-budget=5000", page.absoluteString], in: dir)
        #expect(dom.contains("<svg class=\"chart\""))
        #expect(dom.contains("data-ready=\"1\""))
        #expect(dom.components(separatedBy: "<article class=\"post").count - 1 == summary.flagged)
        #expect(dom.contains("<mark"))
        let png = dir.appendingPathComponent("report.png")
        _ = try Self.chromium(["--screenshot=\(png.path)", "--window-size=1200,1600", page.absoluteString], in: dir)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.count > 20_000)
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    static func chromium(_ arguments: [String], in dir: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.path)/profile"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
