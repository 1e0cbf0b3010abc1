/// `confidential`: confidential or sensitive business.
///
/// Policy: never post about sensitive business topics such as the school's performance, and never
/// disclose confidential information about pupils, parents, staff or the school. Anything marked
/// confidential, safeguarding specifics, an identifiable pupil's needs, health, care, exclusion or
/// family matters, and an identifiable colleague's disciplinary, health or pay matters are a block.
/// Unpublished inspection outcomes, results, budgets, redundancies, mergers, governors' business,
/// legal action, complaints, data breaches and police incidents are a warning when tied to the
/// author's workplace, a caution when the tie is weak. Published matters and policy debate are fine.
struct ConfidentialRule: Rule {
    let category = Category.confidential
    static let lexicons = [
        "confidential/markers", "confidential/safeguarding", "confidential/pupil-sensitive",
        "confidential/staff-sensitive", "confidential/staff-personal", "confidential/business", "confidential/public",
        "confidential/weak-tie", "confidential/insider", "context/workplace", "context/pupil", "context/pupil-weak",
        "context/lesson", "confidential/services", "security/secret", "security/login",
    ] + TargetFinder.lexicons
    private let k: Knowledge
    private let finder: TargetFinder
    private let markers, safeguarding, pupilSensitive, staffSensitive, staffPersonal, business, publicMarkers, weakTie,
        workplace, pupilContext, pupilWeak, insider, lesson, services, credentials, logins: Int
    private let schoolNames: [Int]
    private let trustWord: Int

    static let reason = "Staff must not disclose confidential information about pupils, parents, staff or the school."

    static let examples: [RuleExample] = [
        .flags("Between us, we're merging with another academy in September", .block),
        .flags("Had to make a referral for a Y8 girl today, her stepdad has been hitting her", .block),
        .flags("Alfie in 10B finally got his ADHD diagnosis today", .block),
        .flags("Poppy in Year 4 had a seizure at lunch, thinking of her", .block),
        .flags("Dave's been put on a capability plan and he's gutted", .block),
        .flags("Budget meeting today. We're looking at £300k in the red next year.", .warning),
        .flags("Two of our TAs are being made redundant in July", .warning),
        .flags("We've had a formal complaint from a parent about the trip", .warning),
        .flags("Hearing whispers that a school near us is heading for special measures", .caution),
        .flags("Mia in 9K was diagnosed with epilepsy over half term", .block),
        .flags("Inspection feedback was inadequate. Report's not out for weeks", .warning),
        .flags("Provisional SATs results for our Y6s are down on last year", .warning),
        .passes("Results day! So proud of our Y11s and everything they've achieved"),
        .passes("Word searches have taken over Y4. Send help"),
        .passes("School funding cuts are a disgrace. Write to your MP."),
        .passes("Our Ofsted report has now been published: Good in every area!"),
        .passes("Safeguarding refresher done for another year"),
        .passes("Really glad Ofsted are dropping single-word judgements"),
        .passes("SEND funding nationally is in crisis and families wait years for EHCPs"),
        .passes("PSHE on county lines with Y10 today. They asked brilliant questions."),
        .passes("PSHE today was on county lines and exploitation. Y10 asked brilliant questions."),
        .passes("If you're a young person struggling, Childline is free and confidential: 0800 1111"),
        .flags("Kyle in 11 permanently excluded today", .block),
        .flags("Kyle in 10B is out on a five-day fixed term for the vape thing", .block),
        .passes("We practised our lockdown drill this morning. The children were brilliant."),
        .passes("Redundancies at the ferry port are hitting families round here hard. Thinking of everyone."),
        .flags("Heartbroken for Jake in Y6. His dad was arrested on Friday and he's staying with his nan", .block),
        .passes("New starter in Year 2 this week, Poppy, has settled in so well, the others have adopted her already"),
        .flags("RIP to our caretaker Bill 💙 most people didn't know he'd been having chemo since Easter", .block),
        .passes("Tapestry login for Nursery is in the newsletter, password on the letter – please don't share!"),
        .flags("We are sorry to share that Year 9 pupil Zak G. has been permanently excluded", .block),
        .flags("Happy birthday to Billy in Reception, who's 5 today and having his tonsils out tomorrow", .block),
        .flags("Year 4 will have a supply teacher while Miss Fuller is off for her knee surgery", .block),
        .flags("Governors were told in the closed session that we're joining another trust. Keep that one quiet", .block),
        .flags("Bless Tara in Year 5, mum and dad are splitting up", .block),
        .flags("Sad to say goodbye to Mr Hardy, leaving us after a long battle with his mental health", .block),
        .flags("After the PSHE lesson on county lines a Y10 boy told me he's being made to carry packages", .block),
        .flags("word is Mr Potts has been suspended, no one's saying why", .block),
        .flags("Ofsted gave us RI. Gutted.", .warning),
        .flags("Police at work all morning after a dad turned up in the playground with a knife", .warning),
        .flags("Just seen our GCSE results a day early, maths is up 12% on last year", .warning),
    ]

    init(_ knowledge: Knowledge) {
        k = knowledge
        finder = TargetFinder(knowledge)
        let m = knowledge.matcher
        markers = m.lexicon("confidential/markers")
        safeguarding = m.lexicon("confidential/safeguarding")
        pupilSensitive = m.lexicon("confidential/pupil-sensitive")
        staffSensitive = m.lexicon("confidential/staff-sensitive")
        staffPersonal = m.lexicon("confidential/staff-personal")
        pupilWeak = m.lexicon("context/pupil-weak")
        business = m.lexicon("confidential/business")
        publicMarkers = m.lexicon("confidential/public")
        weakTie = m.lexicon("confidential/weak-tie")
        insider = m.lexicon("confidential/insider")
        lesson = m.lexicon("context/lesson")
        services = m.lexicon("confidential/services")
        credentials = m.lexicon("security/secret")
        logins = m.lexicon("security/login")
        workplace = m.lexicon("context/workplace")
        pupilContext = m.lexicon("context/pupil")
        trustWord = m.lexicon(Knowledge.ProfileLexicon.trustWord)
        schoolNames = [
            m.lexicon(Knowledge.ProfileLexicon.schoolName), m.lexicon(Knowledge.ProfileLexicon.schoolAcronym),
            m.lexicon(Knowledge.ProfileLexicon.schoolWord),
        ]
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        guard d.has(markers) || d.has(safeguarding) || d.has(pupilSensitive) || d.has(staffSensitive) || d.has(staffPersonal)
            || d.has(business)
        else { return }
        func add(_ first: Int, _ last: Int, _ grade: Grade, _ rule: String, _ message: String, _ suggestion: String) {
            out.append(
                d.candidate(
                    .confidential, rule, grade, first, last, confidence: grade == .block ? 0.85 : 0.7, message: message,
                    reason: Self.reason, suggestion: suggestion))
        }
        // Marked confidential: the marker and what it covers.
        // "Year 3 learnt the word 'confidential'": a marker talked about, not applied.
        let quoted = d.has(markers) ? d.quotedTokens() : []
        // "Childline is free and confidential": a service described, not a post marked.
        for hit in d.hits(markers) where !quoted[Int(hit.first)] && !d.covered(Int(hit.first), by: services)
            && !aboutCredentials(d, hit)
        {
            let s = d.tokens[Int(hit.first)].sentence
            let bounds = d.sentenceBounds(s) ?? Int(hit.first)...Int(hit.last)
            add(Int(hit.first), max(Int(hit.last), bounds.upperBound), .block, "confidential.marked",
                "Shares something marked as confidential.", "Don't post it: confidential means not for social media.")
        }
        let targets = d.has(staffSensitive) || d.has(staffPersonal) || d.has(pupilSensitive) ? finder.targets(in: d) : []
        let pupilPost = d.has(pupilContext) || d.has(pupilWeak) || d.hasClassCode
        let tied = hasWorkplaceTie(d)
        var taught: Int?  // end of the last topic skipped as taught, for lists: "county lines and exploitation"
        for hit in d.hits(safeguarding) where pupilPost {
            if taughtTopic(d, hit) || taught.map({ listContinues(d, from: $0, to: Int(hit.first)) }) == true {
                taught = Int(hit.last)
                continue
            }
            add(Int(hit.first), Int(hit.last), .block, "confidential.safeguarding",
                "Shares safeguarding details about a pupil.",
                "Never post about safeguarding concerns; they belong with the DSL only.")
        }
        for hit in d.hits(pupilSensitive) {
            // "Heartbroken for Jake in Y6. His dad was arrested on Friday": named in the sentence before.
            let s = d.tokens[Int(hit.first)].sentence
            let previousStart = s > 0 ? d.sentenceBounds(s - 1)?.lowerBound : nil
            guard
                let pupil = identifiablePupil(d, near: Int(hit.first), targets, pupilPost: pupilPost)
                    ?? previousStart.flatMap({ startsWithPronoun(d, s) ? identifiablePupil(d, near: $0, targets, pupilPost: pupilPost) : nil })
            else { continue }
            add(min(pupil, Int(hit.first)), Int(hit.last), .block, "confidential.pupil",
                "Shares an identifiable pupil's needs, health, care or family matters.",
                "Leave it out: even a forename with a class identifies the child.")
        }
        // Employment words ("capability plan", "UPS1") need only a colleague; everyday health and pay
        // words ("chemo", "pay rise") also need the post to be about the workplace.
        let staffHits = d.hits(staffSensitive) + (tied ? d.hits(staffPersonal) : [])
        for hit in staffHits {
            let s = d.tokens[Int(hit.first)].sentence
            let h = Int(hit.first)
            // "Mr Hardy, who is leaving us after a long battle with his mental health": a phrase that
            // carries its own "his"/"her" reaches back further to the person it is about.
            // So does one whose subject is a pronoun ("…Bill 💙 most people didn't know he'd been having chemo").
            let ownPronoun = (h...Int(hit.last)).contains { d.is_($0, "his") || d.is_($0, "her") }
            let subjectPronoun = (max(0, h - 4)..<h).contains {
                d.is_($0, "he") || d.is_($0, "she") || d.is_($0, "he'd") || d.is_($0, "she'd") || d.is_($0, "he's") || d.is_($0, "she's")
            }
            let reach = ownPronoun || subjectPronoun ? 12 : 8
            guard
                let t = targets.last(where: {
                    $0.sentence == s && ($0.kind == .person || $0.kind == .role)
                        && ($0.first < h ? h - $0.last <= reach : $0.first - h <= 3)
                })
            else { continue }
            add(min(t.first, Int(hit.first)), max(t.last, Int(hit.last)), .block, "confidential.colleague",
                "Shares a colleague's disciplinary, health, capability or pay matters.",
                "Don't post about colleagues' personal or employment matters.")
        }
        // "Our Ofsted report has now been published": public news, in the sentence that carries it;
        // unless the post says it has the news before it is out ("just landed on my desk").
        let insiderNews = d.has(insider)
        for hit in d.hits(business) where insiderNews || !d.has(publicMarkers, sentence: d.tokens[Int(hit.first)].sentence) {
            let grade: Grade
            if tied && !d.has(weakTie) {
                grade = .warning
            } else if tied || d.has(weakTie) && mentionsSchools(d) {
                grade = .caution
            } else {
                continue
            }
            let s = d.tokens[Int(hit.first)].sentence
            let bounds = d.clauseBounds(d.tokens[Int(hit.first)].clause) ?? Int(hit.first)...Int(hit.last)
            _ = s
            add(bounds.lowerBound, bounds.upperBound, grade, "confidential.business",
                grade == .warning
                    ? "Discusses the school's sensitive business (performance, finances, staffing, legal or governance)."
                    : "Passes on sensitive news about schools nearby.",
                "Leave school business to official announcements.")
        }
    }

    /// A sentence whose first word is a third-person pronoun ("His dad was arrested…") continues
    /// the one before about the same person.
    private func startsWithPronoun(_ d: Draft, _ s: Int32) -> Bool {
        guard let b = d.sentenceBounds(s), let first = b.first(where: { d.isWord($0) }) else { return false }
        return d.is_(first, "his") || d.is_(first, "her") || d.is_(first, "he") || d.is_(first, "she")
            || d.is_(first, "he's") || d.is_(first, "she's") || d.is_(first, "their") || d.is_(first, "they")
    }

    /// "PSHE on county lines", "an assembly about grooming": the topic of a lesson, right after the
    /// words that introduce it in the same clause.
    private func taughtTopic(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let first = Int(hit.first)
        return d.hits(lesson, sentence: d.tokens[first].sentence).contains {
            Int($0.last) < first && first - Int($0.last) <= 3 && d.tokens[Int($0.last)].clause == d.tokens[first].clause
        }
    }

    /// "the login is …, password Acorn1 – please don't share!": the request is about the password
    /// (security's finding), not a marking of the post.
    private func aboutCredentials(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let s = d.tokens[Int(hit.first)].sentence
        return [credentials, logins].contains { d.has($0, sentence: s) || (s > 0 && d.has($0, sentence: s - 1)) }
    }

    /// "Redundancies at the ferry port are hitting families round here": news from nearby is a
    /// school's business only when the post is about schools.
    private func mentionsSchools(_ d: Draft) -> Bool {
        (0..<d.count).contains { i in
            d.isWord(i) && Self.schoolWords.contains(d.key(i))
        }
    }

    private static let schoolWords: Set<String> = [
        "school", "schools", "academy", "academies", "trust", "trusts", "primary", "primaries", "secondary", "secondaries",
        "college", "sixth", "ofsted", "head", "heads", "headteacher", "staff", "teachers", "tas", "mat",
    ]

    /// Only "and", "&" or a comma between two topics: "county lines, knife crime and exploitation".
    private func listContinues(_ d: Draft, from end: Int, to start: Int) -> Bool {
        guard start > end + 1, start - end <= 3 else { return false }
        return (end + 1..<start).allSatisfy { d.is_($0, "and") || d.isPunct($0, 0x2C) || d.isPunct($0, 0x26) }
    }

    /// First-person plural, the workplace's own words ("at ours", "SLT"), or the school's name.
    private func hasWorkplaceTie(_ d: Draft) -> Bool {
        // Naming a class or year group ("Y9", "10X") places the post in the author's own school.
        // A post about pupils ("Year 4 will have a supply teacher") is about the author's school.
        if d.has(workplace) || d.hasClassCode || d.has(insider) || d.has(pupilContext) { return true }
        for lexicon in schoolNames where d.has(lexicon) { return true }
        if d.hits(trustWord).contains(where: { d.tokens[Int($0.first)].flags.contains(.capitalised) }) { return true }
        for i in 0..<d.count where d.tokens[i].kind == .word {
            if d.is_(i, "we") || d.is_(i, "our") || d.is_(i, "us") || d.is_(i, "we're") || d.is_(i, "we've") || d.is_(i, "i'm") {
                return true
            }
        }
        return false
    }

    /// A pupil named in a way that identifies them near token `i`: a full name, or a forename with a
    /// class or year ("Kai in 11B", "Beth (Y2)", "Morayo in my form"). Returns the name's first token.
    private func identifiablePupil(_ d: Draft, near i: Int, _ targets: [Target], pupilPost: Bool) -> Int? {
        let s = d.tokens[i].sentence
        // A full name in a post about pupils (or a colleague's: their health is confidential too).
        for t in targets where pupilPost && t.sentence == s && t.kind == .person && t.last > t.first
            && !d.covered(t.first, by: finder.titles) && !k.publicFigures.contains("\(d.key(t.first)) \(d.key(t.first + 1))")
        {
            return t.first
        }
        guard let bounds = d.sentenceBounds(s) else { return nil }
        // A pupil on the roster named in full, however the name is written.
        for n in bounds where d.tokens[n].kind == .word && n > bounds.lowerBound {
            for c in k.roster.candidates(surnameStartingWith: d.key(n)) where k.roster.entry(c).givenKeys.contains(d.key(n - 1)) {
                return n - 1
            }
        }
        for n in bounds {
            let t = d.tokens[n]
            guard t.kind == .word, t.flags.contains(.capitalised), !t.flags.contains(.hasDigit), n + 1 < d.count else { continue }
            // "Kai in 11B", "Lucy in Year 9", "Ellie in Reception", "Morayo in my form"
            if d.is_(n + 1, "in") || d.is_(n + 1, "from") {
                if classReference(d, n + 2) { return n }
            }
            // "Beth (Y2)"
            if d.isPunct(n + 1, 0x28), classReference(d, n + 2) { return n }
            // "Year 9 pupil Zak G.", "10B student Amir"
            if n >= 2, d.is_(n - 1, "pupil") || d.is_(n - 1, "student") || d.is_(n - 1, "boy") || d.is_(n - 1, "girl") {
                if classReference(d, n - 2) || (n >= 3 && classReference(d, n - 3)) { return n }
            }
        }
        return nil
    }

    private static let units: Set<String> = [
        "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "days", "day", "weeks", "week", "months", "month",
        "years", "year", "seconds", "secs", "goals", "points", "games", "matches", "sets", "rounds", "attempts",
        "tries", "miles", "km", "bits", "pieces", "parts", "ways", "places",
    ]

    /// A year from 1 to 13 and one letter: "7k", "11m".
    private static func isFormCode<C: Collection>(_ key: C) -> Bool where C.Element == UInt8 {
        let bytes = Array(key)
        guard bytes.count == 2 || bytes.count == 3, let last = bytes.last, TokenStream.isLetter(last),
            let year = Int(String(decoding: bytes.dropLast(), as: UTF8.self))
        else { return false }
        return (1...13).contains(year)
    }

    private func classReference(_ d: Draft, _ i: Int) -> Bool {
        guard i < d.count, d.tokens[i].kind == .word else { return false }
        if PupilNameRule.isClassCode(d.stream.key(at: i)) { return true }
        // After "Kai in …" a year and one letter is a form even where it could be a unit elsewhere ("7K", "9M").
        if Self.isFormCode(d.stream.key(at: i)) { return true }
        if d.is_(i, "year") || d.is_(i, "yr") { return i + 1 < d.count && d.tokens[i + 1].flags.contains(.hasDigit) }
        // "Kyle in 11 permanently excluded": a bare year number, unless a unit follows ("in 10 minutes").
        if let year = Int(d.key(i)), (1...13).contains(year), !d.isWord(i + 1) || !Self.units.contains(d.key(i + 1)) {
            return d.tokens[i].kind == .word && d.key(i).count <= 2
        }
        if d.is_(i, "reception") || d.is_(i, "nursery") { return true }
        if d.is_(i, "my") || d.is_(i, "our") {
            return d.is_(i + 1, "form") || d.is_(i + 1, "class") || d.is_(i + 1, "set") || d.is_(i + 1, "tutor")
        }
        return false
    }

}
