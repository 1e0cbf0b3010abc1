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
            let bytes: [UInt8]
            do {
                bytes = name == "-" ? try DraftInput.readStandardInput() : try DraftInput.read(path: name)
            } catch let failure as CLIFailure {
                if names.count == 1 { throw failure }
                StandardOutput.error("screen: \(failure.description)\n")
                inputFailed = true
                continue
            }
            // A file's name is its id whatever the number of files; standard input has none.
            var report = screener.screen(bytes: bytes, account: profileOptions.account.account, id: name == "-" ? nil : name)
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

/// Reading one draft: UTF-8 (a UTF-8 BOM is kept and ignored by screening, so offsets stay those of
/// the file); UTF-16 with a BOM is converted; binary files are refused.
enum DraftInput {
    /// The prompt shown on standard error when standard input is a terminal: otherwise `screen` would
    /// seem to hang, waiting for a draft nobody knows to type.
    static let prompt = "Paste your draft, then press Ctrl-D on a new line (Ctrl-C to cancel).\n"

    static func readStandardInput() throws -> [UInt8] {
        if isTerminal(STDIN_FILENO) { StandardOutput.error(prompt) }
        return try read(FileHandle.standardInput, name: "<stdin>")
    }

    static func read(path: String) throws -> [UInt8] {
        do {
            return try decode(Array(try FileProblem.contents(of: path, what: "draft")), name: path)
        } catch let problem as FileProblem {
            throw CLIFailure(description: problem.description)
        }
    }

    static func read(_ handle: FileHandle, name: String) throws -> [UInt8] {
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw CLIFailure(description: "\(name): cannot read (\(FileProblem.reason(error))). Check what is being piped in")
        }
        return try decode(Array(data), name: name)
    }

    static func decode(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
        if let units = utf16WithoutBOM(bytes) {
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
        if looksBinary(bytes) {
            throw CLIFailure(
                description: "\(name): looks like a binary file, not a text draft (\(bytes.count) bytes). "
                    + "Pass a text file, or use `screen history` for exports")
        }
        return bytes
    }

    /// UTF-16 saved without a byte order mark (some Windows tools): in the first 8 KiB, nearly every
    /// other byte is NUL and the others are not. Nil when the bytes do not look like that.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> [UInt16]? {
        let sample = bytes.prefix(8192)
        guard sample.count >= 4, sample.count % 2 == 0 || bytes.count > 8192 else { return nil }
        var evenNUL = 0
        var oddNUL = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
        }
        let pairs = sample.count / 2
        let little: Bool
        if oddNUL * 10 >= pairs * 9 && evenNUL * 10 <= pairs {
            little = true  // "B\0e\0n\0"
        } else if evenNUL * 10 >= pairs * 9 && oddNUL * 10 <= pairs {
            little = false
        } else {
            return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        return units
    }

    /// Binary: many NUL or control bytes in the first 8 KiB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        guard !sample.isEmpty else { return false }
        var control = 0
        var nul = 0
        for b in sample {
            if b == 0 { nul += 1 }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { control += 1 }
        }
        return nul * 10 > sample.count || control * 5 > sample.count
    }
}
