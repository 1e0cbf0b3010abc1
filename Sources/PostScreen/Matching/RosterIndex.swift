import Lexicons

/// People from a roster or staff list, indexed by surname key for matching against tokens.
struct RosterIndex: Sendable {
    struct Entry: Sendable {
        var person: Person
        /// Keys of every given name that identifies them: forename, preferred name, first part of a
        /// double forename.
        var givenKeys: Set<String>
        var surnameKeys: [String]
    }

    private(set) var entries: [Entry] = []
    /// First token key of each surname, hashed as bytes (a token is looked up without making a
    /// `String`), and the entries for each.
    private var surnameFirstTokens = Vocabulary(capacity: 256)
    private var entriesBySurname: [[Int]] = []
    private(set) var longestSurname = 1

    var isEmpty: Bool { entries.isEmpty }

    /// Short forms by full forename key ("katherine" → ["kate", "katie", …]), from `names/diminutives.txt`.
    static let diminutives: [String: [String]] = {
        var table: [String: [String]] = [:]
        guard let text = try? LexiconStore.text(named: "names/diminutives") else { return table }
        // Split as bytes, like the lexicons (PhraseMatcher.parse).
        PhraseMatcher.forEachLine(of: text) { line in
            guard line.first != 0x23 else { return }
            let names = line.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self).lowercased() }
            guard let full = names.first, names.count >= 2 else { return }
            table[full, default: []].append(contentsOf: names.dropFirst())
        }
        return table
    }()

    init(_ people: [Person]) {
        entries.reserveCapacity(people.count)
        for person in people {
            // Words only: a surname or forename written with a full stop ("St. John") is matched by its words.
            let surname = PhraseMatcher.wordKeys(of: person.surname).filter { $0 != "'s" }
            guard !surname.isEmpty else { continue }
            var given = Set<String>(minimumCapacity: 4)
            let forenameKeys = PhraseMatcher.wordKeys(of: person.forename)
            func addGivenKeys(_ keys: [String]) {
                guard let first = keys.first else { return }
                given.insert(keys.count == 1 ? first : keys.joined(separator: " "))
                given.insert(first)
                // "Hans-Uwe" may be written "Hans". Keys are folded, so a hyphen is never part of a
                // larger character, and the search can be over bytes.
                if let hyphen = first.utf8.firstIndex(of: 0x2D) { given.insert(String(first[..<hyphen])) }
            }
            addGivenKeys(forenameKeys)
            if let preferred = person.preferred { addGivenKeys(PhraseMatcher.wordKeys(of: preferred)) }
            // "Katie Smith" names Katherine Smith even when the roster lists no preferred name.
            for short in Self.diminutives[forenameKeys.first ?? ""] ?? [] { given.insert(short) }
            let index = entries.count
            entries.append(Entry(person: person, givenKeys: given, surnameKeys: surname))
            let id = Int(surnameFirstTokens.insert(surname[0]))
            if id == entriesBySurname.count { entriesBySurname.append([]) }
            entriesBySurname[id].append(index)
            longestSurname = max(longestSurname, surname.count)
        }
    }

    /// Entries whose surname starts with token key `key`.
    func candidates(surnameStartingWith key: String) -> [Int] { candidates(surnameStartingWith: Array(key.utf8)) }

    /// Entries whose surname starts with the token key `key` (bytes; no allocation when nothing matches).
    func candidates<C: Collection>(surnameStartingWith key: C) -> [Int] where C.Element == UInt8 {
        let id = surnameFirstTokens.id(of: key)
        return id < 0 ? [] : entriesBySurname[Int(id)]
    }

    func entry(_ i: Int) -> Entry { entries[i] }
}
