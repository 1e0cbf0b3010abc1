/// `pupil-image`: pictures of pupils.
///
/// Policy: staff must not post images of pupils on personal accounts; the school publishes images
/// only on its own channels and only of pupils whose parents have consented. On a personal account a
/// photo or video of a class, year group, team or school event is a warning. A picture naming a pupil
/// on the profile's no-images list is a block on any account. Displays, empty classrooms, staff
/// photos and one's own children are not flagged, and on the official account an image post is
/// otherwise fine.
struct PupilImageRule: Rule {
    let category = Category.pupilImage
    static let lexicons = [
        "pupil-image/cue", "pupil-image/presenting", "pupil-image/group", "pupil-image/event",
        "pupil-image/not-pupils", "pupil-image/viewing", "pupil-contact/family", "pupil-image/post-wide",
        "pupil-image/caption", "context/titles", "pupil-image/refused",
    ]
    private let k: Knowledge
    private let cue, presenting, group, event, notPupils, viewing, family, postWide, caption, titles, refused: Int

    static let reason = "Images of pupils belong only on the school's own channels, and only with parents' consent."

    static let examples: [RuleExample] = [
        .flags("Photos from our Year 4 trip to the aquarium, best day ever", .warning),
        .flags("Sneaky video of 10B rehearsing the school show 🎭", .warning),
        .flags("Selfie with my tutor group on their last day 🥲", .warning, span: "Selfie with my tutor group"),
        .flags("📸 my little Reception superstars in their wellies", .warning),
        .flags("Here's my U16s after the semi-final, muddy and delighted", .warning),
        .flags("Team pic from sports day, my lot were unstoppable", .warning),
        .flags("Congratulations Lucy on your wonderful painting 📸", .block, span: "Lucy", account: .official, school: true),
        .flags("Photos from the Year 9 play: Lucy Brown as Puck", .block, span: "Lucy Brown", account: .official, school: true),
        .passes("Photos from the Year 9 play: Kai as Puck", account: .official, school: true),
        .flags("My whole class in their World Book Day costumes 😍 swipe for more pics", .warning),
        .flags("Year 11 prom 🥂 what a stunning bunch, pics in the comments", .warning),
        .flags("L-R: Ava, Jack, Sophie and Leo with their science fair trophies 🏆", .warning),
        .flags("Pictured (l-r): Oliver, Freya and Zain from Year 2 with the mayor", .warning),
        .flags("Took some lovely shots of the Reception children at the nativity", .warning),
        .flags("Here they are, my Year 5 class on the last day of term 🥹", .warning),
        .passes("L-R: me, Mrs Patel and Mr Owen at the staff quiz, we came last 😂"),
        .passes("My own kids at the beach today 🏖️ swipe for more pics"),
        .passes("Swipe for more pics of our holiday in Cornwall 🌊"),
        .passes("Took a photo of the seedlings my class planted, they've sprouted!"),
        .passes("Year 11 parents, any questions in the comments please"),
        .passes("Pics of Year 5's river display, took all weekend but worth it"),
        .passes("Photo of my new classroom before the kids arrive, not a single child in sight"),
        .passes("My two at the zoo today 🦒 photo credit to my mum"),
        .passes("Photo from our department curry night. Never again."),
        .passes("📸 Year 2 planting bulbs in the sunshine", account: .official),
        .passes("Reminder to Year 8 parents: photo consent forms are due back on Friday"),
        .passes("Video of U2 at Glastonbury still gives me chills"),
        .flags("I know Amir's parents said no photos but look at him in his costume 📷", .block, span: "said no photos"),
        .flags("Our leavers' photo! Sorry to Ella's mum, we know you opted out but she's at the front", .block),
        .flags("group pic of the netball girls after the final ❤️", .warning),
        .flags("Photo of our star reader Mia with her new book 📖", .warning),
        .flags("Sports day ☀️ here's my class doing the egg and spoon", .warning),
        .flags("can't post faces so here's the back of my form's heads at the panto 🎅", .warning),
        .passes("Photo consent forms: if you opted out last year, please tell the office"),
        .flags("Proud of my Year 7 STEM club presenting today (photo shared with the kids' permission)", .warning),
        .flags("Look at these muddy faces 🥹 Forest School crew covered head to toe", .warning),
        .flags("the DofE lot on their practice expedition, absolute state of them 😂 [4 photos]", .warning),
        .flags("Pic of M in the sensory room today, first time he's let anyone near him with a camera", .warning),
        .passes("Pic of a sunset over the bay, no filter"),
        .flags("Snapped this of Ollie and Dan mid-experiment 📷 their faces when the bubbles went up", .warning),
        .flags("Here's 3B in their World Book Day costumes! 📚", .warning),
        .flags("Our gorgeous Y1 nativity cast ⭐🐑 filmed from the back, sorry for the wobbly camera", .warning),
        .passes("Classroom display finally up! All the Y3 rainforest art in one photo 🌿"),
        .flags("We know Tom's parents asked us not to share photos of him, but here he is 📸", .block),
        .flags("Our little nativity stars ⭐ had to sneak a pic from the back", .warning),
    ]

    init(_ knowledge: Knowledge) {
        k = knowledge
        let m = knowledge.matcher
        cue = m.lexicon("pupil-image/cue")
        presenting = m.lexicon("pupil-image/presenting")
        group = m.lexicon("pupil-image/group")
        event = m.lexicon("pupil-image/event")
        notPupils = m.lexicon("pupil-image/not-pupils")
        viewing = m.lexicon("pupil-image/viewing")
        family = m.lexicon("pupil-contact/family")
        postWide = m.lexicon("pupil-image/post-wide")
        caption = m.lexicon("pupil-image/caption")
        titles = m.lexicon("context/titles")
        refused = m.lexicon("pupil-image/refused")
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        let cues = imageCues(d)
        guard !cues.isEmpty || d.has(presenting) else { return }
        if !k.noImages.isEmpty && !cues.isEmpty { withheldConsent(d, &out) }
        if d.has(refused) { refusedInPost(d, &out) }
        if d.account == .personal { picturesOfPupils(d, cues, &out) }
    }

    // MARK: Image cues

    /// Token ranges that say the post carries a picture: image words and camera emoji.
    private func imageCues(_ d: Draft) -> [ClosedRange<Int>] {
        var cues = d.hits(cue).map { Int($0.first)...Int($0.last) }
        for i in 0..<d.count where d.symbolIs(in: Self.cameraEmoji, i) { cues.append(i...i) }
        return cues.sorted { $0.lowerBound < $1.lowerBound }
    }

    private static let cameraEmoji: Set<Unicode.Scalar> = ["📸", "📷", "🎥", "📹", "🤳"]

    // MARK: Personal accounts

    private func picturesOfPupils(_ d: Draft, _ cues: [ClosedRange<Int>], _ out: inout [Candidate]) {
        var reported = Set<Int32>()
        let presentations = d.hits(presenting).map { Int($0.first)...Int($0.last) }
        let wholePost = d.hits(postWide).map { Int($0.first)...Int($0.last) }
        for c in cues + presentations {
            let sentence = d.tokens[c.lowerBound].sentence
            // "swipe for more pics": the post's pictures, whose subject may be in another sentence.
            let isPostWide = wholePost.contains { $0.overlaps(c) }
            guard !reported.contains(sentence), !d.has(family, sentence: sentence), !(isPostWide && d.has(family)),
                let bounds = d.sentenceBounds(sentence)
            else { continue }
            let isPresenting = presentations.contains(c)
            // "DM me your holiday pics": the reader's pictures, not the post's.
            if !isPresenting, (1...2).contains(where: { d.is_(c.lowerBound - $0, "your") }) { continue }
            // "Watched a video on …": someone else's picture, seen rather than posted.
            if d.hits(viewing).contains(where: { Int($0.last) < c.lowerBound && c.lowerBound - Int($0.last) <= 3 }) {
                continue
            }
            // A presenting phrase needs the pupils straight after it; an image word, in its clause (an
            // emoji, in the clause it opens too: "📸 Year 7 exploring …"). A class addressed in
            // another clause ("Any of my class reading this, … my videos") is not in the picture.
            let clause = d.tokens[c.lowerBound].clause
            let isEmoji = d.tokens[c.lowerBound].kind == .symbol
            // A caption ("L-R: Ava, Jack and Leo from 8H") lists the people across its clauses.
            let isCaption = d.hits(caption).contains { Int($0.first)...Int($0.last) == c }
            let window: ClosedRange<Int>?
            if isPostWide {
                window = 0...(d.count - 1)
            } else if isPresenting {
                // "Here they are, my Year 5 class": past a comma to the pupils.
                var from = c.upperBound + 1
                while from <= bounds.upperBound, d.tokens[from].kind == .punct { from += 1 }
                // "here's the back of my form's heads": past a part or a share of them.
                while from <= bounds.upperBound, d.isWord(from), Self.partWords.contains(d.key(from)) { from += 1 }
                window = from <= bounds.upperBound ? from...min(bounds.upperBound, from + 1) : nil
            } else if isCaption {
                window = bounds
            } else if inParentheses(d, c.lowerBound, bounds) {
                // "(photo shared with the kids' permission)": an aside about the sentence's picture.
                window = bounds
            } else {
                // "Our little nativity stars ⭐ had to sneak a pic": an emoji between them is no break.
                // ("Our Y1 nativity cast ⭐🐑 filmed from the back": over a run of them too.)
                let clauseStart = bounds.first { d.tokens[$0].clause == clause } ?? c.lowerBound
                var back = clauseStart - 1
                while back >= bounds.lowerBound, d.tokens[back].kind == .symbol { back -= 1 }
                let fromClause = back < clauseStart - 1 && back >= bounds.lowerBound ? d.tokens[back].clause : clause
                window = bounds.filter {
                    (fromClause...clause).contains(d.tokens[$0].clause) || (isEmoji && d.tokens[$0].clause == clause + 1)
                }.extent
            }
            guard let window, let subject = pupils(d, in: window, near: c) ?? (isCaption ? namedPeople(d, after: c, in: bounds) : nil),
                !vetoed(d, cue: c, subject: subject, sentence: d.tokens[subject.lowerBound].sentence)
            else { continue }
            reported.insert(sentence)
            out.append(
                d.candidate(
                    .pupilImage, "pupil-image.personal", .warning, min(c.lowerBound, subject.lowerBound),
                    max(c.upperBound, subject.upperBound), confidence: 0.75,
                    message: "Looks like a photo or video of pupils on a personal account.", reason: Self.reason,
                    suggestion: "Don't post it here; send it to whoever runs the school's account, which checks consent."))
        }
    }

    /// The pupil group or school event nearest the cue, within `window`.
    private func pupils(_ d: Draft, in window: ClosedRange<Int>, near c: ClosedRange<Int>) -> ClosedRange<Int>? {
        var found: [ClosedRange<Int>] = []
        for i in window where !c.contains(i) {
            if let end = d.pupilGroupEnd(at: i) { found.append(i...end) }
        }
        for lexicon in [group, event] {
            // A group may start inside the cue ("here's my" + "my class").
            for hit in d.hits(lexicon) where window.contains(Int(hit.first)) && !c.contains(Int(hit.first))
                || window.contains(Int(hit.last)) && Int(hit.last) > c.upperBound
            {
                found.append(Int(hit.first)...Int(hit.last))
            }
        }
        // A child named by an initial straight after the picture: "Pic of M in the sensory room".
        let after = c.upperBound + (d.is_(c.upperBound + 1, "of") ? 2 : 1)
        if window.contains(after), d.isWord(after), d.tokens[after].end - d.tokens[after].start == 1,
            d.tokens[after].flags.contains(.capitalised), !d.is_(after, "i"), !d.is_(after, "a")
        {
            found.append(after...after)
        }
        // Two forenames straight after it: "Snapped this of Ollie and Dan mid-experiment".
        var n = c.upperBound + 1
        if d.is_(n, "this") || d.is_(n, "these") { n += 1 }
        if d.is_(n, "of") { n += 1 }
        if window.contains(n + 2), isForename(d, n), d.is_(n + 1, "and") || d.is_(n + 1, "&"), isForename(d, n + 2) {
            found.append(n...(n + 2))
        }
        // A pupil on the roll named in full: "Jeremiah Vora lifting the county cup, photo below".
        for i in window where i > 0 && window.contains(i - 1) && d.isWord(i) && d.isWord(i - 1) {
            for c in k.roster.candidates(surnameStartingWith: d.key(i)) where k.roster.entry(c).givenKeys.contains(d.key(i - 1)) {
                found.append((i - 1)...i)
            }
        }
        func distance(_ r: ClosedRange<Int>) -> Int {
            r.lowerBound > c.upperBound ? r.lowerBound - c.upperBound : c.lowerBound - r.upperBound
        }
        return found.min { distance($0) < distance($1) }
    }

    /// Two or more forenames listed after a caption, none with a title: "L-R: Ava, Jack, Sophie and
    /// Leo". "L-R: me, Mrs Patel and Mr Owen" is staff.
    private func namedPeople(_ d: Draft, after c: ClosedRange<Int>, in bounds: ClosedRange<Int>) -> ClosedRange<Int>? {
        var names: [Int] = []
        var i = c.upperBound + 1
        while i <= bounds.upperBound, i - c.upperBound <= 16 {
            if d.covered(i, by: titles) { return nil }
            if d.isWord(i), d.tokens[i].flags.contains(.capitalised), k.givenNames.id(of: d.stream.key(at: i)) >= 0 {
                names.append(i)
            } else if !(d.tokens[i].kind == .punct || d.is_(i, "and") || d.is_(i, "&") || d.is_(i, "me")) {
                break
            }
            i += 1
        }
        guard names.count >= 2, let first = names.first, let last = names.last else { return nil }
        return first...last
    }

    /// A display, a classroom, colleagues, or a post about consent rather than a picture.
    private func vetoed(_ d: Draft, cue c: ClosedRange<Int>, subject s: ClosedRange<Int>, sentence: Int32) -> Bool {
        let from = min(c.lowerBound, s.lowerBound) - 2  // "(no photos of students please)"
        let to = max(c.upperBound, s.upperBound) + 4
        return d.hits(notPupils).contains { hit in
            let a = Int(hit.first)
            // "photo shared with the kids' permission" claims consent for a picture it still posts.
            if (max(0, a - 4)..<a).contains(where: { d.is_($0, "with") }) { return false }
            return d.tokens[a].sentence == sentence && a >= from && a <= to && !s.contains(a)
        }
    }

    /// Whether token `i` sits inside "( … )" opened earlier in its sentence.
    private func inParentheses(_ d: Draft, _ i: Int, _ bounds: ClosedRange<Int>) -> Bool {
        var j = i - 1
        while j >= bounds.lowerBound {
            if d.isPunct(j, 0x29) || d.isPunct(j, 0x5D) { return false }
            if d.isPunct(j, 0x28) || d.isPunct(j, 0x5B) { return true }
            j -= 1
        }
        return false
    }

    private func isForename(_ d: Draft, _ i: Int) -> Bool {
        d.isWord(i) && d.tokens[i].flags.contains(.capitalised) && !d.covered(i, by: titles)
            && k.givenNames.id(of: d.stream.key(at: i)) >= 0
    }

    private static let consentAdmin: Set<String> = ["form", "forms", "reminder", "office", "letter", "policy", "if"]

    private static let partWords: Set<String> = [
        "the", "back", "backs", "of", "some", "a", "few", "all", "rest", "most", "half", "bunch", "couple", "one", "two",
    ]

    // MARK: Withheld consent

    /// "I know Holly's parents said no photos but look how cute she is 📷": the post says consent was
    /// refused, and carries a picture anyway.
    private func refusedInPost(_ d: Draft, _ out: inout [Candidate]) {
        guard let hit = d.hits(refused).first, !imageCues(d).isEmpty || d.has(presenting) else { return }
        // "Reminder: if you opted out of photos, tell the office": the form, not a picture.
        if let bounds = d.sentenceBounds(d.tokens[Int(hit.first)].sentence),
            bounds.contains(where: { Self.consentAdmin.contains(d.key($0)) })
        {
            return
        }
        out.append(
            d.candidate(
                .pupilImage, "pupil-image.no-consent", .block, Int(hit.first), Int(hit.last), confidence: 0.85,
                message: "Posts a picture of a pupil whose parents refused consent, as the post itself says.",
                reason: Self.reason, suggestion: "Remove the picture: consent was refused."))
    }

    /// A pupil whose parents withheld image consent, named in an image post: forename alone
    /// (capitalised, so "Hope" the word is not a pupil) or forename and surname.
    private func withheldConsent(_ d: Draft, _ out: inout [Candidate]) {
        var i = 0
        while i < d.count {
            defer { i += 1 }
            guard d.isWord(i) else { continue }
            let key = d.key(i)
            for entry in k.noImages.entries where entry.givenKeys.contains(key) {
                var last = i
                var j = i + 1
                for (n, surname) in entry.surnameKeys.enumerated() {
                    guard j < d.count, d.isWord(j), d.key(j) == surname else { break }
                    if n == entry.surnameKeys.count - 1 { last = j }
                    j += 1
                }
                let full = last > i
                let t = d.tokens[i]
                guard full || t.flags.contains(.capitalised) || t.flags.contains(.allCaps) else { continue }
                out.append(
                    d.candidate(
                        .pupilImage, "pupil-image.no-consent", .block, i, last, confidence: full ? 0.95 : 0.8,
                        message: "Names a pupil whose parents have not consented to images being published.",
                        reason: Self.reason, suggestion: "Remove the picture of this pupil, or the post.", entity: true))
                i = last
                break
            }
        }
    }
}

private extension Array where Element == Int {
    /// First through last of a run of token indices.
    var extent: ClosedRange<Int>? { first.flatMap { f in last.map { f...$0 } } }
}
