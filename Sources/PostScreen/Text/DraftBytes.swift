/// A draft file's bytes made ready for ``Screener/screen(bytes:account:id:)``: UTF-8 as it is (a UTF-8
/// byte order mark is kept, and screening ignores it, so offsets stay those of the file), UTF-16 with
/// or without a byte order mark converted to UTF-8, binary data refused. The `screen` command reads
/// every draft through here, so a library caller gets the same input handling.
///
/// Nothing is dropped silently: an odd final byte or an unpaired surrogate in UTF-16 becomes U+FFFD
/// and is named in ``notes``.
public struct DraftBytes: Sendable, Equatable {
    /// The text as UTF-8.
    public let utf8: [UInt8]
    /// What was done to the bytes to get there (conversions, replacements), for the user to see;
    /// empty when they were used as given.
    public let notes: [String]

    /// Reads `bytes` as a draft.
    /// - Throws: ``DraftBytesError/binary(byteCount:)`` when the bytes look like a binary file
    ///   (many NUL or control bytes in the first 8 KiB) rather than text.
    public init(_ bytes: [UInt8]) throws(DraftBytesError) {
        if let (order, start) = Self.utf16ByteOrder(bytes) {
            (utf8, notes) = Self.convertUTF16(bytes, from: start, bigEndian: order == .big)
        } else if Self.looksBinary(bytes) {
            throw .binary(byteCount: bytes.count)
        } else {
            utf8 = bytes
            notes = []
        }
    }

    private enum ByteOrder { case little, big }

    /// UTF-16's byte order and where its text starts: after a byte order mark, or at 0 for UTF-16 saved
    /// without one (some Windows tools), recognised when in the first 8 KiB nearly every other byte
    /// is NUL and the others are not. Nil for anything else.
    private static func utf16ByteOrder(_ bytes: [UInt8]) -> (ByteOrder, Int)? {
        if bytes.count >= 2 {
            if bytes[0] == 0xFF && bytes[1] == 0xFE { return (.little, 2) }
            if bytes[0] == 0xFE && bytes[1] == 0xFF { return (.big, 2) }
        }
        let sample = bytes.prefix(8192)
        guard sample.count >= 4, sample.count % 2 == 0 || bytes.count > 8192 else { return nil }
        var evenNUL = 0
        var oddNUL = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
        }
        let pairs = sample.count / 2
        if oddNUL * 10 >= pairs * 9 && evenNUL * 10 <= pairs { return (.little, 0) }  // "B\0e\0n\0"
        if evenNUL * 10 >= pairs * 9 && oddNUL * 10 <= pairs { return (.big, 0) }
        return nil
    }

    /// UTF-16 code units from `start` (whole pairs only: `start + 2k + 1 < count`), decoded to UTF-8.
    private static func convertUTF16(_ bytes: [UInt8], from start: Int, bigEndian: Bool) -> ([UInt8], [String]) {
        let pairs = (bytes.count - start) / 2
        var units: [UInt16] = []
        units.reserveCapacity(pairs)
        for k in 0..<pairs {
            let i = start + 2 * k
            let (first, second) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
        }
        var notes = ["converted from UTF-16 (\(bigEndian ? "big" : "little")-endian) to UTF-8; offsets are those of the converted text"]
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        var replaced: [Int] = []
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var unit = 0  // index of the next code unit, for messages
        decode: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                unit += scalar.value > 0xFFFF ? 2 : 1
                UTF8.encode(scalar) { out.append($0) }
            case .error:
                if replaced.count < 10 { replaced.append(start + 2 * unit) }
                unit += 1
                UTF8.encode("\u{FFFD}") { out.append($0) }
            case .emptyInput:
                break decode
            }
        }
        if !replaced.isEmpty {
            notes.append(
                "unpaired UTF-16 surrogate at byte offset\(replaced.count > 1 ? "s" : "") "
                    + replaced.map(String.init).joined(separator: ", ") + (replaced.count == 10 ? ", …" : "")
                    + " replaced by U+FFFD")
        }
        if (bytes.count - start) % 2 == 1 {
            UTF8.encode("\u{FFFD}") { out.append($0) }
            notes.append("the last byte (offset \(bytes.count - 1)) is half a UTF-16 code unit; replaced by U+FFFD")
        }
        return (out, notes)
    }

    /// Binary: many NUL or control bytes in the first 8 KiB.
    private static func looksBinary(_ bytes: [UInt8]) -> Bool {
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

/// Why bytes cannot be screened as a draft.
public enum DraftBytesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes look like a binary file, not text.
    case binary(byteCount: Int)

    public var description: String {
        switch self {
        case .binary(let count):
            "looks like a binary file, not a text draft (\(count) bytes). Pass a text file, or use `screen history` for exports"
        }
    }
}
