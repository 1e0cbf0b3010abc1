/// The counts of a re-screening: every record read is screened, skipped (nothing to screen) or
/// unreadable, so `read == screened + skipped + unreadable + resumed`.
///
/// `screen history` counts records as they are read (``add(_:chartMinimum:)``), and posts — verdicts,
/// categories, years, the chart — from its output file once it is written (``add(output:chartMinimum:)``,
/// ``takePostCounts(from:)``), so that after `--resume` they cover both runs and agree with the file.
public struct HistorySummary: Sendable {
    /// Records read from the inputs.
    public var read = 0
    /// Posts screened in this run.
    public var screened = 0
    /// Posts already in the output file (`--resume`), not screened again.
    public var resumed = 0
    /// Records with nothing to screen, by reason.
    public var skipped = 0
    public var skippedReasons: [String: Int] = [:]
    /// Records that could not be read.
    public var unreadable = 0
    /// The first ``unreadableListLimit`` unreadable records, with their position and reason.
    public var unreadableList: [(position: HistoryPosition, reason: String)] = []
    public static let unreadableListLimit = 10_000
    /// Posts by verdict (`clear`, `notice`, … `block`), screened and resumed.
    public var byVerdict: [String: Int] = [:]
    /// Posts with at least one finding of each category.
    public var byCategory: [Category: Int] = [:]
    /// Posts and flagged posts (verdict caution or above) by year; undated posts under 0.
    public var byYear: [Int: (posts: Int, flagged: Int)] = [:]
    /// Findings at or above the report's minimum grade, by month (`year * 100 + month`) and category.
    public var findingsByMonth: [Int: [Category: Int]] = [:]
    /// Findings in posts with no recognised date.
    public var undatedFindings = 0
    /// The highest verdict of any post.
    public var worst: Grade?
    /// Inputs that could not be read to their end, with the reason.
    public var inputErrors: [String] = []
    /// Lines of output counted by ``add(output:chartMinimum:)``: one per post.
    public var outputPosts = 0
    /// The run was interrupted (Ctrl-C) before the end of its inputs.
    public var interrupted = false

    /// An empty summary.
    public init() {}

    /// Counts one outcome. `chartMinimum` is the lowest grade counted in ``findingsByMonth``.
    public mutating func add(_ outcome: HistoryOutcome, chartMinimum: Grade = .caution) {
        read += 1
        switch outcome {
        case .screened(let post, let report):
            screened += 1
            addPost(verdict: report.verdict, findings: report.findings.map { ($0.grade, $0.category) }, yearMonth: post.yearMonth, chartMinimum: chartMinimum)
        case .skipped(_, let reason):
            skipped += 1
            skippedReasons[reason, default: 0] += 1
        case .unreadable(let position, let reason):
            unreadable += 1
            if unreadableList.count < Self.unreadableListLimit { unreadableList.append((position, reason)) }
        case .resumed(let post):
            // Counted from the earlier output line when the caller has it (``addResumed``).
            addResumed(verdict: nil, categories: [], year: post.yearMonth?.year)
        }
    }

    /// Counts a post already in the output file (`--resume`).
    public mutating func addResumed(verdict: Grade?, categories: Set<Category>, year: Int?) {
        read += 1
        resumed += 1
        add(verdict: verdict, categories: categories, year: year)
    }

    /// Counts one post from a line of output: its verdict, categories, year, and its findings at or
    /// above `chartMinimum` by month. Records (read, screened, skipped…) are not touched.
    public mutating func add(output line: HistoryOutputLine, chartMinimum: Grade = .caution) {
        outputPosts += 1
        addPost(verdict: line.verdict, findings: line.findings.map { ($0.grade, $0.category) }, yearMonth: line.yearMonth, chartMinimum: chartMinimum)
    }

    /// Counts a post's verdict, categories and year, and its findings at or above `chartMinimum` by month.
    private mutating func addPost(verdict: Grade?, findings: [(Grade, Category)], yearMonth ym: (year: Int, month: Int)?, chartMinimum: Grade) {
        add(verdict: verdict, categories: Set(findings.map(\.1)), year: ym?.year)
        for (grade, category) in findings where grade >= chartMinimum {
            if let ym { findingsByMonth[ym.year * 100 + ym.month, default: [:]][category, default: 0] += 1 } else {
                undatedFindings += 1
            }
        }
    }

    /// Replaces this summary's post counts (verdicts, categories, years, chart, worst) with `other`'s,
    /// keeping its record counts.
    public mutating func takePostCounts(from other: HistorySummary) {
        byVerdict = other.byVerdict
        byCategory = other.byCategory
        byYear = other.byYear
        findingsByMonth = other.findingsByMonth
        undatedFindings = other.undatedFindings
        worst = other.worst
        outputPosts = other.outputPosts
    }

    private mutating func add(verdict: Grade?, categories: Set<Category>, year: Int?) {
        byVerdict[verdict?.description ?? "clear", default: 0] += 1
        if let verdict { worst = max(worst ?? verdict, verdict) }
        for c in categories { byCategory[c, default: 0] += 1 }
        var y = byYear[year ?? 0] ?? (0, 0)
        y.posts += 1
        if let verdict, verdict >= .caution { y.flagged += 1 }
        byYear[year ?? 0] = y
    }

    /// Posts with a verdict of caution or above.
    public var flagged: Int { byVerdict.filter { (Grade(name: $0.key) ?? .notice) >= .caution }.values.reduce(0, +) }

    /// The summary for a person, as printed at the end of `screen history`.
    public var text: String {
        var lines: [String] = []
        var head = "\(read) record\(read == 1 ? "" : "s") read: \(screened) screened"
        if resumed > 0 { head += ", \(resumed) already in the output (resumed)" }
        head += ", \(skipped) skipped, \(unreadable) unreadable"
        lines.append(head)
        let verdicts = ["block", "warning", "caution", "notice", "clear"].map { "\($0) \(byVerdict[$0] ?? 0)" }
        lines.append("by verdict: " + verdicts.joined(separator: ", "))
        if !byCategory.isEmpty {
            let cats = Category.allCases.compactMap { c in byCategory[c].map { "\(c.rawValue) \($0)" } }
            lines.append("posts by category: " + cats.joined(separator: ", "))
        }
        if !byYear.isEmpty {
            let years = byYear.keys.sorted().map { y in
                "\(y == 0 ? "undated" : String(y)) \(byYear[y]!.posts) (\(byYear[y]!.flagged) flagged)"
            }
            lines.append("by year: " + years.joined(separator: ", "))
        }
        for (reason, n) in skippedReasons.sorted(by: { $0.value > $1.value }) { lines.append("skipped \(n): \(reason)") }
        for (p, reason) in unreadableList.prefix(20) { lines.append("unreadable: \(p): \(reason)") }
        if unreadable > 20 { lines.append("… and \(unreadable - 20) more unreadable (all listed in --summary FILE)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary as one JSON object (for `--summary FILE`).
    public var json: String {
        var out: [UInt8] = []
        func str(_ s: String) { ReportEncoding.string(s, &out) }
        func raw(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        raw("{\"read\":\(read),\"screened\":\(screened),\"resumed\":\(resumed),\"skipped\":\(skipped),")
        raw("\"interrupted\":\(interrupted),")
        raw("\"unreadable\":\(unreadable),\"flagged\":\(flagged),\"by_verdict\":{")
        raw(["block", "warning", "caution", "notice", "clear"].map { "\"\($0)\":\(byVerdict[$0] ?? 0)" }.joined(separator: ","))
        raw("},\"by_category\":{")
        raw(Category.allCases.compactMap { c in byCategory[c].map { "\"\(c.rawValue)\":\($0)" } }.joined(separator: ","))
        raw("},\"by_year\":{")
        raw(byYear.keys.sorted().map { y in
            "\"\(y == 0 ? "undated" : String(y))\":{\"posts\":\(byYear[y]!.posts),\"flagged\":\(byYear[y]!.flagged)}"
        }.joined(separator: ","))
        raw("},\"skipped_reasons\":{")
        for (n, (reason, count)) in skippedReasons.sorted(by: { $0.key < $1.key }).enumerated() {
            if n > 0 { raw(",") }
            str(reason)
            raw(":\(count)")
        }
        raw("},\"unreadable_records\":[")
        for (n, (p, reason)) in unreadableList.enumerated() {
            if n > 0 { raw(",") }
            raw("{\"file\":")
            str(p.file)
            raw(",\"record\":\(p.record)")
            if let line = p.line { raw(",\"line\":\(line)") }
            raw(",\"reason\":")
            str(reason)
            raw("}")
        }
        raw("],\"input_errors\":[")
        for (n, e) in inputErrors.enumerated() {
            if n > 0 { raw(",") }
            str(e)
        }
        raw("]}")
        return String(decoding: out, as: UTF8.self)
    }
}
