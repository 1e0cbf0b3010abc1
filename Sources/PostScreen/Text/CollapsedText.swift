/// A second reading of the folded text, for the name and contact recognisers only: characters spaced
/// or dotted apart to slip past a filter are joined again.
///
/// "0 7 7 0 0  9 0 0 4 7 2" reads "07700 900472", "k a t i e . b o w e s @ …" reads "katie.bowes@…",
/// "B.e.t.h.a.n.y F.o.s.t.e.r" reads "Bethany Foster" and "0-7-7-0-0" reads "07700". Within a run, the
/// narrowest gap joins and any wider gap is a word boundary (one space). Every byte keeps the folded
/// range it came from, so a span found here is reported on the bytes as written.
///
/// The token stream that lexicons and the trained scorer read is not built from this view. Runs need
/// four single characters, so initials and acronyms ("J. R. R. Tolkien", "U.S.A.", "a b c") are left
/// as they are.
struct CollapsedText {
    /// The joined bytes.
    private(set) var bytes: [UInt8] = []
    /// Folded range behind each byte: where it starts, and where it ends.
    private var foldedStart: [Int32] = []
    private var foldedEnd: [Int32] = []
    /// Folded ranges that were joined (in order): a finding must touch one to be new.
    private(set) var joined: [Range<Int>] = []

    /// The fewest single characters a run needs.
    static let minimumRun = 4
    /// The widest gap inside a run: letters two spaces apart, words four; or letters four apart, words eight.
    static let maximumGap = 8

    /// The folded range behind `range` of `bytes`.
    func foldedRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < foldedStart.count ? Int(foldedStart[range.lowerBound]) : Int(foldedEnd.last ?? 0)
            return at..<at
        }
        return Int(foldedStart[range.lowerBound])..<Int(foldedEnd[range.upperBound - 1])
    }

    /// The joined reading of `folded`, or nil when no run of spaced or dotted characters is in it (most
    /// drafts: one pass over the bytes).
    init?(_ folded: [UInt8]) {
        var runs: [(range: Range<Int>, joined: [(UInt8, Int)])] = []
        folded.withUnsafeBufferPointer { f in
            var i = 0
            let n = f.count
            while i < n {
                // Every run starts with a character followed by a space or a mark and not preceded by a
                // letter or digit: most bytes of ordinary prose fail this at once.
                guard i + 1 < n, f[i + 1] == 0x20 || Self.isMark(f[i + 1]), i == 0 || !Self.isAlnum(f[i - 1]) else {
                    i += 1
                    continue
                }
                if let run = Self.spacedRun(f, at: i) ?? Self.markedRun(f, at: i) {
                    runs.append(run)
                    i = run.range.upperBound
                } else {
                    i += 1
                }
            }
        }
        guard !runs.isEmpty else { return nil }
        bytes.reserveCapacity(folded.count)
        foldedStart.reserveCapacity(folded.count)
        foldedEnd.reserveCapacity(folded.count)
        var k = 0
        for run in runs {
            while k < run.range.lowerBound {
                append(folded[k], k, k + 1)
                k += 1
            }
            for (b, at) in run.joined {
                // A word boundary (a space) stands for the gap it replaces.
                if b == 0x20 {
                    var e = at
                    while e < run.range.upperBound && folded[e] == 0x20 { e += 1 }
                    append(b, at, e)
                } else {
                    append(b, at, at + 1)
                }
            }
            joined.append(run.range)
            k = run.range.upperBound
        }
        while k < folded.count {
            append(folded[k], k, k + 1)
            k += 1
        }
    }

    /// Whether `range` overlaps any of `sorted` (ranges in order, not overlapping): a binary search, so
    /// a draft with a hundred thousand runs and findings stays linear-logarithmic.
    static func overlapsAny(_ sorted: [Range<Int>], _ range: Range<Int>) -> Bool {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo].lowerBound < range.upperBound
    }

    private mutating func append(_ b: UInt8, _ start: Int, _ end: Int) {
        bytes.append(b)
        foldedStart.append(Int32(truncatingIfNeeded: start))
        foldedEnd.append(Int32(truncatingIfNeeded: end))
    }

    // MARK: Runs

    @inline(__always) private static func isAlnum(_ b: UInt8) -> Bool { TokenStream.isLetter(b) || TokenStream.isDigit(b) }
    /// A character that can stand alone in a spaced run: printable ASCII other than a space.
    @inline(__always) private static func isVisible(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }
    @inline(__always) private static func isMark(_ b: UInt8) -> Bool { b == 0x2E || b == 0x2D || b == 0x5F }
    /// Punctuation that may close a sentence right after the last character of a run.
    @inline(__always) private static func isClosing(_ b: UInt8) -> Bool {
        b == 0x2E || b == 0x2C || b == 0x21 || b == 0x3F || b == 0x3B || b == 0x3A || b == 0x29 || b == 0x22 || b == 0x27
    }

    @inline(__always) private static func isOpening(_ b: UInt8) -> Bool {
        b == 0x27 || b == 0x22 || b == 0x28 || b == 0x5B
    }

    /// Whether the character at `j` stands alone: a space or the end after it (or closing punctuation
    /// and then a space or the end, which ends the run: `last`).
    @inline(__always) private static func standsAlone(_ f: UnsafeBufferPointer<UInt8>, _ j: Int) -> (alone: Bool, last: Bool) {
        guard j < f.count, isVisible(f[j]) else { return (false, false) }
        if j + 1 == f.count || f[j + 1] == 0x20 { return (true, false) }
        // Closing punctuation follows a letter or digit, or a symbol standing for one ("V 0 r @'s").
        guard isAlnum(f[j]) || f[j] == 0x40 || f[j] == 0x24 else { return (false, false) }
        var e = j + 1
        // A possessive closes a run too: "O ' D o n n e l l's poem".
        if e + 1 < f.count && f[e] == 0x27 && f[e + 1] | 0x20 == 0x73 { e += 2 }
        while e < f.count && isClosing(f[e]) && e - j < 4 { e += 1 }
        return (e > j + 1 && (e == f.count || f[e] == 0x20 || f[e] == 0x0A), true)
    }

    /// "0 7 7 0 0  9 0 …", "S O  P R O U D": single visible characters apart by one to eight spaces.
    private static func spacedRun(_ f: UnsafeBufferPointer<UInt8>, at i: Int) -> (range: Range<Int>, joined: [(UInt8, Int)])? {
        // A run may open after a quote or bracket: "'M a s o n …'", "(0 1 6 3 2) …".
        guard isVisible(f[i]), i == 0 || f[i - 1] == 0x20 || f[i - 1] == 0x0A || isOpening(f[i - 1]) && (i < 2 || !isVisible(f[i - 2]))
        else { return nil }
        var (alone, last) = standsAlone(f, i)
        guard alone, !last, i + 1 < f.count else { return nil }
        var positions = [i]
        var gaps: [Int] = []
        var narrowest = Int.max
        var j = i + 1
        while !last {
            var e = j
            while e < f.count && f[e] == 0x20 && e - j <= maximumGap { e += 1 }
            guard e - j >= 1, e - j <= maximumGap else { break }
            // A gap narrower than every one so far is not the run's spacing: "B  S  6    6  H  R —".
            if gaps.count >= 2, e - j < narrowest { break }
            (alone, last) = standsAlone(f, e)
            guard alone else { break }
            gaps.append(e - j)
            narrowest = min(narrowest, e - j)
            positions.append(e)
            j = e + 1
        }
        // Nor is a narrower gap after a stray first character: "— +  4  4    (  0  ) …".
        if gaps.count >= 2, gaps[0] < gaps[1], gaps[0] < gaps.dropFirst().min()! {
            gaps.removeFirst()
            positions.removeFirst()
        }
        guard positions.count >= minimumRun, positions.lazy.filter({ isAlnum(f[$0]) }).count >= 3 else { return nil }
        narrowest = gaps.min() ?? 1
        var joined: [(UInt8, Int)] = [(f[positions[0]], positions[0])]
        for (k, gap) in gaps.enumerated() {
            if gap > narrowest { joined.append((0x20, positions[k] + 1)) }
            joined.append((f[positions[k + 1]], positions[k + 1]))
        }
        return (positions[0]..<(positions[positions.count - 1] + 1), joined)
    }

    /// "B.e.t.h.a.n.y F.o.s.t.e.r", "0-7-7-0-0 9-0-0…", "k_a_t_i_e": groups of single letters or digits
    /// joined by one mark each, the groups apart by one to eight spaces.
    private static func markedRun(_ f: UnsafeBufferPointer<UInt8>, at i: Int) -> (range: Range<Int>, joined: [(UInt8, Int)])? {
        guard isAlnum(f[i]), i + 2 < f.count, isMark(f[i + 1]), isAlnum(f[i + 2]), i == 0 || !isAlnum(f[i - 1]) && !isMark(f[i - 1])
        else { return nil }
        // The mark that joins ("." in "M.a.s.o.n-S.m.i.t.h"); another mark is the word's own and stays.
        let joiner = f[i + 1]
        var joined: [(UInt8, Int)] = []
        var count = 0
        var longest = 0
        var start = i
        var end = i
        while true {
            // One group: a letter or digit, then mark and letter or digit, each standing alone.
            var g = start
            var group: [(UInt8, Int)] = [(f[g], g)]
            while g + 2 < f.count, isMark(f[g + 1]), isAlnum(f[g + 2]), g + 3 == f.count || !isAlnum(f[g + 3]) {
                if f[g + 1] != joiner { group.append((f[g + 1], g + 1)) }
                g += 2
                group.append((f[g], g))
            }
            guard group.count >= 2, g + 1 == f.count || !isAlnum(f[g + 1]) else { break }
            joined += group
            count += group.count
            longest = max(longest, group.count)
            end = g + 1
            // The next group, after one to eight spaces, or ", " ("D.U.N.C.A.N, B.E.N").
            var e = end
            if e < f.count && (f[e] == 0x2C || f[e] == 0x3B) { e += 1 }
            let spaces = e
            while e < f.count && f[e] == 0x20 && e - spaces <= maximumGap { e += 1 }
            guard e - spaces >= 1, e - spaces <= maximumGap, e + 2 < f.count, isAlnum(f[e]), isMark(f[e + 1]) else { break }
            if spaces > end { joined.append((f[end], end)) }
            joined.append((0x20, spaces))
            start = e
        }
        guard count >= minimumRun, longest >= 3 else { return nil }
        return (i..<end, joined)
    }
}
