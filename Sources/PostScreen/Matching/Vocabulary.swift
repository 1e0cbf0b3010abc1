import Foundation

/// Every word any lexicon mentions, in an open-addressing hash table over raw bytes.
///
/// Built once per `Screener`; looking a token up hashes its bytes in place and allocates nothing.
/// Each entry has its own id and, when it is an inflection of a lexicon word marked `+`
/// ("steal+" → "stole", "stealing"), the id of that base word as its lemma.
struct Vocabulary: Sendable {
    private var storage: [UInt8] = []
    private var offsets: [Int32] = [0]
    private(set) var lemmas: [Int32] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { lemmas.count }

    func word(_ id: Int32) -> String {
        String(decoding: storage[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])], as: UTF8.self)
    }

    @inline(__always)
    private static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    private func equals<C: Collection>(_ id: Int32, _ bytes: C) -> Bool where C.Element == UInt8 {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        guard end - start == bytes.count else { return false }
        var k = start
        for b in bytes {
            if storage[k] != b { return false }
            k += 1
        }
        return true
    }

    /// The id of `bytes`, or -1.
    @inline(__always)
    func id<C: Collection>(of bytes: C) -> Int32 where C.Element == UInt8 {
        if let found = bytes.withContiguousStorageIfAvailable({ id(of: $0) }) { return found }
        guard !bytes.isEmpty else { return -1 }
        var slot = Self.hash(bytes) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return -1 }
            if equals(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `bytes`, or -1: the scanning path (every token of every draft comes through here),
    /// so it works on raw buffers with no bounds checks past the ones that matter.
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let n = bytes.count
        guard n > 0 else { return -1 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hash = Int(truncatingIfNeeded: h ^ (h >> 29))
        return slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                storage.withUnsafeBufferPointer { storage in
                    var slot = hash & mask
                    while true {
                        let id = slots[slot]
                        if id < 0 { return -1 }
                        let start = Int(offsets[Int(id)])
                        if Int(offsets[Int(id) + 1]) - start == n,
                            memcmp(storage.baseAddress! + start, bytes.baseAddress!, n) == 0
                        {
                            return id
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// The lemma of word `id` ("stole" → "steal"), or `id` itself when it has none.
    @inline(__always) func lemma(of id: Int32) -> Int32 {
        let l = lemmas[Int(id)]
        return l >= 0 ? l : id
    }

    func id(of word: String) -> Int32 { id(of: Array(word.utf8)) }

    /// Adds `word` (if new) and returns its id. A lemma, once set, is kept.
    @discardableResult
    mutating func insert(_ word: String, lemma: Int32 = -1) -> Int32 {
        var word = word
        return word.withUTF8 { insert(bytes: $0, lemma: lemma) }
    }

    /// Adds the word spelled by `bytes` (if new) and returns its id. A lemma, once set, is kept.
    @discardableResult
    mutating func insert(bytes: UnsafeBufferPointer<UInt8>, lemma: Int32 = -1) -> Int32 {
        let existing = id(of: bytes)
        if existing >= 0 {
            if lemmas[Int(existing)] < 0 && lemma >= 0 && lemma != existing { lemmas[Int(existing)] = lemma }
            return existing
        }
        if (count + 1) * 2 > slots.count { grow() }
        let newID = Int32(count)
        storage.append(contentsOf: bytes)
        offsets.append(Int32(storage.count))
        lemmas.append(lemma)
        place(newID, hash: Self.hash(bytes))
        return newID
    }

    private mutating func place(_ id: Int32, hash: Int) {
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0..<Int32(count) {
            let bytes = storage[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
            place(id, hash: Self.hash(bytes))
        }
    }
}
