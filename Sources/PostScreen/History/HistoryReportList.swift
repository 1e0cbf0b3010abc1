/// The flagged posts of an HTML report, gathered from the lines of `screen history` output (so the
/// list agrees with the JSONL by construction) and kept compactly: one JSON array per post, with the
/// findings' messages, categories and accounts as numbers into shared tables.
///
/// The page has a byte budget: posts are kept blocks first, then warnings, then cautions (then
/// notices), and when the budget is reached the lowest grade gives way; what is left out is counted
/// and the page says so (every post is still in the JSONL).
public struct HistoryReportList: Sendable {
    /// The lowest verdict that puts a post in the list.
    public let minimum: Grade
    /// Most bytes of post data to embed in the page.
    public let budget: Int
    /// Posts at or above ``minimum`` seen, by verdict.
    public private(set) var seen: [Grade: Int] = [:]
    /// Posts seen but left out of the page for the budget, by verdict.
    public private(set) var omitted: [Grade: Int] = [:]
    /// Posts whose text was not found (only their findings can be shown).
    public private(set) var withoutText = 0

    struct Row {
        var date: String
        var bytes: [UInt8]
    }

    /// Kept rows by verdict (`Grade.rawValue`), in the order seen.
    private var rows: [[Row]] = Array(repeating: [], count: Grade.allCases.count)
    private var bytes = 0
    private var messageIndex: [String: Int] = [:]
    private var messages: [[UInt8]] = []
    private var accountIndex: [String: Int] = [:]
    private var accounts: [String] = []

    /// The default budget keeps the page under 10 MB with the rest of the page around it.
    public static let defaultBudget = 8_500_000

    /// An empty list of posts with a verdict at or above `minimum`.
    public init(minimum: Grade = .caution, budget: Int = defaultBudget) {
        self.minimum = minimum
        self.budget = budget
    }

    /// Posts at or above ``minimum``.
    public var total: Int { seen.values.reduce(0, +) }
    /// Posts in the page.
    public var kept: Int { rows.reduce(0) { $0 + $1.count } }

    /// Adds the post of one output line when its verdict is at or above ``minimum``. `text` is the
    /// post's text (the JSONL holds only the findings' spans); nil when it is not known.
    public mutating func add(_ line: HistoryOutputLine, text: String?) {
        let findings = line.findings.filter { $0.grade >= minimum }
        guard let verdict = findings.map(\.grade).max() else { return }
        seen[verdict, default: 0] += 1
        if text == nil { withoutText += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(96 + (text?.utf8.count ?? 0) + findings.count * 24)
        out.append(0x5B)
        number(verdict.rawValue, &out)
        for field in [line.id, line.createdAt ?? "", line.url ?? ""] {
            out.append(0x2C)
            Self.string(field, &out)
        }
        out.append(0x2C)
        number(account(line), &out)
        out.append(0x2C)
        Self.string(line.kind ?? "", &out)
        out.append(0x2C)
        Self.string(text ?? "", &out)
        out.append(contentsOf: Array(",[".utf8))
        for (n, f) in findings.enumerated() {
            if n > 0 { out.append(0x2C) }
            // Offsets in UTF-16 code units, as JavaScript strings count; -1 when the span is not in the text.
            let span = text.flatMap { Self.utf16Span($0, f) }
            out.append(0x5B)
            number(span?.lowerBound ?? -1, &out)
            out.append(0x2C)
            number(span?.upperBound ?? -1, &out)
            out.append(0x2C)
            number(f.grade.rawValue, &out)
            out.append(0x2C)
            number(Category.allCases.firstIndex(of: f.category)!, &out)
            out.append(0x2C)
            number(message(f), &out)
            out.append(0x2C)
            Self.string(f.text, &out)
            out.append(0x5D)
        }
        out.append(contentsOf: Array("]]".utf8))
        keep(Row(date: line.createdAt ?? "", bytes: out), verdict: verdict)
    }

    /// Keeps a row within the budget, making room by dropping the latest rows of lower verdicts.
    private mutating func keep(_ row: Row, verdict: Grade) {
        while bytes + row.bytes.count > budget, let lower = (0..<verdict.rawValue).first(where: { !rows[$0].isEmpty }) {
            let dropped = rows[lower].removeLast()
            bytes -= dropped.bytes.count + 1
            omitted[Grade(rawValue: lower)!, default: 0] += 1
        }
        guard bytes + row.bytes.count <= budget else {
            omitted[verdict, default: 0] += 1
            return
        }
        bytes += row.bytes.count + 1
        rows[verdict.rawValue].append(row)
    }

    private mutating func message(_ f: HistoryOutputLine.Finding) -> Int {
        let key = f.message + "\u{0}" + f.reason + "\u{0}" + (f.suggestion ?? "")
        if let n = messageIndex[key] { return n }
        var out: [UInt8] = [0x5B]
        Self.string(f.message, &out)
        out.append(0x2C)
        Self.string(f.reason, &out)
        out.append(0x2C)
        Self.string(f.suggestion ?? "", &out)
        out.append(0x5D)
        bytes += out.count + 1
        messages.append(out)
        messageIndex[key] = messages.count - 1
        return messages.count - 1
    }

    private mutating func account(_ line: HistoryOutputLine) -> Int {
        let name = Self.account(url: line.url, source: line.source)
        if let n = accountIndex[name] { return n }
        accounts.append(name)
        accountIndex[name] = accounts.count - 1
        bytes += name.utf8.count + 3
        return accounts.count - 1
    }

    /// The account a post was made from, as far as its link shows: `@name` on X/Twitter,
    /// `@name@server` on Mastodon, otherwise the export format (`facebook`, `jsonl`…).
    static func account(url: String?, source: String?) -> String {
        let fallback = source ?? "unknown"
        guard let url, let schemeEnd = url.range(of: "://") else { return fallback }
        let parts = url[schemeEnd.upperBound...].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return fallback }
        let host = parts[0].lowercased()
        if ["x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"].contains(host) {
            return parts[2] == "status" && parts[1] != "i" ? "@" + parts[1] : fallback
        }
        if parts[1].hasPrefix("@"), parts[1].count > 1 { return parts[1] + "@" + host }
        if parts[1] == "users", parts.count >= 4, parts[3] == "statuses" { return "@" + parts[2] + "@" + host }
        return fallback
    }

    /// A finding's span in UTF-16 code units, when its byte offsets fall inside `text` on character
    /// boundaries and pick out the finding's own text.
    static func utf16Span(_ text: String, _ f: HistoryOutputLine.Finding) -> Range<Int>? {
        let utf8 = text.utf8
        guard f.start >= 0, f.start < f.end, f.end <= utf8.count,
            let from = utf8.index(utf8.startIndex, offsetBy: f.start, limitedBy: utf8.endIndex)?.samePosition(in: text.unicodeScalars),
            let to = utf8.index(utf8.startIndex, offsetBy: f.end, limitedBy: utf8.endIndex)?.samePosition(in: text.unicodeScalars),
            f.text.isEmpty || String(Substring(text.unicodeScalars[from..<to])) == f.text
        else { return nil }
        return text.utf16.distance(from: text.startIndex, to: from)..<text.utf16.distance(from: text.startIndex, to: to)
    }

    /// The data the page's script reads: `{"categories", "colours", "grades", "messages", "accounts",
    /// "posts"}`, posts by verdict (highest first), then newest first.
    func json() -> [UInt8] {
        var out: [UInt8] = Array("{\"grades\":[".utf8)
        for (n, g) in Grade.allCases.enumerated() {
            if n > 0 { out.append(0x2C) }
            Self.string(g.description, &out)
        }
        out.append(contentsOf: Array("],\"categories\":[".utf8))
        for (n, c) in Category.allCases.enumerated() {
            if n > 0 { out.append(0x2C) }
            Self.string(c.rawValue, &out)
        }
        out.append(contentsOf: Array("],\"colours\":[".utf8))
        for (n, c) in Category.allCases.enumerated() {
            if n > 0 { out.append(0x2C) }
            Self.string(HistoryReportPage.colours[c] ?? "#555", &out)
        }
        out.append(contentsOf: Array("],\"accounts\":[".utf8))
        for (n, a) in accounts.enumerated() {
            if n > 0 { out.append(0x2C) }
            Self.string(a, &out)
        }
        out.append(contentsOf: Array("],\"messages\":[".utf8))
        for (n, m) in messages.enumerated() {
            if n > 0 { out.append(0x2C) }
            out.append(contentsOf: m)
        }
        out.append(contentsOf: Array("],\"posts\":[".utf8))
        var first = true
        for grade in Grade.allCases.reversed() {
            // Newest first; undated posts (empty date) last. ISO dates sort as text.
            for row in rows[grade.rawValue].sorted(by: { $0.date > $1.date }) {
                if !first { out.append(0x2C) }
                first = false
                out.append(0x0A)
                out.append(contentsOf: row.bytes)
            }
        }
        out.append(contentsOf: Array("]}".utf8))
        return out
    }

    private func number(_ n: Int, _ out: inout [UInt8]) { out.append(contentsOf: Array(String(n).utf8)) }

    /// A JSON string literal that is also safe inside an HTML `<script>` element.
    static func string(_ s: String, _ out: inout [UInt8]) { ReportEncoding.string(s, &out, escapingHTML: true) }
}
