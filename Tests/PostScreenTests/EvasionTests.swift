import Foundation
import Testing
@testable import PostScreen

/// Hostile input (issue 6): every name, phone number, email and allegation in the project's own rule
/// examples, rewritten the ways people hide words from filters, must still be found — same category,
/// same grade, and a span on the rewritten characters.
///
/// The cases come from the rules' own flagging examples (so new rules join automatically) plus a
/// sentence for each pupil on the test school's roster. Each transformation applies to the span the
/// unaltered example is flagged on; one that would leave the span unchanged does not count.
struct EvasionTests {
    /// What kind of thing a span is: transformations only make sense for some.
    enum Kind: String, Sendable {
        case phone, email, words
    }

    struct Transformation: Sendable {
        var name: String
        var applies: @Sendable (Kind) -> Bool
        var rewrite: @Sendable (String) -> String
    }

    struct Case: Sendable {
        var label: String
        var text: String
        var school: Bool
        var account: Account
    }

    /// A flagged span in an unaltered example: what a rewrite must still find.
    struct Target {
        var category: Category
        var grade: Grade
        var range: Range<String.UTF8View.Index>
        var kind: Kind
    }

    // MARK: Transformations

    static let lookAlikes: [Character: String] = [
        "a": "\u{430}", "c": "\u{441}", "e": "\u{435}", "i": "\u{456}", "j": "\u{458}", "o": "\u{43E}",
        "p": "\u{440}", "s": "\u{455}", "x": "\u{445}", "y": "\u{443}", "A": "\u{410}", "B": "\u{412}",
        "C": "\u{421}", "E": "\u{415}", "H": "\u{41D}", "I": "\u{406}", "J": "\u{408}", "K": "\u{41A}",
        "M": "\u{41C}", "N": "\u{39D}", "O": "\u{41E}", "P": "\u{420}", "S": "\u{405}", "T": "\u{422}",
        "X": "\u{425}", "Y": "\u{3A5}", "Z": "\u{396}",
    ]

    static func mapScalars(_ s: String, _ f: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for u in s.unicodeScalars { out += f(u) ?? String(u) }
        return out
    }

    static func isASCIILetter(_ u: Unicode.Scalar) -> Bool { (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") }
    static func isASCIIDigit(_ u: Unicode.Scalar) -> Bool { u >= "0" && u <= "9" }

    /// Inserts `mark` between adjacent letters or digits.
    static func interleave(_ s: String, _ mark: String) -> String {
        var out = ""
        var previousAlnum = false
        for u in s.unicodeScalars {
            let alnum = isASCIILetter(u) || isASCIIDigit(u)
            if alnum && previousAlnum { out += mark }
            out.unicodeScalars.append(u)
            previousAlnum = alnum
        }
        return out
    }

    /// Words of two or more letters separated by single spaces.
    static func isPlainWords(_ s: String) -> Bool {
        let words = s.split(separator: " ", omittingEmptySubsequences: false)
        return words.allSatisfy { $0.count >= 2 && $0.unicodeScalars.allSatisfy(isASCIILetter) }
    }

    static let digitNames = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

    /// "07700 900412" → "oh seven seven double oh, nine double oh four one two".
    static func spellDigits(_ s: String) -> String {
        var words: [String] = []
        var digits = Array(s.unicodeScalars.filter(isASCIIDigit))
        if s.hasPrefix("+") {
            words.append("plus")
        }
        if s.contains("(0)") { digits.removeAll() ; return s }  // not a form people spell out
        // Already disguised (full-width digits), or with an extension: not forms people spell out either.
        if s.unicodeScalars.contains(where: { $0.properties.numericType != nil && !isASCIIDigit($0) }) || s.lowercased().contains("x") {
            return s
        }
        var i = 0
        while i < digits.count {
            var run = 1
            while i + run < digits.count && digits[i + run] == digits[i] && run < 2 { run += 1 }
            let name = digitNames[Int(digits[i].value - 0x30)]
            words.append(run == 2 ? "double \(name)" : name)
            i += run
        }
        return words.joined(separator: " ")
    }

    static let transformations: [Transformation] = [
        Transformation(name: "Cyrillic/Greek look-alikes", applies: { $0 != .phone }) { s in
            mapScalars(s) { u in lookAlikes[Character(u)] }
        },
        Transformation(name: "full-width letters", applies: { _ in true }) { s in
            mapScalars(s) { u in
                isASCIILetter(u) || isASCIIDigit(u) || u == "@" || u == "."
                    ? String(Unicode.Scalar(u.value + 0xFEE0)!) : nil
            }
        },
        Transformation(name: "mathematical bold", applies: { _ in true }) { s in
            mapScalars(s) { u in
                if u >= "A" && u <= "Z" { return String(Unicode.Scalar(0x1D400 + u.value - 0x41)!) }
                if u >= "a" && u <= "z" { return String(Unicode.Scalar(0x1D41A + u.value - 0x61)!) }
                if isASCIIDigit(u) { return String(Unicode.Scalar(0x1D7CE + u.value - 0x30)!) }
                return nil
            }
        },
        Transformation(name: "zero-width space", applies: { _ in true }) { interleave($0, "\u{200B}") },
        Transformation(name: "zero-width joiner", applies: { _ in true }) { interleave($0, "\u{200D}") },
        Transformation(name: "soft hyphens", applies: { _ in true }) { interleave($0, "\u{AD}") },
        Transformation(name: "combining marks added", applies: { $0 == .words }) { s in
            mapScalars(s) { u in isASCIILetter(u) ? String(u) + "\u{301}" : nil }
        },
        Transformation(name: "combining marks stripped", applies: { $0 == .words }) { s in
            String(String.UnicodeScalarView(s.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                !(0x300...0x36F).contains($0.value)
            }))
        },
        // Spacing and dots are applied to spans of whole words of plain letters ("Ben Smith", "TCS"):
        // how people space out "O'Connor" or "#TestProud" is anyone's guess, so those are left out.
        Transformation(name: "letter spacing", applies: { $0 == .words }) { s in
            guard isPlainWords(s) else { return s }
            return s.split(separator: " ").map { $0.map(String.init).joined(separator: " ") }.joined(separator: "  ")
        },
        Transformation(name: "dotted letters", applies: { $0 == .words }) { s in
            guard isPlainWords(s) else { return s }
            return s.split(separator: " ").map { $0.map(String.init).joined(separator: ".") }.joined(separator: " ")
        },
        Transformation(name: "leetspeak", applies: { $0 == .words }) { s in
            let table: [Character: Character] = ["e": "3", "a": "4", "i": "1", "o": "0", "s": "5", "t": "7"]
            return String(s.map { table[$0] ?? $0 })
        },
        Transformation(name: "phone digits as words", applies: { $0 == .phone }) { spellDigits($0) },
        Transformation(name: "phone unusual separators", applies: { $0 == .phone }) { s in
            mapScalars(s) { u in u == " " || u == "." || u == "-" ? "_" : nil }
        },
        Transformation(name: "phone en dashes", applies: { $0 == .phone }) { s in
            mapScalars(s) { u in u == " " || u == "." || u == "-" ? "\u{2013}" : nil }
        },
        Transformation(name: "email \"at\" / \"dot\"", applies: { $0 == .email }) { s in
            s.replacingOccurrences(of: "@", with: " at ").replacingOccurrences(of: ".", with: " dot ")
        },
        Transformation(name: "email \"[at]\" / \"[dot]\"", applies: { $0 == .email }) { s in
            s.replacingOccurrences(of: "@", with: " [at] ").replacingOccurrences(of: ".", with: " [dot] ")
        },
    ]

    // MARK: Cases

    static var cases: [Case] {
        var out: [Case] = []
        for type in Screener.ruleTypes {
            for example in type.examples where example.grade != nil {
                out.append(Case(label: String(describing: type), text: example.text, school: example.school, account: example.account))
            }
        }
        for p in Support.schoolProfile.roster {
            for given in [p.forename, p.preferred].compactMap({ $0 }) {
                out.append(Case(label: "roster", text: "So proud of \(given) \(p.surname) today", school: true, account: .personal))
            }
        }
        return out
    }

    static func targets(_ c: Case) -> [Target] {
        let screener = c.school ? Support.school : Support.generic
        let report = screener.screen(c.text, account: c.account)
        let utf8 = c.text.utf8
        // The highest-graded finding per category (the one a rewrite must not lower).
        var best: [Category: Finding] = [:]
        for f in report.findings where f.grade >= .caution {
            if let b = best[f.category], b.grade >= f.grade { continue }
            best[f.category] = f
        }
        return best.values.sorted { $0.start < $1.start }.map { f in
            let kind: Kind = f.rule.hasSuffix(".phone") ? .phone : f.rule.hasSuffix(".email") ? .email : .words
            let a = utf8.index(utf8.startIndex, offsetBy: f.start)
            let b = utf8.index(utf8.startIndex, offsetBy: f.end)
            return Target(category: f.category, grade: f.grade, range: a..<b, kind: kind)
        }
    }

    struct Outcome {
        var applicable = 0
        var found = 0
        var exactSpan = 0
        var misses: [String] = []
        var offSpan: [String] = []
    }

    static func run() -> [(String, Outcome)] {
        let all = cases
        var results: [(String, Outcome)] = []
        for t in transformations {
            var outcome = Outcome()
            for c in all {
                let screener = c.school ? Support.school : Support.generic
                for target in targets(c) where t.applies(target.kind) {
                    let original = String(c.text[target.range])
                    let rewritten = t.rewrite(original)
                    guard rewritten != original else { continue }
                    let prefix = String(c.text[..<target.range.lowerBound])
                    let text = prefix + rewritten + String(c.text[target.range.upperBound...])
                    let start = prefix.utf8.count
                    let end = start + rewritten.utf8.count
                    outcome.applicable += 1
                    let report = screener.screen(text, account: c.account)
                    let hits = report.findings.filter {
                        $0.category == target.category && $0.grade == target.grade && $0.start < end && $0.end > start
                    }
                    if hits.isEmpty {
                        let got = report.findings.filter { $0.category == target.category }.map { "\($0.grade) \"\($0.text)\"" }
                        outcome.misses.append("\(target.category.rawValue) \(target.grade) \"\(rewritten)\" in \"\(text)\" → \(got)")
                        continue
                    }
                    outcome.found += 1
                    // The span sits on the rewritten characters: starts where the rewrite starts (or
                    // inside it, for a finding that was already inside the span) and ends inside it.
                    if hits.contains(where: { $0.start >= start && $0.end <= end && ($0.start == start || $0.end == end) }) {
                        outcome.exactSpan += 1
                    } else {
                        outcome.offSpan.append("\"\(rewritten)\" found as \(hits.map { "\"\($0.text)\"" })")
                    }
                }
            }
            results.append((t.name, outcome))
        }
        return results
    }

    static let results: [(String, Outcome)] = run()

    /// Detection floors, per transformation, from the rates measured when this suite was written
    /// (docs/robustness.md): a fall below them is a regression. Transformations every recogniser
    /// handles by folding (look-alikes, full-width, mathematical, invisibles, marks) must be complete.
    static let floors: [String: Double] = [
        "Cyrillic/Greek look-alikes": 0.95, "full-width letters": 1.0, "mathematical bold": 1.0,
        "zero-width space": 1.0, "zero-width joiner": 1.0, "soft hyphens": 1.0, "combining marks added": 1.0,
        "combining marks stripped": 1.0, "letter spacing": 0.9, "dotted letters": 0.9, "leetspeak": 0.75,
        "phone digits as words": 1.0, "phone unusual separators": 1.0, "phone en dashes": 1.0,
        "email \"at\" / \"dot\"": 1.0, "email \"[at]\" / \"[dot]\"": 1.0,
    ]

    @Test("prints the detection rate per transformation and holds each floor")
    func detectionRates() {
        var table = "\n| transformation | rewrites | found | rate | span on rewritten text |\n|---|---:|---:|---:|---:|\n"
        for (name, o) in Self.results {
            let rate = o.applicable == 0 ? 1 : Double(o.found) / Double(o.applicable)
            table += "| \(name) | \(o.applicable) | \(o.found) | \(String(format: "%.0f%%", rate * 100)) | "
                + "\(o.exactSpan)/\(o.found) |\n"
        }
        print(table)
        if ProcessInfo.processInfo.environment["EVASION_MISSES"] != nil {
            for (name, o) in Self.results { for m in o.misses { print("MISS [\(name)] \(m)") } }
        }
        for (name, o) in Self.results {
            #expect(o.applicable > 0, "\(name) applied to nothing")
            let rate = o.applicable == 0 ? 1 : Double(o.found) / Double(o.applicable)
            let floor = Self.floors[name] ?? 1.0
            #expect(rate >= floor, "\(name): \(o.found)/\(o.applicable) found, floor \(floor); misses: \(o.misses.prefix(5))")
            // Spans: a letter-spaced clause's trailing "." is swallowed by the merge (TokenStream), so a
            // clause-long finding can run on into the next sentence; names and numbers are exact.
            #expect(Double(o.exactSpan) >= Double(o.found) * 0.9, "\(name): \(o.found - o.exactSpan) findings not on the rewritten span: \(o.offSpan)")
        }
    }

    // MARK: Recognisers, directly

    @Test("finds a phone number spelled out in words, at the same grade", arguments: [
        ("Year 11s, text me on oh seven seven double oh, nine double oh four one two", Grade.block),
        ("ring me on zero seven seven zero zero nine zero zero four one two", .warning),
        ("call plus four four seven seven zero zero 900 583", .warning),
        ("Y6 leavers, keep in touch: my number is oh seven seven double oh, nine hundred, two six two", .block),
        ("text 07700 nine double oh two one five", .warning),
    ])
    func spelledPhone(_ text: String, _ grade: Grade) {
        let phones = Support.generic.screen(text).findings.filter { $0.rule == "contact-details.phone" }
        #expect(phones.map(\.grade) == [grade], "\(phones)")
    }

    @Test("does not read ordinary words as a phone number", arguments: [
        "oh no, one or two of them came at seven",
        "Won two nil, then four one at home, nine out of ten",
        "someone, anyone, everyone: one two three four five six seven",
    ])
    func noSpelledPhone(_ text: String) {
        #expect(Support.generic.screen(text).findings.filter { $0.category == .contactDetails }.isEmpty)
    }

    @Test("finds an email address written with at and dot", arguments: [
        "jo.smith82 at gmail dot com", "jo.smith82 AT gmail DOT com", "jo.smith82 [at] gmail [dot] com",
        "jo.smith82(at)hotmail(dot)co(dot)uk", "jo.smith82 @ gmail . com", "jo.smith82@gmail dot com",
        "jo.smith82 {at} outlook {dot} com", "jo.smith82 at btinternet dot com",
    ])
    func spelledEmail(_ address: String) {
        let text = "Parents can reach me at \(address) over the summer"
        let emails = Support.generic.screen(text).findings.filter { $0.rule == "contact-details.email" }
        #expect(emails.map(\.grade) == [.block], "\(emails)")
        #expect(emails.first?.text == address)
    }

    @Test("does not read everyday 'at … dot' as an email", arguments: [
        "Meet at Tesco dot com", "We were at school dot day", "Look at that, dot to dot puzzles",
        "Staff at harbourside dot co dot uk know",
    ])
    func noSpelledEmail(_ text: String) {
        #expect(Support.generic.screen(text).findings.filter { $0.rule == "contact-details.email" }.isEmpty)
    }

    @Test("reads a swear word written with masking symbols as the word, at its grade", arguments: [
        ("What a load of sh*t", "sh*t", Grade.caution),
        ("What a load of sh**", "sh**", .caution),
        ("f**k this printer", "f**k", .caution),
        ("F***ing marvellous, the printer's jammed again", "F***ing", .caution),
        ("He is a complete a**hole", "a complete a**hole", .warning),
        ("To the b*tch who keyed my car", "b*tch", .warning),
        ("total bullsh#t from the council", "bullsh#t", .caution),
        ("kicked my a$$ at netball", "a$$", .caution),
        ("$hit, forgot my lanyard", "$hit", .caution),
    ])
    func maskedSwearing(_ text: String, _ span: String, _ grade: Grade) {
        let abuse = Support.generic.screen(text).findings.filter { $0.category == .abuse }
        #expect(abuse.map(\.grade) == [grade], "\(abuse)")
        #expect(abuse.first?.text == span)
    }

    @Test("leaves asterisks, prices and hashtags that hide no word alone", arguments: [
        "Thanks kids* for the lovely cards (*and parents!)", "*sigh* Monday again", "Tickets $5 at the door",
        "Learning C# in code club", "5*3 = 15, 2**8 = 256", "**Update** sports day moved to Friday",
        "Rated 5* by Ofsted parents", "as* I said, bring a coat", "#proud #sh #tbt",
    ])
    func noMaskedSwearing(_ text: String) {
        #expect(Support.generic.screen(text).findings.filter { $0.category == .abuse }.isEmpty)
    }

    @Test("keeps a trailing combining mark inside the span")
    func combiningMarkSpan() {
        let text = "Well done Zoe\u{308} O'Connor\u{301}!"
        let f = Support.school.screen(text).findings.first { $0.category == .pupilName }
        #expect(f?.text == "Zoe\u{308} O'Connor\u{301}")
    }

    @Test("folds Latin letters that have no decomposition, so names match typed either way", arguments: [
        ("Paweł Wacławczyk", "Pawel Waclawczyk"), ("Nikolai Weiß", "Nikolai Weiss"), ("Bjørn Ødegaard", "Bjorn Odegaard"),
        ("Đorđe Æsa Œuvre", "Dorde Aesa Oeuvre"), ("Yıldırım", "Yildirim"), ("Þóra Guðrún", "Thora Gudrun"),
    ])
    func undecomposedLetters(_ written: String, _ folded: String) {
        let text = FoldedText(source: Array(written.utf8))
        #expect(String(decoding: text.bytes, as: UTF8.self) == folded)
        // Every folded byte still maps back inside the original: "ß" → "ss" spans the one letter.
        #expect(text.originalEnd(text.bytes.count) == written.utf8.count)
    }
}
