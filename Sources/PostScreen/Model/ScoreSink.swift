import Foundation
import Synchronization

/// Sums a sentence's weights for every head as its features arrive, without listing them: each
/// bucket's 16 weights are one load and one vector add. A word's own features (word, leetspeak
/// reading, character grams: ~17 loads) are summed once per thread and reused from `WordSums`
/// whenever the word comes again, so common words cost one hash and one look-up.
struct ScoreSink: FeatureSink {
    let weights: ScorerWeights
    let cache: WordSums
    /// The running sums, and how many feature occurrences they hold.
    var sums = SIMD16<Int32>()
    var count: Int32 = 0
    private var word: (id: UInt64, sums: SIMD16<Int32>, count: Int32) = (0, .zero, 0)

    init(weights: ScorerWeights) {
        self.weights = weights
        cache = WordSums.current(for: weights.id)
    }

    mutating func reset() {
        sums = .zero
        count = 0
    }

    @inline(__always) mutating func add(_ hash: UInt64) {
        sums &+= weights.row(Int(truncatingIfNeeded: hash & weights.mask))
        count &+= 1
    }

    @inline(__always) mutating func reuseWord(_ id: UInt64) -> Bool {
        guard let (s, n) = cache.lookup(id) else { return false }
        sums &+= s
        count &+= n
        return true
    }

    @inline(__always) mutating func beginWord(_ id: UInt64) { word = (id, sums, count) }

    @inline(__always) mutating func endWord() { cache.store(word.id, sums &- word.sums, count &- word.count) }
}

/// Per-thread sums of each recently seen word's own features, for one set of weights: a
/// direct-mapped table of 4,096 words (about 300 KB a thread), overwritten on collision.
final class WordSums {
    private static let slots = 4096
    // Raw storage, not arrays: a class's array properties would be checked for exclusive access on
    // every read, which costs more than the look-up itself.
    private let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: slots)
    private let sums = UnsafeMutablePointer<SIMD16<Int32>>.allocate(capacity: slots)
    private let counts = UnsafeMutablePointer<Int32>.allocate(capacity: slots)
    private let weightsID = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)

    private init() {
        keys.initialize(repeating: 0, count: Self.slots)
        sums.initialize(repeating: .zero, count: Self.slots)
        counts.initialize(repeating: 0, count: Self.slots)
        weightsID.initialize(to: 0)
    }

    deinit {
        keys.deallocate()
        sums.deallocate()
        counts.deallocate()
        weightsID.deallocate()
    }

    @inline(__always) func lookup(_ id: UInt64) -> (SIMD16<Int32>, Int32)? {
        let slot = Int(truncatingIfNeeded: id) & (Self.slots - 1)
        return keys[slot] == id ? (sums[slot], counts[slot]) : nil
    }

    @inline(__always) func store(_ id: UInt64, _ s: SIMD16<Int32>, _ n: Int32) {
        let slot = Int(truncatingIfNeeded: id) & (Self.slots - 1)
        keys[slot] = id
        sums[slot] = s
        counts[slot] = n
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { object in
            guard let object else { return }
            Unmanaged<WordSums>.fromOpaque(object).release()
        }
        return key
    }()

    /// This thread's table, emptied first when it last served other weights.
    static func current(for weightsID: UInt64) -> WordSums {
        let table: WordSums
        if let existing = pthread_getspecific(key) {
            table = Unmanaged<WordSums>.fromOpaque(existing).takeUnretainedValue()
        } else {
            table = WordSums()
            pthread_setspecific(key, Unmanaged.passRetained(table).toOpaque())
        }
        if table.weightsID.pointee != weightsID {
            table.keys.update(repeating: 0, count: slots)
            table.weightsID.pointee = weightsID
        }
        return table
    }
}
