import Foundation
import Testing

/// The `screen` binary's options as a user meets them (issue 14): one options group for `screen` and
/// `screen history`, the JSON shapes, colour, the terminal prompt, `screen profile` and `screen init`,
/// errors in our own words, and offsets a Python caller can slice with.
@Suite(.serialized)
struct CLIOptionsTests {
    static var hasBinary: Bool { CLITests.hasBinary }
    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }

    static func run(_ arguments: [String], stdin: String? = nil, directory: URL? = nil, environment: [String: String] = [:]) throws -> CLITests.Run {
        try CLITests.run(arguments, stdin: stdin, directory: directory, environment: environment)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ps-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, to name: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    static func remove(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }

    static func objects(_ jsonl: String) throws -> [[String: Any]] {
        try jsonl.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// Runs the binary on a pseudo-terminal (Python's pty module): writes `input` once the prompt (or
    /// anything) has appeared, then Ctrl-D, and returns everything the terminal showed.
    static func runOnTerminal(_ arguments: [String], input: String, environment: [String: String]) throws -> String {
        let script = """
            import os, pty, sys, select, time
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            out = b""
            def drain(seconds):
                global out
                end = time.time() + seconds
                while time.time() < end:
                    r, _, _ = select.select([fd], [], [], 0.1)
                    if not r:
                        continue
                    try:
                        chunk = os.read(fd, 65536)
                    except OSError:
                        return False
                    if not chunk:
                        return False
                    out += chunk
                return True
            drain(1.5)
            os.write(fd, sys.stdin.buffer.read() + b"\\n\\x04")
            while drain(20):
                pass
            os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            """
        let r = try CLITests.run(
            ["-c", script, CLITests.binary.path] + arguments, stdin: input, environment: environment,
            executable: URL(fileURLWithPath: "/usr/bin/python3"))
        return r.stdout
    }

    // MARK: one set of options

    @Test("screen history takes --format, --fail-on and --min-grade like screen", .enabled(if: hasBinary))
    func historySharesOptions() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        try #"{"id":"a","text":"Year 11 — text me on 07700 900412"}\#n{"id":"b","text":"Lovely walk today"}\#n"#
            .write(to: dir.appendingPathComponent("posts.jsonl"), atomically: true, encoding: .utf8)
        let jsonl = try Self.run(["history", "--format", "jsonl", "--fail-on", "none", "posts.jsonl"], directory: dir)
        #expect(jsonl.status == 0)
        #expect(try Self.objects(jsonl.stdout).map { $0["id"] as? String } == ["a", "b"])
        let text = try Self.run(["history", "--format", "text", "posts.jsonl"], directory: dir)
        #expect(text.status == 1)
        #expect(text.stdout.contains("a:1:"))
        #expect(!text.stdout.contains("b:"), "text output lists only posts with findings")
        let resume = try Self.run(["history", "--format", "text", "--output", "out.txt", "--resume", "posts.jsonl"], directory: dir)
        #expect(resume.status == 2)
        #expect(resume.stderr.contains("--resume reads back the JSONL"))
        let json = try Self.run(["history", "--format", "json", "posts.jsonl"], directory: dir)
        #expect(json.status == 2)
        #expect(json.stderr.contains("--format jsonl"))
    }

    @Test("options before a subcommand name: `screen --format text history x` is the history command", .enabled(if: hasBinary))
    func optionsBeforeSubcommand() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        try Self.write(#"{"id":"p1","text":"Call me on 07700 900123"}\#n"#, to: "x.jsonl", in: dir)
        let r = try Self.run(["--format", "text", "--fail-on", "none", "history", "x.jsonl"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("p1:1:12: warning contact-details"))
        #expect(r.stderr.contains("1 screened"))
        // An option's value that happens to be a subcommand's name stays a value.
        let profile = try Self.run(["--profile", "history", "x.jsonl"], directory: dir)
        #expect(profile.status == 2)
        #expect(profile.stderr.contains("history: cannot read the profile: no such file"))
    }

    @Test("- is standard input for screen and screen history", .enabled(if: hasBinary))
    func dashIsStandardInput() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        try Self.write("Lovely walk today", to: "calm.txt", in: dir)
        let r = try Self.run(["--format", "jsonl", "--fail-on", "none", "calm.txt", "-"], stdin: "Text me on 07700 900123", directory: dir)
        let lines = try Self.objects(r.stdout)
        #expect(lines.count == 2)
        #expect(lines[0]["id"] as? String == "calm.txt")
        #expect(lines[1]["id"] == nil, "standard input has no id")
        #expect(lines[1]["verdict"] as? String != "clear")
        let history = try Self.run(["history", "--input-format", "jsonl", "--fail-on", "none", "-"], stdin: #"{"id":"s1","text":"hello"}"#)
        #expect(try Self.objects(history.stdout).first?["id"] as? String == "s1")
    }

    // MARK: JSON shapes

    @Test("json: one object with the same keys, id for a file whatever the number of files; jsonl: one line per input", .enabled(if: hasBinary))
    func jsonShapes() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        try Self.write("Lovely walk today", to: "a.txt", in: dir)
        try Self.write("Text me on 07700 900123", to: "b.txt", in: dir)
        let one = try Self.run(["--format", "json", "--fail-on", "none", "a.txt"], directory: dir)
        let object = try #require(try Self.objects(one.stdout).first)
        #expect(one.stdout.split(separator: "\n").count == 1)
        #expect(Set(object.keys) == ["id", "verdict", "findings", "input_warnings"])
        #expect(object["id"] as? String == "a.txt")
        let two = try Self.run(["--format", "jsonl", "--fail-on", "none", "a.txt", "b.txt"], directory: dir)
        let lines = try Self.objects(two.stdout)
        #expect(lines.map { $0["id"] as? String } == ["a.txt", "b.txt"])
        #expect(lines.allSatisfy { Set($0.keys) == ["id", "verdict", "findings", "input_warnings"] })
        let finding = try #require((lines[1]["findings"] as? [[String: Any]])?.first)
        #expect(Set(finding.keys) == [
            "category", "rule", "grade", "confidence", "start", "end", "char_start", "char_end", "line", "column", "text",
            "message", "reason", "suggestion", "evidence",
        ])
        // Piped without --format, several files are jsonl: each line one object.
        let piped = try Self.run(["--fail-on", "none", "a.txt", "b.txt"], directory: dir)
        #expect(try Self.objects(piped.stdout).map { $0["id"] as? String } == ["a.txt", "b.txt"])
        let refused = try Self.run(["--format", "json", "a.txt", "b.txt"], directory: dir)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("--format jsonl"))
    }

    // MARK: offsets

    @Test("char_start/char_end slice the flagged text from a Python string; start/end slice the UTF-8 bytes", .enabled(if: hasBinary))
    func scalarOffsets() throws {
        let draft = "Café crème 😀🎉 with Zoë — naïve 👩🏽‍🏫 Year 11, text me on 07700 900412 or zoë.teacher@gmail.com 😊"
        let r = try Self.run(["--format", "json", "--fail-on", "none"], stdin: draft)
        let object = try #require(try Self.objects(r.stdout).first)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count >= 2)
        let scalars = Array(draft.unicodeScalars)
        let bytes = Array(draft.utf8)
        for f in findings {
            let text = try #require(f["text"] as? String)
            let (cs, ce) = (try #require(f["char_start"] as? Int), try #require(f["char_end"] as? Int))
            let (bs, be) = (try #require(f["start"] as? Int), try #require(f["end"] as? Int))
            #expect(String(String.UnicodeScalarView(scalars[cs..<ce])) == text)
            #expect(String(decoding: bytes[bs..<be], as: UTF8.self) == text)
            #expect(cs < bs, "the draft has multi-byte characters before every span")
        }
    }

    @Test("a Python caller slices the draft with char_start/char_end, even after emoji and invalid UTF-8", .enabled(if: hasBinary && hasPython))
    func pythonSlicing() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        var bytes = Array("Ünïcödé 😀 🎉🎉 naïve café\n".utf8)
        bytes.append(0xFF)  // invalid UTF-8: one U+FFFD for Python and for us
        bytes += Array(" Year 11s — text me on 07700 900412, or email zoë.smith@gmail.com 👍\n".utf8)
        let draft = dir.appendingPathComponent("draft.txt")
        try Data(bytes).write(to: draft)
        let check = """
            import json, sys
            raw = open(sys.argv[1], "rb").read()
            text = raw.decode("utf-8", "replace")
            report = json.loads(sys.stdin.read())
            assert report["findings"], "no findings"
            for f in report["findings"]:
                assert text[f["char_start"]:f["char_end"]] == f["text"], (text[f["char_start"]:f["char_end"]], f["text"])
                assert raw[f["start"]:f["end"]].decode("utf-8") == f["text"]
            print("sliced", len(report["findings"]))
            """
        let report = try Self.run(["--format", "json", "--fail-on", "none", draft.path])
        let python = try CLITests.run(
            ["-c", check, draft.path], stdin: report.stdout, executable: URL(fileURLWithPath: "/usr/bin/python3"))
        #expect(python.status == 0, "\(python.stderr)")
        #expect(python.stdout.hasPrefix("sliced "))
    }

    @Test("--help documents both kinds of offset", .enabled(if: hasBinary))
    func offsetsInHelp() throws {
        let help = try Self.run(["--help"]).stdout
        #expect(help.contains("char_start"))
        #expect(help.contains("byte"))
    }

    // MARK: colour and the terminal

    @Test("--color and NO_COLOR, FORCE_COLOR decide colour when piped", .enabled(if: hasBinary))
    func colourChoices() throws {
        let draft = "Call me on 07700 900123"
        func coloured(_ args: [String], _ env: [String: String] = [:]) throws -> Bool {
            var environment = ["NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm"]
            for (k, v) in env { environment[k] = v }
            return try Self.run(["--format", "text", "--fail-on", "none"] + args, stdin: draft, environment: environment).stdout.contains("\u{1B}[")
        }
        #expect(try !coloured([]), "piped output has no colour")
        #expect(try coloured(["--color", "always"]))
        #expect(try coloured([], ["FORCE_COLOR": "1"]))
        #expect(try !coloured([], ["FORCE_COLOR": "0"]))
        #expect(try !coloured([], ["FORCE_COLOR": "1", "NO_COLOR": "1"]))
        #expect(try !coloured(["--color", "never"], ["FORCE_COLOR": "1"]))
        #expect(try coloured(["--color", "always"], ["NO_COLOR": "1"]))
        let json = try Self.run(["--format", "json", "--color", "always", "--fail-on", "none"], stdin: draft)
        #expect(!json.stdout.contains("\u{1B}["), "JSON is never coloured")
    }

    @Test("on a terminal: a prompt when there is no input, colour unless TERM=dumb or NO_COLOR", .enabled(if: hasBinary && hasPython))
    func terminal() throws {
        let shown = try Self.runOnTerminal(["--format", "text", "--fail-on", "none"], input: "Call me on 07700 900123", environment: ["TERM": "xterm", "NO_COLOR": "", "FORCE_COLOR": ""])
        #expect(shown.contains("Paste your draft, then press Ctrl-D"))
        #expect(shown.contains("warning"))
        #expect(shown.contains("\u{1B}["))
        let dumb = try Self.runOnTerminal(["--format", "text", "--fail-on", "none"], input: "Call me on 07700 900123", environment: ["TERM": "dumb", "NO_COLOR": "", "FORCE_COLOR": ""])
        #expect(dumb.contains("contact-details"))
        #expect(!dumb.contains("\u{1B}["))
        let noColour = try Self.runOnTerminal(["--format", "text", "--fail-on", "none"], input: "Call me on 07700 900123", environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(noColour.contains("contact-details"))
        #expect(!noColour.contains("\u{1B}["))
    }

    @Test("no prompt when standard input is a pipe", .enabled(if: hasBinary))
    func noPromptWhenPiped() throws {
        let r = try Self.run(["--format", "json", "--fail-on", "none"], stdin: "hello")
        #expect(!r.stderr.contains("Paste"))
        #expect(r.stderr.isEmpty)
    }

    // MARK: help

    @Test("top-level --help shows the everyday options, the subcommands and examples", .enabled(if: hasBinary))
    func topLevelHelp() throws {
        for flag in ["--help", "-h", "help"] {
            let r = try Self.run([flag])
            #expect(r.status == 0)
            for needle in ["--format", "--color", "--fail-on", "--min-grade", "--profile", "--no-profile", "--account", "Examples:", "SUBCOMMANDS:", "history", "init"] {
                #expect(r.stdout.contains(needle), "\(flag) lacks \(needle)")
            }
        }
        let history = try Self.run(["history", "--help"]).stdout
        let jobs = try #require(history.split(separator: "\n").first { $0.contains("--jobs") })
        #expect(jobs.components(separatedBy: "default").count == 2, "one default in: \(jobs)")
        #expect(history.contains("--format"))
        let eval = try Self.run(["eval", "--help"]).stdout
        #expect(eval.contains("NAME.toml"))
    }

    // MARK: profile and init

    @Test("screen init writes a template that loads; screen profile says which profile applies", .enabled(if: hasBinary))
    func initAndProfile() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        let before = try Self.run(["profile"], directory: dir)
        #expect(before.status == 0)
        #expect(before.stdout.contains("profile: built-in"))
        let made = try Self.run(["init"], directory: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let toml = try String(contentsOf: dir.appendingPathComponent("postscreen.toml"), encoding: .utf8)
        #expect(toml.contains("# name = "))
        #expect(try String(contentsOf: dir.appendingPathComponent("pupils.csv"), encoding: .utf8) == "forename,surname,preferred,year\n")
        let after = try Self.run(["profile"], directory: dir)
        #expect(after.status == 0)
        #expect(after.stdout.contains(dir.appendingPathComponent("postscreen.toml").standardizedFileURL.path))
        #expect(after.stdout.contains("roster: 0 pupils"))
        #expect(!after.stderr.contains("warning"), "the template loads cleanly: \(after.stderr)")
        let json = try Self.run(["profile", "--format", "json", "--no-profile"], directory: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["source"] as? String == "built-in")
        // Refuses to overwrite without --force, and says how.
        try Self.write("forename,surname\nBen,Smith\n", to: "pupils.csv", in: dir)
        let again = try Self.run(["init"], directory: dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        #expect(try String(contentsOf: dir.appendingPathComponent("pupils.csv"), encoding: .utf8).contains("Ben"))
        #expect(try Self.run(["init", "--force"], directory: dir).status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("pupils.csv"), encoding: .utf8) == "forename,surname,preferred,year\n")
    }

    @Test("--no-profile screens with the built-in profile where a postscreen.toml would be found", .enabled(if: hasBinary))
    func noProfile() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        try Self.write("[people]\nroster = \"pupils.csv\"\n", to: "postscreen.toml", in: dir)
        try Self.write("forename,surname\nFreya,Hollingworth\n", to: "pupils.csv", in: dir)
        let draft = "Great game from Freya Hollingworth today"
        let found = try Self.run(["--format", "json", "--fail-on", "none"], stdin: draft, directory: dir)
        #expect(found.stdout.contains("pupil-name.roster"))
        let bypassed = try Self.run(["--format", "json", "--fail-on", "none", "--no-profile"], stdin: draft, directory: dir)
        #expect(!bypassed.stdout.contains("pupil-name.roster"))
        let both = try Self.run(["--no-profile", "--profile", "postscreen.toml"], stdin: draft, directory: dir)
        #expect(both.status == 2)
        #expect(both.stderr.contains("--no-profile"))
    }

    // MARK: errors in our words

    @Test("a port in use is said in words, with what to do", .enabled(if: hasBinary && hasPython))
    func portInUse() throws {
        let script = """
            import socket, subprocess, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
            r = subprocess.run([sys.argv[1], "serve", "--port", str(s.getsockname()[1])], capture_output=True, text=True, timeout=60)
            print(r.returncode); print(r.stderr)
            """
        let r = try CLITests.run(["-c", script, CLITests.binary.path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        #expect(r.stdout.hasPrefix("2\n"))
        #expect(r.stdout.contains("address already in use. Choose another --port"))
        #expect(!r.stdout.contains("bind(descriptor"))
    }

    @Test("file errors name the file and what to do, never Foundation's text", .enabled(if: hasBinary))
    func fileErrors() throws {
        let dir = try Self.temporaryDirectory()
        defer { Self.remove(dir) }
        func check(_ args: [String], _ expected: String, stdin: String = "hello") throws {
            let r = try Self.run(args, stdin: stdin, directory: dir)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(expected), "\(args): \(r.stderr)")
            for leak in ["NSCocoaErrorDomain", "The operation could not be completed", "You don't have permission", "Error Domain"] {
                #expect(!r.stderr.contains(leak), "\(args): \(r.stderr)")
            }
        }
        try check([dir.path], "is a folder, not a draft file")
        try check(["--profile", dir.path], "is a folder, not a profile file")
        try check(["--roster", "missing.csv"], "missing.csv: cannot read this file: no such file. Check the path given with --roster")
        try Self.write("forename,surname\n\"Ben,Smith\nAmy,Jones\n", to: "quote.csv", in: dir)
        try check(["--roster", "quote.csv"], "quote.csv:2: a double quote opens a field here and is never closed")
        try Self.write("{\"text\":\"hi\",\"account\":\"offical\"}\n", to: "labels.jsonl", in: dir)
        try check(["eval", "labels.jsonl"], "labels.jsonl:1: unknown account \"offical\"")
        try Self.write("{\"txt\":\"hi\"}\n", to: "bad.jsonl", in: dir)
        try check(["eval", "bad.jsonl"], "bad.jsonl:1: not a labelled record (no \"text\")")
        try check(["history", "--output", dir.path, "--input-format", "jsonl", "-"], "\(dir.path):", stdin: "{\"id\":\"1\",\"text\":\"x\"}\n")
        try check(["serve", "--token-file", dir.path], "cannot read the token file: is a folder")
        try check(["history", "--summary", dir.path, "--input-format", "jsonl", "-"], "cannot write the summary (is a folder", stdin: "{\"id\":\"1\",\"text\":\"x\"}\n")
        // /dev/null is an empty profile, not a permission problem.
        let empty = try Self.run(["--profile", "/dev/null", "--format", "json"], stdin: "hello")
        #expect(empty.status == 0, "\(empty.stderr)")
    }
}
