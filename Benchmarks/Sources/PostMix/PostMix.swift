import Foundation
import PostScreen

/// A deterministic stand-in for the posts PostScreen sees in bulk: mostly short (40–300 bytes),
/// some long threads; plain ASCII, emoji, curly quotes, accented names, URLs, hashtags and handles
/// in roughly the proportions of real staff accounts; a few percent carrying something to flag.
///
/// The same seed always gives the same posts, so runs on different days and machines compare.
public enum PostMix {
    public static let defaultSeed: UInt64 = 0x5C4E_E2_2026

    /// `count` posts generated from `seed`.
    public static func posts(count: Int, seed: UInt64 = defaultSeed) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        let roster = Roster.people(count: 2_000, seed: seed)
        return (0..<count).map { _ in Array(post(&rng, roster: roster).utf8) }
    }

    /// Only the posts of `posts(count:seed:)` that are plain ASCII (the tokeniser's fast path).
    public static func asciiPosts(count: Int, seed: UInt64 = defaultSeed) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var extra = 0
        while out.count < count {
            for p in posts(count: count * 2, seed: seed &+ UInt64(extra)) where p.allSatisfy({ $0 < 0x80 }) {
                out.append(p)
                if out.count == count { break }
            }
            extra += 1
        }
        return out
    }

    // MARK: Building one post

    static func post(_ rng: inout SplitMix64, roster: [Person]) -> String {
        // Lengths: most posts are short; one in twenty is a long thread or a rant.
        let roll = rng.unit()
        let target = roll < 0.70 ? rng.int(40...150) : roll < 0.95 ? rng.int(150...300) : rng.int(500...2_000)
        var parts: [String] = []
        var length = 0
        // A few percent carry something the screener must flag.
        if rng.unit() < 0.04 {
            let risky = risky(&rng, roster: roster)
            parts.append(risky)
            length += risky.utf8.count + 1
        }
        while length < target {
            var sentence = rng.pick(sentences)
            if rng.unit() < 0.06 { sentence = sentence.replacingOccurrences(of: "a friend", with: rng.pick(accentedNames)) }
            parts.insert(sentence, at: rng.int(0...parts.count))
            length += sentence.utf8.count + 1
        }
        var text = parts.joined(separator: target > 400 && rng.unit() < 0.5 ? "\n" : " ")
        // Decorations, independently, at roughly the rates seen on staff accounts.
        if rng.unit() < 0.15 { text += " " + rng.pick(emoji) }
        if rng.unit() < 0.05 { text = rng.pick(emoji) + " " + text }
        if rng.unit() < 0.12 {
            text = text.replacingOccurrences(of: "'", with: "\u{2019}")
            if let range = text.range(of: " so ") { text.replaceSubrange(range, with: " \u{201C}so\u{201D} ") }
        }
        if rng.unit() < 0.10 { text += " " + rng.pick(urls) }
        if rng.unit() < 0.15 { text += " " + rng.pick(hashtags) + (rng.unit() < 0.4 ? " " + rng.pick(hashtags) : "") }
        if rng.unit() < 0.05 { text = rng.pick(handles) + " " + text }
        if rng.unit() < 0.01 { text += " " + rng.pick(otherScripts) }
        return text
    }

    static func risky(_ rng: inout SplitMix64, roster: [Person]) -> String {
        let pupil = roster[rng.int(0...(roster.count - 1))]
        switch rng.int(0...9) {
        case 0: return "Year 11s, text me on 07700 900\(rng.int(100...999)) if you get stuck on revision."
        case 1: return "Huge well done to \(pupil.forename) \(pupil.surname) in Year \(pupil.year ?? "9") for the maths prize!"
        case 2: return "On behalf of the school, thank you to everyone who came to the fair."
        case 3: return "Apparently Mr Jones has been stealing from the trip fund."
        case 4: return "Door code for the staff room is \(rng.int(1000...9999)), for anyone covering tomorrow."
        case 5: return "Housewarming at \(rng.int(2...90)) Kingfisher Close on Saturday, bring a bottle!"
        case 6: return "Proud to teach at Kingsmead Academy, best kids in Bristol."
        case 7: return "SLT have stitched us up again with the new marking policy, absolute disgrace."
        case 8: return "Parents can reach me at jo.smith\(rng.int(10...99))@gmail.com over the summer."
        default: return "Follow me on Insta, Year 10! @mr_\(pupil.surname.lowercased())_pe"
        }
    }

    // MARK: Word material

    static let sentences = [
        "Long week but we made it.", "Marking mountain this weekend, send coffee.",
        "Lovely walk along the river with the dog this morning.", "Anyone else already counting down to half term?",
        "Just finished reading a brilliant novel, highly recommend it.", "Parents' evening tonight, wish me luck!",
        "The sun is finally out and I'm stuck indoors planning lessons.",
        "Great turnout at the 10k on Sunday, legs are not happy today.", "Best pizza in town, no contest.",
        "Who decided Monday should start this early?", "Rain again. Of course it's raining.",
        "Can't believe it's nearly the end of term already.", "Trying a new recipe tonight, fingers crossed it works.",
        "Football on the telly and a cup of tea, perfect evening.", "Gardening all afternoon, the roses look amazing.",
        "Three cups of coffee and it's only ten o'clock.", "Booked a week in Cornwall for the summer, can't wait.",
        "Does anyone have a good recommendation for a podcast on history?",
        "Our book club picked a thriller this month and I'm hooked.", "Train delayed again, fifty minutes and counting.",
        "Cooked a roast for the whole family, nobody left hungry.", "So proud of my daughter passing her driving test!",
        "New trainers, new running route, same slow pace.", "The cat has claimed my chair again.",
        "Finally got round to fixing the shed door.", "Quiz night at the pub, we came a respectable fourth.",
        "Watching the match with a friend, nervous doesn't cover it.", "Half marathon training starts tomorrow, help.",
        "Sunday morning pancakes are a tradition in our house.", "The science of baking bread is fascinating.",
        "Spent the afternoon at the museum, the dinosaurs never get old.", "Nothing beats a walk on the beach in winter.",
        "Looking forward to catching up with a friend this weekend.", "Is it too early to put the heating on?",
        "Great CPD session today on reading for pleasure, lots to think about.",
        "Lesson planning done for the week, time for a film.", "Dentist at eight, then straight into a full day.",
        "Just saw a heron by the canal, stunning.", "First snow of the year and the dog is beside herself.",
        "My sourdough starter is thriving, unlike my houseplants.", "Brilliant concert last night, ears still ringing.",
        "Does anyone know a good plumber in the area?", "Tidied the loft and found my old school reports, mortifying.",
        "Allotment update: the courgettes have taken over completely.", "Birthday cake for my son, dinosaur themed of course.",
        "Choir rehearsal tonight, the harmonies are finally coming together.",
        "Ten minutes of peace before the house wakes up.", "Back to the gym after a month off, it was not pretty.",
        "The library has a brilliant new local history section.", "Roadworks on every route home, why?",
    ]

    static let accentedNames = ["Zoë", "José", "Chloé", "Siân", "Renée", "Noël", "Łukasz", "Søren", "Anaïs", "Dónal"]
    static let emoji = ["🎉", "😂", "❤️", "🏃‍♀️", "☕", "👏🏽", "🙌", "😴", "🌞", "📚", "🇬🇧", "🤞"]
    static let urls = [
        "https://www.bbc.co.uk/news/education-68123456", "https://t.co/Xk3pQ9zLmA", "https://youtu.be/dQw4w9WgXcQ",
        "https://www.theguardian.com/education/2024/mar/05/reading-for-pleasure",
        "http://bit.ly/3xYzAbC", "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2",
    ]
    static let hashtags = [
        "#EduTwitter", "#TeacherLife", "#FridayFeeling", "#UKEdChat", "#MondayMotivation", "#parkrun", "#BookTwitter",
        "#TeamEnglish", "#Gardening",
    ]
    static let handles = ["@BBCNews", "@parkrunUK", "@TES", "@natwest_help", "@GreatWestRail"]
    static let otherScripts = ["谢谢大家", "ขอบคุณครับ", "شكرا جزيلا", "Спасибо всем", "Διολκός"]
}

/// The 2,000-pupil roster the roster benchmarks and the hyperfine start-up check use.
public enum Roster {
    static let forenames = [
        "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy", "Leo", "Lily", "Arthur",
        "Isabella", "Muhammad", "Rosie", "Oscar", "Sophia", "Charlie", "Grace", "Jacob", "Freya", "Thomas", "Poppy",
        "Henry", "Evie", "William", "Florence", "Alfie", "Willow", "Theo", "Elsie", "Joshua", "Emily", "Freddie",
        "Ella", "Archie", "Daisy", "Ethan", "Millie", "Isaac", "Sienna", "Alexander", "Harper", "James", "Phoebe",
        "Max", "Ruby", "Lucas", "Matilda", "Mason", "Layla", "Logan", "Erin", "Daniel", "Maya", "Benjamin", "Zara",
        "Samuel", "Aisha", "Dylan", "Priya", "Kai", "Nadia", "Reuben", "Zoë", "Ibrahim", "Chloé", "Tobias", "Niamh",
    ]
    static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood",
        "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King",
        "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Scott", "Watson", "Davis", "Parker", "James",
        "Bennett", "Young", "Phillips", "Richardson", "Mitchell", "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell",
        "Collins", "Morgan", "Kelly", "Begum", "Miller", "Cox", "Hussain", "Marshall", "Simpson", "Price", "Anderson",
        "Adams", "Wilkinson", "Ali", "Ahmed", "Foster", "Ellis", "Murphy", "Chapman", "Mason", "Gray", "Richards",
        "Webb", "Griffiths", "Hunt", "Palmer", "Campbell", "Holmes", "Mills", "Rogers", "Barnes", "Knight", "Matthews",
        "Barker", "O'Connor", "Hart-Smith", "Varty", "Hollingworth", "Okafor", "Nowak", "Kowalski", "Rahman", "Ng",
    ]
    static let preferred = ["Benjamin": "Ben", "Alexander": "Alex", "Samuel": "Sam", "Joshua": "Josh", "Thomas": "Tom"]

    /// `count` distinct pupils, Years 7 to 13.
    public static func people(count: Int, seed: UInt64 = PostMix.defaultSeed) -> [Person] {
        var rng = SplitMix64(seed: seed ^ 0xA11C_E5)
        var seen = Set<String>()
        var out: [Person] = []
        while out.count < count {
            let f = rng.pick(forenames)
            let s = rng.pick(surnames)
            guard seen.insert(f + " " + s).inserted else { continue }
            out.append(Person(forename: f, surname: s, preferred: preferred[f], year: String(rng.int(7...13))))
        }
        return out
    }

    /// A school profile with the 2,000-pupil roster and the marks a real profile carries.
    public static func profile(seed: UInt64 = PostMix.defaultSeed) -> SchoolProfile {
        SchoolProfile(
            name: "Kingsmead Academy", aliases: ["KMA", "Kingsmead"], trust: "The Severn Vale Trust",
            hashtags: ["#KingsmeadProud", "#TeamKMA"], handles: ["@KingsmeadAcad"], domains: ["kingsmead.sch.uk"],
            mottos: ["Learning Together"], phones: ["0117 496 0770"], roster: people(count: 2_000, seed: seed),
            source: "benchmark roster profile")
    }

    /// Writes the same profile as `postscreen.toml` and `pupils.csv` into `directory`, for the CLI.
    public static func write(to directory: URL, seed: UInt64 = PostMix.defaultSeed) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var csv = "forename,surname,preferred,year\n"
        for p in people(count: 2_000, seed: seed) {
            csv += "\(p.forename),\(p.surname),\(p.preferred ?? ""),\(p.year ?? "")\n"
        }
        try csv.write(to: directory.appendingPathComponent("pupils.csv"), atomically: true, encoding: .utf8)
        let toml = """
            [school]
            name = "Kingsmead Academy"
            aliases = ["KMA", "Kingsmead"]
            trust = "The Severn Vale Trust"
            hashtags = ["#KingsmeadProud", "#TeamKMA"]
            handles = ["@KingsmeadAcad"]
            domains = ["kingsmead.sch.uk"]
            mottos = ["Learning Together"]
            phones = ["0117 496 0770"]

            [people]
            roster = "pupils.csv"

            """
        try toml.write(to: directory.appendingPathComponent("postscreen.toml"), atomically: true, encoding: .utf8)
    }
}

/// Real posts from `../shared/corpus/real/ordinary-tweets.txt`, when the corpus is beside the repository.
public enum RealCorpus {
    public static let ordinaryTweets: URL = {
        if let env = ProcessInfo.processInfo.environment["POSTSCREEN_CORPUS"] {
            return URL(fileURLWithPath: env).appendingPathComponent("real/ordinary-tweets.txt")
        }
        // Benchmarks/Sources/PostMix/PostMix.swift → the repository root → ../shared/corpus.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/real/ordinary-tweets.txt")
    }()

    /// Up to `limit` tweets, one a line; empty when the corpus is absent.
    public static func tweets(limit: Int = .max) -> [[UInt8]] {
        guard let data = try? Data(contentsOf: ordinaryTweets) else { return [] }
        return Array(data.split(separator: 0x0A).prefix(limit).map { Array($0) })
    }

    /// The texts of the labelled development drafts (`dev/*.jsonl`), when the corpus is present.
    public static func devDrafts() -> [[UInt8]] {
        let dev = ordinaryTweets.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("dev")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dev.path))?.sorted() ?? []
        var out: [[UInt8]] = []
        for file in files where file.hasSuffix(".jsonl") {
            guard let data = try? Data(contentsOf: dev.appendingPathComponent(file)) else { continue }
            for line in data.split(separator: 0x0A) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let text = object["text"] as? String
                {
                    out.append(Array(text.utf8))
                }
            }
        }
        return out
    }
}

/// SplitMix64: tiny, fast and the same on every platform.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Sums of a workload, for reporting MB/s and posts/s.
public struct Workload: Sendable {
    public let posts: [[UInt8]]
    public let bytes: Int
    public init(_ posts: [[UInt8]]) {
        self.posts = posts
        bytes = posts.reduce(0) { $0 + $1.count }
    }
}
