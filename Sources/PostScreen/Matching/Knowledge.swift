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
        Self.addProfilePhrases(of: profile, to: &matcher)
        self.matcher = matcher

        givenNames = Self.nameList("names/given")
        surnames = Self.nameList("names/surnames")
        roster = RosterIndex(profile.roster)
        staff = RosterIndex(profile.staff)
        noImages = RosterIndex(profile.noImages)
        dictionary = SpellingDictionary()
    }

    /// The school's names and marks as the profile writes them: the profile lexicon each compiles
    /// into and the `[school]` key it came from.
    static func profilePhrases(of profile: SchoolProfile) -> [(lexicon: String, key: String, phrase: String)] {
        var out: [(lexicon: String, key: String, phrase: String)] = []
        let names = [profile.name.map { ("name", $0) }, profile.trust.map { ("trust", $0) }].compactMap { $0 }
            + profile.aliases.map { ("aliases", $0) }
        for (key, name) in names {
            if PhraseMatcher.wordKeys(of: name).count >= 2 {
                out.append((ProfileLexicon.schoolName, key, name))  // full names: any case
            } else if name.count <= 5 && name == name.uppercased() {
                out.append((ProfileLexicon.schoolAcronym, key, name))
            } else {
                out.append((ProfileLexicon.schoolWord, key, name))
            }
        }
        out += profile.hashtags.map { (ProfileLexicon.hashtag, "hashtags", $0) }
        out += profile.handles.map { (ProfileLexicon.handle, "handles", $0) }
        out += profile.mottos.map { (ProfileLexicon.motto, "mottos", $0) }
        if let word = profile.trust.flatMap(Self.trustWord) { out.append((ProfileLexicon.trustWord, "trust", word)) }
        return out
    }

    /// The profile's phrases that a draft can never match: each is screened as if it were a draft
    /// itself, with the profile's phrases compiled as a screener compiles them, and listed when it
    /// does not find itself (a motto of emoji or punctuation alone, "❤️" or "!!!").
    static func unmatchablePhrases(of profile: SchoolProfile) -> [(key: String, phrase: String)] {
        var matcher = PhraseMatcher()
        addProfilePhrases(of: profile, to: &matcher)
        var hits: [PhraseMatcher.Hit] = []
        return profilePhrases(of: profile).filter { lexicon, _, phrase in
            var stream = TokenStream(FoldedText(source: Array(phrase.utf8)))
            matcher.label(&stream)
            hits.removeAll(keepingCapacity: true)
            matcher.scan(stream, into: &hits)
            let wanted = Int32(matcher.lexicon(lexicon))
            return !hits.contains { $0.lexicon == wanted }
        }.map { ($0.key, $0.phrase) }
    }

    /// Compiles the profile's phrases into `matcher`, each in every reading a draft may use, able to
    /// run over the draft's punctuation (`PhraseMatcher.add(lexicon:phrases:acrossPunctuation:)`).
    static func addProfilePhrases(of profile: SchoolProfile, to matcher: inout PhraseMatcher) {
        var byLexicon: [String: [[PhraseMatcher.Element]]] = [:]
        for (lexicon, _, phrase) in profilePhrases(of: profile) {
            let sigil: Character? = lexicon == ProfileLexicon.hashtag || lexicon == ProfileLexicon.motto
                ? "#" : lexicon == ProfileLexicon.handle ? "@" : nil
            byLexicon[lexicon, default: []] += readings(of: phrase, sigil: sigil).map { $0.map(PhraseMatcher.Element.exact) }
        }
        // Every profile lexicon exists, even empty, so rules can look each one up.
        for lexicon in ProfileLexicon.all {
            matcher.add(lexicon: lexicon, phrases: byLexicon[lexicon] ?? [], acrossPunctuation: true)
        }
    }

    /// The word keys a draft may write a profile phrase with: its words without its punctuation
    /// ("Aspire, Achieve, Belong" → aspire achieve belong, which a draft's own commas do not
    /// interrupt); "&" also as "and", and "and" also left out (so "&" or a comma can stand for it);
    /// a possessive also run into its word ("St Mary's" → st marys); and, with a `sigil`, the words
    /// run together after it ("#Kind-Hearted" → #kindhearted, a motto as a hashtag), or the sigil
    /// added to a one-word tag written without it. Empty when the phrase has no words at all.
    static func readings(of phrase: String, sigil: Character?) -> [[String]] {
        var plain: [String] = []
        var withAnd: [String] = []
        for token in PhraseMatcher.tokens(of: phrase) {
            if token.kind == .punct || token.kind == .symbol {
                if token.key == "&" && !plain.isEmpty { withAnd.append("and") }
                continue
            }
            plain.append(token.key)
            withAnd.append(token.key)
        }
        guard !plain.isEmpty else { return [] }
        var readings = [plain, withAnd]
        let interior = plain.indices.dropFirst().dropLast()
        if interior.contains(where: { plain[$0] == "and" }) {
            readings.append(plain.enumerated().filter { !interior.contains($0.offset) || $0.element != "and" }.map(\.element))
        }
        if plain.dropFirst().contains("'s") {
            var joined: [String] = []
            for key in plain {
                if key == "'s", let last = joined.popLast() { joined.append(last + "s") } else { joined.append(key) }
            }
            readings.append(joined)
        }
        if let sigil {
            let letters = plain.joined().filter { $0 != "#" && $0 != "@" && $0 != "-" && $0 != "'" }
            if plain.count >= 2 || !plain[0].hasPrefix(String(sigil)) { readings.append([String(sigil) + letters]) }
        }
        var seen = Set<[String]>()
        return readings.filter { seen.insert($0).inserted }
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
