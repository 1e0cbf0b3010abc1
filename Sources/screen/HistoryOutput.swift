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

/// The HTML report while posts are screened: flagged posts' sections go to a spool file beside the
/// report (so memory stays flat), then the page is written head, sections, tail.
final class ReportSpool {
    let path: String
    private let spoolPath: String
    private let handle: FileHandle
    private var pending = ""
    private var sections = 0

    init(path: String) throws {
        self.path = path
        spoolPath = path + ".sections.tmp"
        guard FileManager.default.createFile(atPath: spoolPath, contents: nil), let h = FileHandle(forWritingAtPath: spoolPath) else {
            throw CLIFailure(description: "\(path): cannot write the report")
        }
        handle = h
    }

    func append(_ section: String) throws {
        sections += 1
        pending += section
        if pending.utf8.count >= 1 << 16 {
            try handle.write(contentsOf: Data(pending.utf8))
            pending = ""
        }
    }

    func finish(summary: HistorySummary, title: String) throws {
        try handle.write(contentsOf: Data(pending.utf8))
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: spoolPath) }
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path),
            let input = FileHandle(forReadingAtPath: spoolPath)
        else { throw CLIFailure(description: "\(path): cannot write the report") }
        defer { try? out.close() }
        try out.write(contentsOf: Data(HistoryReportPage.head(summary: summary, title: title, sections: sections).utf8))
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
        try input.close()
        try out.write(contentsOf: Data(HistoryReportPage.tail.utf8))
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
