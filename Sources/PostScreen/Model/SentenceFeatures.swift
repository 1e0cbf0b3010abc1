/// The features the trained scorer reads from one sentence of a draft: hashed words, word pairs and
/// character 3–5-grams of the folded tokens, plus the cues the rules already computed (which word
/// lists matched, which rules fired, in the sentence and in the whole post, the words of the
/// sentence before, and the account).
///
/// Training and screening both get their features from here — `screen features` writes them out for
/// `scripts/train.py` — so the two cannot drift. Each feature is a bucket of a `1 << bits` table;
/// a sentence's value for a bucket is the times it occurs divided by `sqrt(n)`, `n` being all the
/// sentence's feature occurrences (no sorting or de-duplicating on the hot path).
///
/// Built once per screener (the word lists' and cues' hashes are computed here, not per post); the
/// per-post work hashes each token's bytes in place into one reused buffer.
public struct SentenceFeatures: Sendable {
    /// Bumped whenever what is hashed changes; the weight file must match it.
    static let version: UInt32 = 4
    /// Buckets are `1 << defaultBits` wide unless the weight file says otherwise.
    public static let defaultBits = 18

    let bits: Int
    /// "l:" and "L:" hashes of each word list, by the matcher's lexicon number.
    private let listInSentence: [UInt64]
    private let listInPost: [UInt64]
    /// "r:" and "R:" hashes of each category and grade a rule can give, `[category * 4 + grade]`.
    private let ruleInSentence: [UInt64]
    private let ruleInPost: [UInt64]
    private let official: UInt64
    static let categoryIndex: [Category: Int] = Dictionary(
        uniqueKeysWithValues: Category.allCases.enumerated().map { ($0.element, $0.offset) })

    /// Word lists added after the shipped weights were trained (issue 19's pupil-context, place and
    /// job cues): the rules read them, the scorer does not, so its features stay the ones it was
    /// trained on. Remove a list from here when the scorer is retrained with it (`make train`).
    static let listsNotScored: Set<String> = Set(PupilContextCues.lexicons + ["branding/job"])

    init(bits: Int, lexiconNames: [String]) {
        self.bits = bits
        // 0 marks a list the scorer does not read.
        listInSentence = lexiconNames.map { Self.listsNotScored.contains($0) ? 0 : Self.hash("l:", $0) }
        listInPost = lexiconNames.map { Self.listsNotScored.contains($0) ? 0 : Self.hash("L:", $0) }
        var inSentence: [UInt64] = []
        var inPost: [UInt64] = []
        for c in Category.allCases {
            for g in Grade.allCases {
                inSentence.append(Self.hash("r:", c.rawValue + ":" + g.description))
                inPost.append(Self.hash("R:", c.rawValue + ":" + g.description))
            }
        }
        ruleInSentence = inSentence
        ruleInPost = inPost
        official = Self.hash("a:", "official")
    }

    private static func cue(_ c: Candidate) -> Int { categoryIndex[c.category]! * 4 + c.grade.rawValue }

    /// Calls `visit` for each sentence of `draft` with its tokens, its original byte range, and the
    /// categories the rules found in it (bit `n` for `Category.allCases[n]`), after handing every
    /// feature occurrence of the sentence to `sink` (which `visit` then reads and resets).
    /// `candidates` are the rules' findings.
    func forEachSentence<Sink: FeatureSink>(
        of draft: Draft, candidates: [Candidate], account: Account, into sink: inout Sink,
        _ visit: (_ tokens: Range<Int>, _ range: Range<Int>, _ ruled: UInt32, _ sink: inout Sink) -> Void
    ) {
        let stream = draft.stream
        let tokens = stream.tokens
        guard !tokens.isEmpty else { return }
        let sentenceCount = draft.sentenceCount

        // Post-wide cues: lists matched anywhere, rules fired anywhere, the account.
        var post: [UInt64] = []
        post.reserveCapacity(32)
        var lastList = -1
        for hit in draft.hits where Int(hit.lexicon) != lastList {  // hits are sorted by list
            lastList = Int(hit.lexicon)
            if listInPost[lastList] != 0 { post.append(listInPost[lastList]) }
        }
        // Each category and grade the rules gave once, however many findings carry it (a long
        // draft may hold thousands; every sentence reads these cues).
        var cues: UInt64 = 0
        for c in candidates { cues |= 1 << UInt64(Self.cue(c)) }
        while cues != 0 {
            post.append(ruleInPost[cues.trailingZeroBitCount])
            cues &= cues - 1
        }
        if account == .official { post.append(official) }

        // The lists matched in each sentence: (sentence, list) pairs in sentence order, walked once.
        var listsBySentence: [(sentence: Int32, list: Int32)] = draft.hits.map { (tokens[Int($0.first)].sentence, $0.lexicon) }
        listsBySentence.sort { $0.sentence < $1.sentence }
        var nextList = 0
        // The rules' findings by where they start, swept alongside the sentences.
        let ruled = candidates.map { (range: $0.range, cue: Self.cue($0), category: Self.categoryIndex[$0.category]!) }
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
        var firstRuled = 0
        // The word hashes of this sentence and the one before (reused buffers).
        var words: [UInt64] = []
        var previousWords: [UInt64] = []
        words.reserveCapacity(64)
        previousWords.reserveCapacity(64)
        for s in 0..<sentenceCount {
            let span = draft.sentenceTokens(s)
            guard !span.isEmpty else { continue }
            let range = stream.originalRange(span.lowerBound, span.upperBound - 1)
            var before = Self.sentenceStart
            words.removeAll(keepingCapacity: true)
            stream.keys.withUnsafeBufferPointer { keys in
                for i in span where tokens[i].kind != .punct {
                    let t = tokens[i]
                    let word = Self.hash(Self.wordSeed, keys, Int(t.keyStart)..<Int(t.keyEnd))
                    if !sink.reuseWord(word) {
                        sink.beginWord(word)
                        wordFeatures(i, stream, hashedKey: word, into: &sink)
                        sink.endWord()
                    }
                    sink.add(Self.pair(before, word))
                    before = word
                    words.append(word)
                }
            }
            while nextList < listsBySentence.count && Int(listsBySentence[nextList].sentence) < s { nextList += 1 }
            while nextList < listsBySentence.count && Int(listsBySentence[nextList].sentence) == s {
                let list = listInSentence[Int(listsBySentence[nextList].list)]
                if list != 0 { sink.add(list) }
                nextList += 1
            }
            var categories: UInt32 = 0
            while firstRuled < ruled.count && ruled[firstRuled].range.upperBound <= range.lowerBound { firstRuled += 1 }
            var j = firstRuled
            while j < ruled.count && ruled[j].range.lowerBound < range.upperBound {
                if ruled[j].range.overlaps(range) {
                    sink.add(ruleInSentence[ruled[j].cue])
                    categories |= 1 << UInt32(ruled[j].category)
                }
                j += 1
            }
            // The sentence before, as context ("He's been pocketing the raffle money" after "our head").
            for w in previousWords { sink.add(Self.mix(w ^ Self.contextSalt)) }
            for b in post { sink.add(b) }
            swap(&words, &previousWords)
            visit(span, range, categories, &sink)
        }
    }

    /// The features of token `i` alone — its word, its leetspeak reading and its character grams —
    /// which depend only on the token, so a sink may keep their sum per word.
    @inline(__always)
    func wordFeatures<Sink: FeatureSink>(_ i: Int, _ stream: TokenStream, hashedKey: UInt64, into sink: inout Sink) {
        let t = stream.tokens[i]
        sink.add(hashedKey)
        if t.leetEnd > t.leetStart { sink.add(Self.hash("w:", stream.keys[Int(t.leetStart)..<Int(t.leetEnd)])) }
        if t.kind == .word && t.flags.contains(.hasLetter) { Self.charGrams(stream.key(at: i), into: &sink) }
    }

    /// The pair feature of two neighbouring words, from their word hashes (`sentenceStart` before
    /// the first word).
    @inline(__always)
    static func pair(_ before: UInt64, _ word: UInt64) -> UInt64 {
        mix(before &* 0x9E37_79B9_7F4A_7C15 ^ (word << 23 | word >> 41) ^ pairSalt)
    }

    /// A 64-bit finaliser (murmur3's), so derived features spread over the buckets.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    private static let pairSalt: UInt64 = 0x6270_6169_7273_0001  // "b:" pairs
    private static let contextSalt: UInt64 = 0x6E63_6F6E_7465_7874  // "n:" the sentence before
    static let sentenceStart: UInt64 = hash("<s>", "")
    private static let wordSeed = seed("w:")

    @inline(__always)
    static func hash(_ seed: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h = seed
        for k in range { h = (h ^ UInt64(bytes[k])) &* prime }
        return h
    }

    /// The hashes contributed by each token of `span` (word, leetspeak reading, pair with the token
    /// before, character grams), with the token they belong to: what `evidence` traces back.
    func forEachTokenFeature(_ span: Range<Int>, _ draft: Draft, _ add: (UInt64, Int) -> Void) {
        let stream = draft.stream
        var before = Self.sentenceStart
        for i in span where stream.tokens[i].kind != .punct {
            var hashes = HashList()
            let word = Self.hash("w:", stream.key(at: i))
            wordFeatures(i, stream, hashedKey: word, into: &hashes)
            for h in hashes.hashes { add(h, i) }
            add(Self.pair(before, word), i)
            before = word
        }
    }

    /// Character 3–5-grams of "^word$" (the first 24 bytes of long words), hashed in place: from
    /// each starting byte one running hash yields its 3-, 4- and 5-gram.
    @inline(__always)
    private static func charGrams<Sink: FeatureSink>(_ key: ArraySlice<UInt8>, into sink: inout Sink) {
        let body = min(key.count, 24)
        let n = body + 2
        key.withUnsafeBufferPointer { k in
            @inline(__always) func byte(_ i: Int) -> UInt64 { i == 0 ? 0x5E : i == n - 1 ? 0x24 : UInt64(k[i - 1]) }
            for first in 0..<(n - 2) {
                var h = gramSeed
                h = (h ^ byte(first)) &* prime
                h = (h ^ byte(first + 1)) &* prime
                h = (h ^ byte(first + 2)) &* prime
                sink.add(h)
                guard first + 3 < n else { continue }
                h = (h ^ byte(first + 3)) &* prime
                sink.add(h)
                guard first + 4 < n else { continue }
                h = (h ^ byte(first + 4)) &* prime
                sink.add(h)
            }
        }
    }

    private static let gramSeed = seed("c:")

    // FNV-1a, 64-bit, over a kind prefix and the feature's bytes.
    private static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    private static func seed(_ prefix: StaticString) -> UInt64 {
        var h = offsetBasis
        prefix.withUTF8Buffer { for b in $0 { h = (h ^ UInt64(b)) &* prime } }
        return h
    }

    static func hash(_ prefix: StaticString, _ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h = seed(prefix)
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    static func hash(_ prefix: StaticString, _ text: String) -> UInt64 {
        var h = seed(prefix)
        for b in text.utf8 { h = (h ^ UInt64(b)) &* prime }
        return h
    }
}

/// Where a sentence's features go: a list of buckets (for training) or a running score (screening).
protocol FeatureSink {
    /// One feature occurrence, as its 64-bit hash (the sink takes the bucket).
    mutating func add(_ hash: UInt64)
    /// Adds the word-level features of word `id` if the sink kept them from an earlier sighting;
    /// false when they must be emitted, between `beginWord` and `endWord`.
    mutating func reuseWord(_ id: UInt64) -> Bool
    mutating func beginWord(_ id: UInt64)
    mutating func endWord()
}

/// Collects every bucket, for `screen features`.
struct BucketList: FeatureSink {
    let bits: Int
    var buckets: [Int32] = []
    mutating func add(_ hash: UInt64) { buckets.append(Int32(truncatingIfNeeded: hash & ((1 << UInt64(bits)) - 1))) }
    func reuseWord(_ id: UInt64) -> Bool { false }
    func beginWord(_ id: UInt64) {}
    func endWord() {}
}

/// Collects a token's hashes, for tracing a score back to its words (`evidence`).
struct HashList: FeatureSink {
    var hashes: [UInt64] = []
    mutating func add(_ hash: UInt64) { hashes.append(hash) }
    func reuseWord(_ id: UInt64) -> Bool { false }
    func beginWord(_ id: UInt64) {}
    func endWord() {}
}
