import Foundation
import Lexicons
import Testing
@testable import PostScreen

/// `Lexicons/Data/word-forms.tsv` holds the inflections Hunspell verified for every `word+` entry;
/// this test regenerates it and fails when it is stale. Run `make word-forms` to rewrite it.
struct WordFormsTests {
    static func generate() throws -> String {
        let names = try Screener.phraseLexiconNames()
        let texts = try names.map { try LexiconStore.text(named: $0) }
        let dictionary = SpellingDictionary()
        var out = "# Inflections of every `word+` in the phrase lexicons, verified by Hunspell (en_GB).\n"
        out += "# Generated: `make word-forms`. One line per base word: base<TAB>form<TAB>form…\n"
        for word in Inflector.inflectedWords(in: texts) {
            out += ([word] + Inflector.verifiedForms(of: word, dictionary: dictionary)).joined(separator: "\t") + "\n"
        }
        return out
    }

    @Test("word-forms.tsv matches what Hunspell verifies today")
    func upToDate() throws {
        let generated = try Self.generate()
        let path = Support.repository.appendingPathComponent("Sources/Lexicons/Data/word-forms.tsv")
        if ProcessInfo.processInfo.environment["UPDATE_WORD_FORMS"] == "1" {
            try generated.write(to: path, atomically: true, encoding: .utf8)
        }
        let committed = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
        #expect(committed == generated, "word-forms.tsv is stale: run `make word-forms`")
    }

    @Test("Hunspell keeps real inflections and drops look-alikes")
    func verification() {
        let dictionary = SpellingDictionary()
        let steal = Inflector.verifiedForms(of: "steal", dictionary: dictionary)
        #expect(steal.contains("stealing"))
        #expect(steal.contains("stole"))
        #expect(steal.contains("steals"))
        #expect(!Inflector.verifiedForms(of: "twit", dictionary: dictionary).contains("twitter"))
    }
}
