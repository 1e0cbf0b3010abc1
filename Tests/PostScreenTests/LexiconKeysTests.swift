import Foundation
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

    /// Drafts' punctuation and symbol tokens never take part in a match (`assignWords` skips them), so
    /// a phrase that holds one ("on us, not them", "100%") can never be found: a dead entry.
    @Test("every phrase of every shipped list can match: no punctuation or symbol inside a phrase")
    func noDeadPhrases() throws {
        var dead: [String] = []
        for name in try LexiconStore.allNames() where !name.hasPrefix("names/") && name != "word-forms" {
            PhraseMatcher.forEachLine(of: try LexiconStore.text(named: name)) { line in
                guard line.first != 0x23 else { return }
                // "*" is the wildcard; "'s" on its own is the possessive token drafts split off.
                for part in line.split(separator: 0x20) where !(part.count == 1 && part.first == 0x2A) && Array(part) != Array("'s".utf8) {
                    var word = Array(part)
                    if word.count > 1, word.last == 0x2B { word.removeLast() }  // "word+"
                    let stream = TokenStream(FoldedText(source: word))
                    if stream.tokens.contains(where: { $0.kind == .punct || $0.kind == .symbol }) {
                        dead.append("\(name): \(String(decoding: line, as: UTF8.self))")
                        break
                    }
                }
            }
        }
        #expect(dead.isEmpty, "\(dead.count) dead phrases: \(dead)")
    }

    /// The same for the phrases a school writes in its profile (names, aliases, hashtags, handles,
    /// mottos): each must be findable in a draft, for the shipped test school, the corpus schools and a
    /// school that writes its phrases with punctuation.
    @Test("every profile phrase can match: each finds itself when screened as a draft")
    func noDeadProfilePhrases() throws {
        var profiles = [ProfilePhraseTests.punctuated, Support.schoolProfile]
        if Support.hasCorpus {
            for name in ["harbourside", "oakfield"] {
                profiles.append(try ProfileLoader.load(from: Support.corpus.appendingPathComponent("profiles/\(name).toml")).profile)
            }
        }
        for profile in profiles {
            #expect(!Knowledge.profilePhrases(of: profile).isEmpty)
            let dead = Knowledge.unmatchablePhrases(of: profile)
            #expect(dead.isEmpty, "\(profile.source): \(dead)")
        }
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
