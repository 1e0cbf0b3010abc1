/// `pupil-contact`: inviting or accepting contact with pupils, former pupils or their parents on
/// a personal account.
///
/// Policy: staff must not invite or accept contact with learners, former learners or their parents
/// through personal accounts ("do not add or accept pupils as friends or followers"). An invitation
/// ("follow me on here", "text me", "add me now you've left") addressed to pupils or parents is a
/// block, and so is reporting that a pupil's friend or follow request was accepted. Declining,
/// stating the rule, family members and invitations to adults are not flagged. The screener does
/// not run this rule on the school's official account, which is there to talk to families.
struct PupilContactRule: Rule {
    let category = Category.pupilContact
    static let lexicons = [
        "pupil-contact/invitation", "pupil-contact/audience", "pupil-contact/request", "pupil-contact/acceptance",
        "pupil-contact/refusal", "pupil-contact/decline", "pupil-contact/family", "pupil-contact/encouragement",
        "pupil-contact/hypothetical", "pupil-contact/reaching-out", "pupil-contact/with-detail",
        "pupil-contact/schoolwork",
    ]
    private let invitation, audience, request, acceptance, refusal, decline, family, encouragement, hypothetical: Int
    private let reachingOut, withDetail, schoolwork: Int
    /// Finds the personal numbers, emails and handles that make "ring any time" an invitation.
    private let contactDetails: ContactDetailsRule

    static let reason = "Staff must not invite or accept contact with pupils, former pupils or their parents on personal accounts."
    static let suggestion = "Remove it; pupils and parents should contact you through the school's own channels."

    static let examples: [RuleExample] = [
        .flags("Year 10s, follow me on insta for revision tips!", .block, span: "follow me"),
        .flags("Leavers: now you've gone, give me a follow on TikTok 😎", .block, span: "give me a follow"),
        .flags("8H parents, message me on here if the homework app plays up", .block, span: "message me"),
        .flags("Old students from the class of 2019 - come and find me on Facebook, I'd love to hear your news", .block),
        .flags("One of my Y10s sent me a friend request last night. Accepted it, he's a sweetheart", .block),
        .flags("I always accept follow requests from my tutees once they're in sixth form", .block),
        .flags("U12 squad: reply below and I'll follow you back so we can sort lifts", .block, span: "I'll follow you back"),
        .flags("Parents, feel free to drop me a WhatsApp if anyone forgets their reading book", .block, span: "drop me a WhatsApp"),
        .flags("To all my former pupils: I'm on Instagram now, come say hi!", .block),
        .flags("Ex-Y11s, my snap is dan_pe_22 if you want to keep in touch", .block),
        .flags("Sent friend requests to a few of my old Year 13s now they've left", .block, span: "Sent friend requests to"),
        .flags("Jayden from my class rang me from his mum's phone to tell me about his match", .block, span: "rang me from his"),
        .flags("One of my Y9s messaged me on snap last night about the homework", .block),
        .flags("Year 9, hmu on insta if you're stuck on the project", .block, span: "hmu"),
        .flags("8B, d.m me if you need the worksheet", .block, span: "d.m me"),
        .flags("Year 10 parents, my mobile is 07700 900581, ring any time", .block, span: "ring any time"),
        .flags("Year 13 — send your personal statements to me: jo dot webb 21 at gmail dot com", .block,
            span: "send your personal statements to me"),
        // A reply about a child's school work speaks to their parent.
        .flags("@mumof3 no worries, just message me about Ellie's spellings", .block, span: "message me"),
        .flags("Leavers 🎓 you know where to find me 😉", .block, span: "you know where to find me"),
        .flags("anyone in 10M reading this, snap me your excuses", .block, span: "snap me"),
        // Pupils addressed and a private channel offered, with no detail: pupil-contact alone (SPEC).
        .flags("Any students reading this, DM me if you're stuck on the coursework", .block, span: "DM me"),
        .passes("Year 10 parents, please call any time on the school office number"),
        .passes("Year 11, send your coursework to me on Teams by Friday"),
        .passes("Ran a 10K in the rain, any of you runners dm me for the route"),
        .passes("Anyone reading this, DM me if you want the recipe"),
        .passes("hmu if anyone fancies a pint tonight"),
        .passes("@daveyb mate, text me when you know about Ben's football kit"),
        .passes("I have never sent friend requests to pupils and never will"),
        .passes("Year 9 were asking what my Snapchat is, told them absolutely not 😂"),
        .passes("My son rang me from his friend's phone, his battery had died again"),
        .passes("Colleagues, add me to the department WhatsApp when you get a sec"),
        .passes("Ignored three follow requests from Year 9s this week. Nice try, kids 😂"),
        .passes("Reminder to my tutor group: I won't accept friend requests from pupils, ever"),
        .passes("My nephew (11) wants me to follow his gaming channel 🙄 fine, Uncle Rob is subscribed"),
        .passes("Lovely to meet everyone at the SENCo network today, follow me for more inclusion ideas"),
        .passes("Saw two of my old Year 6s in the park today, both at uni now! So proud"),
        .passes("Year 11 parents, please use the school app to message your child's tutor"),
        .passes("Follow me on Strava if you fancy some running motivation"),
    ]

    init(_ knowledge: Knowledge) {
        let m = knowledge.matcher
        invitation = m.lexicon("pupil-contact/invitation")
        audience = m.lexicon("pupil-contact/audience")
        request = m.lexicon("pupil-contact/request")
        acceptance = m.lexicon("pupil-contact/acceptance")
        refusal = m.lexicon("pupil-contact/refusal")
        decline = m.lexicon("pupil-contact/decline")
        family = m.lexicon("pupil-contact/family")
        encouragement = m.lexicon("pupil-contact/encouragement")
        hypothetical = m.lexicon("pupil-contact/hypothetical")
        reachingOut = m.lexicon("pupil-contact/reaching-out")
        withDetail = m.lexicon("pupil-contact/with-detail")
        schoolwork = m.lexicon("pupil-contact/schoolwork")
        contactDetails = ContactDetailsRule(knowledge)
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        invitations(d, spans(d.hits(invitation)) + dottedInvitations(d), &out)
        if d.has(withDetail) {
            // "ring any time", "send your drafts to me": private only with a personal detail in the sentence.
            let sentences = Set(contactDetails.details(d).map { d.tokens[$0.first].sentence })
            let hits = spans(d.hits(withDetail)).filter { sentences.contains(d.tokens[$0.first].sentence) }
            invitations(d, hits, &out)
        }
        invitations(
            d, spans(d.hits(reachingOut)), rule: "pupil-contact.private-contact",
            message: "Reports private contact with pupils or parents outside the school's channels.", &out)
        acceptances(d, &out)
    }

    // MARK: Invitations

    /// The longest readings among `hits`: "I'll follow you back", not also "follow you back".
    private func spans(_ hits: ArraySlice<PhraseMatcher.Hit>) -> [(first: Int, last: Int)] {
        hits.filter { hit in
            !hits.contains { $0.first <= hit.first && hit.last <= $0.last && ($0.first, $0.last) != (hit.first, hit.last) }
        }.map { (Int($0.first), Int($0.last)) }
    }

    /// Private-message abbreviations written with dots, which lexicon phrases never match because
    /// punctuation is not a word: "d.m me", "p.m. me", "h.m.u".
    private static let dottedAbbreviations: Set<String> = ["dm me", "pm me", "hmu"]

    private func dottedInvitations(_ d: Draft) -> [(first: Int, last: Int)] {
        var found: [(first: Int, last: Int)] = []
        var i = 0
        while i + 2 < d.count {
            defer { i += 1 }
            // Single letters joined by dots with no spaces.
            guard d.isWord(i), d.tokens[i].length == 1, d.isPunct(i + 1, 0x2E), d.tokens[i + 1].gapBefore == 0 else { continue }
            var letters = d.key(i)
            var end = i
            while end + 2 < d.count, d.isPunct(end + 1, 0x2E), d.tokens[end + 1].gapBefore == 0, d.isWord(end + 2),
                d.tokens[end + 2].length == 1, d.tokens[end + 2].gapBefore == 0
            {
                letters += d.key(end + 2)
                end += 2
            }
            if d.isPunct(end + 1, 0x2E), d.tokens[end + 1].gapBefore == 0 { end += 1 }  // "p.m. me"
            if Self.dottedAbbreviations.contains(letters) {
                found.append((i, end))
            } else if d.is_(end + 1, "me"), Self.dottedAbbreviations.contains(letters + " me") {
                found.append((i, end + 1))
            }
            i = end
        }
        return found
    }

    /// "follow me on here", "add me", "text me", addressed to pupils or parents nearby; with
    /// `reaching-out`, friend requests sent to them or their calls taken on a personal phone.
    private func invitations(
        _ d: Draft, _ spans: [(first: Int, last: Int)], rule: String = "pupil-contact.invitation",
        message: String = "Invites pupils or parents to contact you privately.", _ out: inout [Candidate]
    ) {
        for (first, last) in spans {
            // "my snap is @…" offers it; "asking what my Snapchat is, told them no" reports a question.
            let isOffer = !d.is_(last, "is") || (last + 1 < d.count && d.tokens[last + 1].clause == d.tokens[last].clause
                && (d.isWord(last + 1) || d.tokens[last + 1].kind == .handle))
            guard isOffer, !refused(d, before: first), addressedToPupils(d, first, last),
                !d.has(family, sentence: d.tokens[first].sentence)
            else { continue }
            out.append(
                d.candidate(
                    .pupilContact, rule, .block, first, last, confidence: 0.85,
                    message: message, reason: Self.reason,
                    suggestion: Self.suggestion))
        }
    }

    /// Pupils or parents named in the invitation's sentence, or just before it (a greeting such as
    /// "Former pupils from my first class (2014 Y6!!) – come and find me").
    private func addressedToPupils(_ d: Draft, _ first: Int, _ last: Int) -> Bool {
        let sentence = d.tokens[first].sentence
        func inReach(_ i: Int) -> Bool {
            (i < first || i > last) && (d.tokens[i].sentence == sentence || (i < first && first - i <= 14))
        }
        let lower = max(0, min(first - 14, d.sentenceBounds(sentence)?.lowerBound ?? first))
        let upper = d.sentenceBounds(sentence)?.upperBound ?? last
        for i in lower...upper where inReach(i) && (d.pupilGroupEnd(at: i) != nil || isQuantifiedClass(d, i)) { return true }
        // A reply about a child's school work is to their parent: "text me whenever about Jake's reading".
        for hit in d.hits(schoolwork) where inReach(Int(hit.first)) && isChildsPossessive(d, Int(hit.first) - 1) {
            return true
        }
        // "Follow me for kids' crafts": a possessive describes the content, not who is addressed.
        return d.hits(audience).contains {
            inReach(Int($0.first)) && !d.is_(Int($0.last) + 1, "'s") && !d.isPunct(Int($0.last) + 1, 0x27)
        }
    }

    /// "Jake's" before school work: a capitalised given name and its possessive.
    private func isChildsPossessive(_ d: Draft, _ i: Int) -> Bool {
        d.is_(i, "'s") && d.isWord(i - 1) && d.tokens[i - 1].flags.contains(.capitalised)
            && !d.tokens[i - 1].flags.contains(.allCaps) && d.knowledge.isGivenName(d.stream.key(at: i - 1))
    }

    /// A class code whose letter is also a unit ("9K", "10M", "8G"), which `pupilGroupEnd` leaves out
    /// for "5k run" and "4G", counts after a quantifier: "if any of 9K see this", "anyone in 10M".
    private func isQuantifiedClass(_ d: Draft, _ i: Int) -> Bool {
        guard d.isWord(i), d.tokens[i].flags.contains(.hasDigit), d.is_(i - 1, "of") || d.is_(i - 1, "in"),
            d.is_(i - 2, "any") || d.is_(i - 2, "all") || d.is_(i - 2, "anyone") || d.is_(i - 2, "anybody")
                || d.is_(i - 2, "everyone") || d.is_(i - 2, "rest") || d.is_(i - 2, "none")
        else { return false }
        let raw = d.stream.text.bytes[Int(d.tokens[i].start)..<Int(d.tokens[i].end)]
        let digits = raw.prefix(while: TokenStream.isDigit)
        let letters = raw.dropFirst(digits.count)
        let n = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return n >= 1 && n <= 13 && !letters.isEmpty && letters.count <= 2 && letters.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// "won't add", "never accept", "should I accept": a refusal, a rule or a question, not contact.
    private func refused(_ d: Draft, before first: Int) -> Bool {
        let clause = d.tokens[first].clause
        return d.hits(refusal).contains { hit in
            let end = Int(hit.last)
            guard end < first && first - end <= 4 && d.tokens[end].clause == clause else { return false }
            // "don't hesitate to text me" invites all the same.
            return !d.hits(encouragement).contains { Int($0.first) > end && Int($0.last) < first }
        }
    }

    // MARK: Accepting contact

    /// A pupil's friend or follow request (or asking to follow), said yes to in the same sentence or
    /// the next: "accepted a friend request from one of my Y9s", "a follow request from a kid in my
    /// form. Accepted".
    private func acceptances(_ d: Draft, _ out: inout [Candidate]) {
        var reported = Set<Int32>()
        for r in d.hits(request) {
            let rFirst = Int(r.first)
            let rLast = Int(r.last)
            let sentence = d.tokens[rFirst].sentence
            guard !reported.contains(sentence), !d.has(decline, clause: d.tokens[rFirst].clause),
                !d.has(family, sentence: sentence),
                pupilsInSentence(d, sentence, excluding: rFirst...rLast)
            else { continue }
            // The acceptance: in the request's sentence or the one after.
            let said = d.hits(acceptance).first { a in
                let s = d.tokens[Int(a.first)].sentence
                guard s == sentence || (s == sentence + 1 && Int(a.first) > rLast) else { return false }
                if d.has(decline, clause: d.tokens[Int(a.first)].clause) { return false }
                return !refused(d, before: Int(a.first)) && !isHypothetical(d, Int(a.first))
                    && (Int(a.last) < rFirst || Int(a.first) > rLast)
            }
            guard let a = said else { continue }
            reported.insert(sentence)
            let first = min(rFirst, Int(a.first))
            var last = max(rLast, Int(a.last))
            // Carry the span over the pupil group when it follows ("… from one of my Y9s").
            if let bounds = d.sentenceBounds(sentence), Int(a.first) < rFirst {
                var j = rLast + 1
                while j <= bounds.upperBound, j - rLast <= 8, d.tokens[j].kind != .punct, d.tokens[j].kind != .symbol {
                    if let end = d.pupilGroupEnd(at: j) ?? audienceEnd(d, at: j) { last = max(last, end) }
                    j += 1
                }
            }
            out.append(
                d.candidate(
                    .pupilContact, "pupil-contact.accepted", .block, first, last, confidence: 0.8,
                    message: "Accepts a pupil's or parent's friend or follow request.", reason: Self.reason,
                    suggestion: "Remove the connection and don't post about it; policy says decline and tell your line manager if a pupil persists."))
        }
    }

    /// "to accept", "should I accept": the bare verb after a modal or "to" is a question or a rule.
    private func isHypothetical(_ d: Draft, _ i: Int) -> Bool {
        guard d.is_(i, "accept") else { return false }
        return d.hits(hypothetical).contains { Int($0.last) < i && i - Int($0.last) <= 2 }
    }

    private func pupilsInSentence(_ d: Draft, _ sentence: Int32, excluding: ClosedRange<Int>) -> Bool {
        guard let bounds = d.sentenceBounds(sentence) else { return false }
        for i in bounds where !excluding.contains(i) && d.pupilGroupEnd(at: i) != nil { return true }
        return d.hits(audience).contains { d.tokens[Int($0.first)].sentence == sentence && !excluding.contains(Int($0.first)) }
    }

    private func audienceEnd(_ d: Draft, at i: Int) -> Int? {
        d.hits(audience).first { Int($0.first) == i }.map { Int($0.last) }
    }
}

extension Draft {
    /// The last token of a year group or class code starting at token `i`: "Year 11", "Year 11s",
    /// "Yr 6", "Y9s", "9X", "8H", "U14". Shared by the pupil-contact and pupil-image rules.
    func pupilGroupEnd(at i: Int) -> Int? {
        guard isWord(i) else { return nil }
        if is_(i, "year") || is_(i, "yr") || is_(i, "years"), isWord(i + 1), Self.isYearNumber(stream.key(at: i + 1)) {
            return i + 1
        }
        return isPupilClassCode(i) ? i : nil
    }

    /// 1…13, optionally plural ("11s").
    private static func isYearNumber<C: Collection>(_ key: C) -> Bool where C.Element == UInt8 {
        var bytes = Array(key)
        if bytes.last == 0x73 { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 2, bytes.allSatisfy(TokenStream.isDigit) else { return false }
        let n = bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return n >= 1 && n <= 13
    }

    /// A class code, minus the look-alikes that fill ordinary posts: ordinals ("2nd"), units and
    /// tech ("5k", "4G", "3D"), and bands and age groups that aren't children ("U2", "U21").
    private func isPupilClassCode(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.flags.contains(.hasDigit), t.flags.contains(.hasLetter) else { return false }
        let key = Array(stream.key(at: i))
        guard PupilNameRule.isClassCode(key) else { return false }
        let digits = key.filter(TokenStream.isDigit)
        let n = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        if key[0] == 0x75 { return n >= 7 && n <= 18 }  // u7 … u18
        if key[0] == 0x79 { return n >= 1 && n <= 13 }  // y1 … y13
        // "9X", "10HB": year 1…13 with a capital form letter that is not a unit.
        guard n >= 1 && n <= 13 else { return false }
        let raw = stream.text.bytes[Int(t.start)..<Int(t.end)]
        let letters = raw.filter(TokenStream.isLetter)
        guard letters.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return false }
        let suffix = String(decoding: letters, as: UTF8.self)
        return !["D", "G", "K", "M", "V", "W", "P", "ND", "ST", "RD", "TH", "AM", "PM", "GB", "MB", "KG", "KM"].contains(suffix)
    }
}
