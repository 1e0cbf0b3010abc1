import Foundation
import Testing

/// The `screen` binary as users run it: exit codes, the JSON contract (golden files), errors.
@Suite(.serialized)
struct CLITests {
    static let binary: URL = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test binary may sit inside a bundle folder (…/PostScreenPackageTests.xctest/…).
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("screen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return Support.repository.appendingPathComponent(".build/debug/screen")
    }()

    static var hasBinary: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(
        _ arguments: [String], stdin: String? = nil, directory: URL? = nil, environment: [String: String] = [:],
        executable: URL? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FileManager.default.temporaryDirectory
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("clear draft exits 0 and prints a clear verdict", .enabled(if: hasBinary))
    func clearDraft() throws {
        let r = try Self.run(["--format", "json"], stdin: "Long week. Wine o'clock")
        #expect(r.status == 0)
        #expect(r.stdout == "{\"verdict\":\"clear\",\"findings\":[],\"input_warnings\":[]}\n")
    }

    @Test("empty input is clear", .enabled(if: hasBinary))
    func emptyInput() throws {
        let r = try Self.run(["--format", "json"], stdin: "")
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"verdict\":\"clear\""))
    }

    @Test("a block finding exits 1 with --fail-on warning (default)", .enabled(if: hasBinary))
    func blockExitsOne() throws {
        let r = try Self.run(["--format", "json"], stdin: "Year 11s, text me on 07700 900412 if you get stuck")
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"grade\":\"block\""))
    }

    @Test("--fail-on block lets a warning through; --fail-on none never fails", .enabled(if: hasBinary))
    func failOn() throws {
        let warning = "Selling my bike, text 07700900215"
        #expect(try Self.run(["--format", "json", "--fail-on", "block"], stdin: warning).status == 0)
        #expect(try Self.run(["--format", "json", "--fail-on", "caution"], stdin: warning).status == 1)
        #expect(try Self.run(["--format", "json", "--fail-on", "none"], stdin: "Year 11s, text me on 07700 900412").status == 0)
    }

    @Test("--min-grade hides lower findings", .enabled(if: hasBinary))
    func minGrade() throws {
        let r = try Self.run(["--format", "json", "--min-grade", "block", "--fail-on", "none"], stdin: "Selling my bike, text 07700900215")
        #expect(r.stdout.contains("\"findings\":[]"))
    }

    @Test("usage errors exit 2 with a message", .enabled(if: hasBinary))
    func usageError() throws {
        let r = try Self.run(["--format", "yaml"], stdin: "hi")
        #expect(r.status == 2)
        #expect(r.stderr.contains("format"))
    }

    @Test("a missing file exits 2 naming the file", .enabled(if: hasBinary))
    func missingFile() throws {
        let r = try Self.run(["/no/such/draft.txt"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/no/such/draft.txt"))
    }

    @Test("a bad profile exits 2 with file and line", .enabled(if: hasBinary))
    func badProfile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ps-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let profile = dir.appendingPathComponent("postscreen.toml")
        try "[school]\nname = \"X\"\naliases = [\"A\",\n".write(to: profile, atomically: true, encoding: .utf8)
        let r = try Self.run(["--profile", profile.path], stdin: "hello")
        #expect(r.status == 2)
        #expect(r.stderr.contains(profile.path))
        #expect(r.stderr.contains(":"))
    }

    @Test("a roster CSV with no surname column exits 2 naming the file", .enabled(if: hasBinary))
    func badRoster() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ps-roster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let roster = dir.appendingPathComponent("pupils.csv")
        try "forename,year\nBen,10\n".write(to: roster, atomically: true, encoding: .utf8)
        let r = try Self.run(["--roster", roster.path], stdin: "hello")
        #expect(r.status == 2)
        #expect(r.stderr.contains("pupils.csv:1"))
        #expect(r.stderr.contains("surname"))
    }

    @Test("invalid UTF-8 is reported with its byte offset and the rest is screened", .enabled(if: hasBinary))
    func invalidUTF8() throws {
        let dir = FileManager.default.temporaryDirectory
        let file = dir.appendingPathComponent("ps-bad-\(UUID().uuidString).txt")
        var bytes = Array("Call me on 07700 900123 ".utf8)
        bytes.append(0xFF)
        try Data(bytes).write(to: file)
        let r = try Self.run(["--format", "json", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("invalid UTF-8 at byte offset 24"))
        #expect(r.stdout.contains("07700 900123"))
    }

    @Test("golden files: JSON output for each example draft matches", .enabled(if: hasBinary))
    func golden() throws {
        let dir = Support.fixtures.appendingPathComponent("golden")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(inputs.count >= 5)
        for name in inputs {
            let expected = try String(contentsOf: dir.appendingPathComponent(name.replacingOccurrences(of: ".txt", with: ".json")), encoding: .utf8)
            // Run from the folder so the draft's id (its path as given) is the bare file name.
            let r = try Self.run(["--format", "json", "--fail-on", "none", name], directory: dir)
            #expect(r.stdout == expected, "\(name): got \(r.stdout)")
        }
    }

    @Test("text output is compiler style with the span underlined and no colour when piped", .enabled(if: hasBinary))
    func textOutput() throws {
        let r = try Self.run(["--format", "text", "--fail-on", "none"], stdin: "Call me on 07700 900123")
        #expect(r.stdout.contains("<stdin>:1:12: warning contact-details:"))
        #expect(r.stdout.contains("           ^^^^^^^^^^^^"))
        #expect(!r.stdout.contains("\u{1B}["))
    }
}
