import Foundation
import Testing
@testable import PostScreen

/// Malformed configuration (issue 6): every problem with a profile or roster is an error or warning
/// that names the file and line and says how to fix it; MIS exports load as they come.
struct ProfileRobustnessTests {
    static let bad = Support.fixtures.appendingPathComponent("profiles-bad")

    static func load(_ name: String) throws(ProfileError) -> ProfileLoader.Loaded {
        try ProfileLoader.load(from: bad.appendingPathComponent(name))
    }

    static func roster(_ name: String) throws(ProfileError) -> RosterFile.Loaded {
        try RosterFile.load(bad.appendingPathComponent(name), kind: .pupils)
    }

    static func error(_ body: () throws -> Void) -> ProfileError? {
        do {
            try body()
            return nil
        } catch {
            return error as? ProfileError
        }
    }

    // MARK: TOML

    @Test("reports bad TOML with its file and line")
    func badSyntax() throws {
        let e = try #require(Self.error { _ = try Self.load("bad-syntax.toml") })
        #expect(e.file.hasSuffix("bad-syntax.toml"))
        #expect(e.line == 3)
        #expect(e.description.contains("invalid TOML"))
        #expect(!e.fix.isEmpty)
    }

    @Test("warns about unknown keys and sections with their lines")
    func unknownKeys() throws {
        let loaded = try Self.load("unknown-keys.toml")
        let w = loaded.warnings
        #expect(w.contains { $0.hasSuffix("unknown-keys.toml:2: unknown section or key 'school_name' ignored (known: [school], [people], [rules], [sensitivity]; check its spelling)") }, "\(w)")
        #expect(w.contains { $0.contains("unknown-keys.toml:6: unknown key 'nmae' in [school]") }, "\(w)")
        #expect(w.contains { $0.contains("unknown-keys.toml:7: unknown key 'domain' in [school]") }, "\(w)")
        #expect(w.contains { $0.contains("unknown-keys.toml:9: unknown section or key 'peopel'") }, "\(w)")
        #expect(loaded.profile.name == "Harbourside")
    }

    @Test("does not warn about [rules] and [sensitivity] entries, whose ids are checked as they are read")
    func ruleKeysAreKnown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("postscreen.toml")
        try "[rules]\ngrievance = \"caution\"\n\"contact-details.handle\" = \"off\"\n\n[sensitivity]\ngrievance = \"low\"\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let loaded = try ProfileLoader.load(from: file)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.profile.rules == ["grievance": .grade(.caution), "contact-details.handle": .off])
    }

    @Test("reads a profile with Windows line endings, and finds unknown keys' lines in it")
    func crlfProfile() throws {
        let loaded = try Self.load("crlf.toml")
        #expect(loaded.profile.mottos == ["Learn"])
        #expect(loaded.warnings.contains { $0.contains("crlf.toml:4: unknown key 'motto' in [school]") }, "\(loaded.warnings)")
        #expect(loaded.profile.roster.count == 2)
    }

    @Test("a value of the wrong type names the key's line")
    func wrongType() throws {
        let e = try #require(Self.error { _ = try Self.load("wrong-type.toml") })
        #expect(e.line == 2)
        #expect(e.problem.contains("'name' must be a string"))
    }

    @Test("an unknown grade in [rules] names the line and lists the grades")
    func badRuleGrade() throws {
        let e = try #require(Self.error { _ = try Self.load("bad-rule-grade.toml") })
        #expect(e.line == 2)
        #expect(e.fix.contains("\"warning\""))
    }

    @Test("a missing profile file is an error naming it")
    func missingProfile() throws {
        let e = try #require(Self.error { _ = try Self.load("no-such-profile.toml") })
        #expect(e.file.hasSuffix("no-such-profile.toml"))
        #expect(e.fix.contains("--profile"))
    }

    @Test("a roster the profile names but that is missing points back to the profile line")
    func missingRoster() throws {
        let e = try #require(Self.error { _ = try Self.load("missing-roster.toml") })
        #expect(e.file.hasSuffix("no-such-roster.csv"))
        #expect(e.fix.contains("line 5 of"), "\(e)")
        #expect(e.fix.contains("missing-roster.toml"))
    }

    // MARK: Roster CSV

    @Test("a roster without a surname column says which columns it found")
    func missingColumn() throws {
        let e = try #require(Self.error { _ = try Self.roster("roster-missing-column.csv") })
        #expect(e.line == 1)
        #expect(e.problem.contains("no surname column"))
        #expect(e.problem.contains("forename, year"))
        let viaProfile = try #require(Self.error { _ = try Self.load("roster-missing-column.toml") })
        #expect(viaProfile.file.hasSuffix("roster-missing-column.csv"))
    }

    @Test("a row without a surname names its line")
    func missingCell() throws {
        let e = try #require(Self.error { _ = try Self.roster("roster-missing-cell.csv") })
        #expect(e.line == 3)
        #expect(e.problem.contains("surname"))
    }

    @Test("duplicate pupils are kept once, with a warning naming both lines")
    func duplicates() throws {
        let loaded = try Self.roster("roster-duplicates.csv")
        #expect(loaded.people.count == 3)  // Ben Smith in Year 7 is another pupil
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("roster-duplicates.csv:4: duplicate of line 2") == true, "\(loaded.warnings)")
    }

    @Test("blank lines are skipped")
    func blankLines() throws {
        let loaded = try Self.roster("roster-blank-lines.csv")
        #expect(loaded.people.map(\.surname) == ["Smith", "Varty"])
    }

    @Test("quoted fields keep their commas and quotes")
    func quoted() throws {
        let loaded = try Self.roster("roster-quoted.csv")
        #expect(loaded.people.map(\.forename) == ["Mary, Jane", "Ben", "Kai \"KJ\""])
        #expect(loaded.people[1].surname == "O'Connor")
        #expect(loaded.people[1].preferred == nil)
    }

    @Test("an unterminated quote is an error, not a silent loss")
    func unterminatedQuote() throws {
        do {
            let loaded = try Self.roster("roster-unterminated-quote.csv")
            Issue.record("loaded \(loaded.people) with no error")
        } catch {
            #expect(error.file.hasSuffix("roster-unterminated-quote.csv"))
            #expect(error.line != nil)
        }
    }

    @Test("reads SIMS exports: Excel BOM, CRLF, Legal/Preferred Forename, Legal Surname, Year")
    func sims() throws {
        let loaded = try Self.roster("roster-sims.csv")
        #expect(loaded.people.count == 2)
        let ben = try #require(loaded.people.first)
        #expect(ben.forename == "Benjamin")
        #expect(ben.preferred == "Ben")
        #expect(ben.surname == "Smith")
        #expect(ben.year == "Year 10")
        #expect(loaded.people[1].forename == "Zoë")
        // And a screener built from it finds the pupil.
        let screener = try Screener(profile: SchoolProfile(roster: loaded.people))
        #expect(screener.screen("Well done Ben Smith").verdict == .block)
        #expect(screener.screen("well done zoe o'connor").verdict == .block)
    }

    @Test("reads Arbor and Bromcom headers", arguments: ["roster-arbor.csv", "roster-bromcom.csv"])
    func misHeaders(_ file: String) throws {
        let loaded = try Self.roster(file)
        #expect(loaded.people == [Person(forename: "Benjamin", surname: "Smith", preferred: "Ben", year: "10")])
    }

    @Test("reads a roster saved as Latin-1")
    func latin1() throws {
        let loaded = try Self.roster("roster-latin1.csv")
        #expect(loaded.people.first?.forename == "Zoë")
    }

    @Test("a roster that is not a file is an error naming it")
    func directoryRoster() throws {
        let e = try #require(Self.error { _ = try RosterFile.load(Self.bad, kind: .pupils) })
        #expect(e.file.hasSuffix("profiles-bad"))
    }

    // MARK: The CLI

    @Test("the CLI exits 2 with file, line and fix for a bad profile", arguments: [
        ("bad-syntax.toml", "bad-syntax.toml:3:"), ("missing-roster.toml", "no-such-roster.csv"),
        ("roster-missing-column.toml", "roster-missing-column.csv:1:"), ("wrong-type.toml", "wrong-type.toml:2:"),
    ])
    func cliExit(_ file: String, _ expected: String) throws {
        let run = try RobustnessTests.runCLI(["--profile", Self.bad.appendingPathComponent(file).path], stdin: Array("hello".utf8))
        #expect(run.status == 2)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("the CLI prints unknown-key warnings and still screens")
    func cliWarnings() throws {
        let run = try RobustnessTests.runCLI(
            ["--profile", Self.bad.appendingPathComponent("unknown-keys.toml").path, "--format", "json"],
            stdin: Array("hello".utf8))
        #expect(run.status == 0)
        #expect(run.stderr.contains("unknown-keys.toml:6: unknown key 'nmae'"), "\(run.stderr)")
        #expect(run.stdout.contains("\"verdict\":\"clear\""))
    }
}
