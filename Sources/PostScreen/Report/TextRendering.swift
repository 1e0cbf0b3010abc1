/// Renders reports as compiler-style text: `name:line:col: grade category: message`, the source
/// line, the span underlined, the reason and the suggestion.
public struct TextRendering: Sendable {
    /// Whether to use ANSI colours (only on a terminal, never with `NO_COLOR`).
    public var colour: Bool

    /// Creates a renderer.
    public init(colour: Bool) { self.colour = colour }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    private func gradeColour(_ g: Grade) -> String {
        switch g {
        case .notice: "36"
        case .caution: "33"
        case .warning: "35"
        case .block: "1;31"
        }
    }

    /// The report for `text`, labelled `name` (a file name, or "<stdin>").
    public func render(_ report: Report, text: String, name: String) -> String {
        var out = ""
        for warning in report.inputWarnings { out += "\(name): note: \(warning)\n" }
        let lines = Self.lines(text)
        for f in report.findings {
            out += paint("\(name):\(f.line):\(f.column):", "1") + " "
            out += paint(f.grade.description, gradeColour(f.grade)) + " "
            out += paint(f.category.rawValue, "1") + ": \(f.message) [\(f.rule)]\n"
            if f.line - 1 < lines.count {
                let line = lines[f.line - 1]
                out += "  \(line)\n"
                let scalars = Array(line.unicodeScalars)
                let startColumn = min(f.column - 1, scalars.count)
                let width = max(1, min(f.text.unicodeScalars.count, scalars.count - startColumn))
                let pad = String(scalars[0..<startColumn].map { $0 == "\t" ? "\t" : " " })
                out += "  " + pad + paint(String(repeating: "^", count: width), gradeColour(f.grade)) + "\n"
            }
            if !f.evidence.isEmpty {
                out += "  evidence: " + f.evidence.map { "\u{201C}\($0)\u{201D}" }.joined(separator: ", ") + "\n"
            }
            out += "  why: \(f.reason)\n"
            if let s = f.suggestion { out += "  fix: \(s)\n" }
        }
        let verdict = report.verdictName
        out += "\(name): " + (report.verdict.map { paint(verdict, gradeColour($0)) } ?? paint("clear", "32"))
        out += report.findings.isEmpty ? "\n" : " (\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s"))\n"
        return out
    }

    /// Lines split on LF, CRLF and lone CR, as `Finding.line` counts them.
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousCR = false
        for s in text.unicodeScalars {
            if s == "\n" {
                if !previousCR { out.append(current) }
                current = ""
                previousCR = false
            } else if s == "\r" {
                out.append(current)
                current = ""
                previousCR = true
            } else {
                current.unicodeScalars.append(s)
                previousCR = false
            }
        }
        out.append(current)
        return out
    }
}
