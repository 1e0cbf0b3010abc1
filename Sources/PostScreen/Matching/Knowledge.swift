import Lexicons

/// Everything compiled once per `Screener`: the phrase automaton over every lexicon (shipped and
/// profile-derived), the name lists, and the roster index.
final class Knowledge: Sendable {
    let profile: SchoolProfile
    let matcher: PhraseMatcher
    /// Given names (lower-case keys) — a pupil-name candidate starts with one.
    let givenNames: Vocabulary
    /// Common surnames (lower-case keys) — evidence that a capitalised word is a surname.
    let surnames: Vocabulary
    /// Public figures and fictional characters, as "forename surname" keys.
    var publicFigures: Set<String> { Self.publicFigures }
    let roster: RosterIndex
    let staff: RosterIndex
    let noImages: RosterIndex
    let dictionary: SpellingDictionary

    /// The distinctive part of a trust's name: "Greenway Academies Trust" → "Greenway". Nil when
    /// nothing distinctive is left ("The Academy Trust").
    static func trustWord(_ trust: String) -> String? {
        let generic: Set<String> = [
            "the", "academy", "academies", "trust", "multi", "multi-academy", "mat", "learning", "education",
            "educational", "schools", "school", "partnership", "federation", "foundation", "of", "and", "&", "group",
            "diocesan", "catholic", "church", "ce", "c", "e", "community", "primary", "secondary", "family",
        ]
        let words = trust.split(whereSeparator: { $0 == " " }).filter { !generic.contains($0.lowercased()) }
        guard !words.isEmpty, words.count < trust.split(separator: " ").count else { return nil }
        return words.joined(separator: " ")
    }

    /// Profile-derived lexicon names.
    enum ProfileLexicon {
        static let schoolName = "profile/school-name"  // full name, trust, multi-word aliases: any case
        static let schoolAcronym = "profile/school-acronym"  // short capitalised aliases: capitals only
        static let schoolWord = "profile/school-word"  // one-word aliases: capitalised only
        static let hashtag = "profile/hashtag"
        static let handle = "profile/handle"
        static let motto = "profile/motto"
        /// The trust's distinctive word(s) without "Academies Trust" ("Greenway"): a workplace
        /// referent for grievance and confidential, capitalised only; not branding.
        static let trustWord = "profile/trust-word"
        static let all = [schoolName, schoolAcronym, schoolWord, hashtag, handle, motto, trustWord]
    }

    init(profile: SchoolProfile, lexiconNames: [String]) throws(LexiconStore.Failure) {
        self.profile = profile
        var matcher = PhraseMatcher()
        for name in lexiconNames {
            let text = try LexiconStore.text(named: name)
            matcher.add(lexicon: name, phrases: PhraseMatcher.parse(text), maskable: Self.maskable.contains(name))
        }
        // The school's own names and marks become lexicons too, so one scan finds everything.
        var full: [String] = []
        var acronyms: [String] = []
        var words: [String] = []
        for name in [profile.name, profile.trust].compactMap({ $0 }) + profile.aliases {
            let keys = PhraseMatcher.keys(of: name)
            if keys.count >= 2 {
                full.append(name)
            } else if name.count <= 5 && name == name.uppercased() {
                acronyms.append(name)
            } else {
                words.append(name)
            }
        }
        func phrases(_ list: [String]) -> [[PhraseMatcher.Element]] {
            list.map { PhraseMatcher.keys(of: $0).map(PhraseMatcher.Element.exact) }.filter { !$0.isEmpty }
        }
        matcher.add(lexicon: ProfileLexicon.schoolName, phrases: phrases(full))
        matcher.add(lexicon: ProfileLexicon.schoolAcronym, phrases: phrases(acronyms))
        matcher.add(lexicon: ProfileLexicon.schoolWord, phrases: phrases(words))
        // Hashtags and handles match with or without their sigil's case; "#HCSfamily" is one token.
        matcher.add(lexicon: ProfileLexicon.hashtag, phrases: phrases(profile.hashtags))
        matcher.add(lexicon: ProfileLexicon.handle, phrases: phrases(profile.handles))
        matcher.add(lexicon: ProfileLexicon.motto, phrases: phrases(profile.mottos))
        matcher.add(lexicon: ProfileLexicon.trustWord, phrases: phrases(profile.trust.flatMap(Self.trustWord).map { [$0] } ?? []))
        self.matcher = matcher

        givenNames = Self.nameList("names/given")
        surnames = Self.nameList("names/surnames")
        roster = RosterIndex(profile.roster)
        staff = RosterIndex(profile.staff)
        noImages = RosterIndex(profile.noImages)
        dictionary = SpellingDictionary()
    }

    /// The public-figures list and the names that are not people (Ben Nevis), read on first use and
    /// shared by every screener (they do not depend on the profile): only a draft with a candidate
    /// full name asks, and reading their 3,600 names was a tenth of a launch of `screen`.
    private static let publicFigures: Set<String> = {
        var figures = Set<String>()
        for list in ["names/public-figures", "names/not-people"] {
            guard let text = try? LexiconStore.text(named: list) else { continue }
            PhraseMatcher.forEachLine(of: text) { line in
                guard line.first != 0x23 else { return }
                let keys = PhraseMatcher.keys(of: line)
                if keys.count >= 2 { figures.insert(keys.joined(separator: " ")) }
            }
        }
        return figures
    }()

    /// A given name, including double-barrelled ones ("Lily-Mae") whose parts are all given names.
    func isGivenName<C: Collection>(_ key: C) -> Bool where C.Element == UInt8 {
        if givenNames.id(of: key) >= 0 { return true }
        guard key.contains(0x2D) else { return false }
        let parts = key.split(separator: 0x2D)
        return parts.count >= 2 && parts.allSatisfy { givenNames.id(of: $0) >= 0 }
    }

    /// Lexicons whose words a masked spelling ("sh*t", "a**hole") is read as.
    private static let maskable: Set<String> = ["abuse/profanity", "abuse/aimed-profanity", "abuse/insults", "abuse/slurs"]

    private static func nameList(_ name: String) -> Vocabulary {
        var vocabulary = Vocabulary(capacity: 16_384)  // room for the given names without regrowing
        guard let text = try? LexiconStore.text(named: name) else { return vocabulary }
        // Lines split as bytes: splitting tens of thousands of names by Character costs start-up time.
        PhraseMatcher.forEachLine(of: text) { line in
            guard line.first != 0x23 else { return }
            let plain = PhraseMatcher.forEachPlainKey(of: line) { key in
                if key.count >= 2 { vocabulary.insert(bytes: key) }
            }
            if !plain {
                for key in PhraseMatcher.keys(of: line) where key.count >= 2 { vocabulary.insert(key) }
            }
        }
        return vocabulary
    }
}
