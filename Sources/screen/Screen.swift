import ArgumentParser
import Foundation
import PostScreen

/// `screen`: the command-line front door.
struct Screen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Check a social-media draft for what could get you or a pupil into trouble.",
        discussion: """
            Reads each FILE (or standard input) as one draft and reports pupils' full names, personal \
            contact details, school branding, defamation, confidential matters, grievances, contact with \
            pupils, images of pupils, abuse and passwords — where, why, and how to fix it.

            Examples:
              echo "Year 11 — text me on 07700 900412" | screen
              screen draft.txt                       # text on a terminal, JSON when piped
              screen --format json draft.txt         # offsets: start/end bytes, char_start/char_end scalars
              screen --account official --fail-on block post.txt
              screen init && screen profile          # write a postscreen.toml, then see what applies
              screen history --report report.html tweets.js
              screen serve --profile postscreen.toml
              screen eval --profiles corpus/profiles corpus/dev/harbourside.jsonl

            Exit status: 0 when the verdict is below --fail-on (default warning), 1 when at or above \
            it, 2 for usage, profile or input errors.
            """,
        version: PostScreenVersion.string,
        subcommands: [Check.self, History.self, ProfileCommand.self, InitCommand.self, Eval.self, Serve.self, Features.self],
        defaultSubcommand: Check.self)
}

/// Where the subcommand goes on the command line.
///
/// ArgumentParser reads everything before the first word as the default command's (`check`), so in
/// `screen --format text history x.zip` "history" would be a draft file. The shared options may come
/// first: a subcommand name after them is moved to the front, with the options after it.
enum CommandLineOrder {
    /// Options of `screen` (check) that take a value, so that value is not taken for a subcommand.
    static let valued: Set<String> = ["--format", "--color", "--fail-on", "--min-grade", "--profile", "--roster", "--account"]

    static var subcommands: Set<String> { Set(Screen.configuration.subcommands.map { $0._commandName }) }

    static func normalised(_ arguments: [String]) -> [String] {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { return arguments }
            if a.hasPrefix("-") && a != "-" {
                i += valued.contains(a) ? 2 : 1
                continue
            }
            guard i > 0, subcommands.contains(a) else { return arguments }
            var moved = arguments
            moved.remove(at: i)
            moved.insert(a, at: 0)
            return moved
        }
        return arguments
    }

    /// `screen --help`, `screen -h` and `screen help` alone: the everyday options, not only the subcommands.
    static func wantsTopLevelHelp(_ arguments: [String]) -> Bool {
        arguments.count == 1 && ["--help", "-h", "help"].contains(arguments[0])
    }
}

extension Screen {
    /// The top-level help: what `screen FILE…` takes (the options of `check`), the subcommands, examples.
    static var topLevelHelp: String {
        let own = Screen.helpMessage(columns: 100)
        let check = Screen.helpMessage(for: Check.self, columns: 100)
        /// The text from the line starting with `header` to the next section header (or the end).
        func section(_ header: String, of text: String) -> String {
            let lines = text.components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.hasPrefix(header) }) else { return "" }
            var end = start + 1
            while end < lines.count && !(lines[end].first.map { $0.isUppercase && lines[end].hasSuffix(":") } ?? false) { end += 1 }
            return lines[start..<end].joined(separator: "\n")
        }
        let overview = own.components(separatedBy: "\nUSAGE:").first ?? ""
        return [
            overview.trimmingCharacters(in: .newlines),
            "USAGE: screen [<options>] [<files> ...]\n       screen <subcommand> [<options>] ...",
            section("ARGUMENTS:", of: check).trimmingCharacters(in: .newlines),
            section("OPTIONS:", of: check).trimmingCharacters(in: .newlines),
            section("SUBCOMMANDS:", of: own).trimmingCharacters(in: .newlines),
        ].joined(separator: "\n\n") + "\n"
    }
}

/// A command-line problem reported with exit status 2.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String

    init(description: String) { self.description = description }

    /// `error` as one of our messages: PostScreen's own errors as they are (they name the file and the
    /// fix), the system's (Foundation, POSIX) as `path: what went wrong` in plain words, never
    /// Foundation's own text.
    init(_ error: any Error, path: String) {
        switch error {
        case let e as CLIFailure: description = e.description
        case let e as HistoryError: description = e.description
        case let e as ProfileError: description = e.description
        case let e as FileProblem: description = e.description
        case let e as ScreenerError: description = e.description
        default: description = "\(path): \(FileProblem.reason(error))"
        }
    }
}

/// Options shared by every command that builds a screener.
struct ProfileOptions: ParsableArguments {
    @Option(name: .long, help: "School profile (TOML). Default: postscreen.toml in this directory or a parent, else the built-in profile.")
    var profile: String?

    @Flag(name: .customLong("no-profile"), help: "Use the built-in profile even where a postscreen.toml would be found.")
    var noProfile = false

    @Option(name: .long, help: "Roster CSV (forename,surname[,preferred][,year]); overrides the profile's.")
    var roster: String?

    @Option(name: .long, help: "Account the posts are for: personal or official.")
    var account: AccountChoice = .personal

    func validate() throws {
        if noProfile && profile != nil { throw ValidationError("--profile and --no-profile cannot be used together: keep one") }
    }

    /// The profile that applies and where it came from.
    struct Resolved {
        var profile: SchoolProfile
        /// The profile file, or nil for the built-in profile.
        var file: String?
        /// How it was chosen, in words.
        var origin: String
    }

    /// Loads the profile (explicit, discovered or built-in) and applies --roster. Warnings go to stderr.
    func resolve() throws -> Resolved {
        var resolved: Resolved
        let here = FileManager.default.currentDirectoryPath
        do {
            if let path = self.profile {
                let loaded = try ProfileLoader.load(from: URL(fileURLWithPath: path))
                resolved = Resolved(profile: loaded.profile, file: path, origin: "given with --profile")
                warn(loaded.warnings)
            } else if noProfile {
                resolved = Resolved(profile: .generic, file: nil, origin: "built in (--no-profile)")
            } else if let found = ProfileLoader.discover(from: URL(fileURLWithPath: here)) {
                let loaded = try ProfileLoader.load(from: found)
                resolved = Resolved(profile: loaded.profile, file: found.path, origin: "found from \(here)")
                warn(loaded.warnings)
            } else {
                resolved = Resolved(
                    profile: .generic, file: nil,
                    origin: "built in (no \(ProfileLoader.fileName) in \(here) or its parents; `screen init` writes one)")
            }
        } catch {
            throw CLIFailure(description: error.description)
        }
        if let roster {
            do {
                let loaded = try RosterFile.load(URL(fileURLWithPath: roster), kind: .pupils)
                resolved.profile.roster = loaded.people
                warn(loaded.warnings)
            } catch where error.line == nil {
                // The file itself could not be read: the path to check is the one given here, not the profile's.
                throw CLIFailure(description: "\(error.file): \(error.problem). Check the path given with --roster")
            } catch {
                throw CLIFailure(description: error.description)
            }
        }
        return resolved
    }

    /// The profile that applies (see ``resolve()``).
    func loadProfile() throws -> SchoolProfile { try resolve().profile }

    func makeScreener() throws -> Screener {
        let profile = try loadProfile()
        do {
            return try Screener(profile: profile)
        } catch {
            throw CLIFailure(description: error.description)
        }
    }

    private func warn(_ warnings: [String]) {
        for w in warnings { StandardOutput.error("screen: warning: " + w + "\n") }
    }
}

/// Output options shared by `screen` (checking drafts) and `screen history`.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Output: text, json or jsonl.",
        discussion: """
            text: compiler-style lines (the default for `screen` on a terminal). json: one object for one \
            input (the default for `screen` when piped; jsonl for several). jsonl: one object a line, one line per input (the \
            default for `screen history`). Every finding has `start`/`end` (UTF-8 byte offsets) and \
            `char_start`/`char_end` (Unicode scalar offsets: Python's text[char_start:char_end]).
            """))
    var format: OutputFormat?

    @Option(name: .long, help: ArgumentHelp(
        "Colour text output: auto, always or never.",
        discussion: "auto: colour when standard output is a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR (not 0) turns it on."))
    var color: ColorChoice = .auto

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a verdict is at or above this grade (notice, caution, warning, block, or none).")
    var failOn: Threshold = .warning

    @Option(name: .customLong("min-grade"), help: "Leave out findings below this grade.")
    var minGrade: Threshold = .notice

    /// Whether text output gets ANSI colours, from --color, the environment and standard output.
    func colour(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            // NO_COLOR (no-color.org) wins over FORCE_COLOR: someone who turned colour off everywhere meant it.
            if !(environment["NO_COLOR"] ?? "").isEmpty { return false }
            if let force = environment["FORCE_COLOR"], !force.isEmpty { return force != "0" && force != "false" }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal(STDOUT_FILENO)
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

enum AccountChoice: String, ExpressibleByArgument, CaseIterable {
    case personal, official
    var account: Account { self == .personal ? .personal : .official }
}

/// A grade threshold, or `none` (never fail).
enum Threshold: String, ExpressibleByArgument, CaseIterable {
    case notice, caution, warning, block, none
    var grade: Grade? { Grade(name: rawValue) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl
}

enum PostScreenVersion {
    static let string = "0.1.0"
}

/// Is this file descriptor a terminal?
func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
