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
              screen --format json draft.txt
              screen --profile school/postscreen.toml --account official post.txt
              screen history --report report.html tweets.js
              screen serve --profile school/postscreen.toml
              screen eval --profiles corpus/profiles corpus/dev/harbourside.jsonl

            Exit status: 0 when the verdict is below --fail-on (default warning), 1 when at or above \
            it, 2 for usage, profile or input errors.
            """,
        version: PostScreenVersion.string,
        subcommands: [Check.self, Eval.self, History.self, Serve.self, Features.self],
        defaultSubcommand: Check.self)
}

/// A command-line problem reported with exit status 2.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
}

/// Options shared by every command that builds a screener.
struct ProfileOptions: ParsableArguments {
    @Option(name: .long, help: "School profile (TOML). Default: postscreen.toml in this directory or a parent, else the built-in profile.")
    var profile: String?

    @Option(name: .long, help: "Roster CSV (forename,surname[,preferred][,year]); overrides the profile's.")
    var roster: String?

    @Option(name: .long, help: "Account the posts are for: personal or official.")
    var account: AccountChoice = .personal

    /// Loads the profile (explicit, discovered or built-in) and applies --roster. Warnings go to stderr.
    func loadProfile() throws -> SchoolProfile {
        var profile: SchoolProfile
        do {
            if let path = self.profile {
                let loaded = try ProfileLoader.load(from: URL(fileURLWithPath: path))
                profile = loaded.profile
                warn(loaded.warnings)
            } else if let found = ProfileLoader.discover(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
                let loaded = try ProfileLoader.load(from: found)
                profile = loaded.profile
                warn(loaded.warnings)
            } else {
                profile = .generic
            }
            if let roster {
                let loaded = try RosterFile.load(URL(fileURLWithPath: roster), kind: .pupils)
                profile.roster = loaded.people
                warn(loaded.warnings)
            }
        } catch {
            throw CLIFailure(description: error.description)
        }
        return profile
    }

    func makeScreener() throws -> Screener {
        let profile = try loadProfile()
        do {
            return try Screener(profile: profile)
        } catch {
            throw CLIFailure(description: error.description)
        }
    }

    private func warn(_ warnings: [String]) {
        for w in warnings { FileHandle.standardError.write(Data(("screen: warning: " + w + "\n").utf8)) }
    }
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
