/// Who or what a sentence is about: the identifiable referents that make a claim defamatory, a
/// detail confidential, or a complaint a workplace grievance.
struct Target {
    enum Kind {
        /// A named or titled person, or a relation of one ("Mr Jones", "Zak's dad", "Christian Robinson").
        case person
        /// An identifying role ("the head", "our deputy", "the caretaker at Westfield Primary").
        case role
        /// A named organisation ("St Aidan's Academy", "Bayside Motors", "the council").
        case organisation
        /// A small identifiable group ("someone in the science department", "one of the dinner ladies").
        case group
        /// A pronoun standing for a target in the previous sentence.
        case pronoun
    }
    var kind: Kind
    var first: Int
    var last: Int
    var sentence: Int32
    /// "Miss Fuller's class": the sentence is about something of theirs. Still identifies them for
    /// an allegation or insinuation, but a harsh word about the thing is not about the person.
    var possessive = false

    /// Strong targets identify one person or organisation; groups and pronouns lean on context.
    var isStrong: Bool { kind == .person || kind == .role || kind == .organisation }
}

/// Finds targets in a draft. Shared by the defamation, confidential and grievance rules.
struct TargetFinder: Sendable {
    private let k: Knowledge
    let titles: Int
    private let roles, relations, organisations: Int
    static let lexicons = ["context/titles", "context/roles", "context/relations", "context/organisations"]

    init(_ knowledge: Knowledge) {
        k = knowledge
        let m = knowledge.matcher
        titles = m.lexicon("context/titles")
        roles = m.lexicon("context/roles")
        relations = m.lexicon("context/relations")
        organisations = m.lexicon("context/organisations")
    }

    private static let determiners: Set<String> = [
        "the", "our", "their", "your", "his", "her", "that", "this", "my", "a", "certain", "new", "old", "local",
        "whole", "lead", "former",
    ]
    private static let groupStarters: Set<String> = ["someone", "somebody", "one", "some", "a", "couple"]
    /// Words after "X's" that make the "'s" a verb ("Mr Newton's a thief", "Jean's been put on…").
    private static let contractionFollowers: Set<String> = [
        "a", "an", "been", "got", "having", "not", "never", "always", "just", "off", "on", "in", "doing", "going",
        "the", "so", "still", "now", "being", "had", "finally", "also", "only",
    ]
    private static let pronouns: Set<String> = ["he", "she", "they", "him", "her", "them"]

    /// Every target in the draft, in order.
    func targets(in d: Draft) -> [Target] {
        var out: [Target] = []
        var i = 0
        while i < d.count {
            if let t = target(at: i, d) {
                out.append(t)
                i = t.last + 1
            } else {
                i += 1
            }
        }
        // Pronouns refer back to a strong target in an earlier sentence.
        var lastStrongSentence: Int32? = nil
        var withPronouns: [Target] = []
        var j = 0
        for idx in 0..<d.count {
            while j < out.count && out[j].first == idx {
                withPronouns.append(out[j])
                if out[j].isStrong { lastStrongSentence = out[j].sentence }
                j += 1
            }
            let s = d.tokens[idx].sentence
            if let prev = lastStrongSentence, prev < s, s - prev <= 2, d.tokens[idx].kind == .word,
                Self.pronouns.contains(d.key(idx))
            {
                withPronouns.append(Target(kind: .pronoun, first: idx, last: idx, sentence: s))
            }
        }
        return withPronouns
    }

    private func isCapitalised(_ d: Draft, _ i: Int) -> Bool {
        d.isWord(i) && (d.tokens[i].flags.contains(.capitalised) || d.tokens[i].flags.contains(.allCaps))
            && !d.tokens[i].flags.contains(.hasDigit)
    }

    private func isGivenName(_ d: Draft, _ i: Int) -> Bool {
        isCapitalised(d, i) && k.isGivenName(d.stream.key(at: i))
    }

    /// The target starting at token `i`, if any.
    private func target(at i: Int, _ d: Draft) -> Target? {
        guard d.isWord(i) else { return nil }
        let s = d.tokens[i].sentence
        // A title and a name: "Mr Jones", "mrs patel", "Dr K".
        if d.hits(titles, startingIn: i..<(i + 1)).contains(where: { Int($0.last) == i }) {
            var j = i + 1
            if d.isPunct(j, 0x2E) { j += 1 }
            if d.isWord(j), !d.tokens[j].flags.contains(.hasDigit) {
                return possessive(Target(kind: .person, first: i, last: j, sentence: s), d)
            }
        }
        // Determiner + up to two modifiers + role: "the head", "our local councillor", "That lead inspector".
        if Self.determiners.contains(d.key(i)) {
            var j = i + 1
            var modifiers = 0
            while j < d.count && modifiers <= 2 {
                if let hit = roleHit(at: j, d) ?? relationHit(at: j, determiner: i, d) {
                    var last = Int(hit.last)
                    // "the caretaker at Westfield Primary", "the head at Greenfields Academy"
                    if (d.is_(last + 1, "at") || d.is_(last + 1, "of")), let org = organisation(at: last + 2, d) {
                        last = org.last
                    }
                    return possessive(Target(kind: .role, first: i, last: last, sentence: s), d)
                }
                guard d.isWord(j) else { break }
                modifiers += 1
                j += 1
            }
        }
        // A small group: "someone in the science department", "one of the dinner ladies".
        if Self.groupStarters.contains(d.key(i)) {
            if (d.is_(i, "someone") || d.is_(i, "somebody")) && (d.is_(i + 1, "in") || d.is_(i + 1, "at") || d.is_(i + 1, "from")) {
                var j = i + 2
                while j < d.count && j <= i + 6 && d.isWord(j) { j += 1 }
                return Target(kind: .group, first: i, last: max(i + 2, j - 1), sentence: s)
            }
            if d.is_(i, "one") && d.is_(i + 1, "of"), let role = roleHit(at: i + 3, d) ?? roleHit(at: i + 4, d) {
                return Target(kind: .group, first: i, last: Int(role.last), sentence: s)
            }
        }
        if let org = organisation(at: i, d) { return possessive(org, d) }
        // A person's name: a given name, optionally with a surname; "Zak's dad".
        if isCapitalised(d, i) {
            let key = d.key(i)
            let given = isGivenName(d, i)
            // An unlisted forename counts only before a surname, and only when the dictionary does not
            // know it even as a proper noun ("Victorian London" is a place, "Kritika Ravel" a person).
            if given || (d.tokens[i].gapBefore > 0 && isCapitalised(d, i + 1) && !k.dictionary.isCommonWord(key)
                && !k.dictionary.isCommonWord(d.key(i + 1)) && i > 0
                && !(k.dictionary.knows(d.stream.foldedString(at: i)) ?? false))
            {
                var last = i
                if isCapitalised(d, i + 1), d.tokens[i + 1].gapBefore > 0, !d.covered(i + 1, by: organisations),
                    !k.dictionary.isCommonWord(d.key(i + 1)) || k.surnames.id(of: d.stream.key(at: i + 1)) >= 0
                {
                    last = i + 1
                }
                // A given name that is also a common word ("Will", "Hope") needs a surname.
                if last == i && k.dictionary.isCommonWord(key) && !d.is_(i + 1, "'s") { return nil }
                return possessive(Target(kind: .person, first: i, last: last, sentence: s), d)
            }
        }
        return nil
    }

    private func roleHit(at j: Int, _ d: Draft) -> PhraseMatcher.Hit? {
        d.hits(roles, startingIn: j..<(j + 1)).max { $0.last < $1.last }
    }

    /// "that Year 4 dad", "the mum who…": a relation after a determiner that is not the author's own.
    private func relationHit(at j: Int, determiner i: Int, _ d: Draft) -> PhraseMatcher.Hit? {
        guard !d.is_(i, "my"), !d.is_(i, "our"), !d.is_(i, "his"), !d.is_(i, "her") else { return nil }
        return d.hits(relations, startingIn: j..<(j + 1)).first
    }

    /// "St Aidan's Academy", "Bayside Motors", "the Spar on Station Road", "Northmoor Council".
    private func organisation(at i: Int, _ d: Draft) -> Target? {
        var j = i
        if d.is_(j, "the") { j += 1 }
        guard isCapitalised(d, j) else { return nil }
        let s = d.tokens[i].sentence
        var k = j
        var sawName = false
        while k < d.count && k <= j + 4 {
            if d.covered(k, by: organisations) && isCapitalised(d, k) && sawName {
                return Target(kind: .organisation, first: i, last: k, sentence: s)
            }
            if isCapitalised(d, k) || d.is_(k, "'s") {
                sawName = true
                k += 1
            } else {
                break
            }
        }
        // "the Spar on Station Road": a capitalised name placed on a street.
        if sawName, d.is_(k, "on"), isCapitalised(d, k + 1), isCapitalised(d, k + 2),
            ["road", "street", "lane", "avenue", "parade"].contains(d.key(k + 2))
        {
            return Target(kind: .organisation, first: i, last: k + 2, sentence: s)
        }
        return nil
    }

    /// "X's Y": when Y is a relation or role the target is Y ("Zak's dad", "the council's planning
    /// chief"); when "'s" is a verb ("Mr Newton's a thief") the target stands; when Y is any other
    /// noun ("the trust's pay policy") the sentence is about the thing, not the target.
    private func possessive(_ t: Target, _ d: Draft) -> Target? {
        let next = t.last + 1
        guard d.is_(next, "'s") || (d.isPunct(next, 0x27) && d.key(t.last).hasSuffix("s")) else { return t }
        let after = next + 1
        guard d.isWord(after) else { return t }
        if let rel = d.hits(relations, startingIn: after..<(after + 1)).first {
            return Target(kind: .person, first: t.first, last: Int(rel.last), sentence: t.sentence)
        }
        if let role = roleHit(at: after, d) ?? roleHit(at: after + 1, d) {
            return Target(kind: .role, first: t.first, last: Int(role.last), sentence: t.sentence)
        }
        if Self.contractionFollowers.contains(d.key(after)) || d.tokens[after].kind != .word { return t }
        // A verb-like word after "'s" ("Sian's off", "Jean's been") keeps the person; a noun makes
        // the sentence about something of theirs.
        if d.key(after).hasSuffix("ed") || d.key(after).hasSuffix("ing") { return t }
        var owned = t
        owned.possessive = true
        return owned
    }
}
