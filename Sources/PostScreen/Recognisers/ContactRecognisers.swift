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
        emails(bytes, &out)
        messagingLinks(bytes, &out)
        return out
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || TokenStream.isLetter(b) }

    // MARK: Phones

    static func phones(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        let n = bytes.count
        var i = 0
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
            var digits: [UInt8] = []
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
                } else if c == 0x20 || c == 0x2E || c == 0x2D || c == 0x28 || c == 0x29 {
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

    // MARK: Messaging links

    /// Invitation links to group chats: WhatsApp, Telegram, Discord, Signal, Messenger.
    static let messagingHosts = ["chat.whatsapp.com/", "wa.me/", "t.me/", "discord.gg/", "signal.group/", "m.me/"]

    static func messagingLinks(_ bytes: [UInt8], _ out: inout [ContactMatch]) {
        let n = bytes.count
        for host in messagingHosts {
            let h = Array(host.utf8)
            var i = 0
            while i + h.count <= n {
                var matched = true
                for k in 0..<h.count where bytes[i + k] | (TokenStream.isLetter(bytes[i + k]) ? 0x20 : 0) != h[k] {
                    matched = false
                    break
                }
                guard matched, i == 0 || !isAlnum(bytes[i - 1]) || bytes[i - 1] == 0x2F || bytes[i - 1] == 0x2E else {
                    i += 1
                    continue
                }
                // Extend back over "https://" and forward over the invite code.
                var a = i
                while a > 0 && bytes[a - 1] != 0x20 && bytes[a - 1] != 0x0A && bytes[a - 1] != 0x28 { a -= 1 }
                var b = i + h.count
                while b < n && (isAlnum(bytes[b]) || bytes[b] == 0x2F || bytes[b] == 0x5F || bytes[b] == 0x2D) { b += 1 }
                out.append(ContactMatch(kind: .messagingLink, range: a..<b))
                i = b
            }
        }
    }

    // MARK: Postcodes and addresses (token level)

    /// A full UK postcode at tokens `i`, `i+1` ("BS3 4PQ"), in capitals.
    static func isPostcode(_ d: Draft, _ i: Int) -> Bool {
        guard i + 1 < d.count, d.tokens[i].kind == .word, d.tokens[i + 1].kind == .word, d.tokens[i + 1].gapBefore >= 1
        else { return false }
        let outward = Array(d.stream.text.bytes[Int(d.tokens[i].start)..<Int(d.tokens[i].end)])
        let inward = Array(d.stream.text.bytes[Int(d.tokens[i + 1].start)..<Int(d.tokens[i + 1].end)])
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        guard inward.count == 3, isDigit(inward[0]), upper(inward[1]), upper(inward[2]) else { return false }
        guard outward.count >= 2, outward.count <= 4, upper(outward[0]) else { return false }
        // A9, A9A, A99, AA9, AA9A, AA99.
        var k = 1
        if upper(outward[k]) { k += 1 }
        guard k < outward.count, isDigit(outward[k]) else { return false }
        k += 1
        if k < outward.count && (isDigit(outward[k]) || upper(outward[k])) { k += 1 }
        return k == outward.count
    }
}
