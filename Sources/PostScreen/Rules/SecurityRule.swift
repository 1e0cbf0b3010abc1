/// `security`: passwords, log-ins and access codes.
///
/// Policy: never share anything that gives access to school systems or buildings — passwords,
/// log-in details, door, alarm, gate or keypad codes, Wi-Fi keys, meeting passcodes. A credential
/// word followed by an actual value ("the alarm code is 1984", "password Welcome2024") is a block on
/// any account; advice about passwords, or a mention with no value, is not flagged. Each value is
/// its own finding, so a door code and a Wi-Fi key in one post are two.
struct SecurityRule: Rule {
    let category = Category.security
    static let lexicons = [
        "security/secret", "security/login", "security/bare", "security/access-context", "security/example",
        "security/lock", "security/hint", "security/shared-image", "security/password-talk",
    ]
    private let secret, login, bare, accessContext, example, lock, hint, sharedImage, passwordTalk: Int

    static let reason = "Passwords, log-ins and door or alarm codes must never be posted: they give access to school systems and buildings."

    static let examples: [RuleExample] = [
        .flags("Music block keypad code is 2719* if you're running the concert", .block, span: "keypad code is 2719*"),
        .flags("Guest wifi password: Lighthouse#88", .block, span: "password: Lighthouse#88"),
        .flags("Staff wifi network key Pebble42beach, don't share", .block),
        .flags("Exam board portal login is kfarrow / Tide&Moon5 for the coursework upload", .block),
        .flags("Forgot my Teams password so IT reset it. It's now Clover2025 apparently", .block),
        .flags("The code for the back gate has changed to 3318", .block),
        .flags("Door code is 5520 and the alarm code is 8814, lock up behind you", .block),
        .flags("Shared drive password is 'seahorse' until Friday", .block, span: "password is 'seahorse'"),
        // Codes keyed in digit by digit, and key safes.
        .flags("Key safe by the side door is 4 7 1 9 if you're in early", .block, span: "Key safe by the side door is 4 7 1 9"),
        .flags("Science block alarm code is 2 0 0 8 then hit set", .block, span: "alarm code is 2 0 0 8"),
        .flags("Front door code changed to 4-4-7-1, don't let the kids see", .block, span: "door code changed to 4-4-7-1"),
        .flags("Reminder the keysafe at the back gate is 1066, spin the dial after", .block),
        .flags("Password for the staff laptops is Purple!Elephant42 until IT sort it", .block),
        .passes("In computing we rated example passwords: Password123 is weak, Purple!Elephant42 is strong"),
        .passes("The most common PIN is 1234, so never use it"),
        .flags("IT have given the new laptops a strong password: Gull$Harbour24", .block),
        .flags("PE office door is 3 1 4 1 if you need the bibs", .block, span: "door is 3 1 4 1"),
        .flags("Boiler room padlock is 0-9-1-1 now, site team changed it", .block),
        .passes("The gate is 100 metres past the car park"),
        .passes("The side door is 2019's fire exit, keep it clear"),
        .passes("Anyone know a good key safe for an elderly relative? Mum keeps losing her spare key"),
        .passes("The door code is 4 digits now, ask the office for it"),
        .passes("Gate code changed at 7 30 this morning, check your email"),
        .passes("Use three random words for a strong password, and never reuse one"),
        .passes("Password reset emails going out from IT at 2pm today"),
        .passes("Can someone remind me of the new door code? Locked out again"),
        .passes("My password is so long I can't remember it"),
        .passes("The key is to give them time to think before answering"),
        .passes("Use code SAVE20 at checkout for 20% off"),
        .passes("Your log-in details will be emailed by 9am on Monday"),
        .flags("staffroom door is four six two eight star, for the new starters", .block),
        .flags("door code for the staffroom is still four-one-one-nine, can we please change it", .block),
        .flags("Office manager says the finance login password is P a n c a k e s 9 9", .block),
        .flags("the alarm code is still the year the school opened lol, 1-9-7-2", .block),
        .flags("the exam office PC password is on a post-it under the keyboard, it's 'maths4life'", .block),
        .flags("Tip for supply: the login is on a post-it in Y3, user supply1 / pw Bluebell#22", .block),
        .flags("anyone remember the code for the key safe by the caretaker's office? Is it still 7734?", .block),
        .passes("We counted one two three four in French today"),
        .passes("The password is on a post-it somewhere, it's driving me mad"),
        .flags("the staff wifi pw is the head's dog's name + the year we opened", .block),
        .flags("ignore the post-it on the monitor, that's my SIMS login, CurtisL / Seagull#44", .block),
        .flags("yes, that's the safe combination on the whiteboard (19-04-77)", .block),
        .flags("Had to reset my email password for the third time this term. It's now Tw1nkl3Tw1nkl3!!", .block),
        .flags("the secure room keycode is 3 0 9 6 until the end of the series", .block),
        .flags("IT have reset everyone's email to the default Welcome@Sept1 so change yours", .block),
        .flags("Y6 parents, our Google Classroom class code for home learning is x7kq2mb", .block),
        .passes("The door code changed, ask the office"),
        .flags("new staff wifi key is sierra tango oscar romeo mike two four, all lower case", .block),
        .flags("Supply staff, here's the staff wifi QR so you don't have to hunt down the office 👇", .block),
        .flags("jonesy — it's Harbour2024! with a capital H, same as the staffroom PCs", .block),
        .flags("Whoever left 'office / Pennies99' on a post-it on the bursar's monitor: brilliant", .block),
        .flags("PE store padlock is back to 0-4-7-1, don't tell the Y9s", .block),
        .flags("alarm code is the year the Titanic sank, then the hash key", .block),
        .flags("The side gate code is just the last four digits of the school phone number", .block),
        .passes("Mike, Oscar and Charlie were brilliant in the nativity"),
        .flags("Why does SIMS make me change my password every 30 days?? Fine. It's Seagull!23 now", .block),
        .flags("Guest wifi in the sports hall is T1deM@rk99, you're welcome", .block),
        .flags("if anyone's locked out of the staffroom again it's C1234 on the keypad", .block),
        .flags("at least this one's easy, staff wifi is Staff-WiFi / Harbour2024!", .block),
        .flags("the side gate override is *0990", .block),
        .passes("Any of you play Fortnite? Add me, username's MrT_Gaming"),
        .flags("CPOMS locked me out AGAIN. For the record it's Biscuit2023 and I typed it RIGHT", .block),
        .flags("New alarm panel fitted today. Code is the year on the foundation stone, backwards", .block),
        .passes("it's Tuesday with a capital T for Terrible"),
        .passes("Password tip: never use your dog's name or your birthday"),
        .passes("My password is not my dog's name, before anyone asks"),
    ]

    init(_ knowledge: Knowledge) {
        let m = knowledge.matcher
        secret = m.lexicon("security/secret")
        login = m.lexicon("security/login")
        bare = m.lexicon("security/bare")
        accessContext = m.lexicon("security/access-context")
        example = m.lexicon("security/example")
        lock = m.lexicon("security/lock")
        hint = m.lexicon("security/hint")
        sharedImage = m.lexicon("security/shared-image")
        passwordTalk = m.lexicon("security/password-talk")
    }

    enum Kind { case secret, code, login, lock }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        // "here's the staff wifi QR 👇": the picture is the key.
        for hit in d.hits(sharedImage) {
            out.append(
                d.candidate(
                    .security, "security.code", .block, Int(hit.first), Int(hit.last), confidence: 0.8,
                    message: "Shares a picture that logs people in (a Wi-Fi or log-in QR code).", reason: Self.reason,
                    suggestion: "Remove it and change the key; share access in person or through IT."))
        }
        unnamedPasswords(d, &out)
        var keywords: [(first: Int, last: Int, kind: Kind)] = []
        for hit in d.hits(secret) { keywords.append((Int(hit.first), Int(hit.last), isCode(d, Int(hit.last)) ? .code : .secret)) }
        for hit in d.hits(login) { keywords.append((Int(hit.first), Int(hit.last), .login)) }
        // "code" or "key" alone names a secret only beside a door, an alarm or a network.
        for hit in d.hits(bare) where !d.hits(secret).contains(where: { $0.first <= hit.first && hit.last <= $0.last }) {
            let i = Int(hit.first)
            // "New alarm panel fitted today. Code is …": the context may be the sentence before.
            let s = d.tokens[i].sentence
            if d.has(accessContext, sentence: s) || (s > 0 && d.has(accessContext, sentence: s - 1)) {
                keywords.append((i, Int(hit.last), .code))
            }
        }
        // "the side door is 3141": a keypad's code given without the word "code".
        let named = keywords
        for hit in d.hits(lock) where !named.contains(where: { $0.first <= Int(hit.last) && Int(hit.first) <= $0.last }) {
            keywords.append((Int(hit.first), Int(hit.last), .lock))
        }
        // "example passwords: Password123 is weak": a lesson or advice, not a leak.
        keywords.removeAll { k in d.hits(example).contains { Int($0.last) < k.first && k.first - Int($0.last) <= 2 } }
        keywords.sort { $0.first < $1.first }
        // A lock noun inside another keyword's phrase ("key safe by the side door is 4719") does not
        // cut that keyword's value short.
        let starts = Set(keywords.filter { $0.kind != .lock }.map(\.first))
        var taken: [Range<Int>] = []
        for keyword in keywords {
            guard let value = value(d, after: keyword.last, kind: keyword.kind, keywordStarts: starts) else {
                if keyword.kind != .login, let clue = clue(d, after: keyword.last) {
                    out.append(
                        d.candidate(
                            .security, "security.hint", .block, keyword.first, clue, confidence: 0.75,
                            message: "Gives away a password or code through a clue to it.", reason: Self.reason,
                            suggestion: "Remove it and change it: anyone who knows the school can work it out."))
                }
                continue
            }
            guard !taken.contains(where: { $0.overlaps(value) }) else { continue }
            // "Add me, username's MrT_Gaming": a user name alone opens nothing; with its password it does.
            if keyword.kind == .login, d.is_(keyword.first, "username") || d.is_(keyword.first, "user"),
                !d.stream.text.bytes[value].contains(0x2F)
            {
                continue
            }
            taken.append(value)
            let start = d.tokens[keyword.first].start
            let isAccessCode = keyword.kind == .code || keyword.kind == .lock
            var candidate = d.candidate(
                .security, "security." + (keyword.kind == .login ? "login" : isAccessCode ? "code" : "password"),
                .block, keyword.first, keyword.last, confidence: 0.9,
                message: isAccessCode ? "Shares an access code." : "Shares a password or log-in.",
                reason: Self.reason,
                suggestion: "Remove it and change it; share access details in person or through IT.", entity: true)
            // Values keep their own symbols ("4471#", "Tr1ton!Bay77"), which the tokens split.
            candidate.range = d.stream.originalRange(folded: Int(start)..<value.upperBound)
            out.append(candidate)
        }
    }

    /// A password given without the word: "it's Harbour2024! with a capital H, same as the staffroom
    /// PCs", or a quoted "user / secret" pair ("'office / Pennies99' on a post-it").
    private func unnamedPasswords(_ d: Draft, _ out: inout [Candidate]) {
        let bytes = d.stream.text.bytes
        for hit in d.hits(passwordTalk) {
            // The value's own "!" may end the sentence before the description: "it's Harbour2024! with…".
            let s = d.tokens[Int(hit.first)].sentence
            guard let here = d.sentenceBounds(s) else { continue }
            let bounds = s > 0 ? (d.sentenceBounds(s - 1)?.lowerBound ?? here.lowerBound)...here.upperBound : here
            for i in bounds where d.is_(i, "it's") || d.is_(i, "its") || (d.is_(i, "it") && (d.is_(i + 1, "'s") || d.is_(i + 1, "is"))) {
                let v = d.is_(i, "it") ? i + 2 : i + 1
                guard v <= bounds.upperBound, let run = run(bytes, from: Int(d.tokens[v].start)),
                    Self.looksSecret(Array(bytes[run]), kind: .secret, strict: true)
                else { continue }
                var candidate = d.candidate(
                    .security, "security.password", .block, i, Int(hit.last), confidence: 0.8,
                    message: "Shares a password or log-in.", reason: Self.reason,
                    suggestion: "Remove it and change it; share access details in person or through IT.", entity: true)
                candidate.range = d.stream.originalRange(folded: Int(d.tokens[i].start)..<max(run.upperBound, Int(d.tokens[Int(hit.last)].end)))
                out.append(candidate)
                break
            }
        }
        // "'office / Pennies99'": a quoted pair where the second half looks like a password.
        guard bytes.contains(0x2F) else { return }
        for i in 0..<d.count where (d.isPunct(i, 0x27) || d.isPunct(i, 0x22)) && d.isWord(i + 1) {
            guard let first = run(bytes, from: Int(d.tokens[i + 1].start)), let second = pair(bytes, after: first, kind: .login),
                Self.looksSecret(Array(bytes[second]), kind: .secret, strict: true), second.upperBound < bytes.count,
                bytes[second.upperBound] == bytes[Int(d.tokens[i].start)]
            else { continue }
            var candidate = d.candidate(
                .security, "security.login", .block, i, i + 1, confidence: 0.8, message: "Shares a password or log-in.",
                reason: Self.reason, suggestion: "Remove it and change it; share access details in person or through IT.", entity: true)
            candidate.range = d.stream.originalRange(folded: Int(d.tokens[i].start)..<(second.upperBound + 1))
            out.append(candidate)
        }
    }

    /// "pw is the head's dog's name + the year we opened": a clue right after the credential's
    /// linking word. Returns the clue's last token.
    private func clue(_ d: Draft, after last: Int) -> Int? {
        guard isLinker(d, last + 1) else { return nil }
        let sentence = d.tokens[last].sentence
        for hit in d.hits(hint, sentence: sentence) where Int(hit.first) >= last + 2 && Int(hit.first) <= last + 6 {
            if (last + 1..<Int(hit.first)).contains(where: { isNegation(d, $0) }) { return nil }
            return Int(hit.last)
        }
        return nil
    }

    private func isCode(_ d: Draft, _ last: Int) -> Bool {
        d.is_(last, "code") || d.is_(last, "codes") || d.is_(last, "pin") || d.is_(last, "pins") || d.is_(last, "combination")
            || d.is_(last, "combo") || d.is_(last, "safe") || d.is_(last, "keysafe") || d.is_(last, "box")
            || d.is_(last, "keybox")
    }

    // MARK: Finding the value

    /// The folded byte range of a secret-looking value after the keyword ending at token `last`:
    /// adjacent to it ("password Welcome2024"), or after a linking word ("is", "'s", "now", "to",
    /// ":", "="), in its sentence or — for the clearest values — the next ("… expired today? Mine's
    /// now Sunflower77!").
    private func value(_ d: Draft, after last: Int, kind: Kind, keywordStarts: Set<Int>) -> Range<Int>? {
        let sentence = d.tokens[last].sentence
        var i = last + 1
        while i < d.count, i - last <= 14 {
            let t = d.tokens[i]
            if t.sentence > sentence + 2 || keywordStarts.contains(i) || isNegation(d, i) { return nil }
            let nextSentence = t.sentence != sentence
            // Past the first few words only an unmistakable value counts: "… lol, 1-9-7-2", "the
            // password is on a post-it under the keyboard, it's 'maths4life'", "Is it still 7734?".
            if i - last > 9 || t.sentence == sentence + 2 {
                let bytes = d.stream.text.bytes
                if !nextSentence, let spaced = Self.spacedDigits(bytes, from: Int(t.start)), spaced.count >= 7 { return spaced }
                // "It's now Tw1nkl3!!", "it is 'maths4life'"
                let itIs: (Int) -> Bool = { d.is_($0, "it's") || d.is_($0, "its") }
                guard t.kind == .word || t.kind == .punct,
                    itIs(i - 1) || isLinker(d, i - 1) && (d.is_(i - 2, "it") || itIs(i - 2) || (d.is_(i - 3, "it") && isLinker(d, i - 2)))
                else {
                    i += 1
                    continue
                }
            }
            // A lock's code follows its one linking word at once: "the side door is 3141".
            // "the PE store padlock is back to 0-4-7-1": a few linking words at most.
            if kind == .lock, i > last + 1 {
                guard i <= last + 4, (last + 1..<i).allSatisfy({ isLinker(d, $0) || d.is_($0, "back") }), !nextSentence else {
                    return nil
                }
            }
            if t.kind == .word || t.kind == .punct, i == last + 1 || isLinker(d, i - 1) {
                let strict = nextSentence || i == last + 1
                if let range = secretRun(d, i, kind: kind, strict: strict) { return range }
            }
            i += 1
        }
        return nil
    }

    /// Words and marks that join a credential to its value.
    private func isLinker(_ d: Draft, _ i: Int) -> Bool {
        guard i >= 0 else { return false }
        // : = - , (   ("my SIMS login, CurtisL / Seagull#44", "the combination on the board (19-04-77)")
        if d.isPunct(i, 0x3A) || d.isPunct(i, 0x3D) || d.isPunct(i, 0x2D) || d.isPunct(i, 0x2C) || d.isPunct(i, 0x28) { return true }
        for w: StaticString in ["is", "'s", "are", "was", "were", "now", "to", "be", "been", "still", "currently", "remains", "becomes"]
        where d.is_(i, w) {
            return true
        }
        return false
    }

    private func isNegation(_ d: Draft, _ i: Int) -> Bool {
        d.is_(i, "not") || d.is_(i, "never") || d.is_(i, "isn't") || d.is_(i, "wasn't") || d.is_(i, "no")
    }

    /// The non-space run of folded bytes starting at token `i`, when it looks like a secret; with a
    /// "user / secret" pair taken whole.
    private func secretRun(_ d: Draft, _ i: Int, kind: Kind, strict: Bool) -> Range<Int>? {
        let bytes = d.stream.text.bytes
        // "four six two eight star", "four-one-one-nine": a code said in words.
        if kind != .login, let words = numberWords(d, from: i) { return words }
        // "sierra tango oscar romeo mike two four": a key spelled in the phonetic alphabet.
        if kind != .login, let spelled = phoneticWords(d, from: i) { return spelled }
        // "P a n c a k e s 9 9": a password typed one character at a time.
        if kind == .secret, let spaced = Self.spacedCharacters(bytes, from: Int(d.tokens[i].start)),
            Self.looksSecret(bytes[spaced].filter { $0 != 0x20 }, kind: kind, strict: false)
        {
            return spaced
        }
        // "4 7 1 9", "4-4-7-1": a keypad code keyed in one digit at a time.
        if let spaced = Self.spacedDigits(bytes, from: Int(d.tokens[i].start)) {
            return Self.looksSecret(bytes[spaced].filter { $0 != 0x20 && $0 != 0x2D }, kind: kind, strict: strict) ? spaced : nil
        }
        guard let first = run(bytes, from: Int(d.tokens[i].start)) else { return nil }
        if Self.looksSecret(Array(bytes[first]), kind: kind, strict: strict) {
            return pair(bytes, after: first, kind: kind).map { first.lowerBound..<$0.upperBound } ?? first
        }
        // "jsutton / Summer24!": a username is not secret, the pair is ("Staff-WiFi / Harbour2024!"
        // for a network and its key).
        if kind == .login || kind == .secret, let second = pair(bytes, after: first, kind: kind) {
            return first.lowerBound..<second.upperBound
        }
        return nil
    }

    private static let digitWords: Set<String> = [
        "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ]

    /// Three or more digit words from token `i`, spaced or hyphenated, perhaps ending in "star" or
    /// "hash": the folded byte range.
    private func numberWords(_ d: Draft, from i: Int) -> Range<Int>? {
        // One hyphenated token: "four-one-one-nine".
        if d.isWord(i), case let parts = d.key(i).split(separator: "-"), parts.count >= 3,
            parts.allSatisfy({ Self.digitWords.contains(String($0)) })
        {
            return Int(d.tokens[i].start)..<Int(d.tokens[i].end)
        }
        var j = i
        var count = 0
        var last = i
        while j < d.count {
            if d.isWord(j), Self.digitWords.contains(d.key(j)) {
                count += 1
                last = j
                j += 1
            } else if d.isPunct(j, 0x2D), count > 0, d.tokens[j].gapBefore == 0 {
                j += 1
            } else {
                break
            }
        }
        guard count >= 3 else { return nil }
        if last + 1 < d.count, d.is_(last + 1, "star") || d.is_(last + 1, "hash") { last += 1 }
        return Int(d.tokens[i].start)..<Int(d.tokens[last].end)
    }

    private static let phonetic: Set<String> = [
        "alpha", "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "juliett", "kilo",
        "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
        "whisky", "x-ray", "xray", "yankee", "zulu",
    ]

    /// Four or more words of the phonetic alphabet (digit words may follow or mix in), at least three
    /// of them letters: the folded byte range.
    private func phoneticWords(_ d: Draft, from i: Int) -> Range<Int>? {
        var j = i
        var letters = 0
        var last = i
        while j < d.count, d.isWord(j) {
            let key = d.key(j)
            if Self.phonetic.contains(key) {
                letters += 1
            } else if !Self.digitWords.contains(key) {
                break
            }
            last = j
            j += 1
        }
        guard letters >= 3, last - i >= 3 else { return nil }
        return Int(d.tokens[i].start)..<Int(d.tokens[last].end)
    }

    /// Four to forty single letters or digits from `start`, each after one space: "P a n c a k e s 9 9".
    static func spacedCharacters(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        let n = bytes.count
        func isCharAt(_ k: Int) -> Bool { k < n && (TokenStream.isLetter(bytes[k]) || TokenStream.isDigit(bytes[k])) }
        guard isCharAt(start), !isCharAt(start + 1) else { return nil }
        var end = start + 1
        var count = 1
        while end + 1 < n, bytes[end] == 0x20, isCharAt(end + 1), !isCharAt(end + 2), count < 40 {
            end += 2
            count += 1
        }
        return count >= 4 ? start..<end : nil
    }

    /// Three to eight single digits from `start`, each after one space or one dash (the same
    /// throughout), perhaps ending in "#" or "*". A time ("7 30") or a score ("3-1") has fewer groups.
    static func spacedDigits(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        let n = bytes.count
        func isDigitAt(_ k: Int) -> Bool { k < n && TokenStream.isDigit(bytes[k]) }
        guard isDigitAt(start), !isDigitAt(start + 1), start + 2 < n,
            bytes[start + 1] == 0x20 || bytes[start + 1] == 0x2D
        else { return nil }
        let separator = bytes[start + 1]
        var end = start + 1
        var groups = 1
        while end + 1 < n, bytes[end] == separator, isDigitAt(end + 1), !isDigitAt(end + 2), groups < 8 {
            end += 2
            groups += 1
        }
        guard groups >= 3 else { return nil }
        if end < n, bytes[end] == 0x23 || bytes[end] == 0x2A { end += 1 }
        return start..<end
    }

    /// After `first`, " / value" where value looks secret.
    private func pair(_ bytes: [UInt8], after first: Range<Int>, kind: Kind) -> Range<Int>? {
        var j = first.upperBound
        while j < bytes.count, bytes[j] == 0x20 { j += 1 }
        guard j < bytes.count, bytes[j] == 0x2F else { return nil }
        j += 1
        while j < bytes.count, bytes[j] == 0x20 { j += 1 }
        guard j < bytes.count, let second = run(bytes, from: j),
            Self.looksSecret(Array(bytes[second]), kind: .secret, strict: false)
        else { return nil }
        return second
    }

    /// Bytes from `start` to the next space or emoji, without closing punctuation.
    private func run(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        var end = start
        while end < bytes.count {
            let b = bytes[end]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == FoldedText.symbol || b == 0x2F { break }
            end += 1
        }
        while end > start, [0x2E, 0x2C, 0x3B, 0x3A, 0x29, 0x22, 0x27, 0x3F].contains(bytes[end - 1]) { end -= 1 }
        // A quoted value keeps its closing quote: "'seahorse'".
        if end > start + 1, bytes[start] == 0x27 || bytes[start] == 0x22, end < bytes.count, bytes[end] == bytes[start] {
            end += 1
        }
        return end > start ? start..<end : nil
    }

    /// Does a value look like a password or code rather than an ordinary word, time, price or date?
    static func looksSecret(_ v: [UInt8], kind: Kind, strict: Bool) -> Bool {
        guard v.count >= 3, v.count <= 40 else { return false }
        var letters = 0
        var digits = 0
        var uppers = 0
        var innerUpper = false
        var symbols = 0
        for (n, b) in v.enumerated() {
            if TokenStream.isLetter(b) {
                letters += 1
                if b <= 0x5A {
                    uppers += 1
                    if n > 0 { innerUpper = true }
                }
            } else if TokenStream.isDigit(b) {
                digits += 1
            } else if b >= 0x80 {
                return false  // "£20", accented words: not a typed secret
            } else {
                symbols += 1
            }
        }
        let text = String(decoding: v, as: UTF8.self).lowercased()
        if text.contains("@") && text.contains(".") || text.contains("://") || text.hasPrefix("www.") { return false }
        if text.first == "$" || text.first == "#" || text.first == "@" { return false }  // prices, hashtags, handles
        if kind == .lock {
            return letters == 0 && digits >= 4 && digits <= 8 && v.allSatisfy { TokenStream.isDigit($0) || $0 == 0x23 || $0 == 0x2A }
        }
        if letters == 0 {
            // Digits, perhaps with # or *: a keypad code. Not a time, date, price or score.
            let marks = v.filter { !TokenStream.isDigit($0) }
            // A safe's combination in dashed pairs: "19-04-77".
            if kind == .code, marks.count >= 2, marks.allSatisfy({ $0 == 0x2D }), digits >= 6, digits <= 8 { return true }
            guard marks.allSatisfy({ $0 == 0x23 || $0 == 0x2A }), digits >= 3, digits <= 10 else { return false }
            return !strict || kind == .code || digits >= 4
        }
        if digits > 0 {
            // "9am", "3rd", "10mins", "5k", "Y7": times, ordinals and units, not secrets.
            let tail = String(text.drop(while: { $0.isNumber }))
            let units: Set<String> = [
                "am", "pm", "st", "nd", "rd", "th", "k", "km", "m", "mins", "min", "hrs", "hr", "h", "s", "x", "p", "gb",
                "mb", "mph", "kg", "g", "ish", "yrs", "yr", "days", "weeks",
            ]
            if text.first?.isNumber == true, units.contains(tail) { return false }
            return v.count >= 5 || symbols > 0
        }
        // A quoted word straight after "password is" is the password: "the password is 'seahorse'".
        if !strict, kind == .secret, v[0] == 0x27 || v[0] == 0x22, v.last == v[0], letters >= 4, letters + 2 == v.count {
            return true
        }
        // An access code has digits; "combination: U.S.-based" is a merger.
        if kind == .code { return false }
        if symbols > 0 {
            // "Tide&Moon" is a secret; "well-known", "U.S." and "hello!" are words.
            let inner = v.dropFirst().dropLast().contains { !TokenStream.isLetter($0) && ![0x2D, 0x27, 0x2E].contains($0) }
            return inner && letters >= 4
        }
        // Letters only: only a mixed-case made-up word ("OakTree") right after a linking word.
        return !strict && innerUpper && uppers < letters && v.count >= 6 && kind != .login
    }
}
