import Lexicons

/// English inflections of a lexicon word, so that "steal+" also matches "steals", "stealing",
/// "stole" and "stolen".
///
/// Hunspell decides which forms are real: candidates made by English suffix rules (and the
/// irregular forms in `Lexicons/Data/irregular.txt`) are kept only when Hunspell's en_GB dictionary
/// stems them back to the word ("twitter" is not a form of "twit"). Loading Hunspell takes ~75 ms,
/// so the verified table for every `word+` in the shipped lexicons is kept in
/// `Lexicons/Data/word-forms.tsv`; `WordFormsTests` regenerates it with Hunspell and fails if it is
/// stale (`make word-forms` rewrites it). Words not in the table (a school's own additions) get the
/// rule candidates unverified.
enum Inflector {
    /// Verified forms by base word, from `word-forms.tsv`.
    static let verified: [String: [String]] = {
        var table: [String: [String]] = [:]
        guard let text = try? LexiconStore.file("word-forms.tsv") else { return table }
        // Split as bytes, like the lexicons (PhraseMatcher.parse): splitting by Character cost 10M
        // instructions at every launch.
        PhraseMatcher.forEachLine(of: text) { line in
            guard line.first != 0x23 else { return }
            let words = line.split(separator: 0x09).map { String(decoding: $0, as: UTF8.self) }
            guard let base = words.first else { return }
            table[base] = Array(words.dropFirst())
        }
        return table
    }()

    static func forms(of word: String) -> [String] {
        if let known = verified[word] { return [word] + known }
        return candidates(of: word)
    }

    /// The candidates Hunspell accepts as forms of `word` (plus the irregular forms listed for it).
    /// When Hunspell does not know `word` itself, every candidate is kept.
    static func verifiedForms(of word: String, dictionary: SpellingDictionary) -> [String] {
        // A hyphenated word inflects on its last part: "ex-student" → "ex-students".
        if let hyphen = word.lastIndex(of: "-"), word.index(after: hyphen) < word.endIndex {
            let head = word[...hyphen]
            return verifiedForms(of: String(word[word.index(after: hyphen)...]), dictionary: dictionary).map { head + $0 }
        }
        let irregularForms = Set(irregular[word] ?? [])
        guard dictionary.knows(word) == true else { return candidates(of: word).filter { $0 != word }.sorted() }
        // Hunspell stems away prefixes too ("requests" → "quest"), so a form is accepted when its stems
        // meet the word's own: "requests" and "request" share "quest"; "twitter" and "twit" share nothing.
        let baseStems = Set(dictionary.stems(word) + [word])
        return candidates(of: word).filter { form in
            form != word && (irregularForms.contains(form) || !baseStems.isDisjoint(with: dictionary.stems(form)))
        }.sorted()
    }

    /// Every base word marked `+` in the shipped phrase lexicons.
    static func inflectedWords(in lexiconTexts: [String]) -> [String] {
        var words = Set<String>()
        for text in lexiconTexts {
            for phrase in PhraseMatcher.parse(text) {
                for element in phrase {
                    if case .inflected(let w) = element { words.insert(w) }
                }
            }
        }
        return words.sorted()
    }
    /// Irregular forms by base word, loaded once.
    static let irregular: [String: [String]] = {
        var table: [String: [String]] = [:]
        guard let text = try? LexiconStore.text(named: "irregular") else { return table }
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 2, !words[0].hasPrefix("#") else { continue }
            table[words[0], default: []].append(contentsOf: words.dropFirst())
        }
        return table
    }()

    private static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]

    /// Forms made by English suffix rules; over-generates ("stealed"), which is why Hunspell filters them.
    static func candidates(of word: String) -> [String] {
        var out: Set<String> = [word]
        // Multi-part keys ("o'connor") and very short words are left alone.
        guard word.count >= 2, word.allSatisfy({ $0.isLetter || $0 == "-" }) else { return Array(out) }
        let chars = Array(word)
        let last = chars[chars.count - 1]
        let stem = String(chars.dropLast())
        let beforeLast = chars.count >= 2 ? chars[chars.count - 2] : " "

        // Plurals and third person.
        if last == "y" && !vowels.contains(beforeLast) {
            out.insert(stem + "ies")
            out.insert(stem + "ied")
        } else if word.hasSuffix("s") || word.hasSuffix("x") || word.hasSuffix("z") || word.hasSuffix("ch")
            || word.hasSuffix("sh") || word.hasSuffix("o")
        {
            out.insert(word + "es")
        }
        out.insert(word + "s")
        // Past tense, participles, agent nouns.
        if last == "e" {
            out.insert(word + "d")
            out.insert(word + "r")
            out.insert(word + "rs")
            if word.hasSuffix("ie") {
                out.insert(String(chars.dropLast(2)) + "ying")  // lie → lying
            } else {
                out.insert(stem + "ing")
            }
        } else {
            out.insert(word + "ed")
            out.insert(word + "ing")
            out.insert(word + "er")
            out.insert(word + "ers")
            // Consonant-vowel-consonant: rob → robbed, robbing.
            if chars.count >= 3, !vowels.contains(last), last != "w", last != "x", last != "y",
                vowels.contains(beforeLast), !vowels.contains(chars[chars.count - 3])
            {
                let doubled = word + String(last)
                out.insert(doubled + "ed")
                out.insert(doubled + "ing")
                out.insert(doubled + "er")
            }
        }
        if last == "y" && !vowels.contains(beforeLast) {
            out.insert(stem + "ier")
            out.insert(stem + "iest")
        }
        out.insert(word + "'s")
        for form in irregular[word] ?? [] { out.insert(form) }
        return Array(out)
    }
}
