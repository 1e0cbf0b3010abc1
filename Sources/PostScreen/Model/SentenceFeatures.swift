/// The features the trained scorer reads from one sentence of a draft: hashed words, word pairs and
/// character 3–5-grams of the folded tokens, plus the cues the rules already computed (which word
/// lists matched, which rules fired, in the sentence and in the whole post, and the account).
///
/// Training and screening both get their features from here — `screen features` writes them out for
/// `scripts/train.py` — so the two cannot drift. Each feature is a bucket of a `1 << bits` table;
/// a sentence's value for each bucket it touches is `1 / sqrt(count of distinct buckets)`.
public struct SentenceFeatures: Sendable {
    /// Bumped whenever what is hashed changes; the weight file must match it.
    static let version: UInt32 = 1
    /// Buckets are `1 << defaultBits` wide unless the weight file says otherwise.
    public static let defaultBits = 18

    let bits: Int
    private let mask: UInt64

    init(bits: Int) {
        self.bits = bits
        mask = (UInt64(1) << UInt64(bits)) - 1
    }

    /// One sentence's distinct buckets, and for each the token it came from (-1: a cue of the
    /// sentence or post, not of one word), so a score can be traced back to the words that carried it.
    struct Sentence {
        var tokens: Range<Int>
        /// Original byte range of the sentence.
        var range: Range<Int>
        var buckets: [Int32] = []
        var owners: [Int32] = []
    }

    /// Every sentence of `draft` with its features. `candidates` are the rules' findings so far.
    func sentences(of draft: Draft, candidates: [Candidate], account: Account) -> [Sentence] {
        let stream = draft.stream
        let tokens = stream.tokens
        guard !tokens.isEmpty else { return [] }
        let lexiconNames = draft.knowledge.matcher.lexiconNames

        // Post-wide cues: lists matched anywhere, rules fired anywhere, the account.
        var postCues: [UInt64] = []
        for (lexicon, name) in lexiconNames.enumerated() where draft.has(lexicon) {
            postCues.append(Self.hash("L:", name))
        }
        for c in candidates { postCues.append(Self.hash("R:", c.category.rawValue + ":" + c.grade.description)) }
        if account == .official { postCues.append(Self.hash("a:", "official")) }

        // Word lists matched in each sentence, from one pass over the hits.
        var listsBySentence = [[Int]](repeating: [], count: draft.sentenceCount)
        for hit in draft.hits {
            let s = Int(tokens[Int(hit.first)].sentence)
            if s < listsBySentence.count, listsBySentence[s].last != Int(hit.lexicon) {
                listsBySentence[s].append(Int(hit.lexicon))
            }
        }

        var out: [Sentence] = []
        var seen = Set<Int32>()
        var previousWords: [Int] = []
        for s in 0..<draft.sentenceCount {
            let span = draft.sentenceTokens(s)
            guard !span.isEmpty else { continue }
            var sentence = Sentence(tokens: span, range: stream.originalRange(span.lowerBound, span.upperBound - 1))
            seen.removeAll(keepingCapacity: true)
            func add(_ h: UInt64, owner: Int) {
                let bucket = Int32(truncatingIfNeeded: h & mask)
                if seen.insert(bucket).inserted {
                    sentence.buckets.append(bucket)
                    sentence.owners.append(Int32(owner))
                }
            }
            var words: [Int] = []
            var previous: Int? = nil
            for i in span {
                let t = tokens[i]
                guard t.kind != .punct else { continue }
                words.append(i)
                let key = stream.key(at: i)
                add(Self.hash("w:", key), owner: i)
                if t.leetEnd > t.leetStart {
                    add(Self.hash("w:", stream.keys[Int(t.leetStart)..<Int(t.leetEnd)]), owner: i)
                }
                if let p = previous {
                    add(Self.hash2("b:", stream.key(at: p), key), owner: i)
                } else {
                    add(Self.hash2("b:", [0x3C, 0x73, 0x3E][...], key), owner: i)  // "<s>"
                }
                previous = i
                if t.kind == .word && t.flags.contains(.hasLetter) { charGrams(key, owner: i, add) }
            }
            // Cues in this sentence: word lists and rules.
            for lexicon in listsBySentence[s] { add(Self.hash("l:", lexiconNames[lexicon]), owner: -1) }
            for c in candidates where c.range.overlaps(sentence.range) {
                add(Self.hash("r:", c.category.rawValue + ":" + c.grade.description), owner: -1)
            }
            // The sentence before, as context ("He's been pocketing the raffle money" after "our head").
            for i in previousWords { add(Self.hash("n:", stream.key(at: i)), owner: -1) }
            for h in postCues { add(h, owner: -1) }
            previousWords = words
            out.append(sentence)
        }
        return out
    }

    /// Character 3–5-grams of "^word$" (the first 24 bytes of long words).
    private func charGrams(_ key: ArraySlice<UInt8>, owner: Int, _ add: (UInt64, Int) -> Void) {
        var padded: [UInt8] = [0x5E]
        padded.append(contentsOf: key.prefix(24))
        padded.append(0x24)
        let n = padded.count
        for length in 3...5 where length <= n {
            for start in 0...(n - length) {
                var h = Self.seed("c:")
                for k in start..<(start + length) { h = (h ^ UInt64(padded[k])) &* Self.prime }
                add(h, owner)
            }
        }
    }

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

    static func hash2(_ prefix: StaticString, _ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> UInt64 {
        var h = seed(prefix)
        for x in a { h = (h ^ UInt64(x)) &* prime }
        h = (h ^ 0x20) &* prime
        for x in b { h = (h ^ UInt64(x)) &* prime }
        return h
    }
}
