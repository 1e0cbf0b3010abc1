import ArgumentParser
import Foundation
import PostScreen

/// `screen [FILE…]`: screen drafts.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Screen drafts (the default command: `screen FILE…` is `screen check FILE…`).")

    @Argument(help: "Draft files, one draft each. Standard input when none.")
    var files: [String] = []

    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .long, help: "Output: text (default on a terminal), json (one object per draft), jsonl.")
    var format: OutputFormat?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when the verdict is at or above this grade (or none).")
    var failOn: Threshold = .warning

    @Option(name: .customLong("min-grade"), help: "Hide findings below this grade.")
    var minGrade: Threshold = .notice

    mutating func run() throws {
        let screener = try profileOptions.makeScreener()
        let format = self.format ?? (isTerminal(STDOUT_FILENO) ? .text : .json)
        let colour = format == .text && isTerminal(STDOUT_FILENO)
            && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let renderer = TextRendering(colour: colour)
        var worst: Grade? = nil
        var inputs: [(name: String, bytes: [UInt8])] = []
        if files.isEmpty {
            inputs.append(("<stdin>", try DraftInput.read(FileHandle.standardInput, name: "<stdin>")))
        } else {
            for file in files {
                guard let handle = FileHandle(forReadingAtPath: file) else {
                    throw CLIFailure(description: "\(file): cannot open (no such file, or not readable)")
                }
                inputs.append((file, try DraftInput.read(handle, name: file)))
            }
        }
        var output: [UInt8] = []
        for (name, bytes) in inputs {
            var report = screener.screen(bytes: bytes, account: profileOptions.account.account, id: files.count > 1 ? name : nil)
            if let min = minGrade.grade { report = report.filtered(minimum: min) }
            if let v = report.verdict { worst = max(worst ?? v, v) }
            switch format {
            case .text:
                for w in report.inputWarnings {
                    FileHandle.standardError.write(Data("screen: \(name): \(w)\n".utf8))
                }
                var shown = report
                shown.inputWarnings = []
                output += Array(renderer.render(shown, text: String(decoding: bytes, as: UTF8.self), name: name).utf8)
            case .json, .jsonl:
                ReportEncoding.append(report, to: &output)
                output.append(0x0A)
            }
        }
        FileHandle.standardOutput.write(Data(output))
        if let threshold = failOn.grade, let worst, worst >= threshold { throw ExitCode(1) }
    }
}

/// Reading one draft: UTF-8 (a UTF-8 BOM is kept and ignored by screening, so offsets stay those of
/// the file); UTF-16 with a BOM is converted; binary files are refused.
enum DraftInput {
    static func read(_ handle: FileHandle, name: String) throws -> [UInt8] {
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw CLIFailure(description: "\(name): cannot read (\(error.localizedDescription))")
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
        if looksBinary(bytes) {
            throw CLIFailure(
                description: "\(name): looks like a binary file, not a text draft (\(bytes.count) bytes). "
                    + "Pass a text file, or use `screen history` for exports")
        }
        return bytes
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
