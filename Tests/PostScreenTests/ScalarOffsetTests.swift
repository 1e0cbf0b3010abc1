import Foundation
import PostScreen
import Testing

/// `Finding.charStart`/`charEnd`: the span in Unicode scalars of the text as given, beside SPEC.md's byte offsets.
struct ScalarOffsetTests {
    /// The span of every finding, read by scalar offsets from the text as Swift (and Python) decode the bytes.
    static func spans(_ bytes: [UInt8]) -> [(bytes: String, scalars: String, text: String)] {
        let report = Support.generic.screen(bytes: bytes, account: .personal, id: nil)
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        return report.findings.map { f in
            (String(decoding: bytes[f.start..<f.end], as: UTF8.self),
             String(String.UnicodeScalarView(scalars[f.charStart..<f.charEnd])), f.text)
        }
    }

    @Test("scalar offsets point at the span after emoji, accents, a BOM, CRLF and an invalid byte")
    func afterMultiByteText() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]  // a UTF-8 BOM is kept, and is one scalar
        bytes += Array("Café 😀👩🏽‍🏫 naïve\r\n".utf8)
        bytes += [0xC3, 0x28, 0xFF]  // two invalid sequences: one U+FFFD each, then "("
        bytes += Array(" Year 11 — text me on 07700 900412 or zoë.smith@gmail.com 🎉".utf8)
        let spans = Self.spans(bytes)
        #expect(spans.count >= 2)
        for s in spans {
            #expect(s.bytes == s.text)
            #expect(s.scalars == s.text)
        }
    }

    @Test("on ASCII text scalar offsets equal byte offsets")
    func ascii() throws {
        let report = Support.generic.screen("Year 11 text me on 07700 900412", account: .personal)
        #expect(!report.findings.isEmpty)
        #expect(report.findings.allSatisfy { $0.charStart == $0.start && $0.charEnd == $0.end })
    }
}
