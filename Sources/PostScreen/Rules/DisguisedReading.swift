/// Names and contact details written to slip past a filter: characters spaced or dotted apart
/// ("B e t h a n y  F o s t e r", "D  M    m e", "1 4  C e d a r  G r o v e"), and, for names, every
/// letter that can be swapped for a digit or symbol swapped ("B3th4ny F05t3r", "$@m 8egum", "1514 J0n35").
///
/// The draft is read a second time with spaced characters joined (`CollapsedText`) and, for names,
/// leetspeak folded in words (`LeetWords`); the rule runs on that reading, and what it finds there, on
/// joined or folded characters and not already found at that grade, is reported on the original bytes.
/// Drafts with neither (nearly all) cost a pass or two over the bytes. The main token stream, its
/// lexicon hits and the trained scorer's features are untouched.
enum DisguisedReading {
    /// Candidates `find` raises on the disguised reading of `d` that the plain reading (`found`) missed.
    static func candidates(
        _ d: Draft, found: ArraySlice<Candidate>, leetspeak: LeetWords.Reading?, _ find: (Draft, inout [Candidate]) -> Void
    ) -> [Candidate] {
        let folded = d.stream.text.bytes
        guard mayBeDisguised(folded, leetspeak: leetspeak != nil, numberThenLetters: leetspeak == .names && !d.knowledge.roster.isEmpty)
        else { return [] }
        let collapsed = CollapsedText(folded)
        var view = collapsed?.bytes ?? folded
        var changed = collapsed?.joined ?? []
        let folds = leetspeak.map { LeetWords.fold(&view, as: $0, knowledge: d.knowledge) } ?? []
        guard collapsed != nil || !folds.isEmpty else { return [] }
        for r in folds { changed.append(collapsed?.foldedRange(r) ?? r) }
        changed = Self.merged(changed)
        let plain = Self.merged(found.map(\.range))
        let reread = Draft(FoldedText(source: view), knowledge: d.knowledge, account: d.account)
        var raised: [Candidate] = []
        find(reread, &raised)
        var out: [Candidate] = []
        for var c in raised {
            let inView = c.range
            let inFolded = collapsed?.foldedRange(inView) ?? inView
            guard CollapsedText.overlapsAny(changed, inFolded) else { continue }
            let original = d.stream.originalRange(folded: inFolded)
            // Already found at this grade or higher; a higher grade replaces a lower one when graded.
            // (The rule's own findings are all of its category; only overlapping ones are compared.)
            if CollapsedText.overlapsAny(plain, original),
                found.contains(where: { $0.category == c.category && $0.range.overlaps(original) && $0.grade >= c.grade })
            {
                continue
            }
            c.range = original
            let token = d.token(atFolded: inFolded.lowerBound)
            if token < d.count { c.clause = d.tokens[token].clause }
            out.append(c)
        }
        return out
    }

    /// `ranges` sorted and with overlapping ones merged.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound < last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// One cheap pass that most drafts fail: four characters standing alone before a space or a mark
    /// (where a spaced or dotted run could start), or, with `leetspeak`, a digit or symbol right after a
    /// letter ("B3", "k@"), a "$" before one, or (`numberThenLetters`, for a roster) a digit before one
    /// ("8en"). Mentions ("@user"), "1st" and "8pm" alone do not pass.
    private static func mayBeDisguised(_ bytes: [UInt8], leetspeak: Bool, numberThenLetters: Bool) -> Bool {
        bytes.withUnsafeBufferPointer { f in
            let n = f.count
            var singles = 0
            for i in 0..<n {
                let b = f[i]
                if leetspeak, LeetWords.letter(b) != nil {
                    if i > 0 && TokenStream.isLetter(f[i - 1]) { return true }
                    if i + 1 < n && TokenStream.isLetter(f[i + 1]) && (b == 0x24 || numberThenLetters && b != 0x40) { return true }
                }
                if b != 0x20, i + 1 < n, f[i + 1] == 0x20 || f[i + 1] == 0x2E || f[i + 1] == 0x2D || f[i + 1] == 0x5F,
                    i == 0 || !TokenStream.isLetter(f[i - 1]) && !TokenStream.isDigit(f[i - 1])
                {
                    singles += 1
                    if singles >= CollapsedText.minimumRun { return true }
                }
            }
            return false
        }
    }
}

/// Leetspeak folded in words, for name matching: 0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t, 8 b, @ a, $ s.
enum LeetWords {
    /// What a word must be for its leetspeak to be read at all.
    private enum Proof {
        /// Anything: letters and swaps enough that it is plainly disguised ("B3th4ny").
        case none
        /// A word the name lists, the roster (or, for addresses, the dictionary) know.
        case lists
        /// A name on the roster (or, for addresses, a dictionary word).
        case roster
    }

    /// What the folded words are checked against when a "1" could be "i" or "l".
    enum Reading {
        /// Given names, surnames and the roster: "0'D0nn311" is O'Donnell.
        case names
        /// Those and the dictionary's common words: "C1053" is Close, "14n3" is Lane.
        case words
    }

    @inline(__always) static func letter(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30: return 0x6F  // 0 o
        case 0x31: return 0x69  // 1 i (or l: see `fold`)
        case 0x33: return 0x65  // 3 e
        case 0x34, 0x40: return 0x61  // 4 @ a
        case 0x35, 0x24: return 0x73  // 5 $ s
        case 0x37: return 0x74  // 7 t
        case 0x38: return 0x62  // 8 b
        default: return nil
        }
    }

    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        TokenStream.isLetter(b) || TokenStream.isDigit(b) || b == 0x40 || b == 0x24 || b == 0x27 || b == 0x2D
    }

    /// Folds leetspeak in the words of `bytes` in place (one byte for one byte) and returns the ranges
    /// folded. A word is folded when it mixes letters with digits and symbols that all stand for letters
    /// ("B3th4ny", "$@m", "K4l1n4"), or when it is three or more such digits that spell a given name or
    /// surname next to a word ("1514 J0n35"). Class codes ("Y10", "9C"), numbers with other digits
    /// ("U16", "2nd"), mentions ("@kai"), emails and prices ("$5") stay as written. Each "1" reads as
    /// "i" or "l", whichever makes a name the school or the name lists know.
    static func fold(_ bytes: inout [UInt8], as kind: Reading, knowledge k: Knowledge) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let n = bytes.count
        var next = 0
        while next < n {
            // Only words holding a swapped character are looked at: find one, then its word.
            guard letter(bytes[next]) != nil else {
                next += 1
                continue
            }
            var i = next
            while i > 0 && isWordByte(bytes[i - 1]) { i -= 1 }
            var j = i
            var letters = 0
            var swaps = 0
            var otherDigits = 0
            var uppers = 0
            while j < n && isWordByte(bytes[j]) {
                let b = bytes[j]
                if TokenStream.isLetter(b) {
                    letters += 1
                    if b <= 0x5A { uppers += 1 }
                } else if letter(b) != nil {
                    swaps += 1
                } else if TokenStream.isDigit(b) {
                    otherDigits += 1
                }
                j += 1
            }
            defer { next = max(j, next + 1) }
            guard swaps > 0, otherDigits == 0, j - i <= 32 else { continue }
            // Quotes and hyphens around a word are not part of it: "'w415h, 83nj4m1n'".
            var a = i
            var b = j
            while a < b && (bytes[a] == 0x27 || bytes[a] == 0x2D) { a += 1 }
            while b > a && (bytes[b - 1] == 0x27 || bytes[b - 1] == 0x2D) { b -= 1 }
            guard b - a >= 2, !isNumberWithSuffix(bytes[a..<b]) else { continue }
            let word = a..<b
            // "$5" is a price and "kai@…" an email, not letters in disguise; "@kai" is a mention unless
            // it reads as a name ("@13x" is "Alex").
            let mention = bytes[a] == 0x40 && !bytes[(a + 1)..<b].contains(where: { $0 == 0x40 || $0 == 0x24 })
            if bytes[word].contains(0x40), j + 1 < n, bytes[j] == 0x2E, TokenStream.isLetter(bytes[j + 1]) { continue }
            if bytes[a] == 0x24 && letters == 0 { continue }
            var proof: Proof = .none
            if letters > 0 {
                guard !PupilNameRule.isClassCode(bytes[word].map { TokenStream.isLetter($0) ? $0 | 0x20 : $0 }) else { continue }
                // A mention needs a swap beyond its "@" ("@13x"): "@user" is someone's handle.
                if mention && swaps < 2 { continue }
                // One swap, or one letter, is as often chance ("b4", "m8") as disguise.
                if mention || swaps < 2 || letters < 2 { proof = .lists }
                // A number then letters ("7am", "5pm", "8en") is a time or a measure unless the school's
                // roster (or, in an address, the dictionary: "14rch" is Larch) knows the word.
                if !TokenStream.isLetter(bytes[a]) && bytes[word].drop(while: { !TokenStream.isLetter($0) }).allSatisfy(TokenStream.isLetter) {
                    guard kind == .words || !k.roster.isEmpty else { continue }
                    proof = .roster
                }
            } else {
                // All digits: only a name the lists know, three or more long, beside a word.
                guard kind == .names, b - a >= 3, besideWord(bytes, word) else { continue }
                proof = .lists
            }
            guard
                let folded = reading(
                    bytes[word], letters: letters, uppers: uppers, proof: proof, kind,
                    capitalisedBefore: previousWordCapitalised(bytes, before: a), knowledge: k)
            else { continue }
            bytes.replaceSubrange(word, with: folded)
            out.append(word)
        }
        return out
    }

    /// Whether the word before `start` (on the same line) starts with a capital or a digit (a house number).
    private static func previousWordCapitalised(_ bytes: [UInt8], before start: Int) -> Bool {
        var k = start - 1
        while k >= 0 && (bytes[k] == 0x20 || bytes[k] == 0x2C) { k -= 1 }
        guard k >= 0, isWordByte(bytes[k]) else { return false }
        while k > 0 && isWordByte(bytes[k - 1]) { k -= 1 }
        return bytes[k] >= 0x41 && bytes[k] <= 0x5A || TokenStream.isDigit(bytes[k])
    }

    /// A number with a plural or ordinal ending: "4s" (Year 4s), "90s", "4th", "2nd", "1st", "3rd".
    private static func isNumberWithSuffix(_ word: ArraySlice<UInt8>) -> Bool {
        let digits = word.prefix(while: TokenStream.isDigit).count
        guard digits > 0 else { return false }
        let suffix = word.dropFirst(digits).map { $0 | 0x20 }
        return suffix == [0x73] || suffix == [0x74, 0x68] || suffix == [0x73, 0x74] || suffix == [0x6E, 0x64] || suffix == [0x72, 0x64]
    }

    /// Whether a word stands one space from `word`, on either side.
    private static func besideWord(_ bytes: [UInt8], _ word: Range<Int>) -> Bool {
        let before = word.lowerBound >= 2 && bytes[word.lowerBound - 1] == 0x20 && isWordByte(bytes[word.lowerBound - 2])
        let after = word.upperBound + 1 < bytes.count && bytes[word.upperBound] == 0x20 && isWordByte(bytes[word.upperBound + 1])
        return before || after
    }

    /// The letters `word` stands for: each "1" as "i" or "l" so that the word is a known name when one
    /// choice makes it so (else "i"). Case follows the word: capitals throughout stay capitals, and a
    /// swapped first letter is a capital. Nil when `proof` asks for a word a list (or the roster) knows
    /// and none does.
    private static func reading(
        _ word: ArraySlice<UInt8>, letters: Int, uppers: Int, proof: Proof, _ kind: Reading, capitalisedBefore: Bool,
        knowledge k: Knowledge
    )
        -> [UInt8]?
    {
        var key = word.map { b -> UInt8 in letter(b) ?? (TokenStream.isLetter(b) ? b | 0x20 : b) }
        let ones = word.indices.filter { word[$0] == 0x31 }.map { $0 - word.startIndex }
        func known(_ key: [UInt8]) -> Bool {
            // A possessive is checked without its "'s": "R113y's" is Riley's.
            var stem = key[...]
            if stem.count > 3, stem.last == 0x73, stem[stem.endIndex - 2] == 0x27 { stem = stem.dropLast(2) }
            if !k.roster.candidates(surnameStartingWith: stem).isEmpty { return true }
            if proof != .roster && (k.isGivenName(stem) || k.surnames.id(of: stem) >= 0) { return true }
            let word = String(decoding: stem, as: UTF8.self)
            if kind == .words { return k.dictionary.isCommonWord(word) }
            // A roster given name no list has ("Ilgi", "Aanuoluwapo"): the roster is small, and only
            // words with letters that no list knows get here.
            return letters > 0 && k.roster.entries.contains { $0.givenKeys.contains(word) }
        }
        // Only a choice to make ("1"), or a word that must be a name, needs the lists.
        if (!ones.isEmpty || proof != .none) && !known(key) {
            // Up to four "1"s: sixteen readings at most.
            var found = false
            if !ones.isEmpty && ones.count <= 4 {
                for mask in 1..<(1 << ones.count) {
                    var trial = key
                    for (bit, at) in ones.enumerated() where mask >> bit & 1 == 1 { trial[at] = 0x6C }
                    if known(trial) {
                        key = trial
                        found = true
                        break
                    }
                }
            }
            if !found && proof != .none { return nil }
        }
        let capitals = letters > 0 && uppers == letters && letters >= 2
        // A swapped first letter is a capital in a name; in other words only after a capitalised word or a
        // number ("14 F3rry 14n3" is Lane, "27 0rch4rd" Orchard, "snap me on 11v.311107792" liv).
        let capitalFirst = kind == .names || capitalisedBefore
        var out: [UInt8] = []
        out.reserveCapacity(key.count)
        for (m, b) in word.enumerated() {
            let lower = key[m]
            if TokenStream.isLetter(b) {
                out.append(b)
            } else if TokenStream.isLetter(lower) && (capitals || m == 0 && capitalFirst) {
                out.append(lower & ~0x20)
            } else {
                out.append(lower)
            }
        }
        return out
    }
}
