import Foundation

/// The HTML report of a re-screening: one self-contained page (no scripts, fonts or images from
/// elsewhere) a safeguarding lead can open — totals, a chart of findings per month by category, and
/// every flagged post with its spans highlighted, grade, reason, date and a link to the original.
///
/// Written in three parts so it streams: ``postSection(_:_:minimum:)`` for each flagged post (on any
/// thread, as posts are screened), then ``head(summary:title:)`` and ``tail`` around them.
public enum HistoryReportPage {
    /// Category colours, chosen to stay distinct for colour-blind readers where possible.
    static let colours: [Category: String] = [
        .pupilName: "#c0392b", .contactDetails: "#e67e22", .defamation: "#8e44ad", .confidential: "#6d4c41",
        .schoolBranding: "#2471a3", .grievance: "#b7950b", .pupilContact: "#d81b60", .pupilImage: "#00897b",
        .abuse: "#455a64", .security: "#2e7d32",
    ]

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The section for one post, or nil when it has no finding at or above `minimum`.
    public static func postSection(_ post: HistoryPost, _ report: Report, minimum: Grade = .caution) -> String? {
        let findings = report.findings.filter { $0.grade >= minimum }
        guard let verdict = findings.map(\.grade).max() else { return nil }
        var h = "<article class=\"post g-\(verdict)\">\n<header><span class=\"badge g-\(verdict)\">\(verdict)</span>"
        h += " <time>\(escape(displayDate(post.createdAt)))</time>"
        h += " <span class=\"src\">\(post.source.rawValue)\(post.kind.map { " · " + escape($0) } ?? "")</span>"
        h += " <span class=\"pid\">\(escape(post.id))</span>"
        if let url = post.url, url.hasPrefix("https://") || url.hasPrefix("http://") {
            h += " <a class=\"orig\" href=\"\(escape(url))\" rel=\"noopener noreferrer\">open the original ↗</a>"
        }
        h += "</header>\n<p class=\"text\">\(highlighted(post.text, findings))</p>\n<ul class=\"findings\">\n"
        for f in findings {
            h += "<li><span class=\"badge g-\(f.grade)\">\(f.grade)</span> "
            h += "<span class=\"cat\" style=\"--c:\(colours[f.category] ?? "#555")\">\(f.category.rawValue)</span> "
            h += "<q>\(escape(f.text))</q> — \(escape(f.message))"
            h += "<div class=\"why\">Policy: \(escape(f.reason))</div>"
            if let s = f.suggestion { h += "<div class=\"fix\">Try: \(escape(s))</div>" }
            h += "</li>\n"
        }
        return h + "</ul>\n</article>\n"
    }

    /// The text with each finding's span in a `<mark>` (overlapping spans: the first one wins).
    static func highlighted(_ text: String, _ findings: [Finding]) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var at = 0
        for f in findings.sorted(by: { ($0.start, -$0.end) < ($1.start, -$1.end) }) {
            guard f.start >= at, f.end <= bytes.count, f.start < f.end else { continue }
            out += escape(String(decoding: bytes[at..<f.start], as: UTF8.self))
            out += "<mark style=\"--c:\(colours[f.category] ?? "#555")\" title=\"\(f.grade) · \(f.category.rawValue): \(escape(f.message))\">"
            out += escape(String(decoding: bytes[f.start..<f.end], as: UTF8.self)) + "</mark>"
            at = f.end
        }
        out += escape(String(decoding: bytes[at...], as: UTF8.self))
        return out
    }

    static func displayDate(_ iso: String?) -> String {
        guard let iso else { return "undated" }
        let u = Array(iso.utf8)
        if u.count >= 16, u[10] == 0x54 { return String(decoding: u[0..<10], as: UTF8.self) + " " + String(decoding: u[11..<16], as: UTF8.self) }
        return iso
    }

    /// Everything before the flagged posts: styles, totals, chart and tables. `sections` is the
    /// number of post sections that follow (by default the posts graded caution or above).
    public static func head(summary s: HistorySummary, title: String, sections: Int? = nil) -> String {
        var h = """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style></head><body>
            <h1>\(escape(title))</h1>

            """
        let blocks = s.byVerdict["block"] ?? 0, warnings = s.byVerdict["warning"] ?? 0, cautions = s.byVerdict["caution"] ?? 0
        h += "<section class=\"totals\">"
        for (label, value, cls) in [
            ("records read", s.read, ""), ("posts screened", s.screened + s.resumed, ""), ("block", blocks, "g-block"),
            ("warning", warnings, "g-warning"), ("caution", cautions, "g-caution"),
            ("clear or notice only", (s.byVerdict["clear"] ?? 0) + (s.byVerdict["notice"] ?? 0), ""),
            ("skipped", s.skipped, ""), ("unreadable", s.unreadable, s.unreadable > 0 ? "bad" : ""),
        ] {
            h += "<div class=\"card \(cls)\"><b>\(grouped(value))</b><span>\(label)</span></div>"
        }
        h += "</section>\n"
        if !s.inputErrors.isEmpty {
            h += "<section class=\"errors\"><h2>Inputs not read to the end</h2><ul>"
            for e in s.inputErrors { h += "<li>\(escape(e))</li>" }
            h += "</ul><p>Posts after the damage are missing from this report.</p></section>\n"
        }
        h += "<h2>Findings per month, by category</h2>\n" + chart(s)
        h += "<div class=\"tables\"><table><caption>Posts by category</caption><tr><th>category</th><th>posts</th></tr>"
        for c in Category.allCases {
            guard let n = s.byCategory[c] else { continue }
            h += "<tr><td><span class=\"swatch\" style=\"--c:\(colours[c]!)\"></span>\(c.rawValue)</td><td>\(grouped(n))</td></tr>"
        }
        h += "</table><table><caption>Posts by year</caption><tr><th>year</th><th>posts</th><th>flagged</th></tr>"
        for y in s.byYear.keys.sorted() {
            h += "<tr><td>\(y == 0 ? "undated" : String(y))</td><td>\(grouped(s.byYear[y]!.posts))</td><td>\(grouped(s.byYear[y]!.flagged))</td></tr>"
        }
        h += "</table></div>\n"
        if !s.unreadableList.isEmpty {
            h += "<details class=\"unreadable\"><summary>\(s.unreadable) unreadable record\(s.unreadable == 1 ? "" : "s")</summary><ul>"
            for (p, reason) in s.unreadableList.prefix(500) { h += "<li>\(escape(p.description)): \(escape(reason))</li>" }
            if s.unreadable > 500 { h += "<li>… and \(s.unreadable - 500) more (see the summary file)</li>" }
            h += "</ul></details>\n"
        }
        let flagged = sections ?? s.flagged
        h += "<h2>Flagged posts (\(flagged))</h2>\n"
        if flagged == 0 { h += "<p class=\"none\">No post was flagged.</p>\n" }
        return h
    }

    /// The end of the page.
    public static let tail = "<footer>Made by PostScreen <code>screen history</code>. Highlighted spans show what each finding is about; hover for details.</footer>\n</body></html>\n"

    /// A stacked bar chart (inline SVG) of findings per month by category.
    static func chart(_ s: HistorySummary) -> String {
        let keys = s.findingsByMonth.keys.sorted()
        guard let first = keys.first, let last = keys.last else {
            return "<p class=\"none\">No findings to chart\(s.undatedFindings > 0 ? " (\(s.undatedFindings) in undated posts)" : "").</p>\n"
        }
        var months: [Int] = []
        var m = first
        while m <= last {
            months.append(m)
            m = m % 100 == 12 ? (m / 100 + 1) * 100 + 1 : m + 1
        }
        let totals = months.map { (s.findingsByMonth[$0] ?? [:]).values.reduce(0, +) }
        let top = max(1, totals.max() ?? 1)
        let (width, height, left, bottom, topPad) = (960.0, 280.0, 44.0, 36.0, 12.0)
        let plotH = height - bottom - topPad
        let step = (width - left - 8) / Double(months.count)
        let bar = max(1, step * 0.8)
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Findings per month by category\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for t in Set([0, top / 2, top]).sorted() {
            let y = topPad + plotH - Double(t) / Double(top) * plotH
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(width))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"grid\"/>"
            svg += "<text x=\"\(Int(left) - 6)\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(t)</text>\n"
        }
        for (i, month) in months.enumerated() {
            let x = left + Double(i) * step + (step - bar) / 2
            var y = topPad + plotH
            let counts = s.findingsByMonth[month] ?? [:]
            for c in Category.allCases {
                guard let n = counts[c], n > 0 else { continue }
                let h = Double(n) / Double(top) * plotH
                y -= h
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(bar))\" height=\"\(f(h))\" fill=\"\(colours[c]!)\"><title>\(monthName(month)): \(n) \(c.rawValue)</title></rect>"
            }
            let label = months.count <= 18 || month % 100 == 1 || i == 0
            if label {
                let text = months.count <= 18 ? monthName(month) : String(month / 100)
                svg += "<text x=\"\(f(x + bar / 2))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"middle\">\(text)</text>"
            }
            svg += "\n"
        }
        svg += "</svg>\n<div class=\"legend\">"
        let present = Set(s.findingsByMonth.values.flatMap(\.keys))
        for c in Category.allCases where present.contains(c) {
            svg += "<span><i class=\"swatch\" style=\"--c:\(colours[c]!)\"></i>\(c.rawValue)</span>"
        }
        svg += "</div>\n"
        if s.undatedFindings > 0 { svg += "<p class=\"note\">\(s.undatedFindings) findings in undated posts are not charted.</p>\n" }
        return svg
    }

    /// `1000000` as `1,000,000`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func monthName(_ ym: Int) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(names[(ym % 100 - 1) % 12]) \(ym / 100)"
    }

    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;max-width:1000px;margin:24px auto;padding:0 16px;background:#fafafa}
        h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:28px 0 10px}
        .totals{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 14px;min-width:92px}
        .card b{display:block;font-size:22px}.card span{color:#57606a;font-size:13px}
        .card.g-block b{color:#b71c1c}.card.g-warning b{color:#c25e00}.card.g-caution b{color:#8a6d00}.card.bad b{color:#b71c1c}
        .chart{width:100%;height:auto;background:#fff;border:1px solid #dde1e6;border-radius:8px}
        .chart text{font-size:11px;fill:#57606a}.chart .grid{stroke:#e6e8eb;stroke-width:1}
        .legend{display:flex;flex-wrap:wrap;gap:14px;margin:8px 0;font-size:13px}
        .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;background:var(--c);margin-right:5px;vertical-align:-1px}
        .tables{display:flex;flex-wrap:wrap;gap:24px;margin-top:14px}table{border-collapse:collapse;background:#fff}
        caption{text-align:left;font-weight:600;padding:4px 0}td,th{border:1px solid #dde1e6;padding:3px 10px;text-align:left}td+td{text-align:right}
        .post{background:#fff;border:1px solid #dde1e6;border-left:5px solid #999;border-radius:6px;padding:10px 14px;margin:12px 0}
        .post.g-block{border-left-color:#b71c1c}.post.g-warning{border-left-color:#e65100}.post.g-caution{border-left-color:#c9a400}.post.g-notice{border-left-color:#90a4ae}
        .post header{font-size:13px;color:#57606a;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
        .pid{font-family:ui-monospace,monospace;font-size:12px;overflow-wrap:anywhere}.orig{margin-left:auto}
        .badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;color:#fff;background:#78909c;text-transform:uppercase;letter-spacing:.03em}
        .badge.g-block{background:#b71c1c}.badge.g-warning{background:#e65100}.badge.g-caution{background:#c9a400;color:#1b1f24}
        .text{white-space:pre-wrap;overflow-wrap:anywhere;margin:8px 0;font-size:15px}
        mark{background:color-mix(in srgb,var(--c) 22%,white);border-bottom:2px solid var(--c);padding:0 1px;border-radius:2px;color:inherit}
        .findings{margin:0;padding-left:18px;font-size:14px}.findings li{margin:4px 0}
        .cat{color:var(--c);font-weight:600}.why{color:#57606a;font-size:13px}.fix{color:#1b5e20;font-size:13px}
        .none,.note{color:#57606a}.errors{background:#fdecea;border:1px solid #f5c2c0;border-radius:6px;padding:4px 14px;margin-top:14px}
        details.unreadable{margin-top:14px}footer{margin:32px 0 8px;color:#57606a;font-size:12px}
        """
}
