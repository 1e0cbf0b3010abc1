import Foundation

/// The HTML report of a re-screening: one self-contained page (inline CSS, SVG and script; nothing
/// fetched, so it works offline) a safeguarding lead can open — where it came from, totals, a key to
/// the grades, a chart of findings per month by category, tables, and the flagged posts (blocks
/// first) with their spans highlighted, filters by grade, category, year and account, a search, and
/// a page of 50 posts at a time.
///
/// Built from the lines of `screen history` output (``HistorySummary/add(output:chartMinimum:)`` and
/// ``HistoryReportList``), so that what it shows agrees with the JSONL, resumed runs included.
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

    /// Where a report came from, for its provenance line.
    public struct Provenance: Sendable {
        /// When the report was made.
        public var made: Date
        /// The profile's path, or a name such as "built-in default profile".
        public var profile: String
        /// SHA-256 of the profile file's bytes (nil for the built-in profile or an unreadable file).
        public var profileSHA256: String?
        /// A roster given apart from the profile (`--roster`).
        public var roster: String?
        /// The account the posts were screened for: `personal` or `official`.
        public var account: String
        /// PostScreen's version.
        public var version: String
        /// The time zone ``made`` is shown in.
        public var timeZone: TimeZone

        /// A provenance; the profile's hash is read from `profile` when it names a file.
        public init(
            profile: String, roster: String? = nil, account: String, version: String, made: Date = Date(),
            timeZone: TimeZone = .current
        ) {
            self.made = made
            self.profile = profile
            self.roster = roster
            self.account = account
            self.version = version
            self.timeZone = timeZone
            profileSHA256 = FileManager.default.contents(atPath: profile).map { SHA256.hex(Array($0)) }
        }
    }

    /// The whole page. `summary` gives the cards, chart and tables, `list` the flagged posts (both
    /// from the same output lines); `resume`, for an interrupted run, is the command that finishes
    /// it, or what to do when it cannot be resumed.
    public static func page(
        summary s: HistorySummary, list: HistoryReportList, title: String, provenance: Provenance, resume: String? = nil
    ) -> [UInt8] {
        var h = """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style></head><body>
            <header><h1>\(escape(title))</h1>
            \(provenanceLine(provenance))</header>

            """
        if s.interrupted {
            h += "<section class=\"partial\" id=\"partial\"><h2>This report is partial</h2>"
            h += "<p>The run was interrupted after \(grouped(s.read)) records: the posts after them have not been screened and are not in this report.</p>"
            if let resume { h += "<p>To screen the rest and rebuild this report from the whole output, run:</p><pre><code>\(escape(resume))</code></pre>" }
            h += "</section>\n"
        }
        if !s.inputErrors.isEmpty {
            h += "<section class=\"errors\"><h2>Inputs not read to the end</h2><ul>"
            for e in s.inputErrors { h += "<li>\(escape(e))</li>" }
            h += "</ul><p>Posts after the damage are missing from this report.</p></section>\n"
        }
        let blocks = s.byVerdict["block"] ?? 0, warnings = s.byVerdict["warning"] ?? 0, cautions = s.byVerdict["caution"] ?? 0
        h += "<section class=\"totals\">"
        for (label, value, key, cls) in [
            ("records read", s.read, "read", ""), ("posts screened", s.outputPosts, "posts", ""), ("block", blocks, "block", "g-block"),
            ("warning", warnings, "warning", "g-warning"), ("caution", cautions, "caution", "g-caution"),
            ("clear or notice only", (s.byVerdict["clear"] ?? 0) + (s.byVerdict["notice"] ?? 0), "clear", ""),
            ("skipped", s.skipped, "skipped", ""), ("unreadable", s.unreadable, "unreadable", s.unreadable > 0 ? "bad" : ""),
        ] {
            h += "<div class=\"card \(cls)\" data-card=\"\(key)\" data-n=\"\(value)\"><b>\(grouped(value))</b><span>\(label)</span></div>"
        }
        h += "</section>\n" + key
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
        h += listSection(list)
        var out = Array(h.utf8)
        out.append(contentsOf: Array("<script type=\"application/json\" id=\"report-data\">".utf8))
        out.append(contentsOf: list.json())
        out.append(contentsOf: Array("</script>\n<script>\(script)</script>\n".utf8))
        out.append(contentsOf: Array(footer.utf8))
        return out
    }

    /// When, with what and by which version the report was made.
    static func provenanceLine(_ p: Provenance) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = p.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let offset = p.timeZone.secondsFromGMT(for: p.made)
        let zone = "UTC" + (offset < 0 ? "−" : "+") + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)
        var h = "<p class=\"provenance\" id=\"provenance\">Made \(formatter.string(from: p.made)) (time zone \(escape(p.timeZone.identifier)), \(zone))"
        h += " by PostScreen \(escape(p.version)) · profile <code>\(escape(p.profile))</code>"
        if let hash = p.profileSHA256 { h += " (SHA-256 <code class=\"hash\">\(hash)</code>)" }
        if let roster = p.roster { h += " · roster <code>\(escape(roster))</code>" }
        h += " · account \(escape(p.account)) · post times are UTC unless an offset is shown.</p>"
        return h
    }

    /// What the grades mean.
    static let key = """
        <details class="key" open><summary>Key to the grades</summary><ul>
        <li><span class="badge g-block">block</span> Do not post this: a clear breach of policy.</li>
        <li><span class="badge g-warning">warning</span> Likely breaches policy: edit before posting.</li>
        <li><span class="badge g-caution">caution</span> Read it again: may breach policy in context.</li>
        <li><span class="badge g-notice">notice</span> Worth knowing; fine to post.</li>
        <li><span class="badge g-clear">clear</span> Nothing found.</li>
        </ul><p class="note">A post's verdict is its highest finding's grade; "flagged" means caution or above.</p></details>

        """

    /// The flagged posts' heading, filters, counts and pager; the script fills in the posts.
    static func listSection(_ list: HistoryReportList) -> String {
        var h = "<section id=\"flagged\" aria-labelledby=\"flagged-title\"><h2 id=\"flagged-title\">Flagged posts (\(grouped(list.total)))</h2>\n"
        h += "<p class=\"note\">Blocks first, then warnings, then cautions; newest first within each grade.</p>\n"
        if list.kept < list.total {
            let left = Grade.allCases.reversed().compactMap { g in list.omitted[g].map { "\(grouped($0)) \(g)\($0 == 1 ? "" : "s")" } }
            h += "<p class=\"capped\" id=\"capped\">This page holds \(grouped(list.kept)) of the \(grouped(list.total)) flagged posts, "
            h += "so that it stays small enough to open: every block and warning first, then the lower grades as room allows. "
            h += "Left out: \(left.joined(separator: ", ")). Every post is in the JSONL output, with its verdict.</p>\n"
        }
        if list.withoutText > 0 {
            let n = list.withoutText
            h += "<p class=\"note\">\(grouped(n)) post\(n == 1 ? " is" : "s are") in the output but not in this run's inputs, so only their findings are shown.</p>\n"
        }
        h += "<noscript><p class=\"capped\">The list of flagged posts needs JavaScript, which is off; every post is in the JSONL output.</p></noscript>\n"
        h += "<form id=\"filters\" role=\"search\"><fieldset class=\"grades\"><legend>Grade</legend>"
        for g in Grade.allCases.reversed() where g >= list.minimum {
            h += "<label><input type=\"checkbox\" name=\"grade\" value=\"\(g.rawValue)\" checked> \(g) <span class=\"n\" data-grade=\"\(g.rawValue)\"></span></label>"
        }
        h += "</fieldset>"
        for (id, label) in [("category", "Category"), ("year", "Year"), ("account", "Account")] {
            h += "<label class=\"pick\">\(label) <select id=\"f-\(id)\" name=\"\(id)\"><option value=\"\">all</option></select></label>"
        }
        h += "<label class=\"pick search\">Search <input type=\"search\" id=\"f-search\" name=\"q\" placeholder=\"words in the post or its findings\" autocomplete=\"off\"></label></form>\n"
        h += "<p id=\"count\" aria-live=\"polite\"><b id=\"matching\">\(grouped(list.kept))</b> of <span id=\"listed\">\(grouped(list.kept))</span> posts match"
        h += " · showing <span id=\"range\"></span></p>\n<div id=\"posts\"></div>\n<p id=\"none\" class=\"none\" hidden>No post matches these filters.</p>\n"
        h += "<nav id=\"pager\" aria-label=\"Pages\"><button type=\"button\" id=\"prev\">← Previous</button> <span id=\"page\"></span> "
        h += "<button type=\"button\" id=\"next\">Next →</button></nav></section>\n"
        return h
    }

    /// The end of the page.
    static let footer = "<footer>Made by PostScreen <code>screen history</code> from its JSONL output. Highlighted spans show what each finding is about; hover for details.</footer>\n</body></html>\n"

    /// Filters, search and paging over the embedded posts (`HistoryReportList.json()`), a page of
    /// posts at a time, built with DOM calls (no markup from the data). Nothing is fetched.
    static let script = #"""
        (function () {
        "use strict";
        var D = JSON.parse(document.getElementById("report-data").textContent);
        var P = D.posts, G = D.grades, C = D.categories, M = D.messages, A = D.accounts, PER = 50;
        function $(id) { return document.getElementById(id); }
        var form = $("filters"), list = $("posts"), hits = [], page = 0, last = null;
        function year(p) { return /^\d{4}-/.test(p[2]) ? p[2].slice(0, 4) : "undated"; }
        function when(d) {
          var m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d)?(.*)$/.exec(d);
          return m ? m[1] + " " + m[2] + (m[3] === "Z" ? "" : " " + m[3]) : (d || "undated");
        }
        function node(tag, cls, text) {
          var e = document.createElement(tag);
          if (cls) e.className = cls;
          if (text !== undefined) e.textContent = text;
          return e;
        }
        function hay(p) {
          if (p.h === undefined) {
            var s = p[6] + "\n" + p[1] + "\n" + A[p[4]];
            for (var i = 0; i < p[7].length; i++) s += "\n" + p[7][i][5] + "\n" + M[p[7][i][4]][0];
            p.h = s.toLowerCase();
          }
          return p.h;
        }
        function count(key, into) { into[key] = (into[key] || 0) + 1; }
        var byGrade = {}, byCat = {}, byYear = {}, byAcc = {};
        P.forEach(function (p) {
          count(p[0], byGrade); count(year(p), byYear); count(p[4], byAcc);
          var seen = {};
          p[7].forEach(function (f) { if (!seen[f[3]]) { seen[f[3]] = 1; count(f[3], byCat); } });
        });
        function fill(select, keys, name, counts) {
          keys.forEach(function (k) {
            var o = node("option", null, name(k) + " (" + counts[k].toLocaleString("en-GB") + ")");
            o.value = k;
            select.appendChild(o);
          });
        }
        fill($("f-category"), Object.keys(byCat).map(Number).sort(function (a, b) { return a - b; }), function (k) { return C[k]; }, byCat);
        fill($("f-year"), Object.keys(byYear).sort().reverse(), String, byYear);
        fill($("f-account"), Object.keys(byAcc).map(Number).sort(function (a, b) { return A[a] < A[b] ? -1 : 1; }), function (k) { return A[k]; }, byAcc);
        form.querySelectorAll("[data-grade]").forEach(function (s) { s.textContent = "(" + (byGrade[s.dataset.grade] || 0).toLocaleString("en-GB") + ")"; });
        function marked(t, text, fs) {
          var at = 0;
          fs.filter(function (f) { return f[0] >= 0; }).sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; }).forEach(function (f) {
            if (f[0] < at) return;
            t.append(text.slice(at, f[0]));
            var mk = node("mark", null, text.slice(f[0], f[1]));
            mk.style.setProperty("--c", D.colours[f[3]]);
            mk.title = G[f[2]] + " · " + C[f[3]] + ": " + M[f[4]][0];
            t.appendChild(mk);
            at = f[1];
          });
          t.append(text.slice(at));
        }
        function article(p) {
          var g = G[p[0]], a = node("article", "post g-" + g), h = node("header");
          h.appendChild(node("span", "badge g-" + g, g));
          h.appendChild(node("time", null, when(p[2])));
          h.appendChild(node("span", "src", A[p[4]] + (p[5] ? " · " + p[5] : "")));
          h.appendChild(node("span", "pid", p[1]));
          if (/^https?:\/\//.test(p[3])) {
            var l = node("a", "orig", "open the original ↗");
            l.href = p[3];
            l.rel = "noopener noreferrer";
            h.appendChild(l);
          }
          a.appendChild(h);
          var t = node("p", "text");
          if (p[6]) marked(t, p[6], p[7]); else { t.className += " missing"; t.textContent = "(the text is not in this run's inputs)"; }
          a.appendChild(t);
          var ul = node("ul", "findings");
          p[7].forEach(function (f) {
            var m = M[f[4]], li = node("li"), c = node("span", "cat", C[f[3]]);
            c.style.setProperty("--c", D.colours[f[3]]);
            li.append(node("span", "badge g-" + G[f[2]], G[f[2]]), " ", c, " ", node("q", null, f[5]), " — " + m[0]);
            li.appendChild(node("div", "why", "Policy: " + m[1]));
            if (m[2]) li.appendChild(node("div", "fix", "Try: " + m[2]));
            ul.appendChild(li);
          });
          a.appendChild(ul);
          return a;
        }
        function draw() {
          var pages = Math.max(1, Math.ceil(hits.length / PER));
          page = Math.max(0, Math.min(page, pages - 1));
          var from = page * PER, to = Math.min(hits.length, from + PER), frag = document.createDocumentFragment();
          for (var i = from; i < to; i++) frag.appendChild(article(P[hits[i]]));
          list.textContent = "";
          list.appendChild(frag);
          $("matching").textContent = hits.length.toLocaleString("en-GB");
          $("listed").textContent = P.length.toLocaleString("en-GB");
          $("range").textContent = hits.length ? (from + 1).toLocaleString("en-GB") + "–" + to.toLocaleString("en-GB") : "none";
          $("page").textContent = "page " + (page + 1) + " of " + pages;
          $("prev").disabled = page === 0;
          $("next").disabled = page >= pages - 1;
          $("none").hidden = hits.length > 0;
        }
        function apply() {
          var grades = {};
          form.querySelectorAll("input[name=grade]").forEach(function (b) { grades[b.value] = b.checked; });
          var cat = $("f-category").value, yr = $("f-year").value, acc = $("f-account").value;
          var words = $("f-search").value.toLowerCase().split(/\s+/).filter(Boolean);
          var key = JSON.stringify([grades, cat, yr, acc, words]);
          if (key === last) return;
          last = key;
          hits = [];
          for (var i = 0; i < P.length; i++) {
            var p = P[i];
            if (!grades[p[0]] || (yr && year(p) !== yr) || (acc && p[4] !== +acc)) continue;
            if (cat && !p[7].some(function (f) { return f[3] === +cat; })) continue;
            if (words.length) { var s = hay(p); if (!words.every(function (w) { return s.indexOf(w) >= 0; })) continue; }
            hits.push(i);
          }
          page = 0;
          draw();
        }
        var timer;
        form.addEventListener("change", apply);
        form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
        $("f-search").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
        function turn(by) { page += by; draw(); $("count").scrollIntoView(); }
        $("prev").addEventListener("click", function () { turn(-1); });
        $("next").addEventListener("click", function () { turn(1); });
        apply();
        document.body.dataset.ready = "1";
        if (window.performance && performance.mark) performance.mark("report-list-drawn");
        })();
        """#

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
        .provenance{color:#57606a;font-size:13px;margin:0 0 14px;overflow-wrap:anywhere}.provenance code{font-size:12px}
        .partial{background:#fff4e5;border:1px solid #f0b35b;border-radius:6px;padding:4px 14px;margin:0 0 14px}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #dde1e6;border-radius:4px;padding:6px 8px}
        .key{margin:14px 0;background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:6px 14px}.key summary{font-weight:600;cursor:pointer}
        .key ul{list-style:none;padding:0;margin:6px 0}.key li{margin:3px 0}.key .badge{min-width:64px;text-align:center;margin-right:6px}
        .badge.g-notice{background:#90a4ae}.badge.g-clear{background:#2e7d32}
        .capped{background:#e8f1fb;border:1px solid #b6d0ee;border-radius:6px;padding:6px 12px}
        #filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:flex-end;background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px 12px;margin:10px 0}
        #filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}#filters legend{font-size:13px;color:#57606a;padding:0;float:left;margin-right:4px}
        .pick{display:flex;flex-direction:column;font-size:13px;color:#57606a;min-width:0;max-width:100%}
        .pick select,.pick input{font:inherit;font-size:15px;color:#1b1f24;max-width:100%;min-width:0;padding:3px 4px}
        .pick.search{flex:1 1 180px}.n{color:#57606a;font-size:13px}
        #count{margin:8px 0}#pager{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:12px 0}#pager button{font:inherit;padding:4px 10px}
        .src{overflow-wrap:anywhere}.missing{color:#57606a;font-style:italic}
        @media (max-width:600px){body{margin:12px auto;padding:0 10px}.card{min-width:0;flex:1 1 40%}.orig{margin-left:0}td,th{padding:3px 6px}}
        """
}
