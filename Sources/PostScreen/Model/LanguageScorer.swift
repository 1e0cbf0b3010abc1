import Foundation

/// Which stages raise findings for the language categories (defamation, confidential, grievance,
/// pupil-contact, pupil-image, abuse, security). The recognisers (pupil names, contact details,
/// branding) always run. `screen eval --stages` compares them.
public enum ScoringStages: String, CaseIterable, Sendable {
    /// Rules and the trained scorer together (the default): a category is raised when either fires.
    case combined
    /// Only the hand-written rules.
    case rules
    /// Only the trained scorer for the language categories (the rules still run, as its features).
    case model
}

/// The trained scorer: reads every sentence for every language category and raises a finding where
/// a category's calibrated probability passes its threshold. A finding spans its sentence, has the
/// rule id `<category>.model`, the probability as its confidence, and the words that carried the
/// score as evidence. Its grade comes from the grade heads (a sentence scored as defamation at block
/// level is a block) — the rules' cues (an identifiable person, an allegation) are among the
/// features the heads were trained on.
struct LanguageScorer: Sendable {
    static let categories: [Category] = [.defamation, .confidential, .grievance, .pupilContact, .pupilImage, .abuse, .security]

    let weights: ScorerWeights
    let features: SentenceFeatures
    /// For each category, its heads' indices, lowest grade first (the first is the gate), and its
    /// bit in the rules' per-sentence category mask.
    private let headsByCategory: [(category: Category, heads: [Int], bit: UInt32)]

    init(weights: ScorerWeights, lexiconNames: [String]) {
        self.weights = weights
        features = SentenceFeatures(bits: weights.bits, lexiconNames: lexiconNames)
        var groups: [(Category, [Int], UInt32)] = []
        for category in Self.categories {
            let heads = weights.heads.indices.filter { weights.heads[$0].category == category }
                .sorted { weights.heads[$0].grade < weights.heads[$1].grade }
            if !heads.isEmpty { groups.append((category, heads, 1 << UInt32(SentenceFeatures.categoryIndex[category]!))) }
        }
        headsByCategory = groups
    }

    /// Probability shift per sensitivity: "high" lowers every threshold of a category by this much.
    static let sensitivityStep: Float = 0.15

    /// Adds the scorer's findings to `candidates`.
    func apply(
        _ draft: Draft, _ candidates: inout [Candidate], account: Account, sensitivity: [Category: Sensitivity],
        stages: ScoringStages = .combined
    ) {
        var found: [Candidate] = []
        let shifts = headsByCategory.map { (sensitivity[$0.category] ?? .normal).thresholdShift }
        var sink = ScoreSink(weights: weights)
        do {
            features.forEachSentence(of: draft, candidates: candidates, account: account, into: &sink) { tokens, range, ruled, sink in
                let n = sink.count
                let sums = sink.sums
                sink.reset()
                guard n > 0 else { return }
                let norm = 1 / Float(n).squareRoot()
                for (c, (category, heads, bit)) in headsByCategory.enumerated() {
                    if account == .official && category == .pupilContact { continue }
                    // A rule already found this category in the sentence: its exact span and grade stand.
                    if stages == .combined, ruled & bit != 0 { continue }
                    let shift = shifts[c]
                    var grade: Grade? = nil
                    var confidence: Float = 0
                    for k in heads {
                        let head = weights.heads[k]
                        let z = head.bias + head.scale * Float(sums[k]) * norm
                        let p = 1 / (1 + expf(-(head.plattA * z + head.plattB)))
                        guard p >= min(0.99, max(0.01, head.threshold + shift)) else { break }
                        grade = head.grade
                        confidence = p
                    }
                    guard let grade else { continue }
                    let text = Self.texts[category]!
                    found.append(Candidate(
                        category: category, rule: category.rawValue + ".model", grade: grade,
                        confidence: Double((confidence * 100).rounded() / 100), range: range,
                        message: text.message, reason: text.reason, suggestion: text.suggestion,
                        clause: draft.tokens[tokens.lowerBound].clause,
                        evidence: evidence(tokens, head: heads[0], draft: draft)))
                }
            }
        }
        if stages == .model {
            // The rules were the scorer's features; their language findings are not reported.
            candidates.removeAll { Self.categories.contains($0.category) }
        }
        candidates.append(contentsOf: found)
    }

    /// The two or three words or phrases of the sentence that added most to head `head`'s score
    /// (its words, pairs and character grams, traced back to their tokens).
    private func evidence(_ span: Range<Int>, head: Int, draft: Draft) -> [String] {
        let mask = (UInt64(1) << UInt64(weights.bits)) - 1
        var byToken: [Int: Int32] = [:]
        features.forEachTokenFeature(span, draft) { hash, owner in
            byToken[owner, default: 0] += Int32(weights.weight(Int(hash & mask), head: head))
        }
        let top = byToken.filter { $0.value > 0 }.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(3).map(\.key).sorted()
        // Neighbouring words become one phrase ("pocketing the raffle" rather than three words).
        var phrases: [(Int, Int)] = []
        for i in top {
            if let last = phrases.last, i - last.1 <= 2 {
                phrases[phrases.count - 1].1 = i
            } else {
                phrases.append((i, i))
            }
        }
        let source = draft.stream.text.source
        return phrases.map { first, last in
            String(decoding: source[draft.stream.originalRange(first, last)], as: UTF8.self)
        }
    }

    private struct Texts {
        var message: String
        var reason: String
        var suggestion: String?
    }

    private static let texts: [Category: Texts] = [
        .defamation: Texts(
            message: "Reads like a damaging claim about someone who can be identified.",
            reason: "School policies forbid defaming staff, pupils, parents or anyone connected with the school, or making allegations about them.",
            suggestion: "Take the claim out; raise a concern about conduct through the school's procedures, not online."),
        .confidential: Texts(
            message: "Reads like confidential school business or private information about someone.",
            reason: "School policies forbid disclosing confidential information about pupils, parents, staff or the school.",
            suggestion: "Leave it out until it is public, and never share details about an identifiable person."),
        .grievance: Texts(
            message: "Reads like a workplace grievance aired in public.",
            reason: "School policies ask staff not to post heated comments about work and to raise concerns through the proper route.",
            suggestion: "Raise it with your line manager, HR, your union or the grievance procedure instead."),
        .pupilContact: Texts(
            message: "Reads like inviting or accepting contact with pupils or their parents on a personal account.",
            reason: "Staff must not contact pupils or their families through personal accounts.",
            suggestion: "Use the school's official channels for any contact with pupils or parents."),
        .pupilImage: Texts(
            message: "Reads like a post sharing pictures of pupils on a personal account.",
            reason: "Images of pupils belong on the school's official channels, with consent.",
            suggestion: "Share pupils' pictures only through the school's official account, with consent."),
        .abuse: Texts(
            message: "Reads as abusive, insulting or threatening language.",
            reason: "School policies forbid abusive, harassing, threatening or discriminatory language.",
            suggestion: "Remove the insult or threat."),
        .security: Texts(
            message: "Reads like it gives out a password, code or other access detail.",
            reason: "Passwords, door codes, Wi-Fi keys and log-ins must never be posted.",
            suggestion: "Remove the detail and change it if it has been shared."),
    ]
}

/// How readily the trained scorer raises a category, set per category in the profile's
/// `[sensitivity]` table: `"low"` (fewer, surer findings), `"normal"`, `"high"` (more findings).
public enum Sensitivity: String, CaseIterable, Sendable {
    case low, normal, high

    var thresholdShift: Float {
        switch self {
        case .low: LanguageScorer.sensitivityStep
        case .normal: 0
        case .high: -LanguageScorer.sensitivityStep
        }
    }
}
