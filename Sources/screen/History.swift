import ArgumentParser
import Foundation
import PostScreen

/// `screen history`: re-screen post-history exports (SPEC.md, "Bulk re-screening").
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-screen a post history export: one JSONL object per post, a summary, an HTML report.",
        discussion: """
            Reads Twitter/X archives (the .zip, its folder, or data/tweets.js), Facebook your_posts*.json, \
            Instagram posts_*.json, Mastodon outbox.json (or the export's .tar.gz as it comes), LinkedIn Shares.csv, any CSV with a text column, \
            and JSONL with id and text. Writes one JSON object per post (the output contract plus id, \
            created_at, url, source, kind) in input order, and a summary on standard error. Every record \
            is screened, or counted as skipped or unreadable with its position and reason.

            Examples:
              screen history twitter-archive.zip --output posts.jsonl --report report.html
              screen history --input-format csv --text-column Message posts.csv
              screen history posts.jsonl --output out.jsonl --resume
              screen history --format text --min-grade warning tweets.js
              cat posts.jsonl | screen history --input-format jsonl -

            Exit status: 0 when every post is below --fail-on, 1 when one is at or above it, 2 when an \
            input is missing, unreadable, truncated or corrupt (after writing what could be read), 130 \
            when interrupted.
            """)

    @Argument(help: "Export files, folders or .zip archives; - for standard input (needs --input-format).")
    var inputs: [String]

    @OptionGroup var profileOptions: ProfileOptions

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .customLong("input-format"), help: "auto, twitter, facebook, instagram, mastodon, linkedin, csv or jsonl.")
    var inputFormat: InputFormatChoice = .auto

    @Option(name: .customLong("text-column"), help: "CSV: the column holding the text, by header name or 1-based number.")
    var textColumn: String?

    @Option(name: [.short, .long], help: "Write the JSONL here instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Skip posts whose id is already in the --output file, and append the rest.")
    var resume = false

    @Option(name: [.short, .long], help: "Screening threads (default: one per core).")
    var jobs: Int?

    @Option(name: .long, help: "Write a self-contained HTML report here.")
    var report: String?

    @Option(name: .long, help: "Write the summary as JSON here (it is always printed on standard error).")
    var summary: String?

    @Flag(inversion: .prefixedNo, help: "Show a progress bar on standard error (default: when it is a terminal).")
    var progress: Bool?

    @Option(name: .customLong("report-min-grade"), help: "Lowest grade that puts a post in the HTML report and its chart.")
    var reportMinGrade: Threshold = .caution

    func validate() throws {
        if resume && output == nil { throw ValidationError("--resume needs --output FILE (the file to resume)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if outputOptions.format == .json {
            throw ValidationError(
                "--format json writes one object for one draft; a history has one per post: "
                    + "use --format jsonl (the default, one object a line) or --format text")
        }
        if resume && outputOptions.format == .text {
            throw ValidationError("--resume reads back the JSONL of an earlier run: it cannot be used with --format text")
        }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("- (standard input) can be given only once") }
        if reportMinGrade == .none { throw ValidationError("--report-min-grade must be a grade") }
    }

    mutating func run() throws {
        // Open every input first: a missing file or unknown format is a usage error before any work.
        let options = HistoryReadOptions(textColumn: textColumn)
        var readers: [HistoryReader] = []
        for input in inputs {
            do {
                readers.append(try HistoryReader(path: input, format: inputFormat.format, options: options))
            } catch {
                throw CLIFailure(description: error.description)
            }
        }
        let screener = try profileOptions.makeScreener()
        var resumed = HistoryResume()
        if resume, let output {
            do { resumed = try HistoryResume.load(path: output) } catch { throw CLIFailure(error, path: output) }
        }
        let sink: OutputSink
        do {
            sink = try OutputSink(path: output, appendingAfter: resume ? resumed.completeLength : nil)
        } catch {
            throw CLIFailure(error, path: output ?? "standard output")
        }
        if let report, !FileManager.default.createFile(atPath: report, contents: nil) {
            throw CLIFailure(description: "\(report): cannot write the report (\(String(cString: strerror(errno)))). Check the folder exists and is writable")
        }
        let interruption = Interruption.install()

        var screening = HistoryScreening(
            screener: screener, account: profileOptions.account.account, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        if !resumed.entries.isEmpty {
            let earlier = resumed
            screening.alreadyScreened = { earlier.entries[$0] != nil }
        }
        let minimum = outputOptions.minGrade.grade
        let renderer = outputOptions.format == .text ? TextRendering(colour: outputOptions.colour()) : nil
        let reportMinimum = reportMinGrade.grade ?? .caution
        let prepare: @Sendable (HistoryOutcome) -> PreparedPost = { outcome in PreparedPost(outcome, minimum: minimum, text: renderer) }
        let tally = try OutputTally(outputPath: output, reportPath: report, reportMinimum: reportMinimum, resumed: resumed)
        var totals = HistorySummary()
        let showProgress = progress ?? (isatty(STDERR_FILENO) == 1)
        var bar = ProgressBar(enabled: showProgress, totalBytes: readers.reduce(0 as Int?) { s, r in s.flatMap { a in r.estimatedBytes.map { a + $0 } } })
        var stop: StopReason?
        for reader in readers {
            do {
                try screening.run({ emit in
                    try reader.read(progress: { bar.bytes += $0 }) { record in
                        if interruption.isSet { throw StopReason.interrupted }
                        try emit(record)
                    }
                }, prepare: prepare, deliver: { prepared in
                    if case .resumed(let post) = prepared.outcome, let entry = resumed.entries[post.id] {
                        totals.addResumed(verdict: entry.verdict, categories: entry.categories, year: entry.year)
                    } else {
                        totals.add(prepared.outcome, chartMinimum: reportMinimum)
                    }
                    if let line = prepared.line { try sink.write(line) }
                    try tally.delivered(prepared)
                    bar.posts += 1
                    bar.draw()
                })
            } catch let reason as StopReason {
                stop = reason
                break
            } catch let error as HistoryError {
                totals.inputErrors.append(error.description)
            } catch let error as OutputSink.Closed {
                _ = error
                stop = .outputClosed
                break
            } catch {
                totals.inputErrors.append(CLIFailure(error, path: reader.path).description)
            }
        }
        bar.clear()
        do {
            try sink.close()
        } catch {
            if stop != .outputClosed { stop = .outputClosed }
        }
        var extras: [String] = []
        do { try tally.finish() } catch { extras.append("screen: \(error)") }
        totals.takePostCounts(from: tally.posts)
        totals.interrupted = stop == .interrupted
        if let summary {
            do {
                try Data(totals.json.utf8).write(to: URL(fileURLWithPath: summary))
            } catch {
                extras.append("screen: \(summary): cannot write the summary (\(FileProblem.reason(error)))")
            }
        }
        if let report, let list = tally.list {
            let provenance = HistoryReportPage.Provenance(
                profile: screener.profile.source, roster: profileOptions.roster, account: profileOptions.account.rawValue,
                version: PostScreenVersion.string)
            let title = "PostScreen history report: " + inputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            let resume = stop == .interrupted ? ResumeAdvice.command(output: output) : nil
            do { try ReportFile.write(report, summary: totals, list: list, title: title, provenance: provenance, resume: resume) } catch {
                extras.append("screen: \(error)")
            }
        }
        if stop != .outputClosed {
            var text = totals.text
            if stop == .interrupted {
                text = "interrupted: output written up to the last post read; \(ResumeAdvice.message(output: output))\n" + text
            }
            FileHandle.standardError.write(Data(text.utf8))
        }
        for e in totals.inputErrors { FileHandle.standardError.write(Data("screen: \(e)\n".utf8)) }
        for e in extras { FileHandle.standardError.write(Data((e + "\n").utf8)) }
        if stop == .interrupted { throw ExitCode(130) }
        if !totals.inputErrors.isEmpty || !extras.isEmpty { throw ExitCode(2) }
        if let threshold = outputOptions.failOn.grade, let worst = totals.worst, worst >= threshold { throw ExitCode(1) }
    }
}

/// Why a run stopped before the end of its inputs.
enum StopReason: Error {
    case interrupted
    case outputClosed
}

enum InputFormatChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, twitter, facebook, instagram, mastodon, linkedin, csv, jsonl
    var format: HistoryFormat? { HistoryFormat(rawValue: rawValue) }
}

/// One post made ready for output on a worker thread: its JSONL line, and that line read back as the
/// summary and report count it (``OutputTally``).
struct PreparedPost: Sendable {
    var outcome: HistoryOutcome
    var line: [UInt8]?
    var parsed: HistoryOutputLine?

    /// With `text`, the printed line is the post's compiler-style rendering, and only for a post with
    /// findings; `parsed` is always read from the JSONL encoding, which the summary and report count.
    init(_ outcome: HistoryOutcome, minimum: Grade?, text: TextRendering? = nil) {
        guard case .screened(let post, var report) = outcome else {
            self.outcome = outcome
            return
        }
        if let minimum { report = report.filtered(minimum: minimum) }
        self.outcome = .screened(post, report)
        var out: [UInt8] = []
        out.reserveCapacity(256)
        ReportEncoding.append(
            report,
            extras: [("created_at", post.createdAt), ("url", post.url), ("source", post.source.rawValue), ("kind", post.kind)],
            to: &out)
        if !post.passthrough.isEmpty {
            out.removeLast()  // the closing brace: the input's other fields go last
            for (key, json) in post.passthrough {
                out.append(0x2C)
                ReportEncoding.string(key, &out)
                out.append(0x3A)
                out.append(contentsOf: json.utf8)
            }
            out.append(0x7D)
        }
        out.append(0x0A)
        parsed = HistoryOutputLine(out)
        // --format text: the post's compiler-style rendering replaces its JSONL line, and a post
        // without findings prints nothing (a history is mostly clear posts).
        if let text {
            let flagged = !report.findings.isEmpty || !report.inputWarnings.isEmpty
            line = flagged ? Array(text.render(report, text: post.text, name: post.id).utf8) : nil
        } else {
            line = out
        }
    }
}
