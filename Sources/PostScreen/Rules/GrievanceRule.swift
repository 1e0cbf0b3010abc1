/// `grievance`: airing workplace grievances.
///
/// Policy: don't post impulsive, heated comments about matters at work; raise concerns with a line
/// manager, HR, the grievance or the whistle-blowing procedure. A complaint about workplace
/// decisions, treatment, pay, workload or management with a workplace referent, or an intent to
/// escalate in public, is a warning; negativity about working conditions with no specific target is
/// a caution. Tiredness, praise and complaints unrelated to work are not flagged.
struct GrievanceRule: Rule {
    let category = Category.grievance
    static let lexicons = [
        "grievance/complaint", "grievance/escalation", "grievance/workplace-matter", "grievance/negativity",
        "context/workplace",
    ]
    private let complaint, escalation, matter, negativity, workplace: Int
    private let schoolNames: [Int]

    static let reason = "Concerns about work belong with your line manager, HR, or the grievance or whistle-blowing procedure, not on social media."
    static let suggestion = "Raise it with your line manager or HR, or through the grievance or whistle-blowing procedure."

    static let examples: [RuleExample] = [
        .flags("SLT have stitched us up again with another data drop", .warning),
        .flags("The trust's new pay policy is a joke", .warning),
        .flags("So done with how the head treats staff", .warning),
        .flags("If this carries on I'm going to the papers", .warning),
        .flags("PPA cancelled again this week to cover. When am I meant to plan?", .warning),
        .flags("This job is breaking me. The workload just isn't sustainable", .caution),
        .flags("Staff morale is on the floor and nobody seems to care", .caution),
        .passes("Long week. Wine o'clock"),
        .passes("Trains cancelled AGAIN. I'm begging you."),
        .passes("Our TAs are unsung heroes. Thank you for everything"),
        .passes("City lost 2-0 at home. Why do I do this to myself"),
        .passes("Shattered. Parents' evening till 8. Tea, bath, bed."),
    ]

    init(_ knowledge: Knowledge) {
        let m = knowledge.matcher
        complaint = m.lexicon("grievance/complaint")
        escalation = m.lexicon("grievance/escalation")
        matter = m.lexicon("grievance/workplace-matter")
        negativity = m.lexicon("grievance/negativity")
        workplace = m.lexicon("context/workplace")
        schoolNames = [
            m.lexicon(Knowledge.ProfileLexicon.schoolName), m.lexicon(Knowledge.ProfileLexicon.schoolAcronym),
            m.lexicon(Knowledge.ProfileLexicon.schoolWord),
        ]
    }

    func apply(_ d: Draft, _ out: inout [Candidate]) {
        guard d.has(complaint) || d.has(escalation) || d.has(negativity) else { return }
        func add(_ first: Int, _ last: Int, _ grade: Grade, _ rule: String, _ message: String) {
            let (a, b) = clauseSpan(d, first, last)
            out.append(
                d.candidate(
                    .grievance, rule, grade, a, b, confidence: grade == .warning ? 0.75 : 0.6, message: message,
                    reason: Self.reason, suggestion: Self.suggestion))
        }
        for hit in d.hits(escalation) {
            add(Int(hit.first), Int(hit.last), .warning, "grievance.escalation",
                "Threatens to take a workplace dispute public.")
        }
        let referent = d.has(workplace) || schoolNames.contains(where: d.has)
        let workMatter = d.has(matter)
        var raised = false
        if referent || workMatter {
            for hit in d.hits(complaint) {
                raised = true
                add(Int(hit.first), Int(hit.last), .warning, "grievance.workplace",
                    "Complains in public about decisions or treatment at work.")
            }
        }
        for hit in d.hits(negativity) {
            // With a workplace referent, negativity is a complaint about that workplace.
            let grade: Grade = referent ? .warning : .caution
            add(Int(hit.first), Int(hit.last), grade, grade == .warning ? "grievance.workplace" : "grievance.conditions",
                grade == .warning ? "Complains in public about conditions at work." : "Negative about working conditions.")
        }
    }

    /// The whole clause around a cue, so the finding shows what is being complained about.
    private func clauseSpan(_ d: Draft, _ first: Int, _ last: Int) -> (Int, Int) {
        guard let bounds = d.sentenceBounds(d.tokens[first].sentence) else { return (first, last) }
        return (min(first, bounds.lowerBound), max(last, bounds.upperBound))
    }
}
