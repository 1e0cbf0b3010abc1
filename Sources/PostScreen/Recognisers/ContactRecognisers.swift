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
}

/// Recognisers for phone numbers, emails, postcodes, street addresses, messaging links and handles.
///
/// They scan folded bytes directly (no regex engine): each is a small hand-written automaton, linear in
/// the input. Phone numbers are recognised as people write them (spaces, dots, dashes, brackets,
/// "+44 (0)"), and told apart from dates, times, prices, scores, years and order numbers by their
/// shape: a UK number starts with 0 (or +44) and has 10 or 11 digits.
enum ContactRecognisers {
    static func all(in bytes: [UInt8]) -> [ContactMatch] {
        var out: [ContactMatch] = []
        phones(bytes, &out)
        spelledPhones(bytes, &out)
        emails(bytes, &out)
        spelledEmails(bytes, &out)
        messagingLinks(bytes, &out)
        profileLinks(bytes, &out)
        return out
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || TokenStream.isLetter(b) }

    // MARK: Phones

    static func phones(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        let n = bytes.count
        var i = 0
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
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
            digits.removeAll(keepingCapacity: true)
            var j = i
            var lastDigitEnd = i
            var separators = 0
            var plus = false
            var sawSlashOrColon = false
            while j < n {
                let c = bytes[j]
                if isDigit(c) {
                    digits.append(c)
                    j += 1
                    lastDigitEnd = j
                    separators = 0
                } else if c == 0x2B && digits.isEmpty && !plus {
                    plus = true
                    j += 1
                } else if c == 0x20 || c == 0x2E || c == 0x2D || c == 0x28 || c == 0x29 || c == 0x5F || c == 0x7C
                    || c == 0x7E || c == 0x2A || c == FoldedText.symbol
                {
                    // Besides spaces, dots, dashes and brackets, people hide numbers with underscores,
                    // en dashes (folded to "|"), tildes, stars and emoji: "07700_900_123", "07700🔸900123".
                    // Slashes and colons stay out: they make dates and times.
                    separators += 1
                    if separators > 3 { break }
                    j += 1
                } else {
                    if c == 0x2F || c == 0x3A { sawSlashOrColon = true }
                    break
                }
            }
            defer { i = max(lastDigitEnd, i + 1) }
            guard !sawSlashOrColon || lastDigitEnd < j else { continue }
            // Digits followed straight by letters ("12.50pm", "30kg") are not a number to call.
            if lastDigitEnd < n, TokenStream.isLetter(bytes[lastDigitEnd]) { continue }
            guard let national = nationalForm(digits, plus: plus, raw: bytes[i..<lastDigitEnd]) else { continue }
            out.append(ContactMatch(kind: .phone(digits: national), range: i..<lastDigitEnd))
        }
    }

    /// The number in national form ("07700900123"), or nil if the digits are not a phone number.
    static func nationalForm<C: Collection>(_ digits: [UInt8], plus: Bool, raw: C) -> String? where C.Element == UInt8 {
        var d = String(decoding: digits, as: UTF8.self)
        let rawText = String(decoding: raw, as: UTF8.self)
        if plus || d.hasPrefix("00") {
            if d.hasPrefix("00") { d.removeFirst(2) }
            if d.hasPrefix("44") {
                d.removeFirst(2)
                // "+44 (0)7700 900123": the bracketed trunk zero is dropped.
                if d.hasPrefix("0") && rawText.contains("(0)") { d.removeFirst() }
                guard d.count == 10 || d.count == 9, !d.hasPrefix("0") else { return nil }
                return "0" + d
            }
            guard d.count >= 8 && d.count <= 15 else { return nil }
            return "+" + d
        }
        guard d.hasPrefix("0"), !d.hasPrefix("00") else { return nil }
        // UK numbers: 11 digits (10 for a few 01 areas). 0800 1111 (Childline) is 8: a helpline.
        guard d.count == 11 || (d.count == 10 && (d.hasPrefix("01") || d.hasPrefix("08"))) else { return nil }
        let second = d[d.index(after: d.startIndex)]
        guard "1237589".contains(second) else { return nil }
        return d
    }

    // MARK: Emails

    static func emails(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
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
            let domain = String(decoding: bytes[(i + 1)..<b], as: UTF8.self).lowercased()
            if a < i, let dot = domain.lastIndex(of: "."), domain.distance(from: dot, to: domain.endIndex) >= 3,
                domain.first != "."
            {
                out.append(ContactMatch(kind: .email(domain: domain), range: a..<b))
            }
            i = max(b, i + 1)
        }
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
    static func spelledPhones(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
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
            guard !existing.contains(where: { $0.overlaps(i..<lastEnd) }),
                let national = nationalForm(digits, plus: plus, raw: bytes[i..<lastEnd])
            else { continue }
            out.append(ContactMatch(kind: .phone(digits: national), range: i..<lastEnd))
        }
    }

    /// A necessary condition for `spelledPhones` to find anything, checked in one cheap pass: a digit
    /// word somewhere, and enough digit words and digits for ten digits (each counts three times when
    /// a "double" or "triple" could repeat it). Most drafts fail it, and skip the run parser.
    private static func mayHoldSpelledPhone(_ bytes: [UInt8]) -> Bool {
        var digitWords = 0
        var digits = 0
        var repeats = false
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
                }
                i = k
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
                    guard bytes[k + m] | 0x20 == w[m] else { return false }
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
            guard a < i, labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.count <= 6,
                tld.allSatisfy({ $0.isLetter }),
                marked || mailProviders.contains(labels[0]),
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
                } else if b | 0x20 == 0x64, k + 2 < n, bytes[k + 1] | 0x20 == 0x6F, bytes[k + 2] | 0x20 == 0x74 {
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
            if b == 0x61 || bytes[k] == 0x40 { return true }
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
        guard k >= 3, bytes[k - 3] | 0x20 == 0x64, bytes[k - 2] | 0x20 == 0x6F, bytes[k - 1] | 0x20 == 0x74 else {
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

    static func messagingLinks(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        hostLinks(bytes, hosts: messagingHostBytes, kind: .messagingLink, &out)
    }

    static func profileLinks(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        hostLinks(bytes, hosts: profileHostBytes, kind: .handle, &out) { path in
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
                for k in 0..<h.count where bytes[i + k] | (TokenStream.isLetter(bytes[i + k]) ? 0x20 : 0) != h[k] {
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

    // MARK: Postcodes and addresses (token level)

    /// A full UK postcode at tokens `i`, `i+1` ("BS3 4PQ"), in capitals.
    static func isPostcode(_ d: Draft, _ i: Int) -> Bool {
        guard i + 1 < d.count, d.tokens[i].kind == .word, d.tokens[i + 1].kind == .word, d.tokens[i + 1].gapBefore >= 1
        else { return false }
        guard d.tokens[i + 1].end - d.tokens[i + 1].start == 3, d.tokens[i].end - d.tokens[i].start <= 4 else { return false }
        let outward = d.stream.text.bytes[Int(d.tokens[i].start)..<Int(d.tokens[i].end)]
        let inward = d.stream.text.bytes[Int(d.tokens[i + 1].start)..<Int(d.tokens[i + 1].end)]
        let o = outward.startIndex
        let w = inward.startIndex
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        guard isDigit(inward[w]), upper(inward[w + 1]), upper(inward[w + 2]) else { return false }
        guard outward.count >= 2, upper(outward[o]) else { return false }
        // A9, A9A, A99, AA9, AA9A, AA99.
        var k = 1
        if upper(outward[o + k]) { k += 1 }
        guard k < outward.count, isDigit(outward[o + k]) else { return false }
        k += 1
        if k < outward.count && (isDigit(outward[o + k]) || upper(outward[o + k])) { k += 1 }
        return k == outward.count
    }
}
