// In progress: replaced by the language-risk rules (issue 3).
struct PupilImageRule: Rule {
    let category = Category.pupilImage
    static let lexicons: [String] = []
    static let examples: [RuleExample] = []
    init(_ knowledge: Knowledge) {}
    func apply(_ d: Draft, _ out: inout [Candidate]) {}
}
