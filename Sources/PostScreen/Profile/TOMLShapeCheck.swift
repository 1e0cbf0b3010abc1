/// A structural check of TOML text before it reaches TOMLKit.
///
/// The parser bundled with TOMLKit (toml++) aborts the process on several malformed inputs instead of
/// reporting an error (found by fuzzing: `[[  [`, a BOM before a bad header, `["T", }`). A profile is a
/// small file, so every statement is checked for shape first — headers, `key = value`, strings, lists,
/// inline tables, literals — and a problem is reported with its line, as the parser would. Values are
/// not interpreted here; TOMLKit still does that on text that has passed.
struct TOMLShapeCheck {
    private let b: [UInt8]
    private var i = 0
    private(set) var line = 1

    struct Problem: Error {
        var line: Int
        var message: String
    }

    /// Nil when the text has the shape of TOML, else the first problem.
    static func problem(in text: String) -> Problem? {
        var check = TOMLShapeCheck(b: Array(text.utf8))
        do {
            try check.document()
            return nil
        } catch {
            return error
        }
    }

    private init(b: [UInt8]) { self.b = b }

    private var atEnd: Bool { i >= b.count }
    private var c: UInt8 { b[i] }

    private func fail(_ message: String) -> Problem { Problem(line: line, message: message) }

    private mutating func skipBlank() {
        while !atEnd && (c == 0x20 || c == 0x09) { i += 1 }
    }

    /// Spaces, newlines and comments (inside lists).
    private mutating func skipBlankLines() {
        while !atEnd {
            if c == 0x20 || c == 0x09 || c == 0x0D {
                i += 1
            } else if c == 0x0A {
                i += 1
                line += 1
            } else if c == 0x23 {
                skipComment()
            } else {
                return
            }
        }
    }

    private mutating func skipComment() {
        while !atEnd && c != 0x0A { i += 1 }
    }

    /// The end of a statement: blanks, an optional comment, then a newline or the end.
    private mutating func endOfLine() throws(Problem) {
        skipBlank()
        if !atEnd && c == 0x23 { skipComment() }
        if !atEnd && c == 0x0D { i += 1 }
        guard atEnd || c == 0x0A else { throw fail("unexpected text after the value") }
        if !atEnd {
            i += 1
            line += 1
        }
    }

    private mutating func document() throws(Problem) {
        while !atEnd {
            skipBlank()
            if atEnd { return }
            switch c {
            case 0x0A:
                i += 1
                line += 1
            case 0x0D:
                i += 1
            case 0x23:
                skipComment()
            case 0x5B:
                try header()
            default:
                try key()
                skipBlank()
                guard !atEnd, c == 0x3D else { throw fail("expected '=' after the key") }
                i += 1
                skipBlank()
                try value(depth: 0)
                try endOfLine()
            }
        }
    }

    private static func isBare(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    /// A dotted key of bare or quoted parts.
    private mutating func key() throws(Problem) {
        while true {
            skipBlank()
            guard !atEnd else { throw fail("a key is missing") }
            if Self.isBare(c) {
                while !atEnd && Self.isBare(c) { i += 1 }
            } else if c == 0x22 || c == 0x27 {
                try singleLineString(quote: c)
            } else {
                throw fail("a key cannot start with '\(String(decoding: [c], as: UTF8.self))'")
            }
            skipBlank()
            guard !atEnd, c == 0x2E else { return }
            i += 1
        }
    }

    private mutating func header() throws(Problem) {
        i += 1
        let doubled = !atEnd && c == 0x5B
        if doubled { i += 1 }
        try key()
        skipBlank()
        guard !atEnd, c == 0x5D else { throw fail("a table header is not closed with ']'") }
        i += 1
        if doubled {
            guard !atEnd, c == 0x5D else { throw fail("an array-of-tables header needs ']]'") }
            i += 1
        }
        try endOfLine()
    }

    private mutating func singleLineString(quote: UInt8) throws(Problem) {
        i += 1
        while !atEnd && c != quote {
            if c == 0x0A { throw fail("a string is not closed on its line") }
            if quote == 0x22 && c == 0x5C { i += 1 }
            i += 1
        }
        guard !atEnd else { throw fail("a string is not closed") }
        i += 1
    }

    private mutating func value(depth: Int) throws(Problem) {
        guard depth < 64 else { throw fail("lists are nested too deeply") }
        guard !atEnd else { throw fail("a value is missing after '='") }
        switch c {
        case 0x22, 0x27:
            let q = c
            if i + 2 < b.count && b[i + 1] == q && b[i + 2] == q {
                // Multi-line string: up to the closing triple quote.
                i += 3
                while i + 2 < b.count && !(b[i] == q && b[i + 1] == q && b[i + 2] == q) {
                    if b[i] == 0x0A { line += 1 }
                    if q == 0x22 && b[i] == 0x5C { i += 1 }
                    i += 1
                }
                guard i + 2 < b.count else { throw fail("a multi-line string is not closed") }
                i += 3
                while !atEnd && c == q { i += 1 }
            } else {
                try singleLineString(quote: q)
            }
        case 0x5B:
            let opened = line
            i += 1
            while true {
                skipBlankLines()
                guard !atEnd else { throw Problem(line: opened, message: "a list is not closed with ']'") }
                if c == 0x5D {
                    i += 1
                    return
                }
                try value(depth: depth + 1)
                skipBlankLines()
                guard !atEnd else { throw Problem(line: opened, message: "a list is not closed with ']'") }
                if c == 0x2C {
                    i += 1
                } else if c != 0x5D {
                    throw fail("list items must be separated by commas")
                }
            }
        case 0x7B:
            i += 1
            skipBlank()
            if !atEnd && c == 0x7D {
                i += 1
                return
            }
            while true {
                try key()
                skipBlank()
                guard !atEnd, c == 0x3D else { throw fail("expected '=' inside an inline table") }
                i += 1
                skipBlank()
                try value(depth: depth + 1)
                skipBlank()
                guard !atEnd else { throw fail("an inline table is not closed with '}'") }
                if c == 0x7D {
                    i += 1
                    return
                }
                guard c == 0x2C else { throw fail("inline table entries must be separated by commas") }
                i += 1
            }
        default:
            // Numbers, dates, booleans, inf/nan: a run of their characters, then TOMLKit judges them.
            let start = i
            // Numbers, dates, true/false, inf/nan: anything else is an unquoted string.
            guard (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x74 || c == 0x66 || c == 0x69 || c == 0x6E
            else {
                throw fail("a value cannot start with '\(String(decoding: [c], as: UTF8.self))' (strings need double quotes)")
            }
            while !atEnd && (Self.isBare(c) || c == 0x2B || c == 0x2E || c == 0x3A || (c == 0x20 && isDateTimeSpace(from: start))) {
                i += 1
            }
        }
    }

    /// "1979-05-27 07:32:00": a space between a date and a time.
    private func isDateTimeSpace(from start: Int) -> Bool {
        i > start && i + 1 < b.count && b[i - 1] >= 0x30 && b[i - 1] <= 0x39 && b[i + 1] >= 0x30 && b[i + 1] <= 0x39
            && b[start..<i].contains(0x2D) && !b[start..<i].contains(0x20)
    }
}
