import Foundation
import PostScreen

/// Where `screen history` writes its JSONL: standard output or a file, through one buffer, with a
/// closed pipe (`| head`) reported as ``Closed`` so the run can end quietly.
final class OutputSink {
    struct Closed: Error {}

    private let fd: Int32
    private let owned: Bool
    private var buffer: [UInt8] = []

    /// Opens `path` (standard output when nil). With `appendingAfter`, keeps that many bytes of an
    /// existing file (its complete lines) and appends after them.
    init(path: String?, appendingAfter keep: Int?) throws {
        buffer.reserveCapacity(1 << 17)
        guard let path else {
            fd = STDOUT_FILENO
            owned = false
            return
        }
        let flags = O_WRONLY | O_CREAT | (keep == nil ? O_TRUNC : 0)
        let opened = open(path, flags, 0o644)
        guard opened >= 0 else { throw CLIFailure(description: "\(path): cannot write (\(String(cString: strerror(errno))))") }
        if let keep {
            if ftruncate(opened, off_t(keep)) != 0 || lseek(opened, off_t(keep), SEEK_SET) < 0 {
                Foundation.close(opened)
                throw CLIFailure(description: "\(path): cannot append (\(String(cString: strerror(errno))))")
            }
        }
        fd = opened
        owned = true
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                buffer.removeAll()
                if errno == EPIPE { throw Closed() }
                throw CLIFailure(description: "cannot write the output (\(String(cString: strerror(errno))))")
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        defer { if owned { Foundation.close(fd) } }
        try flush()
    }
}

/// The posts of a run's output as the summary and the report count them: every line of the JSONL,
/// as it is written (parsed on the workers, see ``PreparedPost``), and with `--resume` the lines an
/// earlier run left in the file, read back at the end. So the verdicts, categories, years, chart and
/// flagged list agree with the output file by construction, however many runs wrote it.
final class OutputTally {
    private let reportMinimum: Grade
    private let resumed: HistoryResume
    private let outputPath: String?
    /// Texts of flagged posts that an earlier run screened (the JSONL does not hold texts).
    private var earlierTexts: TextSpool?
    private(set) var posts = HistorySummary()
    private(set) var list: HistoryReportList?

    init(outputPath: String?, reportPath: String?, reportMinimum: Grade, resumed: HistoryResume) throws {
        self.reportMinimum = reportMinimum
        self.resumed = resumed
        self.outputPath = outputPath
        if let reportPath {
            list = HistoryReportList(minimum: reportMinimum)
            if resumed.completeLength > 0 { earlierTexts = try TextSpool(path: reportPath + ".texts.tmp") }
        }
    }

    /// Counts one delivered post (call after its line is written).
    func delivered(_ prepared: PreparedPost) throws {
        switch prepared.outcome {
        case .screened(let post, _):
            guard let line = prepared.parsed else { return }
            posts.add(output: line, chartMinimum: reportMinimum)
            list?.add(line, text: post.text)
        case .resumed(let post):
            if let spool = earlierTexts, let verdict = resumed.entries[post.id]?.verdict, verdict >= reportMinimum {
                try spool.store(post.id, post.text)
            }
        default: break
        }
    }

    /// Counts the lines an earlier run left in the output file (`--resume`).
    func finish() throws {
        guard let outputPath, resumed.completeLength > 0 else { return }
        try earlierTexts?.flush()
        do {
            try HistoryOutputLine.read(path: outputPath, length: resumed.completeLength) { line in
                posts.add(output: line, chartMinimum: reportMinimum)
                if list != nil { list!.add(line, text: try earlierTexts?.text(line.id)) }
            }
        } catch {
            throw CLIFailure(description: "\(outputPath): cannot read it back for the summary and report: \(error)")
        }
    }

    deinit { earlierTexts?.remove() }
}

/// Texts kept in a temporary file, found again by id: memory stays flat however many there are.
final class TextSpool {
    private let path: String
    private let handle: FileHandle
    private var index: [String: (offset: UInt64, count: Int)] = [:]
    private var pending: [UInt8] = []
    private var written: UInt64 = 0

    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forUpdatingAtPath: path) else {
            throw CLIFailure(description: "\(path): cannot write a temporary file beside the report")
        }
        handle = h
    }

    func store(_ id: String, _ text: String) throws {
        index[id] = (written + UInt64(pending.count), text.utf8.count)
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        try handle.seekToEnd()
        try handle.write(contentsOf: pending)
        written += UInt64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    func text(_ id: String) throws -> String? {
        guard let (offset, count) = index[id] else { return nil }
        try handle.seek(toOffset: offset)
        return String(decoding: try handle.read(upToCount: count) ?? Data(), as: UTF8.self)
    }

    func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Writes the HTML report: the whole page at once (it is at most about 10 MB).
enum ReportFile {
    static func write(
        _ path: String, summary: HistorySummary, list: HistoryReportList, title: String, provenance: HistoryReportPage.Provenance,
        resume: String?
    ) throws {
        let page = HistoryReportPage.page(summary: summary, list: list, title: title, provenance: provenance, resume: resume)
        guard FileManager.default.createFile(atPath: path, contents: Data(page)) else {
            throw CLIFailure(description: "\(path): cannot write the report")
        }
    }
}

/// What to tell someone whose run was interrupted: the command that carries on where it stopped.
enum ResumeAdvice {
    /// The command line with `--resume` added, quoted for a POSIX shell; when the output went to
    /// standard output, the same with `--output FILE` for the file it was redirected to, if any.
    static func command(_ arguments: [String] = CommandLine.arguments, output: String?) -> String? {
        var words = arguments
        if output == nil {
            guard let redirected = redirectedOutput() else { return nil }
            words += ["--output", redirected]
        }
        if !words.contains("--resume") { words.append("--resume") }
        return words.map(quoted).joined(separator: " ")
    }

    /// The message printed on standard error and shown in the report.
    static func message(output: String?) -> String {
        if let command = command(output: output) { return "to screen the rest, run: \(command)" }
        return "the output went to standard output, so this run cannot be resumed: next time use --output FILE, then --resume"
    }

    /// The regular file standard output was redirected to (`> out.jsonl`), when it was.
    static func redirectedOutput() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(STDOUT_FILENO)"), path.hasPrefix("/"),
            (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        return path
    }

    static func quoted(_ word: String) -> String {
        let plain = word.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || "-_./=:@%+,".utf8.contains(b)
        }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Ctrl-C: the first stops reading (what was read is screened, written and summarised); a second
/// ends the program at once.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var source: DispatchSourceSignal?

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return set
    }

    static func install() -> Interruption {
        let i = Interruption()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [i] in
            i.lock.lock()
            let again = i.set
            i.set = true
            i.lock.unlock()
            if again { _exit(130) }
        }
        source.resume()
        i.source = source
        return i
    }
}

/// A one-line progress bar on standard error: posts done, posts per second, and the share of the
/// input read with an estimate of the time left.
struct ProgressBar {
    let enabled: Bool
    let totalBytes: Int?
    var bytes = 0
    var posts = 0
    private let start = Date()
    private var last = Date.distantPast
    private var drawn = false

    init(enabled: Bool, totalBytes: Int?) {
        self.enabled = enabled
        self.totalBytes = totalBytes
    }

    mutating func draw() {
        guard enabled, posts % 64 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.2 else { return }
        last = now
        let elapsed = max(0.001, now.timeIntervalSince(start))
        let rate = Double(posts) / elapsed
        var line = "\r\u{1B}[K\(posts) posts  \(Int(rate))/s"
        if let total = totalBytes, total > 0 {
            let fraction = min(1, Double(bytes) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            line += "  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            line += "\(Int(fraction * 100))%"
            if fraction > 0.01 {
                let left = Int(elapsed / fraction - elapsed)
                line += "  ETA \(left / 60):" + (left % 60 < 10 ? "0" : "") + "\(left % 60)"
            }
        }
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func clear() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
