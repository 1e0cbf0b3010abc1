import ArgumentParser
import Foundation
import PostScreen
import Synchronization

/// `screen [FILE…]`: screen drafts.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Screen drafts (the default command: `screen FILE…` is `screen check FILE…`).")

    @Argument(help: "Draft files, one draft each; - (or none) for standard input.")
    var files: [String] = []

    @OptionGroup var profileOptions: ProfileOptions

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if outputOptions.format == .json && files.count > 1 {
            throw ValidationError(
                "--format json writes one object for one draft, and \(files.count) were given: "
                    + "use --format jsonl for one object a line, each with its draft's \"id\" (the file name)")
        }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("- (standard input) can be given only once") }
    }

    mutating func run() throws {
        let screener = try profileOptions.makeScreener()
        // Piped without --format: json for one draft, jsonl (one object a line) for several.
        let format = outputOptions.format ?? (isTerminal(STDOUT_FILENO) ? .text : files.count > 1 ? .jsonl : .json)
        let renderer = TextRendering(colour: format == .text && outputOptions.colour())
        StandardOutput.installSignalHandlers()
        var worst: Grade? = nil
        var inputFailed = false
        // One draft at a time: read, screen, write its whole report, then the next. A file that cannot
        // be read is reported and skipped (exit 2 at the end); the others are still screened.
        let names = files.isEmpty ? ["-"] : files
        for name in names {
            let label = name == "-" ? "<stdin>" : name
            let input: DraftBytes
            do {
                input = name == "-" ? try DraftInput.readStandardInput() : try DraftInput.read(path: name)
            } catch let failure as CLIFailure {
                if names.count == 1 { throw failure }
                StandardOutput.error("screen: \(failure.description)\n")
                inputFailed = true
                continue
            }
            let bytes = input.utf8
            // A file's name is its id whatever the number of files; standard input has none.
            var report = screener.screen(bytes: bytes, account: profileOptions.account.account, id: name == "-" ? nil : name)
            report.inputWarnings = input.notes + report.inputWarnings
            if let min = outputOptions.minGrade.grade { report = report.filtered(minimum: min) }
            if let v = report.verdict { worst = max(worst ?? v, v) }
            var output: [UInt8] = []
            switch format {
            case .text:
                for w in report.inputWarnings { StandardOutput.error("screen: \(label): \(w)\n") }
                var shown = report
                shown.inputWarnings = []
                output = Array(renderer.render(shown, text: String(decoding: bytes, as: UTF8.self), name: label).utf8)
            case .json, .jsonl:
                ReportEncoding.append(report, to: &output)
                output.append(0x0A)
            }
            // A reader that went away (`screen … | head`) is not an error: stop quietly.
            guard StandardOutput.write(output) else { break }
        }
        if inputFailed { throw ExitCode(2) }
        if let threshold = outputOptions.failOn.grade, let worst, worst >= threshold { throw ExitCode(1) }
    }
}

/// Standard output written whole report by whole report.
///
/// SIGPIPE is ignored (main.swift), so a closed pipe shows up here as EPIPE and ends output quietly
/// instead of killing the process mid-line. SIGINT and SIGTERM end the process at once between
/// writes, and just after the current write while one is under way, so a consumer never sees half a
/// JSON line.
enum StandardOutput {
    /// 1 while a report is being written.
    private static let writing = Atomic<Int32>(0)
    /// The signal that arrived during a write, or 0.
    private static let pending = Atomic<Int32>(0)

    static func installSignalHandlers() {
        // Touch the flags first: static storage is initialised lazily, which a signal handler must not do.
        _ = writing.load(ordering: .sequentiallyConsistent) + pending.load(ordering: .sequentiallyConsistent)
        // A parent may start us with these blocked (Foundation's Process inherits the spawning thread's
        // mask, and dispatch threads block signals): then Ctrl-C and `kill` would do nothing at all.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGPIPE)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { sig in
                if StandardOutput.writing.load(ordering: .sequentiallyConsistent) == 0 { _exit(128 + sig) }
                StandardOutput.pending.store(sig, ordering: .sequentiallyConsistent)
            }
        }
    }

    /// Writes all of `bytes` to standard output. False when the reader has gone (EPIPE) or output failed.
    static func write(_ bytes: [UInt8]) -> Bool {
        writing.store(1, ordering: .sequentiallyConsistent)
        let ok = writeAll(STDOUT_FILENO, bytes)
        writing.store(0, ordering: .sequentiallyConsistent)
        let sig = pending.load(ordering: .sequentiallyConsistent)
        if sig != 0 { _exit(128 + sig) }
        return ok
    }

    /// Writes a message to standard error, ignoring a closed stream.
    static func error(_ message: String) {
        _ = writeAll(STDERR_FILENO, Array(message.utf8))
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false  // EPIPE (reader gone), EBADF (closed), ENOSPC …
                }
                offset += n
            }
            return true
        }
    }
}

/// Reading one draft from a file or standard input, through the library's `DraftBytes` (UTF-16
/// converted, binary refused), so `screen` and a library caller handle input the same way.
enum DraftInput {
    /// The prompt shown on standard error when standard input is a terminal: otherwise `screen` would
    /// seem to hang, waiting for a draft nobody knows to type.
    static let prompt = "Paste your draft, then press Ctrl-D on a new line (Ctrl-C to cancel).\n"

    static func readStandardInput() throws -> DraftBytes {
        if isTerminal(STDIN_FILENO) { StandardOutput.error(prompt) }
        return try read(FileHandle.standardInput, name: "<stdin>")
    }

    static func read(path: String) throws -> DraftBytes {
        let bytes: [UInt8]
        do {
            bytes = Array(try FileProblem.contents(of: path, what: "draft"))
        } catch let problem as FileProblem {
            throw CLIFailure(description: problem.description)
        }
        return try decode(bytes, name: path)
    }

    static func read(_ handle: FileHandle, name: String) throws -> DraftBytes {
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw CLIFailure(description: "\(name): cannot read (\(FileProblem.reason(error))). Check what is being piped in")
        }
        return try decode(Array(data), name: name)
    }

    private static func decode(_ bytes: [UInt8], name: String) throws -> DraftBytes {
        do {
            return try DraftBytes(bytes)
        } catch {
            throw CLIFailure(description: "\(name): \(error)")
        }
    }
}
