import Foundation
import Testing

/// `screen history` end to end: output, exit codes, resume, a closed pipe, Ctrl-C. Runs the
/// `screen` binary built beside the tests.
@Suite("screen history command")
struct HistoryCommandTests {
    static let binary: URL? = {
        let candidates = [
            Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("screen"),
            Support.repository.appendingPathComponent(".build/debug/screen"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], signalAfter: Double? = nil) throws -> Run {
        let process = Process()
        process.executableURL = binary!
        process.arguments = ["history", "--no-progress"] + arguments
        process.currentDirectoryURL = HistoryFixtures.folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let signalAfter {
            Thread.sleep(forTimeInterval: signalAfter)
            kill(process.processIdentifier, SIGINT)
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("writes one JSON object per post with id, created_at, url and source; exits 1 on a warning", .enabled(if: binary != nil))
    func output() throws {
        let r = try Self.run(["twitter-archive.zip"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        let first = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
        #expect(first["id"] as? String == "1050118621198921729")
        #expect(first["created_at"] as? String == "2018-10-11T16:02:00Z")
        #expect(first["source"] as? String == "twitter")
        #expect(first["url"] as? String == "https://x.com/MsTeachesMaths/status/1050118621198921729")
        #expect(first["verdict"] as? String == "block")
        #expect(r.stderr.contains("6 records read: 6 screened, 0 skipped, 0 unreadable"))
    }

    @Test("a tar whose pax record is shorter than its own length prefix is corrupt input (exit 2, file and byte), not a crash", .enabled(if: binary != nil))
    func paxRecordShorterThanPrefix() throws {
        // The reproducer of issue 18: the pax header holds the record "1 path=abc\n".
        let r = try Self.run(["--input-format", "mastodon", "pax-short-record.tar"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("pax-short-record.tar"), "\(r.stderr)")
        #expect(r.stderr.contains("corrupt at byte 512"), "\(r.stderr)")
    }

    @Test("exit status follows --fail-on over all posts", .enabled(if: binary != nil))
    func failOn() throws {
        #expect(try Self.run(["linkedin/Shares.csv"]).status == 0)
        #expect(try Self.run(["--fail-on", "none", "posts.jsonl"]).status == 0)
        #expect(try Self.run(["--fail-on", "block", "posts.jsonl"]).status == 1)
    }

    @Test("a truncated file or a missing one exits 2 with a clear message, after writing what it could", .enabled(if: binary != nil))
    func inputErrors() throws {
        let truncated = try Self.run(["truncated.jsonl"])
        #expect(truncated.status == 2)
        #expect(truncated.stdout.split(separator: "\n").count == 2)
        #expect(truncated.stderr.contains("truncated.jsonl: truncated: the file ends inside record 3 (line 3)"))
        #expect(truncated.stderr.contains("unreadable: truncated.jsonl: record 3 (line 3): cut off"))
        let missing = try Self.run(["no-such-export.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-export.json: no such file or folder"))
        let zip = try Self.run(["archive-truncated.zip"])
        #expect(zip.status == 2)
        #expect(zip.stderr.contains("truncated or corrupt"))
    }

    @Test("--resume appends only posts not yet in the output", .enabled(if: binary != nil))
    func resume() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cli-resume-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let full = try Self.run(["--output", out, "posts.jsonl"])
        let all = try String(contentsOfFile: out, encoding: .utf8)
        let lines = all.split(separator: "\n")
        #expect(lines.count == 4)
        // Keep two lines and half of the third, as an interrupted run would.
        let partial = lines[0] + "\n" + lines[1] + "\n" + lines[2].prefix(20)
        try partial.write(toFile: out, atomically: true, encoding: .utf8)
        let resumed = try Self.run(["--output", out, "--resume", "posts.jsonl"])
        #expect(resumed.status == full.status)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == all)
        #expect(resumed.stderr.contains("2 screened, 2 already in the output (resumed)"))
    }

    @Test("writes the summary as JSON and the HTML report", .enabled(if: binary != nil))
    func summaryAndReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-report-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = dir.appendingPathComponent("summary.json").path
        let report = dir.appendingPathComponent("report.html").path
        _ = try Self.run(["--summary", summary, "--report", report, "-o", dir.appendingPathComponent("o.jsonl").path, "mastodon/outbox.json", "posts.csv"])
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        #expect(s["read"] as? Int == 8)
        #expect((s["unreadable_records"] as? [[String: Any]])?.first?["line"] as? Int == 6)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("door code is 4821"))
        #expect(!html.contains("This report is partial"))
        #expect(html.contains("PostScreen \(Self.version)"))
    }

    @Test("a closed pipe ends quietly", .enabled(if: binary != nil))
    func closedPipe() throws {
        let url = try HistoryScreeningTests.history(20_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "'\(Self.binary!.path)' history --no-progress --jobs 2 '\(url.path)' | head -n 3 >/dev/null; echo \"status ${PIPESTATUS:-}\""]
        let err = Pipe()
        shell.standardError = err
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        #expect(String(decoding: e, as: UTF8.self).isEmpty)
    }

    @Test("Ctrl-C writes what was screened, summarises and exits 130", .enabled(if: binary != nil))
    func interrupt() throws {
        let url = try HistoryScreeningTests.history(100_000)
        let out = url.deletingPathExtension().appendingPathExtension("out.jsonl")
        defer {
            try? FileManager.default.removeItem(at: url)
            try? FileManager.default.removeItem(at: out)
        }
        let process = Process()
        process.executableURL = Self.binary!
        process.arguments = ["history", "--no-progress", "--jobs", "2", "--output", out.path, url.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        // Interrupt once screening is under way (the first output has been flushed).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning,
            ((try? FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int) ?? 0) == 0
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(stderr.contains("interrupted"))
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")  // ends with a whole line
        let written = lines.count - 1
        #expect(written > 0 && written < 100_000)
        #expect(stderr.contains("\(written) records read: \(written) screened"))
    }

    static let version: String = {
        let process = Process()
        process.executableURL = binary!
        process.arguments = ["--version"]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// What the report, the summary and the JSONL each say about a run's posts.
    struct Agreement {
        var lines: [[String: Any]]
        var summary: [String: Any]
        var html: String

        init(output: String, summary: String, report: String) throws {
            lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
            self.summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
            html = try String(contentsOfFile: report, encoding: .utf8)
        }

        func verdicts(_ grade: String) -> Int { lines.filter { $0["verdict"] as? String == grade }.count }
        var ids: Set<String> { Set(lines.map { $0["id"] as! String }) }
        var flagged: Int { lines.filter { ["caution", "warning", "block"].contains($0["verdict"] as? String) }.count }
        /// Findings at caution or above in dated posts: what the chart counts.
        var charted: Int {
            lines.filter { $0["created_at"] != nil }.reduce(0) { n, line in
                n + (line["findings"] as! [[String: Any]]).filter { ["caution", "warning", "block"].contains($0["grade"] as? String) }.count
            }
        }

        /// The number on the report's card `key`.
        func card(_ key: String) -> Int? {
            guard let r = html.range(of: "data-card=\"\(key)\" data-n=\"") else { return nil }
            return Int(html[r.upperBound...].prefix { $0.isNumber })
        }

        /// The posts embedded in the report's data, one per line.
        var embedded: Int {
            guard let start = html.range(of: "\"posts\":["), let end = html.range(of: "]}</script>", range: start.upperBound..<html.endIndex)
            else { return -1 }
            return html[start.upperBound..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix("[") }.count
        }

        /// The chart's bars: the numbers in titles like "Mar 2020: 12 contact-details".
        var chartTotal: Int {
            html.components(separatedBy: "</rect>").dropLast().reduce(0) { n, bar in
                guard let t = bar.range(of: "<title>", options: .backwards) else { return n }
                let words = bar[t.upperBound...].split(separator: " ")
                return n + (words.count >= 3 ? Int(words[2]) ?? 0 : 0)
            }
        }

        func expectAgreement(posts: Int, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(lines.count == posts && ids.count == posts, "JSONL: \(lines.count) lines, \(ids.count) ids", sourceLocation: sourceLocation)
            let byVerdict = summary["by_verdict"] as! [String: Int]
            for grade in ["block", "warning", "caution", "notice", "clear"] {
                #expect(byVerdict[grade] == verdicts(grade), "summary \(grade)", sourceLocation: sourceLocation)
            }
            #expect(summary["flagged"] as? Int == flagged, sourceLocation: sourceLocation)
            #expect((summary["screened"] as! Int) + (summary["resumed"] as! Int) == posts, sourceLocation: sourceLocation)
            #expect(card("posts") == posts, "posts card", sourceLocation: sourceLocation)
            for grade in ["block", "warning", "caution"] {
                #expect(card(grade) == verdicts(grade), "\(grade) card", sourceLocation: sourceLocation)
            }
            #expect(html.contains("Flagged posts (\(HistoryReportPageFormat.grouped(flagged)))"), sourceLocation: sourceLocation)
            #expect(embedded == flagged, "posts in the report's data", sourceLocation: sourceLocation)
            #expect(chartTotal == charted, "chart", sourceLocation: sourceLocation)
        }
    }

    /// Starts `screen history ARGUMENTS` and stops it with `signal` once it has written some output.
    static func interrupted(_ arguments: [String], output: URL, signal: Int32) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary!
        process.arguments = ["history", "--no-progress"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning,
            ((try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0) < 200_000
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, signal)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs `body` with the arguments of a run over a generated history of `posts` posts that writes
    /// an output, a report and a summary (all removed afterwards).
    static func withRun(_ posts: Int, _ body: (_ arguments: [String], _ out: URL, _ report: String, _ summary: String) throws -> Void) throws {
        let url = try HistoryScreeningTests.history(posts, years: true)
        let dir = url.deletingPathExtension()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: url)
            try? FileManager.default.removeItem(at: dir)
        }
        let out = dir.appendingPathComponent("out.jsonl"), report = dir.appendingPathComponent("report.html").path
        let summary = dir.appendingPathComponent("summary.json").path
        try body(["--jobs", "2", "--fail-on", "none", "--output", out.path, "--report", report, "--summary", summary, url.path], out, report, summary)
    }

    @Test("Ctrl-C mid-run: a partial report that says how to resume; after --resume the report, summary and JSONL agree", .enabled(if: binary != nil))
    func interruptThenResume() throws {
        let posts = 30_000
        try Self.withRun(posts) { arguments, out, report, summary in
            let first = try Self.interrupted(arguments, output: out, signal: SIGINT)
            #expect(first.status == 130, "\(first.stderr)")
            // The exact command that carries on, as typed with --resume added.
            let command = ([Self.binary!.path, "history", "--no-progress"] + arguments + ["--resume"]).joined(separator: " ")
            #expect(first.stderr.contains("interrupted: output written up to the last post read; to screen the rest, run: \(command)"), "\(first.stderr)")
            let partial = try Agreement(output: out.path, summary: summary, report: report)
            #expect(partial.lines.count > 0 && partial.lines.count < posts)
            #expect(partial.html.contains("This report is partial"))
            #expect(partial.html.contains("<code>\(command)</code>"))
            #expect(partial.summary["interrupted"] as? Bool == true)
            partial.expectAgreement(posts: partial.lines.count)

            let second = try Self.run(arguments + ["--resume"])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("already in the output (resumed)"))
            let whole = try Agreement(output: out.path, summary: summary, report: report)
            #expect(!whole.html.contains("This report is partial"))
            #expect(whole.summary["interrupted"] as? Bool == false)
            #expect(whole.summary["resumed"] as? Int == partial.lines.count)
            whole.expectAgreement(posts: posts)
            // The earlier run's flagged posts have their texts (kept beside the report, then removed).
            #expect(!whole.html.contains("in the output but not in this run's inputs"))
            #expect(whole.html.contains("The door code is 107 for the side gate"))
            #expect(!FileManager.default.fileExists(atPath: report + ".texts.tmp"))
            #expect(whole.flagged > partial.flagged)
        }
    }

    @Test("killed mid-run (half a line written): --resume finishes it, and the report, summary and JSONL agree", .enabled(if: binary != nil))
    func killThenResume() throws {
        let posts = 30_000
        try Self.withRun(posts) { arguments, out, report, summary in
            let killed = try Self.interrupted(arguments, output: out, signal: SIGKILL)
            #expect(killed.status == SIGKILL)
            let resumed = try Self.run(arguments + ["--resume"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let whole = try Agreement(output: out.path, summary: summary, report: report)
            #expect((whole.summary["resumed"] as? Int ?? 0) > 0)
            whole.expectAgreement(posts: posts)
        }
    }

    @Test("an interrupted run writing to standard output says it cannot be resumed, and how to make one that can", .enabled(if: binary != nil))
    func interruptOnStandardOutput() throws {
        let url = try HistoryScreeningTests.history(100_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = Self.binary!
        process.arguments = ["history", "--no-progress", "--jobs", "2", url.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Interrupt once screening is under way: the first output has arrived.
        _ = out.fileHandleForReading.availableData
        kill(process.processIdentifier, SIGINT)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("cannot be resumed: next time use --output FILE, then --resume"), "\(stderr)")
    }
}

/// The report's number format, as the tests read it.
enum HistoryReportPageFormat {
    static func grouped(_ n: Int) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: "en_GB")
        return f.string(from: NSNumber(value: n))!
    }
}
