/// Encodes reports in PostScreen's public JSON contract (see SPEC.md, "Output contract").
///
/// Hand-written rather than `JSONEncoder` because bulk re-screening writes millions of these: one
/// pass, appending to a reused byte buffer, keys in the documented order.
public enum ReportEncoding {
    /// The report as one line of JSON (no trailing newline).
    public static func json(_ report: Report, extras: [(String, String?)] = []) -> String {
        var out: [UInt8] = []
        append(report, extras: extras, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the report as one line of JSON to `out` (no trailing newline).
    public static func append(_ report: Report, extras: [(String, String?)] = [], to out: inout [UInt8]) {
        out.append(0x7B)
        var first = true
        func key(_ k: StaticString) {
            if !first { out.append(0x2C) }
            first = false
            out.append(0x22)
            k.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [0x22, 0x3A])
        }
        if let id = report.id {
            key("id")
            string(id, &out)
        }
        for (k, v) in extras {
            guard let v else { continue }
            if !first { out.append(0x2C) }
            first = false
            string(k, &out)
            out.append(0x3A)
            string(v, &out)
        }
        key("verdict")
        string(report.verdictName, &out)
        key("findings")
        out.append(0x5B)
        for (n, f) in report.findings.enumerated() {
            if n > 0 { out.append(0x2C) }
            finding(f, &out)
        }
        out.append(0x5D)
        // Always present (empty when the input was clean), so every report has the same keys.
        key("input_warnings")
        strings(report.inputWarnings, &out)
        out.append(0x7D)
    }

    private static func finding(_ f: Finding, _ out: inout [UInt8]) {
        func field(_ k: StaticString, first: Bool = false) {
            if !first { out.append(0x2C) }
            out.append(0x22)
            k.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [0x22, 0x3A])
        }
        out.append(0x7B)
        field("category", first: true)
        string(f.category.rawValue, &out)
        field("rule")
        string(f.rule, &out)
        field("grade")
        string(f.grade.description, &out)
        field("confidence")
        let c = (f.confidence * 100).rounded() / 100
        out.append(contentsOf: Array(String(c).utf8))
        field("start")
        out.append(contentsOf: Array(String(f.start).utf8))
        field("end")
        out.append(contentsOf: Array(String(f.end).utf8))
        field("char_start")
        out.append(contentsOf: Array(String(f.charStart).utf8))
        field("char_end")
        out.append(contentsOf: Array(String(f.charEnd).utf8))
        field("line")
        out.append(contentsOf: Array(String(f.line).utf8))
        field("column")
        out.append(contentsOf: Array(String(f.column).utf8))
        field("text")
        string(f.text, &out)
        field("message")
        string(f.message, &out)
        field("reason")
        string(f.reason, &out)
        // Every finding has the same keys: no suggestion is null, no evidence an empty list.
        field("suggestion")
        if let s = f.suggestion { string(s, &out) } else { out.append(contentsOf: Array("null".utf8)) }
        field("evidence")
        strings(f.evidence, &out)
        out.append(0x7D)
    }

    /// Appends `list` as a JSON array of strings.
    private static func strings(_ list: [String], _ out: inout [UInt8]) {
        out.append(0x5B)
        for (i, s) in list.enumerated() {
            if i > 0 { out.append(0x2C) }
            string(s, &out)
        }
        out.append(0x5D)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal.
    public static func string(_ s: String, _ out: inout [UInt8]) { string(s, &out, escapingHTML: false) }

    /// Appends `s` as a JSON string literal; with `escapingHTML`, `<`, `>` and `&` are written as
    /// `\u003c`… too, so that the literal is safe inside an HTML `<script>` element.
    static func string(_ s: String, _ out: inout [UInt8], escapingHTML: Bool) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            case 0x3C where escapingHTML, 0x3E where escapingHTML, 0x26 where escapingHTML:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
