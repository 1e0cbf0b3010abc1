/// `school-branding`: the school's identity on a personal account.
///
/// Policy: don't use school logos or branding on personal accounts, don't speak on the school's
/// behalf, and where you identify yourself as an employee say the views are your own. Speaking for
/// the school or using its marks (logo, crest, official hashtags, handles, motto) is a warning;
/// naming the school is a caution; with a disclaimer, or "my school" without a name, a notice.
/// Never raised on the school's official account.
struct SchoolBrandingRule: Rule {
    let category = Category.schoolBranding
    static let lexicons = [
        "branding/speaking-for", "branding/marks", "branding/disclaimer", "branding/my-school", "branding/for-school",
        "branding/stance", "branding/job", "contact/street-types", "pupil-contact/family",
    ]
    private let k: Knowledge
    private let speakingFor, marks, disclaimer, mySchool, forSchool, stance, job, streetTypes, family: Int
    private let name, acronym, word, hashtag, handle, motto: Int

    static let reason = "Personal accounts must not carry the school's branding or speak for it; say your views are your own."

    static let examples: [RuleExample] = [
        .flags("On behalf of the school, thank you all for coming", .warning, span: "On behalf of the school"),
        .flags("Made a cake with the school logo on it", .warning, span: "the school logo"),
        .flags("Brilliant day today #TestProud", .warning, span: "#TestProud", school: true),
        .flags("Give @TestSchool a follow", .warning, school: true),
        .flags("Ten years at Test Community School this September", .caution, school: true),
        .flags("TCS staff netball team won the league", .caution, span: "TCS", school: true),
        .flags("English teacher at Test Community School. Views my own.", .notice, school: true),
        .flags("Lovely atmosphere at my school today", .notice, span: "my school"),
        .flags("On behalf of Test Community School, thank you to our PTA", .warning, school: true),
        .flags("Speaking for all the staff at TCS: we are gutted for the students", .warning, school: true),
        .flags("The Test Community School view on phones? Ban them", .warning, school: true),
        .passes("Roadworks on Test Community Road again, took 40 minutes", school: true),
        .passes("On behalf of the whole family, thank you for the birthday wishes"),
        .passes("Brilliant day today #TestProud", account: .official, school: true),
        .passes("honestly cba with marking tonight", school: true),
        .passes("My daughter's school won the chess cup"),
        .passes("My niece starts at Test Community School in September, so proud", school: true),
        .passes("Apparently a certain Year 6 teacher at TCS got a parking ticket", school: true),
        .flags("first week teaching at test community school done and dusted", .caution, school: true),
        // After a job phrase and "at", the school's name in any case is the author's employer.
        .flags("20 yrs caretaking at tcs this sept", .caution, span: "tcs", school: true),
        .flags("TA at tcs for five years now", .caution, span: "tcs", school: true),
        .flags("on the staff at Test Community since 2010", .caution, school: true),
        .flags("governor at tcs, it's a lot of reading", .caution, span: "tcs", school: true),
        .flags("head of maths at tcs and loving it", .caution, span: "tcs", school: true),
        .passes("watched the tcs highlights, cba with the rest", school: true),
        // A motto, hashtag or alias written with punctuation matches however the draft punctuates it.
        .flags("Aspire, Achieve, Belong 💙 back at it Monday", .warning, span: "Aspire, Achieve, Belong", school: true),
        .flags("Aspire Achieve Belong", .warning, school: true),
        .flags("aspire. achieve. belong. new term, new start", .warning, school: true),
        .flags("What a week #AspireAchieveBelong", .warning, school: true),
        .passes("Aspire to achieve, then you belong", school: true),
    ]

    init(_ knowledge: Knowledge) {
        k = knowledge
        let m = knowledge.matcher
        speakingFor = m.lexicon("branding/speaking-for")
        marks = m.lexicon("branding/marks")
        disclaimer = m.lexicon("branding/disclaimer")
        mySchool = m.lexicon("branding/my-school")
        forSchool = m.lexicon("branding/for-school")
        stance = m.lexicon("branding/stance")
        job = m.lexicon("branding/job")
        streetTypes = m.lexicon("contact/street-types")
        family = m.lexicon("pupil-contact/family")
        name = m.lexicon(Knowledge.ProfileLexicon.schoolName)
        acronym = m.lexicon(Knowledge.ProfileLexicon.schoolAcronym)
        word = m.lexicon(Knowledge.ProfileLexicon.schoolWord)
        hashtag = m.lexicon(Knowledge.ProfileLexicon.hashtag)
        handle = m.lexicon(Knowledge.ProfileLexicon.handle)
        motto = m.lexicon(Knowledge.ProfileLexicon.motto)
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        let disclaimed = d.has(disclaimer)
        func add(_ hit: PhraseMatcher.Hit, _ rule: String, _ grade: Grade, _ message: String, _ suggestion: String) {
            out.append(
                d.candidate(
                    .schoolBranding, rule, grade, Int(hit.first), Int(hit.last), confidence: 0.85, message: message,
                    reason: Self.reason, suggestion: suggestion))
        }
        for hit in d.hits(speakingFor) {
            add(hit, "school-branding.speaking-for", .warning, "Speaks on the school's behalf from a personal account.",
                "Leave official statements to the school's own channels.")
        }
        for hit in d.hits(marks) {
            add(hit, "school-branding.logo", .warning, "Uses the school's logo or crest on a personal account.",
                "Don't use the school's logo, crest or badge on personal accounts.")
        }
        for lexicon in [hashtag, handle, motto] {
            for hit in d.hits(lexicon) {
                add(hit, "school-branding.mark", .warning, "Uses the school's official hashtag, handle or motto.",
                    "Remove the school's official hashtag, handle or motto from personal posts.")
            }
        }
        var named = false
        let spokenFor = d.hits(speakingFor)
        let mentions = [name, acronym, word].flatMap { lexicon in
            d.hits(lexicon).filter { isProperMention(d, $0, lexicon: lexicon) }
        }
        for hit in mentions {
            // "Test Community" inside "Test Community School": the longer name speaks for both.
            let isInsideLonger = mentions.contains {
                $0.first <= hit.first && hit.last <= $0.last && $0.last - $0.first > hit.last - hit.first
            }
            if isInsideLonger { continue }
            // "On behalf of Harbourside", "the Oakfield view on …": speaking for the named school.
            if let voice = speaksFor(d, hit) {
                if !spokenFor.contains(where: { $0.first <= hit.last && voice.lowerBound <= Int($0.last) }) {
                    out.append(
                        d.candidate(
                            .schoolBranding, "school-branding.speaking-for", .warning, voice.lowerBound, voice.upperBound,
                            confidence: 0.85, message: "Speaks on the school's behalf from a personal account.",
                            reason: Self.reason, suggestion: "Leave official statements to the school's own channels."))
                }
                named = true
                continue
            }
            // "the Oakfield crest", "the HCS logo": the school's mark, not just its name.
            let next = Int(hit.last) + 1
            if d.is_(next, "crest") || d.is_(next, "logo") || d.is_(next, "badge") || d.is_(next, "emblem") {
                out.append(
                    d.candidate(
                        .schoolBranding, "school-branding.logo", .warning, Int(hit.first), next, confidence: 0.85,
                        message: "Uses the school's logo or crest on a personal account.", reason: Self.reason,
                        suggestion: "Don't use the school's logo, crest or badge on personal accounts."))
                continue
            }
            named = true
            add(hit, "school-branding.name", disclaimed ? .notice : .caution,
                disclaimed ? "Names the school, with a disclaimer." : "Names the school, identifying you as staff.",
                disclaimed ? "Fine as it is." : "Add \"views my own\", or leave the school's name out.")
        }
        if !named {
            for hit in d.hits(mySchool) {
                add(hit, "school-branding.affiliation", .notice, "Mentions your school.",
                    "Fine; if you name it, say your views are your own.")
            }
        }
    }

    /// Tokens between a speaking-for phrase and the school's name ("on behalf of all the staff at").
    private static let onBehalfFillers: Set<String> = [
        "all", "the", "staff", "of", "at", "everyone", "everybody", "us", "team", "whole", "governors", "families", "our",
    ]

    /// The span from a speaking-for phrase to the school's name, or from the name to a stance word
    /// after it ("the Harbourside view", "Oakfield's position").
    private func speaksFor(_ d: Draft, _ hit: PhraseMatcher.Hit) -> ClosedRange<Int>? {
        let first = Int(hit.first)
        let last = Int(hit.last)
        for lead in d.hits(forSchool) where Int(lead.last) < first && first - Int(lead.last) <= 6 {
            let between = (Int(lead.last) + 1)..<first
            if between.allSatisfy({ Self.onBehalfFillers.contains(d.key($0)) }) { return Int(lead.first)...last }
        }
        var next = last + 1
        if d.is_(next, "'s") { next += 1 }
        if let after = d.hits(stance).first(where: { Int($0.first) == next }) {
            // "the Harbourside view" or "Harbourside's position", not "a view of Harbourside Road".
            return first...Int(after.last)
        }
        return nil
    }

    /// Short aliases ("HCS") count only in capitals ("cba" is slang); one-word names only capitalised
    /// ("a run along the harbourside" is not the school).
    private func isProperMention(_ d: Draft, _ hit: PhraseMatcher.Hit, lexicon: Int) -> Bool {
        let t = d.tokens[Int(hit.first)]
        // "Harbourside Road", "Oakfield Lane": a street named like the school is a place, not the school.
        if d.isStreet(hit, streetTypes: streetTypes) { return false }
        let first = Int(hit.first)
        // "first week teaching at harbourside": an employer, however it is typed.
        let employer = d.is_(first - 1, "at") && d.hits(job).contains { Int($0.last) == first - 2 }
        if lexicon == acronym, !t.flags.contains(.allCaps) && !employer { return false }
        if lexicon == word {
            // "a sunset walk round the Harbourside": a one-word name after "round the", "along the"
            // is the place ("the Oakfield crest" is still the school's).
            if d.is_(first - 1, "the"), first >= 2, Self.placePrepositions.contains(d.key(first - 2)) { return false }
            guard t.flags.contains(.capitalised) || employer else { return false }
        }
        return !someoneElses(d, first)
    }

    private static let placePrepositions: Set<String> = [
        "round", "around", "along", "by", "down", "up", "across", "near", "over", "past", "through", "from", "into",
    ]

    private static let firstPerson: Set<String> = ["i", "i'm", "im", "i've", "my", "me", "we", "we're", "our", "us"]

    /// Named as someone else's school: "My niece starts at Oakfield Primary" (a relative's), "a
    /// certain Year 6 teacher at Oakfield" (a third person's, in a sentence that says nothing of the
    /// author's own work there).
    private func someoneElses(_ d: Draft, _ first: Int) -> Bool {
        let sentence = d.tokens[first].sentence
        guard let bounds = d.sentenceBounds(sentence) else { return false }
        let before = bounds.lowerBound..<first
        // A relative's school, unless the author's own work there is said too ("starts" is the relative's).
        let ownWork = d.hits(job).contains { hit in
            let at = Int(hit.first)
            return before.contains(at) && !d.is_(at, "start") && !d.is_(at, "starts") && !d.is_(at, "starting")
                && !d.is_(at, "started")
        }
        if before.contains(where: { d.covered($0, by: family) }), !ownWork {
            return true
        }
        let thirdParty = before.contains { i in
            (d.is_(i, "certain") && d.is_(i - 1, "a")) || d.is_(i, "someone") || d.is_(i, "somebody")
        }
        return thirdParty && !bounds.contains { Self.firstPerson.contains(d.key($0)) }
    }
}
