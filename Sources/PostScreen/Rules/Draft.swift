/// A draft analysed once for all rules: folded text, tokens, and every lexicon hit.
struct Draft {
    let knowledge: Knowledge
    let account: Account
    let stream: TokenStream
    let hits: [PhraseMatcher.Hit]
    /// For each lexicon, the range of its hits in `hits` (sorted by lexicon).
    private let hitRanges: [Range<Int>]

    init(_ text: FoldedText, knowledge: Knowledge, account: Account) {
        self.knowledge = knowledge
        self.account = account
        var stream = TokenStream(text)
        knowledge.matcher.label(&stream)
        var hits: [PhraseMatcher.Hit] = []
        knowledge.matcher.scan(stream, into: &hits)
        hits.sort { ($0.lexicon, $0.first, $0.last) < ($1.lexicon, $1.first, $1.last) }
        var ranges = [Range<Int>](repeating: 0..<0, count: knowledge.matcher.lexiconNames.count)
        var i = 0
        while i < hits.count {
            let lexicon = Int(hits[i].lexicon)
            var j = i
            while j < hits.count && Int(hits[j].lexicon) == lexicon { j += 1 }
            ranges[lexicon] = i..<j
            i = j
        }
        self.stream = stream
        self.hits = hits
        self.hitRanges = ranges
        // First and last token of every sentence and clause, so bounds are lookups, not scans.
        let lastSentence = Int(stream.tokens.last?.sentence ?? 0)
        let lastClause = Int(stream.tokens.last?.clause ?? 0)
        var sentenceSpans = [Range<Int>](repeating: 0..<0, count: lastSentence + 1)
        var clauseSpans = [Range<Int>](repeating: 0..<0, count: lastClause + 1)
        for (i, t) in stream.tokens.enumerated() {
            let s = Int(t.sentence)
            sentenceSpans[s] = sentenceSpans[s].isEmpty ? i..<(i + 1) : sentenceSpans[s].lowerBound..<(i + 1)
            let c = Int(t.clause)
            clauseSpans[c] = clauseSpans[c].isEmpty ? i..<(i + 1) : clauseSpans[c].lowerBound..<(i + 1)
        }
        self.sentenceSpans = sentenceSpans
        self.clauseSpans = clauseSpans
    }

    private let sentenceSpans: [Range<Int>]

    /// Sentences in the draft (numbered from 0; a number may hold no tokens).
    var sentenceCount: Int { sentenceSpans.count }
    /// The tokens of sentence `s`.
    func sentenceTokens(_ s: Int) -> Range<Int> { sentenceSpans[s] }
    private let clauseSpans: [Range<Int>]
    /// No lexicon phrase is longer than this many tokens (bounds the look-back of `covered`).
    private static let longestPhrase = 12

    /// Index in `hits` of the first hit of `lexicon` whose first token is at or after `token`.
    private func firstHit(_ lexicon: Int, from token: Int) -> Int {
        var lo = hitRanges[lexicon].lowerBound
        var hi = hitRanges[lexicon].upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(hits[mid].first) < token { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Hits of `lexicon` whose first token lies in `tokens`.
    func hits(_ lexicon: Int, startingIn tokens: Range<Int>) -> ArraySlice<PhraseMatcher.Hit> {
        let a = firstHit(lexicon, from: tokens.lowerBound)
        let b = firstHit(lexicon, from: tokens.upperBound)
        return hits[a..<b]
    }

    /// The token whose folded bytes contain `offset` (or the first after it).
    func token(atFolded offset: Int) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(tokens[mid].end) <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    var tokens: [Token] { stream.tokens }
    var count: Int { stream.tokens.count }

    // MARK: Lexicon hits

    /// Hits of one lexicon, in order of position.
    @inline(__always) func hits(_ lexicon: Int) -> ArraySlice<PhraseMatcher.Hit> { hits[hitRanges[lexicon]] }

    func has(_ lexicon: Int) -> Bool { !hitRanges[lexicon].isEmpty }

    /// Hits of `lexicon` inside sentence `sentence`.
    func hits(_ lexicon: Int, sentence: Int32) -> [PhraseMatcher.Hit] {
        hits(lexicon).filter { tokens[Int($0.first)].sentence == sentence }
    }

    func has(_ lexicon: Int, sentence: Int32) -> Bool {
        hits(lexicon).contains { tokens[Int($0.first)].sentence == sentence }
    }

    func has(_ lexicon: Int, clause: Int32) -> Bool {
        hits(lexicon).contains { tokens[Int($0.first)].clause == clause }
    }

    /// Hits of `lexicon` within `window` tokens of token `i`, in the same sentence.
    func hits(_ lexicon: Int, near i: Int, window: Int) -> [PhraseMatcher.Hit] {
        let sentence = tokens[i].sentence
        let from = max(0, i - window - Self.longestPhrase)
        return hits(lexicon, startingIn: from..<(i + window + 1)).filter {
            tokens[Int($0.first)].sentence == sentence && Int($0.last) >= i - window && Int($0.first) <= i + window
        }
    }

    /// True when token `i` is covered by a hit of `lexicon`.
    func covered(_ i: Int, by lexicon: Int) -> Bool {
        hits(lexicon, startingIn: max(0, i - Self.longestPhrase)..<(i + 1)).contains { i <= Int($0.last) }
    }

    // MARK: Tokens

    /// The lower-case key of token `i`: as written, or its leetspeak reading when that is a word the
    /// screener knows (a lexicon word, a given name or a surname: "Mr5" is "mrs", "J0n35" is "jones")
    /// and the written form is not ("Y11", "10B" and "U16s" stay as they are).
    func key(_ i: Int) -> String {
        let t = tokens[i]
        guard t.leetEnd > t.leetStart, t.word < 0 else { return stream.keyString(at: i) }
        let leet = stream.keys[Int(t.leetStart)..<Int(t.leetEnd)]
        guard t.leetWord >= 0 || knowledge.isGivenName(leet) || knowledge.surnames.id(of: leet) >= 0 else {
            return stream.keyString(at: i)
        }
        return String(decoding: leet, as: UTF8.self)
    }
    /// Whether token `i` is `word`, as written or in its leetspeak reading ("y0u" is "you").
    func is_(_ i: Int, _ word: StaticString) -> Bool {
        guard i >= 0 && i < count else { return false }
        if stream.keyEquals(i, word) { return true }
        let t = tokens[i]
        guard t.leetEnd > t.leetStart, Int(t.leetEnd - t.leetStart) == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in
            stream.keys[Int(t.leetStart)..<Int(t.leetEnd)].elementsEqual(buffer)
        }
    }
    func isWord(_ i: Int) -> Bool { i >= 0 && i < count && tokens[i].kind == .word }
    func isPunct(_ i: Int, _ byte: UInt8) -> Bool {
        i >= 0 && i < count && tokens[i].kind == .punct && stream.text.bytes[Int(tokens[i].start)] == byte
    }

    /// Original byte range of tokens `first...last`.
    func range(_ first: Int, _ last: Int) -> Range<Int> { stream.originalRange(first, last) }

    /// Whether the post holds a symbol (emoji) from `set`, read from the original bytes, since
    /// folding makes every emoji one placeholder.
    func hasSymbol(in set: Set<Unicode.Scalar>) -> Bool {
        (0..<count).contains { symbolIs(in: set, $0) }
    }

    /// Whether token `i` is a symbol whose original text holds a scalar from `set`.
    func symbolIs(in set: Set<Unicode.Scalar>, _ i: Int) -> Bool {
        guard i >= 0, i < count, tokens[i].kind == .symbol else { return false }
        var bytes = stream.text.source[range(i, i)].makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&bytes) {
            if set.contains(scalar) { return true }
        }
        return false
    }

    /// Whether the school's one-word or full name at `hit` is followed by a street type ("Oakfield
    /// Road", "Harbourside Lane"): the street, not the school.
    func isStreet(_ hit: PhraseMatcher.Hit, streetTypes: Int) -> Bool {
        let next = Int(hit.last) + 1
        return next < count && tokens[next].flags.contains(.capitalised) && covered(next, by: streetTypes)
    }

    /// Original text of tokens `first...last`.
    func text(_ first: Int, _ last: Int) -> String {
        let r = range(first, last)
        return String(decoding: stream.text.source[r], as: UTF8.self)
    }

    /// First and last token index of a sentence.
    func sentenceBounds(_ sentence: Int32) -> ClosedRange<Int>? {
        guard sentence >= 0, Int(sentence) < sentenceSpans.count, !sentenceSpans[Int(sentence)].isEmpty else { return nil }
        let r = sentenceSpans[Int(sentence)]
        return r.lowerBound...(r.upperBound - 1)
    }

    /// First and last token index of a clause.
    func clauseBounds(_ clause: Int32) -> ClosedRange<Int>? {
        guard clause >= 0, Int(clause) < clauseSpans.count, !clauseSpans[Int(clause)].isEmpty else { return nil }
        let r = clauseSpans[Int(clause)]
        return r.lowerBound...(r.upperBound - 1)
    }

    /// Trims punctuation and symbols from both ends of a token range.
    func trimmed(_ first: Int, _ last: Int) -> (Int, Int) {
        var a = first
        var b = last
        while a < b && (tokens[a].kind == .punct || tokens[a].kind == .symbol) { a += 1 }
        while b > a && (tokens[b].kind == .punct || tokens[b].kind == .symbol) && !closesQuote(b, from: a) { b -= 1 }
        return (a, b)
    }

    /// Whether token `b` is a quote mark whose opening mark is inside `a..<b`: a span keeps the
    /// closing quote it opened ("has been 'helping'").
    private func closesQuote(_ b: Int, from a: Int) -> Bool {
        guard tokens[b].kind == .punct else { return false }
        let mark = stream.text.bytes[Int(tokens[b].start)]
        guard mark == 0x27 || mark == 0x22 else { return false }
        var marks = 0
        for i in a..<b where isPunct(i, mark) { marks += 1 }
        return marks % 2 == 1
    }

    /// Whether the draft names a class or year code ("Y10", "8H", "10X", "U14"): a pupil context,
    /// and a sign the author is writing about their own school.
    var hasClassCode: Bool {
        for i in 0..<count where tokens[i].kind == .word && tokens[i].flags.contains(.hasDigit) {
            if PupilNameRule.isClassCode(stream.key(at: i)) { return true }
        }
        return false
    }

    /// Index of the first sentence, so that whole-draft checks ("any pupil context") are cheap.
    var sentences: ClosedRange<Int32> { 0...(tokens.last?.sentence ?? 0) }

    /// A candidate for tokens `first...last`.
    func candidate(
        _ category: Category, _ rule: String, _ grade: Grade, _ first: Int, _ last: Int, confidence: Double,
        message: String, reason: String, suggestion: String? = nil, entity: Bool = false
    ) -> Candidate {
        let (a, b) = trimmed(first, last)
        return Candidate(
            category: category, rule: rule, grade: grade, confidence: confidence, range: range(a, b),
            message: message, reason: reason, suggestion: suggestion, clause: tokens[a].clause, isEntity: entity)
    }

    // MARK: Quotation

    /// Tokens inside a short quotation closed in the same sentence: "called me a 'menace'", "a sign
    /// reading 'No Irish, no blacks, no dogs'". A long or unclosed quotation is not treated as a mention.
    func quotedTokens() -> [Bool] {
        var quoted = [Bool](repeating: false, count: count)
        var open: (index: Int, mark: UInt8)? = nil
        for i in 0..<count {
            let t = tokens[i]
            if let o = open, t.sentence != tokens[o.index].sentence, i - o.index > 40 { open = nil }
            guard t.kind == .punct else { continue }
            let mark = stream.text.bytes[Int(t.start)]
            guard mark == 0x22 || mark == 0x27 else { continue }
            if let o = open, o.mark == mark {
                // A closing mark hugs the word before it.
                if t.gapBefore == 0 || mark == 0x22 {
                    if i - o.index - 1 <= 12 { for k in (o.index + 1)..<i { quoted[k] = true } }
                    open = nil
                }
                continue
            }
            // An opening mark hugs the word after it.
            if open == nil, i + 1 < count, tokens[i + 1].gapBefore == 0, tokens[i + 1].kind != .punct || mark == 0x22 {
                open = (i, mark)
            }
        }
        return quoted
    }

    /// Words that introduce speech, a title or a word talked about: "she said 'thanks for the help'",
    /// "a course called 'Working Together'", "the word 'sick'".
    private static let quotationIntroducers: Set<String> = [
        "said", "says", "say", "saying", "told", "called", "calls", "call", "named", "titled", "entitled", "read",
        "reads", "reading", "word", "words", "term", "phrase", "wrote", "writes", "asked", "replied", "shouted",
        "sign", "labelled", "marked", "like", "theme", "motto", "slogan", "winner", "runner-up", "answer",
    ]

    /// Scare quotes: short quoted runs of one to four words ("'helping'", "'for budget reasons'") that
    /// are not a title (capitalised), not speech and not a word talked about. Token ranges inside
    /// the quote marks.
    func scareQuotes() -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var i = 0
        while i < count {
            guard isPunct(i, 0x27) || isPunct(i, 0x22), i + 1 < count, tokens[i + 1].gapBefore == 0, isWord(i + 1) else {
                i += 1
                continue
            }
            let mark = stream.text.bytes[Int(tokens[i].start)]
            var j = i + 1
            while j < count, j - i <= 5, isWord(j) || (tokens[j].kind == .punct && !isPunct(j, mark) && !isPunct(j, 0x2E)) {
                j += 1
            }
            guard j < count, isPunct(j, mark), tokens[j].gapBefore == 0, j - i - 1 <= 4,
                tokens[j].sentence == tokens[i].sentence
            else {
                i += 1
                continue
            }
            let first = i + 1
            var k = i - 1
            while k >= 0, tokens[k].kind == .punct, !isPunct(k, 0x2E) { k -= 1 }
            let introduced = isWord(k) && Self.quotationIntroducers.contains(key(k))
            // A capitalised quote mid-sentence is a title or a name ("a course called 'Working Together'").
            let title = tokens[first].flags.contains(.capitalised) && k >= 0 && tokens[k].sentence == tokens[first].sentence
            if !introduced && !title { out.append(first...(j - 1)) }
            i = j + 1
        }
        return out
    }
}
