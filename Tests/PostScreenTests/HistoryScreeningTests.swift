import Foundation
import Testing

@testable import PostScreen

@Suite("History screening, summary and report")
struct HistoryScreeningTests {
    /// A JSONL history of `n` posts, every seventh one risky.
    static func history(_ n: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(getpid())-\(n)-\(UUID().uuidString).jsonl")
        var text = ""
        for i in 0..<n {
            let body = i % 7 == 0 ? "Year 10, text me on 07700 900\(100 + i % 900) about the trip" : "Post number \(i): a walk and a coffee."
            let month = i % 12 + 1
            text += "{\"id\":\"n\(i)\",\"text\":\"\(body)\",\"created_at\":\"2020-\(month < 10 ? "0" : "")\(month)-01T00:00:00Z\"}\n"
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

    @Test("the report shows flagged posts with their spans highlighted and text escaped")
    func reportSections() throws {
        let post = HistoryPost(
            id: "x1", text: "<b>Text me</b> on 07700 900123 & Year 11", createdAt: "2023-05-01T10:00:00Z",
            url: "https://x.com/a/status/1", source: .twitter, position: HistoryPosition(file: "t", record: 1))
        let report = Support.generic.screen(post.text, id: post.id)
        let section = try #require(HistoryReportPage.postSection(post, report))
        #expect(section.contains("&lt;b&gt;<mark"))
        #expect(section.contains(">07700 900123</mark>"))
        #expect(section.contains("href=\"https://x.com/a/status/1\""))
        #expect(section.contains("2023-05-01 10:00"))
        let clean = Support.generic.screen("A walk and a coffee.")
        #expect(HistoryReportPage.postSection(post, clean) == nil)
        var summary = HistorySummary()
        summary.add(.screened(post, report))
        let head = HistoryReportPage.head(summary: summary, title: "Report <test>")
        #expect(head.contains("<svg"))
        #expect(head.contains("Report &lt;test&gt;"))
        #expect(!head.contains("<script"))
        #expect(HistoryReportPage.grouped(1_000_000) == "1,000,000" && HistoryReportPage.grouped(999) == "999")
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
        var sections = ""
        for name in ["twitter", "mastodon/outbox.json", "facebook/your_posts_1.json", "posts.jsonl"] {
            let reader = try HistoryReader(path: HistoryFixtures.path(name))
            try reader.read { record in
                let outcome = HistoryScreening(screener: Support.generic, jobs: 1).outcome(record)
                summary.add(outcome)
                if case .screened(let post, let report) = outcome, let s = HistoryReportPage.postSection(post, report) {
                    sections += s
                }
            }
        }
        let html = HistoryReportPage.head(summary: summary, title: "Fixture report") + sections + HistoryReportPage.tail
        let page = dir.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        // The DOM Chromium built: the page parsed, the chart and every flagged post are there.
        let dom = try Self.chromium(["--dump-dom", page.absoluteString], in: dir)
        #expect(dom.contains("<svg class=\"chart\""))
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
