/// Dates as the exports write them, turned into ISO 8601 so the output and the summary's years
/// and months are one form whatever the source.
enum HistoryDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A date string from an export: ISO 8601 (kept, a space before the time made a `T`, fractions
    /// of a second and a `Z`/`+00:00` zone made `Z`), Twitter's `Wed Oct 10 20:19:24 +0000 2018`, or
    /// Unix seconds or milliseconds. Anything else is returned as given.
    static func normalise(_ raw: String) -> String {
        let s = raw.trimmingSpaces
        let u = Array(s.utf8)
        if u.count >= 10, isDigits(u[0..<4]), u[4] == 0x2D, isDigits(u[5..<7]), u[7] == 0x2D, isDigits(u[8..<10]) {
            if u.count >= 19, u[10] == 0x54 || u[10] == 0x20, u[13] == 0x3A, u[16] == 0x3A {
                var rest = u[19...]
                if rest.first == 0x2E { rest = rest.drop(while: { $0 == 0x2E || (0x30...0x39).contains($0) }) }
                let zone = String(decoding: rest, as: UTF8.self)
                let head = String(decoding: u[0..<10], as: UTF8.self) + "T" + String(decoding: u[11..<19], as: UTF8.self)
                switch zone {
                case "Z", "+00:00", "+0000", " UTC", " +0000": return head + "Z"
                default: return head + zone
                }
            }
            return s
        }
        if !u.isEmpty, u.count <= 13, isDigits(u[...]), let n = Int(s) {
            return iso(unix: u.count == 13 ? n / 1000 : n)
        }
        if let seconds = twitterEpochSeconds(s) { return iso(unix: seconds) }
        return s
    }

    /// ISO 8601 UTC for Unix seconds.
    static func iso(unix seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rem = seconds - days * 86400
        let (y, m, d) = civil(days: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = y < 1000 ? String(repeating: "0", count: 4 - String(y).count) + "\(y)" : "\(y)"
        return "\(year)-\(two(m))-\(two(d))T\(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60))Z"
    }

    /// Seconds since 1970 of Twitter's `Wed Oct 10 20:19:24 +0000 2018`.
    static func twitterEpochSeconds(_ s: String) -> Int? {
        let parts = s.split(separator: " ")
        guard parts.count == 6, let month = months.firstIndex(of: String(parts[1])), let day = Int(parts[2]),
            let year = Int(parts[5])
        else { return nil }
        let hms = parts[3].split(separator: ":").compactMap { Int($0) }
        let zone = Array(parts[4].utf8)
        guard hms.count == 3, zone.count == 5, let zh = Int(String(decoding: zone[1..<3], as: UTF8.self)),
            let zm = Int(String(decoding: zone[3..<5], as: UTF8.self))
        else { return nil }
        let offset = (zh * 3600 + zm * 60) * (zone[0] == 0x2D ? -1 : 1)
        return days(year: year, month: month + 1, day: day) * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2] - offset
    }

    /// Seconds since 1970 of an ISO 8601 UTC string such as `normalise` makes (nil for others).
    static func epochSeconds(iso s: String) -> Int? {
        let u = Array(s.utf8)
        guard u.count >= 19, isDigits(u[0..<4]), isDigits(u[11..<13]) else { return nil }
        func num(_ r: Range<Int>) -> Int? { Int(String(decoding: u[r], as: UTF8.self)) }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
            let se = num(17..<19)
        else { return nil }
        return days(year: y, month: m, day: d) * 86400 + h * 3600 + mi * 60 + se
    }

    /// Year and month of an ISO 8601 date (its first seven characters).
    static func yearMonth(_ s: String?) -> (year: Int, month: Int)? {
        guard let s else { return nil }
        let u = Array(s.utf8.prefix(7))
        guard u.count == 7, isDigits(u[0..<4]), u[4] == 0x2D, isDigits(u[5..<7]),
            let y = Int(String(decoding: u[0..<4], as: UTF8.self)), let m = Int(String(decoding: u[5..<7], as: UTF8.self)),
            (1...12).contains(m)
        else { return nil }
        return (y, m)
    }

    private static func isDigits(_ s: ArraySlice<UInt8>) -> Bool { s.allSatisfy { (0x30...0x39).contains($0) } }

    // Howard Hinnant's days-from-civil and civil-from-days.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func civil(days z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Repairs the text of Facebook and Instagram exports, which write each UTF-8 byte of a non-ASCII
/// character as its own `\u00XX` escape (`\u00c3\u00a9` for é), so a plain JSON reader sees "Ã©".
enum MojibakeRepair {
    /// The text with each run of Latin-1 characters that spells valid UTF-8 decoded as UTF-8. Text
    /// that is already right (a character above U+00FF, or bytes that are not UTF-8) is unchanged.
    static func repair(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var high = false
        for scalar in s.unicodeScalars {
            guard scalar.value <= 0xFF else { return s }
            if scalar.value >= 0x80 { high = true }
            bytes.append(UInt8(scalar.value))
        }
        guard high, let repaired = String(validating: bytes, as: UTF8.self) else { return s }
        return repaired
    }
}

/// Turns the HTML of a Mastodon post into the text a reader sees: tags dropped, `<br>` a line break,
/// paragraphs a blank line, entities decoded, links (and the invisible parts of long links) kept as
/// their text. Findings are placed in this text.
enum HTMLText {
    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "mdash": "—",
        "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "pound": "£", "euro": "€",
        "copy": "©", "reg": "®", "trade": "™", "middot": "·", "bull": "•", "times": "×",
    ]

    static func text(_ html: String) -> String {
        var out = ""
        var scalars = Substring(html).unicodeScalars[...]
        while let c = scalars.first {
            if c == "<" {
                guard let close = scalars.firstIndex(of: ">") else {
                    out.unicodeScalars.append(contentsOf: scalars)
                    break
                }
                let tag = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                    .lowercased()
                let name = tag.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\n" }).first.map(String.init) ?? ""
                let closing = tag.hasPrefix("/")
                switch name {
                case "br": out += "\n"
                case "p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4":
                    if !closing && !out.isEmpty && !out.hasSuffix("\n\n") { out += out.hasSuffix("\n") ? "\n" : "\n\n" }
                default: break
                }
                scalars = scalars[scalars.index(after: close)...]
            } else if c == "&" {
                let rest = scalars.prefix(12)
                if let semi = rest.firstIndex(of: ";"), let decoded = entity(String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<semi]))) {
                    out += decoded
                    scalars = scalars[scalars.index(after: semi)...]
                } else {
                    out.unicodeScalars.append(c)
                    scalars = scalars.dropFirst()
                }
            } else {
                out.unicodeScalars.append(c)
                scalars = scalars.dropFirst()
            }
        }
        while out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// The text of an entity's name (`amp`, `#39`, `#x1F600`), or nil when it is not one.
    static func entity(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        return named[name]
    }

    /// Twitter escapes only `&`, `<` and `>` in post text.
    static func decodeTwitterEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&amp;", with: "&")
    }
}

extension String {
    var trimmingSpaces: String {
        let u = unicodeScalars
        guard let first = u.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = u.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(u[first...last])
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
