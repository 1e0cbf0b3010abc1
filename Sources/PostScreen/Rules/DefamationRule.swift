/// `defamation`: risk of a defamatory statement.
///
/// Policy: never defame or disparage the school, staff, learners, parents or any third party, and
/// never make allegations about anyone connected with the school. An allegation of crime or serious
/// misconduct attached to an identifiable person or organisation is a block, stated or rumoured
/// ("allegedly" is no defence); against a small identifiable group, or a damaging claim about
/// honesty or competence, or insinuation by question, a warning; a harsh opinion, a caution.
/// Fiction, history, teaching and court reporting, negated claims and self-deprecation are not flagged.
struct DefamationRule: Rule {
    let category = Category.defamation
    static let lexicons = [
        "defamation/serious", "defamation/dishonesty", "defamation/insinuation", "defamation/opinion",
        "defamation/idioms", "defamation/euphemisms", "context/negation", "context/frames", "context/rumour",
        "abuse/insults", "abuse/mild-insults", "abuse/dehumanising", "defamation/claims",
    ] + TargetFinder.lexicons
    private let finder: TargetFinder
    private let serious, dishonesty, insinuation, opinion, idioms, euphemisms, negation, frames, insults, mildInsults, dehumanising, claims: Int

    static let reason = "Staff must not make allegations about, or disparage, colleagues, pupils, parents or anyone else."

    static let examples: [RuleExample] = [
        .flags("apparently Mr Jones turns up half cut most mornings", .block),
        .flags("Everyone knows the caretaker at Hill Top Primary walked off with the laptops", .block),
        .flags("Priya Shah has been fiddling the expenses for years", .block),
        .flags("Tom's dad is dealing out the back of his van", .block),
        .flags("Allegedly Mrs Brown has been bumping up the predicted grades", .block),
        .flags("Mr Pike's a th1ef and everyone knows it", .block),
        .flags("Between us, Mr Cole's been suspended. Apparently he was drunk on the trip.", .block),
        .flags("Mrs Green is a liar and fakes her data", .warning),
        .flags("Why is the bursar suddenly driving a brand new BMW?", .warning),
        .flags("Someone in the maths department has been stealing from the prep room", .warning),
        .flags("Honestly think Mr Hart is the most hopeless teacher in the building", .caution),
        .flags("Mr Bell is 'working from home' again. Third Friday running.", .warning, span: "Mr Bell is 'working from home'"),
        .passes("Year 6 were 'helping' in the kitchen today, send help 😂"),
        .passes("Mrs Khan said 'thanks for the help' to every single child"),
        .passes("Our head led a course called 'Working Together' for governors"),
        .passes("Someone stole my bike from outside the gym"),
        .passes("I would never say Mr Stone stole the ladder, it was in the shed all along"),
        .passes("I'd never call the lollipop man at the end of our road a thief, he's lovely"),
        .flags("Heard the site manager got done for battering his missus", .block),
        .flags("Funny how Mrs Reed's set always gets suspiciously high coursework marks", .warning),
        .flags("Not saying our site manager is a thief but the new drills keep walking out the door", .block),
        .passes("Not saying he's a bad driver, he's just very slow"),
        .flags("she's the rudest woman I've ever met, that Year 2 mum with the white Audi", .caution),
        .passes("the man who shouts at the pigeons in the park is a miserable old git"),
        .flags("Mrs Rowe told the inspectors we run daily reading interventions. We don't. We never have.", .block),
        .flags("Heard Mr Lane's been suspended over 'inappropriate messages' to a Y10 girl", .block),
        .passes("Mrs Rowe told the Y3s we'd go outside if it stopped raining. It didn't. Wet play again."),
        .flags("Our head's GCSE figures are… creative, shall we say", .warning),
        .flags("Mr Robinson + the petty cash tin 💰 iykyk", .warning),
        .flags("Why does the site manager always have a van full of school paint on a Saturday? Asking for a friend", .warning),
        .flags("The new head of maths has the charisma of a damp flannel", .caution),
        .flags("Honestly the rudest woman I've ever met is the new head of Year 9", .caution),
        .flags("Mr Dean told a parent I'd never set homework all term. Lied straight to her face.", .warning),
        .passes("I am a fraud: taught the wrong date for ten minutes"),
        .passes("Reading the BBC report on the director convicted of fraud at Crown Court"),
        .passes("Year 8 on Henry VIII today: bigamist, tyrant, terrible husband"),
        .passes("Our head has been incredible this term"),
        .flags("Sat next to the rudest man alive at the match. Ruby's dad.", .caution),
        .flags("Mr Dean grabbed a Year 7 by the collar and SLT are covering it up", .block),
        .passes("Assembly story today about a fox who 'stole' the moon"),
        .flags("The PE teacher at Hill Top turned up to sports day reeking of booze", .block),
        .flags("Mr Lowe's 'data' for his set is a work of fiction", .warning),
        .passes("Today's Y9 debate: is Macbeth a murderer or a victim?"),
    ]

    init(_ knowledge: Knowledge) {
        finder = TargetFinder(knowledge)
        let m = knowledge.matcher
        serious = m.lexicon("defamation/serious")
        dishonesty = m.lexicon("defamation/dishonesty")
        insinuation = m.lexicon("defamation/insinuation")
        opinion = m.lexicon("defamation/opinion")
        idioms = m.lexicon("defamation/idioms")
        euphemisms = m.lexicon("defamation/euphemisms")
        negation = m.lexicon("context/negation")
        frames = m.lexicon("context/frames")
        insults = m.lexicon("abuse/insults")
        mildInsults = m.lexicon("abuse/mild-insults")
        dehumanising = m.lexicon("abuse/dehumanising")
        claims = m.lexicon("defamation/claims")
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        guard d.has(serious) || d.has(dishonesty) || d.has(insinuation) || d.has(opinion) || d.has(euphemisms) || d.has(claims)
        else { return }
        // Fiction, history, lessons and court reports are not allegations.
        if d.has(frames) { return }
        let targets = finder.targets(in: d)
        guard !targets.isEmpty else { return }
        let ellipsisBefore = sentencesAfterEllipsis(d)
        func target(for predicate: PhraseMatcher.Hit) -> Target? {
            let s = d.tokens[Int(predicate.first)].sentence
            let here = targets.filter { $0.sentence == s && $0.first != Int(predicate.first) }
            // Prefer a strong target before the predicate (its subject), then any in the sentence.
            if let t = here.last(where: { $0.last < Int(predicate.first) && $0.kind != .pronoun }) { return t }
            if let t = here.first(where: { $0.kind != .pronoun }) { return t }
            if let t = here.first { return t }
            if let previous = ellipsisBefore[s] { return targets.last { $0.sentence == previous && $0.isStrong } }
            // "Mr Jones told a parent I'd never set homework. Lied straight to her face.": a sentence
            // that opens on its verb is about the one before's subject.
            // (Only for a claim of lying: "Stealing all of it for period 1" is the author's own verb.)
            if predicate.lexicon == Int32(dishonesty), s > 0, let b = d.sentenceBounds(s),
                b.first(where: { d.isWord($0) }) == Int(predicate.first)
            {
                if let t = targets.first(where: { $0.sentence == s - 1 && $0.isStrong && $0.kind != .group }) { return t }
            }
            // "Met the rudest woman alive at pick-up. Tilly's nan.": a fragment that only names someone
            // says who the sentence next to it is about.
            return targets.first { t in t.isStrong && (t.sentence == s + 1 || t.sentence == s - 1) && isNamingFragment(d, t) }
        }
        func negated(_ hit: PhraseMatcher.Hit) -> Bool {
            let first = Int(hit.first)
            // "Not saying our IT guy is a thief, but…", "…not saying anything, just saying": a hint
            // dressed as a denial.
            if hintDressedAsDenial(d, d.tokens[first].sentence) { return false }
            return d.hits(negation).contains {
                d.tokens[Int($0.first)].sentence == d.tokens[first].sentence && Int($0.last) < first
                    // "I'd never call Mr Pratt next door a thief": a denied accusation covers its clause.
                    && (first - Int($0.last) <= 5
                        || Self.speechVerbs.contains(d.key(Int($0.last))) && first - Int($0.last) <= 12
                            && d.tokens[Int($0.last)].clause == d.tokens[first].clause)
                    && !d.is_(Int($0.last) + 1, "naming")
                    && !(d.is_(Int($0.first), "not") && d.is_(Int($0.first) + 1, "saying") && d.is_(Int($0.first) + 2, "names"))
            }
        }
        var emitted = Set<Int32>()
        func emit(_ hit: PhraseMatcher.Hit, _ t: Target, _ grade: Grade, _ rule: String, _ message: String, _ suggestion: String) {
            let s = d.tokens[Int(hit.first)].sentence
            guard !emitted.contains(s) else { return }
            emitted.insert(s)
            let first = t.sentence == s ? min(t.first, Int(hit.first)) : Int(hit.first)
            let last = t.sentence == s ? max(t.last, Int(hit.last)) : Int(hit.last)
            out.append(
                d.candidate(
                    .defamation, rule, grade, first, last, confidence: grade == .block ? 0.85 : 0.7, message: message,
                    reason: Self.reason, suggestion: suggestion))
        }
        // A word in scare quotes is not meant literally: "a boy who 'stole' his grandad's hat".
        let scareQuotes = d.scareQuotes()
        func scareQuoted(_ hit: PhraseMatcher.Hit) -> Bool {
            guard let quote = scareQuotes.first(where: { $0.contains(Int(hit.first)) && $0.contains(Int(hit.last)) }) else {
                return false
            }
            // "suspended over 'inappropriate messages'": the allegation quoted as the reason given.
            var before = quote.lowerBound - 1
            if d.isPunct(before, 0x27) || d.isPunct(before, 0x22) { before -= 1 }
            return !(d.isWord(before) && Self.reasonWords.contains(d.key(before)))
        }
        // Strongest first, so a sentence gets its highest grade.
        for hit in d.hits(serious)
        where !negated(hit) && !isSelfDirected(d, hit) && !d.covered(Int(hit.first), by: idioms) && !scareQuoted(hit) {
            guard let t = target(for: hit) else { continue }
            if t.kind == .group {
                emit(hit, t, .warning, "defamation.group-allegation", "Alleges wrongdoing by a small, identifiable group.",
                     "Remove it; report concerns through the whistle-blowing procedure, not online.")
            } else {
                emit(hit, t, .block, "defamation.allegation", "Alleges a crime or serious misconduct by someone identifiable.",
                     "Don't post it. Raise concerns through safeguarding or whistle-blowing routes.")
            }
        }
        // "Mrs Reynolds told the inspectors we do daily phonics. We don't. We never have.": a claim
        // reported, then flatly denied — calling the speaker a liar without the word.
        for (claim, t) in deniedClaims(d, targets) {
            let toInspectors = (Int(claim.first)...Int(claim.last)).contains { d.is_($0, "inspectors") || d.is_($0, "ofsted") }
            emit(claim, t, toInspectors ? .block : .warning, toInspectors ? "defamation.allegation" : "defamation.dishonesty",
                 toInspectors ? "Says someone identifiable misled inspectors." : "Says someone identifiable is lying.",
                 "Remove the claim; raise concerns with a line manager or through the whistle-blowing procedure.")
        }
        for hit in d.hits(dishonesty) where !negated(hit) {
            guard let t = target(for: hit) else { continue }
            emit(hit, t, .warning, "defamation.dishonesty", "States as fact that someone identifiable is dishonest or incompetent.",
                 "Remove the claim; raise concerns with a line manager or through the complaints procedure.")
        }
        for hit in d.hits(insinuation) where isInsinuation(d, hit) {
            guard let t = target(for: hit), t.kind != .pronoun else { continue }
            emit(hit, t, .warning, "defamation.insinuation", "Insinuates wrongdoing by someone identifiable.",
                 "Don't hint at wrongdoing in public; report concerns through the proper route.")
        }
        for hit in d.hits(euphemisms) where !negated(hit) {
            // The cover word is (most of) a scare quote: "'helping'", "'working late'".
            guard let quote = scareQuotes.first(where: { $0.contains(Int(hit.first)) && $0.contains(Int(hit.last)) }),
                quote.count - (Int(hit.last) - Int(hit.first) + 1) <= 1
            else { continue }
            guard let t = target(for: hit), t.kind != .pronoun, t.kind != .organisation || t.possessive else { continue }
            // The span takes in the closing quote: it is what makes the word a hint.
            let withQuote = PhraseMatcher.Hit(lexicon: hit.lexicon, first: hit.first, last: Int32(quote.upperBound + 1))
            emit(withQuote, t, .warning, "defamation.insinuation", "Insinuates wrongdoing by someone identifiable: the quotes say the word is a cover story.",
                 "Don't hint at wrongdoing in public; report concerns through the proper route.")
        }
        for hit in d.hits(opinion) where !negated(hit) && !isAddressedInsult(d, hit) && !modifiesInsult(d, hit) {
            guard let t = target(for: hit), t.isStrong, !t.possessive,
                isPredicated(d, t, hit) || t.sentence != d.tokens[Int(hit.first)].sentence || isAppositive(d, t, hit)
            else { continue }
            emit(hit, t, .caution, "defamation.opinion", "A harsh personal opinion about someone identifiable.",
                 "Criticise decisions, not people; or leave the person unidentifiable.")
        }
    }

    private static let reasonWords: Set<String> = ["over", "for", "about", "of", "after", "because"]

    private static let speechVerbs: Set<String> = ["say", "said", "call", "called", "claim", "claiming", "accuse", "suggest", "suggesting"]

    /// An opinion must be said of the target: "Mr Potts is the most hopeless…", "the chair hasn't got a
    /// clue" — a linking verb between them in one clause, not an adjective on something else.
    private static let linkingVerbs: Set<String> = [
        "is", "'s", "are", "was", "were", "has", "hasn't", "have", "haven't", "isn't", "remains", "seems", "looks",
        "can't", "cannot", "couldn't", "honestly", "being", "been", "sounds",
    ]

    private func isPredicated(_ d: Draft, _ t: Target, _ hit: PhraseMatcher.Hit) -> Bool {
        let first = Int(hit.first)
        guard t.last < first, first - t.last <= 8, d.tokens[t.last].sentence == d.tokens[first].sentence else {
            return false
        }
        if first == t.last + 1 { return true }  // "the chair hasn't got a clue"
        for i in (t.last + 1)..<first where Self.linkingVerbs.contains(d.key(i)) { return true }
        return false
    }

    private static let denials: Set<String> = [
        "don't", "didn't", "doesn't", "never", "isn't", "wasn't", "aren't", "weren't", "not", "lie", "lies", "false", "nope",
        "rubbish",
    ]

    /// A claim to inspectors, governors or parents by a named or titled person, followed within two
    /// sentences by a short flat denial ("We don't.", "Not true.", "Never happened."). Returns the
    /// claim with its speaker.
    private func deniedClaims(_ d: Draft, _ targets: [Target]) -> [(PhraseMatcher.Hit, Target)] {
        var out: [(PhraseMatcher.Hit, Target)] = []
        for hit in d.hits(claims) {
            let s = d.tokens[Int(hit.first)].sentence
            guard let t = targets.last(where: { $0.sentence == s && $0.last < Int(hit.first) && $0.isStrong && $0.kind != .group }),
                Int(hit.first) - t.last <= 3
            else { continue }
            var later = s + 1
            var denied = false
            while later <= s + 2, !denied, let b = d.sentenceBounds(later) {
                let words = b.filter { d.isWord($0) }
                denied = words.count <= 4 && words.contains { Self.denials.contains(d.key($0)) }
                later += 1
            }
            if denied { out.append((hit, t)) }
        }
        return out
    }

    /// "she's the rudest woman I've ever met, that Year 4 mum": a pronoun subject, and the person it
    /// stands for named later in the sentence.
    private func isAppositive(_ d: Draft, _ t: Target, _ hit: PhraseMatcher.Hit) -> Bool {
        let first = Int(hit.first)
        guard t.first > Int(hit.last), d.tokens[t.first].sentence == d.tokens[first].sentence else { return false }
        // "the rudest woman I've ever met is the new HoY": the person named after the verb.
        if (max(0, t.first - 3)..<t.first).contains(where: { d.is_($0, "is") || d.is_($0, "was") }) { return true }
        return (max(0, first - 3)..<first).contains { Self.pronounSubjects.contains(d.key($0)) }
    }

    private static let pronounSubjects: Set<String> = ["she", "he", "she's", "he's", "they", "they're", "shes", "hes"]

    /// "a miserable old cow": the harsh adjective is part of name-calling, which is abuse's finding.
    private func modifiesInsult(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let last = Int(hit.last)
        let clause = d.tokens[last].clause
        return [insults, mildInsults, dehumanising].contains { lexicon in
            d.hits(lexicon).contains { Int($0.first) > last && Int($0.first) - last <= 3 && d.tokens[Int($0.first)].clause == clause }
        }
    }

    /// "Not saying X, but …", "not saying anything, just saying": the denial carries the hint.
    private func hintDressedAsDenial(_ d: Draft, _ s: Int32) -> Bool {
        guard let bounds = d.sentenceBounds(s),
            let start = bounds.first(where: { $0 > bounds.lowerBound && d.is_($0, "saying") && d.is_($0 - 1, "not") })
        else { return false }
        return bounds.contains { $0 > start && (d.is_($0, "but") || d.is_($0, "just") && d.is_($0 + 1, "saying")) }
    }

    /// "you are a useless…": name-calling addressed to someone is abuse's finding, not defamation's.
    private func isAddressedInsult(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let first = Int(hit.first)
        var i = first - 1
        while i >= 0 && i >= first - 4 {
            if d.is_(i, "you") || d.is_(i, "you're") || d.is_(i, "ur") { return true }
            i -= 1
        }
        return false
    }

    /// "I am a criminal", "lock me up": the author about themselves.
    private func isSelfDirected(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let first = Int(hit.first)
        var i = first - 1
        while i >= 0 && i >= first - 3 {
            if d.is_(i, "i") || d.is_(i, "i'm") || d.is_(i, "me") { return true }
            i -= 1
        }
        return false
    }

    /// Insinuation needs the form of a hint: a question, "funny how", "just asking", "how come".
    private func isInsinuation(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let s = d.tokens[Int(hit.first)].sentence
        guard let bounds = d.sentenceBounds(s) else { return false }
        for i in bounds where d.isPunct(i, 0x3F) { return true }
        for i in bounds {
            if d.is_(i, "funny") || d.is_(i, "suspiciously") || (d.is_(i, "how") && d.is_(i + 1, "come")) { return true }
            if d.is_(i, "just") && (d.is_(i + 1, "asking") || d.is_(i + 1, "wondering") || d.is_(i + 1, "saying")) { return true }
            // "…creative, shall we say", "iykyk", "asking for a friend", "we all know why".
            if d.is_(i, "iykyk") || (d.is_(i, "shall") && d.is_(i + 1, "we") && d.is_(i + 2, "say")) { return true }
            if d.is_(i, "let's") && d.is_(i + 1, "just") && d.is_(i + 2, "say") { return true }
            if d.is_(i, "asking") && d.is_(i + 1, "for") && d.is_(i + 2, "a") && d.is_(i + 3, "friend") { return true }
            if d.is_(i, "we") && d.is_(i + 1, "all") && d.is_(i + 2, "know") { return true }
        }
        // The hint may close the post in a sentence of its own: "… on eBay 👀 Just saying."
        if let last = d.sentences.last, last != s, let b = d.sentenceBounds(last) {
            for i in b where d.is_(i, "iykyk") || (d.is_(i, "just") && d.is_(i + 1, "saying")) { return true }
        }
        return false
    }

    /// A sentence that is little more than the target: "Tilly's nan.", "Mr Hart, obviously."
    private func isNamingFragment(_ d: Draft, _ t: Target) -> Bool {
        guard let bounds = d.sentenceBounds(t.sentence) else { return false }
        let words = bounds.filter { d.isWord($0) }.count
        let named = (t.first...t.last).filter { d.isWord($0) }.count
        return words <= named + 1 && words <= 5
    }

    /// Sentences that follow a trailing "…": the thought runs on ("Connor and a certain TA… the
    /// whole staffroom knows about the affair").
    private func sentencesAfterEllipsis(_ d: Draft) -> [Int32: Int32] {
        var out: [Int32: Int32] = [:]
        var i = 1
        while i < d.count {
            guard d.isPunct(i, 0x2E), d.isPunct(i - 1, 0x2E) else {
                i += 1
                continue
            }
            let before = d.tokens[i - 1].sentence
            var j = i
            while j < d.count && d.isPunct(j, 0x2E) { j += 1 }
            if j < d.count && d.tokens[j].sentence != before {
                // The sentence the dots opened continues the one before them.
                var k = i - 1
                while k > 0 && d.isPunct(k - 1, 0x2E) { k -= 1 }
                if k > 0 { out[d.tokens[j].sentence] = d.tokens[k - 1].sentence }
            }
            i = j
        }
        return out
    }
}
