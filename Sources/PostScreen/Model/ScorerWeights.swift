import Lexicons

/// The trained scorer's weights, as `scripts/train.py` writes them (`Data/model/scorer.bin`).
///
/// One linear model ("head") per language category and grade level: head (grievance, warning)
/// scores "this sentence is a grievance at warning or above". Weights are quantised to one signed
/// byte per bucket and head, stored bucket-major so that one feature's weights for every head sit
/// in one cache line. Layout (little-endian):
///
/// ```
/// "PSSCORE1"  u32 feature version  u32 bits  u32 heads
/// per head:   u8 name length, name ("grievance")  u8 grade  f32 scale  f32 bias  f32 platt a  f32 platt b  f32 threshold
/// weights:    i8 [1 << bits][heads]
/// ```
/// A head's probability is `sigmoid(a * z + b)` with `z = bias + scale * Σ w / sqrt(n)` over the
/// sentence's `n` distinct buckets; it fires at or above its threshold.
struct ScorerWeights: Sendable {
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
    let heads: [Head]
    /// `[bucket * heads.count + head]`.
    let weights: [Int8]

    static let magic = Array("PSSCORE1".utf8)
    static let path = "model/scorer.bin"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads the shipped weights.
    static func shipped() throws(Failure) -> ScorerWeights {
        let bytes: [UInt8]
        do {
            bytes = try LexiconStore.bytes(path)
        } catch {
            throw Failure(description: "the trained scorer's weights are missing (\(error.description)); run `make train` or reinstall")
        }
        return try ScorerWeights(bytes: bytes, name: path)
    }

    init(bytes: [UInt8], name: String) throws(Failure) {
        var reader = Reader(bytes: bytes, name: name)
        guard try reader.take(8) == Self.magic else { throw Failure(description: "\(name): not a PostScreen scorer file") }
        let version = try reader.u32()
        guard version == SentenceFeatures.version else {
            throw Failure(description: "\(name): trained on feature version \(version), this build computes version \(SentenceFeatures.version); run `make train`")
        }
        let bits = Int(try reader.u32())
        let count = Int(try reader.u32())
        guard (10...24).contains(bits), (1...64).contains(count) else { throw Failure(description: "\(name): damaged header") }
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
        let table = try reader.take((1 << bits) * count)
        guard reader.atEnd else { throw Failure(description: "\(name): trailing bytes after the weights") }
        self.bits = bits
        self.heads = heads
        self.weights = table.map { Int8(bitPattern: $0) }
    }

    private struct Reader {
        let bytes: [UInt8]
        let name: String
        var at = 0
        var atEnd: Bool { at == bytes.count }

        mutating func take(_ n: Int) throws(Failure) -> [UInt8] {
            guard n >= 0, n <= bytes.count - at else { throw Failure(description: "\(name): truncated at byte \(at)") }
            defer { at += n }
            return Array(bytes[at..<(at + n)])
        }

        mutating func u32() throws(Failure) -> UInt32 {
            let b = try take(4)
            return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
        }

        mutating func f32() throws(Failure) -> Float { Float(bitPattern: try u32()) }
    }
}
