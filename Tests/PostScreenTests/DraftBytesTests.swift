import Testing
@testable import PostScreen

/// Reading a draft's bytes (issue 18): UTF-16 is converted with every code unit read inside the
/// input, nothing is dropped without a note, binary is refused, and no bytes crash it.
struct DraftBytesTests {
    private static func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in text.utf16 { bytes += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return bytes
    }

    @Test("UTF-8 passes through unchanged, with no notes")
    func utf8() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("Café 👋 — ok".utf8)
        let read = try DraftBytes(bytes)
        #expect(read.utf8 == bytes)
        #expect(read.notes.isEmpty)
    }

    @Test(
        "UTF-16 in both byte orders, with and without a byte order mark, becomes the same UTF-8",
        arguments: [(false, true), (true, true), (false, false), (true, false)])
    func utf16(_ bigEndian: Bool, _ bom: Bool) throws {
        let text = "Call me on 07700 900412 👋 Siân"
        let read = try DraftBytes(Self.utf16(text, bigEndian: bigEndian, bom: bom))
        #expect(read.utf8 == Array(text.utf8))
        #expect(read.notes == ["converted from UTF-16 (\(bigEndian ? "big" : "little")-endian) to UTF-8; offsets are those of the converted text"])
    }

    @Test("an odd final byte is replaced by U+FFFD and named, not dropped")
    func oddByte() throws {
        let read = try DraftBytes(Self.utf16("Hello there", bigEndian: false, bom: true) + [0x41])
        #expect(read.utf8 == Array("Hello there\u{FFFD}".utf8))
        #expect(read.notes.last == "the last byte (offset 24) is half a UTF-16 code unit; replaced by U+FFFD")
    }

    @Test("an unpaired surrogate is replaced by U+FFFD at its byte offset")
    func unpairedSurrogate() throws {
        // BOM, "a", a lone high surrogate, "b": the surrogate's bytes start at offset 4.
        let read = try DraftBytes([0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x62, 0x00])
        #expect(read.utf8 == Array("a\u{FFFD}b".utf8))
        #expect(read.notes.last == "unpaired UTF-16 surrogate at byte offset 4 replaced by U+FFFD")
    }

    @Test("a byte order mark alone is an empty draft")
    func bomOnly() throws {
        #expect(try DraftBytes([0xFF, 0xFE]).utf8.isEmpty)
        #expect(try DraftBytes([0xFE, 0xFF, 0x00]).utf8 == Array("\u{FFFD}".utf8))
    }

    @Test("binary data is refused with its size")
    func binary() {
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 4000)
        #expect(throws: DraftBytesError.binary(byteCount: 4008)) { try DraftBytes(elf) }
    }

    @Test("random bytes of every length never crash, and what comes out is valid UTF-8 or the input")
    func randomBytes() {
        var rng = SystemRandomNumberGenerator()
        for length in 0..<600 {
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if length % 3 == 0 && length >= 2 { bytes[0] = 0xFF; bytes[1] = 0xFE }
            if length % 3 == 1 { for k in stride(from: 1, to: length, by: 2) { bytes[k] = 0 } }
            guard let read = try? DraftBytes(bytes) else { continue }
            if read.notes.isEmpty {
                #expect(read.utf8 == bytes)
            } else {
                #expect(String(validating: read.utf8, as: UTF8.self) != nil)
            }
        }
    }
}
