import Foundation
import Lexicons
import PSZlib
import Synchronization

/// The trained scorer's weights, as `scripts/train.py` writes them (`Data/model/scorer.bin`).
///
/// One linear model ("head") per language category and grade level: head (grievance, warning)
/// scores "this sentence is a grievance at warning or above". Weights are quantised to one signed
/// byte per bucket and head, stored bucket-major with a row of 16 bytes (heads padded with zeros), so
/// one feature's weights for every head are one 16-byte load. The file is memory-mapped: one draft
/// touches only the pages its features fall in. Layout (little-endian):
///
/// ```
/// "PSSCORE2"  u32 feature version  u32 bits  u32 heads  u32 row (16)
/// per head:   u8 name length, name ("grievance")  u8 grade  f32 scale  f32 bias  f32 platt a  f32 platt b  f32 threshold
/// weights:    i8 [1 << bits][row], from the next multiple of 16 bytes
/// ```
/// A head's probability is `sigmoid(a * z + b)` with `z = bias + scale * Σ w / sqrt(n)` over the
/// sentence's `n` feature occurrences; it fires at or above its threshold.
struct ScorerWeights: @unchecked Sendable {  // read-only after init: a mapped file and its parsed header
    struct Head: Sendable {
        var category: Category
        var grade: Grade
        var scale: Float
        var bias: Float
        var plattA: Float
        var plattB: Float
        var threshold: Float
    }

    let bits: Int
    /// `(1 << bits) - 1`: a feature hash's bucket.
    let mask: UInt64
    let heads: [Head]
    /// Distinct for every loaded set of weights in the process (per-thread word sums are kept per set).
    let id: UInt64
    private static let loaded = Atomic<UInt64>(0)
    /// The whole file (mapped), and where the weight rows start in it.
    private let file: WeightBytes
    private let table: UnsafeRawPointer
    static let row = 16

    static let magic = Array("PSSCORE2".utf8)
    static let path = "model/scorer.bin"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads the shipped weights.
    static func shipped() throws(Failure) -> ScorerWeights {
        let file: WeightBytes
        do {
            file = try WeightBytes(mapping: try LexiconStore.path(path))
        } catch let error as LexiconStore.Failure {
            throw Failure(description: "the trained scorer's weights are missing (\(error.description)); run `make train` or reinstall")
        } catch {
            throw Failure(description: "the trained scorer's weights cannot be read (\(error)); run `make train` or reinstall")
        }
        return try ScorerWeights(file, name: path)
    }

    init(bytes: [UInt8], name: String) throws(Failure) {
        try self.init(WeightBytes(copying: bytes), name: name)
    }

    private init(_ file: WeightBytes, name: String) throws(Failure) {
        var reader = Reader(bytes: file.bytes, name: name)
        guard try reader.take(8) == Self.magic else { throw Failure(description: "\(name): not a PostScreen scorer file") }
        let version = try reader.u32()
        guard version == SentenceFeatures.version else {
            throw Failure(description: "\(name): trained on feature version \(version), this build computes version \(SentenceFeatures.version); run `make train`")
        }
        let bits = Int(try reader.u32())
        let count = Int(try reader.u32())
        let row = Int(try reader.u32())
        guard (10...24).contains(bits), (1...Self.row).contains(count), row == Self.row else {
            throw Failure(description: "\(name): damaged header")
        }
        var heads: [Head] = []
        for _ in 0..<count {
            let length = Int(try reader.take(1)[0])
            let label = String(decoding: try reader.take(length), as: UTF8.self)
            guard let category = Category(rawValue: label), let grade = Grade(rawValue: Int(try reader.take(1)[0])) else {
                throw Failure(description: "\(name): unknown head \(label)")
            }
            heads.append(Head(
                category: category, grade: grade, scale: try reader.f32(), bias: try reader.f32(),
                plattA: try reader.f32(), plattB: try reader.f32(), threshold: try reader.f32()))
        }
        _ = try reader.take((16 - reader.at % 16) % 16)
        let start = reader.at
        _ = try reader.skip((1 << bits) * Self.row)
        guard reader.atEnd else { throw Failure(description: "\(name): trailing bytes after the weights") }
        self.bits = bits
        self.mask = (UInt64(1) << UInt64(bits)) - 1
        self.heads = heads
        self.file = file
        self.table = file.bytes.baseAddress! + start
        self.id = Self.loaded.add(1, ordering: .relaxed).newValue
    }

    /// Every head's weight for one bucket (16 lanes; lanes past the heads are 0).
    @inline(__always)
    func row(_ bucket: Int) -> SIMD16<Int32> {
        SIMD16<Int32>(truncatingIfNeeded: table.loadUnaligned(fromByteOffset: bucket &* Self.row, as: SIMD16<Int8>.self))
    }

    /// One head's weight for one bucket.
    func weight(_ bucket: Int, head: Int) -> Int8 {
        table.load(fromByteOffset: bucket * Self.row + head, as: Int8.self)
    }

    /// CRC-32 of a weight file, as `manifest.json` records it.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        let name: String
        var at = 0
        var atEnd: Bool { at == bytes.count }

        mutating func take(_ n: Int) throws(Failure) -> [UInt8] {
            let start = try skip(n)
            return [UInt8](bytes[start..<(start + n)])
        }

        /// Moves past `n` bytes; returns where they start.
        mutating func skip(_ n: Int) throws(Failure) -> Int {
            guard n >= 0, n <= bytes.count - at else { throw Failure(description: "\(name): truncated at byte \(at)") }
            defer { at += n }
            return at
        }

        mutating func u32() throws(Failure) -> UInt32 {
            let b = try take(4)
            return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
        }

        mutating func f32() throws(Failure) -> Float { Float(bitPattern: try u32()) }
    }
}

/// The bytes of a weight file: memory-mapped read-only from disk (pages are read only when a
/// feature touches them, so one draft reads a few pages, not 4 MB), or a copy, for tests.
/// Immutable once made; unmapped or freed when the last screener using it goes.
final class WeightBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    init(mapping path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Unreadable(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { throw Unreadable(description: "\(path): empty or unreadable") }
        let size = Int(info.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw Unreadable(description: "\(path): cannot map (\(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        mapped = true
    }

    init(copying source: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 16)
        copy.copyBytes(from: source)
        bytes = UnsafeRawBufferPointer(start: copy.baseAddress, count: source.count)
        mapped = false
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }
}
