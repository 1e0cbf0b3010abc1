import Foundation
import PSZlib

/// Zip archives (Twitter/X, Facebook, Instagram and LinkedIn exports), read with zlib, which is
/// already linked for Mastodon's .tar.gz files.
///
/// The directory at the end of the archive says where each entry is and how big it is; an entry is
/// read by seeking to it and inflating exactly the bytes the directory records, a chunk at a time,
/// then checking its length and CRC-32. Every size and offset is checked against the file's length
/// first, so a damaged or truncated archive is an error naming the entry, never a hang or a crash.
/// (ZIPFoundation 0.9.20, used before, waits for ever on Linux when an entry's deflate data stops
/// before its end marker: its inflate loop retries an empty read. The history fuzzer found it.)
/// Understands ZIP64 sizes and offsets; refuses encrypted entries and methods other than stored
/// and deflate with a message saying what to do.
struct ZipArchive {
    struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var size: UInt64
        var headerOffset: UInt64
    }

    let path: String
    let length: UInt64
    /// Regular files in directory order (folders left out).
    private(set) var entries: [Entry] = []

    /// Whether the first bytes of a file are a zip archive's (a local header, or an empty archive).
    static func recognises(_ head: [UInt8]) -> Bool {
        head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// Reads the archive's directory.
    init(path: String) throws(HistoryError) {
        self.path = path
        let file = try RandomAccessFile(path: path)
        length = file.length
        let (count, directorySize, directoryOffset) = try Self.endRecord(file)
        guard directoryOffset <= length, directorySize <= length - directoryOffset else {
            throw corrupt("its directory lies outside the file")
        }
        let directory = try file.read(at: directoryOffset, count: Int(directorySize))
        var at = 0
        var seen: UInt64 = 0
        while seen < count {
            guard at + 46 <= directory.count, Self.u32(directory, at) == 0x0201_4B50 else {
                throw corrupt("its directory is damaged after \(seen) of \(count) entries")
            }
            let nameLength = Int(Self.u16(directory, at + 28))
            let extraLength = Int(Self.u16(directory, at + 30))
            let commentLength = Int(Self.u16(directory, at + 32))
            let bounds = InputBounds(file: path, count: directory.count, base: Int(directoryOffset))
            let claim = "directory entry \(seen + 1) of \(count) claims more bytes than the directory holds"
            let end = try bounds.range(at, length: 46 + nameLength + extraLength + commentLength, claim).upperBound
            let name = try bounds.range(at + 46, length: nameLength, claim)
            let extra = try bounds.range(name.upperBound, length: extraLength, claim)
            var entry = Entry(
                path: String(decoding: directory[name], as: UTF8.self),
                method: Self.u16(directory, at + 10), flags: Self.u16(directory, at + 8),
                crc: Self.u32(directory, at + 16), compressedSize: UInt64(Self.u32(directory, at + 20)),
                size: UInt64(Self.u32(directory, at + 24)), headerOffset: UInt64(Self.u32(directory, at + 42)))
            Self.applyZip64(&entry, extra: directory[extra])
            if !entry.path.hasSuffix("/") { entries.append(entry) }
            at = end
            seen += 1
        }
    }

    /// The entry called `name`.
    func entry(_ name: String) -> Entry? { entries.first { $0.path == name } }

    /// Hands entry `name`'s bytes to `consume`, a chunk at a time.
    func read(_ name: String, _ consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let label = path + ":" + name
        guard let entry = entry(name) else { throw HistoryError(file: label, "not in the archive") }
        func damaged(_ why: String) -> HistoryError {
            HistoryError(file: label, "the archive is truncated or corrupt: \(why); download the export again")
        }
        if entry.flags & 1 != 0 {
            throw HistoryError(file: label, "this entry is encrypted; unzip it with its password and screen the folder")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw HistoryError(
                file: label, "this entry is compressed with zip method \(entry.method), which PostScreen cannot read; "
                    + "unzip the archive and screen the folder")
        }
        let file = try RandomAccessFile(path: path)
        guard entry.headerOffset <= length, length - entry.headerOffset >= 30 else { throw damaged("the entry lies outside the file") }
        let header = try file.read(at: entry.headerOffset, count: 30)
        guard Self.u32(header, 0) == 0x0403_4B50 else { throw damaged("the entry's header is missing") }
        let dataOffset = entry.headerOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
        guard dataOffset <= length, entry.compressedSize <= length - dataOffset else {
            throw damaged("the entry claims \(entry.compressedSize) bytes but the file ends first")
        }
        var crc = crc32(0, nil, 0)
        var produced: UInt64 = 0
        func check(_ chunk: UnsafeBufferPointer<UInt8>) throws {
            produced += UInt64(chunk.count)
            guard produced <= entry.size else { throw damaged("the entry holds more than the \(entry.size) bytes it claims") }
            crc = crc32(crc, chunk.baseAddress, UInt32(chunk.count))
            try consume(chunk)
        }
        if entry.method == 0 {
            try file.forward(from: dataOffset, count: entry.compressedSize, to: check)
        } else {
            try Self.inflateRaw(file, from: dataOffset, count: entry.compressedSize, damaged: damaged, to: check)
        }
        guard produced == entry.size else { throw damaged("the entry holds \(produced) of the \(entry.size) bytes it claims") }
        guard crc == UInt(entry.crc) else { throw damaged("the entry's checksum does not match") }
    }

    private func corrupt(_ why: String) -> HistoryError {
        HistoryError(file: path, "not a readable zip archive, truncated or corrupt: \(why); download the export again")
    }

    // MARK: Reading the structure

    /// The end-of-directory record (ZIP64's when the plain one overflows): entry count, directory
    /// size and offset.
    private static func endRecord(_ file: RandomAccessFile) throws(HistoryError) -> (UInt64, UInt64, UInt64) {
        func corrupt(_ why: String) -> HistoryError {
            HistoryError(file: file.path, "not a readable zip archive, truncated or corrupt: \(why); download the export again")
        }
        // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
        let tailLength = Int(min(file.length, 22 + 65_535))
        let tail = try file.read(at: file.length - UInt64(tailLength), count: tailLength)
        var at = tailLength - 22
        while at >= 0 && u32(tail, at) != 0x0605_4B50 { at -= 1 }
        guard at >= 0 else { throw corrupt("its end-of-directory record is missing") }
        var count = UInt64(u16(tail, at + 10))
        var size = UInt64(u32(tail, at + 12))
        var offset = UInt64(u32(tail, at + 16))
        let recordStart = file.length - UInt64(tailLength - at)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF, recordStart >= 20 {
            let locator = try file.read(at: recordStart - 20, count: 20)
            if u32(locator, 0) == 0x0706_4B50 {
                let zip64At = u64(locator, 8)
                guard zip64At <= file.length, file.length - zip64At >= 56 else { throw corrupt("its ZIP64 record lies outside the file") }
                let record = try file.read(at: zip64At, count: 56)
                guard u32(record, 0) == 0x0606_4B50 else { throw corrupt("its ZIP64 record is damaged") }
                count = u64(record, 32)
                size = u64(record, 40)
                offset = u64(record, 48)
            }
        }
        // Each directory entry takes at least 46 bytes; a count the directory cannot hold is damage.
        guard size <= 1 << 31, count <= size / 46 + 1 else { throw corrupt("its directory record is damaged") }
        return (count, size, offset)
    }

    /// ZIP64 extra field (id 1): 64-bit values for whichever of size, compressed size and offset
    /// overflowed, in that order.
    private static func applyZip64(_ entry: inout Entry, extra: ArraySlice<UInt8>) {
        let bytes = Array(extra)
        let bounds = InputBounds(file: "", count: bytes.count)
        var at = 0
        while at + 4 <= bytes.count {
            let id = u16(bytes, at)
            // A field claiming more than the extra data holds ends the walk: the 32-bit values stay.
            guard let body = try? bounds.range(at + 4, length: Int(u16(bytes, at + 2)), "an extra field") else { return }
            if id == 1 {
                var field = body.lowerBound
                func next() -> UInt64? {
                    guard let value = try? bounds.range(field, length: 8, "a ZIP64 value"), value.upperBound <= body.upperBound
                    else { return nil }
                    field = value.upperBound
                    return u64(bytes, value.lowerBound)
                }
                if entry.size == 0xFFFF_FFFF, let v = next() { entry.size = v }
                if entry.compressedSize == 0xFFFF_FFFF, let v = next() { entry.compressedSize = v }
                if entry.headerOffset == 0xFFFF_FFFF, let v = next() { entry.headerOffset = v }
                return
            }
            at = body.upperBound
        }
    }

    /// Inflates `count` bytes of raw deflate data; damage or data that stops before its end marker
    /// is an error.
    private static func inflateRaw(
        _ file: RandomAccessFile, from offset: UInt64, count: UInt64, damaged: (String) -> HistoryError,
        to consume: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw HistoryError(file: file.path, "cannot start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 18)
        var ended = false
        try file.forward(from: offset, count: count) { chunk in
            guard !ended else { return }  // bytes after the end marker: ignored, as unzip does
            stream.next_in = UnsafeMutablePointer(mutating: chunk.baseAddress)
            stream.avail_in = UInt32(chunk.count)
            repeat {
                let (status, produced) = output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                if produced > 0 {
                    try output.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
                }
                switch status {
                case Z_STREAM_END: ended = true
                case Z_OK: break
                case Z_BUF_ERROR: if produced == 0 { return }  // needs more input
                default: throw damaged("its compressed data cannot be read (zlib error \(status))")
                }
            } while !ended && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        guard ended else { throw damaged("its compressed data stops before its end") }
    }

    private static func u16<C: RandomAccessCollection>(_ b: C, _ i: Int) -> UInt16 where C.Element == UInt8, C.Index == Int {
        UInt16(b[b.startIndex + i]) | UInt16(b[b.startIndex + i + 1]) << 8
    }

    private static func u32<C: RandomAccessCollection>(_ b: C, _ i: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
        UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16
    }

    private static func u64<C: RandomAccessCollection>(_ b: C, _ i: Int) -> UInt64 where C.Element == UInt8, C.Index == Int {
        UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
    }
}

/// A file read at given offsets with `pread`.
private final class RandomAccessFile {
    let path: String
    let length: UInt64
    private let fd: Int32

    init(path: String) throws(HistoryError) {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HistoryError(file: path, "cannot open (\(String(cString: strerror(errno))))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw HistoryError(file: path, "cannot read (\(String(cString: strerror(errno))))")
        }
        length = UInt64(max(0, info.st_size))
    }

    deinit { close(fd) }

    /// Exactly `count` bytes at `offset` (the caller has checked they lie inside the file).
    func read(at offset: UInt64, count: Int) throws(HistoryError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HistoryError(file: path, "cannot read: the file ends early or is unreadable") }
            done += n
        }
        return out
    }

    /// Hands `count` bytes from `offset` to `consume`, a megabyte at a time.
    func forward(from offset: UInt64, count: UInt64, to consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var position = offset
        var left = count
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { buffer.deallocate() }
        while left > 0 {
            let want = Int(min(left, UInt64(buffer.count)))
            let n = pread(fd, buffer.baseAddress, want, off_t(position))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HistoryError(file: path, "cannot read: the file ends early or is unreadable") }
            try consume(UnsafeBufferPointer(rebasing: buffer[0..<n]))
            position += UInt64(n)
            left -= UInt64(n)
        }
    }
}
