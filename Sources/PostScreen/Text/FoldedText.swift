import CICU

/// The draft folded for matching, with a map from every folded byte back to the original bytes.
///
/// Folding keeps case (name detection needs capitals) but removes what hides a word from a
/// matcher: zero-width and bidi controls and soft hyphens vanish; full-width, mathematical and
/// accented letters become plain ones; Cyrillic and Greek look-alikes become their Latin skeleton;
/// curly quotes and dashes become their ASCII counterparts. Emoji and other symbols become one
/// placeholder byte (`FoldedText.symbol`), so they still separate words.
struct FoldedText {
    /// Placeholder for a symbol or emoji in `bytes`.
    static let symbol: UInt8 = 0x1A

    /// The original UTF-8 bytes, as given.
    let source: [UInt8]
    /// The folded bytes: ASCII for Latin text; other scripts stay UTF-8.
    private(set) var bytes: [UInt8]
    /// Original byte offset where the scalar behind each folded byte starts, and where it ends.
    /// Empty when folding changed nothing (the common all-ASCII case): the map is the identity.
    private(set) var originStart: [Int32]
    private(set) var originEnd: [Int32]

    var isIdentity: Bool { originStart.isEmpty }

    /// Original byte offset of the start of folded byte `i`.
    @inline(__always) func originalStart(_ i: Int) -> Int {
        isIdentity ? i : (i < originStart.count ? Int(originStart[i]) : source.count)
    }

    /// Original byte offset just past folded byte `i - 1` (the end of a span ending at `i`).
    @inline(__always) func originalEnd(_ i: Int) -> Int {
        if isIdentity { return i }
        return i == 0 ? 0 : Int(originEnd[i - 1])
    }

    init(source: [UInt8]) {
        self.source = source
        // Fast path: plain ASCII with nothing to fold is its own folded form.
        if !Self.needsFolding(source) {
            bytes = source
            originStart = []
            originEnd = []
            return
        }
        bytes = []
        bytes.reserveCapacity(source.count)
        originStart = []
        originStart.reserveCapacity(source.count)
        originEnd = []
        originEnd.reserveCapacity(source.count)
        fold()
    }

    /// Whether any byte is non-ASCII or NUL, checked eight bytes at a time (most drafts are ASCII).
    private static func needsFolding(_ source: [UInt8]) -> Bool {
        source.withUnsafeBytes { raw in
            let n = raw.count
            var i = 0
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // A high bit set; else, with none set, the classic test for a zero byte is exact.
                if w & 0x8080_8080_8080_8080 != 0 || (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 {
                    return true
                }
                i += 8
            }
            while i < n {
                if raw[i] >= 0x80 || raw[i] == 0 { return true }
                i += 1
            }
            return false
        }
    }

    private mutating func emit(_ byte: UInt8, from start: Int, to end: Int) {
        bytes.append(byte)
        originStart.append(Int32(truncatingIfNeeded: start))
        originEnd.append(Int32(truncatingIfNeeded: end))
    }

    private mutating func fold() {
        var i = 0
        let n = source.count
        var scratch = [CChar](repeating: 0, count: 64)
        while i < n {
            let b0 = source[i]
            if b0 < 0x80 {
                // NUL would end C strings downstream; it is treated as a space.
                emit(b0 == 0 ? 0x20 : b0, from: i, to: i + 1)
                i += 1
                continue
            }
            let (scalar, length) = UTF8Decoding.decode(source, at: i)
            let end = i + length
            guard let scalar else {
                // Invalid UTF-8 was replaced before we got here; be safe anyway.
                emit(FoldedText.symbol, from: i, to: end)
                i = end
                continue
            }
            if let ascii = Self.punctuationFold(scalar) ?? Self.letterFold(scalar) {
                for byte in ascii.utf8 { emit(byte, from: i, to: end) }
                i = end
                continue
            }
            switch psicu_char_class(scalar.value) {
            case Int32(PSICU_FORMAT):
                break  // invisible: zero-width space, joiner, soft hyphen, bidi control, BOM
            case Int32(PSICU_SPACE):
                emit(scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" ? 0x0A : 0x20, from: i, to: end)
            case Int32(PSICU_LETTER), Int32(PSICU_DIGIT), Int32(PSICU_MARK):
                let written = scratch.withUnsafeMutableBufferPointer {
                    psicu_fold_scalar(scalar.value, $0.baseAddress, Int32($0.count))
                }
                if written < 0 {
                    for k in i..<end { emit(source[k], from: i, to: end) }
                } else if written == 0 {
                    // A combining mark dropped from folding still belongs to the letter before it, so
                    // a span ending at "e" of "Zoe\u{308}" ends after the mark, on a whole character.
                    if let last = originEnd.last, Int(last) == i { originEnd[originEnd.count - 1] = Int32(truncatingIfNeeded: end) }
                } else if written == 1, scratch[0] == 0x4C, Self.isCapitalI(scalar) {
                    emit(0x49, from: i, to: end)
                } else {
                    for k in 0..<Int(written) { emit(UInt8(bitPattern: scratch[k]), from: i, to: end) }
                }
            default:
                // Emoji and symbols: one placeholder, so "Kai🏏Varty" still reads as two words.
                emit(FoldedText.symbol, from: i, to: end)
            }
            i = end
        }
    }

    /// A capital whose confusable skeleton is "l" but whose small letter folds to "i": Cyrillic "І"
    /// and its like are capital I, not L ("Іѕlа" is "Isla").
    private static func isCapitalI(_ s: Unicode.Scalar) -> Bool {
        guard s.properties.isUppercase, let small = s.properties.lowercaseMapping.unicodeScalars.first, small != s else { return false }
        var out = [CChar](repeating: 0, count: 8)
        let written = out.withUnsafeMutableBufferPointer { psicu_fold_scalar(small.value, $0.baseAddress, Int32($0.count)) }
        return written == 1 && out[0] == 0x69
    }

    /// Latin letters that Unicode does not decompose into a base letter and a mark, so NFKD keeps
    /// them: a name typed without them ("Pawel", "Weiss", "Bjorn") must still match the roster's
    /// "Paweł", "Weiß", "Bjørn", and the other way round.
    private static func letterFold(_ s: Unicode.Scalar) -> String? {
        switch s.value {
        case 0x0141: return "L"  // Ł
        case 0x0142: return "l"  // ł
        case 0x00D8, 0x01FE: return "O"  // Ø Ǿ
        case 0x00F8, 0x01FF: return "o"  // ø ǿ
        case 0x0110, 0x00D0: return "D"  // Đ Ð
        case 0x0111, 0x00F0: return "d"  // đ ð
        case 0x0126: return "H"  // Ħ
        case 0x0127: return "h"  // ħ
        case 0x0166: return "T"  // Ŧ
        case 0x0167: return "t"  // ŧ
        case 0x0131: return "i"  // dotless ı
        case 0x013F: return "L"  // Ŀ
        case 0x0140: return "l"  // ŀ
        case 0x00DF: return "ss"  // ß
        case 0x1E9E: return "SS"  // ẞ
        case 0x00E6: return "ae"  // æ
        case 0x00C6: return "Ae"  // Æ
        case 0x0153: return "oe"  // œ
        case 0x0152: return "Oe"  // Œ
        case 0x00FE: return "th"  // þ
        case 0x00DE: return "Th"  // Þ
        default: return nil
        }
    }

    /// Typographic punctuation that people use in place of ASCII.
    private static func punctuationFold(_ s: Unicode.Scalar) -> String? {
        switch s.value {
        case 0x2018, 0x2019, 0x201B, 0x2032, 0x02BC, 0xFF07: return "'"
        case 0x201C, 0x201D, 0x201E, 0x2033, 0xFF02: return "\""
        case 0x2010, 0x2011, 0x2012, 0x2043, 0xFE63, 0xFF0D, 0x2212: return "-"
        case 0x2013, 0x2014, 0x2015: return "|"  // en and em dashes separate clauses
        case 0x2026: return "..."
        case 0x00A0, 0x2007, 0x202F: return " "
        case 0x00B7, 0x2022, 0x2027, 0x2219: return "."
        case 0xFF0C: return ","
        case 0xFF0E: return "."
        case 0xFF20: return "@"
        case 0xFF03: return "#"
        // Full-width number punctuation: "＋４４ ７７００…", "（０２０）", and the slashes and colons of dates.
        case 0xFF0B: return "+"
        case 0xFF08: return "("
        case 0xFF09: return ")"
        case 0xFF0F: return "/"
        case 0xFF1A: return ":"
        // Full-width underscore and tilde, as handles and numbers are hidden: "ｍｒ＿ｈ＿ｐｅ", "０７７００～９００…".
        case 0xFF3F: return "_"
        case 0xFF5E: return "~"
        default: return nil
        }
    }
}

/// UTF-8 decoding that never traps.
enum UTF8Decoding {
    /// Decodes the scalar at `i`; returns nil and a length of 1 for an invalid sequence.
    @inline(__always)
    static func decode(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let n = bytes.count
        func cont(_ k: Int) -> UInt32? {
            guard k < n, bytes[k] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[k] & 0x3F)
        }
        if b0 & 0xE0 == 0xC0, b0 >= 0xC2, let c1 = cont(i + 1) {
            return (Unicode.Scalar(UInt32(b0 & 0x1F) << 6 | c1), 2)
        }
        if b0 & 0xF0 == 0xE0, let c1 = cont(i + 1), let c2 = cont(i + 2) {
            let v = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            if v >= 0x800, let s = Unicode.Scalar(v) { return (s, 3) }
        }
        if b0 & 0xF8 == 0xF0, let c1 = cont(i + 1), let c2 = cont(i + 2), let c3 = cont(i + 3) {
            let v = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if v >= 0x10000, v <= 0x10FFFF, let s = Unicode.Scalar(v) { return (s, 4) }
        }
        return (nil, 1)
    }

    /// Byte offsets of invalid UTF-8 sequences in `bytes` (at most `limit`).
    static func invalidOffsets(_ bytes: [UInt8], limit: Int = 100) -> [Int] {
        var out: [Int] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 { i += 1; continue }
            let (scalar, length) = decode(bytes, at: i)
            if scalar == nil {
                out.append(i)
                if out.count >= limit { break }
            }
            i += length
        }
        return out
    }
}
