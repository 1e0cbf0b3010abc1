import CICU

/// A draft split into tokens, with sentences and clauses marked, ready for matching.
///
/// The tokeniser is hand-written for the common case (Latin text after folding) and hands runs
/// of other scripts to ICU's word break iterator. It keeps exact offsets: every token maps back
/// to the original bytes through `FoldedText`.
struct TokenStream {
    let text: FoldedText
    private(set) var tokens: [Token] = []
    /// Lower-case keys: the folded text lower-cased, so that each token's key sits at its own
    /// offsets; then the leetspeak and merged-letter readings, appended.
    private(set) var keys: [UInt8] = []

    init(_ text: FoldedText) {
        self.text = text
        tokens.reserveCapacity(text.bytes.count / 4 + 4)
        // Every token's key is its own bytes lower-cased, so the keys of the whole text are made in
        // one pass and a token's key sits at its own offsets; leetspeak and merged keys follow.
        keys = Self.lowercased(text.bytes)
        tokenise()
        mergeSpacedLetters()
        markSentencesAndClauses()
    }

    // MARK: Accessors

    @inline(__always) func key(_ t: Token) -> ArraySlice<UInt8> { keys[Int(t.keyStart)..<Int(t.keyEnd)] }
    @inline(__always) func key(at i: Int) -> ArraySlice<UInt8> { key(tokens[i]) }

    func keyString(at i: Int) -> String { String(decoding: key(at: i), as: UTF8.self) }

    /// The folded text of token `i` (case kept).
    func foldedString(at i: Int) -> String {
        let t = tokens[i]
        if t.flags.contains(.merged) {
            // Spaced letters: rebuild from the letters themselves, keeping case.
            var out: [UInt8] = []
            for k in Int(t.start)..<Int(t.end) {
                let b = text.bytes[k]
                if Self.isLetter(b) { out.append(b) }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(decoding: text.bytes[Int(t.start)..<Int(t.end)], as: UTF8.self)
    }

    /// Original byte range of tokens `first...last`.
    func originalRange(_ first: Int, _ last: Int) -> Range<Int> {
        text.originalStart(Int(tokens[first].start))..<text.originalEnd(Int(tokens[last].end))
    }

    /// Original byte range of a folded range.
    func originalRange(folded r: Range<Int>) -> Range<Int> {
        text.originalStart(r.lowerBound)..<text.originalEnd(r.upperBound)
    }

    func keyEquals(_ i: Int, _ word: StaticString) -> Bool {
        let k = key(at: i)
        guard k.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buf in
            var j = 0
            for b in k {
                if b != buf[j] { return false }
                j += 1
            }
            return true
        }
    }

    mutating func setWords(_ i: Int, _ plain: Int32, _ leet: Int32) {
        tokens[i].word = plain
        tokens[i].leetWord = leet
    }

    // MARK: Byte classes

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b >= 0x80 || b == 0x5F
    }

    // MARK: Tokenising

    /// ASCII capitals lower-cased; every other byte as it is.
    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        // Room for a few leetspeak or merged readings without growing.
        [UInt8](unsafeUninitializedCapacity: bytes.count + bytes.count / 4 + 16) { out, count in
            bytes.withUnsafeBufferPointer { source in
                for k in source.indices {
                    let b = source[k]
                    out[k] = b &- 0x41 < 26 ? b | 0x20 : b
                }
            }
            count = bytes.count
        }
    }

    /// The key range of folded bytes `start..<end` (see `init`).
    @inline(__always) private func appendKey(from start: Int, to end: Int) -> (Int32, Int32) {
        (Int32(start), Int32(end))
    }

    private mutating func pushWord(_ start: Int, _ end: Int, kind: Token.Kind, gap: Int, newline: Bool) {
        text.bytes.withUnsafeBufferPointer { bytes in
            pushWord(bytes, start, end, kind: kind, gap: gap, newline: newline)
        }
    }

    private mutating func pushWord(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, kind: Token.Kind, gap: Int, newline: Bool
    ) {
        var flags: Token.Flags = newline ? [.newlineBefore] : []
        var letters = 0
        var uppers = 0
        var firstLetterUpper: Bool? = nil
        for k in start..<end {
            let b = bytes[k]
            if Self.isLetter(b) {
                letters += 1
                let upper = b <= 0x5A
                if upper { uppers += 1 }
                if firstLetterUpper == nil { firstLetterUpper = upper }
            } else if Self.isDigit(b) {
                flags.insert(.hasDigit)
            } else if b >= 0x80 {
                flags.insert(.nonASCII)
                letters += 1
            }
        }
        if letters > 0 { flags.insert(.hasLetter) }
        if firstLetterUpper == true { flags.insert(.capitalised) }
        if uppers >= 2 && uppers == letters { flags.insert(.allCaps) }
        let (ks, ke) = appendKey(from: start, to: end)
        var token = Token(
            start: Int32(start), end: Int32(end), keyStart: ks, keyEnd: ke, kind: kind, flags: flags,
            gapBefore: UInt8(min(gap, 255)))
        if kind == .word && flags.contains(.hasDigit)
            && (letters >= 1 && end - start >= 2 || letters == 0 && end - start <= 2 && Self.leetDigits(bytes, start, end))
        {
            // Leetspeak reading: "th1ef" is "thief", "fr4ud" is "fraud", "m3" is "me"; a short number
            // of letter-like digits is a word too ("15" is "is", "4" is "a"), read only as an alternative.
            let leetStart = keys.count
            for k in Int(ks)..<Int(ke) { keys.append(Self.leet(keys[k])) }
            token.leetStart = Int32(leetStart)
            token.leetEnd = Int32(keys.count)
        }
        tokens.append(token)
    }

    /// Whether every byte is a digit that stands for a letter in leetspeak.
    @inline(__always) private static func leetDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for k in start..<end where leet(bytes[k]) == bytes[k] { return false }
        return true
    }

    @inline(__always) private static func leet(_ b: UInt8) -> UInt8 {
        switch b {
        case 0x30: return 0x6F  // 0 → o
        case 0x31: return 0x69  // 1 → i
        case 0x33: return 0x65  // 3 → e
        case 0x34: return 0x61  // 4 → a
        case 0x35: return 0x73  // 5 → s
        case 0x37: return 0x74  // 7 → t
        case 0x38: return 0x62  // 8 → b
        default: return b
        }
    }

    private mutating func pushSingle(_ i: Int, kind: Token.Kind, gap: Int, newline: Bool) {
        let (ks, ke) = appendKey(from: i, to: i + 1)
        tokens.append(
            Token(
                start: Int32(i), end: Int32(i + 1), keyStart: ks, keyEnd: ke, kind: kind,
                flags: newline ? [.newlineBefore] : [], gapBefore: UInt8(min(gap, 255))))
    }

    private mutating func tokenise() {
        let source = text.bytes
        source.withUnsafeBufferPointer { tokenise($0) }
    }

    private mutating func tokenise(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        var i = 0
        var gap = 0
        var newline = false
        while i < n {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 {
                gap += 1
                i += 1
                continue
            }
            if b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C {
                newline = true
                gap += 1
                i += 1
                continue
            }
            if Self.isWordByte(b) {
                var j = i + 1
                while j < n {
                    let c = bytes[j]
                    if Self.isWordByte(c) {
                        j += 1
                        continue
                    }
                    if c == 0x27, j + 1 < n, Self.isLetter(bytes[j + 1]) {
                        // "'s" closing a word is a possessive or "is": split it off so that
                        // spans stop before it ("Ben Smith's" → "Ben Smith").
                        if bytes[j + 1] | 0x20 == 0x73, j + 2 >= n || !Self.isWordByte(bytes[j + 2]) { break }
                        j += 1
                        continue
                    }
                    if c == 0x2D, j + 1 < n, Self.isLetter(bytes[j + 1]), Self.isLetter(bytes[j - 1]) {
                        j += 1  // "Hart-Smith", "Rinn-Dyer"
                        continue
                    }
                    break
                }
                if text.isIdentity {
                    pushWord(bytes, i, j, kind: .word, gap: gap, newline: newline)  // plain ASCII: no other script
                } else {
                    pushWordOrScript(i, j, gap: gap, newline: newline)
                }
                i = j
            } else if (b == 0x23 || b == 0x40), i + 1 < n, Self.isWordByte(bytes[i + 1]),
                i == 0 || !Self.isWordByte(bytes[i - 1])
            {
                var j = i + 1
                while j < n {
                    let c = bytes[j]
                    if Self.isWordByte(c) {
                        j += 1
                    } else if b == 0x40, c == 0x2E, j + 1 < n, Self.isWordByte(bytes[j + 1]) {
                        j += 1  // handles may contain dots: @bakes.by.bex
                    } else {
                        break
                    }
                }
                pushWord(bytes, i, j, kind: b == 0x23 ? .hashtag : .handle, gap: gap, newline: newline)
                i = j
            } else if b == 0x27, i + 1 < n, bytes[i + 1] | 0x20 == 0x73, i > 0, Self.isWordByte(bytes[i - 1]),
                i + 2 >= n || !Self.isWordByte(bytes[i + 2])
            {
                pushWord(bytes, i, i + 2, kind: .word, gap: gap, newline: newline)  // the "'s" split off above
                i += 2
            } else {
                pushSingle(i, kind: b == FoldedText.symbol ? .symbol : .punct, gap: gap, newline: newline)
                i += 1
            }
            gap = 0
            newline = false
        }
    }

    /// Words in scripts without spaces (Chinese, Thai, …) are segmented by ICU.
    private mutating func pushWordOrScript(_ start: Int, _ end: Int, gap: Int, newline: Bool) {
        var hasNonASCII = false
        for k in start..<end where text.bytes[k] >= 0x80 {
            hasNonASCII = true
            break
        }
        guard hasNonASCII else {
            pushWord(start, end, kind: .word, gap: gap, newline: newline)
            return
        }
        // UTF-16 of the run, remembering the byte offset of each unit.
        var units: [UInt16] = []
        var unitOffsets: [Int] = []
        var k = start
        while k < end {
            let (scalar, length) = UTF8Decoding.decode(text.bytes, at: k)
            let s = scalar ?? "\u{FFFD}"
            for u in String(s).utf16 {
                units.append(u)
                unitOffsets.append(k)
            }
            k += length
        }
        unitOffsets.append(end)
        let capacity = units.count + 2
        var bounds = [Int32](repeating: 0, count: capacity)
        var statuses = [Int32](repeating: 0, count: capacity)
        let count = units.withUnsafeBufferPointer { u in
            bounds.withUnsafeMutableBufferPointer { b in
                statuses.withUnsafeMutableBufferPointer { s in
                    psicu_word_boundaries(u.baseAddress, Int32(u.count), b.baseAddress, s.baseAddress, Int32(capacity))
                }
            }
        }
        guard count >= 2 else {
            pushWord(start, end, kind: .word, gap: gap, newline: newline)
            return
        }
        var first = true
        for m in 1..<Int(count) {
            let a = unitOffsets[Int(bounds[m - 1])]
            let b = unitOffsets[Int(bounds[m])]
            guard b > a else { continue }
            pushWord(a, b, kind: .word, gap: first ? gap : 0, newline: first && newline)
            first = false
        }
    }

    // MARK: Letter spacing

    /// "K a i  V a r t y" and "B.e.n S.m.i.t.h" are read as "Kai Varty" and "Ben Smith".
    private mutating func mergeSpacedLetters() {
        guard tokens.count >= 3, hasSpacedLetterCandidate() else { return }
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        let bytes = text.bytes
        func isSingleLetter(_ t: Token) -> Bool {
            t.kind == .word && t.end - t.start == 1 && Self.isLetter(bytes[Int(t.start)])
        }
        func isDot(_ t: Token) -> Bool { t.kind == .punct && bytes[Int(t.start)] == 0x2E }
        while i < tokens.count {
            guard isSingleLetter(tokens[i]) else {
                out.append(tokens[i])
                i += 1
                continue
            }
            // Collect a run of single letters joined by single spaces or by dots.
            var letters = [i]
            var gaps: [Int] = []
            var j = i + 1
            while j < tokens.count {
                let t = tokens[j]
                if isSingleLetter(t), !t.flags.contains(.newlineBefore), t.gapBefore >= 1, t.gapBefore <= 3 {
                    // Among dotted letters a bare space is a word boundary: "B.e.n S.m.i.t.h".
                    gaps.append(Int(t.gapBefore) + (isDot(tokens[j - 1]) || j < 2 || !isDot(tokens[j - 2]) ? 0 : 1))
                    letters.append(j)
                    j += 1
                } else if isDot(t), t.gapBefore == 0, j + 1 < tokens.count, isSingleLetter(tokens[j + 1]),
                    tokens[j + 1].gapBefore <= 1
                {
                    gaps.append(tokens[j + 1].gapBefore == 0 ? 1 : 2)
                    letters.append(j + 1)
                    j += 2
                } else if isDot(t), t.gapBefore == 0, letters.count >= 3 {
                    j += 1  // trailing dot of "S.m.i.t.h."
                    break
                } else {
                    break
                }
            }
            guard letters.count >= 4 else {
                for k in i..<j where k < tokens.count { out.append(tokens[k]) }
                i = j
                continue
            }
            // Word boundaries are the wider gaps (double spaces, or a space between dotted groups).
            let boundary = (gaps.max() ?? 1) > (gaps.min() ?? 1) ? (gaps.max() ?? 1) : Int.max
            var group: [Int] = [letters[0]]
            func flush() {
                if group.count == 1 {
                    out.append(tokens[group[0]])
                } else {
                    let first = tokens[group.first!]
                    let last = tokens[group.last!]
                    let keyStart = keys.count
                    var uppers = 0
                    for g in group {
                        let b = bytes[Int(tokens[g].start)]
                        if b <= 0x5A { uppers += 1 }
                        keys.append(b | 0x20)
                    }
                    var flags: Token.Flags = [.merged, .hasLetter]
                    if bytes[Int(first.start)] <= 0x5A { flags.insert(.capitalised) }
                    if uppers == group.count { flags.insert(.allCaps) }
                    if first.flags.contains(.newlineBefore) { flags.insert(.newlineBefore) }
                    out.append(
                        Token(
                            start: first.start, end: last.end, keyStart: Int32(keyStart), keyEnd: Int32(keys.count),
                            kind: .word, flags: flags, gapBefore: first.gapBefore))
                }
                group.removeAll(keepingCapacity: true)
            }
            for (k, g) in gaps.enumerated() {
                if g >= boundary { flush() }
                group.append(letters[k + 1])
            }
            flush()
            i = j
        }
        tokens = out
    }

    /// Whether some 7 consecutive tokens hold 4 single letters: the least a spaced or dotted word
    /// needs ("B e n S", "S.m.i.t"). Almost no draft has one, so almost none pays for the merge pass.
    private func hasSpacedLetterCandidate() -> Bool {
        let bytes = text.bytes
        return tokens.withUnsafeBufferPointer { tokens in
            func single(_ i: Int) -> Int {
                let t = tokens[i]
                return t.kind == .word && t.end - t.start == 1 && Self.isLetter(bytes[Int(t.start)]) ? 1 : 0
            }
            var inWindow = 0
            for i in tokens.indices {
                inWindow += single(i)
                if i >= 7 { inWindow -= single(i - 7) }
                if inWindow >= 4 { return true }
            }
            return false
        }
    }

    // MARK: Masked words

    /// Bytes that stand in for letters in a masked swear word: "sh*t", "f**king", "a$$", "bullsh#t".
    @inline(__always) private static func isMask(_ b: UInt8) -> Bool { b == 0x2A || b == 0x24 || b == 0x25 || b == 0x23 || b == 0x40 }

    /// Joins a word written with masking symbols ("sh*t", "a**hole", "f***", "$hit", "bullsh#t") into
    /// one token when `resolve` knows a word it stands for; the token keeps its own key and reads as
    /// that word (like a leetspeak reading). `resolve` gets the lower-cased pattern with `*` for each
    /// unknown letter (`$` reads as "s"). A mask must sit inside a word, or be two or more long:
    /// "kids*" (a correction) and "*sigh*" (an action) are left alone unless they spell a listed word.
    mutating func joinMaskedWords(_ resolve: ([UInt8]) -> [UInt8]?) {
        let bytes = text.bytes
        var candidate = false
        for (k, t) in tokens.enumerated() where (t.kind == .punct || t.kind == .hashtag || t.kind == .handle) && Self.isMask(bytes[Int(t.start)]) {
            // A handle masks a letter only glued to a word before it ("f@ggot"), not as a mention.
            if t.kind == .handle && (k == 0 || t.gapBefore != 0 || tokens[k - 1].kind != .word) { continue }
            candidate = true
            break
        }
        guard candidate else { return }
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            // A run of words and mask symbols with no space between them.
            var j = i
            var pattern: [UInt8] = []
            var masks = 0
            var innerMask = false
            var letters = 0
            var sawLetterBeforeMask = false
            var pendingMask = false
            while j < tokens.count, j == i || tokens[j].gapBefore == 0, pattern.count <= 24 {
                let t = tokens[j]
                let first = bytes[Int(t.start)]
                if t.kind == .word, t.flags.contains(.hasLetter) || sawLetterBeforeMask && t.leetEnd > t.leetStart,
                    !t.flags.contains(.merged), !t.flags.contains(.nonASCII)
                {
                    let key = t.leetEnd > t.leetStart ? keys[Int(t.leetStart)..<Int(t.leetEnd)] : keys[Int(t.keyStart)..<Int(t.keyEnd)]
                    guard key.allSatisfy(Self.isLetter) else { break }
                    if pendingMask && sawLetterBeforeMask { innerMask = true }
                    pattern.append(contentsOf: key)
                    letters += key.count
                    sawLetterBeforeMask = true
                    pendingMask = false
                } else if t.kind == .punct, Self.isMask(first) {
                    pattern.append(first == 0x24 ? 0x73 : 0x2A)
                    if first == 0x24 { innerMask = true } else { masks += 1 }
                    pendingMask = true
                } else if t.kind == .hashtag && t.end - t.start <= 4 || t.kind == .handle && t.end - t.start <= 8, j > i {
                    // "bullsh#t" reads as the word "bullsh" and the hashtag "#t"; "f@ggot" as "f" and
                    // the handle "@ggot".
                    let tail = keys[Int(t.keyStart + 1)..<Int(t.keyEnd)]
                    guard tail.allSatisfy(Self.isLetter) else { break }
                    pattern.append(0x2A)
                    pattern.append(contentsOf: tail)
                    letters += tail.count
                    masks += 1
                    if sawLetterBeforeMask { innerMask = true }
                    sawLetterBeforeMask = true
                } else {
                    break
                }
                j += 1
            }
            // Trailing punctuation that is not part of the word: "f***!" stops before "!".
            guard j - i >= 2, letters >= 1, innerMask || masks >= 2, pattern.count <= 24, let word = resolve(pattern) else {
                out.append(tokens[i])
                i += 1
                continue
            }
            let first = tokens[i]
            let last = tokens[j - 1]
            var flags: Token.Flags = [.hasLetter]
            if first.flags.contains(.capitalised) || (first.kind == .punct && tokens[i + 1].flags.contains(.capitalised)) {
                flags.insert(.capitalised)
            }
            if first.flags.contains(.newlineBefore) { flags.insert(.newlineBefore) }
            var token = Token(
                start: first.start, end: last.end, keyStart: first.start, keyEnd: last.end, kind: .word, flags: flags,
                gapBefore: first.gapBefore)
            token.leetStart = Int32(keys.count)
            keys.append(contentsOf: word)
            token.leetEnd = Int32(keys.count)
            token.sentence = first.sentence
            token.clause = first.clause
            out.append(token)
            i = j
        }
        tokens = out
    }

    // MARK: Sentences and clauses

    /// Titles after which "." does not end a sentence ("Mr. Jones").
    private static let titles: [StaticString] = ["mr", "mrs", "ms", "miss", "dr", "st", "mx", "prof"]

    private func isTitle(at i: Int) -> Bool {
        let t = tokens[i]
        let length = Int(t.keyEnd - t.keyStart)
        guard length >= 2 && length <= 4 else { return false }
        for title in Self.titles where keyEquals(i, title) { return true }
        return false
    }

    private mutating func markSentencesAndClauses() {
        var sentence: Int32 = 0
        var clause: Int32 = 0
        let bytes = text.bytes
        for i in tokens.indices {
            if tokens[i].flags.contains(.newlineBefore) && i > 0 {
                sentence += 1
                clause += 1
            }
            tokens[i].sentence = sentence
            tokens[i].clause = clause
            let t = tokens[i]
            switch t.kind {
            case .punct:
                let b = bytes[Int(t.start)]
                // "??", "?!", "...": a run of end marks ends one sentence, at its last mark.
                if b == 0x2E || b == 0x21 || b == 0x3F, i + 1 < tokens.count, tokens[i + 1].kind == .punct,
                    tokens[i + 1].gapBefore == 0, [0x2E, 0x21, 0x3F].contains(bytes[Int(tokens[i + 1].start)])
                {
                    continue
                }
                switch b {
                case 0x2E:  // "." ends a sentence unless it follows a title ("Mr.") or sits in a number
                    // "Zak G. has been…": an initial followed by a lower-case word runs on.
                    let afterInitial = i > 0 && tokens[i - 1].kind == .word && tokens[i - 1].end - tokens[i - 1].start == 1
                        && tokens[i - 1].flags.contains(.capitalised) && i + 1 < tokens.count && tokens[i + 1].kind == .word
                        && !tokens[i + 1].flags.contains(.capitalised) && !tokens[i + 1].flags.contains(.hasDigit)
                    let afterTitle = i > 0 && isTitle(at: i - 1) || afterInitial
                    let inNumber = i + 1 < tokens.count && tokens[i + 1].gapBefore == 0
                        && tokens[i + 1].flags.contains(.hasDigit)
                    if !afterTitle && !inNumber {
                        sentence += 1
                        clause += 1
                    }
                case 0x21, 0x3F:  // ! ?
                    sentence += 1
                    clause += 1
                case 0x2C, 0x3B, 0x3A, 0x7C, 0x28, 0x29, 0x22:  // , ; : | ( ) "
                    clause += 1
                default:
                    break
                }
            case .symbol:
                clause += 1
            default:
                break
            }
        }
    }
}
