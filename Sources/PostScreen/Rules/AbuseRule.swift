/// `abuse`: abusive, harassing, threatening or discriminatory language, slurs.
///
/// Policy: staff must not post anything abusive, harassing, threatening or discriminatory. Slurs,
/// threats, incitement to pile on and telling people to go back where they came from are a block;
/// name-calling aimed at a person or group, swearing at someone, harassment and sweeping claims about
/// a nationality, ethnicity, religion or disability are a warning; bare swearing aimed at no one is a
/// caution. Offensive words that are discussed, taught or quoted ("how the word 'queer' was
/// reclaimed") are mentions, not abuse; teasing among friends ("love you, you absolute muppet") is
/// banter.
///
/// The word lists are in `Lexicons/Data/abuse/`; this file decides who the words are aimed at.
struct AbuseRule: Rule {
    let category = Category.abuse
    static let lexicons = [
        "abuse/profanity", "abuse/aimed-profanity", "abuse/insults", "abuse/longed-for", "abuse/mild-insults", "abuse/dehumanising",
        "abuse/insult-adjectives", "abuse/intensifiers", "abuse/people", "abuse/slurs", "abuse/threats",
        "abuse/threat-intent", "abuse/violence", "abuse/harassment", "abuse/pile-on", "abuse/exclusion",
        "abuse/groups", "abuse/generalisations", "abuse/mention-frames", "abuse/banter", "context/frames",
    ]
    private let longedFor: Int
    private let profanity, aimedProfanity, insults, mildInsults, dehumanising, adjectives, intensifiers, people: Int
    private let slurs, threats, intent, violence, harassment, pileOn, exclusion, groups, generalisations: Int
    private let mentionFrames, banter, frames: Int

    static let reason = "Staff must not post abusive, threatening, harassing or discriminatory language."

    static let examples: [RuleExample] = [
        .flags("Whoever keyed my car, I will find you and you will regret it.", .block),
        .flags("If he shouts at my TA again I swear I'll knock him out", .block, span: "I swear I'll knock him out"),
        .flags("told the lad to stop acting like a retard", .block),
        .flags("Half of them can't speak English. Send them back where they came from.", .block),
        .flags("That woman on the radio? Everyone go and flood her page.", .block),
        .flags("To the parent who shouted at my TA: you are a pathetic, spineless little man.", .warning),
        .flags("That inspector can go fuck himself.", .warning),
        .flags("To the dickhead in the white Audi who blocked the crossing", .warning, span: "dickhead"),
        .flags("Our Year 9s are a pack of feral little animals", .warning),
        .flags("Her mum is a thieving cow", .warning, span: "a thieving cow"),
        .flags("That ref is a spineless weasel", .warning),
        .flags("If he touches my car again I'll put him through the window", .block),
        .passes("Do they honestly think we're stupid?"),
        .passes("Today's Y11 debate: is Scrooge a miser or just a coward?"),
        .flags("Woman at the next table: what a nasty old bag", .warning),
        .flags("Bloke in the Audi cut straight across the zebra crossing. Total prick.", .warning),
        .flags("The inspector who did my observation was a smug little shit", .warning),
        .flags("Just stubbed my toe on the hoover. Bloody hell.", .caution),
        .flags("Who knew 30 kids could make so much bloody mess", .caution),
        .flags("Funny how the trust board is all (((bankers))) these days", .block),
        .passes("Maths warm-up: simplify (((2 + 3))) × 4"),
        .passes("Reports written, data in, lanyard off. Half term, I'm coming for you 🏖️"),
        .passes("Y8 history today: the Bloody Code and the birth of the police"),
        .flags("Kerry, I'm not going to stop posting about you until you admit what you did.", .warning),
        .flags("Sick of these Eastern European parents who can't be bothered to learn English", .warning),
        .flags("Fucking marvellous, the printer's jammed again", .caution, span: "Fucking"),
        .flags("Holy shit, that curry", .caution),
        .flags("what a fuk1ng joke", .caution),
        .flags("What a load of sh*t", .caution, span: "sh*t"),
        .flags("No idea where the fuck Jordan parked", .caution, span: "fuck"),
        .flags("I'm such a twat, left my lanyard at home again", .caution, span: "twat"),
        .flags("What the hell is going on with the car park", .caution, span: "the hell"),
        .passes("Happy birthday to my work wife 🎂 love you, you absolute muppet"),
        .passes("A mature discussion today about the racist language in Of Mice and Men"),
        .passes("Our assembly explored how the word 'queer' was reclaimed"),
        .passes("Year 5 unpicked why 'that's so gay' gets used as a put-down"),
        .passes("We looked at a 1960s sign reading 'No Irish, no blacks, no dogs' and why it was wrong"),
        .passes("Colleague called me a 'menace' for hiding her stapler. Fair. 😂"),
        .passes("My Y6s roasted my dad jokes so hard today"),
        .passes("I'm such an idiot, left my lanyard at home again"),
        .passes("The Year 6s absolutely killed it at the concert"),
        .passes("Lost the staff quiz again. Sore losers? Us? Never."),
        .passes("We are going to beat them on Saturday"),
        .passes("Nip to the shops for a bag of flour, then bake"),
    ]

    init(_ knowledge: Knowledge) {
        let m = knowledge.matcher
        profanity = m.lexicon("abuse/profanity")
        aimedProfanity = m.lexicon("abuse/aimed-profanity")
        longedFor = m.lexicon("abuse/longed-for")
        insults = m.lexicon("abuse/insults")
        mildInsults = m.lexicon("abuse/mild-insults")
        dehumanising = m.lexicon("abuse/dehumanising")
        adjectives = m.lexicon("abuse/insult-adjectives")
        intensifiers = m.lexicon("abuse/intensifiers")
        people = m.lexicon("abuse/people")
        slurs = m.lexicon("abuse/slurs")
        threats = m.lexicon("abuse/threats")
        intent = m.lexicon("abuse/threat-intent")
        violence = m.lexicon("abuse/violence")
        harassment = m.lexicon("abuse/harassment")
        pileOn = m.lexicon("abuse/pile-on")
        exclusion = m.lexicon("abuse/exclusion")
        groups = m.lexicon("abuse/groups")
        generalisations = m.lexicon("abuse/generalisations")
        mentionFrames = m.lexicon("abuse/mention-frames")
        banter = m.lexicon("abuse/banter")
        frames = m.lexicon("context/frames")
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        let quoted = d.quotedTokens()
        let friendly = d.has(banter) || hasFriendlyEmoji(d)
        var claimed = Set<Int>()

        // Block: slurs, threats, incitement, exclusion.
        slurFindings(d, quoted, &out, &claimed)
        phraseFindings(d, threats, quoted, grade: friendly ? .warning : .block, rule: "abuse.threat",
            message: "Threatens someone.", suggestion: "Don't post threats, even in anger or as a joke; report the incident instead.",
            veto: longedFor, &out, &claimed)
        violentIntent(d, quoted, friendly, &out, &claimed)
        phraseFindings(d, pileOn, quoted, grade: .block, rule: "abuse.pile-on",
            message: "Urges others to pile on to a person.", suggestion: "Don't ask others to target anyone; raise concerns through the proper channels.",
            &out, &claimed)
        phraseFindings(d, exclusion, quoted, grade: .block, rule: "abuse.discrimination",
            message: "Tells people to leave because of where they come from.", suggestion: "Remove it: this is discriminatory.",
            &out, &claimed)
        // Warning: harassment, generalisations about protected groups, name-calling, swearing at someone.
        phraseFindings(d, harassment, quoted, grade: .warning, rule: "abuse.harassment",
            message: "Reads as harassing someone.", suggestion: "Don't pursue anyone in public posts; raise it privately or through the proper route.",
            &out, &claimed)
        generalisationFindings(d, quoted, &out, &claimed)
        phraseFindings(d, aimedProfanity, quoted, grade: .warning, rule: "abuse.profanity",
            message: "Swears at someone.", suggestion: "Remove the swearing aimed at a person.", &out, &claimed)
        insultFindings(d, quoted, friendly, &out, &claimed)
        // Caution: swearing aimed at no one.
        profanityFindings(d, quoted, &out, claimed)
    }

    // MARK: Slurs

    private func slurFindings(_ d: Draft, _ quoted: [Bool], _ out: inout [Candidate], _ claimed: inout Set<Int>) {
        // "(((bankers)))": the antisemitic echo, marking people as Jewish.
        var i = 0
        while i + 6 < d.count {
            defer { i += 1 }
            guard d.isPunct(i, 0x28), d.isPunct(i + 1, 0x28), d.isPunct(i + 2, 0x28), d.isWord(i + 3) else { continue }
            var j = i + 3
            while j < d.count, d.isWord(j) { j += 1 }
            guard j + 2 < d.count, d.isPunct(j, 0x29), d.isPunct(j + 1, 0x29), d.isPunct(j + 2, 0x29) else { continue }
            out.append(
                d.candidate(
                    .abuse, "abuse.slur", .block, i, j + 2, confidence: 0.85,
                    message: "Uses the triple-parentheses 'echo', an antisemitic marker.", reason: Self.reason,
                    suggestion: "Remove it: the echo marks people as Jewish to target them."))
            for t in i...(j + 2) { claimed.insert(t) }
            i = j + 2
        }
        for hit in d.hits(slurs) {
            let (a, b) = (Int(hit.first), Int(hit.last))
            let framed = d.has(mentionFrames, sentence: d.tokens[a].sentence)
            // "the word 'queer'", "the n-word": a word talked about, not used.
            if isNamedAsWord(d, a) { continue }
            if quoted[a] && framed { continue }
            let grade: Grade = quoted[a] || framed ? .caution : .block
            let (first, last) = chainStart(d, a, b)
            out.append(
                d.candidate(
                    .abuse, "abuse.slur", grade, first, last, confidence: grade == .block ? 0.9 : 0.6,
                    message: grade == .block ? "Uses a slur." : "Quotes or discusses a slur; check the context makes that clear.",
                    reason: Self.reason, suggestion: "Remove the slur."))
            for t in a...b { claimed.insert(t) }
        }
    }

    // MARK: Phrases that carry their grade

    private func phraseFindings(
        _ d: Draft, _ lexicon: Int, _ quoted: [Bool], grade: Grade, rule: String, message: String, suggestion: String,
        veto: Int? = nil, _ out: inout [Candidate], _ claimed: inout Set<Int>
    ) {
        // Neighbouring hits in one sentence ("I will find you and you will regret it") make one span.
        var spans: [(Int, Int)] = []
        for hit in d.hits(lexicon) where !quoted[Int(hit.first)] {
            // "Half term, I'm coming for you 🏖️": said to something longed for.
            if let veto, d.has(veto, sentence: d.tokens[Int(hit.first)].sentence) { continue }
            let (a, b) = (Int(hit.first), Int(hit.last))
            if claimed.contains(a) && claimed.contains(b) { continue }
            if let last = spans.last, d.tokens[last.0].sentence == d.tokens[a].sentence, a <= last.1 + 4 {
                spans[spans.count - 1] = (last.0, max(last.1, b))
            } else {
                spans.append((a, b))
            }
        }
        for (a, b) in spans {
            out.append(
                d.candidate(
                    .abuse, rule, grade, a, b, confidence: 0.85, message: message, reason: Self.reason,
                    suggestion: suggestion))
            for t in a...b { claimed.insert(t) }
        }
    }

    // MARK: Threats of violence

    private static let objects: Set<String> = [
        "you", "u", "ya", "him", "her", "them", "em", "'em", "yourself", "himself", "herself", "themselves", "whoever",
        "whoeveer", "everyone", "somebody", "someone",
    ]
    private static let bodyParts: Set<String> = [
        "face", "head", "teeth", "legs", "neck", "jaw", "nose", "throat", "lights", "block", "skull", "arse", "ass",
        "fingers", "arm", "arms", "hand", "hands", "ribs", "kneecaps", "back", "leg",
    ]
    private static let negations: Set<String> = [
        "not", "never", "don't", "dont", "won't", "wont", "wouldn't", "wouldnt", "didn't", "can't", "cannot", "no",
        "isn't", "aren't", "wasn't", "nobody", "shouldn't",
    ]

    /// "I'll knock him out", "I'm going to kill her", "someone should punch him": words of intent, a
    /// violent verb and a person.
    private func violentIntent(
        _ d: Draft, _ quoted: [Bool], _ friendly: Bool, _ out: inout [Candidate], _ claimed: inout Set<Int>
    ) {
        for v in d.hits(violence) {
            let (a, b) = (Int(v.first), Int(v.last))
            if claimed.contains(a) || quoted[a] { continue }
            // The person: inside "knock * out", or right after the verb.
            let object = b > a ? a + 1 : b + 1
            guard personObject(d, object, verbEnd: b) else { continue }
            // Intent just before the verb, in the same clause, not negated ("I would never hurt him").
            let clause = d.tokens[a].clause
            var start: Int? = nil
            for h in d.hits(intent) where Int(h.last) < a && a - Int(h.last) <= 3 && d.tokens[Int(h.first)].clause == clause {
                start = min(start ?? Int(h.first), Int(h.first))
            }
            guard let s = start else { continue }
            if (s...a).contains(where: { d.isWord($0) && Self.negations.contains(d.key($0)) }) { continue }
            let last = max(b, object)
            let grade: Grade = friendly ? .warning : .block
            out.append(
                d.candidate(
                    .abuse, "abuse.threat", grade, s, last, confidence: 0.85, message: "Threatens violence against someone.",
                    reason: Self.reason, suggestion: "Don't post threats, even in anger or as a joke; report the incident instead."))
            for t in s...last { claimed.insert(t) }
        }
    }

    private func personObject(_ d: Draft, _ i: Int, verbEnd: Int) -> Bool {
        guard d.isWord(i) else { return false }
        let key = d.key(i)
        if Self.objects.contains(key) {
            // "her feelings", "you an email": a possessive or an indirect object, not a victim.
            if key == "her" || key == "you" || key == "them" || key == "him", d.isWord(i + 1) {
                let next = d.key(i + 1)
                if key == "her" && !Self.bodyParts.contains(next) && !["and", "out", "up", "in", "if", "when", "for"].contains(next) {
                    return false
                }
                if ["a", "an", "the", "some", "over", "back", "with", "at"].contains(next) { return false }
            }
            return true
        }
        // "punch his face", "smash your face in".
        if ["his", "your", "their", "ur"].contains(key), d.isWord(i + 1), Self.bodyParts.contains(d.key(i + 1)) { return true }
        // "kill that man", "deck the ref".
        if ["that", "this", "the"].contains(key), d.isWord(i + 1), d.covered(i + 1, by: people) { return true }
        // A name: "I'll kill Gary".
        return d.tokens[i].flags.contains(.capitalised) && !d.tokens[i].flags.contains(.allCaps) && i > verbEnd
            && d.tokens[i].gapBefore > 0 && !d.is_(i, "i")
    }

    // MARK: Generalisations about groups

    private func generalisationFindings(
        _ d: Draft, _ quoted: [Bool], _ out: inout [Candidate], _ claimed: inout Set<Int>
    ) {
        var done = Set<Int32>()
        for g in d.hits(groups) where !quoted[Int(g.first)] {
            let sentence = d.tokens[Int(g.first)].sentence
            if done.contains(sentence) || d.has(mentionFrames, sentence: sentence) { continue }
            let claims = d.hits(generalisations, sentence: sentence).filter {
                !quoted[Int($0.first)] && ($0.last < g.first || $0.first > g.last)
            }
            guard !claims.isEmpty else { continue }
            let a = min(Int(g.first), claims.map { Int($0.first) }.min()!)
            let b = max(Int(g.last), claims.map { Int($0.last) }.max()!)
            if (a...b).allSatisfy({ claimed.contains($0) || !d.isWord($0) }) { continue }
            done.insert(sentence)
            out.append(
                d.candidate(
                    .abuse, "abuse.discrimination", .warning, a, b, confidence: 0.75,
                    message: "Makes a sweeping negative claim about a nationality, ethnicity, religion or other group.",
                    reason: Self.reason, suggestion: "Talk about what happened and who did it, not about a whole group."))
        }
    }

    // MARK: Name-calling

    private enum Strength { case strong, mild, dehumanising, adjective }

    private func insultFindings(
        _ d: Draft, _ quoted: [Bool], _ friendly: Bool, _ out: inout [Candidate], _ claimed: inout Set<Int>
    ) {
        var heads: [(Int, Int, Strength)] = []
        for h in d.hits(insults) { heads.append((Int(h.first), Int(h.last), .strong)) }
        for h in d.hits(mildInsults) { heads.append((Int(h.first), Int(h.last), .mild)) }
        for h in d.hits(dehumanising) { heads.append((Int(h.first), Int(h.last), .dehumanising)) }
        // An insulting adjective before a person noun: "pathetic, spineless little man", "stupid woman".
        for h in d.hits(people) {
            let a = Int(h.first)
            let (first, _) = chainStart(d, a, Int(h.last))
            if first < a, (first..<a).contains(where: { d.covered($0, by: adjectives) }) {
                heads.append((a, Int(h.last), .adjective))
            }
        }
        heads.sort { $0.0 < $1.0 }
        var used = Set<Int>()
        for (a, b, strength) in heads {
            if used.contains(a) || claimed.contains(a) || quoted[a] { continue }
            // Name-calling in a lesson, a debate or a story is about a character ("is Macbeth a coward?").
            if d.has(frames, sentence: d.tokens[a].sentence) { continue }
            // Part of a title or name: "Moby Dick", "The Bastard Executioner".
            if isPartOfName(d, a) { continue }
            let (first, last) = chainStart(d, a, b)
            if isNegatedOrSelf(d, first) { continue }
            let aim = aim(d, first, a, b)
            let hasAdjective = (first..<a).contains { d.covered($0, by: adjectives) }
            var grade: Grade?
            switch strength {
            case .strong:
                grade = aim == .none ? .caution : .warning
            case .mild:
                // Teasing names count only when hostile: said to or of someone, with no sign of affection.
                grade = aim == .second || aim == .predicate || aim == .referent ? (hasAdjective ? .warning : .caution) : nil
                if friendly { grade = nil }
            case .dehumanising:
                grade = aim == .second || aim == .predicate || aim == .group || (hasAdjective && aim != .thing)
                    || demonstrative(d, first) ? .warning : nil
            case .adjective:
                grade = aim == .thing ? nil : .warning
            }
            if friendly, strength == .strong, grade == .warning { grade = .caution }
            guard let g = grade else { continue }
            for t in first...last { used.insert(t) }
            for t in first...last { claimed.insert(t) }
            let start = aim == .second ? secondPersonStart(d, first) ?? first : first
            out.append(
                d.candidate(
                    .abuse, "abuse.insult", g, start, last, confidence: g == .warning ? 0.8 : 0.6,
                    message: g == .warning ? "Calls someone names." : "Name-calling; read it again before posting.",
                    reason: Self.reason, suggestion: "Say what happened without insulting anyone."))
        }
        predicatedAdjectives(d, quoted, &out, &claimed)
    }

    /// "these clowns", "those animals" said in a post: a pointed plural.
    private func demonstrative(_ d: Draft, _ first: Int) -> Bool {
        d.isWord(first - 1) && ["these", "those", "you"].contains(d.key(first - 1)) && d.key(first).hasSuffix("s")
    }

    /// Adjectives that insult a person's mind or worth; said in a sentence that names or addresses a
    /// person ("@USER you're so stupid", "he's too ignorant to see it") they are a caution.
    private static let personalAdjectives: Set<String> = [
        "stupid", "stupidest", "dumb", "dumber", "dumbest", "idiotic", "moronic", "brainless", "braindead",
        "ignorant", "pathetic", "despicable", "spineless", "gutless", "unhinged", "deranged", "delusional", "ugly",
        "disgusting", "vile", "nasty", "repulsive", "revolting", "worthless", "trashy",
    ]

    private static let personCues: Set<String> = [
        "you", "your", "you're", "youre", "u", "ur", "he", "she", "they", "his", "her", "their", "him", "them", "he's",
        "she's", "they're",
    ]

    /// "you're pathetic", "he is so stupid": an insulting adjective said of a person.
    private func predicatedAdjectives(_ d: Draft, _ quoted: [Bool], _ out: inout [Candidate], _ claimed: inout Set<Int>) {
        for h in d.hits(adjectives) {
            let a = Int(h.first)
            // "he is lying" is a verb, and an allegation (defamation), not name-calling.
            if claimed.contains(a) || quoted[a] || d.is_(a, "lying") { continue }
            var j = a - 1
            while j >= 0, d.isWord(j), ["so", "such", "really", "very", "fucking", "bloody", "absolutely", "totally", "pretty", "just", "too", "completely", "utterly"].contains(d.key(j)) {
                j -= 1
            }
            guard j >= 1, d.isWord(j), Self.copulas.contains(d.key(j)) else {
                looselyAimed(d, Int(h.first), Int(h.last), &out, &claimed)
                continue
            }
            let subject = j - 1
            guard d.isWord(subject) else { continue }
            let key = d.key(subject)
            let second = ["you", "u", "ya", "you're", "youre", "ur"].contains(key)
            let copulaSecond = ["you're", "youre", "ur"].contains(d.key(j))
            let person = second || copulaSecond || ["he", "she", "they", "him", "her", "them", "liberals", "conservatives"].contains(key)
                || d.covered(subject, by: people) || d.covered(subject, by: groups)
                || (d.tokens[subject].flags.contains(.capitalised) && subject > 0 && !d.tokens[subject].flags.contains(.allCaps))
            guard person, !isNegatedOrSelf(d, j) else { continue }
            let grade: Grade = second || copulaSecond ? .warning : .caution
            let first = second ? subject : j
            out.append(
                d.candidate(
                    .abuse, "abuse.insult", grade, first, Int(h.last), confidence: 0.6,
                    message: "Insults someone.", reason: Self.reason, suggestion: "Say what happened without insulting anyone."))
            for t in first...Int(h.last) { claimed.insert(t) }
        }
    }

    private func looselyAimed(_ d: Draft, _ a: Int, _ b: Int, _ out: inout [Candidate], _ claimed: inout Set<Int>) {
        guard Self.personalAdjectives.contains(d.key(a)) else { return }
        let clause = d.tokens[a].clause
        guard let bounds = d.clauseBounds(clause) else { return }
        let cued = bounds.contains { i in
            (d.isWord(i) && Self.personCues.contains(d.key(i))) || d.tokens[i].kind == .handle
        }
        // "do they think we're stupid": the author's own side, not an insult.
        let ourselves = d.is_(a - 1, "we're") || d.is_(a - 1, "were") && d.is_(a - 2, "we") || d.is_(a - 1, "are") && d.is_(a - 2, "we")
        guard cued, !ourselves, !isNegatedOrSelf(d, a) else { return }
        out.append(
            d.candidate(
                .abuse, "abuse.insult", .caution, a, b, confidence: 0.5, message: "Insults someone.", reason: Self.reason,
                suggestion: "Say what happened without insulting anyone."))
        for t in a...b { claimed.insert(t) }
    }

    private static let copulas: Set<String> = [
        "is", "are", "was", "were", "be", "being", "'s", "'re", "you're", "youre", "ur", "'m", "am", "been", "r",
        "look", "looks", "looked", "sound", "sounds", "seem", "seems",
    ]

    private enum Aim {
        case none
        /// Said to the reader: "you absolute muppet", "you're an idiot".
        case second
        /// Said of a person as subject: "he's a twat", "our Year 9s are animals".
        case predicate
        /// A person picked out: "that dickhead", "to the idiot who…", "what a prat".
        case referent
        /// A group or person noun right before: "antifa scum", "liberal trash".
        case group
        /// A plural name-calling word names people: "idiots", "bunch of morons".
        case plural
        /// Said of a thing: "life's a bitch", "it's a pig to park".
        case thing
    }

    /// Who a name-calling word is said of: the reader ("you …"), a person ("he's a …", "that …",
    /// "to the …"), a thing ("life's a bitch"), or no one in particular.
    private func aim(_ d: Draft, _ first: Int, _ head: Int, _ last: Int) -> Aim {
        let clause = d.tokens[head].clause
        // "you absolute muppet", "you are a pathetic … man", "you're an idiot".
        if secondPersonStart(d, first) != nil { return .second }
        var j = first - 1
        // "like a …", "such a …": skip the determiner to what comes before.
        var article = d.isWord(first) && ["a", "an"].contains(d.key(first))
        if d.isWord(j), ["a", "an"].contains(d.key(j)) {
            j -= 1
            article = true
        }
        if d.isWord(j) {
            let key = d.key(j)
            // "called him a twat"; but "make her his bitch" is a possessive.
            if ["him", "her", "them"].contains(key) { return article ? .referent : .none }
            if Self.copulas.contains(key) {
                let subject = j - 1
                if d.isWord(subject) {
                    let s = d.key(subject)
                    if ["it", "this", "life", "which", "there", "what", "that"].contains(s) { return .thing }
                    if ["you", "u", "ya"].contains(s) || ["you're", "youre", "ur"].contains(key) { return .second }
                    if s == "i" || key == "'m" || key == "am" { return .none }
                    return subjectIsPerson(d, subject) ? .predicate : .referent
                }
                return .referent
            }
            if ["that", "this", "these", "those", "to", "what", "like", "some", "one", "such", "the", "of", "bunch", "pack", "load", "lot", "called", "call", "calling"].contains(key) {
                return .referent
            }
            // "antifa scum", "liberal trash": a group or person noun right before.
            if d.covered(j, by: groups) || d.covered(j, by: people) { return .group }
        }
        // Plural name-calling names people: "idiots", "bunch of morons".
        if d.key(last).hasSuffix("s"), last == head, d.tokens[head].clause == clause { return .plural }
        // A vocative after a handle: "@USER idiot".
        if first > 0, d.tokens[first - 1].kind == .handle { return .referent }
        // "… who parked across the crossing".
        if d.is_(last + 1, "who") { return .referent }
        // "Year 3 mum had a go at me AGAIN. Absolute c u n t.": a sentence that is only the insult
        // exclaims it at whoever the post has just described.
        if d.tokens[first].sentence > 0, let bounds = d.sentenceBounds(d.tokens[first].sentence),
            (bounds.lowerBound..<first).allSatisfy({ !d.isWord($0) }), bounds.filter({ d.isWord($0) }).count <= 4
        {
            return .referent
        }
        return .none
    }

    /// A pronoun, a name, a person or group noun, or a class ("our Year 9s").
    private func subjectIsPerson(_ d: Draft, _ i: Int) -> Bool {
        let key = d.key(i)
        if ["he", "she", "they", "you", "we", "u", "ya", "who"].contains(key) { return true }
        if d.covered(i, by: people) || d.covered(i, by: groups) { return true }
        let t = d.tokens[i]
        if t.flags.contains(.hasDigit) && key.hasSuffix("s") { return true }  // "Year 9s"
        // A name mid-sentence: "Courteney's mum", "Mr Jones".
        return t.flags.contains(.capitalised) && !t.flags.contains(.allCaps) && i > 0 && d.tokens[i - 1].sentence == t.sentence
    }

    /// The "you" that addresses a name-calling word: "you absolute muppet", "you are a …".
    private func secondPersonStart(_ d: Draft, _ first: Int) -> Int? {
        var j = first - 1
        if d.isWord(j), ["a", "an"].contains(d.key(j)) { j -= 1 }
        guard d.isWord(j) else { return nil }
        let key = d.key(j)
        if ["you", "u", "ya", "ye", "youse"].contains(key) { return j }
        if ["you're", "youre", "ur"].contains(key) { return j }
        if ["are", "'re", "r"].contains(key), d.isWord(j - 1), ["you", "u", "ya"].contains(d.key(j - 1)) { return j - 1 }
        return nil
    }

    /// Walks back from a name-calling word over its insulting adjectives and intensifiers ("a pack of
    /// feral little", "pathetic, spineless little", "a thick").
    private func chainStart(_ d: Draft, _ a: Int, _ b: Int) -> (Int, Int) {
        var first = a
        var j = a - 1
        while j >= 0 {
            let t = d.tokens[j]
            if t.kind == .word,
                d.covered(j, by: adjectives) || d.covered(j, by: intensifiers) || d.covered(j, by: profanity) && d.key(j).hasSuffix("ing")
            {
                first = j
                j -= 1
                continue
            }
            // "pathetic, spineless": a comma or "and" between adjectives.
            if (d.isPunct(j, 0x2C) || d.is_(j, "and")), j > 0, d.covered(j - 1, by: adjectives) {
                j -= 1
                continue
            }
            // "a pack of …", "a bunch of …".
            if d.is_(j, "of"), j > 0, ["pack", "bunch", "load", "lot", "gang", "herd", "shower", "set"].contains(d.key(j - 1)) {
                first = j - 1
                j -= 2
                continue
            }
            break
        }
        // Leading determiners stay out of the span only when nothing else is in the chain.
        while first < a, d.isWord(first), ["the", "so", "such", "really", "very"].contains(d.key(first)) { first += 1 }
        return (first, b)
    }

    /// "I'm such an idiot", "not a muppet", "never called him a twat".
    private func isNegatedOrSelf(_ d: Draft, _ first: Int) -> Bool {
        let clause = d.tokens[first].clause
        var j = first - 1
        var steps = 0
        while j >= 0, steps < 4, d.tokens[j].clause == clause {
            if d.isWord(j) {
                let key = d.key(j)
                if Self.negations.contains(key) || key == "never" { return true }
                if ["i", "i'm", "im", "me", "myself"].contains(key) { return true }
                if key == "'m" { return true }
                if ["you", "he", "she", "they", "him", "her", "them"].contains(key) { return false }
            }
            j -= 1
            steps += 1
        }
        return false
    }

    /// A capitalised word inside a run of capitalised words is part of a name or title.
    private func isPartOfName(_ d: Draft, _ a: Int) -> Bool {
        let t = d.tokens[a]
        guard t.flags.contains(.capitalised), !t.flags.contains(.allCaps) else { return false }
        let prev = a - 1
        let next = a + 1
        let prevCap = d.isWord(prev) && d.tokens[prev].flags.contains(.capitalised) && !d.tokens[prev].flags.contains(.allCaps)
            && d.tokens[prev].sentence == t.sentence && !(prev == 0 || !d.isWord(prev - 1))
        let nextCap = d.isWord(next) && d.tokens[next].flags.contains(.capitalised) && !d.tokens[next].flags.contains(.allCaps)
        return prevCap || nextCap
    }

    /// "the word queer", "the n-word".
    private func isNamedAsWord(_ d: Draft, _ a: Int) -> Bool {
        var j = a - 1
        while j >= 0, d.tokens[j].kind == .punct { j -= 1 }
        return d.isWord(j) && ["word", "term", "slur", "phrase", "words"].contains(d.key(j))
    }

    // MARK: Bare profanity

    private func profanityFindings(_ d: Draft, _ quoted: [Bool], _ out: inout [Candidate], _ claimed: Set<Int>) {
        for hit in d.hits(profanity) {
            let (a, b) = (Int(hit.first), Int(hit.last))
            if claimed.contains(a) || quoted[a] { continue }
            // "the Bloody Code", "a Bloody Mary": a capitalised word inside a name mid-sentence.
            if a == b, isPartOfName(d, a), d.isWord(a - 1), d.tokens[a - 1].sentence == d.tokens[a].sentence { continue }
            // "fuck Durant": swearing at a named person; "wherever the fuck Hazard plays" is not.
            let aimed = d.key(a).hasPrefix("fuck") && !d.is_(a - 1, "the") && d.isWord(b + 1) && d.tokens[b + 1].flags.contains(.capitalised)
                && !d.tokens[b + 1].flags.contains(.allCaps) && b == a && d.key(a) == "fuck"
            out.append(
                d.candidate(
                    .abuse, "abuse.profanity", aimed ? .warning : .caution, a, aimed ? b + 1 : b, confidence: 0.7,
                    message: aimed ? "Swears at someone." : "Swearing in a public post.", reason: Self.reason,
                    suggestion: aimed ? "Remove the swearing aimed at a person." : "Consider leaving the swearing out: pupils and parents may read it."))
        }
    }

    // MARK: Banter

    private static let friendlyEmoji: Set<Unicode.Scalar> = ["😂", "🤣", "❤", "😘", "😉", "😜", "😆", "🥰", "😍", "💕", "😅"]

    private func hasFriendlyEmoji(_ d: Draft) -> Bool { d.hasSymbol(in: Self.friendlyEmoji) }
}
