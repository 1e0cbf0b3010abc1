import Foundation
import Testing
@testable import PostScreen

/// Bad and huge input (issue 6): any bytes screen without a crash, offsets and line/column stay
/// right, huge drafts take time in proportion to their size, and the CLI behaves at the edges
/// (binary files, closed pipes, signals).
struct RobustnessTests {
    // MARK: Bytes

    @Test("reports invalid UTF-8 with its byte offset and screens the rest")
    func invalidUTF8() {
        let bytes = Array("Hi \u{FF}".utf8.prefix(3)) + [0xFF, 0xC3, 0x20] + Array("text me on 07700 900412, Year 11!".utf8)
        let report = Support.generic.screen(bytes: bytes)
        #expect(report.inputWarnings == ["invalid UTF-8 at byte offsets 3, 4"])
        let phone = report.findings.first { $0.rule == "contact-details.phone" }
        #expect(phone?.start == 17)
        #expect(phone?.text == "07700 900412")
        #expect(phone?.column == 18)  // each invalid byte counts as one column
    }

    @Test("NUL bytes separate words and keep offsets")
    func nulBytes() {
        let text = Array("Well done\0Ben Smith\0for the award".utf8)
        let f = Support.school.screen(bytes: text).findings.first { $0.category == .pupilName }
        #expect(f?.start == 10)
        #expect(f?.text == "Ben Smith")
    }

    @Test("a UTF-8 byte order mark is skipped: offsets are the file's, columns start after it")
    func byteOrderMark() {
        let report = Support.school.screen(bytes: [0xEF, 0xBB, 0xBF] + Array("Ben Smith won".utf8))
        let f = report.findings.first
        #expect(f?.start == 3)
        #expect(f?.line == 1)
        #expect(f?.column == 1)
        #expect(f?.text == "Ben Smith")
    }

    @Test("CRLF, lone CR and LF all end lines; columns count scalars", arguments: ["\r\n", "\r", "\n"])
    func lineEndings(_ eol: String) {
        let text = "Hello\(eol)Good day\(eol)Well done Zoë Ben Smith\(eol)bye"
        let f = Support.school.screen(text).findings.first { $0.category == .pupilName }
        #expect(f?.line == 3)
        #expect(f?.column == 15)
        #expect(f?.text == "Ben Smith")
    }

    @Test("empty and blank drafts are clear", arguments: ["", " ", "\n\n", "\u{200B}", "\u{FEFF}"])
    func empty(_ text: String) {
        let report = Support.school.screen(text)
        #expect(report.verdict == nil)
        #expect(report.findings.isEmpty)
    }

    @Test("every single byte value and every short invalid sequence screens without trapping")
    func allBytes() {
        for b in 0...255 {
            for bytes in [[UInt8(b)], [0x41, UInt8(b)], [UInt8(b), 0x80, 0x80], [0xF4, 0x90, UInt8(b), 0x80]] {
                _ = Support.school.screen(bytes: bytes)
            }
        }
        // Surrogates, overlongs, truncated sequences and noncharacters.
        for bytes: [UInt8] in [[0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBF]] {
            _ = Support.school.screen(bytes: bytes + Array(" Ben Smith".utf8))
        }
    }

    @Test("huge inputs: a 1 MB token, 100,000 lines, a megabyte of each awkward shape", arguments: [
        ("1 MB token", String(repeating: "a", count: 1 << 20)),
        ("1 MB of digits", String(repeating: "7", count: 1 << 20)),
        ("1 MB of accented letters", String(repeating: "é", count: 1 << 19)),
        ("1 MB of CJK", String(repeating: "日本語", count: 1 << 18)),
        ("1 MB of spaced letters", String(repeating: "a ", count: 1 << 19)),
        ("1 MB of dotted letters", String(repeating: "a.", count: 1 << 19)),
        ("1 MB of zero-width joiners", String(repeating: "\u{200D}", count: 1 << 18)),
        ("1 MB of combining marks", "a" + String(repeating: "\u{301}", count: 1 << 19)),
        ("1 MB of emoji", String(repeating: "👩‍👩‍👧", count: 1 << 16)),
        ("1 MB of 'at … dot'", String(repeating: "a at b dot ", count: 1 << 16)),
        ("100,000 lines", String(repeating: "Well done Ben Smith for the award\n", count: 100_000)),
    ])
    func huge(_ name: String, _ text: String) {
        let report = Support.school.screen(text)
        for f in report.findings { #expect(f.start <= f.end && f.end <= text.utf8.count) }
        if name == "100,000 lines" {
            #expect(report.findings.count == 100_000)
            #expect(report.findings.last?.line == 100_000)
        }
    }

    // MARK: Linear time

    /// A paragraph with something for every rule: names, contact details, branding, allegations,
    /// look-alikes, emoji, CJK. Repeated, it makes drafts of any size.
    static let paragraph = """
        Well done Ben Smith for the award! Year 11s, text me on 07700 900412 if you get stuck.
        Parents can reach me at jo.smith82@gmail.com over the summer 😀 — Веn Ѕmith was brilliant.
        Housewarming at 22 Kingfisher Close, BS40 7TJ. Mr Jones stole money from the PTA, apparently.
        Meeting moved to 12/03/2024 at 15:30 in Room 214. Won 3-1, subs are £12.50 each. #TestProud
        snap me on liv.elliott92 and I'll add you. DM me if you want some chilli. 日本語のテキスト

        """

    /// Prose without contact details: isolates the rules' per-token work from the per-match work.
    static let prose = """
        Well done Ben Smith for the award! So proud of Year 10 today, they were brilliant.
        Mr Jones ran the trip, the head was useless, SLT have stitched us up again 😀 — Веn Ѕmith.
        Meeting moved to Thursday. Won 3-1, subs are £12.50 each. #TestProud 日本語のテキスト

        """

    /// CPU seconds the calling thread spends in `body`. Thread CPU time, not wall time: the suites
    /// run in parallel on a shared machine, and another test's work must not look like ours.
    static func seconds(_ body: () -> Void) -> Double {
        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        }
        let start = now()
        body()
        return now() - start
    }

    /// Best of `runs` runs screening `unit` repeated `n` times.
    static func time(_ unit: String, _ n: Int, runs: Int = 3) -> Double {
        let text = String(repeating: unit, count: n)
        return (0..<runs).map { _ in seconds { _ = Support.school.screen(text) } }.min()!
    }

    @Test("screening time grows linearly: 1×, 10×, 100× (prints a table)", arguments: [("prose", prose), ("mixed", paragraph)])
    func linearTime(_ name: String, _ unit: String) {
        _ = Support.school.screen(unit + unit)  // load the dictionary first
        let base = 2
        let t1 = Self.time(unit, base, runs: 5)
        let t10 = Self.time(unit, base * 10)
        let t100 = Self.time(unit, base * 100, runs: 1)
        let bytes = unit.utf8.count * base
        print(String(format: "scale[%@] 1×=%d B %.4fs  10× %.4fs (×%.1f)  100× %.4fs (×%.1f)", name, bytes, t1, t10, t10 / t1, t100, t100 / t10))
        // Linear means ×10 per step; a quadratic loop shows ×100. The slack covers timer noise,
        // caches and a loaded machine.
        let ratio = t100 / max(t10, 1e-4)
        #expect(ratio < 30, "10× → 100× took ×\(ratio)")
    }

    @Test("the recognisers, folding and tokenising are linear on their own (1×, 10×, 100×)")
    func linearStages() {
        let unit = Array(Self.paragraph.utf8)
        var times: [Double] = []
        for n in [20, 200, 2000] {
            let bytes = Array(repeatElement(unit, count: n).joined())
            times.append((0..<3).map { _ in
                Self.seconds {
                    let folded = FoldedText(source: bytes)
                    _ = TokenStream(folded)
                    _ = ContactRecognisers.all(in: folded.bytes, reader: PhoneReader(region: "GB"))
                    var locator = LineLocator(bytes)
                    for offset in stride(from: 0, to: bytes.count, by: 97) { _ = locator.position(of: offset) }
                }
            }.min()!)
        }
        print(String(format: "stages: 1×=%d KB %.4fs  10× %.4fs  100× %.4fs", unit.count * 20 / 1024, times[0], times[1], times[2]))
        #expect(times[2] / max(times[1], 1e-4) < 30)
    }

    // MARK: Fuzz regressions

    @Test("inputs the fuzzers once crashed on screen cleanly")
    func fuzzRegressions() throws {
        let root = Support.fixtures.appendingPathComponent("fuzz")
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in files where !url.hasDirectoryPath && url.lastPathComponent != "README.md" {
            let data = try Data(contentsOf: url)
            let text = String(decoding: data, as: UTF8.self)
            switch url.deletingLastPathComponent().lastPathComponent {
            case "profile": _ = try? ProfileLoader.parse(text, path: "fuzz.toml", baseDirectory: root)
            case "roster": _ = try? RosterFile.parse(text, path: "fuzz.csv", kind: .pupils)
            case "history": Self.readHistory(Array(data))
            default: _ = Support.school.screen(bytes: Array(data))
            }
        }
    }

    /// What the history fuzzer does with its input: the first byte picks the format (or
    /// detection), the rest is the export file, read to the end.
    static func readHistory(_ data: [UInt8]) {
        guard let first = data.first else { return }
        let formats: [HistoryFormat?] = [nil, .twitter, .facebook, .instagram, .mastodon, .linkedin, .csv, .jsonl]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-history-\(getpid())")
        defer { try? FileManager.default.removeItem(at: url) }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(data.dropFirst())),
            let reader = try? HistoryReader(path: url.path, format: formats[Int(first) % formats.count])
        else { return }
        try? reader.read { _ = $0.decode() }
    }

    // MARK: The CLI

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `screen` binary built beside the tests.
    static var screenBinary: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("screen")
    }

    static func runCLI(_ arguments: [String], stdin: [UInt8]) throws -> Run {
        let binary = screenBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the screen product first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: Data(stdin))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    @Test("refuses a binary file clearly (exit 2)")
    func binary() throws {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        bytes += [UInt8](repeating: 0, count: 4000)
        let run = try Self.runCLI(["--format", "json"], stdin: bytes)
        #expect(run.status == 2)
        #expect(run.stderr.contains("binary"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("reads UTF-16 with and without a byte order mark", arguments: [true, false])
    func utf16(_ bom: Bool) throws {
        var bytes: [UInt8] = bom ? [0xFF, 0xFE] : []
        for u in "Call me on 07700 900412".utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let run = try Self.runCLI(["--format", "json"], stdin: bytes)
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"text\":\"07700 900412\""), "\(run.stdout) \(run.stderr)")
    }

    @Test("empty input is clear (exit 0)")
    func emptyCLI() throws {
        let run = try Self.runCLI(["--format", "json"], stdin: [])
        #expect(run.status == 0)
        #expect(run.stdout == "{\"verdict\":\"clear\",\"findings\":[],\"input_warnings\":[]}\n")
    }

    @Test("invalid UTF-8 on stdin is a note, not a failure")
    func invalidCLI() throws {
        let run = try Self.runCLI(["--format", "json"], stdin: [0x68, 0x69, 0xFF, 0x0A])
        #expect(run.status == 0)
        #expect(run.stdout.contains("invalid UTF-8 at byte offset 2"))
    }

    @Test("a missing file among several is reported, the others screened, exit 2")
    func missingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("postscreen-robust-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let good = dir.appendingPathComponent("good.txt")
        try Data("Call 07700 900412".utf8).write(to: good)
        let run = try Self.runCLI(["--format", "jsonl", good.path, dir.appendingPathComponent("nope.txt").path], stdin: [])
        #expect(run.status == 2)
        #expect(run.stderr.contains("nope.txt: no such file"))
        #expect(run.stdout.contains("07700 900412"))
    }

    @Test("writing to a closed pipe ends quietly")
    func closedPipe() throws {
        let binary = Self.screenBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("postscreen-pipe-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var files: [String] = []
        for i in 0..<200 {
            let url = dir.appendingPathComponent("d\(i).txt")
            try Data(Self.paragraph.utf8).write(to: url)
            files.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // `head -c 1` closes the pipe after one byte; the shell exits with screen's own status.
        let quoted = files.map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-c", "'\(binary.path)' --format jsonl --fail-on none \(quoted) 2>\(dir.path)/err | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: dir.appendingPathComponent("err"), encoding: .utf8)) ?? ""
        #expect(stderr.isEmpty, "\(stderr)")
        #expect(process.terminationStatus == 0)
    }

    @Test("SIGTERM and SIGINT never leave half a JSON line", arguments: [SIGTERM, SIGINT])
    func signals(_ sig: Int32) throws {
        let binary = Self.screenBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("postscreen-sig-\(getpid())-\(sig)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var files: [String] = []
        let big = String(repeating: Self.prose, count: 100)
        for i in 0..<40 {
            let url = dir.appendingPathComponent("d\(i).txt")
            try Data(big.utf8).write(to: url)
            files.append(url.path)
        }
        for delay in [0.3, 0.8] {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["--format", "jsonl", "--fail-on", "none"] + files
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, sig)
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if !data.isEmpty {
                #expect(data.last == 0x0A, "output ends mid-line")
                for line in data.split(separator: 0x0A) {
                    #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil, "a partial JSON line")
                }
            }
            // Killed before the handlers were installed (still loading), or exited by them.
            let status = process.terminationStatus
            let killed = process.terminationReason == .uncaughtSignal && status == sig
            #expect(killed || status == 128 + sig || status == 0, "status \(status) \(process.terminationReason)")
        }
    }
}
