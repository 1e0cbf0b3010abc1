import CHunspell
import Foundation

/// Dictionary evidence from Hunspell's en_GB dictionary: is a word an ordinary English word?
///
/// Loading the dictionary costs ~75 ms, so it happens on first use, not when a `Screener` is made:
/// a single clean draft never pays for it. Hunspell handles are not thread-safe; one handle sits
/// behind a mutex, and answers are cached so repeated words cost a dictionary lookup, not a
/// Hunspell call.
final class SpellingDictionary: @unchecked Sendable {
    private struct State {
        var handle: OpaquePointer? = nil
        var loaded = false
        var cache: [String: Bool] = [:]
    }

    /// A pthread mutex (NSLock) rather than `Mutex`: ThreadSanitizer sees pthread locks, so the
    /// sanitiser run checks this class instead of reporting the lock's own accesses as races.
    /// Every access to `storage` holds `lock`, which is what makes the unchecked `Sendable` true.
    private let lock = NSLock()
    private nonisolated(unsafe) var storage = State()

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&storage)
    }

    static let searchPaths = ["/usr/share/hunspell", "/usr/share/myspell", "/usr/local/share/hunspell"]

    deinit {
        withState { s in
            if let h = s.handle { Hunspell_destroy(h) }
        }
    }

    /// True when Hunspell's en_GB dictionary accepts `word` as written (case matters: "Smith" is known
    /// as a name, "smith" as a trade). Nil when no dictionary is installed.
    func knows(_ word: String) -> Bool? {
        withState { s -> Bool? in
            if let cached = s.cache[word] { return cached }
            if !s.loaded { Self.load(&s) }
            guard let h = s.handle else { return nil }
            let known = Hunspell_spell(h, word) != 0
            if s.cache.count > 100_000 { s.cache.removeAll(keepingCapacity: true) }
            s.cache[word] = known
            return known
        }
    }

    /// Hunspell's stems of `word` ("stealing" → ["stealing", "steal"]), lower-cased; empty when no
    /// dictionary is installed or the word is unknown.
    func stems(_ word: String) -> [String] {
        withState { s -> [String] in
            if !s.loaded { Self.load(&s) }
            guard let h = s.handle else { return [] }
            var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
            let n = Hunspell_stem(h, &list, word)
            defer { Hunspell_free_list(h, &list, n) }
            guard n > 0, let list else { return [] }
            return (0..<Int(n)).compactMap { list[$0].map { String(cString: $0).lowercased() } }
        }
    }

    private static func load(_ s: inout State) {
        s.loaded = true
        for dir in searchPaths {
            let aff = dir + "/en_GB.aff"
            let dic = dir + "/en_GB.dic"
            if FileManager.default.fileExists(atPath: aff), FileManager.default.fileExists(atPath: dic) {
                s.handle = Hunspell_create(aff, dic)
                return
            }
        }
    }

    /// True when the lower-case form of `word` is an ordinary dictionary word ("Hope", "Rose": yes;
    /// "Varty": no).
    func isCommonWord(_ word: String) -> Bool {
        knows(word.lowercased()) ?? false
    }
}
