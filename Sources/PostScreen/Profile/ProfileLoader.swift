import Foundation
import TOMLKit

/// A problem with a profile or one of its CSV files, with enough context to fix it.
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    /// The file at fault.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong.
    public var problem: String
    /// What to do about it.
    public var fix: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, problem: String, fix: String) {
        self.file = file
        self.line = line
        self.problem = problem
        self.fix = fix
    }

    /// "file:line: problem. fix"
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(problem). \(fix)"
    }
}

/// Finds and loads `postscreen.toml` profiles and the CSV files they name.
public enum ProfileLoader {
    /// The profile file name looked for in the current directory and its parents.
    public static let fileName = "postscreen.toml"

    /// The nearest `postscreen.toml` in `directory` or its parents, if any.
    public static func discover(from directory: URL) -> URL? {
        var dir = directory.standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(fileName)
            if FileManager.default.isReadableFile(atPath: candidate.path) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// A loaded profile and any warnings (unknown keys, duplicate pupils) worth showing.
    public struct Loaded: Sendable {
        /// The profile.
        public var profile: SchoolProfile
        /// Messages that did not stop loading ("file:line: unknown key …").
        public var warnings: [String]
    }

    private static let knownKeys: [String: Set<String>] = [
        "school": ["name", "aliases", "trust", "hashtags", "handles", "domains", "mottos", "phones", "region"],
        "people": ["roster", "staff", "no_images"],
        "rules": [],
        "sensitivity": [],
    ]

    /// Loads the profile at `url`, with the CSV files it names (relative to it).
    public static func load(from url: URL) throws(ProfileError) -> Loaded {
        let path = url.path
        let data: Data
        do throws(FileProblem) {
            data = try FileProblem.contents(of: path, what: "profile")
        } catch {
            throw ProfileError(
                file: path, problem: "cannot read the profile: \(error.problem)",
                fix: "Check the path given with --profile, or use --no-profile for the built-in profile")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ProfileError(file: path, problem: "the profile is not UTF-8 text", fix: "Save it as UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parse(text, path: path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Table headers must follow TOML's grammar: `[` or `[[`, dotted keys (bare `A-Za-z0-9_-`, or
    /// quoted), the matching `]` or `]]`, then only a comment.
    ///
    /// The TOML parser bundled with TOMLKit asserts (aborts the process) on some malformed headers
    /// ("[:school]", "[=]", "[[  [") instead of reporting an error — found by fuzzing — so headers
    /// are checked here first and reported as the parser would. Lines inside a multi-line array
    /// value are not headers and are skipped.
    static func checkTableHeaders(_ text: String, path: String) throws(ProfileError) {
        var line = 0
        var arrayDepth = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            line += 1
            let bytes = Array(raw.utf8)
            var i = 0
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            if arrayDepth == 0 && i < bytes.count && bytes[i] == 0x5B {
                if let problem = headerProblem(bytes, from: i) {
                    throw ProfileError(
                        file: path, line: line, problem: "invalid TOML: \(problem)",
                        fix: "Write the section as [school], [people], [rules] or [sensitivity]")
                }
                continue
            }
            arrayDepth = max(0, arrayDepth + bracketBalance(bytes))
        }
    }

    /// Net "[" minus "]" outside strings and comments: tracks multi-line array values.
    private static func bracketBalance(_ b: [UInt8]) -> Int {
        var depth = 0
        var quote: UInt8? = nil
        var i = 0
        while i < b.count {
            let c = b[i]
            if let q = quote {
                if c == 0x5C && q == 0x22 { i += 1 } else if c == q { quote = nil }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x23 {
                break
            } else if c == 0x5B {
                depth += 1
            } else if c == 0x5D {
                depth -= 1
            }
            i += 1
        }
        return depth
    }

    /// Why a header line is malformed, or nil when it is well formed.
    private static func headerProblem(_ b: [UInt8], from start: Int) -> String? {
        var i = start + 1
        let doubled = i < b.count && b[i] == 0x5B
        if doubled { i += 1 }
        func skipSpace() { while i < b.count && (b[i] == 0x20 || b[i] == 0x09) { i += 1 } }
        func isBare(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
        }
        var keys = 0
        while true {
            skipSpace()
            guard i < b.count else { return "a table header ends before its name" }
            let c = b[i]
            if isBare(c) {
                while i < b.count && isBare(b[i]) { i += 1 }
            } else if c == 0x22 || c == 0x27 {
                i += 1
                while i < b.count && b[i] != c {
                    if c == 0x22 && b[i] == 0x5C { i += 1 }
                    i += 1
                }
                guard i < b.count else { return "a quoted table name is not closed" }
                i += 1
            } else {
                return "a table name cannot start with '\(String(decoding: [c], as: UTF8.self))'"
            }
            keys += 1
            skipSpace()
            guard i < b.count else { return "a table header is not closed with ']'" }
            if b[i] == 0x2E {
                i += 1
                continue
            }
            break
        }
        guard keys > 0, i < b.count, b[i] == 0x5D else { return "a table header is not closed with ']'" }
        i += 1
        if doubled {
            guard i < b.count, b[i] == 0x5D else { return "an array-of-tables header needs ']]'" }
            i += 1
        }
        skipSpace()
        guard i == b.count || b[i] == 0x23 || b[i] == 0x0D else { return "unexpected text after a table header" }
        return nil
    }

    /// Parses profile text. CSV paths are resolved against `baseDirectory`.
    public static func parse(_ text: String, path: String, baseDirectory: URL) throws(ProfileError) -> Loaded {
        // A BOM would hide the first header from the check below (and the TOML parser skips it).
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        try checkTableHeaders(text, path: path)
        if let problem = TOMLShapeCheck.problem(in: text) {
            throw ProfileError(
                file: path, line: problem.line, problem: "invalid TOML: \(problem.message)",
                fix: "Correct the TOML syntax on that line (strings need double quotes, lists need [ ])")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ProfileError(
                file: path, line: error.source.begin.line, problem: "invalid TOML: \(error.description)",
                fix: "Correct the TOML syntax on that line (strings need double quotes, lists need [ ])")
        } catch {
            throw ProfileError(file: path, problem: "invalid TOML: \(error)", fix: "Correct the TOML syntax")
        }
        var warnings: [String] = []
        // "\r\n" is one Character in Swift, so lines are split on it explicitly (Windows-saved profiles).
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        /// The line where `key` is set in `[section]` (or at the top level when nil), or where the
        /// table `key` starts. Windows line endings, quoted keys and spaces around "=" are all fine.
        func lineOf(key: String, in section: String?) -> Int? {
            var current: String? = nil
            for (i, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.hasPrefix("[") {
                    current = line.split(separator: "#", maxSplits: 1).first.map {
                        $0.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t\r\"'"))
                    }
                    if section == nil && current == key { return i + 1 }
                    continue
                }
                guard current == section else { continue }
                for form in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(form) {
                    let rest = line.dropFirst(form.count).drop(while: { $0 == " " || $0 == "\t" })
                    if rest.hasPrefix("=") || rest.hasPrefix(".") { return i + 1 }
                }
            }
            return nil
        }

        for key in table.keys.sorted() where knownKeys[key] == nil {
            warnings.append(
                "\(path):\(lineOf(key: key, in: nil) ?? 1): unknown section or key '\(key)' ignored "
                    + "(known: [school], [people], [rules], [sensitivity]; check its spelling)")
        }
        var profile = SchoolProfile(source: path)

        func strings(_ t: TOMLTable, _ section: String, _ key: String) throws(ProfileError) -> [String] {
            guard let value = t[key] else { return [] }
            if let s = value.string { return [s] }
            guard let array = value.array else {
                throw ProfileError(
                    file: path, line: lineOf(key: key, in: section), problem: "'\(key)' must be a list of strings",
                    fix: "Write it as \(key) = [\"…\", \"…\"]")
            }
            var out: [String] = []
            for element in array {
                guard let s = element.string else {
                    throw ProfileError(
                        file: path, line: lineOf(key: key, in: section),
                        problem: "'\(key)' must contain only strings", fix: "Put each entry in double quotes")
                }
                out.append(s)
            }
            return out
        }
        func string(_ t: TOMLTable, _ section: String, _ key: String) throws(ProfileError) -> String? {
            guard let value = t[key] else { return nil }
            guard let s = value.string else {
                throw ProfileError(
                    file: path, line: lineOf(key: key, in: section), problem: "'\(key)' must be a string",
                    fix: "Write it as \(key) = \"…\"")
            }
            return s
        }
        func section(_ name: String) throws(ProfileError) -> TOMLTable? {
            guard let value = table[name] else { return nil }
            guard let t = value.table else {
                throw ProfileError(
                    file: path, line: lineOf(key: name, in: nil), problem: "'\(name)' must be a table",
                    fix: "Start it with a [\(name)] line")
            }
            // [rules] and [sensitivity] take category and rule ids, checked where they are read.
            for key in t.keys.sorted() where !(knownKeys[name].map { $0.isEmpty || $0.contains(key) } ?? true) {
                warnings.append(
                    "\(path):\(lineOf(key: key, in: name) ?? 1): unknown key '\(key)' in [\(name)] ignored "
                        + "(known: \(knownKeys[name]!.sorted().joined(separator: ", ")))")
            }
            return t
        }

        if let school = try section("school") {
            profile.name = try string(school, "school", "name")
            profile.aliases = try strings(school, "school", "aliases")
            profile.trust = try string(school, "school", "trust")
            profile.hashtags = try strings(school, "school", "hashtags")
            profile.handles = try strings(school, "school", "handles")
            profile.domains = try strings(school, "school", "domains").map { $0.lowercased() }
            profile.mottos = try strings(school, "school", "mottos")
            profile.phones = try strings(school, "school", "phones")
            if let region = try string(school, "school", "region") {
                // Checked for shape only: asking libphonenumber would load its metadata at start-up.
                guard region.count == 2, region.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else {
                    throw ProfileError(
                        file: path, line: lineOf(key: "region", in: "school"),
                        problem: "'region' must be a two-letter region code, not \"\(region)\"",
                        fix: "Write the school's country as two letters, e.g. region = \"GB\"")
                }
                profile.region = region.uppercased()
            }
        }
        // A name, hashtag or motto a draft can never match would leave the school unprotected unseen.
        for dead in Knowledge.unmatchablePhrases(of: profile) {
            warnings.append(
                "\(path):\(lineOf(key: dead.key, in: "school") ?? 1): '\(dead.key)' entry \"\(dead.phrase)\" can never "
                    + "match a post; write it with the words posts use (punctuation and emoji are ignored, but more than "
                    + "three in a row between two words, or nothing but them, leave nothing to match)")
        }
        if let people = try section("people") {
            /// A CSV named in [people]; a file that cannot be read names the profile line that points to it.
            func list(_ key: String, _ kind: RosterFile.Kind) throws(ProfileError) -> [Person]? {
                guard let name = try string(people, "people", key) else { return nil }
                let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : baseDirectory.appendingPathComponent(name)
                do {
                    let loaded = try RosterFile.load(url, kind: kind)
                    warnings += loaded.warnings
                    return loaded.people
                } catch where error.line == nil {
                    var e = error
                    e.fix = "Check '\(key)' on line \(lineOf(key: key, in: "people") ?? 1) of \(path); "
                        + "the path is relative to the profile file"
                    throw e
                }
            }
            if let roster = try list("roster", .pupils) { profile.roster = roster }
            if let staff = try list("staff", .staff) { profile.staff = staff }
            if let noImages = try list("no_images", .pupils) { profile.noImages = noImages }
        }
        if let rules = try section("rules") {
            let categories = Set(Category.allCases.map(\.rawValue))
            for key in rules.keys {
                let line = lineOf(key: key, in: "rules")
                let categoryPart = String(key.split(separator: ".").first ?? "")
                guard categories.contains(categoryPart) else {
                    throw ProfileError(
                        file: path, line: line, problem: "unknown rule or category '\(key)' in [rules]",
                        fix: "Use one of: \(Category.allCases.map(\.rawValue).joined(separator: ", ")), "
                            + "or a rule id such as \"contact-details.handle\"")
                }
                guard let value = rules[key]?.string else {
                    throw ProfileError(
                        file: path, line: line, problem: "'\(key)' in [rules] must be a string",
                        fix: "Write \"off\" or a grade: \"notice\", \"caution\", \"warning\", \"block\"")
                }
                if value.lowercased() == "off" {
                    profile.rules[key] = .off
                } else if let grade = Grade(name: value) {
                    profile.rules[key] = .grade(grade)
                } else {
                    throw ProfileError(
                        file: path, line: line, problem: "'\(value)' is not a setting for '\(key)'",
                        fix: "Write \"off\" or a grade: \"notice\", \"caution\", \"warning\", \"block\"")
                }
            }
        }
        if let table = try section("sensitivity") {
            let scored = LanguageScorer.categories.map(\.rawValue)
            for key in table.keys.sorted() {
                let line = lineOf(key: key, in: "sensitivity")
                guard let category = Category(rawValue: key), LanguageScorer.categories.contains(category) else {
                    throw ProfileError(
                        file: path, line: line, problem: "'\(key)' in [sensitivity] is not a category the trained scorer reads",
                        fix: "Use one of: \(scored.joined(separator: ", "))")
                }
                guard let value = table[key]?.string, let level = Sensitivity(rawValue: value.lowercased()) else {
                    throw ProfileError(
                        file: path, line: line, problem: "'\(key)' in [sensitivity] must be \"low\", \"normal\" or \"high\"",
                        fix: "Write \"high\" for more findings, \"low\" for fewer, surer ones")
                }
                profile.sensitivity[category] = level
            }
        }
        return Loaded(profile: profile, warnings: warnings)
    }
}

/// Roster, staff and no-images CSV files, as schools' MIS exports write them.
public enum RosterFile {
    /// Which list a file is.
    public enum Kind: Sendable {
        case pupils, staff
    }

    /// People read from a file, and warnings about rows skipped or repeated.
    public struct Loaded: Sendable {
        public var people: [Person]
        public var warnings: [String]
    }

    // Header names seen in SIMS, Arbor and Bromcom exports, normalised (lower case, letters only).
    private static let forenameHeaders: Set<String> = [
        "forename", "legalforename", "firstname", "givenname", "legalfirstname", "first", "name",
    ]
    private static let surnameHeaders: Set<String> = [
        "surname", "legalsurname", "lastname", "familyname", "legallastname", "last",
    ]
    private static let preferredHeaders: Set<String> = [
        "preferred", "preferredforename", "preferredname", "preferredfirstname", "knownas", "chosenname",
    ]
    private static let yearHeaders: Set<String> = ["year", "yeargroup", "ncyear", "nationalcurriculumyear", "yr"]
    private static let roleHeaders: Set<String> = ["role", "jobtitle", "title", "post", "position"]

    private static func normalise(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.letters.contains($0) }.map(Character.init))
    }

    /// Loads a roster or staff CSV. Errors name the file and line.
    public static func load(_ url: URL, kind: Kind) throws(ProfileError) -> Loaded {
        let path = url.path
        let data: Data
        do throws(FileProblem) {
            data = try FileProblem.contents(of: path, what: kind == .staff ? "staff list" : "roster")
        } catch {
            throw ProfileError(
                file: path, problem: "cannot read this file: \(error.problem)",
                fix: "Check the path in the profile's [people] table; it is relative to the profile file")
        }
        guard var text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw ProfileError(file: path, problem: "not text", fix: "Export the list as CSV (UTF-8)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // Excel's UTF-8 BOM
        return try parse(text, path: path, kind: kind)
    }

    /// Parses CSV text with a header row.
    public static func parse(_ text: String, path: String, kind: Kind) throws(ProfileError) -> Loaded {
        var reader = CSVRows(text)
        guard let headerRow = reader.next() else {
            throw ProfileError(
                file: path, line: 1, problem: "not a readable CSV file (cannotReadHeaderRow)",
                fix: "Export the list as CSV with a header row such as forename,surname")
        }
        func checkQuotes() throws(ProfileError) {
            if let opened = reader.unclosedQuoteLine {
                throw ProfileError(
                    file: path, line: opened, problem: "a double quote opens a field here and is never closed",
                    fix: "Close the quote, or remove it (a name needs quotes only when it holds a comma)")
            }
        }
        try checkQuotes()
        let header = headerRow.map(normalise)
        func column(_ names: Set<String>) -> Int? { header.firstIndex(where: names.contains) }
        guard let forenameColumn = column(forenameHeaders) else {
            throw ProfileError(
                file: path, line: 1, problem: "no forename column in the header (found: \(headerRow.joined(separator: ", ")))",
                fix: "Add a header row naming the columns, such as: forename,surname,preferred,year")
        }
        guard let surnameColumn = column(surnameHeaders) else {
            throw ProfileError(
                file: path, line: 1, problem: "no surname column in the header (found: \(headerRow.joined(separator: ", ")))",
                fix: "Add a header row naming the columns, such as: forename,surname,preferred,year")
        }
        let preferredColumn = column(preferredHeaders)
        let yearColumn = column(yearHeaders)
        let roleColumn = kind == .staff ? column(roleHeaders) : nil

        var people: [Person] = []
        var warnings: [String] = []
        var seen: [String: Int] = [:]
        var line = 1
        while let row = reader.next() {
            line += 1
            try checkQuotes()
            if row.allSatisfy({ CSVRows.trimmed($0).isEmpty }) { continue }  // blank line
            func field(_ i: Int?) -> String? {
                guard let i, i < row.count else { return nil }
                let v = CSVRows.trimmed(row[i])
                return v.isEmpty ? nil : v
            }
            guard let forename = field(forenameColumn), let surname = field(surnameColumn) else {
                throw ProfileError(
                    file: path, line: line,
                    problem: "this row has no \(field(forenameColumn) == nil ? "forename" : "surname")",
                    fix: "Fill in the missing name or delete the row")
            }
            let person = Person(
                forename: forename, surname: surname, preferred: field(preferredColumn), year: field(yearColumn),
                role: field(roleColumn))
            let key = "\(forename.lowercased()) \(surname.lowercased()) \(person.year ?? "")"
            if let first = seen[key] {
                warnings.append("\(path):\(line): duplicate of line \(first) (\(forename) \(surname)); kept once")
                continue
            }
            seen[key] = line
            people.append(person)
        }
        return Loaded(people: people, warnings: warnings)
    }
}
