import Foundation

/// The rows of a CSV text, read over its UTF-8 bytes.
///
/// Rosters are read at every launch of `screen`, and a 2,000-pupil file cost about 60 million
/// instructions through CSV.swift's scalar-at-a-time reader. This reader reads rows exactly as
/// `CSVReader(string:hasHeaderRow:trimFields: true)` from CSV.swift 2.5 did, so a school's file
/// loads the same: fields are split at commas; a field in double quotes may hold commas, line
/// breaks and `""` for a quote; CRLF, lone CR and LF all end a row; whitespace (Foundation's
/// `CharacterSet.whitespaces`) is trimmed around each field. Its quirks are kept too: a quote
/// followed by anything but a comma, line end or quote stands for itself and the character after
/// it is dropped, and whitespace between a closing quote and a comma is skipped. `CSVRowsTests`
/// checks these rules.
struct CSVRows {
    private let bytes: [UInt8]
    private var position = 0
    /// Fields in the last row: room for the next one, so a row's array is allocated once.
    private var width = 4
    /// The 1-based line of a double quote that opens a field and is never closed, once reading has
    /// reached the end: the last row then holds the rest of the file.
    private(set) var unclosedQuoteLine: Int?

    init(_ text: String) { bytes = Array(text.utf8) }

    private static let quote: UInt8 = 0x22
    private static let comma: UInt8 = 0x2C
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    /// The next row, or nil at the end of the text.
    mutating func next() -> [String]? {
        guard position < bytes.count else { return nil }
        var row: [String] = []
        row.reserveCapacity(width)
        defer { width = max(width, row.count) }
        while true {
            while position < bytes.count, let w = whitespace(at: position) { position += w }
            if position >= bytes.count {
                row.append("")
                break
            }
            let field: String
            let endsRow: Bool
            if bytes[position] == Self.quote {
                position += 1
                (field, endsRow) = quotedField()
            } else {
                (field, endsRow) = plainField()
            }
            row.append(field)
            if endsRow { break }
        }
        return row
    }

    /// A field not in quotes, from `position`; trailing spaces trimmed.
    private mutating func plainField() -> (String, Bool) {
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == Self.cr || b == Self.lf {
                let field = trimmed(start, position)
                position += 1
                if b == Self.cr && position < bytes.count && bytes[position] == Self.lf { position += 1 }
                return (field, true)
            }
            if b == Self.comma {
                let field = trimmed(start, position)
                position += 1
                return (field, false)
            }
            position += 1
        }
        return (trimmed(start, bytes.count), true)
    }

    /// A field in quotes, from just after its opening quote.
    private mutating func quotedField() -> (String, Bool) {
        let openedAt = position - 1
        var field: [UInt8] = []
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            guard b == Self.quote else {
                field.append(b)
                continue
            }
            while position < bytes.count, let w = whitespace(at: position) { position += w }
            guard position < bytes.count else { return (String(decoding: field, as: UTF8.self), true) }
            let next = bytes[position]
            if next == Self.cr || next == Self.lf {
                position += 1
                if next == Self.cr && position < bytes.count && bytes[position] == Self.lf { position += 1 }
                return (String(decoding: field, as: UTF8.self), true)
            }
            if next == Self.comma {
                position += 1
                return (String(decoding: field, as: UTF8.self), false)
            }
            // `""` is a quote; a quote before anything else is kept, and that next character is lost.
            field.append(Self.quote)
            position += next == Self.quote ? 1 : Self.scalarLength(next)
        }
        // The text ended inside the quotes: every row after the opening quote was swallowed into this field.
        unclosedQuoteLine = 1 + bytes[..<openedAt].count { $0 == Self.lf || $0 == Self.cr } - crlfCount(before: openedAt)
        return (String(decoding: field, as: UTF8.self), true)
    }

    /// CRLF pairs before `end`, which count as one line break, not two.
    private func crlfCount(before end: Int) -> Int {
        var n = 0
        var i = 1
        while i < end {
            if bytes[i] == Self.lf && bytes[i - 1] == Self.cr { n += 1 }
            i += 1
        }
        return n
    }

    /// The bytes `start..<end` with trailing whitespace removed, as a string.
    private func trimmed(_ start: Int, _ end: Int) -> String {
        let field = String(decoding: bytes[start..<end], as: UTF8.self)
        // Leading whitespace was skipped already; an ASCII last byte other than space or tab ends it.
        guard end > start, bytes[end - 1] >= 0x80 || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 else {
            return field
        }
        return Self.trimmed(field)
    }

    /// The length in bytes of the character at `i` when it is whitespace, or nil.
    private func whitespace(at i: Int) -> Int? {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 { return 1 }
        guard b >= 0x80 else { return nil }
        let n = min(Self.scalarLength(b), bytes.count - i)
        guard let scalar = String(decoding: bytes[i..<(i + n)], as: UTF8.self).unicodeScalars.first,
            CharacterSet.whitespaces.contains(scalar)
        else { return nil }
        return n
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation's cost when neither end can be
    /// whitespace (an ASCII byte other than space or tab).
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && b != 0x20 && b != 0x09 }
        return plain(first) && plain(last) ? text : text.trimmingCharacters(in: .whitespaces)
    }

    /// Bytes in the UTF-8 sequence that starts with `lead`.
    private static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
