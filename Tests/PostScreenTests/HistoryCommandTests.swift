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
        #expect(html.contains("door code is 4821</mark>"))
        #expect(!FileManager.default.fileExists(atPath: report + ".sections.tmp"))
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
}
