import ArgumentParser
import Foundation
import PostScreen

/// `screen profile`: which profile applies here, where it came from, and what it holds.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show the school profile that applies here and where it came from.",
        discussion: """
            Resolves the profile as `screen` would (--profile, else postscreen.toml in this directory or \
            a parent, else the built-in one; --roster on top) and prints it. Pupils and staff are counted, \
            never listed.
            """)

    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .long, help: "Output: text or json.")
    var format: ProfileFormat = .text

    enum ProfileFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    mutating func run() throws {
        let resolved = try profileOptions.resolve()
        let p = resolved.profile
        let rosterOrigin = profileOptions.roster.map { " (from --roster \($0))" } ?? ""
        let rules = p.rules.keys.sorted().map { key -> (String, String) in
            switch p.rules[key]! {
            case .off: (key, "off")
            case .grade(let g): (key, g.description)
            }
        }
        let sensitivity = p.sensitivity.keys.map(\.rawValue).sorted().map { key in
            (key, p.sensitivity[Category(rawValue: key)!]!.rawValue)
        }
        switch format {
        case .json:
            var object: [String: Any] = [
                "source": resolved.file ?? "built-in", "origin": resolved.origin,
                "account": profileOptions.account.rawValue,
                "school": [
                    "name": p.name as Any, "aliases": p.aliases, "trust": p.trust as Any, "hashtags": p.hashtags,
                    "handles": p.handles, "domains": p.domains, "mottos": p.mottos, "phones": p.phones,
                    "region": p.region,
                ],
                "people": ["pupils": p.roster.count, "staff": p.staff.count, "no_images": p.noImages.count],
                "rules": Dictionary(uniqueKeysWithValues: rules),
                "sensitivity": Dictionary(uniqueKeysWithValues: sensitivity),
            ]
            if let roster = profileOptions.roster { object["roster"] = roster }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            func list(_ items: [String]) -> String { items.isEmpty ? "(none)" : items.joined(separator: ", ") }
            var lines = [
                "profile: \(resolved.file ?? "built-in") — \(resolved.origin)",
                "account: \(profileOptions.account.rawValue)",
                "",
                "[school]",
                "name: \(p.name ?? "(none)")",
                "aliases: \(list(p.aliases))",
                "trust: \(p.trust ?? "(none)")",
                "hashtags: \(list(p.hashtags))",
                "handles: \(list(p.handles))",
                "domains: \(list(p.domains))",
                "mottos: \(list(p.mottos))",
                "phones: \(list(p.phones))",
                "region: \(p.region)",
                "",
                "[people]",
                "roster: \(p.roster.count) pupil\(p.roster.count == 1 ? "" : "s")\(rosterOrigin)",
                "staff: \(p.staff.count)",
                "no_images: \(p.noImages.count) pupil\(p.noImages.count == 1 ? "" : "s")",
                "",
                "[rules]",
            ]
            lines += rules.isEmpty ? ["(every rule at its own grade)"] : rules.map { "\($0.0) = \($0.1)" }
            lines += ["", "[sensitivity]"]
            lines += sensitivity.isEmpty ? ["(normal for every category)"] : sensitivity.map { "\($0.0) = \($0.1)" }
            print(lines.joined(separator: "\n"))
        }
    }
}

/// `screen init`: a commented profile template and an empty roster to fill in.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented postscreen.toml and a roster CSV header to fill in.",
        discussion: """
            Writes postscreen.toml (every key SPEC.md describes, commented) and pupils.csv (the header \
            forename,surname,preferred,year) in DIR. Existing files are left alone unless --force is given. \
            Then fill them in and check the result with `screen profile`.
            """)

    @Argument(help: "Folder to write into (default: this directory).")
    var directory: String = "."

    @Flag(name: .long, help: "Replace postscreen.toml and pupils.csv if they exist.")
    var force = false

    static let rosterName = "pupils.csv"
    static let rosterHeader = "forename,surname,preferred,year\n"

    mutating func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIFailure(description: "\(directory): no such folder. Create it first, or run `screen init` inside it")
        }
        let base = URL(fileURLWithPath: directory)
        let files = [
            (base.appendingPathComponent(ProfileLoader.fileName), Self.template),
            (base.appendingPathComponent(Self.rosterName), Self.rosterHeader),
        ]
        let existing = files.map(\.0.path).filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            throw CLIFailure(
                description: "\(existing.joined(separator: " and ")) already exist\(existing.count == 1 ? "s" : ""): "
                    + "nothing written. Edit \(existing.count == 1 ? "it" : "them"), or pass --force to replace "
                    + "\(existing.count == 1 ? "it" : "them") with the template")
        }
        for (url, text) in files {
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIFailure(description: "\(url.path): cannot write (\(FileProblem.reason(error)))")
            }
            StandardOutput.error("screen: wrote \(url.path)\n")
        }
        StandardOutput.error("screen: fill them in, then check with `screen profile`\n")
    }

    /// The profile template: every key of SPEC.md's profile, commented out except the roster, so the
    /// file loads as it is and means the built-in profile plus an (empty) roster.
    static let template = """
        # PostScreen school profile (format: SPEC.md, "The school profile").
        # `screen` uses the postscreen.toml in the current folder or a parent, or the one given with
        # --profile FILE. Remove the # in front of each line that applies and fill it in; check the
        # result with `screen profile`.

        [school]
        # name = "Example Community School"       # the full name
        # aliases = ["ECS", "Example Community"]  # other names and abbreviations
        # trust = "Example Learning Trust"        # the trust or federation
        # hashtags = ["#ECS", "#TeamECS"]         # official hashtags
        # handles = ["@ExampleCS"]                # official social-media handles
        # domains = ["example-cs.sch.uk"]         # email addresses here are the school's, not personal
        # mottos = ["Learning Together"]          # mottos and slogans
        # phones = ["01632 960000"]               # the school's own published numbers
        # region = "GB"                           # where numbers written without +44 are dialled from

        [people]
        # Paths are relative to this file. Export the lists from the MIS (SIMS, Arbor, Bromcom column
        # names are understood) and keep them off shared drives: they name children.
        roster = "pupils.csv"                     # forename,surname,preferred,year
        # staff = "staff.csv"                     # forename,surname,role
        # no_images = "no-photos.csv"             # pupils whose images must not be published

        [rules]
        # Per category or per rule: "off", or a grade ("notice", "caution", "warning", "block").
        # grievance = "caution"
        # "contact-details.handle" = "off"

        [sensitivity]
        # The trained scorer only: "low", "normal" (the default) or "high" per language category.
        # grievance = "high"

        """
}
