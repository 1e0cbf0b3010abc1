/// All lexicons compiled into one token-level automaton (a trie over vocabulary ids).
///
/// Compiling happens once per `Screener`. Scanning visits each token once as a start position and
/// follows transitions while they exist; a token outside every lexicon ends a walk at once, so the
/// usual cost is one hash lookup per token and nothing is allocated per token.
struct PhraseMatcher: Sendable {
    /// One lexicon phrase found in a draft: tokens `first...last`.
    struct Hit: Sendable {
        var lexicon: Int32
        var first: Int32
        var last: Int32
    }

    private(set) var vocabulary = Vocabulary()
    private(set) var lexiconNames: [String] = []
    private var lexiconIndex: [String: Int] = [:]

    private static let wildcard: Int32 = 0x3FFF_FFFF
    private static let lemmaBit: Int64 = 1 << 31

    /// Transitions from the root, by word id (exact) and by lemma id.
    private var rootExact: [Int32] = []
    private var rootLemma: [Int32] = []
    private var rootWildcard: Int32 = -1
    /// Roots of the phrases that run across a draft's punctuation and symbols (see `add(lexicon:phrases:acrossPunctuation:)`),
    /// by word id, and which nodes lie under them.
    private var rootLoose: [Int32] = []
    private var looseNodes: [Bool] = [false]
    /// Deeper transitions: (node << 32 | lemmaBit? | word) → node.
    private var transitions = TransitionTable()
    /// Lexicons a phrase ends in at each node.
    private var outputs: [[Int32]] = [[]]
    private var nodeCount: Int32 = 1
    private var maxDepth = 0
    /// Words a masked spelling may stand for ("sh*t", "a**hole"), in lexicon order: swear words,
    /// insults and slurs. Only lexicons added with `maskable: true` contribute.
    private var maskable: [[UInt8]] = []

    init() {}

    /// The index of lexicon `name`. Lexicon names are fixed by the rules; a missing one is a build error.
    func lexicon(_ name: String) -> Int {
        guard let index = lexiconIndex[name] else { preconditionFailure("lexicon \(name) was not compiled") }
        return index
    }

    func hasLexicon(_ name: String) -> Bool { lexiconIndex[name] != nil }

    // MARK: Compiling

    /// One element of a compiled phrase.
    enum Element: Hashable {
        case exact(String)
        case inflected(String)
        case any
    }

    /// Splits lexicon source text into phrases. Lines starting with `#` are comments. A word ending in
    /// `+` also matches its inflections; `*` matches any one word.
    ///
    /// Lines and words are split as bytes: a `Screener` parses some twenty thousand lines at start-up,
    /// and splitting them by `Character` cost more than everything else it does.
    static func parse(_ source: String) -> [[Element]] {
        var phrases: [[Element]] = []
        forEachLine(of: source) { line in
            var start = 0
            while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
            guard start < line.count, line[start] != 0x23 else { return }
            var phrase: [Element] = []
            forEachWord(of: UnsafeBufferPointer(rebasing: line[start...])) { part in
                if part.count == 1 && part[0] == 0x2A {
                    phrase.append(.any)
                    return
                }
                let inflect = part.count > 1 && part[part.count - 1] == 0x2B
                let keys = keys(of: UnsafeBufferPointer(rebasing: part[..<(inflect ? part.count - 1 : part.count)]))
                for (k, key) in keys.enumerated() {
                    phrase.append(inflect && k == keys.count - 1 ? .inflected(key) : .exact(key))
                }
            }
            if !phrase.isEmpty { phrases.append(phrase) }
        }
        return phrases
    }

    /// Calls `body` with each non-empty line of `text` (lines end at LF or CR), as bytes.
    static func forEachLine(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
                if end > start { body(UnsafeBufferPointer(rebasing: bytes[start..<end])) }
                start = end + 1
            }
        }
    }

    /// Calls `body` with each run of bytes between spaces.
    private static func forEachWord(of line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        while start < line.count {
            var end = start
            while end < line.count && line[end] != 0x20 { end += 1 }
            if end > start { body(UnsafeBufferPointer(rebasing: line[start..<end])) }
            start = end + 1
        }
    }

    /// Token keys of a lexicon word, produced by the same tokeniser as drafts.
    static func keys(of word: String) -> [String] {
        var word = word
        return word.withUTF8 { keys(of: $0) }
    }

    /// Every token of `text` as drafts tokenise it — words, hashtags, handles, punctuation and
    /// symbols — with its key and kind, for the school's own phrases (see `Knowledge.profilePhrases`).
    static func tokens(of text: String) -> [(key: String, kind: Token.Kind)] {
        let stream = TokenStream(FoldedText(source: Array(text.utf8)))
        return stream.tokens.indices.map { (stream.keyString(at: $0), stream.tokens[$0].kind) }
    }

    /// The keys of the words (and hashtags and handles) of `text`, without its punctuation and
    /// symbols: what of a profile phrase a draft can match.
    static func wordKeys(of text: String) -> [String] {
        var text = text
        if let plain = text.withUTF8({ plainKeys(of: $0) }) { return plain }
        return tokens(of: text).filter { $0.kind != .punct && $0.kind != .symbol }.map(\.key)
    }

    /// Token keys of a lexicon word or phrase given as UTF-8 bytes.
    static func keys(of word: UnsafeBufferPointer<UInt8>) -> [String] {
        // The possessive on its own, as drafts split it ("'s" or "’s").
        if word.count == 2 && word[0] == 0x27 && word[1] == 0x73
            || word.count == 4 && word[0] == 0xE2 && word[1] == 0x80 && word[2] == 0x99 && word[3] == 0x73
        {
            return ["'s"]
        }
        if let plain = plainKeys(of: word) { return plain }
        let stream = TokenStream(FoldedText(source: Array(word)))
        return stream.tokens.indices.map { stream.keyString(at: $0) }
    }

    /// The keys of plain ASCII words, without the tokeniser (see `forEachPlainKey`); nil for anything else.
    static func plainKeys(of bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var keys: [String] = []
        let plain = forEachPlainKey(of: bytes) { keys.append(String(decoding: $0, as: UTF8.self)) }
        return plain ? keys : nil
    }

    /// Calls `body` with each key of `bytes`, lower-cased in a scratch buffer, and returns true, when
    /// they are plain ASCII words: most lexicon and name-list entries are one word of letters (and
    /// hyphens between letters) or a few words of two letters or more, whose keys are the words
    /// lower-cased. Returns false without calling
    /// `body` for anything else (punctuation, digits, other scripts, single letters beside other words,
    /// which the tokeniser may merge as spaced letters). `LexiconKeysTests` checks that these keys are
    /// the tokeniser's on every shipped line.
    @discardableResult
    static func forEachPlainKey(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        var words = 0
        var shortWord = false
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 {
                i += 1
                continue
            }
            let start = i
            while i < bytes.count && bytes[i] != 0x20 {
                // A hyphen between letters stays inside the word, as the tokeniser keeps "Lily-Mae".
                let hyphenated = bytes[i] == 0x2D && i > start && i + 1 < bytes.count
                    && TokenStream.isLetter(bytes[i - 1]) && TokenStream.isLetter(bytes[i + 1])
                guard TokenStream.isLetter(bytes[i]) || hyphenated else { return false }
                i += 1
            }
            words += 1
            if i - start < 2 { shortWord = true }
        }
        guard words == 1 || words > 1 && !shortWord else { return false }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { lower in
            for k in bytes.indices { lower[k] = bytes[k] | 0x20 }  // a space stays a space
            forEachWord(of: UnsafeBufferPointer(lower), body)
        }
        return true
    }

    /// Adds a lexicon's phrases under `name`. The one-word phrases of a `maskable` lexicon are also
    /// what a masked spelling can be read as ("f**k").
    ///
    /// Shipped phrases stop at a draft's punctuation ("on us, not them" is two clauses). A phrase
    /// added `acrossPunctuation` — the school's own names and marks, written "Aspire, Achieve, Belong"
    /// or "#Kind-Hearted" — lets up to three punctuation or symbol tokens stand between its words in
    /// a draft, so a draft's commas, ampersands, hyphens, full stops and emoji never stop it matching.
    /// Its elements must be exact words (no punctuation of their own: see `wordKeys(of:)`).
    mutating func add(lexicon name: String, phrases: [[Element]], maskable: Bool = false, acrossPunctuation: Bool) {
        guard acrossPunctuation else { return add(lexicon: name, phrases: phrases, maskable: maskable) }
        let index = lexiconNumber(name)
        for phrase in phrases where !phrase.isEmpty { insertLoose(phrase, lexicon: index) }
    }

    private mutating func lexiconNumber(_ name: String) -> Int32 {
        if let existing = lexiconIndex[name] { return Int32(existing) }
        lexiconIndex[name] = lexiconNames.count
        lexiconNames.append(name)
        return Int32(lexiconNames.count - 1)
    }

    private mutating func insertLoose(_ phrase: [Element], lexicon: Int32) {
        let (firstID, _) = wordID(phrase[0])
        if rootLoose.count <= Int(firstID) {
            rootLoose.append(contentsOf: repeatElement(-1, count: Int(firstID) + 1 - rootLoose.count))
        }
        if rootLoose[Int(firstID)] < 0 {
            rootLoose[Int(firstID)] = newNode()
            looseNodes[Int(rootLoose[Int(firstID)])] = true
        }
        var node = rootLoose[Int(firstID)]
        for element in phrase.dropFirst() {
            let (id, lemma) = wordID(element)
            node = child(of: node, word: id, lemma: lemma)
            looseNodes[Int(node)] = true  // only loose nodes lead here: a loose node's children are loose
        }
        if !outputs[Int(node)].contains(lexicon) { outputs[Int(node)].append(lexicon) }
        maxDepth = max(maxDepth, phrase.count)
    }

    mutating func add(lexicon name: String, phrases: [[Element]], maskable: Bool = false) {
        let index = lexiconNumber(name)
        for phrase in phrases { insert(phrase, lexicon: index) }
        guard maskable else { return }
        for phrase in phrases where phrase.count == 1 {
            switch phrase[0] {
            case .exact(let w): self.maskable.append(Array(w.utf8))
            case .inflected(let w): self.maskable += Inflector.forms(of: w).map { Array($0.utf8) }
            case .any: break
            }
        }
    }

    /// The listed word a masked spelling stands for: `pattern` is lower-case with `*` for each
    /// hidden letter; the first maskable word of its length that fits, or nil.
    func unmask(_ pattern: [UInt8]) -> [UInt8]? {
        maskable.first { word in
            word.count == pattern.count && zip(word, pattern).allSatisfy { $1 == 0x2A || $0 == $1 }
        }
    }

    private mutating func wordID(_ element: Element) -> (Int32, lemma: Bool) {
        switch element {
        case .any:
            return (Self.wildcard, false)
        case .exact(let w):
            return (vocabulary.insert(w), false)
        case .inflected(let w):
            let base = vocabulary.insert(w)
            for form in Inflector.forms(of: w) where form != w { vocabulary.insert(form, lemma: base) }
            return (base, true)
        }
    }

    private mutating func insert(_ phrase: [Element], lexicon: Int32) {
        var node: Int32 = 0
        for element in phrase {
            let (id, lemma) = wordID(element)
            node = child(of: node, word: id, lemma: lemma)
        }
        if !outputs[Int(node)].contains(lexicon) { outputs[Int(node)].append(lexicon) }
        maxDepth = max(maxDepth, phrase.count)
    }

    private mutating func newNode() -> Int32 {
        outputs.append([])
        looseNodes.append(false)
        nodeCount += 1
        return nodeCount - 1
    }

    private mutating func child(of node: Int32, word: Int32, lemma: Bool) -> Int32 {
        if node == 0 {
            if word == Self.wildcard {
                if rootWildcard < 0 { rootWildcard = newNode() }
                return rootWildcard
            }
            let needed = Int(word) + 1
            if rootExact.count < needed {
                rootExact.append(contentsOf: repeatElement(-1, count: needed - rootExact.count))
                rootLemma.append(contentsOf: repeatElement(-1, count: needed - rootLemma.count))
            }
            if lemma {
                if rootLemma[Int(word)] < 0 { rootLemma[Int(word)] = newNode() }
                return rootLemma[Int(word)]
            }
            if rootExact[Int(word)] < 0 { rootExact[Int(word)] = newNode() }
            return rootExact[Int(word)]
        }
        let key = Self.key(node, word, lemma)
        let existing = transitions[key]
        if existing >= 0 { return existing }
        let created = newNode()
        transitions.insert(key, created)
        return created
    }

    @inline(__always) private static func key(_ node: Int32, _ word: Int32, _ lemma: Bool) -> Int64 {
        Int64(node) << 32 | (lemma ? lemmaBit : 0) | Int64(word)
    }

    // MARK: Scanning

    /// Assigns vocabulary ids to the stream's tokens.
    func label(_ stream: inout TokenStream) {
        if !maskable.isEmpty { stream.joinMaskedWords(unmask) }
        stream.assignWords { key in vocabulary.id(of: key) }  // a raw buffer: no slice, no generic path
    }

    /// Every phrase of every lexicon found in `stream` (which must have been labelled).
    func scan(_ stream: TokenStream, into hits: inout [Hit]) {
        stream.tokens.withUnsafeBufferPointer { tokens in
            for start in tokens.indices {
                let t = tokens[start]
                guard t.word >= 0 || t.leetWord >= 0 || rootWildcard >= 0 else { continue }
                walkFromRoot(tokens, start, &hits)
            }
        }
    }

    @inline(__always)
    private func lemma(_ word: Int32) -> Int32 {
        word < 0 ? -1 : vocabulary.lemma(of: word)
    }

    private func walkFromRoot(_ tokens: UnsafeBufferPointer<Token>, _ start: Int, _ hits: inout [Hit]) {
        let t = tokens[start]
        guard t.kind != .punct && t.kind != .symbol else { return }
        // The plain reading, then the leetspeak one when it differs ("th1ef" → "thief").
        if t.word >= 0 { walkFromRoot(word: t.word, tokens, start, &hits) }
        if t.leetWord >= 0 && t.leetWord != t.word { walkFromRoot(word: t.leetWord, tokens, start, &hits) }
        if rootWildcard >= 0 && t.kind == .word { walk(tokens, start, start, rootWildcard, &hits) }
    }

    @inline(__always)
    private func walkFromRoot(word: Int32, _ tokens: UnsafeBufferPointer<Token>, _ start: Int, _ hits: inout [Hit]) {
        if Int(word) < rootExact.count {
            let exact = rootExact[Int(word)]
            if exact >= 0 { walk(tokens, start, start, exact, &hits) }
        }
        let l = lemma(word)
        if l >= 0, Int(l) < rootLemma.count {
            let viaLemma = rootLemma[Int(l)]
            if viaLemma >= 0 { walk(tokens, start, start, viaLemma, &hits) }
        }
        // A word that is an irregular form of another base ("shot" of "shoot") is still its own
        // base for a "shot+" entry.
        if l != word, Int(word) < rootLemma.count {
            let own = rootLemma[Int(word)]
            if own >= 0 { walk(tokens, start, start, own, &hits) }
        }
        if Int(word) < rootLoose.count {
            let loose = rootLoose[Int(word)]
            if loose >= 0 { walk(tokens, start, start, loose, &hits) }
        }
    }

    private func walk(
        _ tokens: UnsafeBufferPointer<Token>, _ start: Int, _ at: Int, _ node: Int32, _ hits: inout [Hit]
    ) {
        for lexicon in outputs[Int(node)] {
            hits.append(Hit(lexicon: lexicon, first: Int32(start), last: Int32(at)))
        }
        var next = at + 1
        let loose = looseNodes[Int(node)]
        if loose {
            // The school's own phrases run over the draft's punctuation: "Aspire, Achieve, Belong".
            while next < tokens.count, next - at <= 3, tokens[next].kind == .punct || tokens[next].kind == .symbol { next += 1 }
        }
        guard next < tokens.count, loose || next - start < maxDepth, transitions.count > 0 else { return }
        let t = tokens[next]
        // Phrases run within a sentence; punctuation other than apostrophes ends them.
        guard t.kind == .word || t.kind == .hashtag || t.kind == .handle else { return }
        if t.word >= 0 {
            step(tokens, start, next, transitions[Self.key(node, t.word, false)], &hits)
            let l = lemma(t.word)
            step(tokens, start, next, transitions[Self.key(node, l, true)], &hits)
            if l != t.word { step(tokens, start, next, transitions[Self.key(node, t.word, true)], &hits) }
        }
        if t.leetWord >= 0 && t.leetWord != t.word {
            step(tokens, start, next, transitions[Self.key(node, t.leetWord, false)], &hits)
            step(tokens, start, next, transitions[Self.key(node, lemma(t.leetWord), true)], &hits)
        }
        if t.kind == .word { step(tokens, start, next, transitions[Self.key(node, Self.wildcard, false)], &hits) }
    }

    @inline(__always)
    private func step(_ tokens: UnsafeBufferPointer<Token>, _ start: Int, _ at: Int, _ child: Int32, _ hits: inout [Hit]) {
        if child >= 0 { walk(tokens, start, at, child, &hits) }
    }
}

/// The trie's deeper transitions in one open-addressing table of 64-bit keys (node, word, lemma
/// flag). A walk probes it once per step; unlike a `Dictionary`, a probe hashes one integer with a
/// multiply and never touches reference counts.
struct TransitionTable: Sendable {
    private var keys: [Int64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init() {
        keys = [Int64](repeating: -1, count: 64)
        values = [Int32](repeating: -1, count: 64)
        mask = 63
    }

    @inline(__always) private static func slot(_ key: Int64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The node `key` leads to, or -1.
    @inline(__always) subscript(key: Int64) -> Int32 {
        keys.withUnsafeBufferPointer { keys in
            var slot = Self.slot(key, mask)
            while true {
                let k = keys[slot]
                if k == key { return values[slot] }
                if k < 0 { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds a key not yet present.
    mutating func insert(_ key: Int64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var slot = Self.slot(key, mask)
        while keys[slot] >= 0 { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [Int64](repeating: -1, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k >= 0 { insert(k, v) }
    }
}

extension TokenStream {
    /// Gives each token its vocabulary ids (plain and leetspeak readings).
    mutating func assignWords(_ lookup: (UnsafeBufferPointer<UInt8>) -> Int32) {
        let keys = self.keys
        keys.withUnsafeBufferPointer { keys in
            for i in tokens.indices {
                let t = tokens[i]
                guard t.kind != .punct && t.kind != .symbol else { continue }
                let plain = lookup(UnsafeBufferPointer(rebasing: keys[Int(t.keyStart)..<Int(t.keyEnd)]))
                let leet = t.leetEnd > t.leetStart
                    ? lookup(UnsafeBufferPointer(rebasing: keys[Int(t.leetStart)..<Int(t.leetEnd)])) : plain
                setWords(i, plain, leet)
            }
        }
    }
}
