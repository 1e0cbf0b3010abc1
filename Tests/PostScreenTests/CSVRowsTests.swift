import Foundation
import Testing
@testable import PostScreen

/// The roster reader reads CSV exactly as CSV.swift's `CSVReader` (trimming fields) did before it,
/// so no school's roster loads differently.
struct CSVRowsTests {
    static func rows(_ text: String) -> [[String]] {
        var reader = CSVRows(text)
        var out: [[String]] = []
        while let row = reader.next() { out.append(row) }
        return out
    }

    @Test("splits fields at commas and rows at LF, CRLF and lone CR")
    func plain() {
        #expect(Self.rows("a,b\nc,d\r\ne,f\rg") == [["a", "b"], ["c", "d"], ["e", "f"], ["g"]])
        #expect(Self.rows("a,b\n") == [["a", "b"]])
        #expect(Self.rows("") == [])
        #expect(Self.rows("a,\n\nb") == [["a", ""], [""], ["b"]])
        #expect(Self.rows("a,") == [["a", ""]])
    }

    @Test("trims spaces, tabs and Unicode spaces around fields, not inside them")
    func trimming() {
        #expect(Self.rows("  Ben \t, Smith  ,\u{00A0}Jo\u{3000}\n") == [["Ben", "Smith", "Jo"]])
        #expect(Self.rows(" Mary Ann , O Neil") == [["Mary Ann", "O Neil"]])
        #expect(Self.rows("a,   ") == [["a", ""]])
    }

    @Test("reads quoted fields with commas, line breaks and doubled quotes")
    func quoted() {
        #expect(Self.rows("\"Smith, Jr\",\"a\nb\",\"say \"\"hi\"\"\"\nx") == [["Smith, Jr", "a\nb", "say \"hi\""], ["x"]])
        #expect(Self.rows("\" padded \" ,b") == [[" padded ", "b"]])
        #expect(Self.rows("\"open") == [["open"]])
        #expect(Self.rows("\"a\"\r\nb") == [["a"], ["b"]])
    }

    @Test("keeps CSV.swift's quirks: a stray quote stands for itself and swallows the next character")
    func quirks() {
        #expect(Self.rows("\"ab\"cd\",e") == [["ab\"d", "e"]])
        #expect(Self.rows("\"ab\"éz,e") == [["ab\"z,e"]])
        #expect(Self.rows("a\"b,c") == [["a\"b", "c"]])
        #expect(Self.rows("\"a\"  \"b\"") == [["a\"b"]])
    }

    @Test("trims like Foundation's whitespace set")
    func trimmed() {
        for text in ["", " ", "a", " a ", "\ta\u{2009}", "\u{00A0}", "é", "a b", "\u{180E}x"] {
            #expect(CSVRows.trimmed(text) == text.trimmingCharacters(in: .whitespaces))
        }
    }
}
