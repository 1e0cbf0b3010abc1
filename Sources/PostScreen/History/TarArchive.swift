import PSZlib
import Foundation

/// Tar archives, plain or gzip-compressed, as Mastodon exports them (`archive-….tar.gz` holding
/// `outbox.json`, `actor.json` and the media). Read as a stream: one entry's bytes are handed over
/// a chunk at a time and everything else is skipped, so memory stays bounded whatever the media
/// weigh. Understands ustar names with a prefix, GNU long names and pax `path` records.
enum TarArchive {
    struct Entry {
        var path: String
        var size: Int
    }

    /// Whether the first bytes of a file are a gzip stream or a tar header.
    static func recognises(_ head: [UInt8]) -> Bool {
        if head.starts(with: [0x1F, 0x8B]) { return true }
        return head.count >= 262 && Array(head[257..<262]) == Array("ustar".utf8)
    }

    /// The archive's regular files.
    static func entries(_ path: String) throws(HistoryError) -> [Entry] {
        var out: [Entry] = []
        try walk(path) { entry, _ in
            out.append(entry)
            return false
        }
        return out
    }

    /// Hands entry `name`'s bytes to `consume`, a chunk at a time.
    static func read(_ path: String, entry name: String, _ consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var found = false
        try walk(path) { entry, source in
            guard entry.path == name else { return false }
            found = true
            try source.forward(entry.size, to: consume)
            return true
        }
        if !found { throw HistoryError(file: path + ":" + name, "not in the archive") }
    }

    /// Calls `visit` for each regular file; `visit` may read the entry's bytes (all of them) and
    /// returns true to stop. Unread bytes are skipped.
    private static func walk(
        _ path: String, _ visit: (Entry, InflatingReader) throws -> Bool
    ) throws(HistoryError) {
        let source = try InflatingReader(path: path)
        var longName: String? = nil
        do {
            while true {
                let header = try source.take(512)
                guard header.count == 512 else {
                    if header.isEmpty { return }  // no end-of-archive blocks: accepted, as tar does
                    throw HistoryError(file: path, "truncated: the archive ends inside an entry's header")
                }
                if header.allSatisfy({ $0 == 0 }) { return }
                guard checksumMatches(header) else {
                    throw HistoryError(file: path, "not a tar archive, or corrupt: an entry header's checksum is wrong")
                }
                guard let size = number(header[124..<136]) else {
                    throw HistoryError(file: path, "corrupt: an entry header has an unreadable size")
                }
                let padded = try InputBounds.sum(size, 511, file: path, at: source.consumed - 512,
                    "an entry header claims \(size) bytes") / 512 * 512
                let type = header[156]
                // A long name or pax record is a few hundred bytes; a huge one is damage, not a name.
                if type == UInt8(ascii: "L") || type == UInt8(ascii: "x"), size > 1 << 20 {
                    throw HistoryError(file: path, "corrupt: an entry's name record claims \(size) bytes")
                }
                switch type {
                case UInt8(ascii: "L"):  // GNU: the next entry's long name
                    let data = try source.take(padded)
                    guard data.count == padded else { throw truncated(path) }
                    longName = string(data.prefix(size))
                case UInt8(ascii: "x"):  // pax: records for the next entry
                    let data = try source.take(padded)
                    guard data.count == padded else { throw truncated(path) }
                    if let p = try paxPath(Array(data.prefix(size)), file: path, at: source.consumed - padded) { longName = p }
                case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                    var name = string(header[0..<100])
                    let magic = Array(header[257..<262])
                    if magic == Array("ustar".utf8) {
                        let prefix = string(header[345..<500])
                        if !prefix.isEmpty { name = prefix + "/" + name }
                    }
                    if let long = longName { name = long }
                    longName = nil
                    if name.hasPrefix("./") { name.removeFirst(2) }
                    let entry = Entry(path: name, size: size)
                    let before = source.consumed
                    if try visit(entry, source) { return }
                    let left = padded - (source.consumed - before)
                    guard try source.skip(left) == left else { throw truncated(path) }
                default:  // folders, links, global pax headers: nothing to read
                    longName = type == UInt8(ascii: "g") ? longName : nil
                    guard try source.skip(padded) == padded else { throw truncated(path) }
                }
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(file: path, "cannot read the archive (\(error))")
        }
    }

    private static func truncated(_ path: String) -> HistoryError {
        HistoryError(file: path, "truncated: the archive ends inside an entry")
    }

    /// A NUL-terminated field as text.
    private static func string<C: Collection>(_ field: C) -> String where C.Element == UInt8 {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal field, or the base-256 form GNU tar uses for large sizes.
    private static func number(_ field: ArraySlice<UInt8>) -> Int? {
        if let first = field.first, first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for b in field.dropFirst() {
                guard value < Int.max >> 8 else { return nil }
                value = value << 8 | Int(b)
            }
            return value
        }
        var value = 0
        var digits = 0
        for b in field {
            if b == 0 || b == 0x20 {
                if digits > 0 { break } else { continue }
            }
            guard b >= 0x30 && b <= 0x37, value < Int.max >> 3 else { return nil }
            value = value << 3 | Int(b - 0x30)
            digits += 1
        }
        return value
    }

    /// The header checksum: the sum of its bytes with the checksum field read as spaces.
    private static func checksumMatches(_ header: [UInt8]) -> Bool {
        guard let stored = number(header[148..<156]) else { return false }
        var sum = 0
        for (i, b) in header.enumerated() { sum += (148..<156).contains(i) ? 0x20 : Int(b) }
        return sum == stored
    }

    /// The `path` record of a pax header ("<length> <keyword>=<value>\n" records, where `length`
    /// counts the whole record, its own digits included). A record whose length does not cover its
    /// own prefix, or runs past the data, is damage: an error naming the byte, never a trap.
    static func paxPath(_ data: [UInt8], file: String, at base: Int) throws(HistoryError) -> String? {
        let bounds = InputBounds(file: file, count: data.count, base: base)
        var i = 0
        while i < data.count {
            if data[i] == 0 { return nil }  // NUL padding after the last record
            guard let space = data[i...].prefix(20).firstIndex(of: 0x20), space > i,
                let length = Int(string(data[i..<space])), length > 0
            else { throw bounds.corrupt(at: i, "a pax record has no readable length") }
            let record = try bounds.range(i, length: length, "a pax record claims \(length) bytes")
            guard space + 1 <= record.upperBound else {
                throw bounds.corrupt(at: i, "a pax record of \(length) bytes is shorter than its own length prefix")
            }
            let body = (space + 1)..<record.upperBound
            if data[body].starts(with: Array("path=".utf8)) {
                return String(decoding: data[body].dropFirst(5).prefix { $0 != 0x0A }, as: UTF8.self)
            }
            i = record.upperBound
        }
        return nil
    }
}

/// A file read through zlib: gzip members are inflated (one after another), anything else passes
/// through as it is. Pull-based: `take`, `skip` and `forward` ask for exactly the bytes they need.
final class InflatingReader {
    private let fd: Int32
    private let path: String
    private var stream = z_stream()
    private var gzip = false
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputStart = 0
    private var inputEnd = 0
    private var output = [UInt8](repeating: 0, count: 1 << 18)
    private var outputStart = 0
    private var outputEnd = 0
    private var inputDone = false
    private var finished = false
    /// Bytes handed out or skipped so far.
    private(set) var consumed = 0

    init(path: String) throws(HistoryError) {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HistoryError(file: path, "cannot open (\(String(cString: strerror(errno))))") }
        do {
            try refillInput()
        } catch {
            close(fd)
            throw error
        }
        gzip = inputEnd >= 2 && input[0] == 0x1F && input[1] == 0x8B
        if gzip {
            // 15 + 32: the largest window, and a gzip or zlib header detected automatically.
            guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                close(fd)
                throw HistoryError(file: path, "cannot start decompressing")
            }
        }
    }

    deinit {
        if gzip { inflateEnd(&stream) }
        close(fd)
    }

    /// Up to `count` bytes: fewer only at the end of the data.
    func take(_ count: Int) throws(HistoryError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        try forward(count) { out.append(contentsOf: $0) }
        return out
    }

    /// Skips up to `count` bytes; returns how many were skipped.
    func skip(_ count: Int) throws(HistoryError) -> Int {
        var n = 0
        try forward(count) { n += $0.count }
        return n
    }

    /// Hands up to `count` bytes to `consume`, a chunk at a time.
    func forward(_ count: Int, to consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws(HistoryError) {
        var left = count
        while left > 0 {
            if outputStart == outputEnd {
                guard try fillOutput() else { return }
            }
            let n = min(left, outputEnd - outputStart)
            do {
                try output.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[outputStart..<(outputStart + n)])) }
            } catch let error as HistoryError {
                throw error
            } catch {
                throw HistoryError(file: path, "\(error)")
            }
            outputStart += n
            consumed += n
            left -= n
        }
    }

    private func refillInput() throws(HistoryError) {
        inputStart = 0
        inputEnd = 0
        while true {
            let n = input.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HistoryError(file: path, "cannot read (\(String(cString: strerror(errno))))")
            }
            if n == 0 { inputDone = true }
            inputEnd = n
            return
        }
    }

    /// Produces more output; false at the end of the data.
    private func fillOutput() throws(HistoryError) -> Bool {
        outputStart = 0
        outputEnd = 0
        if finished { return false }
        if !gzip {
            if inputStart == inputEnd {
                if inputDone { return false }
                try refillInput()
                if inputEnd == 0 { return false }
            }
            // Plain tar: hand the input buffer's bytes over as output.
            let n = inputEnd - inputStart
            output.withUnsafeMutableBufferPointer { out in
                input.withUnsafeBufferPointer { inp in
                    for k in 0..<n { out[k] = inp[inputStart + k] }
                }
            }
            inputStart = inputEnd
            outputEnd = n
            return true
        }
        while outputEnd == 0 {
            if inputStart == inputEnd {
                if inputDone {
                    throw HistoryError(file: path, "truncated: the compressed data ends early")
                }
                try refillInput()
                if inputEnd == 0 {
                    throw HistoryError(file: path, "truncated: the compressed data ends early")
                }
            }
            let (status, produced, used) = inflateStep()
            inputStart += used
            outputEnd = produced
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another gzip member may follow (concatenated .gz files are one stream).
                if inputStart == inputEnd && !inputDone { try refillInput() }
                if inputStart < inputEnd && input[inputStart] == 0x1F {
                    inflateReset(&stream)
                } else {
                    finished = true
                    return outputEnd > 0
                }
            default:
                throw HistoryError(file: path, "corrupt: the compressed data cannot be read (zlib error \(status))")
            }
        }
        return true
    }

    /// One call to `inflate` over the unread input into the whole output buffer.
    private func inflateStep() -> (Int32, produced: Int, used: Int) {
        let available = inputEnd - inputStart
        return input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inp.baseAddress! + inputStart
                stream.avail_in = UInt32(available)
                stream.next_out = out.baseAddress!
                stream.avail_out = UInt32(out.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.avail_out), available - Int(stream.avail_in))
            }
        }
    }
}
