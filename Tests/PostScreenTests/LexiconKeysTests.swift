import Lexicons
import Testing
@testable import PostScreen

/// Compiling a screener reads plain words without the tokeniser; the keys must be the tokeniser's.
struct LexiconKeysTests {
    static func tokeniserKeys(_ bytes: [UInt8]) -> [String] {
        let stream = TokenStream(FoldedText(source: bytes))
        return stream.tokens.indices.map { stream.keyString(at: $0) }
    }

    @Test("plain words get the tokeniser's keys, on every line of every shipped list")
    func plainKeysAgree() throws {
        var checked = 0
        for name in try LexiconStore.allNames() {
            PhraseMatcher.forEachLine(of: try LexiconStore.text(named: name)) { line in
                for part in [Array(line)] + line.split(separator: 0x20).map(Array.init) {
                    guard let plain = part.withUnsafeBufferPointer({ PhraseMatcher.plainKeys(of: $0) }) else { continue }
                    #expect(plain == Self.tokeniserKeys(part), "\(name): \(String(decoding: part, as: UTF8.self))")
                    checked += 1
                }
            }
        }
        #expect(checked > 20_000)
    }

    @Test("leaves single letters beside other words, punctuation and other scripts to the tokeniser")
    func notPlain() {
        for text in ["J K Rowling", "O'Brien", "Year 9", "Zoë", "", "   ", "-ab", "ab-", "a--b", "ab -cd"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { PhraseMatcher.plainKeys(of: $0) } == nil, "\(text)")
        }
        #expect(PhraseMatcher.keys(of: "J K Rowling") == Self.tokeniserKeys(Array("J K Rowling".utf8)))
        #expect(PhraseMatcher.keys(of: "Ben  SMITH") == ["ben", "smith"])
        #expect(PhraseMatcher.keys(of: "Lily-Mae Hart-Smith") == ["lily-mae", "hart-smith"])
        #expect(PhraseMatcher.keys(of: "a-b") == Self.tokeniserKeys(Array("a-b".utf8)))
        #expect(PhraseMatcher.keys(of: "\u{2019}s") == ["'s"])
    }
}
