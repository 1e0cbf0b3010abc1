import Lexicons

/// A contact detail found in the folded text.
struct ContactMatch {
    enum Kind: Equatable {
        case phone(digits: String)  // national form: "07700900123", or "+" and digits for abroad
        case email(domain: String)
        case postcode
        case address
        case messagingLink
        case handle
    }
    var kind: Kind
    /// Folded byte range.
    var range: Range<Int>
    /// For phone numbers: how far the shape alone makes it one (the rule weighs cues and labels).
    var evidence: PhoneEvidence = .certain
}

/// Recognisers for phone numbers, emails, postcodes, street addresses, messaging links and handles.
///
/// They scan folded bytes directly (no regex engine): each is a small hand-written automaton, linear in
/// the input. Phone numbers are found as people write them (spaces, dots, dashes, brackets, "+44 (0)",
/// extensions) and then read by `PhoneReader`, which tells them apart from dates, times, prices, scores,
/// years, ISBNs and order numbers and from helplines and other service numbers.
enum ContactRecognisers {
    static func all(in bytes: [UInt8], reader: PhoneReader) -> [ContactMatch] {
        var out: [ContactMatch] = []
        scan(bytes, reader: reader, &out)
        // Characters spaced or dotted apart ("0 7 7 0 0  9 0 0 …", "k.a.t.i.e@…") are read joined as
        // well; what that finds on joined characters, and not already found, is reported on the bytes as
        // written.
        if let collapsed = CollapsedText(bytes) {
            var joined: [ContactMatch] = []
            scan(collapsed.bytes, reader: reader, joinedDomains: true, &joined)
            postcodes(collapsed.bytes, &joined)
            joinedHandles(collapsed.bytes, &joined)
            let found = out.map(\.range).sorted { $0.lowerBound < $1.lowerBound }
            var kept: [ContactMatch] = []
            for var match in joined.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
                let range = collapsed.foldedRange(match.range)
                guard CollapsedText.overlapsAny(collapsed.joined, range), !overlapsAny(found, range),
                    kept.last.map({ !$0.range.overlaps(range) }) ?? true
                else { continue }
                match.range = range
                kept.append(match)
            }
            out += kept
        }
        return out
    }

    /// Whether `range` overlaps any of `sorted` (in order of their starts; matches of different
    /// recognisers may overlap each other). A binary search, then a look back over at most 64 matches
    /// starting before `range` ends, so a draft with a hundred thousand details stays fast.
    private static func overlapsAny(_ sorted: [Range<Int>], _ range: Range<Int>) -> Bool {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].lowerBound < range.upperBound { lo = mid + 1 } else { hi = mid }
        }
        var k = lo - 1
        var steps = 0
        while k >= 0 && steps < 64 {
            if sorted[k].upperBound > range.lowerBound { return true }
            k -= 1
            steps += 1
        }
        return false
    }

    private static func scan(_ bytes: [UInt8], reader: PhoneReader, joinedDomains: Bool = false, _ out: inout [ContactMatch]) {
        phones(bytes, reader: reader, &out)
        spelledPhones(bytes, reader: reader, &out)
        emails(bytes, joinedDomains: joinedDomains, &out)
        spelledEmails(bytes, &out)
        messagingLinks(bytes, joined: joinedDomains, &out)
        profileLinks(bytes, joined: joinedDomains, &out)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || TokenStream.isLetter(b) }

    // MARK: Phones

    /// Besides spaces, dots, dashes and brackets, people hide numbers with underscores, en dashes
    /// (folded to "|"), tildes, stars and emoji: "07700_900_123", "07700🔸900123". Slashes and colons
    /// stay out: they make dates and times.
    @inline(__always) static func isPhoneSeparator(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x2E || c == 0x2D || c == 0x28 || c == 0x29 || c == 0x5F || c == 0x7C || c == 0x7E || c == 0x2A
            || c == FoldedText.symbol
    }

    static func phones(_ bytes: [UInt8], reader: PhoneReader, _ out: inout [ContactMatch]) {
        let n = bytes.count
        var i = 0
        var digits = 0
        while i < n {
            let b = bytes[i]
            let startsNumber = isDigit(b) || (b == 0x2B && i + 1 < n && isDigit(bytes[i + 1]))
                || (b == 0x28 && i + 1 < n && (isDigit(bytes[i + 1]) || bytes[i + 1] == 0x2B))
            // A number glued to letters or other digits ("Y11", "4x100") is not a phone number.
            guard startsNumber, i == 0 || !(isAlnum(bytes[i - 1]) || bytes[i - 1] == 0x2E || bytes[i - 1] == 0x2D)
            else {
                i += 1
                continue
            }
            digits = 0
            var j = i
            var lastDigitEnd = i
            var separators = 0
            var plus = false
            var sawSlashOrColon = false
            while j < n {
                let c = bytes[j]
                if isDigit(c) {
                    digits += 1
                    j += 1
                    lastDigitEnd = j
                    separators = 0
                    if digits > 24 { break }
                } else if c == 0x2B && digits == 0 && !plus {
                    plus = true
                    j += 1
                } else if isPhoneSeparator(c) {
                    separators += 1
                    if separators > 3 { break }
                    j += 1
                } else {
                    if c == 0x2F || c == 0x3A { sawSlashOrColon = true }
                    break
                }
            }
            defer { i = max(lastDigitEnd, i + 1) }
            guard digits >= 7, digits <= 24, !sawSlashOrColon || lastDigitEnd < j else { continue }
            let extensionEnd = Self.extensionEnd(bytes, after: lastDigitEnd)
            // Digits followed straight by letters ("12.50pm", "30kg") are not a number to call.
            if extensionEnd == nil, lastDigitEnd < n, TokenStream.isLetter(bytes[lastDigitEnd]) { continue }
            var candidate = Self.candidate(bytes, i..<lastDigitEnd, plus: plus)
            // The whole run, else the run less its trailing groups ("07700 900461 2 spare tickets").
            var tries = 0
            while true {
                switch reader.read(candidate) {
                case .personal(let key, let evidence):
                    let end = candidate.range.upperBound == lastDigitEnd ? (extensionEnd ?? lastDigitEnd) : candidate.range.upperBound
                    out.append(ContactMatch(kind: .phone(digits: key), range: i..<end, evidence: evidence))
                    lastDigitEnd = end
                case .service:
                    break
                case .none:
                    tries += 1
                    if tries < 4, extensionEnd == nil, candidate.groups.count > 1, let shorter = Self.dropLastGroup(bytes, candidate) {
                        candidate = shorter
                        continue
                    }
                    // Nothing here: look again from the second group ("Year 9 07700 900461").
                    if let next = Self.secondGroupStart(bytes, i..<lastDigitEnd) {
                        lastDigitEnd = next
                    }
                }
                break
            }
        }
    }

    /// The candidate written at `range`: its digits and groups. A "(0)" after a country code is not
    /// dialled from abroad ("+44 (0)20 …", "+33 (0)6 …") and is left out.
    static func candidate(_ bytes: [UInt8], _ range: Range<Int>, plus: Bool) -> PhoneCandidate {
        var digits: [UInt8] = []
        digits.reserveCapacity(range.count)
        var groups: [Int] = []
        var k = range.lowerBound
        var inGroup = false
        while k < range.upperBound {
            let c = bytes[k]
            if plus, c == 0x28, !digits.isEmpty, k + 2 < range.upperBound, bytes[k + 1] == 0x30, bytes[k + 2] == 0x29 {
                k += 3
                inGroup = false
                continue
            }
            if isDigit(c) {
                if !inGroup { groups.append(0) }
                inGroup = true
                digits.append(c)
                groups[groups.count - 1] += 1
            } else {
                inGroup = false
            }
            k += 1
        }
        return PhoneCandidate(range: range, digits: digits, plus: plus, groups: groups)
    }

    /// `c` without its last group of digits, if at least seven digits remain.
    private static func dropLastGroup(_ bytes: [UInt8], _ c: PhoneCandidate) -> PhoneCandidate? {
        guard let last = c.groups.last, c.digits.count - last >= 7 else { return nil }
        var end = c.range.upperBound
        var seen = 0
        while end > c.range.lowerBound && seen < last {
            if isDigit(bytes[end - 1]) { seen += 1 }
            end -= 1
        }
        while end > c.range.lowerBound && !isDigit(bytes[end - 1]) { end -= 1 }
        return candidate(bytes, c.range.lowerBound..<end, plus: c.plus)
    }

    /// Where the second group of digits in `range` starts (after a separator), if there is one.
    private static func secondGroupStart(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var k = range.lowerBound
        while k < range.upperBound && !isDigit(bytes[k]) { k += 1 }
        while k < range.upperBound && isDigit(bytes[k]) { k += 1 }
        while k < range.upperBound && !isDigit(bytes[k]) { k += 1 }
        guard k < range.upperBound, k > range.lowerBound else { return nil }
        // Back to the separator before it, so the scan starts there on the next round.
        return k - 1
    }

    /// An extension after a number: "x12", "X 456", "ext. 45", "ext.12", "EXT623", "ext: 219",
    /// "extension 3", ", ext 7246433" (one to seven digits). Returns where its digits end.
    static func extensionEnd(_ bytes: [UInt8], after end: Int) -> Int? {
        let n = bytes.count
        var k = end
        while k < n && k - end < 4 && bytes[k] == 0x20 { k += 1 }
        if k < n && bytes[k] == 0x2C {
            k += 1
            while k < n && k - end < 6 && bytes[k] == 0x20 { k += 1 }
        }
        guard k < n else { return nil }
        let lower = bytes[k] | 0x20
        guard lower == 0x78 || lower == 0x65 else { return nil }  // x, e
        if lower == 0x78 {
            k += 1
        } else {
            // "ext", "extn", "extension"
            let words: [[UInt8]] = [Array("extension".utf8), Array("extn".utf8), Array("ext".utf8)]
            guard let word = words.first(where: { w in
                k + w.count <= n && zip(w, bytes[k..<(k + w.count)]).allSatisfy { $0 == $1 | 0x20 }
            }) else { return nil }
            k += word.count
        }
        // The marker must stand alone: "x12" yes, "xmas" no.
        guard k < n, !TokenStream.isLetter(bytes[k]) else { return nil }
        if bytes[k] == 0x2E || bytes[k] == 0x3A { k += 1 }
        let spaceStart = k
        while k < n && k - spaceStart < 4 && bytes[k] == 0x20 { k += 1 }
        let digitsStart = k
        while k < n && isDigit(bytes[k]) && k - digitsStart < 8 { k += 1 }
        let count = k - digitsStart
        guard count >= 1, count <= 7, k == n || !isAlnum(bytes[k]) else { return nil }
        return k
    }

    // MARK: Emails

    /// Addresses with an "@". With `joinedDomains` (the joined reading of dotted characters, where
    /// "i.c.l.o.u.d.c.o.m" became "icloudcom"), a domain without a dot is read as a name and a top-level
    /// domain it ends with.
    static func emails(_ bytes: [UInt8], joinedDomains: Bool = false, _ out: inout [ContactMatch]) {
        let n = bytes.count
        func isLocal(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }
        func isDomain(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2E || b == 0x2D }
        var i = 0
        while i < n {
            guard bytes[i] == 0x40, i > 0, isLocal(bytes[i - 1]) else {
                i += 1
                continue
            }
            var a = i
            while a > 0 && isLocal(bytes[a - 1]) { a -= 1 }
            while a < i && (bytes[a] == 0x2E || bytes[a] == 0x2D) { a += 1 }
            var b = i + 1
            while b < n && isDomain(bytes[b]) { b += 1 }
            while b > i + 1 && (bytes[b - 1] == 0x2E || bytes[b - 1] == 0x2D) { b -= 1 }
            var domain = String(decoding: bytes[(i + 1)..<b], as: UTF8.self).lowercased()
            if joinedDomains, !domain.contains("."), let split = splitJoinedDomain(domain) { domain = split }
            // A letter joined on after the address ("…@gmail.com x" spaced out reads "gmail.comx").
            if joinedDomains, let dot = domain.lastIndex(of: "."), !isTopLevelDomain(domain[domain.index(after: dot)...]),
                domain.distance(from: dot, to: domain.endIndex) == 5, isTopLevelDomain(domain[domain.index(after: dot)...].dropLast())
            {
                domain.removeLast()
                b -= 1
            }
            if a < i, isDeliverable(local: bytes[a..<i], domain: domain) {
                out.append(ContactMatch(kind: .email(domain: domain), range: a..<b))
            }
            i = max(b, i + 1)
        }
    }

    /// An address mail could reach (RFC 5321's shape): a local part with no empty part between dots,
    /// and a domain of at least two labels, none empty or edged with "-", ending in a real top-level
    /// domain. "john.smith@gmail..com", "info@presidio." and "jo@gmail.c" are typos, not addresses.
    static func isDeliverable(local: ArraySlice<UInt8>, domain: String) -> Bool {
        guard let first = local.first, let last = local.last, first != 0x2E, last != 0x2E,
            !zip(local, local.dropFirst()).contains(where: { $0 == 0x2E && $1 == 0x2E })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" }) else { return false }
        return isTopLevelDomain(labels[labels.count - 1])
    }

    /// Top-level domains (`contact/top-level-domains`), read on the first address found.
    private static let topLevelDomains: Set<Substring> = {
        guard let text = try? LexiconStore.file("contact/top-level-domains.list") else { return [] }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0[...] })
    }()

    /// A top-level domain, as written or with its letters in leetspeak ("c0m", "n37").
    static func isTopLevelDomain(_ label: Substring) -> Bool {
        guard label.count >= 2 else { return false }
        let lower = label.lowercased()
        if topLevelDomains.contains(Substring(lower)) { return true }
        guard lower.utf8.contains(where: isDigit) else { return false }
        return topLevelDomains.contains(Substring(unleet(lower))) || topLevelDomains.contains(Substring(unleet(lower, one: 0x6C)))
    }

    /// Digits read as the letters they stand for in leetspeak (0 o, 1 i, 3 e, 4 a, 5 s, 7 t, 8 b), with
    /// "1" as `one` ("i", or "l" for "gm411").
    static func unleet(_ word: String, one: UInt8 = 0x69) -> String {
        String(decoding: word.utf8.map { $0 == 0x31 ? one : LeetWords.letter($0) ?? $0 }, as: UTF8.self)
    }

    /// Whether written byte `b` is lower-case letter `letter`, in either case or as a leetspeak digit.
    @inline(__always) static func leetMatches(_ b: UInt8, _ letter: UInt8) -> Bool {
        if TokenStream.isLetter(b) { return b | 0x20 == letter }
        return LeetWords.letter(b) == letter || b == 0x31 && letter == 0x6C
    }

    /// A personal mail provider, as written or in leetspeak ("gm411", "h07m41l").
    private static func isMailProvider(_ label: String) -> Bool {
        if mailProviders.contains(label) { return true }
        guard label.utf8.contains(where: isDigit) else { return false }
        return mailProviders.contains(unleet(label)) || mailProviders.contains(unleet(label, one: 0x6C))
    }

    /// "icloudcom" as "icloud.com": the longest known top-level domain it ends with, leaving a name of
    /// two or more characters.
    private static func splitJoinedDomain(_ domain: String) -> String? {
        let chars = Array(domain)
        for length in stride(from: min(6, chars.count - 2), through: 2, by: -1) {
            let tld = String(chars[(chars.count - length)...])
            if isTopLevelDomain(tld[...]) { return String(chars[..<(chars.count - length)]) + "." + tld }
        }
        return nil
    }

    // MARK: Spelled-out phone numbers

    /// Digit words people use to slip a number past a filter: "oh seven seven double oh nine…".
    /// Up to eight letters, lower-cased, packed into one integer: word look-ups without a `String`.
    @inline(__always) static func packed(_ bytes: [UInt8], _ from: Int, _ to: Int) -> UInt64 {
        var code: UInt64 = 0
        for k in from..<min(to, from + 8) { code = code << 8 | UInt64(bytes[k] | 0x20) }
        return code
    }

    private static func packed(_ word: String) -> UInt64 {
        let b = Array(word.utf8)
        return packed(b, 0, b.count)
    }

    // Fourteen digit words and three repeat words: a linear scan of packed codes beats hashing.
    private static let digitWordCodes: [(UInt64, UInt8)] = [
        ("zero", 0x30), ("oh", 0x30), ("o", 0x30), ("nought", 0x30), ("nil", 0x30), ("one", 0x31), ("two", 0x32),
        ("three", 0x33), ("four", 0x34), ("five", 0x35), ("six", 0x36), ("seven", 0x37), ("eight", 0x38),
        ("nine", 0x39),
    ].map { (packed($0.0), UInt8($0.1)) }
    private static let repeatWordCodes: [(UInt64, Int)] = [(packed("double"), 2), (packed("triple"), 3), (packed("treble"), 3)]
    private static let plusWord = packed("plus")
    private static let hundredWord = packed("hundred")

    @inline(__always) private static func digitWord(_ code: UInt64) -> UInt8? {
        for (c, d) in digitWordCodes where c == code { return d }
        return nil
    }

    @inline(__always) private static func repeatWord(_ code: UInt64) -> Int? {
        for (c, r) in repeatWordCodes where c == code { return r }
        return nil
    }

    /// Numbers written partly or wholly in words ("oh seven seven double oh, nine double oh 123",
    /// "plus four four 7700 900123"). At least one digit word is required: all-digit numbers are
    /// `phones`' job. The same length and prefix checks apply, so "one or two" is not a phone number.
    static func spelledPhones(_ bytes: [UInt8], reader: PhoneReader, _ out: inout [ContactMatch]) {
        guard mayHoldSpelledPhone(bytes) else { return }
        let n = bytes.count
        let existing = out.compactMap { if case .phone = $0.kind { return $0.range } else { return nil } }
        var i = 0
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        while i < n {
            // Runs start at a word boundary, on a digit word, "plus" or digits followed by words.
            guard TokenStream.isLetter(bytes[i]) || isDigit(bytes[i]), i == 0 || !isAlnum(bytes[i - 1]) else {
                i += 1
                continue
            }
            digits.removeAll(keepingCapacity: true)
            var words = 0
            var plus = false
            var pendingRepeat = 1
            var j = i
            var lastEnd = i
            var separators = 0
            var started = false
            var afterDigitWord = false
            while j < n {
                let c = bytes[j]
                if isDigit(c) {
                    guard j == i || !isAlnum(bytes[j - 1]) else { break }
                    var k = j
                    while k < n && isDigit(bytes[k]) { k += 1 }
                    if k < n && TokenStream.isLetter(bytes[k]) { break }  // "3pm", "2nd"
                    for _ in 0..<pendingRepeat { digits.append(bytes[j]) }
                    digits.append(contentsOf: bytes[(j + 1)..<k])
                    pendingRepeat = 1
                    j = k
                    lastEnd = k
                    separators = 0
                    started = true
                    afterDigitWord = false
                } else if TokenStream.isLetter(c) {
                    var k = j
                    while k < n && TokenStream.isLetter(bytes[k]) && k - j < 8 { k += 1 }
                    let whole = k - j <= 7 && (k == n || !TokenStream.isLetter(bytes[k]))
                    if !whole || !Self.isSpokenNumberWord(packed(bytes, j, k)) {
                        // Digit words run together: "ohsevenseven", "doubleohnine".
                        var e = k
                        while e < n && TokenStream.isLetter(bytes[e]) && e - j <= Self.longestGluedRun { e += 1 }
                        if e < n && isAlnum(bytes[e]) { break }
                        guard Self.mayBeGlued(bytes, j, e),
                            let glued = Self.gluedDigits(bytes, j, e, repeating: pendingRepeat, plus: !started)
                        else { break }
                        digits.append(contentsOf: glued.digits)
                        plus = plus || glued.plus
                        pendingRepeat = glued.pendingRepeat
                        words += 1
                        lastEnd = e
                        afterDigitWord = true
                        started = true
                        j = e
                        separators = 0
                        continue
                    }
                    if k < n && isAlnum(bytes[k]) { break }
                    let word = k - j <= 7 ? packed(bytes, j, k) : 0  // no digit word is longer than "hundred"
                    if let d = Self.digitWord(word) {
                        for _ in 0..<pendingRepeat { digits.append(d) }
                        pendingRepeat = 1
                        words += 1
                        lastEnd = k
                        afterDigitWord = true
                        started = true
                        j = k
                        separators = 0
                        continue
                    } else if word == Self.hundredWord, afterDigitWord, pendingRepeat == 1 {
                        // "nine hundred" is 9, 0, 0.
                        digits.append(0x30)
                        digits.append(0x30)
                        lastEnd = k
                    } else if let times = Self.repeatWord(word), pendingRepeat == 1 {
                        pendingRepeat = times
                    } else if word == Self.plusWord, !started {
                        plus = true
                    } else {
                        break
                    }
                    started = true
                    afterDigitWord = false
                    j = k
                    separators = 0
                } else if c == 0x20 || c == 0x2D || c == 0x2C || c == 0x2E || c == 0x28 || c == 0x29 || c == 0x5F
                    || c == 0x7C
                {
                    separators += 1
                    if separators > 3 { break }
                    j += 1
                } else {
                    break
                }
                if digits.count > 15 { break }
            }
            defer { i = max(lastEnd, i + 1) }
            guard words >= 1, digits.count >= 10, digits.count <= 13 else {
                // Skip the rest of this word so "someone" is not retried at "one".
                var k = i
                while k < n && isAlnum(bytes[k]) { k += 1 }
                lastEnd = max(lastEnd, k)
                continue
            }
            guard !existing.contains(where: { $0.overlaps(i..<lastEnd) }) else { continue }
            let candidate = PhoneCandidate(range: i..<lastEnd, digits: digits, plus: plus, groups: [digits.count])
            guard case .personal(let key, let evidence) = reader.read(candidate) else { continue }
            out.append(ContactMatch(kind: .phone(digits: key), range: i..<lastEnd, evidence: evidence))
        }
    }

    /// The longest run of digit words written together that is read (eleven digits, each "double nought").
    private static let longestGluedRun = 120

    /// A word `spelledPhones` reads on its own: a digit word, a repeat, "hundred" or "plus".
    @inline(__always) private static func isSpokenNumberWord(_ code: UInt64) -> Bool {
        digitWord(code) != nil || repeatWord(code) != nil || code == hundredWord || code == plusWord
    }

    /// Cheap test before `gluedDigits`: the letters start with a word it reads and end with a digit
    /// word. Ordinary words ("that", "often", "someone") fail it without allocating.
    @inline(__always) static func mayBeGlued<C: RandomAccessCollection>(_ bytes: C, _ from: Int, _ to: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        guard to - from >= 3 else { return false }
        // First letters of those words (d e f n o p s t z) and last letters of digit words (e h l n o r t x).
        let first = (bytes[from] | 0x20) &- 0x61
        let last = (bytes[to - 1] | 0x20) &- 0x61
        guard first < 26, last < 26, (0x20C_E038 as UInt32) >> UInt32(first) & 1 != 0,
            (0x8A_6890 as UInt32) >> UInt32(last) & 1 != 0
        else { return false }
        var code: UInt64 = 0
        var starts = false
        for k in from..<min(to, from + 7) {
            code = code << 8 | UInt64(bytes[k] | 0x20)
            if isSpokenNumberWord(code) {
                starts = true
                break
            }
        }
        guard starts else { return false }
        code = 0
        var shift: UInt64 = 0
        for k in stride(from: to - 1, through: max(from, to - 6), by: -1) {
            code |= UInt64(bytes[k] | 0x20) << shift
            shift += 8
            if digitWord(code) != nil { return true }
        }
        return false
    }

    /// Digit words run together with no separator ("ohsevensevendoubleoh", "plusfourfour"), read as
    /// digits: the letters must split wholly into digit words, "double" and "treble" (and "plus" first,
    /// when `plus` allows it). `repeating` is a repeat pending from before the run; the result carries
    /// one still pending at its end ("…double" then "oh").
    static func gluedDigits(_ bytes: [UInt8], _ from: Int, _ to: Int, repeating: Int, plus: Bool)
        -> (digits: [UInt8], plus: Bool, pendingRepeat: Int)?
    {
        guard to - from >= 2, to - from <= longestGluedRun else { return nil }
        // Words ending at each position, found right to left: split[k] is a word starting at k that
        // leads to a complete split of the rest (0 when there is none).
        var split = [Int](repeating: 0, count: to - from + 1)
        var reachable = [Bool](repeating: false, count: to - from + 1)
        reachable[to - from] = true
        for k in stride(from: to - 1, through: from, by: -1) {
            for length in 1...min(7, to - k) where reachable[k - from + length] {
                let code = packed(bytes, k, k + length)
                if digitWord(code) != nil || repeatWord(code) != nil || (k == from && plus && code == plusWord) {
                    split[k - from] = length
                    reachable[k - from] = true
                    break
                }
            }
        }
        guard reachable[0] else { return nil }
        var digits: [UInt8] = []
        var pending = repeating
        var sawPlus = false
        var k = from
        var words = 0
        while k < to {
            let length = split[k - from]
            let code = packed(bytes, k, k + length)
            if let d = digitWord(code) {
                for _ in 0..<pending { digits.append(d) }
                pending = 1
            } else if let times = repeatWord(code) {
                guard pending == 1 else { return nil }
                pending = times
            } else {
                sawPlus = true
            }
            words += 1
            k += length
        }
        return words >= 2 && !digits.isEmpty ? (digits, sawPlus, pending) : nil
    }

    /// A necessary condition for `spelledPhones` to find anything, checked in one cheap pass: a digit
    /// word somewhere, and enough digit words and digits for ten digits (each counts three times when
    /// a "double" or "triple" could repeat it). Most drafts fail it, and skip the run parser.
    private static func mayHoldSpelledPhone(_ bytes: [UInt8]) -> Bool {
        var digitWords = 0
        var digits = 0
        var repeats = false
        var glued: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                guard TokenStream.isLetter(b) else {
                    if isDigit(b) { digits += 1 }
                    i += 1
                    continue
                }
                var k = i + 1
                while k < bytes.count && TokenStream.isLetter(bytes[k]) { k += 1 }
                // A digit or repeat word is a whole run of at most six letters ("nought", "double")
                // starting with one of d, e, f, n, o, s, t, z.
                if k - i <= 6 && (0x20C_6038 as UInt32) >> UInt32((b | 0x20) &- 0x61) & 1 != 0 {
                    var code: UInt64 = 0
                    for m in i..<k { code = code << 8 | UInt64(bytes[m] | 0x20) }
                    if digitWord(code) != nil {
                        digitWords += 1
                    } else if repeatWord(code) != nil {
                        repeats = true
                    }
                } else if k - i >= 8 && mayBeGlued(bytes, i, k) {
                    glued.append(i..<k)  // rare: read below
                }
                i = k
            }
        }
        // Digit words run together ("ohsevenseven…"): counted by what they read as.
        for run in glued {
            if let reading = gluedDigits(bytes, run.lowerBound, run.upperBound, repeating: 1, plus: true) {
                digitWords += reading.digits.count
            }
        }
        return digitWords >= 1 && (digitWords + digits) * (repeats ? 3 : 1) >= 10
    }

    // MARK: Spelled-out emails

    /// Domains of free personal mail services: "at gmail dot com" is an address, "at Tesco dot com" may
    /// be a shop. Bracketed forms ("[at]", "(dot)") are deliberate whatever the domain.
    private static let mailProviders: Set<String> = [
        "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "icloud", "me", "mac", "aol",
        "btinternet", "sky", "talktalk", "virginmedia", "ntlworld", "protonmail", "proton", "gmx", "mail", "zoho",
        "yandex", "fastmail", "tutanota", "hey",
    ]

    /// "jo.smith82 at gmail dot com", "jo [at] gmail [dot] com", "jo(at)gmail(dot)co(dot)uk",
    /// "jo @ gmail . com": an address written to dodge a filter.
    static func spelledEmails(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        guard mayHoldSpelledDomain(bytes) else { return }
        let n = bytes.count
        func isLocal(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }
        let existing = out.compactMap { if case .email = $0.kind { return $0.range } else { return nil } }

        /// A separator word ("at", "dot") at `j`, bare, bracketed, or a symbol with spaces around;
        /// returns where it ends and whether it was marked (brackets or capitals).
        func separator(_ j: Int, word: StaticString, symbol: UInt8) -> (end: Int, marked: Bool)? {
            var k = j
            while k < n && bytes[k] == 0x20 && k - j < 2 { k += 1 }
            guard k < n else { return nil }
            if bytes[k] == symbol, k > j, k + 1 < n, bytes[k + 1] == 0x20 {
                var e = k + 1
                while e < n && bytes[e] == 0x20 && e - k < 3 { e += 1 }
                return (e, true)
            }
            var open: UInt8? = nil
            if bytes[k] == 0x5B || bytes[k] == 0x28 || bytes[k] == 0x7B || bytes[k] == 0x3C {
                open = bytes[k]
                k += 1
                while k < n && bytes[k] == 0x20 && k - j < 6 { k += 1 }
            } else if k == j {
                return nil  // a bare word needs spaces around it
            }
            let length = word.utf8CodeUnitCount
            guard k + length <= n else { return nil }
            var upper = true
            let matches = word.withUTF8Buffer { w -> Bool in
                for m in 0..<length {
                    // "47" and "d07" are "at" and "dot" in leetspeak: deliberate, like capitals.
                    guard Self.leetMatches(bytes[k + m], w[m]) else { return false }
                    if bytes[k + m] >= 0x61 { upper = false }
                }
                return true
            }
            guard matches else { return nil }
            k += length
            if let open {
                while k < n && bytes[k] == 0x20 && k - j < 12 { k += 1 }
                let close: UInt8 = open == 0x5B ? 0x5D : open == 0x28 ? 0x29 : open == 0x7B ? 0x7D : 0x3E
                guard k < n, bytes[k] == close else { return nil }
                k += 1
            } else if k < n && isAlnum(bytes[k]) {
                return nil
            }
            let afterWord = k
            while k < n && bytes[k] == 0x20 && k - afterWord < 2 { k += 1 }
            guard k < n, isAlnum(bytes[k]) else { return nil }
            if open == nil && k == afterWord { return nil }
            return (k, open != nil || upper)
        }

        var i = 0
        while i < n {
            // Candidate "at" positions: a space or bracket after a local-part character, or a real "@"
            // whose domain is spelled ("jo@gmail dot com").
            guard i > 0, isLocal(bytes[i - 1]) else {
                i += 1
                continue
            }
            let found: (end: Int, marked: Bool)?
            if bytes[i] == 0x40 {
                found = i + 1 < n && isAlnum(bytes[i + 1]) ? (i + 1, true) : nil
            } else if bytes[i] == 0x20 || bytes[i] == 0x5B || bytes[i] == 0x28 || bytes[i] == 0x7B || bytes[i] == 0x3C,
                mayStartAt(bytes, i)
            {
                found = separator(i, word: "at", symbol: 0x40)
            } else {
                found = nil
            }
            guard let at = found else {
                i += 1
                continue
            }
            // The local part: back over address characters.
            var a = i
            while a > 0 && isLocal(bytes[a - 1]) && i - a < 64 { a -= 1 }
            while a < i && (bytes[a] == 0x2E || bytes[a] == 0x2D) { a += 1 }
            // A number set apart from a spelled name: "leonard dot murray 74 at hotmail dot co dot uk".
            if a < i, a >= 2, bytes[a..<i].allSatisfy(isDigit), bytes[a - 1] == 0x20, TokenStream.isLetter(bytes[a - 2]) {
                var b = a - 1
                while b > 0 && isAlnum(bytes[b - 1]) && a - b < 64 { b -= 1 }
                if spelledDotBefore(bytes, b) != nil { a = b }
            }
            // Dots spelled in the local part too: "jo dot smith82 at gmail dot com".
            while let before = spelledDotBefore(bytes, a), before > 0, isLocal(bytes[before - 1]) {
                var b = before
                while b > 0 && isLocal(bytes[b - 1]) && before - b < 64 { b -= 1 }
                a = b
            }
            // The domain: labels joined by "dot" (in any of its forms) or ".".
            var labels: [String] = []
            var marked = at.marked
            var k = at.end
            var end = k
            while k < n, labels.count < 6 {
                var e = k
                while e < n && (isAlnum(bytes[e]) || bytes[e] == 0x2D) && e - k < 63 { e += 1 }
                guard e > k else { break }
                labels.append(String(decoding: bytes[k..<e], as: UTF8.self).lowercased())
                end = e
                if e < n, bytes[e] == 0x2E, e + 1 < n, isAlnum(bytes[e + 1]) {
                    k = e + 1
                } else if let dot = separator(e, word: "dot", symbol: 0x2E) {
                    marked = marked || dot.marked
                    k = dot.end
                } else {
                    break
                }
            }
            defer { i = max(i + 1, end) }
            guard a < i, labels.count >= 2, let tld = labels.last, isTopLevelDomain(tld[...]),
                marked || isMailProvider(labels[0]),
                !existing.contains(where: { $0.overlaps(a..<end) })
            else { continue }
            out.append(ContactMatch(kind: .email(domain: labels.joined(separator: ".")), range: a..<end))
        }
    }

    /// A necessary condition for `spelledEmails` to find anything: a domain of two labels needs a
    /// "." before a letter or digit, a " . " or the letters "dot". Ordinary prose ends its sentences
    /// with ". " and fails it, and skips the search for "at".
    private static func mayHoldSpelledDomain(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            let n = bytes.count
            for k in bytes.indices {
                let b = bytes[k]
                if b == 0x2E {
                    if k + 1 < n && (isAlnum(bytes[k + 1]) || bytes[k + 1] == 0x20 && k > 0 && bytes[k - 1] == 0x20) {
                        return true
                    }
                } else if b | 0x20 == 0x64, k + 2 < n, leetMatches(bytes[k + 1], 0x6F), leetMatches(bytes[k + 2], 0x74) {
                    return true
                }
            }
            return false
        }
    }

    /// Cheap test before the full separator check: within the next few bytes there must be an "a"
    /// (of "at") or an "@". Almost every space in ordinary text fails it at the first byte.
    @inline(__always) private static func mayStartAt(_ bytes: [UInt8], _ i: Int) -> Bool {
        var k = i
        let end = min(bytes.count, i + 7)
        while k < end {
            let b = bytes[k] | 0x20
            if b == 0x61 || bytes[k] == 0x40 || bytes[k] == 0x34 { return true }
            if bytes[k] != 0x20 && bytes[k] != 0x5B && bytes[k] != 0x28 && bytes[k] != 0x7B && bytes[k] != 0x3C { return false }
            k += 1
        }
        return false
    }

    /// Where " dot " (or " [dot] ", " (dot) ") ends just before `a` starts, the offset of the
    /// character before it; nil otherwise.
    private static func spelledDotBefore(_ bytes: [UInt8], _ a: Int) -> Int? {
        var k = a
        guard k > 0, bytes[k - 1] == 0x20 else { return nil }
        k -= 1
        var bracketed = false
        if k > 0, bytes[k - 1] == 0x5D || bytes[k - 1] == 0x29 || bytes[k - 1] == 0x7D {
            bracketed = true
            k -= 1
        }
        guard k >= 3, bytes[k - 3] | 0x20 == 0x64, leetMatches(bytes[k - 2], 0x6F), leetMatches(bytes[k - 1], 0x74) else {
            return nil
        }
        k -= 3
        if bracketed {
            guard k > 0, bytes[k - 1] == 0x5B || bytes[k - 1] == 0x28 || bytes[k - 1] == 0x7B else { return nil }
            k -= 1
        }
        guard k > 1, bytes[k - 1] == 0x20 else { return nil }
        return k - 1
    }

    // MARK: Messaging and profile links

    /// Invitation links to group chats: WhatsApp, Telegram, Discord, Signal, Messenger.
    static let messagingHosts = ["chat.whatsapp.com/", "wa.me/", "t.me/", "discord.gg/", "signal.group/", "m.me/"]
    /// Links to one person's social profile ("instagram.com/missjwrites", "tiktok.com/@mr.h"): a
    /// private account handle written as a link. Only a single path segment counts, so a post, reel or
    /// status link ("instagram.com/p/…", "x.com/bbc/status/…") is not a handle.
    static let profileHosts = [
        "instagram.com/", "facebook.com/", "fb.com/", "tiktok.com/", "snapchat.com/add/", "twitter.com/", "x.com/",
        "threads.net/",
    ]
    /// First path segments on those hosts that are pages of the site, not a person.
    private static let profileNonHandles: Set<String> = [
        "p", "reel", "reels", "tv", "stories", "explore", "groups", "events", "watch", "share", "photo", "photos",
        "pages", "hashtag", "i", "intent", "home", "search", "login", "help", "about", "privacy", "legal", "video",
        "tag", "discover", "music", "live", "settings", "notifications", "messages", "marketplace", "gaming",
    ]

    private static let messagingHostBytes: [[UInt8]] = messagingHosts.map { Array($0.utf8) }
    private static let profileHostBytes: [[UInt8]] = profileHosts.map { Array($0.utf8) }

    /// The hosts as the joined reading of dotted characters has them: "c.h.a.t.w.h.a.t.s.a.p.p.c.o.m/"
    /// reads "chatwhatsappcom/".
    private static let joinedMessagingHostBytes: [[UInt8]] = messagingHostBytes + messagingHostBytes.map { $0.filter { $0 != 0x2E } }
    private static let joinedProfileHostBytes: [[UInt8]] = profileHostBytes + profileHostBytes.map { $0.filter { $0 != 0x2E } }

    static func messagingLinks(_ bytes: [UInt8], joined: Bool = false, _ out: inout [ContactMatch]) {
        hostLinks(bytes, hosts: joined ? joinedMessagingHostBytes : messagingHostBytes, kind: .messagingLink, &out)
    }

    static func profileLinks(_ bytes: [UInt8], joined: Bool = false, _ out: inout [ContactMatch]) {
        hostLinks(bytes, hosts: joined ? joinedProfileHostBytes : profileHostBytes, kind: .handle, &out) { path in
            // One segment, handle-shaped: "missjwrites", "@mr.h_pe", "jo.pickering.92/".
            var segment = path
            if segment.last == 0x2F { segment.removeLast() }
            if segment.first == 0x40 { segment.removeFirst() }
            while let last = segment.last, last == 0x2E || last == 0x2D { segment.removeLast() }  // a sentence's full stop
            guard segment.count >= 2, !segment.contains(0x2F) else { return false }
            return !profileNonHandles.contains(String(decoding: segment, as: UTF8.self).lowercased())
        }
    }

    /// Links on `hosts`, from any "https://" before the host to the end of the path; `accept` vets the
    /// path after the host.
    private static func hostLinks(
        _ bytes: [UInt8], hosts: [[UInt8]], kind: ContactMatch.Kind, _ out: inout [ContactMatch],
        accept: ([UInt8]) -> Bool = { _ in true }
    ) {
        let n = bytes.count
        // Every link has a "/": most posts have none and are done in one pass.
        guard bytes.contains(0x2F) else { return }
        // Every host ends in "/": look only where a "/" is, and compare the hosts that could end there.
        var slash = 0
        var resumeAt = 0
        while slash < n {
            defer { slash += 1 }
            guard bytes[slash] == 0x2F, slash >= resumeAt else { continue }
            for h in hosts where slash + 1 >= h.count {
                let i = slash + 1 - h.count
                guard i >= resumeAt else { continue }
                var matched = true
                // Letters in either case or in leetspeak ("ch47.wh4754pp.c0m/").
                for k in 0..<h.count where bytes[i + k] != h[k] && !(TokenStream.isLetter(h[k]) && leetMatches(bytes[i + k], h[k])) {
                    matched = false
                    break
                }
                guard matched, i == 0 || !isAlnum(bytes[i - 1]) || bytes[i - 1] == 0x2F || bytes[i - 1] == 0x2E else {
                    continue
                }
                // Extend back over "https://" and forward over the invite code or handle.
                // The scheme is short: stopping 32 bytes back keeps a megabyte-long "word" full of
                // hosts linear.
                var a = i
                while a > 0 && i - a < 32 && bytes[a - 1] != 0x20 && bytes[a - 1] != 0x0A && bytes[a - 1] != 0x28 {
                    a -= 1
                }
                var b = i + h.count
                while b < n
                    && (isAlnum(bytes[b]) || bytes[b] == 0x2F || bytes[b] == 0x5F || bytes[b] == 0x2D || bytes[b] == 0x2E
                        || bytes[b] == 0x40)
                {
                    b += 1
                }
                // A full stop or dash ending the sentence is not part of the link.
                while b > i + h.count, bytes[b - 1] == 0x2E || bytes[b - 1] == 0x2D { b -= 1 }
                guard accept(Array(bytes[(i + h.count)..<b])) else { continue }
                out.append(ContactMatch(kind: kind, range: a..<b))
                resumeAt = b
                break
            }
        }
    }

    // MARK: Handles spaced apart

    /// Handles in the joined reading of spaced characters: "@ b a k e s . b y . b e x", "m r _ h _ p e".
    /// Only a shape no ordinary word has counts: led by "@", or with an underscore inside. Elsewhere
    /// handles are found beside a platform or an invitation (`ContactDetailsRule`); spacing one out
    /// letter by letter is itself the tell.
    static func joinedHandles(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        let n = bytes.count
        func isHandleByte(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F || b == 0x2E }
        var i = 0
        while i < n {
            let at = bytes[i] == 0x40
            guard at || TokenStream.isLetter(bytes[i]), i == 0 || !(isHandleByte(bytes[i - 1]) || bytes[i - 1] == 0x40 || bytes[i - 1] == 0x2F)
            else {
                i += 1
                continue
            }
            var e = at ? i + 1 : i
            var underscore = false
            while e < n && isHandleByte(bytes[e]) {
                if bytes[e] == 0x5F { underscore = true }
                e += 1
            }
            while e > i + 1 && bytes[e - 1] == 0x2E { e -= 1 }  // a full stop after it
            defer { i = max(e, i + 1) }
            guard e - i >= 4, at || underscore, e == n || bytes[e] != 0x40 && bytes[e] != 0x2F else { continue }
            if at && !TokenStream.isLetter(bytes[i + 1]) && !TokenStream.isDigit(bytes[i + 1]) { continue }
            out.append(ContactMatch(kind: .handle, range: i..<e))
        }
    }

    // MARK: Postcodes

    /// Full postcodes in the joined reading of spaced characters ("B S 4 0  7 T J" is "BS40 7TJ"):
    /// an outward code, a space and an inward code, or the two glued. Elsewhere postcodes are found
    /// on tokens (`postcodeEnd`).
    static func postcodes(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        let n = bytes.count
        var i = 0
        while i < n {
            guard isAlnum(bytes[i]), i == 0 || !isAlnum(bytes[i - 1]) else {
                i += 1
                continue
            }
            var e = i
            while e < n && isAlnum(bytes[e]) { e += 1 }
            defer { i = e }
            if e - i >= 5, e - i <= 7, Postcode.isFull(bytes[i..<e]), e == n || !isAlnum(bytes[e]) {
                out.append(ContactMatch(kind: .postcode, range: i..<e))
                continue
            }
            guard e - i >= 2, e - i <= 4, e + 4 <= n, bytes[e] == 0x20 else { continue }
            let inward = (e + 1)..<(e + 4)
            guard bytes[inward].allSatisfy(isAlnum), e + 4 == n || !isAlnum(bytes[e + 4]),
                Postcode.isFull(ArraySlice(Array(bytes[i..<e]) + Array(bytes[inward])))
            else { continue }
            out.append(ContactMatch(kind: .postcode, range: i..<inward.upperBound))
            e = inward.upperBound
        }
    }

    // MARK: Postcodes (token level)

    /// The last token of a full UK postcode starting at token `i`, in any case and however spaced:
    /// "BS3 4PQ", "bs3 4pq", "M11AE", "EC1A1BB", or with the space in the wrong place in capitals
    /// ("EH 38DX", "EC1 A1BB"). An outward code alone ("M1", "EC1A") is not a contact detail.
    /// Called on every token: tokens without a digit nearby leave at the first checks, and nothing
    /// is allocated.
    static func postcodeEnd(_ d: Draft, _ i: Int) -> Int? {
        let t = d.tokens[i]
        let length = Int(t.end - t.start)
        guard t.kind == .word, length <= 7 else { return nil }
        let bytes = d.stream.text.bytes
        let hasDigit = t.flags.contains(.hasDigit)
        // Glued: "M11AE", "eh38dx".
        if hasDigit, length >= 5 {
            let packed = Postcode.pack(bytes, Int(t.start)..<Int(t.end))
            return Postcode.isFull(packed, count: length) ? i : nil
        }
        // Two tokens: the second always carries a digit (the inward code's, or a misplaced outward's).
        guard i + 1 < d.count else { return nil }
        let u = d.tokens[i + 1]
        let second = Int(u.end - u.start)
        guard u.kind == .word, u.flags.contains(.hasDigit), length + second >= 5, length + second <= 7,
            u.gapBefore >= 1, u.gapBefore <= 2, bytes[Int(t.end)] == 0x20
        else { return nil }
        let packed = Postcode.pack(bytes, Int(t.start)..<Int(t.end)) | Postcode.pack(bytes, Int(u.start)..<Int(u.end)) << UInt64(8 * length)
        if second == 3 {
            let written = bytes[Int(t.start)..<Int(t.end)] + bytes[Int(u.start)..<Int(u.end)]
            return Postcode.isFull(packed, count: length + second) || Postcode.isFullInLeetspeak(written, inward: 3) ? i + 1 : nil
        }
        // The space in the wrong place: only in capitals ("EH 38DX"), so "M11 AA" (a motorway and a
        // breakdown service) and lower-case chatter stay what they are.
        guard Postcode.isUpperCase(packed, count: length + second) else { return nil }
        return Postcode.isFull(packed, count: length + second) ? i + 1 : nil
    }
}

/// The format of a UK postcode (Royal Mail's rules): an outward code of an area that exists and a
/// district ("BS3", "EC1A"), and an inward code of a digit and two letters, never C, I, K, M, O or V.
/// Up to seven characters are packed into one integer, first character lowest, so checking one
/// allocates nothing.
enum Postcode {
    /// Which one- and two-letter areas exist (`contact/postcode-areas`), indexed by `areaIndex`.
    static let areas: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 27)
        guard let text = try? LexiconStore.file("contact/postcode-areas.list") else { return table }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let b = Array(line.utf8)
            guard b.count == 1 || b.count == 2, b.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { continue }
            table[areaIndex(b[0], b.count == 2 ? b[1] : nil)] = true
        }
        return table
    }()

    @inline(__always) private static func areaIndex(_ a: UInt8, _ b: UInt8?) -> Int {
        Int(a - 0x41) * 27 + (b.map { Int($0 - 0x41) } ?? 26)
    }

    /// `bytes[range]` (at most eight) packed, first byte lowest.
    @inline(__always) static func pack(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        var p: UInt64 = 0
        for k in range.reversed() where k - range.lowerBound < 8 { p = p << 8 | UInt64(bytes[k]) }
        return p
    }

    @inline(__always) private static func at(_ p: UInt64, _ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: p >> UInt64(8 * k)) }
    @inline(__always) private static func upper(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 0x20 : b }
    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) private static func isUnusedInward(_ b: UInt8) -> Bool {
        b == 0x43 || b == 0x49 || b == 0x4B || b == 0x4D || b == 0x4F || b == 0x56  // C I K M O V
    }

    static func isUpperCase(_ p: UInt64, count: Int) -> Bool {
        (0..<count).allSatisfy { !(at(p, $0) >= 0x61 && at(p, $0) <= 0x7A) }
    }

    /// Whether the `count` characters packed in `p` (letters and digits, no space) are a full postcode.
    static func isFull(_ p: UInt64, count: Int) -> Bool {
        guard count >= 5, count <= 7 else { return false }
        let w = count - 3
        let i0 = at(p, w), i1 = upper(at(p, w + 1)), i2 = upper(at(p, w + 2))
        guard isDigit(i0), isLetter(i1), isLetter(i2), !isUnusedInward(i1), !isUnusedInward(i2) else { return false }
        // Written in small letters, an inward code such as "1st", "2nd" or "4th" is an ordinal: "ranked s5 4th".
        let s1 = at(p, w + 1), s2 = at(p, w + 2)
        if (s1 == 0x73 && s2 == 0x74) || (s1 == 0x6E && s2 == 0x64) || (s1 == 0x72 && s2 == 0x64) || (s1 == 0x74 && s2 == 0x68) {
            return false
        }
        let o0 = upper(at(p, 0)), o1 = upper(at(p, 1)), o2 = upper(at(p, 2))
        if w == 3 && o0 == 0x47 && o1 == 0x49 && o2 == 0x52 { return i0 == 0x30 && i1 == 0x41 && i2 == 0x41 }  // GIR 0AA
        // Area: one or two letters that exist.
        guard isLetter(o0) else { return false }
        let areaLength = isLetter(o1) ? 2 : 1
        guard areas[areaIndex(o0, areaLength == 2 ? o1 : nil)] else { return false }
        // District: A9, A99, A9A, AA9, AA99, AA9A.
        var k = areaLength
        guard k < w, isDigit(upper(at(p, k))) else { return false }
        k += 1
        if k == w { return true }
        guard k + 1 == w else { return false }
        let last = upper(at(p, k))
        if isDigit(last) { return true }
        // A letter after the district digit is used only in central London, in these letters.
        let allowed = areaLength == 1 ? "ABCDEFGHJKPSTUW" : "ABEHMNPRVWXY"
        return allowed.utf8.contains(last)
    }

    /// `chars` (letters and digits, no space) as a full postcode, for callers holding bytes.
    static func isFull(_ chars: ArraySlice<UInt8>) -> Bool {
        chars.count <= 7 && isFull(pack(Array(chars), 0..<chars.count), count: chars.count)
    }

    /// `chars` as a full postcode once digits that stand for letters in leetspeak are read as letters
    /// where the format needs one: "853 4PQ" is BS3 4PQ, "8540 77J" is BS40 7TJ. At least one letter
    /// must be written as a letter, and every written letter must be a capital, with the inward code
    /// (its last `inward` characters) written apart: words with digits in them ("w415h") are not postcodes.
    static func isFullInLeetspeak(_ chars: ArraySlice<UInt8>, inward: Int) -> Bool {
        let chars = Array(chars)
        guard chars.count >= 5, chars.count <= 7, chars.suffix(inward).contains(where: TokenStream.isLetter),
            chars.allSatisfy({ !($0 >= 0x61 && $0 <= 0x7A) })
        else { return false }
        // Each leetspeak digit as itself or its letter ("1" as L or I): at most 6 of them.
        let swappable = chars.indices.filter { TokenStream.isDigit(chars[$0]) && LeetWords.letter(chars[$0]) != nil }
        guard !swappable.isEmpty, swappable.count <= 6 else { return false }
        func options(_ b: UInt8) -> [UInt8] {
            b == 0x31 ? [b, 0x4C, 0x49] : [b, LeetWords.letter(b)! & ~0x20]
        }
        var trial = chars
        func search(_ k: Int) -> Bool {
            if k == swappable.count { return isFull(pack(trial, 0..<trial.count), count: trial.count) }
            for option in options(chars[swappable[k]]) {
                trial[swappable[k]] = option
                if search(k + 1) { return true }
            }
            return false
        }
        return search(0)
    }
}
