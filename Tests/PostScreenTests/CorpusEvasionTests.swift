import Foundation
import Testing
@testable import PostScreen

/// Issue 17: every pupil-name and contact-details finding on a labelled post of the dev corpus and the
/// probe fixtures, rewritten one transformation at a time, in full (every letter or digit it can take)
/// and on the finding's span only, must still be found: same category, at its grade or higher, on the
/// rewritten characters. Each transformation must keep at least 98% per category.
///
/// `EvasionTests` rewrites the rules' own examples; this suite rewrites posts the rules were not
/// written from, the way someone hiding a number or a name would.
struct CorpusEvasionTests {
    enum Kind: String, Sendable {
        case name, phone, email, otherContact
    }

    struct Transformation: Sendable {
        var name: String
        var applies: @Sendable (Kind) -> Bool
        var rewrite: @Sendable (String) -> String
    }

    struct Target {
        var category: Category
        var grade: Grade
        var start: Int
        var end: Int
        var kind: Kind
    }

    struct Post {
        var id: String
        var text: String
        var screener: Screener
        var account: Account
        var labelled: Set<Category>
    }

    // MARK: Transformations (in full)

    static func mapScalars(_ s: String, _ f: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for u in s.unicodeScalars { out += f(u) ?? String(u) }
        return out
    }

    static func isLetter(_ u: Unicode.Scalar) -> Bool { (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") }
    static func isDigit(_ u: Unicode.Scalar) -> Bool { u >= "0" && u <= "9" }
    static func isAlnum(_ u: Unicode.Scalar) -> Bool { isLetter(u) || isDigit(u) }
    /// A letter or digit of any script ("é", "а"): dots go between these.
    static func isWordCharacter(_ u: Unicode.Scalar) -> Bool { u.properties.isAlphabetic || u.properties.numericType != nil }

    /// `mark` between every two adjacent characters that pass `between`; each space becomes `space`.
    /// Invisible characters and combining marks already in the text stay with the character before.
    static func spaced(_ s: String, mark: String, space: String, between: (Unicode.Scalar) -> Bool) -> String {
        var out = ""
        var previous = false
        for u in s.unicodeScalars {
            if u == " " {
                out += space
                previous = false
                continue
            }
            if u.properties.generalCategory == .format || u.properties.generalCategory == .nonspacingMark {
                out.unicodeScalars.append(u)
                continue
            }
            let counts = between(u)
            if counts && previous { out += mark }
            out.unicodeScalars.append(u)
            previous = counts
        }
        return out
    }

    static let leetDigits: [Character: Character] = [
        "o": "0", "e": "3", "a": "4", "i": "1", "s": "5", "t": "7", "b": "8", "l": "1",
    ]

    static func leet(_ s: String, symbols: Bool) -> String {
        String(s.map { c -> Character in
            let lower = Character(c.lowercased())
            if symbols && lower == "a" { return "@" }
            if symbols && lower == "s" { return "$" }
            return leetDigits[lower] ?? c
        })
    }

    static let lookAlikes: [Character: String] = EvasionTests.lookAlikes

    static let digitWords = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

    /// A phone number's digits as words, its groups kept: `zero` names 0, runs of two and three use
    /// "double" and "treble" when `repeats`; `mixed` writes every other digit as a digit.
    static func spellPhone(_ s: String, zero: String, repeats: Bool, mixed: Bool = false, separator: String = " ") -> String {
        var groups: [[Int]] = []
        var plus = false
        var current: [Int] = []
        for u in s.unicodeScalars {
            if isDigit(u) {
                current.append(Int(u.value - 0x30))
            } else {
                if u == "+" { plus = true }
                if !current.isEmpty { groups.append(current) }
                current = []
            }
        }
        if !current.isEmpty { groups.append(current) }
        // Already in words, or in digits this cannot read (full-width): left as it is.
        guard !groups.isEmpty else { return s }
        var words: [String] = plus ? ["plus"] : []
        var n = 0
        for group in groups {
            var i = 0
            var out: [String] = []
            while i < group.count {
                var run = 1
                while repeats && i + run < group.count && group[i + run] == group[i] && run < 3 { run += 1 }
                let word = group[i] == 0 ? zero : digitWords[group[i]]
                if mixed && n % 2 == 1 {
                    out.append(String(repeating: String(group[i]), count: run))
                } else {
                    out.append(run == 1 ? word : "\(run == 2 ? "double" : "treble")\(separator)\(word)")
                }
                n += 1
                i += run
            }
            words.append(out.joined(separator: separator))
        }
        return words.joined(separator: separator == "" ? "" : ", ")
    }

    static let transformations: [Transformation] = [
        Transformation(name: "Cyrillic look-alikes", applies: { $0 != .phone }) { s in
            mapScalars(s) { lookAlikes[Character($0)] }
        },
        Transformation(name: "mathematical bold", applies: { _ in true }) { s in
            mapScalars(s) { u in
                if u >= "A" && u <= "Z" { return String(Unicode.Scalar(0x1D400 + u.value - 0x41)!) }
                if u >= "a" && u <= "z" { return String(Unicode.Scalar(0x1D41A + u.value - 0x61)!) }
                if isDigit(u) { return String(Unicode.Scalar(0x1D7CE + u.value - 0x30)!) }
                return nil
            }
        },
        Transformation(name: "zero-width space", applies: { _ in true }) {
            spaced($0, mark: "\u{200B}", space: " ") { $0 != " " }
        },
        Transformation(name: "soft hyphen", applies: { _ in true }) {
            spaced($0, mark: "\u{AD}", space: " ") { $0 != " " }
        },
        Transformation(name: "combining accents", applies: { _ in true }) { s in
            mapScalars(s) { isLetter($0) ? String($0) + "\u{301}" : nil }
        },
        Transformation(name: "full-width", applies: { _ in true }) { s in
            // Every printable ASCII character has a full-width form at U+FF01…U+FF5E.
            mapScalars(s) { u in u.value > 0x20 && u.value < 0x7F ? String(Unicode.Scalar(u.value + 0xFEE0)!) : nil }
        },
        Transformation(name: "leetspeak (0 1 3 4 5 7 8)", applies: { $0 != .phone }) { leet($0, symbols: false) },
        Transformation(name: "leetspeak with @ and $", applies: { $0 == .name }) { leet($0, symbols: true) },
        Transformation(name: "letter spacing, single", applies: { _ in true }) {
            spaced($0, mark: " ", space: "  ") { $0 != " " }
        },
        Transformation(name: "letter spacing, double", applies: { _ in true }) {
            spaced($0, mark: "  ", space: "    ") { $0 != " " }
        },
        Transformation(name: "dot between letters or digits", applies: { _ in true }) {
            spaced($0, mark: ".", space: " ", between: isWordCharacter)
        },
        Transformation(name: "phone: words, oh and double/treble", applies: { $0 == .phone }) {
            spellPhone($0, zero: "oh", repeats: true)
        },
        Transformation(name: "phone: words, nought, no repeats", applies: { $0 == .phone }) {
            spellPhone($0, zero: "nought", repeats: false, separator: "-")
        },
        Transformation(name: "phone: digits and words mixed", applies: { $0 == .phone }) {
            spellPhone($0, zero: "zero", repeats: false, mixed: true)
        },
        Transformation(name: "phone: words run together", applies: { $0 == .phone }) {
            spellPhone($0, zero: "oh", repeats: true, separator: "")
        },
    ]

    // MARK: Posts and targets

    static let categories: [Category] = [.pupilName, .contactDetails]

    static func posts() throws -> [Post] {
        let files = ["harbourside", "oakfield"].map { Support.corpus.appendingPathComponent("dev/\($0).jsonl") }
            + (try FileManager.default.contentsOfDirectory(
                at: Support.fixtures.appendingPathComponent("probes"), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "jsonl" }.sorted { $0.path < $1.path })
        var screeners: [String: Screener] = [:]
        var out: [Post] = []
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline) {
                let record = try JSONDecoder().decode(AccuracyTests.Labelled.self, from: Data(line.utf8))
                let profile = record.profile ?? ""
                if screeners[profile] == nil {
                    screeners[profile] = profile.isEmpty ? Support.generic : try Support.corpusScreener(profile)
                }
                let labelled = Set((record.labels ?? []).compactMap { Category(rawValue: $0.category) })
                out.append(
                    Post(
                        id: record.id ?? "", text: record.text, screener: screeners[profile]!,
                        account: record.account == "official" ? .official : .personal, labelled: labelled))
            }
        }
        return out
    }

    /// The findings of the two categories on a post labelled with that category: the positives found.
    static func targets(_ post: Post) -> [Target] {
        let report = post.screener.screen(post.text, account: post.account)
        return report.findings.filter { categories.contains($0.category) && post.labelled.contains($0.category) }.map { f in
            let kind: Kind =
                f.category == .pupilName ? .name
                : f.rule.hasSuffix(".phone") ? .phone : f.rule.hasSuffix(".email") ? .email : .otherContact
            return Target(category: f.category, grade: f.grade, start: f.start, end: f.end, kind: kind)
        }
    }

    struct Cell {
        var applicable = 0
        var found = 0
        var misses: [String] = []
        var rate: Double { applicable == 0 ? 1 : Double(found) / Double(applicable) }
    }

    static func run() throws -> [String: [Category: Cell]] {
        var results: [String: [Category: Cell]] = [:]
        for post in try posts() {
            let bytes = Array(post.text.utf8)
            for target in targets(post) {
                let original = String(decoding: bytes[target.start..<target.end], as: UTF8.self)
                let prefix = String(decoding: bytes[..<target.start], as: UTF8.self)
                let suffix = String(decoding: bytes[target.end...], as: UTF8.self)
                for t in transformations where t.applies(target.kind) {
                    let rewritten = t.rewrite(original)
                    guard rewritten != original else { continue }
                    let text = prefix + rewritten + suffix
                    let start = prefix.utf8.count
                    let end = start + rewritten.utf8.count
                    let report = post.screener.screen(text, account: post.account)
                    let found = report.findings.contains {
                        $0.category == target.category && $0.grade >= target.grade && $0.start < end && $0.end > start
                    }
                    var cell = results[t.name, default: [:]][target.category, default: Cell()]
                    cell.applicable += 1
                    if found {
                        cell.found += 1
                    } else {
                        cell.misses.append("\(post.id) \(target.grade) \"\(rewritten)\"")
                    }
                    results[t.name, default: [:]][target.category] = cell
                }
            }
        }
        return results
    }

    @Test("every transformation, in full, keeps 98% of the pupil names and contact details found", .enabled(if: Support.hasCorpus))
    func corpusRates() throws {
        let results = try Self.run()
        var table = "\n| transformation | pupil-name | contact-details |\n|---|---:|---:|\n"
        for t in Self.transformations {
            let cells = Self.categories.map { c -> String in
                guard let cell = results[t.name]?[c], cell.applicable > 0 else { return "—" }
                return String(format: "%.2f (%d/%d)", cell.rate, cell.found, cell.applicable)
            }
            table += "| \(t.name) | \(cells.joined(separator: " | ")) |\n"
        }
        print(table)
        let showMisses = ProcessInfo.processInfo.environment["EVASION_MISSES"] != nil
        for t in Self.transformations {
            let cells = results[t.name] ?? [:]
            #expect(!cells.isEmpty, "\(t.name) applied to nothing")
            for (category, cell) in cells {
                if showMisses { for m in cell.misses { print("MISS [\(t.name)] \(category.rawValue) \(m)") } }
                #expect(cell.rate >= 0.98, "\(t.name) \(category.rawValue): \(cell.found)/\(cell.applicable); misses: \(cell.misses.prefix(6))")
            }
        }
    }

    // MARK: No new false alarms

    /// Posts with any pupil-name or contact-details finding, at any grade: the clean posts of the dev
    /// corpus and the probe fixtures, and every line of `ordinary-tweets.txt` (generic profile).
    static func falseAlarmCounts() throws -> (dev: Int, probes: Int, tweets: Int) {
        var dev = 0
        var probes = 0
        for post in try posts() where post.labelled.isEmpty {
            let report = post.screener.screen(post.text, account: post.account)
            guard report.findings.contains(where: { categories.contains($0.category) }) else { continue }
            if post.id.hasPrefix("d") { dev += 1 } else { probes += 1 }
        }
        var tweets = 0
        let lines = try String(contentsOf: Support.corpus.appendingPathComponent("real/ordinary-tweets.txt"), encoding: .utf8)
            .split(separator: "\n")
        for line in lines where Support.generic.screen(String(line)).findings.contains(where: { categories.contains($0.category) }) {
            tweets += 1
        }
        return (dev, probes, tweets)
    }

    /// Measured before the joined reading and the leetspeak folding were added (docs/robustness.md):
    /// 0 clean dev posts, 0 clean probe posts and 10 of the 2,000 ordinary tweets had a pupil-name or
    /// contact-details finding at any grade. The counts must not grow.
    @Test("no new pupil-name or contact-details finding on clean posts or ordinary tweets", .enabled(if: Support.hasCorpus))
    func noNewFalseAlarms() throws {
        let counts = try Self.falseAlarmCounts()
        print("clean posts with a pupil-name or contact-details finding: dev \(counts.dev), probes \(counts.probes), ordinary tweets \(counts.tweets)")
        #expect(counts.dev == 0)
        #expect(counts.probes == 0)
        #expect(counts.tweets <= 10)
    }

    @Test("initials, acronyms and spaced-out emphasis raise no pupil name or contact detail", arguments: [
        "J. R. R. Tolkien is on the Year 9 reading list this term",
        "Year 10 trip to the U.S.A. is booked, letters home today",
        "Year 1 learnt a b c and 1 2 3 this morning",
        "S O  P R O U D of our Year 6 netball team today",
        "S O   P R O U D of Year 11, what a day",
        "W E L L  D O N E to everyone in Year 4",
        "Y.E.S. the Year 8 choir made the final!",
        "Year 5 are counting 1 2 3 4 5 6 7 8 9 10 in French",
        "Room 1 2 3 4 is closed, Year 3 are in the hall",
        "P.E. kit for Y7 on Mon, R.E. homework due Fri",
        "ABC club: a-b-c-d for Reception, 9 a.m. start",
    ])
    func guardsHold(_ text: String) {
        for screener in [Support.school, Support.generic] {
            let found = screener.screen(text).findings.filter { Self.categories.contains($0.category) }
            #expect(found.isEmpty, "\(found.map { "\($0.category.rawValue) \"\($0.text)\"" })")
        }
    }

    // MARK: The pieces, directly

    @Test("the joined reading joins spaced and dotted characters and maps back to the bytes as written", arguments: [
        ("call 0 7 7 0 0  9 0 0 4 7 2 now", "call 07700 900472 now"),
        ("call 0  7  7  0  0    9  0  0  4  7  2", "call 07700 900472"),
        ("B.e.t.h.a.n.y F.o.s.t.e.r won", "Bethany Foster won"),
        ("mail k a t i e . b o w e s @ i c l o u d . c o m", "mail katie.bowes@icloud.com"),
        ("ring 0-7-7-0-0 9-0-0-4-7-2.", "ring 07700 900472."),
        ("S O  P R O U D!", "SO PROUD!"),
    ])
    func joinedReading(_ text: String, _ expected: String) throws {
        let folded = FoldedText(source: Array(text.utf8))
        let view = try #require(CollapsedText(folded.bytes))
        #expect(String(decoding: view.bytes, as: UTF8.self) == expected)
        #expect(view.foldedRange(0..<view.bytes.count) == 0..<folded.bytes.count)
        // The joined word maps back to exactly its spaced-out letters.
        if let space = expected.utf8.firstIndex(of: 0x20) {
            let first = expected.utf8.distance(from: expected.utf8.startIndex, to: space)
            #expect(view.foldedRange(0..<first).upperBound <= text.utf8.count)
        }
    }

    @Test("the joined reading leaves initials, acronyms, decimals and dates alone", arguments: [
        "J. R. R. Tolkien", "U.S.A.", "a b c", "Ben S. in Year 10", "3.14 and 1.2.2024", "e.g. the A-Z map", "P.E. at 9 a.m.",
    ])
    func notJoined(_ text: String) {
        #expect(CollapsedText(FoldedText(source: Array(text.utf8)).bytes) == nil)
    }

    @Test("finds a roster pupil named in disguise, on the disguised characters", arguments: [
        ("Well done 8en 5m17h for the award", "8en 5m17h"),
        ("Well done B3n $m1th for the award", "B3n $m1th"),
        ("$m17h, 83n is in the lost property box", "$m17h, 83n"),
        ("Well done B 3 n  S m 1 t h for the award", "B 3 n  S m 1 t h"),
        ("Well done B.e.n S.m.i.t.h for the award", "B.e.n S.m.i.t.h"),
        ("Well done B-e-n S-m-i-t-h for the award", "B-e-n S-m-i-t-h"),
        ("so proud of z0e 0'c0nn0r today", "z0e 0'c0nn0r"),
        ("Well done 5@r@ H@r7-$m17h", "5@r@ H@r7-$m17h"),
        ("K a i  V a r t y, take a bow", "K a i  V a r t y"),
        ("Well done Z o e  O ' C o n n o r !", "Z o e  O ' C o n n o r"),
    ])
    func disguisedRosterName(_ text: String, _ span: String) {
        let names = Support.school.screen(text).findings.filter { $0.category == .pupilName }
        #expect(names.map(\.grade) == [.block], "\(names)")
        #expect(names.first?.text == span)
    }

    @Test("leaves words with digits that are not names alone", arguments: [
        "Y10 and 9C smashed it, 4th place for U16s", "Our 2nd XI won 3-1, 5 goals in 10 minutes",
        "R00m 14 is l0cked, use the hall", "Email me@home if the $5 tickets sell out",
        "Phone goes in a drawer at 6pm Friday and comes out at 7am Monday, Year 9 know the rule",
        "Year 4s did 5k b4 8am, gr8 effort from Year 3 too",
    ])
    func noDisguisedName(_ text: String) {
        #expect(Support.school.screen(text).findings.filter { $0.category == .pupilName }.isEmpty)
    }

    @Test("reads a phone number's digit words run together", arguments: [
        ("Year 11s, text me on ohsevensevendoubleoh, ninedoubleohfouronetwo", Grade.block),
        ("ring me on zerosevenseven-zerozero ninezerozero-fouronetwo", .warning),
        ("call plusfourfour sevensevennoughtnought 900 583", .warning),
    ])
    func gluedPhone(_ text: String, _ grade: Grade) {
        let phones = Support.generic.screen(text).findings.filter { $0.rule == "contact-details.phone" }
        #expect(phones.map(\.grade) == [grade], "\(phones)")
    }

    @Test("reads no postcode into a word with leetspeak in it", arguments: [
        "marking pile update: got to 'w415h, 83nj4m1n' and realised", "W415H, 83NJ4M1N on the label",
    ])
    func noLeetPostcode(_ text: String) {
        #expect(Support.generic.screen(text).findings.filter { $0.category == .contactDetails }.isEmpty)
    }

    @Test("does not read ordinary words as digit words run together", arguments: [
        "someone often said nineteen ohio tenons would do", "oneself, twofold, ninefold, fourteen, sixteen, seventeen",
    ])
    func noGluedPhone(_ text: String) {
        #expect(Support.generic.screen(text).findings.filter { $0.category == .contactDetails }.isEmpty)
    }

    @Test("finds contact details in leetspeak and dotted apart", arguments: [
        "Parents can reach me at j0.5m17h82@gm411.c0m over the summer",
        "Parents can reach me at j.o.s.m.i.t.h.8.2@g.m.a.i.l.c.o.m over the summer",
        "Parents can reach me at j0.5m17h82 47 gm411 d07 c0m over the summer",
        "Hi Year 7 parents, join here: ch47.wh4754pp.c0m/Hx7Kp2LmQ9 for reminders",
        "Hi Year 7 parents, join here: c.h.a.t.w.h.a.t.s.a.p.p.c.o.m/H.x.7.K.p.2 for reminders",
        "Year 11s, text me on 0.7.7.0.0 9.0.0.4.1.2 if you get stuck",
        "Year 11s, text me on ０７７００＿９００４１２ if you get stuck",
    ])
    func disguisedContact(_ text: String) {
        let found = Support.generic.screen(text).findings.filter { $0.category == .contactDetails }
        #expect(found.map(\.grade) == [.block], "\(found)")
    }
}
