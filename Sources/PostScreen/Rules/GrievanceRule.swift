/// `grievance`: airing workplace grievances.
///
/// Policy: don't post impulsive, heated comments about matters at work; raise concerns with a line
/// manager, HR, the grievance or the whistle-blowing procedure. A complaint about workplace
/// decisions, treatment, pay, workload or management with a workplace referent, or an intent to
/// escalate in public, is a warning; negativity about working conditions with no specific target is
/// a caution. Tiredness, praise and complaints unrelated to work are not flagged.
struct GrievanceRule: Rule {
    let category = Category.grievance
    static let lexicons = [
        "grievance/complaint", "grievance/escalation", "grievance/workplace-matter", "grievance/negativity",
        "grievance/strain", "grievance/job", "grievance/emphasis", "grievance/praise", "context/workplace", "context/titles", "abuse/profanity",
        "abuse/insults", "grievance/management-speak", "contact/street-types", "grievance/management-acts",
        "grievance/irony",
    ]
    private let complaint, escalation, matter, negativity, strain, job, emphasis, praise, workplace, titles, profanity, insults, managementSpeak, streetTypes, managementActs, irony: Int
    private let schoolNames: [Int]
    private let trustWord: Int
    private let staff: RosterIndex

    static let reason = "Concerns about work belong with your line manager, HR, or the grievance or whistle-blowing procedure, not on social media."
    static let suggestion = "Raise it with your line manager or HR, or through the grievance or whistle-blowing procedure."

    static let examples: [RuleExample] = [
        .flags("SLT have stitched us up again with another data drop", .warning),
        .flags("The trust's new pay policy is a joke", .warning),
        .flags("So done with how the head treats staff", .warning),
        .flags("If this carries on I'm going to the papers", .warning),
        .flags("PPA cancelled again this week to cover. When am I meant to plan?", .warning),
        .flags("This job is breaking me. The workload just isn't sustainable", .caution),
        .flags("Staff morale is on the floor and nobody seems to care", .caution),
        .flags("Teaching is just relentless at the moment. Nobody outside the job gets it.", .caution),
        .flags("New marking policy from SLT is total bollocks", .warning),
        .flags("SLT have added a THIRD after-school meeting this week", .warning),
        .flags("Our head cancelled the Christmas do 'for budget reasons' then bought a new office sofa", .warning),
        .flags("Mrs Patel has put me on every single duty this half term AGAIN.", .warning, school: true),
        .passes("SLT popped into every class today and the kids were brilliant"),
        .passes("Huge thank you to Mrs Patel for covering my lesson at zero notice", school: true),
        .flags("Refused a morning off for my son's wedding after 15 years' service. That's what they think of us.", .warning),
        .flags("Thinking of going to the Evening Post about how this school treats its cleaners", .warning),
        .passes("Our SEND team are AMAZING, thank you all"),
        .passes("Walking to work in this relentless rain"),
        .passes("Mrs Patel ran the best INSET I have been to", school: true),
        .passes("Long week. Wine o'clock"),
        .passes("Trains cancelled AGAIN. I'm begging you."),
        .passes("Our TAs are unsung heroes. Thank you for everything"),
        .passes("City lost 2-0 at home. Why do I do this to myself"),
        .passes("Shattered. Parents' evening till 8. Tea, bath, bed."),
        .flags("Mrs Patel you absolute prick, a cover lesson in my only free", .warning, school: true),
        .flags("The trust's new appraisal policy is an insult to every teacher here", .warning),
        .flags("Another INSET wasted on a wellbeing speaker while the roof leaks. Cheers SLT", .warning),
        .flags("Found out a colleague is on UPS3 and I'm on M4 doing the same job", .warning),
        .flags("another weekend lost to marking. this profession eats people alive", .caution),
        .flags("Thinking of posting everything about how they handled the restructure so everyone can see", .warning),
        .passes("Cheers to the PTA for the amazing summer fair!"),
        .flags("cover AGAIN in my only free. whoever writes the cover rota has it in for me", .warning),
        .flags("the MAT's pay award is a kick in the teeth. SLT need to stand up for us for once", .warning),
        .flags("Another 'optional' twilight. Optional in the way breathing is optional.", .warning),
        .flags("Budget meeting today: the photocopier is now a 'privilege'. Cool cool cool.", .warning),
        .passes("Mrs Patel is a complete and utter knob, and I'll say it to her face", school: true),
        .flags("Head's cancelled the staff Christmas do to 'save money' while SLT swan off to the Cotswolds", .warning),
        .flags("This job is slowly eating me alive. 11pm and still planning.", .caution),
        .flags("Our PPA has been moved to the last period on a Friday. Genius from the leadership team.", .warning),
        .flags("Our SLT want a data drop every six weeks AND an intervention plan for every student 🙃", .warning),
        .passes("Our head has announced the Year 6 trip is going ahead, brilliant news for everyone!"),
        .passes("SLT have announced a new reading scheme from September. Thank you for the training day!"),
    ]

    init(_ knowledge: Knowledge) {
        let m = knowledge.matcher
        complaint = m.lexicon("grievance/complaint")
        escalation = m.lexicon("grievance/escalation")
        matter = m.lexicon("grievance/workplace-matter")
        negativity = m.lexicon("grievance/negativity")
        workplace = m.lexicon("context/workplace")
        strain = m.lexicon("grievance/strain")
        job = m.lexicon("grievance/job")
        emphasis = m.lexicon("grievance/emphasis")
        praise = m.lexicon("grievance/praise")
        titles = m.lexicon("context/titles")
        profanity = m.lexicon("abuse/profanity")
        insults = m.lexicon("abuse/insults")
        managementSpeak = m.lexicon("grievance/management-speak")
        streetTypes = m.lexicon("contact/street-types")
        managementActs = m.lexicon("grievance/management-acts")
        irony = m.lexicon("grievance/irony")
        staff = knowledge.staff
        trustWord = m.lexicon(Knowledge.ProfileLexicon.trustWord)
        schoolNames = [
            m.lexicon(Knowledge.ProfileLexicon.schoolName), m.lexicon(Knowledge.ProfileLexicon.schoolAcronym),
            m.lexicon(Knowledge.ProfileLexicon.schoolWord),
        ]
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        let staffSentences = staffMentions(d)
        let namesSchool = schoolNames.contains { lexicon in d.hits(lexicon).contains { !d.isStreet($0, streetTypes: streetTypes) } }
        let referent = d.has(workplace) || namesSchool || !staffSentences.isEmpty
            || d.hits(trustWord).contains { d.tokens[Int($0.first)].flags.contains(.capitalised) }
        guard d.has(complaint) || d.has(escalation) || d.has(negativity) || d.has(strain) || referent
            || d.has(managementSpeak) && d.has(matter)
        else { return }
        var raisedIn = Set<Int32>()
        func add(_ first: Int, _ last: Int, _ grade: Grade, _ rule: String, _ message: String) {
            // A sentence that thanks someone is not a complaint.
            if d.has(praise, sentence: d.tokens[first].sentence) { return }
            let (a, b) = clauseSpan(d, first, last)
            raisedIn.insert(d.tokens[first].sentence)
            out.append(
                d.candidate(
                    .grievance, rule, grade, a, b, confidence: grade == .warning ? 0.75 : 0.6, message: message,
                    reason: Self.reason, suggestion: Self.suggestion))
        }
        for hit in d.hits(escalation) {
            add(Int(hit.first), Int(hit.last), .warning, "grievance.escalation",
                "Threatens to take a workplace dispute public.")
        }
        let workMatter = d.has(matter)
        if referent || workMatter {
            for hit in d.hits(complaint) {
                add(Int(hit.first), Int(hit.last), .warning, "grievance.workplace",
                    "Complains in public about decisions or treatment at work.")
            }
        }
        for hit in d.hits(negativity) {
            // With a workplace referent, negativity is a complaint about that workplace.
            let grade: Grade = referent ? .warning : .caution
            add(Int(hit.first), Int(hit.last), grade, grade == .warning ? "grievance.workplace" : "grievance.conditions",
                grade == .warning ? "Complains in public about conditions at work." : "Negative about working conditions.")
        }
        // "Teaching is just relentless": hardship said of the job itself.
        for hit in d.hits(strain) where !raisedIn.contains(d.tokens[Int(hit.first)].sentence) {
            guard saidOfTheJob(d, hit) else { continue }
            let grade: Grade = referent ? .warning : .caution
            add(Int(hit.first), Int(hit.last), grade, grade == .warning ? "grievance.workplace" : "grievance.conditions",
                grade == .warning ? "Complains in public about conditions at work." : "Negative about working conditions.")
        }
        // Management acting on staff ("SLT want a data drop every six weeks", "PPA has been moved to
        // Friday by the leadership team") in a post that is ironic about it (sarcastic praise, scare
        // quotes, an eye-roll): a grievance however it is worded.
        if referent, d.has(managementActs), !d.has(praise), isIronic(d, quotes: d.scareQuotes()) {
            for s in d.sentences where !raisedIn.contains(s) {
                guard d.has(workplace, sentence: s) || d.has(matter, sentence: s) || staffSentences.contains(s),
                    let act = d.hits(managementActs, sentence: s).first
                else { continue }
                add(Int(act.first), Int(act.last), .warning, "grievance.workplace",
                    "Complains in public, with irony, about decisions or treatment at work.")
            }
        }
        guard referent || workMatter else { return }
        // Heat in a sentence about the workplace: swearing, a word of repetition shouted in capitals
        // ("AGAIN", "a THIRD meeting"), a management reason quoted back in scare quotes.
        let quotes = d.scareQuotes()
        for s in d.sentences where !raisedIn.contains(s) {
            guard let bounds = d.sentenceBounds(s) else { continue }
            let aboutWork = d.has(workplace, sentence: s) || d.has(matter, sentence: s) || staffSentences.contains(s)
                || schoolNames.contains(where: { d.hits($0, sentence: s).contains { !d.isStreet($0, streetTypes: streetTypes) } })
            // Without a workplace referent only management's words quoted back count ("another
            // 'optional' twilight"): shouting and swearing near a meeting could be about anything.
            guard aboutWork, let cue = heat(d, s, bounds, quotes, quotedOnly: !referent) else { continue }
            add(cue, cue, .warning, "grievance.workplace", "Complains in public, with some heat, about decisions or treatment at work.")
        }
    }

    /// Irony about work somewhere in the post: a sarcastic phrase, a one-word verdict sentence
    /// ("Brilliant.", "Genius."), a scare quote, or an eye-roll, upside-down smile or slow clap.
    private func isIronic(_ d: Draft, quotes: [ClosedRange<Int>]) -> Bool {
        for hit in d.hits(irony) {
            if hit.last > hit.first { return true }
            // One word counts only as a sentence of its own: "Brilliant." not "a brilliant day".
            // ("Genius from the leadership team." opens on its verdict.)
            if let b = d.sentenceBounds(d.tokens[Int(hit.first)].sentence) {
                let words = b.filter { d.isWord($0) }
                if words.count <= 3 || words.first == Int(hit.first) { return true }
            }
        }
        return !quotes.isEmpty || d.hasSymbol(in: Self.ironicEmoji)
    }

    private static let ironicEmoji: Set<Unicode.Scalar> = ["🙃", "🙄", "👏", "😒"]

    /// The first token that makes a sentence heated, or nil.
    private func heat(_ d: Draft, _ s: Int32, _ bounds: ClosedRange<Int>, _ quotes: [ClosedRange<Int>], quotedOnly: Bool) -> Int? {
        if quotedOnly { return quotedManagementSpeak(d, s, bounds, quotes) }
        // Swearing or name-calling over a decision at work: "New marking policy from SLT is total
        // bollocks", "Mr Warren you absolute prick, moving my lessons". ("the head of maths is a c*nt"
        // on its own is abuse's finding, not a grievance.)
        if d.has(matter, sentence: s) {
            if let hit = d.hits(profanity, sentence: s).first { return Int(hit.first) }
            if let hit = d.hits(insults, sentence: s).first { return Int(hit.first) }
        }
        for hit in d.hits(emphasis, sentence: s) where d.tokens[Int(hit.first)].flags.contains(.allCaps) {
            return Int(hit.first)
        }
        // A management reason quoted back: "'for budget reasons'", "'due to staffing'"; management's
        // own words in scare quotes: "another 'optional' twilight", "now a 'privilege'".
        if let q = quotes.first(where: { bounds.contains($0.lowerBound) && Self.reasonWords.contains(d.key($0.lowerBound)) }) {
            return q.lowerBound
        }
        return quotedManagementSpeak(d, s, bounds, quotes)
    }

    private func quotedManagementSpeak(_ d: Draft, _ s: Int32, _ bounds: ClosedRange<Int>, _ quotes: [ClosedRange<Int>]) -> Int? {
        for q in quotes where bounds.contains(q.lowerBound) {
            if d.hits(managementSpeak, sentence: s).contains(where: { q.contains(Int($0.first)) && q.contains(Int($0.last)) }) {
                return q.lowerBound
            }
        }
        return nil
    }

    private static let reasonWords: Set<String> = ["for", "because", "due", "to", "in", "as", "on", "owing"]
    private static let linking: Set<String> = ["is", "'s", "was", "has", "been", "are", "feels", "feel", "getting", "gets", "becoming"]

    /// "Teaching is just relentless", "the workload is unmanageable": a hardship word said of the job,
    /// with a linking verb between them in one clause ("walking to work in the relentless rain" is not).
    private func saidOfTheJob(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let a = Int(hit.first)
        for j in d.hits(job, sentence: d.tokens[a].sentence) where Int(j.last) < a && a - Int(j.last) <= 4 {
            guard d.tokens[Int(j.last)].clause == d.tokens[a].clause else { continue }
            if (Int(j.last) + 1..<a).contains(where: { Self.linking.contains(d.key($0)) }) { return true }
        }
        // Some strain words carry their own subject: "nobody outside the job gets it", "broke me".
        return d.covered(a, by: job) == false && hit.last > hit.first && d.has(job, sentence: d.tokens[a].sentence)
    }

    /// Sentences that name a member of staff: a title and a staff surname ("Mrs Taylor"), or a staff
    /// member's given name and surname.
    private func staffMentions(_ d: Draft) -> Set<Int32> {
        guard !staff.isEmpty else { return [] }
        var out = Set<Int32>()
        for i in 0..<d.count where d.isWord(i) && d.tokens[i].flags.contains(.capitalised) {
            let candidates = staff.candidates(surnameStartingWith: d.key(i))
            guard !candidates.isEmpty, i > 0 else { continue }
            let before = d.key(i - 1)
            if d.covered(i - 1, by: titles) || candidates.contains(where: { staff.entry($0).givenKeys.contains(before) }) {
                out.insert(d.tokens[i].sentence)
            }
        }
        return out
    }

    /// The whole clause around a cue, so the finding shows what is being complained about.
    private func clauseSpan(_ d: Draft, _ first: Int, _ last: Int) -> (Int, Int) {
        guard let bounds = d.sentenceBounds(d.tokens[first].sentence) else { return (first, last) }
        return (min(first, bounds.lowerBound), max(last, bounds.upperBound))
    }
}
