import Foundation
import Testing
@testable import PostScreen

/// The school's own phrases (names, aliases, hashtags, mottos, people's names) go through the
/// drafts' folding and tokenising: punctuation inside them never stops a match (issue 19).
struct ProfilePhraseTests {
    /// A school whose motto, aliases and hashtags hold commas, apostrophes, hyphens, "&", a colon,
    /// a full stop and an exclamation mark.
    static let punctuated = SchoolProfile(
        name: "Castlegate High School", aliases: ["St Mary's & St John's", "Hart-Well Academy", "CGH", "Castlegate"],
        hashtags: ["#Kind-Hearted", "#Castlegate&Proud", "#St.Mary's"],
        mottos: ["Aspire, Achieve, Belong", "Faith & Fellowship", "Be Kind, Be Brave: Be You!", "Work hard - be kind"],
        roster: [Person(forename: "Maya", surname: "St. Clair", year: "8"), Person(forename: "Zoe", surname: "O'Brien-Kaur", year: "9")],
        staff: [Person(forename: "Siobhan", surname: "D'Arcy", role: "Teacher")])

    static let screener = try! Screener(profile: punctuated, stages: .rules)

    func rules(_ text: String, _ category: PostScreen.Category) -> [String] {
        Self.screener.screen(text).findings.filter { $0.category == category }.map(\.rule)
    }

    @Test(
        "each punctuated motto, alias and hashtag matches however a draft punctuates it",
        arguments: [
            ("Aspire, Achieve, Belong 💙 back at it Monday", "school-branding.mark"),
            ("Aspire Achieve Belong", "school-branding.mark"),
            ("aspire. achieve. belong.", "school-branding.mark"),
            ("Aspire – Achieve – Belong", "school-branding.mark"),
            ("New term #AspireAchieveBelong", "school-branding.mark"),
            ("Faith & Fellowship at the heart of it", "school-branding.mark"),
            ("faith and fellowship, always", "school-branding.mark"),
            ("Be kind, be brave, be you", "school-branding.mark"),
            ("Be Kind Be Brave Be You!!", "school-branding.mark"),
            ("Work hard, be kind", "school-branding.mark"),
            ("Work hard — be kind 🙌", "school-branding.mark"),
            ("#Kind-Hearted day today", "school-branding.mark"),
            ("#KindHearted day today", "school-branding.mark"),
            ("#Castlegate&Proud", "school-branding.mark"),
            ("#CastlegateProud", "school-branding.mark"),
            ("Sports day #St.Mary's", "school-branding.mark"),
            ("Proud to teach at St Mary's & St John's", "school-branding.name"),
            ("Proud to teach at St Mary’s and St John’s", "school-branding.name"),
            ("Proud to teach at St Marys & St Johns", "school-branding.name"),
            ("Ten years at Hart-Well Academy this week", "school-branding.name"),
            ("ten years at hart-well academy this week", "school-branding.name"),
        ])
    func punctuatedPhrasesMatch(_ text: String, _ rule: String) {
        #expect(rules(text, .schoolBranding).contains(rule), "\(text): \(rules(text, .schoolBranding))")
    }

    @Test(
        "after a job phrase and 'at', the school's one-word name or acronym counts in any case",
        arguments: [
            "20 yrs caretaking at castlegate this sept", "TA at cgh for five years now", "on the staff at castlegate since 2010",
            "governor at castlegate, lots of reading", "I work at castlegate", "head of science at cgh and loving it",
            "first week teaching at castlegate done",
        ])
    func jobPhrases(_ text: String) {
        #expect(rules(text, .schoolBranding) == ["school-branding.name"], "\(text)")
    }

    @Test("without a job phrase, a lower-case one-word name or acronym is not the school")
    func noJobPhrase() {
        for text in ["a walk round castlegate this morning", "cgh is a weird abbreviation", "my nephew starts at castlegate"] {
            #expect(rules(text, .schoolBranding).isEmpty, "\(text)")
        }
    }

    @Test("the same words in another order or with words between do not match")
    func noLooseMatches() {
        for text in ["Aspire to achieve, then you belong", "Be kind to yourself", "faith, hope and fellowship",
            "St Mary's church fete", "kind-hearted people everywhere"]
        {
            #expect(!rules(text, .schoolBranding).contains("school-branding.mark"), "\(text)")
        }
    }

    @Test("people's names with apostrophes, hyphens and full stops match")
    func peopleNames() {
        #expect(rules("Well done Maya St Clair in 8H", .pupilName) == ["pupil-name.roster"])
        #expect(rules("Well done Zoe O’Brien-Kaur!", .pupilName) == ["pupil-name.roster"])
        // A member of staff is not taken for a pupil without a roster match.
        #expect(rules("Year 9 loved Siobhan D’Arcy's lesson", .pupilName).isEmpty)
    }

    @Test("a profile phrase with no words is named in a load-time warning with its line")
    func deadPhraseWarning() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("phrases-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("postscreen.toml")
        try """
            [school]
            name = "Castlegate High School"
            hashtags = ["#Kind-Hearted"]
            mottos = ["Aspire, Achieve, Belong", "💙💙"]
            """.write(to: file, atomically: true, encoding: .utf8)
        let loaded = try ProfileLoader.load(from: file)
        #expect(loaded.warnings.count == 1, "\(loaded.warnings)")
        #expect(loaded.warnings.first?.contains("postscreen.toml:4: 'mottos' entry \"💙💙\" can never match a post") == true, "\(loaded.warnings)")
        let dead = Knowledge.unmatchablePhrases(of: SchoolProfile(aliases: ["!!!"], mottos: ["A ,,,, B"]))
        #expect(dead.map(\.phrase) == ["!!!", "A ,,,, B"])
    }

    @Test("a profile phrase's readings drop punctuation, read & as and, and join a hashtag")
    func readings() {
        #expect(Knowledge.readings(of: "Aspire, Achieve, Belong", sigil: nil) == [["aspire", "achieve", "belong"]])
        #expect(Knowledge.readings(of: "Faith & Fellowship", sigil: nil) == [["faith", "fellowship"], ["faith", "and", "fellowship"]])
        #expect(Knowledge.readings(of: "Faith and Fellowship", sigil: nil) == [["faith", "and", "fellowship"], ["faith", "fellowship"]])
        #expect(Knowledge.readings(of: "St Mary's", sigil: nil) == [["st", "mary", "'s"], ["st", "marys"]])
        #expect(Knowledge.readings(of: "#Kind-Hearted", sigil: "#") == [["#kind", "hearted"], ["#kindhearted"]])
        #expect(Knowledge.readings(of: "HarbourProud", sigil: "#") == [["harbourproud"], ["#harbourproud"]])
        #expect(Knowledge.readings(of: "🎉 !", sigil: "#").isEmpty)
    }
}
