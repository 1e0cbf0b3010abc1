import Lexicons

/// `contact-details`: personal contact details.
///
/// Policy: never share personal contact details with learners or parents; be wary of publishing a
/// home address or home or mobile number. Someone else's details (a pupil's, a parent's, a
/// colleague's) are a block whoever the audience; one's own offered to pupils or parents is a block;
/// published otherwise, a warning; a private handle or messaging invitation, a caution. The school's
/// own published details and public helplines are never flagged.
struct ContactDetailsRule: Rule {
    let category = Category.contactDetails
    static let lexicons = [
        "contact/invitation", "contact/audience", "contact/third-party", "contact/platform", "contact/street-types",
        "contact/helplines", "context/titles",
    ]
    private let k: Knowledge
    private let invitation, audience, thirdParty, platform, streetTypes, titles: Int
    /// Words that make digits a phone number, and labels that make them something else. Plain sets, not
    /// compiled lexicons: they are consulted only for the rare number read abroad (and read then), and
    /// every compiled lexicon becomes a feature of the trained scorer.
    private static let phoneCues = words("contact/phone-cue.list")
    private static let numberLabels = words("contact/number-label.list")
    private let helplines: Set<String>
    private let schoolPhones: Set<String>
    private let phoneReader: PhoneReader

    static let reason = "Staff must not share personal contact details with pupils or parents, or publish anyone's."

    static let examples: [RuleExample] = [
        .passes("We have nine hundred pupils and two hundred staff on one site"),
        .flags("Year 11s, text me on 07700 900412 if you get stuck", .block, span: "07700 900412"),
        .flags("Parents can reach me at jo.smith82@gmail.com over the summer", .block, span: "jo.smith82@gmail.com"),
        .flags("Lost cat! Please ring (01632) 960417", .warning, span: "(01632) 960417"),
        .flags("Call me on +44 (0)20 7946 0318 for a chat", .warning, span: "+44 (0)20 7946 0318"),
        .flags("Selling my bike, text 07700900215", .warning),
        .flags("Dog walking, 07700.900.748 for bookings", .warning),
        .flags("ring me on 0113-496-0622 after 6pm", .warning),
        .flags("Housewarming at 22 Kingfisher Close, bring a bottle", .warning, span: "22 Kingfisher Close"),
        .flags("Put BS40 7TJ in the satnav", .warning, span: "BS40 7TJ"),
        .flags("if you get lost ring his mobile, +44 7700 900583", .block),
        .flags("snap me on liv.elliott92 and I'll add you", .caution, span: "liv.elliott92"),
        .flags("DM me if you want some chilli", .caution, span: "DM me"),
        // Phone numbers as people write them (SPEC).
        .flags("ring 07700 900123 after six", .warning, span: "07700 900123"),
        .flags("ring +44 7700 900123 after six", .warning, span: "+44 7700 900123"),
        .flags("ring +44 (0)7700 900123 after six", .warning, span: "+44 (0)7700 900123"),
        .flags("ring 0161 496 0000 after six", .warning, span: "0161 496 0000"),
        .flags("ring 020 7946 0000 after six", .warning, span: "020 7946 0000"),
        .flags("ring (01632) 960000 after six", .warning, span: "(01632) 960000"),
        .flags("ring 07700-900-123 after six", .warning, span: "07700-900-123"),
        // Numbers from anywhere, with extensions (issue 16); hidden by spacing or full-width digits.
        .flags("In Boston till June, my cell is (617) 394-2270", .warning, span: "(617) 394-2270"),
        .flags("Desk line +44 2079460321x456 if it's urgent", .warning, span: "+44 2079460321x456"),
        .flags("Dutch mobile +31 6 4173 2951 while I'm over there", .warning, span: "+31 6 4173 2951"),
        .flags("ring my French mobile on 06 71 42 90 18", .warning, span: "06 71 42 90 18"),
        .flags("text 0 7 7 0 0 9 0 0 1 2 3", .warning, span: "0 7 7 0 0 9 0 0 1 2 3"),
        .flags("text ０７７００ ９００１２３", .warning, span: "０７７００ ９００１２３"),
        // Postcodes in any case and spacing; emails spelled out.
        .flags("Party at ours, m11ae, from 8", .warning, span: "m11ae"),
        .flags("Party at ours, EH 38DX, from 8", .warning, span: "EH 38DX"),
        .flags("My personal one is jbright at gmail.com", .warning, span: "jbright at gmail.com"),
        .flags("U15 lads add me on snap mr.h_pe for fixture changes", .block, span: "mr.h_pe"),
        .flags("Hi Year 7 parents, join here: https://chat.whatsapp.com/Hx7Kp2LmQ9 for reminders", .block),
        .flags("Parents can contact Mrs Khan on her mobile, 07700 900236", .block, account: .official),
        // A profile link is a handle; parents and former pupils as the audience make it an offer.
        .flags("Year 3 parents, if the app is down just add me: instagram.com/missjwrites", .block, span: "instagram.com/missjwrites"),
        .flags("Old students, find me on facebook.com/jo.pickering.92 and say hi!", .block, span: "facebook.com/jo.pickering.92"),
        .flags("Ex-Y11s, my snap is dan_pe_22 if you want to keep in touch", .block, span: "dan_pe_22"),
        .flags("Parents of Reception, here's my personal mobile for the trip: 07700 900628", .block),
        .flags("bored tonight, snap me at beckyb.xo", .caution, span: "beckyb.xo"),
        .flags("New bakes every week at tiktok.com/@bakes.by.bex", .caution, span: "tiktok.com/@bakes.by.bex"),
        // "my old" is not "my old class": published, not offered to pupils.
        .flags("Selling my old ironing board, text 07700 900316", .warning),
        .flags("Tutor group, I'm on tiktok.com/@mrpatel.teaches now, go follow!", .block, span: "tiktok.com/@mrpatel.teaches"),
        // A bare handle after a platform cue or an invitation, with an underscore or after a colon.
        .flags("Ex-Y6s, add me on snap if you want to say hi 👋 miss_k_teach", .block, span: "miss_k_teach"),
        .flags("New number and new Snap since my phone went through the wash, mates add me: sal_b_88", .caution,
            span: "sal_b_88"),
        // A pupil's home, reached through their possessive.
        .flags("Dropped Ava's PE kit round to 14 Mill Lane on the way home", .block, span: "14 Mill Lane"),
        .flags("Year 12 — send your drafts to me: sam dot hart 9 at gmail dot com", .block,
            span: "sam dot hart 9 at gmail dot com"),
        .flags("Moving to 14 Mill Lane next week, my new address", .warning),
        // A mention opening a reply names who is addressed; it offers nothing.
        .passes("@bensmith88 of course, text me whenever"),
        .passes("Great thread: instagram.com/p/Cx81kLm and x.com/bbc/status/1780012"),
        .passes("snap me at 7.30 when you're outside"),
        .passes("Childline is free on 0800 1111, or call the NSPCC on 0808 800 5000"),
        .passes("Samaritans are there on 116 123"),
        .passes("Meeting moved to 12/03/2024 at 15:30 in Room 214"),
        .passes("Amazon order 204-7731956-4410283 never arrived"),
        .passes("Parking fine (ref PCN 8830 4417 21), £70"),
        .passes("Won 3-1, subs are £12.50 each, teaching since 2009"),
        // Services are not contact details; nor are ISBNs, card numbers, impossible postcodes or emails.
        .passes("Freephone 0800 068 4141 or the council on 0300 123 4567"),
        .passes("Toll-free +1 888 555 0134 for the museum shop"),
        .passes("ISBN 0-306-40615-2 and the test card 4111 1111 1111 1111"),
        .passes("QB4 2DT and LS6 2IB are made-up postcodes; M1 alone is a motorway"),
        .passes("Email ria.k@outlook..com bounced, so did jo@gmail.c"),
        .passes("Ref 6173942270 for the claim, order 617-394-2270"),
        .passes("Call the office on 0117 496 0770", school: true),
        .passes("Questions to exams@harbourside.sch.uk", school: true),
    ]

    init(_ knowledge: Knowledge) {
        k = knowledge
        let m = knowledge.matcher
        invitation = m.lexicon("contact/invitation")
        audience = m.lexicon("contact/audience")
        thirdParty = m.lexicon("contact/third-party")
        platform = m.lexicon("contact/platform")
        streetTypes = m.lexicon("contact/street-types")
        titles = m.lexicon("context/titles")
        var numbers = Set<String>()
        if let text = try? LexiconStore.text(named: "contact/helplines") {
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let digits = line.filter(\.isNumber)
                if !digits.isEmpty { numbers.insert(String(digits)) }
            }
        }
        helplines = numbers
        let reader = PhoneReader(region: knowledge.profile.region)
        phoneReader = reader
        schoolPhones = Set(knowledge.profile.phones.compactMap(reader.key(ofWritten:)))
    }

    /// A detail found: its tokens, and the recogniser's exact folded range when there is one.
    struct Detail {
        var first: Int
        var last: Int
        var kind: ContactMatch.Kind
        var folded: Range<Int>? = nil
    }

    /// Every personal contact detail in the draft: numbers, emails, links, addresses and handles,
    /// minus the school's own and public helplines. Pupil-contact reads them too: "send your drafts
    /// to me" is an invitation only when a personal detail goes with it.
    func details(_ d: Draft) -> [Detail] {
        var details: [Detail] = []
        for match in ContactRecognisers.all(in: d.stream.text.bytes, reader: phoneReader) {
            guard let (first, last) = tokenRange(d, match.range), !isSchoolOwn(match.kind), isPhoneNumberHere(d, match, first)
            else { continue }
            details.append(Detail(first: first, last: last, kind: match.kind, folded: match.range))
        }
        addresses(d, &details)
        handles(d, &details)
        return details
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        let plainStart = out.count
        applyPlain(d, &out)
        // Details spaced or dotted apart ("D  M    m e", "1 4  C e d a r  G r o v e"), or an address in
        // leetspeak ("14 F3rry 14n3"): see DisguisedReading.
        out += DisguisedReading.candidates(d, found: out[plainStart...], leetspeak: .words, applyPlain)
    }

    private func applyPlain(_ d: Draft, _ out: inout [Candidate]) {
        let details = details(d)
        // A class code ("9F, the routine's going up on my TikTok") names pupils as the audience too.
        let offered = (d.has(audience) || d.hasClassCode) && (d.has(invitation) || details.contains { isImperative(d, $0.first) })
        for detail in details {
            // A recognised link ("tiktok.com/@…") is a detail even where an invitation ("I'm on tiktok") covers its first word.
            let isInvitationOnly = detail.kind == .handle && detail.folded == nil && d.tokens[detail.first].kind != .handle
                && d.covered(detail.first, by: invitation)
            let someoneElse = belongsToSomeoneElse(d, detail.first)
                || (detail.kind == .address || detail.kind == .postcode) && followsPossessor(d, detail.first)
            let grade: Grade
            let rule: String
            let message: String
            switch detail.kind {
            case .phone, .email, .address, .postcode:
                grade = someoneElse || offered ? .block : .warning
                rule = "contact-details." + Self.name(detail.kind)
                message = someoneElse
                    ? "Shares someone else's \(Self.noun(detail.kind))."
                    : offered ? "Offers a personal \(Self.noun(detail.kind)) to pupils or parents."
                        : "Publishes a personal \(Self.noun(detail.kind))."
            case .messagingLink, .handle:
                if offered && isInvitationOnly { continue }  // "DM me" to pupils is pupil-contact's finding
                grade = someoneElse || offered ? .block : .caution
                rule = "contact-details." + Self.name(detail.kind)
                message = offered ? "Offers a private channel to pupils or parents." : "Shares a private handle or group link."
            }
            var candidate = d.candidate(
                .contactDetails, rule, grade, detail.first, detail.last, confidence: grade == .block ? 0.9 : 0.8,
                message: message, reason: Self.reason,
                suggestion: offered || someoneElse
                    ? "Remove it; point pupils and parents to the school office or school email."
                    : "Remove it, or share it privately with the people who need it.", entity: true)
            // Recognised spans keep their own punctuation: "(01632) 960417", "+44 7700 900123".
            if let folded = detail.folded { candidate.range = d.stream.originalRange(folded: folded) }
            out.append(candidate)
        }
        // A bare "DM me" is an invitation to a private channel.
        if !offered {
            for hit in d.hits(invitation) where isPrivateMessageInvite(d, hit) {
                out.append(
                    d.candidate(
                        .contactDetails, "contact-details.handle", .caution, Int(hit.first), Int(hit.last),
                        confidence: 0.6, message: "Invites private messages.", reason: Self.reason,
                        suggestion: "Keep conversations public, or share your details privately."))
            }
        }
    }

    private static func name(_ kind: ContactMatch.Kind) -> String {
        switch kind {
        case .phone: "phone"
        case .email: "email"
        case .postcode, .address: "address"
        case .messagingLink: "group-link"
        case .handle: "handle"
        }
    }

    private static func noun(_ kind: ContactMatch.Kind) -> String {
        switch kind {
        case .phone: "phone number"
        case .email: "email address"
        case .postcode: "postcode"
        case .address: "home address"
        case .messagingLink: "group chat link"
        case .handle: "handle"
        }
    }

    /// "Email parents.help@gmail.com", "Text 07700 900123": a contact verb right before the detail.
    private static let contactVerbs: Set<String> = ["email", "e-mail", "text", "txt", "call", "ring", "phone", "message", "whatsapp", "contact", "dm"]

    private func isImperative(_ d: Draft, _ first: Int) -> Bool {
        var i = first - 1
        var steps = 0
        while i >= 0 && steps < 3 {
            if Self.contactVerbs.contains(d.key(i)) { return true }
            if !(d.is_(i, "on") || d.is_(i, "me") || d.is_(i, "at") || d.isPunct(i, 0x3A)) { return false }
            i -= 1
            steps += 1
        }
        return false
    }

    /// Digits only dialable abroad are a phone number when nothing just before them says otherwise
    /// ("order", "ISBN", "NHS no."), and, for those written without a telling shape ("6467123381",
    /// "03-5417289"), only when a cue ("number", "call", "mobile") comes shortly before in the sentence.
    private func isPhoneNumberHere(_ d: Draft, _ match: ContactMatch, _ first: Int) -> Bool {
        guard match.evidence != .certain else { return true }
        let sentence = d.tokens[first].sentence
        func before(_ words: Set<String>, within window: Int) -> Bool {
            var i = first - 1
            while i >= 0 && first - i <= window && d.tokens[i].sentence == sentence {
                if d.isWord(i) && words.contains(d.key(i)) { return true }
                i -= 1
            }
            return false
        }
        if before(Self.numberLabels, within: 3) { return false }
        return match.evidence == .abroad || before(Self.phoneCues, within: 6)
    }

    /// The words of a one-word-a-line data file, as token keys.
    private static func words(_ name: String) -> Set<String> {
        guard let text = try? LexiconStore.file(name) else { return [] }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { $0.lowercased() })
    }

    private func isPrivateMessageInvite(_ d: Draft, _ hit: PhraseMatcher.Hit) -> Bool {
        let first = Int(hit.first)
        return d.is_(first, "dm") || d.is_(first, "pm") || d.is_(first, "inbox") || d.is_(first, "whatsapp")
    }

    private func tokenRange(_ d: Draft, _ range: Range<Int>) -> (Int, Int)? {
        let first = d.token(atFolded: range.lowerBound)
        guard first < d.count, Int(d.tokens[first].start) < range.upperBound else { return nil }
        var last = first
        while last + 1 < d.count && Int(d.tokens[last + 1].start) < range.upperBound { last += 1 }
        return (first, last)
    }

    private func isSchoolOwn(_ kind: ContactMatch.Kind) -> Bool {
        switch kind {
        case .phone(let digits):
            return schoolPhones.contains(digits) || helplines.contains(digits)
        case .email(let domain):
            return k.profile.domains.contains { domain == $0 || domain.hasSuffix("." + $0) }
        default:
            return false
        }
    }

    /// "ring his mobile", "Mrs Taylor on her mobile", "which Y10 uses …", "round to his house".
    private static let family: Set<String> = [
        "mum", "mom", "dad", "mother", "father", "husband", "wife", "partner", "sister", "brother", "nan", "gran",
        "grandad", "son", "daughter", "aunt", "uncle", "cousin", "boyfriend", "girlfriend", "fiance", "fiancee",
    ]

    private func belongsToSomeoneElse(_ d: Draft, _ first: Int) -> Bool {
        let sentence = d.tokens[first].sentence
        let sentenceStart = d.sentenceBounds(sentence)?.lowerBound ?? first
        // The author's own family ("my mum's email is …") is a personal detail, not a pupil's or colleague's.
        // Within the 20 tokens before it, like the third-party cues below: a draft that is one endless
        // sentence of numbers must not make this quadratic.
        for i in max(sentenceStart, first - 20)..<first where d.is_(i, "my") && Self.family.contains(d.key(i + 1)) {
            return false
        }
        for hit in d.hits(thirdParty, startingIn: max(sentenceStart, first - 20)..<first)
        where Int(hit.last) < first && first - Int(hit.last) <= 8 {
            return true
        }
        // A titled name just before ("contact Mr Murray on 07700 900664"), or someone's forename
        // ("email Megan on …", "label says 'Ellie R, 07700 …'"), with no "me" or "my" in between.
        var i = first - 1
        var steps = 0
        while i >= 0 && steps < 6 && d.tokens[i].sentence == sentence {
            if d.is_(i, "me") || d.is_(i, "my") || d.is_(i, "i") { return false }
            if d.covered(i, by: titles), d.isWord(i + 1), d.tokens[i + 1].flags.contains(.capitalised) { return true }
            if steps < 4, i > 0, d.isWord(i), d.tokens[i].flags.contains(.capitalised), !d.tokens[i].flags.contains(.allCaps),
                k.givenNames.id(of: d.stream.key(at: i)) >= 0, !k.dictionary.isCommonWord(d.key(i))
            {
                return true
            }
            i -= 1
            steps += 1
        }
        return false
    }

    /// "14", "3a": a house number, not an ordinal ("26th") or a measure.
    private func isHouseNumber(_ key: String) -> Bool {
        let digits = key.prefix(while: \.isNumber)
        let rest = key.dropFirst(digits.count)
        return !digits.isEmpty && (rest.isEmpty || (rest.count == 1 && "abcd".contains(rest)))
    }

    /// "14 Ferry Lane", optionally with its postcode; a postcode alone.
    private func addresses(_ d: Draft, _ details: inout [Detail]) {
        var i = 0
        while i < d.count {
            defer { i += 1 }
            if let end = ContactRecognisers.postcodeEnd(d, i) {
                if let last = details.last, last.kind == .address, last.last >= i - 2 {
                    details[details.count - 1].last = end
                } else {
                    details.append(Detail(first: i, last: end, kind: .postcode))
                }
                i = end
                continue
            }
            let t = d.tokens[i]
            guard t.kind == .word, t.flags.contains(.hasDigit), t.end - t.start <= 4,
                TokenStream.isDigit(d.stream.text.bytes[Int(t.start)]), isHouseNumber(d.key(i))
            else { continue }
            // One to three capitalised words, the last a street type.
            var j = i + 1
            var words = 0
            while j < d.count, words < 4, d.isWord(j), d.tokens[j].flags.contains(.capitalised),
                !d.tokens[j].flags.contains(.allCaps)
            {
                words += 1
                if words >= 2, d.covered(j, by: streetTypes) {
                    details.append(Detail(first: i, last: j, kind: .address))
                    i = j
                    break
                }
                j += 1
            }
        }
    }

    /// A handle given with a platform cue: "@bakes.by.bex" after "insta", "snap me on liv.elliott92".
    private func handles(_ d: Draft, _ details: inout [Detail]) {
        for hit in d.hits(platform) {
            let sentence = d.tokens[Int(hit.first)].sentence
            var j = Int(hit.last) + 1
            var steps = 0
            while j < d.count, d.tokens[j].sentence == sentence, steps < 10 {
                let t = d.tokens[j]
                if t.kind == .handle, !isProfileHandle(d, j) {
                    details.append(Detail(first: j, last: j, kind: .handle))
                    break
                }
                // An unmarked handle: a run like "liv.elliott92" or "mr.h_pe" right after "on", "at",
                // "is" or the platform ("snap me at beckyb.xo").
                // One with an underscore ("… say hi 👻 mr_lewis_teach") is a handle wherever it sits:
                // ordinary words never carry one.
                if t.kind == .word,
                    d.is_(j - 1, "on") || d.is_(j - 1, "at") || j == Int(hit.last) + 1 || d.is_(j - 1, "is")
                        || d.isPunct(j - 1, 0x3A) || d.stream.key(at: j).contains(0x5F),
                    let end = handleRun(d, j)
                {
                    details.append(Detail(first: j, last: end, kind: .handle))
                    break
                }
                j += 1
                steps += 1
            }
        }
        // A handle offered with an invitation ("follow me @mrjones_pe", "friends add me: cazzab_77")
        // is a contact detail too. Mentions opening a reply ("@sarahlou86 of course, text me") name
        // who is addressed; they offer nothing.
        var claimed = Set<Int>()
        for detail in details { for i in detail.first...detail.last { claimed.insert(i) } }
        var i = 0
        while i < d.count && d.tokens[i].kind == .handle { i += 1 }
        while i < d.count {
            defer { i += 1 }
            guard !claimed.contains(i) else { continue }
            let last: Int?
            if d.tokens[i].kind == .handle {
                last = isProfileHandle(d, i) ? nil : i
            } else if d.isWord(i), d.isPunct(i - 1, 0x3A) || d.stream.key(at: i).contains(0x5F) {
                last = handleRun(d, i)
            } else {
                last = nil
            }
            guard let last, !d.hits(invitation, near: i, window: 6).isEmpty else { continue }
            details.append(Detail(first: i, last: last, kind: .handle))
            i = last
        }
    }

    /// Whether a capitalised given name's possessive comes shortly before token `first` in its
    /// sentence, with no "my", "me" or "I" between: "dropped Charlie's reading folder round to
    /// 22 Cherry Tree Close" is a pupil's home.
    private func followsPossessor(_ d: Draft, _ first: Int) -> Bool {
        let sentence = d.tokens[first].sentence
        var i = first - 1
        while i > 0 && first - i <= 10 && d.tokens[i].sentence == sentence {
            if d.is_(i, "me") || d.is_(i, "my") || d.is_(i, "i") || d.is_(i, "our") { return false }
            if d.is_(i, "'s"), d.isWord(i - 1), d.tokens[i - 1].flags.contains(.capitalised),
                !d.tokens[i - 1].flags.contains(.allCaps), k.givenNames.id(of: d.stream.key(at: i - 1)) >= 0
            {
                return true
            }
            i -= 1
        }
        return false
    }

    private func isProfileHandle(_ d: Draft, _ i: Int) -> Bool {
        d.covered(i, by: k.matcher.lexicon(Knowledge.ProfileLexicon.handle))
    }

    /// Tokens from `j` joined by dots or underscores with no spaces, containing a digit, dot or underscore.
    private func handleRun(_ d: Draft, _ j: Int) -> Int? {
        var end = j
        var marked = d.tokens[j].flags.contains(.hasDigit) || d.stream.key(at: j).contains(0x5F)
        while end + 2 < d.count, d.isPunct(end + 1, 0x2E), d.tokens[end + 1].gapBefore == 0,
            d.tokens[end + 2].gapBefore == 0, d.isWord(end + 2)
        {
            end += 2
            marked = true
        }
        let length = Int(d.tokens[end].end - d.tokens[j].start)
        // Handles start with a letter: "at 7.30", "on 5th" are times and dates.
        let startsWithLetter = TokenStream.isLetter(d.stream.text.bytes[Int(d.tokens[j].start)])
        return marked && startsWithLetter && length >= 3 && !d.tokens[j].flags.contains(.capitalised) ? end : nil
    }
}
