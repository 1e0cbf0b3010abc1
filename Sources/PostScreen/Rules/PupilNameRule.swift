/// `pupil-name`: a pupil identified by full name.
///
/// Policy: only a forename or initials may identify a learner ("Ben, Year 10", "Ben S."), never a
/// full name. A roster pupil's forename (or preferred name) with their surname, in any order, case,
/// accent or disguise, is a block. Without a roster hit, a given name followed by a surname-like
/// word in a post about pupils is a warning.
struct PupilNameRule: Rule {
    let category = Category.pupilName
    static let lexicons = ["context/pupil", "context/titles", "context/roles"] + PupilContextCues.lexicons
    private let k: Knowledge
    private let pupilContext: Int
    private let titles: Int
    /// Pupil contexts beyond pupil words and class codes, and places shaped like names.
    private let cues: PupilContextCues

    static let reason = "Only a pupil's forename or initials may identify them in a post."

    static let examples: [RuleExample] = [
        .flags("Well done Ben Smith for the award", .block, span: "Ben Smith", school: true),
        .flags("Smith, Ben is in the lost property box", .block, span: "Smith, Ben", school: true),
        .flags("Benjamin Smith's poem made me cry", .block, span: "Benjamin Smith", school: true),
        .flags("zoe o'connor ran so well", .block, span: "zoe o'connor", school: true),
        .flags("Zoë O’Connor ran so well", .block, span: "Zoë O’Connor", school: true),
        .flags("Ben James Smith won", .block, span: "Ben James Smith", school: true),
        .flags("Benji Smith was brilliant in the play", .block, span: "Benji Smith", school: true),
        .flags("Sara Hart-Smith was brilliant", .block, span: "Sara Hart-Smith", school: true),
        .flags("Well done B e n  S m i t h!", .block, school: true),
        .flags("Well done Веn Smith!", .block, school: true),
        .flags("Well done B3n Sm17h!", .block, span: "B3n Sm17h", school: true),
        .flags("Congratulations to Year 8 student Freya Hollingworth on her result", .warning, span: "Freya Hollingworth"),
        .passes("Well done Ben S. in Year 10", school: true),
        .passes("Ben, Year 10, smashed it", school: true),
        .passes("Mr Smith ran the trip for Year 9", school: true),
        .passes("My Year 8s all want to be Lauren James"),
        .passes("Reading with my Year 7s: Michael Morpurgo is a genius"),
        .passes("Smith is a common surname", school: true),
        // Pupil contexts without a roster: a grade, an award with a trip, a relative at school.
        .flags("RESULTS DAY 🎉 Huge congratulations to Poppy Ainsworth, who achieved straight 9s", .warning, span: "Poppy Ainsworth"),
        .flags("So proud of Maisie Thornbury, she got a 7 in maths", .warning, span: "Maisie Thornbury"),
        .flags("Special mention to Oliver Grainger for being sick on the coach", .warning, span: "Oliver Grainger"),
        .flags("my nephew Reuben Castillo got Star of the Week in his class", .warning, span: "Reuben Castillo"),
        .flags("Star of the Week goes to Esme Radcliffe, a superstar at sports day", .warning, span: "Esme Radcliffe"),
        .passes("Special mention to Gareth Pellow, our football coach, for sorting the kit"),
        .passes("Results day for the election tomorrow, Martin Pellow looks nervous"),
        .passes("Special mention to Dave Pellow for organising the works trip"),
        .passes("My son got a certificate for swimming, and his teacher Laura Pellow was lovely"),
        // Places shaped like a forename and surname.
        .passes("Lovely walk along the River Aire this morning with Year 9"),
        .passes("the Y10 Alton Towers trip was chaos"),
        .passes("Year 6 residential: a walk round Victoria Park, then the Chester Zoo trip"),
        .flags("Year 9 group: well done Tom Hall on a brilliant debate", .warning, span: "Tom Hall"),
    ]

    init(_ knowledge: Knowledge) {
        k = knowledge
        pupilContext = knowledge.matcher.lexicon("context/pupil")
        titles = knowledge.matcher.lexicon("context/titles")
        cues = PupilContextCues(knowledge.matcher)
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        let plainStart = out.count
        applyPlain(d, &out)
        // Names spaced or dotted apart, or in leetspeak throughout ("B3th4ny F05t3r"): see DisguisedReading.
        out += DisguisedReading.candidates(d, found: out[plainStart...], leetspeak: .names, applyPlain)
    }

    private func applyPlain(_ d: Draft, _ out: inout [Candidate]) {
        var claimed = Set<Int>()
        if !k.roster.isEmpty { rosterMatches(d, &out, &claimed) }
        heuristicMatches(d, &out, claimed)
    }

    // MARK: Roster

    private func rosterMatches(_ d: Draft, _ out: inout [Candidate], _ claimed: inout Set<Int>) {
        for i in 0..<d.count where d.tokens[i].kind == .word {
            let t = d.tokens[i]
            var candidates = k.roster.candidates(surnameStartingWith: d.stream.key(at: i))
            if t.leetEnd > t.leetStart {
                candidates += k.roster.candidates(surnameStartingWith: d.stream.keys[Int(t.leetStart)..<Int(t.leetEnd)])
            }
            guard !candidates.isEmpty else { continue }
            for c in candidates {
                let entry = k.roster.entry(c)
                guard let surnameEnd = matchSurname(d, at: i, entry.surnameKeys) else { continue }
                // Forename (or preferred name) before, possibly with a middle name between.
                if let first = givenBefore(d, i, entry), !isTitled(d, first) {
                    emit(d, first, surnameEnd, given: first, entry, &out, &claimed)
                    break
                }
                // "Smith, Ben" — surname first, as on labels and registers.
                if d.isPunct(surnameEnd + 1, 0x2C), surnameEnd + 2 < d.count,
                    readings(d, surnameEnd + 2).contains(where: entry.givenKeys.contains), !isTitled(d, i)
                {
                    emit(d, i, surnameEnd + 2, given: surnameEnd + 2, entry, &out, &claimed)
                    break
                }
            }
        }
    }

    /// A token's plain key and, when it mixes letters and digits, its leetspeak reading ("Sm17h" → "smith").
    private func readings(_ d: Draft, _ i: Int) -> [String] {
        let t = d.tokens[i]
        guard t.leetEnd > t.leetStart else { return [d.key(i)] }
        return [d.key(i), String(decoding: d.stream.keys[Int(t.leetStart)..<Int(t.leetEnd)], as: UTF8.self)]
    }

    private func matchSurname(_ d: Draft, at i: Int, _ keys: [String]) -> Int? {
        var j = i
        for (n, key) in keys.enumerated() {
            guard j < d.count, d.tokens[j].kind == .word, readings(d, j).contains(key) else { return nil }
            if n < keys.count - 1 { j += 1 }
        }
        return j
    }

    private func givenBefore(_ d: Draft, _ i: Int, _ entry: RosterIndex.Entry) -> Int? {
        let prev = i - 1
        guard d.isWord(prev) else { return nil }
        if readings(d, prev).contains(where: entry.givenKeys.contains) { return prev }
        // A middle name: "Paige Louise Thomas".
        if d.isWord(prev - 1), readings(d, prev - 1).contains(where: entry.givenKeys.contains),
            d.tokens[prev].flags.contains(.capitalised) || !d.tokens[i].flags.contains(.capitalised)
        {
            return prev - 1
        }
        return nil
    }

    private func isTitled(_ d: Draft, _ first: Int) -> Bool {
        first > 0 && (d.covered(first - 1, by: titles) || (d.isPunct(first - 1, 0x2E) && first > 1 && d.covered(first - 2, by: titles)))
    }

    private func emit(
        _ d: Draft, _ first: Int, _ last: Int, given: Int, _ entry: RosterIndex.Entry, _ out: inout [Candidate],
        _ claimed: inout Set<Int>
    ) {
        for t in first...last { claimed.insert(t) }
        let initial = entry.person.surname.first.map { String($0).uppercased() } ?? ""
        let shownGiven = entry.person.preferred ?? d.stream.foldedString(at: given)
        out.append(
            d.candidate(
                .pupilName, "pupil-name.roster", .block, first, last, confidence: 0.98,
                message: "Names a pupil on the school's roster in full.", reason: Self.reason,
                suggestion: "\(shownGiven) \(initial)." + (entry.person.year.map { " or \(shownGiven), Year \($0)" } ?? ""),
                entity: true))
    }

    // MARK: Without a roster hit

    private func heuristicMatches(_ d: Draft, _ out: inout [Candidate], _ claimed: Set<Int>) {
        guard d.has(pupilContext) || d.hasClassCode || cues.isPupilContext(d) else { return }
        var i = 0
        while i + 1 < d.count {
            defer { i += 1 }
            let g = d.tokens[i]
            guard g.kind == .word, !claimed.contains(i), g.flags.contains(.capitalised) || g.flags.contains(.allCaps),
                !g.flags.contains(.hasDigit), k.isGivenName(d.stream.key(at: i))
            else { continue }
            var s = i + 1
            // Allow one middle name that is itself a given name.
            if s + 1 < d.count, d.tokens[s].kind == .word, d.tokens[s].gapBefore > 0,
                k.isGivenName(d.stream.key(at: s)), surnameLike(d, s + 1)
            {
                s += 1
            }
            guard d.tokens[s].gapBefore > 0 || d.tokens[s].flags.contains(.merged), !claimed.contains(s),
                surnameLike(d, s), !isTitled(d, i)
            else { continue }
            let full = "\(d.key(i)) \(d.key(s))"
            if k.publicFigures.contains(full) || isStaff(d, i, s) || isSchoolName(d, i, s) || cues.isPlace(d, given: i, last: s)
                || cues.isAdult(d, given: i)
            {
                continue
            }
            let given = d.stream.foldedString(at: i)
            let initial = d.stream.foldedString(at: s).first.map { String($0).uppercased() } ?? ""
            out.append(
                d.candidate(
                    .pupilName, "pupil-name.context", .warning, i, s, confidence: 0.7,
                    message: "Looks like a pupil's full name in a post about pupils.", reason: Self.reason,
                    suggestion: "\(given) \(initial).", entity: true))
            i = s
        }
    }

    /// A capitalised word that reads as a surname: a known surname, or a word the dictionary does
    /// not know in lower case ("Varty", "Hollingworth"), and not a school word.
    private func surnameLike(_ d: Draft, _ s: Int) -> Bool {
        guard s < d.count else { return false }
        let t = d.tokens[s]
        guard t.kind == .word, t.flags.contains(.capitalised) || t.flags.contains(.allCaps), !t.flags.contains(.hasDigit),
            t.end - t.start >= 2 || t.flags.contains(.merged)
        else { return false }
        let key = d.stream.key(at: s)
        if key.count < 2 { return false }
        // A listed surname counts even when it is also a word or a forename ("Fletcher", "Walker").
        if k.surnames.id(of: key) >= 0 { return true }
        return !isOrdinaryWord(d, s)
    }

    private func isOrdinaryWord(_ d: Draft, _ s: Int) -> Bool {
        k.dictionary.isCommonWord(d.key(s))
    }

    private func isStaff(_ d: Draft, _ first: Int, _ last: Int) -> Bool {
        guard !k.staff.isEmpty else { return false }
        for c in k.staff.candidates(surnameStartingWith: d.key(last)) where k.staff.entry(c).givenKeys.contains(d.key(first)) {
            return true
        }
        return false
    }

    private func isSchoolName(_ d: Draft, _ first: Int, _ last: Int) -> Bool {
        for name in Knowledge.ProfileLexicon.all where d.covered(first, by: k.matcher.lexicon(name)) { return true }
        return false
    }


    static func isClassCode<C: Collection>(_ key: C) -> Bool where C.Element == UInt8 {
        let bytes = Array(key)
        guard bytes.count >= 2, bytes.count <= 5 else { return false }
        var i = 0
        if bytes[0] == 0x79 || bytes[0] == 0x75 { i = 1 }  // y10, u14
        var digits = 0
        while i < bytes.count, TokenStream.isDigit(bytes[i]) {
            digits += 1
            i += 1
        }
        guard digits >= 1, digits <= 2 else { return false }
        let hasPrefix = bytes[0] == 0x79 || bytes[0] == 0x75
        let rest = bytes.count - i
        if hasPrefix { return rest == 0 || (rest == 1 && bytes[i] == 0x73) }  // y10, y10s, u14s
        guard rest >= 1, rest <= 2, bytes[i...].allSatisfy(TokenStream.isLetter) else { return false }  // 8h, 10x, 11b
        // Not ordinals, times or units: "4th", "2nd", "7pm", "5k", "90s", "3d".
        let suffix = String(decoding: bytes[i...], as: UTF8.self)
        return !notClassSuffixes.contains(suffix)
    }

    private static let notClassSuffixes: Set<String> = [
        "st", "nd", "rd", "th", "am", "pm", "k", "m", "g", "s", "d", "p", "v", "l", "x2", "km", "kg", "mb", "gb", "ml",
        "yr", "hr", "mm", "cm", "ft", "in", "mg", "gs", "ks",
    ]
}

// MARK: Pupil contexts and places without a roster

/// Without a roster, a full name counts only in a pupil context. Besides pupil words and class
/// codes, that is: an exam grade written as one ("straight 9s", "got a 7 in maths"), or two kinds
/// of school cue — results, a school award, a trip or school event, a relative who is a child, a
/// child's own class or teacher ("my nephew … got Star of the Week in his class"). And a name is
/// not a person when it reads as a place: "the River Aire", "the Alton Towers trip".
struct PupilContextCues: Sendable {
    static let lexicons = [
        "pupil-name/results", "pupil-name/grade-lead", "pupil-name/awards", "pupil-name/trips",
        "pupil-name/relatives", "pupil-name/at-school", "places/before-name", "places/landmarks", "places/types",
        "places/approach", "places/outing", "pupil-name/adult-roles",
    ]
    private let gradeLead, placeBefore, landmarks, placeTypes, approach, outing, adultRoles, staffRoles: Int
    /// One lexicon for each kind of school cue.
    private let kinds: [Int]

    init(_ m: PhraseMatcher) {
        gradeLead = m.lexicon("pupil-name/grade-lead")
        kinds = ["results", "awards", "trips", "relatives", "at-school"].map { m.lexicon("pupil-name/" + $0) }
        placeBefore = m.lexicon("places/before-name")
        landmarks = m.lexicon("places/landmarks")
        placeTypes = m.lexicon("places/types")
        approach = m.lexicon("places/approach")
        outing = m.lexicon("places/outing")
        adultRoles = m.lexicon("pupil-name/adult-roles")
        staffRoles = m.lexicon("context/roles")
    }

    /// Whether an adult's role comes just before the name: "his teacher Laura Pellow", "our
    /// caretaker Dave Pellow".
    func isAdult(_ d: Draft, given: Int) -> Bool {
        d.hits(adultRoles).contains { Int($0.last) == given - 1 } || d.hits(staffRoles).contains { Int($0.last) == given - 1 }
    }

    /// A grade written as a grade, or two kinds of school cue anywhere in the draft.
    func isPupilContext(_ d: Draft) -> Bool {
        hasGrade(d) || kinds.filter { d.has($0) }.count >= 2
    }

    /// "straight 9s", "all 7s", "got a 7 in maths", "achieved a grade 8 in": a number 1–9 after a
    /// grade word, plural, or singular and followed by "in".
    private func hasGrade(_ d: Draft) -> Bool {
        d.hits(gradeLead).contains { hit in
            let g = Int(hit.last) + 1
            guard d.isWord(g) else { return false }
            let key = Array(d.stream.key(at: g))
            guard let digit = key.first, digit >= 0x31, digit <= 0x39 else { return false }
            if key.count == 2 && key[1] == 0x73 { return true }  // "9s"
            return key.count == 1 && d.is_(g + 1, "in")
        }
    }

    /// Whether the name at tokens `given...last` is a place: a landmark closes it ("Alton Towers");
    /// a place word opens it ("River Aire") or a place-name word that is also a surname closes it
    /// ("Sefton Park", "Tom Hall"), and "the" or a word of going comes before it ("along the River
    /// Aire", "round Sefton Park") or an outing after it ("the Sefton Park walk").
    func isPlace(_ d: Draft, given: Int, last: Int) -> Bool {
        if d.covered(last, by: landmarks) { return true }
        let opens = d.covered(given, by: placeBefore)
        let closes = d.covered(last, by: placeTypes)
        guard opens || closes else { return false }
        let before = d.is_(given - 1, "the") ? given - 2 : given - 1
        let approached = d.is_(given - 1, "the") || d.hits(approach).contains { Int($0.last) == before }
        if approached { return true }
        return closes && d.hits(outing).contains { Int($0.first) == last + 1 }
    }
}
